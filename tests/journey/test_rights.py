"""The newcomer's rights on both databases: what is stored, withdrawing consent, and erasure that leaves nothing.

Rasa's conversation history is written by Rasa's own SQL tracker store (table `events`), as in production.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, inspect, select, text
from sqlalchemy.orm import Session

from tests.journey.conftest import consenting_newcomer
from wegwijz import db
from wegwijz.db import Base
from wegwijz.journey import checkins, intake, rights
from wegwijz.journey.constants import CheckInKind, CheckInState, ConsentKind, MatchKind
from wegwijz.journey.models import (
    ActivityAttendance,
    AuditLog,
    BuddyMatch,
    CheckIn,
    TrackerPurge,
)
from wegwijz.journey.newcomers import find_by_sender, link_identity
from wegwijz.stack import tracker_store_config
from wegwijz.texts import say

SECRET = "Fictief-Geheim-7731"
"""A marker in every answer of the person who will be erased."""


def _tracker_store(url: str) -> Any:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    config = tracker_store_config(url)
    return SQLTrackerStore(Domain.empty(), dialect=config["dialect"], host=config.get("url"), port=config.get("port"),
                           db=config["db"], username=config.get("username"), password=config.get("password"))


def _rasa_saves(url: str, sender: str, texts: list[str]) -> None:
    """Rasa stores a conversation turn (its SQL tracker store, as in production)."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    store = _tracker_store(url)
    try:
        tracker = asyncio.run(store.retrieve(sender)) or DialogueStateTracker(sender, [])
        for message in texts:
            tracker.update(ActionExecuted("action_listen"))
            tracker.update(UserUttered(message, {"name": "nlu_fallback", "confidence": 1.0}))
            tracker.update(BotUttered(f"antwoord op {message}"))
        asyncio.run(store.save(tracker))
    finally:
        store.engine.dispose()


def _fill_sender_tables(session: Session, sender: str) -> list[str]:
    """A row for `sender` in every table with a `sender_id` column that other features own (outbox, inbox...)."""
    filled = []
    for table in Base.metadata.sorted_tables:
        if "sender_id" not in table.c or table.name in ("chat_identities", "tracker_purges"):
            continue
        row: dict[str, Any] = {}
        for column in table.c:
            if column.name == "sender_id":
                row[column.name] = sender
            elif column.primary_key and isinstance(column.type, Integer):
                continue
            elif not column.nullable and column.default is None and column.server_default is None:
                row[column.name] = _example(column.type, table.name)
        session.execute(table.insert().values(**row))
        filled.append(table.name)
    session.commit()
    return filled


def _example(kind: Any, table: str) -> Any:
    kind = getattr(kind, "impl", kind)  # a TypeDecorator (UtcDateTime) stores its underlying type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, (Integer, Float)):
        return 1
    if isinstance(kind, DateTime):
        return dt.datetime.now(dt.timezone.utc)
    if isinstance(kind, Date):
        return dt.date.today()
    if isinstance(kind, JSON):
        return {"text": SECRET}
    return f"{SECRET[:6]}-{table}"[: getattr(kind, "length", None) or 200]


def _everything(session: Session) -> list[tuple[str, dict[str, Any]]]:
    """Every row of every table, Rasa's `events` included."""
    connection = session.connection()
    rows = []
    for name in inspect(connection).get_table_names():
        if name == "alembic_version":
            continue
        for row in connection.execute(text(f'SELECT * FROM "{name}"')).mappings():
            rows.append((name, dict(row)))
    return rows


@pytest.fixture
def two_people(database_url, clock, schedule) -> dict[str, Any]:
    """Someone to erase (two chat addresses, everything filled in) and someone who stays."""
    factory = db.session_factory(database_url)
    with factory() as session:
        newcomer = consenting_newcomer(session, "tg:4242", "ar", clock(), schedule)
        link_identity(session, newcomer, "wa:31600004242", clock())
        intake.save_answer(session, newcomer, "intake_background", f"Uit Homs {SECRET}", "ar", clock())
        intake.save_answer(session, newcomer, "intake_buddy", "buddy", "ar", clock())
        checkin = next(c for c in newcomer.checkins if c.kind == CheckInKind.SIX_MONTHS)
        checkin.state, checkin.sent_at, checkin.sent_to = CheckInState.SENT, clock(), "tg:4242"
        checkins.save_answer(session, checkin, "checkin_could_be_better", f"schulden {SECRET}", "ar", clock())
        newcomer.buddy_matches.append(BuddyMatch(kind=MatchKind.BUDDY, partner=f"Maatje {SECRET}",
                                                 started_on=clock().date(), recorded_by="consulent.test"))
        newcomer.activities.append(ActivityAttendance(activity=f"Taalcafé {SECRET}", attended_on=clock().date(),
                                                      on_own=True))
        newcomer.name = f"Voorbeeld {SECRET}"
        session.add(AuditLog(who="consulent.test", what="viewed profile", newcomer_id=newcomer.id))
        other = consenting_newcomer(session, "tg:1111", "nl", clock(), schedule)
        intake.save_answer(session, other, "intake_background", "Uit Asmara", "nl", clock())
        session.commit()
        ids = {"erased": newcomer.id, "other": other.id}
        filled = _fill_sender_tables(session, "tg:4242")
    _rasa_saves(database_url, "tg:4242", [f"mijn naam is {SECRET}", "/mijngegevens"])
    _rasa_saves(database_url, "wa:31600004242", [f"whatsapp {SECRET}"])
    _rasa_saves(database_url, "tg:1111", ["hallo"])
    return ids | {"filled": filled, "url": database_url}


def _assert_nothing_left(session: Session, erased_id: int) -> None:
    for table, row in _everything(session):
        flat = " ".join(str(v) for v in row.values())
        assert SECRET not in flat and SECRET[:6] not in flat, (table, row)
        assert "4242" not in flat, (table, row)
        assert row.get("newcomer_id") != erased_id, (table, row)


def test_erasure_leaves_nothing_behind_in_any_table(two_people, clock) -> None:
    factory = db.session_factory(two_people["url"])
    with factory() as session:
        before = {t for t, _ in _everything(session)}
        assert {"events", "newcomers", "checkin_answers", "flags", *two_people["filled"]} <= before
        erasure = rights.erase(session, "wa:31600004242", who="newcomer", now=clock())
        session.commit()
        assert erasure.newcomer_erased and set(erasure.senders) == {"tg:4242", "wa:31600004242"}
    with factory() as session:
        _assert_nothing_left(session, two_people["erased"])
        other = find_by_sender(session, "tg:1111")
        assert other is not None and other.intake_answers[0].value == "Uit Asmara"
        assert session.execute(text("SELECT COUNT(*) FROM events WHERE sender_id = 'tg:1111'")).scalar() > 0
        trail = session.execute(select(AuditLog.who, AuditLog.what, AuditLog.newcomer_id)).all()
        assert ("consulent.test", "viewed profile", None) in trail  # who read what stays, not whose data
        assert ("newcomer", "personal data erased", None) in trail


def test_erasure_asked_in_the_chat_waits_for_rasa_to_store_the_turn(two_people, clock) -> None:
    factory = db.session_factory(two_people["url"])
    with factory() as session:
        rights.erase(session, "tg:4242", during_turn=True, now=clock())
        session.commit()
        assert session.get(TrackerPurge, "tg:4242") is not None
    # Rasa stores the erasure turn a moment after the action returned ...
    saver = threading.Thread(target=lambda: (time.sleep(0.5),
                                             _rasa_saves(two_people["url"], "tg:4242", ["ja verwijder alles"])))
    saver.start()
    assert rights.finish_tracker_purge(factory, "tg:4242", timeout=30, poll=0.1)
    saver.join()
    with factory() as session:
        _assert_nothing_left(session, two_people["erased"])


def test_a_purge_left_behind_is_finished_later(two_people, clock) -> None:
    factory = db.session_factory(two_people["url"])
    with factory() as session:
        rights.erase(session, "tg:4242", during_turn=True, now=clock())
        session.commit()
    assert not rights.finish_tracker_purge(factory, "tg:4242", timeout=0.3, poll=0.1)  # the turn never came
    with factory() as session:
        assert rights.purge_left_behind(session, now=clock() + dt.timedelta(minutes=1)) == 0
        assert rights.purge_left_behind(session, now=clock() + dt.timedelta(minutes=3)) == 1
        session.commit()
        _assert_nothing_left(session, two_people["erased"])
        assert rights.pending_purges(session) == 0


def test_a_caseworker_can_erase_a_newcomer(two_people, clock) -> None:
    factory = db.session_factory(two_people["url"])
    with factory() as session:
        newcomer = find_by_sender(session, "tg:4242")
        rights.erase_newcomer(session, newcomer, who="consulent.test", now=clock())
        session.commit()
        _assert_nothing_left(session, two_people["erased"])


def test_erasing_someone_who_never_consented_removes_their_conversation(database_url) -> None:
    _rasa_saves(database_url, "web:anon1", [f"een vraag {SECRET}"])
    with db.session_factory(database_url)() as session:
        erasure = rights.erase(session, "web:anon1")
        session.commit()
        assert not erasure.newcomer_erased
        assert session.execute(text("SELECT COUNT(*) FROM events")).scalar() == 0


def test_withdrawing_consent_stops_checkins_and_storing(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:300", "ti", clock(), schedule)
    assert rights.withdraw(session, "tg:300", now=clock()) == [ConsentKind.PROFILE]
    session.commit()
    assert {c.state for c in session.execute(select(CheckIn)).scalars()} == {CheckInState.CANCELLED}
    assert intake.save_answer(session, newcomer, "intake_work", "kok", "ti") is None
    assert rights.withdraw(session, "tg:300") == []
    assert rights.withdraw(session, "tg:nobody") == []


@pytest.mark.parametrize("lang", ["nl", "ar", "ti", "en"])
def test_what_is_stored_in_each_language(session, clock, schedule, lang: str) -> None:
    assert [r.text for r in rights.describe(session, "tg:nobody", lang)] == [say("journey_mydata_nothing", lang)]
    newcomer = consenting_newcomer(session, "tg:301", lang, clock(), schedule)
    intake.save_answer(session, newcomer, "intake_education", "vocational", lang, clock())
    intake.save_answer(session, newcomer, "intake_work", "__skipped__", lang, clock())
    intake.save_answer(session, newcomer, "intake_buddy", "team", lang, clock())
    session.commit()
    replies = rights.describe(session, "tg:301", lang)
    shown = "\n".join(r.text for r in replies)
    assert say("journey_mydata_header", lang) in shown
    assert "tg:301" in shown
    assert say("journey_opt_education_vocational", lang) in shown
    assert say("journey_mydata_skipped", lang) in shown
    assert say("journey_rule_wants_buddy", lang) in shown
    assert say("journey_kind_six_months", lang) in shown
    assert [b.payload for b in replies[-1].buttons] == ["/withdraw_consent", "/verwijder"]


@pytest.mark.parametrize("lang", ["nl", "ar", "ti", "en"])
def test_what_is_kept_by_chat_address_is_listed_too(session, clock, schedule, lang: str) -> None:
    """/mijngegevens and the portal's export list every registered table's rows (the feature registry)."""
    from wegwijz.channels import contacts, outbox
    from wegwijz.channels.replies import Outgoing
    from wegwijz.contract import personal_data
    from wegwijz.portal.export import export_text

    contacts.get_or_create(session, "tg:302")
    session.commit()
    alone = "\n".join(r.text for r in rights.describe(session, "tg:302", lang))  # chatted, never did the intake
    assert say("journey_mydata_nothing", lang) in alone and say("kept_channel_contacts", lang) in alone
    newcomer = consenting_newcomer(session, "tg:302", lang, clock(), schedule)
    outbox.enqueue(session, "tg:302", [Outgoing(f"antwoord {SECRET}")], lang)
    session.commit()
    shown = "\n".join(r.text for r in rights.describe(session, "tg:302", lang))
    for table in ("channel_contacts", "channel_outbox", "chat_identities"):
        assert say(f"kept_{table}", lang) in shown
    exported = export_text(session, newcomer, clock())
    assert say("portal_export_kept", lang) in exported and SECRET in exported
    assert all(f"({table})" in exported for table in personal_data.counts(session, ("tg:302",)))


def test_every_registered_table_says_what_it_keeps_in_four_languages() -> None:
    from wegwijz.contract import personal_data

    for table in personal_data.tables():
        assert all(say(f"kept_{table}", lang) for lang in ("nl", "ar", "ti", "en"))

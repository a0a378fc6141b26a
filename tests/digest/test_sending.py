"""The weekly tips on both databases, with a clock the test moves: the yes, the weekly round, the profile,
STOP, read receipts, erasure and export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from tests.digest.conftest import MONDAY, sign_up
from tests.journey.conftest import Clock
from wegwijz import db
from wegwijz.channels import outbox
from wegwijz.channels.constants import OutboxStatus
from wegwijz.channels.models import ChannelContact, OutboxMessage
from wegwijz.contract import personal_data
from wegwijz.digest import chat, choosing, numbers
from wegwijz.digest.models import (
    Delivery,
    DigestItem,
    DigestMessage,
    DigestSubscription,
    PartOfDay,
    SubscriptionStatus,
)
from wegwijz.digest.sending import DigestRound, fetch_for_web
from wegwijz.journey import intake, rights
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.models import AuditLog, IntakeAnswer
from wegwijz.texts import say


def _messages(url: str, sender: str) -> list[DigestMessage]:
    with db.session_factory(url)() as session:
        return list(session.execute(select(DigestMessage).where(DigestMessage.sender_id == sender)
                                    .order_by(DigestMessage.id)).scalars())


def _outbox(url: str, sender: str) -> list[OutboxMessage]:
    with db.session_factory(url)() as session:
        return list(session.execute(select(OutboxMessage).where(OutboxMessage.sender_id == sender)
                                    .order_by(OutboxMessage.id)).scalars())


def _at(clock: Clock, days: int, local_hour: int) -> None:
    """Move the clock to `days` after the starting Monday, at `local_hour` in Zeist (summer time: UTC+2)."""
    day = (MONDAY + dt.timedelta(days=days)).date()
    clock.now = dt.datetime.combine(day, dt.time(local_hour - 2), tzinfo=dt.timezone.utc)


def test_nothing_is_stored_before_the_yes_and_the_answers_shape_the_tips(database_url: str, clock: Clock) -> None:
    with db.session_factory(database_url)() as session:
        [offer] = chat.respond(session, "tg:501", "/nieuws", "ti", clock()) or []
        assert offer.text == say("digest_offer", "ti") and [b.payload for b in offer.buttons] == ["/nieuws_ja",
                                                                                                   "/nieuws_nee"]
        [no] = chat.respond(session, "tg:501", "/nieuws_nee", "ti", clock()) or []
        assert no.text == say("digest_declined", "ti")
        session.commit()
        assert session.execute(select(func.count()).select_from(DigestSubscription)).scalar_one() == 0
        [children] = chat.respond(session, "tg:501", "/nieuws_ja", "ti", clock()) or []
        assert [b.payload for b in children.buttons] == ["/nieuws_kinderen_ja", "/nieuws_kinderen_nee",
                                                         "/nieuws_kinderen_overslaan"]
        [hours] = chat.respond(session, "tg:501", "/nieuws_kinderen_ja", "ti", clock()) or []
        assert len(hours.buttons) == 4
        [done] = chat.respond(session, "tg:501", "/nieuws_tijd_evening", "ti", clock()) or []
        assert done.text == say("digest_done", "ti", part=say("digest_part_evening", "ti"))
        session.commit()
        subscription = chat.subscription_of(session, "tg:501")
        assert subscription is not None and subscription.status == SubscriptionStatus.ACTIVE
        assert subscription.school_children is True and subscription.part_of_day == PartOfDay.EVENING
        assert subscription.next_due_on == dt.date(2027, 4, 20) and subscription.lang == "ti"
        [again] = chat.respond(session, "tg:501", "ዜና", "ti", clock()) or []
        assert [b.payload for b in again.buttons] == ["/nieuws_stop"], "typed again: the state, with a stop button"
        audit = session.execute(select(AuditLog.what).where(AuditLog.what.like("chat: weekbericht%"))).scalars().all()
        assert audit == [chat.TURNED_ON]


def test_once_a_week_from_tomorrow_in_the_persons_hours_and_never_twice(
        database_url: str, clock: Clock, tips_round: Callable[[], DigestRound]) -> None:
    with db.session_factory(database_url)() as session:
        sign_up(session, "tg:502", "nl", clock(), hours="/nieuws_tijd_morning")
    assert tips_round().run_once(clock()).sent == [], "not on the day of the yes"
    _at(clock, 1, 8)
    assert tips_round().run_once(clock()).sent == [], "8:00 is before the sending hours"
    _at(clock, 1, 13)
    assert tips_round().run_once(clock()).sent == [], "13:00 is after the person's morning"
    _at(clock, 1, 10)
    first = tips_round().run_once(clock())
    assert len(first.sent) == 1
    assert tips_round().run_once(clock()).sent == [], "a restarted scheduler sends nothing twice"
    [message] = _messages(database_url, "tg:502")
    assert message.delivery == Delivery.QUEUED and message.local_day == dt.date(2027, 4, 20)
    assert "activity:koningsdag" in message.items, "Koningsdag (27 April) is for everyone"
    assert say("digest_header", "nl") in message.text and "Koningsdag" in message.text and "STOP" in message.text
    [row] = _outbox(database_url, "tg:502")
    assert row.proactive and row.status == OutboxStatus.PENDING and "Koningsdag" in str(row.payload)
    assert "/kb_" in str(row.payload), "each article is a button that opens it"
    for days in range(1, 7):  # the rest of the week: nothing, whatever the hour
        _at(clock, 1, 10)
        clock.advance(days=days)
        assert tips_round().run_once(clock()).sent == []
    _at(clock, 8, 10)  # a week after the first
    assert len(tips_round().run_once(clock()).sent) == 1
    first_items, second_items = (m.items for m in _messages(database_url, "tg:502"))
    assert not set(first_items) & set(second_items), "nothing is sent twice"
    with db.session_factory(database_url)() as session:
        items = session.execute(select(DigestItem.item).where(DigestItem.sender_id == "tg:502")).scalars().all()
        assert sorted(items) == sorted([*first_items, *second_items])
        assert session.execute(select(func.count()).select_from(AuditLog).where(
            AuditLog.what == "weekbericht verstuurd")).scalar_one() == 2


def test_the_profile_decides_what_comes_first(database_url: str, clock: Clock, schedule: Schedule) -> None:
    with db.session_factory(database_url)() as session:
        sign_up(session, "tg:503", "ar", clock(), children="/nieuws_kinderen_ja")
        newcomer = intake.begin(session, "wa:31600000503", "en", clock(), schedule)
        newcomer.intake_answers.append(IntakeAnswer(question="intake_ambition", value="work", lang="en"))
        newcomer.intake_answers.append(IntakeAnswer(question="intake_interests", value="football and music",
                                                    lang="en"))
        session.commit()
        sign_up(session, "wa:31600000503", "en", clock())
        with_children = choosing.profile_of(session, chat.subscription_of(session, "tg:503"), clock().date())
        assert with_children.topics[:2] == ("school", "cjg") and with_children.interests[0] == "kinderen"
        worker = choosing.profile_of(session, chat.subscription_of(session, "wa:31600000503"), clock().date())
        assert worker.topics[0] == "werk" and {"werk", "sport", "cultuur"} <= set(worker.interests)
        assert "school" not in worker.topics, "no children at school, no school"
        from wegwijz.activities.model import load_activities
        from wegwijz.kennisbank import load_kennisbank
        from wegwijz.settings import ROOT

        kennisbank, activities = load_kennisbank(ROOT / "kennisbank"), load_activities(ROOT / "kennisbank")
        chosen = choosing.choose(worker, kennisbank, activities, set(), clock().date())
        articles = [i.key for i in chosen if i.kind == "article"]
        assert articles == ["article:diploma_erkenning", "article:vrijwilligerswerk"], "werk first, by id"
        school = choosing.choose(with_children, kennisbank, activities, set(), clock().date())
        assert {kennisbank.articles[i.id].topic for i in school if i.kind == "article"} == {"school"}
        later = choosing.choose(worker, kennisbank, activities, {i.key for i in chosen}, clock().date())
        assert not {i.key for i in later} & {i.key for i in chosen}


def test_stop_ends_it_at_once_and_drops_what_waits(database_url: str, clock: Clock,
                                                   tips_round: Callable[[], DigestRound],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_TEMPLATE_DIGEST", "wegwijz_tips")
    sender = "wa:31600000504"
    with db.session_factory(database_url)() as session:
        sign_up(session, sender, "nl", clock())
    _at(clock, 1, 11)  # they last wrote yesterday noon: outside WhatsApp's 24-hour window
    assert len(tips_round().run_once(clock()).sent) == 1
    [message] = _messages(database_url, sender)
    assert message.delivery == Delivery.TEMPLATE
    template, held = _outbox(database_url, sender)
    assert template.kind == "template" and template.payload["template"]["name"] == "wegwijz_tips"
    assert held.status == OutboxStatus.HELD
    with db.session_factory(database_url)() as session:
        [reply] = chat.respond(session, sender, "/nieuws_stop", "nl", clock()) or []
        assert reply.text == say("digest_stopped", "nl")
        session.commit()
    assert {row.status for row in _outbox(database_url, sender)} == {OutboxStatus.REFUSED}
    assert _messages(database_url, sender)[0].delivery == Delivery.DROPPED
    _at(clock, 8, 11)
    assert tips_round().run_once(clock()).sent == [], "nothing after a stop"
    with db.session_factory(database_url)() as session:
        subscription = chat.subscription_of(session, sender)
        assert subscription is not None and subscription.status == SubscriptionStatus.STOPPED
        assert subscription.school_children is None, "the answers are forgotten at the stop"
        assert chat.respond(session, sender, "/nieuws_kinderen_ja", "nl", clock())[0].text == say("digest_not_on", "nl")  # type: ignore[index]
        counted = numbers.numbers(session, dt.date(2027, 4, 1), dt.date(2027, 4, 30))
        assert (counted.stopped, counted.active, counted.sent) == (1, 0, 0)


def test_read_receipts_count_as_opened(database_url: str, clock: Clock,
                                      tips_round: Callable[[], DigestRound]) -> None:
    sender = "wa:31600000505"
    with db.session_factory(database_url)() as session:
        sign_up(session, sender, "en", clock())
        sign_up(session, "tg:505", "en", clock())
    _at(clock, 1, 12)
    with db.session_factory(database_url).begin() as session:  # they wrote an hour ago: inside the window
        session.merge(ChannelContact(sender_id=sender, channel="wa", language="en",
                                     last_inbound_at=clock() - dt.timedelta(hours=1)))
    assert len(tips_round().run_once(clock()).sent) == 2
    [row] = _outbox(database_url, sender)
    with db.session_factory(database_url)() as session:
        sent = session.get(OutboxMessage, row.id)
        outbox.mark_sent(sent, "wamid.tips505")
        session.commit()
        outbox.record_status(session, "wamid.tips505", "delivered", now=clock())
        outbox.record_status(session, "wamid.tips505", "read", now=clock() + dt.timedelta(minutes=5))
        session.commit()
    clock.advance(minutes=10)
    assert len(tips_round().run_once(clock()).opened) == 1
    [message] = _messages(database_url, sender)
    assert message.opened_at == clock() - dt.timedelta(minutes=5)
    with db.session_factory(database_url)() as session:
        counted = numbers.numbers(session, dt.date(2027, 4, 19), dt.date(2027, 4, 25))
        assert (counted.sent, counted.can_tell, counted.opened, counted.active, counted.started) == (2, 1, 1, 2, 2)
        earlier = numbers.numbers(session, dt.date(2027, 3, 1), dt.date(2027, 3, 31))
        assert (earlier.sent, earlier.started) == (0, 0)


def test_without_a_whatsapp_template_nothing_counts_as_sent(database_url: str, clock: Clock,
                                                          tips_round: Callable[[], DigestRound],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WHATSAPP_TEMPLATE_DIGEST", raising=False)
    with db.session_factory(database_url)() as session:
        sign_up(session, "wa:31600000506", "ar", clock())
    _at(clock, 1, 12)
    tips_round().run_once(clock())
    [message] = _messages(database_url, "wa:31600000506")
    assert message.delivery == Delivery.REFUSED
    with db.session_factory(database_url)() as session:
        assert session.execute(select(func.count()).select_from(DigestItem)).scalar_one() == 0, \
            "not reached, so the same items may come another week"
        assert numbers.numbers(session, dt.date(2027, 4, 1), dt.date(2027, 4, 30)).not_reached == 1


def test_the_web_chat_shows_it_when_its_page_is_open(database_url: str, clock: Clock,
                                                    tips_round: Callable[[], DigestRound]) -> None:
    with db.session_factory(database_url)() as session:
        sign_up(session, "web:tips507", "nl", clock(), children="/nieuws_kinderen_ja")
    _at(clock, 1, 12)
    tips_round().run_once(clock())
    assert _outbox(database_url, "web:tips507") == []
    with db.session_factory(database_url)() as session:
        [shown] = fetch_for_web(session, "web:tips507", clock())
        session.commit()
        assert "Koningsdag" in shown["text"] and all(b["payload"].startswith("/kb_") for b in shown["buttons"])
        assert fetch_for_web(session, "web:tips507", clock()) == [], "shown once"
    [message] = _messages(database_url, "web:tips507")
    assert message.delivery == Delivery.WEB_SHOWN and message.opened_at == clock()


def test_mydata_export_and_erasure(database_url: str, clock: Clock, schedule: Schedule,
                                   tips_round: Callable[[], DigestRound]) -> None:
    with db.session_factory(database_url)() as session:
        newcomer = intake.begin(session, "tg:508", "nl", clock(), schedule)
        session.commit()
        sign_up(session, "tg:508", "nl", clock(), children="/nieuws_kinderen_ja")
    _at(clock, 1, 12)
    tips_round().run_once(clock())
    with db.session_factory(database_url)() as session:
        [line] = personal_data.describe(session, ("tg:508",), "nl")
        assert line == say("digest_mydata_on", "nl", since="19-04-2027", part=say("digest_part_any", "nl"),
                           children=say("digest_children_value_yes", "nl"), count=1)
        exported = personal_data.export(session, ("tg:508",))
        assert {"digest_subscriptions", "digest_messages", "digest_items"} <= set(exported)
        assert exported["digest_subscriptions"][0]["school_children"] is True
        rights.erase(session, "tg:508", now=clock())
        session.commit()
        for table in (DigestSubscription, DigestMessage, DigestItem):
            assert session.execute(select(func.count()).select_from(table)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one() == 0
        assert newcomer.id is not None
    _at(clock, 8, 12)
    assert tips_round().run_once(clock()).sent == [], "nothing after erasure"


def test_the_checkin_scheduler_runs_the_tips_with_its_own_clock(database_url: str, clock: Clock,
                                                                 schedule: Schedule,
                                                                 tips_round: Callable[[], DigestRound]) -> None:
    from wegwijz.channels.rasa_client import RasaClient
    from wegwijz.journey.scheduler import CheckInScheduler

    with db.session_factory(database_url)() as session:
        sign_up(session, "tg:509", "en", clock())
    unused = RasaClient("http://127.0.0.1:9", "", timeout=1)  # no check-in is due: Rasa is not called
    scheduler = CheckInScheduler(db.session_factory(database_url), unused, lambda *_: None, schedule, clock,
                                 weekly_tips=tips_round())
    assert scheduler.run_once().tips == []
    _at(clock, 1, 12)
    assert len(scheduler.run_once().tips) == 1

    class Broken:
        def run_once(self, now: dt.datetime) -> None:
            raise RuntimeError("the kennisbank could not be read")

    failing = CheckInScheduler(db.session_factory(database_url), unused, lambda *_: None, schedule, clock,
                               weekly_tips=Broken())
    assert failing.run_once().tips == [], "a failing tips round does not stop the check-in round"

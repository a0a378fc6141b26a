"""The newcomer's own rights: see what is stored (/mijngegevens), withdraw consent, erase it all (/verwijder).

Erasure leaves nothing behind: the newcomer's rows (every journey table cascades
from `newcomers`), every row kept by chat address in the features registered in
`wegwijz.contract.personal_data` (channel inbox and outbox, contacts, ...), and Rasa's tracker events
(table `events`, same database). The audit trail keeps its entries without the
link to the person and gains one anonymous "erased" entry.

Erasure asked for in the chat runs during a Rasa turn, and Rasa saves that turn's
events after the action returns: those are deleted by `finish_tracker_purge` as
soon as they are written (a `TrackerPurge` row remembers the job until then; the
scheduler finishes jobs left behind).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from wegwijz import db
from wegwijz.contract import personal_data
from wegwijz.conversation.replies import Button, Reply
from wegwijz.journey import audit, intake
from wegwijz.journey.constants import NEWCOMER_ACTOR
from wegwijz.journey.models import Newcomer, TrackerPurge, utcnow
from wegwijz.journey.newcomers import find_by_sender, withdraw_consent
from wegwijz.journey.prompts import ERASE_PAYLOAD, WITHDRAW_PAYLOAD
from wegwijz.journey.questions import question
from wegwijz.texts import LANGUAGE_NAMES, say

log = logging.getLogger(__name__)

TRACKER_TABLE = "events"
"""Rasa's SQL tracker store table (column `sender_id`)."""


def _date(day: dt.date | dt.datetime | None) -> str:
    return day.strftime("%d-%m-%Y") if day else "-"


def _answer_lines(answers: list, lang: str) -> list[str]:  # type: ignore[type-arg]
    lines = []
    for answer in answers:
        q = question(answer.question)
        shown = say("journey_mydata_skipped", lang) if answer.skipped else q.show(answer.value, lang)
        lines.append(f"- {q.label(lang)}: {shown}")
    return lines


def describe(session: Session, sender_id: str, lang: str) -> list[Reply]:
    """Everything stored about the person behind `sender_id`, in their language, for /mijngegevens."""
    newcomer = find_by_sender(session, sender_id)
    senders = tuple(i.sender_id for i in newcomer.identities) if newcomer else (sender_id,)
    kept_by_features = personal_data.describe(session, senders, lang)  # e.g. questions sent to a person
    if newcomer is None:
        kept = kept_line(session, senders, lang)
        if kept_by_features:
            lines = [say("journey_mydata_header", lang), *kept_by_features, *([kept] if kept else [])]
            return [Reply("\n".join(lines))]
        return [Reply(say("journey_mydata_nothing", lang) + (f"\n{kept}" if kept else ""))]
    facts = [
        say("journey_mydata_header", lang),
        say("journey_mydata_language", lang, language=LANGUAGE_NAMES.get(newcomer.preferred_language, "-")),
        say("journey_mydata_dates", lang, linked=_date(newcomer.linked_on), intake=_date(newcomer.intake_date)),
        say("journey_mydata_addresses", lang, addresses=", ".join(i.sender_id for i in newcomer.identities)),
    ]
    if newcomer.name:
        facts.append(say("journey_mydata_name", lang, name=newcomer.name))
    if newcomer.caseworker:
        facts.append(say("journey_mydata_caseworker", lang, caseworker=newcomer.caseworker))
    for consent in newcomer.consents:
        key = "journey_mydata_consent_withdrawn" if consent.withdrawn_at else "journey_mydata_consent_given"
        facts.append(say(key, lang, consent=say(f"journey_consent_{consent.kind}", lang),
                         given=_date(consent.given_at), withdrawn=_date(consent.withdrawn_at)))
    replies = [Reply("\n".join(facts))]
    if newcomer.intake_answers:
        percent = round(intake.profile_completeness(newcomer) * 100)
        lines = [say("journey_mydata_intake", lang, percent=percent), *_answer_lines(newcomer.intake_answers, lang)]
        replies.append(Reply("\n".join(lines)))
    for checkin in newcomer.checkins:
        lines = [say("journey_mydata_checkin", lang, kind=say(f"journey_kind_{checkin.kind}", lang),
                     state=say(f"journey_state_{checkin.state}", lang), due=_date(checkin.due_date)),
                 *_answer_lines(checkin.answers, lang)]
        replies.append(Reply("\n".join(lines)))
    extra = []
    if newcomer.flags:
        extra.append(say("journey_mydata_flags", lang, points=", ".join(
            say(f"journey_rule_{flag.rule}", lang) for flag in newcomer.flags)))
    for match in newcomer.buddy_matches:
        extra.append(say("journey_mydata_match", lang, kind=say(f"journey_match_{match.kind}", lang),
                         partner=match.partner, since=_date(match.started_on)))
    if newcomer.activities:
        extra.append(say("journey_mydata_activities", lang, count=len(newcomer.activities)))
    extra.extend(kept_by_features)
    kept = kept_line(session, senders, lang)
    if kept:
        extra.append(kept)
    extra.append(say("journey_mydata_footer", lang))
    buttons = (Button(say("journey_withdraw_button", lang), WITHDRAW_PAYLOAD),
               Button(say("journey_erase_button", lang), ERASE_PAYLOAD))
    replies.append(Reply("\n".join(extra), buttons))
    return replies


def kept_line(session: Session, senders: tuple[str, ...], lang: str) -> str:
    """What the registered features keep by chat address (`wegwijz.contract.personal_data`), counted; "" if nothing."""
    found = personal_data.counts(session, senders)
    if not found:
        return ""
    items = ", ".join(f"{say(f'kept_{table}', lang)}: {count}" for table, count in found.items())
    return say("journey_mydata_kept", lang, items=items)


def withdraw(session: Session, sender_id: str, now: dt.datetime | None = None) -> list[str]:
    """Withdraw every consent of the person behind `sender_id`; their check-ins stop.

    Returns:
        The consent kinds withdrawn (empty when there was nothing to withdraw).
    """
    newcomer = find_by_sender(session, sender_id)
    return withdraw_consent(session, newcomer, now=now) if newcomer else []


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed."""

    newcomer_erased: bool
    senders: tuple[str, ...]
    rows_by_table: dict[str, int]


def _tracker_table_exists(connection: Connection) -> bool:
    return inspect(connection).has_table(TRACKER_TABLE)


def delete_tracker_events(connection: Connection, senders: tuple[str, ...]) -> int:
    """Delete Rasa's stored conversation events of these senders (none when Rasa never ran here)."""
    if not senders or not _tracker_table_exists(connection):
        return 0
    statement = text(f"DELETE FROM {TRACKER_TABLE} WHERE sender_id IN :senders").bindparams(
        bindparam("senders", expanding=True))
    result = connection.execute(statement, {"senders": list(senders)})
    return int(result.rowcount or 0)


def erase(session: Session, sender_id: str, who: str = NEWCOMER_ACTOR, during_turn: bool = False,
          now: dt.datetime | None = None) -> Erasure:
    """Erase everything about the person behind `sender_id` (the caller commits).

    Args:
        session: the database session.
        sender_id: one chat address of the person; all their linked addresses are erased.
        who: for the audit trail (a portal username, or `newcomer` when they asked themselves).
        during_turn: the request came in a Rasa turn of `sender_id`: its tracker events are deleted
            once Rasa has written them (see `finish_tracker_purge`), the others now.
        now: the moment.

    Returns:
        What was removed.
    """
    deferred = sender_id if during_turn else None
    return _erase(session, find_by_sender(session, sender_id), (sender_id,), who, deferred, now)


def erase_newcomer(session: Session, newcomer: Newcomer, who: str, now: dt.datetime | None = None) -> Erasure:
    """Erase a newcomer and all their chat addresses (a caseworker's action in the portal)."""
    return _erase(session, newcomer, (), who, None, now)


def _erase(session: Session, newcomer: Newcomer | None, senders: tuple[str, ...], who: str,
           deferred: str | None, now: dt.datetime | None) -> Erasure:
    now = now or utcnow()
    if newcomer is not None:
        senders = tuple(dict.fromkeys([*senders, *(i.sender_id for i in newcomer.identities)]))
    counts: dict[str, int] = {}
    if newcomer is not None:
        session.delete(newcomer)
        session.flush()
        counts["newcomers"] = 1
    counts.update(personal_data.erase(session, senders))
    connection = session.connection()
    now_senders = tuple(s for s in senders if s != deferred)
    counts[TRACKER_TABLE] = delete_tracker_events(connection, now_senders)
    session.execute(delete(TrackerPurge).where(TrackerPurge.sender_id.in_(now_senders)))
    if deferred is not None:
        newest = 0
        if _tracker_table_exists(connection):
            newest = connection.execute(text(f"SELECT MAX(id) FROM {TRACKER_TABLE} WHERE sender_id = :s"),
                                        {"s": deferred}).scalar() or 0
        session.merge(TrackerPurge(sender_id=deferred, after_event_id=int(newest), requested_at=now))
    audit.record(session, who, "personal data erased", None, None, now)
    session.flush()
    return Erasure(newcomer is not None, senders, counts)


def finish_tracker_purge(factory: sessionmaker, sender_id: str, timeout: float = 60.0, poll: float = 0.2) -> bool:
    """Wait until Rasa has written the erasure turn's events, then delete all events of `sender_id`.

    Rasa saves a turn's events in one transaction after the last action, so the first
    event newer than the one recorded at erasure time means the turn is stored.

    Returns:
        True when purged (or nothing was pending); False on timeout (the scheduler finishes it later).
    """
    deadline = time.monotonic() + timeout
    while True:
        with factory() as session:
            job = session.get(TrackerPurge, sender_id)
            if job is None:
                return True
            connection = session.connection()
            written = _tracker_table_exists(connection) and connection.execute(
                text(f"SELECT COUNT(*) FROM {TRACKER_TABLE} WHERE sender_id = :s AND id > :after"),
                {"s": sender_id, "after": job.after_event_id},
            ).scalar()
            if written:
                delete_tracker_events(connection, (sender_id,))
                session.delete(job)
                session.commit()
                db.write_back(session)
                return True
        if time.monotonic() >= deadline:
            log.warning("tracker purge still pending after %.0f s; the scheduler will finish it", timeout)
            return False
        time.sleep(poll)


def purge_left_behind(session: Session, older_than: dt.timedelta = dt.timedelta(minutes=2),
                      now: dt.datetime | None = None) -> int:
    """Finish tracker purges whose turn should long be stored (the action server stopped meanwhile).

    Returns:
        How many purges were finished (the caller commits).
    """
    cutoff = (now or utcnow()) - older_than
    jobs = session.execute(select(TrackerPurge).where(TrackerPurge.requested_at <= cutoff)).scalars().all()
    for job in jobs:
        delete_tracker_events(session.connection(), (job.sender_id,))
        session.delete(job)
    session.flush()
    return len(jobs)


def pending_purges(session: Session) -> int:
    """How many tracker purges are still waiting."""
    return int(session.execute(select(func.count()).select_from(TrackerPurge)).scalar() or 0)

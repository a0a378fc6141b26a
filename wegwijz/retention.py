"""Forgetting on schedule: conversation history, handled channel messages and old check-in answers.

Run by the check-in scheduler every round (`wegwijz.journey.scheduler`), so it runs
wherever data is kept, also with `make run`. The periods come from the environment:

- `WEGWIJZ_RETAIN_CONVERSATION_DAYS` (default 90): Rasa's conversation events
  (table `events`). The assistant needs the recent conversation to continue a
  form or remember a language; older chat text is not needed for anything the
  plan asks, and it may hold what people typed about health or family. A
  person silent for the period loses their whole history; an active person
  loses whole conversation sessions that began before the cutoff (cut at a
  `session_started` event, so the tracker Rasa rebuilds stays consistent:
  slots carry over into each new session).
- `WEGWIJZ_RETAIN_CHANNEL_DAYS` (default: `CHANNELS_RETENTION_DAYS`, else 30):
  handled inbox items and sent, refused or failed outbox messages
  (`wegwijz.channels.retention.forget_old`). A month is enough to answer "did my
  message arrive?"; pending and held messages stay however old.
- `WEGWIJZ_RETAIN_CHECKIN_DAYS` (default 365): check-in answers, counted from the
  moment the newcomer's last check-in was closed (answered, expired or
  cancelled). The two-year check-in ends the municipality's follow-up; a year
  after it leaves time for the caseworker's follow-up and the yearly monitoring
  report. When the newcomer withdraws consent, their check-ins are cancelled at
  that moment, so the period counts from the withdrawal. A newcomer with a
  check-in still scheduled or open keeps every answer.

  The same period deletes a tip that still waits for an editor (the giver's own
  words, `wegwijz.tips.retention`).

Intake answers, consents and the newcomer record stay until erasure
(`wegwijz.journey.rights`): the caseworker works with them.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, inspect, select, text
from sqlalchemy.orm import Session

from wegwijz.channels import retention as channel_retention
from wegwijz.db.moments import utcnow
from wegwijz.journey.constants import CheckInState
from wegwijz.journey.models import CheckIn, CheckInAnswer
from wegwijz.tips import retention as tips_retention

log = logging.getLogger(__name__)

TRACKER_TABLE = "events"
"""Rasa's SQL tracker store table."""

SESSION_STARTED = "session_started"
"""The `type_name` of the event that begins a Rasa conversation session."""


@dataclass(frozen=True)
class Periods:
    """How long each kind of data is kept, in days."""

    conversation_days: int = 90
    channel_days: int = 30
    checkin_days: int = 365

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Periods:
        """Read the periods from `WEGWIJZ_RETAIN_*` (see the module docstring for the defaults).

        Raises:
            ValueError: for a period that is not a whole number of at least one day.
        """
        env = os.environ if env is None else env
        channel_default = env.get("CHANNELS_RETENTION_DAYS") or "30"
        periods = cls(
            conversation_days=int(env.get("WEGWIJZ_RETAIN_CONVERSATION_DAYS") or 90),
            channel_days=int(env.get("WEGWIJZ_RETAIN_CHANNEL_DAYS") or channel_default),
            checkin_days=int(env.get("WEGWIJZ_RETAIN_CHECKIN_DAYS") or 365),
        )
        if min(periods.conversation_days, periods.channel_days, periods.checkin_days) < 1:
            raise ValueError("WEGWIJZ_RETAIN_* periods are whole days, at least 1")
        return periods


@dataclass(frozen=True)
class Forgotten:
    """How many rows one run deleted, per kind."""

    conversation_events: int = 0
    channel_rows: int = 0
    checkin_answers: int = 0
    waiting_tips: int = 0

    @property
    def total(self) -> int:
        """All rows deleted."""
        return self.conversation_events + self.channel_rows + self.checkin_answers + self.waiting_tips


def forget_conversations(session: Session, days: int, now: dt.datetime) -> int:
    """Delete Rasa events older than `days`, whole sessions at a time (the caller commits).

    Returns:
        How many events were deleted (0 when Rasa never ran on this database).
    """
    connection = session.connection()
    if not inspect(connection).has_table(TRACKER_TABLE):
        return 0
    cutoff = (now - dt.timedelta(days=days)).timestamp()
    # Silent senders: everything goes.
    gone = connection.execute(text(
        f"DELETE FROM {TRACKER_TABLE} WHERE sender_id IN ("
        f"SELECT sender_id FROM {TRACKER_TABLE} GROUP BY sender_id HAVING MAX(timestamp) < :cutoff)"),
        {"cutoff": cutoff}).rowcount or 0
    # Active senders: the sessions that began before the newest session start older than the cutoff.
    boundaries = connection.execute(text(
        f"SELECT sender_id, MAX(id) FROM {TRACKER_TABLE} "
        "WHERE type_name = :started AND timestamp < :cutoff GROUP BY sender_id"),
        {"started": SESSION_STARTED, "cutoff": cutoff}).all()
    for sender_id, boundary in boundaries:
        # The action_session_start just before the session_started event belongs to the new session.
        before = connection.execute(text(
            f"SELECT id, action_name FROM {TRACKER_TABLE} WHERE sender_id = :s AND id < :b "
            "ORDER BY id DESC LIMIT 1"), {"s": sender_id, "b": boundary}).first()
        keep_from = before[0] if before is not None and before[1] == "action_session_start" else boundary
        gone += connection.execute(text(
            f"DELETE FROM {TRACKER_TABLE} WHERE sender_id = :s AND id < :keep"),
            {"s": sender_id, "keep": keep_from}).rowcount or 0
    return int(gone)


def _closed_at(checkin: CheckIn) -> dt.datetime | None:
    return checkin.answered_at or checkin.expired_at or checkin.cancelled_at


def forget_checkin_answers(session: Session, days: int, now: dt.datetime) -> int:
    """Delete the check-in answers of newcomers whose last check-in closed more than `days` ago.

    A newcomer with a check-in still scheduled, sent or reminded keeps every answer.

    Returns:
        How many answers were deleted (the caller commits).
    """
    cutoff = now - dt.timedelta(days=days)
    with_answers = session.execute(select(CheckIn.newcomer_id).join(CheckInAnswer).distinct()).scalars().all()
    expired_ids: list[int] = []
    for newcomer_id in with_answers:
        checkins = session.execute(select(CheckIn).where(CheckIn.newcomer_id == newcomer_id)).scalars().all()
        if any(c.state in (CheckInState.SCHEDULED, *CheckInState.OPEN) for c in checkins):
            continue
        closed = [moment for moment in map(_closed_at, checkins) if moment is not None]
        if closed and max(closed) < cutoff:
            expired_ids.extend(int(c.id) for c in checkins)
    if not expired_ids:
        return 0
    result = session.execute(delete(CheckInAnswer).where(CheckInAnswer.checkin_id.in_(expired_ids))
                             .execution_options(synchronize_session=False))
    return int(result.rowcount or 0)


def forget_expired(session: Session, periods: Periods, now: dt.datetime | None = None) -> Forgotten:
    """Delete everything past its period (the caller commits).

    Args:
        session: the database session.
        periods: how long each kind of data is kept.
        now: the moment (tests pass their own clock's).

    Returns:
        How many rows went, per kind (never what they held: no personal data in logs).
    """
    now = now or utcnow()
    forgotten = Forgotten(
        conversation_events=forget_conversations(session, periods.conversation_days, now),
        channel_rows=channel_retention.forget_old(session, periods.channel_days, now=now),
        checkin_answers=forget_checkin_answers(session, periods.checkin_days, now),
        waiting_tips=tips_retention.forget_unreviewed(session, periods.checkin_days, now),
    )
    if forgotten.total:
        log.info("retention: deleted %d conversation events, %d channel rows, %d check-in answers, %d waiting tips",
                 forgotten.conversation_events, forgotten.channel_rows, forgotten.checkin_answers,
                 forgotten.waiting_tips)
    return forgotten

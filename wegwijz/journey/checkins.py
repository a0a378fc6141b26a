"""Check-ins: planning them from the intake date, and storing their answers as they are given.

Sending them is the scheduler's work (`wegwijz.journey.scheduler`); this module
holds what the chat and the scheduler share.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from wegwijz.journey import answer_store, escalation
from wegwijz.journey.constants import CheckInKind, CheckInState, ConsentKind
from wegwijz.journey.models import CheckIn, CheckInAnswer, ConsentRecord, Newcomer, utcnow
from wegwijz.journey.newcomers import has_consent

log = logging.getLogger(__name__)

TIMEZONE = "Europe/Amsterdam"
"""Zeist's clock: due dates and sending hours are local."""


@functools.lru_cache(maxsize=4)
def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # a machine without time zone data: UTC is off by an hour or two at most
        log.warning("time zone %s not found; using UTC", name)
        return dt.timezone.utc


def local_date(moment: dt.datetime, timezone: str = TIMEZONE) -> dt.date:
    """The calendar day in Zeist at `moment`."""
    return moment.astimezone(_zone(timezone)).date()


@dataclass(frozen=True)
class Schedule:
    """When check-ins are due, reminded and given up (environment: `WEGWIJZ_CHECKIN_*`)."""

    six_months_days: int = 182
    two_years_days: int = 730
    reminder_days: float = 4.0
    """One reminder this long after sending, when nothing was answered."""
    expire_days: float = 21.0
    """Expired this long after sending (answers so far are kept)."""
    send_from_hour: int = 9
    send_until_hour: int = 20
    """Messages go out between these local hours only: nobody is woken by a check-in."""
    timezone: str = TIMEZONE

    def __post_init__(self) -> None:
        if self.expire_days <= self.reminder_days:
            raise ValueError("WEGWIJZ_CHECKIN_EXPIRE_DAYS must be longer than WEGWIJZ_CHECKIN_REMINDER_DAYS")
        if not 0 <= self.send_from_hour < self.send_until_hour <= 24:
            raise ValueError("WEGWIJZ_CHECKIN_SEND_HOURS must look like 9-20")

    @classmethod
    def from_env(cls) -> "Schedule":
        """The schedule configured in the environment (defaults: 182 and 730 days, remind 4, expire 21)."""
        env = os.environ.get
        start, _, end = env("WEGWIJZ_CHECKIN_SEND_HOURS", "9-20").partition("-")
        return cls(
            six_months_days=int(env("WEGWIJZ_CHECKIN_SIX_MONTHS_DAYS", "182")),
            two_years_days=int(env("WEGWIJZ_CHECKIN_TWO_YEARS_DAYS", "730")),
            reminder_days=float(env("WEGWIJZ_CHECKIN_REMINDER_DAYS", "4")),
            expire_days=float(env("WEGWIJZ_CHECKIN_EXPIRE_DAYS", "21")),
            send_from_hour=int(start),
            send_until_hour=int(end or 24),
            timezone=env("WEGWIJZ_TIMEZONE", TIMEZONE),
        )

    def days_after_intake(self, kind: str) -> int:
        """How many days after the intake date a check-in of `kind` is due."""
        return self.six_months_days if kind == CheckInKind.SIX_MONTHS else self.two_years_days

    def may_send_at(self, moment: dt.datetime) -> bool:
        """Whether `moment` falls within the sending hours in Zeist."""
        return self.send_from_hour <= moment.astimezone(_zone(self.timezone)).hour < self.send_until_hour


def plan(session: Session, newcomer: Newcomer, schedule: Schedule | None = None) -> list[CheckIn]:
    """Make sure both check-ins exist with due dates from the intake date (idempotent).

    Call again when a caseworker changes the intake date: unsent check-ins move with it.
    A check-in cancelled before it was sent comes back when consent is given again.

    Returns:
        The check-ins of the newcomer.
    """
    if newcomer.intake_date is None or not has_consent(newcomer, ConsentKind.PROFILE):
        return list(newcomer.checkins)
    schedule = schedule or Schedule.from_env()
    existing = {c.kind: c for c in newcomer.checkins}
    for kind in CheckInKind.ALL:
        due = newcomer.intake_date + dt.timedelta(days=schedule.days_after_intake(kind))
        checkin = existing.get(kind)
        if checkin is None:
            newcomer.checkins.append(CheckIn(kind=kind, due_date=due, state=CheckInState.SCHEDULED))
        elif checkin.state == CheckInState.SCHEDULED:
            checkin.due_date = due
        elif checkin.state == CheckInState.CANCELLED and checkin.sent_at is None:
            checkin.state, checkin.cancelled_at, checkin.due_date = CheckInState.SCHEDULED, None, due
    session.flush()
    return list(newcomer.checkins)


def plan_all(session: Session, schedule: Schedule | None = None) -> int:
    """`plan` for every consenting newcomer with an intake date whose check-ins are not all planned.

    Returns:
        How many newcomers were looked at.
    """
    consenting = exists().where(ConsentRecord.newcomer_id == Newcomer.id, ConsentRecord.kind == ConsentKind.PROFILE,
                                ConsentRecord.withdrawn_at.is_(None))
    missing = [~exists().where(CheckIn.newcomer_id == Newcomer.id, CheckIn.kind == kind) for kind in CheckInKind.ALL]
    reopenable = exists().where(CheckIn.newcomer_id == Newcomer.id, CheckIn.state == CheckInState.CANCELLED,
                                CheckIn.sent_at.is_(None))
    newcomers = session.execute(
        select(Newcomer).where(and_(Newcomer.intake_date.is_not(None), consenting, or_(*missing, reopenable)))
    ).scalars().all()
    for newcomer in newcomers:
        plan(session, newcomer, schedule)
    return len(newcomers)


def open_for(newcomer: Newcomer | None, kind: str | None = None) -> CheckIn | None:
    """The check-in this newcomer can answer now: of `kind`, or the one sent most recently.

    Only with consent; a check-in that expired or was answered still takes (late) answers.
    """
    if newcomer is None or not has_consent(newcomer, ConsentKind.PROFILE):
        return None
    candidates = [c for c in newcomer.checkins if c.state in CheckInState.ACCEPTS_ANSWERS and c.sent_at is not None
                  and (kind is None or c.kind == kind)]
    if kind is None:
        waiting = [c for c in candidates if c.state in CheckInState.OPEN]
        candidates = waiting or []
    epoch = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return max(candidates, key=lambda c: c.sent_at or epoch, default=None)


def answers(checkin: CheckIn) -> dict[str, CheckInAnswer]:
    """The stored answers of a check-in by question id."""
    return {a.question: a for a in checkin.answers}


def save_answer(session: Session, checkin: CheckIn, question_id: str, value: str, lang: str,
                now: dt.datetime | None = None) -> CheckInAnswer | None:
    """Store one check-in answer (or a skip) as it is given, and apply the escalation rules.

    Returns:
        The stored answer, or None when consent was withdrawn meanwhile.
    """
    if not has_consent(checkin.newcomer, ConsentKind.PROFILE):
        return None
    now = now or utcnow()
    answer = answer_store.put(session, checkin.answers, lambda q: CheckInAnswer(question=q), question_id, value,
                              lang, now)
    if checkin.first_answer_at is None:
        checkin.first_answer_at = now
        session.flush()
    escalation.apply(session, checkin.newcomer, question_id, value, checkin, now)
    return answer


def forget_answer(session: Session, checkin: CheckIn, question_id: str) -> None:
    """Remove one answer so the question is asked again."""
    answer_store.remove(session, checkin, "answers", question_id)
    escalation.apply(session, checkin.newcomer, question_id, None, checkin)


def complete(checkin: CheckIn, now: dt.datetime | None = None) -> None:
    """Every question was answered or skipped."""
    if checkin.state != CheckInState.CANCELLED:
        checkin.state = CheckInState.ANSWERED
        checkin.answered_at = checkin.answered_at or now or utcnow()

"""The check-in scheduler: `python -m wegwijz.journey.scheduler` (started by `make run`).

Every minute it plans missing check-ins, expires old ones, sends the weekly tips that are due
(`wegwijz.digest.sending`), and - within the
sending hours - starts due check-ins and sends the one reminder, through Rasa's
`POST /conversations/{sender}/trigger_intent` (intent `start_checkin`, entity
`checkin_kind`). Rasa answers with the messages to send; `deliver` hands them to
the channel outbox. Everything lives in the database, not in Rasa reminders, so a
restart loses nothing.

Never twice: a check-in is claimed by a conditional UPDATE (`state` must still be
what was read) committed before anything is sent, so two scheduler processes - or
one restarted halfway - cannot both send it. When Rasa cannot be reached nothing was
delivered, so the claim is undone and the next round tries again; the same when Rasa answers
nothing at all (its action server down: Rasa answers 200 with no messages). A crash between
the claim and the delivery means the first message is lost, never doubled; the
reminder is the second chance.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from wegwijz import log_privacy
from wegwijz.channels.rasa_client import RasaClient, RasaUnavailable
from wegwijz.db import session_factory
from wegwijz.journey import audit, checkins, rights
from wegwijz.journey.constants import SCHEDULER_ACTOR, CheckInState, ConsentKind
from wegwijz.journey.models import CheckIn, utcnow
from wegwijz.journey.newcomers import cancel_checkins, has_consent, reachable_at
from wegwijz.retention import Periods, forget_expired

log = logging.getLogger("wegwijz.journey.scheduler")

Clock = Callable[[], dt.datetime]
"""Returns now, timezone-aware (tests pass a clock they control)."""

Deliver = Callable[[str, list[dict[str, Any]]], None]
"""Takes a sender id and Rasa's messages for it, and sends them on (or queues them)."""

START_CHECKIN_INTENT = "start_checkin"

RETENTION_EVERY = dt.timedelta(hours=1)
"""How often a round also deletes data past its retention period (`wegwijz.retention`)."""


RasaUnreachable = RasaUnavailable
"""Rasa did not take the trigger: nothing was sent to the newcomer (the one Rasa client's error)."""


def outbox_deliver(factory: sessionmaker) -> Deliver:
    """Deliver through the channel outbox (`wegwijz.channels.outbox.enqueue_proactive`), else only log."""
    try:
        from wegwijz.channels.outbox import enqueue_proactive  # type: ignore[import-not-found]
    except ImportError:
        def log_only(sender_id: str, messages: list[dict[str, Any]]) -> None:
            log.info("no channel outbox: %d message(s) for %s not sent on", len(messages), sender_id)
        return log_only

    def deliver(sender_id: str, messages: list[dict[str, Any]]) -> None:
        with factory() as session:
            enqueue_proactive(session, sender_id, messages)
            session.commit()
    return deliver


@dataclass
class Round:
    """What one round of the scheduler did (check-in ids)."""

    sent: list[int] = field(default_factory=list)
    reminded: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    tips: list[int] = field(default_factory=list)
    """Weekly tips messages sent (`wegwijz.digest`)."""


class CheckInScheduler:
    """Starts due check-ins and reminders; safe to run in several processes at once."""

    def __init__(self, factory: sessionmaker, rasa: RasaClient, deliver: Deliver | None = None,
                 schedule: checkins.Schedule | None = None, clock: Clock = utcnow,
                 weekly_tips: Any = None) -> None:
        self.factory = factory
        self.rasa = rasa
        self.deliver = deliver or outbox_deliver(factory)
        self.schedule = schedule or checkins.Schedule.from_env()
        self.clock = clock
        self.retention = Periods.from_env()
        self.weekly_tips = weekly_tips
        """The weekly tips' round (`wegwijz.digest.sending.DigestRound`), run each round with this clock."""
        self._retention_after: dt.datetime | None = None

    def run_once(self) -> Round:
        """One round: plan, expire, then (within the sending hours) send and remind."""
        now = self.clock()
        done = Round()
        with self.factory() as session:
            checkins.plan_all(session, self.schedule)
            rights.purge_left_behind(session, now=now)
            session.commit()
        if self._retention_after is None or now >= self._retention_after:
            with self.factory() as session:
                forget_expired(session, self.retention, now)
                session.commit()
            self._retention_after = now + RETENTION_EVERY
        done.expired = self._expire(now)
        if self.weekly_tips is not None:
            try:
                done.tips = self.weekly_tips.run_once(now).sent
            except Exception:  # noqa: BLE001 - the tips must never stop the check-ins
                log.exception("weekly tips round failed; trying again next round")
        if not self.schedule.may_send_at(now):
            return done
        today = checkins.local_date(now, self.schedule.timezone)
        with self.factory() as session:
            due = session.execute(select(CheckIn.id).where(
                CheckIn.state == CheckInState.SCHEDULED, CheckIn.due_date <= today).order_by(CheckIn.due_date)
            ).scalars().all()
            remind_before = now - dt.timedelta(days=self.schedule.reminder_days)
            reminders = session.execute(select(CheckIn.id).where(
                CheckIn.state == CheckInState.SENT, CheckIn.first_answer_at.is_(None),
                CheckIn.sent_at <= remind_before)).scalars().all()
        for checkin_id in due:
            self._start(checkin_id, CheckInState.SCHEDULED, CheckInState.SENT, now, done)
        for checkin_id in reminders:
            self._start(checkin_id, CheckInState.SENT, CheckInState.REMINDED, now, done)
        return done

    def _expire(self, now: dt.datetime) -> list[int]:
        """Give up on check-ins left unanswered (or never sendable) for the expiry period."""
        sent_before = now - dt.timedelta(days=self.schedule.expire_days)
        due_before = checkins.local_date(sent_before, self.schedule.timezone)
        stale = or_(and_(CheckIn.state.in_(CheckInState.OPEN), CheckIn.sent_at <= sent_before),
                    and_(CheckIn.state == CheckInState.SCHEDULED, CheckIn.due_date < due_before))
        with self.factory() as session:
            ids = session.execute(select(CheckIn.id).where(stale)).scalars().all()
            if ids:
                session.execute(update(CheckIn).where(CheckIn.id.in_(ids), stale)
                                .values(state=CheckInState.EXPIRED, expired_at=now)
                                .execution_options(synchronize_session=False))
                session.commit()
        return list(ids)

    def _claim(self, session: Session, checkin: CheckIn, expected: str, claimed: str, sender_id: str,
               now: dt.datetime) -> bool:
        """Move the check-in on, only if it is still in `expected` state: the one writer wins."""
        values: dict[str, Any] = {"state": claimed, "last_error": None}
        if claimed == CheckInState.SENT:
            values |= {"sent_at": now, "sent_to": sender_id}
        else:
            values |= {"reminded_at": now}
        condition = [CheckIn.id == checkin.id, CheckIn.state == expected]
        if claimed == CheckInState.REMINDED:
            condition.append(CheckIn.first_answer_at.is_(None))
        result = session.execute(update(CheckIn).where(*condition).values(**values)
                                 .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            session.rollback()
            return False
        audit.record(session, SCHEDULER_ACTOR, "check-in reminder sent" if claimed == CheckInState.REMINDED
                     else "check-in sent", checkin.newcomer_id, checkin.kind, now)
        session.commit()
        return True

    def _undo_claim(self, checkin_id: int, expected: str, claimed: str, error: str) -> None:
        values: dict[str, Any] = {"state": expected, "last_error": error[:300]}
        values |= {"sent_at": None, "sent_to": None} if claimed == CheckInState.SENT else {"reminded_at": None}
        with self.factory() as session:
            session.execute(update(CheckIn).where(CheckIn.id == checkin_id, CheckIn.state == claimed)
                            .values(**values).execution_options(synchronize_session=False))
            session.commit()

    def _start(self, checkin_id: int, expected: str, claimed: str, now: dt.datetime, done: Round) -> None:
        with self.factory() as session:
            checkin = session.get(CheckIn, checkin_id)
            if checkin is None or checkin.state != expected:
                return
            newcomer = checkin.newcomer
            if not has_consent(newcomer, ConsentKind.PROFILE):
                cancel_checkins(newcomer, now)
                session.commit()
                done.cancelled.append(checkin_id)
                return
            sender_id = checkin.sent_to if claimed == CheckInState.REMINDED else reachable_at(newcomer)
            if sender_id is None:
                checkin.last_error = "no chat address linked"
                session.commit()
                return
            kind = checkin.kind
            if not self._claim(session, checkin, expected, claimed, sender_id, now):
                return
        try:
            messages = self.rasa.trigger_intent(sender_id, START_CHECKIN_INTENT, {"checkin_kind": kind})
        except RasaUnreachable as error:
            log.warning("check-in %s not started, will retry: %s", checkin_id, error)
            self._undo_claim(checkin_id, expected, claimed, str(error))
            done.failed.append(checkin_id)
            return
        try:
            self.deliver(sender_id, messages)
        except Exception as error:  # noqa: BLE001 - the claim stands: never risk sending twice
            log.exception("check-in %s started but not delivered", checkin_id)
            with self.factory() as session:
                session.execute(update(CheckIn).where(CheckIn.id == checkin_id)
                                .values(last_error=f"delivery failed: {error}"[:300]))
                session.commit()
            done.failed.append(checkin_id)
            return
        (done.reminded if claimed == CheckInState.REMINDED else done.sent).append(checkin_id)


def main(argv: list[str] | None = None) -> int:
    """Run the scheduler until stopped (or one round with `--once`)."""
    from wegwijz.settings import get as get_settings

    parser = argparse.ArgumentParser(description="Start due check-ins through Rasa.")
    parser.add_argument("--once", action="store_true", help="run one round and stop")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    log_privacy.install()
    settings = get_settings()
    interval = float(os.environ.get("WEGWIJZ_SCHEDULER_INTERVAL", "60"))
    factory = session_factory(settings.database_url)
    from wegwijz.digest.sending import DigestRound, content_from

    tips = DigestRound(factory, content_from(settings.kennisbank_dir), checkins.Schedule.from_env())
    scheduler = CheckInScheduler(factory, RasaClient(settings.rasa_url, settings.rasa_token, timeout=60.0),
                                 weekly_tips=tips)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("check-in scheduler running (every %.0f s, %s)", interval, scheduler.schedule)
    while not stopping:
        try:
            done = scheduler.run_once()
            if done.sent or done.reminded or done.expired or done.failed or done.tips:
                log.info("sent %s, reminded %s, expired %s, failed %s, weekly tips %s", done.sent, done.reminded,
                         done.expired, done.failed, done.tips)
        except Exception:  # noqa: BLE001 - a database hiccup must not stop the check-ins for good
            log.exception("scheduler round failed; trying again next round")
        if args.once:
            break
        deadline = time.monotonic() + interval
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())

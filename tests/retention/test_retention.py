"""The retention job on SQLite and PostgreSQL, with a clock the test controls."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select, text

from wegwijz.channels import inbox, outbox, turns
from wegwijz.channels.constants import Channel, InboundKind
from wegwijz.channels.inbox import Inbound
from wegwijz.channels.models import InboxItem, OutboxMessage
from wegwijz.channels.replies import Outgoing
from wegwijz.db import Session
from wegwijz.journey import intake
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckInAnswer, IntakeAnswer
from wegwijz.journey.newcomers import withdraw_consent
from wegwijz.retention import Periods, forget_expired

NOW = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.timezone.utc)
PERIODS = Periods(conversation_days=90, channel_days=30, checkin_days=365)
SCHEDULE = Schedule(six_months_days=182, two_years_days=730, reminder_days=4, expire_days=21,
                    send_from_hour=9, send_until_hour=20)

# Rasa's SQL tracker store table, as Rasa 3.6 creates it.
EVENTS_TABLE = """CREATE TABLE events (
    id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


class Events:
    """Writes Rasa-like events with increasing ids."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.next_id = 1
        session.execute(text(EVENTS_TABLE))

    def add(self, sender: str, type_name: str, at: dt.datetime, action: str | None = None) -> int:
        event_id = self.next_id
        self.next_id += 1
        self.session.execute(text(
            "INSERT INTO events (id, sender_id, type_name, timestamp, action_name, data) "
            "VALUES (:id, :s, :t, :ts, :a, :d)"),
            {"id": event_id, "s": sender, "t": type_name, "ts": at.timestamp(), "a": action,
             "d": json.dumps({"event": type_name})})
        return event_id

    def session_start(self, sender: str, at: dt.datetime) -> int:
        first = self.add(sender, "action", at, "action_session_start")
        self.add(sender, "session_started", at)
        self.add(sender, "slot", at)  # a slot carried over
        self.add(sender, "action", at, "action_listen")
        return first

    def turn(self, sender: str, at: dt.datetime) -> None:
        self.add(sender, "user", at)
        self.add(sender, "bot", at)
        self.add(sender, "action", at, "action_listen")

    def ids(self, sender: str) -> list[int]:
        return list(self.session.execute(text("SELECT id FROM events WHERE sender_id = :s ORDER BY id"),
                                         {"s": sender}).scalars())


def ago(**delta: float) -> dt.datetime:
    return NOW - dt.timedelta(**delta)


def test_conversation_history_goes_by_whole_sessions(session: Session) -> None:
    events = Events(session)
    events.session_start("web:silent", ago(days=120))
    events.turn("web:silent", ago(days=100))
    events.session_start("web:active", ago(days=200))
    events.turn("web:active", ago(days=199))
    kept_from = events.session_start("web:active", ago(days=95))  # began before the cutoff: the newest such
    events.turn("web:active", ago(days=80))
    events.session_start("web:active", ago(days=10))
    events.turn("web:active", ago(days=10))
    events.session_start("tg:young", ago(days=89, hours=23))
    events.turn("tg:young", ago(days=1))
    session.commit()
    young_before = events.ids("tg:young")
    active_before = events.ids("web:active")

    forgotten = forget_expired(session, PERIODS, now=NOW)
    session.commit()

    assert events.ids("web:silent") == []
    assert events.ids("web:active") == [i for i in active_before if i >= kept_from]
    assert events.ids("tg:young") == young_before  # nothing younger than the period goes
    assert forgotten.conversation_events == 7 + 7
    # Again: nothing more to do.
    assert forget_expired(session, PERIODS, now=NOW).total == 0


def test_channel_rows_go_but_pending_messages_stay(session: Session) -> None:
    def inbound(sender: str, external_id: str, channel: str = Channel.TELEGRAM) -> Inbound:
        return Inbound(channel, external_id, sender, InboundKind.TEXT, text="hallo")

    handled = turns.receive(session, inbound("tg:1", "1"), now=ago(days=31))
    inbox.finish(session, handled)
    waiting = turns.receive(session, inbound("tg:1", "2"), now=ago(days=31))
    web = turns.receive(session, inbound("web:abc", "3", Channel.WEB), now=ago(days=31))
    inbox.finish(session, web)
    young = turns.receive(session, inbound("tg:2", "4"), now=ago(days=29))
    inbox.finish(session, young)
    sent = outbox.enqueue(session, "tg:1", [Outgoing("oud")], "nl", now=ago(days=31))[0]
    outbox.mark_sent(sent, "7")
    pending = outbox.enqueue(session, "tg:1", [Outgoing("wacht nog")], "nl", now=ago(days=300))[0]
    session.commit()
    ids = {"waiting": waiting.id, "young": young.id, "pending": pending.id}

    assert forget_expired(session, PERIODS, now=NOW).channel_rows == 3
    session.commit()
    assert set(session.execute(select(InboxItem.id)).scalars()) == {ids["waiting"], ids["young"]}
    assert set(session.execute(select(OutboxMessage.id)).scalars()) == {ids["pending"]}


def _answered(session: Session, sender: str, intake_at: dt.datetime) -> int:
    """A newcomer with both check-ins planned and one answer in each; returns the newcomer id."""
    newcomer = intake.begin(session, sender, "nl", intake_at, SCHEDULE)
    newcomer.intake_answers.append(IntakeAnswer(question="intake_background", value="Aleppo", answered_at=intake_at))
    for checkin in newcomer.checkins:
        checkin.answers.append(CheckInAnswer(question="checkin_how_going", value="goed", answered_at=intake_at))
    session.commit()
    return int(newcomer.id)


def _answers(session: Session, newcomer_id: int) -> int:
    from wegwijz.journey.models import CheckIn

    return len(session.execute(select(CheckInAnswer).join(CheckIn).where(CheckIn.newcomer_id == newcomer_id)).all())


@pytest.mark.parametrize("closed_days_ago", [366, 364])
def test_checkin_answers_go_a_period_after_the_last_checkin(session: Session, closed_days_ago: int) -> None:
    newcomer_id = _answered(session, "tg:100", ago(days=1200))
    from wegwijz.journey.models import Newcomer

    newcomer = session.get(Newcomer, newcomer_id)
    for checkin in newcomer.checkins:
        checkin.state = CheckInState.ANSWERED
        checkin.answered_at = ago(days=closed_days_ago if checkin.kind == CheckInKind.TWO_YEARS else 900)
    session.commit()

    gone = forget_expired(session, PERIODS, now=NOW).checkin_answers
    session.commit()
    if closed_days_ago > PERIODS.checkin_days:
        assert gone == 2 and _answers(session, newcomer_id) == 0
    else:
        assert gone == 0 and _answers(session, newcomer_id) == 2
    # The intake answers stay until erasure.
    assert len(session.execute(select(IntakeAnswer)).all()) == 1


def test_an_open_checkin_keeps_every_answer(session: Session) -> None:
    newcomer_id = _answered(session, "wa:31600000001", ago(days=2000))
    from wegwijz.journey.models import Newcomer

    newcomer = session.get(Newcomer, newcomer_id)
    six, two = sorted(newcomer.checkins, key=lambda c: c.due_date)
    six.state, six.answered_at = CheckInState.ANSWERED, ago(days=1500)
    two.state, two.sent_at = CheckInState.SENT, ago(days=2)  # the two-year one waits for answers
    session.commit()
    assert forget_expired(session, PERIODS, now=NOW).checkin_answers == 0
    session.commit()
    assert _answers(session, newcomer_id) == 2


def test_withdrawn_consent_counts_from_the_withdrawal(session: Session) -> None:
    newcomer_id = _answered(session, "tg:200", ago(days=400))
    from wegwijz.journey.models import Newcomer

    newcomer = session.get(Newcomer, newcomer_id)
    withdraw_consent(session, newcomer, now=ago(days=300))  # cancels both check-ins then
    session.commit()
    assert forget_expired(session, PERIODS, now=NOW).checkin_answers == 0
    later = NOW + dt.timedelta(days=70)
    assert forget_expired(session, PERIODS, now=later).checkin_answers == 2
    session.commit()
    assert _answers(session, newcomer_id) == 0


def test_periods_from_the_environment() -> None:
    assert Periods.from_env({}) == Periods(90, 30, 365)
    assert Periods.from_env({"CHANNELS_RETENTION_DAYS": "14"}).channel_days == 14
    assert Periods.from_env({"WEGWIJZ_RETAIN_CONVERSATION_DAYS": "30", "WEGWIJZ_RETAIN_CHANNEL_DAYS": "7",
                             "WEGWIJZ_RETAIN_CHECKIN_DAYS": "180"}) == Periods(30, 7, 180)
    with pytest.raises(ValueError):
        Periods.from_env({"WEGWIJZ_RETAIN_CHECKIN_DAYS": "0"})


def test_the_scheduler_runs_the_retention_job_hourly(database_url: str) -> None:
    from wegwijz import db
    from wegwijz.journey.scheduler import CheckInScheduler, RasaClient

    factory = db.session_factory(database_url)
    with factory() as session:
        events = Events(session)
        events.session_start("web:silent", ago(days=120))
        session.commit()
    moments = iter([NOW, NOW + dt.timedelta(minutes=1), NOW + dt.timedelta(hours=1)])
    scheduler = CheckInScheduler(factory, RasaClient("http://127.0.0.1:9"), lambda *_: None, SCHEDULE,
                                 clock=lambda: next(moments))
    scheduler.retention = PERIODS
    scheduler.run_once()
    with factory() as session:
        assert session.execute(text("SELECT COUNT(*) FROM events")).scalar() == 0
        events.session = session
        events.session_start("web:silent", ago(days=120))
        session.commit()
    scheduler.run_once()  # a minute later: not yet again
    with factory() as session:
        assert session.execute(text("SELECT COUNT(*) FROM events")).scalar() == 4
    scheduler.run_once()  # an hour later
    with factory() as session:
        assert session.execute(text("SELECT COUNT(*) FROM events")).scalar() == 0

"""The check-in scheduler with a controllable clock, a fake Rasa over loopback HTTP, and both databases."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from sqlalchemy import select

from tests.journey.conftest import Clock, consenting_newcomer
from tests.journey.fake_rasa import FakeRasa, closed_port_url
from wegwijz import db
from wegwijz.journey import checkins
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import AuditLog, CheckIn, Newcomer
from wegwijz.journey.newcomers import link_identity, withdraw_consent
from wegwijz.journey.scheduler import CheckInScheduler, RasaClient


class Outbox:
    """Collects what the scheduler hands on (the `deliver` callable)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[dict[str, Any]]]] = []
        self.lock = threading.Lock()

    def __call__(self, sender_id: str, messages: list[dict[str, Any]]) -> None:
        with self.lock:
            self.sent.append((sender_id, messages))


def _scheduler(url: str, rasa_url: str, clock: Clock, schedule: Schedule, outbox: Outbox,
               token: str = "") -> CheckInScheduler:
    return CheckInScheduler(db.session_factory(url), RasaClient(rasa_url, token, timeout=5), outbox, schedule, clock)


def _state(url: str, newcomer_id: int, kind: str) -> CheckIn:
    with db.session_factory(url)() as session:
        return session.execute(select(CheckIn).where(CheckIn.newcomer_id == newcomer_id,
                                                     CheckIn.kind == kind)).scalar_one()


def _at_six_months(clock: Clock, schedule: Schedule) -> None:
    clock.now = dt.datetime.combine(clock.now.date() + dt.timedelta(days=schedule.six_months_days),
                                    dt.time(9, 30), tzinfo=dt.timezone.utc)


def test_intake_plans_both_checkins_from_the_intake_date(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:1", "ar", clock(), schedule)
    due = {c.kind: c.due_date for c in newcomer.checkins}
    assert due == {CheckInKind.SIX_MONTHS: dt.date(2026, 8, 31), CheckInKind.TWO_YEARS: dt.date(2028, 3, 1)}
    assert {c.state for c in newcomer.checkins} == {CheckInState.SCHEDULED}


def test_nothing_is_sent_before_the_due_date(database_url, clock, schedule, fake_rasa) -> None:
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        consenting_newcomer(session, "tg:1", "nl", clock(), schedule)
    clock.advance(days=181)
    done = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox).run_once()
    assert done.sent == [] and fake_rasa.triggers == [] and outbox.sent == []


def test_due_checkin_is_started_through_trigger_intent_and_delivered(database_url, clock, schedule, fake_rasa) -> None:
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        newcomer_id = consenting_newcomer(session, "wa:31612345678", "ti", clock(), schedule).id
    _at_six_months(clock, schedule)
    done = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox).run_once()
    assert len(done.sent) == 1
    [trigger] = fake_rasa.triggers
    assert (trigger.sender_id, trigger.name, trigger.entities) == ("wa:31612345678", "start_checkin",
                                                                    {"checkin_kind": "six_months"})
    assert outbox.sent == [("wa:31612345678", [{"recipient_id": "wa:31612345678",
                                                 "text": "start_checkin {'checkin_kind': 'six_months'}"}])]
    checkin = _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS)
    assert checkin.state == CheckInState.SENT and checkin.sent_at == clock.now and checkin.sent_to == "wa:31612345678"
    with db.session_factory(database_url)() as session:
        assert session.execute(select(AuditLog.what).where(AuditLog.newcomer_id == newcomer_id,
                                                           AuditLog.who == "scheduler")).scalars().all() == [
            "check-in sent"]


def test_token_is_passed_when_rasa_requires_one(database_url, clock, schedule) -> None:
    fake = FakeRasa(token="s3cret-token").start()
    try:
        with db.session_factory(database_url)() as session:
            consenting_newcomer(session, "tg:5", "en", clock(), schedule)
        _at_six_months(clock, schedule)
        outbox = Outbox()
        assert _scheduler(database_url, fake.url, clock, schedule, outbox, token="wrong").run_once().failed
        assert _scheduler(database_url, fake.url, clock, schedule, outbox, token="s3cret-token").run_once().sent
        assert [t.token for t in fake.triggers] == ["s3cret-token"]
    finally:
        fake.stop()


def test_restart_in_the_middle_never_sends_twice(database_url, clock, schedule, fake_rasa) -> None:
    """A new scheduler process on the same database (after a crash or a restart) does not resend."""
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        first = consenting_newcomer(session, "tg:1", "nl", clock(), schedule).id
        clock.advance(days=3)
        second = consenting_newcomer(session, "tg:2", "ar", clock(), schedule).id
    clock.advance(days=-3)
    _at_six_months(clock, schedule)  # the first is due, the second three days later
    assert len(_scheduler(database_url, fake_rasa.url, clock, schedule, outbox).run_once().sent) == 1
    db.engine_for.cache_clear()  # the "process" is gone; a new one starts with fresh connections
    restarted = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox)
    assert restarted.run_once().sent == []
    clock.advance(days=3)
    assert len(restarted.run_once().sent) == 1
    again = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox)
    assert again.run_once().sent == [] and again.run_once().sent == []
    assert [t.sender_id for t in fake_rasa.triggers] == ["tg:1", "tg:2"]
    assert _state(database_url, first, CheckInKind.SIX_MONTHS).state == CheckInState.SENT
    assert _state(database_url, second, CheckInKind.SIX_MONTHS).state == CheckInState.SENT


def test_two_schedulers_at_once_send_each_checkin_once(database_url, clock, schedule, fake_rasa) -> None:
    with db.session_factory(database_url)() as session:
        for n in range(6):
            consenting_newcomer(session, f"tg:{n}", "nl", clock(), schedule)
    _at_six_months(clock, schedule)
    outbox = Outbox()
    schedulers = [_scheduler(database_url, fake_rasa.url, clock, schedule, outbox) for _ in range(2)]
    errors: list[BaseException] = []

    def run(s: CheckInScheduler) -> None:
        try:
            s.run_once()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(s,)) for s in schedulers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert sorted(t.sender_id for t in fake_rasa.triggers) == [f"tg:{n}" for n in range(6)]
    assert len(outbox.sent) == 6


def test_rasa_down_means_nothing_sent_and_a_retry_later(database_url, clock, schedule, fake_rasa) -> None:
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        newcomer_id = consenting_newcomer(session, "tg:7", "nl", clock(), schedule).id
    _at_six_months(clock, schedule)
    done = _scheduler(database_url, closed_port_url(), clock, schedule, outbox).run_once()
    assert done.failed and not done.sent and outbox.sent == []
    checkin = _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS)
    assert checkin.state == CheckInState.SCHEDULED and checkin.sent_at is None and checkin.last_error
    fake_rasa.down = True
    assert _scheduler(database_url, fake_rasa.url, clock, schedule, outbox).run_once().failed
    fake_rasa.down = False
    clock.advance(minutes=1)
    assert _scheduler(database_url, fake_rasa.url, clock, schedule, outbox).run_once().sent
    assert len(outbox.sent) == 1


def test_a_failing_delivery_is_not_retried(database_url, clock, schedule, fake_rasa) -> None:
    """Rasa already took the turn: resending could give the newcomer the questions twice."""
    def broken(sender_id: str, messages: list[dict[str, Any]]) -> None:
        raise RuntimeError("outbox full")

    with db.session_factory(database_url)() as session:
        newcomer_id = consenting_newcomer(session, "tg:8", "nl", clock(), schedule).id
    _at_six_months(clock, schedule)
    scheduler = CheckInScheduler(db.session_factory(database_url), RasaClient(fake_rasa.url), broken, schedule, clock)
    assert scheduler.run_once().failed
    assert scheduler.run_once().failed == []
    checkin = _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS)
    assert checkin.state == CheckInState.SENT and "outbox full" in checkin.last_error
    assert len(fake_rasa.triggers) == 1


def test_one_reminder_after_the_reminder_period_then_expiry(database_url, clock, schedule, fake_rasa) -> None:
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        newcomer_id = consenting_newcomer(session, "tg:9", "ar", clock(), schedule).id
    _at_six_months(clock, schedule)
    scheduler = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox)
    scheduler.run_once()
    clock.advance(days=3, hours=23)
    assert scheduler.run_once().reminded == []
    clock.advance(hours=1)
    assert len(scheduler.run_once().reminded) == 1
    clock.advance(days=1)
    assert scheduler.run_once().reminded == []  # one reminder only
    assert [t.sender_id for t in fake_rasa.triggers] == ["tg:9", "tg:9"]
    assert _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS).state == CheckInState.REMINDED
    clock.now = _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS).sent_at + dt.timedelta(days=21)
    assert len(scheduler.run_once().expired) == 1
    checkin = _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS)
    assert checkin.state == CheckInState.EXPIRED and checkin.expired_at == clock.now
    assert len(fake_rasa.triggers) == 2


def test_no_reminder_once_the_newcomer_started_answering(database_url, clock, schedule, fake_rasa) -> None:
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        newcomer_id = consenting_newcomer(session, "tg:10", "nl", clock(), schedule).id
    _at_six_months(clock, schedule)
    scheduler = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox)
    scheduler.run_once()
    with db.session_factory(database_url)() as session:
        checkin = session.execute(select(CheckIn).where(CheckIn.newcomer_id == newcomer_id,
                                                        CheckIn.kind == CheckInKind.SIX_MONTHS)).scalar_one()
        checkins.save_answer(session, checkin, "checkin_how_going", "good", "nl", clock())
        session.commit()
    clock.advance(days=5)
    assert scheduler.run_once().reminded == []
    assert len(fake_rasa.triggers) == 1


def test_withdrawn_consent_stops_checkins(database_url, clock, schedule, fake_rasa) -> None:
    outbox = Outbox()
    with db.session_factory(database_url)() as session:
        newcomer = consenting_newcomer(session, "tg:11", "ti", clock(), schedule)
        newcomer_id = newcomer.id
        withdraw_consent(session, newcomer, now=clock())
        session.commit()
    _at_six_months(clock, schedule)
    clock.advance(days=600)
    scheduler = _scheduler(database_url, fake_rasa.url, clock, schedule, outbox)
    scheduler.run_once()
    assert fake_rasa.triggers == [] and outbox.sent == []
    assert {_state(database_url, newcomer_id, k).state for k in CheckInKind.ALL} == {CheckInState.CANCELLED}


def test_consent_withdrawn_after_planning_but_before_sending(database_url, clock, schedule, fake_rasa) -> None:
    """Consent records changed behind the scheduler's back (e.g. in the portal) are still honoured."""
    with db.session_factory(database_url)() as session:
        newcomer = consenting_newcomer(session, "tg:12", "nl", clock(), schedule)
        newcomer_id = newcomer.id
        for record in newcomer.consents:
            record.withdrawn_at = clock()
        session.commit()
    _at_six_months(clock, schedule)
    done = _scheduler(database_url, fake_rasa.url, clock, schedule, Outbox()).run_once()
    assert fake_rasa.triggers == [] and done.cancelled
    assert _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS).state == CheckInState.CANCELLED


def test_only_within_sending_hours(database_url, clock, schedule, fake_rasa) -> None:
    with db.session_factory(database_url)() as session:
        consenting_newcomer(session, "tg:13", "nl", clock(), schedule)
    _at_six_months(clock, schedule)
    clock.now = clock.now.replace(hour=2)  # 03:00 or 04:00 in Zeist
    scheduler = _scheduler(database_url, fake_rasa.url, clock, schedule, Outbox())
    assert scheduler.run_once().sent == []
    clock.now = clock.now.replace(hour=8)
    assert scheduler.run_once().sent


def test_goes_to_the_chat_address_used_last(database_url, clock, schedule, fake_rasa) -> None:
    with db.session_factory(database_url)() as session:
        newcomer = consenting_newcomer(session, "web:abc", "en", clock(), schedule)
        identity = link_identity(session, newcomer, "tg:99", clock())
        identity.last_seen_at = clock() + dt.timedelta(days=10)
        session.commit()
    _at_six_months(clock, schedule)
    _scheduler(database_url, fake_rasa.url, clock, schedule, Outbox()).run_once()
    assert [t.sender_id for t in fake_rasa.triggers] == ["tg:99"]


def test_newcomer_added_by_a_caseworker_gets_checkins_planned(database_url, clock, schedule, fake_rasa) -> None:
    """The portal may add a newcomer with an intake date; the scheduler plans and sends their check-ins."""
    from wegwijz.journey.newcomers import give_consent

    with db.session_factory(database_url)() as session:
        newcomer = Newcomer(name="Fictief Voorbeeld", preferred_language="nl",
                            intake_date=(clock() - dt.timedelta(days=200)).date())
        session.add(newcomer)
        session.flush()
        give_consent(session, newcomer, "profile", clock(), who="caseworker.test")
        link_identity(session, newcomer, "wa:3161", clock())
        session.commit()
    done = _scheduler(database_url, fake_rasa.url, clock, schedule, Outbox()).run_once()
    assert len(done.sent) == 1 and fake_rasa.triggers[0].entities == {"checkin_kind": "six_months"}


def test_never_sendable_checkins_expire(database_url, clock, schedule, fake_rasa) -> None:
    with db.session_factory(database_url)() as session:
        newcomer = consenting_newcomer(session, "tg:14", "nl", clock(), schedule)
        for identity in list(newcomer.identities):
            session.delete(identity)
        session.commit()
        newcomer_id = newcomer.id
    _at_six_months(clock, schedule)
    scheduler = _scheduler(database_url, fake_rasa.url, clock, schedule, Outbox())
    assert scheduler.run_once().sent == []
    assert _state(database_url, newcomer_id, CheckInKind.SIX_MONTHS).last_error == "no chat address linked"
    clock.advance(days=22)
    assert scheduler.run_once().expired


def test_schedule_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("WEGWIJZ_CHECKIN_SIX_MONTHS_DAYS", "10")
    monkeypatch.setenv("WEGWIJZ_CHECKIN_TWO_YEARS_DAYS", "20")
    monkeypatch.setenv("WEGWIJZ_CHECKIN_REMINDER_DAYS", "0.5")
    monkeypatch.setenv("WEGWIJZ_CHECKIN_EXPIRE_DAYS", "2")
    monkeypatch.setenv("WEGWIJZ_CHECKIN_SEND_HOURS", "0-24")
    schedule = Schedule.from_env()
    assert (schedule.six_months_days, schedule.two_years_days, schedule.reminder_days, schedule.expire_days,
            schedule.send_from_hour, schedule.send_until_hour) == (10, 20, 0.5, 2.0, 0, 24)
    monkeypatch.setenv("WEGWIJZ_CHECKIN_EXPIRE_DAYS", "0.1")
    with pytest.raises(ValueError):
        Schedule.from_env()

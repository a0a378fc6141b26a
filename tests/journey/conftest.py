"""Fixtures for the journey tests: a controllable clock, fictional newcomers, a fake Rasa."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from tests.journey.fake_rasa import FakeRasa
from wegwijz.journey import intake
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.models import Newcomer

START = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.timezone.utc)  # a Monday, 11:00 in Zeist


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    """Starts on a Monday morning in Zeist."""
    return Clock()


@pytest.fixture
def schedule() -> Schedule:
    """The default schedule, spelled out (tests do not read the environment)."""
    return Schedule(six_months_days=182, two_years_days=730, reminder_days=4, expire_days=21,
                    send_from_hour=9, send_until_hour=20)


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    """A fake Rasa HTTP API on a free loopback port."""
    fake = FakeRasa().start()
    yield fake
    fake.stop()


def consenting_newcomer(session: Session, sender_id: str, lang: str, now: dt.datetime,
                        schedule: Schedule) -> Newcomer:
    """A fictional newcomer who said yes to the startgesprek on `now`."""
    newcomer = intake.begin(session, sender_id, lang, now, schedule)
    session.commit()
    return newcomer

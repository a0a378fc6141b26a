"""Fixtures for the weekly tips: a clock the test moves, the real kennisbank and activities, a round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from tests.channels.conftest import fake_rasa, fake_telegram, fake_whatsapp, gateway_for  # noqa: F401
from tests.journey.conftest import Clock
from tests.portal.conftest import client_for, kennisbank_copy, portal_app  # noqa: F401
from wegwijz import db
from wegwijz.digest import chat
from wegwijz.digest.sending import DigestRound, content_from
from wegwijz.journey.checkins import Schedule
from wegwijz.settings import ROOT

MONDAY = dt.datetime(2027, 4, 19, 10, 0, tzinfo=dt.timezone.utc)
"""Monday 19 April 2027, noon in Zeist: Koningsdag (27 April, for everyone) is within the next fortnight."""


@pytest.fixture
def clock() -> Clock:
    """Starts on a Monday at noon in Zeist, eight days before Koningsdag."""
    return Clock(MONDAY)


@pytest.fixture
def schedule() -> Schedule:
    """The default sending hours (9-20 in Zeist), spelled out."""
    return Schedule(send_from_hour=9, send_until_hour=20)


@pytest.fixture
def tips_round(database_url: str, schedule: Schedule) -> Callable[[], DigestRound]:
    """A new round each call, as after a restart of the scheduler."""
    return lambda: DigestRound(db.session_factory(database_url), content_from(ROOT / "kennisbank"), schedule)


def sign_up(session: Session, sender_id: str, lang: str, now: dt.datetime, children: str = "/nieuws_kinderen_nee",
            hours: str = "/nieuws_tijd_any") -> None:
    """The whole yes in the chat: /tips, yes, the children question, the hours (commits)."""
    for text in ("/nieuws", "/nieuws_ja", children, hours):
        assert chat.respond(session, sender_id, text, lang, now) is not None
    session.commit()

"""The demo data: fictional newcomers at different stages, added once, never in production."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select

from wegwijz import db
from wegwijz.demo import seed_if_empty
from wegwijz.journey.constants import CheckInState
from wegwijz.journey.models import CheckIn, Flag, Newcomer
from wegwijz.settings import load


def test_demo_newcomers_are_fictional_and_at_different_stages(database_url) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, environment="development")
    assert seed_if_empty(settings) == 5
    assert seed_if_empty(settings) == 0  # only into an empty database
    with db.session_factory(database_url)() as session:
        newcomers = session.execute(select(Newcomer)).scalars().all()
        assert all(n.name.endswith("(fictief)") for n in newcomers)
        assert all(i.sender_id.startswith("web:demo-") for n in newcomers for i in n.identities)
        stages = {n.name.split()[0]: (n.intake_date is not None, n.intake_completed_at is not None) for n in newcomers}
        assert stages["Amina"] == (False, False)  # just linked
        assert stages["Yonas"] == (True, False)  # intake halfway
        assert stages["Karim"] == (True, True)  # six-month check-in due today
        states = set(session.execute(select(CheckIn.state)).scalars())
        assert {CheckInState.SCHEDULED, CheckInState.SENT, CheckInState.ANSWERED} <= states
        assert session.execute(select(func.count()).select_from(Flag)).scalar() > 0


def test_no_demo_data_in_production(database_url) -> None:
    settings = dataclasses.replace(load(), database_url=database_url, environment="production")
    assert seed_if_empty(settings) == 0
    with db.session_factory(database_url)() as session:
        assert session.execute(select(func.count()).select_from(Newcomer)).scalar() == 0

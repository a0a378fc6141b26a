"""The scheduler when Rasa answers nothing or fails: the check-in is not marked sent, is tried again, once.

Through the real Rasa server and action server (`rasa_stack`); time is the scheduler's own clock.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tests.faults.conftest import action_server_down
from tests.journey.conftest import Clock
from tests.rasa_stack import RasaStack
from wegwijz import db
from wegwijz.journey import intake
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn
from wegwijz.journey.scheduler import CheckInScheduler, RasaClient
from wegwijz.texts import say


def _due_checkin(stack: RasaStack, sender: str, clock: Clock, schedule: Schedule) -> int:
    """A fictional newcomer whose six-month check-in is due today; returns the check-in's id."""
    with db.session_factory(stack.database_url)() as session:
        newcomer = intake.begin(session, sender, "nl",
                                clock() - dt.timedelta(days=schedule.days_after_intake(CheckInKind.SIX_MONTHS)),
                                schedule)
        session.commit()
        return next(int(c.id) for c in newcomer.checkins if c.kind == CheckInKind.SIX_MONTHS)


def _state(stack: RasaStack, checkin_id: int) -> tuple[str, Any, Any]:
    with db.session_factory(stack.database_url)() as session:
        checkin = session.get(CheckIn, checkin_id)
        assert checkin is not None
        return str(checkin.state), checkin.sent_at, checkin.last_error


def test_empty_or_failed_trigger_is_not_sent_and_is_tried_again_once(rasa_stack: RasaStack) -> None:
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(hour=11, minute=0))
    schedule = Schedule()
    sender = f"wa:fault{uuid.uuid4().hex[:10]}"
    checkin_id = _due_checkin(rasa_stack, sender, clock, schedule)
    outbox: list[tuple[str, list[dict[str, Any]]]] = []

    def scheduler(rasa_url: str = rasa_stack.rasa_url) -> CheckInScheduler:
        return CheckInScheduler(db.session_factory(rasa_stack.database_url),
                                RasaClient(rasa_url, rasa_stack.api_token, timeout=60),
                                lambda to, messages: outbox.append((to, messages)), schedule, clock)

    def sent_to_them() -> list[list[dict[str, Any]]]:
        return [messages for to, messages in outbox if to == sender]

    # The action server is down: Rasa takes the trigger and answers 200 with no messages.
    with action_server_down(rasa_stack):
        done = scheduler().run_once()
        assert checkin_id in done.failed and checkin_id not in done.sent
        state, sent_at, error = _state(rasa_stack, checkin_id)
        assert state == CheckInState.SCHEDULED and sent_at is None and error
        assert sent_to_them() == []  # nothing reached them

    # Rasa not reachable at all (a port where nobody listens): not sent either.
    nobody = rasa_stack.rasa_url.rsplit(":", 1)[0] + ":9"
    clock.advance(minutes=1)
    done = scheduler(nobody).run_once()
    assert checkin_id in done.failed and _state(rasa_stack, checkin_id)[0] == CheckInState.SCHEDULED

    # Everything is back: the next round sends it, once; later rounds (and a second process) do not again.
    clock.advance(minutes=1)
    done = scheduler().run_once()
    assert checkin_id in done.sent
    [opening] = sent_to_them()
    assert say("journey_checkin_open_six_months", "nl") in "\n".join(m.get("text", "") for m in opening)
    state, sent_at, error = _state(rasa_stack, checkin_id)
    assert state == CheckInState.SENT and sent_at is not None and error is None
    for _ in range(3):
        clock.advance(minutes=1)
        scheduler().run_once()
    assert len(sent_to_them()) == 1


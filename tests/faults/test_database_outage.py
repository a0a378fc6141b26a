"""The database is away for a while (a private PostgreSQL stopped and started): nothing lost, nothing twice.

The whole stack runs on one private PostgreSQL server (`PrivatePostgres`): Rasa's tracker store, the action
server, the gateway's inbox and outbox (Telegram against its loopback fake) and the check-in scheduler.
While the server is stopped, Telegram keeps the updates the gateway could not store (the offset is
confirmed only after storing); afterwards each message is answered once, in order, and the scheduler
sends the due check-in once. The scheduler's time is its own clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.running import running_gateway, telegram_env
from tests.faults.private_postgres import PrivatePostgres
from tests.journey.conftest import Clock
from tests.rasa_stack import RasaStack, free_port
from wegwijz import db
from wegwijz.bot_model import ensure_model
from wegwijz.channels import config as channel_config
from wegwijz.channels.constants import InboxStatus, OutboxStatus
from wegwijz.channels.models import InboxItem, OutboxMessage
from wegwijz.doorkeys import CHANNEL_SECRET_ENV, RASA_TOKEN_ENV, channel_secret
from wegwijz.journey import intake
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn
from wegwijz.journey.scheduler import CheckInScheduler, RasaClient
from wegwijz.settings import load
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints
from wegwijz.texts import say


class CountingTelegram(FakeTelegram):
    """The Telegram fake, counting the polls that found updates waiting."""

    polls_with_updates = 0

    def api_getUpdates(self, params: dict[str, Any]) -> Any:  # noqa: N802
        answer = super().api_getUpdates(params)
        if answer[1]["result"]:
            self.polls_with_updates += 1
        return answer


@pytest.fixture(scope="module")
def postgres_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RasaStack, PrivatePostgres]]:
    """Rasa and the action server on a private PostgreSQL server."""
    try:
        server = PrivatePostgres()
    except (RuntimeError, OSError) as error:
        pytest.skip(f"no private PostgreSQL: {error}")
    server.start()
    var_dir = tmp_path_factory.mktemp("var-pg")
    database_url = server.create_database("wegwijz")
    db.migrate(database_url)
    rasa_port, action_port = free_port(), free_port()
    settings = dataclasses.replace(load(), database_url=database_url, var_dir=Path(var_dir), action_port=action_port,
                                   rasa_url=f"http://127.0.0.1:{rasa_port}")
    model = ensure_model(settings, quiet=True)
    endpoints = write_endpoints(settings, action_port)
    env = child_env(settings, SANIC_HOST="127.0.0.1", ACTION_PORT=str(action_port), RASA_URL=settings.rasa_url)
    secret = channel_secret(settings.var_dir)
    previous = os.environ.get(CHANNEL_SECRET_ENV)
    os.environ[CHANNEL_SECRET_ENV] = secret
    stack = Stack()
    stack.start("actions", action_server_command(action_port), env, Path(var_dir) / "actions.log")
    stack.start("rasa", rasa_server_command(model, endpoints, rasa_port, env[RASA_TOKEN_ENV]), env,
                Path(var_dir) / "rasa.log")
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, stack)
        took = wait_until_up(f"{settings.rasa_url}/", 300, stack)
        yield (RasaStack(settings, settings.rasa_url, f"http://127.0.0.1:{action_port}", database_url, stack, took,
                         secret, env[RASA_TOKEN_ENV]), server)
    finally:
        stack.stop()
        db.engine_for.cache_clear()
        server.remove()
        if previous is None:
            os.environ.pop(CHANNEL_SECRET_ENV, None)
        else:
            os.environ[CHANNEL_SECRET_ENV] = previous


def _round(scheduler: CheckInScheduler) -> Any:
    """One scheduler round as its main loop runs it: a failed round is tried again next time."""
    try:
        return scheduler.run_once()
    except Exception:  # noqa: BLE001 - the database is away; the loop in `main` does the same
        return None


def test_database_away_then_back_nothing_lost_nothing_twice(
        postgres_stack: tuple[RasaStack, PrivatePostgres]) -> None:
    stack, server = postgres_stack
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(hour=11, minute=0))
    schedule = Schedule()
    checkin_sender = "tg:5602"
    with db.session_factory(stack.database_url)() as session:
        newcomer = intake.begin(session, checkin_sender, "nl", clock() - dt.timedelta(
            days=schedule.days_after_intake(CheckInKind.SIX_MONTHS)), schedule)
        session.commit()
        checkin_id = next(int(c.id) for c in newcomer.checkins if c.kind == CheckInKind.SIX_MONTHS)
    delivered: list[tuple[str, list[dict[str, Any]]]] = []
    scheduler = CheckInScheduler(db.session_factory(stack.database_url), RasaClient(stack.rasa_url, stack.api_token),
                                 lambda to, messages: delivered.append((to, messages)), schedule, clock)
    telegram = CountingTelegram().start()
    config = channel_config.load(telegram_env(telegram))
    questions = ["Where do I find a family doctor?", "How do I get DigiD?", "Where can I learn Dutch?"]
    try:
        with running_gateway(config, stack.database_url, stack.rasa_url,
                             action_health_url=f"{stack.action_url}/health"):
            telegram.push(text_update(5601, '/choose_language{"language":"en"}', language_code="en"))
            wait_for(lambda: telegram.texts_to(5601), 120, "the first answer")
            # Stop the database between turns, not while the first answer is being marked sent (that one would
            # be sent again after its lease, and this test is about messages that arrive during the outage).
            wait_for(lambda: _unsent(stack) == 0, 60, "the first answer marked sent")
            before = len(telegram.texts_to(5601))

            server.stop()
            for question in questions:
                telegram.push(text_update(5601, question, language_code="en"))
            polls = telegram.polls_with_updates
            wait_for(lambda: telegram.polls_with_updates >= polls + 2, 120, "the gateway trying to store them")
            assert _round(scheduler) is None  # the scheduler's round fails, and nothing is sent
            assert delivered == [] and len(telegram.texts_to(5601)) == before

            server.start()
            clock.advance(minutes=1)
            wait_for(lambda: _round(scheduler) is not None, 120, "a scheduler round that works again")
            wait_for(lambda: len(_answered(stack)) == len(questions) + 1, 180, "every message answered")
            wait_for(lambda: _unsent(stack) == 0, 120, "every answer sent")
            for _ in range(3):
                clock.advance(minutes=1)
                _round(scheduler)
        texts = telegram.texts_to(5601)[before:]
    finally:
        telegram.stop()
    with db.session_factory(stack.database_url)() as session:
        items = session.execute(select(InboxItem).where(InboxItem.sender_id == "tg:5601")
                                .order_by(InboxItem.id)).scalars().all()
        assert [i.status for i in items] == [InboxStatus.DONE] * (len(questions) + 1)  # each once, none lost
        checkin = session.get(CheckIn, checkin_id)
        assert checkin is not None and checkin.state == CheckInState.SENT
    assert len([m for to, m in delivered if to == checkin_sender]) == 1  # the check-in once
    answers = [t for t in texts if t != say("channel_one_moment", "en")]
    assert len(answers) >= len(questions), texts  # every question got its answer, none only "one moment"


def _answered(stack: RasaStack) -> list[int]:
    with db.session_factory(stack.database_url)() as session:
        return list(session.execute(select(InboxItem.id).where(
            InboxItem.sender_id == "tg:5601", InboxItem.status == InboxStatus.DONE)).scalars())


def _unsent(stack: RasaStack) -> int:
    with db.session_factory(stack.database_url)() as session:
        return len(session.execute(select(OutboxMessage.id).where(
            OutboxMessage.sender_id == "tg:5601", OutboxMessage.status != OutboxStatus.SENT)).all())

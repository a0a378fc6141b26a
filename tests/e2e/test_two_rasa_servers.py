"""Scale: two Rasa servers behind one address share the PostgreSQL tracker store and a Redis lock store.

A conversation that starts on one server continues on the other: the language
chosen on server A is used by server B. Needs PostgreSQL and Redis on loopback
(skipped without them on a developer's machine, a failure under CI).
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import text

from tests.conftest import IN_CI, POSTGRES_ADMIN_URL, _postgres_available
from tests.rasa_stack import free_port
from wegwijz import db
from wegwijz.bot_model import ensure_model
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV, RASA_TOKEN_ENV
from wegwijz.language import script_language
from wegwijz.settings import load
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints

TOKENS: list[str] = []
"""Rasa's API token of the running pair."""
REDIS_URL = os.environ.get("WEGWIJZ_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _require(problem: str | None, what: str) -> None:
    if problem:
        message = f"{what} not reachable: {problem}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    _require(_postgres_available(), "PostgreSQL")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        _require(str(error), "Redis")
    name = f"wegwijz_scale_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(POSTGRES_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    var_dir = Path(tmp_path_factory.mktemp("scale"))
    ports = [free_port(), free_port()]
    action_port = free_port()
    settings = dataclasses.replace(load(), database_url=database_url, var_dir=var_dir, action_port=action_port)
    stack = Stack()
    try:
        db.migrate(database_url)
        model = ensure_model(settings, quiet=True)
        endpoints = write_endpoints(settings, action_port, lock_store_url=REDIS_URL)
        env = child_env(settings, SANIC_HOST="127.0.0.1")
        previous_secret = os.environ.get(CHANNEL_SECRET_ENV)
        os.environ[CHANNEL_SECRET_ENV] = env[CHANNEL_SECRET_ENV]  # what _talk sends
        TOKENS[:] = [env[RASA_TOKEN_ENV]]
        stack.start("actions", action_server_command(action_port), env, var_dir / "actions.log")
        for index, port in enumerate(ports):
            stack.start(f"rasa{index}", rasa_server_command(model, endpoints, port, env[RASA_TOKEN_ENV]), env,
                        var_dir / f"rasa{index}.log")
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, stack)
        for port in ports:
            wait_until_up(f"http://127.0.0.1:{port}/", 300, stack)
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
    finally:
        stack.stop()
        if "previous_secret" in locals():
            if previous_secret is None:
                os.environ.pop(CHANNEL_SECRET_ENV, None)
            else:
                os.environ[CHANNEL_SECRET_ENV] = previous_secret
        db.engine_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _talk(url: str, sender: str, message: str) -> list[dict]:  # type: ignore[type-arg]
    response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                             headers={CHANNEL_HEADER: os.environ[CHANNEL_SECRET_ENV]}, timeout=60)
    response.raise_for_status()
    return list(response.json())


def test_a_conversation_moves_between_servers(two_servers: tuple[str, str]) -> None:
    server_a, server_b = two_servers
    sender = f"web:scale{uuid.uuid4().hex[:8]}"
    _talk(server_a, sender, '/choose_language{"language":"ti"}')
    replies = _talk(server_b, sender, "huisarts")  # Latin letters: only the stored choice says Tigrinya
    assert script_language(" ".join(r.get("text", "") for r in replies)) == "ti"
    tracker = requests.get(f"{server_a}/conversations/{sender}/tracker", params={"token": TOKENS[0]},
                           timeout=30).json()
    assert tracker["slots"]["chosen_language"] == "ti"
    assert sum(1 for e in tracker["events"] if e.get("event") == "user") == 2

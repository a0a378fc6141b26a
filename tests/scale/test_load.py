"""Scale-out on one machine: many senders, two Rasa servers behind nginx, nothing lost, nothing twice.

The production layout in small: Debian's nginx in front of two Rasa servers, each with its own action
server; one PostgreSQL database (a scratch database per run) holds Rasa's tracker store and our tables;
Redis is Rasa's lock store; one channel gateway (against the loopback fake of Telegram) and the check-in
scheduler run as their own processes and reach Rasa through nginx, round robin.

40 web senders talk over the REST channel through nginx, five turns each, all at once; every sender's
turns alternate between the two servers (turn k of sender i goes to server (i + k) % 2). Meanwhile ten
Telegram chats send three messages each in one burst through the gateway. Afterwards: every turn got an
answer, Rasa's tracker holds each sender's messages once and in the order sent, each followed by the
assistant's reply, the gateway's inbox closed every update, no process logged a lock error, nobody died.
Needs nginx, PostgreSQL and Redis on loopback (skipped without them on a developer's machine, a failure
under CI).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import re
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
import requests
from sqlalchemy import select, text

from tests.channels.fake_http import wait_for
from tests.channels.fake_telegram import FakeTelegram, text_update
from tests.channels.running import telegram_env
from tests.conftest import IN_CI, POSTGRES_ADMIN_URL, _postgres_available
from tests.rasa_stack import free_port
from tests.scale import nginx
from wegwijz import db
from wegwijz.bot_model import ensure_model
from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.models import InboxItem
from wegwijz.doorkeys import CHANNEL_HEADER, CHANNEL_SECRET_ENV, RASA_TOKEN_ENV
from wegwijz.settings import load
from wegwijz.stack import Stack, action_server_command, child_env, rasa_server_command, wait_until_up, write_endpoints

REDIS_URL = os.environ.get("WEGWIJZ_TEST_REDIS", "redis://127.0.0.1:6379/0")
SENDERS, TURNS = 40, 5
TURN_TEXTS = ['/choose_language{"language":"nl"}', "/kb_huisarts", "/feedback_yes", "/kb_digid", "/mijngegevens"]
"""Buttons and commands: the whole path (both servers, locks, tracker store, actions, database) at a cost
this machine can carry 200 times at once; typed questions come through the gateway below."""
AT_ONCE = ["/kb_cjg", "/kb_bsn"]
"""Sent by one sender at the same moment, one to each server: the lock store must put them one after the other."""
TELEGRAM_CHATS = 6
TELEGRAM_TEXTS = ["/start", "Waar vind ik een huisarts?", "/help"]
LOCK_TROUBLE = re.compile(r"LockError|lock.*(timed? ?out|could not|failed|error)|Traceback", re.IGNORECASE)


@dataclasses.dataclass
class Layout:
    nginx_url: str
    rasa_urls: list[str]
    database_url: str
    secret: str
    token: str
    stack: Stack
    telegram: FakeTelegram
    logs: Path


def _require(problem: str | None, what: str) -> None:
    if problem:
        message = f"{what} not usable: {problem}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Layout]:
    _require(nginx.available(), "nginx")
    _require(_postgres_available(), "PostgreSQL")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        _require(str(error), "Redis")
    name = f"wegwijz_load_{uuid.uuid4().hex[:10]}"
    admin = db.make_engine(POSTGRES_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    var_dir = Path(tmp_path_factory.mktemp("load"))
    logs = var_dir / "logs"
    logs.mkdir()
    rasa_ports, action_ports, nginx_port = [free_port(), free_port()], [free_port(), free_port()], free_port()
    settings = dataclasses.replace(load(), database_url=database_url, var_dir=var_dir)
    telegram = FakeTelegram().start()
    stack = Stack()
    try:
        db.migrate(database_url)
        model = ensure_model(settings, quiet=True)
        # The test is about what is kept and in which order, not about speed: Rasa may take its time on a
        # shared machine (Sanic would otherwise give up on a turn after 60 s and answer nothing).
        env = child_env(settings, SANIC_HOST="127.0.0.1", RASA_URL=f"http://127.0.0.1:{nginx_port}",
                        SANIC_RESPONSE_TIMEOUT="600")
        for index, (rasa_port, action_port) in enumerate(zip(rasa_ports, action_ports)):
            endpoints = write_endpoints(settings, action_port, lock_store_url=REDIS_URL)
            stack.start(f"actions{index}", action_server_command(action_port), env, logs / f"actions{index}.log")
            stack.start(f"rasa{index}", rasa_server_command(model, endpoints, rasa_port, env[RASA_TOKEN_ENV]), env,
                        logs / f"rasa{index}.log")
        with nginx.running(var_dir / "nginx", nginx_port, [f"127.0.0.1:{p}" for p in rasa_ports]) as nginx_url:
            for port in action_ports:
                wait_until_up(f"http://127.0.0.1:{port}/health", 180, stack)
            for port in rasa_ports:
                wait_until_up(f"http://127.0.0.1:{port}/", 300, stack)
            gateway_env = {**env, **telegram_env(telegram), "ACTION_SERVER_HEALTH_URL": "",
                           "CHANNELS_RASA_TIMEOUT_SECONDS": "600"}
            stack.start("gateway", [sys.executable, "-m", "wegwijz.channels.gateway"], gateway_env,
                        logs / "gateway.log")
            stack.start("scheduler", [sys.executable, "-m", "wegwijz.journey.scheduler"],
                        {**env, "WEGWIJZ_SCHEDULER_INTERVAL": "2"}, logs / "scheduler.log")
            yield Layout(nginx_url, [f"http://127.0.0.1:{p}" for p in rasa_ports], database_url,
                         env[CHANNEL_SECRET_ENV], env[RASA_TOKEN_ENV], stack, telegram, logs)
    finally:
        stack.stop()
        telegram.stop()
        db.engine_for.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _tracker(layout: Layout, sender: str) -> dict[str, Any]:
    response = requests.get(f"{layout.nginx_url}/conversations/{sender}/tracker", params={"token": layout.token},
                            timeout=60)
    response.raise_for_status()
    return dict(response.json())


def _user_texts_each_answered(tracker: dict[str, Any]) -> list[str]:
    """The sender's messages in the tracker's order; each must be followed by a reply before the next."""
    texts: list[str] = []
    answered = True
    for event in tracker["events"]:
        if event.get("event") == "user":
            assert answered, f"{texts[-1]!r} was not answered before the next message"
            texts.append(str(event.get("text")))
            answered = False
        elif event.get("event") == "bot" and (event.get("text") or event.get("data", {}).get("buttons")):
            answered = True
    assert answered, f"{texts[-1]!r} was not answered"
    return texts


def test_many_senders_alternating_between_two_rasa_servers(layout: Layout) -> None:
    run = uuid.uuid4().hex[:6]
    senders = [f"web:load{run}{i:02d}" for i in range(SENDERS)]
    latencies: list[float] = []
    served: dict[str, list[str]] = {s: [] for s in senders}
    upstreams = {url.removeprefix("http://") for url in layout.rasa_urls}

    def converse(index: int) -> None:
        sender = senders[index]
        with requests.Session() as session:
            for turn, message in enumerate(TURN_TEXTS):
                route = (index + turn) % 2
                started = time.monotonic()
                response = session.post(f"{layout.nginx_url}/webhooks/rest/webhook",
                                        json={"sender": sender, "message": message},
                                        headers={CHANNEL_HEADER: layout.secret, nginx.ROUTE_HEADER: str(route)},
                                        timeout=600)
                latencies.append(time.monotonic() - started)
                assert response.status_code == 200, (sender, turn, response.status_code, response.text[:200])
                replies = response.json()
                assert any(r.get("text") for r in replies), (sender, turn, replies)
                served[sender].append(response.headers[nginx.UPSTREAM_HEADER])

    started = time.monotonic()
    for chat in range(TELEGRAM_CHATS):  # each chat's burst lands in the gateway's inbox at once
        for message in TELEGRAM_TEXTS:
            layout.telegram.push(text_update(7000 + chat, message))
    with concurrent.futures.ThreadPoolExecutor(SENDERS) as pool:
        for future in [pool.submit(converse, i) for i in range(SENDERS)]:
            future.result()
    took = time.monotonic() - started

    def at_once(sender: str, route: int, message: str) -> int:
        response = requests.post(f"{layout.nginx_url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message},
                                 headers={CHANNEL_HEADER: layout.secret, nginx.ROUTE_HEADER: str(route)}, timeout=600)
        return response.status_code if any(r.get("text") for r in response.json()) else -1

    both = senders[:10]
    with concurrent.futures.ThreadPoolExecutor(2 * len(both)) as pool:
        statuses = list(pool.map(lambda job: at_once(*job),
                                 [(s, route, AT_ONCE[route]) for s in both for route in (0, 1)]))
    assert statuses == [200] * (2 * len(both))

    expected_servers = sorted(upstreams)
    for index, sender in enumerate(senders):
        # nginx sent the turns where they were routed: alternating between the two servers.
        assert set(served[sender]) == upstreams
        assert all(served[sender][k] != served[sender][k + 1] for k in range(TURNS - 1))
        assert served[sender][0] == f"127.0.0.1:{layout.rasa_urls[index % 2].rsplit(':', 1)[1]}"
        texts = _user_texts_each_answered(_tracker(layout, sender))  # each answered before the next began
        if sender in both:  # the two sent at once: both there once, in either order, after the five
            assert texts[:TURNS] == TURN_TEXTS and sorted(texts[TURNS:]) == sorted(AT_ONCE)
        else:
            assert texts == TURN_TEXTS  # once each, in order
    assert expected_servers == sorted({u for s in served.values() for u in s})

    chats = [f"tg:{7000 + chat}" for chat in range(TELEGRAM_CHATS)]

    def gateway_done() -> bool:
        with db.session_factory(layout.database_url)() as session:
            items = session.execute(select(InboxItem).where(InboxItem.sender_id.in_(chats))).scalars().all()
            return len(items) == TELEGRAM_CHATS * len(TELEGRAM_TEXTS) and all(
                i.status == InboxStatus.DONE for i in items)

    wait_for(gateway_done, 180, "the gateway's turns")
    for chat, sender in enumerate(chats):
        texts = _user_texts_each_answered(_tracker(layout, sender))
        assert len(texts) == len(TELEGRAM_TEXTS) and texts[1] == TELEGRAM_TEXTS[1]  # once each, in order
        assert len(layout.telegram.texts_to(7000 + chat)) >= len(TELEGRAM_TEXTS)

    with db.session_factory(layout.database_url)() as session:  # what Rasa stored, straight from the table
        stored = dict(session.execute(text(
            "SELECT sender_id, COUNT(*) FROM events WHERE type_name = 'user' AND sender_id LIKE :p GROUP BY sender_id"),
            {"p": f"web:load{run}%"}).all())
    assert stored == {s: TURNS + (len(AT_ONCE) if s in both else 0) for s in senders}
    assert layout.stack.dead() == []
    layout.stack.stop()  # every log line is written before the logs are read
    for log in sorted(layout.logs.glob("*.log")):
        trouble = [line for line in log.read_text(errors="replace").splitlines() if LOCK_TROUBLE.search(line)]
        assert trouble == [], f"{log.name}: {trouble[:5]}"
    turns = SENDERS * TURNS
    print(f"\n{turns} REST turns by {SENDERS} senders (+{2 * len(both)} at once) + "
          f"{TELEGRAM_CHATS * len(TELEGRAM_TEXTS)} Telegram turns "
          f"in {took:.1f} s; REST latency median {statistics.median(latencies):.2f} s, "
          f"p95 {sorted(latencies)[int(0.95 * len(latencies))]:.2f} s; lost 0, twice 0, lock errors 0")

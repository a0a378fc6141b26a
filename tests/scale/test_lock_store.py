"""The lock stores: different tickets on two servers, and a short wait for messages in a row.

Rasa's `RedisLockStore` reads, changes and writes the lock in separate calls; when both servers read
before either writes, both get ticket 0 and handle the person at once (shown here by holding both
between the read and the write). `AtomicRedisLockStore` makes the change atomic. Real Redis on loopback.

A message that waits for the one before it looks again every `WAIT_SECONDS` in both of our stores
(Rasa's look once a second); the waits asked of asyncio are recorded, so no test depends on the clock.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import os
import threading
import uuid
from pathlib import Path

import pytest
import redis
import yaml
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from tests.conftest import IN_CI
from wegwijz.lock_store import WAIT_SECONDS, AtomicRedisLockStore, QuickInMemoryLockStore
from wegwijz.settings import load
from wegwijz.stack import write_endpoints

REDIS_URL = os.environ.get("WEGWIJZ_TEST_REDIS", "redis://127.0.0.1:6379/0")


@pytest.fixture
def endpoint() -> EndpointConfig:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        if IN_CI:
            pytest.fail(f"Redis not reachable: {error}")
        pytest.skip(f"Redis not reachable: {error}")
    url = redis.connection.parse_url(REDIS_URL)
    return EndpointConfig(url=url.get("host", "127.0.0.1"), port=url.get("port", 6379), db=url.get("db", 0),
                          key_prefix="wegwijztest")


def _both_read_first(store_class: type, endpoint: EndpointConfig, meet: threading.Barrier | None) -> list[int]:
    conversation = f"web:lock{uuid.uuid4().hex[:8]}"

    class Server(store_class):  # type: ignore[misc, valid-type]
        def get_or_create_lock(self, conversation_id: str):  # type: ignore[no-untyped-def]
            lock = super().get_or_create_lock(conversation_id)
            if meet is not None:
                meet.wait(timeout=30)  # the other server reads too before this one writes
            return lock

    servers = [Server(endpoint_config=endpoint) if store_class is AtomicRedisLockStore else
               Server(host=endpoint.url, **endpoint.kwargs) for _ in range(2)]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        tickets = sorted(pool.map(lambda server: server.issue_ticket(conversation), servers))
    servers[0].delete_lock(conversation)
    return tickets


def test_rasas_redis_lock_store_hands_out_one_ticket_twice(endpoint: EndpointConfig) -> None:
    assert _both_read_first(RedisLockStore, endpoint, threading.Barrier(2)) == [0, 0]


def test_the_atomic_lock_store_hands_out_each_ticket_once(endpoint: EndpointConfig) -> None:
    # Nobody can meet inside the change any more; the second server simply waits for the first.
    assert _both_read_first(AtomicRedisLockStore, endpoint, None) == [0, 1]
    many = [AtomicRedisLockStore(endpoint_config=endpoint) for _ in range(8)]
    conversation = f"web:lock{uuid.uuid4().hex[:8]}"
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        tickets = sorted(pool.map(lambda store: store.issue_ticket(conversation), many * 5))
    many[0].delete_lock(conversation)
    assert tickets == list(range(40))


def _three_in_a_row(store: LockStore, monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[float]]:
    """Three messages of one person arrive while the first is handled: the order served, the waits asked."""
    conversation = f"web:row{uuid.uuid4().hex[:8]}"
    waits: list[float] = []
    real_sleep = asyncio.sleep

    async def recorded_sleep(delay: float, *args: object) -> None:
        waits.append(delay)
        await real_sleep(0)

    async def run() -> list[int]:
        served: list[int] = []
        first_in = asyncio.Event()
        let_go = asyncio.Event()

        async def message(number: int) -> None:
            async with store.lock(conversation):
                served.append(number)
                if number == 1:
                    first_in.set()
                    await let_go.wait()

        first = asyncio.ensure_future(message(1))
        await first_in.wait()
        with monkeypatch.context() as patched:  # undone before the next store's run takes `real_sleep`
            patched.setattr(asyncio, "sleep", recorded_sleep)
            others = [asyncio.ensure_future(message(2)), asyncio.ensure_future(message(3))]
            for _ in range(10_000):  # until both later messages found the lock taken and waited at least twice
                if len(waits) >= 4:
                    break
                await real_sleep(0)
            assert len(waits) >= 4, "the later messages did not wait for the first"
            let_go.set()
            await asyncio.gather(first, *others)
        return served

    return asyncio.run(run()), waits


def test_rasas_lock_store_lets_the_next_message_wait_a_whole_second(monkeypatch: pytest.MonkeyPatch) -> None:
    served, waits = _three_in_a_row(InMemoryLockStore(), monkeypatch)
    assert served == [1, 2, 3] and set(waits) == {1}


def test_our_lock_stores_look_again_quickly_and_keep_the_order(
        endpoint: EndpointConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    assert 0 < WAIT_SECONDS <= 0.05
    for store in (QuickInMemoryLockStore(), AtomicRedisLockStore(endpoint_config=endpoint)):
        served, waits = _three_in_a_row(store, monkeypatch)
        assert served == [1, 2, 3], type(store).__name__
        assert waits and set(waits) == {WAIT_SECONDS}, type(store).__name__


def test_the_endpoints_name_our_lock_store_with_and_without_redis(
        tmp_path: Path, endpoint: EndpointConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = dataclasses.replace(load(), var_dir=tmp_path)
    for redis_url, kind in ((None, QuickInMemoryLockStore), (REDIS_URL, AtomicRedisLockStore)):
        section = yaml.safe_load(write_endpoints(settings, 5055, lock_store_url=redis_url).read_text())["lock_store"]
        config = EndpointConfig(url=section.pop("url", None), type=section.pop("type"), **section)
        assert type(LockStore.create(config)) is kind  # as Rasa builds it from the file

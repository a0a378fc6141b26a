"""Two Rasa servers taking a ticket for the same conversation at the same moment get different tickets.

Rasa's `RedisLockStore` reads, changes and writes the lock in separate calls; when both servers read
before either writes, both get ticket 0 and handle the person at once (shown here by holding both
between the read and the write). `AtomicRedisLockStore` makes the change atomic. Real Redis on loopback.
"""

from __future__ import annotations

import concurrent.futures
import os
import threading
import uuid

import pytest
import redis
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from tests.conftest import IN_CI
from wegwijz.lock_store import AtomicRedisLockStore

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

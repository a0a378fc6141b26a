"""Rasa's lock stores, made safe for several Rasa servers and quick for several messages in a row.

Waiting: Rasa serves one message of a conversation at a time and lets the next one wait for the lock, but it
looks again only once a second. A newcomer who sends three short messages in a row ("hi", "a question",
"about the doctor") then waits a second extra for each: ten such messages took 9.3 s where the turns
themselves take under 0.1 s each (`make bench`, the burst). Both stores here look again every
`WAIT_SECONDS`; the order of the messages is still the ticket order.

Atomic changes (Redis):

Rasa 3.6's `RedisLockStore` reads a conversation's ticket lock, changes it and writes it back in three
separate Redis calls. Two servers that receive a message of the same person at the same moment can
therefore both issue ticket 0 and both handle the conversation at once; the SQL tracker store then keeps
only one of the two turns (it stores the events beyond the count already saved), and a message is lost.
(Rasa's own fix, a concurrent Redis lock store, was withdrawn from the open-source edition.)

Here every read-change-write of a lock (issuing a ticket, dropping expired tickets, finishing a ticket)
runs under a short Redis mutex of that conversation, so the servers take turns exactly as the ticket lock
intends. `wegwijz.stack.write_endpoints` names `AtomicRedisLockStore` when Redis is configured and
`QuickInMemoryLockStore` (one Rasa server, the embedded default) otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockStore, RedisLockStore, TicketLock
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 10
"""How long one change may hold a conversation's mutex (it takes milliseconds; this only guards a crash)."""

WAIT_SECONDS = 0.02
"""How often a waiting message looks whether its turn has come (Rasa's own stores: once a second)."""


class QuickWait(LockStore):
    """A lock store whose waiting messages look again every `WAIT_SECONDS` instead of every second."""

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        return await super()._acquire_lock(conversation_id, ticket, min(wait_time_in_seconds, WAIT_SECONDS))


class QuickInMemoryLockStore(QuickWait, InMemoryLockStore):
    """Rasa's in-memory lock store (one Rasa server) with the short wait.

    Args:
        endpoint_config: the `lock_store` section of Rasa's endpoints file (nothing in it is used).
    """

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        super().__init__()


class AtomicRedisLockStore(QuickWait, RedisLockStore):
    """`RedisLockStore` whose lock changes cannot interleave between processes, with the short wait.

    Args:
        endpoint_config: the `lock_store` section of Rasa's endpoints file (`url` is the Redis host; `port`,
            `db`, `password`, `key_prefix`, ... as for Rasa's `redis` lock store).
    """

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        options = dict(endpoint_config.kwargs) if endpoint_config is not None else {}
        options.update(kwargs)
        host = endpoint_config.url if endpoint_config is not None and endpoint_config.url else "localhost"
        super().__init__(host=options.pop("host", host), **options)

    @contextmanager
    def _changing(self, conversation_id: str) -> Iterator[None]:
        mutex = self.red.lock(f"{self.key_prefix}{conversation_id}:change", timeout=MUTEX_SECONDS,
                              blocking_timeout=MUTEX_SECONDS)
        with mutex:
            yield

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Issue the next ticket (see Rasa's `LockStore.issue_ticket`), atomically."""
        with self._changing(conversation_id):
            return int(super().issue_ticket(conversation_id, lock_lifetime))

    def update_lock(self, conversation_id: str) -> None:
        """Drop expired tickets (see Rasa's `LockStore.update_lock`), atomically."""
        with self._changing(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Finish a ticket and delete the lock when nobody waits (Rasa's `LockStore.cleanup`), atomically."""
        with self._changing(conversation_id):
            super().cleanup(conversation_id, ticket_number)

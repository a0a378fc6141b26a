"""The outbox worker: sends stored messages, in order per chat, within each platform's limits.

Per chat only the oldest pending message may go, and only one at a time, so
order holds through retries. A rate-limit answer pauses the whole channel
for as long as the platform asks; other failures are retried with growing
pauses, up to a maximum number of attempts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import sessionmaker

from wegwijz.channels import contacts, outbox
from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.models import OutboxMessage, utcnow
from wegwijz.channels.ratelimit import RateLimiter, backoff
from wegwijz.channels.sending import Delivery, Outcome, Sender
from wegwijz.voice import counts as voice_counts

log = logging.getLogger(__name__)

LEASE = dt.timedelta(seconds=60)
"""How long a claimed message is ours; after a crash it is sent again (at least once)."""
IDLE = 0.5
"""Seconds between looks at the outbox when nothing wakes the worker."""
MAX_HOLD = 10.0
"""A claimed message waits at most this long for its turn; for longer pauses it goes back to the outbox."""


@dataclass(frozen=True)
class Claimed:
    """What the worker needs of a claimed message, outside the database session."""

    id: int
    channel: str
    address: str
    kind: str
    payload: dict[str, Any]
    attempts: int


class DeliveryWorker:
    """Sends due outbox messages.

    Args:
        factory: database sessions.
        senders: per channel; messages of other channels wait.
        limiters: per channel.
        config: retry settings.
    """

    def __init__(self, factory: sessionmaker, senders: dict[str, Sender], limiters: dict[str, RateLimiter],
                 config: ChannelConfig) -> None:
        self.factory = factory
        self.senders = senders
        self.limiters = limiters
        self.config = config
        self.wakeup = asyncio.Event()
        self._busy: dict[str, asyncio.Task[None]] = {}

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set; messages in flight are finished first."""
        while not stop.is_set():
            self.wakeup.clear()  # before looking, so a wake-up during the look is not lost
            pause = IDLE
            try:
                heads = await asyncio.to_thread(self._due)
            except Exception:  # noqa: BLE001 - the database may be briefly away; keep going
                log.exception("outbox not readable; trying again")
                heads = []
            for message_id, channel, sender_id in heads:
                if sender_id in self._busy or channel not in self.senders:
                    continue
                wait = self.limiters[channel].wait_time(sender_id)
                if wait > 0:
                    pause = min(pause, wait)
                    continue
                self._busy[sender_id] = asyncio.create_task(self._send(message_id, sender_id))
            waiters = [asyncio.create_task(self.wakeup.wait()), asyncio.create_task(stop.wait())]
            await asyncio.wait([*waiters, *self._busy.values()], timeout=max(pause, 0.005),
                               return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        if self._busy:
            await asyncio.wait(list(self._busy.values()), timeout=10)

    def _due(self) -> list[tuple[int, str, str]]:
        with self.factory() as session:
            return [(int(m.id), str(m.channel), str(m.sender_id)) for m in outbox.due_heads(session, utcnow())]

    def _claim(self, message_id: int) -> Claimed | None:
        with self.factory.begin() as session:
            row = outbox.claim(session, message_id, utcnow(), LEASE)
            if row is None:
                return None
            return Claimed(int(row.id), str(row.channel), contacts.address_of(str(row.sender_id)), str(row.kind),
                           dict(row.payload), int(row.attempts or 0))

    def _settle(self, claimed: Claimed, result: Delivery, rate_pause: float) -> None:
        with self.factory.begin() as session:
            row = session.get(OutboxMessage, claimed.id)
            if row is None:  # erased meanwhile (/verwijder)
                return
            if result.outcome == Outcome.SENT:
                outbox.mark_sent(row, result.provider_message_id)
                voice_counts.record_payload(session, claimed.channel, claimed.payload)
            elif result.outcome == Outcome.RATE_LIMITED:
                outbox.retry_later(row, dt.timedelta(seconds=rate_pause), result.error or "rate limited", count=False)
            elif result.outcome == Outcome.REJECTED:
                outbox.fail(row, result.error or "rejected")
            elif claimed.attempts + 1 >= self.config.max_attempts:
                outbox.fail(row, f"gave up after {claimed.attempts + 1} attempts: {result.error}")
            else:
                delay = backoff(claimed.attempts + 1, self.config.retry_base_seconds, self.config.retry_max_seconds)
                outbox.retry_later(row, dt.timedelta(seconds=delay), result.error or "retry")

    async def _take_turn(self, limiter: RateLimiter, claimed: Claimed) -> bool:
        """Wait until the limits allow this message, right before it goes (claiming took a moment).

        Checking and recording happen without an `await` in between, so two
        messages never take the same slot. A long pause gives the claim back.
        """
        chat = f"{claimed.channel}:{claimed.address}"
        while (wait := limiter.wait_time(chat)) > 0:
            if wait > MAX_HOLD:
                await asyncio.to_thread(self._release, claimed.id, wait)
                return False
            await asyncio.sleep(wait)
        limiter.record(chat)
        return True

    def _release(self, message_id: int, wait: float) -> None:
        with self.factory.begin() as session:
            row = session.get(OutboxMessage, message_id)
            if row is not None:
                outbox.retry_later(row, dt.timedelta(seconds=wait), "waiting for the platform's pause", count=False)

    async def _send(self, message_id: int, sender_id: str) -> None:
        try:
            claimed = await asyncio.to_thread(self._claim, message_id)
            if claimed is None:
                return
            limiter = self.limiters[claimed.channel]
            if not await self._take_turn(limiter, claimed):
                return
            try:
                result = await self.senders[claimed.channel].deliver(claimed.address, claimed.kind, claimed.payload)
            finally:
                limiter.finished(f"{claimed.channel}:{claimed.address}")
            rate_pause = 0.0
            if result.outcome == Outcome.RATE_LIMITED:
                rate_pause = result.retry_after or backoff(limiter.strikes + 1, self.config.retry_base_seconds, 60.0)
                limiter.pause(rate_pause)
                log.info("%s asks us to slow down: pausing %.1f s", claimed.channel, rate_pause)
            elif result.outcome == Outcome.SENT:
                limiter.succeeded()
            elif result.outcome == Outcome.RETRY:
                log.warning("sending outbox message %s failed (%s); will retry", claimed.id, result.error)
            await asyncio.to_thread(self._settle, claimed, result, rate_pause)
        except Exception:  # noqa: BLE001 - one bad message must not stop the worker; its lease runs out
            log.exception("outbox message %s not sent", message_id)
        finally:
            self._busy.pop(sender_id, None)
            self.wakeup.set()  # the next message of this chat may go now

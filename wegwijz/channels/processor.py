"""The inbox worker: answers stored updates through Rasa, in order per person.

When Rasa (or its action server) is down, items stay in the inbox and are
tried again with growing pauses; each waiting person gets one "one moment
please". Rasa is asked again once per pause, not once per waiting message.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable

from sqlalchemy.orm import sessionmaker

from wegwijz.channels import contacts, inbox, turns
from wegwijz.channels.config import ChannelConfig
from wegwijz.channels.constants import Channel, InboundKind
from wegwijz.channels.models import InboxItem, utcnow
from wegwijz.channels.rasa_client import RasaClient, RasaUnavailable
from wegwijz.channels.ratelimit import RateLimiter, backoff
from wegwijz.channels.sending import Sender

log = logging.getLogger(__name__)

LEASE = dt.timedelta(seconds=90)
"""How long a claimed item is ours; after a crash another worker takes it over."""
TYPING_EVERY = 4.0
"""Telegram shows "typing…" for about five seconds; repeat it while Rasa thinks."""
CONCURRENT_TURNS = 4


class Processor:
    """Takes due inbox items and answers them.

    Args:
        factory: database sessions.
        rasa: the Rasa REST client.
        senders: per channel, for "typing…" and acknowledging buttons.
        limiters: per channel, so "typing…" waits while the platform asked us to pause.
        config: retry settings.
        delivered: called when new outbox messages are ready (wakes the outbox worker).
    """

    def __init__(self, factory: sessionmaker, rasa: RasaClient, senders: dict[str, Sender],
                 limiters: dict[str, RateLimiter], config: ChannelConfig, delivered: Callable[[], None]) -> None:
        self.factory = factory
        self.rasa = rasa
        self.senders = senders
        self.limiters = limiters
        self.config = config
        self.delivered = delivered
        self.wakeup = asyncio.Event()
        self.rasa_failures = 0
        self.rasa_down_until = 0.0
        self._busy: dict[str, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(CONCURRENT_TURNS)

    async def run(self, stop: asyncio.Event) -> None:
        """Answer due items until `stop` is set."""
        while not stop.is_set():
            self.wakeup.clear()  # before looking, so a wake-up during the look is not lost
            try:
                heads = await asyncio.to_thread(self._due)
            except Exception:  # noqa: BLE001 - the database may be briefly away; keep going
                log.exception("inbox not readable; trying again")
                heads = []
            for item_id, sender_id in heads:
                if sender_id not in self._busy:
                    self._busy[sender_id] = asyncio.create_task(self._handle(item_id, sender_id))
            waiters = [asyncio.create_task(self.wakeup.wait()), asyncio.create_task(stop.wait())]
            await asyncio.wait([*waiters, *self._busy.values()], timeout=0.5, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
        if self._busy:
            await asyncio.wait(list(self._busy.values()), timeout=5)

    def _due(self) -> list[tuple[int, str]]:
        with self.factory() as session:
            # The web chat answers its own items, in the web process.
            heads = inbox.due_heads(session, utcnow(), channels=(Channel.TELEGRAM, Channel.WHATSAPP))
            return [(int(i.id), str(i.sender_id)) for i in heads]

    def _begin(self, item_id: int) -> turns.Turn | None:
        with self.factory.begin() as session:
            now = utcnow()
            if not inbox.claim(session, item_id, now, LEASE):
                return None
            item = session.get(InboxItem, item_id)
            return turns.begin(session, item) if item is not None else None

    def _settle(self, item_id: int, action: Callable[..., object], *args: object) -> object:
        with self.factory.begin() as session:
            item = session.get(InboxItem, item_id)
            return action(session, item, *args) if item is not None else None

    async def _handle(self, item_id: int, sender_id: str) -> None:
        try:
            async with self._slots:
                await self._answer(item_id)
        except Exception:  # noqa: BLE001 - one bad item must not stop the others; its lease runs out
            log.exception("inbox item %s not handled", item_id)
        finally:
            self._busy.pop(sender_id, None)
            self.wakeup.set()  # the next message of this person may be waiting

    async def _answer(self, item_id: int) -> None:
        turn = await asyncio.to_thread(self._begin, item_id)
        if turn is None:
            return
        channel = contacts.channel_of(turn.sender_id)
        sender = self.senders.get(channel)
        address = contacts.address_of(turn.sender_id)
        if sender is not None and turn.reply_ref and (channel == Channel.TELEGRAM or turn.message is None):
            # Telegram: stop the pressed button's spinner. WhatsApp: mark read (a question to Rasa
            # is marked read together with "typing…" below).
            await sender.acknowledge(turn.reply_ref)
        if turn.message is None:
            if turn.kind in InboundKind.MEDIA:
                await asyncio.to_thread(self._settle, item_id, turns.answer_media, turn)
            else:
                await asyncio.to_thread(self._settle, item_id, lambda s, i: inbox.finish(s, i))
            self.delivered()
            return
        if time.monotonic() < self.rasa_down_until:
            await self._wait(item_id, turn, "Rasa is down")
            return
        # While Rasa is being probed after an outage, no "typing…": it may well fail again.
        shows_typing = sender if not self.rasa_failures else None
        await self._typing(shows_typing, address, turn.reply_ref, channel)
        typing = asyncio.create_task(self._keep_typing(shows_typing, address, turn.reply_ref, channel))
        try:
            replies = await asyncio.to_thread(self.rasa.talk, turn.sender_id, turn.message, turn.metadata)
        except RasaUnavailable as error:
            if error.reached:  # Rasa is there but fails on this message: retry it alone, for a while
                await self._retry_alone(item_id, turn, str(error))
                return
            self.rasa_failures += 1
            pause = backoff(self.rasa_failures, 0.5, self.config.rasa_retry_max_seconds)
            self.rasa_down_until = max(self.rasa_down_until, time.monotonic() + pause)
            if self.rasa_failures == 1:
                log.warning("Rasa cannot answer (%s); messages wait in the inbox", error)
            await self._wait(item_id, turn, str(error))
            return
        finally:
            typing.cancel()
        if self.rasa_failures:
            log.info("Rasa answers again; waiting messages follow")
        self.rasa_failures = 0
        self.rasa_down_until = 0.0
        await asyncio.to_thread(self._settle, item_id, turns.complete, turn, replies)
        self.delivered()

    async def _retry_alone(self, item_id: int, turn: turns.Turn, error: str) -> None:
        give_up_after = dt.timedelta(seconds=self.config.turn_give_up_seconds)
        if await asyncio.to_thread(self._settle, item_id, turns.tried_long_enough, give_up_after):
            log.warning("inbox item %s given up after %.0f s of failures (%s)", item_id, give_up_after.total_seconds(),
                        error)
            await asyncio.to_thread(self._settle, item_id, turns.give_up_turn, turn, error)
            self.delivered()
            return
        attempts = await asyncio.to_thread(self._settle, item_id, lambda s, i: int(i.attempts or 0))
        tries = attempts if isinstance(attempts, int) else 0
        delay = dt.timedelta(seconds=backoff(tries + 1, 0.5, self.config.rasa_retry_max_seconds))
        await asyncio.to_thread(self._settle, item_id, turns.wait_for_rasa, turn, delay, error)
        self.delivered()

    async def _wait(self, item_id: int, turn: turns.Turn, error: str) -> None:
        delay = dt.timedelta(seconds=max(0.2, self.rasa_down_until - time.monotonic()))
        await asyncio.to_thread(self._settle, item_id, turns.wait_for_rasa, turn, delay, error)
        self.delivered()

    async def _typing(self, sender: Sender | None, address: str, reply_ref: str | None, channel: str) -> None:
        limiter = self.limiters.get(channel)
        if sender is not None and (limiter is None or not limiter.paused_for()):
            await sender.typing(address, reply_ref)

    async def _keep_typing(self, sender: Sender | None, address: str, reply_ref: str | None, channel: str) -> None:
        if sender is None or channel != Channel.TELEGRAM:
            return  # WhatsApp's indicator lasts until we answer
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                await asyncio.sleep(TYPING_EVERY)
                await self._typing(sender, address, reply_ref, channel)

"""Sending limits: per chat, over all chats, and pauses the platform asks for (HTTP 429).

Telegram allows about one message per second per chat and about thirty per
second overall, and answers 429 with `retry_after` when we go too fast;
WhatsApp answers 429 or error 130429. One limiter per channel, kept in the
gateway process (one gateway per bot token).
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """One entry of a limiter's journal."""

    what: str
    """"send" (a message goes out now) or "pause" (the platform asked us to wait)."""
    chat: str
    """The chat of a send ("" for a pause)."""
    at: float
    """The limiter's clock when it happened."""
    until: float
    """For a pause: the limiter's clock when sending may start again."""


def sends_during_pauses(journal: list[Event]) -> list[Event]:
    """The sends in `journal` that went out while a pause asked for earlier was still running."""
    paused_until = float("-inf")
    broken = []
    for event in journal:
        if event.what == "pause":
            paused_until = max(paused_until, event.until)
        elif event.at < paused_until:
            broken.append(event)
    return broken


class RateLimiter:
    """Decides when the next message to a chat may go out.

    Args:
        per_chat_interval: seconds between two messages to the same chat (0: no per-chat limit).
        per_second: messages per second over all chats (0: no overall limit).
        clock: a monotonic clock in seconds (replaceable in tests).
        journal: when given, every send and pause is appended to it as it happens, by this
            limiter's own clock, so a test can check what the rules allow instead of timing it.
    """

    def __init__(self, per_chat_interval: float, per_second: float,
                 clock: Callable[[], float] = time.monotonic, journal: list[Event] | None = None) -> None:
        self.per_chat_interval = per_chat_interval
        self.window = max(1.0, 1.0 / per_second) if per_second > 0 else 1.0
        self.capacity = max(1, round(per_second * self.window)) if per_second > 0 else 0
        self.clock = clock
        self.strikes = 0
        """Rate-limit answers in a row without a success in between (for pauses without `retry_after`)."""
        self._last_sent: dict[str, float] = {}
        self._recent: deque[float] = deque()
        self._in_flight = 0
        self._paused_until = 0.0
        self.journal = journal

    def wait_time(self, chat: str) -> float:
        """Seconds until a message to `chat` may go out (0: now)."""
        now = self.clock()
        waits = [self._paused_until - now]
        last = self._last_sent.get(chat)
        if last is not None:
            waits.append(last + self.per_chat_interval - now)
        if self.capacity:
            while self._recent and self._recent[0] <= now - self.window:
                self._recent.popleft()
            if self._in_flight + len(self._recent) >= self.capacity:
                waits.append(self._recent[0] + self.window - now if self._recent else 0.01)
        return max(0.0, *waits)

    def record(self, chat: str) -> None:
        """A message to `chat` goes out now; call `finished` when the platform has answered."""
        self._in_flight += 1
        if self.journal is not None:
            self.journal.append(Event("send", chat, self.clock(), 0.0))
        self._last_sent[chat] = float("inf")  # nothing else to this chat until this one is answered

    def finished(self, chat: str) -> None:
        """The platform answered the message to `chat`.

        Limits count from the answer, not from the start: the platform saw the
        message somewhere in between, so however slow the network, two
        messages never reach it closer together than the limits allow.
        """
        now = self.clock()
        self._in_flight = max(0, self._in_flight - 1)
        self._last_sent[chat] = now
        if self.capacity:
            self._recent.append(now)
        if len(self._last_sent) > 10_000:  # forget chats that are long past their interval
            horizon = now - self.per_chat_interval
            self._last_sent = {c: t for c, t in self._last_sent.items() if t > horizon}

    def pause(self, seconds: float) -> None:
        """Send nothing on this channel for `seconds` (the platform said: too many requests)."""
        self.strikes += 1
        now = self.clock()
        self._paused_until = max(self._paused_until, now + seconds)
        if self.journal is not None:
            self.journal.append(Event("pause", "", now, self._paused_until))

    def succeeded(self) -> None:
        """A send went through: the run of rate-limit answers is over."""
        self.strikes = 0

    def paused_for(self) -> float:
        """Seconds left in the current pause (0: not paused)."""
        return max(0.0, self._paused_until - self.clock())


def backoff(attempt: int, base: float, cap: float, jitter: Callable[[], float] = random.random) -> float:
    """Seconds to wait before attempt `attempt + 1`: doubling from `base`, at most `cap`, ±20 % jitter.

    The jitter keeps many waiting messages from all retrying in the same instant.
    """
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    return delay * (0.8 + 0.4 * jitter())

"""How much and how often the web chat takes: body sizes and a per-sender rate limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MAX_CHAT_BODY = 16 * 1024
"""Bytes of one chat request (a 5,000-character message in Ge'ez script fits, 3 bytes a character)."""

MAX_REQUEST_BODY = 1024 * 1024
"""Bytes of any request to the web process (portal forms included); more is refused unread."""


class SenderLimiter:
    """A token bucket per sender: `burst` messages at once, then one every `60 / per_minute` seconds.

    Args:
        per_minute: messages a sender may send per minute over time.
        burst: messages a sender may send at once.
        clock: a monotonic clock in seconds (tests pass one they control).
    """

    def __init__(self, per_minute: float = 20, burst: int = 8, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, sender: str) -> bool:
        """Whether `sender` may send a message now (and count it when so)."""
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(sender, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[sender] = (tokens - 1.0 if allowed else tokens, now)
            if len(self._buckets) > 10_000:  # forget senders whose bucket is full again
                full = [s for s, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.burst]
                for key in full:
                    del self._buckets[key]
            return allowed

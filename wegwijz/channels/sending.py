"""What a channel's sender promises the outbox worker: one API call, one clear outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Outcome:
    """How one send went."""

    SENT = "sent"
    """Accepted by the platform."""
    RATE_LIMITED = "rate_limited"
    """Too many messages (Telegram 429, WhatsApp 429/130429): wait `retry_after`, then try again."""
    RETRY = "retry"
    """A passing problem (network, 5xx, our own token refused): try again later with backoff."""
    REJECTED = "rejected"
    """Will never succeed (the person blocked the bot, the message is invalid): give up and log."""


@dataclass(frozen=True)
class Delivery:
    """The outcome of sending one outbox message."""

    outcome: str
    provider_message_id: str | None = None
    retry_after: float | None = None
    error: str | None = None


class Sender(Protocol):
    """Sends outbox payloads on one channel."""

    channel: str

    async def deliver(self, address: str, kind: str, payload: dict[str, Any]) -> Delivery:
        """Send one payload to `address` (a chat id or phone number)."""
        ...

    async def typing(self, address: str, reply_ref: str | None) -> None:
        """Show that an answer is on its way (best effort; errors are ignored)."""
        ...

    async def acknowledge(self, reply_ref: str) -> None:
        """Acknowledge a button press or mark a message read (best effort)."""
        ...

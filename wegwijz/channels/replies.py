"""Rasa's replies as channel-neutral messages (text, buttons, or a channel's own payload).

Rasa's REST channel answers with a list of dicts: `{"text": ..., "buttons":
[{"title", "payload"}]}`, `{"image": url}` and `{"custom": {...}}`. Custom
payloads are hints for clients (`source`, `fallback`, `suggestions`) and are
not shown, except these, which become messages:

- `{"telegram": {"method": "sendMessage", ...}}` or `{"whatsapp": {...Graph API body...}}`:
  sent as they are on that channel (anything the API allows, e.g. a location);
- `{"text": ..., "buttons": [...]}`: shown like a normal reply;
- `{"voice": {"article": ..., "lang": ..., "version": ...}}`: a kennisbank article read aloud,
  sent as the channel's voice message (`wegwijz.voice`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

CHANNEL_KEYS = {"tg": "telegram", "wa": "whatsapp"}


@dataclass(frozen=True)
class Outgoing:
    """One message for a person, before a channel shapes it."""

    text: str = ""
    buttons: tuple[tuple[str, str], ...] = ()
    """(title, payload) pairs, in order."""
    raw: dict[str, Any] | None = None
    """A channel's own API payload, sent as is."""
    voice: dict[str, str] | None = None
    """A kennisbank article read aloud: `{"article", "lang", "version"}` (the audio is made when sent)."""


def _buttons(value: Any) -> tuple[tuple[str, str], ...]:
    result = []
    for button in value or ():
        if isinstance(button, dict) and button.get("title") and button.get("payload"):
            result.append((str(button["title"]), str(button["payload"])))
    return tuple(result)


def from_rasa(replies: Iterable[dict[str, Any] | str], channel: str) -> list[Outgoing]:
    """Turn Rasa's replies (or plain strings) into messages for `channel` ("tg", "wa")."""
    messages: list[Outgoing] = []
    for reply in replies:
        if isinstance(reply, str):
            messages.append(Outgoing(reply))
            continue
        text = str(reply.get("text") or "")
        buttons = _buttons(reply.get("buttons"))
        if text or buttons:
            messages.append(Outgoing(text or "⬇️", buttons))
        if reply.get("image"):
            messages.append(Outgoing(str(reply["image"])))
        custom = reply.get("custom")
        if isinstance(custom, dict):
            own = custom.get(CHANNEL_KEYS.get(channel, ""))
            voice = custom.get("voice")
            if isinstance(own, dict):
                messages.append(Outgoing(raw=own))
            elif isinstance(voice, dict) and voice.get("article") and voice.get("lang"):
                messages.append(Outgoing(voice={key: str(voice.get(key) or "") for key in ("article", "lang",
                                                                                           "version")}))
            elif custom.get("text"):
                messages.append(Outgoing(str(custom["text"]), _buttons(custom.get("buttons"))))
    return messages

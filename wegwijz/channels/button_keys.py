"""Short stand-ins for button payloads that are too long for a platform.

Telegram allows 64 bytes of callback data, WhatsApp 256 characters for a reply
button id and 200 for a list row id; Rasa payloads such as
`/choose_language{"language":"ar"}` usually fit, longer ones get a key.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wegwijz.channels.models import ButtonKey, utcnow

PREFIX = "k:"
"""Marks a short key; Rasa payloads start with "/" so they never look like one."""


def button_data(session: Session, payload: str, max_bytes: int) -> str:
    """`payload` itself when it fits in `max_bytes` (UTF-8), else a stored short key for it."""
    if len(payload.encode("utf-8")) <= max_bytes and not payload.startswith(PREFIX):
        return payload
    key = PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]
    if session.get(ButtonKey, key) is None:
        try:
            with session.begin_nested():  # another process may store the same key at the same moment
                session.add(ButtonKey(key=key, payload=payload, created_at=utcnow()))
        except IntegrityError:
            pass
    return key


def button_payload(session: Session, data: str) -> str | None:
    """The payload behind button data (a key or the payload itself); None for an unknown key."""
    if not data.startswith(PREFIX):
        return data
    stored = session.get(ButtonKey, data)
    return str(stored.payload) if stored is not None else None

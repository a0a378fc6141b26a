"""Who writes to us: the language to speak and WhatsApp's 24-hour customer-service window."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.channels.models import ChannelContact, utcnow
from wegwijz.language import detect_language

SERVICE_WINDOW = dt.timedelta(hours=24)
"""WhatsApp allows free-form messages only this long after the person's last message."""

CHOOSE_LANGUAGE = "/choose_language"


def channel_of(sender_id: str) -> str:
    """The channel prefix of a sender id (`tg:123` -> `tg`).

    Raises:
        ValueError: when the id carries no channel.
    """
    channel, sep, rest = sender_id.partition(":")
    if not sep or not rest:
        raise ValueError(f"sender id without channel: {sender_id!r}")
    return channel


def address_of(sender_id: str) -> str:
    """The platform's own address in a sender id (`wa:3161...` -> `3161...`)."""
    return sender_id.partition(":")[2]


def get_or_create(session: Session, sender_id: str) -> ChannelContact:
    """The contact for `sender_id`, added (not committed) when new."""
    contact = session.get(ChannelContact, sender_id)
    if contact is None:
        contact = ChannelContact(sender_id=sender_id, channel=channel_of(sender_id), created_at=utcnow())
        try:
            with session.begin_nested():  # another worker or gateway may add the same person at this moment
                session.add(contact)
        except IntegrityError:
            contact = session.get(ChannelContact, sender_id)
            if contact is None:
                raise
    return contact


def chosen_language(payload: str) -> str | None:
    """The language in a language button's payload (`/choose_language{"language":"ar"}`), if any."""
    if not payload.startswith(CHOOSE_LANGUAGE):
        return None
    try:
        value = json.loads(payload[len(CHOOSE_LANGUAGE):] or "{}").get("language")
    except (ValueError, AttributeError):
        return None
    return value if value in LANGUAGES else None


def follow_language(contact: ChannelContact, text: str | None, hint: str | None = None) -> str:
    """Update and return the language to speak to `contact`, given what they just sent.

    The order is the assistant's: an explicit choice, then the script or words
    of the message, then the language so far, then the app language Telegram
    reports (`hint`), then Dutch.
    """
    chosen = chosen_language(text or "")
    if chosen:
        contact.chosen_language = chosen
        contact.language = chosen
        return chosen
    previous = contact.language or (hint if hint in LANGUAGES else None)
    if text and not text.startswith("/"):
        contact.language = detect_language(text, chosen=contact.chosen_language, previous=previous).language
    elif contact.language is None and previous:
        contact.language = previous
    return contact.language or "nl"


def known_language(contact: ChannelContact | None, hint: str | None = None) -> str | None:
    """The language we know for a contact (or the app-language hint), None when unknown."""
    if contact is not None and contact.language:
        return str(contact.language)
    return hint if hint in LANGUAGES else None


def in_service_window(contact: ChannelContact | None, now: dt.datetime | None = None) -> bool:
    """Whether WhatsApp allows a free-form message to this contact now."""
    if contact is None or contact.last_inbound_at is None:
        return False
    return (now or utcnow()) - contact.last_inbound_at < SERVICE_WINDOW

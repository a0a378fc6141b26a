"""Who writes to us: the language to speak and WhatsApp's 24-hour customer-service window."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.channels.models import ChannelContact, utcnow
from wegwijz.contract import languages
from wegwijz.language import decide_language as decide

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


def decide_language(contact: ChannelContact, message: str | None, hint: str | None = None) -> str:
    """The language to answer `message` in, decided once for the whole turn, and remembered for `contact`.

    A language button (`/choose_language{...}`) is an explicit choice and is stored as one; otherwise
    `wegwijz.language.decide_language` decides from the stored choice, the conversation so far, the
    message, and the app language the platform reports (`hint`, e.g. Telegram's "en-US"). A language
    that only the hint or the default gave is not stored: the person's first words decide.
    """
    chosen = chosen_language(message or "")
    if chosen:
        remember_choice(contact, chosen)
        return chosen
    decided = decide(message, chosen=contact.chosen_language, previous=contact.language, hint=hint)
    if decided.reason not in ("hint", "default"):
        contact.language = decided.language
    return decided.language


def remember_choice(contact: ChannelContact, lang: str) -> None:
    """The person chose `lang` explicitly (a button, or "English please" as Rasa understood it)."""
    contact.chosen_language = lang
    contact.language = lang


def known_language(contact: ChannelContact | None, hint: str | None = None) -> str | None:
    """The language we know for a contact (or the app language the platform reports), None when unknown."""
    if contact is not None and (contact.chosen_language or contact.language):
        return str(contact.chosen_language or contact.language)
    return languages.from_locale(hint)


def in_service_window(contact: ChannelContact | None, now: dt.datetime | None = None) -> bool:
    """Whether WhatsApp allows a free-form message to this contact now."""
    if contact is None or contact.last_inbound_at is None:
        return False
    return (now or utcnow()) - contact.last_inbound_at < SERVICE_WINDOW

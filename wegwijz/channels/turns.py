"""One turn: an inbox item becomes a question to Rasa, and Rasa's replies become outbox messages.

The database steps are short and separate from the call to Rasa, so no
transaction stays open while Rasa thinks. The same steps serve Telegram,
WhatsApp and the web chat.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from wegwijz.channels import button_keys, contacts, inbox, outbox
from wegwijz.channels.constants import Channel, InboundKind, InboxStatus
from wegwijz.channels.inbox import Inbound
from wegwijz.channels.models import InboxItem, utcnow
from wegwijz.channels.replies import Outgoing, from_rasa
from wegwijz.contract import commands, languages
from wegwijz.language import clean_input
from wegwijz.texts import say

MAX_MESSAGE = 5000
"""Longer messages are cut here; the assistant reads the beginning anyway."""

_START_PARAMETER = re.compile(r"^/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})\s*$")
"""A Telegram deep link (`t.me/<bot>?start=<parameter>`) arrives as `/start <parameter>`."""


def start_parameter(text: str) -> str | None:
    """The deep-link parameter of a typed `/start <parameter>`, if any (Telegram allows A-Z a-z 0-9 _ -)."""
    match = _START_PARAMETER.match(text)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Turn:
    """What to do for one inbox item."""

    item_id: int
    sender_id: str
    kind: str
    lang: str
    message: str | None
    """What to send to Rasa; None when Rasa is not needed (media, an unknown button)."""
    reply_ref: str | None
    language_known: bool
    metadata: dict[str, Any] | None = None
    """Rasa message metadata: the decided language as `language`, a `/start` deep-link parameter as
    `start_parameter`."""


def receive(session: Session, inbound: Inbound, now: dt.datetime | None = None) -> InboxItem | None:
    """Store an inbound update (the caller commits); None for a duplicate.

    Any message opens WhatsApp's 24-hour window, so messages held for this
    person (a check-in behind a template) are released.
    """
    now = now or utcnow()
    item = inbox.store(session, inbound, now)
    if item is None:
        return None
    contact = contacts.get_or_create(session, inbound.sender_id)
    if inbound.kind == InboundKind.BLOCKED:
        contact.unreachable_since = now
        outbox.hold_all(session, inbound.sender_id)
        session.flush()
        return item
    if contact.unreachable_since is not None:  # they write again: whatever waited may go now
        contact.unreachable_since = None
        outbox.release_held(session, inbound.sender_id)
    contact.last_inbound_at = now
    if inbound.channel == Channel.WHATSAPP:
        released = outbox.release_held(session, inbound.sender_id)
        if released and inbound.kind == InboundKind.TEMPLATE_REPLY:
            # The tap only opened the window; the held messages are the answer.
            inbox.finish(session, item)
    session.flush()
    return item


def receive_batch(factory: sessionmaker, inbounds: list[Inbound]) -> int:
    """Store a batch of updates in one transaction; returns how many were new (not duplicates)."""
    with factory.begin() as session:
        return sum(receive(session, inbound) is not None for inbound in inbounds)


def begin(session: Session, item: InboxItem) -> Turn:
    """Decide what an item asks of Rasa, and follow the person's language."""
    contact = contacts.get_or_create(session, item.sender_id)
    text = clean_input(item.text)[:MAX_MESSAGE] if item.text else ""
    message: str | None = None
    if item.kind in (InboundKind.BUTTON, InboundKind.TEMPLATE_REPLY):
        message = button_keys.button_payload(session, text) if item.kind == InboundKind.BUTTON else text
    elif item.kind == InboundKind.TEXT or (item.kind in InboundKind.MEDIA and text):
        # A photo's caption is typed text too: answered as text, besides the kind reply to the photo.
        # One policy on every channel: typed text is text, except the registered commands.
        message = commands.for_rasa(text)
    known = contacts.known_language(contact, item.language_hint) is not None or bool(message)
    # The language is decided here, once; Rasa, its actions and the outbox all use this value.
    lang = (contacts.decide_language(contact, message, item.language_hint) if message
            else contacts.known_language(contact, item.language_hint) or languages.SOURCE)
    metadata: dict[str, Any] = languages.metadata(lang)
    if item.kind == InboundKind.TEXT and item.channel == Channel.TELEGRAM and start_parameter(text):
        metadata["start_parameter"] = start_parameter(text)
    return Turn(int(item.id), str(item.sender_id), str(item.kind), lang, message or None, item.reply_ref, known,
                metadata)


def answer_media(session: Session, item: InboxItem, turn: Turn) -> None:
    """A kind reply to a voice note, photo, sticker, location or file: the assistant reads only text.

    When we do not know the person's language yet, the reply comes in all four.
    """
    outbox.enqueue(session, turn.sender_id, [media_notice(turn)], turn.lang)
    inbox.finish(session, item)


def media_notice(turn: Turn) -> Outgoing:
    """The kind reply for a media item (in all four languages when we do not know theirs yet)."""
    key = f"channel_media_{turn.kind}" if turn.kind in InboundKind.MEDIA else "channel_media_other"
    return Outgoing(say(key, turn.lang) if turn.language_known
                    else "\n\n".join(say(key, lang) for lang in languages.CODES))


def complete(session: Session, item: InboxItem, turn: Turn, replies: list[dict[str, Any]]) -> None:
    """Rasa answered: remember a language the person chose in words, queue the replies and close the item."""
    contact = contacts.get_or_create(session, turn.sender_id)
    contact.waiting_notice_at = None
    lang = turn.lang
    chosen = languages.chosen_in(replies)
    if chosen:  # "English please": Rasa understood an explicit choice, and answered in it
        contacts.remember_choice(contact, chosen)
        lang = chosen
    if item.channel != Channel.WEB:
        messages = from_rasa(replies, item.channel)
        if turn.kind in InboundKind.MEDIA:  # a captioned photo: first the kind reply, then the answer
            messages.insert(0, media_notice(turn))
        if messages:
            outbox.enqueue(session, turn.sender_id, messages, lang)
    inbox.finish(session, item)


def wait_for_rasa(session: Session, item: InboxItem, turn: Turn, delay: dt.timedelta, error: str) -> bool:
    """Rasa cannot answer: keep the item for later, and say "one moment please" once per outage.

    Returns:
        Whether the "one moment" message was queued now.
    """
    contact = contacts.get_or_create(session, turn.sender_id)
    inbox.postpone(session, item, delay, error)
    if contact.waiting_notice_at is not None:
        return False
    contact.waiting_notice_at = utcnow()
    outbox.enqueue(session, turn.sender_id, [Outgoing(say("channel_one_moment", turn.lang))], turn.lang)
    return True


def tried_long_enough(session: Session, item: InboxItem, give_up_after: dt.timedelta) -> bool:
    """Whether a message that Rasa keeps failing on has been tried for `give_up_after` already."""
    return bool(utcnow() - item.received_at >= give_up_after)


def give_up_turn(session: Session, item: InboxItem, turn: Turn, error: str) -> None:
    """Rasa was reachable but kept failing on this message: say so kindly and let the next messages go on."""
    contact = contacts.get_or_create(session, turn.sender_id)
    contact.waiting_notice_at = None
    outbox.enqueue(session, turn.sender_id, [Outgoing(say("channel_turn_failed", turn.lang))], turn.lang)
    inbox.finish(session, item, InboxStatus.FAILED, error)


def give_up(session: Session, item: InboxItem, error: str) -> None:
    """The web chat could not be answered; the person sees "try again" and the item is closed."""
    inbox.finish(session, item, InboxStatus.FAILED, error)

"""Enumerations of the channel gateway: channels, statuses and kinds of message.

Plain string constants (stored as such in the database), each value documented.
"""

from __future__ import annotations

from wegwijz.contract import commands


class Channel:
    """Where a newcomer writes from; the prefix of their sender id (`tg:123`)."""

    TELEGRAM = "tg"
    """Telegram: the sender id holds the private chat id."""
    WHATSAPP = "wa"
    """WhatsApp Cloud API: the sender id holds the phone number (wa_id, digits only)."""
    WEB = "web"
    """The web chat: the sender id holds a random id kept in the browser."""

    ALL = (TELEGRAM, WHATSAPP, WEB)


class InboxStatus:
    """What became of one inbound update."""

    PENDING = "pending"
    """Stored, not yet answered (new, or waiting for Rasa to come back)."""
    DONE = "done"
    """Answered (or nothing to answer); the text is no longer kept."""
    FAILED = "failed"
    """Could not be answered and will not be retried (web chat: the person was asked to try again)."""


class OutboxStatus:
    """What became of one outbound message."""

    PENDING = "pending"
    """Waiting to be sent (new, or waiting for a retry)."""
    SENT = "sent"
    """Accepted by Telegram or WhatsApp."""
    HELD = "held"
    """WhatsApp, outside the 24-hour window: waits until the person answers the template message."""
    REFUSED = "refused"
    """Not sent on purpose (a free-form WhatsApp message outside the 24-hour window); logged."""
    FAILED = "failed"
    """Rejected by the platform (blocked the bot, bad request) or out of retries; logged."""


class InboundKind:
    """What a newcomer sent."""

    TEXT = "text"
    """Typed text (including commands such as /taal)."""
    BUTTON = "button"
    """A button press; the text holds the button's data (a Rasa payload or a short key)."""
    TEMPLATE_REPLY = "template_reply"
    """A tap on a quick-reply button of a WhatsApp template message: it opens the 24-hour window."""
    VOICE = "voice"
    """A voice note or other audio."""
    PHOTO = "photo"
    """A photo or image."""
    STICKER = "sticker"
    """A sticker."""
    LOCATION = "location"
    """A location or place."""
    DOCUMENT = "document"
    """A file."""
    OTHER = "other"
    """Anything else the assistant cannot read (video, contact card, poll, ...)."""
    EDITED = "edited"
    """A Telegram message edited afterwards: stored, not answered again."""
    REACTION = "reaction"
    """A WhatsApp reaction (an emoji on an earlier message, or its removal): stored, not answered."""
    INLINE_BUTTON = "inline_button"
    """A button on an inline-mode Telegram message: no chat to answer in; only acknowledged."""
    BLOCKED = "blocked"
    """The person blocked the bot (Telegram `my_chat_member` kicked): nothing more is sent to them."""

    MEDIA = (VOICE, PHOTO, STICKER, LOCATION, DOCUMENT, OTHER)


class DeliveryStatus:
    """What the platform later says became of a sent message (WhatsApp status webhooks)."""

    SENT = "sent"
    """On its way to the person's phone."""
    DELIVERED = "delivered"
    """On the person's phone."""
    READ = "read"
    """Opened by the person."""
    FAILED = "failed"
    """Not delivered after all; `delivery_error` says why."""

    ORDER = (SENT, DELIVERED, READ)
    """A later status never goes back to an earlier one (webhooks may arrive out of order)."""


class OutboundKind:
    """How an outbound message goes out."""

    MESSAGE = "message"
    """A free-form message (text, buttons, list): on WhatsApp only inside the 24-hour window."""
    TEMPLATE = "template"
    """A WhatsApp template message, allowed outside the 24-hour window."""


COMMANDS = commands.MENU
"""The commands shown in Telegram's menu (declared with every typed command in `wegwijz.contract.commands`)."""

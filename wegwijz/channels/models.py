"""Channel tables: what came in (inbox), what goes out (outbox), who writes (contacts), button keys.

Both boxes are durable: an update is stored before Telegram or WhatsApp is told
it arrived, and a reply is stored before it is sent, so a crash or an outage
loses nothing. Message text is kept only until it is handled (inbox) or for
the retention period (outbox, to show what was sent or refused).
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Column, Integer, String, Text, UniqueConstraint

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow


class InboxItem(Base):
    """One inbound update (a message, a button press, a media message)."""

    __tablename__ = "channel_inbox"
    __table_args__ = (UniqueConstraint("channel", "external_id", name="uq_channel_inbox_external"),)

    id = Column(Integer, primary_key=True)
    channel = Column(String(8), nullable=False)
    external_id = Column(String(128), nullable=False)  # Telegram update_id, WhatsApp message id: duplicates
    sender_id = Column(String(80), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    text = Column(Text, nullable=True)  # cleared once handled
    reply_ref = Column(String(128), nullable=True)  # Telegram callback query id / WhatsApp message id
    language_hint = Column(String(8), nullable=True)  # the app language Telegram reports, if any
    platform_order = Column(BigInteger, nullable=True)  # Telegram's update_id, WhatsApp's timestamp: the order
    status = Column(String(12), nullable=False, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UtcDateTime, nullable=False, default=utcnow)
    claimed_until = Column(UtcDateTime, nullable=True)
    received_at = Column(UtcDateTime, nullable=False, default=utcnow)
    handled_at = Column(UtcDateTime, nullable=True)
    last_error = Column(String(300), nullable=True)


class OutboxMessage(Base):
    """One outbound API call (a text, a message with buttons, a template)."""

    __tablename__ = "channel_outbox"

    id = Column(Integer, primary_key=True)  # the order within a chat
    channel = Column(String(8), nullable=False)
    sender_id = Column(String(80), nullable=False, index=True)
    kind = Column(String(12), nullable=False)
    payload = Column(JSON, nullable=False)  # ready for the platform's API, see telegram_out / whatsapp_out
    proactive = Column(Boolean, nullable=False, default=False)  # started by us, not a reply
    status = Column(String(12), nullable=False, index=True)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UtcDateTime, nullable=False, default=utcnow)
    claimed_until = Column(UtcDateTime, nullable=True)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)
    sent_at = Column(UtcDateTime, nullable=True)
    provider_message_id = Column(String(128), nullable=True, index=True)
    last_error = Column(String(500), nullable=True)
    delivery_status = Column(String(12), nullable=True)  # the platform's word after sending: `DeliveryStatus`
    delivered_at = Column(UtcDateTime, nullable=True)
    read_at = Column(UtcDateTime, nullable=True)
    delivery_error = Column(Text, nullable=True)  # JSON: code, title, message, details, href


class ChannelContact(Base):
    """Per sender: the language to speak, and when they last wrote (WhatsApp's 24-hour window)."""

    __tablename__ = "channel_contacts"

    sender_id = Column(String(80), primary_key=True)
    channel = Column(String(8), nullable=False)
    language = Column(String(2), nullable=True)
    chosen_language = Column(String(2), nullable=True)  # set by a language button; wins over detection
    last_inbound_at = Column(UtcDateTime, nullable=True)
    waiting_notice_at = Column(UtcDateTime, nullable=True)  # "one moment please" sent during this outage
    unreachable_since = Column(UtcDateTime, nullable=True)  # blocked the bot; cleared when they write again
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)


class ButtonKey(Base):
    """A short stand-in for a button payload too long for the platform (Telegram: 64 bytes)."""

    __tablename__ = "channel_button_keys"

    key = Column(String(24), primary_key=True)
    payload = Column(Text, nullable=False)
    created_at = Column(UtcDateTime, nullable=False, default=utcnow)

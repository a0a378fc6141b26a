"""The tables of the weekly tips (personal data kept by chat address, erased by /verwijder).

`digest_subscriptions` is one row per chat address that said yes (or later stopped);
`digest_messages` is one row per weekly message; `digest_items` is every activity and article
ever sent to the address, so nothing is sent twice (a unique pair).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, UniqueConstraint

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow


class SubscriptionStatus:
    """Where a subscription stands."""

    ACTIVE = "active"
    """The person said yes: a message goes out at most once a week."""
    STOPPED = "stopped"
    """The person stopped it (STOP, or the button): nothing more goes out."""


class PartOfDay:
    """When in the day the person likes to get the message (local time in Zeist)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"
    """Any time within the sending hours (also when the person did not choose)."""

    HOURS = {MORNING: (9, 12), AFTERNOON: (12, 17), EVENING: (17, 20), ANY: (0, 24)}
    """Local hours [from, until) per part of the day; always within the scheduler's sending hours too."""
    ALL = (MORNING, AFTERNOON, EVENING, ANY)


class Delivery:
    """How a weekly message went out (the outbox's own word, or the web chat's)."""

    QUEUED = "queued"
    """In the outbox for Telegram, or WhatsApp inside the 24-hour window."""
    TEMPLATE = "template"
    """WhatsApp outside the window: the template went out; the message follows the person's tap."""
    HELD = "held"
    """The person blocked the bot; it goes when they write again."""
    REFUSED = "refused"
    """No way to reach the person now (no WhatsApp template configured): nothing counted as sent."""
    WEB_WAITING = "web_waiting"
    """Web chat: waits until the person's chat page fetches it."""
    WEB_SHOWN = "web_shown"
    """Web chat: the chat page showed it (counted as opened)."""
    DROPPED = "dropped"
    """Stopped before it went out (STOP while it waited)."""

    REACHING = (QUEUED, TEMPLATE, HELD, WEB_WAITING, WEB_SHOWN)
    """Deliveries that count as sent."""


class DigestSubscription(Base):
    """A chat address's yes to the weekly tips, with the two answers that shape them.

    `school_children` is the person's own answer to "do you have children at school?" (None: not
    answered). `next_due_on` is the local day from which the next message may go; each message moves it
    a week on, which is also what keeps it to one a week.
    """

    __tablename__ = "digest_subscriptions"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, unique=True)
    lang = Column(String(8), nullable=False)
    status = Column(String(12), nullable=False, default=SubscriptionStatus.ACTIVE, index=True)
    school_children = Column(Boolean, nullable=True)
    part_of_day = Column(String(12), nullable=False, default=PartOfDay.ANY)
    opted_in_at = Column(UtcDateTime, nullable=False, default=utcnow)
    stopped_at = Column(UtcDateTime, nullable=True)
    next_due_on = Column(Date, nullable=False, index=True)
    last_sent_at = Column(UtcDateTime, nullable=True)


class DigestMessage(Base):
    """One weekly message: when, to which address, how it went out, and whether it was opened."""

    __tablename__ = "digest_messages"
    __table_args__ = (UniqueConstraint("subscription_id", "local_day", name="uq_digest_messages_day"),)

    id = Column(Integer, primary_key=True)
    subscription_id = Column(Integer, ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    sender_id = Column(String(255), nullable=False, index=True)
    local_day = Column(Date, nullable=False)
    sent_at = Column(UtcDateTime, nullable=False, default=utcnow, index=True)
    lang = Column(String(8), nullable=False)
    items = Column(JSON, nullable=False)
    """The item keys in the message (`activity:<id>`, `article:<id>`)."""
    text = Column(String(4000), nullable=False)
    buttons = Column(JSON, nullable=True)
    """The message's buttons (`{"title", "payload"}`), for the web chat page that shows it later."""
    delivery = Column(String(12), nullable=False)
    outbox_ids = Column(JSON, nullable=False)
    opened_at = Column(UtcDateTime, nullable=True)
    """When the channel said it was read (WhatsApp's read receipt) or the web chat page showed it."""


class DigestItem(Base):
    """An activity or article once sent to a chat address: never sent there again."""

    __tablename__ = "digest_items"
    __table_args__ = (UniqueConstraint("subscription_id", "item", name="uq_digest_items_item"),)

    id = Column(Integer, primary_key=True)
    subscription_id = Column(Integer, ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    sender_id = Column(String(255), nullable=False, index=True)
    message_id = Column(Integer, ForeignKey("digest_messages.id", ondelete="CASCADE"), nullable=False, index=True)
    item = Column(String(100), nullable=False)
    sent_at = Column(UtcDateTime, nullable=False, default=utcnow)

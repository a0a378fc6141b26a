"""The inbox: every inbound update is stored here before the platform is told it arrived.

Duplicates (the same Telegram update_id or WhatsApp message id, delivered
again after a timeout or a restart) are recognised by (channel, external_id)
and handled once. Items of one sender are handled one at a time in the
platform's order (Telegram's update_id, WhatsApp's sent-at timestamp; arrival
breaks ties), so an earlier message delivered late, after a retry, is still
answered before the later one that overtook it, when both wait.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from wegwijz.channels.constants import InboxStatus
from wegwijz.channels.models import InboxItem, utcnow


@dataclass(frozen=True)
class Inbound:
    """One update as a platform sent it, reduced to what the assistant needs."""

    channel: str
    external_id: str
    sender_id: str
    kind: str
    text: str | None = None
    reply_ref: str | None = None
    language_hint: str | None = None
    platform_order: int | None = None
    """Where the platform puts this update among the sender's (Telegram's update_id, WhatsApp's timestamp)."""


def store(session: Session, inbound: Inbound, now: dt.datetime | None = None) -> InboxItem | None:
    """Add `inbound` to the inbox (the caller commits); None when it is a duplicate."""
    exists = session.execute(select(InboxItem.id).where(
        InboxItem.channel == inbound.channel, InboxItem.external_id == inbound.external_id)).first()
    if exists:
        return None
    now = now or utcnow()
    item = InboxItem(channel=inbound.channel, external_id=inbound.external_id, sender_id=inbound.sender_id,
                     kind=inbound.kind, text=inbound.text, reply_ref=inbound.reply_ref,
                     language_hint=(inbound.language_hint or "")[:8] or None, platform_order=inbound.platform_order,
                     status=InboxStatus.PENDING,
                     attempts=0, next_attempt_at=now, received_at=now)
    try:
        with session.begin_nested():  # a second gateway may store the same update at the same moment
            session.add(item)
    except IntegrityError:
        return None
    return item


def due_heads(session: Session, now: dt.datetime, limit: int = 50,
              channels: tuple[str, ...] | None = None) -> list[InboxItem]:
    """Per sender, the first pending item in the platform's order, when it is due and not claimed by a worker."""
    earlier = aliased(InboxItem)
    comes_before = or_(
        earlier.platform_order < InboxItem.platform_order,
        and_(earlier.platform_order == InboxItem.platform_order, earlier.id < InboxItem.id),
        # Without the platform's order on both (the web chat, items stored before it was kept): arrival.
        and_(or_(earlier.platform_order.is_(None), InboxItem.platform_order.is_(None)), earlier.id < InboxItem.id),
    )
    first = ~exists().where(earlier.sender_id == InboxItem.sender_id, earlier.status == InboxStatus.PENDING,
                            or_(comes_before, earlier.claimed_until >= now))  # one at a time: none in hand
    query = select(InboxItem).where(InboxItem.status == InboxStatus.PENDING, first)
    if channels:
        query = query.where(InboxItem.channel.in_(channels))
    query = (query.where(
        InboxItem.next_attempt_at <= now,
        or_(InboxItem.claimed_until.is_(None), InboxItem.claimed_until < now))
        .order_by(InboxItem.id).limit(limit))
    return list(session.execute(query).scalars())


def claim(session: Session, item_id: int, now: dt.datetime, lease: dt.timedelta) -> bool:
    """Take an item for handling until `now + lease` (False when another worker has it)."""
    result = session.execute(update(InboxItem).where(
        InboxItem.id == item_id, InboxItem.status == InboxStatus.PENDING,
        or_(InboxItem.claimed_until.is_(None), InboxItem.claimed_until < now),
    ).values(claimed_until=now + lease).execution_options(synchronize_session=False))
    return result.rowcount == 1


def finish(session: Session, item: InboxItem, status: str = InboxStatus.DONE, error: str | None = None) -> None:
    """Close an item; its text is not kept (Rasa's conversation already holds what it needs)."""
    item.status = status
    item.text = None
    item.claimed_until = None
    item.handled_at = utcnow()
    item.last_error = error[:300] if error else None


def postpone(session: Session, item: InboxItem, delay: dt.timedelta, error: str) -> None:
    """Try an item again after `delay` (Rasa is down)."""
    item.attempts = (item.attempts or 0) + 1
    item.next_attempt_at = utcnow() + delay
    item.claimed_until = None
    item.last_error = error[:300]


def pending_count(session: Session, sender_id: str | None = None) -> int:
    """How many items still wait (for one sender, or for all)."""
    query = select(func.count()).select_from(InboxItem).where(InboxItem.status == InboxStatus.PENDING)
    if sender_id:
        query = query.where(and_(InboxItem.sender_id == sender_id))
    return int(session.execute(query).scalar_one())

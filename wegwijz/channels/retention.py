"""Forgetting: handled updates and sent messages after the retention period, and one person on request."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from wegwijz.channels.constants import Channel, InboxStatus, OutboxStatus
from wegwijz.channels.models import ChannelContact, InboxItem, OutboxMessage, utcnow


def forget_old(session: Session, days: int, now: dt.datetime | None = None) -> int:
    """Delete inbox items and outbox messages older than `days` that need nothing more (the caller commits).

    Pending and held messages stay, however old: they are still to be delivered.
    Web-chat items go regardless of status: a web item never waits for a retry.

    Returns:
        How many rows were deleted.
    """
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    gone = session.execute(delete(InboxItem).where(
        InboxItem.received_at < cutoff,
        or_(InboxItem.status != InboxStatus.PENDING, InboxItem.channel == Channel.WEB),
    ).execution_options(synchronize_session=False)).rowcount or 0
    gone += session.execute(delete(OutboxMessage).where(
        OutboxMessage.created_at < cutoff,
        OutboxMessage.status.in_((OutboxStatus.SENT, OutboxStatus.REFUSED, OutboxStatus.FAILED)),
    ).execution_options(synchronize_session=False)).rowcount or 0
    return int(gone)


def forget_sender(session: Session, sender_id: str) -> int:
    """Erase everything the gateway keeps about one person (for /verwijder); the caller commits.

    Returns:
        How many rows were deleted.
    """
    gone = 0
    for table, column in ((InboxItem, InboxItem.sender_id), (OutboxMessage, OutboxMessage.sender_id),
                          (ChannelContact, ChannelContact.sender_id)):
        gone += session.execute(delete(table).where(column == sender_id)
                                .execution_options(synchronize_session=False)).rowcount or 0
    return gone

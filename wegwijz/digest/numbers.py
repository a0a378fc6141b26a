"""The weekly tips for the monitoring page and the newcomer's page: counts, and one person's state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz.digest.models import Delivery, DigestMessage, DigestSubscription, SubscriptionStatus
from wegwijz.journey.checkins import TIMEZONE

READ_RECEIPTS = ("wa:", "web:")
"""Chat addresses whose channel says when a message was opened (WhatsApp's read receipts, the web
chat page showing it). Telegram tells a bot nothing of the kind, so its messages are not in the base."""


@dataclass(frozen=True)
class Numbers:
    """Weekly tips in a period: aggregates only, no person."""

    sent: int
    """Weekly messages that went out (or wait for a template tap or the web page)."""
    can_tell: int
    """Of those, sent on a channel that reports opening (WhatsApp, web chat)."""
    opened: int
    """Of those, opened as the channel says."""
    stopped: int
    """Subscriptions stopped in the period."""
    started: int
    """Subscriptions (re)started in the period."""
    active: int
    """Subscriptions active now."""
    not_reached: int
    """Weekly messages refused (no way to reach the person then, e.g. no WhatsApp template)."""


def _moments(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = ZoneInfo(TIMEZONE)
    return (dt.datetime.combine(start, dt.time(0), zone).astimezone(dt.timezone.utc),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), zone).astimezone(dt.timezone.utc))


def numbers(session: Session, start: dt.date, end: dt.date) -> Numbers:
    """The counts for the local days `start` to `end` (inclusive)."""
    since, until = _moments(start, end)

    def count(model: type, *where) -> int:  # type: ignore[no-untyped-def]
        return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())

    in_period = (DigestMessage.sent_at >= since, DigestMessage.sent_at < until)
    reaching = DigestMessage.delivery.in_(Delivery.REACHING)
    telling = DigestMessage.sender_id.like("wa:%") | DigestMessage.sender_id.like("web:%")
    return Numbers(
        sent=count(DigestMessage, *in_period, reaching),
        can_tell=count(DigestMessage, *in_period, reaching, telling),
        opened=count(DigestMessage, *in_period, reaching, DigestMessage.opened_at.is_not(None)),
        stopped=count(DigestSubscription, DigestSubscription.stopped_at >= since,
                      DigestSubscription.stopped_at < until),
        started=count(DigestSubscription, DigestSubscription.opted_in_at >= since,
                      DigestSubscription.opted_in_at < until),
        active=count(DigestSubscription, DigestSubscription.status == SubscriptionStatus.ACTIVE),
        not_reached=count(DigestMessage, *in_period, DigestMessage.delivery == Delivery.REFUSED),
    )


@dataclass(frozen=True)
class PersonState:
    """Whether a newcomer's chat gets the tips, for the caseworker (no content of the messages)."""

    sender_id: str
    active: bool
    since: dt.datetime | None
    stopped_at: dt.datetime | None
    sent: int
    opened: int
    last_sent_at: dt.datetime | None


def states_for(session: Session, senders: tuple[str, ...]) -> list[PersonState]:
    """The tips of each of these chat addresses that ever said yes."""
    found = []
    for subscription in session.execute(select(DigestSubscription).where(
            DigestSubscription.sender_id.in_(senders)).order_by(DigestSubscription.id)).scalars():
        of_it = (DigestMessage.subscription_id == subscription.id,
                 DigestMessage.delivery.in_(Delivery.REACHING))
        sent = int(session.execute(select(func.count()).select_from(DigestMessage).where(*of_it)).scalar_one())
        opened = int(session.execute(select(func.count()).select_from(DigestMessage).where(
            *of_it, DigestMessage.opened_at.is_not(None))).scalar_one())
        active = subscription.status == SubscriptionStatus.ACTIVE
        found.append(PersonState(str(subscription.sender_id), active, subscription.opted_in_at,
                                 None if active else subscription.stopped_at, sent, opened, subscription.last_sent_at))
    return found

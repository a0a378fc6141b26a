"""The weekly tips in the registry of personal data: export, erasure, /mijngegevens."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz.contract.personal_data import Feature, Senders, sender_feature
from wegwijz.digest.models import Delivery, DigestItem, DigestMessage, DigestSubscription, SubscriptionStatus
from wegwijz.texts import say


def _day(moment: object) -> str:
    from wegwijz.humanhelp.office_hours import TIMEZONE

    return moment.astimezone(TIMEZONE).strftime("%d-%m-%Y") if moment is not None else "-"  # type: ignore[attr-defined]


def describe(session: Session, senders: Senders, lang: str) -> list[str]:
    """The person's tips (on or stopped, the answers that shape them, how many went out), in their language."""
    lines = []
    for subscription in session.execute(select(DigestSubscription).where(
            DigestSubscription.sender_id.in_(senders)).order_by(DigestSubscription.id)).scalars():
        count = int(session.execute(select(func.count()).select_from(DigestMessage).where(
            DigestMessage.subscription_id == subscription.id,
            DigestMessage.delivery.in_(Delivery.REACHING))).scalar_one())
        if subscription.status == SubscriptionStatus.ACTIVE:
            children = {True: "yes", False: "no"}.get(subscription.school_children, "unknown")
            lines.append(say("digest_mydata_on", lang, since=_day(subscription.opted_in_at), count=count,
                             part=say(f"digest_part_{subscription.part_of_day}", lang),
                             children=say(f"digest_children_value_{children}", lang)))
        else:
            lines.append(say("digest_mydata_off", lang, stopped=_day(subscription.stopped_at), count=count))
    return lines


_ROWS = sender_feature("digest", DigestItem.__table__, DigestMessage.__table__, DigestSubscription.__table__)
FEATURE = Feature(_ROWS.name, _ROWS.tables, _ROWS.erase, _ROWS.export, describe)
"""Kept by chat address; erased items first, then messages, then the subscription (the foreign keys' order)."""

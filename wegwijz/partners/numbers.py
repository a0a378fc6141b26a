"""Sharing with partners on the monitoring page: counts only, no person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz.journey.models import AuditLog
from wegwijz.partners.models import Organisation, PartnerConsent
from wegwijz.partners.partner_view import VIEWED_PROFILE


@dataclass(frozen=True)
class Numbers:
    """Consents and partner views in a period, and what holds now."""

    given: int
    """Consents given in the period (a yes to one organisation)."""
    withdrawn: int
    """Consents withdrawn in the period."""
    views: int
    """Profiles read by partners in the period."""
    active_consents: int
    """Consents that hold now."""
    newcomers_sharing: int
    """Newcomers who share with at least one organisation now."""
    organisations: int
    """Active partner organisations now."""


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    low = dt.datetime.combine(start, dt.time(), tzinfo=dt.timezone.utc)
    return low, dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)


def numbers(session: Session, start: dt.date, end: dt.date) -> Numbers:
    """The counts for the days `start` to `end` (inclusive, UTC)."""
    low, high = _bounds(start, end)

    def count(statement) -> int:  # type: ignore[no-untyped-def]
        return int(session.execute(statement).scalar_one())

    consents = select(func.count()).select_from(PartnerConsent)
    return Numbers(
        given=count(consents.where(PartnerConsent.given_at >= low, PartnerConsent.given_at < high)),
        withdrawn=count(consents.where(PartnerConsent.withdrawn_at >= low, PartnerConsent.withdrawn_at < high)),
        views=count(select(func.count()).select_from(AuditLog).where(AuditLog.what == VIEWED_PROFILE,
                                                                     AuditLog.at >= low, AuditLog.at < high)),
        active_consents=count(consents.where(PartnerConsent.withdrawn_at.is_(None))),
        newcomers_sharing=count(select(func.count(func.distinct(PartnerConsent.newcomer_id)))
                                .where(PartnerConsent.withdrawn_at.is_(None))),
        organisations=count(select(func.count()).select_from(Organisation).where(Organisation.active.is_(True))),
    )

"""The audit trail: every view of a newcomer's personal data is written down (who, what, when).

Entries go to the journey's `AuditLog` table; `what` and `detail` never hold
personal data (ids and action names only), so the trail can outlive an erasure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz.journey import audit as journey_audit
from wegwijz.journey.models import AuditLog

DETAIL_LENGTH = 300
"""`AuditLog.detail` holds at most this many characters."""


class PortalAction:
    """What a portal user did; the `what` of an audit entry."""

    VIEWED_WORKLIST = "portal: werklijst bekeken"
    """Saw the list of their newcomers (names, flags, check-in dates)."""
    VIEWED_NEWCOMER = "portal: nieuwkomer bekeken"
    """Opened one newcomer's page (profile, answers, flags, matches, identities)."""
    EXPORTED_NEWCOMER = "portal: gegevens geëxporteerd"
    """Downloaded everything stored about one newcomer (right of access)."""
    HANDLED_FLAG = "portal: signaal afgehandeld"
    """Marked a flag handled, with a note."""
    RECORDED_MATCH = "portal: koppeling vastgelegd"
    """Recorded or ended a buddy / volunteer match."""
    RECORDED_ACTIVITY = "portal: activiteit vastgelegd"
    """Recorded an activity the newcomer took part in."""
    VIEWED_UNASSIGNED = "portal: niet-toegewezen bekeken"
    """Saw the queue of newcomers without a caseworker (names, flags)."""
    CLAIMED_NEWCOMER = "portal: nieuwkomer overgenomen"
    """Became the caseworker of a newcomer from the unassigned queue."""
    CHANGED_PROFILE = "portal: gegevens gewijzigd"
    """Changed the name, linking date, intake date or caseworker."""
    ERASED_NEWCOMER = "portal: alle gegevens gewist"
    """Erased a newcomer and everything kept by their chat addresses, on their request."""


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log as admins read it."""

    at: dt.datetime | None
    actor: str
    action: str
    newcomer_id: int | None
    detail: str


def record(session: Session, who: str, what: str, newcomer_id: int | None = None, detail: str = "") -> None:
    """Write one audit entry (the caller commits, together with what it records)."""
    journey_audit.record(session, who, what, newcomer_id, detail[:DETAIL_LENGTH] or None)


def read(session: Session, actor: str | None, offset: int, limit: int) -> tuple[list[AuditEntry], int]:
    """Entries, newest first, optionally of one actor, and how many there are in all."""
    query = select(AuditLog)
    counter = select(func.count()).select_from(AuditLog)
    if actor:
        query = query.where(AuditLog.who == actor)
        counter = counter.where(AuditLog.who == actor)
    rows = session.execute(query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).offset(offset).limit(limit))
    entries = [AuditEntry(at=row.at, actor=row.who, action=row.what, newcomer_id=row.newcomer_id,
                          detail=row.detail or "") for row in rows.scalars()]
    return entries, int(session.execute(counter).scalar_one())

"""The audit trail: who did or read what about which newcomer, and when.

The portal writes an entry for every view of personal data; the chat and the
scheduler write one for consent changes, check-ins sent and erasures.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.journey.models import AuditLog, utcnow


def record(session: Session, who: str, what: str, newcomer_id: int | None = None, detail: str | None = None,
           now: dt.datetime | None = None) -> AuditLog:
    """Add one audit entry (the caller commits, together with what it records).

    Args:
        session: the database session.
        who: a portal username, `newcomer` or `scheduler`.
        what: what happened, e.g. "viewed profile"; never personal data.
        newcomer_id: the newcomer concerned, if any.
        detail: a short extra, e.g. the check-in kind; never personal data.
        now: the moment (default: now).
    """
    entry = AuditLog(who=who, what=what, newcomer_id=newcomer_id, detail=detail, at=now or utcnow())
    session.add(entry)
    return entry


def entries(session: Session, newcomer_id: int | None = None, limit: int = 200) -> list[AuditLog]:
    """The newest entries first, for one newcomer or for everyone."""
    query = select(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    if newcomer_id is not None:
        query = query.where(AuditLog.newcomer_id == newcomer_id)
    return list(session.execute(query).scalars())

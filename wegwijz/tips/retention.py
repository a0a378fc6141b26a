"""Forgetting tips nobody reviewed: the giver's own words do not wait for an editor forever.

A tip still waiting `days` after it was given (the check-in answers' period,
`WEGWIJZ_RETAIN_CHECKIN_DAYS`) is deleted by the scheduler's retention round
(`wegwijz.retention`); reviewed tips hold no original words and stay until erasure.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.tips.models import Tip, TipStatus


def forget_unreviewed(session: Session, days: int, now: dt.datetime) -> int:
    """Delete tips still waiting for review `days` after they were given (the caller commits).

    Returns:
        How many tips were deleted.
    """
    cutoff = now - dt.timedelta(days=days)
    old = session.execute(select(Tip).where(Tip.status == TipStatus.WAITING, Tip.given_at < cutoff)).scalars().all()
    for tip in old:
        session.delete(tip)  # its texts go with it (cascade)
    session.flush()
    return len(old)

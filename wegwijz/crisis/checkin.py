"""A crisis message during a check-in raises a flag for the newcomer's caseworker."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from wegwijz.crisis.detect import Detection
from wegwijz.crisis.reply import raise_flag
from wegwijz.journey.constants import ConsentKind
from wegwijz.journey.models import CheckIn
from wegwijz.journey.newcomers import find_by_sender, has_consent


def flag_checkin(session: Session, sender_id: str, checkin_id: object, detection: Detection | None,
                 now: dt.datetime | None = None) -> bool:
    """Raise the crisis flag on the open check-in of this sender (the caller commits).

    Returns:
        Whether the caseworker will see a crisis flag for this check-in (new or already open).
    """
    newcomer = find_by_sender(session, sender_id)
    if newcomer is None or checkin_id is None or not has_consent(newcomer, ConsentKind.PROFILE):
        return False
    checkin = session.get(CheckIn, int(str(checkin_id)))
    if checkin is None or checkin.newcomer_id != newcomer.id:
        return False
    raise_flag(session, newcomer, checkin, detection, now)
    return True

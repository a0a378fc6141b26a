"""A caseworker's newcomers: who they may see, and the worklist (what needs action first)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from wegwijz.journey.constants import CheckInState
from wegwijz.journey.models import CheckIn, Newcomer
from wegwijz.portal.models import PortalUser
from wegwijz.portal.roles import Role

DUE_SOON = dt.timedelta(days=14)
"""A scheduled check-in this close to its due date shows as 'due' on the worklist."""


class CheckInAttention:
    """How urgent a newcomer's next check-in is on the worklist."""

    OVERDUE = "overdue"
    """Due but not sent (no chat address?), or it expired without answers: the caseworker should visit."""
    WAITING = "waiting"
    """Sent; waiting for the newcomer's answers."""
    DUE = "due"
    """Scheduled within the next two weeks."""
    LABELS = {OVERDUE: "te laat", WAITING: "verstuurd, wacht op antwoord", DUE: "binnenkort"}
    """Dutch labels."""
    ORDER = {OVERDUE: 0, WAITING: 1, DUE: 2}


def may_see_all(user: PortalUser) -> bool:
    """Admins see every newcomer; caseworkers only their own."""
    return user.role == Role.ADMIN.value


def newcomer_for(session: Session, user: PortalUser, newcomer_id: int) -> Newcomer | None:
    """One newcomer, if this user may see them (None otherwise, so others' newcomers look absent)."""
    newcomer = session.get(Newcomer, newcomer_id)
    if newcomer is None:
        return None
    if may_see_all(user) or (newcomer.caseworker and newcomer.caseworker == user.username):
        return newcomer
    return None


def checkin_attention(checkin: CheckIn, today: dt.date) -> str | None:
    """How urgent one check-in is today, or None when it needs nothing."""
    if checkin.state == CheckInState.EXPIRED:
        return CheckInAttention.OVERDUE
    if checkin.state == CheckInState.SCHEDULED:
        if checkin.due_date < today:
            return CheckInAttention.OVERDUE
        if checkin.due_date - today <= DUE_SOON:
            return CheckInAttention.DUE
        return None
    if checkin.state in CheckInState.OPEN:
        return CheckInAttention.WAITING
    return None


@dataclass(frozen=True)
class WorklistRow:
    """One newcomer on the worklist."""

    newcomer: Newcomer
    open_flags: int
    checkin: CheckIn | None
    """The check-in that needs attention (the most urgent one), if any."""
    attention: str | None
    days_since_linking: int | None
    next_checkin: CheckIn | None
    """The next scheduled check-in, for the 'next' column."""

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Open flags first, then overdue, waiting and due check-ins, then who has been here longest."""
        return (
            0 if self.open_flags else 1,
            CheckInAttention.ORDER.get(self.attention or "", 9),
            -self.open_flags,
            -(self.days_since_linking or 0),
        )


def worklist(session: Session, user: PortalUser, today: dt.date, caseworker: str | None = None) -> list[WorklistRow]:
    """The newcomers this user follows (all of them, or one caseworker's, for an admin), most urgent first."""
    query = select(Newcomer).options(selectinload(Newcomer.flags), selectinload(Newcomer.checkins))
    if not may_see_all(user):
        query = query.where(Newcomer.caseworker == user.username)
    elif caseworker:
        query = query.where(Newcomer.caseworker == caseworker)
    return _rows(session, query, today)


def unassigned(session: Session, today: dt.date) -> list[WorklistRow]:
    """Newcomers nobody follows yet (a chat intake makes them), open flags first; every caseworker sees them."""
    query = select(Newcomer).options(selectinload(Newcomer.flags), selectinload(Newcomer.checkins)) \
        .where(Newcomer.caseworker.is_(None))
    return _rows(session, query, today)


def claim(newcomer: Newcomer, user: PortalUser) -> bool:
    """Make `user` the caseworker of an unassigned newcomer; False when someone already follows them."""
    if newcomer.caseworker is not None:
        return False
    newcomer.caseworker = user.username
    return True


def _rows(session: Session, query: Select, today: dt.date) -> list[WorklistRow]:
    rows = []
    for newcomer in session.execute(query).scalars():
        urgent = [(checkin_attention(c, today), c) for c in newcomer.checkins]
        urgent = [(a, c) for a, c in urgent if a is not None]
        urgent.sort(key=lambda pair: (CheckInAttention.ORDER[pair[0]], pair[1].due_date))  # type: ignore[index]
        upcoming = [c for c in newcomer.checkins if c.state == CheckInState.SCHEDULED]
        rows.append(WorklistRow(
            newcomer=newcomer,
            open_flags=sum(1 for f in newcomer.flags if f.handled_at is None),
            checkin=urgent[0][1] if urgent else None,
            attention=urgent[0][0] if urgent else None,
            days_since_linking=(today - newcomer.linked_on).days if newcomer.linked_on else None,
            next_checkin=min(upcoming, key=lambda c: c.due_date) if upcoming else None,
        ))
    return sorted(rows, key=lambda row: row.sort_key)


def caseworkers(session: Session) -> list[str]:
    """Usernames that follow at least one newcomer (for the admin's filter)."""
    names = session.execute(select(Newcomer.caseworker).where(Newcomer.caseworker.is_not(None)).distinct())
    return sorted(str(name) for name in names.scalars())

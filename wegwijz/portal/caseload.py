"""A caseworker's newcomers: who they may see, and the worklist (what needs action first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from wegwijz.journey.constants import CheckInState
from wegwijz.journey.models import CheckIn, Newcomer
from wegwijz.portal import flag_kinds
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
    def flags(self) -> list:  # type: ignore[type-arg]
        """The open flags, most urgent first."""
        return flag_kinds.by_severity([f for f in self.newcomer.flags if f.handled_at is None])

    @property
    def top_severity(self) -> int:
        """The severity of the most urgent open flag (9 without open flags)."""
        return min((flag_kinds.kind_of(f.rule).severity for f in self.newcomer.flags if f.handled_at is None),
                   default=9)

    @property
    def sort_key(self) -> tuple[int, int, int, int, int]:
        """Open flags first (the most urgent kind first), then overdue, waiting and due check-ins,
        then who has been here longest."""
        return (
            0 if self.open_flags else 1,
            self.top_severity,
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


PAGE_SIZE = 25
"""Newcomers per page of the worklist."""
NO_CHECKIN = "geen"
"""The check-in filter for newcomers whose check-ins need nothing now."""
SORTS = ("urgentie", "naam", "signalen", "checkin", "dagen", "taal")
"""The worklist's sortable columns; 'urgentie' is the worklist's own order."""


@dataclass(frozen=True)
class ListChoice:
    """What a caseworker asked of the worklist: search, filters, order and page (from the query string)."""

    search: str = ""
    flag_kind: str = ""
    """A rule of `wegwijz.portal.flag_kinds`: only newcomers with such an open flag."""
    checkin: str = ""
    """A `CheckInAttention` value, or `NO_CHECKIN`."""
    language: str = ""
    sort: str = "urgentie"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: dict[str, str]) -> ListChoice:
        """Read the query string, ignoring what it does not know."""
        try:
            page = max(1, int(args.get("pagina", "1")))
        except ValueError:
            page = 1
        sort = args.get("sorteer", "urgentie")
        return cls(search=args.get("zoek", "").strip()[:100], flag_kind=args.get("signaal", ""),
                   checkin=args.get("checkin", ""), language=args.get("taal", ""),
                   sort=sort if sort in SORTS else "urgentie", descending=args.get("richting") == "af", page=page)


@dataclass(frozen=True)
class ListPage:
    """One page of a filtered, sorted list."""

    rows: list[WorklistRow]
    total: int
    page: int
    pages: int


def _matches(row: WorklistRow, choice: ListChoice) -> bool:
    person = row.newcomer
    if choice.search:
        wanted = choice.search.casefold()
        by_number = wanted.lstrip("#").isdigit() and int(wanted.lstrip("#")) == person.id
        if wanted.startswith("#") and not by_number:
            return False  # "#12" means newcomer 12, not every name with a 12 in it
        if not by_number and wanted not in (person.name or "").casefold():
            return False
    if choice.flag_kind and not any(f.rule == choice.flag_kind for f in row.flags):
        return False
    if choice.checkin and (row.attention or NO_CHECKIN) != choice.checkin:
        return False
    return not (choice.language and person.preferred_language != choice.language)


def _column_key(sort: str) -> Callable[[WorklistRow], tuple]:  # type: ignore[type-arg]
    keys: dict[str, Callable[[WorklistRow], tuple]] = {  # type: ignore[type-arg]
        "naam": lambda r: ((r.newcomer.name or "").casefold() or "~", r.newcomer.id),
        "signalen": lambda r: (r.open_flags, -r.top_severity),
        "checkin": lambda r: (CheckInAttention.ORDER.get(r.attention or "", 9), _due(r)),
        "dagen": lambda r: (r.days_since_linking if r.days_since_linking is not None else -1,),
        "taal": lambda r: (r.newcomer.preferred_language, r.newcomer.id),
    }
    return keys.get(sort, lambda r: r.sort_key)


def _due(row: WorklistRow) -> dt.date:
    checkin = row.checkin or row.next_checkin
    return checkin.due_date if checkin is not None else dt.date.max


def choose(rows: list[WorklistRow], choice: ListChoice, page_size: int = PAGE_SIZE) -> ListPage:
    """Search, filter, sort and cut `rows` to one page as `choice` asks."""
    kept = [row for row in rows if _matches(row, choice)]
    kept.sort(key=_column_key(choice.sort), reverse=choice.descending)
    pages = max(1, -(-len(kept) // page_size))
    page = min(choice.page, pages)
    return ListPage(rows=kept[(page - 1) * page_size:page * page_size], total=len(kept), page=page, pages=pages)

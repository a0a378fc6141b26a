"""Server-side portal sessions: started at sign-in, ended by logout or by inactivity."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijz.portal.models import PortalSession, PortalUser, as_utc, utcnow

TOUCH_EVERY = dt.timedelta(seconds=30)
"""`last_seen_at` is written at most this often, so reading pages does not mean a write per request."""


def token_id(token: str) -> str:
    """The stored id of a cookie token: its SHA-256, so a copy of the table signs nobody in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Resumed:
    """What a cookie token turned out to be."""

    user: PortalUser | None
    """The signed-in user, or None."""
    session_id: str | None = None
    """The stored id of the session, when signed in."""
    expired: bool = False
    """True when there was a session but it ended through inactivity or age."""


def start(session: Session, user: PortalUser, now: dt.datetime | None = None) -> str:
    """Open a session for `user` (the caller commits) and return the token for the cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    session.add(PortalSession(id=token_id(token), user_id=user.id, created_at=now, last_seen_at=now))
    return token


def resume(session: Session, token: str | None, idle: dt.timedelta, max_age: dt.timedelta,
           now: dt.datetime | None = None) -> Resumed:
    """Find the session behind a cookie token and keep it alive (the caller commits).

    A session unused for `idle`, or older than `max_age`, is deleted and reported as expired.
    """
    if not token:
        return Resumed(user=None)
    now = now or utcnow()
    row = session.get(PortalSession, token_id(token))
    if row is None:
        return Resumed(user=None)
    last_seen = as_utc(row.last_seen_at) or now
    created = as_utc(row.created_at) or now
    user = session.get(PortalUser, row.user_id)
    if now - last_seen > idle or now - created > max_age or user is None or not user.active:
        session.delete(row)
        return Resumed(user=None, expired=user is not None and user.active)
    if now - last_seen >= TOUCH_EVERY:
        row.last_seen_at = now
    return Resumed(user=user, session_id=row.id)


def end(session: Session, token: str | None) -> None:
    """End the session behind a cookie token, if any (the caller commits)."""
    if token:
        session.execute(delete(PortalSession).where(PortalSession.id == token_id(token)))


def purge_expired(session: Session, idle: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Delete sessions idle for longer than `idle` (the caller commits); returns how many."""
    now = now or utcnow()
    stale = [row for row in session.execute(select(PortalSession)).scalars()
             if now - (as_utc(row.last_seen_at) or now) > idle]
    for row in stale:
        session.delete(row)
    return len(stale)

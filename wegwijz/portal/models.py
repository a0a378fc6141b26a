"""Portal tables: staff accounts and their server-side sessions.

Sessions live in the database (not in a signed cookie) so that logout, a
password change or a deactivated account really ends them, and so that any
portal process behind a load balancer can serve any request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String

from wegwijz.db import Base
from wegwijz.db.moments import utcnow  # noqa: F401  (the one UTC moment; portal code imports it from here)

Clock = Callable[[], dt.datetime]
"""Returns now, timezone-aware; the portal reads its own clock from `app.config["PORTAL_CLOCK"]` (tests set one)."""


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A stored moment as aware UTC (SQLite hands back naive datetimes)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


class PortalUser(Base):
    """A member of staff who signs in to the portal."""

    __tablename__ = "portal_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(20), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    must_change_password = Column(Boolean, nullable=False, default=False)
    # No longer used: a lock per account let anyone lock out a known colleague (see LoginThrottle).
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_login_at = Column(DateTime(timezone=True), nullable=True)


class PortalSession(Base):
    """One signed-in browser; the cookie holds a random token, the table only its SHA-256."""

    __tablename__ = "portal_sessions"

    id = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("portal_users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class LoginThrottle(Base):
    """Failed sign-ins counted per network address, and per address and typed username.

    Keys are HMACs (under the secret key) of what they count, so the table holds no addresses or usernames.
    Every typed username counts the same way, existing or not, so the counts tell nobody which accounts exist.
    """

    __tablename__ = "portal_login_throttle"

    key = Column(String(64), primary_key=True)
    username_key = Column(String(64), nullable=True, index=True)
    """For a per-(address, username) row: the HMAC of the username alone, so an admin can lift its pauses."""
    failures = Column(Integer, nullable=False, default=0)
    last_failure_at = Column(DateTime(timezone=True), nullable=False)
    blocked_until = Column(DateTime(timezone=True), nullable=True)

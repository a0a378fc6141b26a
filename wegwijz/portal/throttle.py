"""Back-off for failed sign-ins, per network address and per (address, typed username).

A lock per account would let anyone who knows a caseworker's username lock her out, and
an account that locks while an unknown name never does tells which usernames exist. So
failures are counted where they come from: per address (someone trying many names) and
per address and typed username (someone trying many passwords), the same way whether
the username exists or not. A colleague signing in from elsewhere is never held up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijz.portal.models import LoginThrottle, as_utc

FORGET_AFTER = dt.timedelta(hours=24)
"""A count with no failure for this long starts again from zero."""
USERNAME_LENGTH = 256
"""Typed usernames are cut here before they are counted (no account name is longer)."""


@dataclass(frozen=True)
class BackOff:
    """When failures start to pause sign-ins, and for how long.

    After `free` failures in a row, each further failure pauses sign-ins for
    `first`, then twice as long for every failure after that, at most `longest`.
    """

    free: int
    first: dt.timedelta
    longest: dt.timedelta

    def pause_after(self, failures: int) -> dt.timedelta | None:
        """The pause that `failures` failures in a row earn, or None while they are free."""
        if failures < self.free:
            return None
        doublings = min(failures - self.free, 20)
        return min(self.longest, self.first * (2 ** doublings))


@dataclass(frozen=True)
class LoginRules:
    """The back-off per address and per (address, username)."""

    per_address: BackOff
    per_name: BackOff

    @classmethod
    def from_config(cls, max_failed: int, lock_minutes: float, max_failed_per_address: int) -> LoginRules:
        """The rules from the portal's settings (counts and minutes)."""
        lock = dt.timedelta(minutes=lock_minutes)
        return cls(per_address=BackOff(max_failed_per_address, dt.timedelta(minutes=1), lock),
                   per_name=BackOff(max_failed, lock, lock * 8))


def _digest(secret: str, text: str) -> str:
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def normal_username(username: str) -> str:
    """A typed username as it is counted: trimmed, lower case, cut to a bounded length."""
    return username.strip().lower()[:USERNAME_LENGTH]


@dataclass(frozen=True)
class Keys:
    """The throttle rows one attempt touches."""

    address: str
    name: str
    username: str

    @classmethod
    def of(cls, secret: str, address: str, username: str) -> Keys:
        """The keys for an attempt from `address` with `username` (HMACs under `secret`)."""
        name = normal_username(username)
        return cls(address=_digest(secret, f"address\n{address}"),
                   name=_digest(secret, f"name\n{address}\n{name}"),
                   username=_digest(secret, f"username\n{name}"))


def _row(session: Session, key: str, now: dt.datetime) -> LoginThrottle | None:
    row = session.get(LoginThrottle, key)
    if row is None:
        return None
    last = as_utc(row.last_failure_at) or now
    blocked = as_utc(row.blocked_until)
    if now - last > FORGET_AFTER and not (blocked and blocked > now):
        session.delete(row)
        session.flush()
        return None
    return row


def paused_until(session: Session, keys: Keys, now: dt.datetime) -> dt.datetime | None:
    """When sign-ins for this attempt may start again, or None when they may now."""
    ends = [as_utc(row.blocked_until) for key in (keys.address, keys.name)
            if (row := _row(session, key, now)) is not None and row.blocked_until is not None]
    later = [end for end in ends if end is not None and end > now]
    return max(later) if later else None


def record_failure(session: Session, keys: Keys, rules: LoginRules, now: dt.datetime) -> dt.datetime | None:
    """Count a failed attempt (the caller commits); returns the end of the pause it earned, if any."""
    pauses = []
    for key, rule, username_key in ((keys.address, rules.per_address, None),
                                    (keys.name, rules.per_name, keys.username)):
        row = _row(session, key, now)
        if row is None:
            row = LoginThrottle(key=key, username_key=username_key, failures=0, last_failure_at=now)
            session.add(row)
        row.failures = (row.failures or 0) + 1
        row.last_failure_at = now
        pause = rule.pause_after(row.failures)
        if pause is not None:
            row.blocked_until = now + pause
            pauses.append(now + pause)
    session.flush()
    return max(pauses) if pauses else None


def record_success(session: Session, keys: Keys) -> None:
    """Forget the failures of this username from this address (the caller commits).

    The address's own count stays: one good password must not buy more guesses at other names.
    """
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys.name))


def lift(session: Session, secret: str, username: str) -> int:
    """End every pause on `username`, from any address (an admin's unlock; the caller commits)."""
    username_key = Keys.of(secret, "", username).username
    return int(session.execute(
        delete(LoginThrottle).where(LoginThrottle.username_key == username_key)).rowcount or 0)


def paused_usernames(session: Session, secret: str, usernames: list[str], now: dt.datetime) -> set[str]:
    """Which of `usernames` have a pause running from some address (for the admins' account list)."""
    by_key = {Keys.of(secret, "", name).username: name for name in usernames}
    rows = session.execute(select(LoginThrottle.username_key, LoginThrottle.blocked_until).where(
        LoginThrottle.username_key.in_(list(by_key)))).all()
    return {by_key[key] for key, until in rows if (end := as_utc(until)) is not None and end > now}

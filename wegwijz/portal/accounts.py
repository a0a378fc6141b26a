"""Staff accounts: creating them, signing in with a back-off, changing passwords and roles."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wegwijz.portal import throttle
from wegwijz.portal.models import PortalSession, PortalUser, utcnow
from wegwijz.portal.passwords import dummy_hash, hash_password, needs_rehash, password_problem, verify_password
from wegwijz.portal.roles import Role
from wegwijz.portal.throttle import LoginRules

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
"""Usernames: lowercase letters, digits, dot, dash, underscore; 3 to 64 characters."""


class AccountError(ValueError):
    """A request about an account that cannot be done; the message (Dutch) says why."""


class LoginResult(str, Enum):
    """How a sign-in attempt ended."""

    OK = "ok"
    """Right password, active account, not locked."""
    REFUSED = "refused"
    """Unknown user, wrong password or inactive account: the same answer for all three."""
    LOCKED = "locked"
    """Too many failed attempts from this address (for this username or in all): no password is checked
    until the pause ends."""


@dataclass(frozen=True)
class LoginOutcome:
    """The result of `authenticate`, with the user when it is OK."""

    result: LoginResult
    user: PortalUser | None = None
    locked_until: dt.datetime | None = None


def find_user(session: Session, username: str) -> PortalUser | None:
    """The account with this username (case-insensitive), if any."""
    return session.execute(
        select(PortalUser).where(PortalUser.username == username.strip().lower())
    ).scalar_one_or_none()


def create_user(session: Session, username: str, password: str, role: Role,
                must_change_password: bool = False) -> PortalUser:
    """Add an account (the caller commits).

    Raises:
        AccountError: when the username is malformed or taken, or the password is too weak.
    """
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise AccountError("Gebruikersnaam: 3 tot 64 kleine letters, cijfers, '.', '-' of '_'.")
    if find_user(session, username) is not None:
        raise AccountError(f"De gebruikersnaam '{username}' bestaat al.")
    problem = password_problem(password, username)
    if problem:
        raise AccountError(problem)
    user = PortalUser(username=username, password_hash=hash_password(password), role=Role(role).value,
                      active=True, must_change_password=must_change_password, failed_logins=0)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str, address: str, rules: LoginRules,
                 secret: str, now: dt.datetime | None = None) -> LoginOutcome:
    """Check a sign-in attempt from network `address` and count failures (the caller commits).

    Failures pause sign-ins per address and per (address, username), never per account
    (see `wegwijz.portal.throttle`); a typed username that does not exist is counted,
    checked and answered exactly like one that does.

    Returns:
        The outcome; `user` is set only when it is OK.
    """
    now = now or utcnow()
    keys = throttle.Keys.of(secret, address, username)
    paused = throttle.paused_until(session, keys, now)
    if paused is not None:
        return LoginOutcome(LoginResult.LOCKED, locked_until=paused)
    user = find_user(session, throttle.normal_username(username))
    if user is None or not user.active:
        verify_password(dummy_hash(), password)  # same work as a real check, so timing tells nothing
        matches = False
    else:
        matches = verify_password(user.password_hash, password)
    if user is None or not user.active or not matches:
        paused = throttle.record_failure(session, keys, rules, now)
        if paused is not None:
            return LoginOutcome(LoginResult.LOCKED, locked_until=paused)
        return LoginOutcome(LoginResult.REFUSED)
    throttle.record_success(session, keys)
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return LoginOutcome(LoginResult.OK, user=user)


def change_password(session: Session, user: PortalUser, new_password: str, keep_session: str | None = None) -> None:
    """Set a new password and end the user's other sessions (the caller commits).

    Args:
        session: the database session.
        user: whose password changes.
        new_password: the new password, checked against the rules.
        keep_session: id of the session that made the change (it stays signed in).

    Raises:
        AccountError: when the password is too weak.
    """
    problem = password_problem(new_password, user.username)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    condition = PortalSession.user_id == user.id
    if keep_session:
        condition = condition & (PortalSession.id != keep_session)
    session.execute(delete(PortalSession).where(condition))


def set_role(session: Session, user: PortalUser, role: Role) -> None:
    """Give a user another role (the caller commits).

    Raises:
        AccountError: when this would leave the portal without an active admin, or would make a partner
            account without an organisation or turn one into staff.
    """
    if Role.PARTNER in (role, Role(user.role)) and role.value != user.role:
        raise AccountError("Een partneraccount hoort bij één organisatie: maak het aan bij Organisaties, "
                           "en maak voor andere rollen een nieuw account.")
    if user.role == Role.ADMIN.value and role is not Role.ADMIN and _other_active_admins(session, user) == 0:
        raise AccountError("Er moet minstens één actieve beheerder blijven.")
    user.role = role.value


def set_active(session: Session, user: PortalUser, active: bool) -> None:
    """Switch an account on or off; switching off ends its sessions (the caller commits).

    Raises:
        AccountError: when this would leave the portal without an active admin.
    """
    if not active and user.role == Role.ADMIN.value and _other_active_admins(session, user) == 0:
        raise AccountError("Er moet minstens één actieve beheerder blijven.")
    user.active = active
    if not active:
        session.execute(delete(PortalSession).where(PortalSession.user_id == user.id))


def unlock(session: Session, user: PortalUser, secret: str) -> None:
    """Lift the sign-in pauses on this username, from every address, before they end (the caller commits)."""
    throttle.lift(session, secret, user.username)


def _other_active_admins(session: Session, user: PortalUser) -> int:
    return int(session.execute(
        select(func.count()).select_from(PortalUser).where(
            PortalUser.role == Role.ADMIN.value, PortalUser.active.is_(True), PortalUser.id != user.id)
    ).scalar_one())


def all_users(session: Session) -> list[PortalUser]:
    """Every account, by username."""
    return list(session.execute(select(PortalUser).order_by(PortalUser.username)).scalars())


def count_admins(session: Session) -> int:
    """How many active admins exist (zero right after installing)."""
    return int(session.execute(
        select(func.count()).select_from(PortalUser).where(
            PortalUser.role == Role.ADMIN.value, PortalUser.active.is_(True))
    ).scalar_one())

"""Password hashing with Argon2id (argon2-cffi), and the rules for a new password."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
"""Shortest password accepted; length beats complexity rules for people who type it."""
MAX_LENGTH = 256
"""Longest password accepted (hashing cost stays bounded)."""


@functools.lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    # argon2-cffi's defaults follow RFC 9106's low-memory recommendation; the type is pinned explicitly.
    return PasswordHasher(type=Type.ID)


def hash_password(password: str) -> str:
    """The Argon2id hash (PHC string, salt included) of `password`."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether `password` matches `stored_hash` (constant work whatever the outcome)."""
    try:
        return _hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash was made with weaker parameters than today's and should be renewed at login."""
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


@functools.lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when a username does not exist, so timing does not reveal that."""
    return hash_password("no such user, no such password")


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is not acceptable, in Dutch, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Het wachtwoord moet minstens {MIN_LENGTH} tekens lang zijn."
    if len(password) > MAX_LENGTH:
        return f"Het wachtwoord mag hoogstens {MAX_LENGTH} tekens lang zijn."
    if username and username.lower() in password.lower():
        return "Het wachtwoord mag de gebruikersnaam niet bevatten."
    if len(set(password)) < 5:
        return "Het wachtwoord heeft te weinig verschillende tekens."
    return None

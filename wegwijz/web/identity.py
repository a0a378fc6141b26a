"""Who is talking in the web chat: a random id the server issues, in an HttpOnly cookie.

The browser never sees or chooses the id: the cookie holds a random token (192 bits), signed with the
time it was last used, so the server refuses it after `idle_days` without use.  The sender id Rasa and
the database see is a hash of the token (`web:<32 hex>`), so neither a log nor a database dump nor a
message that names the sender id hands anyone the cookie.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable

from flask import Request, Response
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

COOKIE = "wegwijz_chat"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class _ClockSigner(TimestampSigner):
    """A timestamp signer whose clock the tests control."""

    clock: Callable[[], float] = time.time

    def get_timestamp(self) -> int:
        return int(self.clock())


class ChatIdentity:
    """Issues, reads and forgets the web chat's identity cookie.

    Args:
        secret_key: the web process's secret key (signs the cookie).
        idle_days: days without a message after which the cookie is no longer accepted.
        clock: seconds since the epoch (tests pass one they control).
    """

    def __init__(self, secret_key: str, idle_days: float = 30, clock: Callable[[], float] = time.time) -> None:
        self.max_age = int(idle_days * 86400)
        self.signer = _ClockSigner(secret_key, salt="wegwijz-web-chat")
        self.signer.clock = clock

    @staticmethod
    def new_token() -> str:
        """A fresh random token (192 bits)."""
        return secrets.token_urlsafe(24)

    @staticmethod
    def sender_for(token: str) -> str:
        """The sender id (without `web:`) that belongs to `token`."""
        return hashlib.sha256(token.encode("ascii")).hexdigest()[:32]

    def read(self, request: Request) -> str | None:
        """The token in the request's cookie, or None when missing, forged or idle too long."""
        return self.read_value(request.cookies.get(COOKIE))

    def read_value(self, value: str | None) -> str | None:
        """The token in a cookie's value, or None when missing, forged or idle too long."""
        if not value:
            return None
        try:
            token = self.signer.unsign(value, max_age=self.max_age).decode("ascii")
        except (BadSignature, SignatureExpired, UnicodeDecodeError):
            return None
        return token if _TOKEN.match(token) else None

    def keep(self, response: Response, token: str, secure: bool) -> None:
        """Set (or refresh) the cookie: HttpOnly, SameSite=Strict, Secure over https, idle expiry."""
        response.set_cookie(COOKIE, self.signer.sign(token).decode("ascii"), max_age=self.max_age,
                            httponly=True, samesite="Strict", secure=secure, path="/")

    @staticmethod
    def forget(response: Response, secure: bool) -> None:
        """Remove the cookie from the browser."""
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Strict", secure=secure)

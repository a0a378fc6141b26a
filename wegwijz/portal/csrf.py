"""CSRF tokens for every portal form.

A token is an HMAC of the browser's session token (or, before sign-in, of a
random pre-login cookie) under the application's secret key: nothing extra is
stored, a new session gets new tokens, and another site cannot compute one.
"""

from __future__ import annotations

import hashlib
import hmac

FIELD = "csrf_token"
"""The name of the hidden form field that carries the token."""


def make_token(secret_key: str, browser_token: str) -> str:
    """The CSRF token for forms shown to the browser holding `browser_token`."""
    return hmac.new(secret_key.encode("utf-8"), b"csrf|" + browser_token.encode("utf-8"), hashlib.sha256).hexdigest()


def is_valid(secret_key: str, browser_token: str | None, submitted: str | None) -> bool:
    """Whether a submitted form token belongs to this browser."""
    if not browser_token or not submitted:
        return False
    return hmac.compare_digest(make_token(secret_key, browser_token), submitted)

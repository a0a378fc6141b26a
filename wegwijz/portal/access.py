"""Who may see what: every portal request is signed-in, role-checked and CSRF-checked here.

Views say who may use them with `@allow(...)` (or `@public`); a view without
either is refused to everyone, so a forgotten decorator fails closed.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlencode

from flask import Flask, Response, abort, current_app, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from wegwijz import db
from wegwijz.portal import csrf, sessions
from wegwijz.portal.models import Clock, PortalUser, utcnow
from wegwijz.portal.roles import Role
from wegwijz.portal.throttle import LoginRules
from wegwijz.settings import Settings

SESSION_COOKIE = "wegwijz_portal"
"""Cookie with the random session token (HttpOnly, path /portal)."""
LOGIN_COOKIE = "wegwijz_portal_login"
"""Cookie with a random value that the login form's CSRF token is tied to, before there is a session."""
COOKIE_PATH = "/portal"

View = TypeVar("View", bound=Callable[..., object])


def allow(*roles: Role) -> Callable[[View], View]:
    """Let signed-in users with one of `roles` use this view."""
    def mark(view: View) -> View:
        view.portal_roles = frozenset(roles)  # type: ignore[attr-defined]
        return view
    return mark


def public(view: View) -> View:
    """Let anyone use this view (the login page)."""
    view.portal_public = True  # type: ignore[attr-defined]
    return view


def settings() -> Settings:
    """The settings of the running application."""
    return current_app.config["WEGWIJZ_SETTINGS"]


def database() -> Session:
    """The database session of this request (opened on first use, closed after the request)."""
    if "portal_db" not in g:
        g.portal_db = db.session_factory(settings().database_url)()
    return g.portal_db


def current_user() -> PortalUser | None:
    """The signed-in user of this request, if any."""
    return g.get("portal_user")


def current_role() -> Role | None:
    """The role of the signed-in user, if any."""
    user = current_user()
    return Role(user.role) if user else None


def now() -> dt.datetime:
    """Now, on the portal's own clock (`app.config["PORTAL_CLOCK"]`, which tests replace)."""
    clock: Clock = current_app.config.get("PORTAL_CLOCK") or utcnow
    return clock()


def login_rules() -> LoginRules:
    """The sign-in back-off from the settings."""
    config = current_app.config
    return LoginRules.from_config(int(config["PORTAL_MAX_FAILED_LOGINS"]), float(config["PORTAL_LOCKOUT_MINUTES"]),
                                  int(config["PORTAL_MAX_FAILED_LOGINS_PER_ADDRESS"]))


def _minutes(name: str) -> dt.timedelta:
    return dt.timedelta(minutes=float(current_app.config[name]))


def before_request() -> ResponseReturnValue | None:
    """Resume the session, then refuse what this user may not do, then check the CSRF token."""
    if request.endpoint in (None, "portal.static"):
        return None
    token = request.cookies.get(SESSION_COOKIE)
    resumed = sessions.resume(database(), token, idle=_minutes("PORTAL_IDLE_MINUTES"),
                              max_age=_minutes("PORTAL_MAX_SESSION_MINUTES"))
    database().commit()
    g.portal_user = resumed.user
    g.portal_token = token if resumed.user else None
    g.portal_session_id = resumed.session_id
    if token and not resumed.user:
        g.portal_drop_cookie = True
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "portal_public", False):
        refusal = _refusal(view, resumed.expired)
        if refusal is not None:
            return refusal
    if request.method == "POST":
        browser_token = g.portal_token or request.cookies.get(LOGIN_COOKIE)
        if not csrf.is_valid(current_app.config["SECRET_KEY"], browser_token, request.form.get(csrf.FIELD)):
            abort(400, description="Dit formulier is verlopen of niet van deze site. Laad de pagina opnieuw.")
    return None


def _refusal(view: Callable[..., object] | None, expired: bool) -> ResponseReturnValue | None:
    user = current_user()
    if user is None:
        query = {"next": request.full_path.rstrip("?")} if request.method == "GET" else {}
        if expired:
            query["verlopen"] = "1"
        location = url_for("portal.login")
        return redirect(location + ("?" + urlencode(query) if query else ""))
    if user.must_change_password and request.endpoint not in ("portal.password", "portal.logout"):
        return redirect(url_for("portal.password"))
    roles = getattr(view, "portal_roles", None)
    if not roles or Role(user.role) not in roles:
        abort(403)
    return None


def after_request(response: Response) -> Response:
    """Set or clear the cookies, and keep pages with personal data out of caches."""
    if request.endpoint == "portal.static":
        return response
    secure = settings().is_production
    new_token = g.get("portal_new_token")
    if new_token:
        response.set_cookie(SESSION_COOKIE, new_token, path=COOKIE_PATH, httponly=True, samesite="Lax",
                            secure=secure)
        response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
    elif g.get("portal_drop_cookie"):
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
    login_value = g.get("portal_new_login_cookie")
    if login_value:
        response.set_cookie(LOGIN_COOKIE, login_value, path=COOKIE_PATH, httponly=True, samesite="Lax",
                            secure=secure)
    response.headers["Cache-Control"] = "no-store"
    return response


def teardown_request(_error: BaseException | None) -> None:
    """Close this request's database session."""
    session = g.pop("portal_db", None)
    if session is not None:
        session.close()


def csrf_token() -> str:
    """The CSRF token for forms on this page (makes a pre-login cookie when there is no session)."""
    browser_token = g.get("portal_new_token") or g.get("portal_token") or request.cookies.get(LOGIN_COOKIE) \
        or g.get("portal_new_login_cookie")
    if not browser_token:
        browser_token = secrets.token_urlsafe(32)
        g.portal_new_login_cookie = browser_token
    return csrf.make_token(current_app.config["SECRET_KEY"], browser_token)


def csrf_field() -> Markup:
    """The hidden input every portal form carries."""
    return Markup(f'<input type="hidden" name="{csrf.FIELD}" value="{escape(csrf_token())}">')


def sign_in(user: PortalUser) -> None:
    """Start a session for `user`; the cookie is set on this response."""
    g.portal_new_token = sessions.start(database(), user)
    g.portal_user = user


def sign_out() -> None:
    """End this browser's session; the cookie is cleared on this response."""
    sessions.end(database(), request.cookies.get(SESSION_COOKIE))
    g.portal_drop_cookie = True
    g.portal_user = None
    g.portal_token = None


def install(app: Flask) -> None:
    """Defaults for the portal's limits, overridable by environment (minutes and counts)."""
    defaults = {
        "PORTAL_IDLE_MINUTES": ("WEGWIJZ_PORTAL_IDLE_MINUTES", "30"),
        "PORTAL_MAX_SESSION_MINUTES": ("WEGWIJZ_PORTAL_MAX_SESSION_MINUTES", "720"),
        "PORTAL_MAX_FAILED_LOGINS": ("WEGWIJZ_PORTAL_MAX_FAILED_LOGINS", "5"),
        "PORTAL_LOCKOUT_MINUTES": ("WEGWIJZ_PORTAL_LOCKOUT_MINUTES", "15"),
        "PORTAL_MAX_FAILED_LOGINS_PER_ADDRESS": ("WEGWIJZ_PORTAL_MAX_FAILED_LOGINS_PER_ADDRESS", "20"),
    }
    for key, (env, default) in defaults.items():
        app.config.setdefault(key, float(os.environ.get(env, default)))

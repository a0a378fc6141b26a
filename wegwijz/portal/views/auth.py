"""Signing in and out, the start page and changing one's own password."""

from __future__ import annotations

import math

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from wegwijz.portal import access, accounts
from wegwijz.portal.access import allow, public
from wegwijz.portal.accounts import LoginResult
from wegwijz.portal.passwords import verify_password
from wegwijz.portal.roles import EVERYONE, Role
from wegwijz.portal.users import FIRST_ADMIN_HINT

HOME_BY_ROLE = {
    Role.CASEWORKER: "portal.worklist",
    Role.EDITOR: "portal.articles",
    Role.ADMIN: "portal.worklist",
    Role.PARTNER: "portal.partner_list",
}
"""Where each role lands after signing in."""


def _safe_next(target: str | None) -> str | None:
    # Only paths inside the portal: never another host (an open redirect would help phishing).
    if target and target.startswith("/portal/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def add_routes(bp: Blueprint) -> None:
    """Add the sign-in routes to the portal blueprint."""

    @bp.get("/")
    @allow(*EVERYONE)
    def home() -> ResponseReturnValue:
        role = access.current_role()
        assert role is not None  # guaranteed by @allow
        return redirect(url_for(HOME_BY_ROLE[role]))

    @bp.route("/login", methods=["GET", "POST"])
    @public
    def login() -> ResponseReturnValue:
        next_page = _safe_next(request.values.get("next"))
        if request.method == "GET":
            if access.current_user() is not None:
                return redirect(next_page or url_for("portal.home"))
            notice = "Je sessie is verlopen omdat je een tijd niets hebt gedaan. Log opnieuw in." \
                if request.args.get("verlopen") else None
            no_admin = accounts.count_admins(access.database()) == 0
            return render_template("portal/login.html", next_page=next_page, notice=notice, error=None,
                                   first_admin=FIRST_ADMIN_HINT if no_admin else None)
        moment = access.now()
        outcome = accounts.authenticate(
            access.database(), request.form.get("username", ""), request.form.get("password", ""),
            address=request.remote_addr or "", rules=access.login_rules(),
            secret=current_app.config["SECRET_KEY"], now=moment)
        if outcome.result is LoginResult.OK and outcome.user is not None:
            access.sign_in(outcome.user)
            access.database().commit()
            return redirect(next_page or url_for("portal.home"))
        access.database().commit()  # the failure count must be kept
        headers = {}
        if outcome.result is LoginResult.LOCKED and outcome.locked_until is not None:
            wait = max(1, math.ceil((outcome.locked_until - moment).total_seconds()))
            minutes = max(1, math.ceil(wait / 60))
            error = ("Te veel mislukte pogingen: inloggen is hier even geblokkeerd. "
                     f"Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw, "
                     "of vraag een beheerder om het te deblokkeren.")
            status = 429
            headers["Retry-After"] = str(wait)
        else:
            error = "De gebruikersnaam of het wachtwoord klopt niet."
            status = 401
        return render_template("portal/login.html", next_page=next_page, notice=None, error=error,
                               username=request.form.get("username", "")), status, headers

    @bp.post("/logout")
    @allow(*EVERYONE)
    def logout() -> ResponseReturnValue:
        access.sign_out()
        access.database().commit()
        flash("Je bent uitgelogd.", "info")
        return redirect(url_for("portal.login"))

    @bp.route("/wachtwoord", methods=["GET", "POST"])
    @allow(*EVERYONE)
    def password() -> ResponseReturnValue:
        user = access.current_user()
        assert user is not None  # guaranteed by @allow
        if request.method == "GET":
            return render_template("portal/password.html", error=None)
        if not verify_password(user.password_hash, request.form.get("current", "")):
            return render_template("portal/password.html", error="Je huidige wachtwoord klopt niet."), 400
        new = request.form.get("new", "")
        if new != request.form.get("repeat", ""):
            return render_template("portal/password.html", error="De twee nieuwe wachtwoorden zijn niet gelijk."), 400
        try:
            accounts.change_password(access.database(), user, new, keep_session=g.get("portal_session_id"))
        except accounts.AccountError as error:
            return render_template("portal/password.html", error=str(error)), 400
        access.database().commit()
        flash("Je wachtwoord is gewijzigd. Andere sessies zijn beëindigd.", "info")
        return redirect(url_for("portal.home"))

"""Admins: accounts and roles, the audit log, and the settings in force."""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from wegwijz.portal import access, accounts, audit, throttle
from wegwijz.portal.access import allow
from wegwijz.portal.models import PortalUser
from wegwijz.portal.passwords import password_problem
from wegwijz.portal.roles import ROLE_LABELS, STAFF_ROLES, Role

AUDIT_PAGE_SIZE = 100
"""Audit-log entries per page."""


def temporary_password(username: str) -> str:
    """A random first password that the user must replace at first sign-in."""
    while True:
        password = "-".join(secrets.token_urlsafe(4) for _ in range(4))
        if password_problem(password, username) is None:
            return password


def add_routes(bp: Blueprint) -> None:
    """Add the admin routes to the portal blueprint."""

    @bp.route("/beheer/gebruikers", methods=["GET", "POST"])
    @allow(Role.ADMIN)
    def users() -> ResponseReturnValue:
        session = access.database()
        if request.method == "POST":
            password = temporary_password(request.form.get("username", ""))
            try:
                role = Role(request.form.get("role", ""))
                if role not in STAFF_ROLES:
                    raise ValueError(role)
                user = accounts.create_user(session, request.form.get("username", ""), password, role,
                                            must_change_password=True)
            except (ValueError, accounts.AccountError) as error:
                message = str(error) if isinstance(error, accounts.AccountError) else "Kies een rol."
                return render_template("portal/users.html", **_users_context(), error=message,
                                       form=request.form), 400
            session.commit()
            flash(f"Account '{user.username}' aangemaakt. Tijdelijk wachtwoord (alleen nu zichtbaar, geef het "
                  f"persoonlijk door): {password}", "success")
            return redirect(url_for("portal.users"))
        return render_template("portal/users.html", **_users_context(), error=None, form=None)

    @bp.post("/beheer/gebruikers/<int:user_id>")
    @allow(Role.ADMIN)
    def change_user(user_id: int) -> ResponseReturnValue:
        session = access.database()
        user = session.get(PortalUser, user_id)
        if user is None:
            abort(404)
        action = request.form.get("action", "")
        try:
            if action == "role":
                accounts.set_role(session, user, Role(request.form.get("role", "")))
                flash(f"{user.username} heeft nu de rol {Role(user.role).label}.", "success")
            elif action in ("activate", "deactivate"):
                accounts.set_active(session, user, action == "activate")
                flash(f"{user.username} is {'weer actief' if user.active else 'uitgeschakeld'}.", "success")
            elif action == "unlock":
                accounts.unlock(session, user, current_app.config["SECRET_KEY"])
                flash(f"{user.username} is gedeblokkeerd.", "success")
            elif action == "reset":
                password = temporary_password(user.username)
                accounts.change_password(session, user, password)
                user.must_change_password = True
                flash(f"Nieuw tijdelijk wachtwoord voor {user.username} (alleen nu zichtbaar): {password}", "success")
            else:
                abort(400)
        except (ValueError, accounts.AccountError) as error:
            session.rollback()
            flash(str(error) if isinstance(error, accounts.AccountError) else "Onbekende rol.", "error")
            return redirect(url_for("portal.users"))
        session.commit()
        return redirect(url_for("portal.users"))

    @bp.get("/beheer/auditlog")
    @allow(Role.ADMIN)
    def audit_log() -> str:
        try:
            page = max(1, int(request.args.get("pagina", "1")))
        except ValueError:
            page = 1
        who = request.args.get("wie", "").strip()
        entries, total = audit.read(access.database(), actor=who or None, offset=(page - 1) * AUDIT_PAGE_SIZE,
                                    limit=AUDIT_PAGE_SIZE)
        return render_template("portal/audit_log.html", entries=entries, total=total, page=page, who=who,
                               pages=max(1, -(-total // AUDIT_PAGE_SIZE)))

    @bp.get("/beheer/instellingen")
    @allow(Role.ADMIN)
    def portal_settings() -> str:
        settings = access.settings()
        config = current_app.config
        rows = [
            ("Omgeving", settings.environment),
            ("Database", settings.database_url.split("@")[-1].split("://")[0]),
            ("Kennisbank-map", str(settings.kennisbank_dir)),
            ("Uitloggen na inactiviteit", f"{int(config['PORTAL_IDLE_MINUTES'])} minuten"),
            ("Langste sessie", f"{int(config['PORTAL_MAX_SESSION_MINUTES'])} minuten"),
            ("Pauze na mislukte pogingen (zelfde adres en naam)",
             f"{int(config['PORTAL_MAX_FAILED_LOGINS'])} pogingen"),
            ("Pauze na mislukte pogingen (zelfde adres, alle namen)",
             f"{int(config['PORTAL_MAX_FAILED_LOGINS_PER_ADDRESS'])} pogingen"),
            ("Eerste pauze (adres en naam)", f"{int(config['PORTAL_LOCKOUT_MINUTES'])} minuten, "
             "daarna telkens dubbel"),
        ]
        return render_template("portal/settings.html", rows=rows)


def _users_context() -> dict[str, object]:
    users = accounts.all_users(access.database())
    paused = throttle.paused_usernames(access.database(), current_app.config["SECRET_KEY"],
                                       [u.username for u in users], access.now())
    locked = {u.id for u in users if u.username in paused}
    from wegwijz.partners.organisations import organisation_names

    return {"users": users, "locked": locked, "roles": list(STAFF_ROLES), "role_labels": ROLE_LABELS,
            "partner_of": organisation_names(access.database())}

"""Partners: the profiles shared with their organisation; admins: organisations and partner accounts.

A partner sees only what `wegwijz.partners.partner_view` reads for their own organisation; a profile
that is not shared with it looks the same as no profile (404). Every list and every profile read is
in the audit trail.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from wegwijz.partners import organisations as partner_orgs
from wegwijz.partners import partner_view
from wegwijz.partners.fields import PORTAL_LABELS, SHAREABLE
from wegwijz.partners.models import Organisation, OrganisationKind
from wegwijz.portal import access, accounts, audit
from wegwijz.portal.access import allow
from wegwijz.portal.roles import Role
from wegwijz.portal.views.admin import temporary_password

ADDED_ORGANISATION = "portal: partnerorganisatie toegevoegd"
CHANGED_ORGANISATION = "portal: partnerorganisatie gewijzigd"
ADDED_PARTNER = "portal: partneraccount aangemaakt"
LANGUAGE_NAMES = {"nl": "Nederlands", "ar": "Arabisch", "ti": "Tigrinya", "en": "Engels"}


def _organisation() -> Organisation | None:
    user = access.current_user()
    assert user is not None
    return partner_view.organisation_of(access.database(), user)


def _who() -> str:
    user = access.current_user()
    assert user is not None
    return str(user.username)


def _organisations_page(error: str | None = None, form: object = None, status: int = 200) -> ResponseReturnValue:
    return render_template("portal/organisations.html", rows=partner_orgs.overview(access.database()),
                           kinds=OrganisationKind.LABELS, fields=[(f, PORTAL_LABELS[f]) for f in SHAREABLE],
                           error=error, form=form), status


def add_routes(bp: Blueprint) -> None:
    """Add the partners' and the admin's organisation routes to the portal blueprint."""

    @bp.get("/partner")
    @allow(Role.PARTNER)
    def partner_list() -> str:
        session, organisation = access.database(), _organisation()
        profiles = partner_view.shared_profiles(session, organisation) if organisation else []
        if organisation is not None:
            ids = ", ".join(f"#{p.newcomer_id}" for p in profiles)
            audit.record(session, _who(), partner_view.VIEWED_LIST, None,
                         f"{partner_view.audit_detail(organisation)}; {len(profiles)}: {ids}")
            session.commit()
        return render_template("portal/partner_list.html", organisation=organisation, profiles=profiles)

    @bp.get("/partner/profielen/<int:newcomer_id>")
    @allow(Role.PARTNER)
    def partner_profile(newcomer_id: int) -> str:
        session, organisation = access.database(), _organisation()
        shown = partner_view.profile(session, organisation, newcomer_id) if organisation else None
        if organisation is None or shown is None:
            abort(404)  # not shared with this organisation looks the same as no profile
        audit.record(session, _who(), partner_view.VIEWED_PROFILE, newcomer_id,
                     partner_view.audit_detail(organisation))
        session.commit()
        return render_template("portal/partner_profile.html", organisation=organisation, profile=shown,
                               languages=LANGUAGE_NAMES)

    @bp.route("/beheer/organisaties", methods=["GET", "POST"])
    @allow(Role.ADMIN)
    def organisations() -> ResponseReturnValue:
        session = access.database()
        if request.method == "GET":
            return _organisations_page()
        try:
            made = partner_orgs.create(session, request.form.get("name", ""), request.form.get("kind", ""),
                                        request.form.getlist("fields"), _who(), access.now())
        except partner_orgs.OrganisationError as error:
            session.rollback()
            return _organisations_page(str(error), request.form, 400)
        audit.record(session, _who(), ADDED_ORGANISATION, None, f"organisatie #{made.id}")
        session.commit()
        flash(f"Organisatie '{made.name}' toegevoegd. Nieuwkomers krijgen haar te zien als ze /delen typen.",
              "success")
        return redirect(url_for("portal.organisations"))

    @bp.post("/beheer/organisaties/<int:organisation_id>")
    @allow(Role.ADMIN)
    def change_organisation(organisation_id: int) -> ResponseReturnValue:
        session = access.database()
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            abort(404)
        action = request.form.get("action", "")
        try:
            if action == "partner":
                password = temporary_password(request.form.get("username", ""))
                user = partner_orgs.add_partner(session, organisation, request.form.get("username", ""), password)
                audit.record(session, _who(), ADDED_PARTNER, None, f"organisatie #{organisation.id}")
                message = (f"Partneraccount '{user.username}' voor {organisation.name} aangemaakt. Tijdelijk "
                           f"wachtwoord (alleen nu zichtbaar, geef het persoonlijk door): {password}")
            elif action == "fields":
                partner_orgs.set_fields(organisation, request.form.getlist("fields"))
                audit.record(session, _who(), CHANGED_ORGANISATION, None, f"organisatie #{organisation.id}: velden")
                message = (f"{organisation.name} vraagt nu om: "
                           + ", ".join(PORTAL_LABELS[f] for f in organisation.fields)
                           + ". Minder velden gelden meteen; voor meer velden vraagt de chat opnieuw om ja.")
            elif action in ("activate", "deactivate"):
                organisation.active = action == "activate"
                audit.record(session, _who(), CHANGED_ORGANISATION, None,
                             f"organisatie #{organisation.id}: {'actief' if organisation.active else 'uit'}")
                state = "weer actief" if organisation.active else "uitgeschakeld: haar partners zien niets meer"
                message = f"{organisation.name} is {state}."
            else:
                abort(400)
        except (partner_orgs.OrganisationError, accounts.AccountError) as error:
            session.rollback()
            flash(str(error), "error")
            return redirect(url_for("portal.organisations"))
        session.commit()
        flash(message, "success")
        return redirect(url_for("portal.organisations"))

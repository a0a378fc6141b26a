"""The portal side on SQLite and PostgreSQL: partners read only what was shared with their organisation,
admins add organisations and partner accounts, caseworkers see the choices and the views."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from tests.partners.known import (
    HEALTH,
    INTERESTS,
    LANGUAGES,
    PARTNERS,
    STORY,
    WORK,
    newcomer,
    organisation,
    organisations_with_partners,
)
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.journey import rights
from wegwijz.journey.models import AuditLog
from wegwijz.partners import partner_view, sharing
from wegwijz.partners.models import Organisation, PartnerAccount, PartnerConsent
from wegwijz.portal import accounts
from wegwijz.portal.roles import Role
from wegwijz.texts import say

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def _shared(database_url: str) -> tuple[int, int, int]:
    """Samira shares with the volunteers (not the RSD); the ids of Samira and the two organisations."""
    with db.session_factory(database_url)() as session:
        known = organisations_with_partners(session)
        person = newcomer(session, "tg:601")
        sharing.respond(session, "tg:601", f"/delen_ja {known.volunteers}", "nl", NOW)
        session.commit()
        return person.id, known.volunteers, known.rsd


def test_a_partner_sees_only_the_shared_fields_and_every_view_is_audited(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    samira, volunteers, _ = _shared(database_url)
    partner = client_for(PARTNERS["vrijwilligers"])
    home = partner.get("/portal/")
    assert home.headers["Location"].endswith("/portal/partner")
    listing = partner.get("/portal/partner").get_data(as_text=True)
    assert f"Profiel #{samira}" in listing and "Samira" not in listing and "tg:601" not in listing
    page = partner.get(f"/portal/partner/profielen/{samira}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for shown in (LANGUAGES, WORK, INTERESTS):
        assert shown in html
    for hidden in (HEALTH, STORY, "Samira", "tg:601", "klantmanager.anna", "Middelbaar beroepsonderwijs"):
        assert hidden not in html
    assert "Werklijst" not in html and "Gedeelde profielen" in html
    with db.session_factory(database_url)() as session:
        views = list(session.execute(select(AuditLog).where(AuditLog.what == partner_view.VIEWED_PROFILE)).scalars())
        assert [(v.who, v.newcomer_id, v.detail) for v in views] == [
            (PARTNERS["vrijwilligers"], samira, f"organisatie #{volunteers}")]
        assert session.execute(select(AuditLog).where(AuditLog.what == partner_view.VIEWED_LIST)).first() is not None
        mine = "\n".join(r.text for r in rights.describe(session, "tg:601", "nl"))
        assert say("partners_mydata_looked", "nl", organisation="Vrijwilligers Zeist Test",
                   at=sharing.day(views[0].at)) in mine

    other = client_for(PARTNERS["rsd"])
    assert other.get(f"/portal/partner/profielen/{samira}").status_code == 404
    assert f"Profiel #{samira}" not in other.get("/portal/partner").get_data(as_text=True)
    for url in ("/portal/werklijst", f"/portal/nieuwkomers/{samira}", f"/portal/nieuwkomers/{samira}/export",
                "/portal/monitoring", "/portal/vragen", "/portal/kennisbank", "/portal/beheer/auditlog"):
        assert partner.get(url).status_code == 403, url


def test_nothing_once_consent_is_withdrawn(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    samira, volunteers, _ = _shared(database_url)
    partner = client_for(PARTNERS["vrijwilligers"])
    assert partner.get(f"/portal/partner/profielen/{samira}").status_code == 200
    with db.session_factory(database_url)() as session:
        sharing.respond(session, "tg:601", f"/delen_stop {volunteers}", "nl", NOW + dt.timedelta(hours=1))
        session.commit()
    assert partner.get(f"/portal/partner/profielen/{samira}").status_code == 404
    assert f"Profiel #{samira}" not in partner.get("/portal/partner").get_data(as_text=True)


def test_a_switched_off_organisation_shows_its_partners_nothing(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    samira, volunteers, _ = _shared(database_url)
    admin = client_for("admin")
    token = page_token(admin, "/portal/beheer/organisaties")
    assert admin.post(f"/portal/beheer/organisaties/{volunteers}",
                      data={"action": "deactivate", "csrf_token": token}).status_code == 302
    partner = client_for(PARTNERS["vrijwilligers"])
    assert partner.get(f"/portal/partner/profielen/{samira}").status_code == 404
    assert "geen-organisatie" in partner.get("/portal/partner").get_data(as_text=True)


def test_an_admin_adds_an_organisation_and_a_partner_account(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    token = page_token(admin, "/portal/beheer/organisaties")
    refused = admin.post("/portal/beheer/organisaties", data={"name": "Zonder velden", "kind": "employer",
                                                              "csrf_token": token})
    assert refused.status_code == 400 and "minstens één onderdeel" in refused.get_data(as_text=True)
    sneaky = admin.post("/portal/beheer/organisaties", data={
        "name": "Bakkerij Test", "kind": "employer", "csrf_token": token,
        "fields": ["intake_work", "intake_care_worries", "intake_background"]})
    assert sneaky.status_code == 302
    with db.session_factory(database_url)() as session:
        made = session.execute(select(Organisation).where(Organisation.name == "Bakkerij Test")).scalar_one()
        assert made.fields == ["intake_work"], "health and the story can never be asked"
        made_id = int(made.id)
    answer = admin.post(f"/portal/beheer/organisaties/{made_id}",
                        data={"action": "partner", "username": "partner.bakker", "csrf_token": token},
                        follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert "Partneraccount &#39;partner.bakker&#39;" in html or "Partneraccount 'partner.bakker'" in html
    assert re.search(r"wachtwoord \(alleen nu zichtbaar", html)
    with db.session_factory(database_url)() as session:
        user = accounts.find_user(session, "partner.bakker")
        assert user is not None and user.role == Role.PARTNER.value and user.must_change_password
        link = session.get(PartnerAccount, user.id)
        assert link is not None and link.organisation_id == made_id
        try:
            accounts.set_role(session, user, Role.CASEWORKER)
            raise AssertionError("a partner account became staff")
        except accounts.AccountError:
            pass
    users = admin.get("/portal/beheer/gebruikers").get_data(as_text=True)
    assert "Partner van Bakkerij Test" in users
    assert '<option value="partner"' not in users, "partner accounts are made with their organisation only"
    made_partner = admin.post("/portal/beheer/gebruikers", data={"username": "los.partner", "role": "partner",
                                                                "csrf_token": token})
    assert made_partner.status_code == 400


def test_the_caseworker_sees_the_choices_and_the_views_and_monitoring_counts(client_for, database_url: str) -> None:  # type: ignore[no-untyped-def]
    samira, volunteers, rsd = _shared(database_url)
    with db.session_factory(database_url)() as session:
        sharing.respond(session, "tg:601", f"/delen_ja {rsd}", "nl", NOW)
        sharing.respond(session, "tg:601", f"/delen_stop {rsd}", "nl", NOW + dt.timedelta(hours=2))
        session.commit()
        rsd_name = organisation(session, rsd).name
    client_for(PARTNERS["vrijwilligers"]).get(f"/portal/partner/profielen/{samira}")
    page = client_for("caseworker").get(f"/portal/nieuwkomers/{samira}").get_data(as_text=True)
    section = page[page.index('id="delen"'):]
    section = section[:section.index("</section>")]
    assert "Vrijwilligers Zeist Test: Talen, Werkervaring, Interesses" in section
    assert f"{rsd_name}: " in section and "ingetrokken op 2026-12-01" in section
    assert "Bekeken door partners (1)" in section and PARTNERS["vrijwilligers"] in section
    until = max(dt.date.today(), dt.date(2026, 12, 31)).isoformat()  # the partner's view is at the real now
    monitoring = client_for("caseworker").get(f"/portal/monitoring?van=2026-12-01&tot={until}")
    html = monitoring.get_data(as_text=True)
    for key, value in (("delen-gegeven", 2), ("delen-ingetrokken", 1), ("delen-nu", 1), ("delen-nieuwkomers", 1),
                       ("delen-organisaties", 2), ("delen-bekeken", 1)):
        assert f'id="{key}">{value}<' in html, key


def test_erasing_a_newcomer_in_the_portal_takes_the_consents_and_the_partner_sees_nothing(  # type: ignore[no-untyped-def]
        client_for, database_url: str) -> None:
    samira, _, _ = _shared(database_url)
    partner = client_for(PARTNERS["vrijwilligers"])
    assert partner.get(f"/portal/partner/profielen/{samira}").status_code == 200
    caseworker = client_for("caseworker")
    token = page_token(caseworker, f"/portal/nieuwkomers/{samira}")
    erased = caseworker.post(f"/portal/nieuwkomers/{samira}/wissen", data={"confirm": "WISSEN", "csrf_token": token})
    assert erased.status_code == 302
    with db.session_factory(database_url)() as session:
        assert session.execute(select(PartnerConsent)).first() is None
    assert partner.get(f"/portal/partner/profielen/{samira}").status_code == 404
    assert f"Profiel #{samira}" not in partner.get("/portal/partner").get_data(as_text=True)

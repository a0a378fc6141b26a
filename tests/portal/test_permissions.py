"""Every portal route, for every role and for anonymous visitors: who may, who may not.

The matrix below is written by hand (not read from the code), and a second test
checks that every route the portal registers appears in it, so a new route
without a decision here fails the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from flask import Flask

from tests.ask_person.known import ask
from tests.portal import known_data
from tests.portal.conftest import page_token
from tests.tips.known import shared_tip
from wegwijz import db
from wegwijz.humanhelp import inbox
from wegwijz.humanhelp.models import PersonQuestion
from wegwijz.portal import accounts

CASEWORKER, EDITOR, ADMIN = "caseworker", "editor", "admin"
EVERYONE = frozenset({CASEWORKER, EDITOR, ADMIN})
STAFF = frozenset({CASEWORKER, ADMIN})
EDITORS = frozenset({EDITOR, ADMIN})
ADMINS = frozenset({ADMIN})


@dataclass(frozen=True)
class Route:
    """One route and method, who may use it, and what a permitted request answers."""

    method: str
    rule: str
    url: str
    allowed: frozenset[str]
    ok: tuple[int, ...] = (200,)
    data: dict[str, str] = field(default_factory=dict)
    signs_out: bool = False
    """A permitted request ends at the login page (logout)."""


ROUTES = (
    Route("GET", "/portal/", "/portal/", EVERYONE, (302,)),
    Route("GET", "/portal/wachtwoord", "/portal/wachtwoord", EVERYONE),
    Route("POST", "/portal/wachtwoord", "/portal/wachtwoord", EVERYONE, (400,),
          {"current": "niet goed", "new": "x", "repeat": "x"}),
    Route("GET", "/portal/werklijst", "/portal/werklijst", STAFF),
    Route("GET", "/portal/niet-toegewezen", "/portal/niet-toegewezen", STAFF),
    Route("POST", "/portal/niet-toegewezen/<int:newcomer_id>", "/portal/niet-toegewezen/{salam}", STAFF, (302,)),
    Route("GET", "/portal/nieuwkomers/<int:newcomer_id>", "/portal/nieuwkomers/{amal}", STAFF),
    Route("GET", "/portal/nieuwkomers/<int:newcomer_id>/export", "/portal/nieuwkomers/{amal}/export", STAFF),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/signalen/<int:flag_id>",
          "/portal/nieuwkomers/{amal}/signalen/{flag}", STAFF, (302,), {"note": "Gebeld en afspraak gemaakt."}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/koppelingen", "/portal/nieuwkomers/{amal}/koppelingen",
          STAFF, (302,), {"kind": "language_buddy", "partner": "Taalhuis", "started_on": "2026-08-01"}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/koppelingen/<int:match_id>/einde",
          "/portal/nieuwkomers/{amal}/koppelingen/{match}/einde", STAFF, (302,), {"ended_on": "2026-09-01"}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/activiteiten", "/portal/nieuwkomers/{amal}/activiteiten",
          STAFF, (302,), {"activity": "Wandeling", "attended_on": "2026-08-02", "on_own": "1"}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/gegevens", "/portal/nieuwkomers/{amal}/gegevens",
          STAFF, (302,), {"name": "Amal Testpersoon", "linked_on": "2026-01-05", "caseworker": "klantmanager.anna"}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/tolk", "/portal/nieuwkomers/{amal}/tolk",
          STAFF, (302,), {"needed": "1"}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/chatadressen", "/portal/nieuwkomers/{amal}/chatadressen",
          STAFF, (302,), {"sender_id": "web:abc123"}),
    Route("POST", "/portal/nieuwkomers/<int:newcomer_id>/wissen", "/portal/nieuwkomers/{amal}/wissen",
          STAFF, (302,), {"confirm": "nee"}),  # permitted, but not confirmed: nothing is erased
    Route("GET", "/portal/monitoring", "/portal/monitoring", STAFF),
    Route("GET", "/portal/monitoring.csv", "/portal/monitoring.csv", STAFF),
    Route("GET", "/portal/kennisbank", "/portal/kennisbank", EDITORS),
    Route("GET", "/portal/kennisbank/<article_id>", "/portal/kennisbank/huisarts", EDITORS),
    Route("GET", "/portal/kennisbank/<article_id>/<lang>/bewerken", "/portal/kennisbank/huisarts/ar/bewerken",
          EDITORS),
    Route("POST", "/portal/kennisbank/<article_id>/<lang>/bewerken", "/portal/kennisbank/huisarts/ar/bewerken",
          EDITORS, (400,), {"title": "x"}),  # permitted, but refused by the schema: nothing is written
    Route("GET", "/portal/kennisbank/<article_id>/<lang>/gecontroleerd",
          "/portal/kennisbank/huisarts/ti/gecontroleerd", EDITORS),
    Route("POST", "/portal/kennisbank/<article_id>/<lang>/gecontroleerd",
          "/portal/kennisbank/huisarts/ti/gecontroleerd", EDITORS, (302,)),
    Route("GET", "/portal/kennisbank/open-vragen", "/portal/kennisbank/open-vragen", EDITORS),
    Route("GET", "/portal/beheer/gebruikers", "/portal/beheer/gebruikers", ADMINS),
    Route("POST", "/portal/beheer/gebruikers", "/portal/beheer/gebruikers", ADMINS, (302,),
          {"username": "nieuwe.collega", "role": "editor"}),
    Route("POST", "/portal/beheer/gebruikers/<int:user_id>", "/portal/beheer/gebruikers/{dirk}", ADMINS, (302,),
          {"action": "unlock"}),
    Route("GET", "/portal/vragen", "/portal/vragen", STAFF),
    Route("GET", "/portal/vragen/<int:question_id>", "/portal/vragen/{question}", STAFF),
    Route("POST", "/portal/vragen/<int:question_id>/antwoord", "/portal/vragen/{question}/antwoord", STAFF, (302,),
          {"answer": "Bij de balie van het gemeentehuis."}),
    Route("POST", "/portal/vragen/<int:question_id>/kennisbank", "/portal/vragen/{question}/kennisbank", STAFF,
          (302,), {"note": "Huisdieren in een huurhuis"}),
    Route("GET", "/portal/kennisbank-ontbreekt", "/portal/kennisbank-ontbreekt", EDITORS),
    Route("POST", "/portal/kennisbank-ontbreekt/<int:gap_id>", "/portal/kennisbank-ontbreekt/{gap}", EDITORS, (302,)),
    Route("GET", "/portal/voorlezen", "/portal/voorlezen", EDITORS),
    Route("GET", "/portal/voorlezen/<lang>/voorbeeld.ogg", "/portal/voorlezen/nl/voorbeeld.ogg?artikel=huisarts",
          EDITORS),
    Route("POST", "/portal/voorlezen/<lang>", "/portal/voorlezen/nl", EDITORS, (302,),
          {"aan": "1", "beluisterd": "1"}),
    Route("GET", "/portal/tips", "/portal/tips", EDITORS),
    Route("GET", "/portal/tips/<int:tip_id>", "/portal/tips/{tip}", EDITORS),
    Route("POST", "/portal/tips/<int:tip_id>/goedkeuren", "/portal/tips/{tip}/goedkeuren", EDITORS, (302,),
          {"topic": "taal", "text_nl": "Ga naar het taalcafé."}),
    Route("POST", "/portal/tips/<int:tip_id>/vertalen", "/portal/tips/{tip}/vertalen", EDITORS, (302,)),
    Route("POST", "/portal/tips/<int:tip_id>/afwijzen", "/portal/tips/{tip}/afwijzen", EDITORS, (302,)),
    Route("GET", "/portal/beheer/auditlog", "/portal/beheer/auditlog", ADMINS),
    Route("GET", "/portal/beheer/instellingen", "/portal/beheer/instellingen", ADMINS),
    # Last, because it signs the client out.
    Route("POST", "/portal/logout", "/portal/logout", EVERYONE, (302,), signs_out=True),
)
PUBLIC = {("GET", "/portal/login"), ("POST", "/portal/login"), ("GET", "/portal/static/<path:filename>")}
"""Routes anyone may use."""


@pytest.fixture
def ids(portal_app: Flask, database_url: str) -> dict[str, int]:
    """Ids to fill into the URLs."""
    with db.session_factory(database_url)() as session:
        known = known_data.seed(session)
        unassigned = known_data.seed_unassigned(session)
        dirk = accounts.find_user(session, "klantmanager.dirk")
        assert dirk is not None
        question = ask(session, "web:abc123", "Mag ik een hond houden?")  # for the welcome desk: every caseworker
        gap = inbox.mark_gap(session, session.get(PersonQuestion, question), "Huisdieren", "klantmanager.anna",
                             known_data.moment(dt.date(2026, 12, 1)))
        tip = shared_tip(session, "tg:tipgever", "nl", "Ga vaak naar het taalcafé.")
        session.commit()
        return {"tip": tip.id, "amal": known.amal, "flag": known.open_flag, "match": known.buddy_match, "dirk": dirk.id,
                "salam": unassigned.salam, "question": question, "gap": gap.id}


def test_every_portal_route_is_in_the_matrix(portal_app: Flask) -> None:
    registered = {(method, rule.rule) for rule in portal_app.url_map.iter_rules() if rule.rule.startswith("/portal")
                  for method in rule.methods or () if method in ("GET", "POST")}
    in_matrix = {(route.method, route.rule) for route in ROUTES} | PUBLIC
    assert registered - in_matrix == set(), "routes without a permission decision in this test"
    assert in_matrix - registered == set(), "routes in this test that the portal does not have"


@pytest.mark.parametrize("role", ["anonymous", CASEWORKER, EDITOR, ADMIN])
def test_each_role_gets_exactly_its_routes(role: str, client_for, ids: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    token = page_token(client, "/portal/login" if role == "anonymous" else "/portal/wachtwoord")
    wrong = []
    for route in ROUTES:
        url = route.url.format(**ids)
        if route.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={**route.data, "csrf_token": token})
        location = response.headers.get("Location", "")
        if role == "anonymous":
            fine = response.status_code == 302 and "/portal/login" in location
        elif role in route.allowed:
            fine = response.status_code in route.ok and ("/portal/login" in location) == route.signs_out
        else:
            fine = response.status_code == 403
        if not fine:
            wrong.append((route.method, url, response.status_code, location))
    assert wrong == []


def test_a_caseworker_sees_only_their_own_newcomers(client_for, ids: dict[str, int], database_url: str) -> None:  # type: ignore[no-untyped-def]
    dirk = client_for("klantmanager.dirk")
    amal = ids["amal"]
    assert dirk.get(f"/portal/nieuwkomers/{amal}").status_code == 404
    assert dirk.get(f"/portal/nieuwkomers/{amal}/export").status_code == 404
    token = page_token(dirk, "/portal/werklijst")
    handled = dirk.post(f"/portal/nieuwkomers/{amal}/signalen/{ids['flag']}", data={"csrf_token": token, "note": "x"})
    assert handled.status_code == 404
    worklist = dirk.get("/portal/werklijst").get_data(as_text=True)
    assert "Tesfay Testpersoon" in worklist and "Amal Testpersoon" not in worklist
    admin_list = client_for(ADMIN).get("/portal/werklijst").get_data(as_text=True)
    assert "Tesfay Testpersoon" in admin_list and "Amal Testpersoon" in admin_list


def test_editors_never_see_personal_data(client_for, ids: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    editor = client_for(EDITOR)
    for url in ("/portal/werklijst", f"/portal/nieuwkomers/{ids['amal']}", "/portal/monitoring",
                "/portal/beheer/auditlog"):
        response = editor.get(url)
        assert response.status_code == 403
        assert "Amal" not in response.get_data(as_text=True)
    menu = editor.get("/portal/kennisbank").get_data(as_text=True)
    assert "Werklijst" not in menu and "Kennisbank" in menu

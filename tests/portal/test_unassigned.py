"""The unassigned queue: newcomers without a caseworker, seen by every caseworker, claimed with an audit entry."""

from __future__ import annotations

import re

import pytest
import yaml
from flask import Flask
from sqlalchemy import select

from tests.portal import known_data
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.journey.models import AuditLog, Newcomer
from wegwijz.portal.audit import PortalAction
from wegwijz.settings import ROOT


@pytest.fixture
def known(portal_app: Flask, database_url: str) -> tuple[known_data.Known, known_data.KnownUnassigned]:
    with db.session_factory(database_url)() as session:
        return known_data.seed(session), known_data.seed_unassigned(session)


def test_every_caseworker_sees_the_queue_open_flags_first(client_for, known) -> None:  # type: ignore[no-untyped-def]
    followed, unassigned = known
    for who in ("caseworker", "klantmanager.dirk"):
        html = client_for(who).get("/portal/niet-toegewezen").get_data(as_text=True)
        claims = re.findall(r'action="/portal/niet-toegewezen/(\d+)"', html)
        assert claims == [str(unassigned.salam), str(unassigned.yonas)]  # Salam's care flag puts her first
        assert "Heeft zorgen over gezondheid" in html
        assert "Amal Testpersoon" not in html and "Tesfay Testpersoon" not in html


def test_claiming_makes_you_the_caseworker_and_is_audited(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    _, unassigned = known
    dirk = client_for("klantmanager.dirk")
    assert dirk.get(f"/portal/nieuwkomers/{unassigned.salam}").status_code == 404  # not yet his
    token = page_token(dirk, "/portal/niet-toegewezen")
    response = dirk.post(f"/portal/niet-toegewezen/{unassigned.salam}", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/nieuwkomers/{unassigned.salam}")
    page = dirk.get(f"/portal/nieuwkomers/{unassigned.salam}").get_data(as_text=True)
    assert "Je bent nu de klantmanager van deze nieuwkomer." in page
    assert "Salam Testpersoon" in dirk.get("/portal/werklijst").get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        person = session.get(Newcomer, unassigned.salam)
        assert person is not None and person.caseworker == "klantmanager.dirk"
        entries = session.execute(select(AuditLog).where(AuditLog.what == PortalAction.CLAIMED_NEWCOMER)).scalars()
        assert [(e.who, e.newcomer_id) for e in entries] == [("klantmanager.dirk", unassigned.salam)]
    queue = client_for("caseworker").get("/portal/niet-toegewezen").get_data(as_text=True)
    assert "Salam Testpersoon" not in queue


def test_a_claimed_newcomer_cannot_be_claimed_again(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    followed, unassigned = known
    anna = client_for("caseworker")
    token = page_token(anna, "/portal/niet-toegewezen")
    response = anna.post(f"/portal/niet-toegewezen/{followed.tesfay}", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/portal/niet-toegewezen")
    assert "heeft al een klantmanager" in anna.get("/portal/niet-toegewezen").get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        person = session.get(Newcomer, followed.tesfay)
        assert person is not None and person.caseworker == "klantmanager.dirk"
        claimed = session.execute(select(AuditLog).where(AuditLog.what == PortalAction.CLAIMED_NEWCOMER)).all()
        assert claimed == []
    assert anna.post("/portal/niet-toegewezen/999999", data={"csrf_token": token}).status_code == 404


PROMISES = ("journey_intake_done", "journey_q_intake_care_consent", "journey_checkin_done",
            "journey_checkin_done_contact", "journey_checkin_open_six_months", "journey_checkin_open_two_years")
"""Chat texts that say who will read the answers: a newcomer from the chat may have no caseworker yet."""
OWN_CASEWORKER = {"nl": "je begeleider", "ar": "مرشدك", "ti": "ኣሰናያይኹም", "en": "your caseworker"}
"""'Your own caseworker', per language: a promise the system cannot keep for an unassigned newcomer."""


@pytest.mark.parametrize("key", PROMISES)
def test_the_chat_promises_only_what_the_queue_keeps(key: str) -> None:
    texts = yaml.safe_load((ROOT / "wegwijz" / "journey" / "texts.yml").read_text(encoding="utf-8"))
    assert set(texts[key]) == set(OWN_CASEWORKER)
    for lang, own in OWN_CASEWORKER.items():
        assert own not in texts[key][lang].lower(), (key, lang)
        assert "gemeente" in texts[key][lang], (key, lang)

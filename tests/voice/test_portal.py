"""The editors' read-aloud page: listen to a sample per language, switch it on or off (audited); monitoring counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.portal.conftest import page_token
from tests.voice.fakes import is_ogg_opus
from wegwijz import LANGUAGES, db
from wegwijz.journey.models import AuditLog
from wegwijz.voice import counts, switch


@pytest.mark.parametrize(("role", "allowed"), [("editor", True), ("admin", True), ("caseworker", False),
                                               ("anonymous", False)])
def test_only_editors_and_admins_see_the_page_and_the_samples(client_for: Callable[[str], FlaskClient],
                                                              role: str, allowed: bool) -> None:
    client = client_for(role)
    page = client.get("/portal/voorlezen")
    sample = client.get("/portal/voorlezen/ti/voorbeeld.ogg?artikel=huisarts")
    if allowed:
        assert page.status_code == 200 and sample.status_code == 200
        html = page.get_data(as_text=True)
        assert html.count("<audio") == len(LANGUAGES) and "Uit" in html and "Zet aan" in html
        assert sample.mimetype == "audio/ogg" and is_ogg_opus(sample.get_data())
    else:
        assert page.status_code in (302, 403) and sample.status_code in (302, 403)
        assert not sample.get_data().startswith(b"OggS")
    switched = client.post("/portal/voorlezen/ti", data={"aan": "1", "beluisterd": "1"})
    with db.session_factory(client.application.config["WEGWIJZ_SETTINGS"].database_url)() as session:
        assert switch.is_enabled(session, "ti") is (allowed and switched.status_code == 302)


def test_an_editor_switches_a_language_on_after_listening_and_it_is_audited(
        client_for: Callable[[str], FlaskClient], portal_app: Flask, database_url: str) -> None:
    client = client_for("editor")
    token = page_token(client, "/portal/voorlezen")
    refused = client.post("/portal/voorlezen/ti", data={"aan": "1", "csrf_token": token}, follow_redirects=True)
    assert "pas aan als je het voorbeeld hebt beluisterd" in refused.get_data(as_text=True)
    with db.session_factory(database_url)() as session:
        assert switch.enabled_languages(session) == frozenset()

    done = client.post("/portal/voorlezen/ti", data={"aan": "1", "beluisterd": "1", "csrf_token": token},
                       follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "Voorlezen in het Tigrinya staat nu aan." in html
    assert "redacteur.bram" in html and "Zet uit" in html
    client.post("/portal/voorlezen/ti", data={"aan": "0", "csrf_token": token})
    with db.session_factory(database_url)() as session:
        assert switch.enabled_languages(session) == frozenset()
        entries = [(a.who, a.what, a.detail) for a in session.execute(
            select(AuditLog).where(AuditLog.what.like("portal: voorlezen%")).order_by(AuditLog.id)).scalars()]
    assert entries == [("redacteur.bram", switch.SWITCHED_ON, "ti"), ("redacteur.bram", switch.SWITCHED_OFF, "ti")]


def test_a_switch_without_the_form_token_is_refused(client_for: Callable[[str], FlaskClient],
                                                    database_url: str) -> None:
    client = client_for("editor")
    client.get("/portal/voorlezen")
    assert client.post("/portal/voorlezen/ar", data={"aan": "1", "beluisterd": "1"}).status_code in (400, 403)
    with db.session_factory(database_url)() as session:
        assert switch.enabled_languages(session) == frozenset()


def test_monitoring_counts_voice_messages_per_language(client_for: Callable[[str], FlaskClient],
                                                       database_url: str) -> None:
    with db.session_factory(database_url)() as session:
        for lang, channel in (("ti", "tg"), ("ti", "wa"), ("ti", "tg"), ("ar", "web")):
            counts.record(session, lang, channel, "huisarts")
        session.commit()
    html = client_for("caseworker").get("/portal/monitoring").get_data(as_text=True)
    row = html.split('id="voorgelezen-ti"', 1)[1].split("</tr>", 1)[0]
    assert [cell.split(">")[1].split("<")[0] for cell in row.split('<td class="num')[1:]] == ["2", "1", "0", "3"]
    row = html.split('id="voorgelezen-ar"', 1)[1].split("</tr>", 1)[0]
    assert [cell.split(">")[1].split("<")[0] for cell in row.split('<td class="num')[1:]] == ["0", "0", "1", "1"]

"""Caseworkers: worklist order, the newcomer page (escaped answers, changes, flags), audit entries, export."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select

from tests.portal import known_data
from tests.portal.conftest import page_token
from wegwijz import db
from wegwijz.channels.models import ChannelContact, InboxItem, OutboxMessage
from wegwijz.journey.models import AuditLog, BuddyMatch, Flag, Newcomer
from wegwijz.portal.audit import PortalAction


@pytest.fixture
def known(portal_app: Flask, database_url: str) -> known_data.Known:
    with db.session_factory(database_url)() as session:
        return known_data.seed(session)


def _audit(database_url: str) -> list[tuple[str, str, int | None]]:
    with db.session_factory(database_url)() as session:
        return [(e.who, e.what, e.newcomer_id) for e in session.execute(select(AuditLog).order_by(AuditLog.id))
                .scalars()]


def test_worklist_puts_open_flags_first_then_overdue_checkins(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    html = client_for("caseworker").get("/portal/werklijst").get_data(as_text=True)
    names = re.findall(r'<th scope="row"><a href="/portal/nieuwkomers/(\d+)">', html)
    assert names == [str(known.amal), str(known.noor)]  # Amal has an open flag; Noor's check-in expired
    assert "te laat" in html
    assert ("klantmanager.anna", PortalAction.VIEWED_WORKLIST, None) in _audit(database_url)


def test_newcomer_page_escapes_free_text_and_shows_language(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    html = client_for("caseworker").get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    assert "<b>meer</b>" not in html and "&lt;b&gt;meer&lt;/b&gt; werk" in html
    assert re.search(r'lang="ar" dir="rtl">&lt;script&gt;', html)
    assert ("klantmanager.anna", PortalAction.VIEWED_NEWCOMER, known.amal) in _audit(database_url)


def test_newcomer_page_shows_what_changed_since_the_startgesprek(client_for, known) -> None:  # type: ignore[no-untyped-def]
    html = client_for("caseworker").get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True)
    changes = re.search(r"Wat veranderde sinds het startgesprek</h4>(.*?)</ul>", html, re.S)
    assert changes, "no changes block"
    block = re.sub(r"<[^>]+>", "", changes.group(1))
    assert re.search(r"0 → 2\s*\(meer\)", block)
    assert "Taallessen: nog niet begonnen → begonnen" in block


def test_tigrinya_answers_keep_their_language(client_for, known) -> None:  # type: ignore[no-untyped-def]
    html = client_for("admin").get(f"/portal/nieuwkomers/{known.tesfay}").get_data(as_text=True)
    assert f'lang="ti" dir="ltr">{known_data.TIGRINYA_ANSWER}' in html


def test_handling_a_flag_needs_a_note_and_records_who(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    url = f"/portal/nieuwkomers/{known.amal}/signalen/{known.open_flag}"
    token = page_token(anna, f"/portal/nieuwkomers/{known.amal}")
    anna.post(url, data={"csrf_token": token, "note": "   "})
    with db.session_factory(database_url)() as session:
        assert session.get(Flag, known.open_flag).handled_at is None
    anna.post(url, data={"csrf_token": token, "note": "Gebeld <b>vandaag</b>; afspraak op dinsdag."})
    with db.session_factory(database_url)() as session:
        flag = session.get(Flag, known.open_flag)
        assert flag.handled_by == "klantmanager.anna" and flag.note.startswith("Gebeld")
    html = anna.get(f"/portal/nieuwkomers/{known.amal}").get_data(as_text=True)
    assert "Geen open signalen." in html and "&lt;b&gt;vandaag&lt;/b&gt;" in html
    assert ("klantmanager.anna", PortalAction.HANDLED_FLAG, known.amal) in _audit(database_url)


def test_recording_and_ending_a_match(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    token = page_token(anna, f"/portal/nieuwkomers/{known.amal}")
    bad = anna.post(f"/portal/nieuwkomers/{known.amal}/koppelingen",
                    data={"csrf_token": token, "kind": "verzonnen", "partner": "x", "started_on": "2026-08-01"})
    assert bad.status_code == 400
    anna.post(f"/portal/nieuwkomers/{known.amal}/koppelingen",
              data={"csrf_token": token, "kind": "volunteer_team", "partner": "Buurtteam Kerckebosch",
                    "started_on": "2026-08-01"})
    anna.post(f"/portal/nieuwkomers/{known.amal}/koppelingen/{known.buddy_match}/einde",
              data={"csrf_token": token, "ended_on": "2026-02-01"})  # before it began: refused
    with db.session_factory(database_url)() as session:
        rows = list(session.execute(select(BuddyMatch).where(BuddyMatch.newcomer_id == known.amal)).scalars())
        assert {m.partner for m in rows} == {"Straatje-als-Maatje Lindenlaan", "Buurtteam Kerckebosch"}
        assert all(m.ended_on is None for m in rows)


def test_export_is_a_readable_file_in_the_newcomers_language(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    response = client_for("caseworker").get(f"/portal/nieuwkomers/{known.amal}/export")
    assert response.status_code == 200
    assert response.mimetype == "text/plain" and "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("ما حفظه WegwijZ-in-Zeist عنك / Wat WegwijZ-in-Zeist over jou heeft opgeslagen")
    for expected in ("tg:1001 (Telegram)", known_data.SCRIPT_ANSWER, "Wil graag dat iemand contact opneemt.",
                     "Straatje-als-Maatje Lindenlaan", "Taalcafé bibliotheek", "تم التخطي"):
        assert expected in text
    assert ("klantmanager.anna", PortalAction.EXPORTED_NEWCOMER, known.amal) in _audit(database_url)


def test_admin_reads_the_audit_log(client_for, known) -> None:  # type: ignore[no-untyped-def]
    client_for("caseworker").get(f"/portal/nieuwkomers/{known.amal}")
    html = client_for("admin").get("/portal/beheer/auditlog?wie=klantmanager.anna").get_data(as_text=True)
    assert PortalAction.VIEWED_NEWCOMER in html and f"#{known.amal}" in html


def test_linking_a_chat_address_of_another_caseworkers_newcomer_is_refused(client_for, known) -> None:  # type: ignore[no-untyped-def]
    anna = client_for("caseworker")
    token = page_token(anna, f"/portal/nieuwkomers/{known.amal}")
    taken = anna.post(f"/portal/nieuwkomers/{known.amal}/chatadressen",
                      data={"csrf_token": token, "sender_id": "wa:31600000001"})  # Tesfay's, followed by Dirk
    assert taken.status_code == 403
    bad = anna.post(f"/portal/nieuwkomers/{known.amal}/chatadressen", data={"csrf_token": token, "sender_id": "123"})
    assert bad.status_code == 400


def test_only_an_admin_assigns_a_caseworker_and_only_a_real_one(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    url = f"/portal/nieuwkomers/{known.amal}/gegevens"
    anna, admin = client_for("caseworker"), client_for("admin")
    form = {"name": "Amal Testpersoon", "linked_on": "2026-01-05"}
    anna.post(url, data={**form, "caseworker": "klantmanager.dirk",
                         "csrf_token": page_token(anna, f"/portal/nieuwkomers/{known.amal}")})
    with db.session_factory(database_url)() as session:
        assert session.get(Newcomer, known.amal).caseworker == "klantmanager.anna"  # a caseworker cannot hand over
    token = page_token(admin, f"/portal/nieuwkomers/{known.amal}")
    assert admin.post(url, data={**form, "caseworker": "redacteur.bram", "csrf_token": token}).status_code == 400
    assert admin.post(url, data={**form, "caseworker": "klantmanager.dirk", "csrf_token": token}).status_code == 302
    with db.session_factory(database_url)() as session:
        assert session.get(Newcomer, known.amal).caseworker == "klantmanager.dirk"


def test_erasing_a_newcomer_needs_the_word_and_removes_every_row(client_for, known, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        session.add(ChannelContact(sender_id="tg:1001", channel="tg", language="ar"))
        session.add(InboxItem(channel="tg", external_id="u-77", sender_id="tg:1001", kind="text", status="done",
                              text="Ik woon op de Lindenlaan 4"))
        session.add(OutboxMessage(channel="tg", sender_id="tg:1001", kind="text", payload={"text": "antwoord"},
                                  status="sent"))
        session.commit()
    client = client_for("caseworker")
    url = f"/portal/nieuwkomers/{known.amal}/wissen"
    token = page_token(client, f"/portal/nieuwkomers/{known.amal}")
    refused = client.post(url, data={"confirm": "ja", "csrf_token": token})
    assert refused.status_code == 302 and refused.headers["Location"].endswith("#wissen")
    with db.session_factory(database_url)() as session:
        assert session.get(Newcomer, known.amal) is not None
    done = client.post(url, data={"confirm": "wissen", "csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"].endswith("/portal/werklijst")
    with db.session_factory(database_url)() as session:
        assert session.get(Newcomer, known.amal) is None
        for model in (ChannelContact, InboxItem, OutboxMessage):
            assert session.execute(select(model).where(model.sender_id == "tg:1001")).first() is None
    assert client.get(f"/portal/nieuwkomers/{known.amal}").status_code == 404
    entries = [e for e in _audit(database_url) if e[1] == PortalAction.ERASED_NEWCOMER]
    assert entries == [("klantmanager.anna", PortalAction.ERASED_NEWCOMER, None)]

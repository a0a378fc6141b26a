"""The editors' tip review in the portal (test client, SQLite and PostgreSQL): approve, reject, translate, audit."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from tests.portal.conftest import page_token
from tests.tips.known import shared_tip
from wegwijz import db
from wegwijz.journey.models import AuditLog
from wegwijz.portal.views.tips import TipAction
from wegwijz.tips.models import TextStatus, Tip, TipStatus

WORDS = "Ik ben Samira uit de Slotlaan. Ga naar het taalcafé in de bibliotheek, daar leer je snel Nederlands."
CLEANED = "Ga naar het taalcafé in de bibliotheek: daar leer je snel Nederlands."


@pytest.fixture
def tip_id(portal_app, database_url: str) -> int:  # type: ignore[no-untyped-def]
    with db.session_factory(database_url)() as session:
        return int(shared_tip(session, "tg:701", "nl", WORDS, keep=True).id)


def _get(database_url: str, tip_id: int) -> Tip:
    with db.session_factory(database_url)() as session:
        tip = session.get(Tip, tip_id)
        assert tip is not None
        _ = list(tip.texts)
        return tip


def test_an_editor_cleans_up_and_approves_a_tip_without_seeing_who_gave_it(client_for, database_url: str,  # type: ignore[no-untyped-def]
                                                                          tip_id: int) -> None:
    editor = client_for("editor")
    listing = editor.get("/portal/tips").get_data(as_text=True)
    assert "Ik ben Samira" in listing and "tg:701" not in listing
    page = editor.get(f"/portal/tips/{tip_id}").get_data(as_text=True)
    assert WORDS in page and "tg:701" not in page
    token = page_token(editor, f"/portal/tips/{tip_id}")
    refused = editor.post(f"/portal/tips/{tip_id}/goedkeuren", data={"csrf_token": token, "text_nl": CLEANED})
    assert refused.status_code == 302 and _get(database_url, tip_id).status == TipStatus.WAITING, "no topic: refused"
    done = editor.post(f"/portal/tips/{tip_id}/goedkeuren", data={
        "csrf_token": token, "topic": "taal", "text_nl": CLEANED, "text_en": "Go to the language café.",
        "text_ar": "اذهب إلى مقهى اللغة في المكتبة.", "reviewed_ar": "1"})
    assert done.status_code == 302
    tip = _get(database_url, tip_id)
    assert (tip.status, tip.topic, tip.original, tip.reviewed_by) == (TipStatus.APPROVED, "taal", None,
                                                                      "redacteur.bram")
    assert {lang: tip.status_of(lang) for lang in ("nl", "en", "ar", "ti")} == {
        "nl": TextStatus.SOURCE, "en": TextStatus.MACHINE, "ar": TextStatus.REVIEWED, "ti": None}
    assert "Samira" not in editor.get(f"/portal/tips/{tip_id}").get_data(as_text=True), "the original words are gone"
    with db.session_factory(database_url)() as session:
        whats = list(session.execute(select(AuditLog.what).where(AuditLog.who == "redacteur.bram")).scalars())
    assert {TipAction.VIEWED_TIPS, TipAction.VIEWED_TIP, TipAction.APPROVED_TIP} <= set(whats)
    monitoring = client_for("admin").get("/portal/monitoring").get_data(as_text=True)
    assert 'id="tips-goedgekeurd">1<' in monitoring and 'id="tips-gegeven">1<' in monitoring


def test_rejecting_removes_the_words_and_only_editors_may_review(client_for, database_url: str,  # type: ignore[no-untyped-def]
                                                                 tip_id: int) -> None:
    assert client_for("caseworker").get(f"/portal/tips/{tip_id}").status_code == 403
    editor = client_for("editor")
    token = page_token(editor, f"/portal/tips/{tip_id}")
    assert editor.post(f"/portal/tips/{tip_id}/afwijzen", data={"csrf_token": token}).status_code == 302
    tip = _get(database_url, tip_id)
    assert (tip.status, tip.original, list(tip.texts)) == (TipStatus.REJECTED, None, [])
    assert editor.get("/portal/tips/999999").status_code == 404


class _FakeTranslate(BaseHTTPRequestHandler):
    """A LibreTranslate-compatible service on loopback: "[target] text", no Tigrinya."""

    def do_POST(self) -> None:  # noqa: N802 - the http.server name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if body["target"] == "ti":
            self.send_response(400)
            self.end_headers()
            return
        out = json.dumps({"translatedText": f"[{body['target']}] {body['q']}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_translate(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("WEGWIJZ_TRANSLATE_URL", url)
    yield url
    server.shutdown()


def test_machine_translation_fills_missing_languages_marked_machine(client_for, database_url: str,  # type: ignore[no-untyped-def]
                                                                    tip_id: int, fake_translate: str) -> None:
    editor = client_for("editor")
    token = page_token(editor, f"/portal/tips/{tip_id}")
    editor.post(f"/portal/tips/{tip_id}/goedkeuren", data={"csrf_token": token, "topic": "taal", "text_nl": CLEANED})
    assert "Vertaal ontbrekende talen machinaal" in editor.get(f"/portal/tips/{tip_id}").get_data(as_text=True)
    assert editor.post(f"/portal/tips/{tip_id}/vertalen", data={"csrf_token": token}).status_code == 302
    tip = _get(database_url, tip_id)
    assert tip.text_in("en").text == f"[en] {CLEANED}" and tip.status_of("en") == TextStatus.MACHINE  # type: ignore[union-attr]
    assert tip.status_of("ar") == TextStatus.MACHINE
    assert tip.text_in("ti") is None, "a language the service cannot do is left for the editor"

"""Read-aloud in the web chat: the audio behind the player, and in a real browser (Debian's chromium) the player
appears under the answer and its source loads."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from tests.channels.fake_rasa import FakeRasa
from tests.e2e.browser import ARTIFACTS
from tests.e2e.conftest import page_factory  # noqa: F401
from tests.rasa_stack import free_port
from tests.voice.fakes import is_ogg_opus
from wegwijz import db
from wegwijz.settings import load as load_settings
from wegwijz.texts import say
from wegwijz.voice import switch
from wegwijz.voice.library import default_library
from wegwijz.voice.models import VoiceSent
from wegwijz.web.app import create_app

ANSWER = "**Huisarts**\n\nJe huisarts is je eerste hulp bij ziekte.\n\nWas dit nuttig?"


@pytest.fixture
def web_app(database_url: str, voice_var: Path, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The web chat in front of a fake Rasa that answers like the assistant with read-aloud switched on in Dutch."""
    monkeypatch.setenv("ACTION_SERVER_HEALTH_URL", "")
    settings = dataclasses.replace(load_settings(), database_url=database_url, var_dir=voice_var,
                                   rasa_url=fake_rasa.url, web_port=free_port(),
                                   secret_key="test-secret-key-that-is-long-enough-for-tests")
    version = default_library().version("huisarts", "nl")
    fake_rasa.scripted["huisarts"] = [
        {"text": ANSWER, "buttons": [{"title": "👍 Ja", "payload": "/feedback_yes"},
                                     {"title": say("voice_button", "nl"), "payload": "/voorlezen huisarts"}]},
        {"custom": {"source": {"article": "huisarts", "lang": "nl", "status": "source"}}}]
    fake_rasa.scripted["/voorlezen huisarts"] = [
        {"text": say("voice_here", "nl", title="Huisarts")},
        {"custom": {"voice": {"article": "huisarts", "lang": "nl", "version": version}}}]
    return create_app(settings)


def set_voice(database_url: str, lang: str, on: bool) -> None:
    with db.session_factory(database_url)() as session:
        switch.switch(session, lang, on, "redacteur.bram")
        session.commit()


def test_the_audio_is_served_only_in_a_language_switched_on(web_app: Flask, database_url: str) -> None:
    client = web_app.test_client()
    assert client.get("/chat/voorlezen/huisarts/nl.ogg").status_code == 404  # off by default
    set_voice(database_url, "nl", True)
    response = client.get("/chat/voorlezen/huisarts/nl.ogg?v=x")
    assert response.status_code == 200 and response.mimetype == "audio/ogg"
    assert is_ogg_opus(response.get_data())
    assert client.get("/chat/voorlezen/bestaat_niet/nl.ogg").status_code == 404
    assert client.get("/chat/voorlezen/huisarts/xx.ogg").status_code == 404
    assert client.get("/chat/voorlezen/huisarts/ar.ogg").status_code == 404
    set_voice(database_url, "nl", False)
    assert client.get("/chat/voorlezen/huisarts/nl.ogg").status_code == 404


def test_the_chat_reply_names_the_audio_and_is_counted(web_app: Flask, database_url: str) -> None:
    set_voice(database_url, "nl", True)
    client = web_app.test_client()
    replies = client.post("/chat", json={"message": "/voorlezen huisarts", "button": True}).get_json()["replies"]
    voice = next(r["custom"]["voice"] for r in replies if "voice" in (r.get("custom") or {}))
    assert voice["url"] == f"chat/voorlezen/huisarts/nl.ogg?v={voice['version']}"
    with db.session_factory(database_url)() as session:
        assert [(r.lang, r.channel) for r in session.execute(select(VoiceSent)).scalars()] == [("nl", "web")]


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[str]:
    from waitress.server import create_server

    port = app.config["WEGWIJZ_SETTINGS"].web_port
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.close()


def test_the_player_appears_under_the_answer_and_its_audio_loads(page_factory, web_app: Flask,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                 database_url: str) -> None:
    set_voice(database_url, "nl", True)
    ARTIFACTS.mkdir(exist_ok=True)
    with serving(web_app) as url:
        page = page_factory()
        page.goto(url)
        page.fill("#message", "huisarts")
        page.press("#message", "Enter")
        page.locator("li.msg.bot", has_text="eerste hulp").wait_for(timeout=30000)
        with page.expect_response(lambda r: "/chat/voorlezen/huisarts/nl.ogg" in r.url, timeout=60000) as audio:
            page.locator("li.msg.bot button", has_text=say("voice_button", "nl")).click()
            player = page.locator("li.msg.bot audio.voice")
            player.wait_for(timeout=30000)
            player.evaluate("a => a.play().catch(() => null)")  # headless: a muted attempt makes it fetch
        assert audio.value.status in (200, 206)
        assert audio.value.header_value("content-type") == "audio/ogg"
        page.wait_for_function("() => document.querySelector('audio.voice').readyState >= 1", timeout=30000)
        assert page.evaluate("() => document.querySelector('audio.voice').duration") > 1
        assert player.get_attribute("aria-label") == say("voice_player", "nl")
        page.screenshot(path=str(ARTIFACTS / "webchat-read-aloud.png"))
        page.reload()  # the player stays in the transcript kept on the device
        page.locator("li.msg.bot audio.voice").wait_for(timeout=30000)

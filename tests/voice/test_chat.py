"""The 🔊 button and the read-aloud reply, in the answer action with Rasa SDK's real dispatcher."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.actions.kennisbank import ActionAnswer
from wegwijz import db, settings
from wegwijz.contract import commands
from wegwijz.journey.models import AuditLog
from wegwijz.settings import ROOT
from wegwijz.texts import say
from wegwijz.voice import chat, switch

LANGS = ("nl", "ar", "ti", "en")


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return Domain.load(str(ROOT / "bot" / "domain.yml")).as_dict()


@pytest.fixture
def chat_database(database_url: str, voice_var: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The action server's database is the test's."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    settings.get.cache_clear()
    yield database_url
    settings.get.cache_clear()


def switch_on(database_url: str, *langs: str) -> None:
    with db.session_factory(database_url)() as session:
        for lang in langs:
            switch.switch(session, lang, True, "redacteur.bram")
        session.commit()


def run_answer(text: str, lang: str, domain: dict[str, Any], intent: str = "nlu_fallback",
               **slots: Any) -> list[dict[str, Any]]:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "intent_ranking": [{"name": intent, "confidence": 1.0}], "entities": [],
              "metadata": {"language": lang}}
    tracker = Tracker.from_dict({"sender_id": "tg:4242", "slots": {"language": lang, **slots},
                                 "latest_message": latest, "events": [], "paused": False, "followup_action": None,
                                 "active_loop": {}, "latest_action_name": "action_listen"})
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswer().run(dispatcher, tracker, domain))
    return dispatcher.messages


def test_every_language_is_off_until_an_editor_switches_it_on(session: db.Session) -> None:
    assert switch.enabled_languages(session) == frozenset()
    assert switch.switch(session, "ti", True, "redacteur.bram") is True
    assert switch.switch(session, "ti", True, "redacteur.bram") is False  # already on: nothing new
    session.commit()
    assert switch.enabled_languages(session) == {"ti"}
    assert switch.switch(session, "ti", False, "beheerder.chris") is True
    session.commit()
    assert switch.enabled_languages(session) == frozenset()
    audit = [(a.who, a.what, a.detail) for a in session.execute(select(AuditLog).order_by(AuditLog.id)).scalars()]
    assert audit == [("redacteur.bram", switch.SWITCHED_ON, "ti"), ("beheerder.chris", switch.SWITCHED_OFF, "ti")]
    with pytest.raises(ValueError):
        switch.switch(session, "xx", True, "redacteur.bram")


@pytest.mark.parametrize("typed", ["/voorlezen", "voorlezen", "/listen", "/استمع", "/ስምዑ", "/voorlezen huisarts",
                                   "/voorlezen@WegwijzBot"])
def test_the_command_is_registered_without_an_intent(typed: str) -> None:
    assert chat.requested(typed)[0]
    assert commands.intent_of(typed) is None  # no Rasa intent: nothing to retrain
    assert not commands.for_rasa(typed).startswith("/")


@pytest.mark.parametrize("text", ["lees dit voor aan mijn buurvrouw", "/mens", "huisarts", "", None,
                                  "/voorlezen huisarts en meer"])
def test_other_messages_are_no_read_aloud_request(text: str | None) -> None:
    assert chat.requested(text) == (False, None)


@pytest.mark.parametrize("lang", LANGS)
def test_the_button_is_under_an_answer_only_in_a_language_switched_on(
        chat_database: str, domain: dict[str, Any], lang: str) -> None:
    others = tuple(other for other in LANGS if other != lang)
    switch_on(chat_database, *others)
    answer = run_answer("/kb_huisarts", lang, domain, intent="kb_huisarts")
    payloads = [b["payload"] for m in answer for b in m.get("buttons") or []]
    assert "/voorlezen huisarts" not in payloads

    switch_on(chat_database, lang)
    answer = run_answer("/kb_huisarts", lang, domain, intent="kb_huisarts")
    buttons = [b for m in answer for b in m.get("buttons") or []]
    assert {"title": say("voice_button", lang), "payload": "/voorlezen huisarts"} in buttons


def test_pressing_the_button_replies_with_the_voice_of_the_article(chat_database: str,
                                                                    domain: dict[str, Any]) -> None:
    switch_on(chat_database, "ti")
    messages = run_answer("/voorlezen huisarts", "ti", domain)
    assert len(messages) == 1
    assert messages[0]["custom"], "the voice payload"
    voice = messages[0]["custom"]["voice"]
    assert voice["article"] == "huisarts" and voice["lang"] == "ti" and voice["version"].startswith("v")
    assert messages[0]["text"].startswith("🔊 «")

    typed = run_answer("voorlezen", "ti", domain, last_article="huisarts")  # a typed /voorlezen: the last answer
    assert typed[0]["custom"]["voice"] == voice


def test_no_voice_in_a_language_that_is_off_or_without_an_answer(chat_database: str,
                                                                  domain: dict[str, Any]) -> None:
    switch_on(chat_database, "nl")
    off = run_answer("/voorlezen huisarts", "ar", domain)
    assert [m["text"] for m in off] == [say("voice_not_offered", "ar")] and not off[0]["custom"]
    nothing = run_answer("voorlezen", "nl", domain)
    assert nothing[0]["text"] == say("voice_nothing_to_read", "nl") and not nothing[0]["custom"]
    forged = run_answer("/voorlezen ../../etc", "nl", domain)
    assert forged[0]["text"] == say("voice_nothing_to_read", "nl")


def test_when_the_setting_cannot_be_read_no_language_is_on(tmp_path: Path) -> None:
    unmigrated = db.session_factory(f"sqlite:///{tmp_path / 'leeg.db'}")  # no voice_languages table
    assert chat.enabled_now(unmigrated) == frozenset()
    assert chat.in_chat(unmigrated, "/voorlezen huisarts", None, "nl") == [
        chat.Reply(say("voice_not_offered", "nl"))]

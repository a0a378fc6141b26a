"""The actions with Rasa SDK's real dispatcher, a tracker built from a dict and the real domain."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionGreet, ActionHelp, ActionSetLanguage, ActionShowLanguages, ActionStart
from bot.actions.kennisbank import ActionAnswer, ActionFeedback, ActionShowOriginal
from wegwijz import LANGUAGES
from wegwijz.contract import languages
from wegwijz.conversation.rasa_bridge import language_of
from wegwijz.language import script_language
from wegwijz.settings import ROOT


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return Domain.load(str(ROOT / "bot" / "domain.yml")).as_dict()


def tracker(text: str, intent: str = "nlu_fallback", ranking: list[dict[str, Any]] | None = None,
            entities: list[dict[str, Any]] | None = None, metadata: dict[str, Any] | None = None,
            **slots: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0},
              "intent_ranking": ranking or [{"name": intent, "confidence": 1.0}], "entities": entities or []}
    if metadata is not None:  # what Rasa's REST channel stores from the request (see `language_of`)
        latest["metadata"] = metadata
    return Tracker.from_dict({
        "sender_id": "web:test", "slots": slots, "latest_message": latest,
        "events": [], "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
    })


def run(action: Any, t: Tracker, domain: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, domain))
    return dispatcher.messages, events


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_every_action_is_in_the_domain(domain: dict[str, Any]) -> None:
    names = {a().name() for a in (ActionGreet, ActionStart, ActionHelp, ActionShowLanguages, ActionSetLanguage,
                                  ActionAnswer, ActionFeedback, ActionShowOriginal)}
    assert names <= set(domain["actions"])


@pytest.mark.parametrize(("text", "lang"), [("hallo", "nl"), ("hi", "en"), ("مرحبا", "ar"), ("ሰላም", "ti")])
def test_greet_welcomes_in_the_language_of_the_greeting(domain: dict[str, Any], text: str, lang: str) -> None:
    messages, events = run(ActionGreet(), tracker(text, "greet"), domain)
    assert len(messages[0]["buttons"]) == len(LANGUAGES)
    assert slot_events(events)["language"] == lang
    if lang in ("ar", "ti"):
        assert script_language(messages[0]["text"]) == lang


def test_language_button_sets_the_choice(domain: dict[str, Any]) -> None:
    t = tracker('/choose_language{"language":"ti"}', "choose_language",
                entities=[{"entity": "language", "value": "ti"}])
    messages, events = run(ActionSetLanguage(), t, domain)
    assert slot_events(events) == {"chosen_language": "ti", "language": "ti"}
    assert script_language(messages[0]["text"]) == "ti"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/start_intake"]  # the startgesprek is offered


@pytest.mark.parametrize(("text", "lang"), [("English please", "en"), ("بالعربي", "ar"), ("ብትግርኛ", "ti"),
                                            ("in het Nederlands graag", "nl")])
def test_typed_language_request_sets_the_choice(domain: dict[str, Any], text: str, lang: str) -> None:
    t = tracker(text, "choose_language", metadata={"language": "ar"}, chosen_language="nl")
    messages, events = run(ActionSetLanguage(), t, domain)
    assert slot_events(events)["chosen_language"] == lang
    # The reply tells the gateway, which decided the message's language before Rasa understood it.
    assert languages.chosen_in(messages) == lang


@pytest.mark.parametrize("metadata", [{"language": "ar"}, {"language": "ar", "start_parameter": "x"}])
def test_the_language_the_gateway_decided_is_the_answer_language(domain: dict[str, Any],
                                                                 metadata: dict[str, Any]) -> None:
    t = tracker("Ik werk graag met mijn handen", "greet", metadata=metadata, language="nl")
    messages, events = run(ActionGreet(), t, domain)
    assert script_language(messages[0]["text"]) == "ar"
    assert slot_events(events)["language"] == "ar"


@pytest.mark.parametrize(("metadata", "lang"), [(None, "nl"), ({}, "nl"), ({"language": "ru"}, "nl"),
                                                ({"language": "ti"}, "ti")])
def test_without_a_decided_language_the_action_decides_the_same_way(
        domain: dict[str, Any], metadata: dict[str, Any] | None, lang: str) -> None:
    t = tracker("Hallo, ik ben nieuw in Zeist", "greet", metadata=metadata, language="en")
    assert language_of(t) == lang
    assert language_of(tracker("Hallo, ik ben nieuw in Zeist", "greet", metadata=metadata, language="ar")) == \
        ("ar" if lang == "nl" else lang), "a Latin-script message does not move an Arabic conversation"


def test_unclear_language_request_shows_the_buttons(domain: dict[str, Any]) -> None:
    messages, events = run(ActionSetLanguage(), tracker("andere taal", "choose_language"), domain)
    assert len(messages[0]["buttons"]) == len(LANGUAGES)
    assert "chosen_language" not in slot_events(events)


def test_answer_carries_its_source_and_feedback_buttons(domain: dict[str, Any]) -> None:
    ranking = [{"name": "kb_huisarts", "confidence": 0.97}, {"name": "kb_tandarts", "confidence": 0.01}]
    messages, events = run(ActionAnswer(), tracker("كيف أسجل عند طبيب العائلة", "kb_huisarts", ranking), domain)
    custom = [m["custom"] for m in messages if m.get("custom")]
    assert custom == [{"source": {"article": "huisarts", "lang": "ar", "status": "machine"}}]
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert payloads == ["/feedback_yes", "/feedback_no", "/show_original"]
    assert slot_events(events)["last_article"] == "huisarts"
    assert "huisarts" in messages[0]["text"]  # the Dutch name stays recognisable


def test_dutch_answer_has_no_machine_note(domain: dict[str, Any]) -> None:
    ranking = [{"name": "kb_huisarts", "confidence": 0.97}]
    messages, _ = run(ActionAnswer(), tracker("waar vind ik een huisarts", "kb_huisarts", ranking), domain)
    assert [m["custom"] for m in messages if m.get("custom")] == [
        {"source": {"article": "huisarts", "lang": "nl", "status": "source"}}]
    assert "automatisch vertaald" not in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/feedback_yes", "/feedback_no"]


def test_suggestion_button_answers_the_article(domain: dict[str, Any]) -> None:
    messages, _ = run(ActionAnswer(), tracker("/kb_digid", "kb_digid", language="en"), domain)
    assert [m["custom"]["source"]["article"] for m in messages if m.get("custom")] == ["digid"]


@pytest.mark.parametrize(
    ("text", "key_fragment"),
    [("", "text"), ("😀😀", "text"), ("?!", "text"), ("/onzin", "/taal")],
)
def test_wordless_messages_and_unknown_commands_get_a_kind_fallback(
    domain: dict[str, Any], text: str, key_fragment: str
) -> None:
    messages, _ = run(ActionAnswer(), tracker(text, "nlu_fallback", language="en"), domain)
    assert key_fragment in messages[0]["text"]
    assert messages[0]["custom"] == {"fallback": True}


def test_out_of_scope_is_declined_with_a_human_contact(domain: dict[str, Any]) -> None:
    ranking = [{"name": "out_of_scope", "confidence": 0.95}]
    messages, events = run(ActionAnswer(), tracker("wie wint het wk voetbal", "out_of_scope", ranking), domain)
    assert messages[0]["custom"] == {"fallback": True}
    assert "VluchtelingenWerk" in messages[0]["text"]
    assert "last_article" not in slot_events(events)


def test_show_original_gives_the_dutch_text(domain: dict[str, Any]) -> None:
    messages, _ = run(ActionShowOriginal(), tracker("/show_original", "show_original", language="ar",
                                                    chosen_language="ar", last_article="huisarts"), domain)
    assert messages[0]["custom"]["source"] == {"article": "huisarts", "lang": "nl", "status": "source"}
    assert script_language(messages[0]["text"].split("\n")[0]) == "ar"


def test_feedback_is_recorded_per_article_and_language(domain: dict[str, Any], monkeypatch, database_url: str) -> None:
    from wegwijz import db, settings
    from wegwijz.kennisbank.feedback import totals

    monkeypatch.setenv("DATABASE_URL", database_url)  # settings are read from the environment
    settings.get.cache_clear()
    try:
        run(ActionFeedback(), tracker("/feedback_no", "feedback_no", language="ti", last_article="digid"), domain)
        run(ActionFeedback(), tracker("/feedback_yes", "feedback_yes", language="ti", last_article="digid"), domain)
        run(ActionFeedback(), tracker("/feedback_yes", "feedback_yes", language="ti", last_article="digid"), domain)
        with db.session_factory(database_url)() as session:
            assert totals(session)[("digid", "ti")] == (2, 1)
    finally:
        settings.get.cache_clear()

"""The journey's Rasa actions with a real CollectingDispatcher, Trackers built from dicts and the real domain."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from bot.actions import journey as actions
from bot.actions import journey_rights
from tests.journey.conftest import consenting_newcomer
from wegwijz import db
from wegwijz.journey import prompts
from wegwijz.journey.constants import SKIPPED
from wegwijz.journey.models import TrackerPurge
from wegwijz.journey.newcomers import find_by_sender
from wegwijz.settings import ROOT
from wegwijz.settings import get as get_settings
from wegwijz.texts import say

DOMAIN = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def action_database(database_url, monkeypatch) -> Iterator[str]:
    """The actions use the database of the settings, as on the action server."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def _tracker(sender: str, text: str, intent: str, slots: dict[str, Any], events: list[dict[str, Any]] | None = None,
             entities: list[dict[str, Any]] | None = None, active_loop: str | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker(sender, slots, message, events or [], False, None, {"name": active_loop} if active_loop else {},
                   "action_listen")


def _run(action: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def test_every_journey_action_in_the_domain_is_served() -> None:
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    journey_actions = [a for a in DOMAIN["actions"] if a.startswith(("validate_", "action_ask_"))
                       or a in ("action_start_checkin", "action_intake_done", "action_checkin_done",
                                "action_journey_paused", "action_my_data", "action_ask_erase",
                                "action_journey_choice", "action_withdraw_consent")]
    assert len(journey_actions) == 33
    assert set(journey_actions) <= set(executor.actions)


def test_question_is_asked_in_the_conversation_language_with_buttons() -> None:
    action = actions.ActionAskIntakeBuddy()
    tracker = _tracker("tg:1", '/choose_answer{"choice":"work"}', "choose_answer", {"language": "ar"})
    messages, events = _run(action, tracker)
    [message] = messages
    assert message["text"] == say("journey_q_intake_buddy", "ar")
    payloads = [b["payload"] for b in message["buttons"]]
    assert payloads == [prompts.choice_payload(c) for c in ("buddy", "team", "both", "no")] + [
        prompts.SKIP_PAYLOAD, prompts.PAUSE_PAYLOAD]
    assert events == []  # the language stays Arabic


@pytest.mark.parametrize(("text", "slots", "expected"), [
    ("Syrië", {"language": "ar"}, "ar"),  # a place name in Latin letters does not switch an Arabic chat
    ("3", {"language": "ti"}, "ti"),
    ("EXTERNAL: start_checkin", {"language": "ti"}, "ti"),
    ("ሰላም", {"language": "nl"}, "ti"),
    ("Ik werk graag met mijn handen", {"language": "en"}, "nl"),
    ("Syrië", {"language": "ar", "chosen_language": "en"}, "en"),
])
def test_journey_language(text: str, slots: dict[str, Any], expected: str) -> None:
    assert actions.journey_language(_tracker("tg:1", text, "nlu_fallback", slots)) == expected


def _form_turn(text: str, intent: str) -> list[dict[str, Any]]:
    """The tracker the form hands to its validation action after a message that filled no slot."""
    return [{"event": "action", "name": "action_listen"},
            {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
            {"event": "slot", "name": "requested_slot", "value": "intake_interests"},
            {"event": "action", "name": "intake_form"}]


def test_a_short_stop_lets_the_rule_pause_the_intake(action_database, clock, schedule) -> None:
    slots = {"language": "nl", "intake_consent": "yes", "requested_slot": "intake_interests"}
    tracker = _tracker("tg:2", "ik wil stoppen", "pause_journey", slots, _form_turn("ik wil stoppen", "pause_journey"),
                       active_loop="intake_form")
    messages, events = _run(actions.ValidateIntakeForm(), tracker)
    assert (messages, events) == ([], [])


def test_a_long_answer_that_sounds_like_stop_is_an_answer(action_database, clock, schedule) -> None:
    with db.session_factory(action_database)() as session:
        consenting_newcomer(session, "tg:3", "nl", clock(), schedule)
    text = "ik wil stoppen met roken en meer sporten"
    earlier = {q: SKIPPED for q in ("intake_background", "intake_languages", "intake_education", "intake_work",
                                    "intake_ambition")}
    slots = {"language": "nl", "intake_consent": "yes", "requested_slot": "intake_interests"} | earlier
    tracker = _tracker("tg:3", text, "pause_journey", slots, _form_turn(text, "pause_journey"),
                       active_loop="intake_form")
    _, events = _run(actions.ValidateIntakeForm(), tracker)
    assert {"event": "slot", "name": "intake_interests", "value": text, "timestamp": None} in events
    assert events[-1]["name"] == "requested_slot" and events[-1]["value"] == "intake_contacts"
    with db.session_factory(action_database)() as session:
        assert [a.value for a in find_by_sender(session, "tg:3").intake_answers] == [text]


def test_erasure_needs_the_question_first(action_database, clock, schedule) -> None:
    with db.session_factory(action_database)() as session:
        consenting_newcomer(session, "tg:4", "en", clock(), schedule)
    yes = _tracker("tg:4", '/choose_answer{"choice":"yes"}', "choose_answer", {"language": "en"},
                   entities=[{"entity": "choice", "value": "yes"}])
    messages, _ = _run(journey_rights.ActionJourneyChoice(), yes)
    assert messages[0]["text"] == say("journey_no_question_open", "en")
    with db.session_factory(action_database)() as session:
        assert find_by_sender(session, "tg:4") is not None  # a stray "yes" erases nothing
    ask = _tracker("tg:4", "/verwijder", "verwijder", {"language": "en"})
    messages, events = _run(journey_rights.ActionAskErase(), ask)
    asked_at = next(e["value"] for e in events if e.get("name") == journey_rights.ERASE_ASKED_SLOT)
    no = _tracker("tg:4", "no", "choose_answer", {"language": "en", journey_rights.ERASE_ASKED_SLOT: asked_at})
    messages, _ = _run(journey_rights.ActionJourneyChoice(), no)
    assert messages[0]["text"] == say("journey_erase_cancelled", "en")
    yes = _tracker("tg:4", "yes", "choose_answer", {"language": "en", journey_rights.ERASE_ASKED_SLOT: asked_at})
    messages, events = _run(journey_rights.ActionJourneyChoice(), yes)
    assert messages[0]["text"] == say("journey_erased", "en") and events == [{"event": "reset_slots",
                                                                              "timestamp": None}]
    with db.session_factory(action_database)() as session:
        assert find_by_sender(session, "tg:4") is None
        job = session.get(TrackerPurge, "tg:4")
        assert job is not None  # waits for Rasa to store this turn; no Rasa here, so end it by hand
        session.delete(job)
        session.commit()
    for thread in threading.enumerate():
        if thread.name == journey_rights.PURGE_THREAD_PREFIX + "tg:4":
            thread.join(10)
            assert not thread.is_alive()


@pytest.mark.parametrize(("metadata", "expected"), [(None, "ar"), ({"language": "en"}, "en")])
def test_a_checkin_speaks_the_language_the_gateway_keeps_for_the_chat(
        action_database, metadata: dict[str, Any] | None, expected: str) -> None:
    """Started by the scheduler (no metadata), the check-in uses the chat's stored language, which the
    WhatsApp template in front of it uses too; a newcomer's own message brings its language along."""
    from wegwijz.channels import contacts

    with db.session_factory(action_database).begin() as session:
        contacts.get_or_create(session, "wa:31600000077").language = "ar"
    tracker = _tracker("wa:31600000077", "EXTERNAL: start_checkin", "start_checkin", {"language": "nl"},
                       entities=[{"entity": "checkin_kind", "value": "six_months"}])
    if metadata is not None:
        tracker.latest_message["metadata"] = metadata
    messages, events = _run(actions.ActionStartCheckin(), tracker)
    assert messages[0]["text"] == say("journey_checkin_none_open", expected)
    assert {"event": "slot", "name": "language", "value": expected, "timestamp": None} in events

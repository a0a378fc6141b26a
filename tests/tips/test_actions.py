"""The Rasa actions around tips, with a real CollectingDispatcher, Trackers built from dicts and the real domain."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import journey as journey_actions
from bot.actions import kennisbank as kennisbank_actions
from tests.tips.known import answered_two_year_checkin, approved_tip
from wegwijz import db
from wegwijz.settings import ROOT
from wegwijz.settings import get as get_settings
from wegwijz.texts import say

DOMAIN = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def action_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The actions use the database of the settings, as on the action server."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


def _run(action: Any, sender: str, text: str, slots: dict[str, Any], intent: str = "nlu_fallback",
         events: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [], "intent_ranking": [],
               "metadata": {"language": slots.get("language", "nl")}}
    tracker = Tracker(sender, slots, message, events or [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages


def test_the_checkin_done_action_offers_to_share_the_tip(action_database: str) -> None:
    with db.session_factory(action_database)() as session:
        checkin = answered_two_year_checkin(session, "tg:801", "ar", "تعلّموا الهولندية مبكراً")
        checkin_id = checkin.id
    messages = _run(journey_actions.ActionCheckinDone(), "tg:801", "/choose_answer", {
        "language": "ar", "checkin_id": checkin_id, "checkin_kind": "two_years"}, "choose_answer")
    assert messages[0]["text"] == say("journey_checkin_done", "ar")
    assert messages[-1]["text"] == say("tips_share_question", "ar", tip="تعلّموا الهولندية مبكراً")
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/tip_delen", "/tip_niet_delen"]


def test_the_answer_action_shows_tips_on_request(action_database: str) -> None:
    with db.session_factory(action_database)() as session:
        tip = approved_tip(session, "tg:802", "nl", "Leer fietsen, dan ben je overal snel.", "meedoen")
        tip_id = tip.id
    messages = _run(kennisbank_actions.ActionAnswer(), "web:reader", "tips", {"language": "nl"})
    assert messages[0]["text"] == say("tips_on_request", "nl")
    assert messages[1]["text"] == "«Leer fietsen, dan ben je overal snel.»"
    assert messages[1]["custom"] == {"tip": {"id": tip_id, "lang": "nl", "status": "source"}}

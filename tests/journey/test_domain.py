"""The journey's slots, forms and question actions in `bot/domain.yml` come from `questions.py`."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from wegwijz.journey import domain, questions
from wegwijz.settings import ROOT


def _domain() -> dict:
    return yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))


def test_every_question_is_a_slot_a_required_slot_and_an_ask_action() -> None:
    data = _domain()
    assert data["forms"]["intake_form"]["required_slots"] == list(questions.INTAKE_IDS)
    assert data["forms"]["checkin_form"]["required_slots"] == list(questions.CHECKIN_IDS)
    for qid in (*questions.INTAKE_IDS, *questions.CHECKIN_IDS):
        mapping = data["slots"][qid]["mappings"][0]
        assert mapping["type"] == "from_text" and mapping["not_intent"] == list(domain.INTERRUPTIONS)
        assert f"action_ask_{qid}" in data["actions"]


def test_a_new_question_reaches_the_domain_and_the_old_text_is_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "bot" / "domain.yml").read_text(encoding="utf-8")
    assert domain.render(text) == text  # current
    extra = dataclasses.replace(questions.question("checkin_tips"), id="checkin_new_question")
    monkeypatch.setitem(domain.FORMS, "checkin_form", (*questions.CHECKIN_IDS, extra.id))
    rendered = yaml.safe_load(domain.render(text))
    assert rendered["forms"]["checkin_form"]["required_slots"][-1] == "checkin_new_question"
    assert rendered["slots"]["checkin_new_question"]["mappings"][0]["conditions"] == [
        {"active_loop": "checkin_form", "requested_slot": "checkin_new_question"}]
    assert "action_ask_checkin_new_question" in rendered["actions"]
    assert domain.render(text) != text


def test_the_interruptions_are_intents_of_the_domain() -> None:
    assert set(domain.INTERRUPTIONS) <= set(_domain()["intents"])

"""Crisis first, through the real Rasa and action servers: at once, in any state of the conversation."""

from __future__ import annotations

import uuid
from typing import Any

from tests.rasa_stack import RasaStack
from wegwijz.texts import say

NUMBERS = ("112", "0800-2000", "113")


def _first_text(replies: list[dict[str, Any]]) -> str:
    return next((r["text"] for r in replies if r.get("text")), "")


def _all_text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def _buttons(replies: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for r in replies for b in r.get("buttons", [])}


def test_crisis_in_the_middle_of_the_intake_pauses_it_and_the_intake_continues(rasa_stack: RasaStack) -> None:
    sender = f"web:crisis-{uuid.uuid4().hex[:8]}"
    rasa_stack.talk(sender, '/choose_language{"language":"ar"}')
    replies = rasa_stack.talk(sender, "startgesprek")
    assert say("journey_q_intake_consent", "ar") in _all_text(replies)
    replies = rasa_stack.talk(sender, _buttons(replies)[say("journey_opt_consent_yes", "ar")])
    assert say("journey_q_intake_background", "ar") in _all_text(replies)
    rasa_stack.talk(sender, "من سوريا، من حلب")
    # an indirect message about violence at home, typed as the answer to the next question
    replies = rasa_stack.talk(sender, "زوجي بيشرب كتير وفي مشاكل بالبيت وخايفه احكي لحدا")
    first = _first_text(replies)
    assert all(number in first for number in NUMBERS), first
    assert say("crisis_form_paused", "ar") in _all_text(replies)
    # the intake continues where it was, with the answer given before the crisis kept
    replies = rasa_stack.talk(sender, "startgesprek")
    text = _all_text(replies)
    assert say("journey_q_intake_background", "ar") not in text
    assert say("journey_q_intake_languages", "ar") in text


def test_crisis_outside_a_form_in_tigrinya_and_english(rasa_stack: RasaStack) -> None:
    for lang, message in (("ti", "ሰብኣየይ ብዙሕ ይሰቲ ኣብ ገዛ ጸገም ኣሎ ንሰብ ክነግር እፈርህ"),
                          ("en", "i dont want to wake up tomorrow, everything is too much")):
        sender = f"web:crisis-{uuid.uuid4().hex[:8]}"
        replies = rasa_stack.talk(sender, message)
        first = _first_text(replies)
        assert all(number in first for number in NUMBERS), (lang, first)
        assert not any((r.get("custom") or {}).get("fallback") for r in replies)

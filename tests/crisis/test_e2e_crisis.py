"""Crisis first, through the real Rasa and action servers: at once, in any state of the conversation."""

from __future__ import annotations

import uuid
from typing import Any

from tests.rasa_stack import RasaStack
from wegwijz.contract import languages
from wegwijz.language import script_language
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


def test_crisis_outside_a_form_in_tigrinya_english_and_arabic_in_latin_letters(rasa_stack: RasaStack) -> None:
    for lang, message in (("ti", "ሰብኣየይ ብዙሕ ይሰቲ ኣብ ገዛ ጸገም ኣሎ ንሰብ ክነግር እፈርህ"),
                          ("en", "i dont want to wake up tomorrow, everything is too much"),
                          ("ar", "ana ta3bane kteer w ma badi 3ish ba3d")):  # Arabic in the chat alphabet
        sender = f"web:crisis-{uuid.uuid4().hex[:8]}"
        replies = rasa_stack.talk(sender, message)
        first = _first_text(replies)
        assert all(number in first for number in NUMBERS), (lang, first)
        assert not any((r.get("custom") or {}).get("fallback") for r in replies)
        script = languages.get(lang).script
        assert script_language(first) == (lang if script != "latin" else "latin"), (lang, first)


UNSURE_CANDIDATES = [
    "mijn begeleider reageert niet meer", "mijn zoon is heel verdrietig sinds de verhuizing, wat kan ik doen",
    "ik voel me de laatste tijd zo moe van alles", "my husband is very angry about the letter from the gemeente",
    "mijn dochter wil niet meer naar school, ze is bang", "my neighbour shouts at night, who can i call",
    "ابني ما عم ينام منيح وبيبكي كتير", "i cannot sleep and i think too much about the war",
]


def _an_unsure_message(candidates: list[str]) -> str:
    """The first candidate the detector is unsure about; the candidates must keep one, or the test tests nothing."""
    from wegwijz.crisis.detect import detector

    found = [(t, detector().detect(t)) for t in candidates]
    unsure = [t for t, d in found if d is not None and not d.sure]
    assert unsure, found
    return unsure[0]


def test_when_only_the_classifier_is_unsure_the_numbers_come_first_and_the_question_is_answered(
        rasa_stack: RasaStack) -> None:
    sender = f"web:unsure-{uuid.uuid4().hex[:8]}"
    replies = rasa_stack.talk(sender, _an_unsure_message(UNSURE_CANDIDATES))
    texts = [r["text"] for r in replies if r.get("text")]
    assert all(number in texts[0] for number in NUMBERS), texts
    assert (replies[0].get("custom") or {}).get("crisis", {}).get("unsure") or any(
        (r.get("custom") or {}).get("crisis", {}).get("unsure") for r in replies), replies
    # after the numbers the message is answered like any question: an answer, a choice, or an honest decline
    assert len(texts) >= 2, texts
    assert say("crisis_form_paused", "nl") not in "\n".join(texts)


INTAKE_UNSURE_CANDIDATES = [
    "ik wil stoppen met roken en meer sporten", "mijn begeleider reageert niet meer",
    "ik ben heel moe van alles wat er gebeurd is in de oorlog", "ik kom uit Homs, mijn huis is daar kapot",
]


def test_when_the_classifier_is_unsure_in_the_intake_the_answer_is_kept_and_the_intake_goes_on(
        rasa_stack: RasaStack) -> None:
    message = _an_unsure_message(INTAKE_UNSURE_CANDIDATES)
    sender = f"web:unsure-intake-{uuid.uuid4().hex[:8]}"
    rasa_stack.talk(sender, '/choose_language{"language":"nl"}')
    replies = rasa_stack.talk(sender, "startgesprek")
    replies = rasa_stack.talk(sender, _buttons(replies)[say("journey_opt_consent_yes", "nl")])
    assert say("journey_q_intake_background", "nl") in _all_text(replies)
    replies = rasa_stack.talk(sender, message)
    text = _all_text(replies)
    assert all(number in _first_text(replies) for number in NUMBERS), text
    assert say("crisis_unsure_continue", "nl") in text
    assert say("crisis_form_paused", "nl") not in text
    assert say("journey_q_intake_languages", "nl") in text  # the answer was taken: the next question

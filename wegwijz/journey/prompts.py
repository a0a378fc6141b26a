"""How the journey's questions and buttons look in the chat (one step at a time)."""

from __future__ import annotations

import json

from wegwijz.conversation.replies import Button, Reply
from wegwijz.journey.questions import INTAKE_CONSENT, Question
from wegwijz.texts import say

SKIP_PAYLOAD = "/skip_question"
PAUSE_PAYLOAD = "/pause_journey"
START_INTAKE_PAYLOAD = "/start_intake"
WITHDRAW_PAYLOAD = "/withdraw_consent"
ERASE_PAYLOAD = "/verwijder"


def choice_payload(code: str) -> str:
    """The payload of an option button: the `choose_answer` intent with the option as entity."""
    return "/choose_answer" + json.dumps({"choice": code}, separators=(",", ":"))


def checkin_payload(kind: str) -> str:
    """The payload that (re)starts the check-in of `kind`."""
    return "/start_checkin" + json.dumps({"checkin_kind": kind}, separators=(",", ":"))


def ask(question: Question, lang: str) -> list[Reply]:
    """The question with its option buttons, a skip button when it may be skipped, and a pause button."""
    options = question.options
    buttons = [Button(options.label(code, lang), choice_payload(code)) for code in options.codes] if options else []
    if question.skippable:
        buttons.append(Button(say("journey_skip_button", lang), SKIP_PAYLOAD))
    buttons.append(Button(say("journey_pause_button", lang), PAUSE_PAYLOAD))
    replies = [Reply(say("journey_intake_intro", lang))] if question.id == INTAKE_CONSENT else []
    return replies + [Reply(question.text(lang), tuple(buttons))]


def yes_no(text: str, lang: str, yes_key: str = "journey_opt_yes_no_yes", no_key: str = "journey_opt_yes_no_no"
           ) -> Reply:
    """A yes/no question outside a form (for example: really delete everything?)."""
    return Reply(text, (Button(say(yes_key, lang), choice_payload("yes")),
                        Button(say(no_key, lang), choice_payload("no"))))


def continue_button(lang: str, checkin_kind: str | None) -> Button:
    """The button that continues a paused intake or check-in."""
    payload = checkin_payload(checkin_kind) if checkin_kind else START_INTAKE_PAYLOAD
    return Button(say("journey_continue_button", lang), payload)

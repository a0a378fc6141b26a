"""The newcomer's journey in the chat: the intake and check-in forms (rights: `journey_rights.py`).

Thin actions: they read the tracker, call `wegwijz.journey`, and turn the result
into Rasa events. Every text comes from `say()` in the conversation's language.
"""

from __future__ import annotations

import abc
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import journey_distress
from wegwijz import LANGUAGES
from wegwijz.conversation.rasa_bridge import (
    chosen_language,
    db_session,
    decided_language,
    language_of,
    send,
    stored_language,
)
from wegwijz.conversation.replies import Reply
from wegwijz.crisis import detect
from wegwijz.crisis.checkin import flag_checkin
from wegwijz.crisis.reply import unsure_replies
from wegwijz.digest import chat as weekly_tips
from wegwijz.journey import dialogue, prompts
from wegwijz.journey.answers import sounds_like_a_command
from wegwijz.journey.questions import ALL as QUESTIONS
from wegwijz.journey.questions import CARE_WORRIES, INTAKE_CONSENT, Question
from wegwijz.texts import say
from wegwijz.tips import giving as tips_giving

INTERRUPTIONS = ("pause_journey", "mijngegevens", "verwijder", "withdraw_consent", "start_checkin")
"""Intents that do not fill a form's slot (see the slot mappings): the form steps aside for a rule."""

def intent_of(tracker: Tracker) -> str | None:
    """The intent of the newcomer's latest message."""
    return (tracker.latest_message.get("intent") or {}).get("name")


def journey_language(tracker: Tracker) -> str:
    """The language to answer in: the one decided for the message (`language_of`), in which a button
    press, a number or a Latin-script answer (a place name, Dutch practice) does not move an Arabic or
    Tigrinya conversation."""
    return language_of(tracker)


def language_events(tracker: Tracker, lang: str) -> list[dict[str, Any]]:
    """The event that remembers the conversation's language, when it changed."""
    return [] if tracker.get_slot("language") == lang else [SlotSet("language", lang)]


class JourneyAction(Action, abc.ABC):
    """The base of the journey's actions: its name, and the reply in the conversation's language.

    `act` sends what the action says and returns its events; the language the conversation goes on in
    is remembered after it, unless the action set it itself or reset every slot (after an erasure).
    """

    action_name = ""

    def name(self) -> str:
        return self.action_name

    @abc.abstractmethod
    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        """Send the replies in `lang`; the events to apply."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = journey_language(tracker)
        events = await self.act(dispatcher, tracker, lang)
        if any(e.get("event") == "reset_slots" or (e.get("event") == "slot" and e.get("name") == "language")
               for e in events):
            return events
        return events + language_events(tracker, lang)


class _AskQuestion(JourneyAction):
    """Asks one question of a form, with its buttons (one subclass per question, made below): the
    `action_ask_<question id>` that Rasa's form looks for."""

    question: Question

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        send(dispatcher, prompts.ask(self.question, lang))
        return []


for _question in QUESTIONS.values():
    _class_name = "ActionAsk" + "".join(part.title() for part in _question.id.split("_"))
    globals()[_class_name] = type(_class_name, (_AskQuestion,), {
        "question": _question, "action_name": f"action_ask_{_question.id}", "__module__": __name__,
    })


def _after_user_message(tracker: Tracker) -> bool:
    """Whether the form runs right after the newcomer's message (not on its way back after a rule)."""
    actions = [e.get("name") for e in tracker.events if e.get("event") == "action"]
    return len(actions) >= 2 and actions[-2] == "action_listen"


class _JourneyForm(FormValidationAction, abc.ABC):
    """A journey form's validation action, the way Rasa's forms intend it: `required_slots` gives the
    questions still to go through (the dialogue decides them: consent opens the rest of the intake, the
    check-in's kind its questions), `get_validation_events` reads, stores and answers the one question
    the message answered, and Rasa's `next_requested_slot` asks the first one still open.

    The form steps aside (no events) for a crisis message and for an interruption that answers nothing,
    so that their rules take over.
    """

    starting_intent = ""
    hears_distress = False
    """Whether a sign of strain in an answer gets a kind word and a pointer first (`journey_distress`)."""

    @abc.abstractmethod
    def turn(self, session: Any, turn: dialogue.Turn) -> dialogue.Outcome:
        """The dialogue turn of this form."""

    @abc.abstractmethod
    def order(self, tracker: Tracker) -> list[str]:
        """The form's questions to go through, given the answers so far."""

    def _answers(self, tracker: Tracker) -> dict[str, Any] | None:
        """The slots this message filled, or None when the form steps aside for a rule."""
        intent = intent_of(tracker)
        requested = tracker.get_slot("requested_slot")
        candidates = tracker.slots_to_validate()
        if intent == "crisis" and _after_user_message(tracker):
            return None  # a crisis message is never an answer: the crisis rule takes over (wegwijz.crisis)
        if intent in INTERRUPTIONS and _after_user_message(tracker) and requested not in candidates:
            text = tracker.latest_message.get("text") or ""
            if sounds_like_a_command(text) or not requested:
                return None  # nothing answered: Rasa lets the rule for this interruption take over
            return {requested: text}  # "ik wil stoppen met roken" answers the question
        return candidates

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if self._answers(tracker) is None:
            return []
        return await super().run(dispatcher, tracker, domain)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return []  # no custom slot extraction: the slot mappings fill the answer, so no second `order` per turn

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        return self.order(tracker)

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        candidates = self._answers(tracker) or {}
        intent = intent_of(tracker)
        requested = tracker.get_slot("requested_slot")
        starting = intent == self.starting_intent
        lang = journey_language(tracker)
        events: list[dict[str, Any]] = []
        wanted = next(tracker.get_latest_entity_values("language"), None)
        chose = intent == "choose_language" and wanted in LANGUAGES  # a language button in the middle of a form
        if chose:
            lang = str(wanted)
        slots = dict(tracker.slots)
        turn = dialogue.Turn(
            sender_id=tracker.sender_id, lang=lang, slots=slots,
            answer=candidates.get(requested) if requested in candidates else None,
            intent=intent, choice=next(tracker.get_latest_entity_values("choice"), None), starting=starting,
        )
        distress = journey_distress.notice(turn.answer) if self.hears_distress and not starting else None
        if distress is not None:
            kept = requested == CARE_WORRIES  # the one question that asks for worries takes them as its answer
            send(dispatcher, journey_distress.replies(distress, lang, answer_kept=kept))
            if not kept:  # not filed as an answer: the same question comes again
                return language_events(tracker, lang) + [SlotSet(requested, None)]
        unsure = detect(turn.answer) if turn.answer and not starting else None
        unsure = unsure if unsure is not None and not unsure.sure else None
        with db_session() as session:
            outcome = self.turn(session, turn)
            if unsure is not None and self.name() == "validate_checkin_form":
                flag_checkin(session, tracker.sender_id, tracker.get_slot("checkin_id"), unsure)
            session.commit()
        if unsure is not None:  # only the classifier, unsure: the numbers first, the answer is kept, the form goes on
            send(dispatcher, unsure_replies(unsure, lang, in_form=True))
        send(dispatcher, outcome.replies)
        if chose:
            events += chosen_language(dispatcher, lang)
        events += [SlotSet(slot, value) for slot, value in outcome.slots.items() if slots.get(slot) != value
                   or slot in candidates]
        return events + language_events(tracker, lang)


class ValidateIntakeForm(_JourneyForm):
    """The startgesprek intake."""

    starting_intent = "start_intake"
    hears_distress = True

    def name(self) -> str:
        return "validate_intake_form"

    def turn(self, session: Any, turn: dialogue.Turn) -> dialogue.Outcome:
        return dialogue.intake_turn(session, turn)

    def order(self, tracker: Tracker) -> list[str]:
        return dialogue.intake_order(tracker.slots)  # from the slots alone: no database


class ValidateCheckinForm(_JourneyForm):
    """The six-month and two-year check-ins."""

    def name(self) -> str:
        return "validate_checkin_form"

    def turn(self, session: Any, turn: dialogue.Turn) -> dialogue.Outcome:
        return dialogue.checkin_turn(session, turn)

    def order(self, tracker: Tracker) -> list[str]:
        with db_session() as session:  # the open check-in decides
            return dialogue.checkin_order(session, tracker.sender_id, tracker.slots)


class ActionStartCheckin(JourneyAction):
    """Opens a check-in (started by the scheduler through `trigger_intent`, or by the newcomer)."""

    action_name = "action_start_checkin"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        kind = next(tracker.get_latest_entity_values("checkin_kind"), None)
        with db_session() as session:
            # Started by the scheduler, the turn has no language from the gateway: the chat's stored one is
            # used, so the check-in's texts and the WhatsApp template it waits behind agree.
            spoken = (decided_language(tracker) or stored_language(session, tracker.sender_id)
                      or tracker.get_slot("chosen_language"))
            outcome = dialogue.start_checkin(session, tracker.sender_id, kind, spoken, lang)
            session.commit()
        send(dispatcher, outcome.replies)
        return [SlotSet(slot, value) for slot, value in outcome.slots.items()] + [SlotSet("language", outcome.lang)]


class ActionIntakeDone(JourneyAction):
    """Thanks at the end of the intake, with the profile's completeness (or: nothing was stored)."""

    action_name = "action_intake_done"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        with db_session() as session:
            send(dispatcher, dialogue.intake_done(session, tracker.sender_id, dict(tracker.slots), lang))
            # With the startgesprek's consent, the weekly tips are offered (two buttons; nothing stored yet).
            consented = tracker.get_slot(INTAKE_CONSENT) == "yes"
            send(dispatcher, weekly_tips.offer_after_intake(session, tracker.sender_id, lang, consented))
        return []


class ActionCheckinDone(JourneyAction):
    """Thanks at the end of a check-in."""

    action_name = "action_checkin_done"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        with db_session() as session:
            done = dialogue.checkin_done(session, tracker.sender_id, dict(tracker.slots), lang)
            if done:  # after the two-year check-in: may its tip be shown to new newcomers?
                done += tips_giving.offer(session, tracker.sender_id, tracker.get_slot("checkin_id"), lang)
            send(dispatcher, done)
        return []


def _form_just_stopped(tracker: Tracker) -> str | None:
    """The form that was stopped since the newcomer's last message, if any."""
    stopped = False
    for event in reversed(tracker.events):
        if event.get("event") == "user" and not stopped:
            return None
        if event.get("event") == "active_loop":
            if event.get("name") is None:
                stopped = True
            elif stopped:
                return str(event["name"])
    return None


class ActionJourneyPaused(JourneyAction):
    """"Later verder": the answers are kept; a button continues where the newcomer stopped."""

    action_name = "action_journey_paused"

    async def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        form = _form_just_stopped(tracker)
        # STOP (a stop word, marked at Rasa's door) also stops the weekly tips at once, in any state.
        tips_stopped = weekly_tips.stop_line(db_session, tracker.sender_id, tracker.latest_message, lang)
        if form in (dialogue.INTAKE_FORM, dialogue.CHECKIN_FORM):
            kind = tracker.get_slot("checkin_kind") if form == dialogue.CHECKIN_FORM else None
            send(dispatcher, [Reply(say("journey_paused", lang), (prompts.continue_button(lang, kind),))])
        elif tips_stopped is None:
            send(dispatcher, [Reply(say("journey_nothing_open", lang))])
        if tips_stopped is not None:
            send(dispatcher, [tips_stopped])
        return []

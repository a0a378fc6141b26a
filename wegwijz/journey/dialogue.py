"""One turn of the intake or a check-in: read the answer, store it, decide the next question.

The Rasa actions (`bot/actions/journey.py`) hand in what the tracker holds and turn
the `Outcome` back into events; everything that decides lives here, testable
without Rasa. Rules of the conversation:

- the intake opens with consent; without it nothing personal is stored;
- every answer is stored the moment it is given (stop now, continue later, even on
  another channel: the next turn fills the slots from the database);
- "no, I meant …" corrects the previous answer, or asks that question again;
- an answer that cannot be read is explained and the question asked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from wegwijz.conversation.replies import Reply
from wegwijz.journey import checkins, intake
from wegwijz.journey.answers import Reading, correction, read_answer
from wegwijz.journey.constants import SKIPPED, CheckInKind, CheckInState, ConsentKind
from wegwijz.journey.models import CheckIn, Newcomer, utcnow
from wegwijz.journey.newcomers import find_by_sender, give_consent, has_consent, touch, withdraw_consent
from wegwijz.journey.questions import (
    CARE_CONSENT,
    CARE_WORRIES,
    CHECKIN,
    CHECKIN_IDS,
    INTAKE_CONSENT,
    INTAKE_IDS,
    question,
)
from wegwijz.texts import say

INTAKE_FORM = "intake_form"
CHECKIN_FORM = "checkin_form"
REQUESTED_SLOT = "requested_slot"
LAST_SLOT = "journey_last_slot"
"""The question answered last, which "no, I meant …" corrects."""
CHECKIN_ID_SLOT = "checkin_id"
CHECKIN_KIND_SLOT = "checkin_kind"

HELP_INTENT = "help"
"""A lone "help" / "مساعدة" / "ሓገዝ" inside a form explains how to answer, then asks again."""

NOT_AN_ANSWER = ("start_intake", "start_checkin", "choose_language")
"""Buttons that reach a form without answering its question (a language button, say): asked again."""


@dataclass(frozen=True)
class Turn:
    """What the tracker tells about the newcomer's latest message in a form."""

    sender_id: str
    lang: str
    slots: dict[str, Any]
    answer: str | None = None
    """The text that filled the requested slot in this message (None: the message answered nothing)."""
    intent: str | None = None
    choice: str | None = None
    """The option code a button carried."""
    starting: bool = False
    """The newcomer (re)started the form with this message."""


@dataclass
class Outcome:
    """What to change in the conversation: slots, replies, the next question."""

    slots: dict[str, Any] = field(default_factory=dict)
    replies: list[Reply] = field(default_factory=list)
    next_question: str | None = None
    lang: str | None = None

    def say(self, key: str, lang: str, **values: object) -> None:
        """Add one text reply."""
        self.replies.append(Reply(say(key, lang, **values)))


class _Values:
    """The form's slot values, with every change remembered for the Outcome."""

    def __init__(self, slots: dict[str, Any], ids: tuple[str, ...], outcome: Outcome) -> None:
        self.values = {q: slots.get(q) for q in ids}
        self.outcome = outcome

    def get(self, slot: str) -> Any:
        return self.values.get(slot)

    def put(self, slot: str, value: Any) -> None:
        self.values[slot] = value
        self.outcome.slots[slot] = value


def _take_answer(turn: Turn, form_ids: tuple[str, ...], values: _Values, out: Outcome,
                 store: Callable[[str, str], None], forget: Callable[[str], None]) -> Reading | None:
    """Read the answer to the requested question (or a correction of the previous one)."""
    requested = str(turn.slots.get(REQUESTED_SLOT))  # the callers made sure a question is open
    previous = str(turn.slots.get(LAST_SLOT))
    corrected = correction(turn.answer)
    if corrected is not None and previous in form_ids and previous != requested and question(previous).consent:
        values.put(requested, None)  # the question in hand is asked again after the correction
        reading = read_answer(question(previous), corrected) if corrected else None
        if reading is not None and reading.ok:
            values.put(previous, reading.value)
            store(previous, reading.value)  # type: ignore[arg-type]
            out.say("journey_answer_changed", turn.lang)
        else:
            values.put(previous, None)
            values.put(LAST_SLOT, None)
            forget(previous)
            out.say("journey_ask_again", turn.lang)
        return None
    if turn.intent in NOT_AN_ANSWER and (turn.answer or "").startswith("/"):  # a button; typed text is an answer
        values.put(requested, None)
        return None
    if turn.intent == HELP_INTENT and len((turn.answer or "").split()) == 1:  # a lone "help": how this works
        values.put(requested, None)
        out.say("journey_form_help", turn.lang)
        return None
    reading = read_answer(question(requested), turn.answer, turn.choice, turn.intent)
    if not reading.ok:
        values.put(requested, None)
        out.say(reading.problem or "journey_invalid_text", turn.lang)
        return None
    values.put(requested, reading.value)
    out.slots[LAST_SLOT] = requested
    return reading


def intake_order(values: dict[str, Any]) -> list[str]:
    """The intake questions to go through, given the answers so far (consent decides the rest)."""
    if values.get(INTAKE_CONSENT) != "yes":
        return [INTAKE_CONSENT]
    ids = [q for q in INTAKE_IDS if q != CARE_WORRIES]
    return ids + [CARE_WORRIES] if values.get(CARE_CONSENT) == "yes" else ids


def intake_turn(session: Session, turn: Turn, now: dt.datetime | None = None,
                schedule: checkins.Schedule | None = None) -> Outcome:
    """One turn of the startgesprek intake (the caller commits)."""
    now = now or utcnow()
    out = Outcome()
    values = _Values(turn.slots, INTAKE_IDS, out)
    newcomer = find_by_sender(session, turn.sender_id)
    requested = turn.slots.get(REQUESTED_SLOT)
    if turn.starting and values.get(INTAKE_CONSENT) == "no":
        values.put(INTAKE_CONSENT, None)  # asked again: a "no" last time is no "no" forever
    if requested in INTAKE_IDS and turn.answer is not None and not turn.starting:
        def store(qid: str, value: str) -> None:
            if newcomer is not None:
                intake.save_answer(session, newcomer, qid, value, turn.lang, now)

        def forget(qid: str) -> None:
            if newcomer is not None:
                intake.forget_answer(session, newcomer, qid)

        reading = _take_answer(turn, INTAKE_IDS, values, out, store, forget)
        if reading is not None:
            newcomer = _after_intake_answer(session, turn, requested, reading, newcomer, out, now, schedule)
    _intake_from_database(newcomer, values)
    out.next_question = next((q for q in intake_order(values.values) if values.get(q) is None), None)
    if out.next_question is None and values.get(INTAKE_CONSENT) == "yes" and newcomer is not None:
        intake.complete(newcomer, now)
    return out


def _after_intake_answer(session: Session, turn: Turn, requested: str, reading: Reading, newcomer: Newcomer | None,
                         out: Outcome, now: dt.datetime, schedule: checkins.Schedule | None) -> Newcomer | None:
    if requested == INTAKE_CONSENT:
        if reading.value == "yes":
            newcomer = intake.begin(session, turn.sender_id, turn.lang, now, schedule)
            out.say("journey_intake_consent_thanks", turn.lang)
        return newcomer
    if newcomer is None:
        return None
    if requested == CARE_CONSENT:
        if reading.value == "yes":
            give_consent(session, newcomer, ConsentKind.CARE, now)
        else:
            withdraw_consent(session, newcomer, (ConsentKind.CARE,), now)
        return newcomer
    intake.save_answer(session, newcomer, requested, reading.value or SKIPPED, turn.lang, now)
    touch(session, turn.sender_id, now)
    return newcomer


def _intake_from_database(newcomer: Newcomer | None, values: _Values) -> None:
    """Fill what the database knows (continuing later, or on another channel); forget a lapsed consent."""
    if values.get(INTAKE_CONSENT) == "yes" and not has_consent(newcomer, ConsentKind.PROFILE):
        values.put(INTAKE_CONSENT, None)
    if newcomer is None or not has_consent(newcomer, ConsentKind.PROFILE):
        return
    if values.get(INTAKE_CONSENT) is None:
        values.put(INTAKE_CONSENT, "yes")
    if values.get(CARE_CONSENT) is None and has_consent(newcomer, ConsentKind.CARE):
        values.put(CARE_CONSENT, "yes")
    for qid, answer in intake.answers(newcomer).items():
        if qid in INTAKE_IDS and values.get(qid) is None:
            values.put(qid, SKIPPED if answer.skipped else answer.value)


def intake_done(session: Session, sender_id: str, slots: dict[str, Any], lang: str) -> list[Reply]:
    """What to say when the intake form ends: thanks and completeness, or "nothing stored"."""
    newcomer = find_by_sender(session, sender_id)
    if slots.get(INTAKE_CONSENT) != "yes" or not has_consent(newcomer, ConsentKind.PROFILE):
        return [Reply(say("journey_intake_no_consent", lang))]
    percent = round(intake.profile_completeness(newcomer) * 100)  # type: ignore[arg-type]
    return [Reply(say("journey_intake_done", lang, percent=percent))]


def _current_checkin(session: Session, newcomer: Newcomer | None, slots: dict[str, Any]) -> CheckIn | None:
    checkin_id = slots.get(CHECKIN_ID_SLOT)
    if newcomer is None or checkin_id is None:
        return None
    checkin = session.get(CheckIn, int(checkin_id))
    if checkin is None or checkin.newcomer_id != newcomer.id or checkin.state not in CheckInState.ACCEPTS_ANSWERS:
        return None
    return checkin if has_consent(newcomer, ConsentKind.PROFILE) else None


def start_checkin(session: Session, sender_id: str, kind: str | None, chosen_language: str | None,
                  fallback_language: str, now: dt.datetime | None = None) -> Outcome:
    """Open (or reopen) a check-in: the greeting, and a clean slate of slots filled from the database."""
    now = now or utcnow()
    newcomer = find_by_sender(session, sender_id)
    checkin = checkins.open_for(newcomer, kind if kind in CheckInKind.ALL else None)
    out = Outcome(slots={q: None for q in CHECKIN_IDS} | {LAST_SLOT: None})
    if newcomer is None or checkin is None:
        out.lang = chosen_language or fallback_language
        out.slots |= {CHECKIN_ID_SLOT: None, CHECKIN_KIND_SLOT: None}
        out.say("journey_checkin_none_open", out.lang)
        return out
    out.lang = chosen_language or newcomer.preferred_language or fallback_language
    out.slots |= {CHECKIN_ID_SLOT: checkin.id, CHECKIN_KIND_SLOT: checkin.kind}
    if checkin.first_answer_at is not None:
        key = "journey_checkin_welcome_back"
    elif checkin.state == CheckInState.REMINDED:
        key = "journey_checkin_reminder"
    else:
        key = f"journey_checkin_open_{checkin.kind}"
    out.say(key, out.lang)
    touch(session, sender_id, now)
    return out


def checkin_order(session: Session, sender_id: str, slots: dict[str, Any]) -> list[str]:
    """The check-in questions to go through: those of the open check-in's kind; none when no check-in
    takes answers (withdrawn consent, none open, or just answered)."""
    checkin = _current_checkin(session, find_by_sender(session, sender_id), slots)
    return [] if checkin is None else [q.id for q in CHECKIN[checkin.kind]]


def checkin_turn(session: Session, turn: Turn, now: dt.datetime | None = None) -> Outcome:
    """One turn of a check-in (the caller commits)."""
    now = now or utcnow()
    out = Outcome()
    newcomer = find_by_sender(session, turn.sender_id)
    checkin = _current_checkin(session, newcomer, turn.slots)
    if checkin is None:
        return out  # no check-in to answer (withdrawn consent, or none open): the form ends quietly
    ids = tuple(q.id for q in CHECKIN[checkin.kind])
    values = _Values(turn.slots, ids, out)
    if turn.slots.get(REQUESTED_SLOT) in ids and turn.answer is not None and not turn.starting:
        def store(qid: str, value: str) -> None:
            checkins.save_answer(session, checkin, qid, value, turn.lang, now)

        def forget(qid: str) -> None:
            checkins.forget_answer(session, checkin, qid)

        reading = _take_answer(turn, ids, values, out, store, forget)
        if reading is not None:
            store(turn.slots[REQUESTED_SLOT], reading.value or SKIPPED)
    for qid, answer in checkins.answers(checkin).items():
        if qid in ids and values.get(qid) is None:
            values.put(qid, SKIPPED if answer.skipped else answer.value)
    out.next_question = next((q for q in ids if values.get(q) is None), None)
    if out.next_question is None:
        checkins.complete(checkin, now)
    return out


def checkin_done(session: Session, sender_id: str, slots: dict[str, Any], lang: str) -> list[Reply]:
    """What to say when a check-in ends: thanks, for the tips too, and whether contact was passed on."""
    checkin = _current_checkin(session, find_by_sender(session, sender_id), slots)
    if checkin is None or checkin.state != CheckInState.ANSWERED:
        return []
    stored = checkins.answers(checkin)
    replies = [Reply(say("journey_checkin_done", lang))]
    tips = stored.get("checkin_tips")
    if tips is not None and not tips.skipped:
        replies.append(Reply(say("journey_checkin_done_tips", lang)))
    contact = stored.get("checkin_wants_contact")
    if contact is not None and contact.value == "yes":
        replies.append(Reply(say("journey_checkin_done_contact", lang)))
    return replies

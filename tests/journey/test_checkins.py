"""The six-month and two-year check-ins, turn by turn: answers stored as given, flags, completion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.journey.conftest import consenting_newcomer
from wegwijz.journey import dialogue
from wegwijz.journey.constants import SKIPPED, CheckInKind, CheckInState
from wegwijz.journey.dialogue import Turn
from wegwijz.journey.models import CheckIn, Flag
from wegwijz.journey.newcomers import withdraw_consent
from wegwijz.texts import say


def _send_out(session, newcomer, kind: str, when) -> CheckIn:  # type: ignore[no-untyped-def]
    """What the scheduler does: the check-in is sent."""
    checkin = next(c for c in newcomer.checkins if c.kind == kind)
    checkin.state, checkin.sent_at, checkin.sent_to = CheckInState.SENT, when, newcomer.identities[0].sender_id
    session.commit()
    return checkin


class CheckInChat:
    """Drives `action_start_checkin` and the check-in form like Rasa does."""

    def __init__(self, session: Any, sender: str, lang: str) -> None:
        self.session, self.sender, self.lang = session, sender, lang
        self.slots: dict[str, Any] = {}
        self.said: list[str] = []

    def start(self, kind: str | None) -> str | None:
        out = dialogue.start_checkin(self.session, self.sender, kind, None, self.lang)
        self.session.commit()
        self.slots.update(out.slots)
        self.lang = out.lang or self.lang
        self.said = [r.text for r in out.replies]
        return self._turn(None, "start_checkin")

    def send(self, text: str, intent: str = "nlu_fallback", choice: str | None = None) -> str | None:
        return self._turn(text, intent, choice)

    def press(self, code: str) -> str | None:
        return self._turn(f'/choose_answer{{"choice":"{code}"}}', "choose_answer", code)

    def _turn(self, text: str | None, intent: str, choice: str | None = None) -> str | None:
        turn = Turn(self.sender, self.lang, dict(self.slots), text if self.slots.get("requested_slot") else None,
                    intent, choice)
        out = dialogue.checkin_turn(self.session, turn)
        self.session.commit()
        self.slots.update(out.slots)
        self.slots["requested_slot"] = out.next_question
        self.said += [r.text for r in out.replies]
        return out.next_question


def test_six_month_checkin_in_arabic_stored_as_given_with_flags(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "wa:3161", "ar", clock(), schedule)
    checkin = _send_out(session, newcomer, CheckInKind.SIX_MONTHS, clock())
    chat = CheckInChat(session, "wa:3161", "nl")
    assert chat.start("six_months") == "checkin_how_going"
    assert chat.lang == "ar" and chat.said == [say("journey_checkin_open_six_months", "ar")]
    assert chat.press("hard") == "checkin_goes_well"
    assert chat.send("أولادي في المدرسة") == "checkin_could_be_better"
    assert chat.send("عندي ديون والإيجار غالي") == "checkin_language_lessons"
    assert chat.press("none") == "checkin_contacts"
    assert chat.send("لا أحد") == "checkin_contacts_satisfied"
    assert chat.press("no") == "checkin_useful_seen"
    assert chat.press("sometimes") == "checkin_own_activities"
    assert chat.send("/skip_question", "skip_question") == "checkin_finds_help"
    assert chat.press("no") == "checkin_wants_contact"
    assert chat.press("yes") is None
    session.refresh(checkin)
    assert checkin.state == CheckInState.ANSWERED and checkin.answered_at is not None
    answers = {a.question: (SKIPPED if a.skipped else a.value) for a in checkin.answers}
    assert answers == {
        "checkin_how_going": "hard", "checkin_goes_well": "أولادي في المدرسة",
        "checkin_could_be_better": "عندي ديون والإيجار غالي", "checkin_language_lessons": "none",
        "checkin_contacts": "0", "checkin_contacts_satisfied": "no", "checkin_useful_seen": "sometimes",
        "checkin_own_activities": SKIPPED, "checkin_finds_help": "no", "checkin_wants_contact": "yes"}
    assert {a.lang for a in checkin.answers} == {"ar"}
    rules = set(session.execute(select(Flag.rule).where(Flag.checkin_id == checkin.id)).scalars())
    assert rules == {"going_hard", "money_or_housing", "no_language_lessons", "no_contacts",
                     "unhappy_with_contacts", "cannot_find_help", "wants_contact"}
    done = [r.text for r in dialogue.checkin_done(session, "wa:3161", chat.slots, "ar")]
    assert done == [say("journey_checkin_done", "ar"), say("journey_checkin_done_contact", "ar")]


def test_two_year_checkin_asks_for_tips(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:77", "ti", clock(), schedule)
    _send_out(session, newcomer, CheckInKind.TWO_YEARS, clock())
    chat = CheckInChat(session, "tg:77", "ti")
    chat.start("two_years")
    assert chat.said == [say("journey_checkin_open_two_years", "ti")]
    for _ in range(9):
        chat.send("/skip_question", "skip_question")
    assert chat.slots["requested_slot"] == "checkin_tips"
    assert chat.send("ቋንቋ ቀልጢፍኩም ተማሃሩ") == "checkin_wants_contact"
    assert chat.press("no") is None
    done = [r.text for r in dialogue.checkin_done(session, "tg:77", chat.slots, "ti")]
    assert done == [say("journey_checkin_done", "ti"), say("journey_checkin_done_tips", "ti")]


def test_broken_off_checkin_keeps_its_answers_and_continues_later(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:78", "en", clock(), schedule)
    checkin = _send_out(session, newcomer, CheckInKind.SIX_MONTHS, clock())
    chat = CheckInChat(session, "tg:78", "en")
    chat.start("six_months")
    chat.press("good")
    chat.send("My Dutch is getting better")
    session.refresh(checkin)
    assert [a.question for a in checkin.answers] == ["checkin_how_going", "checkin_goes_well"]
    assert checkin.state == CheckInState.SENT and checkin.first_answer_at is not None
    again = CheckInChat(session, "tg:78", "en")  # the conversation was forgotten (a new session)
    assert again.start(None) == "checkin_could_be_better"  # no kind: the check-in that is waiting
    assert again.said == [say("journey_checkin_welcome_back", "en")]


def test_reminder_greeting_and_nothing_open(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:79", "nl", clock(), schedule)
    chat = CheckInChat(session, "tg:79", "nl")
    assert chat.start(None) is None  # planned, not sent yet: nothing to answer
    assert chat.said == [say("journey_checkin_none_open", "nl")]
    checkin = _send_out(session, newcomer, CheckInKind.SIX_MONTHS, clock())
    checkin.state = CheckInState.REMINDED
    session.commit()
    chat = CheckInChat(session, "tg:79", "nl")
    assert chat.start("six_months") == "checkin_how_going"
    assert chat.said == [say("journey_checkin_reminder", "nl")]
    assert CheckInChat(session, "tg:unknown", "ar").start("six_months") is None


def test_withdrawing_consent_mid_checkin_stops_storing(session, clock, schedule) -> None:
    newcomer = consenting_newcomer(session, "tg:80", "nl", clock(), schedule)
    checkin = _send_out(session, newcomer, CheckInKind.SIX_MONTHS, clock())
    chat = CheckInChat(session, "tg:80", "nl")
    chat.start("six_months")
    chat.press("okay")
    withdraw_consent(session, newcomer)
    session.commit()
    assert chat.send("Werk gevonden") is None  # the form ends quietly
    session.refresh(checkin)
    assert [a.question for a in checkin.answers] == ["checkin_how_going"]
    assert checkin.state == CheckInState.CANCELLED
    assert dialogue.checkin_done(session, "tg:80", chat.slots, "nl") == []

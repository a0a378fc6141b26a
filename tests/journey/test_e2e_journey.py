"""End to end over HTTP: the real Rasa and action servers (`rasa_stack`), the intake and both check-ins.

The check-ins are started by the real scheduler through Rasa's `trigger_intent`; the newcomer answers
over Rasa's REST channel. Everything is checked in the database the action server writes to.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from tests.journey.conftest import Clock
from tests.rasa_stack import RasaStack
from wegwijz import db
from wegwijz.journey import intake
from wegwijz.journey.checkins import Schedule
from wegwijz.journey.constants import SKIPPED, CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn, Flag
from wegwijz.journey.newcomers import find_by_sender
from wegwijz.journey.scheduler import CheckInScheduler, RasaClient
from wegwijz.language import script_language
from wegwijz.texts import say


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def _shows(replies_text: str, key: str, lang: str, **values: object) -> bool:
    """Whether a text was said (Rasa sends each paragraph of a text as its own message)."""
    return all(part in replies_text for part in say(key, lang, **values).split("\n\n"))


def _buttons(replies: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for r in replies for b in r.get("buttons", [])}


class Newcomer:
    """One person talking to the assistant over Rasa's REST channel."""

    def __init__(self, stack: RasaStack, sender: str, lang: str) -> None:
        self.stack, self.sender, self.lang = stack, sender, lang
        self.last: list[dict[str, Any]] = []

    def says(self, message: str) -> str:
        self.last = self.stack.talk(self.sender, message)
        return _texts(self.last)

    def presses(self, title_key: str) -> str:
        """Press the button whose title is the text `title_key` in the newcomer's language."""
        buttons = _buttons(self.last)
        title = say(title_key, self.lang)
        assert title in buttons, (title, buttons)
        return self.says(buttons[title])

    def asked(self, question_id: str) -> bool:
        return say(f"journey_q_{question_id}", self.lang) in _texts(self.last)


def _session(stack: RasaStack):  # type: ignore[no-untyped-def]
    return db.session_factory(stack.database_url)()


def _stored(stack: RasaStack, sender: str) -> dict[str, Any]:
    with _session(stack) as session:
        newcomer = find_by_sender(session, sender)
        assert newcomer is not None
        return {a.question: (SKIPPED if a.skipped else a.value) for a in newcomer.intake_answers}


def test_intake_in_dutch_with_skip_correction_pause_and_erasure(rasa_stack) -> None:
    person = Newcomer(rasa_stack, f"web:e2e-{uuid.uuid4().hex[:8]}", "nl")
    person.says("hallo")
    reply = person.says("ik wil het startgesprek doen")
    assert _shows(reply, "journey_intake_intro", "nl") and person.asked("intake_consent")
    assert person.presses("journey_opt_consent_yes") and person.asked("intake_background")
    assert say("journey_intake_consent_thanks", "nl") in _texts(person.last)
    person.says("Ik kom uit Syrië, uit Aleppo")
    assert person.asked("intake_languages")
    person.says("Arabisch en een beetje Engels")
    assert person.asked("intake_education")
    assert "/skip_question" in _buttons(person.last).values()
    person.presses("journey_opt_education_secondary")
    assert person.asked("intake_work")
    person.says("nee, ik bedoel mbo")  # a correction of the education answer
    assert say("journey_answer_changed", "nl") in _texts(person.last) and person.asked("intake_work")
    person.presses("journey_skip_button")
    assert person.asked("intake_ambition")
    person.says("werken")
    person.says("ik wil stoppen met roken en meer sporten")  # sounds like "stop", but answers the question
    assert person.asked("intake_contacts")
    person.says("veel")
    assert say("journey_invalid_number", "nl") in _texts(person.last) and person.asked("intake_contacts")
    person.says("2")
    assert person.asked("intake_buddy")
    assert _stored(rasa_stack, person.sender) == {  # stored the moment each answer was given
        "intake_background": "Ik kom uit Syrië, uit Aleppo", "intake_languages": "Arabisch en een beetje Engels",
        "intake_education": "vocational", "intake_work": SKIPPED, "intake_ambition": "work",
        "intake_interests": "ik wil stoppen met roken en meer sporten", "intake_contacts": "2"}
    person.says("/mijngegevens")  # in the middle of the intake: shown, then the question again
    assert "Syrië" in _texts(person.last) and person.asked("intake_buddy")
    person.presses("journey_pause_button")
    assert say("journey_paused", "nl") in _texts(person.last)
    assert person.says("waar vind ik een huisarts")  # questions are still answered meanwhile
    person.says("startgesprek")  # continue later, where it stopped
    assert person.asked("intake_buddy")
    person.presses("journey_opt_buddy_buddy")
    person.presses("journey_opt_inburgering_started")
    assert person.asked("intake_care_consent")
    person.presses("journey_opt_yes_no_no")
    assert say("journey_intake_done", "nl", percent=89) in _texts(person.last)
    with _session(rasa_stack) as session:
        newcomer = find_by_sender(session, person.sender)
        assert newcomer.intake_completed_at is not None and len(newcomer.checkins) == 2
        assert intake.profile_completeness(newcomer) == pytest.approx(8 / 9)
        assert [f.rule for f in newcomer.flags] == ["wants_buddy"]
    # /verwijder: asked, confirmed, and nothing is left - the conversation in Rasa's tracker store included
    person.says("/verwijder")
    assert say("journey_erase_question", "nl") in _texts(person.last)
    person.presses("journey_erase_yes_button")
    assert say("journey_erased", "nl") in _texts(person.last)
    _wait_until_nothing_left(rasa_stack, person.sender)


def _wait_until_nothing_left(stack: RasaStack, sender: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with _session(stack) as session:
            connection = session.connection()
            left = []
            for name in inspect(connection).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{name}"')).mappings():
                    if sender in " ".join(str(v) for v in row.values()):
                        left.append(name)
        if not left:
            return
        assert time.monotonic() < deadline, f"still about {sender}: {left}"
        time.sleep(0.3)


def test_intake_in_arabic_and_refusing_consent(rasa_stack) -> None:
    person = Newcomer(rasa_stack, f"tg:e2e{uuid.uuid4().hex[:8]}", "ar")
    person.says("مرحبا")
    reply = person.says("المقابلة الأولى")
    assert _shows(reply, "journey_intake_intro", "ar") and script_language(reply) == "ar"
    person.presses("journey_opt_consent_yes")
    person.says("من حمص")
    assert person.asked("intake_languages")
    person.says("العربية")
    person.says("جامعة")  # typed, not pressed: recognised as the option
    assert person.asked("intake_work")
    person.says("نجار")
    person.presses("journey_opt_ambition_volunteer")
    person.presses("journey_skip_button")
    person.says("لا أحد")
    assert person.asked("intake_buddy")
    assert _stored(rasa_stack, person.sender)["intake_contacts"] == "0"
    assert _stored(rasa_stack, person.sender)["intake_education"] == "higher"
    # someone else says no: nothing about them is stored, and they can still ask questions
    other = Newcomer(rasa_stack, f"tg:e2e{uuid.uuid4().hex[:8]}", "ar")
    other.says("مرحبا")
    other.says("/start_intake")
    other.presses("journey_opt_consent_no")
    assert say("journey_intake_no_consent", "ar") in _texts(other.last)
    with _session(rasa_stack) as session:
        assert find_by_sender(session, other.sender) is None
    assert other.says("/mijngegevens") == say("journey_mydata_nothing", "ar")


def _newcomer_due(stack: RasaStack, sender: str, lang: str, kind: str, clock: Clock, schedule: Schedule) -> int:
    """A fictional newcomer whose intake was long enough ago for the `kind` check-in to be due today."""
    with _session(stack) as session:
        newcomer = intake.begin(session, sender, lang, clock() - dt.timedelta(days=schedule.days_after_intake(kind)),
                                schedule)
        if kind == CheckInKind.TWO_YEARS:  # the six-month one was answered long ago
            six = next(c for c in newcomer.checkins if c.kind == CheckInKind.SIX_MONTHS)
            six.state, six.sent_at = CheckInState.ANSWERED, clock() - dt.timedelta(days=500)
        session.commit()
        return newcomer.id


def _scheduler(stack: RasaStack, clock: Clock, schedule: Schedule, outbox: list) -> CheckInScheduler:  # type: ignore[type-arg]
    rasa = RasaClient(stack.rasa_url, stack.api_token, timeout=60)
    return CheckInScheduler(db.session_factory(stack.database_url), rasa,
                            lambda sender, messages: outbox.append((sender, messages)), schedule, clock)


ANSWERS = {
    "nl": ("Mijn kinderen gaan naar school", "Ik heb schulden en de huur is hoog", "3", "Taalcafé", "Werk zoeken"),
    "ar": ("أولادي في المدرسة", "عندي ديون والإيجار غالي", "٣", "مقهى اللغة", "تعلموا اللغة بسرعة"),
    "ti": ("ደቀይ ቤት ትምህርቲ ይኸዱ", "ዕዳ ኣለኒ", "3", "ስፖርት", "ቋንቋ ቀልጢፍኩም ተማሃሩ"),
    "en": ("My children go to school", "I have debts and the rent is high", "3", "Walking group", "Learn Dutch early"),
}


@pytest.mark.parametrize(("kind", "lang"), [(CheckInKind.SIX_MONTHS, "ar"), (CheckInKind.SIX_MONTHS, "nl"),
                                            (CheckInKind.TWO_YEARS, "ti"), (CheckInKind.TWO_YEARS, "en")])
def test_checkin_started_by_the_scheduler_and_answered(rasa_stack, kind: str, lang: str) -> None:
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(hour=11, minute=0))
    schedule = Schedule()
    sender = f"wa:e2e{uuid.uuid4().hex[:10]}"
    newcomer_id = _newcomer_due(rasa_stack, sender, lang, kind, clock, schedule)
    outbox: list[tuple[str, list[dict[str, Any]]]] = []
    scheduler = _scheduler(rasa_stack, clock, schedule, outbox)
    scheduler.run_once()
    [(to, messages)] = [item for item in outbox if item[0] == sender]
    opening = _texts(messages)
    assert say(f"journey_checkin_open_{kind}", lang) in opening
    assert say("journey_q_checkin_how_going", lang) in opening
    if lang in ("ar", "ti"):
        assert script_language(opening) == lang
    # no answer for four days: the one reminder, while the question is still open
    clock.advance(days=4, minutes=1)
    _scheduler(rasa_stack, clock, schedule, outbox).run_once()  # a restarted scheduler process
    reminders = [m for s, m in outbox if s == sender]
    assert len(reminders) == 2 and say("journey_checkin_reminder", lang) in _texts(reminders[1])
    assert say("journey_q_checkin_how_going", lang) in _texts(reminders[1])
    clock.advance(days=1)
    scheduler.run_once()
    assert len([m for s, m in outbox if s == sender]) == 2  # never more
    person = Newcomer(rasa_stack, sender, lang)
    person.last = reminders[1]
    goes_well, better, contacts, activities, tips = ANSWERS[lang]
    person.presses("journey_opt_how_going_okay")
    assert person.asked("checkin_goes_well")
    person.says(goes_well)
    person.says(better)
    assert person.asked("checkin_language_lessons")
    person.presses("journey_opt_lessons_inburgering_extra")
    person.says(contacts)
    assert person.asked("checkin_contacts_satisfied")
    person.presses("journey_opt_satisfied_partly")
    person.presses("journey_opt_useful_sometimes")
    assert person.asked("checkin_own_activities")
    person.says(activities)
    person.presses("journey_opt_finds_help_yes")
    if kind == CheckInKind.TWO_YEARS:
        assert person.asked("checkin_tips")
        person.says(tips)
    assert person.asked("checkin_wants_contact")
    person.presses("journey_opt_yes_no_yes")
    done = _texts(person.last)
    assert say("journey_checkin_done", lang) in done and say("journey_checkin_done_contact", lang) in done
    if lang in ("ar", "ti"):
        assert script_language(done) == lang
    with _session(rasa_stack) as session:
        checkin = session.execute(select(CheckIn).where(CheckIn.newcomer_id == newcomer_id,
                                                        CheckIn.kind == kind)).scalar_one()
        assert checkin.state == CheckInState.ANSWERED and checkin.reminded_at is not None
        answers = {a.question: a.value for a in checkin.answers}
        assert answers["checkin_goes_well"] == goes_well and answers["checkin_contacts"] == "3"
        assert answers["checkin_how_going"] == "okay" and answers["checkin_wants_contact"] == "yes"
        assert ("checkin_tips" in answers) == (kind == CheckInKind.TWO_YEARS)
        rules = set(session.execute(select(Flag.rule).where(Flag.checkin_id == checkin.id)).scalars())
        assert rules == {"money_or_housing", "wants_contact"}


def test_checkin_broken_off_keeps_answers_and_withdrawal_stops_it(rasa_stack) -> None:
    clock = Clock(dt.datetime.now(dt.timezone.utc).replace(hour=11, minute=0))
    schedule = Schedule()
    sender = f"tg:e2e{uuid.uuid4().hex[:8]}"
    newcomer_id = _newcomer_due(rasa_stack, sender, "ti", CheckInKind.SIX_MONTHS, clock, schedule)
    outbox: list[tuple[str, list[dict[str, Any]]]] = []
    _scheduler(rasa_stack, clock, schedule, outbox).run_once()
    person = Newcomer(rasa_stack, sender, "ti")
    person.last = [m for s, ms in outbox if s == sender for m in ms]
    person.presses("journey_opt_how_going_good")
    person.says("ደቀይ ቤት ትምህርቲ ይኸዱ")
    person.says("/withdraw_consent")
    assert say("journey_consent_withdrawn", "ti") in _texts(person.last)
    with _session(rasa_stack) as session:
        checkin = session.execute(select(CheckIn).where(CheckIn.newcomer_id == newcomer_id,
                                                        CheckIn.kind == CheckInKind.SIX_MONTHS)).scalar_one()
        assert checkin.state == CheckInState.CANCELLED
        assert {a.question for a in checkin.answers} == {"checkin_how_going", "checkin_goes_well"}

"""Reading answers: buttons, typed choices, numbers in every script, skips and corrections."""

from __future__ import annotations

import pytest

from wegwijz.journey.answers import correction, is_skip, read_answer, read_number, sounds_like_a_command
from wegwijz.journey.constants import SKIPPED
from wegwijz.journey.questions import CHECKIN, INTAKE, INTAKE_IDS, PROFILE_QUESTIONS, question


@pytest.mark.parametrize(("text", "number"), [
    ("3", 3), ("ik ken 12 mensen", 12), ("٣", 3), ("١٢ شخص", 12), ("۴", 4), ("drie", 3), ("three", 3),
    ("ثلاثة", 3), ("ሰለስተ", 3), ("niemand", 0), ("nobody", 0), ("لا أحد", 0), ("ማንም", 0), ("0", 0),
])
def test_numbers_in_any_script(text: str, number: int) -> None:
    assert read_number(text) == number


@pytest.mark.parametrize("text", ["veel", "many", "كثير", "ብዙሕ", "", "🙂"])
def test_no_number(text: str) -> None:
    assert read_number(text) is None


def test_number_question_explains_a_non_number() -> None:
    contacts = question("intake_contacts")
    assert read_answer(contacts, "veel mensen").problem == "journey_invalid_number"
    assert read_answer(contacts, "5000").problem == "journey_invalid_number"
    assert read_answer(contacts, "٢").value == "2"


@pytest.mark.parametrize(("qid", "text", "code"), [
    ("intake_ambition", "Werken", "work"),
    ("intake_ambition", "ik wil graag werken", "work"),
    ("intake_ambition", "العمل", "work"),
    ("intake_ambition", "ናይ ወለንታ ስራሕ", "volunteer"),
    ("intake_education", "mbo", "vocational"),
    ("intake_education", "universiteit", "higher"),
    ("intake_consent", "ja", "yes"),
    ("intake_consent", "نعم", "yes"),
    ("intake_consent", "እወ", "yes"),
    ("intake_consent", "Nee, liever niet", "no"),
    ("intake_consent", "no thanks", "no"),
    ("checkin_wants_contact", "ኣይፋል", "no"),
    ("checkin_how_going", "😟 Moeilijk", "hard"),
    ("checkin_how_going", "goed", "good"),
    ("checkin_contacts_satisfied", "een beetje", "partly"),
])
def test_typed_choices(qid: str, text: str, code: str) -> None:
    assert read_answer(question(qid), text).value == code


@pytest.mark.parametrize(("qid", "text"), [
    ("intake_ambition", "misschien"),
    ("intake_consent", "ik weet het niet"),
    ("checkin_language_lessons", "lessen"),  # two options name it: ask again with the buttons
    ("intake_consent", '/choose_language{"language":"ar"}'),
])
def test_unclear_choice_is_asked_again(qid: str, text: str) -> None:
    reading = read_answer(question(qid), text)
    assert reading.value is None and reading.problem == "journey_invalid_choice"


def test_button_choice_wins_and_unknown_codes_are_refused() -> None:
    assert read_answer(question("intake_buddy"), '/choose_answer{"choice":"team"}', "team").value == "team"
    assert read_answer(question("intake_buddy"), '/choose_answer{"choice":"gold"}', "gold").problem


@pytest.mark.parametrize(("text", "intent"), [
    ("/skip_question", "skip_question"), ("overslaan", None), ("Skip", None), ("تخطي", None), ("ሕለፍ", None),
])
def test_skip(text: str, intent: str | None) -> None:
    assert is_skip(text, intent)
    assert read_answer(question("intake_work"), text, None, intent).value == SKIPPED


def test_consent_cannot_be_skipped() -> None:
    assert read_answer(question("intake_consent"), "/skip_question", None, "skip_question").problem


def test_free_text_is_kept_as_given_and_wordless_text_is_not_an_answer() -> None:
    work = question("intake_work")
    assert read_answer(work, "  Timmerman,\u200f 10 jaar ").value == "Timmerman, 10 jaar"
    assert read_answer(work, "🙂🙂").problem == "journey_invalid_text"
    assert read_answer(work, "/unknown").problem == "journey_invalid_text"
    assert len(read_answer(work, "x" * 5000).value or "") == 1000


def test_quick_answer_buttons_on_open_questions() -> None:
    care = question("intake_care_worries")
    assert read_answer(care, '/choose_answer{"choice":"none"}', "none").value == "none"
    assert read_answer(care, "geen zorgen").value == "none"
    assert read_answer(care, "Mijn zoon heeft astma").value == "Mijn zoon heeft astma"


@pytest.mark.parametrize(("text", "rest"), [
    ("nee, ik bedoel 4", "4"), ("Nee ik bedoelde werken", "werken"), ("no, I meant 2", "2"), ("sorry, I meant", ""),
    ("لا، قصدي ٤", "4"), ("أقصد العمل", "العمل"), ("ኣይፋል፡ ማለተይ 3", "3"), ("correctie: mbo", "mbo"),
])
def test_corrections(text: str, rest: str) -> None:
    assert correction(text) == rest


@pytest.mark.parametrize("text", ["nee", "ik wil werken", "no", "لا", "ኣይፋል", "Ik bedoel het goed met iedereen"])
def test_not_corrections(text: str) -> None:
    assert correction(text) in (None, "het goed met iedereen")


def test_question_catalogue_is_complete() -> None:
    assert INTAKE_IDS[0] == "intake_consent"
    assert "intake_care_worries" not in PROFILE_QUESTIONS and "intake_consent" not in PROFILE_QUESTIONS
    assert len(PROFILE_QUESTIONS) == 9
    assert [q.id for q in CHECKIN["two_years"]] == [q.id for q in CHECKIN["six_months"]][:-1] + [
        "checkin_tips", "checkin_wants_contact"]
    assert all(q.options for q in INTAKE if q.kind == "choice")


@pytest.mark.parametrize(("text", "command"), [
    ("/pause_journey", True), ("stop", True), ("ik wil stoppen", True), ("EXTERNAL: start_checkin", True),
    ("ik wil stoppen met roken en meer sporten", False), ("ما هي المعلومات التي لديكم عني يا ترى الآن", False),
])
def test_commands_are_short(text: str, command: bool) -> None:
    assert sounds_like_a_command(text) is command

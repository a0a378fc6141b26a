"""Newcomers' answers as a caseworker reads them, and what changed from one moment to the next.

Answers stay in the language they were given (shown with their `lang` and
writing direction); option codes are shown with their Dutch label, which is
the stored translation of a button the newcomer pressed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from wegwijz.contract import languages
from wegwijz.journey import questions
from wegwijz.journey.constants import AnswerKind
from wegwijz.texts import MissingText

STAFF_LANGUAGE = "nl"

INTAKE_TO_CHECKIN = {"intake_contacts": "checkin_contacts"}
"""Intake questions whose answer a check-in asks again under another id (compared across the two)."""

LESSONS_GOING = {"inburgering", "inburgering_extra", "extra"}
"""`checkin_language_lessons` codes meaning the newcomer takes language lessons."""
NOT_STARTED = {"not_started", "unknown"}
"""`intake_inburgering` codes meaning lessons had not begun at the startgesprek."""


class StoredAnswer(Protocol):
    """An intake or check-in answer row."""

    question: str
    value: str | None
    skipped: bool
    lang: str


@dataclass(frozen=True)
class ShownAnswer:
    """One answer ready for the page."""

    question: str
    label: str
    text: str
    """The value as given (free text) or the option's Dutch label."""
    original: str | None
    """For an option: the label in the language it was answered in, when that is not Dutch."""
    lang: str
    skipped: bool
    free_text: bool

    @property
    def direction(self) -> str:
        """Writing direction of the answer's language (of free text; an option label is Dutch)."""
        language = languages.known(self.lang)
        return languages.get(language).direction if language and self.free_text else "ltr"

    @property
    def in_other_language(self) -> bool:
        """Whether the newcomer's own words are in another language than the staff's."""
        return self.free_text and self.lang != STAFF_LANGUAGE

    @property
    def language_name(self) -> str:
        """The answer's language named in the staff's language ("Tigrinya", "Arabisch")."""
        language = languages.known(self.lang)
        return languages.get(language).names[STAFF_LANGUAGE] if language else self.lang

    @property
    def interpreter_usual(self) -> bool:
        """Whether caseworkers usually need an interpreter for the answer's language (the registry says)."""
        language = languages.known(self.lang)
        return bool(language and languages.get(language).interpreter_usual)

    @property
    def shown_lang(self) -> str:
        """The language of `text`: the newcomer's own for free text, Dutch for an option label."""
        return self.lang if self.free_text else STAFF_LANGUAGE


@dataclass(frozen=True)
class Change:
    """One difference between two moments (intake → six months → two years)."""

    label: str
    before: str
    after: str
    trend: str | None = None
    """'up' or 'down' for numbers; None for choices."""


def question_label(question_id: str) -> str:
    """The Dutch short label of a question (its id when the text is missing)."""
    try:
        return questions.question(question_id).label(STAFF_LANGUAGE)
    except (KeyError, MissingText):
        return question_id.replace("_", " ")


def _question(question_id: str) -> questions.Question | None:
    try:
        return questions.question(question_id)
    except KeyError:
        return None


def _option_label(question: questions.Question | None, value: str | None, lang: str) -> str:
    if question is None or value is None:
        return value or ""
    try:
        return question.show(value, lang)
    except MissingText:
        return value


def show(answer: StoredAnswer) -> ShownAnswer:
    """An answer as the caseworker reads it."""
    question = _question(answer.question)
    is_option = bool(question and question.options and answer.value in question.options.codes)
    free_text = not is_option and (question is None or question.kind == AnswerKind.TEXT)
    original = None
    if is_option and answer.lang != STAFF_LANGUAGE:
        original = _option_label(question, answer.value, answer.lang)
    return ShownAnswer(
        question=answer.question,
        label=question_label(answer.question),
        text="" if answer.skipped else (_option_label(question, answer.value, STAFF_LANGUAGE) if is_option
                                        else answer.value or ""),
        original=original,
        lang=answer.lang or STAFF_LANGUAGE,
        skipped=bool(answer.skipped),
        free_text=free_text,
    )


def _comparable(answers: Iterable[StoredAnswer]) -> dict[str, StoredAnswer]:
    result = {}
    for answer in answers:
        if answer.skipped or answer.value is None:
            continue
        question = _question(answer.question)
        if question is not None and question.kind in (AnswerKind.NUMBER, AnswerKind.CHOICE):
            result[INTAKE_TO_CHECKIN.get(answer.question, answer.question)] = answer
    return result


def _as_int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def changes(before: Iterable[StoredAnswer], after: Iterable[StoredAnswer]) -> list[Change]:
    """What changed between two moments, in the order of the later moment's answers.

    Numbers show a trend ("contacten 0 → 2"); choices show both labels; free text is
    not compared (it is shown in full anyway). "Lessons started" is read across the
    intake's inburgering status and a check-in's language lessons.
    """
    before = list(before)
    after = list(after)
    old, new = _comparable(before), _comparable(after)
    result: list[Change] = []
    for key, answer in new.items():
        previous = old.get(key)
        if previous is None or previous.value == answer.value:
            continue
        question = _question(answer.question)
        then, now = _as_int(previous.value), _as_int(answer.value)
        if question is not None and question.kind == AnswerKind.NUMBER and then is not None and now is not None:
            trend = "up" if now > then else "down"
            result.append(Change(question_label(answer.question), str(then), str(now), trend))
        else:
            result.append(Change(question_label(answer.question),
                                 _option_label(_question(previous.question), previous.value, STAFF_LANGUAGE),
                                 _option_label(question, answer.value, STAFF_LANGUAGE)))
    lessons = _lessons_change(before, after)
    if lessons:
        result.append(lessons)
    return result


def _lessons_change(before: list[StoredAnswer], after: list[StoredAnswer]) -> Change | None:
    def value_of(answers: list[StoredAnswer], question_id: str) -> str | None:
        return next((a.value for a in answers if a.question == question_id and not a.skipped), None)

    now = value_of(after, "checkin_language_lessons")
    if now is None:
        return None
    started_before = value_of(before, "intake_inburgering")
    if started_before is not None and started_before in NOT_STARTED and now in LESSONS_GOING:
        return Change("Taallessen", "nog niet begonnen", "begonnen", "up")
    return None

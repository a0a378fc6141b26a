"""Reading what a newcomer typed or pressed as the answer to one question.

Buttons send an option code (`/choose_answer{"choice":"yes"}`); people also type:
"ja", "3", "٣", "niemand", "ik wil werken", "skip", "nee, ik bedoel 4". This module
turns that into a value to store, a skip, or the reason it could not be read.
All matching runs on `normalise`d text, so Arabic spelling variants and
Arabic-Indic digits need no special cases here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wegwijz import LANGUAGES
from wegwijz.journey.constants import SKIPPED, AnswerKind
from wegwijz.journey.questions import Question
from wegwijz.language.normalise import clean_input, normalise

MAX_ANSWER_LENGTH = 1000
"""Longer answers are cut: a profile field, not a letter."""

MAX_NUMBER = 1000
"""Counts above this are typing mistakes ("how many people do you have contact with")."""

SKIP_INTENT = "skip_question"

COMMAND_WORDS = 4
"""Typed commands are short; a longer message inside a form is an answer (see `sounds_like_a_command`)."""

_SKIP_WORDS = {
    "overslaan", "sla over", "skip", "volgende", "next", "pass", "تخطي", "تخطى", "التالي", "تجاوز",
    "ሕለፍ", "ሕለፎ", "ዝለል",
}
_YES_WORDS = {
    "ja", "jazeker", "jawel", "ok", "oke", "okay", "goed", "prima", "yes", "yeah", "yep", "sure",
    "نعم", "ايوه", "ايوا", "اي", "اكيد", "موافق", "طبعا", "እወ", "ሕራይ", "ይኹን", "ጽቡቕ",
}
_NO_WORDS = {"nee", "neen", "niet", "no", "nope", "لا", "كلا", "ابدا", "ኣይፋል", "ኣይፋሉን", "ኣይደልን", "ኣይኮነን"}

_ZERO_WORDS = {
    "geen", "niemand", "nul", "geen een", "none", "nobody", "no one", "zero", "لا احد", "ولا واحد", "ما في",
    "صفر", "ولا حدا", "ማንም", "ዋላ ሓደ", "ሓደ'ኳ", "የለን", "ባዶ",
}
_NUMBER_WORDS = {
    1: ("een", "één", "one", "واحد", "ሓደ"),
    2: ("twee", "two", "اثنين", "اثنان", "ثنين", "ክልተ"),
    3: ("drie", "three", "ثلاثه", "ثلاث", "ሰለስተ"),
    4: ("vier", "four", "اربعه", "اربع", "ኣርባዕተ"),
    5: ("vijf", "five", "خمسه", "خمس", "ሓሙሽተ"),
    6: ("zes", "six", "سته", "ست", "ሽዱሽተ"),
    7: ("zeven", "seven", "سبعه", "سبع", "ሾብዓተ"),
    8: ("acht", "eight", "ثمانيه", "ثماني", "ሸሞንተ"),
    9: ("negen", "nine", "تسعه", "تسع", "ትሽዓተ"),
    10: ("tien", "ten", "عشره", "عشر", "ዓሰርተ"),
}
_DIGITS = re.compile(r"\d+")
_PUNCTUATION = re.compile(r"[^\w\s']+", re.UNICODE)

# "no, I meant 4" in each language: an optional "no"/"sorry", a phrase for "I meant", then the new answer.
_SEP = r"[\s,.!:;\-።፣፤፡፦]*"
_CORRECTIONS = (
    re.compile(rf"^(?:nee|neen|sorry|oeps){_SEP}(?:ik bedoel(?:de)?|bedoel(?:de)? ik){_SEP}(.*)$"),
    re.compile(rf"^(?:ik bedoelde|correctie|verbetering){_SEP}(.*)$"),
    re.compile(rf"^(?:no|sorry|oops){_SEP}(?:i meant|i mean){_SEP}(.*)$"),
    re.compile(rf"^(?:i meant|correction){_SEP}(.*)$"),
    re.compile(rf"^(?:لا{_SEP})?(?:قصدي|قصدت|كنت اقصد|اقصد|تصحيح){_SEP}(.*)$"),
    re.compile(rf"^(?:ኣይፋል{_SEP}|ኣይኮነን{_SEP})?(?:ማለተይ|ክብሎ ዝደለኹ|ክብል ዝደለኹ|ክብል ደልየ|ክብል ደልየ ነይረ|ምእራም){_SEP}(.*)$"),
)


@dataclass(frozen=True)
class Reading:
    """What an answer means for one question."""

    value: str | None
    """The value to store (an option code, digits, or the cleaned text); None when not readable."""

    problem: str | None = None
    """The text key explaining why it was not accepted (the question is asked again)."""

    @property
    def skipped(self) -> bool:
        """Whether the newcomer chose to skip the question."""
        return self.value == SKIPPED

    @property
    def ok(self) -> bool:
        """Whether the answer can be stored."""
        return self.problem is None and self.value is not None


def _fold(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", normalise(text)).split())


def is_skip(text: str | None, intent: str | None = None) -> bool:
    """Whether the message asks to skip the question (the button, or "overslaan", "تخطي", "ሕለፍ"...)."""
    return intent == SKIP_INTENT or _fold(text or "") in {_fold(w) for w in _SKIP_WORDS}


def sounds_like_a_command(text: str | None) -> bool:
    """Whether a message the classifier took for "stop" or "/mijngegevens" really is one.

    Buttons and typed commands are; so is a short phrase ("ik wil stoppen"). A longer sentence
    that only mentions such words ("ik wil stoppen met roken") is the answer to the question.
    """
    text = clean_input(text)
    return text.startswith(("/", "EXTERNAL: ")) or len(text.split()) <= COMMAND_WORDS


def correction(text: str | None) -> str | None:
    """The corrected answer in "no, I meant …", "" when nothing follows, None when it is no correction."""
    folded = normalise(text or "")
    for pattern in _CORRECTIONS:
        match = pattern.match(folded)
        if match:
            return clean_input(match.group(1))
    return None


def read_number(text: str) -> int | None:
    """The first whole number in the text: digits in any script, or a number word from 0 to 10."""
    folded = _fold(text)
    digits = _DIGITS.search(folded)
    if digits:
        return int(digits.group())
    if folded in {_fold(w) for w in _ZERO_WORDS}:
        return 0
    words = folded.split()
    for number, names in _NUMBER_WORDS.items():
        if any(_fold(name) in words for name in names):
            return number
    return None


def _labels(question: Question) -> dict[str, set[str]]:
    assert question.options is not None
    return {code: {code.replace("_", " ")} | {_fold(question.options.label(code, lang)) for lang in LANGUAGES}
            for code in question.options.codes}


def read_choice(question: Question, text: str) -> str | None:
    """The option meant by typed text: its label in any language, a yes/no word, or a label word.

    Returns:
        The option code, or None when no single option fits.
    """
    if question.options is None:
        return None
    folded = _fold(text)
    if not folded:
        return None
    labels = _labels(question)
    exact = [code for code, names in labels.items() if folded in names]
    if len(exact) == 1:
        return exact[0]
    words = folded.split()
    codes = question.options.codes
    if "yes" in codes and words[0] in {_fold(w) for w in _YES_WORDS}:
        return "yes"
    if "no" in codes and words[0] in {_fold(w) for w in _NO_WORDS}:
        return "no"
    # "ik wil werken" names the option "Werken"; "mbo" is inside "Beroepsopleiding (zoals mbo)".
    partial = {code for code, names in labels.items() for name in names
               if _contains_words(folded, name) or (len(folded) >= 3 and _contains_words(name, folded))}
    return partial.pop() if len(partial) == 1 else None


def _contains_words(text: str, part: str) -> bool:
    return bool(part) and f" {part} " in f" {text} "


def read_answer(question: Question, text: str | None, choice: str | None = None, intent: str | None = None) -> Reading:
    """Read one answer to `question`.

    Args:
        question: the question that was asked.
        text: the message text (for a button press, its payload).
        choice: the option code a button carried, if any.
        intent: the message's intent (the skip button sends `skip_question`).

    Returns:
        The value to store, a skip, or the problem to explain.
    """
    if is_skip(text, intent) and choice is None:
        return Reading(SKIPPED) if question.skippable else Reading(None, "journey_invalid_choice")
    if choice is not None and question.options and choice in question.options.codes:
        return Reading(choice)
    cleaned = clean_input(text)
    if question.kind == AnswerKind.CHOICE:
        code = read_choice(question, cleaned) if not cleaned.startswith("/") else None
        return Reading(code) if code else Reading(None, "journey_invalid_choice")
    if question.kind == AnswerKind.NUMBER:
        number = read_number(cleaned) if not cleaned.startswith("/") else None
        if number is None or number > MAX_NUMBER:
            return Reading(None, "journey_invalid_number")
        return Reading(str(number))
    if cleaned.startswith("/") or not any(ch.isalnum() for ch in cleaned):
        return Reading(None, "journey_invalid_text")
    if question.options:  # a typed quick answer ("geen zorgen") is stored as its code
        folded = _fold(cleaned)
        for code, names in _labels(question).items():
            if folded in names:
                return Reading(code)
    return Reading(cleaned[:MAX_ANSWER_LENGTH])

"""When an answer needs a person: the escalation rules, in one readable place.

Each rule looks at the answer to one or more questions and, when it fires,
raises a `Flag` for the caseworker with a reason in Dutch (caseworkers read the
portal in Dutch; the newcomer's own words are in the stored answer beside it).
Rules run on every answer as it is stored, so a check-in broken off halfway
still raises what it already showed. A corrected answer that no longer fires
a rule takes back that rule's flag, unless a caseworker already handled it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from wegwijz.contract import languages
from wegwijz.journey.constants import SKIPPED
from wegwijz.journey.models import CheckIn, Flag, Newcomer, utcnow
from wegwijz.language.normalise import normalise
from wegwijz.texts import words

MONEY_OR_HOUSING_WORDS = "journey_money_or_housing"
"""The word list (`wegwijz/journey/words.yml`) of words that point at money or housing trouble, as people
write them (matched at the start of a word; in Arabic script also after the attached prefixes و ف ب ل ال).
Kept broad: a flag is a question for a person, not a verdict."""
_ARABIC_PREFIXES = "(?:و|ف|ب|ل|ال|وال|بال|فال|لل)?"


@functools.lru_cache(maxsize=1)
def _money_or_housing_pattern() -> re.Pattern[str]:
    parts = []
    for language in languages.REGISTRY:
        prefix = _ARABIC_PREFIXES if language.script == "arabic" else ""
        parts += [prefix + re.escape(normalise(w)) for w in words(MONEY_OR_HOUSING_WORDS, language.code)]
    return re.compile(r"(?<!\w)(" + "|".join(parts) + ")", re.UNICODE)


def mentions_money_or_housing(text: str) -> str | None:
    """The first money or housing word in a free answer, if any."""
    match = _money_or_housing_pattern().search(normalise(text))
    return match.group(1) if match else None


@dataclass(frozen=True)
class Rule:
    """One escalation rule: which answers it reads and what it tells the caseworker."""

    name: str
    questions: tuple[str, ...]
    check: Callable[[str], str | None]
    """Given a stored value, the reason for the caseworker when the rule fires, else None."""


def _equals(value: str, reason: str) -> Callable[[str], str | None]:
    return lambda answer: reason if answer == value else None


def _one_of(values: tuple[str, ...], reason: str) -> Callable[[str], str | None]:
    return lambda answer: reason if answer in values else None


def _money_or_housing(answer: str) -> str | None:
    word = mentions_money_or_housing(answer)
    return f'Noemt mogelijk geld- of woonproblemen ("{word}").' if word else None


def _care_worries(answer: str) -> str | None:
    return None if answer in ("none", SKIPPED) else "Noemt medische of zorgzorgen (gedeeld met toestemming)."


RULES: tuple[Rule, ...] = (
    Rule("wants_contact", ("checkin_wants_contact",), _equals("yes", "Wil graag dat iemand contact opneemt.")),
    Rule("no_contacts", ("checkin_contacts",), _equals("0", "Heeft met niemand in Zeist contact.")),
    Rule("unhappy_with_contacts", ("checkin_contacts_satisfied",),
         _equals("no", "Is niet tevreden over het aantal mensen met wie hij/zij contact heeft.")),
    Rule("money_or_housing", ("checkin_goes_well", "checkin_could_be_better"), _money_or_housing),
    Rule("no_language_lessons", ("checkin_language_lessons",),
         _equals("none", "Volgt geen taallessen (geen inburgering en geen extra lessen).")),
    Rule("going_hard", ("checkin_how_going",), _equals("hard", "Zegt dat het moeilijk gaat.")),
    Rule("not_useful_or_seen", ("checkin_useful_seen",), _equals("no", "Voelt zich niet nuttig of niet gezien.")),
    Rule("cannot_find_help", ("checkin_finds_help",),
         _equals("no", "Weet de weg naar het CJG of het Sociaal Team niet.")),
    Rule("wants_buddy", ("intake_buddy",),
         _one_of(("buddy", "team", "both"), "Wil graag een maatje of vrijwilligersteam (startgesprek).")),
    Rule("care_worries", ("intake_care_worries",), _care_worries),
)
"""Every rule; a test covers each one."""


def firing(question: str, value: str | None) -> list[tuple[Rule, str]]:
    """The rules an answer fires, each with its reason (a skipped or empty answer fires none)."""
    if value is None or value == SKIPPED:
        return []
    found = []
    for rule in RULES:
        if question in rule.questions:
            reason = rule.check(value)
            if reason:
                found.append((rule, reason))
    return found


def apply(session: Session, newcomer: Newcomer, question: str, value: str | None,
          checkin: CheckIn | None = None, now: dt.datetime | None = None) -> list[Flag]:
    """Raise the flags this answer calls for, and take back open ones it no longer supports.

    At most one flag per rule per check-in (or per intake, when `checkin` is None).

    Returns:
        The flags newly raised.
    """
    now = now or utcnow()
    fired = {rule.name: reason for rule, reason in firing(question, value)}
    watching = [rule.name for rule in RULES if question in rule.questions]
    existing = {
        flag.rule: flag for flag in session.execute(
            select(Flag).where(Flag.newcomer_id == newcomer.id, Flag.rule.in_(watching),
                               Flag.checkin_id.is_(None) if checkin is None else Flag.checkin_id == checkin.id)
        ).scalars()
    }
    stale = [flag.id for name, flag in existing.items() if name not in fired and flag.handled_at is None
             and _only_question_of(name, question)]
    if stale:
        session.execute(delete(Flag).where(Flag.id.in_(stale)))
    raised = []
    for name, reason in fired.items():
        if name not in existing:
            flag = Flag(newcomer_id=newcomer.id, checkin_id=checkin.id if checkin else None, rule=name,
                        reason=reason, created_at=now)
            session.add(flag)
            raised.append(flag)
    session.flush()
    return raised


def _only_question_of(rule_name: str, question: str) -> bool:
    # A rule that reads several answers (money or housing) keeps its flag when another answer still fires it;
    # to stay simple and safe, such flags are only taken back by a caseworker.
    rule = next(r for r in RULES if r.name == rule_name)
    return rule.questions == (question,)

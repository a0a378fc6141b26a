"""The startgesprek profile: starting it, storing answers as they are given, and its completeness."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.journey import answer_store, checkins, escalation
from wegwijz.journey.constants import SKIPPED, ConsentKind
from wegwijz.journey.models import IntakeAnswer, Newcomer, utcnow
from wegwijz.journey.newcomers import find_or_create, give_consent, has_consent
from wegwijz.journey.questions import PROFILE_QUESTIONS, question


def begin(session: Session, sender_id: str, lang: str, now: dt.datetime | None = None,
          schedule: checkins.Schedule | None = None) -> Newcomer:
    """The newcomer said yes to the profile consent: record it, date the intake, plan the check-ins.

    A caseworker may already have set the intake date (the startgesprek in person); it is kept.
    """
    now = now or utcnow()
    newcomer = find_or_create(session, sender_id, lang, now)
    give_consent(session, newcomer, ConsentKind.PROFILE, now)
    if lang in LANGUAGES:
        newcomer.preferred_language = lang
    if newcomer.intake_date is None:
        newcomer.intake_date = checkins.local_date(now)
    checkins.plan(session, newcomer, schedule or checkins.Schedule.from_env())
    session.flush()
    return newcomer


def answers(newcomer: Newcomer) -> dict[str, IntakeAnswer]:
    """The stored intake answers by question id."""
    return {a.question: a for a in newcomer.intake_answers}


def save_answer(session: Session, newcomer: Newcomer, question_id: str, value: str, lang: str,
                now: dt.datetime | None = None) -> IntakeAnswer | None:
    """Store one answer (or a skip: `value == SKIPPED`) the moment it is given.

    Nothing is stored without the consent the question needs.

    Returns:
        The stored answer, or None when there is no consent for it.
    """
    needed = question(question_id).consent
    if needed is None or not has_consent(newcomer, needed):
        return None
    now = now or utcnow()
    answer = answer_store.put(session, newcomer.intake_answers, lambda q: IntakeAnswer(question=q), question_id,
                              value, lang, now)
    escalation.apply(session, newcomer, question_id, value, None, now)
    return answer


def forget_answer(session: Session, newcomer: Newcomer, question_id: str) -> None:
    """Remove one answer, so the question is asked again ("no, I meant …" without the new answer)."""
    answer_store.remove(session, newcomer, "intake_answers", question_id)
    escalation.apply(session, newcomer, question_id, None, None)


def complete(newcomer: Newcomer, now: dt.datetime | None = None) -> None:
    """The newcomer went through every question."""
    if newcomer.intake_completed_at is None:
        newcomer.intake_completed_at = now or utcnow()


def completeness(values: Mapping[str, str | None]) -> float:
    """Profile completeness (a monitoring indicator): the share of profile questions really answered.

    Skipped and unanswered questions count as missing; the consent and care questions do not count.

    Args:
        values: question id -> stored value (`SKIPPED` for a skip, None when not answered).

    Returns:
        A fraction from 0.0 to 1.0.
    """
    answered = sum(1 for q in PROFILE_QUESTIONS if values.get(q) not in (None, "", SKIPPED))
    return answered / len(PROFILE_QUESTIONS)


def profile_completeness(newcomer: Newcomer) -> float:
    """`completeness` of a newcomer's stored profile."""
    return completeness({q: (SKIPPED if a.skipped else a.value) for q, a in answers(newcomer).items()})

"""One way to keep an answer of the intake or of a check-in: stored the moment it is given, replaced when
corrected, removed when taken back. The callers check consent and apply the escalation rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from wegwijz.journey.constants import SKIPPED


class StoredAnswer(Protocol):
    """The columns an intake answer and a check-in answer share."""

    question: Any
    value: Any
    skipped: Any
    lang: Any
    answered_at: Any


A = TypeVar("A", bound=StoredAnswer)


def put(session: Session, stored: list[A], make: Callable[[str], A], question_id: str, value: str, lang: str,
        now: dt.datetime) -> A:
    """Store `value` (or a skip: `SKIPPED`) as the answer to `question_id` among `stored`, the owner's answers."""
    skipped = value == SKIPPED
    answer = next((a for a in stored if a.question == question_id), None)
    if answer is None:
        answer = make(question_id)
        stored.append(answer)
    answer.value = None if skipped else value
    answer.skipped = skipped
    answer.lang = lang
    answer.answered_at = now
    session.flush()
    return answer


def remove(session: Session, owner: Any, relation: str, question_id: str) -> None:
    """Remove the answer to `question_id` from the owner's answers (`relation`), so it is asked again."""
    for answer in [a for a in getattr(owner, relation) if a.question == question_id]:
        session.delete(answer)
    session.flush()
    session.expire(owner, [relation])

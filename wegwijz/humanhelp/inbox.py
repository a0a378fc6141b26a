"""The staff side of "ask a person": who sees which question, answering, marking a kennisbank gap.

A caseworker sees the questions of her own newcomers and those for the welcome desk (no
caseworker); an admin sees all. The answer goes back through the newcomer's channel: the
outbox for Telegram and WhatsApp (a template outside WhatsApp's 24-hour window), and for the
web chat it waits until the person's chat page fetches it (`fetch_for_web`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from wegwijz.humanhelp.asking import quote
from wegwijz.humanhelp.models import Delivery, KennisbankGap, PersonQuestion, QuestionStatus
from wegwijz.texts import say

ANSWER_LENGTH = 3000
"""Longest answer a member of staff can write (the channels split long messages)."""
GAP_NOTE_LENGTH = 300
"""Longest note for the editors."""
ANSWER_TEMPLATE = "answer"
"""The WhatsApp template (`WHATSAPP_TEMPLATE_ANSWER`) that opens the chat outside the 24-hour window."""


class Filter:
    """Which questions the inbox shows."""

    OPEN = "open"
    ANSWERED = "beantwoord"
    ALL = "alle"
    CHOICES = (OPEN, ANSWERED, ALL)


def _visible(query: Select, username: str, sees_all: bool) -> Select:
    if sees_all:
        return query
    return query.where(or_(PersonQuestion.caseworker == username, PersonQuestion.caseworker.is_(None)))


def questions_for(session: Session, username: str, sees_all: bool, shown: str = Filter.OPEN) -> list[PersonQuestion]:
    """The questions this member of staff may see, oldest open first, then newest answered."""
    query = _visible(select(PersonQuestion), username, sees_all)
    if shown == Filter.OPEN:
        query = query.where(PersonQuestion.status == QuestionStatus.OPEN).order_by(PersonQuestion.asked_at)
    elif shown == Filter.ANSWERED:
        query = query.where(PersonQuestion.status == QuestionStatus.ANSWERED).order_by(
            PersonQuestion.answered_at.desc())
    else:
        query = query.order_by(PersonQuestion.asked_at.desc())
    return list(session.execute(query.order_by(PersonQuestion.id)).scalars())


def question_for(session: Session, username: str, sees_all: bool, question_id: int) -> PersonQuestion | None:
    """One question, when this member of staff may see it (else None: it looks the same as no question)."""
    query = _visible(select(PersonQuestion).where(PersonQuestion.id == question_id), username, sees_all)
    return session.execute(query).scalar_one_or_none()


def is_overdue(question: PersonQuestion, now: dt.datetime) -> bool:
    """Open after the moment an answer was due."""
    return question.status == QuestionStatus.OPEN and question.due_at < now


def answer_message(question: PersonQuestion, answer: str) -> str:
    """The answer as the newcomer reads it, introduced in their language."""
    return say("ask_person_answer", question.lang, question=quote(question.question), answer=answer)


def answer(session: Session, question: PersonQuestion, text: str, who: str, now: dt.datetime) -> str:
    """Record a member of staff's answer and send it back through the newcomer's channel (the caller commits).

    Returns:
        How it went back (a `Delivery` value).

    Raises:
        ValueError: when the answer is empty, too long, or the question was answered already.
    """
    from wegwijz.channels import outbox

    text = text.strip()
    if not text:
        raise ValueError("Schrijf eerst een antwoord.")
    if len(text) > ANSWER_LENGTH:
        raise ValueError(f"Een antwoord is hoogstens {ANSWER_LENGTH} tekens.")
    if question.status != QuestionStatus.OPEN:
        raise ValueError("Deze vraag is al beantwoord.")
    question.answer, question.answered_by, question.answered_at = text, who, now
    question.status = QuestionStatus.ANSWERED
    if question.sender_id.startswith("web:"):
        question.delivery = Delivery.WEB_WAITING
    else:
        result = outbox.enqueue_proactive(session, question.sender_id, [answer_message(question, text)],
                                          template=ANSWER_TEMPLATE, now=now)
        question.delivery = result.how
    session.flush()
    return str(question.delivery)


def fetch_for_web(session: Session, sender_id: str, now: dt.datetime) -> list[str]:
    """Answers waiting for a web chat, as its page shows them; they are marked shown (the caller commits)."""
    waiting = list(session.execute(select(PersonQuestion).where(
        PersonQuestion.sender_id == sender_id, PersonQuestion.delivery == Delivery.WEB_WAITING,
    ).order_by(PersonQuestion.answered_at, PersonQuestion.id)).scalars())
    for question in waiting:
        question.delivery, question.delivered_at = Delivery.WEB_SHOWN, now
    session.flush()
    return [answer_message(q, q.answer or "") for q in waiting]


def mark_gap(session: Session, question: PersonQuestion, note: str, who: str, now: dt.datetime) -> KennisbankGap:
    """Tell the editors the kennisbank has no answer for this kind of question (the caller commits).

    The note is what the editors see, never the question itself (editors see no personal data).

    Raises:
        ValueError: when the note is empty or too long.
    """
    note = " ".join(note.split())
    if not note:
        raise ValueError("Schrijf in een paar woorden wat er in de kennisbank ontbreekt (zonder namen).")
    if len(note) > GAP_NOTE_LENGTH:
        raise ValueError(f"Een notitie is hoogstens {GAP_NOTE_LENGTH} tekens.")
    gap = KennisbankGap(question_id=question.id, lang=question.lang, note=note, marked_by=who, marked_at=now)
    session.add(gap)
    session.flush()
    return gap


def gaps_of(session: Session, question: PersonQuestion) -> list[KennisbankGap]:
    """The gaps marked for one question."""
    return list(session.execute(select(KennisbankGap).where(KennisbankGap.question_id == question.id)
                                .order_by(KennisbankGap.id)).scalars())


def open_gaps(session: Session) -> list[KennisbankGap]:
    """The gaps the editors have not yet dealt with, oldest first."""
    return list(session.execute(select(KennisbankGap).where(KennisbankGap.resolved_at.is_(None))
                                .order_by(KennisbankGap.marked_at, KennisbankGap.id)).scalars())


def resolve_gap(session: Session, gap_id: int, who: str, now: dt.datetime) -> bool:
    """An editor dealt with a gap (wrote or changed an article); False when there is no such open gap."""
    gap = session.get(KennisbankGap, gap_id)
    if gap is None or gap.resolved_at is not None:
        return False
    gap.resolved_by, gap.resolved_at = who, now
    return True


@dataclass(frozen=True)
class Numbers:
    """Questions to a person, for the monitoring page."""

    open: int
    answered: int
    overdue: int
    gaps: int


def numbers(session: Session, now: dt.datetime) -> Numbers:
    """Open, answered and overdue questions (all of them, no person), and the gaps not yet dealt with."""
    def count(*where) -> int:  # type: ignore[no-untyped-def]
        return int(session.execute(select(func.count()).select_from(PersonQuestion).where(*where)).scalar_one())

    return Numbers(
        open=count(PersonQuestion.status == QuestionStatus.OPEN),
        answered=count(PersonQuestion.status == QuestionStatus.ANSWERED),
        overdue=count(PersonQuestion.status == QuestionStatus.OPEN, PersonQuestion.due_at < now),
        gaps=int(session.execute(select(func.count()).select_from(KennisbankGap)
                                 .where(KennisbankGap.resolved_at.is_(None))).scalar_one()),
    )

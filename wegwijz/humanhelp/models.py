"""The tables of "ask a person".

`person_questions` is personal data kept by chat address (`sender_id`): the question,
the last few turns before it, and the answer. It is registered in
`wegwijz.contract.personal_data`, so /mijngegevens lists it and /verwijder erases it.
`kennisbank_gaps` is what staff write for the editors ("nothing about X"): anonymous,
so it outlives the question it came from (its link is set to NULL on erasure).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Text

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow


class QuestionStatus:
    """Where a question to a person stands."""

    OPEN = "open"
    """Waiting for a person to answer."""
    ANSWERED = "answered"
    """A person answered; the answer went back through the newcomer's channel."""


class Delivery:
    """How the answer went back (the outbox's own word, or the web chat's)."""

    QUEUED = "queued"
    """In the outbox for Telegram or WhatsApp (inside the 24-hour window)."""
    TEMPLATE = "template"
    """WhatsApp outside the 24-hour window: a template went out, the answer follows the person's tap."""
    HELD = "held"
    """The person blocked the bot; the answer goes when they write again."""
    REFUSED = "refused"
    """No way to reach the person now (no template configured); the answer is kept, staff see it."""
    WEB_WAITING = "web_waiting"
    """Web chat: the answer waits until the person's chat page fetches it."""
    WEB_SHOWN = "web_shown"
    """Web chat: the person's chat page fetched and showed the answer."""


class PersonQuestion(Base):
    """A newcomer's question for a person, sent with their yes.

    `caseworker` is the portal username of the newcomer's own caseworker when the chat
    address is linked to a newcomer who has one; otherwise it is empty and the question
    is for the welcome desk (every caseworker). `transcript` is a list of
    `{"who": "newcomer" | "assistant", "text": ...}`, oldest first.
    """

    __tablename__ = "person_questions"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, index=True)
    newcomer_id = Column(Integer, ForeignKey("newcomers.id", ondelete="CASCADE"), nullable=True, index=True)
    caseworker = Column(String(64), nullable=True, index=True)
    lang = Column(String(8), nullable=False)
    question = Column(Text, nullable=False)
    transcript = Column(JSON, nullable=False)
    status = Column(String(16), nullable=False, default=QuestionStatus.OPEN, index=True)
    asked_at = Column(UtcDateTime, nullable=False, default=utcnow)
    due_at = Column(UtcDateTime, nullable=False)
    answer = Column(Text, nullable=True)
    answered_by = Column(String(64), nullable=True)
    answered_at = Column(UtcDateTime, nullable=True)
    delivery = Column(String(16), nullable=True)
    delivered_at = Column(UtcDateTime, nullable=True)


class KennisbankGap(Base):
    """Staff found no article for a question: a note for the editors, without personal data."""

    __tablename__ = "kennisbank_gaps"

    id = Column(Integer, primary_key=True)
    question_id = Column(Integer, ForeignKey("person_questions.id", ondelete="SET NULL"), nullable=True,
                         index=True)
    lang = Column(String(8), nullable=False)
    note = Column(String(300), nullable=False)
    marked_by = Column(String(64), nullable=False)
    marked_at = Column(UtcDateTime, nullable=False, default=utcnow)
    resolved_by = Column(String(64), nullable=True)
    resolved_at = Column(UtcDateTime, nullable=True)

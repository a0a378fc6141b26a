""""Did this help? 👍 👎" — recorded per article and language for the editors.

No sender id is kept: editors need counts, not people.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, String, func, select
from sqlalchemy.orm import Session

from wegwijz.db import Base
from wegwijz.db.moments import utcnow


class AnswerFeedback(Base):
    """One 👍 or 👎 on one answer."""

    __tablename__ = "answer_feedback"

    id = Column(Integer, primary_key=True)
    article_id = Column(String(80), nullable=False, index=True)
    lang = Column(String(2), nullable=False)
    helpful = Column(Boolean, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False,
                        default=utcnow)


def record(session: Session, article_id: str, lang: str, helpful: bool) -> None:
    """Store one piece of feedback (the caller commits)."""
    session.add(AnswerFeedback(article_id=article_id, lang=lang, helpful=helpful))


def totals(session: Session) -> dict[tuple[str, str], tuple[int, int]]:
    """(article, lang) -> (👍 count, 👎 count)."""
    rows = session.execute(
        select(AnswerFeedback.article_id, AnswerFeedback.lang, AnswerFeedback.helpful, func.count())
        .group_by(AnswerFeedback.article_id, AnswerFeedback.lang, AnswerFeedback.helpful)
    ).all()
    result: dict[tuple[str, str], tuple[int, int]] = {}
    for article_id, lang, helpful, count in rows:
        up, down = result.get((article_id, lang), (0, 0))
        result[(article_id, lang)] = (up + count, down) if helpful else (up, down + count)
    return result

"""The tables of "tips from those who came before".

`tips` holds one tip per two-year check-in whose giver said yes to sharing it. Until an
editor reviews it, `original` keeps the giver's own words (personal data: it may name people
or places); reviewing replaces them with the editor's cleaned text in `tip_texts` and clears
`original`. The row is linked to the giver by chat address (`sender_id`) until erasure, which
deletes the tip, or, when the giver agreed to it and the tip was approved, keeps only the
reviewed anonymous text and removes every link (`wegwijz.tips.mydata`).

`tip_texts` is the tip per language: the source (the language the tip was reviewed in) and
translations, each `machine` until an editor marks it `reviewed`; a translation made from an
older version of the source is `outdated` (computed from `made_from`, never remembered).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow


class TipStatus:
    """Where a tip stands in review."""

    WAITING = "waiting"
    """Given and shared with the giver's yes; an editor has not looked at it yet."""
    APPROVED = "approved"
    """Cleaned up by an editor, with a topic: shown to new newcomers."""
    REJECTED = "rejected"
    """Not fit to show (too personal, not a tip, wrong); never shown."""
    ALL = (WAITING, APPROVED, REJECTED)


class TextStatus:
    """How far one language's text of a tip can be trusted."""

    SOURCE = "source"
    """The text the editor reviewed, in the tip's own language."""
    REVIEWED = "reviewed"
    """A translation an editor checked against the current source."""
    MACHINE = "machine"
    """A translation nobody checked yet (made by a machine or pasted in): shown with a mark."""
    OUTDATED = "outdated"
    """Computed, not stored: a translation of an older version of the source; not shown."""


class Tip(Base):
    """A tip for new newcomers, from someone two years in Zeist."""

    __tablename__ = "tips"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=True, index=True)
    checkin_id = Column(Integer, ForeignKey("checkins.id", ondelete="SET NULL"), nullable=True, unique=True)
    lang = Column(String(8), nullable=False)
    original = Column(Text, nullable=True)
    status = Column(String(16), nullable=False, default=TipStatus.WAITING, index=True)
    topic = Column(String(32), nullable=True, index=True)
    keep_after_erasure = Column(Boolean, nullable=False, default=False)
    given_at = Column(UtcDateTime, nullable=False, default=utcnow)
    reviewed_by = Column(String(64), nullable=True)
    reviewed_at = Column(UtcDateTime, nullable=True)
    version = Column(Integer, nullable=False, default=1)
    shown_count = Column(Integer, nullable=False, default=0)
    anonymised_at = Column(UtcDateTime, nullable=True)

    texts = relationship("TipText", back_populates="tip", cascade="all, delete-orphan", passive_deletes=True,
                         order_by="TipText.lang")

    def text_in(self, lang: str) -> TipText | None:
        """The tip's text in `lang`, if there is one."""
        return next((t for t in self.texts if t.lang == lang), None)

    def status_of(self, lang: str) -> str | None:
        """`TextStatus` of the text in `lang` (outdated computed); None when there is none."""
        text = self.text_in(lang)
        if text is None:
            return None
        if text.status != TextStatus.SOURCE and (text.made_from or 0) < (self.version or 1):
            return TextStatus.OUTDATED
        return str(text.status)


class TipText(Base):
    """One language's text of a tip."""

    __tablename__ = "tip_texts"
    __table_args__ = (UniqueConstraint("tip_id", "lang", name="uq_tip_texts_tip_lang"),)

    id = Column(Integer, primary_key=True)
    tip_id = Column(Integer, ForeignKey("tips.id", ondelete="CASCADE"), nullable=False, index=True)
    lang = Column(String(8), nullable=False)
    text = Column(Text, nullable=False)
    status = Column(String(16), nullable=False)
    made_from = Column(Integer, nullable=False, default=1)
    """The source version this text was written or checked against."""
    updated_by = Column(String(64), nullable=False)
    updated_at = Column(UtcDateTime, nullable=False, default=utcnow)

    tip = relationship("Tip", back_populates="texts")

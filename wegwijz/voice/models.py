"""The tables of read-aloud: which languages editors switched on, and how many voice messages went out.

Neither holds personal data: `voice_languages` names the editor (a staff account) who last
switched a language, `voice_sent` counts messages per language and channel without any address.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String

from wegwijz.db import Base
from wegwijz.db.moments import UtcDateTime, utcnow


class VoiceLanguage(Base):
    """Whether read-aloud is offered in one language; no row means off (the default)."""

    __tablename__ = "voice_languages"

    lang = Column(String(8), primary_key=True)
    enabled = Column(Boolean, nullable=False, default=False)
    changed_by = Column(String(64), nullable=False)
    """The portal username of the editor who last switched it."""
    changed_at = Column(UtcDateTime, nullable=False, default=utcnow)


class VoiceSent(Base):
    """One voice message that went out (the platform accepted it, or the web chat got its player)."""

    __tablename__ = "voice_sent"

    id = Column(Integer, primary_key=True)
    lang = Column(String(8), nullable=False, index=True)
    channel = Column(String(8), nullable=False)
    """`tg`, `wa` or `web`."""
    article_id = Column(String(80), nullable=False)
    sent_at = Column(UtcDateTime, nullable=False, default=utcnow, index=True)

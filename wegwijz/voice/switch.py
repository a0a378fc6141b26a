"""Which languages are read aloud: off until an editor has listened and switched a language on.

A synthetic voice that mispronounces a language can tell someone the wrong thing with
confidence; so every language starts off, and switching is an editor's deliberate act in the
portal, written in the audit log.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.db.moments import utcnow
from wegwijz.voice.models import VoiceLanguage

SWITCHED_ON = "portal: voorlezen aangezet"
"""Audit entry: an editor switched read-aloud on for a language (the detail names the language)."""
SWITCHED_OFF = "portal: voorlezen uitgezet"
"""Audit entry: an editor switched read-aloud off for a language."""


def enabled_languages(session: Session) -> frozenset[str]:
    """The languages in which read-aloud is offered now."""
    rows = session.execute(select(VoiceLanguage.lang).where(VoiceLanguage.enabled.is_(True))).scalars()
    return frozenset(lang for lang in rows if lang in LANGUAGES)


def is_enabled(session: Session, lang: str) -> bool:
    """Whether read-aloud is offered in `lang`."""
    return lang in enabled_languages(session)


def settings(session: Session) -> dict[str, VoiceLanguage | None]:
    """Every language of the registry with its setting (None: never switched, so off)."""
    rows = {row.lang: row for row in session.execute(select(VoiceLanguage)).scalars()}
    return {lang: rows.get(lang) for lang in LANGUAGES}


def switch(session: Session, lang: str, on: bool, who: str, now: dt.datetime | None = None) -> bool:
    """Switch read-aloud on or off for `lang`, with an audit entry; False when nothing changed.

    The caller commits.

    Raises:
        ValueError: for a language outside the registry.
    """
    from wegwijz.journey import audit

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    now = now or utcnow()
    row = session.get(VoiceLanguage, lang)
    if row is not None and bool(row.enabled) == on:
        return False
    if row is None:
        row = VoiceLanguage(lang=lang)
        session.add(row)
    row.enabled, row.changed_by, row.changed_at = on, who, now
    audit.record(session, who, SWITCHED_ON if on else SWITCHED_OFF, None, lang, now)
    return True

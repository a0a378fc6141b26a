"""The editors' side: clean up a tip, choose its topic, approve or reject it, and keep its translations.

An editor sees a waiting tip's own words (they may hold names: that is why the review exists) but
never who gave it. Approving stores the cleaned text as the source in the tip's language and clears
the original words; rejecting clears them too. Translations are `machine` until the editor ticks
them reviewed; changing the source makes older translations outdated (not shown in the chat).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from wegwijz import LANGUAGES
from wegwijz.kennisbank.schema import SOURCE_SCHEMA
from wegwijz.tips.models import TextStatus, Tip, TipStatus, TipText
from wegwijz.tips.translate import Translator

TIP_LENGTH = 1000
"""Longest text of a tip in one language."""
TOPICS: tuple[str, ...] = tuple(SOURCE_SCHEMA["properties"]["topic"]["enum"])
"""The kennisbank's topics: a tip is shown after answers on its topic."""


def tips_in(session: Session, status: str) -> list[Tip]:
    """The tips with this status: waiting ones oldest first, the others newest reviewed first."""
    query = select(Tip).where(Tip.status == status)
    if status == TipStatus.WAITING:
        query = query.order_by(Tip.given_at, Tip.id)
    else:
        query = query.order_by(Tip.reviewed_at.desc(), Tip.id.desc())
    return list(session.execute(query).scalars())


def _set_text(tip: Tip, lang: str, text: str, status: str, who: str, now: dt.datetime) -> None:
    existing = tip.text_in(lang)
    if existing is None:
        tip.texts.append(TipText(lang=lang, text=text, status=status, made_from=tip.version, updated_by=who,
                                 updated_at=now))
        return
    rewritten = existing.text != text
    if rewritten or status == TextStatus.REVIEWED:  # written or checked against the current source
        existing.made_from = tip.version
    if rewritten or existing.status != status:
        existing.updated_by, existing.updated_at = who, now
    existing.text, existing.status = text, status


def approve(session: Session, tip: Tip, topic: str, texts: Mapping[str, str], reviewed: set[str], who: str,
            now: dt.datetime) -> None:
    """Approve (or, for an approved tip, update) with the cleaned text in the tip's language (the caller commits).

    Args:
        session: the database session.
        tip: the tip.
        topic: one of `TOPICS`.
        texts: the text per language; the tip's own language is required, empty others are removed.
        reviewed: the languages whose translation the editor checked.
        who: the editor's username.
        now: the moment.

    Raises:
        ValueError: a missing topic or source text, or a text that is too long (nothing is changed).
    """
    if topic not in TOPICS:
        raise ValueError("Kies het onderwerp van de tip.")
    cleaned = {lang: " ".join((texts.get(lang) or "").split()) for lang in LANGUAGES}
    if not cleaned[tip.lang]:
        raise ValueError("Schrijf de nagekeken tip in de taal waarin hij gegeven is.")
    if any(len(text) > TIP_LENGTH for text in cleaned.values()):
        raise ValueError(f"Een tip is hoogstens {TIP_LENGTH} tekens per taal.")
    source = tip.text_in(tip.lang)
    if source is not None and source.text != cleaned[tip.lang]:
        tip.version = (tip.version or 1) + 1
    _set_text(tip, tip.lang, cleaned[tip.lang], TextStatus.SOURCE, who, now)
    for lang in LANGUAGES:
        if lang == tip.lang:
            continue
        if not cleaned[lang]:
            existing = tip.text_in(lang)
            if existing is not None:
                tip.texts.remove(existing)
            continue
        _set_text(tip, lang, cleaned[lang], TextStatus.REVIEWED if lang in reviewed else TextStatus.MACHINE, who,
                  now)
    tip.topic, tip.status, tip.original = topic, TipStatus.APPROVED, None
    tip.reviewed_by, tip.reviewed_at = who, now
    session.flush()


def reject(session: Session, tip: Tip, who: str, now: dt.datetime) -> None:
    """Never show this tip; its original words and texts go (the caller commits)."""
    session.execute(delete(TipText).where(TipText.tip_id == tip.id))
    session.expire(tip, ["texts"])
    tip.status, tip.original = TipStatus.REJECTED, None
    tip.reviewed_by, tip.reviewed_at = who, now
    session.flush()


def machine_translate(session: Session, tip: Tip, translator: Translator, who: str, now: dt.datetime) -> list[str]:
    """Fill the languages an approved tip lacks (or has outdated) by machine, marked `machine`.

    Returns:
        The languages filled.
    """
    source = tip.text_in(tip.lang)
    if tip.status != TipStatus.APPROVED or source is None:
        return []
    filled = []
    for lang in LANGUAGES:
        if lang == tip.lang or tip.status_of(lang) not in (None, TextStatus.OUTDATED):
            continue
        text = translator.translate(str(source.text), tip.lang, lang)
        if text:
            _set_text(tip, lang, text[:TIP_LENGTH], TextStatus.MACHINE, who, now)
            filled.append(lang)
    session.flush()
    return filled


@dataclass(frozen=True)
class Numbers:
    """Tips, for the monitoring page (all time, no person)."""

    given: int
    waiting: int
    approved: int
    rejected: int
    shown: int


def numbers(session: Session) -> Numbers:
    """How many tips were given, wait for review, are approved or rejected, and how often tips were shown."""
    def count(status: str) -> int:
        return int(session.execute(select(func.count()).select_from(Tip).where(Tip.status == status)).scalar_one())

    waiting, approved, rejected = (count(s) for s in TipStatus.ALL)
    shown = int(session.execute(select(func.coalesce(func.sum(Tip.shown_count), 0))).scalar_one())
    return Numbers(waiting + approved + rejected, waiting, approved, rejected, shown)

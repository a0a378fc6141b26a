"""The first reply to a crisis message, and the flag for the caseworker during a check-in."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.conversation.replies import Reply
from wegwijz.crisis.detect import KIND_ARTICLE, Detection
from wegwijz.journey.models import CheckIn, Flag, Newcomer, utcnow
from wegwijz.kennisbank.model import Kennisbank
from wegwijz.texts import say

FLAG_RULE = "crisis"
"""The `Flag.rule` of a crisis message during a check-in."""

FLAG_REASONS = {
    "medical": "medisch noodgeval",
    "danger": "acuut gevaar",
    "violence": "geweld thuis",
    "child_abuse": "zorgen om de veiligheid van een kind",
    "suicide": "gedachten aan zelfdoding",
    None: "een mogelijke noodsituatie",
}
"""How the flag names the kind of crisis for the caseworker (Dutch, like every flag)."""


def crisis_replies(kb: Kennisbank, detection: Detection | None, lang: str, form_paused: bool = False,
                   caseworker_told: bool = False) -> list[Reply]:
    """The emergency numbers at once, then the article for this kind of crisis, in one message.

    Args:
        kb: the kennisbank (the article text is read live, so editors' corrections count at once).
        detection: why the message is a crisis; None when only the NLU model said so.
        lang: the language to answer in.
        form_paused: whether an intake or check-in was paused for this message.
        caseworker_told: whether a flag for the caseworker was raised.
    """
    # One line break only: channels send each paragraph as its own message, and the numbers belong in the first.
    parts = [say("crisis_intro", lang) + "\n" + say("crisis_card", lang)]
    article = kb.articles.get(KIND_ARTICLE[detection.kind]) if detection else None
    if article is not None:
        tr = article.translations[lang]
        parts.append(f"{say('crisis_more', lang)}\n\n**{tr.title}**\n\n{tr.body}")
    if caseworker_told:
        parts.append(say("crisis_caseworker_told", lang))
    if form_paused:
        parts.append(say("crisis_form_paused", lang))
    custom: dict[str, object] = {"crisis": {"kind": detection.kind if detection else None}}
    if article is not None:
        custom["source"] = {"article": article.id, "lang": lang, "status": article.status(lang).value}
    return [Reply("\n\n".join(parts), custom=custom)]


def unsure_replies(detection: Detection, lang: str, in_form: bool = False) -> list[Reply]:
    """The emergency numbers first, when only the classifier thinks (unsure) it may be a crisis.

    The answer to the message follows these (the caller adds it): a false alarm costs one card, a
    missed crisis can cost a life.
    """
    after = say("crisis_unsure_continue" if in_form else "crisis_unsure_answer", lang)
    text = "\n".join((say("crisis_unsure_intro", lang), say("crisis_card", lang), after))
    return [Reply(text, custom={"crisis": {"kind": detection.kind, "unsure": True}})]


def raise_flag(session: Session, newcomer: Newcomer, checkin: CheckIn | None, detection: Detection | None,
               now: dt.datetime | None = None) -> Flag | None:
    """A flag for the caseworker: a crisis message came in (at most one open per check-in).

    Returns:
        The new flag, or None when an open crisis flag for this check-in already exists.
    """
    checkin_id = checkin.id if checkin else None
    open_flag = session.execute(
        select(Flag.id).where(Flag.newcomer_id == newcomer.id, Flag.rule == FLAG_RULE, Flag.handled_at.is_(None),
                              Flag.checkin_id.is_(None) if checkin_id is None else Flag.checkin_id == checkin_id)
    ).first()
    if open_flag is not None:
        return None
    kind = detection.kind if detection else None
    flag = Flag(newcomer_id=newcomer.id, checkin_id=checkin_id, rule=FLAG_RULE, created_at=now or utcnow(),
                reason=f"Stuurde tijdens de check-in een bericht over {FLAG_REASONS[kind]}. "
                       "De noodnummers zijn getoond; neem snel contact op.")
    session.add(flag)
    session.flush()
    return flag

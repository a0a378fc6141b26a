"""Giving a tip: after the two-year check-in, ask whether the tip may be shared, and kept after erasure.

The check-in already asks for tips (`checkin_tips`, stored for the caseworker). Showing that answer
to other people is another purpose, so it needs its own yes: the end of the check-in offers two
buttons, and only on "share" is a tip made, waiting for an editor. A second question asks whether
the reviewed, anonymous text may stay when the giver later erases their data; without a yes it goes.
Both are buttons only: a typed "ja" may answer something else, and consent is never guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.conversation.replies import Button, Reply
from wegwijz.journey import audit
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn, CheckInAnswer, Newcomer
from wegwijz.journey.newcomers import find_by_sender
from wegwijz.language.normalise import normalise
from wegwijz.texts import say
from wegwijz.tips.models import Tip, TipStatus
from wegwijz.tips.words import KEEP_NO, KEEP_YES, SHARE_NO, SHARE_YES, TipCommand

TIPS_QUESTION = "checkin_tips"
"""The two-year check-in question whose answer is the tip."""
QUOTE_LENGTH = 160
"""The tip as quoted back in the question."""
ACTOR = "newcomer"
"""Who, in the audit trail, shared a tip."""
SHARED = "chat: tip gedeeld voor nieuwe nieuwkomers"
WITHDRAWN = "chat: tip niet meer gedeeld"
KEEP_CHOSEN = "chat: keuze bewaren tip na wissen"

NO_TIP = frozenset(normalise(w) for w in (
    "nee", "geen", "geen tips", "niets", "weet ik niet", "no", "none", "nothing", "no tips", "don't know",
    "لا", "لا شيء", "لا يوجد", "لا اعرف", "ኣይፋል", "የለን", "ዋላ ሓንቲ", "ኣይፈልጥን",
))
"""Answers to the tips question that are no tip: nothing to offer for sharing."""


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def _is_a_tip(answer: CheckInAnswer | None) -> bool:
    if answer is None or answer.skipped or not answer.value:
        return False
    return normalise(answer.value).strip(" .!") not in NO_TIP


def _tips_answer(checkin: CheckIn) -> CheckInAnswer | None:
    return next((a for a in checkin.answers if a.question == TIPS_QUESTION), None)


def _tip_of(session: Session, checkin: CheckIn) -> Tip | None:
    return session.execute(select(Tip).where(Tip.checkin_id == checkin.id)).scalar_one_or_none()


def share_question(tip_text: str, lang: str) -> Reply:
    """May the tip be shown to new newcomers? Two buttons."""
    return Reply(say("tips_share_question", lang, tip=_quote(tip_text)),
                 (Button(say("tips_share_yes", lang), SHARE_YES.payload),
                  Button(say("tips_share_no", lang), SHARE_NO.payload)))


def keep_question(lang: str) -> Reply:
    """May the reviewed anonymous text stay after an erasure? Two buttons."""
    return Reply(say("tips_keep_question", lang),
                 (Button(say("tips_keep_yes", lang), KEEP_YES.payload),
                  Button(say("tips_keep_no", lang), KEEP_NO.payload)))


def offer(session: Session, sender_id: str, checkin_id: Any, lang: str) -> list[Reply]:
    """At the end of a check-in: the share question, when it is the two-year one and its answer is a tip.

    Args:
        session: the database session.
        sender_id: the chat address.
        checkin_id: the check-in that just ended (the `checkin_id` slot).
        lang: the language of the turn.
    """
    newcomer = find_by_sender(session, sender_id)
    if newcomer is None or checkin_id is None:
        return []
    checkin = session.get(CheckIn, int(checkin_id))
    if (checkin is None or checkin.newcomer_id != newcomer.id or checkin.kind != CheckInKind.TWO_YEARS
            or checkin.state != CheckInState.ANSWERED or _tip_of(session, checkin) is not None):
        return []
    answer = _tips_answer(checkin)
    if not _is_a_tip(answer):
        return []
    return [share_question(str(answer.value), lang)]  # type: ignore[union-attr]


def _latest_tip_checkin(newcomer: Newcomer) -> CheckIn | None:
    found = [c for c in newcomer.checkins if c.kind == CheckInKind.TWO_YEARS and _is_a_tip(_tips_answer(c))]
    return found[-1] if found else None


def _senders(newcomer: Newcomer | None, sender_id: str) -> tuple[str, ...]:
    return tuple(i.sender_id for i in newcomer.identities) if newcomer else (sender_id,)


def tips_of(session: Session, senders: tuple[str, ...]) -> list[Tip]:
    """The tips given from these chat addresses, newest last."""
    return list(session.execute(select(Tip).where(Tip.sender_id.in_(senders)).order_by(Tip.given_at, Tip.id))
                .scalars())


def share(session: Session, sender_id: str, lang: str, now: dt.datetime) -> list[Reply]:
    """The giver said "share": the tip waits for an editor; then the question about keeping it."""
    newcomer = find_by_sender(session, sender_id)
    checkin = _latest_tip_checkin(newcomer) if newcomer is not None else None
    if newcomer is None or checkin is None:
        return [Reply(say("tips_nothing_to_share", lang))]
    if _tip_of(session, checkin) is not None:  # the button pressed twice
        return [Reply(say("tips_already_shared", lang)), keep_question(lang)]
    answer = _tips_answer(checkin)
    assert answer is not None and answer.value
    tip = Tip(sender_id=sender_id, checkin_id=checkin.id, lang=answer.lang or lang, original=answer.value,
              status=TipStatus.WAITING, keep_after_erasure=False, given_at=now, version=1, shown_count=0)
    session.add(tip)
    session.flush()
    audit.record(session, ACTOR, SHARED, int(newcomer.id), f"tip #{tip.id}", now)
    return [Reply(say("tips_shared", lang)), keep_question(lang)]


def do_not_share(session: Session, sender_id: str, lang: str, now: dt.datetime) -> list[Reply]:
    """The giver said "don't share": a tip that still waits for review is taken back."""
    newcomer = find_by_sender(session, sender_id)
    waiting = [t for t in tips_of(session, _senders(newcomer, sender_id)) if t.status == TipStatus.WAITING]
    for tip in waiting:
        session.delete(tip)  # its texts go with it (cascade)
        audit.record(session, ACTOR, WITHDRAWN, int(newcomer.id) if newcomer else None, f"tip #{tip.id}", now)
    session.flush()
    return [Reply(say("tips_not_shared", lang))]


def choose_keep(session: Session, sender_id: str, keep: bool, lang: str, now: dt.datetime) -> list[Reply]:
    """The giver's answer to "may the anonymous text stay after an erasure?" (for their newest tip)."""
    newcomer = find_by_sender(session, sender_id)
    tips = tips_of(session, _senders(newcomer, sender_id))
    if not tips:
        return [Reply(say("tips_nothing_to_share", lang))]
    tip = tips[-1]
    tip.keep_after_erasure = keep
    audit.record(session, ACTOR, KEEP_CHOSEN, int(newcomer.id) if newcomer else None,
                 f"tip #{tip.id}: {'ja' if keep else 'nee'}", now)
    session.flush()
    return [Reply(say("tips_keep_chosen_yes" if keep else "tips_keep_chosen_no", lang))]


def respond(session: Session, sender_id: str, command: TipCommand, lang: str, now: dt.datetime) -> list[Reply]:
    """The replies to one of the sharing buttons (the caller commits)."""
    if command is SHARE_YES:
        return share(session, sender_id, lang, now)
    if command is SHARE_NO:
        return do_not_share(session, sender_id, lang, now)
    return choose_keep(session, sender_id, command is KEEP_YES, lang, now)

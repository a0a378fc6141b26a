"""Fictional newcomers who answered the two-year check-in with a tip, and approved tips to show."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from wegwijz.journey import checkins, intake
from wegwijz.journey.constants import CheckInKind, CheckInState
from wegwijz.journey.models import CheckIn
from wegwijz.tips import giving, review
from wegwijz.tips.models import Tip

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone.utc)
TWO_YEARS_AGO = NOW - dt.timedelta(days=731)


def answered_two_year_checkin(session: Session, sender_id: str, lang: str, tip: str | None) -> CheckIn:
    """A newcomer (intake two years ago) whose two-year check-in is answered, with `tip` (None: skipped)."""
    newcomer = intake.begin(session, sender_id, lang, TWO_YEARS_AGO)
    checkin = next(c for c in newcomer.checkins if c.kind == CheckInKind.TWO_YEARS)
    checkin.state, checkin.sent_at, checkin.sent_to = CheckInState.SENT, NOW - dt.timedelta(days=1), sender_id
    checkins.save_answer(session, checkin, "checkin_how_going", "good", lang, NOW)
    checkins.save_answer(session, checkin, "checkin_tips", tip if tip is not None else "__skipped__", lang, NOW)
    checkins.complete(checkin, NOW)
    session.commit()
    return checkin


def shared_tip(session: Session, sender_id: str, lang: str, words: str, keep: bool = False) -> Tip:
    """A tip given and shared through the chat (waiting for review), with the keep choice made."""
    answered_two_year_checkin(session, sender_id, lang, words)
    giving.share(session, sender_id, lang, NOW)
    giving.choose_keep(session, sender_id, keep, lang, NOW)
    session.commit()
    [tip] = giving.tips_of(session, (sender_id,))
    return tip


def approved_tip(session: Session, sender_id: str, lang: str, words: str, topic: str,
                 translations: dict[str, str] | None = None, reviewed: set[str] | None = None,
                 keep: bool = False) -> Tip:
    """A shared tip an editor approved with `topic` (and translations, `machine` unless in `reviewed`)."""
    tip = shared_tip(session, sender_id, lang, words, keep)
    review.approve(session, tip, topic, {lang: words, **(translations or {})}, reviewed or set(),
                   "redacteur.bram", NOW)
    session.commit()
    return tip

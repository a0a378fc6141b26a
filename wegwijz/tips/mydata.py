"""The person's tips in the registry of personal data: export, erasure, /mijngegevens.

Erasure removes every link between a tip and its giver. The tip itself goes, unless the giver said
yes to keeping it and an editor approved it: then only the reviewed, anonymous texts stay (no chat
address, no check-in, no original words), which nobody can trace back to them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.contract.personal_data import Feature, Senders
from wegwijz.db.moments import utcnow
from wegwijz.texts import say
from wegwijz.tips.models import Tip, TipStatus


def _tips(session: Session, senders: Senders) -> list[Tip]:
    return list(session.execute(select(Tip).where(Tip.sender_id.in_(senders)).order_by(Tip.given_at, Tip.id))
                .scalars())


def erase(session: Session, senders: Senders) -> dict[str, int]:
    """Delete the person's tips, or anonymise the approved ones they agreed to keep (the caller commits)."""
    deleted = anonymised = 0
    for tip in _tips(session, senders):
        if tip.keep_after_erasure and tip.status == TipStatus.APPROVED:
            tip.sender_id, tip.checkin_id, tip.original, tip.anonymised_at = None, None, None, utcnow()
            anonymised += 1
        else:
            session.delete(tip)  # its texts go with it (cascade)
            deleted += 1
    session.flush()
    counts = {}
    if deleted:
        counts["tips"] = deleted
    if anonymised:
        counts["tips_anonymised"] = anonymised
    return counts


def export(session: Session, senders: Senders) -> dict[str, list[dict[str, Any]]]:
    """The person's tips, column by column, each with its texts per language."""
    rows = []
    for tip in _tips(session, senders):
        row = {column.name: getattr(tip, column.name) for column in Tip.__table__.columns}
        row["texts"] = [{"lang": t.lang, "text": t.text, "status": tip.status_of(t.lang)} for t in tip.texts]
        rows.append(row)
    return {"tips": rows} if rows else {}


def _shown_text(tip: Tip) -> str:
    source = tip.text_in(tip.lang)
    text = " ".join(str(tip.original or (source.text if source else "")).split())
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


def describe(session: Session, senders: Senders, lang: str) -> list[str]:
    """The person's tips, one line each, in their language."""
    tips = _tips(session, senders)
    if not tips:
        return []
    return [say("tips_mydata", lang, count=len(tips)),
            *(say("tips_mydata_line", lang, tip=_shown_text(t), state=say(f"tips_state_{t.status}", lang),
                  keep=say("tips_mydata_keep_yes" if t.keep_after_erasure else "tips_mydata_keep_no", lang))
              for t in tips)]


FEATURE = Feature("tips", (Tip.__table__,), erase, export, describe)
"""Tips are kept by chat address; `tip_texts` hang off them (and go with them, or stay anonymous)."""

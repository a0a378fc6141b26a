"""How many voice messages went out, per language and channel: counts only, no addresses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from wegwijz.db.moments import utcnow
from wegwijz.voice.models import VoiceSent


def record(session: Session, lang: str, channel: str, article_id: str, now: dt.datetime | None = None) -> None:
    """Count one voice message sent (the caller commits)."""
    session.add(VoiceSent(lang=lang, channel=channel, article_id=article_id, sent_at=now or utcnow()))


def record_payload(session: Session, channel: str, payload: dict[str, object]) -> None:
    """Count the voice message of an outbox payload, if it is one (the caller commits)."""
    voice = payload.get("voice")
    if isinstance(voice, dict) and voice.get("lang") and voice.get("article"):
        record(session, str(voice["lang"]), channel, str(voice["article"]))


def per_language(session: Session, start: dt.datetime, end: dt.datetime) -> dict[str, dict[str, int]]:
    """Voice messages sent from `start` up to (not including) `end`: language → channel → count."""
    rows = session.execute(
        select(VoiceSent.lang, VoiceSent.channel, func.count())
        .where(VoiceSent.sent_at >= start, VoiceSent.sent_at < end)
        .group_by(VoiceSent.lang, VoiceSent.channel)).all()
    result: dict[str, dict[str, int]] = defaultdict(dict)
    for lang, channel, count in rows:
        result[str(lang)][str(channel)] = int(count)
    return dict(result)

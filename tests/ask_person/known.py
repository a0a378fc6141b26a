"""Questions to a person, asked through the real conversation code (confirm, then yes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from wegwijz.humanhelp import asking
from wegwijz.humanhelp.office_hours import OfficeHours

HOURS = OfficeHours.parse("1-5 09:00-17:00", 2)
WEDNESDAY_MORNING = dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.timezone.utc)  # 10:30 in Zeist
SATURDAY_NIGHT = dt.datetime(2026, 12, 5, 22, 0, tzinfo=dt.timezone.utc)


def events(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    """Rasa events from ("user" | "bot", text) pairs, with the noise a tracker has around them."""
    found: list[dict[str, Any]] = [{"event": "action", "name": "action_session_start"}]
    for kind, text in turns:
        found.append({"event": kind, "text": text})
        if kind == "user":
            found.append({"event": "action", "name": "action_answer"})
    return found


def conversation_up_to_yes(question: str) -> list[dict[str, Any]]:
    """A decline, the "ask a person" button, the confirmation, and the yes."""
    return events(("user", "hallo"), ("bot", "Welkom!"), ("user", question), ("bot", "Dat weet ik helaas niet."),
                  ("user", "/mens"), ("bot", "Zal ik je vraag sturen?"), ("user", "/mens_ja"))


def ask(session: Session, sender_id: str, question: str, lang: str = "nl",
        now: dt.datetime = WEDNESDAY_MORNING) -> int:
    """Ask a person through the conversation; the new question's id (committed)."""
    replies = asking.respond(session, sender_id, "/mens_ja", conversation_up_to_yes(question), lang, HOURS, now)
    assert replies and replies[0].custom, replies
    session.commit()
    return int(replies[0].custom["ask_person"]["question"])

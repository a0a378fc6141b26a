"""What editors should write next: the questions the assistant could not answer, and those behind a 👎.

Nothing new is stored for this. The questions are read, when the page is opened, from Rasa's own
conversation history (the tracker store's `events` table in our database), which /verwijder erases and
the retention job trims (`wegwijz/retention.py`); so a question disappears with the person's data.
Only the text leaves this module, counted per identical text and language: never a sender id, a
channel, a time finer than the day, or what else the person said. Long numbers (a BSN, a phone
number), e-mail addresses and links are blanked, and a long message is cut.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

TRACKER_TABLE = "events"
"""Rasa's SQL tracker store table (the same name `wegwijz.journey.rights` erases from)."""
FEEDBACK_NO = "feedback_no"
"""The intent of the 👎 button."""
MAX_SHOWN = 300
"""Characters of a question shown; a long story is cut (the editors need the question, not the life)."""

_NUMBER = re.compile(r"(?<![0-9])(?:\+|00)?[0-9](?:[0-9 .\-]{4,}[0-9])(?![0-9])")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
REDACTED_NUMBER = "[nummer]"
REDACTED_EMAIL = "[e-mail]"
REDACTED_LINK = "[link]"


def scrub(message: str) -> str:
    """The question without numbers of six digits or more, e-mail addresses and links; cut when long."""
    message = _EMAIL.sub(REDACTED_EMAIL, message)
    message = _LINK.sub(REDACTED_LINK, message)
    message = _NUMBER.sub(lambda m: REDACTED_NUMBER if sum(c.isdigit() for c in m.group(0)) >= 6 else m.group(0),
                          message)
    message = " ".join(message.split())
    return message if len(message) <= MAX_SHOWN else message[:MAX_SHOWN].rstrip() + " …"


@dataclass(frozen=True)
class OpenQuestion:
    """One question text, how often it was asked, in which language, and (for a 👎) about which article."""

    text: str
    lang: str
    count: int
    last_day: dt.date
    article: str | None = None


@dataclass
class _Asked:
    text: str
    lang: str
    day: dt.date


def _events(connection: Connection, since: dt.datetime) -> Iterable[tuple[str, str, str | None, str]]:
    if not inspect(connection).has_table(TRACKER_TABLE):
        return []  # Rasa never ran on this database
    rows = connection.execute(
        text(f"SELECT sender_id, type_name, intent_name, data FROM {TRACKER_TABLE} "
             "WHERE type_name IN ('user', 'bot') AND \"timestamp\" >= :since ORDER BY sender_id, id"),
        {"since": since.timestamp()},
    )
    return [(str(sender), str(kind), intent, str(data or "")) for sender, kind, intent, data in rows]


def _day(event: dict[str, Any]) -> dt.date:
    return dt.datetime.fromtimestamp(float(event.get("timestamp") or 0), dt.timezone.utc).date()


def _language(event: dict[str, Any]) -> str:
    metadata = event.get("metadata") or {}
    return str(metadata.get("language") or "?")


def collect(connection: Connection, since: dt.datetime) -> tuple[list[OpenQuestion], list[OpenQuestion]]:
    """(questions answered with "I don't know", questions whose answer got a 👎), most asked first.

    Each conversation is read in order: a user message that is not a command is the question in hand;
    a reply marked `fallback` means it was not answered; a reply that names an article is an answer,
    and a 👎 right after it counts against the question that answer was for.
    """
    unanswered: dict[tuple[str, str], list[dt.date]] = defaultdict(list)
    disliked: dict[tuple[str, str, str], list[dt.date]] = defaultdict(list)
    sender = None
    asked: _Asked | None = None
    answered: tuple[_Asked, str] | None = None
    for sender_id, kind, intent, data in _events(connection, since):
        if sender_id != sender:
            sender, asked, answered = sender_id, None, None
        try:
            event = json.loads(data or "{}")
        except ValueError:
            continue
        if kind == "user":
            message = str(event.get("text") or "")
            if intent == FEEDBACK_NO and answered is not None:
                question, article = answered
                disliked[(question.text, question.lang, article)].append(question.day)
                answered = None
            elif message.strip() and not message.lstrip().startswith("/"):
                asked, answered = _Asked(scrub(message), _language(event), _day(event)), None
            continue
        custom = ((event.get("data") or {}).get("custom") or {}) if isinstance(event.get("data"), dict) else {}
        if asked is None or not isinstance(custom, dict):
            continue
        if custom.get("fallback"):
            unanswered[(asked.text, asked.lang)].append(asked.day)
            asked = None
        elif isinstance(custom.get("source"), dict) and custom["source"].get("article"):
            answered, asked = (asked, str(custom["source"]["article"])), None
    return (
        _ranked(OpenQuestion(t, lang, len(days), max(days)) for (t, lang), days in unanswered.items()),
        _ranked(OpenQuestion(t, lang, len(days), max(days), article) for (t, lang, article), days in disliked.items()),
    )


def _ranked(questions: Iterable[OpenQuestion]) -> list[OpenQuestion]:
    return sorted(questions, key=lambda q: (-q.count, -q.last_day.toordinal(), q.text))

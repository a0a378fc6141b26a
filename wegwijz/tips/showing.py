"""Showing tips to new newcomers: one after an answer on the same topic, and a few on request.

Only approved tips are shown, only in the person's language (the source, a reviewed translation, or an
unchecked one with the same mark articles get), and never who gave them. Tips already shown in this
conversation are not repeated; the least shown tip comes first, so every tip gets its turn. The count
of times shown is the only thing recorded (for the monitoring page): no person.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from wegwijz.conversation.replies import Reply
from wegwijz.texts import say
from wegwijz.tips import giving, words
from wegwijz.tips.models import TextStatus, Tip, TipStatus

log = logging.getLogger(__name__)

SHOWABLE = (TextStatus.SOURCE, TextStatus.REVIEWED, TextStatus.MACHINE)
"""An outdated translation is not shown: it may say something the reviewed tip no longer says."""
ON_REQUEST = 3
"""How many tips "tips" shows at once."""
NOT_AFTER_TOPICS = frozenset({"noodgeval"})
"""No tip under an emergency answer: nothing may come between a person and 112."""


def shown_in(events: Iterable[dict[str, Any]]) -> set[int]:
    """The tips the assistant has shown in this conversation (from its messages' custom payload)."""
    found: set[int] = set()
    for event in events:
        if event.get("event") != "bot":
            continue
        custom = (event.get("data") or {}).get("custom") or {}
        tip = custom.get("tip") if isinstance(custom, dict) else None
        if isinstance(tip, dict) and isinstance(tip.get("id"), int):
            found.add(tip["id"])
    return found


def available(session: Session, lang: str, topic: str | None = None, exclude: Iterable[int] = ()) -> list[Tip]:
    """Approved tips with a text fit to show in `lang` (of `topic`, when given), least shown first."""
    query = select(Tip).where(Tip.status == TipStatus.APPROVED).options(selectinload(Tip.texts))
    if topic is not None:
        query = query.where(Tip.topic == topic)
    skip = set(exclude)
    tips = session.execute(query.order_by(Tip.shown_count, Tip.id)).scalars()
    return [t for t in tips if t.id not in skip and t.status_of(lang) in SHOWABLE]


def _text(tip: Tip, lang: str) -> tuple[str, str]:
    text = tip.text_in(lang)
    assert text is not None
    return str(text.text), str(tip.status_of(lang))


def _shown(session: Session, tips: Sequence[Tip]) -> None:
    if tips:
        session.execute(update(Tip).where(Tip.id.in_([t.id for t in tips]))
                        .values(shown_count=Tip.shown_count + 1).execution_options(synchronize_session=False))


def tip_reply(tip: Tip, lang: str, intro_key: str | None) -> Reply:
    """One tip as the chat shows it: the words, the machine mark when unchecked, its id in the payload."""
    text, status = _text(tip, lang)
    body = f"«{text}»"
    if intro_key:
        body = say(intro_key, lang) + "\n\n" + body
    if status == TextStatus.MACHINE:
        body += "\n\n_" + say("machine_translation", lang) + "_"
    return Reply(body, custom={"tip": {"id": int(tip.id), "lang": lang, "status": status}})


def after_answer(session: Session, replies: Sequence[Reply], topic: str | None, lang: str,
                 events: Iterable[dict[str, Any]]) -> Reply | None:
    """At most one tip on the topic of the answer just given (the caller commits)."""
    if topic is None or topic in NOT_AFTER_TOPICS or any("crisis" in (r.custom or {}) for r in replies):
        return None
    found = available(session, lang, topic, shown_in(events))
    if not found:
        return None
    _shown(session, found[:1])
    return tip_reply(found[0], lang, "tips_after_answer")


def on_request(session: Session, lang: str, topic: str | None, events: Iterable[dict[str, Any]]) -> list[Reply]:
    """A few tips: first on the topic of the last answer, then others (the caller commits)."""
    seen = shown_in(events)
    first = available(session, lang, topic, seen) if topic else []
    rest = [t for t in available(session, lang, None, seen) if t not in first]
    chosen = (first + rest)[:ON_REQUEST]
    if not chosen:
        key = "tips_none_left" if available(session, lang) else "tips_none"
        return [Reply(say(key, lang))]
    _shown(session, chosen)
    return [Reply(say("tips_on_request", lang)), *(tip_reply(t, lang, None) for t in chosen)]


def respond(session: Session, sender_id: str, text: str | None, events: Iterable[dict[str, Any]], lang: str,
            topic: str | None, now: dt.datetime) -> list[Reply] | None:
    """The replies when the latest message is about tips (asking for them, or a sharing button); else None.

    Args:
        session: the database session (the caller commits).
        sender_id: the chat address.
        text: the latest message.
        events: the conversation's Rasa events.
        lang: the language of the turn.
        topic: the topic of the article answered last, if any.
        now: the moment.
    """
    command = words.command_of(text)
    if command is None:
        return None
    if command is words.TIPS:
        return on_request(session, lang, topic, events)
    return giving.respond(session, sender_id, command, lang, now)


def in_chat(session_factory: Any, sender_id: str, text: str | None, events: Iterable[dict[str, Any]], lang: str,
            topic: str | None = None, now: dt.datetime | None = None) -> list[Reply] | None:
    """`respond` for a chat turn, with its own session (commits)."""
    if words.command_of(text) is None:
        return None
    from wegwijz.db.moments import utcnow

    with session_factory() as session:
        replies = respond(session, sender_id, text, events, lang, topic, now or utcnow())
        session.commit()
    return replies


def in_chat_after_answer(session_factory: Any, replies: Sequence[Reply], topic: str | None, lang: str,
                         events: Iterable[dict[str, Any]]) -> Reply | None:
    """`after_answer` with its own session (commits)."""
    if topic is None or topic in NOT_AFTER_TOPICS:
        return None
    try:
        with session_factory() as session:
            reply = after_answer(session, replies, topic, lang, events)
            session.commit()
    except SQLAlchemyError:  # the answer goes out without a tip; a tip is never worth a failed answer
        log.warning("tips not readable; answered without a tip", exc_info=True)
        return None
    return reply

"""The chat side of "ask a person": offer, confirm, and only on the newcomer's yes, send.

Nothing is stored before the yes: the question and the last few turns are read from the
conversation (Rasa's tracker events) when the yes comes, so a "no" or silence leaves no trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wegwijz.conversation.replies import Button, Reply
from wegwijz.humanhelp import words
from wegwijz.humanhelp.models import PersonQuestion, QuestionStatus
from wegwijz.humanhelp.office_hours import OfficeHours, shown
from wegwijz.humanhelp.words import ASK_PERSON, ASK_PERSON_NO, ASK_PERSON_YES
from wegwijz.texts import say

LAST_TURNS = 6
"""How many messages before the question (the newcomer's and the assistant's) go with it."""
QUESTION_LENGTH = 2000
"""A longer question is cut here (the whole of it is in the turns anyway)."""
TURN_LENGTH = 1000
"""Each turn is cut here: the person who answers needs the gist, not a whole article."""
QUOTE_LENGTH = 120
"""The question as quoted back to the newcomer (confirmation, answer)."""
ACTOR = "newcomer"
"""Who, in the audit trail, sent a question (the same word as the journey's)."""
SENT = "chat: vraag aan een mens gestuurd"
"""The audit entry for a question sent with the newcomer's yes."""

Turn = dict[str, str]


def ask_button(lang: str) -> Button:
    """The "ask a person" button, under every decline and every "did you mean"."""
    return Button(say("ask_person_button", lang), ASK_PERSON.payload)


def with_ask_button(replies: Sequence[Reply], lang: str) -> list[Reply]:
    """`replies` with the "ask a person" button added to the last one."""
    if not replies:
        return []
    last = replies[-1]
    if any(b.payload == ASK_PERSON.payload for b in last.buttons):
        return list(replies)
    return [*replies[:-1], Reply(last.text, (*last.buttons, ask_button(lang)), last.custom)]


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    """A question shortened for quoting back."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def conversation(events: Iterable[dict[str, Any]]) -> list[Turn]:
    """The texts of a Rasa conversation, oldest first: `{"who": "newcomer" | "assistant", "text": ...}`."""
    turns: list[Turn] = []
    for event in events:
        text = (event.get("text") or "").strip()
        if not text:
            continue
        if event.get("event") == "user":
            turns.append({"who": "newcomer", "text": text})
        elif event.get("event") == "bot":
            turns.append({"who": "assistant", "text": text})
    return turns


def _is_question(text: str) -> bool:
    return not text.startswith("/") and words.command_of(text) is None


def question_and_context(turns: list[Turn]) -> tuple[str, list[Turn]] | None:
    """From the turns up to a yes: the question and the turns before the request for a person.

    The request is the newcomer's last "ask a person" before the yes. The question is what
    they typed after `/mens`, or else the last thing they asked before it. None when there
    was no request, or no question to send.
    """
    asks = [i for i, t in enumerate(turns) if t["who"] == "newcomer"
            and words.command_of(t["text"]) is ASK_PERSON]
    if not asks:
        return None
    at = asks[-1]
    before = turns[:at]
    question = words.rest_of(turns[at]["text"])
    if not question:
        asked = [t["text"] for t in before if t["who"] == "newcomer" and _is_question(t["text"])]
        if not asked:
            return None
        question = asked[-1]
    context = [{"who": t["who"], "text": t["text"][:TURN_LENGTH]} for t in before[-LAST_TURNS:]]
    return question[:QUESTION_LENGTH], context


def confirm(turns: list[Turn], lang: str) -> list[Reply]:
    """Ask for the yes (turns up to and including the request for a person)."""
    found = question_and_context(turns)
    if found is None:
        return [Reply(say("ask_person_what", lang))]
    return [Reply(say("ask_person_confirm", lang, question=quote(found[0])),
                  (Button(say("ask_person_yes", lang), ASK_PERSON_YES.payload),
                   Button(say("ask_person_no", lang), ASK_PERSON_NO.payload)))]


def own_caseworker(session: Session, sender_id: str) -> tuple[int | None, str | None]:
    """The newcomer linked to this chat address and their caseworker (an active portal account), if any."""
    from wegwijz.journey.newcomers import find_by_sender
    from wegwijz.portal.models import PortalUser

    newcomer = find_by_sender(session, sender_id)
    if newcomer is None:
        return None, None
    if not newcomer.caseworker:
        return int(newcomer.id), None
    account = session.execute(select(PortalUser).where(PortalUser.username == newcomer.caseworker)).scalar_one_or_none()
    active = account is not None and account.active and account.role in ("caseworker", "admin")
    return int(newcomer.id), (str(newcomer.caseworker) if active else None)


def when_text(hours: OfficeHours, now: dt.datetime, due: dt.datetime, lang: str) -> str:
    """Roughly when the answer comes, and whether the office is closed now."""
    if hours.is_open(now):
        return say("ask_person_when_open", lang, due=shown(due))
    return say("ask_person_when_closed", lang, opens=shown(hours.next_opening(now)), due=shown(due))


def send(session: Session, sender_id: str, turns: list[Turn], lang: str, hours: OfficeHours,
         now: dt.datetime) -> list[Reply]:
    """The newcomer said yes: store the question for a person and say who answers and when (the caller commits)."""
    from wegwijz.journey import audit

    found = question_and_context(turns)
    if found is None:
        return [Reply(say("ask_person_what", lang))]
    question, context = found
    already = session.execute(select(PersonQuestion).where(
        PersonQuestion.sender_id == sender_id, PersonQuestion.status == QuestionStatus.OPEN,
        PersonQuestion.question == question)).scalars().first()
    if already is not None:  # the yes pressed twice
        return [Reply(say("ask_person_already_sent", lang, due=shown(already.due_at)))]
    newcomer_id, caseworker = own_caseworker(session, sender_id)
    due = hours.answer_due(now)
    row = PersonQuestion(sender_id=sender_id, newcomer_id=newcomer_id, caseworker=caseworker, lang=lang,
                         question=question, transcript=context, status=QuestionStatus.OPEN, asked_at=now,
                         due_at=due)
    session.add(row)
    session.flush()
    audit.record(session, ACTOR, SENT, newcomer_id, f"vraag #{row.id}", now)
    lines = [say("ask_person_sent_own" if caseworker else "ask_person_sent_desk", lang),
             when_text(hours, now, due, lang)]
    if sender_id.startswith("web:"):
        lines.append(say("ask_person_web_note", lang))
    return [Reply("\n\n".join(lines), custom={"ask_person": {"question": int(row.id)}})]


def respond(session: Session, sender_id: str, text: str | None, events: Iterable[dict[str, Any]], lang: str,
            hours: OfficeHours, now: dt.datetime) -> list[Reply] | None:
    """The replies when the latest message is about asking a person; None when it is not (the caller commits).

    Args:
        session: the database session.
        sender_id: the chat address.
        text: the latest message.
        events: the conversation's Rasa events, the latest message included.
        lang: the language of the turn.
        hours: the office hours.
        now: the moment (tests pass their own clock).
    """
    command = words.command_of(text)
    if command is None:
        return None
    turns = conversation(events)
    if command is ASK_PERSON_NO:
        return [Reply(say("ask_person_cancelled", lang))]
    if command is ASK_PERSON:
        return confirm(turns, lang)
    return send(session, sender_id, turns[:-1], lang, hours, now)


def is_decline_or_suggestion(reply: Reply) -> bool:
    """Whether a reply is an honest "I don't know" or a "did you mean…?" (it gets the ask-a-person button)."""
    custom = reply.custom or {}
    return bool(custom.get("fallback")) or "suggestions" in custom


def offer_person(replies: Sequence[Reply], lang: str) -> list[Reply]:
    """The answer action's replies, with "ask a person" under a decline or a "did you mean…?"."""
    if replies and is_decline_or_suggestion(replies[-1]):
        return with_ask_button(replies, lang)
    return list(replies)


def in_chat(session_factory: Any, sender_id: str, text: str | None, events: Iterable[dict[str, Any]], lang: str,
            now: dt.datetime | None = None) -> list[Reply] | None:
    """`respond` for a chat turn, with its own session and the office hours of the settings (commits)."""
    if words.command_of(text) is None:
        return None
    from wegwijz.db.moments import utcnow
    from wegwijz.humanhelp.office_hours import from_settings

    with session_factory() as session:
        replies = respond(session, sender_id, text, events, lang, from_settings(), now or utcnow())
        session.commit()
    return replies

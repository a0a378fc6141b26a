"""End to end over REST through the real Rasa and action servers: a decline, "ask a person", yes, the inbox.

The model is the project's own (no intent of its own for this feature): the buttons' payloads and
the plain words reach the answer action, which asks for a yes before anything is stored.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from wegwijz import db
from wegwijz.humanhelp import asking
from wegwijz.humanhelp.models import PersonQuestion, QuestionStatus
from wegwijz.humanhelp.office_hours import from_settings
from wegwijz.texts import say

UNANSWERABLE = "Mag ik een papegaai houden in mijn huurhuis van Portaal?"


def _sender() -> str:
    return f"web:e2eperson{uuid.uuid4().hex[:10]}"


def _payloads(replies: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for r in replies for b in r.get("buttons", [])]


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def _questions(database_url: str, sender: str) -> list[PersonQuestion]:
    with db.session_factory(database_url)() as session:
        return list(session.execute(select(PersonQuestion).where(PersonQuestion.sender_id == sender)).scalars())


def test_a_decline_offers_a_person_and_only_yes_sends(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    sender = _sender()
    meta = {"language": "nl"}
    declined = rasa_stack.talk(sender, UNANSWERABLE, metadata=meta)
    assert "/mens" in _payloads(declined), declined
    confirm = rasa_stack.talk(sender, "/mens", metadata=meta)
    assert UNANSWERABLE in _texts(confirm) and _payloads(confirm) == ["/mens_ja", "/mens_nee"]
    assert _questions(rasa_stack.database_url, sender) == [], "nothing is sent before the yes"
    rasa_stack.talk(sender, "/mens_nee", metadata=meta)
    assert _questions(rasa_stack.database_url, sender) == []

    rasa_stack.talk(sender, "/mens", metadata=meta)
    sent = rasa_stack.talk(sender, "/mens_ja", metadata=meta)
    [question] = _questions(rasa_stack.database_url, sender)
    assert question.question == UNANSWERABLE and question.status == QuestionStatus.OPEN
    assert question.caseworker is None and question.lang == "nl"
    assert {"who": "newcomer", "text": UNANSWERABLE} in question.transcript
    assert any(t["who"] == "assistant" for t in question.transcript)
    text = _texts(sent)
    assert say("ask_person_sent_desk", "nl") in text
    assert asking.when_text(from_settings(), question.asked_at, question.due_at, "nl") in text
    assert say("ask_person_web_note", "nl") in text

    mine = _texts(rasa_stack.talk(sender, "/mijngegevens", metadata=meta))
    assert say("ask_person_mydata", "nl", count=1) in mine and "papegaai" in mine
    asked = rasa_stack.talk(sender, "/verwijder", metadata=meta)
    yes = next(b["payload"] for r in asked for b in r.get("buttons", [])
               if b["title"] == say("journey_erase_yes_button", "nl"))
    rasa_stack.talk(sender, yes, metadata=meta)
    assert _questions(rasa_stack.database_url, sender) == [], "/verwijder erases the questions"


def test_plain_words_in_arabic_and_tigrinya_ask_for_a_person(rasa_stack) -> None:  # type: ignore[no-untyped-def]
    for lang, question, words in (("ar", "هل يمكنني أن أربي ببغاء في بيتي المستأجر؟", "أريد التحدث مع شخص"),
                                  ("ti", "ኣብ ገዛይ ፓፓጋሎ ክሕዝ ይኽእል ድየ?", "ምስ ሰብ ክዛረብ እደሊ"),
                                  # A typed /mens on Telegram and WhatsApp loses its slash in the gateway.
                                  ("nl", "Mag ik een papegaai houden in mijn huurhuis?", "mens"),
                                  ("en", "May I keep a parrot in my rented flat?", "I want to talk to a person")):
        sender = _sender()
        rasa_stack.talk(sender, question, metadata={"language": lang})
        confirm = rasa_stack.talk(sender, words, metadata={"language": lang})
        assert _payloads(confirm) == ["/mens_ja", "/mens_nee"], (lang, confirm)
        assert say("ask_person_confirm", lang, question=asking.quote(question)) == confirm[0]["text"]
        sent = rasa_stack.talk(sender, "/mens_ja", metadata={"language": lang})
        assert say("ask_person_sent_desk", lang) in _texts(sent)
        assert [q.question for q in _questions(rasa_stack.database_url, sender)] == [question]

"""The web chat in a real browser against the real Rasa: ask a person, say yes, and see the answer come in.

The staff member's answer is given with the inbox's own function (the portal's route is tested in
`test_portal_inbox.py`); the chat page fetches it when it opens again.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.e2e.browser import ARTIFACTS
from tests.e2e.conftest import page_factory, webchat_url  # noqa: F401
from tests.e2e.test_webchat_browser import _bot_texts, _tap
from wegwijz import db
from wegwijz.humanhelp import inbox
from wegwijz.humanhelp.models import Delivery, PersonQuestion
from wegwijz.texts import say

QUESTION = "Mag ik een papegaai houden in mijn huurflat aan de Slotlaan?"


def test_ask_a_person_in_the_web_chat_and_read_the_answer_later(page_factory, webchat_url: str,  # type: ignore[no-untyped-def]  # noqa: F811
                                                                rasa_stack) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    # The first question after start loads the kennisbank matcher; a busy machine may need a second try.
    for attempt in range(3):
        try:
            rasa_stack.talk(f"web:warmup{attempt}", "Waar vind ik een huisarts?", timeout=120)
            break
        except Exception:  # noqa: BLE001 - Rasa's REST channel timed out while the matcher loaded
            continue
    page = page_factory()
    page.goto(webchat_url)
    page.locator("li.intro button", has_text="Nederlands").click()
    page.locator("li.msg.bot").nth(1).wait_for(timeout=60000)
    before = page.locator("li.msg.bot").count()
    page.fill("#message", QUESTION)
    page.press("#message", "Enter")
    page.locator("li.msg.bot").nth(before).wait_for(timeout=60000)
    confirm = _tap(page, say("ask_person_button", "nl"))
    assert QUESTION in confirm
    _tap(page, say("ask_person_yes", "nl"))
    sent = "\n".join(_bot_texts(page))  # the page may show the reply's paragraphs as bubbles of their own
    assert say("ask_person_sent_desk", "nl") in sent and say("ask_person_web_note", "nl") in sent
    page.screenshot(path=str(ARTIFACTS / "webchat-ask-a-person.png"))
    with db.session_factory(rasa_stack.database_url)() as session:
        question = session.execute(select(PersonQuestion).where(PersonQuestion.question == QUESTION)).scalar_one()
        inbox.answer(session, question, "Dat mag meestal; kijk in je huurcontract of vraag het Portaal.",
                     "klantmanager.anna", dt.datetime.now(dt.timezone.utc))
        session.commit()
        question_id = question.id
    page.reload()
    answer = page.locator("li.msg.bot", has_text="kijk in je huurcontract")
    answer.wait_for(timeout=30000)
    assert "papegaai" in answer.inner_text()
    page.screenshot(path=str(ARTIFACTS / "webchat-answer-from-a-person.png"))
    with db.session_factory(rasa_stack.database_url)() as session:
        assert session.get(PersonQuestion, question_id).delivery == Delivery.WEB_SHOWN
    page.reload()  # kept in the page's own transcript, and not fetched twice
    page.locator("li.msg.bot").last.wait_for()
    assert sum("kijk in je huurcontract" in t for t in _bot_texts(page)) == 1

"""Questions without a good answer, for editors: from real conversations with the real Rasa, seen in chromium.

Newcomers talk to the running assistant (Rasa + action server, `tests/rasa_stack.py`): a question it cannot
answer, and an answer that gets a 👎. The portal, on the same database, shows the editor those questions —
the text only: no sender id, no phone number — and a person's questions go when they erase their data.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.portal import test_browser as portal_browser
from tests.portal.conftest import PASSWORD, USERNAMES, add_user
from tests.portal.test_browser import _shot
from tests.rasa_stack import RasaStack, free_port
from wegwijz import db
from wegwijz.portal.roles import Role
from wegwijz.texts import say
from wegwijz.web.app import create_app

pytestmark = portal_browser.pytestmark
browser = portal_browser.browser

PHONE_NUMBER = "0612345678"
UNANSWERABLE = (  # questions about things the kennisbank does not cover; the test uses those Rasa declined
    f"Mag ik een kameel houden in mijn tuin in Zeist? Bel me op {PHONE_NUMBER}",
    f"Waar kan ik in Zeist mijn zeilboot laten overwinteren? Mijn nummer is {PHONE_NUMBER}",
    f"Welke kleur moet mijn voordeur hebben volgens de gemeente? {PHONE_NUMBER}",
)
DISLIKED = "hoe vind ik een huisarts in Zeist"


@pytest.fixture(scope="module")
def portal_url(rasa_stack: RasaStack) -> Iterator[str]:
    """The portal (waitress in a thread) on the assistant's own database, with an editor's account."""
    from waitress.server import create_server

    with db.session_factory(rasa_stack.database_url)() as session:
        add_user(session, USERNAMES["editor"], Role.EDITOR)
        session.commit()
    settings = dataclasses.replace(rasa_stack.settings, web_port=free_port(),
                                   secret_key="open-questions-test-secret-key-long-enough")
    server = create_server(create_app(settings), host="127.0.0.1", port=settings.web_port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{settings.web_port}"
    finally:
        server.close()


def _talk(rasa_stack: RasaStack, sender: str, text: str) -> list[dict[str, Any]]:
    return rasa_stack.talk(sender, text, metadata={"language": "nl"})


def _declined(replies: list[dict[str, Any]]) -> bool:
    return any((r.get("custom") or {}).get("fallback") for r in replies)


def _answered_with(replies: list[dict[str, Any]]) -> str | None:
    return next(((r["custom"]["source"]["article"]) for r in replies if (r.get("custom") or {}).get("source")), None)


def _sign_in(browser, portal_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{portal_url}/portal/login")
    page.fill("#username", USERNAMES["editor"])
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def test_editor_sees_the_questions_without_a_good_answer_as_text_only(
        browser, rasa_stack: RasaStack, portal_url: str) -> None:  # type: ignore[no-untyped-def]
    senders = []
    declined = []
    for question in UNANSWERABLE:
        sender = f"web:{uuid.uuid4().hex}"
        senders.append(sender)
        if _declined(_talk(rasa_stack, sender, question)):
            declined.append(question)
    assert declined, "the assistant answered every question the test took for unanswerable"
    disliking = f"web:{uuid.uuid4().hex}"
    senders.append(disliking)
    assert _answered_with(_talk(rasa_stack, disliking, DISLIKED)) == "huisarts"
    _talk(rasa_stack, disliking, "/feedback_no")

    page = _sign_in(browser, portal_url)
    page.goto(f"{portal_url}/portal/kennisbank")
    page.click("text=Vragen zonder goed antwoord")
    unanswered = page.locator("#niet-beantwoord td.question").all_inner_texts()
    for question in declined:
        assert question.replace(PHONE_NUMBER, "[nummer]") in unanswered
    behind_thumbs_down = page.locator("#duim-omlaag tbody tr", has_text=DISLIKED)
    assert behind_thumbs_down.count() == 1
    assert "huisarts" in behind_thumbs_down.locator("a").inner_text()  # the article that answered, linked
    html = page.content()
    assert PHONE_NUMBER not in html
    assert not any(sender in html or sender.removeprefix("web:") in html for sender in senders)
    _shot(page, "editor-vragen-zonder-goed-antwoord")

    # The person erases their data (/verwijder): their question is gone from the editors' page too.
    question = _talk(rasa_stack, disliking, "/verwijder")
    yes = next(b["payload"] for r in question for b in r.get("buttons") or []
               if b["title"] == say("journey_erase_yes_button", "nl"))
    assert [r.get("text") for r in _talk(rasa_stack, disliking, yes)] == [say("journey_erased", "nl")]
    for _ in range(60):  # the conversation's last events are erased just after the turn that asked for it
        page.reload()
        if page.locator("#duim-omlaag tbody tr", has_text=DISLIKED).count() == 0:
            break
        page.wait_for_timeout(500)
    assert page.locator("#duim-omlaag tbody tr", has_text=DISLIKED).count() == 0
    assert all(question.replace(PHONE_NUMBER, "[nummer]") in page.locator("#niet-beantwoord").inner_text()
               for question in declined)  # the others' questions stay
    page.context.close()

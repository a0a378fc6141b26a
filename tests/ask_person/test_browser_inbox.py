"""The inbox in a real browser (Debian's chromium via Playwright): a caseworker answers, an editor sees the gap.

Uses the portal's live server and browser fixtures (`tests/portal/test_browser.py`); screenshots
go to `test-artifacts/portal/`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.ask_person.known import ask
from tests.portal.conftest import add_user
from tests.portal.test_browser import CHROMIUM, LivePortal, _shot, browser, live_portal, page_for  # noqa: F401
from wegwijz import db
from wegwijz.humanhelp.models import Delivery, PersonQuestion
from wegwijz.portal.roles import Role

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing: run `make browser-deps`")

ARABIC = "كيف أحصل على دراجة من البلدية؟"
TIGRINYA = "ብሽክለታ ከመይ ይረክብ?"


@pytest.fixture(scope="module")
def asked(live_portal: LivePortal) -> dict[str, int]:  # noqa: F811
    with db.session_factory(live_portal.database_url)() as session:
        add_user(session, "klantmanager.dirk", Role.CASEWORKER)  # Tesfay's caseworker must have an account
        session.commit()
        return {"amal": ask(session, "tg:1001", ARABIC, "ar"),            # Anna's own newcomer
                "tesfay": ask(session, "wa:31600000001", TIGRINYA, "ti"),  # Dirk's: not on Anna's list
                "desk": ask(session, "web:abc123", "Mag ik een hond houden?", "nl")}


def test_a_caseworker_answers_a_question_and_marks_a_gap(page_for, live_portal: LivePortal,  # type: ignore[no-untyped-def]  # noqa: F811
                                                         asked: dict[str, int]) -> None:
    page = page_for("caseworker")
    page.click("nav >> text=Vragen")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Vragen aan een mens"
    listing = page.locator("#vragen").inner_text()
    assert ARABIC in listing and "Mag ik een hond houden?" in listing and TIGRINYA not in listing
    link = page.locator(f"#vragen a:has-text('{ARABIC}')")
    assert page.evaluate("(el) => getComputedStyle(el).direction", link.element_handle()) == "rtl"
    _shot(page, "caseworker-vragen")
    link.click()
    page.wait_for_load_state()
    assert page.locator("#vraag").inner_text() == ARABIC
    assert "Dat weet ik helaas niet." in page.locator("#gesprek").inner_text()
    page.fill("#answer", "اسأل في مكتب البلدية عن مشروع الدراجات.")
    page.click("text=Antwoord versturen")
    page.wait_for_load_state()
    assert "Antwoord opgeslagen" in page.locator(".messages").inner_text()
    assert page.locator("#gegeven-antwoord").inner_text() == "اسأل في مكتب البلدية عن مشروع الدراجات."
    page.fill("#note", "Fietsen voor nieuwkomers")
    page.click("text=Meld bij de redacteuren")
    page.wait_for_load_state()
    assert "Fietsen voor nieuwkomers" in page.locator("#meldingen").inner_text()
    _shot(page, "caseworker-vraag-beantwoord")
    with db.session_factory(live_portal.database_url)() as session:
        question = session.execute(select(PersonQuestion).where(PersonQuestion.id == asked["amal"])).scalar_one()
        assert (question.answered_by, question.delivery) == ("klantmanager.anna", Delivery.QUEUED)
    page.goto(f"{live_portal.url}/portal/monitoring")
    assert page.locator("#vragen-beantwoord").inner_text() == "1"
    assert page.locator("#vragen-ontbreekt").inner_text() == "1"

    editor = page_for("editor")
    editor.click("nav >> text=Ontbreekt")
    editor.wait_for_load_state()
    gaps = editor.locator("#ontbreekt").inner_text()
    assert "Fietsen voor nieuwkomers" in gaps and ARABIC not in editor.content()
    _shot(editor, "editor-ontbreekt-in-kennisbank")
    response = editor.goto(f"{live_portal.url}/portal/vragen/{asked['desk']}")
    assert response is not None and response.status == 403

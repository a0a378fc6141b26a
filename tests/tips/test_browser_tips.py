"""The tip review in a real browser (Debian's chromium via Playwright): an editor cleans up, translates, approves.

Uses the portal's live server and browser fixtures (`tests/portal/test_browser.py`); screenshots
go to `test-artifacts/portal/`.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.portal.test_browser import CHROMIUM, LivePortal, _shot, browser, live_portal, page_for  # noqa: F401
from tests.tips.known import shared_tip
from wegwijz import db
from wegwijz.tips.models import TextStatus, Tip, TipStatus

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing: run `make browser-deps`")

TIGRINYA = "ኣነ ሳባ እየ። ቋንቋ ሆላንድ ቀልጢፍኩም ተማሃሩ፡ ኣብ ቤት መጻሕፍቲ ናይ ቋንቋ ካፈ ኣሎ።"
CLEANED = "ቋንቋ ሆላንድ ቀልጢፍኩም ተማሃሩ፡ ኣብ ቤት መጻሕፍቲ ናይ ቋንቋ ካፈ ኣሎ።"


@pytest.fixture(scope="module")
def tip_id(live_portal: LivePortal) -> int:  # noqa: F811
    with db.session_factory(live_portal.database_url)() as session:
        return int(shared_tip(session, "tg:browsertip", "ti", TIGRINYA, keep=True).id)


def test_an_editor_reviews_a_tigrinya_tip(page_for, live_portal: LivePortal, tip_id: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    editor = page_for("editor")
    editor.click("nav >> text=Tips")
    editor.wait_for_load_state()
    assert editor.locator("h1").inner_text() == "Tips van eerdere nieuwkomers"
    assert "tg:browsertip" not in editor.content(), "who gave a tip is never shown"
    link = editor.locator("#tips-wachtend a").first
    assert TIGRINYA[:20] in link.inner_text()
    _shot(editor, "editor-tips")
    link.click()
    editor.wait_for_load_state()
    assert editor.locator("#tip-origineel").inner_text() == TIGRINYA
    assert editor.locator("#text_ti").input_value() == TIGRINYA, "the giver's words to start from"
    assert editor.evaluate("(el) => getComputedStyle(el).direction", editor.locator("#text_ar").element_handle()) \
        == "rtl"
    editor.fill("#text_ti", CLEANED)
    editor.select_option("#topic", "taal")
    editor.fill("#text_nl", "Leer snel Nederlands: in de bibliotheek is een taalcafé.")
    editor.check("#reviewed_nl")
    editor.fill("#text_en", "Learn Dutch early: the library has a language café.")
    _shot(editor, "editor-tip-nakijken")
    editor.click("#tip-form button[type=submit]")
    editor.wait_for_load_state()
    assert "Tip goedgekeurd" in editor.locator(".messages").inner_text()
    assert editor.locator("#tip-status").inner_text() == "Goedgekeurd"
    assert editor.locator("#tip-origineel").count() == 0, "the original words are gone after review"
    _shot(editor, "editor-tip-goedgekeurd")
    with db.session_factory(live_portal.database_url)() as session:
        tip = session.execute(select(Tip).where(Tip.id == tip_id)).scalar_one()
        assert (tip.status, tip.topic, tip.original) == (TipStatus.APPROVED, "taal", None)
        assert tip.text_in("ti").text == CLEANED  # type: ignore[union-attr]
        assert (tip.status_of("nl"), tip.status_of("en"), tip.status_of("ar")) == (
            TextStatus.REVIEWED, TextStatus.MACHINE, None)
    editor.click("nav >> text=Tips")
    editor.wait_for_load_state()
    assert "machinevertaling" in editor.locator("#tips-goedgekeurd").inner_text()
    caseworker = page_for("caseworker")
    response = caseworker.goto(f"{live_portal.url}/portal/tips/{tip_id}")
    assert response is not None and response.status == 403

"""The weekly tips in the portal in a real browser (Debian's chromium via Playwright): the newcomer's page
shows the opt-in, the monitoring page the counts.

Uses the portal's live server and browser fixtures (`tests/portal/test_browser.py`); screenshots go to
`test-artifacts/portal/`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.digest.conftest import MONDAY, sign_up
from tests.portal.test_browser import CHROMIUM, LivePortal, _shot, browser, live_portal, page_for  # noqa: F401
from wegwijz import db
from wegwijz.digest.sending import DigestRound, content_from
from wegwijz.journey.checkins import Schedule

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing: run `make browser-deps`")


def test_a_caseworker_sees_the_opt_in_and_the_counts(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    with db.session_factory(live_portal.database_url)() as session:
        sign_up(session, "tg:1001", "ar", MONDAY, children="/nieuws_kinderen_ja")  # Amal, Anna's newcomer
    DigestRound(db.session_factory(live_portal.database_url), content_from(live_portal.kennisbank),
                Schedule()).run_once(MONDAY + dt.timedelta(days=1))
    page = page_for("caseworker")
    page.goto(f"{live_portal.url}/portal/nieuwkomers/{live_portal.known.amal}")
    page.wait_for_load_state()
    status = page.locator("#weekbericht-status").inner_text()
    assert "tg:1001" in status and "aan" in status and "sinds 2027-04-19" in status and "1 bericht gestuurd" in status
    assert page.locator("#weekbericht-kop").inner_text() == "Weekbericht"
    page.locator("#weekbericht").scroll_into_view_if_needed()
    _shot(page, "caseworker-weekbericht")
    page.goto(f"{live_portal.url}/portal/monitoring?van=2027-04-01&tot=2027-04-30")
    page.wait_for_load_state()
    assert page.locator("#weekbericht").inner_text() == "Weekbericht (informatie op maat)"
    assert page.locator("#weekbericht-aangemeld").inner_text() == "1"
    assert page.locator("#weekbericht-gestuurd").inner_text() == "1"
    assert page.locator("#weekbericht-geopend").inner_text() == "0", "Telegram reports no reading"
    page.locator("#weekbericht-telling").scroll_into_view_if_needed()
    _shot(page, "monitoring-weekbericht")


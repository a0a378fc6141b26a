"""The partner pages in a real browser (Debian's chromium via Playwright): an admin adds an organisation and a
partner account, a partner reads a shared profile, the caseworker sees the choice, monitoring counts it.

Uses the portal's live server and browser fixtures (`tests/portal/test_browser.py`); screenshots go to
`test-artifacts/portal/`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.partners.known import HEALTH, LANGUAGES, PARTNERS, STORY, WORK, newcomer, organisations_with_partners
from tests.portal.conftest import USERNAMES
from tests.portal.test_browser import CHROMIUM, LivePortal, _shot, browser, live_portal, page_for  # noqa: F401
from wegwijz import db
from wegwijz.partners import sharing

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing: run `make browser-deps`")


@pytest.fixture(scope="module")
def shared(live_portal: LivePortal) -> dict[str, int]:  # noqa: F811
    with db.session_factory(live_portal.database_url)() as session:
        known = organisations_with_partners(session)
        person = newcomer(session, "tg:801")
        sharing.respond(session, "tg:801", f"/delen_ja {known.volunteers}", "nl",
                        dt.datetime.now(dt.timezone.utc))
        session.commit()
        return {"samira": person.id, "volunteers": known.volunteers}


@pytest.fixture
def as_partner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(USERNAMES, "partner", PARTNERS["vrijwilligers"])
    monkeypatch.setitem(USERNAMES, "other partner", PARTNERS["rsd"])


def test_a_partner_reads_a_shared_profile(page_for, live_portal: LivePortal, shared: dict[str, int],  # type: ignore[no-untyped-def]  # noqa: F811
                                          as_partner: None) -> None:
    page = page_for("partner")
    assert page.url.endswith("/portal/partner")
    assert page.locator("h1").inner_text() == "Gedeelde profielen"
    assert [link.inner_text() for link in page.locator("nav[aria-label=Hoofdmenu] a").all()] == ["Gedeelde profielen"]
    _shot(page, "partner-gedeelde-profielen")
    page.click(f"text=Profiel #{shared['samira']}")
    page.wait_for_load_state()
    fields = page.locator("#gedeelde-velden").inner_text()
    assert LANGUAGES in fields and WORK in fields
    content = page.content()
    assert HEALTH not in content and STORY not in content and "Samira" not in content
    _shot(page, "partner-profiel")
    response = page.goto(f"{live_portal.url}/portal/werklijst")
    assert response is not None and response.status == 403

    other = page_for("other partner")
    assert other.locator("#geen-profielen").is_visible()
    response = other.goto(f"{live_portal.url}/portal/partner/profielen/{shared['samira']}")
    assert response is not None and response.status == 404

    caseworker = page_for("caseworker")
    caseworker.goto(f"{live_portal.url}/portal/nieuwkomers/{shared['samira']}")
    assert "Vrijwilligers Zeist Test" in caseworker.locator("#delen-toestemmingen").inner_text()
    caseworker.click("#delen-bekeken summary")
    assert PARTNERS["vrijwilligers"] in caseworker.locator("#delen-bekeken").inner_text()
    _shot(caseworker, "caseworker-delen-met-partners")
    caseworker.goto(f"{live_portal.url}/portal/monitoring")
    assert caseworker.locator("#delen-gegeven").inner_text() == "1"
    assert int(caseworker.locator("#delen-bekeken").inner_text()) >= 1


def test_an_admin_adds_an_organisation_and_a_partner_account(page_for, shared: dict[str, int]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = page_for("admin")
    page.click("nav >> text=Organisaties")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Partnerorganisaties"
    page.fill("#new-name", "Vrijwilligerscentrale Browsertest")
    page.select_option("#new-kind", "volunteer_centre")
    page.check("#nieuw-intake_languages")
    page.check("#nieuw-intake_interests")
    page.click("text=Organisatie toevoegen")
    page.wait_for_load_state()
    assert "Vrijwilligerscentrale Browsertest" in page.locator(".messages").inner_text()
    block = page.locator("section:has(h2:has-text('Vrijwilligerscentrale Browsertest'))")
    block.locator("input[name=username]").fill("partner.centrale")
    block.locator("button:has-text('Account aanmaken')").click()
    page.wait_for_load_state()
    assert "Partneraccount 'partner.centrale'" in page.locator(".messages").inner_text()
    assert "partner.centrale" in page.locator("section:has(h2:has-text('Vrijwilligerscentrale Browsertest'))") \
        .inner_text()
    _shot(page, "admin-organisaties")
    page.click("nav >> text=Gebruikers")
    page.wait_for_load_state()
    assert "Partner van Vrijwilligerscentrale Browsertest" in page.locator("table").inner_text()

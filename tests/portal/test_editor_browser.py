"""Editors in a real browser (Debian's chromium via Playwright): filters, reviewing an outdated translation.

The portal runs as in `test_browser.py` (its fixtures), on a scratch copy of the kennisbank, so the
files the browser saves can be read back byte for byte. Screenshots go to `test-artifacts/portal/`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.portal import test_browser as portal_browser
from tests.portal.test_browser import LivePortal, _shot
from wegwijz.kennisbank import TranslationStatus, load_kennisbank
from wegwijz.kennisbank.loader import load_article

# The portal, the browser and signed-in pages, as the other portal browser tests have them.
pytestmark = portal_browser.pytestmark
live_portal = portal_browser.live_portal
browser = portal_browser.browser
page_for = portal_browser.page_for


def _front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def _listed(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.strip() for text in page.locator("tbody th.article-cell a").all_inner_texts()]


def test_editor_filters_articles_to_verify_and_outdated(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    # One article's Dutch text moves on a version (as a save does), so its translations are outdated.
    nl = live_portal.kennisbank / "articles" / "bibliotheek_taalhuis" / "nl.md"
    version = _front(nl)["version"]
    nl.write_text(nl.read_text(encoding="utf-8").replace(f"\nversion: {version}\n", f"\nversion: {version + 1}\n"),
                  encoding="utf-8")
    kb = load_kennisbank(live_portal.kennisbank)
    to_verify = sorted(a.translations["nl"].title for a in kb.articles.values() if a.verify)
    outdated = sorted(a.translations["nl"].title for a in kb.articles.values()
                      if TranslationStatus.OUTDATED in (a.status(lang) for lang in ("ar", "ti", "en")))
    assert 0 < len(to_verify) < len(kb.articles)  # the filter has something to leave out
    page = page_for("editor")
    page.goto(f"{live_portal.url}/portal/kennisbank")
    assert len(_listed(page)) == len(kb.articles)
    page.click(f"text=Te verifiëren ({len(to_verify)})")
    assert sorted(_listed(page)) == to_verify
    assert page.locator("tbody tr").count() == page.locator("tbody tr", has_text="te verifiëren").count()
    assert f"{len(to_verify)} van {len(kb.articles)} artikelen" in page.locator(".filter-result").inner_text()
    _shot(page, "editor-filter-te-verifieren")
    page.click(f"text=Verouderde vertaling ({len(outdated)})")
    assert sorted(_listed(page)) == outdated and load_article(nl.parent).translations["nl"].title in outdated
    page.click("text=Alle artikelen")
    assert len(_listed(page)) == len(kb.articles)


def test_editor_sees_what_changed_in_the_dutch_before_marking_an_outdated_translation_reviewed(
        page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    folder = live_portal.kennisbank / "articles" / "apotheek"
    version = load_article(folder).version
    page = page_for("editor")
    # The Dutch text changes (not a minor edit): a line goes, a line comes, and the version goes up.
    page.goto(f"{live_portal.url}/portal/kennisbank/apotheek/nl/bewerken")
    body = page.locator("#body")
    old_lines = body.input_value().replace("\r", "").split("\n")
    gone = next(line for line in old_lines if len(line) > 20)
    body.fill(body.input_value().replace(gone, "Neem je verzekeringspas mee naar de apotheek."))
    with page.expect_navigation():
        page.click("text=Opslaan en publiceren")
    assert load_article(folder).version == version + 1
    assert b"\r" not in (folder / "nl.md").read_bytes()  # the textarea sent CRLF; the file has \n
    # On the article page, "reviewed" on the outdated Arabic translation is no longer one click.
    page.goto(f"{live_portal.url}/portal/kennisbank/apotheek")
    arabic = page.locator("#taal-ar")
    assert arabic.locator(".badge.outdated").is_visible()
    arabic.locator("text=Vertaling gecontroleerd…").click()
    change = page.locator("#wijziging")
    assert change.is_visible()
    assert f"versie {version} → {version + 1}" in change.locator("h2").inner_text()
    assert change.locator("li.removed del").all_inner_texts() == [gone]
    assert change.locator("li.added ins").all_inner_texts() == ["Neem je verzekeringspas mee naar de apotheek."]
    assert page.locator("li.removed del").evaluate("el => getComputedStyle(el.parentElement).backgroundColor") != \
        page.locator("li.added ins").evaluate("el => getComputedStyle(el.parentElement).backgroundColor")
    _shot(page, "editor-vertaling-controleren-verschil")
    # Confirming without saying either is refused, and nothing changes.
    with page.expect_navigation():
        page.click("button:has-text('Vertaling gecontroleerd')")
    assert "Kies één van beide" in page.locator("[role=alert]").inner_text()
    assert load_article(folder).status("ar") is TranslationStatus.OUTDATED
    # With a reason why the change need not be in the Arabic, it is marked reviewed and current.
    page.fill("#reason", "Alleen een voorbeeld\r\nvoor de test.")
    with page.expect_navigation():
        page.click("button:has-text('Vertaling gecontroleerd')")
    assert "gemarkeerd als gecontroleerd" in page.locator(".messages").inner_text()
    article = load_article(folder)
    assert article.status("ar") is TranslationStatus.REVIEWED
    assert _front(folder / "ar.md")["source_version"] == version + 1
    assert b"\r" not in (folder / "ar.md").read_bytes()
    assert article.status("ti") is TranslationStatus.OUTDATED  # the others still wait for their review
    # The English one, confirmed as containing the change.
    page.goto(f"{live_portal.url}/portal/kennisbank/apotheek/en/gecontroleerd")
    page.check("input[name=contains_change]")
    with page.expect_navigation():
        page.click("button:has-text('Vertaling gecontroleerd')")
    assert load_article(folder).status("en") is TranslationStatus.REVIEWED

"""The portal in a real browser (Debian's chromium via Playwright): each role's pages, screenshots, Ge'ez glyphs.

The portal runs in-process (waitress on a free port, in a thread) on a scratch
SQLite database and a scratch copy of the kennisbank. Screenshots go to
`test-artifacts/portal/` for people to look at.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.portal import known_data
from tests.portal.conftest import PASSWORD, USERNAMES, add_user
from wegwijz import db
from wegwijz.portal.roles import Role
from wegwijz.settings import ROOT
from wegwijz.settings import load as load_settings
from wegwijz.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts" / "portal"

import playwright.sync_api as playwright_api  # noqa: E402  (a requirement: a missing one is an error)

# Without chromium the browser tests skip on a developer's machine, but under CI (CI=true) that is a failure.
if not CHROMIUM.exists() and os.environ.get("CI", "").lower() == "true":
    raise RuntimeError("Debian's chromium is missing under CI: `make browser-deps` should have installed it")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing: run `make browser-deps`")


@dataclasses.dataclass(frozen=True)
class LivePortal:
    """The running portal."""

    url: str
    database_url: str
    known: known_data.Known
    unassigned: known_data.KnownUnassigned
    kennisbank: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    from waitress.server import create_server

    scratch = tmp_path_factory.mktemp("browser")
    kennisbank = scratch / "kennisbank"
    shutil.copytree(ROOT / "kennisbank", kennisbank)
    url = f"sqlite:///{scratch / 'portal.db'}"
    db.migrate(url)
    with db.session_factory(url)() as session:
        for role in ("caseworker", "editor", "admin"):
            add_user(session, USERNAMES[role], Role(role))
        session.commit()
        known = known_data.seed(session)
        unassigned = known_data.seed_unassigned(session)
    settings = dataclasses.replace(load_settings(), database_url=url, kennisbank_dir=kennisbank,
                                   var_dir=scratch / "var", secret_key="browser-test-secret-key-long-enough-1234")
    server = create_server(create_app(settings), host="127.0.0.1", port=_free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield LivePortal(url=f"http://127.0.0.1:{server.effective_port}", database_url=url, known=known,
                         unassigned=unassigned,
                         kennisbank=kennisbank)
    finally:
        server.close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page_for(browser, live_portal: LivePortal):  # type: ignore[no-untyped-def]
    contexts = []

    def open_as(role: str, width: int = 1366, height: int = 900):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_portal.url}/portal/login")
        page.fill("#username", USERNAMES[role])
        page.fill("#password", PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "/portal/login" not in page.url, page.content()[:500]
        return page

    yield open_as
    for context in contexts:
        context.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_caseworker_worklist_newcomer_with_flag_and_monitoring(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    page = page_for("caseworker")
    assert page.url.endswith("/portal/werklijst")
    assert page.locator("h1").inner_text() == "Werklijst"
    _shot(page, "caseworker-werklijst")
    page.click("text=Amal Testpersoon")
    page.wait_for_load_state()
    assert page.locator("#signalen-kop .badge.flag").inner_text() == "1 open"
    # The <script> answer is on the page as text, and did not run.
    assert known_data.SCRIPT_ANSWER in page.locator("body").inner_text()
    assert page.evaluate("() => document.querySelectorAll('main script').length") == 0
    _shot(page, "caseworker-nieuwkomer-met-signaal")
    page.fill(f"#note-{live_portal.known.open_flag}", "Gebeld; afspraak gemaakt voor dinsdag.")
    page.click("text=Markeer als afgehandeld")
    page.wait_for_load_state()
    assert "Het signaal is afgehandeld." in page.locator(".messages").inner_text()
    page.goto(f"{live_portal.url}/portal/monitoring?van=2026-01-01&tot=2026-12-31")
    assert page.locator("svg.chart").count() == 12
    _shot(page, "caseworker-monitoring")


def test_admin_sees_every_newcomer_users_and_audit_log(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    page = page_for("admin")
    body = page.locator("body").inner_text()
    assert "Amal Testpersoon" in body and "Tesfay Testpersoon" in body
    _shot(page, "admin-werklijst")
    page.goto(f"{live_portal.url}/portal/nieuwkomers/{live_portal.known.tesfay}")
    _shot(page, "admin-nieuwkomer-tigrinya")
    page.goto(f"{live_portal.url}/portal/beheer/gebruikers")
    _shot(page, "admin-gebruikers")
    page.goto(f"{live_portal.url}/portal/beheer/auditlog")
    assert "portal: nieuwkomer bekeken" in page.locator("table").inner_text()
    _shot(page, "admin-auditlog")


def test_editor_list_and_arabic_and_tigrinya_articles(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    page = page_for("editor")
    assert page.url.endswith("/portal/kennisbank")
    _shot(page, "editor-kennisbank")
    page.goto(f"{live_portal.url}/portal/kennisbank/huisarts")
    arabic = page.locator("#taal-ar")
    assert arabic.get_attribute("dir") == "rtl"
    assert page.evaluate("() => getComputedStyle(document.querySelector('#taal-ar .answer')).direction") == "rtl"
    _shot(page, "editor-artikel-vier-talen")
    page.goto(f"{live_portal.url}/portal/kennisbank/huisarts/ar/bewerken")
    assert page.locator("#body").get_attribute("dir") == "rtl"
    _shot(page, "editor-artikel-arabisch-bewerken")
    page.goto(f"{live_portal.url}/portal/kennisbank/huisarts/ti/bewerken")
    _shot(page, "editor-artikel-tigrinya-bewerken")
    # Editors cannot reach personal data, not even by typing the address.
    response = page.goto(f"{live_portal.url}/portal/werklijst")
    assert response is not None and response.status == 403


def test_tigrinya_renders_with_real_ethiopic_glyphs(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    page = page_for("editor")
    page.goto(f"{live_portal.url}/portal/kennisbank/huisarts")
    title = page.locator("#taal-ti .title")
    text = title.inner_text()
    geez = [ch for ch in text if 0x1200 <= ord(ch) <= 0x139F]
    assert len(geez) >= 5, text
    # 1. Chromium says which installed font drew the Ge'ez letters: an Ethiopic one.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": "#taal-ti .title"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    ethiopic = [f for f in fonts if "Ethiopic" in f["familyName"] or "Abyssinica" in f["familyName"]]
    assert ethiopic and sum(f["glyphCount"] for f in ethiopic) >= len(geez), fonts
    # 2. The letters have real, differing widths; tofu boxes would all be as wide as a missing glyph.
    widths = page.evaluate("""(letters) => {
        const measure = (s) => { const span = document.createElement('span'); span.textContent = s;
            span.lang = 'ti'; document.querySelector('#taal-ti').appendChild(span);
            const w = span.getBoundingClientRect().width; span.remove(); return w; };
        return { letters: letters.map(measure), missing: measure('\\u{10FFFD}') };
    }""", sorted(set(geez))[:8])
    assert all(w > 0 for w in widths["letters"])
    assert any(abs(w - widths["missing"]) > 0.5 for w in widths["letters"]), widths
    _shot(page, "editor-tigrinya-glyphs")


def test_keyboard_reaches_the_skip_link_and_the_login_form(browser, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 820, "height": 1180})  # a tablet
    try:
        page = context.new_page()
        page.goto(f"{live_portal.url}/portal/login")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Naar de inhoud"
        page.focus("#username")
        page.keyboard.type(USERNAMES["caseworker"])
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        with page.expect_navigation(url="**/portal/werklijst"):
            page.keyboard.press("Enter")
        assert page.evaluate("() => document.documentElement.lang") == "nl"
        _shot(page, "caseworker-werklijst-tablet")
    finally:
        context.close()


def test_caseworker_claims_a_newcomer_from_the_unassigned_queue(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    page = page_for("caseworker")
    page.click("nav >> text=Niet toegewezen")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Niet toegewezen"
    rows = page.locator("#niet-toegewezen tbody tr")
    assert rows.count() == 2
    first = rows.nth(0)
    assert first.locator("th").inner_text() == "Salam Testpersoon"  # the open care flag comes first
    assert "Heeft zorgen over gezondheid" in first.inner_text()
    assert rows.nth(1).locator(".badge.flag").count() == 0
    _shot(page, "caseworker-niet-toegewezen")
    with page.expect_navigation():
        first.locator("button", has_text="Overnemen").click()
    assert page.url.endswith(f"/portal/nieuwkomers/{live_portal.unassigned.salam}")
    assert "Je bent nu de klantmanager van deze nieuwkomer." in page.locator(".messages").inner_text()
    assert page.locator(".messages").is_visible()
    _shot(page, "caseworker-overgenomen")
    page.goto(f"{live_portal.url}/portal/werklijst")
    assert "Salam Testpersoon" in page.locator("table").inner_text()
    page.goto(f"{live_portal.url}/portal/niet-toegewezen")
    assert page.locator("#niet-toegewezen tbody tr").count() == 1


def test_monitoring_shows_n_warns_on_few_answers_and_labels_fit(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    page = page_for("caseworker")
    page.goto(f"{live_portal.url}/portal/monitoring?van=2026-01-01&tot=2026-12-31")
    useful = page.locator("#indicator-voelt_zich_nuttig")
    assert "n = 1" in useful.locator(".figure").inner_text()
    warning = useful.locator(".small-n")
    assert warning.is_visible() and "te weinig antwoorden om conclusies te trekken" in warning.inner_text().lower()
    # Every chart label lies wholly inside its chart (nothing cut off at the left, as "tra lessen" was).
    clipped = page.evaluate("""() => [...document.querySelectorAll('svg.chart')].flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text')].filter((t) => {
            const r = t.getBoundingClientRect();
            return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        }).map((t) => t.textContent);
    })""")
    assert clipped == []
    support = page.locator("#indicator-extra_taalsteun svg.chart")
    assert "extra lessen (check-in)" in support.locator("text").all_text_contents()
    users = page.locator("#indicator-gebruikers_assistent svg.chart text:not(.value)")
    assert "overig" in users.all_text_contents()
    support.scroll_into_view_if_needed()
    _shot(page, "caseworker-monitoring-n-en-labels")


def test_editor_save_from_the_browser_writes_unix_line_ends(page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    nl = live_portal.kennisbank / "articles" / "huisarts" / "nl.md"
    before = nl.read_bytes().split(b"\n")
    page = page_for("editor")
    page.goto(f"{live_portal.url}/portal/kennisbank/huisarts/nl/bewerken")
    body = page.locator("#body")
    body.fill(body.input_value() + "\n\nEen extra regel uit de browser.")  # the textarea sends CRLF
    page.check("input[name=minor]")
    with page.expect_navigation():
        page.click("text=Opslaan en publiceren")
    assert page.locator(".messages").is_visible()
    after = nl.read_bytes()
    assert b"\r" not in after and b"Een extra regel uit de browser." in after
    assert [line for line in after.split(b"\n") if line not in before] == [b"Een extra regel uit de browser."]
    _shot(page, "editor-opgeslagen-unix-regels")


def _in_view(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("""(selector) => {
        const box = document.querySelector(selector).getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
    }""", selector))


def test_caseworker_finds_sorts_and_pages_fifty_newcomers_and_closes_the_buddy_flag_with_a_match(
        page_for, live_portal: LivePortal) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from wegwijz.journey.models import Flag, IntakeAnswer, Newcomer

    with db.session_factory(live_portal.database_url)() as session:
        for number in range(50):
            person = Newcomer(name=f"Lijst Persoon {number:02d}",
                              preferred_language=("ar", "ti", "en", "nl")[number % 4],
                              linked_on=dt.date(2026, 2, 1) + dt.timedelta(days=number),
                              caseworker="klantmanager.anna")
            if number == 13:
                person.flags.append(Flag(rule="wants_buddy", reason="Wil graag een maatje of vrijwilligersteam."))
                person.flags.append(Flag(rule="care_worries", reason="Noemt medische of zorgzorgen."))
                person.intake_answers.append(IntakeAnswer(question="intake_ambitions", value="ኣብ ሆስፒታል ክሰርሕ እደሊ",
                                                          lang="ti"))
            session.add(person)
        session.commit()
    page = page_for("caseworker")
    assert "pagina 1 van 3" in page.locator("#aantal").inner_text()
    assert page.locator("#werklijst tbody tr").count() == 25
    # The most urgent kind of flag comes first, with its readable label and severity.
    top = page.locator("#werklijst tbody tr").nth(0)
    assert top.locator("th").inner_text().startswith("Lijst Persoon 13")
    assert "Zorg of gezondheid" in top.inner_text() and "hoog" in top.inner_text()
    _shot(page, "caseworker-werklijst-vijftig")
    with page.expect_navigation():
        page.click("text=Volgende →")
    assert "pagina 2 van 3" in page.locator("#aantal").inner_text()
    # Filter by language and search, through the form.
    page.select_option("#taal", "ti")
    page.fill("#zoek", "lijst persoon")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    names = page.locator("#werklijst tbody th").all_inner_texts()
    assert len(names) == 13 and all(n.startswith("Lijst Persoon") for n in names)
    # Sort by days in Zeist, then the other way round, by clicking the column header.
    with page.expect_navigation():
        page.click("#werklijst thead >> text=Dagen in Zeist")
    days = [int(d) for d in page.locator("#werklijst tbody td.num").all_inner_texts()]
    assert days == sorted(days)
    with page.expect_navigation():
        page.click("#werklijst thead >> text=Dagen in Zeist")
    days = [int(d) for d in page.locator("#werklijst tbody td.num").all_inner_texts()]
    assert days == sorted(days, reverse=True)
    assert page.locator("#taal").input_value() == "ti"  # the filter stays while sorting
    _shot(page, "caseworker-werklijst-gefilterd")
    # The newcomer page: flags by severity, the Tigrinya original with its language, an interpreter mark.
    with page.expect_navigation():
        page.click("text=Lijst Persoon 13")
    assert page.locator("#signalen .flag-kind").all_inner_texts() == ["Zorg of gezondheid", "Wil een maatje"]
    original = page.locator(".free-text[lang=ti]")
    assert original.inner_text() == "ኣብ ሆስፒታል ክሰርሕ እደሊ" and "Origineel in het Tigrinya" in page.content()
    with page.expect_navigation():
        page.click("text=Markeer: tolk nodig")
    assert page.locator("#tolk").inner_text() == "tolk nodig"
    assert _in_view(page, ".messages")
    # Recording a buddy match offers to close the buddy flag; the confirmation is in view after saving.
    assert page.locator("#close-buddy-flag").is_checked()
    page.fill("#match-partner", "Maatje Lindenlaan")
    with page.expect_navigation():
        page.click("text=Koppeling vastleggen")
    assert "Het signaal 'Wil een maatje' is afgehandeld." in page.locator(".messages").inner_text()
    assert _in_view(page, ".messages")
    assert page.locator("#signalen .flag-kind").all_inner_texts() == ["Zorg of gezondheid"]
    _shot(page, "caseworker-koppeling-sluit-signaal")

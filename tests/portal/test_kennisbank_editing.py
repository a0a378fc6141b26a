"""Editors: the article list, the four languages side by side, edits checked against the schema, reviews."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import yaml

from tests.portal.conftest import page_token
from wegwijz import LANGUAGES
from wegwijz.kennisbank import TranslationStatus, feedback, load_kennisbank
from wegwijz.kennisbank.loader import load_article
from wegwijz.portal import article_edits, article_files
from wegwijz.settings import ROOT

EDIT_NL = "/portal/kennisbank/huisarts/nl/bewerken"


def _front(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def _form(client, url: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The edit form's current values, as a browser would send them back."""
    html = client.get(url).get_data(as_text=True)
    values: dict[str, str] = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html):
        values[name] = value
    text_inputs = r'<input type="(?:text|date)" id="\w+" name="(\w+)"[^>]*?value="([^"]*)"'
    for name, value in re.findall(text_inputs, html, re.S):
        values[name] = value
    for name, value in re.findall(r'<textarea id="\w+" name="(\w+)"[^>]*>(.*?)</textarea>', html, re.S):
        values[name] = value
    for name, value in re.findall(r'<select id="\w+" name="(\w+)">.*?<option value="(\w+)" selected', html, re.S):
        values[name] = value
    values = {k: html_lib.unescape(v) for k, v in values.items()}
    if re.search(r'name="verify" value="1" checked', html):
        values["verify"] = "1"
    if re.search(r'name="follows_source" value="1" checked', html):
        values["follows_source"] = "1"
    return values


def test_list_shows_status_per_language_owner_and_feedback_overdue_first(client_for, kennisbank_copy: Path,
                                                                         database_url: str) -> None:
    # Make one article overdue and give it feedback.
    path = kennisbank_copy / "articles" / "tandarts" / "nl.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"last_reviewed: .*", "last_reviewed: 2020-01-01", text)
    text = re.sub(r"review_by: .*", "review_by: 2020-06-01", text)
    path.write_text(text, encoding="utf-8")
    from wegwijz import db

    with db.session_factory(database_url)() as session:
        for helpful in (True, True, False):
            feedback.record(session, "tandarts", "ar", helpful)
        session.commit()
    html = client_for("editor").get("/portal/kennisbank").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\" class=\"article-cell\">(.*?)</tr>", html, re.S)
    assert len(rows) == len(load_kennisbank(kennisbank_copy))
    first = rows[0]
    assert "tandarts" in first and "2020-06-01 (te laat)" in first
    assert re.search(r'<td class="num">2</td>\s*<td class="num">1</td>', first)
    assert "redactie" in first  # the owner
    for label in ("bron", "machine"):
        assert label in first


def test_article_page_shows_four_languages_with_direction_and_language(client_for) -> None:  # type: ignore[no-untyped-def]
    html = client_for("editor").get("/portal/kennisbank/huisarts").get_data(as_text=True)
    assert 'id="taal-ar" lang="ar" dir="rtl"' in html
    assert 'id="taal-ti" lang="ti" dir="ltr"' in html
    assert 'id="taal-nl" lang="nl" dir="ltr"' in html and 'id="taal-en" lang="en" dir="ltr"' in html
    assert "ሓኪም ስድራቤት" in html and "طبيب العائلة" in html


def test_non_minor_dutch_edit_bumps_version_and_outdates_translations(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    form = _form(editor, EDIT_NL)
    before = load_article(kennisbank_copy / "articles" / "huisarts")
    form["body"] = form["body"] + "\n\nNieuwe zin over de huisarts."
    response = editor.post(EDIT_NL, data=form, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Opgeslagen en gepubliceerd" in page and f"versie {before.version + 1}" in page
    assert "opnieuw trainen" not in page  # only the answer text changed
    after = load_article(kennisbank_copy / "articles" / "huisarts")
    assert after.version == before.version + 1
    assert after.translations["nl"].body.endswith("Nieuwe zin over de huisarts.")
    assert {after.status(lang) for lang in ("ar", "ti", "en")} == {TranslationStatus.OUTDATED}
    assert page.count('<span class="badge outdated">verouderd</span>') == len(LANGUAGES) - 1


def test_minor_edit_keeps_the_version(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    form = _form(editor, EDIT_NL)
    form["body"] = form["body"].replace("Zo schrijf je je in:", "Zo schrijf je jezelf in:")
    form["minor"] = "1"
    assert editor.post(EDIT_NL, data=form).status_code == 302
    after = load_article(kennisbank_copy / "articles" / "huisarts")
    assert after.version == 1 and "jezelf in" in after.translations["nl"].body
    assert after.status("ar") is TranslationStatus.MACHINE


def test_save_keeps_untouched_front_matter_byte_for_byte(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    path = kennisbank_copy / "articles" / "huisarts" / "nl.md"
    original = path.read_text(encoding="utf-8")
    form = _form(editor, EDIT_NL)
    form["title"] = "Een huisarts vinden en je bij een praktijk inschrijven"
    form["minor"] = "1"
    assert editor.post(EDIT_NL, data=form).status_code == 302
    changed = path.read_text(encoding="utf-8")
    old_lines, new_lines = original.splitlines(), changed.splitlines()
    differing = [(a, b) for a, b in zip(old_lines, new_lines) if a != b]
    assert len(old_lines) == len(new_lines)
    assert differing == [("title: Een huisarts vinden en je inschrijven",
                          "title: Een huisarts vinden en je bij een praktijk inschrijven")]


def test_changed_example_questions_say_a_retrain_is_needed(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    url = "/portal/kennisbank/huisarts/ti/bewerken"
    form = _form(editor, url)
    form["questions"] += "\nሓኪም ኣበይ ኣሎ"
    page = editor.post(url, data=form, follow_redirects=True).get_data(as_text=True)
    assert "opnieuw trainen" in page
    assert "ሓኪም ኣበይ ኣሎ" in load_article(kennisbank_copy / "articles" / "huisarts").translations["ti"].questions


def test_edit_breaking_the_schema_is_refused_and_nothing_is_written(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    path = kennisbank_copy / "articles" / "huisarts" / "ar.md"
    original = path.read_text(encoding="utf-8")
    url = "/portal/kennisbank/huisarts/ar/bewerken"
    form = _form(editor, url)
    form["questions"] = "سؤال واحد\nسؤال ثاني"  # the schema wants at least 8
    response = editor.post(url, data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "klopt dan niet met het schema" in page and "questions" in page
    assert str(kennisbank_copy) not in page  # no server paths in messages
    assert path.read_text(encoding="utf-8") == original


def test_a_bad_source_line_and_a_bad_topic_are_refused(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    original = (kennisbank_copy / "articles" / "huisarts" / "nl.md").read_text(encoding="utf-8")
    form = _form(editor, EDIT_NL)
    assert editor.post(EDIT_NL, data={**form, "sources": "Zonder streep"}).status_code == 400
    assert editor.post(EDIT_NL, data={**form, "sources": "Onveilig | http://example.org"}).status_code == 400
    assert editor.post(EDIT_NL, data={**form, "topic": "verzonnen"}).status_code == 400
    assert (kennisbank_copy / "articles" / "huisarts" / "nl.md").read_text(encoding="utf-8") == original


def test_a_save_over_someone_elses_save_is_refused(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor, admin = client_for("editor"), client_for("admin")
    url = "/portal/kennisbank/huisarts/en/bewerken"
    mine, theirs = _form(editor, url), _form(admin, url)
    theirs["body"] += "\n\nAdded by the admin."
    assert admin.post(url, data=theirs).status_code == 302
    mine["body"] += "\n\nAdded by the editor."
    response = editor.post(url, data=mine)
    assert response.status_code == 400 and "Iemand anders" in response.get_data(as_text=True)
    body = load_article(kennisbank_copy / "articles" / "huisarts").translations["en"].body
    assert "Added by the admin." in body and "Added by the editor." not in body


def test_marking_a_translation_reviewed_makes_it_current(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    form = _form(editor, EDIT_NL)
    form["body"] += "\n\nExtra."
    editor.post(EDIT_NL, data=form)
    assert load_article(kennisbank_copy / "articles" / "huisarts").status("ti") is TranslationStatus.OUTDATED
    token = page_token(editor, "/portal/kennisbank/huisarts")
    # One click on an outdated translation shows what changed in the Dutch and asks to confirm.
    response = editor.post("/portal/kennisbank/huisarts/ti/gecontroleerd", data={"csrf_token": token})
    assert response.status_code == 200 and "<ins>Extra.</ins>" in response.get_data(as_text=True)
    assert load_article(kennisbank_copy / "articles" / "huisarts").status("ti") is TranslationStatus.OUTDATED
    unconfirmed = editor.post("/portal/kennisbank/huisarts/ti/gecontroleerd",
                              data={"csrf_token": token, "confirming": "1"})
    assert unconfirmed.status_code == 400 and "Kies één van beide" in unconfirmed.get_data(as_text=True)
    response = editor.post("/portal/kennisbank/huisarts/ti/gecontroleerd",
                           data={"csrf_token": token, "confirming": "1", "contains_change": "1"})
    assert response.status_code == 302
    article = load_article(kennisbank_copy / "articles" / "huisarts")
    assert article.status("ti") is TranslationStatus.REVIEWED
    assert _front(kennisbank_copy / "articles" / "huisarts" / "ti.md")["source_version"] == article.version


def test_marking_the_article_reviewed_sets_new_review_dates(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    before = load_article(kennisbank_copy / "articles" / "huisarts")
    assert before.last_reviewed is None  # nobody has reviewed it yet
    token = page_token(editor, "/portal/kennisbank/huisarts")
    editor.post("/portal/kennisbank/huisarts/nl/gecontroleerd", data={"csrf_token": token})
    first = load_article(kennisbank_copy / "articles" / "huisarts")
    assert first.last_reviewed == dt.date.today() and first.reviewed
    assert first.review_by - first.last_reviewed == article_edits.DEFAULT_REVIEW_INTERVAL
    assert first.version == before.version
    # A later review keeps the article's own interval.
    path = kennisbank_copy / "articles" / "huisarts" / "nl.md"
    text = re.sub(r"(?m)^last_reviewed: .*", "last_reviewed: 2026-01-10", path.read_text(encoding="utf-8"))
    path.write_text(re.sub(r"(?m)^review_by: .*", "review_by: 2026-04-10", text), encoding="utf-8")
    editor.post("/portal/kennisbank/huisarts/nl/gecontroleerd", data={"csrf_token": token})
    again = load_article(kennisbank_copy / "articles" / "huisarts")
    assert again.review_by - again.last_reviewed == dt.timedelta(days=90)


def test_an_article_nobody_reviewed_says_so(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    page = editor.get("/portal/kennisbank/huisarts").get_data(as_text=True)
    assert re.search(r"<dt>Laatst gecontroleerd</dt><dd>.*nog door niemand gecontroleerd</dd>", page)
    assert "door niemand gecontroleerd" in editor.get(EDIT_NL).get_data(as_text=True)
    listing = editor.get("/portal/kennisbank").get_data(as_text=True)
    assert listing.count("nog niet gecontroleerd</span>") == len(load_kennisbank(kennisbank_copy))
    token = page_token(editor, "/portal/kennisbank/huisarts")
    editor.post("/portal/kennisbank/huisarts/nl/gecontroleerd", data={"csrf_token": token})
    page = editor.get("/portal/kennisbank/huisarts").get_data(as_text=True)
    assert f"<dt>Laatst gecontroleerd</dt><dd>{dt.date.today().isoformat()}</dd>" in page
    listing = editor.get("/portal/kennisbank").get_data(as_text=True)
    assert listing.count("nog niet gecontroleerd</span>") == len(load_kennisbank(kennisbank_copy)) - 1


def test_an_answer_with_html_is_shown_as_text(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    url = "/portal/kennisbank/huisarts/en/bewerken"
    form = _form(editor, url)
    form["body"] += "\n\n<script>alert('x')</script> **bold** <https://www.thuisarts.nl>"
    assert editor.post(url, data=form).status_code == 302
    html = editor.get("/portal/kennisbank/huisarts").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<strong>bold</strong>" in html and '<a href="https://www.thuisarts.nl"' in html


def test_unknown_article_or_language_is_404(client_for) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    assert editor.get("/portal/kennisbank/bestaat_niet").status_code == 404
    assert editor.get("/portal/kennisbank/huisarts/de/bewerken").status_code == 404
    assert editor.get("/portal/kennisbank/..%2F..%2Fetc/nl/bewerken").status_code == 404


def test_unchanged_files_are_written_back_identically() -> None:
    for path in sorted((ROOT / "kennisbank" / "articles").glob("*/*.md")):
        file = article_files.read(path)
        assert article_files.render(file, dict(file.front), file.body) == path.read_text(encoding="utf-8"), path


def test_freshly_written_entries_read_back_as_written() -> None:
    values = {"title": "ISK: school # voor jongeren", "questions": ["ja: nee", "'quote", "- dash", "123", "yes"],
              "status": "machine", "source_version": 2, "verify_note": "let op", "last_reviewed": None}
    text = article_files.render(None, values, "Body")
    assert yaml.safe_load(text.split("---", 2)[1]) == values


def test_a_textarea_s_windows_line_ends_are_saved_as_unix_ones(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    nl = kennisbank_copy / "articles" / "huisarts" / "nl.md"
    before = nl.read_bytes()
    form = _form(editor, EDIT_NL)
    form["body"] = form["body"].replace("\n", "\r\n").replace("Zo schrijf je je in:", "Zo schrijf je jezelf in:")
    form["minor"] = "1"
    assert editor.post(EDIT_NL, data=form).status_code == 302
    after = nl.read_bytes()
    assert b"\r" not in after and b"jezelf in" in after
    changed = [line for line in after.split(b"\n") if line not in before.split(b"\n")]
    assert changed == [line for line in after.split(b"\n") if b"jezelf in" in line]  # one line, not the whole body
    ar = kennisbank_copy / "articles" / "huisarts" / "ar.md"
    form = _form(editor, "/portal/kennisbank/huisarts/ar/bewerken")
    form["body"] = form["body"].replace("\n", "\r\n") + "\r\n\r\nسطر جديد."
    assert editor.post("/portal/kennisbank/huisarts/ar/bewerken", data=form).status_code == 302
    assert b"\r" not in ar.read_bytes() and "سطر جديد." in ar.read_text(encoding="utf-8")


def test_a_save_keeps_each_source_s_seen_date_and_pages_in_other_languages(client_for, kennisbank_copy: Path) -> None:  # type: ignore[no-untyped-def]
    editor = client_for("editor")
    url = "/portal/kennisbank/diploma_erkenning/nl/bewerken"
    path = kennisbank_copy / "articles" / "diploma_erkenning" / "nl.md"
    before = _front(path)["sources"]
    assert any("seen" in s for s in before) and any("url_en" in s for s in before)
    form = _form(editor, url)
    form["body"] += "\n\nNog een zin."
    form["minor"] = "1"
    assert editor.post(url, data=form).status_code == 302
    assert _front(path)["sources"] == before
    assert "Nog een zin." in path.read_text(encoding="utf-8")
    # An editor can record a new seen date and a page in Arabic in the same textarea.
    form = _form(editor, url)
    lines = form["sources"].splitlines()
    lines[0] = re.sub(r"gezien: [\d-]+", "gezien: 2026-12-02", lines[0]) + " | ar: https://idw.nl/ar/inburgering"
    form["sources"] = "\n".join(lines)
    form["minor"] = "1"
    assert editor.post(url, data=form).status_code == 302
    after = load_article(kennisbank_copy / "articles" / "diploma_erkenning").sources[0]
    assert after.seen == dt.date(2026, 12, 2)
    assert after.urls == {"en": "https://idw.nl/en/inburgering", "ar": "https://idw.nl/ar/inburgering"}
    for bad in ("gezien: gisteren", "de: https://idw.nl/de"):
        form = _form(editor, url)
        form["sources"] = form["sources"].replace("\n", f" | {bad}\n", 1)
        response = editor.post(url, data=form)
        assert response.status_code == 400, bad

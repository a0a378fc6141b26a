"""The kennisbank: every article loads, follows the schema, and keeps Dutch terms in Dutch."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from wegwijz import LANGUAGES
from wegwijz.kennisbank import TranslationStatus, load_kennisbank
from wegwijz.kennisbank.glossary import inconsistencies, load_glossary, missing_explanations
from wegwijz.kennisbank.loader import KennisbankError
from wegwijz.kennisbank.training import generate
from wegwijz.language import script_language
from wegwijz.settings import ROOT

SEED_TOPICS = ["huisarts", "cjg", "sociaal_team", "duo_inburgering", "noodgeval_112", "vluchtelingenwerk",
               "gemeente_contact", "bibliotheek_taalhuis"]


@pytest.fixture(scope="module")
def kb(kennisbank_dir: Path):  # type: ignore[no-untyped-def]
    return load_kennisbank(kennisbank_dir)


def test_every_article_loads_in_four_languages(kb) -> None:  # type: ignore[no-untyped-def]
    assert len(kb) >= 45
    for article in kb.articles.values():
        assert set(article.translations) == set(LANGUAGES)
        assert article.status("nl") is TranslationStatus.SOURCE


def test_the_seed_topics_exist(kb) -> None:  # type: ignore[no-untyped-def]
    assert set(SEED_TOPICS) <= set(kb.articles)


def test_translations_are_written_in_their_script(kb) -> None:  # type: ignore[no-untyped-def]
    for article in kb.articles.values():
        assert script_language(article.translations["ar"].body) == "ar", article.id
        assert script_language(article.translations["ti"].body) == "ti", article.id


def test_at_least_eight_example_questions_per_language(kb) -> None:  # type: ignore[no-untyped-def]
    for article in kb.articles.values():
        for lang in LANGUAGES:
            assert len(set(article.translations[lang].questions)) >= 8, f"{article.id}/{lang}"


def test_glossary_terms_are_explained_and_used_consistently(kb, kennisbank_dir: Path) -> None:  # type: ignore[no-untyped-def]
    terms = load_glossary(kennisbank_dir)
    assert {"huisarts", "CJG", "Sociaal Team", "DUO", "DigiD", "BSN", "IND", "112"} <= {t.term for t in terms}
    assert missing_explanations(terms) == []
    assert inconsistencies(kb, terms) == []


def test_no_unverified_local_phone_numbers(kb) -> None:  # type: ignore[no-untyped-def]
    """Only national numbers we are sure of may appear; local ones must be verified by an editor first."""
    allowed = {"112", "0900-8844", "0800-2000", "113", "0800-0113"}
    number = re.compile(r"(?<![\w.])(?:\+31|0)[\d\- ]{6,}\d|(?<![\w.])1[14]\d(?:[ -]?\d{3})?(?![\w])")
    for article in kb.articles.values():
        for lang in LANGUAGES:
            for found in number.findall(article.translations[lang].body):
                assert found.strip() in allowed, f"{article.id}/{lang}: {found}"


def test_articles_marked_for_verification_say_what_to_check(kb) -> None:  # type: ignore[no-untyped-def]
    for article in kb.articles.values():
        if article.verify:
            assert len(article.verify_note) > 20, article.id


def test_generated_training_data_is_current(kennisbank_dir: Path) -> None:
    for rel, text in generate(kennisbank_dir, ROOT / "bot").items():
        assert (ROOT / "bot" / rel).read_text(encoding="utf-8") == text, f"run `make train`: bot/{rel} is stale"


def _copy(kennisbank_dir: Path, tmp_path: Path, article: str = "huisarts") -> Path:
    root = tmp_path / "kennisbank"
    (root / "articles").mkdir(parents=True)
    shutil.copytree(kennisbank_dir / "articles" / article, root / "articles" / article)
    return root


def test_outdated_is_computed_from_the_source_version(kennisbank_dir: Path, tmp_path: Path) -> None:
    root = _copy(kennisbank_dir, tmp_path)
    nl = root / "articles" / "huisarts" / "nl.md"
    nl.write_text(re.sub(r"(?m)^version: \d+", "version: 7", nl.read_text(encoding="utf-8")), encoding="utf-8")
    article = load_kennisbank(root).articles["huisarts"]
    assert article.status("ar") is TranslationStatus.OUTDATED
    assert article.status("nl") is TranslationStatus.SOURCE


@pytest.mark.parametrize(
    ("lang", "old", "new", "message"),
    [
        ("nl", "topic: gezondheid", "topic: weer", "topic"),
        ("nl", "id: huisarts", "id: andere_id", "differs from folder"),
        ("ar", "status: machine", "status: perfect", "status"),
        ("nl", "last_reviewed: null", "last_reviewed: 2027-06-01", "review_by must be after"),
        ("nl", "last_reviewed: null", "last_reviewed: gisteren", "last_reviewed"),
        ("ti", "source_version: 1", "source_version: 9", "newer"),
    ],
)
def test_invalid_files_are_refused_with_a_clear_message(
    kennisbank_dir: Path, tmp_path: Path, lang: str, old: str, new: str, message: str
) -> None:
    root = _copy(kennisbank_dir, tmp_path)
    path = root / "articles" / "huisarts" / f"{lang}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KennisbankError, match=message):
        load_kennisbank(root)


@pytest.mark.parametrize(("written", "expected"), [
    ("last_reviewed: null", None),
    ("", None),
    ("last_reviewed: 2026-12-01", dt.date(2026, 12, 1)),
])
def test_last_reviewed_is_a_person_s_review_or_nothing(kennisbank_dir: Path, tmp_path: Path, written: str,
                                                      expected: dt.date | None) -> None:
    root = _copy(kennisbank_dir, tmp_path)
    path = root / "articles" / "huisarts" / "nl.md"
    path.write_text(re.sub(r"(?m)^last_reviewed: .*\n", f"{written}\n" if written else "",
                           path.read_text(encoding="utf-8")), encoding="utf-8")
    article = load_kennisbank(root).articles["huisarts"]
    assert article.last_reviewed == expected
    assert article.reviewed is (expected is not None)
    if expected is None:
        assert article.needs_review(dt.date(2026, 12, 2))


def test_no_article_claims_a_review_nobody_did(kb) -> None:  # type: ignore[no-untyped-def]
    """The dates written before were the day an article was written, not a review; a review is set in the portal."""
    first_review_possible = dt.date(2026, 12, 2)
    claimed = [a.id for a in kb.articles.values() if a.reviewed and a.last_reviewed < first_review_possible]
    assert claimed == []


def test_a_missing_translation_is_refused(kennisbank_dir: Path, tmp_path: Path) -> None:
    root = _copy(kennisbank_dir, tmp_path)
    (root / "articles" / "huisarts" / "ti.md").unlink()
    with pytest.raises(KennisbankError, match="ti.md"):
        load_kennisbank(root)


def test_a_source_records_the_date_it_was_seen(kb, kennisbank_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen = [s.seen for s in kb.articles["gezinshereniging"].sources]
    assert seen and all(isinstance(day, dt.date) for day in seen)
    root = _copy(kennisbank_dir, tmp_path, "gezinshereniging")
    path = root / "articles" / "gezinshereniging" / "nl.md"
    path.write_text(path.read_text(encoding="utf-8").replace("seen: 2026-12-01", "seen: gisteren", 1),
                    encoding="utf-8")
    with pytest.raises(KennisbankError, match="seen"):
        load_kennisbank(root)


def test_the_source_line_links_the_main_fact_in_the_persons_language(kb) -> None:  # type: ignore[no-untyped-def]
    from wegwijz.kennisbank.source_line import source_line

    article = kb.articles["diploma_erkenning"]
    assert article.sources[0].urls == {"en": "https://idw.nl/en/inburgering"}
    assert source_line(article, "en").startswith("Source: <https://idw.nl/en/inburgering>")
    for lang in ("nl", "ar", "ti"):
        assert "<https://idw.nl/nl/inburgering.html>" in source_line(article, lang).splitlines()[0]


@pytest.mark.parametrize("lang", ["nl", "ar", "ti", "en"])
def test_an_unchecked_local_fact_says_where_to_check_it(kb, lang: str) -> None:  # type: ignore[no-untyped-def]
    from wegwijz.kennisbank.source_line import GEMEENTE_SITE, source_line
    from wegwijz.texts import say

    checked = next(a for a in kb.articles.values() if not a.verify)
    unchecked = kb.articles["huisartsenpost"]
    assert unchecked.verify
    assert len(source_line(checked, lang).splitlines()) == 1
    lines = source_line(unchecked, lang).splitlines()
    assert lines[0] == say("kennisbank_source", lang, url=f"<{unchecked.sources[0].url}>")
    assert lines[1] == say("kennisbank_check_local", lang, url=f"<{unchecked.check_at or GEMEENTE_SITE}>")
    if lang in ("ar", "ti"):
        assert script_language(lines[1]) == lang


def test_the_answer_shows_the_source_line(kb) -> None:  # type: ignore[no-untyped-def]
    from wegwijz.conversation.answers import answer_replies
    from wegwijz.kennisbank.source_line import source_line

    article = kb.articles["gezinshereniging"]
    for lang in LANGUAGES:
        assert source_line(article, lang) in answer_replies(article, lang)[0].text


def test_every_article_speaks_with_one_voice_per_language(kb, kennisbank_dir: Path) -> None:  # type: ignore[no-untyped-def]
    from wegwijz.kennisbank.voice import voice_problems

    assert voice_problems(kb, load_glossary(kennisbank_dir)) == []


@pytest.mark.parametrize(
    ("article", "lang", "old", "new", "expected"),
    [
        ("huisarts", "nl", "je", "u", "'u'"),
        ("gezinshereniging", "ti", "ትደልዩ", "ትደሊ", "masculine singular"),
        ("gezinshereniging", "ti", "Zeist", "ዘይስት", "ዘይስት"),
        ("gezinshereniging", "ar", "Zeist", "زايست", "زايست"),
        ("huisartsenpost", "en", "out-of-hours GP service", "emergency room", "gloss"),
    ],
)
def test_the_voice_check_finds_each_kind_of_break(kennisbank_dir: Path, tmp_path: Path, article: str, lang: str,
                                                  old: str, new: str, expected: str) -> None:
    from wegwijz.kennisbank.voice import voice_problems

    root = _copy(kennisbank_dir, tmp_path, article)
    shutil.copy(kennisbank_dir / "glossary.yml", root / "glossary.yml")
    terms = load_glossary(root)
    assert voice_problems(load_kennisbank(root), terms) == []
    path = root / "articles" / article / f"{lang}.md"
    front, body = path.read_text(encoding="utf-8").split("---", 2)[1:]
    assert re.search(rf"(?<!\w){re.escape(old)}(?!\w)", body), old
    body = re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, body, count=1)
    path.write_text(f"---{front}---{body}", encoding="utf-8")
    problems = voice_problems(load_kennisbank(root), terms)
    assert len(problems) == 1 and expected in problems[0], problems


def test_the_voice_check_reads_the_titles_too(kennisbank_dir: Path, tmp_path: Path) -> None:
    from wegwijz.kennisbank.voice import voice_problems

    root = _copy(kennisbank_dir, tmp_path, "leerplicht")
    shutil.copy(kennisbank_dir / "glossary.yml", root / "glossary.yml")
    path = root / "articles" / "leerplicht" / "nl.md"
    text = path.read_text(encoding="utf-8")
    assert "title: \"Leerplicht: je kind moet naar school\"" in text
    path.write_text(text.replace("Leerplicht: je kind", "Leerplicht: uw kind", 1), encoding="utf-8")
    problems = voice_problems(load_kennisbank(root), load_glossary(root))
    assert len(problems) == 1 and "leerplicht/nl.md" in problems[0] and "'u'" in problems[0], problems


def test_the_voice_check_reads_the_glossary_s_tigrinya_too(kennisbank_dir: Path, tmp_path: Path) -> None:
    from wegwijz.kennisbank.voice import voice_problems

    root = _copy(kennisbank_dir, tmp_path)
    glossary = (kennisbank_dir / "glossary.yml").read_text(encoding="utf-8")
    polite = "ኩሉ ግዜ መጀመርያ ደውሉ\""
    assert polite in glossary
    (root / "glossary.yml").write_text(glossary.replace(polite, "ኩሉ ግዜ መጀመርያ ደውል\"", 1), encoding="utf-8")
    problems = voice_problems(load_kennisbank(root), load_glossary(root))
    assert len(problems) == 1 and "glossary.yml" in problems[0] and "huisartsenpost" in problems[0], problems

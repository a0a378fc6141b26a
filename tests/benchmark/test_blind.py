"""The blind sets stay blind: well-formed, answerable, and never (nearly) copied into training data."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

from wegwijz import LANGUAGES
from wegwijz.benchmark import blind
from wegwijz.crisis.detect import fold, load_exemplars
from wegwijz.kennisbank import load_kennisbank
from wegwijz.settings import ROOT

NEAR = 0.9
"""Two messages this similar (after normalisation) count as one written from the other."""


def near_duplicates(messages: list[str], examples: list[str]) -> list[tuple[str, str]]:
    """Pairs (message, example) whose normalised texts are at least NEAR alike."""
    found = []
    folded = [(e, fold(e)) for e in examples]
    for message in messages:
        m = fold(message)
        for example, e in folded:
            if not e or abs(len(e) - len(m)) > (1 - NEAR) * max(len(e), len(m)) + 1:
                continue
            matcher = SequenceMatcher(None, m, e)
            if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
                found.append((message, example))
    return found


def test_near_duplicates_are_found() -> None:
    assert near_duplicates(["waar vind ik een huisarts?"], ["waar vind ik een huisarts"]) != []
    assert near_duplicates(["waar vind ik een huisarts?"], ["hoe betaal ik de huur"]) == []


@pytest.fixture(scope="module")
def kennisbank():  # type: ignore[no-untyped-def]
    return load_kennisbank(ROOT / "kennisbank")


def test_every_language_has_enough_blind_messages() -> None:
    messages = blind.load()
    for lang in LANGUAGES:
        mine = [m for m in messages if m.lang == lang]
        assert sum(m.set == "questions" for m in mine) >= 60
        assert sum(m.set == "crisis" for m in mine) >= 25
        assert sum(m.set == "out_of_scope" for m in mine) >= 10
        assert sum(m.set == "crisis2" for m in mine) >= 25  # the second crisis set, by another writer
        assert sum(m.set == "not_crisis" for m in mine) >= 10
        assert sum(m.set == "crisis3" for m in mine) >= 25  # the third, never read by the detector's builders
        assert sum(m.set == "crisis4" for m in mine) >= 25  # the fourth and fifth, written after the classifier's
        assert sum(m.set == "crisis5" for m in mine) >= 25  # training data, never read
        assert sum(m.set == "not_crisis5" for m in mine) >= 10
        kinds = {m.kind for m in mine if m.set in ("crisis", "crisis2", "crisis3", "crisis5")}
        assert kinds == {"medical", "danger", "domestic_violence", "child_abuse", "suicide"}
        for name in blind.CRISIS_SETS:  # every set holds all five kinds (the fourth names one "violence")
            assert len({m.kind for m in mine if m.set == name}) == 5, (lang, name)


def test_blind_questions_name_existing_articles(kennisbank) -> None:  # type: ignore[no-untyped-def]
    for message in blind.load(sets=("questions",)):
        assert message.article in kennisbank.articles, message


def test_both_halves_hold_messages_of_every_set() -> None:
    for part in ("dev", "test"):
        sets = {(m.lang, m.set) for m in blind.load(part)}
        assert len(sets) == len(LANGUAGES) * len(blind.SETS)


def test_no_training_example_is_a_near_duplicate_of_a_blind_message(kennisbank) -> None:  # type: ignore[no-untyped-def]
    examples = [q for article in kennisbank.articles.values() for tr in article.translations.values()
                for q in tr.questions]
    examples += [text for by_lang in load_exemplars().values() for texts in by_lang.values() for text in texts]
    assert near_duplicates([m.text for m in blind.load()], examples) == []


def test_no_crisis_training_message_is_a_near_duplicate_of_a_never_read_crisis_message() -> None:
    """The classifier's corpora (every writer's, added over time) stay apart from the sets it is scored on."""
    from wegwijz.crisis.classifier import CORPUS_DIR, _texts_of

    corpus: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for path in sorted(CORPUS_DIR.glob("*/*.yml")):  # one file per writer and language: <writer>/<lang>.yml
        crisis, ordinary = _texts_of(path)
        corpus[path.stem] += [text for text, _ in crisis] + ordinary
    assert sum(map(len, corpus.values())) > 1000
    never_read = ("crisis3", "crisis4", "crisis5", "not_crisis4", "not_crisis5")
    messages = blind.load()
    for lang in LANGUAGES:
        held_out = [m.text for m in messages if m.lang == lang and m.set in never_read]
        assert held_out, lang
        assert near_duplicates(held_out, corpus[lang]) == [], lang

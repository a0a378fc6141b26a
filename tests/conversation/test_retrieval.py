"""Retrieval over whole articles: bodies, the glossary's terms in any script, and the three-way decision."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.answering.matcher import Decision, Matcher, Signals, matcher_for, paragraphs
from wegwijz.answering.terms import script_language
from wegwijz.kennisbank import load_kennisbank
from wegwijz.settings import get as get_settings


@pytest.fixture(scope="module")
def matcher(kennisbank_dir: Path) -> Matcher:
    return matcher_for(kennisbank_dir, load_kennisbank(kennisbank_dir), embeddings_cache_path(get_settings()))


def test_a_dutch_term_inside_arabic_or_tigrinya_points_to_its_article(matcher: Matcher) -> None:
    assert script_language("ሓኪም huisarts።") == "ti"
    assert script_language("كيف بسجل عند huisarts؟") == "ar"
    assert "huisarts" in matcher.term_index.named("كيف بسجل عند huisarts؟")
    assert "huisarts" in matcher.term_index.named("ኣብ huisarts ከመይ ይምዝገብ፧")
    scores = matcher.term_index.scores("كيف بسجل عند huisarts؟")
    assert max(scores, key=scores.__getitem__) == "huisarts"


def test_a_multi_word_term_and_an_abbreviation_are_found_as_written(matcher: Matcher) -> None:
    assert "Veilig Thuis" in matcher.term_index.named("wat doet veilig thuis precies")
    assert "IND" in matcher.term_index.named("ጽሑፍ ካብ IND መጺኡኒ")
    assert "IND" not in matcher.term_index.named("ik vind het leuk")


def test_the_bodies_are_indexed_paragraph_by_paragraph(matcher: Matcher) -> None:
    body = "Eerste alinea met genoeg woorden erin.\n\n**Zo doe je het:**\n- Bel de praktijk en vraag het.\n- Kort."
    assert paragraphs(body) == ["Eerste alinea met genoeg woorden erin.", "Bel de praktijk en vraag het."]
    # a word that is in the huisarts body but in none of its example questions
    scores = matcher.body_scores("verwijst naar het ziekenhuis of een specialist")
    assert max(scores, key=scores.__getitem__) == "huisarts"


def _signals(rasa: dict[str, float], previous: str | None = None, words: int = 5) -> Signals:
    return Signals(rasa=rasa, lexical={}, dense={}, out_of_scope=0.0, words=words, previous=previous)


def test_the_middle_band_offers_buttons(matcher: Matcher) -> None:
    tuning = matcher.tuning
    assert tuning.suggest < tuning.answer, "the middle band must not be empty"
    only_rasa = ("rasa",)
    sure = matcher.decide_from(_signals({"huisarts": 0.95}), only_rasa)
    assert sure.decision is Decision.ANSWER and sure.article == "huisarts"
    middle_score = (tuning.suggest + tuning.answer) / 2
    torn = matcher.decide_from(_signals({"huisarts": middle_score, "huisartsenpost": middle_score * 0.9}),
                               only_rasa)
    assert torn.decision is Decision.SUGGEST
    assert [a for a, _ in torn.candidates][:2] == ["huisarts", "huisartsenpost"]
    nothing = matcher.decide_from(dataclasses.replace(_signals({}), out_of_scope=0.99), only_rasa)
    assert nothing.decision is Decision.DECLINE


def test_a_follow_up_counts_only_when_short(matcher: Matcher) -> None:
    weak = {"huisarts": matcher.tuning.suggest / 2}
    short = matcher.combine(_signals(weak, previous="tandarts", words=4), ("rasa",))
    assert short[0][0] == "tandarts"
    long = matcher.combine(_signals(weak, previous="tandarts", words=30), ("rasa",))
    assert long[0][0] == "huisarts"

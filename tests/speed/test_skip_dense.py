"""The matcher skips the question's embedding only when it cannot change the answer."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from unittest import mock

import pytest

from wegwijz.answering import matcher as matcher_module
from wegwijz.answering.embeddings import embeddings_cache_path
from wegwijz.answering.matcher import Decision, Matcher, matcher_for
from wegwijz.benchmark import heldout
from wegwijz.kennisbank import load_kennisbank
from wegwijz.settings import get as get_settings


@pytest.fixture(scope="module")
def matcher(kennisbank_dir: Path) -> Matcher:
    return matcher_for(kennisbank_dir, load_kennisbank(kennisbank_dir), embeddings_cache_path(get_settings()))


def _rankings(matcher: Matcher, question: heldout.Question) -> list[list[dict[str, object]]]:
    """Model rankings from sure to torn, for the right article and for a wrong one."""
    right = question.article or matcher.articles[0]
    wrong = next(a for a in matcher.articles if a != right)
    return [
        [{"name": f"kb_{right}", "confidence": 0.97}, {"name": f"kb_{wrong}", "confidence": 0.02}],
        [{"name": f"kb_{wrong}", "confidence": 0.9}, {"name": f"kb_{right}", "confidence": 0.05}],
        [{"name": f"kb_{right}", "confidence": 0.5}, {"name": f"kb_{wrong}", "confidence": 0.45}],
        [{"name": "out_of_scope", "confidence": 0.8}, {"name": f"kb_{right}", "confidence": 0.15}],
        [],
    ]


def test_the_live_decision_is_always_the_one_from_every_signal(matcher: Matcher) -> None:
    questions = [q for lang in ("nl", "ar", "ti", "en") for q in heldout.load("all") if q.lang == lang][::18]
    skipped = computed = 0
    for question, previous in zip(questions, itertools.cycle([None, None, matcher.articles[3]])):
        for ranking in _rankings(matcher, question):
            full = matcher.decide_from(matcher.signals(question.text, ranking, previous))
            live = matcher.decide(question.text, ranking, previous)
            assert (live.decision, live.article) == (full.decision, full.article), question.text
            if matcher.sure_without_dense(matcher.cheap_signals(question.text, ranking, previous)):
                skipped += 1
                assert live.decision is Decision.ANSWER
            else:
                computed += 1
    assert skipped and computed  # both paths were taken


def test_a_settled_question_is_not_embedded(matcher: Matcher) -> None:
    settled = [(q, [{"name": f"kb_{q.article}", "confidence": 0.99}]) for q in heldout.load("all")[::7] if q.article]
    settled = [(q, r) for q, r in settled if matcher.sure_without_dense(matcher.cheap_signals(q.text, r))]
    assert settled, "a sure model and the question's own words settle some questions"
    expected = [matcher.decide_from(matcher.signals(q.text, r)).article for q, r in settled]
    with mock.patch.object(matcher_module, "embed_query", side_effect=AssertionError("embedded")):
        assert [matcher.decide(q.text, r).article for q, r in settled] == expected


def test_the_bound_follows_the_tuning(matcher: Matcher) -> None:
    t = matcher.tuning
    total = t.rasa + t.bm25 + t.dense + t.body + t.body_dense + t.terms
    assert matcher.dense_share() == pytest.approx((t.dense + t.body_dense) / total)
    original = matcher.tuning
    try:
        matcher.tuning = dataclasses.replace(t, dense=5.0)
        assert matcher.dense_share() > 0.8
        question = next(q for q in heldout.load("all") if q.lang == "nl" and q.article)
        ranking = [{"name": f"kb_{question.article}", "confidence": 0.99}]
        assert matcher.sure_without_dense(matcher.cheap_signals(question.text, ranking)) is None
    finally:
        matcher.tuning = original

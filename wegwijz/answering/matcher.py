"""Combine the Rasa model, BM25 and embeddings into one decision.

For every article the three signals are scaled to 0..1 and added with
weights; the best score decides between answering, offering the likeliest
articles ("did you mean…?") and declining. The weights and thresholds are
chosen with `make benchmark` on the development half of the held-out set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from wegwijz import LANGUAGES
from wegwijz.answering.bm25 import BM25Index
from wegwijz.answering.embeddings import EmbeddingCache, embed
from wegwijz.kennisbank.model import Kennisbank


class Decision(str, Enum):
    """What the assistant does with a question."""

    ANSWER = "answer"
    """One article fits clearly: answer from it."""
    SUGGEST = "suggest"
    """Some articles may fit: offer them as buttons."""
    DECLINE = "decline"
    """Nothing fits: say so and name a human contact."""


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds of the combined score, chosen with `make benchmark --tune`.

    Each signal becomes a probability over the articles (the model's own
    confidences; a softmax of the BM25 scores and of the embedding
    similarities), and the combined score is their weighted mean.
    """

    rasa: float = 0.4
    bm25: float = 0.2
    dense: float = 0.15
    bm25_temperature: float = 15.0
    dense_temperature: float = 0.003
    dense_floor: float = 0.86
    """Embeddings count fully only when the closest example is this similar (ramping up over 0.06):
    a softmax alone would be just as sure about a question unlike anything in the kennisbank."""
    answer: float = 0.25
    """Answer when the best article scores at least this..."""
    margin: float = 0.0
    """...and leads the second by at least this."""
    suggest: float = 0.25
    """Between `suggest` and `answer`: offer the likeliest articles as buttons."""
    out_of_scope: float = 0.5
    """Decline when the model says "out of scope" this surely and no article clearly wins."""


ALL_SIGNALS = ("rasa", "bm25", "dense")


@dataclass(frozen=True)
class Signals:
    """The raw evidence for one question, per article."""

    rasa: dict[str, float]
    lexical: dict[str, float]
    dense: dict[str, float]
    out_of_scope: float


@dataclass(frozen=True)
class Match:
    """The decision for one question, with the ranked candidates."""

    decision: Decision
    article: str | None
    candidates: list[tuple[str, float]] = field(default_factory=list)


def _softmax(scores: dict[str, float], articles: list[str], temperature: float) -> dict[str, float]:
    """Scores turned into probabilities over all articles (missing scores count as 0)."""
    values = np.asarray([scores.get(a, 0.0) for a in articles], dtype=np.float64) / temperature
    exps = np.exp(values - values.max())
    return dict(zip(articles, exps / exps.sum()))


def _rasa_scores(intent_ranking: Iterable[dict[str, Any]]) -> tuple[dict[str, float], float]:
    scores: dict[str, float] = {}
    out_of_scope = 0.0
    for item in intent_ranking or []:
        name, confidence = str(item.get("name") or ""), float(item.get("confidence") or 0.0)
        if name.startswith("kb_"):
            scores[name[3:]] = confidence
        elif name == "out_of_scope":
            out_of_scope = confidence
    return scores, out_of_scope


class Matcher:
    """Ranks kennisbank articles for a question."""

    def __init__(self, kb: Kennisbank, cache_path: Path | None = None, tuning: Tuning | None = None):
        self.tuning = tuning or Tuning()
        self.articles = sorted(kb.articles)
        self.bm25 = BM25Index()
        texts: list[str] = []
        owners: list[int] = []
        for index, article_id in enumerate(self.articles):
            article = kb.articles[article_id]
            parts = []
            for lang in LANGUAGES:
                tr = article.translations[lang]
                examples = [tr.title, *tr.questions]
                parts.extend(examples)
                texts.extend(examples)
                owners.extend([index] * len(examples))
            self.bm25.add(article_id, "\n".join(parts))
        self._owners = np.asarray(owners, dtype=np.int64)
        self._cache = EmbeddingCache(cache_path)
        self._vectors = self._cache.get(texts)

    def dense_scores(self, text: str) -> dict[str, float]:
        """Highest cosine similarity between the question and each article's examples."""
        query = embed([text[:1000]])[0]  # questions are not cached: the cache is for the index
        sims = self._vectors @ query
        best = np.full(len(self.articles), -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, sims)
        return {a: float(s) for a, s in zip(self.articles, best)}

    def signals(self, text: str, intent_ranking: Iterable[dict[str, Any]] = ()) -> Signals:
        """The three raw signals for one question (computed once, combined cheaply)."""
        rasa, out_of_scope = _rasa_scores(intent_ranking)
        return Signals(rasa, self.bm25.scores(text), self.dense_scores(text), out_of_scope)

    def combine(self, signals: Signals, use: tuple[str, ...] = ALL_SIGNALS) -> list[tuple[str, float]]:
        """Articles by combined score, best first.

        Args:
            signals: the question's raw signals.
            use: which signals to combine (the benchmark compares subsets).
        """
        t = self.tuning
        weights = {name: (getattr(t, name) if name in use else 0.0) for name in ALL_SIGNALS}
        total = sum(weights.values()) or 1.0
        lexical = _softmax(signals.lexical, self.articles, t.bm25_temperature)
        dense = _softmax(signals.dense, self.articles, t.dense_temperature)
        closest = max(signals.dense.values(), default=0.0)
        dense_weight = weights["dense"] * min(1.0, max(0.0, (closest - t.dense_floor) / 0.06))
        combined = {
            article: (weights["rasa"] * signals.rasa.get(article, 0.0) + weights["bm25"] * lexical[article]
                      + dense_weight * dense[article]) / total
            for article in self.articles
        }
        return sorted(combined.items(), key=lambda kv: kv[1], reverse=True)

    def rank(self, text: str, intent_ranking: Iterable[dict[str, Any]] = ()) -> list[tuple[str, float]]:
        """Articles by combined score for a question, best first."""
        return self.combine(self.signals(text, intent_ranking))

    def decide(self, text: str, intent_ranking: Iterable[dict[str, Any]] = ()) -> Match:
        """Answer, suggest or decline for one question."""
        return self.decide_from(self.signals(text, intent_ranking))

    def decide_from(self, signals: Signals, use: tuple[str, ...] = ALL_SIGNALS) -> Match:
        """The decision for precomputed signals."""
        t = self.tuning
        top = self.combine(signals, use)[:3]
        if not top:
            return Match(Decision.DECLINE, None, [])
        best, score = top[0]
        second = top[1][1] if len(top) > 1 else 0.0
        if signals.out_of_scope >= t.out_of_scope and score < t.answer + t.margin:
            return Match(Decision.DECLINE, None, top)
        if score >= t.answer and score - second >= t.margin:
            return Match(Decision.ANSWER, best, top)
        if score >= t.suggest:
            return Match(Decision.SUGGEST, None, [(a, s) for a, s in top if s >= t.suggest / 2])
        return Match(Decision.DECLINE, None, top)

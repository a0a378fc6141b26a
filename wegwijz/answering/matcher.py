"""Combine the Rasa model, BM25 and embeddings into one decision.

For every article the three signals are scaled to 0..1 and added with
weights; the best score decides between answering, offering the likeliest
articles ("did you mean…?") and declining. The weights and thresholds are
chosen with `make benchmark` on the development half of the held-out set.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np

from wegwijz import LANGUAGES
from wegwijz.answering.bm25 import BM25Index
from wegwijz.answering.embeddings import EmbeddingCache, embed_query
from wegwijz.answering.terms import TermIndex
from wegwijz.kennisbank.glossary import Term
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
    """Weights and thresholds of the combined score, chosen with `make benchmark BENCHMARK_ARGS="--tune N"`.

    Each signal becomes a probability over the articles (the model's own
    confidences; a softmax of the BM25 scores and of the embedding
    similarities), and the combined score is their weighted mean.
    """

    rasa: float = 0.2
    bm25: float = 0.3
    dense: float = 0.15
    body: float = 0.05
    """BM25 over the article bodies, paragraph by paragraph, and the glossary's explanations."""
    body_dense: float = 0.1
    """Embeddings of the body paragraphs."""
    terms: float = 0.2
    """Official Dutch terms the question names (any script), for the articles that explain them."""
    follow: float = 0.3
    """Added to the article just answered when a short message follows it ("and for my children?")."""
    bm25_temperature: float = 15.0
    dense_temperature: float = 0.005
    dense_floor: float = 0.84
    """Embeddings count fully only when the closest example is this similar (ramping up over 0.06):
    a softmax alone would be just as sure about a question unlike anything in the kennisbank."""
    answer: float = 0.2
    """Answer when the best article scores at least this..."""
    margin: float = 0.05
    """...and leads the second by at least this."""
    suggest: float = 0.12
    """Between `suggest` and `answer` (or without the lead): offer the likeliest articles as buttons."""
    out_of_scope: float = 0.5
    """Decline when the model says "out of scope" this surely and no article clearly wins."""


ALL_SIGNALS = ("rasa", "bm25", "dense", "body", "body_dense", "terms")
FOLLOW_UP_WORDS = 8
"""A message of at most this many words right after an answer may be a follow-up on it."""
_ROUNDING = 1e-9
"""Kept in hand against floating-point rounding when proving the embeddings cannot change an answer."""
_PARAGRAPH_WORDS = 4
"""Body paragraphs shorter than this are left out of the index (headings, a lone number)."""


def paragraphs(body: str) -> list[str]:
    """An article body cut into paragraphs and list items, without markdown emphasis."""
    out = []
    for block in body.split("\n\n"):
        for line in block.split("\n") if "\n- " in "\n" + block else [block]:
            text = line.replace("**", "").replace("_", " ").lstrip("-* ").strip()
            if len(text.split()) >= _PARAGRAPH_WORDS and not text.endswith(":"):  # not a heading
                out.append(text)
    return out


@dataclass(frozen=True)
class Signals:
    """The raw evidence for one question, per article."""

    rasa: dict[str, float]
    lexical: dict[str, float]
    dense: dict[str, float]
    out_of_scope: float
    body: dict[str, float] = field(default_factory=dict)
    body_dense: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)
    words: int = 0
    previous: str | None = None
    """The article answered just before, when the conversation has one."""


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

    def __init__(self, kb: Kennisbank, cache_path: Path | None = None, tuning: Tuning | None = None,
                 glossary: list[Term] | None = None):
        self.tuning = tuning or Tuning()
        self.articles = sorted(kb.articles)
        self.bm25 = BM25Index()
        self.body_bm25 = BM25Index()
        self.term_index = TermIndex(kb, glossary or [])
        texts: list[str] = []
        owners: list[int] = []
        passages: list[str] = []
        passage_owners: list[int] = []
        for index, article_id in enumerate(self.articles):
            article = kb.articles[article_id]
            parts = []
            for lang in LANGUAGES:
                tr = article.translations[lang]
                examples = [tr.title, *tr.questions]
                parts.extend(examples)
                texts.extend(examples)
                owners.extend([index] * len(examples))
                body = paragraphs(tr.body)
                passages.extend(body)
                passage_owners.extend([index] * len(body))
                for n, paragraph in enumerate(body):
                    self.body_bm25.add(f"{article_id}#{lang}{n}", paragraph)
            for term in glossary or []:  # what the glossary says a term in the title means, in every language
                if term.pattern().search(article.translations["nl"].title):
                    self.body_bm25.add(f"{article_id}#glossary-{term.term}",
                                       "\n".join([term.term, *term.explanation.values()]))
            self.bm25.add(article_id, "\n".join(parts))
        self._owners = np.asarray(owners, dtype=np.int64)
        self._passage_owners = np.asarray(passage_owners, dtype=np.int64)
        self._cache = EmbeddingCache(cache_path)
        self._vectors = self._cache.get(texts)
        self._passage_vectors = self._cache.get(passages)

    def _closest(self, vectors: np.ndarray, owners: np.ndarray, query: np.ndarray) -> dict[str, float]:
        best = np.full(len(self.articles), -1.0, dtype=np.float32)
        if len(vectors):
            np.maximum.at(best, owners, vectors @ query)
        return {a: float(s) for a, s in zip(self.articles, best)}

    def dense_scores(self, text: str) -> dict[str, float]:
        """Highest cosine similarity between the question and each article's examples."""
        query = embed_query(text[:1000])  # questions are kept in memory (bounded), not in the index cache
        return self._closest(self._vectors, self._owners, query)

    def body_scores(self, text: str) -> dict[str, float]:
        """Best BM25 score of any paragraph of each article (bodies in all languages, glossary explanations)."""
        best: dict[str, float] = {}
        for name, value in self.body_bm25.scores(text).items():
            article = name.split("#", 1)[0]
            best[article] = max(best.get(article, 0.0), value)
        return best

    def signals(self, text: str, intent_ranking: Iterable[dict[str, Any]] = (),
                previous: str | None = None) -> Signals:
        """The raw signals for one question (computed once, combined cheaply).

        Args:
            text: the question.
            intent_ranking: the Rasa model's ranking for it.
            previous: the article answered just before in this conversation, if any.
        """
        return self._with_dense(self.cheap_signals(text, intent_ranking, previous, unweighted=True), text)

    def cheap_signals(self, text: str, intent_ranking: Iterable[dict[str, Any]] = (),
                      previous: str | None = None, unweighted: bool = False) -> Signals:
        """Every signal but the two that need the question's embedding (left empty).

        The body BM25 is left empty too while the tuning gives it no weight (it adds 0 to every score),
        unless `unweighted` asks for it (the benchmark, whose `--tune` may weigh it again).
        """
        rasa, out_of_scope = _rasa_scores(intent_ranking)
        body = self.body_scores(text) if unweighted or self.tuning.body else {}
        return Signals(rasa, self.bm25.scores(text), {}, out_of_scope, body=body,
                       terms=self.term_index.scores(text), words=len(text.split()),
                       previous=previous if previous in self.articles else None)

    def _with_dense(self, cheap: Signals, text: str) -> Signals:
        query = embed_query(text[:1000])
        return dataclasses.replace(cheap, dense=self._closest(self._vectors, self._owners, query),
                                   body_dense=self._closest(self._passage_vectors, self._passage_owners, query))

    def dense_share(self) -> float:
        """The most the two embedding signals can add to any article's combined score.

        Each is a probability (0..1) times its weight (times a ramp of at most 1), over the same total
        as in `combine`.
        """
        t = self.tuning
        total = sum(getattr(t, name) for name in ALL_SIGNALS) or 1.0
        return (t.dense + t.body_dense) / total

    def sure_without_dense(self, cheap: Signals) -> str | None:
        """The article `decide_from` would answer with, when the cheap signals alone already settle it.

        Without the embeddings the best article scores `s1` and the second `s2`; the embeddings can
        only add between 0 and `dense_share()` to each article. So when `s1 >= answer`, the lead
        `s1 - s2 >= margin + dense_share()` and the out-of-scope rule cannot fire, every value the
        embeddings could take gives the same answer: they need not be computed.
        """
        t = self.tuning
        top = self.combine(cheap)[:2]
        if len(top) < 2:
            return None
        (best, s1), (_, s2) = top
        declinable = cheap.out_of_scope >= t.out_of_scope and s1 < t.answer + t.margin
        if s1 >= t.answer and s1 - s2 >= t.margin + self.dense_share() + _ROUNDING and not declinable:
            return best
        return None

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
        body = _softmax(signals.body, self.articles, t.bm25_temperature)
        dense = _softmax(signals.dense, self.articles, t.dense_temperature)
        body_dense = _softmax(signals.body_dense, self.articles, t.dense_temperature)

        def ramp(values: dict[str, float]) -> float:
            return min(1.0, max(0.0, (max(values.values(), default=0.0) - t.dense_floor) / 0.06))

        dense_weight = weights["dense"] * ramp(signals.dense)
        body_dense_weight = weights["body_dense"] * ramp(signals.body_dense)
        combined = {
            article: (weights["rasa"] * signals.rasa.get(article, 0.0) + weights["bm25"] * lexical[article]
                      + weights["body"] * body[article] + dense_weight * dense[article]
                      + body_dense_weight * body_dense[article]
                      + weights["terms"] * signals.terms.get(article, 0.0)) / total
            for article in self.articles
        }
        if signals.previous and signals.words <= FOLLOW_UP_WORDS:
            combined[signals.previous] += t.follow
        return sorted(combined.items(), key=lambda kv: kv[1], reverse=True)

    def rank(self, text: str, intent_ranking: Iterable[dict[str, Any]] = ()) -> list[tuple[str, float]]:
        """Articles by combined score for a question, best first."""
        return self.combine(self.signals(text, intent_ranking))

    def decide(self, text: str, intent_ranking: Iterable[dict[str, Any]] = (), previous: str | None = None) -> Match:
        """Answer, suggest or decline for one question (`previous`: the article answered just before).

        The decision is always `decide_from(signals(...))`'s; when the cheap signals settle it
        (`sure_without_dense`) the question is not embedded, and the candidates of the answer carry
        the scores without the embeddings.
        """
        cheap = self.cheap_signals(text, intent_ranking, previous)
        sure = self.sure_without_dense(cheap)
        if sure is not None:
            return Match(Decision.ANSWER, sure, self.combine(cheap)[:3])
        return self.decide_from(self._with_dense(cheap, text))

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


def matcher_for(kennisbank_dir: Path, kb: Kennisbank, cache_path: Path | None = None,
                tuning: Tuning | None = None) -> Matcher:
    """The matcher for a kennisbank folder: its articles and its glossary."""
    from wegwijz.kennisbank.glossary import load_glossary

    return Matcher(kb, cache_path, tuning, glossary=load_glossary(kennisbank_dir))

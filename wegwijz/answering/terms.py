"""Official Dutch terms named in a question, in any script, as evidence for the articles that explain them.

A newcomer often writes the one Dutch word they have seen on a letter inside an Arabic or Tigrinya
sentence ("كيف بسجل عند huisarts", "DUO ከመይ ክኸፍል"). The glossary lists those official terms; spaCy's
`PhraseMatcher` finds them (also multi-word ones such as "Veilig Thuis") in the question, tokenised by
spaCy's blank pipeline for the question's script — the Tigrinya one splits off Ethiopic punctuation
("huisarts።"), the Arabic one Arabic punctuation ("huisarts؟"). Each term points to the articles
that explain it: the article whose title names it first, then those whose example questions or body
use it most.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from typing import Any

from wegwijz import LANGUAGES
from wegwijz.kennisbank.glossary import Term
from wegwijz.kennisbank.model import Kennisbank

_ETHIOPIC = re.compile(r"[\u1200-\u139f\u2d80-\u2ddf]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")


@functools.lru_cache(maxsize=4)
def _blank(lang: str) -> Any:
    import spacy

    return spacy.blank(lang)


def script_language(text: str) -> str:
    """The spaCy pipeline whose tokenizer suits the text's script: ti for Ethiopic, ar for Arabic, else nl."""
    if _ETHIOPIC.search(text):
        return "ti"
    if _ARABIC.search(text):
        return "ar"
    return "nl"


class TermIndex:
    """Which articles explain each glossary term, and which terms a question names."""

    def __init__(self, kb: Kennisbank, terms: list[Term]) -> None:
        from spacy.matcher import PhraseMatcher

        self.terms = {t.term: t for t in terms}
        self.weights: dict[str, dict[str, float]] = {}
        for term in terms:
            pattern = term.pattern()
            raw: dict[str, float] = defaultdict(float)
            for article in kb.articles.values():
                for lang in LANGUAGES:
                    tr = article.translations[lang]
                    if pattern.search(tr.title):
                        raw[article.id] += 3.0
                    raw[article.id] += 0.5 * sum(1 for q in tr.questions if pattern.search(q))
                    raw[article.id] += 0.25 * math.log1p(len(pattern.findall(tr.body)))
            raw = {a: w for a, w in raw.items() if w > 0}
            total = sum(raw.values())
            if total:
                self.weights[term.term] = {a: w / total for a, w in raw.items()}
        self._matchers: dict[str, Any] = {}
        self._phrase_matcher: Any = PhraseMatcher

    def _matcher(self, lang: str) -> Any:
        if lang not in self._matchers:
            nlp = _blank(lang)
            exact = self._phrase_matcher(nlp.vocab)  # abbreviations: case matters ("IND", not "ind")
            folded = self._phrase_matcher(nlp.vocab, attr="LOWER")
            for name in self.weights:
                upper = name.isupper() or any(c.isdigit() for c in name)
                (exact if upper else folded).add(name, [nlp.make_doc(name)])
            self._matchers[lang] = (nlp, exact, folded)
        return self._matchers[lang]

    def named(self, text: str) -> list[str]:
        """The glossary terms the text names, each once, in order of appearance."""
        nlp, exact, folded = self._matcher(script_language(text))
        doc = nlp.make_doc(text[:2000])
        found = sorted(exact(doc) + folded(doc), key=lambda m: m[1])
        names: list[str] = []
        for match_id, _, _ in found:
            name = nlp.vocab.strings[match_id]
            if name not in names:
                names.append(name)
        return names

    def scores(self, text: str) -> dict[str, float]:
        """Evidence per article from the terms the question names (sums to 1 when any term is named)."""
        named = self.named(text)
        result: dict[str, float] = defaultdict(float)
        for name in named:
            for article, weight in self.weights[name].items():
                result[article] += weight / len(named)
        return dict(result)

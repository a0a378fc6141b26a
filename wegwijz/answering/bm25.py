"""A small BM25 index over articles, one document per article (all languages).

Tokens are folded words plus the character trigrams inside each word, so
Arabic and Tigrinya prefixes ("ال", "ብ") and typos still share most tokens.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from wegwijz.language.normalise import normalise

_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Folded words and their inner character trigrams."""
    out: list[str] = []
    for word in _WORD.findall(normalise(text)):
        out.append("w:" + word)
        padded = f"<{word}>"
        if len(padded) > 4:
            out.extend("c:" + padded[i : i + 3] for i in range(len(padded) - 2))
    return out


@dataclass
class BM25Index:
    """Okapi BM25 over named documents."""

    k1: float = 1.2
    b: float = 0.75
    names: list[str] = field(default_factory=list)
    _tf: list[Counter[str]] = field(default_factory=list)
    _len: list[int] = field(default_factory=list)
    _df: Counter[str] = field(default_factory=Counter)

    def add(self, name: str, text: str) -> None:
        """Add one document."""
        counts = Counter(tokens(text))
        self.names.append(name)
        self._tf.append(counts)
        self._len.append(sum(counts.values()))
        self._df.update(counts.keys())

    def scores(self, query: str) -> dict[str, float]:
        """BM25 score of every document with at least one shared token."""
        n = len(self.names)
        if not n:
            return {}
        avg = sum(self._len) / n
        result: dict[str, float] = {}
        for term in set(tokens(query)):
            df = self._df.get(term)
            if not df:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            for i, tf in enumerate(self._tf):
                f = tf.get(term)
                if f:
                    norm = f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self._len[i] / avg))
                    result[self.names[i]] = result.get(self.names[i], 0.0) + idf * norm
        return result

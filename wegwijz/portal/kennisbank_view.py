"""The kennisbank as editors see it: articles with per-language status, review dates and feedback."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path

from wegwijz import LANGUAGES
from wegwijz.contract import languages
from wegwijz.kennisbank import Article, Kennisbank, TranslationStatus, load_kennisbank

STATUS_LABELS = {
    TranslationStatus.SOURCE: "bron",
    TranslationStatus.REVIEWED: "gecontroleerd",
    TranslationStatus.MACHINE: "machine",
    TranslationStatus.OUTDATED: "verouderd",
}
"""Dutch names of the translation statuses."""

LANGUAGE_LABELS = languages.names_in("nl")
"""Dutch names of the four languages."""

TEXT_DIRECTION = {language.code: language.direction for language in languages.REGISTRY}
"""Writing direction per language (Arabic right-to-left; Ge'ez left-to-right)."""


@dataclass(frozen=True)
class ArticleRow:
    """One line of the editors' list."""

    article: Article
    overdue: bool
    statuses: dict[str, TranslationStatus]
    feedback: dict[str, tuple[int, int]]

    @property
    def thumbs_up(self) -> int:
        """👍 over all languages."""
        return sum(up for up, _ in self.feedback.values())

    @property
    def thumbs_down(self) -> int:
        """👎 over all languages."""
        return sum(down for _, down in self.feedback.values())


@dataclass(frozen=True)
class ArticleFilter:
    """One filter of the editors' list: its Dutch label and which rows it keeps."""

    label: str
    kind: str

    def keeps(self, row: ArticleRow) -> bool:
        """Whether `row` is shown under this filter."""
        if self.kind == "verify":
            return row.article.verify
        if self.kind == "outdated":
            return TranslationStatus.OUTDATED in row.statuses.values()
        return True


ARTICLE_FILTERS = {
    "": ArticleFilter("Alle artikelen", "all"),
    "te-verifieren": ArticleFilter("Te verifiëren", "verify"),
    "verouderd": ArticleFilter("Verouderde vertaling", "outdated"),
}
"""The list's filters by their value in the query string (`?filter=verouderd`)."""


def article_rows(kb: Kennisbank, feedback: dict[tuple[str, str], tuple[int, int]], today: dt.date) -> list[ArticleRow]:
    """The editors' list: overdue reviews first, then by review-by date, then by id."""
    rows = [
        ArticleRow(
            article=article,
            overdue=article.review_by < today,
            statuses={lang: article.status(lang) for lang in LANGUAGES},
            feedback={lang: feedback.get((article.id, lang), (0, 0)) for lang in LANGUAGES},
        )
        for article in kb.articles.values()
    ]
    return sorted(rows, key=lambda row: (not row.overdue, row.article.review_by, row.article.id))


class KennisbankCache:
    """The loaded kennisbank, reloaded only when a file in it changed (loading takes a while)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[Path, tuple[tuple[object, ...], Kennisbank]] = {}

    @staticmethod
    def _stamp(root: Path) -> tuple[object, ...]:
        files = sorted((root / "articles").glob("*/*.md"))
        return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)

    def get(self, root: Path) -> Kennisbank:
        """The kennisbank under `root`, as it is on disk now.

        Raises:
            KennisbankError: when a file does not follow the format.
        """
        stamp = self._stamp(root)
        with self._lock:
            cached = self._loaded.get(root)
            if cached and cached[0] == stamp:
                return cached[1]
        kb = load_kennisbank(root)
        with self._lock:
            self._loaded[root] = (stamp, kb)
        return kb

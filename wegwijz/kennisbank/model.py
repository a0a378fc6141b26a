"""What an article is: facts about it, and one translation per language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class TranslationStatus(str, Enum):
    """The state of one language version of an article."""

    SOURCE = "source"
    """The Dutch original that translations are made from."""
    REVIEWED = "reviewed"
    """A translation a person has checked against the source."""
    MACHINE = "machine"
    """A translation nobody has checked yet; answers say so."""
    OUTDATED = "outdated"
    """Computed: the Dutch source changed after this translation was made."""


@dataclass(frozen=True)
class Translation:
    """One language version of an article."""

    lang: str
    title: str
    body: str
    questions: tuple[str, ...]
    written_status: TranslationStatus
    source_version: int

    def status(self, current_version: int) -> TranslationStatus:
        """The status to show, with "outdated" computed from the source version."""
        if self.written_status is TranslationStatus.SOURCE:
            return TranslationStatus.SOURCE
        if self.source_version < current_version:
            return TranslationStatus.OUTDATED
        return self.written_status


@dataclass(frozen=True)
class Source:
    """Where a fact in the article comes from."""

    title: str
    url: str
    seen: dt.date | None = None
    """When the page was last read and found to state the fact (None: not recorded)."""
    urls: dict[str, str] = field(default_factory=dict)
    """The same page in another language, by language code (from `url_en`, `url_ar`, `url_ti`)."""


@dataclass(frozen=True)
class Article:
    """A kennisbank article: one topic, a version per language."""

    id: str
    topic: str
    owner: str
    last_reviewed: dt.date | None
    """The day a person last reviewed the article (None: nobody has reviewed it yet)."""
    review_by: dt.date
    version: int
    verify: bool
    verify_note: str
    sources: tuple[Source, ...]
    translations: dict[str, Translation] = field(default_factory=dict)
    check_at: str = ""
    """Where a newcomer can check the unverified local fact (empty: the gemeente's site)."""

    @property
    def intent(self) -> str:
        """The NLU intent name generated for this article."""
        return f"kb_{self.id}"

    def status(self, lang: str) -> TranslationStatus:
        """The computed translation status in one language."""
        return self.translations[lang].status(self.version)

    @property
    def reviewed(self) -> bool:
        """Whether a person has ever reviewed the article."""
        return self.last_reviewed is not None

    def needs_review(self, today: dt.date) -> bool:
        """Whether an editor must look at it (verify flag, never reviewed, or review date passed)."""
        return self.verify or not self.reviewed or self.review_by < today


@dataclass
class Kennisbank:
    """All articles, by id."""

    articles: dict[str, Article]

    def by_intent(self, intent: str) -> Article | None:
        """The article an NLU intent name stands for, if any."""
        if not intent.startswith("kb_"):
            return None
        return self.articles.get(intent[3:])

    def __len__(self) -> int:
        return len(self.articles)

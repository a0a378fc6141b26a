"""The glossary of official Dutch terms, and the check that articles keep them in Dutch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from wegwijz import LANGUAGES
from wegwijz.kennisbank.model import Kennisbank


@dataclass(frozen=True)
class Term:
    """An official Dutch term with its explanation per language."""

    term: str
    explanation: dict[str, str]
    gloss: dict[str, str] = field(default_factory=dict)
    """The short explanation written beside the term in a body, per language (one wording everywhere)."""

    def pattern(self) -> re.Pattern[str]:
        """Whole-word, case-sensitive for abbreviations (IND is not "kinderen")."""
        flags = 0 if self.term.isupper() or any(c.isdigit() for c in self.term) else re.IGNORECASE
        return re.compile(rf"(?<![\w]){re.escape(self.term)}(?![\w])", flags)


def load_glossary(kennisbank_dir: Path) -> list[Term]:
    """Read `glossary.yml`."""
    data = yaml.safe_load((kennisbank_dir / "glossary.yml").read_text(encoding="utf-8"))
    return [Term(str(t["term"]), {k: str(v) for k, v in t["explanation"].items()},
                 {k: str(v) for k, v in (t.get("gloss") or {}).items()}) for t in data["terms"]]


def inconsistencies(kb: Kennisbank, terms: list[Term]) -> list[str]:
    """Every place where a term used in the Dutch text is missing from a translation.

    Official names must stay recognisable in every language, so a term that
    occurs in the Dutch body must also occur, written the same way, in the
    Arabic, Tigrinya and English bodies.
    """
    problems = []
    for article in kb.articles.values():
        nl = article.translations["nl"].body
        for term in terms:
            pattern = term.pattern()
            if not pattern.search(nl):
                continue
            for lang in LANGUAGES[1:]:
                if not pattern.search(article.translations[lang].body):
                    problems.append(f"{article.id}/{lang}.md: uses no '{term.term}' although nl.md does")
    return problems


def missing_explanations(terms: list[Term]) -> list[str]:
    """Terms without an explanation in one of the four languages."""
    return [f"{t.term}: no {lang} explanation" for t in terms for lang in LANGUAGES if not t.explanation.get(lang)]

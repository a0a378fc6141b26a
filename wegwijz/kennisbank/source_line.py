"""The line under an answer that says where its main fact comes from, and where to check an unchecked one.

The first source of an article is the page its main fact comes from. A source may
name the same page in another language (`url_en`, `url_ar`, `url_ti`); the
newcomer gets the page in their own language where it exists, else the Dutch one.
An article marked `verify` still has a local fact nobody has checked: the reply
then says where the newcomer can check it (`check_at`, or the gemeente's site).
"""

from __future__ import annotations

from wegwijz.kennisbank.model import Article, Source
from wegwijz.texts import say

GEMEENTE_SITE = "https://www.zeist.nl"
"""Where a local fact can be checked when the article names no better page."""

def source_url(source: Source, lang: str) -> str:
    """The source's page in `lang` where it exists, else its (Dutch) page."""
    return source.urls.get(lang) or source.url


def source_line(article: Article, lang: str) -> str | None:
    """The text shown under an answer: the main fact's page and, if needed, where to check.

    Args:
        article: the article answered.
        lang: the person's language (a code of the language registry).

    Returns:
        One or two lines in `lang`, or None when the article has neither a source nor an unchecked fact.
    """
    lines = []
    if article.sources:
        lines.append(say("kennisbank_source", lang, url=f"<{source_url(article.sources[0], lang)}>"))
    if article.verify:
        lines.append(say("kennisbank_check_local", lang, url=f"<{article.check_at or GEMEENTE_SITE}>"))
    return "\n".join(lines) or None

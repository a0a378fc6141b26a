"""The line under an answer that says where its main fact comes from, and where to check an unchecked one.

The first source of an article is the page its main fact comes from. A source may
name the same page in another language (`url_en`, `url_ar`, `url_ti`); the
newcomer gets the page in their own language where it exists, else the Dutch one.
An article marked `verify` still has a local fact nobody has checked: the reply
then says where the newcomer can check it (`check_at`, or the gemeente's site).
"""

from __future__ import annotations

from wegwijz.kennisbank.model import Article, Source

GEMEENTE_SITE = "https://www.zeist.nl"
"""Where a local fact can be checked when the article names no better page."""

SOURCE_TEXT = {
    "nl": "Bron: {url}",
    "ar": "المصدر: {url}",
    "ti": "ምንጪ፦ {url}",
    "en": "Source: {url}",
}
"""Introduces the link to the page of the article's main fact."""

CHECK_TEXT = {
    "nl": "Let op: een lokaal gegeven in dit antwoord is nog niet gecontroleerd. Kijk voor de zekerheid op {url}.",
    "ar": "انتبه: معلومة محلية في هذا الجواب لم يتم التحقق منها بعد. للتأكد انظر في {url}.",
    "ti": "ተጠንቀቑ፦ ኣብዚ መልሲ ዘሎ ከባቢያዊ ሓበሬታ ገና ኣይተመርመረን። ንምርግጋጽ ኣብ {url} ርኣዩ።",
    "en": "Note: a local fact in this answer has not been checked yet. To be sure, look at {url}.",
}
"""Says that a local fact is unchecked and where to check it."""


def source_url(source: Source, lang: str) -> str:
    """The source's page in `lang` where it exists, else its (Dutch) page."""
    return source.urls.get(lang) or source.url


def source_line(article: Article, lang: str) -> str | None:
    """The text shown under an answer: the main fact's page and, if needed, where to check.

    Args:
        article: the article answered.
        lang: the person's language (nl, ar, ti, en).

    Returns:
        One or two lines in `lang`, or None when the article has neither a source nor an unchecked fact.
    """
    lines = []
    if article.sources:
        lines.append(SOURCE_TEXT[lang].format(url=f"<{source_url(article.sources[0], lang)}>"))
    if article.verify:
        lines.append(CHECK_TEXT[lang].format(url=f"<{article.check_at or GEMEENTE_SITE}>"))
    return "\n".join(lines) or None

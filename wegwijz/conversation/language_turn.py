"""The language of a turn, and requests to switch language ("English please")."""

from __future__ import annotations

from wegwijz import LANGUAGES
from wegwijz.language import detect_language, normalise

_REQUEST_WORDS = {
    "nl": ("nederlands", "dutch", "hollands", "هولندي", "الهولندية", "بالهولندي", "ሆላንድኛ", "ሆላንዳዊ", "ሆላንድ"),
    "ar": ("arabisch", "arabic", "عربي", "العربيه", "بالعربي", "ዓረብኛ", "ዓረብ"),
    "ti": ("tigrinya", "tigrinja", "tigrinia", "tigrigna", "تغرينيا", "التغرينية", "ትግርኛ", "ትግሪኛ"),
    "en": ("english", "engels", "انجليزي", "الانجليزيه", "بالانجليزي", "انكليزي", "እንግሊዝኛ", "ኢንግሊዝኛ"),
}


def requested_language(text: str | None) -> str | None:
    """The language a message asks for, if it names exactly one."""
    folded = normalise(text)
    found = {lang for lang, words in _REQUEST_WORDS.items() if any(normalise(w) in folded for w in words)}
    return found.pop() if len(found) == 1 else None


def turn_language(text: str | None, chosen: str | None, previous: str | None) -> str:
    """The language to answer this message in (see `wegwijz.language.detect`)."""
    return detect_language(text, chosen=chosen, previous=previous).language


__all__ = ["LANGUAGES", "requested_language", "turn_language"]

"""Requests to switch language ("English please"); the language of a turn is `wegwijz.language.decide`'s."""

from __future__ import annotations

from wegwijz import LANGUAGES
from wegwijz.contract import languages
from wegwijz.language import normalise

_OTHER_SPELLINGS = {
    "nl": ("hollands", "هولندي", "بالهولندي", "ሆላንዳዊ", "ሆላንድ"),
    "ar": ("عربي", "بالعربي", "ዓረብ"),
    "ti": ("tigrinja", "tigrinia", "tigrigna", "تغرينيا", "ትግሪኛ"),
    "en": ("انجليزي", "بالانجليزي", "انكليزي", "ኢንግሊዝኛ"),
}
"""Ways people write a language's name besides the registry's names ("بالعربي": "in Arabic")."""
_REQUEST_WORDS = {lang: (*languages.get(lang).names.values(), *_OTHER_SPELLINGS.get(lang, ()))
                  for lang in languages.CODES}


def requested_language(text: str | None) -> str | None:
    """The language a message asks for, if it names exactly one."""
    folded = normalise(text)
    found = {lang for lang, words in _REQUEST_WORDS.items() if any(normalise(w) in folded for w in words)}
    return found.pop() if len(found) == 1 else None


__all__ = ["LANGUAGES", "requested_language"]

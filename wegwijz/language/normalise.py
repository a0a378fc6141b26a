"""Text normalisation shared by the NLU pipeline, the retrieval index and the actions.

Two levels:

- `clean_input` makes any incoming message safe to handle and show: it drops
  invisible bidi/zero-width control characters (people paste them from other
  apps; they break matching and can reorder what a caseworker sees), folds
  Unicode compatibility forms and collapses whitespace. Meaning is unchanged.
- `normalise` is for matching only: it also lowercases Latin text and folds
  the Arabic spelling variants that people type interchangeably (diacritics,
  tatweel, alef/ya/ta-marbuta forms, Arabic-Indic digits).
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff\u00ad]"
)
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_ARABIC_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0649": "\u064a",  # ى -> ي
        "\u0629": "\u0647",  # ة -> ه
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
        "\u06cc": "\u064a",  # Persian ی -> ي
        "\u06a9": "\u0643",  # Persian ک -> ك
        "\u060c": ",",  # Arabic comma
        "\u061f": "?",  # Arabic question mark
        "\u061b": ";",  # Arabic semicolon
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"\s+")


def clean_input(text: str | None) -> str:
    """Make an incoming message safe: no control characters, NFKC, single spaces.

    Args:
        text: the raw message (may be None or empty).

    Returns:
        The cleaned text; empty when nothing visible is left.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return _SPACES.sub(" ", text).strip()


def normalise(text: str | None) -> str:
    """Fold a message for matching: lowercase, Arabic variants, digits.

    Args:
        text: any text.

    Returns:
        The folded text, suitable for tokenising and comparing.
    """
    text = clean_input(text)
    text = _ARABIC_DIACRITICS.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_ARABIC_FOLD).translate(_DIGITS)
    return text.casefold()


def has_words(text: str) -> bool:
    """Whether the text has at least one letter or digit (emoji and punctuation alone do not count)."""
    return any(ch.isalnum() for ch in text)

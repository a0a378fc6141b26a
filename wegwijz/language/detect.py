"""Language detection in the order DESIGN.md fixes.

1. the person's explicit choice (stored in the tracker / database);
2. the script: Ethiopic letters mean Tigrinya, Arabic letters mean Arabic;
3. for Latin script, a Dutch/English detector restricted to those two
   (lingua-language-detector ships its models, so nothing is downloaded);
4. when the text says too little (emoji, "ok", a number), the language the
   conversation already had, else Dutch.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from wegwijz import LANGUAGES
from wegwijz.language.normalise import clean_input

DEFAULT_LANGUAGE = "nl"

# Short words a statistical detector cannot judge on its own.
_SHORT_WORDS = {
    # Frequent words that belong to one of the two languages only ("is", "of", "in" are both, so absent).
    "nl": {
        "hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "dag", "doei", "dank", "bedankt",
        "dankjewel", "dankuwel", "ja", "nee", "hulp", "taal", "graag", "alsjeblieft", "nederlands", "oke", "oké",
        "wat", "waar", "hoe", "wie", "wanneer", "waarom", "welke", "tot", "ziens", "helpen", "ik", "de", "het",
        "een", "en", "van", "niet", "mijn", "kan", "kun", "heb", "hebben", "voor", "met", "je", "jij", "u", "ben",
        "moet", "wil", "zijn", "er", "op", "aan", "naar", "ook", "maar", "dat", "die", "geen", "wordt", "bij",
        "om", "gaat", "beter", "mag", "krijg", "doen", "nu", "vandaag", "morgen", "gisteren", "week", "geld",
        "wij", "we", "ze", "zij", "hij", "haar", "ons", "onze", "jullie", "heel", "veel", "goed",
    },
    "en": {
        "hi", "hello", "thanks", "thank", "you", "yes", "please", "english", "good", "morning", "evening",
        "bye", "what", "where", "how", "who", "when", "why", "which", "okay", "language", "sorry", "i", "the",
        "a", "to", "and", "my", "do", "does", "dont", "it", "for", "can", "have", "has", "got", "need", "am",
        "are", "with", "from", "not", "get", "should", "want", "there", "this", "that", "your", "best", "place",
        "won", "yesterday", "today", "tomorrow", "buy", "cheap", "money", "me", "we", "they", "our",
        "would", "could", "about", "just", "much", "many", "time", "work", "job", "find", "live", "child",
    },
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Detection:
    """A detected language and why it was chosen."""

    language: str
    reason: str  # "choice", "script", "detector", "words", "previous" or "default"


def _script_counts(text: str) -> dict[str, int]:
    counts = {"ethiopic": 0, "arabic": 0, "latin": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
            counts["ethiopic"] += 1
        elif 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            counts["arabic"] += 1
        elif "LATIN" in unicodedata.name(ch, ""):
            counts["latin"] += 1
    return counts


def script_language(text: str) -> str | None:
    """The language implied by the script alone: "ti", "ar", "latin" or None.

    A message counts as Arabic or Tigrinya when at least a fifth of its letters
    are in that script, so "كيف اسجل عند huisarts" is Arabic.
    """
    counts = _script_counts(text)
    letters = sum(counts.values())
    if letters == 0:
        return None
    eth, ara = counts["ethiopic"], counts["arabic"]
    if max(eth, ara) * 5 >= letters:
        return "ti" if eth >= ara else "ar"
    return "latin"


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).build()


def _latin_language(text: str) -> tuple[str, str] | None:
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return None
    nl_hits = sum(w in _SHORT_WORDS["nl"] for w in words)
    en_hits = sum(w in _SHORT_WORDS["en"] for w in words)
    if (len(words) <= 3 and nl_hits != en_hits) or abs(nl_hits - en_hits) >= 2:
        return ("nl" if nl_hits > en_hits else "en"), "words"
    by_words = ("nl" if nl_hits > en_hits else "en") if nl_hits != en_hits else None
    if len(words) <= 2 and nl_hits == en_hits == 0:
        return None  # "ok", "DigiD": too little to judge
    from lingua import Language

    values = _detector().compute_language_confidence_values(text)
    scores = {v.language: v.value for v in values}
    nl, en = scores.get(Language.DUTCH, 0.0), scores.get(Language.ENGLISH, 0.0)
    if by_words and abs(nl - en) < 0.8:  # names of places and clubs fool the detector; words are surer
        return by_words, "words"
    if abs(nl - en) < 0.2 and len(words) <= 2:
        return None
    return ("nl" if nl >= en else "en"), "detector"


def detect_language(
    text: str | None,
    chosen: str | None = None,
    previous: str | None = None,
) -> Detection:
    """Decide which language to answer a message in.

    Args:
        text: the message as received.
        chosen: the language the person chose explicitly, if any.
        previous: the language of the conversation so far, if any.

    Returns:
        The language ("nl", "ar", "ti" or "en") and the reason.
    """
    if chosen in LANGUAGES:
        return Detection(chosen, "choice")
    text = clean_input(text)
    if text.startswith("/"):  # a command or button payload says nothing about the language
        text = ""
    script = script_language(text)
    if script in ("ar", "ti"):
        return Detection(script, "script")
    if script == "latin":
        found = _latin_language(text)
        if found:
            return Detection(*found)
    if previous in LANGUAGES:
        return Detection(previous, "previous")
    return Detection(DEFAULT_LANGUAGE, "default")

"""Language detection in the order DESIGN.md fixes.

1. the person's explicit choice (stored in the tracker / database);
2. the script: Ethiopic letters mean Tigrinya, Arabic letters mean Arabic (the registry,
   `wegwijz.contract.languages`, says which language each script is);
3. for Latin script, first a language of another script typed in Latin letters (the Arabic chat
   alphabet, "ana ta3ban kteer": the registry's `romanised_words` and `chat_digits`), then the
   registry's common words of each Latin-script language, then a detector restricted to those languages
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
from wegwijz.contract import languages
from wegwijz.language.normalise import clean_input

DEFAULT_LANGUAGE = languages.SOURCE

# Letters of the scripts other than Latin that our languages are written in (Unicode blocks, with their
# supplements and presentation forms); the registry says which language each script means.
_SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "ethiopic": ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F)),
    "arabic": ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFF)),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_CLOCK_OR_ORDINAL = re.compile(r"\d+(?:am|pm|st|nd|rd|th|de|ste|ste|km|kg|cm|mm|ml|gb|mb|jarige?)", re.IGNORECASE)


@dataclass(frozen=True)
class Detection:
    """A detected language and why it was chosen."""

    language: str
    reason: str  # "choice", "script", "romanised", "detector", "words", "previous" or "default"


def _script_counts(text: str) -> dict[str, int]:
    counts = dict.fromkeys((*_SCRIPT_RANGES, "latin"), 0)
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        script = next((name for name, ranges in _SCRIPT_RANGES.items()
                       if any(low <= code <= high for low, high in ranges)), None)
        if script:
            counts[script] += 1
        elif "LATIN" in unicodedata.name(ch, ""):
            counts["latin"] += 1
    return counts


def script_language(text: str) -> str | None:
    """The language implied by the script alone: a language code (ti, ar), "latin" or None.

    A message counts as written in another script than Latin when at least a fifth of its letters
    are in that script, so "كيف اسجل عند huisarts" is Arabic.
    """
    counts = _script_counts(text)
    letters = sum(counts.values())
    if letters == 0:
        return None
    script = max(_SCRIPT_RANGES, key=lambda name: counts[name])  # a tie goes to the first script
    if counts[script] * 5 >= letters:
        written_in = languages.in_script(script)  # the first, should two of ours ever share a script
        return written_in[0].code if written_in else None
    return "latin"


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    import lingua

    names = [language.detector for language in _latin_languages() if language.detector]
    return lingua.LanguageDetectorBuilder.from_languages(*(getattr(lingua.Language, n) for n in names)).build()


def _latin_languages() -> tuple[languages.Language, ...]:
    return languages.in_script("latin")


def _best_two(scores: dict[str, float]) -> tuple[str, float, float]:
    """The language with the highest score (the first in the registry on a tie), its score and the next one's."""
    ranked = sorted(scores, key=lambda code: -scores[code])  # sorted() is stable: ties keep the registry order
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    return ranked[0], scores[ranked[0]], runner_up


def _chat_digit_word(token: str, digits: str) -> bool:
    """Whether a token of letters and digits is a word of a chat alphabet ("ta3ban", "a7ki", "hala2",
    "3ala"), not a time, an ordinal, a unit or a code ("3am", "2e", "10km", "b2b", "4x4")."""
    if not token.isalnum() or _CLOCK_OR_ORDINAL.fullmatch(token):
        return False
    letters = [ch for ch in token if ch.isalpha()]
    used = [ch for ch in token if ch.isdigit()]
    if len(letters) < 2 or not used or any(d not in digits for d in used):
        return False
    if token[0].isalpha():
        return True  # "a7ki", "ta3ban", "hala2"
    leading = len(token) - len(token.lstrip("0123456789"))
    return leading == 1 and len(token) - leading >= 3  # "3ala", "2ollak", "7bob"; not "3am" or "2de"


def romanised_language(text: str) -> str | None:
    """A language of another script typed in Latin letters (the Arabic chat alphabet: "ana ta3ban kteer"),
    by the registry's `romanised_words` and `chat_digits`; None when the message does not look like one.

    Two chat-alphabet words, or one with two of the language's romanised words, are enough; without a
    chat digit, three romanised words that outnumber the common words of our Latin-script languages.
    """
    tokens = [t.casefold() for t in _TOKEN.findall(text)]
    common = frozenset().union(*(language.common_words for language in _latin_languages()))
    latin_hits = sum(t in common for t in tokens)
    for language in languages.REGISTRY:
        if language.script == "latin" or not (language.romanised_words or language.chat_digits):
            continue
        chat = sum(_chat_digit_word(t, language.chat_digits) for t in tokens) if language.chat_digits else 0
        words = sum(t in language.romanised_words for t in tokens)
        if chat >= 2 or (chat >= 1 and words >= 2) or (words >= 3 and words > latin_hits):
            return language.code
    return None


def _latin_language(text: str) -> tuple[str, str] | None:
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return None
    latin = _latin_languages()
    if len(latin) == 1:
        return latin[0].code, "words"
    hits = {language.code: float(sum(w in language.common_words for w in words)) for language in latin}
    top, top_hits, next_hits = _best_two(hits)
    if (len(words) <= 3 and top_hits != next_hits) or top_hits - next_hits >= 2:
        return top, "words"
    by_words = top if top_hits != next_hits else None
    if len(words) <= 2 and top_hits == 0:
        return None  # "ok", "DigiD": too little to judge
    by_name = {language.detector: language.code for language in latin if language.detector}
    values = _detector().compute_language_confidence_values(text)
    scores = dict.fromkeys((language.code for language in latin if language.detector), 0.0)
    scores.update({by_name[v.language.name]: v.value for v in values if v.language.name in by_name})
    best, best_score, next_score = _best_two(scores)
    if by_words and best_score - next_score < 0.8:  # names of places and clubs fool the detector; words are surer
        return by_words, "words"
    if best_score - next_score < 0.2 and len(words) <= 2:
        return None
    return best, "detector"


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
        The language (a code of `wegwijz.contract.languages`) and the reason.
    """
    if chosen in LANGUAGES:
        return Detection(chosen, "choice")
    text = clean_input(text)
    if text.startswith("/"):  # a command or button payload says nothing about the language
        text = ""
    script = script_language(text)
    if script not in (None, "latin"):
        return Detection(script, "script")
    if script == "latin":
        romanised = romanised_language(text)
        if romanised:
            return Detection(romanised, "romanised")
        found = _latin_language(text)
        if found:
            return Detection(*found)
    if previous in LANGUAGES:
        return Detection(previous, "previous")
    return Detection(DEFAULT_LANGUAGE, "default")

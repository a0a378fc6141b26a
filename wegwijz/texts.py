"""The assistant's own texts (outside the kennisbank), and the word lists it matches, in every language.

Texts are in `texts.yml` files (key -> language -> text); word lists that a feature looks for in what
people write (a period in a question, money trouble in an answer) are in `words.yml` files beside them
(key -> language -> list of words), so a new language brings its words with its texts.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from wegwijz import LANGUAGES
from wegwijz.contract import languages

TEXTS_FILE = Path(__file__).with_name("texts.yml")

LANGUAGE_NAMES = languages.own_names()
"""Each language named in itself, as shown on the language buttons."""


class MissingText(KeyError):
    """A text or one of its translations is missing: a bug, caught by the tests."""


def text_files() -> list[Path]:
    """`wegwijz/texts.yml` and each feature's own `wegwijz/<feature>/texts.yml`."""
    return [TEXTS_FILE, *sorted(TEXTS_FILE.parent.glob("*/texts.yml"))]


@functools.lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """All texts: key -> language -> text.

    Raises:
        ValueError: when two files define the same key.
    """
    result: dict[str, dict[str, str]] = {}
    for path in text_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if str(key) in result:
                raise ValueError(f"text {key!r} is defined twice (again in {path})")
            result[str(key)] = {str(lang): str(v) for lang, v in value.items()}
    return result


def word_files() -> list[Path]:
    """Each feature's own `wegwijz/<feature>/words.yml`."""
    return sorted(TEXTS_FILE.parent.glob("*/words.yml"))


@functools.lru_cache(maxsize=1)
def word_lists() -> dict[str, dict[str, tuple[str, ...]]]:
    """All word lists: key -> language -> words.

    Raises:
        ValueError: when two files define the same key, or a list is not a list of words.
    """
    result: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in word_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            if str(key) in result:
                raise ValueError(f"word list {key!r} is defined twice (again in {path})")
            for lang, words in value.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise ValueError(f"word list {key!r}/{lang} in {path} is not a list of words")
            result[str(key)] = {str(lang): tuple(words) for lang, words in value.items()}
    return result


def words(key: str, lang: str) -> tuple[str, ...]:
    """The word list `key` in `lang`.

    Raises:
        MissingText: when the list or its version in `lang` does not exist (never a silent fallback).
    """
    try:
        return word_lists()[key][lang]
    except KeyError as error:
        raise MissingText(f"word list {key!r} has no {lang!r} version") from error


def say(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled in.

    Raises:
        MissingText: when the key or its translation does not exist (never a silent fallback).
    """
    if lang not in LANGUAGES:
        raise MissingText(f"unknown language {lang!r}")
    try:
        text = catalogue()[key][lang]
    except KeyError as error:
        raise MissingText(f"text {key!r} has no {lang!r} version") from error
    return text.format(**values) if values else text

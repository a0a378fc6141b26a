"""The assistant's own texts (outside the kennisbank), in nl, ar, ti and en."""

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

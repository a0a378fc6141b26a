"""Every text the assistant says exists in nl, ar, ti and en."""

from __future__ import annotations

import re
import string

import pytest

from wegwijz import LANGUAGES
from wegwijz.language import script_language
from wegwijz.texts import MissingText, catalogue, say, word_lists, words

KEYS = sorted(catalogue())


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", KEYS)
def test_text_exists_in_all_four_languages(key: str) -> None:
    versions = catalogue()[key]
    assert set(versions) == set(LANGUAGES), f"{key}: has {sorted(versions)}"
    for lang in LANGUAGES:
        assert versions[lang].strip(), f"{key}/{lang} is empty"


@pytest.mark.parametrize("key", KEYS)
def test_translations_are_in_their_script_and_share_placeholders(key: str) -> None:
    versions = {lang: re.sub(r"\{\w+\}", "", text) for lang, text in catalogue()[key].items()}
    letters = re.sub(r"[A-Za-z/]+", "", versions["ar"])  # Dutch names and commands stay in Latin letters
    if any(ch.isalpha() for ch in letters):
        assert script_language(versions["ar"]) == "ar", key
        assert script_language(versions["ti"]) == "ti", key
    original = catalogue()[key]
    assert {lang: _placeholders(original[lang]) for lang in LANGUAGES} == {
        lang: _placeholders(original["nl"]) for lang in LANGUAGES
    }


def test_a_missing_text_is_an_error_not_a_fallback() -> None:
    with pytest.raises(MissingText):
        say("no_such_text", "nl")
    with pytest.raises(MissingText):
        say("welcome", "fr")


@pytest.mark.parametrize("key", sorted(word_lists()))
def test_word_lists_exist_in_every_language_in_its_script(key: str) -> None:
    versions = word_lists()[key]
    assert set(versions) == set(LANGUAGES), f"{key}: has {sorted(versions)}"
    for lang, listed in versions.items():
        assert listed and all(word.strip() for word in listed), f"{key}/{lang} is empty"
    for lang in ("ar", "ti"):
        assert all(script_language(word) == lang for word in versions[lang]), key


def test_a_missing_word_list_is_an_error_not_a_fallback() -> None:
    with pytest.raises(MissingText):
        words("no_such_words", "nl")
    assert not set(word_lists()) & set(catalogue()), "a word list and a text share a key"

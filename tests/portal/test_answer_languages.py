"""A newcomer's own words on the portal: language name, direction and interpreter mark come from the registry."""

from __future__ import annotations

import pytest

from wegwijz.contract import languages
from wegwijz.portal.answers_view import STAFF_LANGUAGE, ShownAnswer


def _answer(lang: str, free_text: bool = True) -> ShownAnswer:
    return ShownAnswer("intake_ambitions", "Ambities", "…", None, lang, skipped=False, free_text=free_text)


@pytest.mark.parametrize("language", languages.REGISTRY, ids=lambda language: language.code)
def test_free_answers_are_shown_as_the_registry_says(language: languages.Language) -> None:
    answer = _answer(language.code)
    assert answer.language_name == language.names[STAFF_LANGUAGE]
    assert answer.direction == language.direction
    assert answer.interpreter_usual is language.interpreter_usual
    assert answer.in_other_language is (language.code != STAFF_LANGUAGE)


def test_the_usual_interpreter_languages_and_option_labels() -> None:
    assert [language.code for language in languages.REGISTRY if language.interpreter_usual] == ["ar", "ti"]
    assert _answer("ar", free_text=False).direction == "ltr"  # an option is shown with its Dutch label
    assert not _answer("ar", free_text=False).in_other_language
    assert _answer("xx").language_name == "xx" and not _answer("xx").interpreter_usual

"""Language detection and normalisation, on short and mixed messages."""

from __future__ import annotations

import pytest

from wegwijz.language import clean_input, detect_language, normalise, script_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hallo", "nl"),
        ("hoi", "nl"),
        ("hi", "en"),
        ("hello", "en"),
        ("waar vind ik een huisarts?", "nl"),
        ("where can i find a doctor", "en"),
        ("ik heb een brief van de belastingdienst gekregen en snap het niet", "nl"),
        ("i got a letter from the gemeente and i dont understand it", "en"),
        ("مرحبا", "ar"),
        ("كيف أسجل عند طبيب؟", "ar"),
        ("كيف اسجل عند huisarts", "ar"),
        ("ሰላም", "ti"),
        ("ሓኪም ከመይ ይረክብ?", "ti"),
        ("ናብ gemeente ከመይ ክድውል", "ti"),
        ("DigiD ከመይ ይረክብ", "ti"),
    ],
)
def test_language_of_a_message(text: str, expected: str) -> None:
    assert detect_language(text).language == expected


def test_explicit_choice_comes_first() -> None:
    result = detect_language("waar is de huisarts", chosen="ar")
    assert (result.language, result.reason) == ("ar", "choice")


def test_script_beats_the_detector() -> None:
    assert detect_language("مرحبا hello").reason == "script"


@pytest.mark.parametrize("text", ["", "😀🙏", "?!...", "12345", "ok"])
def test_messages_without_language_keep_the_conversation_language(text: str) -> None:
    assert detect_language(text, previous="ti").language == "ti"


def test_without_any_hint_the_default_is_dutch() -> None:
    assert detect_language("👍").language == "nl"


def test_unknown_choice_is_ignored() -> None:
    assert detect_language("hello", chosen="xx").language == "en"


def test_script_language() -> None:
    assert script_language("hello") == "latin"
    assert script_language("😀") is None
    assert script_language("ሰላም huisarts") == "ti"


def test_clean_input_removes_bidi_and_zero_width_controls() -> None:
    text = "\u202eكيف\u200f أسجل\u200b\ufeff  عند\u2066 طبيب\u202c"
    assert clean_input(text) == "كيف أسجل عند طبيب"


def test_clean_input_keeps_meaning_and_handles_none() -> None:
    assert clean_input(None) == ""
    assert clean_input("  Waar  is\tde\n huisarts? ") == "Waar is de huisarts?"


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أين", "اين"),
        ("إسم", "اسم"),
        ("آخر", "اخر"),
        ("مستشفى", "مستشفي"),
        ("مدرسة", "مدرسه"),
        ("طَبِيب", "طبيب"),
        ("طـــبـــيب", "طبيب"),
        ("١١٢", "112"),
    ],
)
def test_arabic_spelling_variants_fold_together(variant: str, plain: str) -> None:
    assert normalise(variant) == normalise(plain)


def test_normalise_lowercases_latin_and_keeps_ethiopic() -> None:
    assert normalise("HUISARTS ሓኪም") == "huisarts ሓኪም"

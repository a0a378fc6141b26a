"""Language detection and normalisation, on short and mixed messages."""

from __future__ import annotations

import pytest

from wegwijz import LANGUAGES
from wegwijz.contract import languages
from wegwijz.language import clean_input, decide_language, detect_language, normalise, script_language


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
        # digits inside Dutch and English words are not chat spellings of Arabic
        ("I wake up at 3am every night and cannot sleep", "en"),
        ("Mijn zoon zit in groep 7 en gaat naar de 2e klas", "nl"),
        ("Is the b2b course on the 5th or the 7th?", "en"),
        ("ik woon op de 3e verdieping, huisnummer 12a", "nl"),
        ("Ya know, my wife is from Syria, is el Kanaal far?", "en"),
        ("Wat kost een 4x4 fiets in de winkel bij Hema", "nl"),
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


@pytest.mark.parametrize(("locale", "lang"), [
    ("en-US", "en"), ("en_GB", "en"), ("EN", "en"), ("ar-EG", "ar"), ("ar", "ar"), ("ti", "ti"), ("ti-ER", "ti"),
    ("nl-NL", "nl"), ("nl-BE", "nl"), ("ru", None), ("am", None), ("", None), (None, None), ("zh-hans-CN", None),
])
def test_platform_locales_map_to_our_languages(locale: str | None, lang: str | None) -> None:
    assert languages.from_locale(locale) == lang


def test_the_registry_names_every_language_in_every_language() -> None:
    assert languages.CODES == LANGUAGES
    for language in languages.REGISTRY:
        assert set(language.names) == set(LANGUAGES)
        written_in = script_language(language.own_name)  # each language's own name is in its own script
        assert written_in == ("latin" if language.script == "latin" else language.code)
    assert [code for code in LANGUAGES if languages.get(code).right_to_left] == ["ar"]
    assert languages.for_script("arabic") == "ar" and languages.for_script("ethiopic") == "ti"
    assert languages.for_script("latin") is None


def test_metadata_and_choice_replies_carry_only_our_languages() -> None:
    assert languages.from_metadata(languages.metadata("ti")) == "ti"
    assert languages.from_metadata({"language": "ru"}) is None
    assert languages.from_metadata(None) is None and languages.from_metadata("ar") is None
    replies = [{"text": "Fine"}, {"custom": languages.choice_reply("en")}, {"custom": {"source": {}}}]
    assert languages.chosen_in(replies) == "en"
    assert languages.chosen_in([{"custom": {"language_chosen": "xx"}}, "text"]) is None


@pytest.mark.parametrize(("text", "chosen", "previous", "hint", "expected"), [
    ("Ik werk graag met mijn handen in de tuin", None, "ar", None, ("ar", "previous")),  # mixed, mid-intake
    ("Syrië", None, "ti", None, ("ti", "previous")),
    ("ሰላም", None, "ar", None, ("ti", "script")),  # another script is another language
    ("مرحبا", None, "nl", None, ("ar", "script")),
    ("Ik werk graag met mijn handen", None, "en", None, ("nl", "words")),  # between Dutch and English: the words
    ('/choose_answer{"choice":"work"}', None, "ar", None, ("ar", "previous")),
    ("EXTERNAL: start_checkin", None, "nl", None, ("nl", "previous")),
    ("12", None, "ti", None, ("ti", "previous")),
    ("waar is de huisarts", "ar", "ar", None, ("ar", "choice")),
    ("/start", None, None, "en-US", ("en", "hint")),
    ("test", None, None, "en-US", ("en", "hint")),
    ("hallo", None, None, "en-US", ("nl", "words")),  # what they write beats the app language
    ("/start", None, None, "ru", ("nl", "default")),
])
def test_the_language_is_decided_from_choice_conversation_script_and_hint(
        text: str, chosen: str | None, previous: str | None, hint: str | None, expected: tuple[str, str]) -> None:
    decided = decide_language(text, chosen=chosen, previous=previous, hint=hint)
    assert (decided.language, decided.reason) == expected


@pytest.mark.parametrize("text", [
    "ana khayfe kteer, jozi darabni mbare7 w ma ba3ref la min a7ki",  # Levantine, chat digits
    "3ndi moshkela ma3 el huisarts, ma bifham 3alayi",
    "salam alaikum, ana jdide hon, kif bsajel el wlad bel madrase?",  # no chat digit, four chat words
    "shukran habibi, yalla bye",
])
def test_arabic_typed_in_latin_letters_is_answered_in_arabic(text: str) -> None:
    assert (detect_language(text).language, detect_language(text).reason) == ("ar", "romanised")
    assert decide_language(text, previous="nl").language == "ar"
    assert decide_language(text, previous="ar").language == "ar"


def test_only_languages_of_another_script_have_chat_spellings() -> None:
    from wegwijz.language.detect import romanised_language

    common = frozenset().union(*(language.common_words for language in languages.in_script("latin")))
    for language in languages.REGISTRY:
        assert not (language.romanised_words & common), language.code
        if language.script == "latin":
            assert not language.romanised_words and not language.chat_digits, language.code
        assert all(d.isdigit() for d in language.chat_digits), language.code
    assert romanised_language("ok") is None and romanised_language("") is None


def test_every_latin_script_language_gives_the_detector_its_hints() -> None:
    import lingua

    for language in languages.in_script("latin"):
        assert language.detector and hasattr(lingua.Language, language.detector), language.code
        assert language.common_words and all(w == w.casefold() for w in language.common_words), language.code


def test_plain_words_fold_messages_and_lists_alike() -> None:
    from wegwijz.language.plain_words import PlainWords, fold

    assert fold("  Een MENS!! ") == "een mens" and fold(None) == ""
    asking = PlainWords(alone=("een mens", "شخص"), phrases=("talk to a person",))
    assert asking.is_whole("Een mens?") and asking.is_whole("شخص") and not asking.is_whole("een mens graag")
    assert asking.said_in("Can I talk to a person, please?") and not asking.said_in("talk to a personal coach")
    assert not asking.said_in("so can I talk to a person", longest=5) and not asking.said_in("?!")
    with pytest.raises(ValueError):
        PlainWords(alone=("?!",))

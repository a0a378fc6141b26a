"""The registry of languages: what a language is, declared once for every part of the assistant.

Each entry gives the code (as in `texts.yml` and the kennisbank), the language's name in every language we
speak, its script and writing direction, the locale codes the platforms report for it (Telegram's
`language_code`: "en-US", "ar-EG", "nl-BE", …), the WhatsApp template language used for it, for a
language in Latin letters the hints the language detector needs (`wegwijz.language.detect`), and whether
caseworkers usually need an interpreter for it (the portal's "tolk nodig").

The language a message is answered in is decided once, in the gateway, and travels with the message to Rasa
as message metadata (`{"language": "ar"}`, see `from_metadata`). When Rasa's own understanding hears an
explicit choice ("English please"), its reply says so (`choice_reply`) and the gateway remembers it
(`chosen_in`), so the gateway, Rasa, the actions and the outbox always use the same language.

Only the standard library is used here: everything else may import this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

METADATA_KEY = "language"
"""The key of the decided language in Rasa message metadata."""
CHOSEN_KEY = "language_chosen"
"""The key, in a reply's custom payload, of a language the person has just chosen explicitly."""


@dataclass(frozen=True)
class Language:
    """One language of the assistant."""

    code: str
    """ISO 639-1 code: the key in `texts.yml`, the kennisbank and the `language` slot."""
    names: Mapping[str, str]
    """This language's name in each language (by code); `names[code]` is its own name, shown on buttons."""
    script: str
    """"latin", "arabic" or "ethiopic"."""
    direction: str
    """"ltr" or "rtl"."""
    locales: tuple[str, ...]
    """Primary language subtags the platforms report for it (the region, "-US", is ignored)."""
    whatsapp_template: str
    """The WhatsApp template language for it (WhatsApp has no Tigrinya templates)."""
    detector: str | None = None
    """For a language in Latin letters: its name in lingua-language-detector (`lingua.Language.DUTCH`)."""
    common_words: frozenset[str] = frozenset()
    """Frequent short words of this language and of no other Latin-script one of ours (lowercase), which a
    statistical detector cannot judge on its own ("hoi", "thanks"); words two languages share ("is", "in")
    are left out."""
    romanised_words: frozenset[str] = frozenset()
    """For a language in another script: frequent words of it as people type them in Latin letters when
    their keyboard has no such script (the Arabic chat alphabet: "ana", "kteer", "shukran"), none of them a
    common word of our Latin-script languages. With `chat_digits`, how `wegwijz.language.detect` knows such
    a message is in this language and answers in it."""
    chat_digits: str = ""
    """Digits that stand for letters in that chat alphabet ("3" for ع, "7" for ح, "2" for ء): a word with
    such a digit inside or after its letters ("ta3ban", "a7ki", "hala2"), or before three or more letters
    ("3ala", "2ollak"), is a word of this language."""
    interpreter_usual: bool = False
    """Whether caseworkers usually need an interpreter (tolk) to talk with someone who speaks it; the portal
    then shows "tolk nodig" beside that person's own words when an interpreter is marked as needed."""

    @property
    def own_name(self) -> str:
        """The language named in itself ("العربية")."""
        return self.names[self.code]

    @property
    def right_to_left(self) -> bool:
        """Whether the language is written right to left."""
        return self.direction == "rtl"


_DUTCH_WORDS = frozenset({
    "hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "dag", "doei", "dank", "bedankt",
    "dankjewel", "dankuwel", "ja", "nee", "hulp", "taal", "graag", "alsjeblieft", "nederlands", "oke", "oké",
    "wat", "waar", "hoe", "wie", "wanneer", "waarom", "welke", "tot", "ziens", "helpen", "ik", "de", "het",
    "een", "en", "van", "niet", "mijn", "kan", "kun", "heb", "hebben", "voor", "met", "je", "jij", "u", "ben",
    "moet", "wil", "zijn", "er", "op", "aan", "naar", "ook", "maar", "dat", "die", "geen", "wordt", "bij",
    "om", "gaat", "beter", "mag", "krijg", "doen", "nu", "vandaag", "morgen", "gisteren", "week", "geld",
    "wij", "we", "ze", "zij", "hij", "haar", "ons", "onze", "jullie", "heel", "veel", "goed",
})
_ENGLISH_WORDS = frozenset({
    "hi", "hello", "thanks", "thank", "you", "yes", "please", "english", "good", "morning", "evening",
    "bye", "what", "where", "how", "who", "when", "why", "which", "okay", "language", "sorry", "i", "the",
    "a", "to", "and", "my", "do", "does", "dont", "it", "for", "can", "have", "has", "got", "need", "am",
    "are", "with", "from", "not", "get", "should", "want", "there", "this", "that", "your", "best", "place",
    "won", "yesterday", "today", "tomorrow", "buy", "cheap", "money", "me", "we", "they", "our",
    "would", "could", "about", "just", "much", "many", "time", "work", "job", "find", "live", "child",
})

_ARABIC_CHAT_WORDS = frozenset({
    "ana", "enta", "inta", "enti", "inti", "ehna", "e7na", "howa", "hiya", "heya", "kteer", "ktir", "shu",
    "shou", "sho", "eza", "iza", "bas", "badi", "baddi", "bidi", "bdi", "mish", "msh", "mesh",
    "kif", "keef", "kifak", "kifik", "leish", "lesh", "wein", "wen", "fein", "feen", "ezay", "izzay",
    "shlon", "shlonak", "ya3ni", "yani", "hala", "halla", "ma3", "mn", "3ala", "3an", "3and", "3end",
    "fi", "fe", "fiye", "fiyi", "w", "wa", "ya", "el", "ma", "mafi", "ma3i", "3ndi", "andi", "3ayez",
    "3ayza", "3awez", "jozi", "zawji", "zoji", "marti", "mrati", "ukhti", "okhti", "ikhti", "akhi",
    "akhoy", "ibni", "ebni", "binti", "benti", "walad", "wlad", "yalla", "wallah", "walla", "habibi",
    "inshallah", "mashallah", "ahlan", "marhaba", "salam", "salamu", "alaikum", "aleikum", "shukran",
    "afwan", "tayeb", "tamam", "mumkin", "momken", "lazem", "lazim", "shi", "kel", "kol", "kul",
    "heik", "hayda", "hadi", "hada", "hatha", "ba3d", "kaman", "kamaan",
    "ta3ban", "khayef", "khayfe", "khayfa", "mareed", "mareeda", "dakhtor", "doktor", "masari", "fulus",
    "flous", "beit", "bayt", "sho3l", "shoghl", "madrase", "madrasa",
})
"""Words of Arabic typed in Latin letters (the Levantine, Egyptian, Iraqi and Gulf chat spellings)."""

REGISTRY: tuple[Language, ...] = (
    Language("nl", {"nl": "Nederlands", "ar": "الهولندية", "ti": "ሆላንድኛ", "en": "Dutch"},
             "latin", "ltr", ("nl",), "nl", detector="DUTCH", common_words=_DUTCH_WORDS),
    Language("ar", {"nl": "Arabisch", "ar": "العربية", "ti": "ዓረብኛ", "en": "Arabic"},
             "arabic", "rtl", ("ar",), "ar", romanised_words=_ARABIC_CHAT_WORDS, chat_digits="235789",
             interpreter_usual=True),
    Language("ti", {"nl": "Tigrinya", "ar": "التغرينية", "ti": "ትግርኛ", "en": "Tigrinya"},
             "ethiopic", "ltr", ("ti",), "en", interpreter_usual=True),
    Language("en", {"nl": "Engels", "ar": "الإنجليزية", "ti": "እንግሊዝኛ", "en": "English"},
             "latin", "ltr", ("en",), "en", detector="ENGLISH", common_words=_ENGLISH_WORDS),
)
"""Every language, Dutch (the source of every text) first."""

CODES: tuple[str, ...] = tuple(language.code for language in REGISTRY)
"""The codes, in the registry's order."""
SOURCE = "nl"
"""The language every text is written in first, and the answer when nothing says otherwise."""

_BY_CODE = {language.code: language for language in REGISTRY}
_BY_LOCALE = {locale: language.code for language in REGISTRY for locale in language.locales}


def get(code: str) -> Language:
    """The language with this code.

    Raises:
        KeyError: for a code that is not in the registry.
    """
    return _BY_CODE[code]


def known(code: object) -> str | None:
    """`code` when it is one of ours, else None."""
    return code if isinstance(code, str) and code in _BY_CODE else None


def own_names() -> dict[str, str]:
    """Each language named in itself, by code (the language buttons)."""
    return {language.code: language.own_name for language in REGISTRY}


def names_in(lang: str) -> dict[str, str]:
    """Each language named in `lang`, by code ("Arabisch" for ar in Dutch)."""
    return {language.code: language.names[lang] for language in REGISTRY}


def in_script(script: str) -> tuple[Language, ...]:
    """The languages written in `script`, in the registry's order."""
    return tuple(language for language in REGISTRY if language.script == script)


def for_script(script: str) -> str | None:
    """The one language written in `script`, when only one is ("arabic" -> ar); None for "latin"."""
    found = [language.code for language in REGISTRY if language.script == script]
    return found[0] if len(found) == 1 else None


def from_locale(locale: str | None) -> str | None:
    """Our language for a platform's locale code ("en-US", "ar_EG", "NL"), None when it is not one of ours."""
    if not locale:
        return None
    primary = locale.strip().replace("_", "-").split("-")[0].casefold()
    return _BY_LOCALE.get(primary)


def from_metadata(metadata: Any) -> str | None:
    """The language the gateway decided, from Rasa message metadata; None when it is absent or unknown."""
    return known(metadata.get(METADATA_KEY)) if isinstance(metadata, Mapping) else None


def metadata(lang: str) -> dict[str, str]:
    """The Rasa message metadata that carries the decided language."""
    return {METADATA_KEY: lang}


def choice_reply(lang: str) -> dict[str, Any]:
    """The custom payload with which Rasa's reply says the person just chose `lang` explicitly."""
    return {CHOSEN_KEY: lang}


def chosen_in(replies: Iterable[Any]) -> str | None:
    """The language chosen explicitly, when one of Rasa's replies says so (the last one counts)."""
    chosen = None
    for reply in replies:
        custom = reply.get("custom") if isinstance(reply, Mapping) else None
        if isinstance(custom, Mapping) and known(custom.get(CHOSEN_KEY)):
            chosen = str(custom[CHOSEN_KEY])
    return chosen

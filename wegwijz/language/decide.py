"""The language to answer a message in, decided once per message (in the gateway; see DESIGN.md).

The gateway calls `decide_language` with what it stored for the person and passes the result to Rasa
as message metadata; Rasa's actions use that value and call this function themselves only for messages
that came without it (the check-in scheduler's `trigger_intent`, an operator's own REST call).

The order: the person's explicit choice; then, in a conversation that already has a language, a message
without words of its own (a button payload, a number, an emoji) keeps it, and a message in Latin letters
(a Dutch sentence, a place name, "DigiD") does not move an Arabic or Tigrinya conversation; then the
script and the Dutch/English detector of `wegwijz.language.detect`; then the app language the platform
reports (`hint`); then Dutch.
"""

from __future__ import annotations

from wegwijz.contract import languages
from wegwijz.language.detect import Detection, detect_language, script_language
from wegwijz.language.normalise import clean_input

PAYLOAD_PREFIXES = ("/", "EXTERNAL: ")
"""A button payload or command, and Rasa's mark on an intent triggered from outside (`trigger_intent`)."""


def decide_language(text: str | None, chosen: str | None = None, previous: str | None = None,
                    hint: str | None = None) -> Detection:
    """Decide which language to answer a message in.

    Args:
        text: the message as it goes to Rasa (typed text or a button payload).
        chosen: the language the person chose explicitly (a language button, "English please"), if any.
        previous: the language of the conversation so far, if any.
        hint: the app language the platform reports (Telegram's `language_code`, e.g. "en-US"), if any.

    Returns:
        The language and why: "choice", "previous", "script", "detector", "words", "hint" or "default".
    """
    chosen, previous = languages.known(chosen), languages.known(previous)
    if chosen:
        return Detection(chosen, "choice")
    cleaned = clean_input(text)
    if previous:
        if cleaned.startswith(PAYLOAD_PREFIXES) or not any(ch.isalpha() for ch in cleaned):
            return Detection(previous, "previous")
        if languages.get(previous).script != "latin" and script_language(cleaned) in (None, "latin"):
            return Detection(previous, "previous")  # one Dutch sentence does not turn an Arabic chat Dutch
        return detect_language(cleaned, previous=previous)
    if cleaned.startswith(PAYLOAD_PREFIXES):
        cleaned = ""
    app_language = languages.from_locale(hint)
    found = detect_language(cleaned, previous=app_language)
    return Detection(found.language, "hint") if app_language and found.reason == "previous" else found

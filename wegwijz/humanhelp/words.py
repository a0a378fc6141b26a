"""How a person asks for a person: the typed command, its buttons' payloads and the plain words for it.

"Ask a person" works without a Rasa intent of its own: the typed command `/mens` (declared with its
aliases in the command registry, `wegwijz.contract.commands`) and the buttons' payloads reach the
kennisbank answer action as an unknown command (the message guard gives them `nlu_fallback`), and the
gateway drops the slash of a command without an intent on every channel, so `/mens` arrives as the
word "mens" — which the words below recognise.
"""

from __future__ import annotations

from dataclasses import dataclass

from wegwijz.contract import commands
from wegwijz.language.plain_words import PlainWords


@dataclass(frozen=True)
class Asking:
    """One way of asking: the payload its button sends, the commands people type, and the plain words for it."""

    name: str
    payload: str
    aliases: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    """Word groups that ask for it inside a short message (any of the four languages)."""
    alone: tuple[str, ...] = ()
    """Words that ask for it when they are the whole message (besides an article: "a person")."""


ASK_PERSON = Asking(
    name="mens",
    payload="/mens",
    aliases=tuple("/" + word for word in commands.find("mens").words),  # type: ignore[union-attr]
    phrases=(
        # nl
        "mens spreken", "met een mens", "een echt mens", "echte mens", "een mens spreken", "medewerker spreken",
        "iemand spreken", "persoon spreken", "vraag een mens", "aan een mens", "een medewerker",
        # en
        "a human", "talk to a person", "speak to a person", "talk to someone", "speak to someone", "real person",
        "ask a person", "talk to a human", "speak to a human", "speak with someone", "talk with someone",
        # ar
        "التحدث مع شخص", "اتكلم مع شخص", "اتحدث مع شخص", "شخص حقيقي", "مع موظف", "مع انسان", "اسال شخص",
        # ti
        "ምስ ሰብ", "ሰብ ክዛረብ", "ምስ ሰራሕተኛ", "ሰብ ሕተት",
    ),
    alone=("mens", "een mens", "medewerker", "persoon", "human", "person", "a person", "someone", "شخص", "انسان",
           "موظف", "ሰብ", "ሰራሕተኛ"),
)
"""Ask a person: the question and the last few turns go to the portal's inbox, after a yes."""

ASK_PERSON_YES = Asking(name="mens_ja", payload="/mens_ja")
"""Yes, send my question to a person (a button only: nothing is sent on a guess)."""

ASK_PERSON_NO = Asking(name="mens_nee", payload="/mens_nee")
"""No, do not send it (a button only)."""

SHORT_MESSAGE = 8
"""Plain words ask for a person only in a message of at most this many words; a longer one is a question."""

_PLAIN_WORDS = PlainWords(alone=ASK_PERSON.alone, phrases=ASK_PERSON.phrases)
"""The plain words, folded once (they are compared with every short message)."""


def command_of(text: str | None) -> Asking | None:
    """The command a message is: a button payload, a typed alias (`/mens ...`), or plain words for a person."""
    text = (text or "").strip()
    if not text:
        return None
    first = text.split()[0].split("@")[0].casefold()
    for command in (ASK_PERSON_YES, ASK_PERSON_NO):
        if first == command.payload:
            return command
    if first in ASK_PERSON.aliases:
        return ASK_PERSON
    if text.startswith("/"):
        return None
    return ASK_PERSON if _PLAIN_WORDS.said_in(text, longest=SHORT_MESSAGE) else None


def rest_of(text: str | None) -> str:
    """What follows a typed command ("/mens how do I ..." → "how do I ..."); empty for plain words."""
    text = (text or "").strip()
    if not text.startswith("/"):
        return ""
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""

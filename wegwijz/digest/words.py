"""How a person asks for the weekly tips, answers the questions about them, and stops them.

The command `/nieuws` (declared with its aliases in `wegwijz.contract.commands`, without an intent) and
the buttons' payloads reach the kennisbank answer action: the message guard gives unknown "/…"
messages `nlu_fallback`, and the gateway drops the slash of a command without an intent, so a typed
`/nieuws` arrives as the word "nieuws" — which `command_of` recognises when it is the whole message.

STOP is different: it must work in every state (inside the intake, a check-in, or this feature's own
questions) and must not depend on what the language model guesses. Rasa's REST channel, the one door
every message passes, turns a message that is only a stop word into the pause command
(`at_the_door`), whose rules run in every state, and marks it in the message's metadata; the pause
action then stops the tips (`wegwijz.digest.chat.stop`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wegwijz.contract import commands
from wegwijz.language.plain_words import PlainWords

PAYLOAD_PREFIX = "/nieuws"


@dataclass(frozen=True)
class Step:
    """One button of the conversation: its payload, and what it answers."""

    name: str
    payload: str


OFFER = Step("offer", "/nieuws")
YES = Step("yes", "/nieuws_ja")
NO = Step("no", "/nieuws_nee")
STOP = Step("stop", "/nieuws_stop")
CHILDREN_YES = Step("children_yes", "/nieuws_kinderen_ja")
CHILDREN_NO = Step("children_no", "/nieuws_kinderen_nee")
CHILDREN_SKIP = Step("children_skip", "/nieuws_kinderen_overslaan")
HOURS = {part: Step(f"hours_{part}", f"/nieuws_tijd_{part}") for part in ("morning", "afternoon", "evening", "any")}

BUTTONS: tuple[Step, ...] = (YES, NO, STOP, CHILDREN_YES, CHILDREN_NO, CHILDREN_SKIP, *HOURS.values())
"""Steps that only a button sends (nothing is decided on a typed guess)."""
_BY_PAYLOAD = {step.payload: step for step in BUTTONS}

COMMAND_WORDS = tuple(commands.find("nieuws").words)  # type: ignore[union-attr]
"""The command and its aliases ("nieuws", "weekbericht", "news", "أخبار", "ዜና"), typed with or without "/"."""

STOP_WORDS: dict[str, tuple[str, ...]] = {
    "nl": ("stop", "stoppen", "afmelden", "uitschrijven", "stop nieuws", "geen nieuws meer",
           "geen berichten meer", "stop weekbericht", "geen weekbericht meer"),
    "en": ("stop", "unsubscribe", "stop news", "no more news", "no more messages", "opt out"),
    "ar": ("توقف", "قف", "إيقاف", "أوقف", "اوقف", "إلغاء الاشتراك", "الغاء الاشتراك", "أوقف النصائح",
           "لا أريد رسائل", "لا مزيد من الرسائل"),
    "ti": ("ደው በል", "ደው በሉ", "ደው ኣብሉ", "ኣቋርጽ", "ኣቋርጹ", "ጠጠው", "ምኽሪ ደው በሉ", "ኣይትስደዱለይ"),
}
"""A message that is only one of these stops the tips, in any language and any state."""

STOP_METADATA_KEY = "stop_word"
"""Set (True) in the message metadata by the REST channel when the message was a stop word."""
PAUSE_MESSAGE = "/pause_journey"
"""What a stop word becomes for Rasa: the pause intent, whose rules run in every state."""

_STOPS = PlainWords(alone=(word for words in STOP_WORDS.values() for word in words))
_COMMANDS = PlainWords(alone=COMMAND_WORDS)


def is_stop(text: str | None) -> bool:
    """Whether the whole message is a stop word ("STOP", "afmelden", "إيقاف", "ደው በሉ", "/stop")."""
    text = (text or "").strip()
    if not text or len(text) > 60:
        return False
    if text.startswith("/"):
        command = commands.typed_command(text)
        return command is not None and command.name == "stop" and not text.split(maxsplit=1)[1:]
    return _STOPS.is_whole(text)


def command_of(text: str | None) -> Step | None:
    """The step a message is: a button's payload, or the command typed alone ("/nieuws", "nieuws", "ዜና")."""
    text = (text or "").strip()
    if not text:
        return None
    first = text.split()[0].split("@")[0].casefold()
    if first in _BY_PAYLOAD:
        return _BY_PAYLOAD[first]
    if text.startswith("/"):
        command = commands.typed_command(text)
        return OFFER if command is not None and command.name == "nieuws" else None
    return OFFER if len(text) <= 40 and _COMMANDS.is_whole(text) else None


def at_the_door(text: str | None, metadata: Any) -> tuple[str | None, Any]:
    """The message and metadata Rasa gets: a stop word becomes the pause command, marked as a stop word.

    Everything else passes unchanged (a caller's own `stop_word` key is dropped: only the door sets it).
    """
    if not is_stop(text):
        if isinstance(metadata, dict) and STOP_METADATA_KEY in metadata:  # only the door says so
            metadata = {k: v for k, v in metadata.items() if k != STOP_METADATA_KEY}
        return text, metadata
    marked = dict(metadata) if isinstance(metadata, dict) else {}
    marked[STOP_METADATA_KEY] = True
    return PAUSE_MESSAGE, marked


def was_stop(latest_message: dict[str, Any] | None) -> bool:
    """Whether the latest message (a tracker's `latest_message`) was a stop word at the door."""
    metadata = (latest_message or {}).get("metadata")
    return isinstance(metadata, dict) and metadata.get(STOP_METADATA_KEY) is True

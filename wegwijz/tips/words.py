"""How a person asks for tips, and the payloads of the buttons that share a tip.

Like "ask a person" (`wegwijz.humanhelp.words`), tips need no Rasa intent of their own: the typed
command `/tips` (declared with its aliases in `wegwijz.contract.commands`) and the buttons' payloads
reach the answer action as unknown commands (`nlu_fallback`), the gateway drops the slash of a command
without an intent, and the message guard (`wegwijz.nlu.guard`) gives the plain words below
`nlu_fallback` too, so the model never has to guess them.
"""

from __future__ import annotations

from dataclasses import dataclass

from wegwijz.contract import commands
from wegwijz.language.plain_words import PlainWords


@dataclass(frozen=True)
class TipCommand:
    """One tip command: the payload its button sends (or the typed command's name)."""

    name: str
    payload: str


TIPS = TipCommand("tips", "/tips")
"""Show tips from those who came before, in the person's language."""
SHARE_YES = TipCommand("tip_delen", "/tip_delen")
"""Yes, my two-year check-in tip may be shown to new newcomers (a button only: consent is never guessed)."""
SHARE_NO = TipCommand("tip_niet_delen", "/tip_niet_delen")
"""No, keep my tip to myself (a button only)."""
KEEP_YES = TipCommand("tip_bewaren", "/tip_bewaren")
"""Yes, keep the reviewed anonymous text if I later erase my data (a button only)."""
KEEP_NO = TipCommand("tip_niet_bewaren", "/tip_niet_bewaren")
"""No, erase my tip along with everything else (a button only)."""

BUTTONS = (SHARE_YES, SHARE_NO, KEEP_YES, KEEP_NO)

ALIASES: tuple[str, ...] = tuple(commands.find("tips").words)  # type: ignore[union-attr]
"""The words `/tips` is typed as, without "/" (Telegram and WhatsApp deliver them without it)."""

ALONE = (
    # nl
    "tips", "tip", "een tip", "geef me tips", "geef me een tip", "tips graag", "heb je tips", "heb je een tip",
    "tips voor nieuwkomers", "tips van nieuwkomers", "tips van anderen",
    # en
    "a tip", "any tips", "some tips", "give me tips", "give me a tip", "tips please", "do you have tips",
    "tips for newcomers", "tips from others",
    # ar
    "نصائح", "نصيحة", "أعطني نصائح", "أعطني نصيحة", "نصائح من فضلك", "هل عندك نصائح", "نصائح للقادمين الجدد",
    # ti
    "ምኽሪ", "ምኽርታት", "ምኽሪ ሃቡኒ", "ምኽሪ ኣለኩም ድዩ", "ምኽሪ ንሓደሽቲ",
)
"""Whole messages that ask for tips; a longer question ("tips for finding a huisarts?") is a question."""

_ALONE = PlainWords(alone=(*ALONE, *ALIASES))
"""Folded once: compared with every message."""


def asks_for_tips(text: str | None) -> bool:
    """Whether a typed message, as a whole, asks for tips (any of the four languages, with or without "/")."""
    text = (text or "").strip()
    if not text or len(text) > 60:
        return False
    if text.startswith("/"):
        first = text[1:].split()[0].split("@")[0] if len(text) > 1 else ""
        return commands.find(first) is commands.find("tips")
    return _ALONE.is_whole(text)


def command_of(text: str | None) -> TipCommand | None:
    """The tip command a message is: a button payload, `/tips` or the plain words for it; else None."""
    text = (text or "").strip()
    if not text:
        return None
    first = text.split()[0]
    for command in BUTTONS:
        if first == command.payload:
            return command
    return TIPS if asks_for_tips(text) else None

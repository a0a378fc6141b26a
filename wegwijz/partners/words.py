"""The `/delen` command and its buttons' payloads.

Like "ask a person", sharing needs no Rasa intent: the typed command (declared with its aliases in
`wegwijz.contract.commands`) and the payloads reach the kennisbank answer action as unknown commands
(the message guard gives them `nlu_fallback`). The gateway drops the slash of a command without an
intent, so on Telegram and WhatsApp `/delen` arrives as the word "delen", which counts too when it
is the whole message. A yes is a button only: a typed "ja" never shares anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from wegwijz.contract import commands


class Step(str, Enum):
    """What a message about sharing asks for."""

    START = "start"
    """`/delen`: show where things stand and ask about the first organisation without an answer."""
    YES = "yes"
    """A yes to one organisation."""
    NO = "no"
    """A no to one organisation (nothing is stored)."""
    STOP = "stop"
    """Withdraw the consent for one organisation."""
    DONE = "done"
    """Stop asking; show the overview."""


PAYLOADS = {Step.YES: "/delen_ja", Step.NO: "/delen_nee", Step.STOP: "/delen_stop", Step.DONE: "/delen_klaar"}
"""The button payloads; all but DONE carry the organisation's id after a space ("/delen_ja 3")."""

COMMAND_WORDS = frozenset(word.casefold() for word in commands.find("delen").words)  # type: ignore[union-attr]
"""The typed command's words (with or without its slash)."""

_PAYLOAD = re.compile(r"^(/delen_(?:ja|nee|stop))\s+(\d{1,9})$")


@dataclass(frozen=True)
class Asked:
    """A message about sharing: its step and, for a yes, no or withdrawal, the organisation's id."""

    step: Step
    organisation_id: int | None = None


def payload(step: Step, organisation_id: int | None = None) -> str:
    """The button payload for a step ("/delen_ja 3")."""
    return PAYLOADS[step] + (f" {organisation_id}" if organisation_id is not None else "")


def asked(text: str | None) -> Asked | None:
    """What a message asks about sharing; None when it is about something else."""
    text = (text or "").strip()
    if not text:
        return None
    if text == PAYLOADS[Step.DONE]:
        return Asked(Step.DONE)
    found = _PAYLOAD.match(text)
    if found:
        step = next(s for s, p in PAYLOADS.items() if p == found.group(1))
        return Asked(step, int(found.group(2)))
    word = text.split()[0].split("@")[0].casefold()
    if len(text.split()) == 1 and word.lstrip("/") in COMMAND_WORDS:
        return Asked(Step.START)
    return None

"""Plain words that ask for something: the one matcher for a feature's own word lists.

Features that need no Rasa intent (ask a person, tips, the weekly message and its STOP) recognise a few
whole messages ("een mens", "نصائح", "STOP") and word groups inside a short message ("talk to a person").
Each feature keeps its own lists; this module folds them and the messages the same way (normalised as
`wegwijz.language.normalise` does, punctuation dropped, spaces collapsed), so "Een mens!" is "een mens".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from wegwijz.language.normalise import normalise

_PUNCTUATION = re.compile(r"[^\w\s]+", re.UNICODE)


def fold(text: str | None) -> str:
    """A message as plain words: normalised, without punctuation, one space between words."""
    return " ".join(_PUNCTUATION.sub(" ", normalise(text or "")).split())


class PlainWords:
    """A feature's plain words: whole messages that ask for it, and word groups that ask for it in a message.

    Args:
        alone: messages that ask for it when they are the whole message ("tips", "een mens").
        phrases: word groups that ask for it anywhere in a message ("talk to a person").

    Raises:
        ValueError: for a word that folds to nothing (it would match every empty message).
    """

    def __init__(self, alone: Iterable[str] = (), phrases: Iterable[str] = ()) -> None:
        self.alone = frozenset(fold(word) for word in alone)
        self.phrases = tuple(f" {fold(phrase)} " for phrase in phrases)
        if "" in self.alone or "  " in self.phrases:
            raise ValueError("a plain word folds to nothing")

    def is_whole(self, text: str | None) -> bool:
        """Whether the whole message is one of the words alone."""
        return fold(text) in self.alone

    def said_in(self, text: str | None, longest: int | None = None) -> bool:
        """Whether the message is a word alone or holds a word group, in at most `longest` words."""
        folded = fold(text)
        if not folded or (longest is not None and len(folded.split()) > longest):
            return False
        padded = f" {folded} "
        return folded in self.alone or any(phrase in padded for phrase in self.phrases)

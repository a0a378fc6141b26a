"""The blind evaluation sets: messages written by people who saw only the topic list and a persona.

They never saw the articles or their example questions, and nothing here is training data
(a test checks that no example question is a near-duplicate of a blind message). Each
language's file holds in-scope questions (with the article that answers them, and follow-ups
marked `after`), crisis messages (with their kind and whether they are indirect) and
out-of-scope messages. Each message falls in the development or the test half by a hash of
its text, so the split does not change when messages are added.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from wegwijz import LANGUAGES

BLIND_DIR = Path(__file__).with_name("blind")
SECOND_CRISIS_DIR = BLIND_DIR / "second-crisis"
"""A second crisis set by another blind writer: crisis messages (`crisis2`) and messages that share crisis
words but are no emergency (`not_crisis`). Its misses were read to widen the cue lexicon (it is development
data now)."""
THIRD_CRISIS_DIR = BLIND_DIR / "third-crisis"
"""A third crisis set (`crisis3`), by a third blind writer, never read by anyone building the detector."""
FOURTH_CRISIS_DIR = BLIND_DIR / "fourth-crisis"
"""A fourth crisis set (`crisis4`, with near-misses `not_crisis4`), by a fourth blind writer, written after the
crisis classifier's training corpus and never read: the honest figure for the classifier."""
FIFTH_CRISIS_DIR = BLIND_DIR / "fifth-crisis"
"""A fifth crisis set (`crisis5`, near-misses `not_crisis5`), by a fifth blind writer, written after the
classifier's second round of training data and never read."""
DEVELOPMENT_DIR = BLIND_DIR / "development"
"""Questions and out-of-scope messages by later blind writers that belong to the development half whole: they
show what the examples still lack (to choose the tuning and the topics that need new examples by other hands),
and are never reported as figures. Written after the development half of the first set was nearly all right."""
CRISIS_SETS = ("crisis", "crisis2", "crisis3", "crisis4", "crisis5")
"""The sets of crisis messages (each must get the emergency guidance first)."""
NEAR_MISS_SETS = ("not_crisis", "not_crisis4", "not_crisis5")
"""Everyday messages that share words with a crisis."""
SETS = ("questions", "out_of_scope", *CRISIS_SETS, *NEAR_MISS_SETS)
_FILES = ((BLIND_DIR, {"questions": "questions", "crisis": "crisis", "out_of_scope": "out_of_scope"}),
          (SECOND_CRISIS_DIR, {"crisis": "crisis2", "not_crisis": "not_crisis"}),
          (THIRD_CRISIS_DIR, {"crisis": "crisis3"}),
          (FOURTH_CRISIS_DIR, {"crisis": "crisis4", "not_crisis": "not_crisis4"}),
          (FIFTH_CRISIS_DIR, {"crisis": "crisis5", "not_crisis": "not_crisis5"}),
          (DEVELOPMENT_DIR, {"questions": "questions", "out_of_scope": "out_of_scope"}))


@dataclass(frozen=True)
class Message:
    """One blind message: its set, language, expected article or crisis kind, and half."""

    text: str
    lang: str
    set: str
    article: str | None = None
    kind: str | None = None
    indirect: bool = False
    after: str | None = None
    development: bool = False
    """From `DEVELOPMENT_DIR`: in the development half whatever its hash."""

    @property
    def half(self) -> str:
        """"dev" for about one in three messages (chosen by a hash of the text), else "test"."""
        if self.development:
            return "dev"
        return "dev" if int(hashlib.sha256(self.text.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "test"


def load(part: str = "all", sets: tuple[str, ...] = SETS) -> list[Message]:
    """The blind messages of one half ("dev", "test") or "all", of the given sets."""
    result = []
    for directory, names in _FILES:
        for lang in LANGUAGES:
            path = directory / f"{lang}.yml"
            if not path.exists():  # a set still being written; the tests count every set's messages
                continue
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for key, name in names.items():
                if name not in sets:
                    continue
                for item in data.get(key) or []:
                    message = Message(text=str(item["q"]), lang=lang, set=name, article=item.get("article"),
                                      kind=item.get("kind"), indirect=bool(item.get("indirect")),
                                      after=item.get("after"), development=directory == DEVELOPMENT_DIR)
                    if part == "all" or message.half == part:
                        result.append(message)
    return result

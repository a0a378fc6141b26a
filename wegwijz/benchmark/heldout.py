"""The held-out questions: never used as training examples.

Each language's file is split in two by position: every third question is the
development half (used to choose the matcher's weights and thresholds), the
rest is the test half (the figures we report).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from wegwijz import LANGUAGES

HELDOUT_DIR = Path(__file__).with_name("heldout")


@dataclass(frozen=True)
class Question:
    """A held-out question with its expected article (None: out of scope)."""

    text: str
    lang: str
    article: str | None


def load(part: str = "test") -> list[Question]:
    """The questions of one half ("dev", "test") or "all"."""
    result = []
    for lang in LANGUAGES:
        path = HELDOUT_DIR / f"{lang}.yml"
        if not path.exists():  # a newer language has only the blind sets
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, item in enumerate(data["questions"]):
            is_dev = index % 3 == 0
            if part == "all" or (part == "dev") == is_dev:
                result.append(Question(str(item["q"]), lang, item.get("article")))
    return result

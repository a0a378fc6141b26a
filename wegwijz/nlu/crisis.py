"""The crisis part of the message guard: a crisis message gets intent `crisis`, whatever else it looks like.

Runs on every message before the policies, in every dialogue state (also inside the intake
and check-in forms). Two signals decide here: the crisis detector (cue lexicon, nearest crisis
exemplars, the trained classifier when sure) and the NLU model's own `crisis` intent; either is
enough. When only the classifier is unsure, the message goes on as usual and the answering action
or the form puts the emergency numbers before its reply.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from wegwijz.crisis import CRISIS_INTENT, detect

MODEL_CONFIDENCE = 0.5
"""The model's `crisis` confidence that is enough on its own."""


def model_says_crisis(message: Message) -> bool:
    """Whether the NLU model ranks `crisis` first, or at least this surely."""
    intent: dict[str, Any] = message.get(INTENT) or {}
    if intent.get("name") == CRISIS_INTENT:
        return True
    return any(item.get("name") == CRISIS_INTENT and float(item.get("confidence") or 0.0) >= MODEL_CONFIDENCE
               for item in message.get(INTENT_RANKING_KEY) or [])


def mark_crisis(message: Message) -> bool:
    """Set intent `crisis` (confidence 1.0) on a crisis message; returns whether it did."""
    text = message.get(TEXT) or ""
    if text.lstrip().startswith("/"):
        return False  # commands and button payloads are never crisis text
    found = detect(text)
    if (found is None or not found.sure) and not model_says_crisis(message):
        return False  # an unsure classifier alone: the answer (or the form) shows the numbers first, then goes on
    ranking = [{"name": CRISIS_INTENT, "confidence": 1.0}] + [
        item for item in message.get(INTENT_RANKING_KEY) or [] if item.get("name") != CRISIS_INTENT
    ]
    message.set(INTENT, {"name": CRISIS_INTENT, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    return True

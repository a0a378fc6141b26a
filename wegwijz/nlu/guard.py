"""Route messages the classifier cannot judge to the fallback action.

Two kinds of message get intent `nlu_fallback` with full confidence, so the
fallback action can answer them kindly instead of the model guessing:

- unknown "/commands" (known ones, like "/start", are turned into their
  intent by Rasa's RegexMessageHandler, which runs after this component);
- text without any letter or digit: empty, emoji only, punctuation only.

A message that is just a request for tips ("tips", "نصائح", "ምኽሪ") gets `nlu_fallback` too:
the answer action shows them (`wegwijz.tips.words`), and no model had to learn the words.

A message that is just "help" (in any of the four languages) is the help
intent, and one that is just a greeting ("hi", "ሰላም", "السلام عليكم") is the greet intent: a single word
is where the statistical model is least sure.

Command aliases in other languages ("/language", "/لغة") map to the
Dutch command intents (the registry: `wegwijz.contract.commands`).

Before all this, a crisis message gets intent `crisis` (`wegwijz.nlu.crisis`).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from wegwijz.contract import commands
from wegwijz.language.normalise import clean_input, has_words
from wegwijz.nlu.crisis import mark_crisis
from wegwijz.tips.words import asks_for_tips

FALLBACK_INTENT = "nlu_fallback"

@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class MessageGuard(GraphComponent):
    """Overrides the classifier for commands and messages without words."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "MessageGuard":
        """Creates the component (see Rasa's `GraphComponent.create`)."""
        return cls()

    @staticmethod
    def _set(message: Message, intent: str) -> None:
        message.set(INTENT, {"name": intent, "confidence": 1.0}, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 1.0}], add_to_output=True)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent of command and wordless messages."""
        for message in messages:
            if mark_crisis(message):  # crisis first, before anything else (wegwijz.nlu.crisis)
                continue
            text = clean_input(message.get(TEXT) or "")
            if text.startswith("/"):
                self._set(message, commands.intent_of(text) or FALLBACK_INTENT)
            elif text.casefold().strip(" !.?") in commands.HELP_WORDS:
                self._set(message, "help")
            elif " ".join(text.casefold().strip(" !.?,،؟።").split()) in commands.GREETINGS:
                self._set(message, "greet")
            elif asks_for_tips(text) or not has_words(text):  # tips: `wegwijz.tips.words`
                self._set(message, FALLBACK_INTENT)
        return messages

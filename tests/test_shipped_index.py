"""The index committed in index/ must be exactly what the current code builds from corpus/."""

import json
from pathlib import Path

from rag.chunking import chunk_corpus
from rag.config import Settings
from rag.corpus import load_corpus
from rag.index import CHUNKS, check_manifest, read_manifest


def test_shipped_index_matches_corpus_and_settings():
    settings = Settings()
    corpus = load_corpus(settings.corpus_dir, settings.root_dir)
    check_manifest(read_manifest(settings.index_dir), settings, corpus)  # raises when stale


def test_shipped_chunks_are_what_the_code_produces_now():
    """Catches a chunking change that forgot to bump INDEX_FORMAT and rebuild."""
    settings = Settings()
    corpus = load_corpus(settings.corpus_dir, settings.root_dir)
    expected = [c.to_dict() for c in chunk_corpus(corpus.documents, settings.max_chunk_chars,
                                                   settings.statute_max_chars)]
    shipped = [json.loads(line) for line in (Path(settings.index_dir) / CHUNKS).read_text("utf-8").splitlines()]
    assert shipped == expected

"""Offsets are sacred: every chunk of every real corpus file is an exact span of that file."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS_DIR, REPO_ROOT, SHARED_DIR

from rag.chunking import chunk_document, find_furniture
from rag.config import Settings
from rag.corpus import load_corpus

SETTINGS = Settings()
CORPUS_FILES = sorted(p for p in CORPUS_DIR.rglob("*") if p.suffix in (".txt", ".md"))
CATALOG = json.loads((CORPUS_DIR / "catalog.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SETTINGS.corpus_dir, SETTINGS.root_dir)


def _file_text(path) -> str:
    return open(path, "rb").read().decode("utf-8")


def _doc(corpus, path):
    rel = path.relative_to(REPO_ROOT).as_posix()
    matches = [d for d in corpus.documents if d.source == rel]
    assert len(matches) == 1, f"{rel} was not loaded as exactly one document"
    return matches[0]


def _chunks(doc):
    return chunk_document(doc, SETTINGS.max_chunk_chars, SETTINGS.statute_max_chars)


def test_the_real_corpus_has_five_articles_and_five_statutes(corpus):
    assert len(CORPUS_FILES) == 10
    assert sorted(d.kind for d in corpus.documents) == ["article"] * 5 + ["statute"] * 5
    assert corpus.warnings == ()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_chunk_is_an_exact_span_of_its_file(corpus, path):
    file_text = _file_text(path)
    doc = _doc(corpus, path)
    assert doc.text == file_text  # the document is the file, unaltered
    chunks = _chunks(doc)
    assert len(chunks) >= 5
    for chunk in chunks:
        assert chunk.text == file_text[chunk.start:chunk.end]
        assert chunk.source == path.relative_to(REPO_ROOT).as_posix()
        assert chunk.text.strip() == chunk.text and chunk.text
    spans = sorted((c.start, c.end) for c in chunks)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end, "chunks of one document overlap"
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_chunk_ids_are_deterministic_and_unique(corpus, path):
    doc = _doc(corpus, path)
    first, second = _chunks(doc), _chunks(doc)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert [c.to_dict() for c in first] == [c.to_dict() for c in second]
    assert len({c.chunk_id for c in first}) == len(first)
    # and across a fresh load of the corpus from disk
    fresh = _doc(load_corpus(SETTINGS.corpus_dir, SETTINGS.root_dir), path)
    assert [c.chunk_id for c in _chunks(fresh)] == [c.chunk_id for c in first]


@pytest.mark.parametrize("path", [p for p in CORPUS_FILES if p.parent.name == "articles"], ids=lambda p: p.name)
def test_every_sentence_line_of_an_article_is_covered_by_chunks(corpus, path):
    """Nothing that reads as article text is lost: every non-furniture sentence line is chunked."""
    doc = _doc(corpus, path)
    furniture = {(f.start, f.end) for f in find_furniture(doc.text)}
    covered = set()
    for c in _chunks(doc):
        covered.update(range(c.start, c.end))
    pos = 0
    for line in doc.text.splitlines(keepends=True):
        body = line.strip()
        start = pos + line.index(body) if body else pos
        pos += len(line)
        if (not body or (start, start + len(body)) in furniture or len(body.split()) < 8
                or not body.endswith((".", "”", '"', "?", "!"))):
            continue  # blank, furniture, or a short subheading such as "What’s Next?"
        missing = [i for i in range(start, start + len(body)) if i not in covered and not doc.text[i].isspace()]
        assert not missing, body[:80]


# What must be recognised as site furniture, per file (from ../shared/README.md and the catalog notes).
FURNITURE = {
    "irs-to-help-ice-find-immigrants.txt": {
        "Recommended Stories": "link list",
        "- Chip Roy warns against taking Supreme Court ruling against Boasberg 'to the bank'": "link list",
        "- Wes Moore weighs signing Maryland bill to block ICE from schools and libraries": "link list",
        "- Eric Adams blasts 'minimal help' from federal government after Trump pulls grants": "link list",
        "TRACKING WHAT DOGE IS DOING ACROSS THE FEDERAL GOVERNMENT": "banner",
    },
    "irs-dhs-data-sharing-paraphrased.txt": {
        "A Division of Homeland Safety emblem is displayed whereas Secretary Kristi Noem speaks to workers on the "
        "Division of Homeland Safety, Jan. 28, 2025, in Washington.": "photo caption",
        "Manuel Balce Ceneta/Pool through Reuters": "photo credit",
        "The Inside Income Service Constructing is seen, Feb. 20, 2025 in Washington.": "photo caption",
        "Tasos Katopodis/Getty Photographs": "photo credit",
    },
    "court-allows-irs-ice-agreement.txt": {
        "FILED UNDER: Immigration and Customs Enforcement": "tag line",
    },
    "cnn-irs-ice-deal-finalized.txt": {
        "date 2025-04-08 By Marshall Cohen, CNN": "dateline header",
    },
    "irs-ice-agreement-finalized.txt": {},
}


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_site_furniture_is_found_and_kept_out_of_chunks(corpus, name):
    doc = _doc(corpus, CORPUS_DIR / "articles" / name)
    found = {doc.text[f.start:f.end]: f.reason for f in find_furniture(doc.text)}
    assert found == FURNITURE[name]
    chunks = _chunks(doc)
    for f in find_furniture(doc.text):
        for c in chunks:
            assert c.end <= f.start or c.start >= f.end, f"chunk {c.locator or c.ordinal} overlaps {f.reason}"
    for line in FURNITURE[name]:
        assert not any(line in c.text for c in chunks)
        assert not any(line in c.context for c in chunks), "furniture leaks into what is embedded"


def test_content_next_to_furniture_is_still_chunked(corpus):
    texts = " ".join(c.text for d in corpus.documents if d.kind == "article" for c in _chunks(d))
    for sentence in [
        "The IRS could then turn over tax information with earnings, addresses, and other information",
        "A spokesperson for the Treasury Division confirmed the MOU and stated the idea is authorized.",
        "Present and former company officers additionally stated they fear",
        "There are many questions raised about this new agreements",
        "Washington (CNN) — The Department of Homeland Security and the Internal Revenue Service finalized",
        "The precedent it sets could have lasting consequences",
    ]:
        assert sentence in texts


# ------------------------------------------------------------------ byte-identical to ../shared

needs_shared = pytest.mark.skipif(not (SHARED_DIR / "seeds").is_dir(), reason="no ../shared folder beside the repo")


@needs_shared
@pytest.mark.parametrize("entry", [e for e in CATALOG["documents"] if e["kind"] == "article"], ids=lambda e: e["id"])
def test_articles_are_byte_identical_to_the_seeds(entry):
    assert (CORPUS_DIR / entry["path"]).read_bytes() == (SHARED_DIR / "seeds" / entry["original"]).read_bytes()


@needs_shared
def test_every_seed_is_in_the_corpus():
    originals = {e.get("original") for e in CATALOG["documents"]}
    assert {p.name for p in (SHARED_DIR / "seeds").iterdir()} <= originals


@needs_shared
@pytest.mark.parametrize("name", sorted(p.name for p in (SHARED_DIR / "statutes").glob("*.md"))
                         if (SHARED_DIR / "statutes").is_dir() else [])
def test_statutes_are_byte_identical_to_shared(name):
    assert (CORPUS_DIR / "statutes" / name).read_bytes() == (SHARED_DIR / "statutes" / name).read_bytes()

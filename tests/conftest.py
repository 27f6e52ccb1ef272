"""Shared fixtures: a deterministic fake embedder and a tiny hand-written corpus for unit tests,
and (session-scoped) the real assistant over the real corpus for integration tests."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pytest

from rag.config import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO_ROOT / "corpus"
SHARED_DIR = REPO_ROOT.parent / "shared"

FAKE_MODEL = "fake-hashed-bow-64"


class FakeEmbedder:
    """Hashed bag of words in 64 dimensions: deterministic, instant, no model files.

    Records every call to `encode` so tests can count what was (re-)embedded."""

    name = FAKE_MODEL
    dimension = 64
    vocabulary = frozenset()  # empty: the retriever's unknown-term check is skipped

    def __init__(self):
        self.calls: list[list[str]] = []

    @property
    def encoded(self) -> int:
        return sum(len(texts) for texts in self.calls)

    def encode(self, texts):
        texts = list(texts)
        self.calls.append(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.sha256(word.encode()).digest()
                vectors[row, digest[0] % self.dimension] += 1.0 if digest[1] % 2 else -1.0
            if not vectors[row].any():
                vectors[row, 0] = 1.0
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors


# ------------------------------------------------------------------ a tiny hand-written corpus

TINY_STATUTE = """# Title 26— INTERNAL REVENUE CODE

## Subtitle F— Procedure and Administration

### CHAPTER 75— CRIMES, OTHER OFFENSES, AND FORFEITURES

#### §\u202f7213. Unauthorized disclosure of information

##### (a) Returns and return information

(1) Federal employees

It shall be unlawful for any officer or employee of the United States willfully to disclose any return or \
return information. Any violation of this paragraph shall be a felony punishable by a fine not exceeding $5,000.

(2) Requests

A request meets the requirements of this paragraph if the request is in writing and sets forth

(A) the name and address of the taxpayer;

(B) the reasons why

(i) the return is needed for an ongoing investigation, including

(I) the date of the alleged offense, and

(II) the statute alleged to have been violated; and

(ii) the information sought is relevant to that investigation; and

(C) the taxable period or periods to which such return information relates.

(3) Lists

Such a request may name

(A) an employer;

(B) a bank;

(C) a broker;

(D) a trustee;

(E) a lender;

(F) a landlord;

(G) a school;

(H) an agent of either

(i) the taxpayer, or

(ii) the spouse of the taxpayer; or

(I) any other person holding property of the taxpayer.

##### (b) Penalty for snooping

Any officer who inspects a return without authorization shall be fined not more than $1,000.

##### ( l ) Disclosure for other purposes

(1) Bakeries

The Secretary may disclose return information to a bakery inspector upon written request.
"""

TINY_ARTICLE = """ date 2025-01-02 By Jane Roe, Example News

Washington (Example) — The Treasury Department signed a data agreement with the U.S. immigration agency \
on Monday. Officials said the agreement covers taxpayer addresses.
Recommended Stories
- Senator weighs new bill on public libraries
- Mayor blasts decision on federal grants
TRACKING THE FEDERAL BUDGET ACROSS THE GOVERNMENT
Rep. Ann Smith (D-CA) criticised the deal on Jan. 28, 2025, in Washington. “This is a betrayal of trust,” she said.

A Treasury emblem is displayed as Secretary Jane Doe speaks to staff, Jan. 28, 2025, in Washington.
John Photographer/Pool via Reuters
The agreement lets the agency request taxpayer addresses for people under criminal investigation.
FILED UNDER: Taxes and immigration
"""

BAKERY_ARTICLE = """Bread prices rose again this spring as flour became scarce.
The bakery owners' association said sourdough loaves now cost twice as much as last year.
Many bakers switched to rye flour, which remained cheap.
"""

TINY_FILES = {
    "statutes/26-usc-7213.md": TINY_STATUTE,
    "articles/treasury-deal.txt": TINY_ARTICLE,
    "articles/bread-prices.txt": BAKERY_ARTICLE,
}


def write_tiny_corpus(folder: Path) -> Path:
    for rel, text in TINY_FILES.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return folder


def rewrite(path: Path, text: str) -> None:
    """Write the file so that its timestamp surely changes, however coarse the file system's clock."""
    before = os.stat(path).st_mtime_ns
    path.write_text(text, "utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tiny_corpus_dir(tmp_path) -> Path:
    """tmp_path/corpus with articles/ and statutes/ holding hand-written documents (no catalog)."""
    return write_tiny_corpus(tmp_path / "corpus")


@pytest.fixture
def tiny_settings(tmp_path, tiny_corpus_dir) -> Settings:
    return Settings(corpus_dir=tiny_corpus_dir, index_dir=tmp_path / "index", root_dir=tmp_path, model=FAKE_MODEL)


@pytest.fixture
def tiny_corpus(tiny_settings):
    from rag.corpus import load_corpus

    return load_corpus(tiny_settings.corpus_dir, tiny_settings.root_dir)


@pytest.fixture
def tiny_assistant(tiny_settings, fake_embedder):
    """An Assistant over the tiny corpus with the fake embedder (index built in tmp)."""
    from rag.assistant import Assistant

    return Assistant.load(tiny_settings, embedder=fake_embedder)


# ------------------------------------------------------------------ the real thing, once per session

@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("real-index")


@pytest.fixture(scope="session")
def real_assistant(real_index_dir):
    """The real corpus, the real bundled model, an index built once per session in a tmp dir.

    The build starts from the shipped embedding cache (index/cache, vectors keyed by model and chunk text)
    when there is one, so chunking, FAISS and BM25 are built for real while unchanged chunks are not
    re-encoded: ~5 s instead of ~55 s on two cores. Set LEXCITE_TEST_COLD_BUILD=1 to encode everything."""
    import os
    import shutil

    from rag.assistant import Assistant

    shipped_cache = REPO_ROOT / "index" / "cache"
    if shipped_cache.is_dir() and not os.environ.get("LEXCITE_TEST_COLD_BUILD"):
        shutil.copytree(shipped_cache, real_index_dir / "cache", dirs_exist_ok=True)
    return Assistant.load(Settings(index_dir=real_index_dir))

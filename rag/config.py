"""One settings object with a default for every field."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputError

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"
REPO_ROOT = Path(__file__).resolve().parent.parent
# Bump when chunking or index layout changes in a way that invalidates built indexes
# (10: byte-order marks; 11: US Code structure read more exactly; 12: wrapped text, Markdown blocks;
# 13: text after a list, joined to its last item, cited at the provision of the list;
# 14: a quotation in an article indexed with who said it; 15: a statute section's heading embedded
# but left out of BM25; 16: the main clause after a conditional list, joined to its last item, cited
# at the provision of the list; 17: lists of cross-references in a lead-in cut to their first in what
# retrieval sees).
INDEX_FORMAT = 17
VERSION = "0.1.0"
MAX_TOP_K = 50  # the most sources one answer may cite (`top_k`, `--top-k`)


@dataclass(frozen=True)
class Settings:
    """Everything that shapes an index or an answer. Every field has a default."""

    corpus_dir: Path = REPO_ROOT / "corpus"
    index_dir: Path | None = None  # None: see `default_index_dir`
    root_dir: Path = REPO_ROOT  # `source` paths in citations are relative to this
    model: str = BUNDLED_MODEL  # or any sentence-transformers model name or local path
    batch_size: int = 32
    # chunking
    max_chunk_chars: int = 420  # article chunks are one or a few sentences up to this size
    statute_max_chars: int = 600  # longer statute units are split at sentence boundaries
    # retrieval
    top_k: int = 5
    candidates: int = 40  # per retriever, before fusion
    rrf_k: int = 10
    dense_weight: float = 1.0
    lexical_weight: float = 1.4
    # how many of the directions all passage vectors share (their mean, then main axes) are removed
    # before ranking by meaning; 0 ranks by plain cosine. See `retrieval.SharedDirections`
    shared_directions: int = dataclasses.field(default=1, metadata={"minimum": 0})
    # rank weight of a machine-paraphrased copy's passages. 1.0: most of what such a copy says no
    # other document does, and where an original says the same the answer quotes the original
    paraphrase_weight: float = 1.0
    # weight of a third ranking: the passages that mention the rare names a question uses
    # ("Aaron Reichlin-Melnick", "NYU Tax Law Center"); 0 turns it off
    name_weight: float = 1.0
    # answering
    max_answer_sentences: int = 4
    abstain_below: float = 0.45  # calibrated on eval/questions.jsonl (see README)
    max_question_chars: int = 2000

    def __post_init__(self):
        # folders may be given as strings and with ~, as a user types them
        for key in ("corpus_dir", "index_dir", "root_dir"):
            if (value := getattr(self, key)) is not None:
                object.__setattr__(self, key, Path(value).expanduser())
        if self.index_dir is None:
            object.__setattr__(self, "index_dir", default_index_dir(self.corpus_dir))

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then LEXCITE_* environment variables, then explicit overrides.
        BadInputError naming the variable for a value of the wrong type."""
        values = {}
        for field in dataclasses.fields(cls):
            variable = f"LEXCITE_{field.name.upper()}"
            raw = os.environ.get(variable)
            if raw is not None:
                values[field.name] = _coerce(variable, field.type, raw, field.metadata.get("minimum", 1))
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("corpus_dir", "index_dir", "root_dir"):
            if key in values:
                values[key] = Path(values[key]).expanduser().resolve()
        return cls(**values)

    def index_fingerprint(self) -> dict:
        """The settings an index depends on; a change means a rebuild."""
        return {
            "model": self.model,
            "max_chunk_chars": self.max_chunk_chars,
            "statute_max_chars": self.statute_max_chars,
            "index_format": INDEX_FORMAT,
        }

    def fingerprint_hash(self) -> str:
        blob = json.dumps(self.index_fingerprint(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


def default_index_dir(corpus_dir: Path) -> Path:
    """`index/` for the project's corpus; for any other corpus folder, a folder of its own in the
    user's cache, so that asking about other documents never overwrites the project's index."""
    corpus_dir = Path(corpus_dir).resolve()
    if corpus_dir == (REPO_ROOT / "corpus").resolve():
        return REPO_ROOT / "index"
    digest = hashlib.sha256(str(corpus_dir).encode()).hexdigest()[:12]
    return index_cache_dir() / f"{corpus_dir.name}-{digest}"


def index_cache_dir() -> Path:
    """Where the indexes of corpus folders other than the project's are kept."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lexcite" / "indexes"


def _coerce(variable: str, type_name: str, raw: str, minimum: int = 1):
    """An environment value as its field's type; an int setting is a count of at least `minimum`
    (1 unless its field's metadata says otherwise)."""
    if "Path" in type_name:
        return Path(raw)
    if "int" in type_name:
        try:
            value = int(raw)
        except ValueError:
            value = minimum - 1
        if value < minimum:
            raise BadInputError(f"{variable} must be a whole number of at least {minimum}, not {raw!r}")
        return value
    if "float" in type_name:
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise BadInputError(f"{variable} must be a number, not {raw!r}")
        return value
    return raw

"""Lexcite: answers about legal documents, every statement backed by a verbatim citation."""

from .answer import Answer, Citation
from .assistant import Assistant
from .chunking import Chunk
from .config import VERSION as __version__
from .config import Settings
from .corpus import Document
from .errors import BadInputError, CorpusError, CorruptIndexError, IndexMismatchError, LexciteError, ModelError
from .retrieval import Hit

__all__ = [
    "Answer",
    "Assistant",
    "BadInputError",
    "Chunk",
    "Citation",
    "CorpusError",
    "CorruptIndexError",
    "Document",
    "Hit",
    "IndexMismatchError",
    "LexciteError",
    "ModelError",
    "Settings",
    "__version__",
]

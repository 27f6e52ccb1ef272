"""Typed errors raised by the library; the CLI and the app turn them into messages."""


class LexciteError(Exception):
    """Base class for every error the library raises on purpose."""

    exit_code = 1


class BadInputError(LexciteError):
    """The caller gave input the assistant cannot use (empty question, bad batch line...)."""

    exit_code = 2


class CorpusError(LexciteError):
    """The corpus folder is missing, empty, or has no readable document."""

    exit_code = 2


class IndexMismatchError(LexciteError):
    """The index on disk was built for another corpus, model or chunking."""


class CorruptIndexError(LexciteError):
    """The index on disk is unreadable or incomplete."""


class ModelError(LexciteError):
    """The embedding model cannot be loaded."""

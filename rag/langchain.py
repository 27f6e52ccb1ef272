"""Lexcite as a LangChain retriever (langchain-core): hybrid search, citation fields in metadata."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from .assistant import Assistant


class LexciteRetriever(BaseRetriever):
    """Returns the best passages as LangChain Documents whose metadata carry what a citation needs:
    doc_id, title, kind, locator, source, start, end (so `text[start:end] == page_content`), score."""

    assistant: Any
    k: int = 5
    kinds: list[str] | None = None
    doc_ids: list[str] | None = None

    @classmethod
    def load(cls, **kwargs) -> LexciteRetriever:
        """A retriever over the default corpus and index."""
        return cls(assistant=Assistant.load(), **kwargs)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        hits = self.assistant.search(query, k=self.k, kinds=self.kinds, doc_ids=self.doc_ids)
        return [
            LCDocument(
                page_content=hit.chunk.text,
                metadata={"doc_id": hit.chunk.doc_id, "title": hit.chunk.title, "kind": hit.chunk.kind,
                          "locator": hit.chunk.locator, "source": hit.chunk.source, "start": hit.chunk.start,
                          "end": hit.chunk.end, "chunk_id": hit.chunk.chunk_id, "score": hit.relevance},
            )
            for hit in hits
        ]

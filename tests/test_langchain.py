"""LexciteRetriever: a langchain-core BaseRetriever whose Documents carry verifiable citation fields."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("langchain_core")

from langchain_core.documents import Document as LCDocument  # noqa: E402
from langchain_core.retrievers import BaseRetriever  # noqa: E402
from langchain_core.runnables import RunnableLambda  # noqa: E402

from rag.errors import BadInputError  # noqa: E402
from rag.langchain import LexciteRetriever  # noqa: E402

METADATA_KEYS = {"doc_id", "title", "kind", "locator", "source", "start", "end", "chunk_id", "score"}


def assert_verifiable(doc: LCDocument, root):
    assert isinstance(doc, LCDocument)
    assert set(doc.metadata) >= METADATA_KEYS
    meta = doc.metadata
    assert (root / meta["source"]).read_bytes().decode("utf-8")[meta["start"]:meta["end"]] == doc.page_content
    assert 0.0 <= meta["score"] <= 1.0


def test_is_a_langchain_retriever_returning_cited_documents(tiny_assistant):
    retriever = LexciteRetriever(assistant=tiny_assistant, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("Who may receive return information on written request?")
    assert 1 <= len(docs) <= 3
    for doc in docs:
        assert_verifiable(doc, tiny_assistant.settings.root_dir)
    hits = tiny_assistant.search("Who may receive return information on written request?", k=3)
    assert [d.metadata["chunk_id"] for d in docs] == [h.chunk.chunk_id for h in hits]


def test_filters_by_kind_and_document(tiny_assistant):
    statutes = LexciteRetriever(assistant=tiny_assistant, k=10, kinds=["statute"]).invoke("taxpayer agreement")
    assert statutes and {d.metadata["kind"] for d in statutes} == {"statute"}
    assert all(d.metadata["locator"].startswith("26 U.S.C. § 7213") for d in statutes)
    bread = LexciteRetriever(assistant=tiny_assistant, k=10, doc_ids=["bread-prices"]).invoke("flour")
    assert bread and {d.metadata["doc_id"] for d in bread} == {"bread-prices"}
    assert all(d.metadata["locator"] is None for d in bread)


def test_bad_questions_raise_bad_input(tiny_assistant):
    retriever = LexciteRetriever(assistant=tiny_assistant)
    with pytest.raises(BadInputError):
        retriever.invoke("   ")
    with pytest.raises(BadInputError):
        LexciteRetriever(assistant=tiny_assistant, doc_ids=["nope"]).invoke("flour")


def test_drops_into_a_chain_and_runs_async(tiny_assistant):
    retriever = LexciteRetriever(assistant=tiny_assistant, k=2)
    chain = retriever | RunnableLambda(lambda docs: [f"{d.metadata['source']}[{d.metadata['start']}:"
                                                     f"{d.metadata['end']}]" for d in docs])
    spans = chain.invoke("bakery inspector")
    assert len(spans) == 2 and spans[0].startswith("corpus/statutes/26-usc-7213.md[")
    docs = asyncio.run(retriever.ainvoke("bakery inspector"))
    assert [d.page_content for d in docs] == [d.page_content for d in retriever.invoke("bakery inspector")]


@pytest.mark.integration
def test_real_retriever_finds_the_cited_subsection(real_assistant):
    docs = LexciteRetriever(assistant=real_assistant, k=5).invoke(
        "What must a request under section 6103(i)(2) include?")
    assert len(docs) == 5
    assert docs[0].metadata["locator"].startswith("26 U.S.C. § 6103(i)(2)")
    for doc in docs:
        assert_verifiable(doc, real_assistant.settings.root_dir)

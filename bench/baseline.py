"""The floor: LangChain's tutorial pipeline and BM25 alone, scored like `rag eval` on the same set.

    python bench/baseline.py [--questions eval/questions.jsonl]

Tutorial pipeline: RecursiveCharacterTextSplitter(1000, 200) over every corpus file, the same
all-MiniLM-L6-v2 model, FAISS inner product, top 5, no abstention. BM25: bm25s over the same
chunks. A hit is a retrieved chunk overlapping the evidence by half the shorter span (as in rag eval)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import faiss
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from langchain_text_splitters import RecursiveCharacterTextSplitter  # noqa: E402

from rag.corpus import load_corpus  # noqa: E402
from rag.embeddings import load_embedder  # noqa: E402
from rag.evaluation import evidence_spans, load_questions, supports  # noqa: E402
from rag.index import lexical_tokens  # noqa: E402


def tutorial_chunks(corpus) -> list[dict]:
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True)
    chunks = []
    for doc in corpus.documents:
        for piece in splitter.create_documents([doc.text]):
            start = piece.metadata["start_index"]
            chunks.append({"source": doc.source, "start": start, "end": start + len(piece.page_content),
                           "text": piece.page_content})
    return chunks


def score(rankings: list[list[dict]], questions: list[dict]) -> dict:
    ranks = []
    for ranked, item in zip(rankings, questions, strict=True):
        spans = evidence_spans(item, ROOT)
        ranks.append(next((i for i, c in enumerate(ranked, 1) if supports(c, spans)), None))
    n = len(ranks)
    return {"hit@1": round(sum(r == 1 for r in ranks) / n, 3),
            "hit@5": round(sum(bool(r) and r <= 5 for r in ranks) / n, 3),
            "mrr": round(sum(1 / r for r in ranks if r) / n, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    args = parser.parse_args()
    questions = [q for q in load_questions(args.questions) if q.get("answerable", True)]
    corpus = load_corpus(ROOT / "corpus", ROOT)
    chunks = tutorial_chunks(corpus)
    embedder = load_embedder()
    dense = faiss.IndexFlatIP(embedder.dimension)
    dense.add(embedder.encode([c["text"] for c in chunks]))
    _, ids = dense.search(embedder.encode([q["question"] for q in questions]), 5)
    tutorial = [[chunks[i] for i in row] for row in ids]

    import bm25s

    lexical = bm25s.BM25()
    lexical.index([lexical_tokens(c["text"]) or ["_"] for c in chunks], show_progress=False)
    bm25 = [[chunks[i] for i in np.argsort(-lexical.get_scores(lexical_tokens(q["question"]) or ["_"]))[:5]]
            for q in questions]
    mean_chars = sum(c["end"] - c["start"] for c in chunks) / len(chunks)
    print(f"{len(questions)} answerable questions from {args.questions.name}; {len(chunks)} tutorial chunks "
          f"(mean {mean_chars:.0f} chars); neither baseline ever abstains")
    print("LangChain tutorial (1000/200, MiniLM, FAISS, top 5):", score(tutorial, questions))
    print("BM25 alone over the same chunks:                    ", score(bm25, questions))


if __name__ == "__main__":
    main()

"""Scoring the assistant on a question set: retrieval quality, abstention, citation validity, latency."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from .errors import BadInputError


def load_questions(path: Path) -> list[dict]:
    """JSONL lines of {id, question, answerable, evidence: [{source, text}], category}."""
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise BadInputError(f"cannot read question file {path}: {reason}") from exc
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            assert isinstance(item["question"], str)
        except (ValueError, KeyError, TypeError, AssertionError) as exc:
            raise BadInputError(f"{path}:{number}: not a question line ({exc})") from exc
        questions.append(item)
    return questions


def evidence_spans(item: dict, root: Path) -> list[tuple[str, int, int]]:
    """Where each evidence text sits in its file: (source, start, end)."""
    spans = []
    for ev in item.get("evidence", []):
        text = (root / ev["source"]).read_bytes().decode("utf-8")
        start = text.find(ev["text"])
        if start < 0:
            raise BadInputError(f"evidence for {item.get('id')} is not in {ev['source']}: {ev['text'][:60]!r}")
        spans.append((ev["source"], start, start + len(ev["text"])))
    return spans


def supports(citation: dict, spans: list[tuple[str, int, int]]) -> bool:
    """A citation supports the evidence when it overlaps it by at least half of the shorter span."""
    for source, start, end in spans:
        if citation["source"] != source:
            continue
        overlap = min(end, citation["end"]) - max(start, citation["start"])
        if overlap > 0 and overlap >= 0.5 * min(end - start, citation["end"] - citation["start"]):
            return True
    return False


def evaluate(assistant, questions: list[dict], top_k: int | None = None) -> dict:
    """Run every question and compute the report."""
    root = assistant.settings.root_dir
    rows, texts = [], {}
    for item in questions:
        started = time.perf_counter()
        answer = assistant.ask(item["question"], top_k=top_k).to_dict()
        latency = (time.perf_counter() - started) * 1000
        citations = answer["citations"]
        valid = []
        for c in citations:
            if c["source"] not in texts:
                texts[c["source"]] = (root / c["source"]).read_bytes().decode("utf-8")
            valid.append(texts[c["source"]][c["start"]:c["end"]] == c["quote"])
        answerable = item.get("answerable", True)
        rank = None
        if answerable and not answer["abstained"]:
            spans = evidence_spans(item, root)
            rank = next((i for i, c in enumerate(citations, start=1) if supports(c, spans)), None)
        rows.append({"id": item.get("id"), "question": item["question"], "category": item.get("category"),
                     "answerable": answerable, "abstained": answer["abstained"], "rank": rank,
                     "citations": len(citations), "valid_citations": sum(valid),
                     "span_chars": [c["end"] - c["start"] for c in citations],
                     "top_relevance": citations[0]["relevance"] if citations else None,
                     "latency_ms": round(latency, 1)})
    return {"summary": summarize(rows), "questions": rows}


def summarize(rows: list[dict]) -> dict:
    """The figures of the report, from per-question rows (a pure function)."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    n = len(answerable) or 1
    spans = [s for r in rows if not r["abstained"] for s in r["span_chars"]]
    latencies = [r["latency_ms"] for r in rows]
    total_citations = sum(r["citations"] for r in rows)
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "hit@1": round(sum(1 for r in answerable if r["rank"] == 1) / n, 3),
        "hit@5": round(sum(1 for r in answerable if r["rank"] and r["rank"] <= 5) / n, 3),
        "mrr": round(sum(1 / r["rank"] for r in answerable if r["rank"]) / n, 3),
        "abstention_accuracy": round(sum(r["abstained"] for r in unanswerable) / (len(unanswerable) or 1), 3),
        "false_abstention": round(sum(r["abstained"] for r in answerable) / n, 3),
        "citation_validity": round(sum(r["valid_citations"] for r in rows) / (total_citations or 1), 4),
        "citations": total_citations,
        "mean_cited_span_chars": round(statistics.mean(spans), 1) if spans else 0.0,
        "latency_ms_p50": round(percentile(latencies, 50), 1),
        "latency_ms_p95": round(percentile(latencies, 95), 1),
    }


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    position = min(len(values) - 1, max(0, round(pct / 100 * (len(values) - 1))))
    return sorted(values)[position]


def format_report(report: dict) -> str:
    """A plain-text report for people."""
    s = report["summary"]
    lines = [
        f"questions: {s['questions']} ({s['answerable']} answerable, {s['unanswerable']} unanswerable)",
        f"hit@1 {s['hit@1']:.3f}   hit@5 {s['hit@5']:.3f}   MRR {s['mrr']:.3f}",
        f"abstention on unanswerable {s['abstention_accuracy']:.3f}   false abstention {s['false_abstention']:.3f}",
        f"citation validity {s['citation_validity']:.2%} of {s['citations']} citations   "
        f"mean cited span {s['mean_cited_span_chars']:.0f} chars",
        f"latency per question: p50 {s['latency_ms_p50']} ms, p95 {s['latency_ms_p95']} ms",
        "",
        "misses:",
    ]
    for r in report["questions"]:
        wrong = (r["answerable"] and r["rank"] != 1) or (not r["answerable"] and not r["abstained"])
        if wrong:
            what = "abstained" if r["abstained"] else f"rank {r['rank']}"
            lines.append(f"  {r['id']} [{r['category']}] {what} (top relevance {r['top_relevance']}): {r['question']}")
    return "\n".join(lines)

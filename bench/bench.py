"""Benchmark: every figure is printed next to the floor it is measured against, in the same run.

    python bench/bench.py                       # the project corpus
    python bench/bench.py --scale title-08      # also a whole US Code title from ../shared/uscode
    python bench/bench.py --json results.json   # write the figures as JSON too
    python bench/bench.py --repeat 5            # more builds of the project corpus (median reported)

Floors: index build vs. a bare encode of the same chunk texts; warm question latency vs. one bare
encode of the question; process start to first answer vs. process start to `import torch`."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag import Assistant, Settings  # noqa: E402
from rag.chunking import chunk_corpus  # noqa: E402
from rag.corpus import load_corpus  # noqa: E402
from rag.embeddings import load_embedder  # noqa: E402
from rag.evaluation import load_questions, percentile  # noqa: E402
from rag.index import build_index, current_manifest  # noqa: E402

USCODE = ROOT.parent / "shared" / "uscode"


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - started


def bench_corpus(name: str, corpus_dir: Path, questions: list[str], embedder, repeat: int = 1) -> dict:
    """Build from scratch (empty cache) and time it against a bare encode of the same texts, `repeat`
    times in alternating order (medians reported); then questions, each timed right after a bare
    encode of itself, so drift in the machine's speed hits both sides of the ratio alike."""
    work = Path(tempfile.mkdtemp(prefix="lexcite-bench-"))
    try:
        settings = Settings(corpus_dir=corpus_dir, index_dir=work / "index", root_dir=corpus_dir.parent)
        corpus, load_s = timed(load_corpus, settings.corpus_dir, settings.root_dir)
        chunks, chunk_s = timed(chunk_corpus, corpus.documents, settings.max_chunk_chars,
                                settings.statute_max_chars)
        texts = [c.context for c in chunks]
        encodes, builds = [], []
        for run in range(repeat):
            for step in (("encode", "build") if run % 2 == 0 else ("build", "encode")):
                if step == "encode":
                    encodes.append(timed(embedder.encode, texts)[1])
                else:
                    shutil.rmtree(settings.index_dir, ignore_errors=True)  # empty cache: embed everything
                    builds.append(timed(build_index, settings, corpus, embedder)[1])
        encode_s, build_s = statistics.median(encodes), statistics.median(builds)
        _, rebuild_s = timed(build_index, settings, corpus, embedder)  # everything cached
        current, check_s = timed(current_manifest, settings, corpus)  # `rag index` when nothing changed
        assert current is not None
        assistant = Assistant.load(settings, build=False, embedder=embedder)
        for q in questions[:3]:
            assistant.ask(q)  # warm up
        bare, latency = [], []
        for q in questions:
            bare.append(timed(embedder.encode, [q])[1] * 1000)
            latency.append(timed(assistant.ask, q)[1] * 1000)
        size = sum(p.stat().st_size for p in (work / "index").rglob("*") if p.is_file())
        return {
            "corpus": name, "documents": len(corpus.documents), "chars": sum(len(d.text) for d in corpus.documents),
            "chunks": len(chunks), "load_corpus_s": round(load_s, 3), "chunk_s": round(chunk_s, 3),
            "bare_encode_s": round(encode_s, 2), "build_s": round(build_s, 2), "runs": repeat,
            "bare_encode_runs_s": [round(t, 2) for t in encodes], "build_runs_s": [round(t, 2) for t in builds],
            "build_overhead": round(build_s / encode_s - 1, 3), "rebuild_cached_s": round(rebuild_s, 2),
            "up_to_date_check_s": round(check_s, 3),
            "index_mb": round(size / 1e6, 1),
            "bare_query_encode_ms_p50": round(statistics.median(bare), 2),
            "ask_ms_p50": round(statistics.median(latency), 2), "ask_ms_p95": round(percentile(latency, 95), 2),
            "ask_vs_bare_encode": round(statistics.median(latency) / statistics.median(bare), 2),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def first_answer_seconds() -> dict:
    """Fresh processes: to `import torch` (the floor), and to the first answer from the shipped index."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    floor = "import time; t=time.time(); import torch; print(time.time()-t)"
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child would report its parent's peak
    script = ("import time; t=time.time(); from rag import Assistant; a=Assistant.load(build=False); "
              "a.ask('Who signed the agreement?'); "
              "hwm=open('/proc/self/status').read().split('VmHWM:')[1].split()[0]; print(time.time()-t, hwm)")
    results = {}
    for label, code in (("import_torch_s", floor), ("first_answer_s", script)):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"{label} failed: {out.stderr.strip().splitlines()[-1:]}")
        results[label] = round(time.perf_counter() - started, 2)
        if label == "first_answer_s":
            results["first_answer_peak_rss_mb"] = round(int(out.stdout.split()[1]) / 1024, 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", action="append", default=[], choices=["title-08", "title-26"],
                        help="also benchmark a whole US Code title (needs ../shared/uscode)")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="builds and bare encodes of the project corpus, alternating (default 3; "
                             "a US Code title is built once: Title 26 takes about 10 minutes)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}", flush=True)
    embedder, model_s = timed(load_embedder)
    questions = [q["question"] for q in load_questions(ROOT / "eval" / "questions.jsonl")]
    results = {"model_load_s": round(model_s, 2), "corpora": []}
    runs = [("project corpus", ROOT / "corpus")]
    for title in args.scale:
        if not (USCODE / f"{title}.md").exists():
            raise SystemExit(f"{USCODE / (title + '.md')} not found: --scale needs ../shared/uscode")
        runs.append((f"US Code {title}", USCODE / f"{title}.md"))
    for name, source in runs:
        print(f"\n== {name}", flush=True)
        if source.is_dir():
            r = bench_corpus(name, source, questions, embedder, args.repeat)
        else:  # a title, built once in a corpus folder of its own
            with tempfile.TemporaryDirectory(prefix="lexcite-uscode-") as copy:
                folder = Path(copy) / "corpus"
                (folder / "statutes").mkdir(parents=True)
                shutil.copy(source, folder / "statutes" / source.name)
                r = bench_corpus(name, folder, questions, embedder)
        results["corpora"].append(r)
        print(f"  {r['documents']} documents, {r['chars']:,} chars -> {r['chunks']:,} chunks "
              f"(chunking {r['chunk_s']} s), index {r['index_mb']} MB")
        spread = (f" (medians of {r['runs']}: builds {r['build_runs_s']}, encodes {r['bare_encode_runs_s']})"
                  if r["runs"] > 1 else "")
        print(f"  build {r['build_s']} s vs bare encode {r['bare_encode_s']} s: "
              f"overhead {r['build_overhead']:+.1%} (target <= +20%){spread}; "
              f"unchanged rebuild {r['rebuild_cached_s']} s, up-to-date check {r['up_to_date_check_s']} s")
        print(f"  ask p50 {r['ask_ms_p50']} ms, p95 {r['ask_ms_p95']} ms vs bare question encode "
              f"{r['bare_query_encode_ms_p50']} ms: {r['ask_vs_bare_encode']}x (target <= 2x)")
    print("\n== process start to first answer (project corpus, shipped index)", flush=True)
    startup = first_answer_seconds()
    results["startup"] = startup
    print(f"  first answer {startup['first_answer_s']} s vs `import torch` {startup['import_torch_s']} s; "
          f"peak RSS {startup['first_answer_peak_rss_mb']} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["bench_peak_rss_mb"] = round(peak, 1)
    print(f"\nmodel load {results['model_load_s']} s; peak RSS of this benchmark process {peak:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

"""The `rag` command as a user runs it: a subprocess with the real model and a real index (built once)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.integration

ANSWER_KEYS = {"question", "answer", "abstained", "citations", "timing_ms"}
CITATION_KEYS = {"n", "doc_id", "title", "kind", "locator", "source", "start", "end", "quote", "score",
                 "relevance"}


def run(*args, index_dir=None, stdin=None, env=None, rag_script=False):
    """Run the CLI from the repository root with a clean LEXCITE_* environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LEXCITE_")}
    environment["HF_HUB_OFFLINE"] = "1"
    if index_dir is not None:
        environment["LEXCITE_INDEX_DIR"] = str(index_dir)
    environment.update(env or {})
    command = [str(Path(sys.executable).parent / "rag")] if rag_script else [sys.executable, "-m", "rag"]
    return subprocess.run([*command, *args], cwd=REPO_ROOT, env=environment, input=stdin, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def index_dir(real_assistant, real_index_dir):
    """The session's real index (built by the real_assistant fixture)."""
    return real_index_dir


@pytest.fixture
def index_copy(index_dir, tmp_path):
    """A private copy of the real index, for tests that damage or rebuild it."""
    return Path(shutil.copytree(index_dir, tmp_path / "index"))


def file_text(source: str) -> str:
    return (REPO_ROOT / source).read_bytes().decode("utf-8")


def assert_answer_object(data: dict):
    assert set(data) >= ANSWER_KEYS
    assert isinstance(data["abstained"], bool) and isinstance(data["answer"], str) and data["answer"]
    assert {"retrieve", "answer", "total"} <= set(data["timing_ms"])
    for n, citation in enumerate(data["citations"], start=1):
        assert set(citation) >= CITATION_KEYS
        assert citation["n"] == n
        assert file_text(citation["source"])[citation["start"]:citation["end"]] == citation["quote"]
        assert citation["kind"] in ("statute", "article")


def assert_one_line_error(result, code):
    assert result.returncode == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("rag: error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


# ------------------------------------------------------------------ index and ask

def test_index_leaves_an_up_to_date_index_alone_unless_forced(index_copy):
    before = {p: p.read_bytes() for p in index_copy.rglob("*") if p.is_file()}
    result = run("index", index_dir=index_copy)
    assert result.returncode == 0, result.stderr
    assert "is up to date (10 documents" in result.stdout and "nothing to do" in result.stdout
    assert {p: p.read_bytes() for p in index_copy.rglob("*") if p.is_file()} == before
    result = run("index", "--force", index_dir=index_copy)
    assert result.returncode == 0, result.stderr
    assert "indexed 10 documents" in result.stdout
    assert "(0 embedded" in result.stdout  # nothing changed: every vector comes from the cache
    assert json.loads((index_copy / "manifest.json").read_text("utf-8"))["chunks_embedded"] == 0


def test_index_repairs_a_damaged_index(index_copy):
    dense = index_copy / "dense.faiss"
    dense.write_bytes(dense.read_bytes()[:1000])
    result = run("index", index_dir=index_copy)
    assert result.returncode == 0, result.stderr
    assert "indexed 10 documents" in result.stdout and "(0 embedded" in result.stdout
    assert run("ask", "Who signed?", "--no-build", index_dir=index_copy).returncode == 0


def test_ask_json_prints_one_verifiable_answer_object(index_dir):
    result = run("ask", "Who signed the agreement?", "--json", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert_answer_object(data)
    assert "id" not in data
    assert data["question"] == "Who signed the agreement?"
    assert data["abstained"] is False
    assert "Scott Bessent" in data["answer"] and "[1]" in data["answer"]
    assert data["citations"]


def test_ask_prints_the_answer_then_numbered_sources(index_dir):
    result = run("ask", "What must a request under section 6103(i)(2) include?", index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Sources:" in out
    answer, sources = out.split("Sources:", 1)
    assert "[1]" in answer and "26 U.S.C. § 6103(i)(2)" in answer
    assert "[1] Law · 26 U.S.C. § 6103(i)(2)" in sources
    assert "corpus/statutes/26-usc-6103.md [" in sources
    numbers = [line.split("]")[0] + "]" for line in sources.splitlines() if line.startswith("[")]
    assert numbers == [f"[{n}]" for n in range(1, len(numbers) + 1)]


# ------------------------------------------------------------------ bad input: exit 2, one line, no traceback

@pytest.mark.parametrize("args, message", [
    (["ask", ""], "empty"),
    (["ask", "   \n\t "], "empty"),
    (["ask", "x" * 2001], "2,000"),
    (["ask", "\x01\x02\x03\x04"], "binary"),
    (["ask", "?!?"], "no words"),
    (["ask"], "--batch"),
    (["ask", "Who signed?", "--batch", "questions.jsonl"], "either"),
])
def test_bad_input_exits_2_with_one_line(args, message, tmp_path):
    # these fail before the model or the index is touched: no index is needed
    line = assert_one_line_error(run(*args, index_dir=tmp_path / "no-index"), 2)
    assert message in line


@pytest.mark.parametrize("args, env, message", [
    (["ask", "Who signed?", "--top-k", "0"], {}, "--top-k: must be an integer between 1 and 50, not '0'"),
    (["ask", "Who signed?", "--top-k", "51"], {}, "between 1 and 50"),
    (["ask", "Who signed?", "--top-k", "three"], {}, "--top-k"),
    (["ask", "Who signed?"], {"LEXCITE_TOP_K": "abc"}, "LEXCITE_TOP_K must be a whole number"),
    (["ask", "Who signed?"], {"LEXCITE_TOP_K": "0"}, "LEXCITE_TOP_K"),
    (["ask", "Who signed?"], {"LEXCITE_ABSTAIN_BELOW": "high"}, "LEXCITE_ABSTAIN_BELOW must be a number"),
    (["eval", "--questions", "no/such/questions.jsonl"], {}, "cannot read question file no/such/questions.jsonl"),
])
def test_bad_options_and_settings_exit_2_naming_what_is_wrong(args, env, message, tmp_path):
    line = assert_one_line_error(run(*args, index_dir=tmp_path / "no-index", env=env), 2)
    assert message in line


@pytest.mark.parametrize("command", [["index"], ["ask", "Who signed?"]])
def test_an_index_path_that_is_a_file_exits_2(command, tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("not an index\n", "utf-8")
    line = assert_one_line_error(run(*command, "--index", str(afile)), 2)
    assert str(afile) in line and "not a folder" in line
    assert afile.read_text("utf-8") == "not an index\n"


def test_an_embedding_model_that_cannot_be_loaded_is_one_line(tmp_path):
    line = assert_one_line_error(run("ask", "Who signed?", "--model", "nonexistent-model-xyz",
                                     index_dir=tmp_path / "index"), 1)
    assert "nonexistent-model-xyz" in line


def test_missing_batch_file_exits_2(index_dir):
    line = assert_one_line_error(run("ask", "--batch", "no/such/file.jsonl", index_dir=index_dir), 2)
    assert "no/such/file.jsonl" in line


def test_missing_batch_file_is_reported_before_any_index_is_built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text("One short document about taxes.\n", "utf-8")
    result = run("ask", "--batch", "no/such/file.jsonl", index_dir=tmp_path / "index",
                 env={"LEXCITE_CORPUS_DIR": str(corpus)})
    assert result.returncode == 2
    assert not (tmp_path / "index").exists()


def test_unknown_flag_exits_2_without_traceback():
    result = run("ask", "Who signed?", "--frobnicate")
    assert result.returncode == 2
    assert "unrecognized arguments: --frobnicate" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_unknown_flag_is_one_line():
    assert_one_line_error(run("ask", "Who signed?", "--frobnicate"), 2)


def test_no_subcommand_is_a_usage_error():
    result = run()
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_corpus_folder_with_no_documents_exits_2(tmp_path):
    empty = tmp_path / "corpus"
    empty.mkdir()
    (empty / "notes.pdf").write_bytes(b"%PDF")
    line = assert_one_line_error(run("ask", "Who signed?", index_dir=tmp_path / "index",
                                     env={"LEXCITE_CORPUS_DIR": str(empty)}), 2)
    assert "no readable" in line and str(empty) in line and "notes.pdf: only .txt and .md" in line
    line = assert_one_line_error(run("index", index_dir=tmp_path / "index", env={"LEXCITE_CORPUS_DIR": str(empty)}), 2)
    assert "no readable" in line


# ------------------------------------------------------------------ batch

def test_batch_answers_every_line_in_order_and_flags_bad_ones(index_dir, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "q1", "question": "Who signed the agreement?"}),
        '{"id": "q2", "question": ',
        json.dumps({"id": "q3", "query": "What is 26 USC 7213?"}),
        json.dumps({"question": "What is the penalty under 26 USC 7213?"}),
    ]) + "\n", "utf-8")
    result = run("ask", "--batch", str(batch), index_dir=index_dir)
    assert result.returncode == 2, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    good, malformed, no_question, no_id = lines
    assert good["id"] == "q1" and "error" not in good
    assert_answer_object(good)
    assert set(malformed) == {"error"} and "line 2" in malformed["error"] and "JSON" in malformed["error"]
    assert no_question["id"] == "q3" and "question" in no_question["error"] and set(no_question) == {"id", "error"}
    assert "id" not in no_id and "error" not in no_id
    assert_answer_object(no_id)
    assert no_id["question"] == "What is the penalty under 26 USC 7213?"
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # one line per bad input line


def test_batch_from_stdin(index_dir):
    stdin = "\n".join(json.dumps(item) for item in [
        {"id": 7, "question": "Can the IRS give my address to ICE?"},
        {"id": "nul", "question": "\u0000\u0001"},
        {"id": "b", "question": "What does 8 U.S.C. 1253(a)(1) punish?"},
    ]) + "\n\n"
    result = run("ask", "--batch", "-", "--law-only", index_dir=index_dir, stdin=stdin)
    assert result.returncode == 2, result.stderr
    first, junk, last = [json.loads(line) for line in result.stdout.splitlines()]
    assert first["id"] == 7 and last["id"] == "b"
    assert junk == {"id": "nul", "error": junk["error"]} and "binary" in junk["error"]
    for data in (first, last):
        assert_answer_object(data)
        assert data["citations"] and {c["kind"] for c in data["citations"]} == {"statute"}
    assert last["citations"][0]["locator"].startswith("8 U.S.C. § 1253(a)(1)")


def test_a_clean_batch_exits_0(index_dir):
    result = run("ask", "--batch", "-", index_dir=index_dir,
                 stdin=json.dumps({"id": "only", "question": "What is the capital of France?"}) + "\n")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "only" and data["abstained"] is True  # an abstention is a success


def test_a_batch_line_that_is_not_utf8_is_one_error_line(index_dir, tmp_path):
    batch = tmp_path / "mixed.jsonl"
    batch.write_bytes(b'{"id": "a", "question": "Who signed the agreement?"}\n'
                      b'\xff\xfe\x00junk\n'
                      b'{"id": "c", "question": "What is the penalty under 26 USC 7213?"}\n')
    result = run("ask", "--batch", str(batch), index_dir=index_dir)
    assert result.returncode == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("id") for line in lines] == ["a", None, "c"]
    assert "error" in lines[1] and "error" not in lines[0] and "error" not in lines[2]


def test_a_batch_line_whose_id_cannot_be_written_back_is_an_error_line(index_dir):
    stdin = "\n".join([
        '{"id": "\\ud800x", "question": "Who signed the agreement?"}',  # a lone surrogate: not UTF-8
        '{"id": {"\\udc80": 1}, "question": "Who signed the agreement?"}',
        '{"id": NaN, "question": "Who signed the agreement?"}',  # NaN is not strict JSON
        '{"id": "q4", "question": "Who signed the agreement?\\ud800"}',
        '{"id": ' + "[" * 100_000 + "]" * 100_000 + ', "question": "Who signed the agreement?"}',
        json.dumps({"id": "last", "question": "Who signed the agreement?"}),
    ]) + "\n"
    result = run("ask", "--batch", "-", index_dir=index_dir, stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 6
    *bad, last = lines
    assert [set(line) for line in bad] == [{"error"}, {"error"}, {"error"}, {"id", "error"}, {"error"}]
    assert [line["error"].split(":")[0] for line in bad] == [f"line {n}" for n in range(1, 6)]
    assert "id" in bad[0]["error"] and bad[3]["id"] == "q4"
    assert last["id"] == "last" and "error" not in last
    assert_answer_object(last)
    assert len(result.stderr.strip().splitlines()) == 5


def test_blank_lines_in_a_batch_keep_output_lines_paired_with_input_lines(index_dir):
    question = {"question": "Who signed the agreement?"}
    stdin = "\n".join([json.dumps({"id": "a", **question}), "", "  \t", json.dumps({"id": "d", **question})])
    result = run("ask", "--batch", "-", index_dir=index_dir, stdin=stdin + "\n\n\n")  # trailing blank lines
    assert result.returncode == 2, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[0]["id"] == "a" and lines[3]["id"] == "d"
    assert lines[1] == {"error": "line 2: empty line"} and lines[2] == {"error": "line 3: empty line"}
    assert result.stderr.strip().splitlines() == ["rag: line 2: empty line", "rag: line 3: empty line"]


def test_asking_about_another_corpus_leaves_the_project_index_alone(tmp_path):
    """`--corpus` alone gets an index of its own (in the user's cache), never the project's index/."""
    corpus = tmp_path / "mydocs"
    corpus.mkdir()
    (corpus / "lease.md").write_text("# Lease\n\nThe landlord must return the deposit within 30 days after "
                                     "the tenant moves out.\n", "utf-8")
    project_index = {p: p.read_bytes() for p in (REPO_ROOT / "index").rglob("*") if p.is_file()}
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = run("ask", "When is the deposit returned?", "--corpus", str(corpus), "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["citations"][0]["quote"].startswith("The landlord must return the deposit")
    built = list((tmp_path / "cache" / "lexcite" / "indexes").glob("mydocs-*/manifest.json"))
    assert len(built) == 1 and "first use" in first.stderr and str(built[0].parent) in first.stderr
    again = run("ask", "When is the deposit returned?", "--corpus", str(corpus), env=env)
    assert again.returncode == 0 and again.stderr == ""  # the same index, found again
    assert {p: p.read_bytes() for p in (REPO_ROOT / "index").rglob("*") if p.is_file()} == project_index
    # pointed at the project's index on purpose, it refuses rather than throwing that index away
    line = assert_one_line_error(run("index", "--corpus", str(corpus), "--index", str(REPO_ROOT / "index")), 1)
    assert "another corpus folder" in line
    assert {p: p.read_bytes() for p in (REPO_ROOT / "index").rglob("*") if p.is_file()} == project_index


def test_indexes_lists_the_cached_indexes_and_prunes_those_of_deleted_folders(tmp_path):
    cache = tmp_path / "cache" / "lexcite" / "indexes"
    for name, corpus in (("docs-1", tmp_path / "docs"), ("old-2", tmp_path / "deleted")):
        (cache / name).mkdir(parents=True)
        (cache / name / "manifest.json").write_text(json.dumps({"corpus": str(corpus), "built_at": "2026-11-20"}))
        (cache / name / "chunks.jsonl").write_bytes(b"x" * 2000)
    (tmp_path / "docs").mkdir()
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    listed = run("indexes", env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert "docs-1" in lines[0] and "[" not in lines[0]
    assert "old-2" in lines[1] and "[corpus folder gone]" in lines[1]
    assert lines[2].startswith("2 indexes, 4 kB in ") and "--prune" in lines[2]
    pruned = run("indexes", "--prune", env=env)
    assert pruned.returncode == 0, pruned.stderr
    assert pruned.stdout.splitlines()[0].startswith(f"removed {cache / 'old-2'} (2 kB, corpus folder gone)")
    assert [p.name for p in cache.iterdir()] == ["docs-1"]


def test_control_characters_in_a_document_do_not_reach_the_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    text = ("The data agreement was signed by the \x1b]0;PWNED\x07\x1b[31mTreasury Secretary\x9b2J on Monday "
            "in Washington.\n")
    (corpus / "articles" / "note.txt").write_text(text, "utf-8")
    env = {"LEXCITE_CORPUS_DIR": str(corpus)}
    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    human = run("ask", "Who signed the data agreement?", index_dir=tmp_path / "index", env=env)
    assert human.returncode == 0, human.stderr
    assert "Treasury Secretary" in human.stdout
    assert not controls.search(human.stdout)
    assert "\\x1b]0;PWNED\\x07" in human.stdout  # shown, escaped, not obeyed
    machine = run("ask", "Who signed the data agreement?", "--json", index_dir=tmp_path / "index", env=env)
    assert machine.returncode == 0, machine.stderr
    assert not controls.search(machine.stdout)
    quotes = [c["quote"] for c in json.loads(machine.stdout)["citations"]]
    assert any("\x1b]0;PWNED\x07" in q and "\x9b" in q for q in quotes)  # the JSON stays exact


# ------------------------------------------------------------------ missing or damaged index

def test_missing_index_with_no_build_exits_1(tmp_path):
    line = assert_one_line_error(run("ask", "Who signed?", "--no-build", index_dir=tmp_path / "none"), 1)
    assert "no index" in line and "rag index" in line


def test_corrupt_index_with_no_build_exits_1(index_copy):
    dense = index_copy / "dense.faiss"
    dense.write_bytes(dense.read_bytes()[:1000])
    line = assert_one_line_error(run("ask", "Who signed?", "--no-build", index_dir=index_copy), 1)
    assert "index" in line and str(index_copy) in line


def test_debug_shows_the_traceback(tmp_path):
    result = run("--debug", "ask", "Who signed?", "--no-build", index_dir=tmp_path / "none")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "CorruptIndexError" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("rag: error: no index")
    after = run("ask", "", "--debug")
    assert after.returncode == 2 and "Traceback" in after.stderr  # --debug also works after the subcommand


# ------------------------------------------------------------------ eval and entry points

def test_eval_json_reports_the_figures(index_dir, tmp_path):
    """On a slice of the project's question set (the whole set is scored in-process by test_quality.py)."""
    questions = [json.loads(line) for line in (REPO_ROOT / "eval" / "questions.jsonl").read_text("utf-8").splitlines()
                 if line.strip()]
    subset = [q for q in questions if q["answerable"]][:5] + [q for q in questions if not q["answerable"]][:3]
    (tmp_path / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in subset), "utf-8")
    result = run("eval", "--json", "--questions", str(tmp_path / "questions.jsonl"), index_dir=index_dir)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    summary = report["summary"]
    for key in ("hit@1", "hit@5", "mrr", "abstention_accuracy", "false_abstention", "citation_validity",
                "mean_cited_span_chars", "latency_ms_p50"):
        assert isinstance(summary[key], int | float), key
    assert summary["citation_validity"] == 1.0
    assert 0 <= summary["hit@1"] <= summary["hit@5"] <= 1
    assert (summary["questions"], summary["answerable"], summary["unanswerable"]) == (8, 5, 3)
    assert [row["id"] for row in report["questions"]] == [q["id"] for q in subset]
    assert summary["latency_ms_p50"] > 0
    human = run("eval", "--questions", str(tmp_path / "questions.jsonl"), index_dir=index_dir)
    assert human.returncode == 0 and "hit@1" in human.stdout and "citation validity 100.00%" in human.stdout


def test_python_m_rag_and_the_rag_script_behave_the_same(tmp_path):
    script = Path(sys.executable).parent / "rag"
    if not script.exists():
        pytest.skip("the rag script is not installed next to this Python")
    for args in (["ask", ""], ["ask"], ["--help"]):
        module, installed = run(*args), run(*args, rag_script=True)
        assert (module.returncode, module.stdout, module.stderr) == (installed.returncode, installed.stdout,
                                                                     installed.stderr)
    assert "{index,ask,indexes,eval}" in run("--help").stdout

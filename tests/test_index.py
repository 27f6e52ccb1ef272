"""The index folder: self-describing, atomic, pickle-free, incremental, and refused when stale or damaged."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from conftest import FAKE_MODEL, FakeEmbedder, rewrite

import rag.index
from rag.assistant import Assistant
from rag.config import INDEX_FORMAT, VERSION
from rag.corpus import load_corpus
from rag.errors import BadInputError, CorruptIndexError, IndexMismatchError
from rag.index import CHUNKS, DENSE, LEXICAL, MANIFEST, build_index, load_index, read_manifest
from rag.storage import atomic_write_bytes


@pytest.fixture
def built(tiny_settings, tiny_corpus, fake_embedder):
    return build_index(tiny_settings, tiny_corpus, fake_embedder)


def reload(settings):
    return load_corpus(settings.corpus_dir, settings.root_dir)


def leftovers(folder):
    """Temp files or folders an interrupted or sloppy write would leave behind."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.name.startswith(".") or p.name.endswith((".tmp", ".old")))


def test_build_then_load_gives_the_same_index(tiny_settings, tiny_corpus, built):
    loaded = load_index(tiny_settings, tiny_corpus)
    assert [c.to_dict() for c in loaded.chunks] == [c.to_dict() for c in built.chunks]
    assert loaded.dense.ntotal == len(built.chunks) == built.manifest["num_chunks"]
    assert np.allclose(loaded.vector(3), built.vector(3))
    assert loaded.manifest == built.manifest
    assert loaded.lexical.get_scores(["bakeri"]).shape == (len(built.chunks),)


def test_the_section_heading_is_embedded_but_not_indexed_for_words(built):
    statute = [i for i, c in enumerate(built.chunks) if c.kind == "statute"]
    assert all(built.chunks[i].heading == "Unauthorized disclosure of information" for i in statute)
    assert all(built.chunks[i].context.startswith(built.chunks[i].heading) for i in statute)
    # every passage of the section carries the heading; only the passages that say the word match it
    own = {i for i in statute if "disclos" in built.chunks[i].context.removeprefix(built.chunks[i].heading).lower()}
    matched = {int(i) for term in ("disclosur", "disclos") for i in built.containing(term)} & set(statute)
    assert matched == own != set(statute)


def test_manifest_describes_the_index(tiny_settings, tiny_corpus, built):
    manifest = read_manifest(tiny_settings.index_dir)
    assert manifest["model"] == FAKE_MODEL
    assert manifest["dimension"] == 64
    assert manifest["settings"] == tiny_settings.index_fingerprint()
    assert manifest["settings"]["max_chunk_chars"] == tiny_settings.max_chunk_chars
    assert manifest["corpus_hash"] == tiny_corpus.content_hash
    assert manifest["package_version"] == VERSION
    assert manifest["format"] == INDEX_FORMAT
    assert datetime.fromisoformat(manifest["built_at"]).tzinfo is not None
    assert manifest["num_chunks"] == len(built.chunks)
    assert manifest["chunks_embedded"] == len({c.context for c in built.chunks})
    assert {d["source"] for d in manifest["documents"]} == {d.source for d in tiny_corpus.documents}
    files = manifest["files"]
    assert {CHUNKS, DENSE} <= set(files) and any(name.startswith(LEXICAL + "/") for name in files)
    assert all(len(digest) == 64 for digest in files.values())


PICKLE_MAGIC = (b"\x80\x02", b"\x80\x03", b"\x80\x04", b"\x80\x05")


def test_no_pickle_anywhere_in_the_index(tiny_settings, built):
    files = [p for p in tiny_settings.index_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        head = path.read_bytes()[:2]
        assert not head.startswith(PICKLE_MAGIC), f"{path.name} is a pickle"
        assert path.suffix in (".json", ".jsonl", ".npy", ".faiss"), f"unexpected file {path.name}"
    npys = [p for p in files if p.suffix == ".npy"]
    assert npys
    for path in npys:
        array = np.load(path, allow_pickle=False)
        assert array.dtype != object
    for path in files:
        if path.suffix == ".json":
            json.loads(path.read_text("utf-8"))


def test_rebuilding_an_unchanged_corpus_embeds_nothing(tiny_settings, tiny_corpus, built):
    again = FakeEmbedder()
    manifest = build_index(tiny_settings, tiny_corpus, again).manifest
    assert manifest["chunks_embedded"] == 0
    assert again.encoded == 0
    assert manifest["corpus_hash"] == built.manifest["corpus_hash"]


def test_editing_one_document_re_embeds_only_its_changed_chunks(tiny_settings, built):
    path = tiny_settings.corpus_dir / "articles" / "bread-prices.txt"
    path.write_text(path.read_text("utf-8") + "Wheat harvests are expected to recover next year, bakers said.\n",
                    "utf-8")
    corpus = reload(tiny_settings)
    embedder = FakeEmbedder()
    rebuilt = build_index(tiny_settings, corpus, embedder)
    old_contexts = {c.context for c in built.chunks}
    changed = {c.context for c in rebuilt.chunks if c.context not in old_contexts}
    assert changed and all(c.doc_id == "bread-prices" for c in rebuilt.chunks if c.context in changed)
    assert rebuilt.manifest["chunks_embedded"] == len(changed) == embedder.encoded
    assert sorted(t for call in embedder.calls for t in call) == sorted(changed)
    load_index(tiny_settings, corpus)  # the rebuilt index is current


def test_the_embedding_cache_drops_vectors_no_longer_used(tiny_settings, built):
    (tiny_settings.corpus_dir / "articles" / "bread-prices.txt").unlink()
    rebuilt = build_index(tiny_settings, reload(tiny_settings), FakeEmbedder())
    keys = json.loads((tiny_settings.index_dir / "cache" / "keys.json").read_text())
    assert len(keys) == len({c.context for c in rebuilt.chunks}) < len({c.context for c in built.chunks})


# ------------------------------------------------------------------ stale indexes are refused

def test_a_changed_corpus_makes_the_index_stale(tiny_settings, built):
    path = tiny_settings.corpus_dir / "statutes" / "26-usc-7213.md"
    path.write_text(path.read_text("utf-8").replace("$1,000", "$2,000"), "utf-8")
    with pytest.raises(IndexMismatchError, match="26-usc-7213.md"):
        load_index(tiny_settings, reload(tiny_settings))


def test_an_added_or_removed_document_makes_the_index_stale(tiny_settings, built):
    (tiny_settings.corpus_dir / "articles" / "new.txt").write_text("A new article about the deal.\n", "utf-8")
    with pytest.raises(IndexMismatchError, match="new.txt"):
        load_index(tiny_settings, reload(tiny_settings))
    (tiny_settings.corpus_dir / "articles" / "new.txt").unlink()
    (tiny_settings.corpus_dir / "articles" / "bread-prices.txt").unlink()
    with pytest.raises(IndexMismatchError, match="bread-prices.txt"):
        load_index(tiny_settings, reload(tiny_settings))


@pytest.mark.parametrize("change", [{"max_chunk_chars": 300}, {"statute_max_chars": 900}, {"model": "other-model"}])
def test_changed_settings_make_the_index_stale(tiny_settings, tiny_corpus, built, change):
    with pytest.raises(IndexMismatchError, match="settings"):
        load_index(dataclasses.replace(tiny_settings, **change), tiny_corpus)


def test_settings_that_do_not_shape_the_index_do_not_invalidate_it(tiny_settings, tiny_corpus, built):
    load_index(dataclasses.replace(tiny_settings, top_k=3, abstain_below=0.9, rrf_k=10), tiny_corpus)


def test_an_index_of_another_format_is_refused(tiny_settings, tiny_corpus, built):
    path = tiny_settings.index_dir / MANIFEST
    manifest = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**manifest, "format": INDEX_FORMAT - 1}), "utf-8")
    with pytest.raises(IndexMismatchError, match="format"):
        load_index(tiny_settings, tiny_corpus)


def test_a_stale_index_is_rebuilt_by_assistant_load(tiny_settings, built):
    (tiny_settings.corpus_dir / "articles" / "new.txt").write_text("Croissants are now sold at the market.\n", "utf-8")
    assistant = Assistant.load(tiny_settings, embedder=FakeEmbedder())
    assert "new" in {c.doc_id for c in assistant.index.chunks}
    load_index(tiny_settings, reload(tiny_settings))
    with pytest.raises(IndexMismatchError):
        (tiny_settings.corpus_dir / "articles" / "new2.txt").write_text("Bagels too.\n", "utf-8")
        Assistant.load(tiny_settings, build=False, embedder=FakeEmbedder())


def _other_corpus(tiny_settings):
    other = tiny_settings.root_dir / "mydocs"
    other.mkdir()
    (other / "lease.txt").write_text("The landlord must return the deposit within 30 days.\n", "utf-8")
    return dataclasses.replace(tiny_settings, corpus_dir=other)


def _index_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_index_is_never_built_over_the_index_of_another_corpus(tiny_settings, built, caplog):
    assert read_manifest(tiny_settings.index_dir)["corpus"] == "corpus"
    other = _other_corpus(tiny_settings)
    before = _index_files(tiny_settings.index_dir)
    with pytest.raises(IndexMismatchError, match="another corpus folder") as error:
        build_index(other, reload(other), FakeEmbedder())
    assert str(tiny_settings.index_dir) in str(error.value) and "--index" in str(error.value)
    with pytest.raises(IndexMismatchError, match="another corpus folder"):
        Assistant.load(other, embedder=FakeEmbedder())
    assert "rebuilding" not in caplog.text  # it does not announce a rebuild it will not do
    assert _index_files(tiny_settings.index_dir) == before  # index and cached embeddings kept
    moved = dataclasses.replace(other, index_dir=tiny_settings.root_dir / "mydocs-index")
    assert "lease" in {c.doc_id for c in Assistant.load(moved, embedder=FakeEmbedder()).index.chunks}


def test_an_index_without_a_recorded_corpus_may_be_rebuilt(tiny_settings, built):
    path = tiny_settings.index_dir / MANIFEST
    manifest = json.loads(path.read_text("utf-8"))
    del manifest["corpus"]  # written before the manifest recorded its corpus folder
    path.write_text(json.dumps(manifest), "utf-8")
    other = _other_corpus(tiny_settings)
    assert [c.doc_id for c in build_index(other, reload(other), FakeEmbedder()).chunks] == ["lease"]


def test_a_moved_project_keeps_its_index(tiny_settings, built, tmp_path):
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("corpus", "index"):
        (tmp_path / name).rename(moved / name)
    settings = dataclasses.replace(tiny_settings, corpus_dir=moved / "corpus", index_dir=moved / "index",
                                   root_dir=moved)
    assert load_index(settings, reload(settings)).manifest["corpus"] == "corpus"  # no rebuild needed
    build_index(settings, reload(settings), FakeEmbedder())  # and a rebuild is not refused


def _all_citations_match_the_files(answer, root):
    return all((root / c.source).read_text("utf-8")[c.start:c.end] == c.quote for c in answer.citations)


def test_a_file_edited_while_the_assistant_runs_is_quoted_as_it_is_now(tiny_settings, built):
    assistant = Assistant.load(tiny_settings, embedder=FakeEmbedder())
    question = "How much does sourdough cost at the bakery?"
    before = assistant.ask(question)
    assert any(c.doc_id == "bread-prices" for c in before.citations)
    path = tiny_settings.corpus_dir / "articles" / "bread-prices.txt"
    rewrite(path, "A note added at the top moves every offset.\n" + path.read_text("utf-8"))
    after = assistant.ask(question)
    assert any(c.doc_id == "bread-prices" for c in after.citations)
    assert _all_citations_match_the_files(after, tiny_settings.root_dir)
    assert not _all_citations_match_the_files(before, tiny_settings.root_dir)  # the old answer would be wrong
    assert "A note added" in assistant.document("bread-prices").text
    hits = assistant.search("sourdough loaves")
    assert all((tiny_settings.root_dir / h.chunk.source).read_text("utf-8")[h.chunk.start:h.chunk.end]
               == h.chunk.text for h in hits)
    assert load_index(tiny_settings, reload(tiny_settings)).manifest["num_chunks"]  # the index on disk is current


def test_without_build_an_edited_file_is_an_error_not_a_wrong_citation(tiny_settings, built):
    assistant = Assistant.load(tiny_settings, build=False, embedder=FakeEmbedder())
    path = tiny_settings.corpus_dir / "articles" / "bread-prices.txt"
    rewrite(path, "Rewritten.\n" + path.read_text("utf-8"))
    with pytest.raises(IndexMismatchError, match="corpus"):
        assistant.ask("How much does sourdough cost at the bakery?")


def test_refresh_picks_up_added_files_and_ignores_a_mere_touch(tiny_settings, built):
    embedder = FakeEmbedder()
    assistant = Assistant.load(tiny_settings, embedder=embedder)
    path = tiny_settings.corpus_dir / "articles" / "bread-prices.txt"
    rewrite(path, path.read_text("utf-8"))  # same bytes, new timestamp
    assert assistant.refresh() is False
    assert embedder.encoded == 0
    assert assistant.corpus.changed([assistant.document("bread-prices").source]) == []
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled in May.\n", "utf-8")
    assert assistant.refresh() is True
    assert "cakes" in {c.doc_id for c in assistant.index.chunks}
    assert assistant.ask("Did cheesecake sales go up?").citations[0].doc_id == "cakes"


def test_a_file_added_while_the_assistant_runs_is_found_by_the_next_question(tiny_settings, built, monkeypatch):
    assistant = Assistant.load(tiny_settings, embedder=FakeEmbedder())
    builds = []
    monkeypatch.setattr("rag.assistant.build_index", lambda *a: builds.append(1) or build_index(*a))
    assistant.ask("How much does sourdough cost at the bakery?")
    (tiny_settings.corpus_dir / "notes.pdf").write_bytes(b"%PDF-1.4")  # skipped, so nothing to index
    (tiny_settings.corpus_dir / ".draft.txt").write_text("Cheesecake draft.\n", "utf-8")  # private
    assistant.ask("How much does sourdough cost at the bakery?")
    assert builds == [] and assistant.sync() is False
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled in May.\n", "utf-8")
    answer = assistant.ask("Did cheesecake sales go up?")  # no refresh() needed
    assert answer.citations[0].doc_id == "cakes" and builds == [1]
    assert [d.doc_id for d in assistant.documents].count("cakes") == 1
    assert assistant.sync() is False and builds == [1]  # nothing changed since


def test_without_build_an_added_file_is_left_out_and_answers_still_come(tiny_settings, built):
    assistant = Assistant.load(tiny_settings, build=False, embedder=FakeEmbedder())
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled in May.\n", "utf-8")
    assert assistant.sync() is False
    answer = assistant.ask("How much does sourdough cost at the bakery?")
    assert "cakes" not in {c.doc_id for c in answer.citations}
    assert _all_citations_match_the_files(answer, tiny_settings.root_dir)


def test_a_deleted_file_is_no_longer_cited(tiny_settings, built):
    assistant = Assistant.load(tiny_settings, embedder=FakeEmbedder())
    (tiny_settings.corpus_dir / "articles" / "bread-prices.txt").unlink()
    answer = assistant.ask("How much does sourdough cost at the bakery?")
    assert all(c.doc_id != "bread-prices" for c in answer.citations)
    assert _all_citations_match_the_files(answer, tiny_settings.root_dir)


# ------------------------------------------------------------------ damaged indexes are refused

def truncate_dense(folder):
    data = (folder / DENSE).read_bytes()
    (folder / DENSE).write_bytes(data[: len(data) // 2])


def garbage_manifest(folder):
    (folder / MANIFEST).write_text("{not json", "utf-8")


def delete_a_bm25_file(folder):
    next((folder / LEXICAL).glob("*.npy")).unlink()


def delete_chunks(folder):
    (folder / CHUNKS).unlink()


def delete_manifest(folder):
    (folder / MANIFEST).unlink()


def edit_a_chunk(folder):
    text = (folder / CHUNKS).read_text("utf-8")
    (folder / CHUNKS).write_text(text.replace("bakery", "brewery", 1), "utf-8")


@pytest.mark.parametrize("damage", [truncate_dense, garbage_manifest, delete_a_bm25_file, delete_chunks,
                                    delete_manifest, edit_a_chunk])
def test_a_damaged_index_raises_corrupt_index_error(tiny_settings, tiny_corpus, built, damage):
    damage(tiny_settings.index_dir)
    with pytest.raises(CorruptIndexError):
        load_index(tiny_settings, tiny_corpus)
    # and Assistant.load repairs it by rebuilding
    assistant = Assistant.load(tiny_settings, embedder=FakeEmbedder())
    assert len(assistant.index.chunks) == len(built.chunks)
    load_index(tiny_settings, tiny_corpus)


@pytest.mark.parametrize("content", ["[]", "null", '"an index"', "42"])
def test_a_manifest_that_is_not_an_object_is_corrupt(tiny_settings, tiny_corpus, built, content):
    (tiny_settings.index_dir / MANIFEST).write_text(content, "utf-8")
    with pytest.raises(CorruptIndexError):
        load_index(tiny_settings, tiny_corpus)


def test_missing_index_folder_is_corrupt_not_a_crash(tmp_path, tiny_settings, tiny_corpus):
    with pytest.raises(CorruptIndexError, match="rag index"):
        load_index(dataclasses.replace(tiny_settings, index_dir=tmp_path / "nowhere"), tiny_corpus)


def test_a_damaged_embedding_cache_only_costs_a_re_embed(tiny_settings, tiny_corpus, built):
    (tiny_settings.index_dir / "cache" / "vectors.npy").write_bytes(b"\x93NUMPY garbage")
    embedder = FakeEmbedder()
    manifest = build_index(tiny_settings, tiny_corpus, embedder).manifest
    assert manifest["chunks_embedded"] == built.manifest["chunks_embedded"] == embedder.encoded


def test_a_cache_key_file_of_the_wrong_type_only_costs_a_re_embed(tiny_settings, tiny_corpus, built):
    (tiny_settings.index_dir / "cache" / "keys.json").write_text("null", "utf-8")
    manifest = build_index(tiny_settings, tiny_corpus, FakeEmbedder()).manifest
    assert manifest["chunks_embedded"] == built.manifest["chunks_embedded"]


# ------------------------------------------------------------------ interrupted builds and atomic writes

class Killed(Exception):
    pass


def test_a_killed_build_is_detected_and_recovered(tiny_settings, built, monkeypatch):
    """Kill a rebuild after chunks.jsonl and dense.faiss are written but before bm25/ and the manifest."""
    path = tiny_settings.corpus_dir / "articles" / "bread-prices.txt"
    path.write_text(path.read_text("utf-8") + "Rye bread sales doubled in the north.\n", "utf-8")
    corpus = reload(tiny_settings)

    def killed(*args, **kwargs):
        assert (tiny_settings.index_dir / CHUNKS).read_bytes() != b""
        raise Killed("power cut")

    monkeypatch.setattr(rag.index, "_replace_folder", killed)
    with pytest.raises(Killed):
        build_index(tiny_settings, corpus, FakeEmbedder())
    monkeypatch.undo()

    # the old manifest no longer matches the files: detectably inconsistent, whatever corpus is given
    with pytest.raises(CorruptIndexError, match="interrupted"):
        load_index(tiny_settings)
    with pytest.raises((CorruptIndexError, IndexMismatchError)):
        load_index(tiny_settings, corpus)
    with pytest.raises((CorruptIndexError, IndexMismatchError)):
        Assistant.load(tiny_settings, build=False, embedder=FakeEmbedder())

    assistant = Assistant.load(tiny_settings, build=True, embedder=FakeEmbedder())
    assert any("Rye bread sales doubled" in c.text for c in assistant.index.chunks)
    assert load_index(tiny_settings, corpus).manifest["corpus_hash"] == corpus.content_hash
    assert leftovers(tiny_settings.index_dir) == []


def test_a_build_killed_before_anything_is_written_leaves_the_old_index_usable(tiny_settings, tiny_corpus, built,
                                                                                monkeypatch):
    def killed(*args, **kwargs):
        raise Killed("power cut")

    monkeypatch.setattr(rag.index, "atomic_write_bytes", killed)
    with pytest.raises(Killed):
        build_index(tiny_settings, tiny_corpus, FakeEmbedder())
    monkeypatch.undo()
    assert load_index(tiny_settings, tiny_corpus).manifest == built.manifest


def test_builds_leave_no_temp_files(tiny_settings, tiny_corpus, built):
    build_index(tiny_settings, tiny_corpus, FakeEmbedder())
    assert leftovers(tiny_settings.index_dir) == []
    assert sorted(p.name for p in tiny_settings.index_dir.iterdir()) == sorted([CHUNKS, DENSE, LEXICAL, MANIFEST,
                                                                               "cache"])


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "data.json"
    atomic_write_bytes(target, b"old")
    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # fails while writing
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.json"]


def test_a_failed_folder_swap_leaves_the_old_folder_and_no_temp_folder(tmp_path):
    target = tmp_path / "bm25"
    target.mkdir()
    (target / "a.json").write_text("old", "utf-8")

    def write(folder):
        (folder / "a.json").write_text("new", "utf-8")
        raise Killed("half way")

    with pytest.raises(Killed):
        rag.index._replace_folder(target, write)
    assert (target / "a.json").read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["bm25"]


def test_similarities_are_the_inner_products_faiss_computes(built):
    query = np.random.default_rng(0).standard_normal(built.dense.d).astype(np.float32)
    query /= np.linalg.norm(query)
    scores, ids = built.dense.search(query.reshape(1, -1), built.dense.ntotal)
    expected = np.zeros(built.dense.ntotal, dtype=np.float32)
    expected[ids[0]] = scores[0]
    assert np.allclose(built.similarities(query), expected, atol=1e-5)


def test_the_same_corpus_builds_the_same_files_whatever_the_hash_seed(tmp_path):
    """bm25s numbers terms in set order, which follows PYTHONHASHSEED: the index sorts them."""
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1])\n"
        "from conftest import FakeEmbedder, write_tiny_corpus\n"
        "from rag.config import Settings; from rag.corpus import load_corpus; from rag.index import build_index\n"
        "root = Path(sys.argv[2]); corpus_dir = write_tiny_corpus(root / 'corpus')\n"
        "settings = Settings(corpus_dir=corpus_dir, index_dir=root / 'index', root_dir=root, model='fake')\n"
        "index = build_index(settings, load_corpus(corpus_dir, root), FakeEmbedder())\n"
        "print(sorted(index.manifest['files'].items()))\n"
    )
    files = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent), str(tmp_path / seed)],
                             env=env, capture_output=True, text=True, check=True)
        files.append(run.stdout)
    assert "bm25/vocab.index.json" in files[0]
    assert files[0] == files[1]


def test_a_file_replaced_with_its_old_timestamp_is_still_noticed(tiny_settings, built):
    assistant = Assistant.load(tiny_settings, embedder=FakeEmbedder())
    path = tiny_settings.corpus_dir / "articles" / "bread-prices.txt"
    old = os.stat(path)
    time.sleep(0.05)  # file times tick with the kernel's coarse clock (a few ms): let the change time move
    path.write_text("Prefaced.\n" + path.read_text("utf-8")[: old.st_size - 10], "utf-8")  # same size
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # and the same modification time, as `cp -p` leaves it
    assert assistant.corpus.changed([assistant.document("bread-prices").source])
    answer = assistant.ask("How much does sourdough cost at the bakery?")
    assert _all_citations_match_the_files(answer, tiny_settings.root_dir)


def test_the_default_index_folder_belongs_to_the_corpus(tmp_path, monkeypatch):
    from rag.config import REPO_ROOT, Settings

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert Settings().index_dir == REPO_ROOT / "index"
    assert Settings(corpus_dir=REPO_ROOT / "corpus").index_dir == REPO_ROOT / "index"
    one, two = Settings(corpus_dir=tmp_path / "a" / "docs"), Settings(corpus_dir=tmp_path / "b" / "docs")
    assert one.index_dir.parent == tmp_path / "cache" / "lexcite" / "indexes"
    assert one.index_dir.name.startswith("docs-") and one.index_dir != two.index_dir
    assert Settings(corpus_dir=tmp_path / "a" / "docs").index_dir == one.index_dir  # stable
    assert Settings(corpus_dir=tmp_path / "x", index_dir=tmp_path / "mine").index_dir == tmp_path / "mine"
    monkeypatch.setenv("LEXCITE_INDEX_DIR", str(tmp_path / "env"))
    assert Settings.from_env(corpus_dir=tmp_path / "x").index_dir == tmp_path / "env"


def test_cached_indexes_are_listed_and_the_orphaned_ones_pruned(tmp_path, monkeypatch, tiny_corpus_dir):
    import shutil

    from rag.config import Settings
    from rag.index import cached_indexes, prune_cached_indexes

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept, gone = (Path(shutil.copytree(tiny_corpus_dir, tmp_path / name)) for name in ("kept", "gone"))
    for folder in (kept, gone):
        Assistant.load(Settings(corpus_dir=folder, root_dir=tmp_path, model=FAKE_MODEL), embedder=FakeEmbedder())
    cache = tmp_path / "cache" / "lexcite" / "indexes"
    leftover = cache / ".kept-0123.tmp4x"  # what a killed build leaves beside its index
    (leftover / "bm25").mkdir(parents=True)
    (leftover / CHUNKS).write_text("{}\n", "utf-8")
    building = cache / "new-4567"  # a first build under way: no manifest yet
    building.mkdir()
    shutil.rmtree(gone)

    found = {entry.folder.name: entry for entry in cached_indexes(tmp_path)}
    kept_name, gone_name = Settings(corpus_dir=kept).index_dir.name, Settings(corpus_dir=gone).index_dir.name
    assert set(found) == {kept_name, gone_name, leftover.name, building.name}
    assert found[kept_name].corpus == kept and found[gone_name].corpus == gone
    assert found[kept_name].size > 0 and found[kept_name].built_at
    assert {name for name, entry in found.items() if entry.orphaned} == {gone_name, leftover.name, building.name}

    # what was touched within the hour may be a build under way: only the gone corpus's index goes
    assert [entry.folder.name for entry in prune_cached_indexes(tmp_path)] == [gone_name]
    an_hour_ago = time.time() - 3700
    for path in [leftover, *leftover.rglob("*")]:
        os.utime(path, (an_hour_ago, an_hour_ago))
    assert [entry.folder.name for entry in prune_cached_indexes(tmp_path)] == [leftover.name]
    assert sorted(p.name for p in cache.iterdir()) == [kept_name, building.name]
    assert Assistant.load(Settings(corpus_dir=kept, root_dir=tmp_path, model=FAKE_MODEL), build=False,
                          embedder=FakeEmbedder()).ask("How much does sourdough cost at the bakery?").citations


def test_folders_may_be_given_as_strings_and_with_a_tilde(tmp_path, monkeypatch, tiny_corpus_dir):
    from rag.config import Settings

    monkeypatch.setenv("HOME", str(tmp_path))
    settings = Settings(corpus_dir="~/corpus", index_dir=str(tmp_path / "idx"), root_dir="~", model=FAKE_MODEL)
    assert settings.corpus_dir == tiny_corpus_dir and settings.index_dir == tmp_path / "idx"
    assistant = Assistant.load(settings, embedder=FakeEmbedder())  # builds: needs Path arithmetic
    assert assistant.ask("How much does sourdough cost at the bakery?").citations
    monkeypatch.setenv("LEXCITE_CORPUS_DIR", "~/corpus")
    assert Settings.from_env().corpus_dir == tiny_corpus_dir


def test_the_folder_check_skips_folders_that_are_never_read(tiny_settings, tiny_corpus):
    from rag.corpus import folder_stamps

    before = folder_stamps(tiny_settings.corpus_dir)
    assert set(before) == {str(p) for p in tiny_settings.corpus_dir.rglob("*") if p.is_file()}
    assert before == tiny_corpus.listing and set(tiny_corpus.paths.values()) <= set(before)
    assert tiny_corpus.changed(d.source for d in tiny_corpus.documents) == []
    for hidden in (".git/objects", "_drafts"):
        (tiny_settings.corpus_dir / hidden).mkdir(parents=True)
        (tiny_settings.corpus_dir / hidden / "x.txt").write_text("not a document\n", "utf-8")
    assert folder_stamps(tiny_settings.corpus_dir) == before
    (tiny_settings.corpus_dir / "articles" / "new.txt").write_text("A new document.\n", "utf-8")
    assert folder_stamps(tiny_settings.corpus_dir) != before


def test_current_manifest_says_whether_a_build_would_change_anything(tiny_settings, tiny_corpus, built):
    from rag.index import current_manifest

    def is_current(settings, corpus):
        return current_manifest(settings, corpus) is not None

    assert is_current(tiny_settings, tiny_corpus)
    assert not is_current(dataclasses.replace(tiny_settings, max_chunk_chars=200), tiny_corpus)
    assert not is_current(dataclasses.replace(tiny_settings, index_dir=tiny_settings.root_dir / "none"), tiny_corpus)
    (tiny_settings.corpus_dir / "articles" / "cakes.txt").write_text("Cheesecake sales doubled.\n", "utf-8")
    assert not is_current(tiny_settings, reload(tiny_settings))
    assert is_current(tiny_settings, tiny_corpus)
    (tiny_settings.index_dir / CHUNKS).write_text("", "utf-8")  # damaged: a build would repair it
    assert not is_current(tiny_settings, tiny_corpus)


@pytest.mark.timeout(30)
def test_a_pipe_in_the_corpus_folder_is_not_read(tiny_settings, tiny_corpus):
    os.mkfifo(tiny_settings.corpus_dir / "articles" / "pipe.txt")  # reading it would block forever
    corpus = reload(tiny_settings)
    assert [d.doc_id for d in corpus.documents] == [d.doc_id for d in tiny_corpus.documents]


def test_shared_directions_may_be_zero_but_other_counts_may_not(monkeypatch):
    from rag.config import Settings

    monkeypatch.setenv("LEXCITE_SHARED_DIRECTIONS", "0")
    assert Settings.from_env().shared_directions == 0
    for variable, value in [("LEXCITE_SHARED_DIRECTIONS", "-1"), ("LEXCITE_CANDIDATES", "0")]:
        monkeypatch.setenv(variable, value)
        with pytest.raises(BadInputError, match=f"{variable} must be a whole number of at least"):
            Settings.from_env()
        monkeypatch.delenv(variable)

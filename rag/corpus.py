"""Documents: reading the corpus folder and its catalog."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG

from .errors import CorpusError

log = logging.getLogger(__name__)

CATALOG_NAME = "catalog.json"
DOCUMENT_SUFFIXES = (".txt", ".md")
KINDS_BY_FOLDER = {"statutes": "statute", "articles": "article", "regulations": "regulation",
                   "opinions": "opinion", "filings": "filing"}

_SECTION_HEADING = re.compile(r"^####\s+§§?[\s\u202f]*([0-9][\w\-–]*(?:,\s*[\w\-–]+)*)\.?\s*(.*)$", re.M)
_TITLE_HEADING = re.compile(r"^#\s+Title\s+([0-9]+[A-Z]?)\b", re.M)
_DATELINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+By\s+([^,\n]+?)(?:,\s*([^\n]+?))?)?\s*$", re.M)


@dataclass(frozen=True)
class Document:
    """One file of the corpus with its metadata. `text` is the file decoded as UTF-8, unaltered."""

    doc_id: str
    source: str  # path relative to the repository root, POSIX style
    kind: str
    title: str
    text: str = field(repr=False)
    citation: str | None = None  # "26 U.S.C. § 6103" for statutes
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    note: str | None = None
    paraphrased: bool = False  # a machine-paraphrased copy: its quotations are not verbatim
    # how to read the document's own odd wording: (its words, what they stand for), e.g. a
    # paraphraser's ("Social Safety", "Social Security"); retrieval reads both, citations the file's
    glossary: tuple[tuple[str, str], ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def metadata(self) -> dict:
        """Metadata without the text, for JSON output."""
        return {k: getattr(self, k) for k in ("doc_id", "source", "kind", "title", "citation",
                                               "publisher", "author", "date", "note", "paraphrased")}


@dataclass(frozen=True)
class Corpus:
    """The loaded documents, plus warnings about the files that were skipped."""

    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()
    description: str = "Plain answers from these documents"
    examples: tuple[str, ...] = ()  # example questions, from the catalog
    quote_examples: tuple[str, ...] = ()
    # every file in the folder (documents, catalog, skipped files) -> its stamp, before reading
    listing: dict = field(default_factory=dict, repr=False, compare=False)
    paths: dict = field(default_factory=dict, repr=False, compare=False)  # source -> its key in `listing`

    def changed(self, sources: Iterable[str]) -> list[str]:
        """Those of these sources whose file is no longer the one that was read: edited, replaced,
        moved or deleted since. Costs one stat per file."""
        return [s for s in dict.fromkeys(sources) if s in self.paths
                and file_stamp(self.paths[s]) != self.listing.get(self.paths[s])]

    def get(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)

    @property
    def content_hash(self) -> str:
        """Hash of every document's identity, metadata and bytes: any change means a new hash."""
        h = hashlib.sha256()
        for doc in sorted(self.documents, key=lambda d: d.source):
            h.update(json.dumps([doc.metadata(), doc.glossary], sort_keys=True).encode())
            h.update(doc.sha256.encode())
        return h.hexdigest()


def load_corpus(corpus_dir: Path, root_dir: Path | None = None) -> Corpus:
    """Read every .txt/.md file under `corpus_dir`; unreadable files are skipped with a warning."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    root_dir = Path(root_dir) if root_dir else corpus_dir.parent
    listing = folder_stamps(corpus_dir)
    catalog, about, warnings = _read_catalog(corpus_dir)
    documents, seen_ids, seen_files, paths = [], set(), set(), {}
    for key in sorted(listing, key=Path):  # the files just listed, not a second walk of the folder
        path = Path(key)
        rel = path.relative_to(corpus_dir).as_posix()
        if _is_private(path, corpus_dir):
            continue
        if path.suffix.lower() not in DOCUMENT_SUFFIXES:  # a PDF or Word file a user may have meant to add
            warnings.append(f"skipped {path}: only .txt and .md files are read (save it as plain text to include it)")
            continue
        if (real := path.resolve()) in seen_files:
            warnings.append(f"skipped {path}: a link to a file already in the corpus")
            continue
        seen_files.add(real)
        try:
            text = path.read_bytes().decode("utf-8")  # no newline translation: offsets are exact
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"skipped {path}: cannot read it as UTF-8 text ({exc.__class__.__name__}: {exc})")
            continue
        if not text.strip():
            warnings.append(f"skipped {path}: the file is empty")
            continue
        doc = _make_document(path, rel, text, catalog.get(rel, {}), root_dir)
        if doc.doc_id in seen_ids:
            doc = _replace_id(doc, rel, seen_ids)
        seen_ids.add(doc.doc_id)
        documents.append(doc)
        paths[doc.source] = key
    if not documents:
        skipped = "; ".join(w.removeprefix("skipped ") for w in warnings if w.startswith("skipped "))
        raise CorpusError(f"no readable .txt or .md documents in {corpus_dir}" + (f" ({skipped})" if skipped else ""))
    for msg in warnings:
        log.warning(msg)
    return Corpus(tuple(documents), tuple(warnings), **about, listing=listing, paths=paths)


def folder_stamps(corpus_dir: Path) -> dict[str, tuple[int, int, int]]:
    """Every file under the folder with its `file_stamp`, but for hidden and _-prefixed folders: a
    document added, removed or edited changes this. One stat per file (about 5 microseconds each)."""
    stamps = {}
    for folder, subfolders, names in os.walk(corpus_dir):
        subfolders[:] = [d for d in subfolders if not d.startswith((".", "_"))]  # never read (.git)
        for name in names:
            path = os.path.join(folder, name)
            if stamp := file_stamp(path):
                stamps[path] = stamp
    return stamps


def file_stamp(path) -> tuple[int, int, int] | None:
    """(modification time, change time (ns), size) of a file; None if it is gone, unreadable or not
    a regular file (a pipe would block its reader). The change time also moves when a copy keeps the
    old modification time (`cp -p`, some editors)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size) if S_ISREG(stat.st_mode) else None


def _is_private(path: Path, corpus_dir: Path) -> bool:
    """Files the corpus keeps but does not index, by convention: hidden or _-prefixed ones (in any
    folder), READMEs, and the catalog."""
    rel_parts = path.relative_to(corpus_dir).parts
    return (any(part.startswith((".", "_")) for part in rel_parts) or path.name.upper().startswith("README")
            or rel_parts == (CATALOG_NAME,))


def _read_catalog(corpus_dir: Path) -> tuple[dict, dict, list[str]]:
    """Entries by path, what the catalog says about the corpus as a whole, warnings."""
    path = corpus_dir / CATALOG_NAME
    if not path.exists():
        return {}, {}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # Windows editors add a byte-order mark
        entries = data["documents"] if isinstance(data, dict) else data
        about = {}
        if isinstance(data, dict):
            if isinstance(data.get("description"), str):
                about["description"] = data["description"]
            for key in ("examples", "quote_examples"):
                if isinstance(data.get(key), list):
                    about[key] = tuple(str(q) for q in data[key])
        return {entry["path"]: entry for entry in entries}, about, []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {}, {}, [f"ignored {path}: not a valid catalog ({exc}); metadata is inferred instead"]


def _make_document(path: Path, rel: str, text: str, entry: dict, root_dir: Path) -> Document:
    source = source_name(path, root_dir)
    head = text.removeprefix("\ufeff")  # a byte-order mark would hide a first-line heading
    kind = entry.get("kind") or infer_kind(rel, head)
    dateline = _DATELINE.search(head[:300])
    inferred = {
        "citation": infer_citation(head) if kind == "statute" else None,
        "date": dateline.group(1) if dateline else None,
        "author": dateline.group(2).strip() if dateline and dateline.group(2) else None,
        "publisher": dateline.group(3).strip() if dateline and dateline.group(3) else None,
    }
    meta = {k: entry.get(k, v) for k, v in inferred.items()}
    return Document(
        doc_id=entry.get("id") or _slug(Path(rel).stem),
        source=source,
        kind=kind,
        title=entry.get("title") or infer_title(head, kind, meta["citation"]),
        text=text,
        note=entry.get("note"),
        paraphrased=bool(entry.get("paraphrased", False)),
        glossary=_glossary(entry.get("glossary"), rel),
        **meta,
    )


def _glossary(value, rel: str) -> tuple[tuple[str, str], ...]:
    """A catalog entry's glossary ({"the document's words": "what they stand for"}), longest
    phrase first so that "Social Safety" is read before "Safety". Entries that are not two pieces of
    text are left out, with a warning naming the document."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        log.warning("ignored the glossary of %s in the catalog: not an object of phrases", rel)
        return ()
    pairs = [(k.strip(), v.strip()) for k, v in value.items() if isinstance(k, str) and isinstance(v, str)]
    kept = [p for p in pairs if p[0] and p[1]]
    if len(kept) < len(value):
        log.warning("ignored %d glossary entries of %s in the catalog: each needs a phrase and its meaning",
                    len(value) - len(kept), rel)
    return tuple(sorted(kept, key=lambda p: (-len(p[0]), p[0])))


def source_name(path: Path, root_dir: Path) -> str:
    """A file or folder as citations name it: its path relative to the root, POSIX style, or its
    absolute path when it is outside the root."""
    path = path.resolve()
    try:
        return path.relative_to(root_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _replace_id(doc: Document, rel: str, taken: set[str]) -> Document:
    """An id no other document has: from the whole path, then numbered."""
    base = doc_id = _slug(rel)
    n = 2
    while doc_id in taken:
        doc_id, n = f"{base}-{n}", n + 1
    return replace(doc, doc_id=doc_id)


def _slug(value: str) -> str:
    return re.sub(r"[^\w]+|_+", "-", value).strip("-") or "document"  # letters of any script: 'ü', 'ñ'


def infer_kind(rel_path: str, text: str) -> str:
    """Kind from the first folder name (statutes/, articles/...), else from the text's structure."""
    folder = rel_path.split("/", 1)[0].lower() if "/" in rel_path else ""
    if folder in KINDS_BY_FOLDER:
        return KINDS_BY_FOLDER[folder]
    return "statute" if _SECTION_HEADING.search(text) else "article"


def infer_citation(text: str) -> str | None:
    """'26 U.S.C. § 6103' from a statute file's `# Title` and first `#### §` headings."""
    title, section = _TITLE_HEADING.search(text), _SECTION_HEADING.search(text)
    if not section:
        return None
    prefix = f"{title.group(1)} U.S.C. " if title else ""
    return f"{prefix}§ {section.group(1)}"


def infer_title(text: str, kind: str, citation: str | None) -> str:
    """Statutes: 'citation - section heading'; other documents: their first heading or line."""
    section = _SECTION_HEADING.search(text)
    if kind == "statute" and section and citation:
        heading = section.group(2).strip().rstrip(".")
        return f"{citation} - {heading}" if heading else citation
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not _DATELINE.match(line):
            return line if len(line) <= 100 else line[:97].rsplit(" ", 1)[0] + "…"
    return "Untitled"

"""The Python API: `Assistant.load()` then `assistant.ask(question)`."""

from __future__ import annotations

import logging
import numbers
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import groupby

from .answer import Answer, compose_answer, same_statement
from .answer_types import (
    asks_how_a_court_ruled,
    asks_what_someone_said,
    goes_on,
    is_quotation,
    names_a_speaker,
    punished_subsection,
    referred_elsewhere,
    wanted_passage,
)
from .chunking import Chunk, read_as
from .config import MAX_TOP_K, Settings
from .corpus import KINDS_BY_FOLDER, Corpus, Document, folder_stamps, load_corpus
from .embeddings import Embedder, load_embedder
from .errors import BadInputError, CorruptIndexError, IndexMismatchError
from .index import MANIFEST, Index, build_index, check_owner, load_index
from .retrieval import Hit, Retriever, parse_locator

log = logging.getLogger(__name__)
KINDS = tuple(KINDS_BY_FOLDER.values())


class Assistant:
    """Answers questions about one corpus, with verbatim citations."""

    def __init__(self, settings: Settings, corpus: Corpus, index: Index, embedder: Embedder):
        self.settings = settings
        self.embedder = embedder
        self.build = True  # whether a corpus edit noticed while answering may rebuild the index
        self._lock = threading.RLock()  # a refresh swaps the corpus and index under a running question
        self._attach(corpus, index)

    def _attach(self, corpus: Corpus, index: Index) -> None:
        settings = self.settings
        self.corpus = corpus
        self.index = index
        self.retriever = Retriever(index, self.embedder, settings.candidates, settings.rrf_k,
                                   settings.dense_weight, settings.lexical_weight,
                                   {d.doc_id: settings.paraphrase_weight for d in corpus.documents if d.paraphrased},
                                   settings.shared_directions, settings.name_weight,
                                   {d.doc_id: _document_names(d) for d in corpus.documents})
        self._documents = {d.doc_id: d for d in corpus.documents}
        self._positions = {c.chunk_id: i for i, c in enumerate(index.chunks)}
        self._lead_ins = _lead_in_map(index.chunks)
        self._attributions = _attribution_map(index.chunks, self._documents)
        self._continuations = _continuation_map(index.chunks, self._documents)
        self._list_items = _list_map(self._lead_ins, index.chunks)
        self._provisions = _provision_map(index.chunks)
        self._sanctions = _sanction_map(index.chunks)

    @classmethod
    def load(cls, settings: Settings | None = None, *, build: bool = True,
             embedder: Embedder | None = None) -> Assistant:
        """Load the corpus and its index. With `build`, a missing or stale index is (re)built first,
        and again later if a cited file is edited while the assistant runs."""
        settings = settings or Settings.from_env()
        corpus = load_corpus(settings.corpus_dir, settings.root_dir)  # logs what it skipped
        embedder = embedder or load_embedder(settings.model, settings.batch_size)
        assistant = cls(settings, corpus, _load_or_build(settings, corpus, embedder, build), embedder)
        assistant.build = build
        return assistant

    def refresh(self) -> bool:
        """Read the corpus folder again and bring the index up to date with it (only changed
        documents are re-embedded). True if a document was added, removed or edited.
        IndexMismatchError if the index is out of date and the assistant was loaded with build=False."""
        with self._lock:
            corpus = load_corpus(self.settings.corpus_dir, self.settings.root_dir)
            if corpus.content_hash == self.corpus.content_hash:
                self.corpus = corpus  # same documents: only remember the files' new timestamps
                return False
            self._attach(corpus, _load_or_build(self.settings, corpus, self.embedder, self.build))
            return True

    def sync(self) -> bool:
        """`refresh` if a file in the corpus folder was added, removed or edited since it was read
        (one stat per file). True if the documents changed. Does nothing when loaded with build=False."""
        with self._lock:
            if self.build and folder_stamps(self.settings.corpus_dir) != self.corpus.listing:
                return self.refresh()
            return False

    def _current(self, answer_from, sources_of):
        """`answer_from()` over the corpus folder as it is now: brought up to date first, and computed
        again if a file it quotes changed meanwhile (a citation must match the file as it is now)."""
        with self._lock:
            self.sync()
            result = answer_from()
            changed = self.corpus.changed(sources_of(result))
            if changed:
                log.warning("%s changed since it was read; refreshing the index", ", ".join(changed))
                self.refresh()
                result = answer_from()
                changed = self.corpus.changed(sources_of(result))
                if changed:
                    raise IndexMismatchError(f"{', '.join(changed)} changed while the question was being "
                                             "answered; ask again")
            return result

    @property
    def documents(self) -> tuple[Document, ...]:
        return self.corpus.documents

    def document(self, doc_id: str) -> Document:
        return self._documents[doc_id]

    def chunks(self, doc_id: str) -> list[Chunk]:
        return [c for c in self.index.chunks if c.doc_id == doc_id]

    def search(self, question: str, *, k: int | None = None, kinds: Sequence[str] | str | None = None,
               doc_ids: Sequence[str] | str | None = None) -> list[Hit]:
        """Ranked passages for a question, without composing an answer. Options as for `ask`, with `k`
        (any int from 1) for `top_k`."""
        question = validate_question(question, self.settings.max_question_chars)
        k = _check_count("k", self.settings.top_k if k is None else k, most=None)
        kinds, doc_ids = _check_kinds(kinds), self._check_doc_ids(doc_ids)
        return self._current(lambda: self.retriever.search(question, k, kinds, doc_ids),
                             lambda hits: (h.chunk.source for h in hits))

    def ask(self, question: str, *, kinds: Sequence[str] | str | None = None,
            doc_ids: Sequence[str] | str | None = None, top_k: int | None = None, id: str | None = None) -> Answer:
        """Answer a question from the corpus. `kinds` and `doc_ids` are lists (one kind or one id may be
        given as a plain string); `top_k` is an int from 1 to 50 (default: the settings').
        Raises BadInputError for an unusable question or option."""
        question = validate_question(question, self.settings.max_question_chars)
        kinds, doc_ids = _check_kinds(kinds), self._check_doc_ids(doc_ids)
        top_k = _check_count("top_k", self.settings.top_k if top_k is None else top_k)
        answer = self._current(lambda: self._answer(question, kinds, doc_ids, top_k),
                               lambda result: (c.source for c in result.citations))
        return replace(answer, id=id)

    def _answer(self, question: str, kinds, doc_ids, top_k: int) -> Answer:
        started = time.perf_counter()
        if kinds is None and (asks_how_a_court_ruled(question) or asks_what_someone_said(question)):
            # statutes and regulations say what a court may do, never what one did, nor what anyone said
            kinds = [kind for kind in KINDS if kind not in ("statute", "regulation")]
        wanted = wanted_passage(question)
        hits = self.retriever.search(question, self.settings.candidates, kinds, doc_ids, wanted=wanted)
        if wanted:
            hits = self._with_stating_sentences(hits, wanted)
        retrieved = time.perf_counter()
        corroborating = self._corroborating(hits[: top_k + 3], hits, kinds, doc_ids)
        lead_ins = {h.chunk.chunk_id: self._lead_in_hit(h) for h in hits[: top_k + 3]}
        # the lists of the hits' lead-ins, and of the hits that are lead-ins themselves
        list_items = {lead.chunk.chunk_id: self._related_hits(lead, self._list_items)
                      for lead in [*lead_ins.values(), *hits[: top_k + 3]] if lead}
        # and the lists under those lists' items: "(1) the greater of" leads into its own (A) and (B)
        pending = [item for items in list_items.values() for item in items]
        while pending:
            item = pending.pop()
            if item.chunk.chunk_id not in list_items and (sub := self._related_hits(item, self._list_items)):
                list_items[item.chunk.chunk_id] = sub
                pending.extend(sub)
        provisions = {h.chunk.chunk_id: self._related_hits(h, self._provisions)
                      for h in hits[: top_k + 3] if h.chunk.locator}
        answer = compose_answer(question, hits, documents=self._documents,
                                abstain_below=self.settings.abstain_below,
                                max_sentences=min(top_k, self.settings.max_answer_sentences),
                                corroborating=corroborating,
                                lead_ins={k: v for k, v in lead_ins.items() if v is not None},
                                list_items=list_items,
                                provisions=provisions,
                                sanctions={h.chunk.chunk_id: [replace(s, cited=False) for s in
                                                              self._related_hits(h, self._sanctions)]
                                           for h in hits},
                                max_citations=top_k,
                                continuations={h.chunk.chunk_id: replace(h, chunk=self.index.chunks[p], cited=False)
                                               for h in hits[: top_k + 3]
                                               if (p := self._continuations.get(h.chunk.chunk_id)) is not None},
                                unknown_terms=self._unknown_terms(question, hits[: top_k + 3]))
        done = time.perf_counter()
        timing = {"retrieve": round((retrieved - started) * 1000, 1),
                  "answer": round((done - retrieved) * 1000, 1),
                  "total": round((done - started) * 1000, 1)}
        return replace(answer, timing_ms=timing)

    def _with_stating_sentences(self, hits: list[Hit], wanted) -> list[Hit]:
        """After each statute hit whose provision's earlier sentence (in its context) is what the question
        wants but whose own text is not, that sentence, with the hit's scores, unless it is a candidate
        already: "However, return information shall not be disclosed to such person" carries § 6103(c)'s
        "as the taxpayer may designate in a request for or consent to such disclosure" in its context."""
        have = {h.chunk.chunk_id for h in hits}
        result = []
        for hit in hits:
            result.append(hit)
            if hit.chunk.kind != "statute" or wanted(hit.chunk.text) or not wanted(hit.chunk.context):
                continue
            stating = next((s for s in self._related_hits(hit, self._provisions)
                            if s.chunk.chunk_id not in have and wanted(s.chunk.text)), None)
            if stating is not None:
                result.append(replace(stating, cited=False))
                have.add(stating.chunk.chunk_id)
        return result

    def _unknown_terms(self, question: str, best: list[Hit]) -> list[str]:
        """What the question names that the corpus lacks, and the section a passage among the best sends
        its subject to when the corpus lacks that section ("... by preparers of returns, see section 7216")."""
        unknown = self.retriever.unknown_terms(question)
        if (referred := referred_elsewhere(question, best)) and not self.retriever.has_section(referred[1]):
            title, section = referred
            unknown.append(f"{title} U.S.C. § {section}" if title else f"section {section}")
        return unknown

    def _check_doc_ids(self, doc_ids):
        doc_ids = _str_list("doc_ids", "document ids", doc_ids)
        unknown = [d for d in doc_ids or () if d not in self._documents]
        if unknown:
            raise BadInputError(f"unknown document id: {', '.join(unknown)}")
        return doc_ids

    def _corroborating(self, heads: list[Hit], pool: list[Hit], kinds, doc_ids) -> dict[str, list[Hit]]:
        """For each head, hits from *other* documents that state the same thing."""
        allowed = self.retriever.mask(kinds, doc_ids)
        found: dict[str, list[Hit]] = {}
        for head in heads:
            if head.chunk.kind == "statute":
                continue
            vector = self.index.vector(self._positions[head.chunk.chunk_id])
            scores, ids = self.index.dense.search(vector.reshape(1, -1), 12)
            neighbours = [replace(head, chunk=self.index.chunks[i], dense=float(s))
                          for s, i in zip(scores[0], ids[0], strict=True) if i >= 0 and allowed[i]]
            same, docs = [], {head.chunk.doc_id}
            for other in [*pool, *neighbours]:
                if other.chunk.doc_id not in docs and same_statement(self._read(head.chunk), self._read(other.chunk)):
                    same.append(replace(other, relevance=head.relevance, score=head.score))
                    docs.add(other.chunk.doc_id)
            if same:
                found[head.chunk.chunk_id] = same
        return found

    def _read(self, chunk) -> str:
        """A chunk's text as its document's glossary reads it (a paraphraser's "Social Safety" as
        "Social Security"), so that a paraphrased copy's sentence is known for the original's."""
        document = self._documents.get(chunk.doc_id)
        return read_as(chunk.text, document.glossary) if document is not None else chunk.text

    def _related_hits(self, hit: Hit, table: dict[int, list[int]]) -> list[Hit]:
        """The chunks `table` relates to this hit's chunk (the items under a lead-in, the sentences
        of a provision), in document order, as hits carrying this hit's scores."""
        positions = table.get(self._positions[hit.chunk.chunk_id], [])
        return [replace(hit, chunk=self.index.chunks[p]) for p in positions]

    def _lead_in_hit(self, hit: Hit) -> Hit | None:
        """The hit's lead-in: a statute list item's, or the sentence that says whose a quotation is."""
        position = self._lead_ins.get(hit.chunk.chunk_id, self._attributions.get(hit.chunk.chunk_id))
        if position is None:
            return None
        return replace(hit, chunk=self.index.chunks[position], cited=False)


def _document_names(document: Document) -> list[str]:
    """What names the document in a question: its author (and surname), its publisher, and for a
    machine-paraphrased copy the word "paraphrased"."""
    names = [name for name in (document.author, document.publisher) if name]
    if document.author and len(surname := document.author.split()[-1]) >= 4:
        names.append(surname)
    return names + (["paraphrase"] if document.paraphrased else [])


def _load_or_build(settings: Settings, corpus: Corpus, embedder: Embedder, build: bool) -> Index:
    try:
        return load_index(settings, corpus)
    except (IndexMismatchError, CorruptIndexError) as exc:
        if not build:
            raise
        check_owner(settings.index_dir, settings)
        if (settings.index_dir / MANIFEST).exists():
            log.warning("%s; rebuilding the index in %s", exc, settings.index_dir)
        else:
            log.warning("building the index of %s in %s (first use)", settings.corpus_dir, settings.index_dir)
        return build_index(settings, corpus, embedder)


def _provision_map(chunks: list[Chunk], max_chars: int = 1200) -> dict[int, list[int]]:
    """Chunk position -> positions of all sentences of its statute provision (same locator, one
    run of text), when the provision was split and is short enough to quote whole."""
    def provision(position: int) -> tuple | None:
        chunk = chunks[position]
        if chunk.locator and chunk.kind == "statute" and not chunk.text.startswith("("):
            return chunk.doc_id, chunk.locator
        return None

    result = {}
    # consecutive chunks only: a provision's lead-in and the text after its list are two runs
    for key, run in groupby(range(len(chunks)), key=provision):
        positions = list(run)
        if key and len(positions) > 1 and sum(len(chunks[p].text) for p in positions) <= max_chars:
            for p in positions:
                result[p] = positions
    return result


def _sanction_map(chunks: list[Chunk]) -> dict[int, list[int]]:
    """Statute chunk position -> positions of the penalty clauses of its section that punish a
    violation of its subsection ("Any violation of subsection (a) shall be punishable ...")."""
    # (document, title, section, subsection) of each statute passage below a section's own text
    keys = [(chunk.doc_id, *loc[:2], loc[2][0]) if chunk.kind == "statute" and (loc := parse_locator(chunk.locator))
            and loc[2] else None for chunk in chunks]
    clauses: dict[tuple, list[int]] = {}
    for position, (chunk, key) in enumerate(zip(chunks, keys, strict=True)):
        if key and (punished := punished_subsection(chunk.text)):
            clauses.setdefault((*key[:3], punished), []).append(position)
    return {position: found for position, key in enumerate(keys)
            if key and (found := [p for p in clauses.get(key, []) if p != position])}


def _list_map(lead_ins: dict[str, int], chunks: list[Chunk]) -> dict[int, list[int]]:
    """Lead-in position -> positions of the list items under it, in document order."""
    items: dict[int, list[int]] = {}
    for position, chunk in enumerate(chunks):
        lead = lead_ins.get(chunk.chunk_id)
        if lead is not None:
            items.setdefault(lead, []).append(position)
    return items


def _lead_in_map(chunks: list[Chunk]) -> dict[str, int]:
    """Statute list items -> the chunk holding their lead-in ('... if the request ... sets forth'),
    which may be an item itself: '(B) the sum of' leads into its own (i) and (ii). The main clause
    after a list ('the Secretary shall notify such taxpayer ...', after 'If any person is charged
    with ... in violation of (1) ..., (2) ..., or (3) ...,') is read with the list, after its items."""
    result, last_at = {}, {}
    for position, chunk in enumerate(chunks):
        if chunk.locator is None:
            continue
        if chunk.text.startswith("(") and "(" in chunk.locator:
            parent = chunk.locator[: chunk.locator.rfind("(")]
            if parent in last_at:
                result[chunk.chunk_id] = last_at[parent]
        elif chunk.locator in last_at and _ends_a_list(chunks, position):
            result[chunk.chunk_id] = last_at[chunk.locator]
        last_at.setdefault(chunk.locator, position)
    return result


def _ends_a_list(chunks: list[Chunk], position: int) -> bool:
    """Whether the chunk is the main clause the source joined to the last item of its provision's
    list (it goes on the sentence the list is part of: 'the Secretary shall notify such taxpayer')."""
    chunk = chunks[position]
    return (position > 0 and chunk.text[:1].islower() and chunk.locator is not None
            and (chunks[position - 1].locator or "").startswith(chunk.locator + "("))


def _in_one_paragraph(before: Chunk, after: Chunk, documents: Mapping[str, Document]) -> bool:
    """Whether `after`, the chunk after `before`, goes on in the same paragraph of the same document."""
    return before.doc_id == after.doc_id and "\n" not in documents[before.doc_id].text[before.end:after.start]


def _attribution_map(chunks: list[Chunk], documents: Mapping[str, Document]) -> dict[str, int]:
    """A sentence of reporting that is all quotation -> the sentence before it in its paragraph, when
    that one says who spoke ('..., attorney Nandan Joshi said about the deal.'), to quote with it."""
    result = {}
    for position in range(1, len(chunks)):
        chunk, before = chunks[position], chunks[position - 1]
        if (chunk.locator is None and is_quotation(chunk.text) and _in_one_paragraph(before, chunk, documents)
                and names_a_speaker(before.text)):
            result[chunk.chunk_id] = position - 1
    return result


def _continuation_map(chunks: list[Chunk], documents: Mapping[str, Document]) -> dict[str, int]:
    """A sentence of reporting that says someone spoke or ruled -> the next sentence in its paragraph,
    when that one says what ('..., Lyons said', 'In addition, she ruled ...'), to quote with it."""
    result = {}
    for position in range(len(chunks) - 1):
        chunk, after = chunks[position], chunks[position + 1]
        if chunk.locator is None and _in_one_paragraph(chunk, after, documents) and goes_on(chunk.text, after.text):
            result[chunk.chunk_id] = position + 1
    return result


def _check_count(name: str, value, most: int | None = MAX_TOP_K) -> int:
    """`value` as an int from 1 to `most`; BadInputError naming the option otherwise (True is not 1)."""
    limit = f"an int between 1 and {most}" if most else "an int from 1"
    if (not isinstance(value, numbers.Integral) or isinstance(value, bool)
            or not 1 <= value <= (most or value)):
        raise BadInputError(f"{name} must be {limit}, not {value!r}")
    return int(value)


def _str_list(name: str, what: str, values) -> list[str] | None:
    """A list of strings from any iterable of strings or from one string; None for none."""
    if isinstance(values, str):
        values = [values] if values else None
    if values is None:
        return None
    items = list(values) if isinstance(values, Iterable) and not isinstance(values, bytes | Mapping) else None
    if items is None or not all(isinstance(v, str) for v in items):
        raise BadInputError(f"{name} must be a list of {what} (strings), not {values!r:.80}")
    return items or None


def _check_kinds(kinds):
    kinds = _str_list("kinds", "kinds", kinds)
    if not kinds:
        return None
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise BadInputError(f"unknown kind {', '.join(map(repr, unknown))}; use one of: {', '.join(KINDS)}")
    return kinds


def validate_question(question, max_chars: int = 2000) -> str:
    """The question, stripped; BadInputError if it is empty, too long or not text."""
    if not isinstance(question, str):
        raise BadInputError("the question must be a string")
    question = question.strip()
    if not question:
        raise BadInputError("the question is empty")
    if len(question) > max_chars:
        raise BadInputError(f"the question is {len(question):,} characters long; the limit is {max_chars:,}")
    controls = sum(1 for ch in question if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")
                   and ch not in "\t\n\r")
    if controls or question.count("\ufffd") > len(question) // 10:
        raise BadInputError("the question contains binary or control characters, not text")
    if not any(ch.isalnum() for ch in question):
        raise BadInputError("the question has no words in it")
    return question

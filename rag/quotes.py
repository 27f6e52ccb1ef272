"""Quote checking: where a quote appears in the corpus, verbatim or nearly so.

Matching runs on normalised text (NFKC, plain quotes and dashes, single spaces, lower case) and
every match is mapped back to exact offsets in the original file, so `text[start:end]` is what a
reader sees in the document. An ellipsis in the quote ("...", "…") stands for omitted words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from .chunking import find_furniture
from .corpus import Document
from .errors import BadInputError
from .text import line_spans, normalize_with_map, sentence_spans

MAX_QUOTE_CHARS = 2000
NEAR_THRESHOLD = 0.6  # similarity from which a sentence counts as a near match
MAX_ELISION_CHARS = 300  # the most text an ellipsis in a quote may stand for
MAX_RESULTS = 50

_ELLIPSIS = re.compile(r"\s*(?:\[\s*)?(?:\.\s?){3,}(?:\s*\])?\s*")
_TOKEN = re.compile(r"\w+(?:['-]\w+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb \t\r\n"


@dataclass(frozen=True)
class QuoteMatch:
    """One place a quote appears. `diff` pieces are ("equal" | "insert" | "delete", text):
    "insert" is text only in the document, "delete" text only in the quote."""

    doc_id: str
    source: str
    start: int
    end: int
    text: str  # == document.text[start:end]
    similarity: float  # 0..1; 1.0 for a verbatim match
    exact: bool
    paraphrase: bool  # the document is a paraphrase, or the match is near but not verbatim
    diff: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Tokens:
    """Normalised words of a text with their offsets in the original text."""

    words: list[str]
    spans: list[tuple[int, int]]

    def between(self, start: int, end: int) -> _Tokens:
        """The words that lie inside text[start:end]."""
        i, j = bisect_left(self.spans, (start,)), bisect_left(self.spans, (end,))
        return _Tokens(self.words[i:j], self.spans[i:j])


@dataclass(frozen=True)
class _Prepared:
    """What matching needs of a document, computed once per document."""

    norm: str
    index: list[int]  # norm[i] comes from text[index[i]]
    tokens: _Tokens
    sentences: list[tuple[int, int]]
    furniture: list[tuple[int, int]]


def check_quote(documents: Iterable[Document], quote: str) -> list[QuoteMatch]:
    """Every verbatim match of `quote`, then near matches by sentence; best first."""
    query = _clean_quote(quote)
    norm_query, query_index = normalize_with_map(query)
    query_tokens = _tokenize(norm_query, query_index)
    fragments = [f for f in _ELLIPSIS.split(norm_query) if f.strip()]
    matches: list[QuoteMatch] = []
    for doc in documents:
        prepared = _prepare(doc)
        exact = list(_exact_matches(doc, prepared, fragments, query, query_tokens))
        excluded = prepared.furniture + [(m.start, m.end) for m in exact]
        matches += exact + _near_matches(doc, prepared, query, query_tokens, excluded)
    matches.sort(key=lambda m: (not m.exact, -m.similarity))
    return matches[:MAX_RESULTS]


def is_paraphrase(doc: Document) -> bool:
    """True when the document's catalog note says its text is paraphrased."""
    return "paraphras" in (doc.note or "").lower()


def _clean_quote(quote: str) -> str:
    if not isinstance(quote, str) or not quote.strip(_QUOTE_MARKS + ".…"):
        raise BadInputError("Paste a quote or a claim to check.")
    if len(quote) > MAX_QUOTE_CHARS:
        raise BadInputError(f"The quote is too long ({len(quote)} characters; "
                            f"the limit is {MAX_QUOTE_CHARS}).")
    if _CONTROL.search(quote):
        raise BadInputError("The quote contains control characters; paste plain text.")
    return quote.strip(_QUOTE_MARKS)


@lru_cache(maxsize=256)
def _prepare(doc: Document) -> _Prepared:
    norm, index = normalize_with_map(doc.text)
    sentences = [span for s, e in line_spans(doc.text) for span in sentence_spans(doc.text, s, e)]
    furniture = [] if doc.kind == "statute" else [(f.start, f.end) for f in find_furniture(doc.text)]
    return _Prepared(norm, index, _tokenize(norm, index), sentences, furniture)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


# ---------------------------------------------------------------- verbatim

def _exact_matches(doc: Document, prepared: _Prepared, fragments: list[str], query: str,
                   query_tokens: _Tokens):
    if not fragments:
        return
    gap = f".{{0,{MAX_ELISION_CHARS}}}?"
    pattern = re.compile(gap.join(_bounded(f.strip()) for f in fragments))
    for found in pattern.finditer(prepared.norm):
        start, end = prepared.index[found.start()], prepared.index[found.end() - 1] + 1
        if _overlaps(start, end, prepared.furniture):
            continue
        diff = _diff(query, query_tokens, doc.text, prepared.tokens.between(start, end), start, end)
        yield _match(doc, start, end, 1.0, True, diff)


def _bounded(fragment: str) -> str:
    """A regex for a fragment that does not start or end inside a word."""
    head = r"(?<!\w)" if fragment[:1].isalnum() else ""
    tail = r"(?!\w)" if fragment[-1:].isalnum() else ""
    return head + re.escape(fragment) + tail


# ---------------------------------------------------------------- near matches

def _near_matches(doc: Document, prepared: _Prepared, query: str, query_tokens: _Tokens,
                  excluded: list[tuple[int, int]]) -> list[QuoteMatch]:
    if len(query_tokens.words) < 3:
        return []
    wanted = set(query_tokens.words)
    width = max(1, len(sentence_spans(query)))
    sentences = [s for s in prepared.sentences if not _overlaps(*s, excluded)]
    found = []
    for i in range(len(sentences)):
        start, end = sentences[i][0], sentences[min(i + width, len(sentences)) - 1][1]
        window = prepared.tokens.between(start, end)
        if len(wanted & set(window.words)) < 0.4 * len(wanted):
            continue
        match = _best_alignment(doc, query, query_tokens, window)
        if match and match.similarity >= NEAR_THRESHOLD:
            found.append(match)
    return _best_per_region(found)


def _best_alignment(doc: Document, query: str, query_tokens: _Tokens, window: _Tokens) -> QuoteMatch | None:
    """The stretch of `window` that lines up best with the quote, word by word."""
    matcher = SequenceMatcher(None, query_tokens.words, window.words, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return None
    blocks = _trim_stray_blocks(blocks, len(query_tokens.words))
    first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
    similarity = _similarity(blocks, len(query_tokens.words))
    start, end = window.spans[first][0], window.spans[last - 1][1]
    region = _Tokens(window.words[first:last], window.spans[first:last])
    diff = _diff(query, query_tokens, doc.text, region, start, end)
    return _match(doc, start, end, similarity, False, diff)


def _similarity(blocks, query_len: int) -> float:
    matched = sum(b.size for b in blocks)
    span_len = blocks[-1].b + blocks[-1].size - blocks[0].b
    return 2 * matched / (query_len + span_len)


def _trim_stray_blocks(blocks: list, query_len: int) -> list:
    """Drop matched words at either end that stretch the span more than they add."""
    while len(blocks) > 1:
        best = max((blocks[1:], blocks[:-1]), key=lambda bs: _similarity(bs, query_len))
        if _similarity(best, query_len) <= _similarity(blocks, query_len):
            break
        blocks = best
    return blocks


def _best_per_region(matches: list[QuoteMatch]) -> list[QuoteMatch]:
    """Of overlapping near matches (from overlapping windows), keep the most similar."""
    kept: list[QuoteMatch] = []
    for match in sorted(matches, key=lambda m: -m.similarity):
        if not _overlaps(match.start, match.end, [(k.start, k.end) for k in kept]):
            kept.append(match)
    return kept


# ---------------------------------------------------------------- shared

def _tokenize(norm: str, index: list[int]) -> _Tokens:
    """The words of normalised text, with their spans in the original text."""
    words, spans = [], []
    for token in _TOKEN.finditer(norm):
        words.append(token.group())
        spans.append((index[token.start()], index[token.end() - 1] + 1))
    return _Tokens(words, spans)


def _diff(query: str, query_tokens: _Tokens, text: str, region: _Tokens, start: int, end: int):
    """Word diff of the quote against text[start:end]; document pieces are exact slices, so the
    "equal" and "insert" pieces join up to the matched text."""
    matcher = SequenceMatcher(None, query_tokens.words, region.words, autojunk=False)
    doc_cuts = _cut_points(text, region.spans, start, end)
    query_cuts = _cut_points(query, query_tokens.spans, 0, len(query))
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            removed = _ELLIPSIS.sub(" ", query[query_cuts[i1]:query_cuts[i2]]).strip()
            pieces.append(("delete", removed + " "))
        if op != "delete":
            pieces.append(("equal" if op == "equal" else "insert", text[doc_cuts[j1]:doc_cuts[j2]]))
    return tuple(_merge(pieces))


def _cut_points(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Boundaries of the words of text[start:end], cut after each word's trailing space, so that
    closing punctuation stays with its word and opening punctuation goes with the next."""
    cuts = [start]
    for (_, cut), (next_start, _) in zip(spans, spans[1:], strict=False):
        while cut < next_start and not text[cut].isspace():
            cut += 1
        while cut < next_start and text[cut].isspace():
            cut += 1
        cuts.append(cut)
    return cuts + [end]


def _merge(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, piece in pieces:
        if not piece:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + piece)
        else:
            merged.append((op, piece))
    return merged


def _match(doc: Document, start: int, end: int, similarity: float, exact: bool, diff) -> QuoteMatch:
    return QuoteMatch(doc.doc_id, doc.source, start, end, doc.text[start:end], round(similarity, 3),
                      exact, is_paraphrase(doc) or not exact, diff)

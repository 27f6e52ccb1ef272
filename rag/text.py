"""Text helpers shared by chunking, retrieval and quote checking. Offsets are never changed."""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
})
YEAR = r"(?:19|20)\d\d"  # a year of the last century or this one, as a pattern to build on
_SPACED_PAREN = re.compile(r"\(\s+([A-Za-z0-9]{1,4})\s+\)")
_WS = re.compile(r"\s+")

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = {
    "u.s", "u.s.c", "u.n", "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt",
    "col", "sgt", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "nos", "sec", "secs",
    "v", "vs", "e.g", "i.e", "etc", "cf", "al", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "p.m", "a.m", "d.c", "ch", "stat", "art",
    "para", "subd", "cl", "pub", "l", "fed", "reg", "supp", "dept", "approx",
}
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")


def normalize(text: str) -> str:
    """Text for matching only: NFKC, plain quotes and dashes, '( l )' as '(l)', single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _SPACED_PAREN.sub(r"(\1)", text)
    return _WS.sub(" ", text).strip()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Like `normalize` for whitespace and characters, plus a map from each output index to the
    input offset it came from, so a match in normalised text can be turned back into offsets."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        mapped = unicodedata.normalize("NFKC", ch).translate(_TRANSLATE)
        if not mapped or mapped.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i)
            pending_space = False
        for piece in mapped:
            out.append(piece.lower())
            index.append(i)
    return "".join(out), index


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in text[start:end], trimmed of surrounding space."""
    end = len(text) if end is None else end
    spans, cursor = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        if not _ends_sentence(text, match.start(), stop, end):
            continue
        spans.append((cursor, stop))
        cursor = stop
    spans.append((cursor, end))
    return [trimmed for s, e in spans if (trimmed := trim_span(text, s, e))]


def _ends_sentence(text: str, dot: int, stop: int, limit: int) -> bool:
    following = text[stop:limit].lstrip()
    if not following:
        return True
    if text[dot] == "." :
        word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12):dot])
        if word and word.group(1).lower().strip(".") in _ABBREVIATIONS:
            return False
        if word and len(word.group(1)) == 1 and _after_capitalised_word(text, dot - 1):
            return False  # an initial: "John F. Kennedy", not "a post on X."
        if dot > 0 and text[dot - 1].isdigit() and dot + 1 < limit and text[dot + 1].isdigit():
            return False
    first = following[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘([—-$"


def _after_capitalised_word(text: str, letter: int) -> bool:
    before = re.search(r"(\S+)\s+$", text[max(0, letter - 30):letter])
    return before is not None and before.group(1)[:1].isupper()


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) to exclude surrounding whitespace (and a byte-order mark); None if
    nothing is left."""
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        spans.append((pos, pos + len(stripped)))
        pos += len(line)
    return spans

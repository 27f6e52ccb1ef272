"""Chunking along the document's structure. Every chunk is an exact span of its file."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .corpus import Document
from .text import line_spans, sentence_spans, trim_span

log = logging.getLogger(__name__)

ROMAN = re.compile(r"^(?=[ivxl]+$)m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
# "(a)", "(iv)", "(xviii)", "(12)", "(aa)"; "[(18) Repealed...]" is a placeholder at its own place;
# "(A)(iii)" at the start of a line is a cross-reference (in a table), not a designation
_MARKER = re.compile(r"^\[?\(\s*([ivxlIVXL]{5,8}|[A-Za-z]{1,4}|[0-9]{1,3}[A-Za-z]?)\s*\)(?!\()\s*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# "###### (a) As used in this chapter": some sections write a provision's opening words as a
# heading whose depth is its level (6 = subsection, 8 = subparagraph, ...), repeated as a
# breadcrumb before later parts of the provision
_HASHED_MARKER = re.compile(r"^(#{6,})\s+(?=\[?\()")
_SECTION = re.compile(r"^§§?[\s\u202f]*([0-9][\w\-–]*)\.?\s*(.*)$")
# "SUBCHAPTER I— GENERAL PROVISIONS" between sections: belongs to no section
_DIVISION = re.compile(r"^\[?(SUBCHAPTER|Subchapter|PART|Part|SUBPART|Subpart|CHAPTER|Chapter|SUBTITLE|Subtitle|"
                       r"DIVISION|Division)\s+[0-9A-Z]+\s*[—–-]")
_TITLE = re.compile(r"^Title\s+([0-9]+[A-Z]?)\b")
_SUBSECTION = re.compile(r"^\(\s*([a-z]{1,3}|[0-9]+)\s*\)\s*(.*)$")

# Levels inside a section: subsection (a), paragraph (1), subparagraph (A), clause (i),
# subclause (I), item (aa), subitem (AA), sub-subitem (aaa).
SUBSECTION, PARAGRAPH, SUBPARAGRAPH, CLAUSE, SUBCLAUSE, ITEM, SUBITEM, SUBSUBITEM = range(1, 9)


@dataclass(frozen=True)
class Chunk:
    """An exact span of a document, with what is embedded and indexed for it (`context`)."""

    chunk_id: str
    doc_id: str
    source: str
    start: int
    end: int
    text: str  # == document.text[start:end]
    locator: str | None
    context: str  # headings and lead-ins + text: what retrieval sees
    kind: str
    title: str
    ordinal: int  # position in its document
    # the section heading that opens `context`: embedded, but not indexed for its words, which every
    # passage of the section shares ("Confidentiality and disclosure ..." in all of § 6103 would leave
    # "confidential" no weight in the one passage that says it)
    heading: str = ""

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Furniture:
    """A span of a file that is not content (site furniture, captions, header lines)."""

    start: int
    end: int
    reason: str


def chunk_id(source: str, start: int, end: int, text: str) -> str:
    return hashlib.sha256(f"{source}\0{start}\0{end}\0{text}".encode()).hexdigest()[:16]


def chunk_document(doc: Document, max_chars: int = 420, statute_max_chars: int = 600) -> list[Chunk]:
    """Split a document into chunks: statutes by their structure, everything else by sentences."""
    if doc.kind == "statute" and "####" in doc.text:
        units = list(_statute_units(doc, statute_max_chars))
    else:
        units = list(_article_units(doc, max_chars))
    chunks = []
    for ordinal, (start, end, locator, context, heading) in enumerate(units):
        text = doc.text[start:end]
        context = read_as(context, doc.glossary)
        chunks.append(Chunk(chunk_id(doc.source, start, end, text), doc.doc_id, doc.source,
                            start, end, text, locator, context, doc.kind, doc.title, ordinal, heading))
    return chunks


@lru_cache(maxsize=4096)  # answers compare a paraphrased copy's sentences with others on every question
def read_as(text: str, glossary: tuple[tuple[str, str], ...]) -> str:
    """The text with what each glossary phrase stands for after it ("Social Safety (Social
    Security)"), whole words only, in one pass: what retrieval reads of a paraphrased copy, which
    then matches both its own words and the usual ones."""
    if not glossary:
        return text
    meaning = dict(glossary)
    return _glossary_pattern(glossary).sub(lambda m: f"{m.group(0)} ({meaning[m.group(0)]})", text)


def glossed_phrases(text: str, glossary: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The glossary phrases the text uses, each once, in the order it first uses them, with what they
    stand for: the same matching as `read_as` ("Social Safety", not also the "Safety" inside it)."""
    if not glossary:
        return []
    meaning = dict(glossary)
    return [(phrase, meaning[phrase]) for phrase in dict.fromkeys(
        m.group(0) for m in _glossary_pattern(glossary).finditer(text))]


@lru_cache(maxsize=64)
def _glossary_pattern(glossary: tuple[tuple[str, str], ...]) -> re.Pattern:
    # longest phrase first (the glossary's order): "Social Safety" before "Safety"
    return re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase, _ in glossary) + r")\b")


def chunk_corpus(documents: Iterable[Document], max_chars: int = 420, statute_max_chars: int = 600) -> list[Chunk]:
    """Every document's chunks, in corpus order. A document with nothing to cite is named in a warning."""
    chunks: list[Chunk] = []
    for doc in documents:
        found = chunk_document(doc, max_chars, statute_max_chars)
        if not found:
            log.warning("%s has no text to index besides headings and site furniture; it cannot be cited",
                        doc.source)
        chunks += found
    return chunks


# ---------------------------------------------------------------- articles

_BANNER_MIN_LETTERS = 12
_TAG = re.compile(r"<[^>]{1,200}>")
_EMPHASIS = re.compile(r"[*_`]+")
_CREDIT = re.compile(r"(/|\b(Getty|Reuters|AP Photo|Associated Press|Pool|Photo|Photograph|"
                     r"Photographs|Images|via|through)\b)", re.I)
_CAPTION_HINT = re.compile(r"\b(is seen|are seen|is displayed|are displayed|pictured|stands|"
                           r"speaks)\b.*\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
                           r"[a-z]*\.? \d{1,2}, \d{4}")
_TAG_LINE = re.compile(r"^\s*(FILED UNDER|TAGS|TOPICS|RELATED|READ MORE|SEE ALSO|ADVERTISEMENT|"
                       r"SHARE THIS|SIGN UP)\b[:\s]?", re.I)
_DATELINE = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\b")
_LIST_HEADER = re.compile(r"^\s*(Recommended Stories|Related Stories|Most Read|More Stories|"
                          r"Read Next|You May Also Like|Trending)\s*:?\s*$", re.I)


def find_furniture(text: str) -> list[Furniture]:
    """Lines of a web article that are not its content: link lists, banners, captions, tags."""
    lines = [(s, e) for s, e in line_spans(text)]
    found: list[Furniture] = []
    in_list = False
    for i, (s, e) in enumerate(lines):
        line = text[s:e].strip()
        if not line:
            in_list = False
            continue
        reason = None
        if _LIST_HEADER.match(line):
            reason, in_list = "link list", True
        elif in_list and line.startswith(("- ", "* ", "• ")):
            reason = "link list"
        elif _DATELINE.match(line):
            reason = "dateline header"
        elif _TAG_LINE.match(line):
            reason = "tag line"
        elif _is_banner(line):
            reason = "banner"
        elif _is_credit(line):
            reason = "photo credit"
            prev = _previous_nonblank(text, lines, i)
            if prev is not None and _looks_like_caption(text, lines, prev):
                ps, pe = lines[prev]
                found.append(Furniture(*trim_span(text, ps, pe), "photo caption"))
        elif _CAPTION_HINT.search(line) and len(line) < 300:
            reason = "photo caption"
        else:
            in_list = False
        if reason:
            found.append(Furniture(*trim_span(text, s, e), reason))
    unique = {(f.start, f.end): f for f in found}
    return sorted(unique.values(), key=lambda f: f.start)


def _is_banner(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return (len(letters) >= _BANNER_MIN_LETTERS and sum(c.isupper() for c in letters) / len(letters) > 0.9
            and len(line.split()) >= 3 and not line.endswith((".", "”", '"')))


def _is_credit(line: str) -> bool:
    line = _TAG.sub("", line)  # "<div>...</div>" is markup, not a photo agency's "A/B" credit
    return (len(line) <= 80 and _CREDIT.search(line) is not None
            and not line.endswith((".", "?", "!", "”", '"', ":")) and len(line.split()) <= 8)


def _previous_nonblank(text: str, lines: list, i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if text[lines[j][0]:lines[j][1]].strip():
            return j
    return None


def _looks_like_caption(text: str, lines: list, j: int) -> bool:
    line = text[lines[j][0]:lines[j][1]].strip()
    before = _previous_nonblank(text, lines, j)
    isolated = j == 0 or not text[lines[j - 1][0]:lines[j - 1][1]].strip()
    return len(line) < 300 and (isolated or before is None or _CAPTION_HINT.search(line) is not None)


_DANGLING = re.compile(r"^[“\"]?(He|She|It|They|This|That|These|Those|The group|The organization|But|However|"
                       r"Still|Nonetheless|In other words|Similarly|Now)\b")


_SPEECH = "said|added|wrote|argued|noted|stated|told"
_PRONOUN_SAID = re.compile(rf"\b(he|she|they|it|the group|the spokesperson)\s+({_SPEECH})\b", re.I)
# a sentence that says who speaks ("..., attorney Nandan Joshi said about the deal")
_SAID = re.compile(rf"\b(says|{_SPEECH}|according to)\b")
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?\s+[A-Z][a-z]+")  # "Jimmy Gomez", "Nandan Joshi"


def _is_whole_quote(body: str) -> bool:
    """A sentence that is all quotation and does not say whose ("“If allowed to stand, ...”")."""
    return body.startswith(("“", '"')) and body.endswith(("”", '"')) and not _SAID.search(body)


def _around(text: str, match: re.Match, before: int = 100, after: int = 60) -> str:
    """The whole words within `before` and `after` characters of a match."""
    left = text.find(" ", match.start() - before) + 1 if match.start() > before else 0
    right = text.rfind(" ", match.end(), match.end() + after) if match.end() + after < len(text) else -1
    return text[left:right if right > 0 else len(text)].strip()


_LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]*-{3,}[\s:|-]*$")
_FENCE = re.compile(r"^(```|~~~)")
_ENDS_SENTENCE = re.compile(r"[.!?:]['\"”’)\]]*$")


def _is_subheading(line: str) -> bool:
    """A short line without closing punctuation inside an article: a section heading."""
    line = _EMPHASIS.sub("", _TAG.sub("", line)).strip()
    if ": " in line:
        return False  # "Bottom line: the deal ..." is a statement
    return (len(line) <= 90 and not line.endswith((".", "!", ",", ";", ":", "”", '"', "’"))
            and len(line.split()) <= 12) or (len(line) <= 60 and line.endswith("?") and len(line.split()) <= 6)


def _article_blocks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each paragraph, list item, table row or header, heading or code block
    of an article; site furniture left out. Hard-wrapped lines ('...the Internal' / 'Revenue Service...')
    are joined into their paragraph; a file with one paragraph per line keeps them apart."""
    furniture = {(f.start, f.end) for f in find_furniture(text)}
    lines = [span for s, e in line_spans(text) if (span := trim_span(text, s, e))]
    lengths = sorted(e - s for s, e in lines)
    # lines of a wrapped file fill most of its width; a line that stops short ends its paragraph
    wrapped_at = max(40, 0.6 * lengths[int(0.9 * (len(lengths) - 1))]) if lengths else 40
    blocks: list[list] = []
    previous_end, in_code = -1, False
    for start, end in lines:
        line = text[start:end]
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if (start, end) in furniture:
            previous_end = -1
            continue
        adjacent = previous_end >= 0 and text.count("\n", previous_end, start) <= 1  # no blank line between
        previous_end = end
        if in_code:
            kind = "code"
        elif line.startswith("#"):
            kind = "heading"
        elif line.startswith("|"):
            if _TABLE_RULE.match(line):
                if blocks and blocks[-1][2] == "row":
                    blocks[-1][2] = "header"  # the row above the rule names the columns
                continue
            kind = "row"
        elif item := _LIST_ITEM.match(line):
            start, kind = start + item.end(), "item"  # quote the item, not its bullet
        else:
            kind = "text"
        last = blocks[-1] if blocks else None
        continues = (last is not None and adjacent and (
            kind == last[2] == "code"
            or (kind == "text" and last[2] in ("text", "item") and not _ENDS_SENTENCE.search(text[last[0]:last[1]])
                and last[1] - text.rfind("\n", 0, last[1]) - 1 >= wrapped_at)))
        if continues:
            last[1] = end
        else:
            blocks.append([start, end, kind])
    return [tuple(b) for b in blocks]


def _article_units(doc: Document, max_chars: int):
    text = doc.text
    heading = ""
    previous = speaker = ""  # the last chunk's end; who spoke last, in the article's words
    spoke_last = False  # ... in the last chunk, so `previous` says it already
    for start, end, kind in _article_blocks(text):
        line = text[start:end]
        if kind == "heading" or (kind == "text" and "\n" not in line and _is_subheading(line)):
            heading, speaker = line, ""
            continue
        if kind == "header":
            heading = f"{heading} {line}".strip()  # each row of the table is read with its columns
            continue
        for s, e in _pack_sentences(text, sentence_spans(text, start, end), max_chars):
            for start_, end_ in _split_at_words(text, s, e, 2 * max_chars):
                body = text[start_:end_]
                pronoun = _PRONOUN_SAID.search(body)
                # a short or dangling sentence ("He added ...") needs its neighbour to be understood
                lead = previous if len(body) < 90 or _DANGLING.match(body) or pronoun else ""
                # and a quotation needs its speaker, who may be named two sentences up ("..., he
                # added" after "..., he said in a post on X" after "Aaron Reichlin-Melnick says ...")
                unnamed = not _PERSON.search(f"{lead} {body[:pronoun.start()] if pronoun else body}")
                if (pronoun or _is_whole_quote(body)) and speaker and unnamed and not (lead and spoke_last):
                    lead = f"{speaker} {lead}".strip()
                yield start_, end_, None, " ".join(p for p in (heading, lead, body) if p), ""
                previous = body[-200:]
                said = None if pronoun else _SAID.search(body)
                speaker, spoke_last = (_around(body, said), True) if said else (speaker, False)


def _pack_sentences(text: str, spans: list, max_chars: int):
    """Join very short sentences to a neighbour; otherwise one sentence per chunk."""
    group: list[tuple[int, int]] = []
    for s, e in spans:
        if group and (e - group[0][0] > max_chars or group[-1][1] - group[0][0] >= 80):
            yield group[0][0], group[-1][1]
            group = []
        group.append((s, e))
    if group:
        yield group[0][0], group[-1][1]


def _split_at_words(text: str, start: int, end: int, limit: int):
    """A span longer than `limit` (a run-on line with no sentence end) cut at spaces near `limit`."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        if span := trim_span(text, start, cut):
            yield span
        start = cut
    if span := trim_span(text, start, end):
        yield span


# ---------------------------------------------------------------- statutes

@dataclass
class _Node:
    level: int
    key: str
    heading: str = ""
    lead_in: str = ""


def _statute_units(doc: Document, max_chars: int):
    text = doc.text
    title_no = None
    section = None  # (number, heading)
    stack: list[_Node] = []
    last_text_line = ""
    headed = False  # the section writes its subsections as headings
    seen: set[str] = set()  # hashed lines already met in this section
    lines = line_spans(text)
    for i, (s, e) in enumerate(lines):
        span = trim_span(text, s, e)
        if not span:
            continue
        line = text[span[0]:span[1]]
        hashed = _HASHED_MARKER.match(line) if section else None
        level = None
        if hashed:
            span = (span[0] + hashed.end(), span[1])
            line = text[span[0]:span[1]]
            if line in seen or not _MARKER.match(line):
                continue  # a breadcrumb repeating an opening already chunked
            seen.add(line)
            level = len(hashed.group(1)) - 5
        elif heading := _HEADING.match(line):
            depth, body = len(heading.group(1)), heading.group(2).strip()
            if depth == 1 and (m := _TITLE.match(body)):
                title_no = m.group(1)
            elif depth == 4 and (m := _SECTION.match(body)):
                section, stack, headed, seen = (m.group(1), m.group(2).strip()), [], False, set()
            elif depth == 5 and section and (m := _SUBSECTION.match(body)):
                stack, headed = [_Node(SUBSECTION, m.group(1), m.group(2).strip())], True
                last_text_line = body
            continue
        elif _DIVISION.match(line):
            section, stack = None, []
        if section is None:
            continue
        marker = _MARKER.match(line)
        if marker:
            key = marker.group(1)
            level = level or _level_of(key, stack, last_text_line, headed)
            while stack and stack[-1].level >= level:
                stack.pop()
            node = _Node(level, key)
            stack.append(node)
            rest = line[marker.end():]
            if rest and not hashed and line[0] != "[" and _is_item_heading(key, rest, text, lines, i):
                node.heading = rest
                last_text_line = rest.rstrip(" .")  # a heading opens what follows
                continue
            node.lead_in = rest
            if not rest:
                continue  # a bare "(13)" opens a list; quoting it alone would say nothing
        elif stack and not stack[-1].lead_in:
            stack[-1].lead_in = line
        last_text_line = line
        pieces = [(span, list(stack))]
        if marker and (flush := _joined_flush_text(text, span, stack, lines, i)):
            item_end, starts, depth = flush
            ends = [*(trim_span(text, span[0], s)[1] for s in starts[1:]), span[1]]
            pieces = [((span[0], item_end), list(stack)),
                      *(((s, e), stack[:depth + 1]) for s, e in zip(starts, ends, strict=True))]
            del stack[depth + 1:]  # what follows on its own lines belongs there too
        for (piece_start, piece_end), open_nodes in pieces:
            locator = _locator(doc, title_no, section[0], open_nodes)
            for start, end in _split_long(text, (piece_start, piece_end), max_chars):
                yield (start, end, locator, _statute_context(doc, title_no, section, open_nodes, text[start:end]),
                       section[1])


_LEVEL_NAMES = {"subsection": SUBSECTION, "paragraph": PARAGRAPH, "subparagraph": SUBPARAGRAPH, "clause": CLAUSE,
                "subclause": SUBCLAUSE}
_THIS_LEVEL = re.compile(r"\bthis (subsection|paragraph|subparagraph|clause|subclause)\b", re.I)


# a lead-in that opens a condition, whose main clause the Code prints flush after the list
_CONDITION_LEAD_IN = re.compile(r"(If|In the case of|Where|When|Unless)\b")
_MODAL = re.compile(r"\b(shall|may|must)\b")
_MAIN_CLAUSE = re.compile(r",\s+(?P<clause>(?:the|such|any|each|no)\s+(?:[\w’'-]+\s+){0,5}?(?:shall|may|must)\b)")


def _joined_flush_text(text: str, span: tuple[int, int], stack: list[_Node], lines: list,
                       i: int) -> tuple[int, list[int], int] | None:
    """Undesignated text the source joined to a list's last item: (end of the item, where each piece
    of the text starts, index in `stack` of the provision it belongs to), or None.

    An item that continues its lead-in ("(iii) ... so as to make such information undisclosable")
    is part of one sentence; a further sentence on its line ("If the Secretary determines ...")
    is the text the Code prints flush after the list. It belongs to the provision whose list ends
    there: climbing from the item, past every enclosing item that also continues a lead-in and
    is not followed by its next sibling."""
    if len(stack) < 2 or not stack[-1].lead_in[:1].islower():
        return None
    following = _next_key(text, lines, i)
    if following is None or following in _FIRST_KEYS or following in _successors(stack[-1].key):
        return None  # not the last item, or its own list follows
    sentences = sentence_spans(text, *span)
    item_end, starts = span[1], []
    if len(sentences) > 1 and text[sentences[1][0]].isupper():  # not a footnote number ("... 2012(r))). 2")
        item_end, starts = sentences[0][1], [sentences[1][0]]
    if (_CONDITION_LEAD_IN.match(stack[-2].lead_in) and not _MODAL.search(_previous_line(text, lines, i))
            and (clause := _MAIN_CLAUSE.search(text, span[0], sentences[0][1]))):
        # "If any person is charged with ... in violation of (1) ..., (2) ..., or (3) ... of title 18, the
        # Secretary shall notify such taxpayer ...": the main clause of the sentence the list is part of
        # (not when the items are clauses themselves: "(i) such plant shall be treated as ..., and")
        item_end, starts = clause.start() + 1, [clause.start("clause"), *starts]
    if not starts:
        return None
    depth = len(stack) - 1
    while depth > 0 and stack[depth].lead_in[:1].islower() and following not in _successors(stack[depth].key):
        depth -= 1
    # the text may say where it sits ("As used in this subparagraph, ..."): not above that
    named = {_LEVEL_NAMES[name.lower()] for name in _THIS_LEVEL.findall(text, starts[0], span[1])}
    depth = max([depth, *(index for index, node in enumerate(stack) if node.level in named)])
    return (item_end, starts, depth) if depth < len(stack) - 1 else None


def _next_key(text: str, lines: list, i: int) -> str | None:
    """The designation of the next marked line ('5' for '(5) Report ...'); '' when a heading or the
    end of the text comes first; None when an unmarked line does."""
    following = _next_line(text, lines, i)
    if not following:
        return ""
    hashed = _HASHED_MARKER.match(following)
    marker = _MARKER.match(following[hashed.end():] if hashed else following)
    if marker:
        return marker.group(1)
    return "" if following.startswith("#") or _DIVISION.match(following) else None


def _previous_line(text: str, lines: list, i: int) -> str:
    """The non-blank line before line i, stripped; '' at the start of the text."""
    for j in range(i - 1, -1, -1):
        if before := text[lines[j][0]:lines[j][1]].strip():
            return before
    return ""


def _next_line(text: str, lines: list, i: int) -> str:
    """The next non-blank line after line i, stripped; '' at the end of the text."""
    for j in range(i + 1, len(lines)):  # not lines[i + 1:]: copying the rest for every line is quadratic
        if following := text[lines[j][0]:lines[j][1]].strip():
            return following
    return ""


def _level_of(key: str, stack: list[_Node], last_text_line: str, headed: bool = False) -> int:
    """The level of a marked line from its key, the open provisions and the text before it.
    `headed`: the section writes subsections as headings, so a marked line is never one."""
    if key.isdigit() or key[:-1].isdigit():
        return PARAGRAPH
    open_levels = {node.level: node for node in stack}
    if len(key) >= 2 and len(set(key)) == 1 and not ROMAN.match(key.lower()):
        if key.isupper():
            return SUBITEM if ITEM in open_levels else SUBPARAGRAPH
        return SUBSUBITEM if len(key) >= 3 and SUBITEM in open_levels else ITEM
    if key.isupper():
        if ROMAN.match(key.lower()) and CLAUSE in open_levels:
            sub, subclause = open_levels.get(SUBPARAGRAPH), open_levels.get(SUBCLAUSE)
            follows_letter = sub and len(sub.key) == 1 and len(key) == 1 and key in _successors(sub.key)
            # a subclause either opens the clause's list with (I) or follows the open subclause
            continues = (_roman(key) == _roman(subclause.key) + 1) if subclause else key == "I"
            if continues != bool(follows_letter):
                return SUBCLAUSE if continues else SUBPARAGRAPH
            finished = last_text_line.rstrip().endswith((".", ";", ", and", ", or", "; and", "; or"))
            if not (follows_letter and finished and subclause is None):
                return SUBCLAUSE
        return SUBPARAGRAPH
    if ROMAN.match(key) and (SUBPARAGRAPH in open_levels or CLAUSE in open_levels
                             or not _expects_subsection(key, stack)):
        return CLAUSE
    if len(key) >= 2 and len(set(key)) == 1:
        return ITEM
    if len(key) == 1 and stack:
        # "(V) The use of any / (a) biological agent / (b) ...": letters below the deepest level
        # (Title 8 does this) follow their own sequence
        previous = next((n for n in reversed(stack) if n.key.islower() and len(n.key) == 1
                         and key in _successors(n.key)), None)
        if previous is not None and (previous.level > SUBSECTION or not headed):
            return previous.level
        if headed or (key == "a" and stack[0].level == SUBSECTION):  # not a second subsection (a)
            return stack[-1].level + 1
    return SUBSECTION


_FIRST_KEYS = frozenset({"1", "a", "A", "i", "I", "aa", "AA", "aaa"})


def _successors(key: str) -> set[str]:
    """The keys that can follow `key` in the same list: (3) -> (4), (b) -> (c), (iv) -> (v), (aa) -> (bb)."""
    if key.isdigit():
        return {str(int(key) + 1)}
    found = set()
    if len(set(key)) == 1 and key[0].lower() in "abcdefghijklmnopqrstuvwxy":
        found.add(chr(ord(key[0]) + 1) * len(key))
    elif key in ("z", "Z"):
        found.add(("a" if key == "z" else "A") * 2)  # (Z) is followed by (AA)
    if ROMAN.match(key.lower()):
        found |= {_to_roman(_roman(key) + 1, key.isupper())}
    return found


def _to_roman(number: int, upper: bool) -> str:
    digits = []
    for value, numeral in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        digits.append(numeral * count)
    return "".join(digits).upper() if upper else "".join(digits)


def _roman(key: str) -> int:
    values = [{"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}[c] for c in key.lower()]
    return sum(-v if v < next_ else v for v, next_ in zip(values, [*values[1:], 0], strict=True))


def _expects_subsection(key: str, stack: list[_Node]) -> bool:
    top = stack[0] if stack else None
    return top is None or (top.level == SUBSECTION and len(key) == 1 and ord(key) == ord(top.key[-1]) + 1)


_FOOTNOTE = re.compile(r"\s+\d{1,2}$")
# a line ending in one of these words introduces what follows ("The term 'earned income' means")
_LEAD_IN_END = re.compile(r"\b(means|mean|include|includes|including|who|whom|which|that|if|is|are|was|were|be|"
                          r"the|of|to|by|for|with|shall|may|unless|where|whether|as|any|an|a|from|under|in|on|"
                          r"such|than|either|has|have|and|or|not|its|his|her|their|whose|at|upon|after|before|"
                          r"against|into)$", re.I)


_DECLARES = re.compile(r"\b(shall|means|must|will|does)\b")
_STATES = re.compile(r"\b(is|are|may|has|have|was|were)\b")


def _is_item_heading(key: str, rest: str, text: str, lines: list, i: int) -> bool:
    """'(1) In general' is a heading when its provision follows: a body line, or a list that starts
    with (1), (A), (i)... Some headings end with a period ('Rules phased in over 3 years.', older
    sections' 'Salaried employees .'); items of a list ('(ii) Filing status.') are not headings."""
    rest = _FOOTNOTE.sub("", rest)
    capitalised = rest[:1].isupper() or rest[:1].isdigit() or rest[:1] == "$"
    sentence = rest.endswith(".") and not rest.endswith("etc.")
    if sentence and (len(rest) > 100 or not capitalised or _DECLARES.search(rest)):
        return False
    if (rest.endswith((";", ",", ":")) or len(rest) > 160 or _LEAD_IN_END.search(rest.rstrip("."))
            or re.search(r"\bterms?\b.*[”\"]", rest)):
        return False
    following = _next_line(text, lines, i)
    if not following or following.startswith("#"):
        return False
    marker = _MARKER.match(following)
    if not marker:
        return True
    if marker.group(1) not in _FIRST_KEYS or marker.group(1) in _successors(key):
        return False
    # a list after it: a heading only if it reads like one (short, capitalised)
    return len(rest) <= (80 if sentence else 120) and capitalised and not (sentence and _STATES.search(rest))


def _locator(doc: Document, title_no: str | None, section: str, stack: list[_Node]) -> str:
    prefix = f"{title_no} U.S.C. § {section}" if title_no else (doc.citation or f"§ {section}")
    return prefix + "".join(f"({node.key})" for node in stack)


_GENERIC_HEADINGS = {"in general", "general rule", "definitions", "exception", "exceptions", "special rule"}


_REFERENCE = r"\(\s*[A-Za-z0-9]{1,6}\s*\)(?:\(\s*[A-Za-z0-9]{1,6}\s*\))*"  # "(h)(2)", "( l )(13)(D)(i)"
_REFERENCE_LIST = re.compile(rf"({_REFERENCE})(?:(?:,\s*(?:(?:or|and)\s+)?|\s+(?:or|and)\s+){_REFERENCE}){{2,}}")


def condense_references(text: str) -> str:
    """`text` with each list of three or more cross-references cut to its first and an ellipsis.
    "Any Federal agency described in subsection (h)(2), (h)(5), (i)(1), ... or ( o )(3)" is read for
    what it says, not its punctuation: the lists would fill the model's window."""
    return _REFERENCE_LIST.sub(r"\1 …", text)


def _statute_context(doc, title_no, section, stack, body: str) -> str:
    """What retrieval sees for a statute span: the section's and the nearest specific headings,
    the lead-in of the list the span belongs to, and the span itself, cross-reference lists cut."""
    headings = [n.heading for n in stack if n.heading and n.heading.lower() not in _GENERIC_HEADINGS]
    parts = [section[1], *headings[-2:]]
    parent = next((n for n in reversed(stack[:-1]) if n.lead_in and n.lead_in != body), None)
    if parent is not None and body.startswith("("):
        lead = condense_references(parent.lead_in)
        parts.append(lead if len(lead) <= 300 else "…" + lead[-300:].split(" ", 1)[-1])
    elif stack and stack[-1].lead_in and not stack[-1].lead_in.startswith(body[:80]):
        # a later sentence of a provision ("Any violation of this paragraph shall be a felony")
        # means little without the provision's opening ("It shall be unlawful ... to disclose")
        rule = condense_references(stack[-1].lead_in)
        parts.append(rule if len(rule) <= 300 else rule[:300].rsplit(" ", 1)[0] + "…")
    parts.append(body)
    return " ".join(p for p in parts if p)


def _split_long(text: str, span: tuple[int, int], max_chars: int):
    if span[1] - span[0] <= max_chars:
        yield span
        return
    group_start = group_end = None
    for s, e in sentence_spans(text, *span):
        if group_start is not None and e - group_start > max_chars:
            yield group_start, group_end
            group_start = None
        if group_start is None:
            group_start = s
        group_end = e
    if group_start is not None:
        yield group_start, group_end

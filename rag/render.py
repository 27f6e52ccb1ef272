"""HTML for the web app. Pure functions of answer dicts, documents and quote matches.

Every piece of document or user text goes through `html.escape`. Interactive elements carry
`data-*` attributes that the page's script acts on: `data-cite` (a citation marker), `data-card`
(a source card), `data-show` (open a span in the document viewer), `data-copy` (copy its value),
`data-at` (a line of a document, by offset) and `data-jump` (an outline entry).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from itertools import groupby
from urllib.parse import quote as url_quote

from .answer import KIND_LABELS, NOT_QUOTED, RELATED_TEXT, format_citation, pin_cite
from .chunking import Chunk, find_furniture
from .corpus import Document
from .quotes import QuoteMatch, is_paraphrase
from .text import line_spans, sentence_spans, trim_span

CONTEXT_CHARS = 320  # at most this much context on each side of a quote
_HEADING = re.compile(r"^(#{1,6})\s+")
_PIN_CITE = re.compile(r"^(?P<pin>[^:“\"]{3,120}):\s+(?P<rest>[“\"].*)$", re.S)
_MARKERS = re.compile(r"((?:\s*\[\d+\])+)")
_QUOTES = "“”\"'"
_KEYS = re.compile(r"\(([^()]{1,6})\)")


# ---------------------------------------------------------------- answers

def answer_html(data: Mapping, documents: Mapping[str, Document], markdown: str) -> str:
    """The whole answer: toolbar, the claims grouped by kind of source, then the source cards."""
    question = escape(data.get("question", ""))
    total = data.get("timing_ms", {}).get("total", "")
    parts = [f'<div class="lx-answer" data-question="{question}" data-total-ms="{total}">',
             _toolbar(data, markdown)]
    cards = "".join(citation_card(c, documents.get(c["doc_id"]), related=not data["abstained"]
                                  and c.get("quoted") is False) for c in data["citations"])
    if data["abstained"]:
        parts.append(f'<section class="lx-abstain" role="status"><h3>Not answered by these documents</h3>'
                     f'<p>{escape(data["answer"])}</p></section>')
        if cards:
            parts.append('<h3 class="lx-sources-title">Closest passages <span class="lx-pill">not an answer'
                         f'</span></h3><div class="lx-cards lx-closest">{cards}</div>')
    else:
        claims = _claims(data)
        parts += [_claims_section(title, group) for title, group in _grouped_claims(claims) if group]
        parts += [f'<p class="lx-related">{escape(text)} {markers_html(numbers)}</p>'
                  for text, numbers, kind in claims if kind == "related"]
        parts.append(f'<h3 class="lx-sources-title">Sources</h3><div class="lx-cards">{cards}</div>')
    parts.append("</div>")
    return "".join(parts)


def _toolbar(data: Mapping, markdown: str) -> str:
    as_json = json.dumps(dict(data), ensure_ascii=False, indent=2)
    total = data.get("timing_ms", {}).get("total")
    timing = f'<span class="lx-timing">Answered in {total:,.0f} ms</span>' if total is not None else ""
    return ('<div class="lx-toolbar" role="toolbar" aria-label="Answer actions">'
            f'<span class="lx-question">{escape(data.get("question", ""))}</span>{timing}'
            f'{_download("Export Markdown", "lexcite-answer.md", markdown, "text/markdown")}'
            f'{_download("Export JSON", "lexcite-answer.json", as_json, "application/json")}'
            '<button type="button" class="lx-btn" data-copy-link>Copy link</button></div>')


def _download(label: str, filename: str, text: str, mime: str) -> str:
    """A link that saves `text` as a file, with no file on the server."""
    url = f"data:{mime};charset=utf-8,{url_quote(text, safe='')}"
    return f'<a class="lx-btn" download="{filename}" href="{escape(url)}">{label}</a>'


def _grouped_claims(claims: list[tuple[str, list[int], str]]) -> list[tuple[str, list]]:
    """The answer's claims in two sections, law and reporting (related passages are no claim)."""
    claims = [c for c in claims if c[2] != "related"]
    law = [c for c in claims if c[2] == "statute"]
    reporting = [c for c in claims if c[2] != "statute"]
    sections = [("What the law says", law), ("What reporters say", reporting)]
    # in the answer's order: the kind of source that holds the best passage first
    return sections[::-1] if claims and claims[0][2] != "statute" else sections


def _claims(data: Mapping) -> list[tuple[str, list[int], str]]:
    """(text, citation numbers, kind) per sentence; from `sentences`, else parsed from `answer`."""
    if data.get("sentences"):
        return [(s["text"], list(s["citations"]), s["kind"]) for s in data["sentences"]]
    kinds = {c["n"]: c["kind"] for c in data["citations"]}
    pieces = _MARKERS.split(data["answer"])
    claims = []
    for text, marks in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        numbers = [int(n) for n in re.findall(r"\d+", marks)]
        if text.strip() == RELATED_TEXT:
            claims.append((RELATED_TEXT, numbers, "related"))
        elif text.strip():
            claims.append((text.strip(), numbers, kinds.get(numbers[0], "article") if numbers else "article"))
    return claims


def _claims_section(title: str, claims: list) -> str:
    items = "".join(f"<li>{_claim_text(text, kind)} {markers_html(numbers)}</li>"
                    for text, numbers, kind in claims)
    return f'<section class="lx-claims"><h3>{escape(title)}</h3><ul>{items}</ul></section>'


def _claim_text(text: str, kind: str) -> str:
    pin = _PIN_CITE.match(text) if kind == "statute" else None
    if pin:
        return f'<span class="lx-pin">{escape(pin["pin"])}</span> <q>{escape(pin["rest"].strip(_QUOTES))}</q>'
    return escape(text)


def markers_html(numbers: Iterable[int]) -> str:
    """Inline citation markers that bring their source card into view."""
    return "".join(f'<a class="lx-marker" href="#source-{n}" data-cite="{n}" '
                   f'aria-label="Source {n}">{n}</a>' for n in numbers)


def citation_card(citation: Mapping, doc: Document | None, related: bool = False) -> str:
    """A source card: badge, title, pin cite, publisher and date, the quote in its context.
    `related`: a passage listed after the answer, which the answer does not quote."""
    n, kind = citation["n"], citation["kind"]
    meta = [pin_cite(citation), citation.get("author"), citation.get("publisher"), citation.get("date")]
    meta_html = " · ".join(escape(str(m)) for m in meta if m)
    warning = ('<p class="lx-warning">Machine-paraphrased copy: its quotations are reworded, '
               'not the speakers’ own words.</p>') if doc and is_paraphrase(doc) else ""
    if doc is not None:
        quote = context_html(doc, citation["start"], citation["end"])
    else:
        quote = f"<mark>{escape(citation['quote'])}</mark>"
    meta_line = f'<p class="lx-meta">{meta_html}</p>' if meta_html else ""
    pill = f'<span class="lx-pill">{NOT_QUOTED}</span>' if related else ""
    return (f'<article class="lx-card lx-kind-{escape(kind)}" id="source-{n}" data-card="{n}" tabindex="-1" '
            f'aria-label="Source {n}">'
            f'<header><span class="lx-num">{n}</span>{badge_html(kind)}'
            f'<h4>{escape(citation["title"])}</h4>{pill}</header>{meta_line}{warning}'
            f'<blockquote class="lx-context">{quote}</blockquote>'
            f'<footer>{show_button(citation["doc_id"], citation["start"], citation["end"])}'
            f'<button type="button" class="lx-btn" data-copy="{escape(format_citation(citation))}">'
            'Copy citation</button>'
            f'{_where(citation["source"], citation["start"], citation["end"])}</footer></article>')


def _where(source: str, start: int, end: int) -> str:
    return f'<code class="lx-where" title="File and offsets">{escape(source)} [{start}:{end}]</code>'


def badge_html(kind: str) -> str:
    label = KIND_LABELS.get(kind, kind.title())
    return f'<span class="lx-badge lx-badge-{escape(kind)}">{escape(label)}</span>'


def show_button(doc_id: str, start: int, end: int) -> str:
    return (f'<button type="button" class="lx-btn lx-btn-primary" data-show data-doc="{escape(doc_id)}" '
            f'data-start="{start}" data-end="{end}">Show in document</button>')


def message_html(title: str, text: str = "", tone: str = "info") -> str:
    """A friendly notice in place of an answer (empty question, error, nothing asked yet)."""
    body = f"<p>{escape(text)}</p>" if text else ""
    return f'<div class="lx-message lx-{escape(tone)}" role="status"><h3>{escape(title)}</h3>{body}</div>'


# ---------------------------------------------------------------- quote context

def context_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """The quote widened by one sentence each side, from its own lines and the neighbouring lines
    that are content (not site furniture, not markdown headings)."""
    lines = [span for s, e in line_spans(doc.text) if (span := trim_span(doc.text, s, e))]
    furniture = {(f.start, f.end) for f in find_furniture(doc.text)} if doc.kind != "statute" else set()
    first, last = _line_index(lines, start), _line_index(lines, max(end - 1, start))
    neighbours = [i for i in (first - 1, last + 1) if 0 <= i < len(lines) and lines[i] not in furniture
                  and not doc.text.startswith("#", lines[i][0])]
    nearby = sorted([*range(first, last + 1), *neighbours])
    sentences = [span for i in nearby for span in sentence_spans(doc.text, *lines[i])]
    starts = [s for s, _ in sentences]
    ends = [e for _, e in sentences]
    own_start = max((s for s in starts if s <= start), default=start)
    own_end = min((e for e in ends if e >= end), default=end)
    left = max((s for s in starts if s < own_start), default=own_start)
    right = min((e for e in ends if e > own_end), default=own_end)
    return max(left, start - CONTEXT_CHARS), min(right, end + CONTEXT_CHARS)


def _line_index(lines: list[tuple[int, int]], offset: int) -> int:
    return max(bisect_left(lines, (offset + 1,)) - 1, 0)


def context_html(doc: Document, start: int, end: int, inner: str | None = None) -> str:
    """The quote highlighted inside its context; `inner` replaces the highlighted quote's HTML."""
    left, right = context_span(doc, start, end)
    text = doc.text
    head = ("… " if _line_goes_on(text[:left][::-1]) else "") + _snip(text[left:start], left=True)
    tail = _snip(text[end:right], left=False) + (" …" if _line_goes_on(text[right:]) else "")
    mark = inner if inner is not None else escape(text[start:end])
    return f'{escape(head)}<mark class="lx-quote">{mark}</mark>{escape(tail)}'


def _line_goes_on(text: str) -> bool:
    """Whether the line continues past a cut (text starts at the cut)."""
    return bool(text.split("\n", 1)[0].strip())


def _snip(text: str, left: bool) -> str:
    """Collapse blank lines; cut an over-long side at a word boundary."""
    text = re.sub(r"\s*\n\s*", "\n", text)
    if len(text) < CONTEXT_CHARS:
        return text
    return text.split(" ", 1)[-1] if left else text.rsplit(" ", 1)[0]


# ---------------------------------------------------------------- documents

def document_html(doc: Document, chunks: Sequence[Chunk], highlight: tuple[int, int] | None = None) -> str:
    """A document for reading: metadata, an outline for statutes, the full text with site
    furniture set apart and an optional highlighted span (`.lx-target`)."""
    outline = outline_html(doc, chunks) if doc.kind == "statute" else ""
    body_class = "lx-doc-body has-outline" if outline else "lx-doc-body"
    return (f'<div class="lx-doc">{document_header(doc)}<div class="{body_class}">'
            f'{outline}<div class="lx-doc-text" tabindex="0" aria-label="Full text">'
            f'{text_html(doc, chunks, highlight)}</div></div></div>')


def viewer_html(doc: Document, chunks: Sequence[Chunk], span: tuple[int, int]) -> str:
    """The document in a dialog over the page, opened on a highlighted span."""
    close = '<button type="button" class="lx-btn" data-close aria-label="Close the document">Close ✕</button>'
    return ('<div class="lx-backdrop"></div><div class="lx-modal" role="dialog" aria-modal="true" '
            f'aria-label="Document viewer"><div class="lx-modal-bar">{close}</div>'
            f'{document_html(doc, chunks, span)}</div>')


def document_header(doc: Document) -> str:
    rows = [("Citation", doc.citation), ("Author", doc.author), ("Publisher", doc.publisher),
            ("Date", doc.date), ("File", doc.source), ("Note", doc.note)]
    items = "".join(f"<dt>{name}</dt><dd>{escape(value)}</dd>" for name, value in rows if value)
    return (f'<header class="lx-doc-header">{badge_html(doc.kind)}<h3>{escape(doc.title)}</h3>'
            f'<dl class="lx-doc-meta">{items}</dl></header>')


def outline(doc: Document, chunks: Sequence[Chunk]) -> list[tuple[int, str, int]]:
    """(level, label, line offset): subsections from `#####` headings, then their paragraphs."""
    text, entries, seen = doc.text, [], set()
    for s, e in line_spans(text):
        if text.startswith("##### ", s):
            entries.append((1, text[s + 6:e].strip(), s))
    for chunk in chunks:
        keys = tuple(_locator_keys(chunk.locator)[:2])
        if len(keys) < 2 or keys in seen:
            continue
        seen.add(keys)
        at = _paragraph_line(text, chunk.start, keys[1])
        line_end = text.find("\n", at)
        entries.append((2, _shorten(text[at:line_end if line_end >= 0 else None].strip(), 70), at))
    return sorted(entries, key=lambda entry: entry[2])


def outline_html(doc: Document, chunks: Sequence[Chunk]) -> str:
    groups: list[list] = []
    for level, label, offset in outline(doc, chunks):
        if level == 1 or not groups:
            groups.append([(label, offset), []])
        else:
            groups[-1][1].append((label, offset))
    items = []
    for (label, offset), children in groups:
        link = _jump(label, offset)
        if children:
            sub = "".join(f"<li>{_jump(child, at)}</li>" for child, at in children)
            items.append(f"<li><details><summary>{link}</summary><ul>{sub}</ul></details></li>")
        else:
            items.append(f"<li>{link}</li>")
    return f'<nav class="lx-outline" aria-label="Outline"><h4>Outline</h4><ul>{"".join(items)}</ul></nav>'


def _jump(label: str, offset: int) -> str:
    return f'<a href="#" data-jump="{offset}">{escape(label)}</a>'


def _paragraph_line(text: str, start: int, key: str) -> int:
    """Where paragraph `(key)` begins: its last '(key) ...' line in the subsection up to `start`."""
    floor = text.rfind("\n#####", 0, start) + 1
    marker = re.compile(rf"^\(\s*{re.escape(key)}\s*\)", re.M)
    found = [m.start() for m in marker.finditer(text, floor, start + len(key) + 4)]
    return found[-1] if found else text.rfind("\n", 0, start) + 1


def _locator_keys(locator: str | None) -> list[str]:
    if not locator or "(" not in locator:
        return []
    return [key.strip() for key in _KEYS.findall(locator[locator.index("("):])]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def text_html(doc: Document, chunks: Sequence[Chunk], highlight: tuple[int, int] | None = None) -> str:
    """The document line by line: headings styled, provisions indented by depth, runs of site
    furniture boxed apart. Offsets are kept: each line carries `data-at`, its start offset."""
    text = doc.text
    furniture = {} if doc.kind == "statute" else {(f.start, f.end): f.reason for f in find_furniture(text)}
    starts = [c.start for c in chunks]
    lines = [span for s, e in line_spans(text) if (span := trim_span(text, s, e))]
    out = []
    for reason, group in groupby(lines, key=furniture.get):
        if reason:
            inner = "".join(f'<div class="lx-line" data-at="{s}">{_marked(text, s, e, highlight)}</div>'
                            for s, e in group)
            out.append(f'<div class="lx-furniture" role="note"><span class="lx-furniture-label">'
                       f'Not part of the article · {escape(reason)}</span>{inner}</div>')
        else:
            out += [_line_html(text, s, e, chunks, starts, highlight) for s, e in group]
    return "".join(out)


def _line_html(text: str, s: int, e: int, chunks: Sequence[Chunk], starts: list[int], highlight) -> str:
    heading = _HEADING.match(text[s:e])
    if heading:
        level = len(heading.group(1))
        return (f'<div class="lx-line lx-h lx-h{level}" data-at="{s}" role="heading" '
                f'aria-level="{min(level + 1, 6)}">{_marked(text, s + heading.end(), e, highlight)}</div>')
    depth, is_heading = _depth_at(chunks, starts, s, e)
    cls = "lx-line lx-item-heading" if is_heading else "lx-line"
    return f'<div class="{cls}" data-at="{s}" style="--depth:{depth}">{_marked(text, s, e, highlight)}</div>'


def _depth_at(chunks: Sequence[Chunk], starts: list[int], s: int, e: int) -> tuple[int, bool]:
    """Indent depth of a statute line (from the chunk that starts in it or right after it), and
    whether the line is an item heading (no chunk starts in it)."""
    i = bisect_left(starts, s)
    if i >= len(chunks):
        return 0, False
    depth = max(len(_locator_keys(chunks[i].locator)) - 1, 0)
    return depth, chunks[i].start >= e and chunks[i].locator is not None


def _marked(text: str, s: int, e: int, highlight: tuple[int, int] | None) -> str:
    if not highlight or highlight[1] <= s or highlight[0] >= e:
        return escape(text[s:e])
    hs, he = max(highlight[0], s), min(highlight[1], e)
    target = " lx-target" if hs == highlight[0] else ""
    return (f'{escape(text[s:hs])}<mark class="lx-hit{target}">{escape(text[hs:he])}</mark>'
            f'{escape(text[he:e])}')


# ---------------------------------------------------------------- quote checks

def quote_report_html(matches: Sequence[QuoteMatch], documents: Mapping[str, Document]) -> str:
    """Where a quote appears: a summary of the sources that carry it, then one card per match."""
    if not matches:
        return message_html("Not found", "These words do not appear in the documents, verbatim or nearly so.")
    verbatim = {m.doc_id for m in matches if m.exact}
    near = {m.doc_id for m in matches if not m.exact} - verbatim
    summary = " and ".join(([f"verbatim in {_count(verbatim)}"] if verbatim else [])
                           + ([f"nearly in {_count(near)}"] if near else []))
    carriers = "".join(f'<li>{badge_html(documents[d].kind)} {escape(documents[d].title)}</li>'
                       for d in dict.fromkeys(m.doc_id for m in matches))
    legend = ('<p class="lx-legend"><ins>added in the document</ins> <del>only in your quote</del></p>'
              if any(op != "equal" for m in matches for op, _ in m.diff) else "")
    cards = "".join(_match_card(m, documents[m.doc_id]) for m in matches)
    return (f'<div class="lx-quote-report"><p class="lx-summary">Found {summary}.'
            f'</p><ul class="lx-carriers" aria-label="Sources that carry it">{carriers}</ul>{legend}'
            f'<div class="lx-cards">{cards}</div></div>')


def _count(doc_ids: set) -> str:
    return f"{len(doc_ids)} document{'s' if len(doc_ids) != 1 else ''}"


def _match_card(match: QuoteMatch, doc: Document) -> str:
    if match.exact:
        status = '<span class="lx-status lx-verbatim">Verbatim</span>'
    else:
        status = f'<span class="lx-status lx-near">Near match · {match.similarity:.0%}</span>'
    if is_paraphrase(doc):
        status += '<span class="lx-status lx-paraphrase">Paraphrase</span>'
    context = context_html(doc, match.start, match.end, diff_html(match.diff))
    return (f'<article class="lx-card lx-kind-{escape(doc.kind)}"><header>{badge_html(doc.kind)}'
            f'<h4>{escape(doc.title)}</h4>{status}</header>'
            f'<blockquote class="lx-context">{context}</blockquote>'
            f'<footer>{show_button(doc.doc_id, match.start, match.end)}'
            f'{_where(doc.source, match.start, match.end)}</footer></article>')


def diff_html(diff: Iterable[tuple[str, str]]) -> str:
    tags = {"equal": "{}", "insert": "<ins>{}</ins>", "delete": "<del>{}</del>"}
    return "".join(tags[op].format(escape(text)) for op, text in diff)

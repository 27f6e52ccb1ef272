"""Extractive answers: pick the passages that answer, merge what several sources say, cite all."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial

from .answer_types import (
    asks_about_events,
    asks_findings,
    asks_who,
    exception_first,
    has_what_is_asked,
    missing_answer_type,
    penalty_for_another_act,
    sanction_after_prohibition,
    states_findings,
    typed_answer_first,
    typed_source_first,
    wanted_passage,
)
from .chunking import glossed_phrases
from .index import STOPWORDS, lexical_tokens
from .retrieval import Hit, opening_condition, parse_legal_refs, ref_matches
from .spans import MAX_JOINED_CHARS, adjacent_runs, common_locator, follows
from .text import normalize

NEAREST_NOTE = "The closest passages are listed below, but they do not answer the question."
ABSTAIN_TEXT = f"The documents in this corpus don't say. {NEAREST_NOTE}"
KIND_LABELS = {"statute": "Law", "article": "Reporting"}
RELATED_TEXT = "Other passages that may be relevant:"
NOT_QUOTED = "related, not quoted"  # how a related passage is marked among the sources
# C0 and C1 controls but tab and newline, DEL, and lone surrogates (which cannot be printed as UTF-8)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@dataclass(frozen=True)
class CitedPart:
    """One passage inside a citation that joins adjacent passages, with its own pin cite."""

    locator: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """A numbered, verbatim quote: `quote == text_of(source)[start:end]`."""

    n: int
    doc_id: str
    title: str
    kind: str
    locator: str | None
    source: str
    start: int
    end: int
    quote: str
    score: float  # rank score relative to the best passage (1.0); citations are in this order
    relevance: float = 0.0  # how closely the passage matches the question (0..1), used to abstain
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    # whether the answer quotes this passage; False for a related passage listed after the answer
    # and for the nearest passages of an abstention, which the answer does not rely on
    quoted: bool = True
    # the passages a citation joins, when it quotes several adjacent ones as one span (empty otherwise)
    parts: tuple[CitedPart, ...] = ()

    def to_dict(self) -> dict:
        return {**asdict(self), "parts": [asdict(part) for part in self.parts]}


@dataclass(frozen=True)
class AnswerSentence:
    text: str
    citations: tuple[int, ...]
    kind: str  # of the sources it quotes ("statute", "article"), or "related" for the related passages


@dataclass(frozen=True)
class Answer:
    """The answer object of docs/interfaces.md."""

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    sentences: tuple[AnswerSentence, ...] = ()
    timing_ms: dict = field(default_factory=dict)
    id: str | None = None

    def to_dict(self) -> dict:
        data = {"question": self.question, "answer": self.answer, "abstained": self.abstained,
                "citations": [c.to_dict() for c in self.citations],
                "sentences": [{"text": s.text, "citations": list(s.citations), "kind": s.kind}
                              for s in self.sentences],
                "timing_ms": dict(self.timing_ms)}
        return {"id": self.id, **data} if self.id is not None else data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def to_markdown(self) -> str:
        """The answer and its numbered sources, ready to paste."""
        lines = [f"**Q:** {self.question}", "", self.answer, "", "**Sources**", ""]
        lines += [f"{c.n}. {format_citation(c.to_dict())} — {c.title}, `{c.source}` [{c.start}:{c.end}]"
                  + self._unquoted(c) for c in self.citations]
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """For a person at a terminal: the answer, then the numbered sources."""
        lines = [self.answer, ""]
        if self.citations:
            lines.append("Closest passages (not an answer):" if self.abstained else "Sources:")
        for c in self.citations:
            where = pin_cite(c.to_dict()) or c.title
            lines.append(f"[{c.n}] {KIND_LABELS.get(c.kind, c.kind.title())} · {where}{self._unquoted(c)}")
            lines.append(f"    \"{_squash(c.quote)}\"")
            lines.append(f"    {c.source} [{c.start}:{c.end}]")
        return terminal_safe("\n".join(lines))

    def _unquoted(self, citation: Citation) -> str:
        """The note on a related passage listed after an answer (an abstention's are all unquoted)."""
        return "" if citation.quoted or self.abstained else f" ({NOT_QUOTED})"


def format_citation(citation: dict) -> str:
    """'26 U.S.C. § 6103(i)(2)(C) ("a taxpayer's identity ...")' — a pin cite with its quote."""
    where = citation.get("locator")
    if not where:
        parts = [citation.get("title") or citation.get("doc_id"), citation.get("publisher"), citation.get("date")]
        where = ", ".join(p for p in parts if p)
    return f'{where} ("{_squash(citation["quote"])}")'


def pin_cite(citation: dict) -> str | None:
    """The citation's locator, and for one that joins adjacent passages the deeper pin cites it
    holds: '26 U.S.C. § 7213A(a)(1), with (A), (B)'."""
    where = citation.get("locator")
    if not where:
        return where
    deeper = [part["locator"][len(where):] for part in citation.get("parts") or ()
              if part.get("locator") and part["locator"].startswith(where) and len(part["locator"]) > len(where)]
    return f"{where}, with {', '.join(dict.fromkeys(deeper))}" if deeper else where


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters (but tab and newline) shown as escapes such as \\x1b,
    so a document cannot recolour, retitle or clear the terminal it is printed to."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_NAMING_WORDS = 12  # a lead-in this short names its list ("The term ... means") and says nothing else
# a sentence that qualifies the one before it ("However, return information shall not be disclosed")
# or adds to it ("The Secretary shall also notify such taxpayer if ...")
_QUALIFIES = re.compile(r"^(However|But|Nevertheless|Notwithstanding the preceding sentence|Except that|"
                        r"The preceding sentence|[A-Z][\w ,]{0,40}? (shall|may|must|will) also)\b")
# the words of a list item that only points elsewhere: "(2) section 7213A(a), or", "(1) the greater of"
_POINTER_WORDS = frozenset("""section sections subsection paragraph subparagraph clause title united states code
                           or and of the greater sum any""".split())  # noqa: SIM905


# words a question shares with a passage without sharing what it asks ("is it actually a crime to not leave
# ... after a judge orders you out" asks nothing of "not more than 4 years")
_NOT_ASKED = STOPWORDS | frozenset(lexical_tokens("""
    not no nor after before out under must may might let get gets got know just actually really even also still
    now please someone somebody anyone anybody anything something more less than ask asked
    section subsection paragraph subparagraph clause title code usc irc"""))


# a condition after what is asked: "what must the Secretary do | when someone is criminally charged ..."
_TRAILING_CONDITION = re.compile(r"^(?P<asking>(?:\S+\s+){2,}?\S+?),?\s+(?:when|whenever|if|once|after|unless)\s", re.I)


# when the asker's story happened sets the scene too: "i got a deportation order years ago" asks
# nothing about years (a penalty clause's "imprisoned not more than four years" does not answer it)
_STORY_TIME = re.compile(r"\b(?:(?:a|an|one|two|three|four|five|few|couple|several|some|many|\d+)\s+)*(?:of\s+)?"
                         r"(?:years?|months?|weeks?|days?)\s+(?:ago|back|earlier)\b|\bback then\b", re.I)


def _asking_part(question: str) -> str:
    """What the question asks, without the condition that sets its scene, before it ("if i pay with an
    itin, ...") or after it ("what must the Secretary do when someone is charged ...?"), or when its
    story happened ("years ago")."""
    asking = opening_condition(question)[0]
    asking = m.group("asking") if (m := _TRAILING_CONDITION.match(asking)) else asking
    return _STORY_TIME.sub(" ", asking)


def says_something(text: str) -> bool:
    """Whether a passage says more than where to look: '(2) section 7213A(a), or' does not."""
    words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\([^)]*\)", " ", text))
    return sum(w.lower() not in _POINTER_WORDS for w in words) >= 2


@dataclass
class _Group:
    """One statement: the best hit, the sources that say the same thing, and for a statute list
    item its lead-in and the other items of the same list."""

    head: Hit
    same: list[Hit] = field(default_factory=list)
    lead_in: Hit | None = None
    items: list[Hit] = field(default_factory=list)  # list items under lead_in, in document order
    whole: bool = False  # the question matched the list as a whole: its lead-in ranked above its items
    lead_first: bool = False  # the lead-in ranked above the head
    first: Hit | None = None  # the member of a quoted list whose own words answer the question best
    joined: list[Hit] = field(default_factory=list)  # sentences of reporting next to it, quoted with it

    def members(self) -> list[Hit]:
        """Every cited hit, most relevant first (the member in `first` ahead of them all)."""
        members = self._ranked_members()
        if self.first in members:
            members = [self.first, *(h for h in members if h is not self.first)]
        return members + [h for h in self.joined if h not in members]

    def _ranked_members(self) -> list[Hit]:
        """Every cited hit, most relevant first. A list matched as a whole whose lead-in only names it
        ('The term "return information" means') cites its items in reading order, then the lead-in."""
        if self.whole and len(self.lead_in.chunk.text.split()) <= _NAMING_WORDS:
            return [*self.items, *self.same, self.lead_in]
        if self.lead_first and self.head.chunk.kind != "statute":
            return [self.lead_in, self.head, *self.same]  # who spoke, then the quotation: as ranked
        extra = [h for h in self.items if h is not self.head]
        if self.lead_in and self.lead_in is not self.head and not says_something(self.head.chunk.text):
            # an item that only points elsewhere ("(2) section 7213A(a), or") is cited after its lead-in
            return [self.lead_in, self.head, *self.same, *extra]
        lead_in = [self.lead_in] if self.lead_in and self.lead_in is not self.head else []
        if not self.lead_in and self.head in self.items and _QUALIFIES.match(self.head.chunk.text):
            # a provision quoted whole whose best sentence qualifies an earlier one cites the rule first
            before = self.items[:self.items.index(self.head)]
            return [*before, self.head, *self.same, *[h for h in extra if h not in before]]
        return [self.head, *self.same, *lead_in, *extra]


def compose_answer(question: str, hits: list[Hit], *, documents: dict, abstain_below: float,
                   max_sentences: int = 4, corroborating: dict | None = None,
                   lead_ins: dict | None = None, list_items: dict | None = None, provisions: dict | None = None,
                   max_citations: int = 5, sanctions: dict | None = None,
                   unknown_terms: list[str] | None = None, continuations: dict | None = None) -> Answer:
    """Build the answer from ranked hits.

    `corroborating[chunk_id]` lists other hits that state the same thing (found by the caller);
    `lead_ins[chunk_id]` is the hit of a statute list item's lead-in, cited alongside it;
    `list_items[lead_in_chunk_id]` are all the items of that list, to complete a short enumeration;
    `provisions[chunk_id]` are all the sentences of a statute provision, to quote it whole;
    `sanctions[chunk_id]` the penalty clauses for a violation of a statute passage's subsection;
    `continuations[chunk_id]` the next sentence of a passage, which says what it reports someone said or
    ruled."""
    corroborating, lead_ins, list_items = corroborating or {}, lead_ins or {}, list_items or {}
    provisions, sanctions = provisions or {}, sanctions or {}
    ranked = hits  # the closest passages, as retrieval ranked them, if it abstains
    hits, corroborating = typed_source_first(question, hits, corroborating)
    first = typed_answer_first(question, hits)
    if hits and first[0] is hits[0]:  # an answer of the type asked outranks an exception
        first = exception_first(question, first)
    hits = sanction_after_prohibition(question, first, sanctions)
    # a question that names a location ("under 6103(i)(2)") may find what it asks for anywhere there
    # (only a passage relevant enough to be cited: "pay billions of dollars in taxes" far below does not say
    # by how much funding was cut)
    if hits and hits[0].cited:
        typed = [h for h in hits if h.cited]
    else:
        typed = [h for h in hits[:2] if h is hits[0] or h.relevance >= 0.5 * hits[0].relevance]
    text_of = {doc_id: getattr(doc, "text", None) for doc_id, doc in documents.items()}
    # a statute passage of the kind the question asks for (the penalty, the damages, who may see a joint
    # return), found by its kind, answers with a little less relevance than loose words need
    wanted = wanted_passage(question)
    found = bool(hits and wanted and hits[0].chunk.kind == "statute" and wanted(hits[0].chunk.text))
    if (not hits or unknown_terms or should_abstain(hits, abstain_below - (KIND_FOUND_MARGIN if found else 0.0))
            or missing_answer_type(question, [h.chunk.text for h in typed])
            # (the penalty clauses punishing what the hits prohibit count, however far down they rank)
            or penalty_for_another_act(question, [*hits, *(s for h in hits
                                                            for s in sanctions.get(h.chunk.chunk_id, ()))])):
        top = max((h.score for h in ranked), default=1.0)
        # as retrieval ranked them; passages that follow one another count once
        closest = _leading_runs(ranked, min(3, max_citations), text_of)
        citations = [_citation(i + 1, run, documents, _best(run), top, quoted=False)
                     for i, run in enumerate(closest)]
        text = ABSTAIN_TEXT
        if unknown_terms:
            names = ", ".join(f"“{t}”" for t in dict.fromkeys(unknown_terms))
            text = f"The documents in this corpus don't say: they don't contain {names}. {NEAREST_NOTE}"
        return Answer(question, text, True, tuple(citations))
    paraphrased = {doc_id for doc_id, doc in documents.items() if getattr(doc, "paraphrased", False)}
    groups = _group(_select(hits, max_sentences), corroborating, lead_ins, list_items, provisions, paraphrased,
                    speaker_first=asks_who(question),
                    asked=frozenset(t for t in lexical_tokens(_asking_part(question))
                                    if t.isalpha() and len(t) > 2) - _NOT_ASKED,
                    typed=partial(has_what_is_asked, question),
                    located=partial(_cited_depth, parse_legal_refs(question)),
                    all_asked=asks_findings(question))
    groups = _join_adjacent_statements(groups, text_of)
    _read_further(groups, continuations or {})
    floor = max(abstain_below, 0.5 * hits[0].relevance)
    _read_on(groups, hits[:max_citations], text_of, floor)
    # citations are numbered in rank order: each statement's best source, then the other sources of
    # the same statement, which share its scores (a list matched as a whole: see _Group.members)
    top = max(h.score for h in hits)
    citations: list[Citation] = []
    numbers: dict[str, int] = {}
    for group in groups:
        fresh = list({h.chunk.chunk_id: h for h in group.members() if h.chunk.chunk_id not in numbers}.values())
        for run in adjacent_runs(fresh, text_of):
            for hit in run:
                numbers[hit.chunk.chunk_id] = len(citations) + 1
            citations.append(_citation(len(citations) + 1, run, documents, group.head, top))
    sentences = []
    # the answer reads law first, then reporting; but a question about people, dates or rulings,
    # which statutes do not name, opens with the reporting when it holds the best passage ("Who is
    # the Treasury Secretary?" opens with the sentence naming him, not a statute naming the office)
    law_first = groups[0].head.chunk.kind == "statute" or not asks_about_events(question)
    for group in sorted(groups, key=lambda g: (g.head.chunk.kind == "statute") != law_first):
        ordered = ([group.lead_in] if group.lead_in else []) + (group.items or [group.head]) + group.same
        refs = tuple(sorted({numbers[h.chunk.chunk_id] for h in ordered}))
        text = _sentence(group, text_of)
        if group.head.chunk.doc_id in paraphrased:
            text += (" (from a machine-paraphrased copy of a news report; the wording is not the original's"
                     f"{_glossed(group.head.chunk.text, documents.get(group.head.chunk.doc_id))})")
        sentences.append(AnswerSentence(text, refs, group.head.chunk.kind))
    # the answer quotes only what answers; the next best passages are listed after it, unquoted, up
    # to `max_citations` in all, so a reader sees as many sources as a plain top-k search would show
    related = _related(hits, citations, max_citations - len(citations), floor, text_of)
    if related:
        refs = tuple(range(len(citations) + 1, len(citations) + len(related) + 1))
        citations += [_citation(n, run, documents, _best(run), top, quoted=False)
                      for n, run in zip(refs, related, strict=True)]
        sentences.append(AnswerSentence(RELATED_TEXT, refs, "related"))
    return Answer(question, _join(sentences), False, tuple(citations), tuple(sentences))


def _glossed(text: str, document, limit: int = 3) -> str:
    """What the first few odd phrases of a paraphrased quote stand for, from its document's glossary:
    '; "Social Safety" is Social Security'."""
    found = glossed_phrases(text, getattr(document, "glossary", ()))
    return "".join(f"; “{phrase}” is {meaning}" for phrase, meaning in found[:limit])


KIND_FOUND_MARGIN = 0.05


def should_abstain(hits: list[Hit], threshold: float) -> bool:
    """Abstain when even the best passages are only loosely related to the question. The second
    counts too: the first can be a bare word match ('workers') that the meaning does not back."""
    return not hits[0].cited and max(h.relevance for h in hits[:2]) < threshold


def _select(hits: list[Hit], limit: int) -> list[Hit]:
    """The best hit, then others nearly as good (by rank score or by relevance) that are not
    near-copies of one already chosen."""
    top_score, top_relevance = max(h.score for h in hits), hits[0].relevance
    chosen: list[Hit] = []
    for hit in hits:
        if len(chosen) >= limit:
            break
        close = hit.score >= 0.8 * top_score or hit.relevance >= top_relevance - 0.12
        # rank scores bunch up in a small corpus: one word in common can bring a passage that bears
        # on nothing (relevance 0.07 beside 0.66) within reach of the best, and law is quoted first
        related = hit.relevance >= 0.5 * top_relevance
        if chosen and not (hit.cited or (close and related)):
            continue
        # reporting repeats itself across articles; statutes repeat phrases by design
        if hit.chunk.kind != "statute" and any(
                c.chunk.kind != "statute" and same_statement(hit.chunk.text, c.chunk.text) for c in chosen):
            continue
        chosen.append(hit)
    return chosen


def _related(hits: list[Hit], cited: list[Citation], room: int, floor: float, text_of: dict) -> list[list[Hit]]:
    """The best hits the answer does not cite, with relevance at least `floor`, that neither overlap
    a cited passage nor restate one: up to `room` citations, passages that follow one another in a
    file counting as one (see `adjacent_runs`)."""
    quotes = [c.quote for c in cited]

    def candidates():
        for hit in hits:
            chunk = hit.chunk
            if hit.relevance < floor or any(c.source == chunk.source and c.start < chunk.end and chunk.start < c.end
                                            for c in cited):
                continue
            if any(same_statement(chunk.text, quote) for quote in quotes):
                continue
            yield hit
            quotes.append(chunk.text)  # reached only once the hit is taken

    return _leading_runs(candidates(), room, text_of)


def _leading_runs(hits: Iterable[Hit], room: int, text_of: dict) -> list[list[Hit]]:
    """The first hits that make at most `room` runs of passages (see `adjacent_runs`), as those runs."""
    taken: list[Hit] = []
    for hit in hits:
        if len(adjacent_runs([*taken, hit], text_of)) > room:
            break
        taken.append(hit)
    return adjacent_runs(taken, text_of)


def _group(chosen: list[Hit], corroborating: dict, lead_ins: dict, list_items: dict, provisions: dict,
           paraphrased: set[str], speaker_first: bool = False, asked: frozenset[str] = frozenset(),
           typed=None, located=None, all_asked: bool = False) -> list[_Group]:
    """The chosen hits as statements. With `speaker_first` (a question asking who), a quotation is
    cited after the sentence that says who spoke, as the answer reads: that sentence answers it. With
    `all_asked` (a question asking what a judge must find), a list of the findings is cited in its
    own order: each item is one of them, and the first is where the reading starts."""
    groups: list[_Group] = []
    by_lead_in: dict[str, _Group] = {}
    nested: set[str] = set()  # the items of sub-lists already quoted within their list
    # sentences already quoted as part of a whole provision or with a list (and so the clause after a
    # list, "..., the Secretary shall notify", is not quoted again with the provision's next sentences)
    quoted: set[str] = set()
    rank = {hit.chunk.chunk_id: i for i, hit in enumerate(chosen)}
    for hit in chosen:
        if hit.chunk.chunk_id in quoted:
            continue
        same = corroborating.get(hit.chunk.chunk_id, [])
        head = _preferred(hit, same, paraphrased)
        group = _Group(head, [h for h in [hit, *same] if h.chunk.chunk_id != head.chunk.chunk_id],
                       lead_ins.get(head.chunk.chunk_id))
        items = list_items.get(head.chunk.chunk_id, [])
        if group.lead_in is None and 1 < len(items) <= 8 and not rank.keys() & {h.chunk.chunk_id for h in items}:
            # a lead-in chosen without any item of its list is quoted with its list: 'The term "return
            # information" means' alone says nothing (with an item chosen, that item's group shows it)
            group.lead_in, group.whole = head, True
        if group.lead_in is None:
            pieces = [p for p in provisions.get(head.chunk.chunk_id, []) if p.chunk.chunk_id not in quoted]
            if len(pieces) > 1:
                group.items = [head if p.chunk.chunk_id == head.chunk.chunk_id else p for p in pieces]
                quoted.update(p.chunk.chunk_id for p in pieces)
            groups.append(group)
            continue
        key = group.lead_in.chunk.chunk_id
        if key not in by_lead_in and (key in nested or head.chunk.chunk_id in nested):
            continue  # already quoted with the list its own list is part of
        if key not in by_lead_in:
            siblings = list_items.get(key, [])
            group.items = siblings if 1 < len(siblings) <= 8 else [head]
            if len(group.items) > 1:
                group.items = _with_sublists(siblings, list_items, skip=by_lead_in.keys())
                nested.update(h.chunk.chunk_id for h in group.items if h not in siblings)
                quoted.update(h.chunk.chunk_id for h in group.items)
            # an item chosen below its lead-in: the question matched the list as a whole
            above = rank.get(key, len(chosen)) < rank[hit.chunk.chunk_id]
            group.whole = group.whole or (len(group.items) > 1 and above)
            group.lead_first = above or (speaker_first and head.chunk.kind != "statute")
            by_lead_in[key] = group
            groups.append(group)
        elif head.chunk.chunk_id != key and all(h.chunk.chunk_id != head.chunk.chunk_id
                                                for h in by_lead_in[key].items):
            by_lead_in[key].items.append(head)
    for group in by_lead_in.values():
        group.items.sort(key=lambda h: h.chunk.start)
        group.items = [h if h.chunk.chunk_id != group.head.chunk.chunk_id else group.head for h in group.items]
        group.first = _answering_member(group, asked, typed, located)
        if all_asked and len(group.items) > 1 and states_findings(group.lead_in.chunk.text):
            group.first = group.items[0]
    # a lead-in chosen on its own is already shown with its list
    return [g for g in groups if by_lead_in.get(g.head.chunk.chunk_id, g) is g]


def _answering_member(group: _Group, asked: frozenset[str], typed=None, located=None) -> Hit | None:
    """In a statute list quoted whole, the member whose own words share more of the question's than
    the best ranked one does: an item can rank first for its list's context and say nothing asked
    ("(C) the taxable period ..." under "Upon written request by the President, ..."). Not one that
    lacks what the best ranked has of the kind asked for (`typed(text)`: the penalty, the sum ...), nor
    one outside the location the question cites (`located(hit)`: how far below it) or its lead-in for
    one inside it. When the best ranked lacks that kind, the member that has it, unless the question
    cites the best ranked itself."""
    if len(group.items) < 2 or group.head.chunk.kind != "statute" or not asked:
        return None
    # a lead-in that only names its list ('The term "return information" means') shares the question's
    # words without answering it
    naming = len(group.lead_in.chunk.text.split()) <= _NAMING_WORDS
    members = [group.head, *([] if naming else [group.lead_in]), *group.items]
    counts = {h.chunk.chunk_id: len(asked.intersection(lexical_tokens(h.chunk.text))) for h in members}
    shared = lambda hit: counts[hit.chunk.chunk_id]  # noqa: E731
    depth = located or (lambda hit: None)
    if typed and typed(group.head.chunk.text) is False and depth(group.head) != 0 and (
            having := [h for h in members if typed(h.chunk.text)]):
        # "Which officials may submit a request under § 6103(i)(2)(A)?" is answered where the list
        # names them ("from the head of any Federal agency ..."), not by "(ii) any investigation ..."
        return max(having, key=shared)
    best = max(members, key=shared)  # ties: the head
    # a question citing where the list is asks for its items: the lead-in frames them in the words the
    # question repeats ("No liability shall arise ... with respect to any inspection or disclosure")
    if shared(best) <= shared(group.head) or (depth(group.head) is not None and (
            best is group.lead_in or depth(best) is None)):
        return None
    return None if typed and typed(group.head.chunk.text) and not typed(best.chunk.text) else best


def _cited_depth(refs: list, hit: Hit) -> int | None:
    """How far below a location the question cites (its `refs`: "under 8 U.S.C. § 1253(a)(3)", "under
    § 7431") the hit is: 0 exactly there, None outside every such location."""
    depths = [d for ref in refs if (d := ref_matches(ref, hit.chunk.locator)) is not None]
    return min(depths, default=None)


def _with_sublists(items: list[Hit], list_items: dict, limit: int = 12, skip=frozenset()) -> list[Hit]:
    """A list's items, each that says nothing without the list it leads into followed by that list's
    items, in reading order: '(1) the greater of' with its (A) and (B). Not the lists of the lead-ins
    in `skip` (quoted on their own already), and only the list's own items when that would make more
    than `limit`."""
    found: list[Hit] = []
    for item in items:
        found.append(item)
        sub = list_items.get(item.chunk.chunk_id, [])
        if 1 < len(sub) <= 8 and not says_something(item.chunk.text) and item.chunk.chunk_id not in skip:
            found.extend(_with_sublists(sub, list_items, limit, skip))
    return found if len(found) <= limit else items


def _preferred(hit: Hit, same: list[Hit], paraphrased: set[str]) -> Hit:
    """Quote the original wording: avoid a machine-paraphrased copy when another source has it."""
    if hit.chunk.doc_id not in paraphrased:
        return hit
    originals = [h for h in same if h.chunk.doc_id not in paraphrased]
    return originals[0] if originals else hit


def _sentence(group: _Group, text_of: dict) -> str:
    """The statement as the answer reads it: its passages quoted in order, with "…" where the file
    has text between them that the answer leaves out."""
    if group.joined:  # passages that follow one another: the file's own text, in its order
        pieces = sorted(_passages(group), key=lambda h: h.chunk.start)
        text = _in_order(pieces, text_of)
        if group.head.chunk.kind != "statute":
            return text
        return f"{common_locator([h.chunk.locator for h in pieces]) or group.head.chunk.title}: “{text}”"
    if group.head.chunk.kind != "statute":
        # a quotation follows the sentence that says whose it is
        return _in_order([group.lead_in, group.head] if group.lead_in else [group.head], text_of)
    if group.lead_in is None:
        body = _in_order(group.items or [group.head], text_of)
        return f"{group.head.chunk.locator or group.head.chunk.title}: “{body}”"
    body = _in_order([group.lead_in, *(group.items or [group.head])], text_of, apart=True)
    return f"{group.lead_in.chunk.locator or group.lead_in.chunk.title}: “{body}”"


def _in_order(pieces: list[Hit], text_of: dict, apart: bool = False) -> str:
    """The pieces' text one after another: a space where one follows the other in the file, " … "
    where the file has something between them. `apart`: whether pieces of a file whose text is not
    at hand are taken to be apart (a list's items) or to follow one another (a provision's sentences)."""
    parts = []
    for piece, following in zip(pieces, [*pieces[1:], None], strict=False):
        text = _squash(piece.chunk.text)
        known = text_of.get(piece.chunk.doc_id) is not None
        if following is not None and not (follows(piece, following, text_of) if known else not apart):
            text = f"{text.rstrip(' —-:') if piece is pieces[0] else text} …"
        parts.append(text)
    return " ".join(parts)


def _join(sentences: list[AnswerSentence]) -> str:
    parts = []
    for s in sentences:
        marks = "".join(f"[{n}]" for n in s.citations)
        parts.append(f"{s.text} {marks}")
    return " ".join(parts)


@lru_cache(maxsize=8192)
def statement_words(text: str) -> tuple[str, ...]:
    """The words `same_statement` compares (normalised, lower case); cached, as the same passages
    are compared on every question."""
    return tuple(normalize(text).lower().split())


def same_statement(a: str, b: str, threshold: float = 0.6) -> bool:
    """Two passages say the same thing (a quote repeated across articles, with small edits)."""
    wa, wb = statement_words(a), statement_words(b)
    if not wa or not wb:
        return False
    shorter, longer = sorted((wa, wb), key=len)
    if len(shorter) < 6:
        return False
    # the words the two have in common bound what any alignment can match: skip hopeless pairs
    if sum((Counter(shorter) & Counter(longer)).values()) < threshold * len(shorter):
        return False
    matcher = difflib.SequenceMatcher(None, shorter, longer, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(shorter) >= threshold


def _join_adjacent_statements(groups: list[_Group], text_of: dict, limit: int = MAX_JOINED_CHARS) -> list[_Group]:
    """Statements quoted from passages that follow one another in a file are one passage, read in
    the file's order and cited once: sentences of an article ("Todd Lyons ... defended the
    partnership ... on Tuesday." then "Working with Treasury ... is 'strictly for the major criminal
    cases,' Lyons said"), or pieces of a provision (§ 6103(e)(1)'s lead-in, then its item (B)). The
    later statement joins the better-ranked one."""
    kept: list[_Group] = []
    for group in groups:
        mine = _passages(group)
        target = _beside(kept, group.head, mine, text_of, limit)
        if target is None:
            kept.append(group)
            continue
        known = {h.chunk.chunk_id for h in _passages(target)}
        target.joined += [h for h in mine if h.chunk.chunk_id not in known]
        target.same += [h for h in group.same if h not in target.same]
    return kept


def _read_further(groups: list[_Group], continuations: dict) -> None:
    """A statement that says someone spoke ("Todd Lyons ... defended the partnership at the Border
    Security Expo") is quoted on to what they said, the sentence after it ("... Lyons said"), and a
    ruling to what the next sentence adds ("In addition, she ruled ...")."""
    quoted = {h.chunk.chunk_id for group in groups for h in [*_passages(group), *group.same]}
    for group in groups:
        for hit in _passages(group):
            further = continuations.get(hit.chunk.chunk_id)
            if further is not None and further.chunk.chunk_id not in quoted:
                group.joined.append(further)
                quoted.add(further.chunk.chunk_id)


def _read_on(groups: list[_Group], hits: list[Hit], text_of: dict, floor: float,
             limit: int = MAX_JOINED_CHARS) -> None:
    """A sentence of reporting among the best hits that continues or leads into one the answer
    quotes is read with it ("Once ICE provides this information, the IRS will check whether the
    address ... matches" then "If there is no match, the IRS will respond with 'no match.'"),
    rather than listed apart as a related passage."""
    quoted = {h.chunk.chunk_id for group in groups for h in [*_passages(group), *group.same]}
    for hit in hits:
        if hit.chunk.kind == "statute" or hit.chunk.chunk_id in quoted or hit.relevance < floor:
            continue
        if (group := _beside(groups, hit, [hit], text_of, limit)) is not None:
            group.joined.append(hit)
            quoted.add(hit.chunk.chunk_id)


def _beside(groups: list[_Group], like: Hit, pieces: list[Hit], text_of: dict, limit: int) -> _Group | None:
    """The first statement quoting `like`'s file (so of its kind) whose passages and `pieces` follow
    one another."""
    return next((g for g in groups if g.head.chunk.source == like.chunk.source
                 and len(adjacent_runs(_unique([*_passages(g), *pieces]), text_of, limit)) == 1), None)


def _passages(group: _Group) -> list[Hit]:
    """The passages of its own document a statement quotes: a lead-in or who spoke, what it says,
    the items of its list, and what joined it."""
    return _unique([group.lead_in, group.head, *group.items, *group.joined])


def _best(run: list[Hit]) -> Hit:
    """The best ranked of adjacent passages cited together, whose scores the citation shows."""
    return max(run, key=lambda h: (h.score, h.relevance))


def _unique(hits: list[Hit | None]) -> list[Hit]:
    return list({h.chunk.chunk_id: h for h in hits if h}.values())


def _citation(n: int, cited: Hit | list[Hit], documents: dict, ranked: Hit, top_score: float,
              quoted: bool = True) -> Citation:
    """Cite `cited` (a hit, or adjacent hits of one file quoted as one span) with the scores of
    `ranked`, the statement it supports."""
    run = cited if isinstance(cited, list) else [cited]
    chunk, doc = run[0].chunk, documents.get(run[0].chunk.doc_id)
    locator, start, end, quote, parts = chunk.locator, chunk.start, chunk.end, chunk.text, ()
    if len(run) > 1:
        end = run[-1].chunk.end
        quote = doc.text[start:end]
        locator = common_locator([h.chunk.locator for h in run])
        parts = tuple(CitedPart(h.chunk.locator, h.chunk.start, h.chunk.end) for h in run)
    return Citation(n, chunk.doc_id, chunk.title, chunk.kind, locator, chunk.source, start,
                    end, quote, round(min(1.0, ranked.score / (top_score or 1.0)), 3),
                    round(ranked.relevance, 3),
                    getattr(doc, "publisher", None), getattr(doc, "author", None), getattr(doc, "date", None),
                    quoted, parts)

"""Hybrid retrieval: dense (FAISS) + lexical (BM25), fused, plus passages named by legal citations."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .chunking import Chunk
from .embeddings import Embedder
from .expansion import expanded_spans, expansions, false_friends, terms_of_art
from .index import STOPWORDS, Index, lexical_tokens
from .text import YEAR, normalize, sentence_spans


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its scores. `relevance` (0..1) is what abstention and display use."""

    chunk: Chunk
    score: float  # fused rank score
    relevance: float
    dense: float
    lexical: float
    cited: bool = False  # the question named this passage's locator


@dataclass(frozen=True)
class LegalRef:
    """A citation found in a question: '26 USC 6103(i)(2)' -> title '26', section '6103', path ('i','2')."""

    title: str | None
    section: str
    path: tuple[str, ...]


# Words people add to a question that say nothing about its subject ("is that actually legal, like,
# for someone to just..."). Dropped from the question only: BM25 would otherwise reward any
# passage that happens to say "just" or "like". Stemmed, as the question's tokens are.
_FILLER = frozenset(lexical_tokens("""
    actually really even like stuff thing things ok okay get gets got getting now just still also please know
    want wanna gonna someone somebody anyone anybody anything something thru hes shes im ive theyre youre
    say says said tell whats thats"""))

# "if i pay taxes with an itin, can ice ...": the opening condition sets the scene and the rest asks.
# Its words still count, at this weight, so that passages about the scene ("Many undocumented
# immigrants ... pay federal taxes under ITINs") do not outrank the ones that answer.
_ASKING = r"(?:can|could|will|would|does|do|did|is|are|was|were|should|may|might|what|how|who|where|why)\b"
_CONDITION = re.compile(rf"^\s*(?:if|when|since|because|now that|given that|as long as)\s+(?!{_ASKING}).*?"
                        rf"(?:,|(?=\s{_ASKING}))", re.I)
CONDITION_WEIGHT = 0.35


def opening_condition(question: str) -> tuple[str, str]:
    """(what the question asks, the condition it opens with): ('can ice find my address?', 'if i
    pay with an itin'); the condition is empty when the question opens with none, or is all condition."""
    m = _CONDITION.search(question)
    if m is None or len(question) - m.end() < 10:
        return question, ""
    return question[m.end():], question[:m.end()]


_PATH = r"(?P<path>(?:\(\s*[A-Za-z0-9]{1,4}\s*\))*)"
_SECTION = r"(?P<section>\d{1,5}[A-Z]?(?:[-–]\d{1,3}[A-Z]?)?)"  # 7213A, 1440-1
_MARK = r"\s*(?:§+|sec(?:tion|s?\.)?)?\s*"  # what may stand between a code's name and the section
# each with the title it implies when it does not name one by number
_REF_PATTERNS: list[tuple[re.Pattern, str | None]] = [
    # 26 U.S.C. § 6103(i)(2), 26 USC 7213, 8 U.S.C. section 1253(a)(1)
    (re.compile(r"\b(?P<title>\d{1,2})\s*U\.?\s?S\.?\s?C\.?(?:\s*A\.?)?" + _MARK + _SECTION + r"\b" + _PATH, re.I),
     None),
    # the Internal Revenue Code is Title 26: IRC 7213A, I.R.C. § 6103(i)(2), Internal Revenue Code section 7431,
    # typed run together too (IRC7213A)
    (re.compile(r"(?:\bI\.\s?R\.\s?C\.|\bIRC(?![A-Za-z])|\bInternal\s+Revenue\s+Code\b)" + _MARK + _SECTION
                + r"\b" + _PATH, re.I), "26"),
    # § 7431, section 6103(i)(2), sec. 7213A, sec6103
    (re.compile(r"(?:§+|\bsec(?:tion|s?\.|(?=\d))|\bsection)\s*" + _SECTION + r"\b" + _PATH, re.I), None),
    # bare 6103(i)(2)
    (re.compile(r"\b(?P<section>\d{3,5}[A-Z]?)(?P<path>(?:\(\s*[A-Za-z0-9]{1,4}\s*\))+)"), None),
]
# a bare section number ("What does 7213A say?"): not an amount ("$7,431", "1253.50", "6103 people"),
# not a year unless lettered; it counts only when the corpus has that section
_BARE_SECTION = re.compile(r"(?<![\w$.,§/-])(?P<section>\d{3,5}[A-Za-z]?)(?P<path>)(?![\w%/-]|[.,]\d|\s*(?:"
                           r"dollars?|people|persons?|pages?|years?|months?|weeks?|days?|hours?|times|percent|"
                           r"cases|requests|returns|taxpayers|immigrants|employees|agents|officers|records)\b)")
_YEAR_LIKE = re.compile(YEAR)
# what names one thing and is never misspelt into a corpus word: a form or code of letters and digits
# ("W-2s", "1099-K", "H-1B", "18th-century"), not an ordinal, an amount or a time ("2nd", "10k", "5pm")
_IDENTIFIER = re.compile(r"(?<![\w$§-])(?!\d+(?:st|nd|rd|th|s|k|m|am|pm)(?![\w-]))"
                         r"(?P<term>(?=[\w-]*\d)(?=[\w-]*[a-z])[a-z\d]+(?:-[a-z\d]+)*)(?![\w-])", re.I)
# the year a question asks about ("in fiscal year 2024"), not one that sets the scene ("since 2016")
_ASKED_YEAR = re.compile(rf"(?<!\bback )\b(?:in|during|for|of) (?:(?:fiscal|tax|calendar) )?(?:year )?"
                         rf"(?P<term>{YEAR})\b", re.I)
# ... nor the year of the asker's own story ("my uncle got a deportation order in 2019 and never left")
_STORY = re.compile(r"\b(i|i'm|im|i've|ive|my|me|we|our|uncle|aunt|mom|dad|mother|father|brother|sister|cousin|"
                    r"husband|wife|son|daughter|friend|neighbou?r|tia|tio)\b", re.I)
_PATH_PART = re.compile(r"\(\s*([A-Za-z0-9]{1,4})\s*\)")
_LOCATOR = re.compile(r"^(?:(\d+[A-Z]?) U\.S\.C\. )?§\s*([\w\-–]+)(.*)$")


# "subsection (b) of 26 U.S.C. section 7431", "paragraph (2) of section 6103(i)": the part, then the whole
_PART_OF = re.compile(r"\b(?:sub)?(?:section|paragraph|subparagraph|clause)\s*(?P<part>(?:\(\s*[A-Za-z0-9]{1,4}\s*\))+)"
                      r"\s+of\s+(?:the\s+)?(?P<whole>(?:\d{1,2}\s*U\.?\s?S\.?\s?C\.?\s*)?(?:§+|section|sec\.)\s*"
                      r"\d{3,5}[A-Z]?(?:\(\s*[A-Za-z0-9]{1,4}\s*\))*)", re.I)


def parse_legal_refs(question: str, sections: Collection[str] = ()) -> list[LegalRef]:
    """Every statute citation in the question, most specific first, without duplicates. A bare
    number ('What does 7213A say?') is a citation when it names one of `sections` (as `section_key`
    spells them): the corpus's own. A part named before its section ('subsection (b) of section
    7431') is cited in it: § 7431(b)."""
    question = _PART_OF.sub(lambda m: m.group("whole") + m.group("part"), question)
    refs: dict[tuple, LegalRef] = {}
    taken: list[tuple[int, int]] = []
    bare = [m for m in _BARE_SECTION.finditer(question) if section_key(m.group("section")) in sections
            and not _YEAR_LIKE.fullmatch(m.group("section"))]
    found = [(pattern.finditer(question), implied_title) for pattern, implied_title in _REF_PATTERNS]
    for matches, implied_title in [*found, (bare, None)]:
        for m in matches:
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            title = m.groupdict().get("title") or implied_title
            section, path = m.group("section"), tuple(_PATH_PART.findall(m.group("path") or ""))
            ref = LegalRef(title, section.upper() if section[-1].isalpha() else section, path)
            refs.setdefault((ref.title, ref.section, ref.path), ref)
    return sorted(refs.values(), key=lambda r: -len(r.path))


# 'The term "return information" means', 'the terms "inspect", "return", and "return information" have
# the respective meanings given' (matched on normalised text: straight quotes)
_DEFINITION = re.compile(r'\b[Tt]he terms? ((?:"[^"]{1,80}",?\s*(?:and\s+|or\s+)?)+)(?:(?:shall )?(?:means?|includes?)|'
                         r'(?P<reference>(?:shall )?ha(?:s|ve) the (?:respective |same )?meanings?))\b')
# the term runs to the end of the question or to where it says which law it means
_UNTIL = (r"(?P<term>[\w\s'\"-]+?)"
          r"(?=\s*(?:[?.!]|$|,?\s+(?:under|in|according to|as used in|for (?:the )?purposes? of)\b))")
_ASKS_MEANING = [re.compile(p, re.I) for p in (
    r"\bwhat (?:does|do) (?:the (?:term|word|phrase) )?(?P<term>[\w\s'\"-]+?) (?:mean|include)\b",
    r"\b(?:what is (?:meant by|the (?:meaning|definition) of)|defin(?:e|ition of)) (?:the (?:term|word|phrase) )?"
    + _UNTIL,
    r"\b(?:counts?|qualif(?:y|ies)|is considered) as (?:an? |the )?" + _UNTIL,
    r"^\s*what(?: is|'s| are) (?:an? |the )?" + _UNTIL,
)]


def defined_terms(text: str) -> list[tuple[str, bool]]:
    """The terms a statute passage defines ('The term "disclosure" means ...'), each with whether it
    only refers to a definition elsewhere ('have the meanings given such terms by section 6103(b)')."""
    return [(term, bool(m.group("reference"))) for m in _DEFINITION.finditer(normalize(text))
            for term in re.findall(r'"([^"]+)"', m.group(1))]


_QUOTED_TERM = re.compile(r"(?:\b(?P<whose>\w+)'s\s+)?\"(?P<word>[^\"]+)\"")


def asked_term(question: str) -> str | None:
    """The term whose meaning the question asks: 'What does "return information" mean?',
    'What counts as a taxpayer identity under § 6103?', 'Define disclosure.'"""
    question = normalize(question)
    for pattern in _ASKS_MEANING:
        if m := pattern.search(question):
            term = m.group("term")
            # a quoted word is the term, with whose it is: 'a taxpayer's "identity" for ...' asks "taxpayer identity"
            if quoted := _QUOTED_TERM.search(term):
                return " ".join(filter(None, (quoted.group("whose"), quoted.group("word"))))
            return term.strip(" \"'")
    return None


def section_key(section: str) -> str:
    """A section number as looked up: '1400Z–2' (en dash, as the Code prints it) == '1400z-2'."""
    return section.replace("–", "-").lower()


def parse_locator(locator: str | None) -> tuple[str | None, str, tuple[str, ...]] | None:
    if not locator:
        return None
    m = _LOCATOR.match(locator)
    if not m:
        return None
    return m.group(1), m.group(2), tuple(_PATH_PART.findall(m.group(3)))


def ref_matches(ref: LegalRef, locator: str | None) -> int | None:
    """How far below the cited location a chunk sits (0 = exactly there), or None if outside it."""
    parsed = parse_locator(locator)
    if parsed is None or section_key(parsed[1]) != section_key(ref.section):
        return None
    return _depth_below(ref, parsed[0], parsed[2])


def _name_pattern(name: str) -> re.Pattern:
    """A name as a question writes it: 'CNN' and 'Marshall Cohen' as written, whole words; a
    lower-case word in any case, with any ending ('paraphrase' finds "Paraphrased")."""
    if name.islower():
        return re.compile(rf"\b{re.escape(name)}", re.I)
    return re.compile(rf"\b{re.escape(name)}\b")


def same_provision(ref: LegalRef, other: LegalRef) -> bool:
    """Whether `other` cites the provision `ref` cites, or a part of it ('section 6103(i)(2)(A)' for
    '6103(i)(2)'; not 'Section 6103', which may mean any other part)."""
    return section_key(ref.section) == section_key(other.section) and \
        _depth_below(ref, other.title, other.path) is not None


def _depth_below(ref: LegalRef, title: str | None, path: tuple[str, ...]) -> int | None:
    """`ref_matches` for a locator already known to be in the cited section."""
    if (ref.title and title and ref.title != title) or path[:len(ref.path)] != ref.path:
        return None
    return len(path) - len(ref.path)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], weights: Sequence[float] | None = None,
                           k: int = 60) -> dict[int, float]:
    """Weighted RRF: score(d) = sum_r w_r / (k + rank_r(d)), ranks starting at 1."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


# a handful of passages has no "shared" direction worth removing: its mean and axes would describe
# those few passages themselves
_MIN_PASSAGES_FOR_SHARED = 100


@dataclass(frozen=True)
class SharedDirections:
    """What the passage vectors of one corpus have in common: their mean and the main axes along
    which they vary around it. A passage made mostly of that ("This marks the first time the IRS
    has formally agreed to provide taxpayer information to ICE") is close to any question about the
    corpus. Ranking by what is left of each vector once these are removed (the "all-but-the-top"
    correction of Mu and Viswanath, 2018) lets the passage that shares a question's particulars
    come first. Measured on the four question sets: see the README."""

    mean: np.ndarray  # (d,)
    axes: np.ndarray  # (d, m), orthonormal
    offsets: np.ndarray  # (n,): each passage vector's inner product with the mean
    projections: np.ndarray  # (n, m): ... and with each axis
    lengths: np.ndarray  # (n,): each passage vector's length once mean and axes are removed

    @classmethod
    def of(cls, vectors: np.ndarray, count: int) -> SharedDirections:
        """The mean and the `count` main axes of `vectors` (n, d), without copying them."""
        mean = vectors.mean(axis=0, dtype=np.float64)
        covariance = (vectors.T @ vectors).astype(np.float64) / len(vectors) - np.outer(mean, mean)
        axes = np.linalg.eigh(covariance)[1][:, ::-1][:, :count]  # eigh sorts ascending
        offsets = (vectors @ mean.astype(np.float32)).astype(np.float64)
        projections = (vectors @ axes.astype(np.float32)).astype(np.float64)
        along = projections - mean @ axes  # (n, m): the centred vectors along the axes
        # |v - mean|^2 = |v|^2 - 2 v.mean + |mean|^2, then minus what lies along the axes
        squared = (np.einsum("ij,ij->i", vectors, vectors) - 2 * offsets + mean @ mean
                   - np.einsum("ij,ij->i", along, along))
        return cls(mean, axes, offsets, projections, np.sqrt(np.maximum(squared, 1e-12)))

    def cosines(self, products: np.ndarray, query: np.ndarray) -> np.ndarray:
        """The cosine of each passage with the query once both have the mean and the axes removed,
        from the passages' plain inner products with the query (`products`), so that a question
        costs no second pass over the vectors."""
        rest = np.asarray(query, dtype=np.float64) - self.mean
        along = self.axes.T @ rest
        rest -= self.axes @ along
        # (v - mean) . rest, where rest has nothing along the axes: v.query - v.mean - (v.axes).along - mean.rest
        numerators = products - self.offsets - self.projections @ along - self.mean @ rest
        return (numerators / (self.lengths * (np.linalg.norm(rest) or 1.0))).astype(np.float32)


_LOWER_WORD = re.compile(r"\b[a-z]{5,}\b")  # a word that may be misspelt (names are not judged)
# contractions typed without their apostrophe are not misspellings ("theyre" of "there")
_CONTRACTIONS = frozenset("""
    theyre theyve theyll youre youve youll whats thats theres heres wheres wouldve couldve shouldve
""".split())  # noqa: SIM905


WANTED_REACH = 200  # how many of the passages closest in meaning are looked through for a wanted one


class Retriever:
    """Searches one index. Filters: `kinds` (e.g. ['statute']) and `doc_ids`."""

    def __init__(self, index: Index, embedder: Embedder, candidates: int = 40, rrf_k: int = 60,
                 dense_weight: float = 1.0, lexical_weight: float = 1.0, doc_weights: dict | None = None,
                 shared_directions: int = 1, name_weight: float = 1.0, document_names: dict | None = None):
        self.index = index
        # what names a document in a question, beyond its text: its author, its publisher ("According to
        # CNN, ..."), "paraphrased" for a machine-paraphrased copy; {doc_id: [name, ...]}
        self._document_names = {doc: [_name_pattern(name) for name in names]
                                for doc, names in (document_names or {}).items() if names}
        self.embedder = embedder
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.weights = (dense_weight, lexical_weight)
        self.name_weight = name_weight
        self._kinds = np.array([c.kind for c in index.chunks])
        self._docs = np.array([c.doc_id for c in index.chunks])
        # each passage's fused score is multiplied by its weight: e.g. a machine-paraphrased copy ranks
        # a little below an original saying the same thing, and a short piece of a list that finishes
        # no thought ("(2) the costs of the action, plus") below the passages that say something alone
        doc_weights = doc_weights or {}
        self._passage_weights = np.array([doc_weights.get(c.doc_id, 1.0)
                                          * (_FRAGMENT_WEIGHT if _is_fragment(c.text) else 1.0)
                                          for c in index.chunks])
        few = len(index.chunks) < _MIN_PASSAGES_FOR_SHARED
        self._shared = None if few or shared_directions < 1 else SharedDirections.of(index.vectors(),
                                                                                   shared_directions)
        # statute chunks by section, so a cited section is looked up rather than every locator
        # parsed again (a whole US Code title has tens of thousands)
        self._by_section: dict[str, list[tuple[int, str | None, tuple[str, ...]]]] = {}
        for position, chunk in enumerate(index.chunks):
            if parsed := parse_locator(chunk.locator):
                title, section, path = parsed
                self._by_section.setdefault(section_key(section), []).append((position, title, path))
        # corpus terms, for spelling correction of the question's BM25 terms
        self._terms = _Lexicon(sorted(index.lexical.vocab_dict), cutoff=0.8)
        self._words: _Lexicon | None = None  # the passages' words, for the words the model reads
        self._dotted: dict[str, bool] = {}  # acronyms the corpus writes with dots, once looked up

    def mask(self, kinds: Sequence[str] | None = None, doc_ids: Sequence[str] | None = None) -> np.ndarray:
        allowed = np.ones(len(self.index.chunks), dtype=bool)
        if kinds:
            allowed &= np.isin(self._kinds, list(kinds))
        if doc_ids:
            allowed &= np.isin(self._docs, list(doc_ids))
        return allowed

    def search(self, question: str, k: int = 10, kinds: Sequence[str] | None = None,
               doc_ids: Sequence[str] | None = None, wanted: Callable[[str], bool] | None = None) -> list[Hit]:
        """The k best chunks for the question, best first. With `wanted`, a test of a passage's text for
        what the question asks, the passage closest in meaning that passes it follows them, when none
        of them passes and it is among the `WANTED_REACH` closest."""
        allowed = self.mask(kinds, doc_ids)
        if not allowed.any():
            return []
        # the model reads what the user meant: "illegaly" encodes far from "illegal" (BM25 corrects
        # its own terms: see `_spelled`)
        dense, meaning = self._dense_scores(self.embedder.encode([self.respelled(question)])[0])
        lexical = self._lexical_scores(question)
        refs = parse_legal_refs(question, self._by_section)
        # "What does § 7213A say?" asks for the provision itself: its opening passages, in order
        opening = bool(refs) and asks_what_it_says(question)
        cited = self._cited(refs, allowed, opening)
        unlocated = bool(refs) and not cited  # cited, but no passage there may answer (law filtered out)
        if not (opening or self._lifts(refs, cited)):
            cited = {}
        # the definition of the term the question asks about, first (inside the cited location if any)
        defining = [i for i in self._defining(question) if allowed[i] and (not cited or i in cited)]

        n = self.candidates
        dense_rank = _top(meaning, allowed, n)
        lexical_rank = _top(lexical, allowed & (lexical > 0), n)
        fused = reciprocal_rank_fusion([dense_rank, lexical_rank], self.weights, self.rrf_k)
        fused = {i: score * self._passage_weights[i] for i, score in fused.items()}
        if cited:
            # passages at the cited location rank first, in their own order of relevance
            inside = np.zeros(len(allowed), dtype=bool)
            inside[list(cited)] = True
            local = {} if opening else reciprocal_rank_fusion([_top(meaning, inside, n), _top(lexical, inside, n)],
                                                              self.weights, self.rrf_k)
            self._lift(fused, {i: local.get(i, 0.0) + 0.002 / (1 + depth) for i, depth in cited.items()})
        named = {} if cited else self._naming(question, allowed)
        if documents := self.named_documents(question):
            # "What did Marshall Cohen report ...?", "In the paraphrased article, ...": that document's passages
            for i in {*dense_rank, *lexical_rank}:
                if self._docs[i] in documents:
                    named[i] = named.get(i, 0) + 1
        naming = set()  # passages that name the cited provision, when none at it may answer
        if unlocated:
            # "How did the judge interpret section 6103(i)(2)?" asked of reporting: the passages that
            # name the provision count as naming one of the question's rare names, and bear on it as
            # a passage at the cited location would
            naming = {i for i in {*dense_rank, *lexical_rank} if any(
                same_provision(ref, other) for ref in refs for other in parse_legal_refs(self.index.chunks[i].text))}
            for i in naming:
                named[i] = named.get(i, 0) + 1
        if named:
            # a third ranking: the passages that mention the most of the question's rare names,
            # so "In Aaron Reichlin-Melnick's view, ..." finds what he said
            ranking = sorted(named, key=lambda i: (-named[i], -fused.get(i, 0.0), i))
            for i, score in reciprocal_rank_fusion([ranking], [self.name_weight], self.rrf_k).items():
                fused[i] = fused.get(i, 0.0) + score
        if defining:
            self._lift(fused, {i: 0.002 / (1 + place) for place, i in enumerate(defining)})
            for position in defining:
                cited.setdefault(position, 0)
        lex_max = float(lexical.max()) or 1.0

        def hit(i: int, score: float) -> Hit:
            relevance = _relevance(dense[i], lexical[i] / lex_max, i in cited or i in naming)
            return Hit(self.index.chunks[i], score, relevance, float(dense[i]), float(lexical[i]), i in cited)

        hits = sorted((hit(i, score) for i, score in fused.items()),
                      key=lambda h: (-h.score, h.chunk.source, h.chunk.start))[:k]
        if wanted is not None and not any(wanted(h.chunk.text) for h in hits):
            # what answers can be worded far from a question that tells a story first ("I file with an ITIN
            # and I'm scared. ... had the IRS already passed anybody's information to immigration?")
            taken = {h.chunk.chunk_id for h in hits}
            found = next((i for i in _top(meaning, allowed, WANTED_REACH)
                          if self.index.chunks[i].chunk_id not in taken and wanted(self.index.chunks[i].text)), None)
            if found is not None:
                hits.append(hit(found, fused.get(found, 0.0)))
        return hits

    def has_section(self, section: str) -> bool:
        """Whether the corpus holds a statute section of that number, under any title."""
        return section_key(section) in self._by_section

    def named_documents(self, question: str) -> set[str]:
        """The documents the question names by their metadata: author, publisher, paraphrased copy."""
        return {doc for doc, patterns in self._document_names.items() if any(p.search(question) for p in patterns)}

    def unknown_terms(self, question: str) -> list[str]:
        """What the question names that the corpus never mentions: proper nouns and acronyms
        ('DACA', 'FOIA', 'World Cup'), forms and codes ('W-2s'), the year it asks about ('in fiscal
        year 2024'), cited statute sections it does not contain ('26 U.S.C. § 7216'), and the tax and
        immigration subjects of TERMS_OF_ART it never names ('the earned income credit'). Other
        lower-case words are not judged: lay users misspell them."""
        known = self.index.lexical.vocab_dict
        question = normalize(question)
        refs = parse_legal_refs(question, self._by_section)
        # a section the corpus has under any title counts as known, as the lookup in `_cited` finds it
        unknown = [_ref_text(ref) for ref in refs if section_key(ref.section) not in self._by_section]
        if refs and len(unknown) < len(refs):
            unknown = []  # the question cites something the corpus has: let retrieval answer
        covered = expanded_spans(question) + [m.span() for p, _ in _REF_PATTERNS for m in p.finditer(question)]
        covered += [m.span() for patterns in self._document_names.values() for p in patterns
                    for m in p.finditer(question)]  # an author or publisher the metadata names is known
        # a form or code ("W-2s") or the year asked about is looked up whole, below
        years = [m for m in _ASKED_YEAR.finditer(question) if not any(
            s <= m.start() < e and _STORY.search(question, s, e) for s, e in sentence_spans(question))]
        terms = [m for m in [*_IDENTIFIER.finditer(question), *years]
                 if not any(s <= m.start("term") < e for s, e in covered)]
        covered += [m.span("term") for m in terms]
        for m in _named_words(question):
            if any(s <= m.start() < e for s, e in covered):
                continue
            stems = lexical_tokens(re.sub(r"'s$", "", m.group(0)))
            if stems and not all(stem in known for stem in stems) and not self._abbreviated(m.group(0)):
                unknown.append(m.group(0))
        unknown += [m.group("term") for m in terms if not self._mentions(m.group("term"))
                    and not self._cites_a_section(m.group("term"))]
        unknown += [term for term, pattern in terms_of_art(question)
                    if term not in unknown and not pattern.search(self._lowered_text)]
        return unknown

    def _cites_a_section(self, term: str) -> bool:
        """Whether a run-together term holds a section the corpus has: "IRC7213A", "sec6103", "6103i2"
        are sloppy citations, not names the corpus lacks."""
        numbers = re.findall(r"\d{3,}[a-z]?", term.lower()) + re.findall(r"\d{3,}", term)
        return any(section_key(number) in self._by_section for number in numbers)

    def _mentions(self, term: str) -> bool:
        """Whether the corpus writes `term`, an identifier or a year, however joined ("w2s" as "W-2")."""
        parts = re.findall(r"[a-z]+|\d+", re.sub(r"(?<=\d)s$", "", term.lower()))
        pattern = r"(?<![\w-])" + r"[-\s]?".join(parts) + r"s?(?![\w-])"
        return re.search(pattern, self._lowered_text) is not None

    @cached_property
    def _lowered_text(self) -> str:
        return "\n".join(normalize(chunk.text).lower() for chunk in self.index.chunks)

    def _abbreviated(self, word: str) -> bool:
        """Whether the corpus writes the acronym with dots: "the US" is the corpus's "the U.S."."""
        if not (word.isupper() and 2 <= len(word) <= 5):
            return False
        if word not in self._dotted:
            dotted = ".".join(word) + "."
            self._dotted[word] = any(dotted in chunk.text for chunk in self.index.chunks)
        return self._dotted[word]

    def _lexical_scores(self, question: str) -> np.ndarray:
        """BM25 of the question (misspelt words read as the nearest corpus term), plus the legal
        terms its everyday words imply; the words of a condition it opens with count less."""
        asked, condition = opening_condition(question)
        if condition:
            return self._bm25_scores(asked) + CONDITION_WEIGHT * self._bm25_scores(condition)
        return self._bm25_scores(question)

    def _bm25_scores(self, question: str) -> np.ndarray:
        bm25 = self.index.lexical
        skipped = _FILLER | set(lexical_tokens(" ".join(false_friends(question))))
        tokens = [t for t in map(self._spelled, lexical_tokens(question)) if t not in skipped]
        scores = bm25.get_scores(tokens or ["_empty_"]).astype(np.float32)
        # everyday words are read as typed after respelling ("illegaly" implies what "illegal" does)
        for weight, terms in self._expansion_terms(self.respelled(question), set(tokens)):
            scores += weight * bm25.get_scores(terms).astype(np.float32)
        return scores

    def _expansion_terms(self, question: str, asked: set[str]) -> list[tuple[float, list[str]]]:
        """The implied legal terms the question does not use itself, with their weight. A word the
        corpus never uses ('sue', 'snooping') finds nothing itself, so its terms stand in for it
        at full weight; the terms of a word the corpus does use ('private') add at half weight."""
        vocab = self.index.lexical.vocab_dict
        standing_in, adding = [], []
        for used, terms in expansions(question):
            unused = not any(token in vocab for words in used for token in lexical_tokens(words)
                             if not false_friends(words))
            (standing_in if unused else adding).append(terms)
        groups = [(1.0, standing_in), (0.5, [terms for terms in adding if terms not in standing_in])]
        found = [(weight, [t for t in lexical_tokens(" ".join(dict.fromkeys(texts))) if t not in asked])
                 for weight, texts in groups]
        return [(weight, terms) for weight, terms in found if terms]

    def _spelled(self, token: str) -> str:
        """A misspelt token (not in the corpus, not an English word the model knows) replaced by the
        closest term the corpus uses: 'adress' -> 'address'. Real words are left alone."""
        english = getattr(self.embedder, "vocabulary", None)
        if (not english or token in self.index.lexical.vocab_dict or token in english or len(token) < 4
                or not token.isalpha()):
            return token
        return self._terms.closest(token) or token

    def respelled(self, question: str) -> str:
        """The question with each misspelt lower-case word (not a word of the corpus, not one the
        model knows) written as the closest word of the corpus: 'if someone illegaly disclosed it'
        -> '... illegal disclosed it', which the model reads nearer to what was meant. Real words, and
        contractions typed without their apostrophe ('theyre'), are left alone."""
        english = getattr(self.embedder, "vocabulary", None)
        if not english:
            return question

        def respell(match: re.Match) -> str:
            word = match.group(0)
            if word in STOPWORDS or word in _CONTRACTIONS or (stem := lexical_tokens(word)) and stem[0] in english:
                return word
            return self._closest_word(word)

        return _LOWER_WORD.sub(respell, question)

    def _closest_word(self, word: str) -> str:
        """The corpus's word closest to a misspelt one (itself when none is close)."""
        if self._words is None:
            # every lower-case word of the passages, on the first word the model does not know
            self._words = _Lexicon(sorted({w for chunk in self.index.chunks for w in _LOWER_WORD.findall(chunk.text)}),
                                   cutoff=0.85)
        if word in self._words.known:
            return word
        return self._words.closest(word) or word

    def _dense_scores(self, question_vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cosine of every passage with the question (what relevance reports and abstention is
        calibrated on), and the cosine once the corpus's shared directions are removed (what ranks)."""
        cosines = self.index.similarities(question_vector)
        if self._shared is None:
            return cosines, cosines
        return cosines, self._shared.cosines(cosines, question_vector)

    def _cited(self, refs: list[LegalRef], allowed: np.ndarray, opening: bool = False) -> dict[int, int]:
        """The passages at the cited locations, each with how far below the location it sits; with
        `opening`, the first passages there, each with its place in reading order instead."""
        cited: dict[int, int] = {}
        for ref in refs:
            for i, title, path in self._by_section.get(section_key(ref.section), []):
                if allowed[i] and (depth := _depth_below(ref, title, path)) is not None:
                    cited[i] = min(depth, cited.get(i, depth))
        if opening:
            chunks = self.index.chunks
            first = sorted(cited, key=lambda i: (chunks[i].source, chunks[i].start))[:12]
            return {i: place for place, i in enumerate(first)}
        # keep the passages closest to the cited location
        limit = sorted(cited.values())[:12][-1] if cited else 0
        return {i: d for i, d in cited.items() if d <= limit}

    def _naming(self, question: str, allowed: np.ndarray) -> dict[int, int]:
        """The passages that mention a rare name the question uses ('Aaron Reichlin-Melnick', 'NYU
        Tax Law Center', 'ITIN'), each with how many of its names. A name is rare when at most 1%
        of the passages (or 5) have it, written as the question writes it: 'Citizen' in "Public
        Citizen" is not "citizen" in a statute, and 'IRS' or 'Treasury' name the corpus's subject."""
        limit = max(5, 0.01 * len(self.index.chunks))
        found: dict[int, int] = {}
        for name in names(question):
            mention: set[int] = set()
            for word in re.findall(r"[A-Za-z]+", name):
                for stem in lexical_tokens(word):
                    positions = self.index.containing(stem)
                    if len(positions) <= limit:
                        # the word as written, as far as it matches its stem ('Polic' of 'Policy')
                        common = len(os.path.commonprefix([word.lower(), stem]))
                        written = re.compile(r"\b" + re.escape(word[:max(1, common)]))
                        mention.update(i for i in positions.tolist()
                                       if allowed[i] and written.search(self.index.chunks[i].context))
            for i in mention:
                found[i] = found.get(i, 0) + 1
        return found

    def _defining(self, question: str) -> list[int]:
        """The passages that define the term the question asks about, then those that refer to its
        definition, each in corpus order."""
        if not (term := asked_term(question)):
            return []
        asked = tuple(lexical_tokens(term))
        if asked in self._definitions:
            return self._definitions[asked]
        # the Code defines "taxpayer identity" and goes on to say "taxpayer identity information": a
        # defined term that makes up most of the asked one, word for word, is the one meant
        runs = [asked[i:j] for i in range(len(asked)) for j in range(len(asked), i + 1, -1)]
        inside = [run for run in runs if run in self._definitions and 3 * len(run) >= 2 * len(asked)]
        return self._definitions[max(inside, key=len)] if inside else []

    @cached_property
    def _definitions(self) -> dict[tuple[str, ...], list[int]]:
        """Where the statutes define each term, by the term's stemmed words: definitions first, then
        the passages that refer to one ("... have the meanings given such terms by section 6103(b)").
        Worked out at the first question that asks what a term means, not at every load (~0.35 s on
        a whole US Code title)."""
        definitions: dict[tuple[str, ...], set[tuple[bool, int]]] = {}
        for position, chunk in enumerate(self.index.chunks):
            if chunk.locator and "term" in chunk.text:
                for term, reference in defined_terms(chunk.text):
                    definitions.setdefault(tuple(lexical_tokens(term)), set()).add((reference, position))
        return {term: list(dict.fromkeys(p for _, p in sorted(found))) for term, found in definitions.items()}

    def _lift(self, fused: dict[int, float], bonuses: dict[int, float]) -> None:
        """Rank these passages above everything in `fused`, in the order of their bonuses."""
        best = max(fused.values(), default=1.0 / self.rrf_k)
        for position, bonus in bonuses.items():
            fused[position] = 2 * best + bonus

    @staticmethod
    def _lifts(refs: list[LegalRef], cited: dict[int, int]) -> bool:
        """Lift the cited passages when the citation is precise or the section small: a bare
        'Section 6103' (hundreds of passages) names a topic rather than a passage."""
        return any(ref.path for ref in refs) or len(cited) <= 30


# words that ask for a provision's text rather than about something in it
_WHAT_IT_SAYS = frozenset(lexical_tokens("""
    section sections subsection paragraph subparagraph clause provision provisions statute law code title usc irc
    internal revenue united states say says said state states explain explanation summarize summarise summary
    text full whole cover covers provide provides mean means read quote show overview contain contains describe
    about give gist basically general rule rules laid lay lays down set sets out main basic principle establish
    establishes"""))


def asks_what_it_says(question: str) -> bool:
    """Whether the question only asks what a cited provision says ('What does § 7213A say?',
    'Explain 26 USC 6103(i)(2)'): every word but the citation is a word like 'say' or 'explain'."""
    words = [t for t in lexical_tokens(question) if t.isalpha() and len(t) > 2 and t not in _FILLER]
    return all(t in _WHAT_IT_SAYS for t in words)


def names(question: str) -> list[str]:
    """The names a question uses: runs of capitalised words not opening a sentence, and acronyms
    ('What did the NYU Tax Law Center say?' -> ['NYU Tax Law Center']), without a possessive 's."""
    question = normalize(question)
    spans: list[list[int]] = []
    for m in _named_words(question):
        if spans and not question[spans[-1][1]:m.start()].strip():
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    return [re.sub(r"'s$", "", question[start:end]) for start, end in spans]


# what people type to a chat box capitalised that names nothing: greetings, chat shorthand, "Mom", the
# language the corpus is in ("My English isn't great")
_CHAT_WORDS = frozenset("""
    hi hey hello thanks thank please pls plz ok okay lol tbh fyi asap btw idk imo imho omg thx aka
    mom mum dad ma pa grandma grandpa sir maam english
""".split())  # noqa: SIM905


def _named_words(question: str):
    """Words that name something: capitalised but not opening a sentence, or acronyms; not stopwords,
    their contractions ("I'm") or chat words ("OK", "TBH", "Mom")."""
    for m in re.finditer(r"[A-Za-z][A-Za-z'\-]{1,}", question):
        word = m.group(0)
        sentence_start = m.start() == 0 or question[: m.start()].rstrip().endswith(("?", ".", "!", ":"))
        base = re.sub(r"'(m|s|d|ll|ve|re|t)$", "", word.lower())
        if ((word[0].isupper() and not sentence_start) or (word.isupper() and len(word) >= 2)) and \
                base not in STOPWORDS and base not in _CHAT_WORDS:
            yield m


_FRAGMENT_WEIGHT = 0.8


def _is_fragment(text: str) -> bool:
    """A short piece of text that ends mid-sentence: '(1) the greater of', 'It shall be unlawful for'."""
    return len(text) < 60 and text[-1:].isalnum()


def _ref_text(ref: LegalRef) -> str:
    prefix = f"{ref.title} U.S.C. " if ref.title else ""
    return f"{prefix}§ {ref.section}" + "".join(f"({p})" for p in ref.path)


class _Lexicon:
    """Words to read a misspelt word as: the closest one by difflib's ratio, at least `cutoff`."""

    def __init__(self, words: Sequence[str], cutoff: float):
        self.known = frozenset(words)
        self.cutoff = cutoff
        self._words = np.array(words, dtype=object)
        self._lengths = np.array([len(w) for w in words], dtype=np.float64)
        self._letters = _letter_counts(words)
        self._found: dict[str, str | None] = {}  # corrections already worked out

    def closest(self, word: str) -> str | None:
        """The closest word (None when none reaches the cutoff), remembered."""
        if word not in self._found:
            words = self._words
            if word.isascii():
                # difflib's quick_ratio (letters in common, an upper bound of its ratio) for every
                # word at once: only words that reach the cutoff with it are worth comparing
                shared = np.minimum(self._letters, _letter_counts([word])[0]).sum(axis=1)
                words = words[2.0 * shared / (len(word) + self._lengths) >= self.cutoff]
            close = difflib.get_close_matches(word, words.tolist(), n=1, cutoff=self.cutoff)
            if len(self._found) > 10_000:
                self._found.clear()
            self._found[word] = close[0] if close else None
        return self._found[word]


def _letter_counts(words: Sequence[str]) -> np.ndarray:
    """How many of each letter a-z every word has (other characters are not counted)."""
    counts = np.zeros((len(words), 26), dtype=np.int32)
    for row, word in enumerate(words):
        for char in word:
            if "a" <= char <= "z":
                counts[row, ord(char) - 97] += 1
    return counts


def _top(scores: np.ndarray, allowed: np.ndarray, n: int) -> list[int]:
    """The n best allowed positions, best first, ties in position order."""
    candidates = np.flatnonzero(allowed)
    values = scores[candidates]
    if len(values) > n:
        # partition first, so only the best n (and any tied with the n-th) are sorted
        keep = values >= np.partition(values, -n)[-n]
        candidates, values = candidates[keep], values[keep]
    return candidates[np.argsort(-values, kind="stable")][:n].tolist()


def _relevance(dense: float, lexical_share: float, cited: bool) -> float:
    """A 0..1 confidence that a passage bears on the question: mostly the cosine similarity."""
    value = 0.75 * max(float(dense), 0.0) + 0.25 * lexical_share
    return round(float(min(1.0, value + (0.3 if cited else 0.0))), 4)

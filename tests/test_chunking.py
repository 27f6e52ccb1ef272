"""Structure-aware chunking: statute pin cites, article sentences, corpus metadata and its inference."""

from __future__ import annotations

import json
import logging
import statistics

import pytest
from conftest import TINY_STATUTE, write_tiny_corpus

from rag.chunking import chunk_corpus, chunk_document, condense_references, read_as
from rag.config import Settings
from rag.corpus import Document, infer_citation, infer_kind, infer_title, load_corpus
from rag.errors import CorpusError
from rag.text import normalize, sentence_spans

SETTINGS = Settings()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SETTINGS.corpus_dir, SETTINGS.root_dir)


@pytest.fixture(scope="module")
def chunks(corpus):
    return chunk_corpus(corpus.documents, SETTINGS.max_chunk_chars, SETTINGS.statute_max_chars)


def only_chunk_with(chunks, phrase):
    found = [c for c in chunks if phrase in c.text]
    assert len(found) == 1, f"{len(found)} chunks contain {phrase!r}"
    return found[0]


# ------------------------------------------------------------------ statute locators (real statutes)

@pytest.mark.parametrize("phrase, locator", [
    ("the taxable period or periods to which such return information relates", "26 U.S.C. § 6103(i)(2)(B)(ii)"),
    ("For purposes of this paragraph, a taxpayer’s identity shall not be treated as taxpayer return information",
     "26 U.S.C. § 6103(i)(2)(C)"),
    ("A request meets the requirements of this subparagraph if the request is in writing and sets forth",
     "26 U.S.C. § 6103(i)(2)(B)"),
    ("such agency who are personally and directly engaged in", "26 U.S.C. § 6103(i)(2)(A)"),
    ("willfully fails or refuses to depart from the United States within a period of 90 days",
     "8 U.S.C. § 1253(a)(1)(A)"),
    ("Any alien against whom a final order of removal is outstanding by reason of being a member of any of the "
     "classes described in section 1227(a)", "8 U.S.C. § 1253(a)(1)"),
    ("such State or local law enforcement agency is part of a team with the Federal agency",
     "26 U.S.C. § 6103(i)(1)(C)(i)(I)"),
    ("such information is disclosed only to such officers and employees who are personally and directly engaged "
     "in such investigation.", "26 U.S.C. § 6103(i)(1)(C)(i)(II)"),
    ("any person described in subsection ( l )(18) or (n) of section 6103", "26 U.S.C. § 7213A(a)(1)(B)"),
    ("The Secretary may disclose to providers of health insurance for any certified individual",
     "26 U.S.C. § 6103(l)(18)"),
    ("in the case of a willful inspection or disclosure or an inspection or disclosure which is the result of gross "
     "negligence, punitive damages, plus", "26 U.S.C. § 7431(c)(1)(B)(ii)"),
    ("$1,000 for each act of unauthorized inspection or disclosure", "26 U.S.C. § 7431(c)(1)(A)"),
    ("It shall be unlawful for any person (not described in paragraph (1)) willfully to disclose",
     "26 U.S.C. § 7213(a)(2)"),
    # text the Code prints flush after a list, which the source joins to the list's last item
    ("For purposes of this subsection, the term “officer or employee” includes a former officer or employee.",
     "26 U.S.C. § 6103(a)"),
    ("Nothing in the preceding sentence, or in any other provision of law, shall be construed to require the "
     "disclosure of standards", "26 U.S.C. § 6103(b)(2)"),
    ("If the Secretary determines that any such agency, body, or commission", "26 U.S.C. § 6103(p)(4)"),
    ("so as to make such information undisclosable; except that", "26 U.S.C. § 6103(p)(4)(F)(iii)"),
    ("The Secretary shall also notify such taxpayer if the Internal Revenue Service", "26 U.S.C. § 7431(e)"),
    # ... and the main clause of a conditional lead-in ("If any person is criminally charged ... in
    # violation of (1) ..., (2) ..., or (3) ..., the Secretary shall notify ..."), joined mid-sentence
    ("the Secretary shall notify such taxpayer as soon as practicable of such inspection or disclosure.",
     "26 U.S.C. § 7431(e)"),
    ("subparagraph (B) of section 1030(a)(2) of title 18 , United States Code,", "26 U.S.C. § 7431(e)(3)"),
])
def test_locator_is_the_full_pin_cite(chunks, phrase, locator):
    assert only_chunk_with(chunks, phrase).locator == locator


def test_no_locator_has_spaces_inside_parentheses(chunks):
    statute_locators = [c.locator for c in chunks if c.kind == "statute"]
    assert all(loc and "( " not in loc and " )" not in loc for loc in statute_locators)
    assert any("(l)(" in loc for loc in statute_locators)  # the "( l )" subsection exists, written "(l)"


def test_list_item_carries_its_lead_in_and_headings_but_cites_only_itself(chunks):
    item = only_chunk_with(chunks, "the taxable period or periods to which such return information relates")
    assert item.text == "(ii) the taxable period or periods to which such return information relates;"
    assert "A request meets the requirements of this subparagraph if the request is in writing and sets forth" \
        in item.context
    assert "Requirements" in item.context  # the subparagraph heading
    assert item.context.endswith(item.text)
    removal = only_chunk_with(chunks, "willfully fails or refuses to depart from the United States")
    assert "Any alien against whom a final order of removal is outstanding" in removal.context
    assert "Penalty for failure to depart" in removal.context


def test_lead_in_cross_reference_lists_are_cut_in_what_retrieval_sees(chunks):
    # § 6103(p)(4)'s lead-in lists some sixty subsections before it says "as a condition for receiving"
    item = only_chunk_with(chunks, "a secure area or place in which such returns or return information shall be stored")
    assert "described in subsection (d) …, any appropriate State officer" in item.context
    assert "shall, as a condition for receiving returns or return information (B) establish" in item.context
    assert "(13)(D)(i)" not in item.context and item.context.endswith(item.text)


@pytest.mark.parametrize("text, condensed", [
    ("described in subsection (h)(2), (h)(5), (i)(1), (2), or (7), ( l )(1), or ( o )(3), the GAO",
     "described in subsection (h)(2) …, the GAO"),
    ("subparagraphs (A), (B), (C), (D), and (E) shall cease", "subparagraphs (A) … shall cease"),
    ("subsection (k)(10) or (15) of section 6103", "subsection (k)(10) or (15) of section 6103"),
    ("(A) establish and maintain, to the satisfaction of the Secretary", "(A) establish and maintain, to the "
     "satisfaction of the Secretary"),
])
def test_condense_references_cuts_lists_of_three_or_more(text, condensed):
    assert condense_references(text) == condensed


def test_statute_chunks_carry_document_metadata(chunks):
    chunk = only_chunk_with(chunks, "punitive damages, plus")
    assert (chunk.doc_id, chunk.kind, chunk.source) == ("26-usc-7431", "statute", "corpus/statutes/26-usc-7431.md")
    assert chunk.title.startswith("26 U.S.C. § 7431 - Civil damages")


def test_every_statute_chunk_sits_in_its_own_section(corpus, chunks):
    for c in chunks:
        if c.kind == "statute":
            citation = corpus.get(c.doc_id).citation
            assert c.locator == citation or c.locator.startswith(citation + "("), c.locator


def test_a_chunk_starting_with_a_marker_ends_its_locator_with_that_marker(chunks):
    import re

    checked = 0
    for c in chunks:
        m = re.match(r"\(\s*([A-Za-z0-9]{1,4})\s*\)", c.text)
        if c.kind == "statute" and m:
            assert c.locator.endswith(f"({m.group(1)})"), (c.locator, c.text[:40])
            checked += 1
    assert checked > 300


# ------------------------------------------------------------------ statute structure (hand-made statute)

def tiny_statute(text=TINY_STATUTE) -> Document:
    return Document("26-usc-7213", "corpus/statutes/26-usc-7213.md", "statute", "§ 7213", text,
                    citation="26 U.S.C. § 7213")


def test_hand_made_statute_levels():
    by_text = {c.text: c.locator for c in chunk_document(tiny_statute())}
    assert by_text["(A) the name and address of the taxpayer;"] == "26 U.S.C. § 7213(a)(2)(A)"
    assert by_text["(i) the return is needed for an ongoing investigation, including"] == "26 U.S.C. § 7213(a)(2)(B)(i)"
    assert by_text["(I) the date of the alleged offense, and"] == "26 U.S.C. § 7213(a)(2)(B)(i)(I)"
    assert by_text["(II) the statute alleged to have been violated; and"] == "26 U.S.C. § 7213(a)(2)(B)(i)(II)"
    assert by_text["(ii) the information sought is relevant to that investigation; and"] \
        == "26 U.S.C. § 7213(a)(2)(B)(ii)"
    assert by_text["(C) the taxable period or periods to which such return information relates."] \
        == "26 U.S.C. § 7213(a)(2)(C)"
    # (I) after (H): the ninth subparagraph, not a subclause
    assert by_text["(H) an agent of either"] == "26 U.S.C. § 7213(a)(3)(H)"
    assert by_text["(ii) the spouse of the taxpayer; or"] == "26 U.S.C. § 7213(a)(3)(H)(ii)"
    assert by_text["(I) any other person holding property of the taxpayer."] == "26 U.S.C. § 7213(a)(3)(I)"
    # subsection headings: "(1) Federal employees" is a heading, not a chunk; "( l )" is written "(l)"
    assert "(1) Federal employees" not in by_text
    bakery = [t for t in by_text if "bakery inspector" in t]
    assert [by_text[t] for t in bakery] == ["26 U.S.C. § 7213(l)(1)"]
    assert by_text["Any officer who inspects a return without authorization shall be fined not more than $1,000."] \
        == "26 U.S.C. § 7213(b)"


def pin_cites(markdown: str) -> dict[str, str]:
    """Each chunk's opening words -> its locator, for a hand-made statute file."""
    doc = Document("s", "corpus/statutes/s.md", "statute", "s", markdown)
    chunks = chunk_document(doc)
    assert all(markdown[c.start:c.end] == c.text for c in chunks)
    return {c.text[:24]: c.locator for c in chunks}


# The US Code patterns below were found by auditing every section of Titles 8 and 26 against an
# independent reading of their structure (see README, "Pin cites").

def test_provision_openings_written_as_deep_headings_and_their_breadcrumbs():
    """8 U.S.C. § 1101 writes '(a) As used in this chapter' as a 6-# heading and a later part of a
    provision as an 8-# heading after a repeat of its ancestors' openings."""
    cites = pin_cites("""# Title 8— ALIENS

#### § 1101. Definitions
###### (a) As used in this chapter

(1) The term “alien” means any person not a citizen.

(13)

(A) The terms “admission” and “admitted” mean the lawful entry of the alien.

(B) An alien who is paroled shall not be considered to have been admitted.

###### (a) As used in this chapter
######## (C) An alien lawfully admitted shall not be regarded as seeking an admission unless the alien

(i) has abandoned or relinquished that status,

(ii) has been absent for a continuous period in excess of 180 days.

(14) The term “foreign state” includes outlying possessions.

(d) Repealed. Pub. L. 100–525.
""")
    assert cites["(a) As used in this chap"] == "8 U.S.C. § 1101(a)"  # the span leaves out the #s
    assert cites["(1) The term “alien” mea"] == "8 U.S.C. § 1101(a)(1)"
    assert cites["(B) An alien who is paro"] == "8 U.S.C. § 1101(a)(13)(B)"
    assert cites["(C) An alien lawfully ad"] == "8 U.S.C. § 1101(a)(13)(C)"
    assert cites["(ii) has been absent for"] == "8 U.S.C. § 1101(a)(13)(C)(ii)"
    assert cites["(14) The term “foreign s"] == "8 U.S.C. § 1101(a)(14)"
    assert cites["(d) Repealed. Pub. L. 10"] == "8 U.S.C. § 1101(d)"


def test_lettered_items_below_a_subclause_are_not_subsections():
    cites = pin_cites("""# Title 8— ALIENS

#### § 1182. Inadmissible aliens

##### (a) Classes of aliens

(3) Security grounds

(B) Terrorist activities

(iii) Terrorist activity defined

As used in this chapter, the term means any activity which involves any of the following:

(V) The use of any

(a) biological agent, chemical agent, or nuclear weapon, or

(b) explosive, firearm, or other weapon or dangerous device.

(iv) Engage in terrorist activity defined

The term “engage in terrorist activity” means to commit a terrorist activity.
""")
    assert cites["(V) The use of any"] == "8 U.S.C. § 1182(a)(3)(B)(iii)(V)"
    assert cites["(a) biological agent, ch"] == "8 U.S.C. § 1182(a)(3)(B)(iii)(V)(a)"
    assert cites["(b) explosive, firearm, "] == "8 U.S.C. § 1182(a)(3)(B)(iii)(V)(b)"
    assert cites["As used in this chapter,"] == "8 U.S.C. § 1182(a)(3)(B)(iii)"
    assert cites["The term “engage in terr"] == "8 U.S.C. § 1182(a)(3)(B)(iv)"


def test_roman_capitals_are_read_by_their_sequence():
    cites = pin_cites("""# Title 26— INTERNAL REVENUE CODE

#### § 72. Annuities

##### (t) Additional tax

(2) Subsection not to apply to certain distributions

(H) Distributions from retirement plans for births.

The tax shall not apply to any qualified birth distribution.

(iv) Treatment of plan distributions

(I) In general

If a distribution would be a qualified birth distribution, the plan is treated as meeting the rules.

(ii) Special rules

(I) the first rule;

(II) the second rule; and

(III) the third rule.

(I) Waiver of 60-day requirement

The Secretary may waive the 60-day requirement.
""")
    # (I) under a clause just opened by its heading is a subclause, though (I) also follows (H)
    assert cites["If a distribution would "] == "26 U.S.C. § 72(t)(2)(H)(iv)(I)"
    assert cites["(III) the third rule."] == "26 U.S.C. § 72(t)(2)(H)(ii)(III)"
    # (I) after subclause (III) cannot be a subclause: it is the subparagraph after (H)
    assert cites["The Secretary may waive "] == "26 U.S.C. § 72(t)(2)(I)"


def test_placeholders_tables_long_numerals_and_dashed_section_numbers():
    cites = pin_cites("""# Title 8— ALIENS

#### § 1440–1. Posthumous citizenship

##### (a) Permitted grants

(17) Compensation limit

(A) The plan limits compensation.

(B) The limit is adjusted for inflation.

[(18) Repealed. Pub. L. 97–248, title II, § 237(b).]

(19) Other rules

(A) In the case of property described in

(xvii) section 4001, or

(xviii) section 4101(d),

the applicable recovery period is as follows:

(A)(iii)

25
""")
    assert cites["[(18) Repealed. Pub. L. "] == "8 U.S.C. § 1440–1(a)(18)"
    assert cites["(xviii) section 4101(d),"] == "8 U.S.C. § 1440–1(a)(19)(A)(xviii)"
    # "(A)(iii)" in a table refers to another provision; it does not open one
    assert cites["(A)(iii)"] == cites["25"]
    assert not cites["(A)(iii)"].endswith("(iii)")


def test_headings_and_lead_ins_are_told_apart():
    markdown = """# Title 26— INTERNAL REVENUE CODE

#### § 32. Earned income

##### (c) Definitions

(2) Earned income

(A) The term “earned income” means

(i) wages, salaries, tips, and other employee compensation, plus

(ii) net earnings from self-employment.

(3) Rules phased in over 3 years.

(A) In general

The percentage is 20 percent.

(4) Information disclosed

(A) Items

(i) Taxpayer identity information.

(ii) Filing status.

(B) Disclosure to educational institutions, etc.

Any mailing address may be disclosed.

SUBCHAPTER II— OTHER RULES
"""
    doc = Document("s", "corpus/statutes/s.md", "statute", "s", markdown)
    chunks = {c.text: c for c in chunk_document(doc)}
    # a lead-in ending in "means" is text to quote, and its items carry it
    assert chunks["(A) The term “earned income” means"].locator == "26 U.S.C. § 32(c)(2)(A)"
    assert "“earned income” means" in chunks["(ii) net earnings from self-employment."].context
    # headings, even ending in a period or "etc.", are not quoted, but give their provision context
    assert not any(t.startswith(("(3) Rules", "(B) Disclosure", "(A) In general")) for t in chunks)
    assert "Rules phased in over 3 years." in chunks["The percentage is 20 percent."].context
    assert chunks["The percentage is 20 percent."].locator == "26 U.S.C. § 32(c)(3)(A)"
    # short items of a list ending in a period are items, not headings
    assert chunks["(i) Taxpayer identity information."].locator == "26 U.S.C. § 32(c)(4)(A)(i)"
    assert chunks["(ii) Filing status."].locator == "26 U.S.C. § 32(c)(4)(A)(ii)"
    assert chunks["Any mailing address may be disclosed."].locator == "26 U.S.C. § 32(c)(4)(B)"
    # a subchapter heading between sections belongs to no section
    assert not any("SUBCHAPTER" in t for t in chunks)


def test_a_bare_designation_is_not_quoted_alone():
    cites = pin_cites("""# Title 26— INTERNAL REVENUE CODE

#### § 6103. Confidentiality

##### (l) Disclosure

(7) Programs

(D) Programs to which rule applies

(viii)

(I) any needs-based pension; and

(II) health-care services.
""")
    assert "(viii)" not in cites
    assert cites["(I) any needs-based pensi"[:24]] == "26 U.S.C. § 6103(l)(7)(D)(viii)(I)"


def test_text_after_a_list_joined_to_its_last_item_belongs_to_the_provision_of_the_list():
    """The Code prints undesignated text after a list flush to the margin; the source joins it to the
    list's last line. It is cited at the provision whose list ends there, unless it names its level."""
    markdown = """# Title 26— INTERNAL REVENUE CODE

#### § 9. Safeguards

##### (p) Procedure

(4) Any agency receiving returns shall—

(E) keep a record; and

(F) upon completion of use of such returns

(i) return them, or

(ii) destroy them. FLUSH

(5) Reports

(A) the number of requests; and

(B) the number of refusals. As used in this subparagraph, a refusal includes a delay.

(6) Any officer shall—

(A) keep a record. Such record shall be kept for 5 years.

(B) report it.

(7) Any agent shall—

(A) keep a log; and

(B) file it
"""
    flush = ("If the Secretary determines that the agency failed, he may refuse. For purposes of this paragraph, "
             "the term “return” includes copies.")
    markdown = markdown.replace("FLUSH", flush)
    doc = Document("s", "corpus/statutes/s.md", "statute", "s", markdown)
    chunks = chunk_document(doc)
    assert all(markdown[c.start:c.end] == c.text for c in chunks)
    cites = {c.text: c.locator for c in chunks}
    # the item keeps its own sentence; what follows climbs past (F), which is (4)'s last item too
    assert cites["(ii) destroy them."] == "26 U.S.C. § 9(p)(4)(F)(ii)"
    assert cites[flush] == "26 U.S.C. § 9(p)(4)"
    # "this subparagraph": the text says it is part of (B)
    assert cites["(B) the number of refusals. As used in this subparagraph, a refusal includes a delay."] \
        == "26 U.S.C. § 9(p)(5)(B)"
    # an item followed by its next sibling keeps all its sentences
    assert cites["(A) keep a record. Such record shall be kept for 5 years."] == "26 U.S.C. § 9(p)(6)(A)"
    assert cites["(B) file it"] == "26 U.S.C. § 9(p)(7)(B)"


def test_the_main_clause_after_a_conditional_list_belongs_to_the_provision_of_the_list():
    """"If ... in violation of (1) ..., or (2) ..., the Secretary shall notify ...": the Code prints the
    main clause flush after the list; the source joins it to the last item, mid-sentence."""
    markdown = """# Title 26— INTERNAL REVENUE CODE

#### § 9. Notice

##### (e) Notification

If any person is charged with disclosure in violation of

(1) section 7213(a), or

(2) section 7213A(a), the Secretary shall notify such taxpayer. The notice shall include the date.

##### (f) Plants

In the case of any plant

(i) such plant shall be treated as property, and

(ii) for purposes of section 1245, the recapture amount shall be treated as a deduction.

##### (g) Requests

Any request shall set forth

(1) the name, and

(2) the address, the Secretary shall disclose it.
"""
    doc = Document("s", "corpus/statutes/s.md", "statute", "s", markdown)
    chunks = chunk_document(doc)
    assert all(markdown[c.start:c.end] == c.text for c in chunks)
    cites = {c.text: c.locator for c in chunks}
    assert cites["(2) section 7213A(a),"] == "26 U.S.C. § 9(e)(2)"
    assert cites["the Secretary shall notify such taxpayer."] == "26 U.S.C. § 9(e)"
    assert cites["The notice shall include the date."] == "26 U.S.C. § 9(e)"
    # items that are clauses themselves keep theirs; a lead-in that opens no condition has no main clause
    assert cites["(ii) for purposes of section 1245, the recapture amount shall be treated as a deduction."] \
        == "26 U.S.C. § 9(f)(ii)"
    assert cites["(2) the address, the Secretary shall disclose it."] == "26 U.S.C. § 9(g)(2)"
    # answers read the main clause with its list, after the items, not as a sentence of its own
    from rag.assistant import _lead_in_map, _list_map

    text = [c.text for c in chunks]
    lead_ins = _lead_in_map(chunks)
    clause = text.index("the Secretary shall notify such taxpayer.")
    lead = text.index("If any person is charged with disclosure in violation of")
    assert lead_ins[chunks[clause].chunk_id] == lead
    assert [text[p] for p in _list_map(lead_ins, chunks)[lead]] == [
        "(1) section 7213(a), or", "(2) section 7213A(a),", "the Secretary shall notify such taxpayer."]
    assert chunks[text.index("The notice shall include the date.")].chunk_id not in lead_ins


def test_a_provision_quoted_whole_is_one_run_of_text_not_its_lead_in_and_the_text_after_its_list():
    from rag.assistant import _provision_map

    markdown = """#### § 9. Definitions

##### (b) Terms

(2) Return information

The term “return information” means

(A) a taxpayer’s identity; and

(B) any agreement. Nothing in the preceding sentence requires the disclosure of standards.

(3) Inspection

The term “inspection” means any examination. It includes a search.
"""
    doc = Document("s", "corpus/statutes/s.md", "statute", "s", markdown, citation="26 U.S.C. § 9")
    chunks = chunk_document(doc, statute_max_chars=20)
    text = {i: c.text for i, c in enumerate(chunks)}
    grouped = {tuple(text[p] for p in positions) for positions in _provision_map(chunks).values()}
    assert grouped == {("The term “inspection” means any examination.", "It includes a search.")}
    assert chunks[[c.text for c in chunks].index("Nothing in the preceding sentence requires the disclosure of "
                                                  "standards.")].locator == "26 U.S.C. § 9(b)(2)"


def test_long_statute_units_are_split_at_sentences_keeping_the_locator():
    doc = tiny_statute()
    parts = [c for c in chunk_document(doc, statute_max_chars=120) if c.locator == "26 U.S.C. § 7213(a)(1)"]
    assert [p.text for p in parts] == [
        "It shall be unlawful for any officer or employee of the United States willfully to disclose any return or "
        "return information.",
        "Any violation of this paragraph shall be a felony punishable by a fine not exceeding $5,000.",
    ]
    assert all(doc.text[p.start:p.end] == p.text for p in parts)
    assert all("Federal employees" in p.context for p in parts)


def test_statute_with_crlf_line_ends_keeps_exact_offsets():
    text = TINY_STATUTE.replace("\n", "\r\n")
    doc = tiny_statute(text)
    chunks = chunk_document(doc)
    assert len(chunks) == len(chunk_document(tiny_statute()))
    assert all(text[c.start:c.end] == c.text and "\r" not in c.text for c in chunks)
    assert {c.locator for c in chunks} == {c.locator for c in chunk_document(tiny_statute())}


# ------------------------------------------------------------------ articles

def test_article_chunks_are_short(chunks):
    lengths = [len(c.text) for c in chunks if c.kind == "article"]
    assert len(lengths) > 50
    assert statistics.mean(lengths) <= 400
    assert all(c.locator is None for c in chunks if c.kind == "article")


def test_article_chunk_is_the_sentence_that_carries_the_fact(chunks):
    sentence = "Treasury Secretary Scott Bessent and Homeland Security Secretary Kristi Noem signed the agreement."
    cnn = [c for c in chunks if c.doc_id == "cnn-irs-ice-deal-finalized" and sentence in c.text]
    assert [c.text for c in cnn] == [sentence]  # the sentence, not its paragraph


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def article(text: str) -> list:
    return chunk_document(Document("a", "corpus/articles/a.md", "article", "a", text))


def test_hard_wrapped_paragraphs_are_read_as_paragraphs():
    """Plain text wrapped at 72 columns: sentences run across lines and must not be cut at them."""
    text = ("Washington (CNN) — The Department of Homeland Security and the Internal\n"
            "Revenue Service finalized an agreement Monday to provide sensitive\n"
            "taxpayer data to federal immigration authorities.\n\n"
            "Treasury Secretary Scott Bessent and Homeland Security Secretary Kristi\n"
            "Noem signed the agreement. CNN reported last month that the IRS was\n"
            "nearing a deal to help Immigration and Customs Enforcement.\n")
    texts = [c.text for c in article(text)]
    assert "Treasury Secretary Scott Bessent and Homeland Security Secretary Kristi\nNoem signed the agreement." \
        in texts
    assert texts[0].startswith("Washington (CNN)") and texts[0].endswith("immigration authorities.")
    assert all(len(t) > 60 for t in texts)  # no chunk is a stray wrapped line


def test_a_quotation_is_indexed_with_who_said_it():
    """A quoted sentence that does not say whose it is, or says only "he added", is found by its
    speaker's name: the sentence that names the speaker goes into what is indexed, not into the quote."""
    text = ("American Immigration Council senior fellow Aaron Reichlin-Melnick says the deal is limited.\n\n"
            "“There are many questions raised about this new agreement,” he said in a post on X. "
            "“But it seems primarily to be aimed at criminal investigations,” he added.\n\n"
            "Rep. Jimmy Gomez trashed the deal. “The IRS should never be weaponized,” he said.\n\n"
            "“Each request must be made consistent” with the tax code, the memorandum says.\n\n"
            "## Reactions\n\n"
            "“We will fight this with everything we have got, in every court, for as long as it takes.”\n")
    chunks = {c.text: c for c in article(text)}
    aimed = chunks["“But it seems primarily to be aimed at criminal investigations,” he added."]
    assert "Aaron Reichlin-Melnick says" in aimed.context and aimed.context.endswith(aimed.text)
    # a sentence that names its own speaker is read as it is (with the sentence before, as "he said" is)
    gomez = chunks["Rep. Jimmy Gomez trashed the deal. “The IRS should never be weaponized,” he said."]
    assert "Reichlin" not in gomez.context
    # the speaker of one part of an article is not carried past a heading
    fight = chunks["“We will fight this with everything we have got, in every court, for as long as it takes.”"]
    assert fight.context == f"## Reactions {fight.text}"


def test_markdown_lists_tables_code_and_html_are_content():
    text = """# Briefing

## Key facts

- ICE may request addresses for up to 700,000 people
- Requests must be answered within 45 days

| Agency | Role |
| --- | --- |
| ICE | Sends requests signed by Todd Lyons |

1. June 1: Judge Dabney Friedrich rules

```
audit log kept for 7 years
```

<div class="note">An HTML block about the zebra protocol.</div>

**Bottom line:** privacy advocates say the arrangement violates section 6103
"""
    chunks = {c.text: c for c in article(text)}
    assert "ICE may request addresses for up to 700,000 people" in chunks  # the bullet is not quoted
    assert "June 1: Judge Dabney Friedrich rules" in chunks
    row = chunks["| ICE | Sends requests signed by Todd Lyons |"]
    assert "| Agency | Role |" in row.context and "| Agency | Role |" not in chunks  # header read with each row
    assert "audit log kept for 7 years" in chunks
    assert any("zebra protocol" in t for t in chunks)
    assert any(t.startswith("**Bottom line:**") for t in chunks)
    assert all(text[c.start:c.end] == c.text for c in chunks.values())


def test_a_run_on_line_is_cut_at_spaces():
    text = " ".join(["word"] * 5000)  # 25,000 characters, no sentence end
    chunks = article(text)
    assert len(chunks) > 10 and max(len(c.text) for c in chunks) <= 2 * 420
    assert "".join(c.text + " " for c in chunks).split() == text.split()  # nothing lost


def test_sentence_splitter_keeps_abbreviations_and_dates_together():
    text = ("The U.S. Treasury agreed. Rep. Jimmy Gomez (D-CA) objected on Jan. 28, 2025, in Washington. "
            "See 26 U.S.C. § 7213. It cost $25.7 billion. Dr. Smith agreed.")
    assert sentences(text) == [
        "The U.S. Treasury agreed.",
        "Rep. Jimmy Gomez (D-CA) objected on Jan. 28, 2025, in Washington.",
        "See 26 U.S.C. § 7213.",
        "It cost $25.7 billion.",
        "Dr. Smith agreed.",
    ]


def test_sentence_splitter_keeps_quote_and_attribution_together():
    text = "“This backdoor deal shatters decades of trust,” he said. “We will fight it.” Is it legal? Nobody knows!"
    assert sentences(text) == [
        "“This backdoor deal shatters decades of trust,” he said.",
        "“We will fight it.”",
        "Is it legal?",
        "Nobody knows!",
    ]


def test_sentence_spans_are_offsets_into_the_original_text():
    text = "  First one.\n\nSecond\u00a0one here.  "
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["First one.", "Second\u00a0one here."]
    assert spans[0] == (2, 12)
    assert sentence_spans(text, 14, 30) == [(14, 30)]


def test_sentence_ending_in_a_one_letter_word_is_split():
    text = "“It may be illegal,” he said in a post on X. “I serve on the committee.”"
    assert sentences(text) == ["“It may be illegal,” he said in a post on X.", "“I serve on the committee.”"]


def test_normalize_is_for_matching_only():
    assert normalize("§\u202f6103( l )(7) “quoted” — it’s  here\n") == "§ 6103(l)(7) \"quoted\" - it's here"


# ------------------------------------------------------------------ catalog metadata

def test_catalog_metadata(corpus):
    cnn = corpus.get("cnn-irs-ice-deal-finalized")
    assert (cnn.publisher, cnn.author, cnn.date) == ("CNN", "Marshall Cohen", "2025-04-08")
    for doc in corpus.documents:
        if doc.kind == "article" and doc.doc_id != cnn.doc_id:
            assert (doc.publisher, doc.author, doc.date) == (None, None, None), doc.doc_id
    assert corpus.get("26-usc-6103").citation == "26 U.S.C. § 6103"
    assert corpus.get("8-usc-1253").citation == "8 U.S.C. § 1253"
    assert corpus.get("26-usc-7213A").title == ("26 U.S.C. § 7213A - Unauthorized inspection of returns or return "
                                                "information")
    assert "paraphrase" in corpus.get("irs-dhs-data-sharing-paraphrased").note.lower()
    assert {d.doc_id for d in corpus.documents} == {
        "irs-ice-agreement-finalized", "irs-to-help-ice-find-immigrants", "irs-dhs-data-sharing-paraphrased",
        "cnn-irs-ice-deal-finalized", "court-allows-irs-ice-agreement", "26-usc-6103", "26-usc-7213",
        "26-usc-7213A", "26-usc-7431", "8-usc-1253"}


def test_chunks_carry_their_documents_title_and_kind(corpus, chunks):
    for c in chunks:
        doc = corpus.get(c.doc_id)
        assert (c.title, c.kind, c.source) == (doc.title, doc.kind, doc.source)


# ------------------------------------------------------------------ files dropped in without a catalog entry

def test_metadata_is_inferred_for_dropped_in_files(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / "articles" / "My Notes.md").write_text("\n# Notes on the deal\n\nThe deal was signed.\n", "utf-8")
    (corpus_dir / "loose.txt").write_text("A loose memo about taxes.\nSecond line.\n", "utf-8")
    (corpus_dir / "title8.md").write_text("# Title 8— ALIENS\n\n#### §\u202f1253. Penalties related to removal\n\n"
                                          "##### (a) Penalty\n\nAny alien shall be fined.\n", "utf-8")
    corpus = load_corpus(corpus_dir, tmp_path)
    statute = corpus.get("26-usc-7213")
    assert (statute.kind, statute.citation) == ("statute", "26 U.S.C. § 7213")
    assert statute.title == "26 U.S.C. § 7213 - Unauthorized disclosure of information"
    assert statute.source == "corpus/statutes/26-usc-7213.md"
    notes = corpus.get("My-Notes")
    assert (notes.kind, notes.title, notes.citation) == ("article", "Notes on the deal", None)
    loose = corpus.get("loose")
    assert (loose.kind, loose.title) == ("article", "A loose memo about taxes.")
    title8 = corpus.get("title8")
    assert (title8.kind, title8.citation) == ("statute", "8 U.S.C. § 1253")
    assert [c.locator for c in chunk_document(title8)] == ["8 U.S.C. § 1253(a)"]
    dated = corpus.get("treasury-deal")
    assert (dated.date, dated.author, dated.publisher) == ("2025-01-02", "Jane Roe", "Example News")
    assert corpus.get("bread-prices").title == "Bread prices rose again this spring as flour became scarce."



def test_files_saved_with_a_byte_order_mark_read_like_any_other(tmp_path):
    """Windows editors save UTF-8 with a BOM (and CRLF): metadata and pin cites must not change,
    and offsets still count the BOM, as the file holds it."""
    corpus_dir = tmp_path / "corpus"
    (corpus_dir / "statutes").mkdir(parents=True)
    (corpus_dir / "articles").mkdir()
    (corpus_dir / "statutes" / "plain.md").write_text(TINY_STATUTE, "utf-8")
    bom_statute = "\ufeff" + TINY_STATUTE.replace("\n", "\r\n")
    (corpus_dir / "statutes" / "bom.md").write_bytes(bom_statute.encode("utf-8"))
    (corpus_dir / "articles" / "note.md").write_bytes("\ufeff# Notes on the deal\r\n\r\nThe deal was signed.\r\n"
                                                      .encode("utf-8"))
    corpus = load_corpus(corpus_dir, tmp_path)
    plain, bom = corpus.get("plain"), corpus.get("bom")
    assert (bom.kind, bom.citation, bom.title) == (plain.kind, plain.citation, plain.title)
    assert bom.citation == "26 U.S.C. § 7213"
    assert [c.locator for c in chunk_document(bom)] == [c.locator for c in chunk_document(plain)]
    assert all(bom.text[c.start:c.end] == c.text and "\ufeff" not in c.text for c in chunk_document(bom))
    note = corpus.get("note")
    assert note.title == "Notes on the deal"
    [chunk] = chunk_document(note)
    assert (chunk.text, chunk.start) == ("The deal was signed.", 24)

def test_catalog_entries_override_inference_and_unlisted_files_still_load(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / "catalog.json").write_text(
        '{"documents": [{"path": "articles/bread-prices.txt", "id": "bread", "kind": "article",'
        ' "title": "Bread report", "publisher": "Bakers Weekly"}]}', "utf-8")
    corpus = load_corpus(corpus_dir, tmp_path)
    bread = corpus.get("bread")
    assert (bread.title, bread.publisher, bread.author) == ("Bread report", "Bakers Weekly", None)
    assert {d.doc_id for d in corpus.documents} == {"bread", "treasury-deal", "26-usc-7213"}


def test_a_glossary_reads_a_paraphrased_copy_in_the_usual_words_while_citations_keep_its_own(tmp_path, caplog):
    corpus_dir = tmp_path / "corpus"
    (corpus_dir / "articles").mkdir(parents=True)
    text = "Migrants paid $25.7 billion in Social Safety taxes, the Division of Homeland Safety stated.\n"
    (corpus_dir / "articles" / "copy.txt").write_text(text, "utf-8")
    glossary = {"Social Safety": "Social Security", "Division of Homeland Safety": "Department of Homeland Security",
                "stated": "said", "Safety": "Security", "": "x", "bad": 1}
    (corpus_dir / "catalog.json").write_text(json.dumps({"documents": [
        {"path": "articles/copy.txt", "id": "copy", "paraphrased": True, "glossary": glossary}]}), "utf-8")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_dir, tmp_path)
    doc = corpus.get("copy")
    # longest phrase first; entries that are not two pieces of text are left out, with a warning
    assert any("2 glossary entries of articles/copy.txt" in r.getMessage() for r in caplog.records)
    assert doc.glossary[0] == ("Division of Homeland Safety", "Department of Homeland Security")
    assert dict(doc.glossary) == {"Social Safety": "Social Security", "stated": "said", "Safety": "Security",
                                  "Division of Homeland Safety": "Department of Homeland Security"}
    [chunk] = chunk_document(doc)
    assert chunk.text == text.strip() == text[chunk.start:chunk.end]  # the file's own words are cited
    assert chunk.context == ("Migrants paid $25.7 billion in Social Safety (Social Security) taxes, the Division "
                             "of Homeland Safety (Department of Homeland Security) stated (said).")
    # a glossary is part of what the index was built from
    (corpus_dir / "catalog.json").write_text(json.dumps({"documents": [
        {"path": "articles/copy.txt", "id": "copy", "paraphrased": True}]}), "utf-8")
    assert load_corpus(corpus_dir, tmp_path).content_hash != corpus.content_hash
    # whole words only, and a meaning is never read again
    assert read_as("Safetyvalve and Safety", (("Safety", "Security"),)) == "Safetyvalve and Safety (Security)"
    assert read_as("the prison term", ()) == "the prison term"


def test_inference_helpers():
    assert infer_kind("statutes/x.md", "plain") == "statute"
    assert infer_kind("articles/x.md", "#### § 1. Heading") == "article"
    assert infer_kind("x.md", "#### §\u202f1. Heading") == "statute"
    assert infer_kind("x.txt", "Just prose.") == "article"
    assert infer_citation(TINY_STATUTE) == "26 U.S.C. § 7213"
    assert infer_citation("no headings here") is None
    assert infer_title("\n\n## Heading two\nbody", "article", None) == "Heading two"
    long_line = "word " * 60
    title = infer_title(long_line, "article", None)
    assert len(title) <= 100 and title.endswith("…")


def test_an_undecodable_file_is_skipped_with_a_warning_naming_it(tmp_path, caplog):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / "articles" / "broken.txt").write_bytes(b"\xff\xfe\x00bad")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_dir, tmp_path)
    assert len(corpus.documents) == 3
    assert "broken" not in {d.doc_id for d in corpus.documents}
    assert len(corpus.warnings) == 1 and "broken.txt" in corpus.warnings[0]
    assert any("broken.txt" in r.getMessage() for r in caplog.records)


def test_empty_or_missing_corpus_folder_raises_corpus_error(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CorpusError, match="no readable"):
        load_corpus(empty, tmp_path)
    (empty / "blank.txt").write_text("  \n\n", "utf-8")
    (empty / "notes.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CorpusError):
        load_corpus(empty, tmp_path)
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nowhere", tmp_path)


def test_hidden_files_and_readmes_are_not_documents(tmp_path):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / ".draft.txt").write_text("Hidden draft.\n", "utf-8")
    (corpus_dir / "README.md").write_text("# About this folder\n", "utf-8")
    assert len(load_corpus(corpus_dir, tmp_path).documents) == 3


def test_files_of_other_kinds_are_skipped_with_a_warning_naming_them(tmp_path, caplog):
    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / "articles" / "ruling.pdf").write_bytes(b"%PDF-1.4")
    (corpus_dir / "_drafts").mkdir()
    (corpus_dir / "_drafts" / "memo.docx").write_bytes(b"PK")  # a private folder: no warning
    (corpus_dir / ".DS_Store").write_bytes(b"\0")
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_dir, tmp_path)
    assert len(corpus.documents) == 3
    assert len(corpus.warnings) == 1 and "ruling.pdf" in corpus.warnings[0] and ".txt and .md" in corpus.warnings[0]
    assert "memo.docx" not in caplog.text and "DS_Store" not in caplog.text


def test_a_document_with_nothing_to_cite_is_named_when_indexing(tmp_path, caplog, fake_embedder):
    from rag.config import Settings
    from rag.index import build_index

    corpus_dir = write_tiny_corpus(tmp_path / "corpus")
    (corpus_dir / "articles" / "outline.md").write_text("# Outline\n\n## Part one\n\n## Part two\n", "utf-8")
    settings = Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index", root_dir=tmp_path)
    with caplog.at_level(logging.WARNING):
        build_index(settings, load_corpus(corpus_dir, tmp_path), fake_embedder)
    assert "corpus/articles/outline.md has no text to index" in caplog.text
    assert "treasury-deal" not in caplog.text


def test_ids_are_unique_for_any_file_names_and_links_are_read_once(tmp_path, caplog):
    corpus_dir = tmp_path / "corpus"
    (corpus_dir / "articles").mkdir(parents=True)
    for name in ("ü.md", "ñ.md", "notes.md"):
        (corpus_dir / "articles" / name).write_text(f"A note called {name}.\n", "utf-8")
    (corpus_dir / "notes.md").write_text("Another note.\n", "utf-8")
    (corpus_dir / "link.md").symlink_to(corpus_dir / "articles" / "notes.md")
    (corpus_dir / "catalog.json").write_bytes('\ufeff{"documents": [{"path": "articles/ü.md", "title": "U"}]}'
                                              .encode("utf-8"))
    with caplog.at_level(logging.WARNING):
        corpus = load_corpus(corpus_dir, tmp_path)
    ids = [d.doc_id for d in corpus.documents]
    assert len(ids) == len(set(ids)) == 4
    assert {"ü", "ñ", "notes"} <= set(ids)
    assert corpus.get("ü").title == "U"  # a catalog saved with a byte-order mark is read
    assert "a link to a file already in the corpus" in caplog.text

"""Hybrid retrieval: the pure fusion and citation-parsing functions, filters, and cited passages."""

from __future__ import annotations

import difflib
import random
import re

import numpy as np
import pytest
from conftest import FakeEmbedder

from rag.errors import BadInputError
from rag.expansion import expansions, false_friends
from rag.index import lexical_tokens
from rag.retrieval import (
    LegalRef,
    Retriever,
    SharedDirections,
    _is_fragment,
    _top,
    asked_term,
    asks_what_it_says,
    defined_terms,
    names,
    opening_condition,
    parse_legal_refs,
    parse_locator,
    reciprocal_rank_fusion,
    ref_matches,
    same_provision,
)

# ------------------------------------------------------------------ shared directions


def _unit(rows) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_shared_direction_cosines_are_those_of_the_centred_vectors_without_their_main_axes(count):
    rng = np.random.default_rng(count)
    vectors = _unit(rng.standard_normal((200, 16)) + 2 * rng.standard_normal(16))
    query = _unit(rng.standard_normal(16))
    mean = vectors.mean(axis=0, dtype=np.float64)
    axes = np.linalg.svd(vectors - mean, full_matrices=False)[2][:count].T  # the main axes, by SVD
    rests = (vectors - mean) - (vectors - mean) @ axes @ axes.T
    wanted = (query - mean) - axes @ (axes.T @ (query - mean))
    expected = rests @ wanted / np.linalg.norm(rests, axis=1) / np.linalg.norm(wanted)

    assert np.allclose(SharedDirections.of(vectors, count).cosines(vectors @ query, query), expected, atol=1e-5)


def test_a_passage_made_of_what_all_share_no_longer_outranks_the_one_with_the_particulars():
    """120 passages on one topic (axis 0), each with a particular of its own (axes 1-8), half of them
    one kind and half another (axis 9); a hub that is nearly the topic alone. A question on the topic
    and particular 3 is nearest the hub by plain cosine, and to a passage with particular 3 once the
    shared directions are removed."""
    axis = np.eye(12)
    passages = [0.6 * axis[0] + 0.8 * axis[1 + i % 8] + (0.5 if i % 2 else -0.5) * axis[9] for i in range(120)]
    vectors = _unit(passages + [axis[0] + 0.05 * axis[9]])
    hub = 120
    query = _unit(0.8 * axis[0] + 0.5 * axis[3])
    assert int(np.argmax(vectors @ query)) == hub
    best = int(np.argmax(SharedDirections.of(vectors, 1).cosines(vectors @ query, query)))
    assert best != hub and vectors[best] @ axis[3] > 0.5


def test_ranking_by_meaning_leaves_the_reported_similarity_the_plain_cosine(real_assistant):
    """Relevance (and the abstention calibrated on it) stays the plain cosine; only the order changes."""
    retriever = real_assistant.retriever
    assert retriever._shared is not None
    question = "Is there a deadline to sue if I find out someone leaked my tax information?"
    vector = real_assistant.embedder.encode([question])[0]
    plain = real_assistant.index.similarities(vector)
    for hit in retriever.search(question, 10):
        assert hit.dense == pytest.approx(float(plain[real_assistant.index.chunks.index(hit.chunk)]), abs=1e-5)
    cosines, meaning = retriever._dense_scores(vector)
    assert np.allclose(cosines, plain, atol=1e-6)
    assert np.argsort(-meaning)[:10].tolist() != np.argsort(-plain)[:10].tolist()


def test_a_small_corpus_or_zero_directions_ranks_by_plain_cosine(tiny_assistant, real_assistant):
    assert len(tiny_assistant.index.chunks) < 100 and tiny_assistant.retriever._shared is None
    plain = Retriever(real_assistant.index, real_assistant.embedder, shared_directions=0)
    assert plain._shared is None
    cosines, meaning = plain._dense_scores(real_assistant.embedder.encode(["Who signed the agreement?"])[0])
    assert meaning is cosines


# ------------------------------------------------------------------ reciprocal rank fusion


def test_rrf_sums_reciprocal_ranks():
    scores = reciprocal_rank_fusion([[10, 20, 30], [30, 10]], k=60)
    assert scores == pytest.approx({10: 1 / 61 + 1 / 62, 20: 1 / 62, 30: 1 / 63 + 1 / 61})
    assert sorted(scores, key=lambda d: -scores[d]) == [10, 30, 20]


def test_rrf_weights_and_k():
    scores = reciprocal_rank_fusion([[10, 20, 30], [30, 10]], weights=[2.0, 1.0], k=60)
    assert scores == pytest.approx({10: 2 / 61 + 1 / 62, 20: 2 / 62, 30: 2 / 63 + 1 / 61})
    assert reciprocal_rank_fusion([[1, 2]], k=0) == pytest.approx({1: 1.0, 2: 0.5})
    assert reciprocal_rank_fusion([[1], [2]], weights=[1.0, 0.0], k=1) == pytest.approx({1: 0.5, 2: 0.0})


def test_rrf_edge_cases():
    assert reciprocal_rank_fusion([]) == {}
    assert reciprocal_rank_fusion([[], []]) == {}
    # agreement beats a single first place
    scores = reciprocal_rank_fusion([[1, 2], [3, 2]], k=60)
    assert max(scores, key=scores.get) == 2


def test_rrf_is_pure():
    rankings = [[3, 1, 2], [2, 3]]
    first = reciprocal_rank_fusion(rankings)
    assert reciprocal_rank_fusion(rankings) == first
    assert rankings == [[3, 1, 2], [2, 3]]


# ------------------------------------------------------------------ legal citations in questions

@pytest.mark.parametrize("question, expected", [
    ("What does 6103(i)(2) require?", [LegalRef(None, "6103", ("i", "2"))]),
    ("What happens under section 1253(a)(1)?", [LegalRef(None, "1253", ("a", "1"))]),
    ("What is § 7431 about?", [LegalRef(None, "7431", ())]),
    ("penalty in 26 USC 7213", [LegalRef("26", "7213", ())]),
    ("Explain 26 U.S.C. § 6103(i)(2)(B).", [LegalRef("26", "6103", ("i", "2", "B"))]),
    ("Explain 26 U.S.C. §\u202f6103(i)(2)(B)", [LegalRef("26", "6103", ("i", "2", "B"))]),
    # the Internal Revenue Code is Title 26
    ("Does IRC section 6103(i)(2) apply?", [LegalRef("26", "6103", ("i", "2"))]),
    ("Does IRC 7213A's ban reach contractors?", [LegalRef("26", "7213A", ())]),
    ("Under I.R.C. § 7431(c), what damages?", [LegalRef("26", "7431", ("c",))]),
    ("Internal Revenue Code section 6103(b)(2)", [LegalRef("26", "6103", ("b", "2"))]),
    ("What does sec. 7213A prohibit?", [LegalRef(None, "7213A", ())]),
    # typed run together
    ("What does IRC7213A prohibit?", [LegalRef("26", "7213A", ())]),
    ("what does sec6103(i)(2) say", [LegalRef(None, "6103", ("i", "2"))]),
    ("What is 8 U.S.C. 1253?", [LegalRef("8", "1253", ())]),
    ("8 USC § 1253(a)(1)(A)", [LegalRef("8", "1253", ("a", "1", "A"))]),
    ("Who is covered by section 6103( l )(18)?", [LegalRef(None, "6103", ("l", "18"))]),
    ("Who is covered by 6103(l)(18)?", [LegalRef(None, "6103", ("l", "18"))]),
    ("What does 8 USC 1440-1(a) grant?", [LegalRef("8", "1440-1", ("a",))]),
    ("Is § 1400Z–2(b) about deferral?", [LegalRef(None, "1400Z–2", ("b",))]),
    # a part named before its section
    ("What does subsection (b) of 26 U.S.C. section 7431 provide?", [LegalRef("26", "7431", ("b",))]),
    ("what does paragraph (2) of section 6103(i) say", [LegalRef(None, "6103", ("i", "2"))]),
])
def test_parse_legal_refs(question, expected):
    assert parse_legal_refs(question) == expected


def test_parse_legal_refs_most_specific_first_without_duplicates():
    refs = parse_legal_refs("Compare section 7213 with 6103(i)(2) and § 6103(i)(2).")
    assert refs == [LegalRef(None, "6103", ("i", "2")), LegalRef(None, "7213", ())]


@pytest.mark.parametrize("question", [
    "How many immigrants filed taxes in 2025?",
    "Who has to leave within 90 days?",
    "Is the fine $5,000 or more?",
    "What did the 15-page memorandum say?",
    "Is the Internal Revenue Code of 1986 still in force?",
    "",
])
def test_parse_legal_refs_ignores_plain_numbers(question):
    assert parse_legal_refs(question) == []


@pytest.mark.parametrize("question, expected", [
    ("What does 7213A say?", [LegalRef(None, "7213A", ())]),
    ("what does 7213a say", [LegalRef(None, "7213A", ())]),
    ("Is 7431 about damages?", [LegalRef(None, "7431", ())]),
    ("Does 7213A's ban reach contractors?", [LegalRef(None, "7213A", ())]),
    ("Compare 6103(i)(2) with 7431.", [LegalRef(None, "6103", ("i", "2")), LegalRef(None, "7431", ())]),
    ("26 USC 7213 and 7431", [LegalRef("26", "7213", ()), LegalRef(None, "7431", ())]),
    # what the corpus does not have is a number, not a citation
    ("What does 7216 say?", []),
    # amounts and counts are not sections, even when the number is one
    ("Is the fine $7431?", []),
    ("Is the fine 7,431 or 1253.50 dollars?", []),
    ("Did 1253 people leave within 7431 days?", []),
    ("What happened in 2025?", []),
])
def test_a_bare_number_is_a_citation_only_of_a_section_the_corpus_has(question, expected):
    sections = {"6103", "7213", "7213a", "7431", "1253", "2025"}
    assert parse_legal_refs(question, sections) == expected
    assert parse_legal_refs(question) == [r for r in expected if r.path or r.title]  # no sections: none bare


@pytest.mark.parametrize("question, expected", [
    ("What does § 7213A say?", True),
    ("what is 6103 about", True),
    ("Explain 26 U.S.C. § 6103(i)(2).", True),
    ("Quote section 1253(a)(1) in full", True),
    ("Can you summarize what the statute 7431 provides?", True),
    ("What is the general rule laid down in 26 U.S.C. § 6103(a)?", True),
    ("What does § 7213A say about contractors?", False),
    ("Can I sue under 7431?", False),
    ("What must a request under 6103(i)(2) include?", False),
])
def test_asks_what_it_says(question, expected):
    assert asks_what_it_says(question) is expected


def test_defined_terms():
    assert defined_terms("The term “return information” means") == [("return information", False)]
    assert defined_terms("The terms “inspected” and “inspection” mean any examination of a return.") == [
        ("inspected", False), ("inspection", False)]
    assert defined_terms('the term "officer or employee" includes a former officer or employee') == [
        ("officer or employee", False)]
    # a passage that sends the reader to a definition elsewhere
    assert defined_terms("the terms “inspect”, “return”, and “return information” have the respective meanings "
                         "given such terms by section 6103(b).") == [
        ("inspect", True), ("return", True), ("return information", True)]
    assert defined_terms("Returns and return information shall be confidential") == []


@pytest.mark.parametrize("question, term", [
    ("What does return information mean?", "return information"),
    ('What does "taxpayer identity" mean?', "taxpayer identity"),
    ("What does the term disclosure include?", "disclosure"),
    ("What is meant by inspection under § 6103?", "inspection"),
    ("Define disclosure.", "disclosure"),
    ("What is the definition of the term taxpayer identity in 6103?", "taxpayer identity"),
    ("What counts as return information under IRC section 6103(b)(2)?", "return information"),
    ("Does my address count as return information?", "return information"),
    ("What is a Federal agency?", "Federal agency"),
    # a quoted word, with whose it is
    ('How does the tax code define a taxpayer\'s "identity" for disclosure purposes?', "taxpayer identity"),
    ("What is the penalty for unauthorized disclosure of tax returns?",
     "penalty for unauthorized disclosure of tax returns"),  # names no defined term: nothing is lifted
    ("Can ICE get my address?", None),
    ("What does section 7213A say?", None),
])
def test_asked_term(question, term):
    assert asked_term(question) == term


def test_asking_what_a_section_says_gives_its_opening_passages_in_reading_order(tiny_assistant):
    hits = tiny_assistant.search("What does section 7213 say?", k=20)
    cited = [h for h in hits if h.cited]
    chunks = [c for c in tiny_assistant.chunks("26-usc-7213") if c.locator]
    assert hits[: len(cited)] == cited
    assert [h.chunk for h in cited] == chunks[: len(cited)]


@pytest.mark.parametrize("question, expected", [
    ("What did the NYU Tax Law Center say?", ["NYU Tax Law Center"]),
    ("How did the American Immigration Council's Aaron Reichlin-Melnick read it?",
     ["American Immigration Council's Aaron Reichlin-Melnick"]),
    ("In Aaron Reichlin-Melnick's view, is it legal?", ["Aaron Reichlin-Melnick"]),
    ("i filed with an ITIN. Has the IRS sent it to ICE?", ["ITIN", "IRS", "ICE"]),  # not "Has", which opens a sentence
    ("who signed it? was it trump himself", []),  # lower case names nothing: lay users write so
])
def test_names(question, expected):
    assert names(question) == expected


def test_a_rare_name_the_question_uses_ranks_its_passages_higher(tmp_path, fake_embedder):
    from rag.assistant import Assistant
    from rag.config import Settings

    sentences = ["The flour tariff and the oven permit both rose with the bakery levy.",
                 "The oven permit now costs more than the flour tariff.", "The bakery levy pays for the permit office.",
                 "Councillor Quillfeather objected to it.", *(f"Rain fell on day {n} of the spring." for n in range(6))]
    (tmp_path / "corpus" / "articles").mkdir(parents=True)
    (tmp_path / "corpus" / "articles" / "levy.md").write_text("# Levy\n\n" + "\n\n".join(sentences) + "\n")
    question = "What did Quillfeather say about the bakery levy, the flour tariff and the oven permit?"

    def first(weight, question=question):
        settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", root_dir=tmp_path,
                            model=fake_embedder.name, name_weight=weight)
        return Assistant.load(settings, embedder=fake_embedder).search(question, k=1)[0].chunk.text

    assert first(1.0) == "Councillor Quillfeather objected to it."
    assert first(0.0) != "Councillor Quillfeather objected to it."  # the words in common win without it
    # a name in lower case is a word like any other: lay users type so, and so do they type common words
    assert first(1.0, question.replace("Quillfeather", "quillfeather")) == first(0.0)


def test_a_document_named_by_its_author_or_publisher_ranks_its_passages_higher(tmp_path, fake_embedder):
    import json

    from rag.assistant import Assistant
    from rag.config import Settings

    articles = tmp_path / "corpus" / "articles"
    articles.mkdir(parents=True)
    (articles / "ledger.md").write_text("# Levy\n\nThe bakery levy rose again this spring.\n\nBakers objected.\n")
    (articles / "courier.md").write_text("# Levy report\n\nThe bakery levy rose sharply this spring, bakers say.\n\n"
                                         "The oven permit office stayed shut.\n")
    catalog = {"documents": [{"path": "articles/ledger.md", "id": "ledger", "kind": "article", "title": "Levy",
                              "author": "Wren Halloway", "publisher": "Daily Ledger"}]}
    (tmp_path / "corpus" / "catalog.json").write_text(json.dumps(catalog))
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", root_dir=tmp_path,
                        model=fake_embedder.name)
    assistant = Assistant.load(settings, embedder=fake_embedder)
    plain = "What did the report say about the bakery levy rising sharply this spring?"
    assert assistant.search(plain, k=1)[0].chunk.doc_id != "ledger"
    for question in ("What did Wren Halloway report about the bakery levy rising sharply this spring?",
                     "What did Halloway say about the bakery levy rising sharply this spring?",
                     "According to the Daily Ledger, did the bakery levy rise sharply this spring?"):
        assert assistant.retriever.named_documents(question) == {"ledger"}, question
        assert assistant.search(question, k=1)[0].chunk.doc_id == "ledger", question
        assert assistant.retriever.unknown_terms(question) == [], question  # the metadata names them
    assert assistant.retriever.named_documents("What did the ledger say?") == set()  # a name is written as named


def test_parse_locator():
    assert parse_locator("26 U.S.C. § 6103(i)(2)(B)(ii)") == ("26", "6103", ("i", "2", "B", "ii"))
    assert parse_locator("8 U.S.C. § 1253") == ("8", "1253", ())
    assert parse_locator(None) is None
    assert parse_locator("Chapter 3") is None
    assert parse_locator("8 U.S.C. § 1440–1(a)") == ("8", "1440–1", ("a",))


@pytest.mark.parametrize("ref, locator, expected", [
    (LegalRef(None, "6103", ("i", "2")), "26 U.S.C. § 6103(i)(2)", 0),
    (LegalRef(None, "6103", ("i", "2")), "26 U.S.C. § 6103(i)(2)(B)(ii)", 2),
    (LegalRef(None, "6103", ("i", "2")), "26 U.S.C. § 6103(i)(3)", None),
    (LegalRef(None, "6103", ("i", "2")), "26 U.S.C. § 6103(i)", None),  # the parent is not inside the ref
    (LegalRef(None, "6103", ("i", "2")), "26 U.S.C. § 7213(a)(2)", None),
    (LegalRef("26", "7213", ()), "26 U.S.C. § 7213(a)(1)", 2),
    (LegalRef("26", "7213", ()), "26 U.S.C. § 7213A(a)(1)", None),  # 7213 is not 7213A
    (LegalRef(None, "7213A", ()), "26 U.S.C. § 7213A(b)", 1),
    (LegalRef("8", "1253", ("a",)), "26 U.S.C. § 1253(a)", None),  # another title
    (LegalRef("8", "1253", ("a", "1")), "8 U.S.C. § 1253(a)(1)(A)", 1),
    (LegalRef(None, "1253", ()), None, None),
    # the Code prints an en dash in '1440–1'; people type a hyphen
    (LegalRef("8", "1440-1", ("a",)), "8 U.S.C. § 1440–1(a)(2)", 1),
    (LegalRef("8", "1440", ("a",)), "8 U.S.C. § 1440–1(a)(2)", None),
])
def test_ref_matches(ref, locator, expected):
    assert ref_matches(ref, locator) == expected


# ------------------------------------------------------------------ filters and cited passages (fake embedder)

def test_kind_filter_never_returns_other_kinds(tiny_assistant):
    question = "taxpayer return information disclosed to the agency"
    statutes = tiny_assistant.search(question, k=50, kinds=["statute"])
    articles = tiny_assistant.search(question, k=50, kinds=["article"])
    assert statutes and {h.chunk.kind for h in statutes} == {"statute"}
    assert articles and {h.chunk.kind for h in articles} == {"article"}
    both = tiny_assistant.search(question, k=50)
    assert {h.chunk.kind for h in both} == {"statute", "article"}
    answer = tiny_assistant.ask(question, kinds=["article"]).to_dict()
    assert answer["citations"] and {c["kind"] for c in answer["citations"]} == {"article"}


def test_kind_filter_holds_even_for_a_cited_statute(tiny_assistant):
    hits = tiny_assistant.search("What does section 7213(a)(2) require of taxpayer addresses?", k=50,
                                 kinds=["article"])
    assert hits and all(h.chunk.kind == "article" and not h.cited for h in hits)


def test_document_filter(tiny_assistant):
    hits = tiny_assistant.search("agreement addresses flour", k=50, doc_ids=["bread-prices"])
    assert hits and {h.chunk.doc_id for h in hits} == {"bread-prices"}
    hits = tiny_assistant.search("agreement addresses flour", k=50, doc_ids=["bread-prices", "treasury-deal"])
    assert {h.chunk.doc_id for h in hits} == {"bread-prices", "treasury-deal"}
    assert tiny_assistant.search("agreement", kinds=["statute"], doc_ids=["bread-prices"]) == []
    answer = tiny_assistant.ask("What did the bakers switch to?", doc_ids=["bread-prices"]).to_dict()
    assert {c["doc_id"] for c in answer["citations"]} == {"bread-prices"}


def test_unknown_document_id_is_bad_input(tiny_assistant):
    with pytest.raises(BadInputError, match="no-such-doc"):
        tiny_assistant.search("flour", doc_ids=["no-such-doc"])
    with pytest.raises(BadInputError, match="no-such-doc"):
        tiny_assistant.ask("flour", doc_ids=["bread-prices", "no-such-doc"])


def test_unknown_kind_is_bad_input(tiny_assistant):
    with pytest.raises(BadInputError):
        tiny_assistant.ask("flour", kinds=["statue"])


@pytest.mark.parametrize("options, message", [
    ({"top_k": 0}, "top_k must be an int between 1 and 50, not 0"),
    ({"top_k": 51}, "top_k must be an int between 1 and 50, not 51"),
    ({"top_k": "3"}, "top_k must be an int between 1 and 50, not '3'"),
    ({"top_k": 2.5}, "top_k must be an int"),
    ({"top_k": True}, "top_k must be an int"),
    ({"doc_ids": "briefing"}, "unknown document id: briefing$"),
    ({"doc_ids": 5}, "doc_ids must be a list of document ids"),
    ({"doc_ids": [1]}, "doc_ids must be a list of document ids"),
    ({"doc_ids": [["bread-prices"]]}, "doc_ids must be a list of document ids"),
    ({"kinds": "statue"}, "unknown kind 'statue'"),
    ({"kinds": 5}, "kinds must be a list of kinds"),
    ({"kinds": [None]}, "kinds must be a list of kinds"),
])
def test_bad_options_are_bad_input_with_a_clear_message(tiny_assistant, options, message):
    with pytest.raises(BadInputError, match=message):
        tiny_assistant.ask("flour", **options)


def test_search_checks_k_like_ask_checks_top_k(tiny_assistant):
    for k in (0, -1, "3", 1.0):
        with pytest.raises(BadInputError, match="k must be an int"):
            tiny_assistant.search("flour", k=k)
    assert len(tiny_assistant.search("flour", k=1)) == 1


def test_one_document_id_or_kind_may_be_given_as_a_string(tiny_assistant):
    answer = tiny_assistant.ask("What did the bakers switch to?", doc_ids="bread-prices").to_dict()
    assert {c["doc_id"] for c in answer["citations"]} == {"bread-prices"}
    hits = tiny_assistant.search("taxpayer return information", k=50, kinds="statute")
    assert hits and {h.chunk.kind for h in hits} == {"statute"}
    assert len(tiny_assistant.ask("flour", top_k=1).citations) <= 1


def test_a_cited_location_ranks_first(tiny_assistant):
    hits = tiny_assistant.search("What does section 7213(a)(2)(B) say?", k=10)
    top = [h for h in hits if h.cited]
    assert hits[0].cited and hits[0].chunk.locator.startswith("26 U.S.C. § 7213(a)(2)(B)")
    assert {h.chunk.locator for h in top} == {"26 U.S.C. § 7213(a)(2)(B)", "26 U.S.C. § 7213(a)(2)(B)(i)",
                                              "26 U.S.C. § 7213(a)(2)(B)(i)(I)", "26 U.S.C. § 7213(a)(2)(B)(i)(II)",
                                              "26 U.S.C. § 7213(a)(2)(B)(ii)"}
    assert hits[: len(top)] == top  # every cited passage before any other


def test_lexical_match_finds_the_rare_word(tiny_assistant):
    hits = tiny_assistant.search("inspector", k=3)
    assert "bakery inspector" in hits[0].chunk.text
    assert hits[0].lexical > 0 and all(h.lexical == 0 for h in hits[1:])


def test_expansions_name_the_words_used_and_the_terms_they_imply():
    assert expansions("Can I sue if they leaked it, or leak it again?") == [
        (("leaked", "leak"), "disclose disclosure"), (("sue",), "civil action damages")]
    assert expansions("What does section 7213 say?") == []
    # what happens to someone who does something asks for the consequence; what happens to data does not
    assert expansions("What happens to a clerk who opens my file?") == [
        (("What happens to a clerk who",), "penalty fined imprisoned felony")]
    assert expansions("What happens to my file after that?") == []
    # a fine is a penalty; "fine" as "all right" is not
    assert expansions("What's the max fine for snooping?") == [
        (("snooping",), "inspect inspection"), (("max fine",), "penalty fined imprisoned felony")]
    assert expansions("Is it fine to file late?") == []
    assert expansions("Are fewer people filing because they're scared?") == [
        (("scared",), "fear"), (("fewer",), "decline discourage")]
    assert expansions("What if the address doesnt match, or it's not the same address?") == [
        (("doesnt match", "not the same"), "no match")]
    # someone at risk of harm is the law's "imminent danger of death or physical injury"; a case that
    # taxes might "hurt" is not
    assert ("imminent danger death physical injury" in dict(map(reversed, expansions(
        "can the irs call the cops if somebody might get hurt?"))))
    assert expansions("will paying taxes hurt my immigration case?") == []
    assert expansions("we filed together, can my ex see it?") == [(("filed together",), "return filed jointly")]
    assert expansions("me and my ex filed our taxes together back then") == [(("filed our taxes together",),
                                                                             "return filed jointly")]
    # a return put online is printed or published (§ 7213(a)(3)); a parent who died is a decedent, and
    # one who never left after a removal order failed to depart
    assert (("posts it online",), "print publish") in expansions("if someone posts it online is that illegal")
    assert (("passed away",), "decedent heir next of kin estate") in expansions("my dad passed away, can i see it")
    # buying a return is offering something of value for it (§ 7213(a)(4)); legal trouble is a penalty; an
    # agent asking questions is investigating (§ 6103(k)(6)); letting someone talk to the IRS for you is consent
    assert (("cash for", "buy"), "offer material value exchange") in expansions(
        "he offered me cash for a return, is it illegal to buy that")
    assert (("in legal trouble",), "penalty fined imprisoned felony") in expansions("could i get in legal trouble")
    assert (("agent came",), "investigative official duties") in expansions(
        "an irs agent came by asking about my worker")
    assert (("let me talk to them",), "consent designate") in expansions("can he let me talk to them for him")
    assert (("loophole",), "exception exemption") in expansions("what loophole are they using")
    # selling a return is disclosing it, buying one offering value for it; dealing with the IRS about something
    # for someone is acting with their consent
    assert (("sells",), "disclose disclosure") in expansions("if an irs employe sells a tax return to a scammer")
    assert (("gossip", "told people"), "disclose disclosure") in expansions(
        "she loves to gossip. what if she told people what's on my return")
    assert (("let my accountant get",), "consent designate") in expansions("can I let my accountant get my tax info")
    assert (("let my daughter talk",), "consent designate") in expansions("can i let my daughter talk to them")
    assert (("pay somebody to get",), "offer material value exchange") in expansions(
        "if i pay somebody to get me a copy of another persons tax return")
    assert (("pays somebody at the irs",), "offer material value exchange") in expansions(
        "he can get anyones tax return if he pays somebody at the irs for it")
    assert (("deal with the IRS about my tax return for me",), "consent designate") in expansions(
        "I'd like my son to deal with the IRS about my tax return for me")
    # a TRO is the reporting's temporary restraining order; a state prison is the place the law names, not a
    # sentence ("years in prison" stays a false friend)
    assert (("TRO",), "temporary restraining order") in expansions("when the court denied the TRO")
    assert (("state prison", "with the prison"), "Bureau of Prisons State agency administration prisons") in expansions(
        "he is in a state prison, can the irs share his return with the prison")
    assert false_friends("he is in a state prison, can the irs share with the prison") == []
    assert false_friends("how many years in prison for leaking a return") == ["prison"]
    # "is that illegal?" asks whether it is unlawful; the reporting's "illegal" is "illegal immigrants"
    assert false_friends("if he pays somebody at the irs for it, isnt that illegal for him too?") == ["illegal"]
    assert false_friends("how many illegal immigrants file taxes?") == []
    assert false_friends("is it even illegal for an irs worker to look?") == ["illegal"]
    assert false_friends("what if the IRS illegally hands it over?") == []
    assert (("what could happen to him",), "penalty fined imprisoned felony") in expansions(
        "is that illegal, and what could happen to him?")
    assert (("fighting it",), "proper steps securing cancellation exemption") in expansions(
        "his lawyer is still fighting it, is he committing a crime")
    # a guardian of someone with dementia acts for the law's "legally incompetent"; owing more is a deficiency,
    # and how much was collected whether the IRS attempted to collect it; the worst that could happen, a penalty
    assert (("dementia", "guardian"), "legally incompetent committee trustee guardian") in expansions(
        "my mom has dementia, can i get her tax returns as her guardian")
    assert (("owe more",), "deficiency assessed") in expansions("now the IRS says we owe more")
    assert (("how much they've collected",), "attempted collect deficiency") in expansions(
        "how much they've collected")
    assert (("worst that could happen",), "penalty fined imprisoned felony") in expansions(
        "what's the worst that could happen to them")
    assert expansions("did he pass on my info") == [(("pass on",), "disclose disclosure"),
                                                    (("info",), "information")]
    assert expansions("he blabbed it, then ratted me out") == [(("blabbed", "ratted me out"), "disclose disclosure")]
    assert (("hands my tax return to",), "disclose disclosure") in expansions("an employee hands my tax return to "
                                                                           "somebody")
    # machine learning is the reporting's "artificial intelligence"; telling no one is the law's willful
    # inspection; that nothing happens to someone asks for the penalty
    assert (("machine-learning",), "artificial intelligence") in expansions("can ICE run machine-learning analysis")
    assert (("never tell anyone",), "willfully inspect") in expansions("if i look it up and never tell anyone")
    assert (("nothing happens to",), "penalty fined imprisoned felony") in expansions(
        "they blab and nothing happens to them?")
    # a joint filers' tax bill is a deficiency; whether the IRS went after the other one, whether it attempted
    # to collect it from them (§ 6103(e)(8))
    assert expansions("we owe back taxes, did they try to collect from him") == [
        (("owe back taxes",), "deficiency assessed"), (("collect from",), "attempted collect deficiency")]
    assert (("get the money from",), "attempted collect deficiency") in expansions(
        "did they try to get the money from him")
    assert (("going after him",), "attempted collect deficiency") in expansions("is the irs going after him for it")
    # a state's tax office is the law's State agency charged with administering the state's tax laws
    assert (("state tax office",), "State agency body commission administration") in expansions(
        "does my state tax office get to look at what i file")
    assert (("never left",), "fails to depart removal") in expansions("he got an order and never left")
    assert (("pokes around",), "inspect inspection") in expansions("an irs worker who pokes around in my file")
    assert (("have no reason",), "willfully inspect") in expansions("when they have no reason to")
    assert (("nose around",), "inspect inspection") in expansions("an irs worker to just nose around in my file")
    assert (("somebody working at the irs",), "officer employee United States") in expansions(
        "if somebody working at the irs gives my tax stuff out")
    assert (("tax stuff",), "return information returns taxpayer") in expansions("gives my tax stuff out")
    assert (("what kind of trouble",), "penalty fined imprisoned felony") in expansions(
        "what kind of trouble can they get in")
    assert (("coming back into the us",), "reentry reenter") in expansions("prison for coming back into the us")
    assert (("reenters",), "reentry reenter") in expansions("a noncitizen who reenters after removal")
    # data sent somewhere was turned over; a person sent back was deported
    assert (("sent",), "disclose turned handed transferred") in expansions("the irs already sent our info to ICE")
    assert not any("turned" in terms for _, terms in expansions("they sent him back to mexico"))
    # a name "in the news" is one disclosed to the press and other media (§ 6103(m)(1))
    assert (("in the news",), "press media") in expansions("can the irs put my name in the news")
    # being told is being notified; telling someone else something is not
    assert expansions("will they let me know, or will I be told?") == [
        (("let me know", "be told"), "notify notice")]
    assert expansions("can i tell the irs about it") == [(("irs",), "Internal Revenue Service")]
    # a taxpayer's own say-so is consent; acting without permission is not
    assert expansions("Can I give them permission to send it to my lawyer?") == [
        (("give them permission",), "consent designate")]
    assert expansions("what if I give a person's tax return to somebody else") == [
        (("give",), "disclose disclosure"), (("tax return",), "return information returns taxpayer")]
    assert expansions("its ok, send it if i say so") == [(("its ok", "if i say so"), "consent designate")]
    assert expansions("They did it without permission") == [(("without permission",), "unauthorized unlawful")]
    # going through someone's records is inspecting them; going into an office is not
    assert expansions("what if someone went through my file") == [(("went through",), "inspect inspection")]
    assert expansions("can i go into an office") == []
    # a disclosure by mistake is the law's "good faith, but erroneous" one
    assert expansions("they made an honest mistake") == [(("honest mistake",), "good faith erroneous")]
    # looking at a return out of curiosity, telling no one, is willful inspection
    assert expansions("he was nosy but didnt tell anybody") == [(("nosy", "didnt tell anybody"), "willfully inspect")]
    assert expansions("just out of curiosity") == [(("curiosity",), "willfully inspect")]
    # a judge ordering someone out is a final order of removal; a court ordering them to pay is not
    assert expansions("what if a judge orders you out") == [
        (("orders you out",), "final order of removal"), (("judge",), "court order ex parte")]
    assert expansions("the court ordered them to pay damages") == []
    # whether an act is "against the law" is whether it is unlawful; the law itself is not
    assert expansions("is that against the law?") == [(("against the law",), "unlawful violation")]
    assert expansions("what does the law say?") == []
    # a misreading of the law is the law's "good faith, but erroneous, interpretation"
    assert expansions("an honest but mistaken reading of it") == [(("mistaken",), "good faith erroneous")]
    assert expansions("what if they misread the statute") == [(("misread",), "good faith erroneous")]
    # letting someone see a return or deal with the IRS for you is consenting to it; letting your info get
    # out is not
    assert expansions("can i let my sister see it and deal with the irs for me") == [
        (("irs",), "Internal Revenue Service"),
        (("let my sister see", "deal with the irs for me"), "consent designate")]
    assert not any("consent" in terms for _, terms in expansions("an employee let my tax info get out"))
    # someone at the IRS is an officer or employee of the United States
    assert (("someone at the irs",), "officer employee United States") in expansions(
        "someone at the irs went thru my return")


def test_expansion_terms_stand_in_at_full_weight_for_words_the_corpus_never_uses(tiny_assistant):
    retriever = tiny_assistant.retriever
    # 'leaked' is not in the tiny corpus, so 'disclose' stands in for it; 'unlawfully' is, so its
    # terms add at half weight, without 'unlawful', which the question already asks
    assert retriever._expansion_terms("who leaked it unlawfully", asked={"leak", "unlaw"}) == [
        (1.0, ["disclos", "disclosur"]), (0.5, ["unauthor"])]
    hits = tiny_assistant.search("who leaked it", k=1)
    assert "disclose" in hits[0].chunk.text


def test_search_is_deterministic_and_bounded(tiny_assistant):
    first = tiny_assistant.search("taxpayer addresses agreement", k=4)
    again = tiny_assistant.search("taxpayer addresses agreement", k=4)
    assert len(first) == 4
    assert [(h.chunk.chunk_id, h.score) for h in first] == [(h.chunk.chunk_id, h.score) for h in again]
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)
    assert all(0.0 <= h.relevance <= 1.0 for h in first)


def test_search_rejects_bad_questions(tiny_assistant):
    for bad in ["", "   ", "\x00\x01", "x" * 2001, None]:
        with pytest.raises(BadInputError):
            tiny_assistant.search(bad)


# ------------------------------------------------------------------ the real index

@pytest.mark.integration
@pytest.mark.parametrize("question, prefix", [
    ("What must a request under section 6103(i)(2) include?", "26 U.S.C. § 6103(i)(2)"),
    ("What does section 1253(a)(1) say?", "8 U.S.C. § 1253(a)(1)"),
    ("What does § 7431 provide?", "26 U.S.C. § 7431"),
    ("What is the penalty in 26 USC 7213?", "26 U.S.C. § 7213("),
    ("Who is covered by 6103( l )(18)?", "26 U.S.C. § 6103(l)(18)"),
    # a bare section number the corpus has; asking what a section says starts at its beginning, even
    # for a section too big to lift whole (6103 has hundreds of passages)
    ("What does 7213A say?", "26 U.S.C. § 7213A(a)(1)"),
    ("what is 6103 about", "26 U.S.C. § 6103(a)"),
    # the definition of the term asked about ('The term "State" means' outranked it), before the
    # passages that only refer to it ('"inspect" ... ha[s] the meanings given ... by section 6103(b)')
    ("What does return information mean?", "26 U.S.C. § 6103(b)(2)"),
    ("What does inspect mean?", "26 U.S.C. § 6103(b)(7)"),
    ("Define disclosure.", "26 U.S.C. § 6103(b)(8)"),
    # the Code defines "taxpayer identity" and uses "taxpayer identity information" for it
    ("What is taxpayer identity information?", "26 U.S.C. § 6103(b)(6)"),
])
def test_cited_passages_come_first_on_the_real_index(real_assistant, question, prefix):
    hits = real_assistant.search(question, k=5)
    assert hits[0].cited
    assert hits[0].chunk.locator.startswith(prefix)


@pytest.mark.parametrize("text, fragment", [
    ("(1) the greater of", True), ("(2) the costs of the action, plus", True), ("It shall be unlawful for", True),
    ("(2) which is requested by the taxpayer.", False), ("(B) any agency of a State or local government, or", True),
    ("(A) $1,000 for each act of unauthorized inspection or disclosure of a return or return information with "
     "respect to which such defendant is found liable, or", False),  # long enough to say something
])
def test_is_fragment(text, fragment):
    assert _is_fragment(text) is fragment


@pytest.mark.integration
def test_a_word_of_the_section_heading_still_finds_the_passage_that_says_it(real_assistant):
    """Every passage of § 6103 sits under "Confidentiality and disclosure of returns and return information";
    only § 6103(a) says "shall be confidential" (it ranked below 40 when headings were indexed for words)."""
    hits = real_assistant.search("Is my tax information confidential?", k=5)
    assert "26 U.S.C. § 6103(a)" in [h.chunk.locator for h in hits]


def test_false_friends_are_the_everyday_words_the_corpus_uses_in_another_sense():
    assert false_friends("How many years in prison for leaking it?") == ["prison"]
    assert false_friends("Can they jail me?") == []  # the corpus never says "jail": its terms stand in anyway


@pytest.mark.integration
def test_prison_finds_imprisonment_not_the_bureau_of_prisons_on_the_real_index(real_assistant):
    """The statutes' "prisons" are the Bureau of Prisons (§ 6103(k)(10)); a sentence is "imprisonment"."""
    retriever = real_assistant.retriever
    # the corpus says "prison", so its terms would only add at half weight: they replace it instead
    assert "prison" in retriever.index.lexical.vocab_dict
    assert retriever._expansion_terms("years in prison", asked=set())[0][0] == 1.0
    hits = real_assistant.search("What is the prison sentence for an IRS employee who discloses my return?", k=3)
    assert hits[0].chunk.locator == "26 U.S.C. § 7213(a)(1)"
    assert "imprisonment of not more than 5 years" in hits[0].chunk.text


@pytest.mark.parametrize("question, asked, condition", [
    ("if i pay taxes with an itin can ice use the irs to find my adress?",
     " can ice use the irs to find my adress?", "if i pay taxes with an itin"),
    ("If the IRS leaks my info, can I sue?", " can I sue?", "If the IRS leaks my info,"),
    ("When the judge denied the order, what did she say?", " what did she say?", "When the judge denied the order,"),
    # no opening condition, or nothing after it worth asking
    ("Can ICE get my address if I file with an ITIN?", "Can ICE get my address if I file with an ITIN?", ""),
    ("When was the agreement signed?", "When was the agreement signed?", ""),
    ("When is the deadline to sue?", "When is the deadline to sue?", ""),
    ("what if i file, can i?", "what if i file, can i?", ""),
])
def test_opening_condition(question, asked, condition):
    assert opening_condition(question) == (asked, condition)


@pytest.mark.integration
def test_an_opening_condition_counts_less_on_the_real_index(real_assistant):
    """"if i pay taxes with an itin" matched the articles' "pay federal taxes under individual
    taxpayer identification numbers" and outranked how ICE gets an address."""
    hits = real_assistant.search("if i pay taxes with an itin can ice use the irs to find my adress?", k=1)
    assert hits[0].chunk.text.startswith("Once ICE provides this information, the IRS will check whether the address")


@pytest.mark.integration
def test_being_told_finds_the_notice_on_the_real_index(real_assistant):
    """The taxpayer is notified of an unauthorized disclosure only in § 7431(e), which "let me know"
    did not find."""
    hits = real_assistant.search("if someone at the irs gets charged for leaking my info will they let me know?", k=2)
    assert "26 U.S.C. § 7431(e)" in [h.chunk.locator for h in hits]


@pytest.mark.integration
def test_a_fine_finds_a_penalty_on_the_real_index(real_assistant):
    """"fine" is one word of the statutes' "fine in any amount not exceeding $1,000"; alone it found
    § 6103(e)(7)'s disclosure rule."""
    hits = real_assistant.search("What's the max fine for snooping in someone's tax return?", k=1)
    assert hits[0].chunk.locator == "26 U.S.C. § 7213A(b)(1)"


@pytest.mark.integration
def test_a_fragment_of_a_list_ranks_below_a_whole_provision_on_the_real_index(real_assistant):
    """"(2) the costs of the action, plus" shares the question's words through its lead-in, but says nothing alone."""
    question = "can i sue the goverment if the irs gave my info out when they wernt supposed to"
    hits = real_assistant.search(question, k=10)
    locators = [h.chunk.locator for h in hits]
    whole = locators.index("26 U.S.C. § 7431(a)(1)")
    assert whole < 3 and "such taxpayer may bring a civil action for damages" in hits[whole].chunk.text
    assert "26 U.S.C. § 7431(c)(2)" not in locators[:5]


@pytest.mark.integration
def test_who_said_what_on_the_real_index(real_assistant):
    """He is named two sentences before his words ("..., he added"); the question names him."""
    hits = real_assistant.search("In Aaron Reichlin-Melnick's view, what does the MOU mainly seem aimed at?", k=3)
    assert "primarily to be aimed at criminal investigations" in hits[0].chunk.text
    assert "Reichlin-Melnick says" in hits[0].chunk.context


@pytest.mark.integration
def test_a_provision_asked_of_reporting_finds_the_reporting_that_names_it_on_the_real_index(real_assistant):
    """How a judge read a section is reporting (the law is left out): where the section is named."""
    answer = real_assistant.ask("How did the district judge interpret the text of section 6103(i)(2) when "
                                "rejecting the preliminary injunction?")
    assert not answer.abstained
    assert "In addition, she ruled section 6103(i)(2)’s text is clear" in answer.citations[0].quote
    hits = real_assistant.search("What did reporters say about section 6103(i)(2)?", k=5, kinds=["article"])
    assert any("6103(i)(2)" in h.chunk.text for h in hits[:2])


def test_same_provision_is_the_cited_one_or_a_part_of_it():
    ref = LegalRef("26", "6103", ("i", "2"))
    assert same_provision(ref, LegalRef(None, "6103", ("i", "2")))
    assert same_provision(ref, LegalRef(None, "6103", ("i", "2", "A")))
    assert not same_provision(ref, LegalRef(None, "6103", ()))  # "Section 6103" may mean any part
    assert not same_provision(ref, LegalRef(None, "6103", ("i", "3")))
    assert not same_provision(ref, LegalRef("8", "6103", ("i", "2")))


@pytest.mark.integration
def test_the_author_of_an_article_is_known_on_the_real_index(real_assistant):
    answer = real_assistant.ask("What did Marshall Cohen report about the deal?")
    assert not answer.abstained  # the catalog names him, though the article's text does not
    assert answer.citations[0].doc_id == "cnn-irs-ice-deal-finalized"


@pytest.mark.integration
def test_law_only_and_reporting_only_on_the_real_index(real_assistant):
    question = "Can the IRS give my address to ICE?"
    law = real_assistant.ask(question, kinds=["statute"]).to_dict()
    news = real_assistant.ask(question, kinds=["article"]).to_dict()
    assert law["citations"] and {c["kind"] for c in law["citations"]} == {"statute"}
    assert news["citations"] and {c["kind"] for c in news["citations"]} == {"article"}


# ------------------------------------------------------------------ fast paths equal the plain computation


@pytest.mark.parametrize("seed", range(20))
def test_top_equals_a_stable_sort_of_the_allowed_scores(seed):
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 60))
    scores = rng.integers(0, 5, size).astype(np.float32)  # many ties
    allowed = rng.random(size) < 0.7
    n = int(rng.integers(1, 30))
    candidates = np.flatnonzero(allowed)
    expected = candidates[np.argsort(-scores[candidates], kind="stable")][:n].tolist()
    assert _top(scores, allowed, n) == expected


def test_spelling_correction_gives_what_difflib_gives_over_every_term(tiny_assistant):
    """The letter-count prefilter only skips terms that cannot reach difflib's cutoff."""
    class Speller(FakeEmbedder):
        vocabulary = frozenset({"the"})  # non-empty: correction is on

    index = tiny_assistant.index
    retriever = Retriever(index, Speller())
    terms = sorted(index.lexical.vocab_dict)
    rng = random.Random(0)
    typos = set()
    for term in [t for t in terms if t.isalpha() and len(t) >= 4]:
        for _ in range(3):
            i = rng.randrange(len(term))
            typos.add(rng.choice([term[:i] + term[i + 1:], term[:i] + rng.choice("aeiou") + term[i:],
                                  term[:i] + rng.choice("xyzq") + term[i + 1:]]))
    typos = sorted(t for t in typos if len(t) >= 4 and t not in index.lexical.vocab_dict and t != "the")
    assert len(typos) > 50
    for typo in typos:
        close = difflib.get_close_matches(typo, terms, n=1, cutoff=0.8)
        assert retriever._spelled(typo) == (close[0] if close else typo), typo


def test_unknown_terms_are_absent_sections_and_names(tiny_assistant):
    unknown = tiny_assistant.retriever.unknown_terms
    assert unknown("What does 26 U.S.C. § 9999(a) say?") == ["26 U.S.C. § 9999(a)"]
    assert unknown("What does 26 U.S.C. § 7213(b) say?") == []
    assert unknown("What does 8 U.S.C. § 7213(b) say?") == []  # the section is here, under another title
    assert unknown("Does § 7213 or § 9999 apply?") == []  # it cites something the corpus has
    # 'IRC' is part of the citation, not a name the corpus lacks
    assert unknown("What does IRC 7213(b) say?") == []
    assert unknown("What does IRC 9999 say?") == ["26 U.S.C. § 9999"]
    assert unknown("What did Secretary Zorblax say about the deal?") == ["Zorblax"]
    # a contraction of a stopword, chat shorthand or "Mom" names nothing ("Hi, I'm ..." was refused for "I'm")
    assert unknown("Hi, I'm scared and my Mom too. OK so TBH I'd like to know, can ICE see it? LOL") == []
    assert unknown("My English isn't great. Can my son talk to the IRS for me?") == []
    assert unknown("What did the Treasury say about the deal?") == []
    # the corpus writes "the U.S.": "the US" is not a name it lacks (a lay question about leaving
    # "the US" was refused for it); an acronym it has in no spelling still is
    assert unknown("Who signed a deal with the US immigration agency?") == []
    assert unknown("Who signed a deal with the UK immigration agency?") == ["UK"]
    # a form or code of letters and digits, or the year asked about, that the corpus never writes
    assert unknown("can the agency make my employer hand over my W-2s") == ["W-2s"]
    assert unknown("does the agreement cover 1099-K forms or w2s?") == ["1099-K", "w2s"]
    assert unknown("How many addresses did the agency request in fiscal year 2019?") == ["2019"]
    assert unknown("What did Rep. Ann Smith say in 2025?") == []  # the corpus writes 2025
    # ... not a year that sets the scene, an ordinal, an amount or a time: lay wording, not names
    assert unknown("I have filed my taxes every year since 2019: is my address shared?") == []
    # ... nor the year of the asker's own story
    assert unknown("my uncle got a deportation order back in 2019 and never left. can he go to jail?") == []
    assert unknown("My brother was ordered removed in 2019. Is staying a crime?") == []
    assert unknown("my 2nd job paid 10k by 5pm in the 1990s, is it covered?") == []
    # ... nor a citation typed run together, holding a section the corpus has
    assert unknown("What does IRC7213 say?") == []
    assert unknown("what does sec7213a1 say?") == []
    assert unknown("What does IRC9999 say?") == ["26 U.S.C. § 9999"]
    assert unknown("What does 7213b1 say?") == []


def test_unknown_terms_include_tax_and_immigration_subjects_the_corpus_never_names(tiny_assistant):
    unknown = tiny_assistant.retriever.unknown_terms
    assert unknown("can i still get the earned income credit if i file with an itin") == ["earned income credit"]
    assert unknown("does the dmv give my address to ice?") == ["dmv"]
    assert unknown("would they take my drivers license away") == ["drivers license"]
    assert unknown("can they garnish my wages") == ["garnish"]
    assert unknown("when is the tax filing deadline this year") == ["tax filing deadline"]
    assert unknown("i got an extension, when are my taxes due now?") == ["taxes due"]
    assert unknown("Can DACA recipients be deported?") == ["DACA"]  # once, though a name and a subject
    assert unknown("can uscis deny my green card") == ["green card", "uscis"]
    # a subject inside another word is not that subject
    assert unknown("what counts as unearned income") == []


@pytest.mark.integration
def test_tax_and_immigration_subjects_the_real_corpus_names_are_known(real_assistant):
    unknown = real_assistant.retriever.unknown_terms
    # a reporter names a green card holder; nothing names the child tax credit
    assert unknown("can ice get my tax info if i have a green card") == []
    assert unknown("can i get the child tax credit with an itin") == ["child tax credit"]
    answer = real_assistant.ask("if i file with an ITIN can i get the earned income tax credit")
    assert answer.abstained and "earned income tax credit" in answer.answer


@pytest.mark.integration
def test_without_papers_finds_undocumented_on_the_real_index(real_assistant):
    """Reporting says "undocumented immigrants"; "people without papers" found only "alien" and
    "immigrants" in passages about something else."""
    hits = real_assistant.search("why do people without papers even bother filing taxes with the IRS?", k=5)
    assert any(h.chunk.text.startswith("Many undocumented immigrants register with the IRS") for h in hits)


@pytest.mark.integration
def test_the_paraphrased_copy_is_found_by_the_words_it_stands_for_on_the_real_index(real_assistant):
    """The machine-paraphrased copy writes "Social Safety" for Social Security; its catalog glossary
    lets a question in the usual words find it, and the answer still quotes the file's words."""
    answer = real_assistant.ask("how much do undocumented workers pay into social security")
    first = answer.citations[0]
    assert first.doc_id == "irs-dhs-data-sharing-paraphrased" and "$25.7 billion in Social Safety" in first.quote


def test_a_misspelt_question_word_is_read_as_the_corpus_writes_it(tiny_assistant):
    """The dense model reads the respelled question: "illegaly" encodes far from "illegal"."""
    class Speller(FakeEmbedder):
        vocabulary = frozenset(lexical_tokens("the disclose return"))  # words the model knows

    index = tiny_assistant.index
    retriever = Retriever(index, Speller())
    words = {w for chunk in index.chunks for w in re.findall(r"\b[a-z]{5,}\b", chunk.text)}
    word = next(w for w in sorted(words) if len(w) >= 7 and lexical_tokens(w)[0] not in Speller.vocabulary)
    typo = word[:3] + word[4:]  # one letter dropped
    assert retriever.respelled(f"what if they {typo} the return") == f"what if they {word} the return"
    # known words, contractions typed without an apostrophe, short and capitalised words stay
    assert retriever.respelled("theyre sure: disclose it") == "theyre sure: disclose it"
    assert retriever.respelled(f"Is {typo.capitalize()} a name?") == f"Is {typo.capitalize()} a name?"
    assert retriever.respelled("what if qzxwv") == "what if qzxwv"  # nothing close
    # no vocabulary, no correction (a model whose words are unknown)
    assert Retriever(index, FakeEmbedder()).respelled(f"if they {typo} it") == f"if they {typo} it"


@pytest.mark.integration
def test_someone_at_risk_of_harm_finds_the_imminent_danger_disclosure(real_assistant):
    hits = real_assistant.search("can the irs tell police if a taxpayer threatens to hurt someone", k=1)
    assert hits[0].chunk.locator == "26 U.S.C. § 6103(i)(3)(B)(i)"


@pytest.mark.integration
def test_a_misspelt_everyday_word_implies_the_legal_terms_the_spelt_one_does(real_assistant):
    # "punishmint" is read as "punishment", which implies "penalty fined imprisoned felony"
    spelt = real_assistant.search("what is the punishment for leaking tax returns", k=1)
    typed = real_assistant.search("what is the punishmint for leaking tax returns", k=1)
    assert typed[0].chunk.chunk_id == spelt[0].chunk.chunk_id
    assert typed[0].chunk.locator.startswith("26 U.S.C. § 7213")


@pytest.mark.integration
def test_a_misspelt_question_finds_what_the_spelt_one_does(real_assistant):
    spelt = real_assistant.search("how much money could I get if someone illegally disclosed my tax return", k=1)
    typed = real_assistant.search("how much money could I get if someone illegaly disclosed my tax return", k=1)
    assert typed[0].chunk.text.startswith("(A) $1,000 for each act of unauthorized inspection or disclosure")
    assert typed[0].chunk.chunk_id == spelt[0].chunk.chunk_id


def test_a_wanted_passage_follows_the_best_when_none_of_them_is_one(tiny_assistant):
    retriever = tiny_assistant.retriever
    question = "Can an employee disclose a return?"
    best = retriever.search(question, k=2)
    rest = [h for h in retriever.search(question, k=50) if h.chunk.chunk_id not in {b.chunk.chunk_id for b in best}]
    wanted_text = rest[-1].chunk.text
    hits = retriever.search(question, k=2, wanted=lambda text: text == wanted_text)
    assert hits[:2] == best and len(hits) == 3 and hits[2].chunk.text == wanted_text
    # none is added when one of the best is wanted already, nor when nothing is
    assert retriever.search(question, k=2, wanted=lambda text: text == best[1].chunk.text) == best
    assert retriever.search(question, k=2, wanted=lambda text: False) == best


def test_a_provision_sentence_carried_in_a_candidate_s_context_is_a_candidate_too(real_assistant):
    # § 6103(c)'s "However, return information shall not be disclosed ..." carries its first sentence, the
    # consent the question asks about, in its context: that sentence is quoted, not the "However"
    answer = real_assistant.ask("can I let my accountant get my tax info directly from the IRS? is that even allowed")
    first = answer.citations[0]
    assert first.locator == "26 U.S.C. § 6103(c)"
    assert first.quote.startswith("The Secretary may, subject to such requirements")

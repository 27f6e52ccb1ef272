"""HTML rendering on hand-made answers and documents."""

import json
import re
from html import unescape
from urllib.parse import unquote

from rag.chunking import Chunk
from rag.corpus import Document
from rag.quotes import QuoteMatch
from rag.render import (
    answer_html,
    context_span,
    document_html,
    message_html,
    outline,
    quote_report_html,
    viewer_html,
)

STATUTE_TEXT = """# Title 26— INTERNAL REVENUE CODE

#### §\u202f6103. Confidentiality

##### (a) General rule

Returns shall be confidential.

##### (i) Disclosure

(2) Disclosure of return information

(A) In general

Upon receipt the Secretary shall disclose return information to <agency> officers.

(B) Requirements

A request meets the requirements if it is in writing.
"""
ARTICLE_TEXT = """The deal was signed Monday. ICE will send names to the IRS. The IRS will check addresses.
Recommended Stories
- A link that is not part of the story
- Another link
Critics say the deal is <b>unlawful</b>. A hearing is set for next week.
"""
STATUTE = Document(doc_id="usc", source="corpus/statutes/usc.md", kind="statute", citation="26 U.S.C. § 6103",
                   title="26 U.S.C. § 6103 - Confidentiality", text=STATUTE_TEXT)
ARTICLE = Document(doc_id="news", source="corpus/articles/news.txt", kind="article", title="IRS & ICE <deal>",
                   text=ARTICLE_TEXT, publisher="CNN", author="A. Reporter", date="2025-04-08")
COPY = Document(doc_id="copy", source="corpus/articles/copy.txt", kind="article", title="Reworded copy",
                text="The IRS will test addresses.\n", note="Machine-paraphrased copy of a report.")
DOCUMENTS = {d.doc_id: d for d in (STATUTE, ARTICLE, COPY)}


def span_of(doc: Document, quote: str) -> tuple[int, int]:
    start = doc.text.index(quote)
    return start, start + len(quote)


def chunk(doc: Document, quote: str, locator: str | None, ordinal: int = 0) -> Chunk:
    start, end = span_of(doc, quote)
    return Chunk(f"c{start}", doc.doc_id, doc.source, start, end, quote, locator, quote, doc.kind, doc.title,
                 ordinal)


STATUTE_CHUNKS = [
    chunk(STATUTE, "Returns shall be confidential.", "26 U.S.C. § 6103(a)"),
    chunk(STATUTE, "Upon receipt the Secretary shall disclose return information to <agency> officers.",
          "26 U.S.C. § 6103(i)(2)(A)"),
    chunk(STATUTE, "A request meets the requirements if it is in writing.", "26 U.S.C. § 6103(i)(2)(B)"),
]


def citation(n: int, doc: Document, quote: str, locator: str | None = None) -> dict:
    start, end = span_of(doc, quote)
    return {"n": n, "doc_id": doc.doc_id, "title": doc.title, "kind": doc.kind, "locator": locator,
            "source": doc.source, "start": start, "end": end, "quote": quote, "score": 0.8,
            "publisher": doc.publisher, "author": doc.author, "date": doc.date}


def answer(abstained: bool = False, with_sentences: bool = True) -> dict:
    law = "A request meets the requirements if it is in writing."
    news = "ICE will send names to the IRS."
    data = {
        "question": "What must a <request> include?",
        "answer": f"26 U.S.C. § 6103(i)(2)(B): “{law}” [1] {news} [2]",
        "abstained": abstained,
        "citations": [citation(1, STATUTE, law, "26 U.S.C. § 6103(i)(2)(B)"), citation(2, ARTICLE, news)],
        "timing_ms": {"retrieve": 10.0, "answer": 1.0, "total": 11.0},
    }
    if with_sentences:
        data["sentences"] = [
            {"text": f"26 U.S.C. § 6103(i)(2)(B): “{law}”", "citations": [1], "kind": "statute"},
            {"text": news, "citations": [2], "kind": "article"},
        ]
    return data


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_answer_separates_the_law_from_the_reporting_with_markers_and_cards():
    html = answer_html(answer(), DOCUMENTS, "markdown")
    law, reporting = html.index("What the law says"), html.index("What reporters say")
    assert law < html.index('data-cite="1"') < reporting < html.index('data-cite="2"')
    assert html.count('class="lx-marker"') == 2
    assert 'data-card="1"' in html and 'data-card="2"' in html
    assert '<span class="lx-pin">26 U.S.C. § 6103(i)(2)(B)</span>' in html
    assert "lx-badge-statute\">Law<" in html and "lx-badge-article\">Reporting<" in html
    assert "A. Reporter · CNN · 2025-04-08" in html
    assert 'data-total-ms="11.0"' in html


def test_the_sections_follow_the_answer_when_it_opens_with_reporting():
    data = answer()
    data["sentences"].reverse()
    html = answer_html(data, DOCUMENTS, "markdown")
    assert html.index("What reporters say") < html.index("What the law says")


def test_claims_are_parsed_from_the_answer_text_without_sentences():
    html = answer_html(answer(with_sentences=False), DOCUMENTS, "markdown")
    assert "What the law says" in html and "What reporters say" in html
    assert html.count('class="lx-marker"') == 2


def test_related_passages_are_listed_after_the_claims_and_marked_on_their_cards():
    data = answer()
    data["citations"][1]["quoted"] = False
    data["sentences"][1] = {"text": "Other passages that may be relevant:", "citations": [2], "kind": "related"}
    html = answer_html(data, DOCUMENTS, "markdown")
    assert "What reporters say" not in html  # a related passage is not a claim
    assert html.index("What the law says") < html.index('<p class="lx-related">') < html.index('data-card="1"')
    card = html[html.index('data-card="2"'):]
    assert "related, not quoted" in card[:card.index("</header>")]
    assert "related, not quoted" not in html[html.index('data-card="1"'):html.index('data-card="2"')]
    # the same from the answer text alone, as an answer object without `sentences` gives it
    del data["sentences"]
    data["answer"] = data["answer"].replace("ICE will send names to the IRS. [2]",
                                            "Other passages that may be relevant: [2]")
    html = answer_html(data, DOCUMENTS, "markdown")
    assert "What reporters say" not in html and '<p class="lx-related">' in html
    # the closest passages of an abstention are not an answer already: no pill
    data["abstained"] = True
    assert "related, not quoted" not in answer_html(data, DOCUMENTS, "markdown")


def test_card_quote_is_highlighted_in_one_sentence_of_context_each_side():
    html = answer_html(answer(), DOCUMENTS, "markdown")
    card = html[html.index('data-card="2"'):]
    context = card[card.index('<blockquote'):card.index("</blockquote>")]
    assert '<mark class="lx-quote">ICE will send names to the IRS.</mark>' in context
    assert text_of(context) == ARTICLE_TEXT.split("\n")[0]


def test_copy_button_carries_a_ready_to_paste_citation():
    html = answer_html(answer(), DOCUMENTS, "markdown")
    copied = unescape(re.search(r'data-copy="([^"]*)"', html).group(1))
    assert copied == '26 U.S.C. § 6103(i)(2)(B) ("A request meets the requirements if it is in writing.")'


def test_exports_are_data_links_with_markdown_and_the_answer_object():
    data = answer()
    html = answer_html(data, DOCUMENTS, "# The answer\n")
    links = dict(re.findall(r'download="([^"]+)" href="data:[^,]+,([^"]*)"', html))
    assert unquote(unescape(links["lexcite-answer.md"])) == "# The answer\n"
    assert json.loads(unquote(unescape(links["lexcite-answer.json"]))) == data


def test_abstention_shows_closest_passages_not_an_answer():
    html = answer_html(answer(abstained=True), DOCUMENTS, "markdown")
    assert "Not answered by these documents" in html
    assert "Closest passages" in html and "not an answer" in html
    assert "What the law says" not in html and 'class="lx-marker"' not in html


def test_document_text_and_user_text_are_escaped():
    html = answer_html(answer(), DOCUMENTS, "markdown")
    assert "<request>" not in html and "&lt;request&gt;" in html
    assert "<deal>" not in html and "IRS &amp; ICE &lt;deal&gt;" in html
    page = document_html(ARTICLE, [])
    assert "<b>" not in page and "&lt;b&gt;unlawful&lt;/b&gt;" in page
    assert "<agency>" not in document_html(STATUTE, STATUTE_CHUNKS)
    assert "&lt;script&gt;" in message_html("<script>", "x")


def test_context_stops_at_site_furniture():
    quote = "Critics say the deal is <b>unlawful</b>."
    left, right = context_span(ARTICLE, *span_of(ARTICLE, quote))
    assert ARTICLE.text[left:right] == quote + " A hearing is set for next week."


def test_context_reaches_into_the_neighbouring_line():
    left, right = context_span(STATUTE, *span_of(STATUTE, "Returns shall be confidential."))
    assert STATUTE.text[left:right] == "Returns shall be confidential."
    quote = "A request meets the requirements if it is in writing."
    left, right = context_span(STATUTE, *span_of(STATUTE, quote))
    assert STATUTE.text[left:right] == "(B) Requirements\n\n" + quote


def test_statute_outline_lists_subsections_and_paragraphs_at_their_lines():
    entries = outline(STATUTE, STATUTE_CHUNKS)
    assert [(level, label) for level, label, _ in entries] == [
        (1, "(a) General rule"), (1, "(i) Disclosure"), (2, "(2) Disclosure of return information")]
    for _, label, offset in entries:
        assert STATUTE.text[offset:].lstrip("# ").startswith(label)
    html = document_html(STATUTE, STATUTE_CHUNKS)
    for _, _, offset in entries:
        assert f'data-jump="{offset}"' in html and f'data-at="{offset}"' in html


def test_document_highlights_the_span_and_indents_provisions():
    span = span_of(STATUTE, "shall disclose return information")
    html = document_html(STATUTE, STATUTE_CHUNKS, span)
    assert '<mark class="lx-hit lx-target">shall disclose return information</mark>' in html
    assert 'style="--depth:2">Upon receipt' in html
    assert 'lx-item-heading" data-at' in html
    assert 'role="heading" aria-level="6">(a) General rule' in html


def test_highlight_across_lines_marks_each_line_and_targets_the_first():
    span = span_of(ARTICLE, "check addresses.\nRecommended")
    html = document_html(ARTICLE, [], span)
    assert html.count("<mark") == 2 and html.count("lx-target") == 1


def test_site_furniture_is_boxed_and_labelled():
    html = document_html(ARTICLE, [])
    box = html[html.index('class="lx-furniture"'):]
    assert box.index("Not part of the article · link list") < box.index("Recommended Stories")
    assert box.index("Another link") < box.index("</div></div>")
    assert html.count('class="lx-furniture"') == 1


def test_viewer_is_a_dialog_with_a_close_button():
    html = viewer_html(STATUTE, STATUTE_CHUNKS, span_of(STATUTE, "Returns shall be confidential."))
    assert 'role="dialog"' in html and "data-close" in html and "lx-target" in html


def test_quote_report_counts_sources_and_marks_differences():
    verbatim = QuoteMatch("news", ARTICLE.source, *span_of(ARTICLE, "The IRS will check addresses."),
                          "The IRS will check addresses.", 1.0, True, False,
                          (("equal", "The IRS will check addresses."),))
    near = QuoteMatch("copy", COPY.source, *span_of(COPY, "The IRS will test addresses."),
                      "The IRS will test addresses.", 0.8, False, True,
                      (("equal", "The IRS will "), ("delete", "check "), ("insert", "test "),
                       ("equal", "addresses.")))
    html = quote_report_html([verbatim, near], DOCUMENTS)
    assert "Found verbatim in 1 document and nearly in 1 document." in html
    assert "<del>check </del><ins>test </ins>" in html
    assert html.count("lx-verbatim") == 1 and "Near match · 80%" in html
    assert html.count("lx-status lx-paraphrase") == 1
    assert html.count("data-show") == 2


def test_quote_report_says_when_nothing_is_found():
    assert "Not found" in quote_report_html([], DOCUMENTS)


def test_a_card_joining_adjacent_passages_names_their_pin_cites():
    data = answer()
    first = data["citations"][0]
    first["parts"] = [{"locator": "26 U.S.C. § 6103(i)(2)(B)", "start": first["start"], "end": first["start"] + 5},
                      {"locator": "26 U.S.C. § 6103(i)(2)(B)(i)", "start": first["start"] + 6, "end": first["end"]}]
    html = answer_html(data, DOCUMENTS, "markdown")
    card = html[html.index('data-card="1"'):html.index('data-card="2"')]
    assert "26 U.S.C. § 6103(i)(2)(B), with (i)" in text_of(card)

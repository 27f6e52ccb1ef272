"""Quote checking on small hand-made documents."""

import pytest

from rag.corpus import Document
from rag.errors import BadInputError
from rag.quotes import MAX_QUOTE_CHARS, check_quote

SPOKESPERSON = ("“The bases for this (memorandum of understanding) are founded in longstanding authorities "
                "granted by Congress, which serve to protect the privacy of law-abiding Americans,” "
                "a Treasury spokesperson said.")
PARAPHRASED = ("“The bases for this MOU are based in longstanding authorities granted by Congress, which "
               "serve to guard the privateness of law-abiding People,” the spokesperson added.")


def article(doc_id: str, text: str, note: str | None = None) -> Document:
    return Document(doc_id=doc_id, source=f"corpus/articles/{doc_id}.txt", kind="article",
                    title=doc_id.title(), text=text, note=note)


@pytest.fixture
def documents():
    return (
        article("wire", "Intro line.\n" + SPOKESPERSON + "\nOther news.\n"),
        article("paper", "\n\nThe deal was signed Monday. " + SPOKESPERSON + "\n"),
        article("copy", "Opening.\n" + PARAPHRASED + "\n", note="Machine-paraphrased copy of a news report."),
        article("elsewhere", "Nothing about taxes here. The weather was mild all week.\n"),
        Document(doc_id="usc", source="corpus/statutes/usc.md", kind="statute", title="26 U.S.C. § 6103",
                 text="#### §\u202f6103. Confidentiality\n\n(2) a taxpayer’s identity shall not be treated "
                      "as taxpayer return information —\n"),
    )


def test_verbatim_match_maps_back_to_exact_offsets(documents):
    words = "founded in longstanding authorities granted by Congress"
    matches = check_quote(documents, f'"{words}"')
    assert [(m.doc_id, m.exact) for m in matches] == [("wire", True), ("paper", True), ("copy", False)]
    for match in matches[:2]:
        doc = next(d for d in documents if d.doc_id == match.doc_id)
        assert doc.text[match.start:match.end] == match.text == words
        assert match.exact and not match.paraphrase and match.similarity == 1.0
        assert match.diff == (("equal", match.text),)


def test_normalises_quotes_spaces_and_dashes(documents):
    [match] = check_quote(documents, "§ 6103. Confidentiality")
    assert match.text == "§\u202f6103. Confidentiality"
    [match] = check_quote(documents, "a taxpayer's identity shall not be treated")
    assert match.text == "a taxpayer’s identity shall not be treated"


def test_ellipsis_stands_for_omitted_words(documents):
    matches = check_quote(documents, "The bases for this ... founded in longstanding authorities ...")
    exact = [m for m in matches if m.exact]
    assert {m.doc_id for m in exact} == {"wire", "paper"}
    assert exact[0].diff == (("equal", "The bases for this "),
                             ("insert", "(memorandum of understanding) are "),
                             ("equal", "founded in longstanding authorities"))


def test_paraphrased_version_is_found_and_flagged(documents):
    matches = check_quote(documents, "The bases for this ... founded in longstanding authorities ...")
    assert [m.doc_id for m in matches] == ["wire", "paper", "copy"]
    near = matches[-1]
    assert near.paraphrase and not near.exact
    assert 0.6 <= near.similarity < 1
    assert near.text == "The bases for this MOU are based in longstanding authorities"
    assert ("delete", "founded ") in near.diff and ("insert", "MOU are based ") in near.diff


def test_document_pieces_of_the_diff_join_up_to_the_match(documents):
    quote = SPOKESPERSON.split("”")[0].lstrip("“")
    for match in check_quote(documents, quote):
        assert "".join(text for op, text in match.diff if op != "delete") == match.text


def test_verbatim_text_of_a_paraphrased_document_is_still_flagged(documents):
    match = check_quote(documents, "serve to guard the privateness")[0]
    assert match.doc_id == "copy" and match.exact and match.paraphrase


def test_site_furniture_is_skipped():
    doc = article("web", "Story text here.\nRecommended Stories\n- Chip Roy warns about the ruling\n"
                         "The story goes on.\n")
    assert check_quote([doc], "Chip Roy warns about the ruling") == []
    assert check_quote([doc], "The story goes on") != []


def test_no_match_gives_an_empty_list(documents):
    assert check_quote(documents, "completely unrelated words about astronomy and comets") == []


@pytest.mark.parametrize("quote", ["", "   ", "“ ”", "...", "x" * (MAX_QUOTE_CHARS + 1), "bad\x00bytes"])
def test_unusable_input_is_rejected(documents, quote):
    with pytest.raises(BadInputError):
        check_quote(documents, quote)

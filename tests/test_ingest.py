"""The paper parsed into pages, sections, paragraphs and sentences; every offset points at the cleaned text."""

import pytest

from assistant.errors import CorpusError
from assistant.ingest import parse_document
from assistant.types import PaperMeta


def _sentence_with(document, needle):
    matches = [s for s in document.sentences if needle in s.text]
    assert matches, needle
    return matches[0]


def test_metadata(document):
    meta = document.meta
    assert meta.authors == ("Xia Zhou", "Wentong Wang")
    assert meta.doi == "10.18178/ijtef.2019.10.4.643"
    assert meta.venue == "International Journal of Trade, Economics and Finance"
    assert (meta.first_page, meta.last_page, meta.year) == (92, 98, 2019)
    assert document.pages == (92, 93, 94, 95, 96, 97, 98)


@pytest.mark.parametrize("needle, page, section", [
    ("7,697", 93, "IV"), ("32.4%", 94, "IV"), ("Tongrentang", 96, "V.B.4"), ("16.70%", 93, "IV"),
    ("falling by 8.1%", 95, "IV"), ("5,159.88 billion-yuan", 95, "V.A.1"), ("Porter (1990)", 96, "VI"),
    ("Xia Zhou was born", 98, "Biographies.1"), ("Stata", 98, "Biographies.2"),
])
def test_known_sentences_have_their_page_and_section(document, needle, page, section):
    sentence = _sentence_with(document, needle)
    assert (sentence.page, sentence.section) == (page, section)


def test_sentence_across_a_page_break_keeps_both_pages(document):
    sentence = _sentence_with(document, "There are fierce changes in the economic field")
    assert sentence.page == 92 and sentence.pages == (92, 93)


def test_footnote_is_separated_and_the_interrupted_sentence_reads_whole(document):
    joined = _sentence_with(document, "a new round of global technological")
    assert joined.text.endswith("a new round of global technological changes is coming.")
    assert joined.section == "I"
    footnote = [s for s in document.sentences if s.section == "Footnote"]
    assert footnote and footnote[0].text.startswith("Manuscrript received May 25, 2019")
    assert all(s.page == 92 for s in footnote)
    assert not any("Manuscrript" in s.text for s in document.sentences if s.section != "Footnote")


def test_section_tree(document):
    keys = [s.key for s in document.sections]
    for key in ["Abstract", "Index Terms", "I", "II", "III", "III.1", "III.4", "IV", "V", "V.A", "V.A.1", "V.A.3",
                "V.B", "V.B.5", "VI", "VI.A", "VI.F", "Acknowledgment", "References", "Biographies.1", "Biographies.2",
                "Footnote"]:
        assert key in keys
    assert [k for k in keys if k.startswith("References.")] == [f"References.{n}" for n in range(1, 13)]
    assert document.section("VI.A").title == (
        "Strengthen Cooperation between Industry, Universities and Research Institutes in order to Form a Sound R&D System")
    assert document.section("V.B.2").title == "Insufficient talent in professional pharmaceutical industry"
    assert document.section("V.A.3").parent == "V.A" and document.section("V.A").parent == "V"
    assert document.section("IV").title == "Analysis of the Development Status of Biomedical Industry"


def test_figure_captions_with_their_sources(document):
    figures = [s for s in document.sections if s.kind == "figure"]
    assert [f.title for f in figures] == [f"Fig. {n}" for n in range(1, 8)]
    assert [f.pages[0] for f in figures] == [93, 94, 94, 94, 94, 95, 95]
    for figure in figures:
        caption = [s.text for s in document.sentences if s.section == figure.key]
        assert caption[0].startswith(figure.title + ".") and caption[-1].startswith("(Sources")


def test_offsets_are_verbatim_and_running_footer_is_gone(document):
    for sentence in document.sentences:
        assert document.text[sentence.start:sentence.end] == sentence.text
        assert sentence.pages[0] == sentence.page
    for paragraph in document.paragraphs:
        assert all(document.sentences[i].paragraph == paragraph.index for i in paragraph.sentences)
    for section in document.sections:
        assert 0 <= section.start < section.end <= len(document.text)
    assert "Vol. 10, No. 4, August 2019" not in document.text


OTHER_PAPER = """  

Abstract—We study widgets. Widgets matter. 

 

I. INTRODUCTION 

Widget output reached 1,200 units in 2020, up 5% year-on-year. The trend 

 

Manuscript received January 2, 2021. 

The author is with Example University (e-mail: a@b.org). 

continued in 2021. 

 

II. RESULTS AND DISCUSSION 

A. First Finding 

 Sales rose by 12.5% to 40 billion yuan. 

1) A numbered heading 

Text under the numbered heading. 

REFERENCES 

[1] A. Author, "A title," Journal, vol. 1, pp. 1-2, 2020. 

Journal of Widgets, Vol. 1, No. 1, 2021 

3 
"""


def test_parses_another_paper_in_the_same_format():
    meta = PaperMeta(title="Widgets", authors=("A. Author",), venue="Journal of Widgets", year=2021, doi="",
                     first_page=2, last_page=3)
    doc = parse_document(OTHER_PAPER, meta)
    by_text = {s.text: s for s in doc.sentences}
    assert by_text["The trend continued in 2021."].section == "I"
    assert by_text["Manuscript received January 2, 2021."].section == "Footnote"
    sales = by_text["Sales rose by 12.5% to 40 billion yuan."]
    assert (sales.section, sales.page) == ("II.A", 3)
    assert by_text["Text under the numbered heading."].section == "II.A.1"
    assert doc.section("II").title == "Results and Discussion"
    assert [s.key for s in doc.sections if s.kind == "reference"] == ["References.1"]
    assert "Journal of Widgets, Vol. 1" not in doc.text


def test_empty_text_is_a_clear_error():
    meta = PaperMeta(title="x", authors=(), venue="v", year=2020, doi="")
    with pytest.raises(CorpusError, match="empty"):
        parse_document("\n  \n\n", meta)

"""Starter questions are derived from the paper that is open: its section titles, its metrics, nothing else."""

from __future__ import annotations

import re

import pytest

from assistant.config import ROOT
from assistant.facts import load_facts
from assistant.pdf import load_pdf
from assistant.starters import CITE_QUESTION, Starter, reference_text, starter_questions
from assistant.types import Document, PaperMeta, Section

PAPERS = ROOT.parent / "shared" / "papers"
FRAME = {"how", "many", "were", "there", "in", "what", "was", "the", "s", "cagr", "of", "are", "parts", "section",
         "summarize", "do", "i", "cite", "this", "paper"}


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+", text)}


@pytest.fixture(scope="module")
def pdf_document() -> Document:
    return load_pdf(PAPERS / "timedep.pdf")


@pytest.fixture(scope="module")
def shipped(document):
    return starter_questions(document, load_facts(document, ROOT / "corpus"), k=5)


@pytest.fixture(scope="module")
def from_pdf(pdf_document):
    return starter_questions(pdf_document, load_facts(pdf_document, PAPERS / "none"), k=5)


def test_shipped_paper_starters_come_from_its_sections_and_facts(shipped, document) -> None:
    fact, *rest = shipped
    assert fact.kind == "Fact" and re.fullmatch(r"(?:How many|What was the) [\w -]+ in (?:19|20)\d\d\?", fact.text)
    assert tuple(rest) == (
        Starter(kind="Computation", text="What's the CAGR of gross output 2010-2017?"),
        Starter(kind="List", text="What are the disadvantages?"),
        Starter(kind="Summary", text="Summarize section VI (Upgrade Strategy of the Bio-Pharmaceutical Industry)"),
        Starter(kind="Cite", text=CITE_QUESTION),
    )
    assert all(words(s.text) - FRAME <= words(document.text) for s in shipped)


def test_pdf_starters_use_only_that_papers_words(from_pdf, pdf_document, shipped, document) -> None:
    kinds = [s.kind for s in from_pdf]
    assert kinds[-1] == "Cite" and {"List", "Summary"} <= set(kinds)
    titles = {s.title for s in pdf_document.sections}
    summary = next(s.text for s in from_pdf if s.kind == "Summary")
    assert re.fullmatch(r"Summarize section \d+ \((.+)\)", summary).group(1) in titles
    mine = set().union(*(words(s.text) for s in from_pdf)) - FRAME
    assert mine <= words(pdf_document.text)
    other = set().union(*(words(s.text) for s in shipped)) - FRAME - words(pdf_document.text)
    assert other and not mine & other  # nothing of the shipped paper's starters
    assert not mine - words(pdf_document.text)
    for s in from_pdf:  # and nothing of the shipped paper at all
        assert not re.search(r"(?i)pharma|biomedical|enterprise|patent", s.text)


def _doc(sections: list[Section], text: str = "Risks and gains are weighed.") -> Document:
    meta = PaperMeta(title="A tiny paper", authors=("Ann Lee",), venue="", year=2020, doi="")
    return Document(meta=meta, text=text, checksum="", sections=tuple(sections), paragraphs=(), sentences=())


def _section(key: str, title: str, kind: str = "section", parent: str | None = None, end: int = 10) -> Section:
    return Section(key=key, title=title, kind=kind, level=1 if parent is None else 2, parent=parent, start=0, end=end,
                   pages=(1,))


def test_list_prefers_a_section_named_by_a_plural_noun() -> None:
    doc = _doc([_section("1", "Setting", end=50), _section("1.1", "A", "subsection", "1"),
                _section("1.2", "B", "subsection", "1"), _section("1.3", "C", "subsection", "1"),
                _section("2", "Risks", end=20), _section("2.1", "X", "subsection", "2"),
                _section("2.2", "Y", "subsection", "2")])
    assert starter_questions(doc, k=5) == (Starter(kind="List", text="What are the risks?"),
                                           Starter(kind="Summary", text="Summarize section 1 (Setting)"),
                                           Starter(kind="Cite", text=CITE_QUESTION))


def test_a_paper_without_sections_still_has_a_starter() -> None:
    assert starter_questions(_doc([])) == (Starter(kind="Cite", text=CITE_QUESTION),)


def test_reference_text_leaves_out_empty_parts() -> None:
    meta = PaperMeta(title="A tiny paper", authors=("Ann Lee", "Bo Chen"), venue="", year=2020, doi="")
    assert reference_text(meta) == "Ann Lee, Bo Chen (2020). A tiny paper."
    full = PaperMeta(title="T", authors=("A B",), venue="J", year=2019, doi="10.1/x", volume=10, issue=4,
                     first_page=92, last_page=98)
    assert reference_text(full) == "A B (2019). T. J 10(4), pp. 92-98. doi:10.1/x"


def test_the_assistant_prompts_and_answers_the_cite_starter(assistant) -> None:
    assert assistant.starters[0].text in assistant.ask("  ?? ").text
    answer = assistant.ask(CITE_QUESTION)
    assert not answer.abstained and assistant.document.meta.doi in answer.text

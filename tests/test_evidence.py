"""Ratios and differences of two figures a question names, read from real PDFs' tables and prose."""

from __future__ import annotations

import pytest

from assistant.answer import evidence
from assistant.answer.cells import table_rows
from assistant.config import ROOT
from assistant.lexical import analyze
from assistant.pdf import load_pdf

PAPERS = ROOT.parent / "shared" / "papers"


@pytest.fixture(scope="module")
def crq():
    doc = load_pdf(PAPERS / "crq.pdf")
    return doc, table_rows(doc)


def _pair(question: str, candidates):
    terms = evidence.question_terms(tuple(analyze(question)), question)
    return evidence.best_pair(candidates, terms, question, {})


def _cite(i):
    return None


def test_two_cells_of_a_named_table(crq):
    doc, rows = crq
    question = "At n = 200 in Table 1, by what percent is the Nelson-Aalen MSE higher than the median's?"
    assert evidence.table_named(question) == "1"
    tables = evidence.table_numbers(doc, rows)
    candidates = [f for i in rows if tables.get(i) == "1" for f in evidence.figures(doc, i, rows[i])]
    pair = _pair(question, candidates)
    assert pair is not None and (pair.first.printed, pair.second.printed) == ("1.930", "1.581")
    comp = evidence.compute(pair, question, _cite)
    assert comp.operation == "total_growth" and round(comp.value, 2) == round((1.930 / 1.581 - 1) * 100, 2)


def test_two_numbers_of_one_prose_sentence():
    doc = load_pdf(PAPERS / "timedep.pdf")
    sentence = next(s for s in doc.sentences if "42401" in s.text)
    figures = evidence.figures(doc, sentence.index, None)
    assert [f.label for f in figures] == ["42401 observations", "418 observations"]
    question = "How many times larger than the starting pbc data is the data set after the expansion?"
    pair = _pair(question, figures)
    comp = evidence.compute(pair, question, _cite)
    assert comp.operation == "ratio" and round(comp.value, 2) == round(42401 / 418, 2)


@pytest.mark.parametrize("question", [
    "What hazard ratio does the model report?",  # a stated figure, named "ratio": nothing to compute
    "What is the median follow-up time?",
])
def test_stated_figures_are_not_arithmetic(question):
    assert not evidence.asks_arithmetic(question)


def test_code_lines_give_no_figures():
    doc = load_pdf(PAPERS / "timedep.pdf")
    code = next(s for s in doc.sentences if s.kind == "code" and "survSplit" in s.text)
    assert evidence.figures(doc, code.index, None) == []


def test_table_rows_know_their_table(crq):
    doc, rows = crq
    tables = evidence.table_numbers(doc, rows)
    captions = {i: n for i, n in tables.items() if i not in rows}
    assert captions and all(doc.sentences[i].text.startswith(f"Table {n}") for i, n in captions.items())
    for i, n in tables.items():  # each row lies on its table's page
        page = doc.sentences[i].page
        assert any(doc.sentences[c].page == page and m == n for c, m in captions.items())
    assert len(set(tables.values())) >= 4


def test_a_fall_asked_from_one_figure_to_another_is_the_decline() -> None:
    assert evidence.asks_fall("By what percentage does the RMSE fall from n = 100 to n = 1000?")
    assert evidence.asks_fall("How much did the error drop?") and not evidence.asks_fall("How much did it grow?")

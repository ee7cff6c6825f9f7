"""Display parts on the real paper, model and index: markers from the answer's structure, one renderer for the CLI and
the download, checks by their typed fields, facts for people."""

from __future__ import annotations

import math
import re

import pytest

from assistant.cli import format_answer
from assistant.dialogue import Conversation
from assistant.display import (Marker, TextRun, answer_markdown, answer_text, answer_view, check_view,
                               conversation_markdown, fact_comparisons, fact_rows, fact_series, line_text)

FACT = "How many biomedical enterprises were there in 2017?"
CAGR = "What's the CAGR of gross output 2010-2017?"


def _markers(view) -> list[int]:
    return [run.n for line in view.lines for run in line.runs if isinstance(run, Marker)]


def test_every_marker_of_a_real_answer_is_a_marker_part(assistant) -> None:
    answer = assistant.ask(FACT)
    numbers = {c.n for c in answer.citations}
    assert len(numbers) >= 2  # the count and its change over the years are quoted from two sentences
    view = answer_view(answer)
    assert _markers(view) == [m.n for m in answer.marks] and set(_markers(view)) == numbers
    assert "\n".join(line_text(line) for line in view.lines) == answer.text  # the parts are the whole text
    assert all("[" not in run.text for line in view.lines for run in line.runs if isinstance(run, TextRun))


def test_a_bracketed_number_of_the_paper_stays_text(assistant) -> None:
    answer = assistant.ask("reference 2")  # "Reference [2]: <the entry> [1]": [2] is the paper's, [1] a citation
    view = answer_view(answer)
    assert _markers(view) == [1]
    assert view.lines[0].runs[0] == TextRun(text=answer.text[:answer.marks[0].start])
    assert "[2]" in view.lines[0].runs[0].text


def test_mid_sentence_markers_are_parts(assistant) -> None:
    answer = assistant.ask(CAGR)
    view = answer_view(answer)
    runs = view.lines[0].runs
    inside = [i for i, run in enumerate(runs) if isinstance(run, Marker) and 0 < i < len(runs) - 1]
    assert inside, runs  # "from 2010 (1,235 billion yuan [1]) to 2017 (...)": markers inside the sentence
    assert len(_markers(view)) == len(answer.marks) >= 2


def test_cli_text_and_download_are_built_from_the_same_parts(assistant) -> None:
    answer = assistant.ask(CAGR)
    view = answer_view(answer)
    text, markdown = answer_text(view), answer_markdown(view, f"## Q1. {CAGR}")
    assert format_answer(answer) == text  # the CLI prints exactly this
    assert view.computation is not None and view.computation.inputs
    for part in [*(line_text(line) for line in view.lines), view.computation.formula,
                 *(row.amount for row in view.computation.inputs), *(s.quote for s in view.sources)]:
        assert part in text and part in markdown, part
    whole = conversation_markdown(assistant.document.meta, [(CAGR, answer)])
    assert markdown in whole and whole.startswith(f"# Conversation about “{assistant.document.meta.title}”")


def test_a_followup_shows_how_it_was_interpreted(assistant) -> None:
    conversation = Conversation()
    assistant.ask("What was the fastest-growing sub-sector by revenue in 2017?", conversation)
    answer = assistant.ask("And the slowest?", conversation)
    assert answer.interpretation is not None
    view = answer_view(answer)
    assert view.interpretation == answer.interpretation
    assert f"Interpreted as: {answer.interpretation}" in answer_text(view)
    assert f"_Interpreted as: {answer.interpretation}_" in answer_markdown(view, "## Q2")
    assert answer_view(assistant.ask(FACT)).interpretation is None  # typed as answered: no line


def test_a_real_check_renders_its_status_and_quotes(assistant) -> None:
    checks = assistant.facts.checks
    assert checks
    for check in checks:
        view = check_view(check)
        assert view.status == check.status and view.ok == (check.severity == "info")
        assert view.title == check.title and view.explanation == check.explanation
        assert [q.quote for q in view.quotes] == [c.quote for c in check.citations]
        assert all(q.page == c.page for q, c in zip(view.quotes, check.citations, strict=True))
    warned = [check_view(c) for c in checks if c.severity == "warning"]
    assert warned and all(v.status == "warning" and not v.ok for v in warned)


def test_the_facts_read_as_people_write_them(assistant) -> None:
    rows = fact_rows(assistant.facts, assistant.document)
    assert len(rows) == len(assistant.facts.table)
    for row in rows:
        assert "_" not in row.metric and row.metric[:1].isupper(), row.metric
        for text in (row.metric, row.subject, row.year, row.amount, row.quote):
            assert isinstance(text, str) and text.lower() not in {"nan", "none"}, row
        assert row.quote == assistant.document.text[row.fact.sentence_start:row.fact.sentence_end]
        assert row.page == row.fact.page and row.quote
    assert any(row.year == "" for row in rows)  # an undated figure leaves its cell blank
    for row in rows:
        if row.fact.unit == "yuan" and row.fact.scale:  # money in the scale it is printed with, and its currency
            assert row.amount.endswith(f"{row.fact.scale} yuan"), row
        if row.fact.unit == "count" and not row.fact.bound:
            assert row.amount.replace(",", "").isdigit(), row
    enterprises = [r for r in rows if r.fact.metric == "enterprises" and r.fact.kind == "level"]
    assert enterprises and enterprises[0].metric == "Number of enterprises" and enterprises[0].amount == "7,697"


def test_series_and_comparisons_of_the_real_facts(assistant) -> None:
    rows = fact_rows(assistant.facts, assistant.document)
    series = fact_series(rows)
    assert series, "the paper gives revenue for 2013, 2015 and 2017"
    for line in series:
        years = [y for y, _ in line.points]
        assert len(years) >= 3 and years == sorted(years) and all(math.isfinite(v) for _, v in line.points)
    revenue = next(s for s in series if s.metric == "Revenue")
    assert revenue.unit.endswith("yuan") and all(v > 0 for _, v in revenue.points)
    comparisons = fact_comparisons(rows)
    assert comparisons and all(len(c.bars) >= 2 for c in comparisons)
    assert re.search(r"growth", comparisons[0].metric)  # growth rates across sub-sectors come first
    only = [r for r in rows if r.metric == comparisons[0].metric]  # the charts follow a filter
    assert fact_comparisons(only)[0] == comparisons[0] and not fact_series(only[:2])


@pytest.mark.parametrize("question", [FACT, "What is the capital of France?", "What are the disadvantages?"])
def test_views_of_real_answers_hold_every_source(assistant, question: str) -> None:
    answer = assistant.ask(question)
    view = answer_view(answer)
    assert [s.n for s in view.sources] == [c.n for c in answer.citations]
    assert [s.quote for s in view.related] == [c.quote for c in answer.related]
    assert set(_markers(view)) <= {c.n for c in answer.citations}

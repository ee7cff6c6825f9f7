"""The facts table and the checks of the paper's own numbers, on the real paper and on a small made-up one."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from assistant.config import ROOT
from assistant.display import checks_text
from assistant.facts import (FACTS_FILE, SubjectIndex, Vocabulary, extract_facts, extract_table,
                             format_facts, load_facts, reading_notes)
from assistant.ingest import parse_document
from assistant.types import PaperMeta

CORPUS = ROOT / "corpus"
B = 1e9


@pytest.fixture(scope="module")
def facts(document):
    return load_facts(document, CORPUS)


@pytest.fixture(scope="module")
def csv_table() -> pd.DataFrame:
    return pd.read_csv(CORPUS / FACTS_FILE, dtype=str, keep_default_na=False)


def one(table: pd.DataFrame, **where) -> pd.Series:
    rows = table
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, (where, rows[["id", "metric", "subject", "year"]])
    return rows.iloc[0]


def check(facts, prefix: str):
    found = [c for c in facts.checks if c.id.startswith(prefix)]
    assert len(found) == 1, [c.id for c in facts.checks]
    return found[0]


# -- the reviewed CSV -------------------------------------------------------------------------------------------------
def test_the_calculator_uses_the_reviewed_csv(facts) -> None:
    assert facts.source == "csv" and len(facts.table) == 36


def test_every_csv_row_quotes_its_sentence_at_its_offsets(document, csv_table) -> None:
    for row in csv_table.itertuples():
        s, e, start, end = int(row.sentence_start), int(row.sentence_end), int(row.start), int(row.end)
        assert document.text[s:e] == row.sentence, f"{row.id}: rewrite the CSV: python -m assistant facts --csv"
        assert s <= start < end <= e and document.text[start:end] == row.printed, row.id
        assert row.printed in row.sentence


def test_the_extractor_reproduces_the_csv(document, csv_table) -> None:
    extracted = extract_table(document, Vocabulary.load(CORPUS))
    ours = {(r.metric, r.year, float(r.value)) for r in extracted.itertuples()}
    reviewed = {(r.metric, r.year, float(r.value)) for r in csv_table.itertuples()}
    assert ours == reviewed


def test_csv_output_round_trips(document, facts) -> None:
    text = format_facts(facts, csv=True)
    assert text.splitlines()[0].startswith("id,metric,base,subject,year")
    assert text + "\n" == (CORPUS / FACTS_FILE).read_text(encoding="utf-8")


# -- rows read from the paper -----------------------------------------------------------------------------------------
def test_levels_years_and_kinds(facts) -> None:
    t = facts.table
    assert one(t, metric="gross_output", year="2010")["value"] == 1235 * B
    assert one(t, metric="gross_output", year="2017")["value"] == pytest.approx(3641.2 * B)
    cagr = one(t, metric="gross_output_growth", year="2010-2017")
    assert (cagr["kind"], cagr["value"], cagr["n_years"]) == ("compound_growth", 16.7, 7)
    plan = one(t, metric="gross_output_growth", year="2006-2010")  # "during the Eleventh Five-Year Plan"
    assert (plan["kind"], plan["value"]) == ("compound_growth", 23.32)
    assert one(t, metric="enterprises", year="2017")["value"] == 7697
    assert one(t, metric="enterprises_change", year="2017")["kind"] == "count_change"
    assert one(t, metric="enterprises_change", year="2011-2017")["n_years"] == 7
    assert one(t, metric="gross_profit_rate_change", year="2017")["kind"] == "change"
    assert one(t, metric="added_value_share_gdp", year="2015")["subject"] == "patent-intensive industry"


def test_it_was_reads_the_previous_sentences_metric(facts) -> None:
    row = one(facts.table, metric="revenue", year="2017")
    assert row["printed"] == "2.9826 billion yuan" and row["value"] == pytest.approx(2.9826 * B)
    assert "'it' read as revenue" in row["note"]


def test_growth_rates_pair_with_the_subjects_listed_before_them(facts) -> None:
    t = facts.table
    growth = t[t["metric"] == "revenue_growth"].set_index("subject")
    assert growth.loc["Chinese medicine decoction processing", "value"] == 16.7
    assert growth.loc["chemical raw material manufacturing", "value"] == 14.7
    assert growth.loc["pharmaceutical-specific equipment manufacturing", "rank"] == "bottom"
    profit = t[t["metric"] == "profit_before_tax_growth"].set_index("subject")
    assert profit.loc["bio-pharmaceutical manufacturing", "value"] == 26.8
    assert profit.loc["chemical pharmaceutical manufacturing", "value"] == 13.7
    assert profit.loc["pharmaceutical-specific equipment manufacturing", "value"] == -8.1  # "falling by 8.1%"
    assert set(profit["year"]) == {"2016", "2017"}  # the sub-sectors' year comes from the figure caption


def test_this_proportion_is_the_previous_share(facts) -> None:
    target = one(facts.table, metric="health_expenditure_share_gdp", year="2020")
    assert target["value"] == 7 and target["projection"] and target["kind"] == "share"
    assert one(facts.table, metric="health_consumption_market", year="2020")["value"] == 7000 * B


def test_bounds_and_ranges(facts) -> None:
    t = facts.table
    assert one(t, metric="revenue_growth", year="2015", bound="max")["value"] == 10
    anticancer = one(t, metric="anti_cancer_drugs_rd_share")
    assert (anticancer["low"], anticancer["high"], anticancer["value"]) == (40, 45, 42.5)
    assert one(t, metric="clinical_anti_cancer_drug_projects")["bound"] == "min"


def test_subjects_by_name() -> None:
    index = SubjectIndex.build(extra=("chemical raw material manufacturing", "bio-pharmaceutical manufacturing",
                                      "pharmaceutical-specific equipment manufacturing"),
                               vocabulary=Vocabulary.load(CORPUS))
    assert [n for n, _, _ in index.find("biopharma manufacturing's profit")] == ["bio-pharmaceutical manufacturing"]
    assert [n for n, _, _ in index.find("the pharma equipment makers")] == [
        "pharmaceutical-specific equipment manufacturing"]
    assert [n for n, _, _ in index.find("China's biopharma industry")] == ["China", "bio-pharmaceutical industry"]
    assert index.find("trademark-intensive industries") == []
    assert index.canonical("the manufacture of pharmaceutical-specific equipment") == \
        "pharmaceutical-specific equipment manufacturing"


# -- checks ------------------------------------------------------------------------------------------------------------
def test_stated_cagr_is_recomputed(facts) -> None:
    c = check(facts, "cagr:")
    assert c.severity == "info" and "agrees" in c.explanation and "= 16.70%" in c.explanation


def test_malformed_grouping_is_read_by_dropping_separators(facts) -> None:
    c = check(facts, "malformed:")
    row = facts.row(c.facts[0])
    assert row["printed"] == "25,53.71 billion yuan" and row["value_used"] == pytest.approx(2553.71 * B)
    assert c.severity == "warning" and "2,553.71 billion yuan" in c.reading


def test_implausible_2017_revenue_is_read_as_trillion(facts) -> None:
    c = check(facts, "scale:")
    row = facts.row(c.facts[0])
    assert (row["year"], row["value"]) == ("2017", pytest.approx(2.9826 * B))  # the table keeps the printed value
    assert row["value_used"] == pytest.approx(2982.6 * B)  # the calculator reads 2.9826 trillion
    assert c.corrections == ((row["id"], pytest.approx(2982.6 * B), "yuan"),)
    assert "-99.88%" in c.explanation and "16.79%" in c.explanation and "8.07% a year" in c.explanation


def test_revenue_levels_against_the_stated_rates(facts) -> None:
    c = check(facts, "levels:revenue:2015-2017")
    assert "9.89% growth in 2016" in c.explanation and "9.48%" in c.explanation and "6.28%" in c.explanation
    assert c.severity == "warning"  # 9.89% is above both neighbouring stated rates


def test_percent_or_points(facts) -> None:
    c = check(facts, "points:")
    assert "29.40%" in c.explanation and "31.46%" in c.explanation and c.reading.startswith("reads percentage points")


def test_seven_years_over_2011_2017(facts) -> None:
    c = check(facts, "duration:")
    assert "6 year-to-year steps" in c.explanation and "337.17" in c.explanation
    assert "5,674" in c.reading and "289.00" in c.reading


def test_unlisted_sub_sector(facts) -> None:
    c = check(facts, "unlisted:")
    assert "'chemical pharmaceutical manufacturing'" in c.explanation and "8 sub-sectors" in c.explanation
    assert "chemical preparation manufacturing" in c.explanation
    assert any("eight sub-sectors:" in x.quote for x in c.citations)


def test_currency_not_printed(facts) -> None:
    c = check(facts, "unit:")
    assert facts.row(c.facts[0])["printed"] == "2 trillion" and facts.row(c.facts[0])["unit_used"] == "yuan"


def test_check_citations_are_verbatim(document, facts) -> None:
    assert len(facts.checks) == 9
    for c in facts.checks:
        assert c.citations and c.reading and c.severity in ("info", "warning")
        for cite in c.citations:
            assert document.text[cite.start:cite.end] == cite.quote
    assert all(c.title in checks_text(facts.checks) and c.explanation in checks_text(facts.checks) for c in facts.checks)


def test_reading_notes_for_a_quoted_sentence(document, facts) -> None:
    sentence = next(s for s in document.sentences if s.text.startswith("In 2017, it was"))
    notes = reading_notes(facts, sentence.start, sentence.end)
    assert len(notes) == 1 and notes[0].startswith('The paper prints "2.9826 billion yuan" for revenue in 2017; '
                                                   'the calculator uses 2,982.6 billion yuan (2.9826 trillion)')
    first = next(s for s in document.sentences if s.text.startswith("As is shown in Fig. 1"))
    assert reading_notes(facts, first.start, first.end) == []


# -- loading -----------------------------------------------------------------------------------------------------------
def test_a_csv_whose_sentences_moved_is_re_anchored(document, tmp_path: Path) -> None:
    table = pd.read_csv(CORPUS / FACTS_FILE, dtype=str, keep_default_na=False)
    for column in ("start", "end", "sentence_start", "sentence_end"):
        table[column] = (table[column].astype(int) + 2).astype(str)  # as if the parser had added two characters
    table.to_csv(tmp_path / FACTS_FILE, index=False)
    facts = load_facts(document, tmp_path)
    assert facts.source == "csv"
    assert all(document.text[r.start:r.end] == r.printed for r in facts.table.itertuples())


def test_a_stale_csv_falls_back_to_extraction(document, tmp_path: Path) -> None:
    assert load_facts(document, tmp_path).source == "extracted"
    shutil.copy(CORPUS / FACTS_FILE, tmp_path / FACTS_FILE)
    text = (tmp_path / FACTS_FILE).read_text(encoding="utf-8")
    (tmp_path / FACTS_FILE).write_text(text.replace("reached 7,697", "reached 7,696"), encoding="utf-8")
    facts = load_facts(document, tmp_path)
    assert facts.source == "extracted" and len(facts.table) == 36


def test_checks_come_back_from_their_cache(document, tmp_path: Path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path))
    first = load_facts(document, CORPUS)
    [cached] = list((tmp_path / "checks").iterdir())
    again = load_facts(document, CORPUS)
    assert again.checks == first.checks and len(again.checks) == 9
    assert again.table.equals(first.table)
    cached.write_text("{not json", encoding="utf-8")
    assert load_facts(document, CORPUS).checks == first.checks
    assert "unreadable" in caplog.text
    table = first.table.drop(columns=["value_used", "unit_used"])
    table.loc[0, "value"] = table.loc[0, "value"] + 1  # another table: checked anew, cached beside the first
    from assistant.facts.table import _cached_checks

    _cached_checks(document, table, first.vocabulary)
    assert len(list((tmp_path / "checks").glob("*.json"))) == 2


# -- another paper ----------------------------------------------------------------------------------------------------
WIDGETS = """Abstract—This paper studies the widget industry. 

 
I. INTRODUCTION 

In 2019, the revenue of the widget industry reached 1,200 billion yuan, an increase of 5.0% year-on-year. In 2020, it \
was 1.32 billion yuan, an increase of 10.0% year-on-year. In 2018, the revenue reached 1,143 billion yuan. 

 
From 2015 to 2020, the gross output value of the widget industry increased from 800 billion yuan to 1,500 billion \
yuan, with an average annual compound growth rate of 14.20%. 
"""


def test_the_rules_are_not_about_one_paper() -> None:
    meta = PaperMeta(title="Widgets", authors=("A B",), venue="Journal of Widgets", year=2021, doi="")
    facts = extract_facts(parse_document(WIDGETS, meta))
    rows = {(r.metric, r.year): r for r in facts.table.itertuples()}
    assert rows["revenue", "2020"].value == pytest.approx(1.32 * B)  # "it was" -> revenue
    assert rows["revenue_growth", "2020"].value == 10.0
    # no vocabulary file: the metric is named after the paper's own phrase
    assert rows["gross_output_value", "2015"].value == 800 * B and rows["gross_output_value", "2020"].value == 1500 * B
    assert rows["gross_output_value_growth", "2015-2020"].kind == "compound_growth"
    assert {r.subject for r in facts.table.itertuples()} == {"widget industry"}
    ids = {c.id.split(":")[0]: c for c in facts.checks}
    assert ids["scale"].corrections[0][1] == pytest.approx(1320 * B)
    assert ids["cagr"].severity == "warning" and "13.40%" in ids["cagr"].explanation  # 14.20% is stated
    assert math.isclose(facts.row(rows["revenue", "2020"].id)["value_used"], 1320 * B)
    levels = [c for c in facts.checks if c.id.startswith("levels:")]
    assert [c.severity for c in levels] == ["info", "info"]  # 1,143 -> 1,200 is 4.99%: the stated 5.0% after rounding


def test_the_typed_table_finds_facts_in_base_units(document, facts) -> None:
    table = facts.typed
    revenue = {f.year: f for f in table.find(metric="revenue", kind="level")}
    assert revenue["2017"].value == pytest.approx(2982.6e9) and revenue["2017"].printed == "2.9826 billion yuan"
    assert revenue["2017"].printed_value == pytest.approx(2.9826e9) and revenue["2017"].scale == "billion"
    change = table.find(metric="enterprises", year="2011-2017")[0]
    assert change.period == (2011, 2017) and change.value == 2023
    for fact in table:
        assert document.text[fact.start:fact.end] == fact.printed
    assert table.with_value(17.21, "%")[0].metric == "profit_before_tax"


def test_junk_is_no_fact_on_foreign_prose() -> None:
    from assistant.ingest import parse_document
    from assistant.types import PaperMeta

    raw = ("A Study of Things\n\nAbstract\nWe draw a sample of size 575 firms, and about 25% of them are censored.\n"
           "Tables 4 and 5 report bias, and Figures 2 and 3 show it.\n"
           "The estimate is β̂ = argmin ρτ (Yi − x b) + 1 for i = 1, 2.\n"
           "IV3 1.0 0.0 0.5 1.0 1.5 2.0 o 0.0 o o o 0.6\n")
    document = parse_document(raw, PaperMeta(title="A Study of Things", authors=("A B",), venue="v", year=2020, doi=""))
    printed = sorted(extract_facts(document).table["printed"])
    assert printed == ["25%", "575"], printed


# -- where a number stands: a paper nobody reviewed (a real PDF, no facts.csv) ---------------------------------------
PAPERS = ROOT.parent / "shared" / "papers"


@pytest.mark.parametrize(("text", "printed", "reason"), [
    ("Tables 2 and 3 report bias for subject 7 of the trial.", "7", "label"),
    ("a corollary of Theorem 2.5 holds.", "2.5", "label"),
    ("the creatinine for subject “5” was high", "5", "label"),
    ("there are only q + 1 equations here", "1", "formula"),
    ("the empirical density 1/n is minimized", "1", "formula"),
    ("the tolerance (default is 10−7) is small", "10", "formula"),
    ("censoring times are U[0, 3.8] otherwise", "3.8", "formula"),
    ("the version used here is 1.4-0 today", "1.4", "formula"),
    ("intervals of (0,8] and more", "0,8", "interval"),
    ("by setting set.seed(345) first", "345", "code"),
    ("a 0/1 variable, evaluated at 0 here", "0", "formula"),
    ("In order to remove the intercept, -1 has to be added", "-1", "code"),
    ("the moment function evaluated at 0 here", "0", "code"),
    ("for this sample of size 575 firms", "575", ""),
    ("with n = 100 observations in all", "100", ""),
    ("a planned 12-week regimen of care", "12", ""),
    ("the proportion (30%) of censored ones", "30%", ""),
])
def test_where_a_number_stands(text: str, printed: str, reason: str) -> None:
    from assistant.facts.stated import junk_reason
    from assistant.numbers import read_numbers

    q = next(q for q in read_numbers(text) if q.raw == printed)
    assert junk_reason(text, q) == reason


def test_a_listed_number_shares_the_verdict_of_its_list() -> None:
    from assistant.facts.stated import junk_reasons
    from assistant.numbers import read_numbers

    text = "We consider 3 sample sizes n = 100, 400, 1600 and tgroup, which is 1, 2, 3 over time."
    quantities = read_numbers(text)
    assert list(zip([q.raw for q in quantities], junk_reasons(text, quantities))) == [
        ("3", ""), ("100", ""), ("400", ""), ("1600", ""), ("1", "code"), ("2", "code"), ("3", "code")]


@pytest.fixture(scope="module", params=["crq", "gmm"])
def pdf_facts(request):
    from assistant.pdf import load_pdf

    path = PAPERS / f"{request.param}.pdf"
    if not path.exists():
        pytest.skip(f"no development paper at {path}")
    document = load_pdf(path)
    return document, extract_facts(document)


def test_no_fact_comes_from_a_table_code_caption_or_reference(pdf_facts) -> None:
    from assistant.facts.stated import SKIPPED_SECTION_KINDS, STATING_KINDS

    document, facts = pdf_facts
    by_start = {s.start: s for s in document.sentences}
    assert len(facts.table)
    for row in facts.table.itertuples():
        sentence = by_start[row.sentence_start]
        assert sentence.kind in STATING_KINDS, (row.id, sentence.kind, row.sentence)
        assert document.section(sentence.section).kind not in SKIPPED_SECTION_KINDS, (row.id, row.sentence)
        assert document.text[row.start:row.end] == row.printed


def test_citation_years_and_labels_are_no_facts(pdf_facts) -> None:
    from assistant.facts.stated import label_nouns

    document, facts = pdf_facts
    for row in facts.table.itertuples():
        before, after = document.text[row.start - 20:row.start], document.text[row.end:row.end + 2]
        assert not (re.search(r"\(\s*$", before) and re.fullmatch(r"(?:19|20)\d\d[a-z]?", row.printed)), row.sentence
        assert not (re.search(r"[A-Z][a-z]+,? (?:et al\. )?\($", before) and after.startswith(")")), row.sentence
        last = re.search(r"([A-Za-z]+)\W*$", before)
        assert not last or last.group(1).lower().rstrip("s") not in label_nouns(), (row.printed, row.sentence)


def test_percentages_stated_in_prose_are_facts(pdf_facts) -> None:
    """Recall of the mechanism: every percentage printed among the words of a body prose sentence is a fact."""
    from assistant.facts.stated import is_prose, junk_reason, states_figures
    from assistant.numbers import read_numbers

    document, facts = pdf_facts
    stated = {(r.sentence_start, r.printed) for r in facts.table.itertuples()}
    expected = {(s.start, q.raw) for s in document.sentences if states_figures(document, s) and is_prose(s.text)
                for q in read_numbers(s.text) if q.unit == "%" and not junk_reason(s.text, q)}
    assert expected <= stated, expected - stated


def test_sample_sizes_in_notation_are_facts(pdf_facts) -> None:
    """'n = 100' in a prose sentence is the sample size, 'n × 1' or '1/n' is notation."""
    document, facts = pdf_facts
    sizes = facts.table[facts.table["base"] == "sample_size"]
    assert len(sizes)
    for row in sizes.itertuples():
        assert row.unit == "count" and row.value >= 2


@pytest.mark.parametrize("text, counts", [
    ("the three sub-sectors the paper names", {"three": True}),
    ("the two fastest and the slowest", {"two": True}),
    ("what percentage is five of twenty?", {"five": False, "twenty": False}),
    ("two values: 3 and 4", {"two": True, "3": False, "4": False}),
    ("with 2,500 employees", {"2,500": False}),
    ("if five more enterprises were added", {"five": False}),  # an amount added, not how many things are named
])
def test_a_spelled_number_before_its_noun_counts_it(text, counts) -> None:
    from assistant.numbers import counts_a_noun, read_numbers

    assert {q.raw: counts_a_noun(text, q) for q in read_numbers(text)} == counts


@pytest.mark.parametrize("text, value, scale", [
    ("$1,500 bn", 1500e9, "billion"), ("5,159.88 bn yuan", 5159.88e9, "billion"), ("4 mn", 4e6, "million"),
    ("7 tn yuan", 7e12, "trillion"),
])
def test_short_scale_words(text, value, scale) -> None:
    from assistant.numbers import read_numbers

    q = read_numbers(text)[0]
    assert q.value == pytest.approx(value) and q.scale == scale

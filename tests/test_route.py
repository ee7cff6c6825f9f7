"""Computation requests on the real paper: every operation to 2 decimals with cited inputs, the readings the checks
chose, missing inputs, questions that are not computations, and properties of the router on arbitrary text."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.config import ROOT
from assistant.facts import load_facts
from assistant.route import answer_computation, parse_request, stated_sentences
from assistant.units import scaled, scaled_unit

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def facts(document):
    return load_facts(document, CORPUS)


@pytest.fixture(scope="module")
def ask(document, facts):
    def run(question: str, resolved: str | None = None):
        return answer_computation(question, resolved or question, facts, document)
    return run


def computed(ask, question: str):
    answer = ask(question)
    assert answer is not None and not answer.abstained, (question, answer)
    assert answer.kind == "computation" and answer.computation is not None
    return answer


@pytest.mark.parametrize(("question", "operation", "value", "unit", "shown"), [
    # growth over a period, from the stated endpoints 1,235 and 3,641.2 billion yuan
    ("Recompute the compound annual growth rate of gross output from 2010 to 2017", "cagr", 16.70, "%", "16.70%"),
    ("What was the total percentage growth of gross output between 2010 and 2017?", "total_growth", 194.83, "%",
     "194.83%"),
    ("How much did gross output rise in absolute terms from 2010 to 2017?", "absolute_change", 2406.20,
     "billion yuan", "2,406.20 billion yuan"),
    ("By how many billion yuan per year did gross output rise on average, 2010-2017?", "average_annual_change",
     343.74, "billion yuan per year", "343.74 billion yuan per year"),
    ("What is the ratio of 2017 gross output to 2010 gross output?", "ratio", 2.95, "x", "2.95 times"),
    # implied values: a previous year's level from a level and its growth or change
    ("What was the implied profit before tax in 2016?", "implied_previous", 300.29, "billion yuan", "300.29"),
    ("Estimate the 2014 revenue from the 2015 figure and its growth", "implied_previous", 2332.58, "billion yuan",
     "2,332.58"),
    ("How many biomedical enterprises were there in 2016, going by the 2017 count and its increase?",
     "implied_previous", 7449, "count", "7,449"),
    ("What was the gross profit rate in 2016?", "implied_previous", 29.40, "%", "29.40%"),
    ("What was the gross profit rate in 2016 if the 3% is a relative increase?", "implied_previous", 31.46, "%",
     "31.46%"),
    ("What was the 2015 profit before tax of the patent-intensive industry?", "implied_previous", 2.36,
     "trillion yuan", "2.36 trillion yuan"),
    ("What would revenue be in 2018 if it keeps growing at the 2017 rate?", "implied_next", 3169.91, "billion yuan",
     "3,169.91"),
    # growth in a year the paper gives no rate for, and a change it does not state
    ("What was the percentage growth in the number of enterprises in 2017?", "yoy_growth", 3.33, "%", "3.33%"),
    ("How fast did revenue grow in 2016?", "yoy_growth", 9.89, "%", "9.89%"),
    ("How many billion yuan more profit before tax was there in 2017 than in 2016?", "absolute_change", 51.68,
     "billion yuan", "51.68"),
    ("What was the number of enterprises at the start of the seven years to 2017, the starting count?",
     "implied_previous", 5674, "count", "5,674"),
    ("On average how many enterprises were added per year over the seven-year period?", "average_annual_change",
     289, "count per year", "289"),
    # comparisons
    ("What is the 2017 profit before tax margin on revenue?", "margin", 11.80, "%", "11.80%"),
    ("What share of 2017 revenue was profit before tax?", "share", 11.80, "%", "11.80%"),
    ("By how many percentage points did profit before tax growth exceed revenue growth in 2017?", "pp_difference",
     10.93, "pp", "10.93 percentage points"),
    ("What is the gap between the fastest and the slowest sub-sector revenue growth?", "pp_difference", 9.00, "pp",
     "9.00"),
    ("Gap in pp between the two fastest sub-sectors' revenue growth", "pp_difference", 2.00, "pp", "2.00"),
    ("How many times chemical pharma's profit growth is bio-pharmaceutical manufacturing's?", "ratio", 0.51, "x",
     "0.51 times"),
    # shares of a whole
    ("What GDP does the 2017 health expenditure imply?", "implied_whole", 83223.87, "billion yuan", "83,223.87"),
    ("What GDP do the 7% target and the 7 trillion yuan market imply for 2020?", "implied_whole", 100.00,
     "trillion yuan", "100.00 trillion yuan"),
    ("How big would 2017 health spending have been at 7% of GDP instead of 6.2%?", "share_rescaled", 5825.67,
     "billion yuan", "5,825.67"),
    ("By what percentage must health spending grow from 2017 to reach the 7 trillion market?", "total_growth",
     35.66, "%", "35.66%"),
    ("Compounding 23.32% a year for 5 years, what is the cumulative output growth?", "compounded_growth", 185.21,
     "%", "185.21%"),
    # the corrected 2017 revenue (2.9826 trillion, printed as billion)
    ("Annualized revenue growth between 2015 and 2017?", "cagr", 8.07, "%", "8.07%"),
    ("What was the implied revenue in 2016?", "implied_previous", 2806.36, "billion yuan", "2,806.36"),
    ("If revenue was 2 trillion in 2013, what is the CAGR to 2017?", "cagr", 10.51, "%", "10.51%"),
])
def test_operations(ask, document, question, operation, value, unit, shown) -> None:
    answer = computed(ask, question)
    comp = answer.computation
    assert comp.operation == operation
    assert round(scaled(comp), 2) == pytest.approx(value) and scaled_unit(comp) == unit
    assert shown in answer.text and "[1]" in answer.text
    assert comp.inputs and all(op.citation is not None for op in comp.inputs)
    numbers = {c.n for c in answer.citations}
    assert numbers == set(range(1, len(answer.citations) + 1))
    for op in comp.inputs:
        assert op.citation in answer.citations
        assert document.text[op.citation.start:op.citation.end] == op.citation.quote
        assert f"[{op.citation.n}]" in answer.text


def test_the_stated_cagr_is_reproduced_and_named(ask) -> None:
    answer = computed(ask, "Recompute the CAGR of gross output 2010-2017 from the endpoint values")
    assert answer.computation.formula == "CAGR = (3,641.2 / 1,235)^(1/7) − 1 = 16.70%"
    assert "the paper states 16.70% [1]" in answer.text
    assert answer.citations[0].page == 93


def test_a_rate_the_paper_states_for_a_period_it_gives_no_levels_for_is_quoted(ask, assistant) -> None:
    question = "How fast did biomedical output grow per year during the Eleventh Five-Year Plan?"
    assert ask(question) is None  # no 2006 output to compute from: the sentence that states the rate answers
    answer = assistant.ask(question)
    assert not answer.abstained and "23.32%" in answer.text and answer.citations[0].page == 93


def test_a_question_that_checks_a_stated_rate_recomputes_it(ask) -> None:
    answer = computed(ask, "Is the 16.70% CAGR correct?")
    assert round(answer.computation.value, 2) == 16.70 and "the paper states 16.70% [1]" in answer.text


def test_a_derived_input_is_explained(ask) -> None:
    answer = computed(ask, "What revenue growth in 2016 is implied by the 2015 and 2017 figures?")
    assert "The 2016 revenue of the bio-pharmaceutical industry is not stated in the paper" in answer.text
    assert answer.computation.formula.startswith("Previous = 2,982.6 / (1 + 6.28%) = 2,806.36 billion yuan; ")
    assert [op.year for op in answer.computation.inputs] == ["2015", "2017", "2017"]


def test_the_corrected_reading_is_said_and_warned(ask) -> None:
    answer = computed(ask, "Compute the 2017 pretax profit margin")
    assert 'printed as "2.9826 billion yuan"' in answer.text
    assert any("2.9826 trillion" in w for w in answer.computation.warnings)
    revenue = [op for op in answer.computation.inputs if op.name == "revenue"][0]
    assert revenue.value == pytest.approx(2982.6e9) and revenue.unit == "yuan"


def test_a_growth_set_against_the_previous_year_is_the_asked_years_growth(ask) -> None:
    """"in 2017 over the previous year": 2016 is what 2017 is set against, so the growth is 2017's (248 on 7,449);
    "the year before 2017" asks 2016's, which needs a 2015 count the paper lacks."""
    answer = computed(ask, "What was the percentage growth in the number of enterprises in 2017 over the previous year?")
    assert round(answer.computation.value, 2) == 3.33
    before = ask("How fast did the number of enterprises grow the year before 2017?")
    assert before is not None and before.abstained and "2015" in before.text


@pytest.mark.parametrize("question", [
    "By what factor does output grow over five years at the 23.32% compound rate?",
    "At 23.32% compound growth for 5 years, output is multiplied by how much?",
    "What multiple of its starting value does output reach after 5 years of 23.32% compound growth?",
])
def test_a_stated_compound_rate_asked_as_a_multiple_is_compounded(ask, question) -> None:
    answer = computed(ask, question)
    assert round(answer.computation.value, 2) == round(1.2332 ** 5, 2)


def test_the_points_reading_is_warned(ask) -> None:
    answer = computed(ask, "gross profit rate the year before 2017?")
    assert round(answer.computation.value, 2) == 29.40
    assert any("percentage points" in w for w in answer.computation.warnings)


def test_an_unlisted_sub_sector_is_warned(ask) -> None:
    answer = computed(ask, "How many times bio-pharmaceutical manufacturing's profit growth is chemical pharma's?")
    assert round(answer.computation.value, 2) == 1.96
    assert any("not one of the 8 sub-sectors" in w for w in answer.computation.warnings)


@pytest.mark.parametrize(("question", "text"), [
    ("What is the CAGR of gross output from 2013 to 2017?",
     "The paper does not give gross output for 2013; it states 2010 (1,235 billion yuan) and 2017 (3,641.2 billion "
     "yuan)."),
    ("How much did gross output rise from 2012 to 2017?",
     "The paper does not give gross output for 2012; it states 2010 (1,235 billion yuan) and 2017 (3,641.2 billion "
     "yuan)."),
    ("Compute the revenue growth of the patent-intensive industry in 2017",
     "The paper does not give revenue growth of the patent-intensive industry for 2017; it states revenue growth only "
     "for the bio-pharmaceutical industry (2015: 9.48%; 2017: 6.28%), Chinese medicine decoction processing (2017: "
     "16.7%), chemical raw material manufacturing (2017: 14.7%) and pharmaceutical-specific equipment manufacturing "
     "(2017: 7.7%)."),
    # a question for a figure, not a computation, abstains the way the composer does
    ("What was gross output in 2013?",
     "The paper does not say. It does not give gross output for 2013; it states 2010 (1,235 billion yuan) and 2017 "
     "(3,641.2 billion yuan)."),
    ("Gross profit rate in 2012?",
     "The paper does not say. It does not give gross profit rate for 2012; it states 2017 (32.4%)."),
    ("How many biomedical enterprises were there in 2018?",
     "The paper does not say. It does not give number of enterprises for 2018; it states 2017 (7,697)."),
    ("What was Sinopharm's revenue in 2017?",
     "The paper does not say. It does not give revenue for Sinopharm in 2017; it states revenue only for the "
     "bio-pharmaceutical industry (2013: 2 trillion, read as yuan; 2015: 2,553.71 billion yuan, printed as "
     "\"25,53.71 billion yuan\"; 2017: 2,982.6 billion yuan, printed as \"2.9826 billion yuan\")."),
])
def test_missing_inputs_are_named(ask, document, question, text) -> None:
    answer = ask(question)
    assert answer is not None and answer.abstained and answer.computation is None
    assert answer.text == text
    assert answer.related and all(document.text[c.start:c.end] == c.quote for c in answer.related)


def test_a_sub_sector_without_figures(ask) -> None:
    answer = ask("What was the 2017 revenue growth of sanitary materials and medical supplies manufacturing?")
    assert answer.abstained and answer.text.startswith("The paper does not say. It does not give revenue growth of "
                                                       "sanitary materials and medical supplies manufacturing for 2017")


@pytest.mark.parametrize("question", [
    "What was the gross profit rate in 2017?",  # stated: the composer quotes it
    "What compound annual growth rate do the authors report for gross output 2010-2017?",
    "What was the compound growth of output value during the Eleventh Five-Year Plan?",
    "How fast did revenue grow in 2015?",
    "By how many did the number of enterprises rise in 2017?",
    "By how much did pretax profit of pharma equipment makers fall in 2017?",
    "What share of GDP was health spending in 2017?",
    "How many biomedical firms were there at the end of 2017?",
    "Which sub-sector had the slowest revenue growth in 2017?",
    "In which year did revenue first reach 2 trillion?",
    "How much did the number of enterprises increase between 2011 and 2017?",  # "a total increase of 2,023"
    "Who wrote the paper?",
    "What strategies does the paper recommend?",
    "Why is China behind in finding new drug targets?",
    "",
    "???",
])
def test_not_a_computation(ask, question) -> None:
    assert ask(question) is None


def test_a_followup_is_read_in_its_resolved_form(ask) -> None:
    answer = ask("and the year before?", "the year before (gross profit rate 2017)?")
    assert round(answer.computation.value, 2) == 29.40 and answer.question == "and the year before?"
    assert answer.resolved_question == "the year before (gross profit rate 2017)?"


def test_the_request_parser(facts) -> None:
    req = parse_request("gap in pp between the two fastest sub-sectors' revenue growth in 2017?", facts)
    assert (req.op, req.ranks, req.sub_sectors, req.years) == ("difference", ["top", "top"], True, [2017])
    assert req.metrics[0][:2] == ("revenue", True)
    req = parse_request("The enterprise count rose by 2,023 over seven years - what was the starting count?", facts)
    assert req.op == "start_level" and req.duration == 7 and req.quoted[0][1]["printed"] == "2,023"


# -- properties ---------------------------------------------------------------------------------------------------------
WORDS = ["revenue", "profit", "pre-tax profit", "gross output", "enterprises", "gross profit rate", "GDP",
         "health spending", "CAGR", "growth", "how many times", "gap", "pp", "margin", "share of", "implied",
         "back out", "per year", "in total", "the year before", "2010", "2013", "2015", "2016", "2017", "2018", "2020",
         "from", "to", "between", "and", "fastest", "slowest", "sub-sectors", "chemical pharma", "biopharma",
         "patent-intensive", "Sinopharm's", "7 trillion", "3%", "2,023", "seven years", "instead of", "6.2%", "what",
         "was", "?", "11th FYP", "compounds for 5 years", "if", "vs", "compare", "absolute", "starting count"]


def check_result(document, answer) -> None:
    if answer is None:
        return
    if answer.abstained:
        assert answer.text.startswith(("The paper does not give", "The paper does not say. It does not give"))
        assert answer.computation is None
        assert all(document.text[c.start:c.end] == c.quote for c in answer.related)
        return
    comp = answer.computation
    if answer.text.startswith("From the numbers in the question"):  # the question's own numbers: nothing to cite
        assert comp is not None and not answer.citations and all(op.citation is None for op in comp.inputs)
        return
    assert comp is not None and answer.citations and comp.inputs
    assert any(op.citation is not None for op in comp.inputs)
    for cite in (*answer.citations, *(op.citation for op in comp.inputs if op.citation)):
        assert document.text[cite.start:cite.end] == cite.quote
        assert f"[{cite.n}]" in answer.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join))
def test_any_mix_of_the_vocabulary(document, facts, caplog, question) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="assistant.route"):
        answer = answer_computation(question, question, facts, document)
    assert not caplog.records, caplog.text  # the safety net never had to catch anything
    check_result(document, answer)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.text(max_size=60))
def test_arbitrary_text(document, facts, caplog, question, resolved) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="assistant.route"):
        answer = answer_computation(question, resolved, facts, document)
    assert not caplog.records, caplog.text
    check_result(document, answer)


@pytest.mark.parametrize("question, operation, value", [
    ("what percentage is 45 of 300?", "share", 15.00),
    ("Something worth 500 grows 12% a year for 4 years: what is it worth at the end?", "projection", 786.76),
    ("one segment grew +12%, another fell 5%. gap in percentage points?", "pp_difference", 17.00),
    ("from 80 to 130 in 5 years: what annual rate?", "required_rate", 10.20),
    ("200 compounding at 5% a year over 3 yrs ends up at?", "projection", 231.53),
])
def test_numbers_typed_into_the_question(document, facts, question, operation, value) -> None:
    answer = answer_computation(question, question, facts, document)
    assert answer.computation.operation == operation and round(answer.computation.value, 2) == value
    assert "not figures of the paper" in answer.text and answer.computation.formula in answer.text


@pytest.mark.parametrize("question, operation, value", [
    ("The count grew by 2,023 to reach 7,697 in 2017. Express that as a percentage increase on the initial count.",
     "total_growth", round(2023 / (7697 - 2023) * 100, 2)),  # the starting level is the base, not what is asked
    ("Discounting the 2017 gross output at the stated 16.70% CAGR, what 2012 value do you get?", "backcast",
     round(3641.2 / 1.167 ** 5, 2)),  # the rate is an input, the year after "what" the one asked
    ("If 2016 output were 3,000 bn yuan, what share of the 2010-2017 rise would have come in 2017?", "share_of_change",
     round((3641.2 - 3000) / (3641.2 - 1235) * 100, 2)),  # "would have come": the share of a change
])
def test_what_is_asked_is_not_what_the_inputs_are(ask, question, operation, value) -> None:
    comp = computed(ask, question).computation
    assert comp.operation == operation and round(scaled(comp), 2) == value


def test_the_questions_own_numbers_beside_a_figure_of_the_paper(ask) -> None:
    """Two numbers of the user's own make the computation, a unit written once serves both ("from 100 to 150
    billion yuan"), and the paper's figure the question quotes is what the result is set against, cited."""
    answer = computed(ask, "A firm's output went from 100 to 150 billion yuan in 4 years: what annual rate is that, "
                           "and is it faster than the industry's 16.70%?")
    assert answer.computation.operation == "required_rate" and round(answer.computation.value, 2) == 10.67
    assert {op.unit for op in answer.computation.inputs} == {"yuan"}
    assert "below the paper's" in answer.text and [c.page for c in answer.citations] == [93]
    assert ask("what do the status codes 0, 1 and 2 mean?") is None  # the verb "mean": no average asked


@pytest.mark.parametrize("question, operation, value, page", [
    ("If there were 2,000 clinical drug projects in all, what share of them would the 220 anti-cancer ones be?",
     "share", 11.00, 96),  # the part the paper states over the whole the user sets
    ("Say China's pharma market were 1,000 bn USD, its 7.5% share of the global market: how big is the global market?",
     "implied_whole", 13333.33 * 1e9, 95),
])
def test_a_number_of_the_users_own_with_a_figure_of_the_paper(ask, question, operation, value, page) -> None:
    answer = computed(ask, question)
    assert answer.computation.operation == operation and answer.computation.value == pytest.approx(value, rel=1e-6)
    assert [c.page for c in answer.citations] == [page] and "your figure" in answer.text


@pytest.mark.parametrize("question, operation, value, unit", [
    ("Suppose we want 10,000 biomedical enterprises by end of 2020. What annual growth rate would be needed from the "
     "end-2017 level?", "required_rate", 9.12, "%"),
    ("If gross output keeps compounding at the 2010-2017 rate, what would it be in 2020?", "projection", 5787.05,
     "billion yuan"),
    ("If the enterprise count keeps rising by 248 a year, how many will there be at end-2020?", "linear_projection",
     8441, "count"),
    ("Of the revenue gain between 2015 and 2017, what percentage happened in 2017?", "share_of_change", 41.09, "%"),
    ("pretax profit per enterprise in 2017 (million yuan)?", "per_unit", 45.73, "million yuan"),
    ("Average of the 2015 and 2017 revenue growth rates?", "average", 7.88, "%"),
    ("Mean of 26.8% and 13.7%, the two fastest profit growth rates?", "average", 20.25, "%"),  # the figures quoted
    ("Spread in pp between the fastest and slowest revenue-growth sub-sectors in 2017?", "pp_difference", 9.00, "pp"),
    ("If revenue grows 5% in 2018, what would it be?", "projection", 3131.73, "billion yuan"),  # the user's rate
    ("Ratio of China's 2017 total health expenditure to the industry's 2017 profit before tax?", "ratio", 14.66, "x"),
    ("What proportion of the patent-intensive industry's 2016 profit before tax did the bio-pharmaceutical industry "
     "earn?", "share", 11.55, "%"),  # one metric, two subjects: the part's 2016 level derived from 2017 and its growth
    ("Extend the 2015-2017 compound annual growth rate of revenue to 2019: what revenue then?", "projection", 3483.52,
     "billion yuan"),  # a compound rate the paper does not state, derived from the two levels
    ("At the 2010-2017 compound rate, what would gross output be one year on, in 2018?", "projection", 4249.28,
     "billion yuan"),  # the rate of the period named, not 2017's own growth
    ("How much did the enterprise count grow in percent, given the 2,023 total increase up to 2017?", "total_growth",
     35.65, "%"),  # the start is the end less the stated change
    ("If gross output kept that pace, what would it be in 2019?", "projection", 4958.91, "billion yuan"),  # the stated 16.70%
    ("At the 2017 profit growth rate, how many years until profit before tax reaches 500 billion yuan?",
     "years_to_target", 2.21, "years"),
    ("Using the 16.70% compound rate and the 2017 gross output, what gross output in 2008 does that imply?",
     "backcast", 906.83, "billion yuan"),  # from the first level after 2008 (2010), at the rate quoted
    ("revenue growth slowed from 2015 to 2017 by how many pp?", "pp_difference", 3.20, "pp"),
    ("By how many points did output's compound growth slow from the Eleventh Five-Year Plan to 2010-2017?",
     "pp_difference", 6.62, "pp"),  # two stated compound rates over the periods named
    ("Reading the gross margin's 3% increase in 2017 as relative (3% of the 2016 value), how many percentage points "
     "did it rise?",
     "absolute_change", 0.94, "pp"),
])
def test_targets_projections_shares_of_a_change(ask, question, operation, value, unit) -> None:
    answer = computed(ask, question)
    comp = answer.computation
    assert comp.operation == operation and round(scaled(comp), 2) == pytest.approx(value) and scaled_unit(comp) == unit
    assert all(op.citation is not None or "question" in op.note for op in comp.inputs) and "[1]" in answer.text


def test_no_missing_figure_claim_from_a_junk_metric_or_an_unsplit_metric() -> None:
    """On a paper without a vocabulary file, a figure question gets no "does not give" message from a metric that
    names nothing ("is", "days_and") or from a name its figures are not split by (they name no subject)."""
    from assistant.facts import extract_facts, is_metric_name
    from assistant.ingest import parse_document
    from assistant.types import PaperMeta

    assert not any(is_metric_name(b) for b in ("is", "days_and", "would_lead", "had_none", "there"))
    assert all(is_metric_name(b) for b in ("hazard_ratio", "p_value", "observations", "profit_before_tax"))
    raw = ("A Study of Things\n\nAbstract\nWe draw a sample of 575 observations, and about 25% of them are censored. "
           "The fitted hazard ratio reached 1.9 in the main model, and the estimate is 0.5 for the second one.\n")
    document = parse_document(raw, PaperMeta(title="A Study of Things", authors=("A B",), venue="v", year=2020, doi=""))
    facts = extract_facts(document)
    for question in ("How many observations were used in the Stanford model?", "What is the value for Cox?"):
        answer = answer_computation(question, question, facts, document)
        assert answer is None or "does not give" not in answer.text, answer.text


@pytest.mark.parametrize("question, operation, value", [
    ("What CAGR takes gross output from its 2017 level to 6 trillion yuan in 2021?", {"cagr", "required_rate"}, 13.30),
    ("profit before tax: 500 billion yuan by 2019, from 2017 - what yearly growth would that need?",
     {"cagr", "required_rate"}, 19.19),
    ("how many percent did revenue go up in % between 2015 and 2017?", {"total_growth"}, 16.79),
])
def test_a_figure_the_question_sets_for_a_year(ask, question, operation, value) -> None:
    """A number typed with a year the paper has no figure for is that year's level, shown as the user's."""
    answer = computed(ask, question)
    assert answer.computation.operation in operation and round(answer.computation.value, 2) == value
    given = [op for op in answer.computation.inputs if op.citation is None]
    assert all("question" in op.note for op in given) and "[1]" in answer.text


@pytest.mark.parametrize("question, operation, value", [
    ("In percent, how much larger is the 2020 health consumption market than total health expenditure in 2017?",
     "total_growth", 35.66),
    ("How far was the 2017 total health expenditure from the health consumption market expected for 2020?",
     "absolute_change", 1840.12e9),
    # the metric named with no year of its own is the topic; the year before the next metric's name is that one's
    ("What annual rate is needed to take China's health consumption market from the 2017 total health expenditure "
     "to its 2020 level of 7 trillion yuan?", "required_rate", 10.7013),
    ("Per the 7% target, by how much in absolute terms would the 2020 health consumption market exceed 2017 total "
     "health expenditure?", "absolute_change", 1840.12e9),  # "per the": as it says, no amount per unit; "7%" no "in %"
    ("What share of the 2020 health consumption market is the 2017 total health expenditure?", "share", 73.7126),
    ("By what percent would total health expenditure of 2017 have to grow to match the 2020 health consumption "
     "market?", "total_growth", 35.6621),
])
def test_two_metrics_each_with_its_own_year(ask, question, operation, value) -> None:
    answer = computed(ask, question)
    assert answer.computation.operation == operation and answer.computation.value == pytest.approx(value, rel=1e-4)
    assert {op.year for op in answer.computation.inputs} == {"2017", "2020"}


@pytest.mark.parametrize("question, value", [
    ("quick one: (500 - 200) / 200 as a percent?", 150.0),
    ("what's 3 * (4 + 2) ^ 2", 108.0),
    ("2^10?", 1024.0),
])
def test_arithmetic_typed_into_the_question(ask, question, value) -> None:
    answer = ask(question)
    assert answer.computation.operation == "arithmetic" and answer.computation.value == pytest.approx(value)
    assert "not figures of the paper" in answer.text and not answer.citations


def test_arithmetic_on_figures_of_the_paper_cites_where_it_prints_them(ask) -> None:
    answer = ask("(7697 - 5000) / 5000 as a percent?")  # 7,697 is the paper's 2017 count; 5,000 is not its figure
    assert answer.computation.value == pytest.approx(53.94)
    assert [c.page for c in answer.citations] == [93] and "7,697 [1]" in answer.text
    assert "not figures of the paper" not in answer.text


@pytest.mark.parametrize("question", ["What happened in 2015/2016?", "growth over 2010-2017?", "What changed in 1.4-0?",
                                      "__import__('os').system('true') + 1"])
def test_no_arithmetic_in_years_or_code(ask, question) -> None:
    answer = ask(question)
    assert answer is None or answer.computation is None or answer.computation.operation != "arithmetic"


@pytest.mark.parametrize("question, operation, value", [
    ("Average yearly addition of biomedical enterprises over the seven years 2011-2017?", "average_annual_change", 289.0),
    ("What part of the whole seven-year increase in enterprises came in 2017?", "share_of_change", 12.26),
    ("How many times bigger was gross output in 2017 than in 2010?", "ratio", 2.95),
    ("The 23.32% compound rate of the Eleventh Five-Year Plan: what multiple over its 5 years?", "compounded_multiple",
     2.85),
])
def test_stated_period_changes_and_multiples(ask, question, operation, value) -> None:
    answer = computed(ask, question)
    assert answer.computation.operation == operation and round(answer.computation.value, 2) == value


def test_a_comparison_the_paper_makes_in_words_is_quoted_when_a_figure_is_missing(ask, assistant) -> None:
    # the paper gives no figure for developed countries, but says China's share is "lower significantly"
    question = "How does China's health expenditure as a share of GDP compare with developed countries?"
    assert ask(question) is None  # no computation to refuse: the passage answers
    answer = assistant.ask(question)
    assert not answer.abstained and answer.computation is None
    assert "lower significantly than that of developed countries" in answer.citations[0].quote


@pytest.mark.parametrize("question, operation, value", [
    # the telling sentence names the inputs (and the word "growth"); the asking one asks for a level
    ("The text states the 2017 revenue and its growth rate. What was revenue in 2016?", "implied_previous", 2806.36),
    ("Profit before tax grew in 2017 as the paper says. What fraction of the 2016 profit before tax of the "
     "patent-intensive industry came from the biomedical industry?", "share", 11.55),
    # the asking sentence names no operation: the telling one's stands ("keeps growing ... a year" projects)
    ("Suppose gross output keeps growing 16.70% a year after 2017. Where would it be in 2019?", "projection", 4958.91),
    # among more years, the range the question prints is the period asked; a one-year range is that year's growth
    ("Back out the 2016 revenue from 2017 revenue and its growth, then give the 2015-2016 growth.", "yoy_growth", 9.89),
    # the telling sentence's "grew" stands when the asking one asks for a rate
    ("Gross output grew from 1,235 billion yuan in 2010 to 3,641.2 billion in 2017. What is that as a yearly rate?",
     "cagr", 16.70),
])
def test_the_asking_sentence_sets_the_operation(ask, question, operation, value) -> None:
    answer = computed(ask, question)
    assert answer.computation.operation == operation
    assert value is None or round(scaled(answer.computation), 2) == value


def test_an_input_clause_ends_with_its_sentence(facts, document) -> None:
    req = parse_request("Its 2016 level and growth are given. What was the 2015 profit before tax?", facts, document)
    assert req.asked_years == [2015] and req.op == "level"


@pytest.mark.parametrize("question", [
    "Average the 2017 revenue growth rates of the three sub-sectors the paper names.",
    "What is the mean 2017 revenue growth of the fastest two sub-sectors and the slowest one?",
])
def test_how_many_things_a_question_names_is_no_operand(ask, question) -> None:
    answer = computed(ask, question)
    comp = answer.computation
    assert comp.operation == "average" and len(comp.inputs) == 3 and all(op.citation for op in comp.inputs)


def test_a_metric_named_as_the_holder_of_another_is_not_asked_for(facts, document) -> None:
    """The paper's revenue sentences say "the revenue of enterprises above designated size": in a question the
    enterprises so modified hold the revenue; a count of enterprises named on its own stays a metric."""
    held = parse_request("What revenue did the above-designated-size enterprises earn in 2013?", facts, document)
    assert [m[0] for m in held.metrics] == ["revenue"]
    subject = parse_request("How much profit before tax did the biomedical enterprises make in 2017?", facts, document)
    assert [m[0] for m in subject.metrics] == ["profit_before_tax"]  # the subject of "did" holds what is asked
    after = parse_request("Revenue of drug enterprises above designated size in 2015?", facts, document)
    assert [m[0] for m in after.metrics] == ["revenue"]  # the words beside the name, in either order
    of = parse_request("By how much did sales revenue of the bigger pharma companies grow in 2015?", facts, document)
    assert {m[0] for m in of.metrics} == {"revenue"}  # the complement of a metric ("of the ... companies") holds it
    counted = parse_request("What was the number of companies in 2016?", facts, document)
    assert [m[0] for m in counted.metrics] == ["enterprises"]
    for question in ("What was the 2017 profit before tax per enterprise?",
                     "What was profit before tax per enterprise of the biomedical industry in 2016?"):
        both = parse_request(question, facts, document)
        assert {m[0] for m in both.metrics} == {"profit_before_tax", "enterprises"}


def test_a_holder_named_in_other_words_order_is_known(ask) -> None:
    """"above-designated-size enterprises" is how the paper's "enterprises above designated size" may be written: no
    claim that the paper lacks revenue for them."""
    answer = ask("What revenue did the above-designated-size enterprises earn in 2013?")
    assert answer is None or "does not give" not in answer.text


@pytest.mark.parametrize("year", [2010, 2011])
def test_the_start_of_a_stated_period_change_is_derived(ask, year) -> None:
    """"A total increase of 2,023 in seven years" over 2011-2017: the start level is the end less the change, whether
    the question counts from the period's first printed year or from the seven years before its end."""
    answer = computed(ask, f"How many biomedical enterprises were there in {year}?")
    assert answer.computation.value == 7697 - 2023 and len(answer.computation.inputs) == 2


@pytest.mark.parametrize("question, operation, value", [
    ("Say enterprises went on adding 248 a year: how many biomedical enterprises would there be by 2019?",
     "linear_projection", 8193.0),
    ("If profit before tax rose 17.21% a year, what would profit before tax be in 2018?", "implied_next", 412.54),
])
def test_a_hypothetical_level_after_the_papers_figures_is_projected(ask, question, operation, value) -> None:
    answer = computed(ask, question)
    assert answer.computation.operation == operation and round(scaled(answer.computation), 2) == value


def test_a_plain_question_for_a_later_year_is_not_projected(facts, document) -> None:
    assert parse_request("How many biomedical enterprises were there in 2020?", facts, document).op == "level"


def test_a_reading_the_question_rules_out_names_no_operation(ask, facts, document) -> None:
    """"not pp" rules points out: the relative change between the two stated shares is asked for."""
    question = ("Health expenditure goes from 6.2% of GDP in 2017 to 7% in 2020: by how many percent, not percentage "
                "points, does the share rise?")
    assert parse_request(question, facts, document).op == "total_growth"
    answer = computed(ask, question)
    assert round(answer.computation.value, 2) == 12.90 and {op.year for op in answer.computation.inputs} == {"2017", "2020"}


def test_a_whole_is_derived_from_a_stated_share_as_an_input_of_another_operation(ask) -> None:
    """GDP has no level in the paper: each year's is its part over the share the paper states, the part being the
    amount the question pairs with the share ("7 trillion yuan is 7% of GDP"), else the share's own metric's level."""
    answer = computed(ask, "Taking the 7 trillion yuan of 2020 as 7% of GDP, what compound annual GDP growth from 2017 "
                           "to 2020 does the paper's health expenditure share imply?")
    comp = answer.computation
    assert comp.operation == "cagr" and round(comp.value, 2) == 6.31
    assert "derived" in answer.text and "industry" not in answer.text  # GDP is no industry's


@pytest.mark.parametrize("question, operation, value", [
    ("What is the gap in points between the innovative drug share of China and that of developed countries?",
     "pp_difference", 40.0),
    ("Developed countries against China: how many times their innovative drugs share is the former's?", "ratio", 3.0),
])
def test_a_pair_of_subjects_the_paper_gives_bounds_for(ask, question, operation, value) -> None:
    """The scope ("China") named against another subject is the other of the pair; a metric the paper states as a
    share is taken as its share, and bounds ("exceeded 60%", "less than 20%") are used and said to be bounds."""
    answer = computed(ask, question)
    assert answer.computation.operation == operation and answer.computation.value == pytest.approx(value)
    assert "bounds, not exact figures" in answer.text


def test_a_metric_named_in_the_singular(facts, document) -> None:
    assert [m[0] for m in parse_request("the innovative drug share", facts, document).metrics] == ["innovative_drugs"]


def test_a_whole_the_question_sets_times_the_stated_share(ask, facts, document) -> None:
    """A whole the paper states shares of but gives no level of, set by the question: the part at the stated share;
    the whole may be named with an everyday word inside its name ("pharma" for "pharmaceutical")."""
    question = "Suppose the global pharma market were 2 trillion dollars in 2020: what would China's market be?"
    assert [m[0] for m in parse_request(question, facts, document).metrics] == ["global_pharmaceutical_market"]
    answer = computed(ask, question)
    assert answer.computation.operation == "part_of_whole" and answer.computation.value == pytest.approx(150e9)
    assert "your figure" in answer.text and "[1]" in answer.text


def test_a_change_the_question_quotes_before_a_year_is_no_level_of_that_year(ask) -> None:
    answer = ask("CAGR 2,023 2010 7 trillion")  # "2,023" (a stated increase) right before 2010 is not the 2010 level
    assert answer is None or answer.computation is None or all(
        op.value != 2023 for op in answer.computation.inputs if op.year == "2010")


def test_a_statistic_the_paper_names_asks_for_no_operation(pdf_paper):
    gmm = pdf_paper("gmm")  # the paper prints "mean squared error": its "mean" asks for no average
    facts = gmm.facts
    assert parse_request("By what percent is the mean squared error of GMM above that of ML?", facts,
                         gmm.document).op != "average"
    assert parse_request("What is the mean of 4, 5 and 9?", facts, gmm.document).op == "average"


@pytest.mark.parametrize("question", [
    "What was the compound output value growth of the industry from 2010 to 2017?",
    "What compound annual growth rate did revenue have over 2015-2017?",
])
def test_compound_growth_named_with_the_metric_between_is_the_compound_rate(facts, document, question) -> None:
    """"compound <metric> growth" asks the compound annual rate, as "compound growth of <metric>" does; "compounds
    for 5 years" (a stated rate applied) stays total growth."""
    assert parse_request(question, facts, document).op == "cagr"
    assert parse_request("If 23.32% compounds for 5 years, what is the total growth?", facts, document).op == "total_growth"


def test_growth_by_what_multiple_is_the_end_over_the_start(ask) -> None:
    answer = computed(ask, "By what multiple did gross output grow between 2010 and 2017?")
    assert answer.computation.operation == "ratio" and round(answer.computation.value, 2) == 2.95
    assert {op.year for op in answer.computation.inputs} == {"2010", "2017"}


def test_a_rate_asked_in_percent_for_one_year_is_that_years_growth(ask) -> None:
    """"in percent" names the unit, not a change over a period: with one year it is that year's growth (here derived
    from the 2017 count and its stated increase)."""
    answer = computed(ask, "What was the year-on-year growth rate in the number of biomedical enterprises in 2017, in percent?")
    assert answer.computation.operation == "yoy_growth" and round(answer.computation.value, 2) == 3.33


def test_the_outcome_a_conditional_sentence_states_is_quoted_not_derived(ask) -> None:
    """"If this proportion reaches the target of 7% ..., the market will reach 7 trillion yuan": asked how big the
    market would be at 7%, the router leaves the sentence to the composer; asked to compute with 7% instead of the
    2017 share, it computes."""
    assert ask("If health spending got to the 7% target, how big would the market be?") is None
    answer = computed(ask, "If health spending had been 7% of 2017 GDP instead of 6.2%, how big would it have been?")
    assert answer.computation is not None


@pytest.mark.parametrize(("question", "first"), [
    ("Which grew faster in 2017, revenue or profit before tax?", "profit before tax growth"),
    ("Lately, which has been growing more weakly: revenue or profit before tax?", "revenue growth"),
])
def test_which_of_two_named_figures_is_answered_by_comparing_them(ask, question, first) -> None:
    """A choice between two metrics by a comparison names the one asked for (the higher, or the lower for "more
    weakly"), both figures cited; without a year, the latest year the paper gives both for."""
    answer = computed(ask, question)
    assert answer.computation.operation == "pp_difference" and round(answer.computation.value, 2) == 10.93
    assert answer.text.lower().startswith(f"the 2017 {first}")
    assert ask("Which sub-sector grew fastest in 2017?") is None  # a ranking the paper states: a passage


def test_a_metric_said_to_fall_asks_for_its_fall(facts, document) -> None:
    """"did profit drop" asks for a change of profit, and of the changes those that are falls."""
    question = "Was there a sub-sector whose profit before tax really dropped in 2017?"
    assert [m[1] for m in parse_request(question, facts, document).metrics] == [True]
    stated = [s.text for s in document.sentences if s.start in stated_sentences(question, facts, document)]
    assert any("falling by 8.1%" in t for t in stated) and not any("increase of 17.21%" in t for t in stated)
    assert parse_request("Did pre-tax profit go up in 2016?", facts, document).metrics[0][1]  # a phrasal verb too


def test_a_ranked_figure_asked_by_its_rank_is_the_one_stated(facts, document) -> None:
    """"which sub-sector did worst on pre-tax profit": the figure the paper ranks last, not the industry's level."""
    question = "Which segment had the worst pre-tax profit performance in 2017?"
    stated = [s.text for s in document.sentences if s.start in stated_sentences(question, facts, document)]
    assert stated and all("falling by 8.1%" in t for t in stated)


def test_a_metric_named_in_ing_is_read_in_the_verbs_other_forms(pdf_paper) -> None:
    """crq's facts name "censoring" (25% on p. 13); a question says "censored"."""
    crq = pdf_paper("crq")
    request = parse_request("What share of the observations were censored in that experiment?", crq.facts, crq.document)
    assert [m[0] for m in request.metrics] == ["censoring"]


def test_the_whole_a_share_question_asks_for_is_implied(ask) -> None:
    """"the stated share of GDP, what GDP does that imply": the whole, not the share the paper states again; "what
    share of GDP ..." using that GDP is still a share."""
    whole = computed(ask, "If 2017 health spending was the stated share of GDP, what GDP does that imply, in billion "
                          "yuan?").computation
    assert whole.operation == "implied_whole" and whole.value == pytest.approx(5159.88e9 / 0.062)
    share = computed(ask, "Using the GDP implied by health spending being 6.2% of GDP in 2017, what share of GDP did "
                          "the bio-pharmaceutical industry's gross output represent?").computation
    assert share.operation == "share" and round(share.value, 2) == 4.38


def test_a_clause_saying_what_is_given_names_inputs_not_the_operation(ask) -> None:
    """"its growth rate are given in the intro; what was its 2015 profit": the rate is an input (the earlier level
    implied by the later one and its growth), not the growth asked for."""
    comp = computed(ask, "The patent-intensive industry's pre-tax profit in 2016 and its growth rate are given in the "
                         "intro; what was its 2015 pre-tax profit in billion yuan?").computation
    assert round(comp.value / 1e9, 2) == 2361.49


def test_a_count_typed_in_the_question_as_a_share_of_the_papers_total(ask) -> None:
    answer = computed(ask, "If one province had 385 of the above-designated-size biomedical enterprises China had at "
                           "the end of 2017, what share of the national total is that?")
    assert answer.computation.operation == "share" and round(answer.computation.value, 2) == 5.00
    assert "your figure" in answer.text and "7,697" in answer.text


def test_an_unstated_whole_asked_without_a_computation_cue_leaves_the_passage_to_answer(ask) -> None:
    """"what's the target for 2020 (share of GDP ...)": no GDP for 2020 to imply; what the paper says answers."""
    assert ask("what's the target for 2020 (share GDP China total health expenditure make up)?") is None


def test_a_phrase_before_the_question_that_names_its_inputs_is_no_operation(ask) -> None:
    """"From the 2017 revenue ... and its year-on-year growth, what was 2016 revenue": the growth is an input (the
    earlier level implied by the later one), read as the paper's misprinted "2.9826 billion" corrected."""
    comp = computed(ask, "From the 2017 revenue of the above-designated-size biopharma firms and its year-on-year "
                         "growth, what was 2016 revenue in billion yuan?").computation
    assert round(comp.value / 1e9, 2) == 2806.36

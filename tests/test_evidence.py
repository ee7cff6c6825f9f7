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


def test_two_cells_added_up(crq):
    doc, rows = crq
    question = "At n = 200 in Table 1, what do the Nelson-Aalen and the median MSE add up to?"
    assert evidence.asks_arithmetic(question)
    tables = evidence.table_numbers(doc, rows)
    candidates = [f for i in rows if tables.get(i) == "1" for f in evidence.figures(doc, i, rows[i])]
    comp = evidence.compute(_pair(question, candidates), question, _cite)
    assert comp.operation == "sum" and round(comp.value, 3) == round(1.930 + 1.581, 3)
    assert not evidence.asks_arithmetic("What is the residual sum of squares of the fit?")  # a statistic, no sum


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


def test_a_count_spelled_as_a_word_is_no_figure(gmm):
    """"the two step GMM (2SGMM)": the "two" names the method, as "the three methods" counts what is discussed; a
    computation takes neither as an operand (the facts table leaves them out the same way)."""
    doc, rows = gmm
    sentence = next(s for s in doc.sentences if "introduced the two step GMM" in s.text)
    assert evidence.figures(doc, sentence.index, None) == []
    stated = next(s for s in doc.sentences if s.kind == "prose" and "400" in s.text and "sample size" in s.text)
    assert [f.value for f in evidence.figures(doc, stated.index, None)] == [400]


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


def _table_pair(doc, rows, question, table):
    tables = evidence.table_numbers(doc, rows)
    candidates = [f for i in rows if tables.get(i) == table for f in evidence.figures(doc, i, rows[i], rows)]
    return _pair(question, candidates)


def test_a_pair_differs_only_in_what_the_question_contrasts(crq):
    """The Peng-Huang rows at n = 400 against the quadratic ones: the same group and n, the one-letter tags "L" and
    "Q" named by "linear" and "quadratic"; not another group, not another n, not another column."""
    doc, rows = crq
    question = "In Table 4, how many times the linear Peng-Huang slope MAE is the quadratic Peng-Huang one at n = 400?"
    pair = _table_pair(doc, rows, question, "4")
    assert pair is not None and {pair.first.printed, pair.second.printed} == {"0.0392", "0.0775"}
    assert pair.first.printed == "0.0392"  # named first: "linear"


def test_a_difference_the_question_does_not_name_costs(crq):
    doc, rows = crq
    question = "In Table 4, by what percentage is the Powell slope RMSE higher than the GMLE slope RMSE at n = 400?"
    pair = _table_pair(doc, rows, question, "4")
    assert (pair.first.printed, pair.second.printed) == ("0.0544", "0.2173")  # the RMSE column, both at n = 400


@pytest.fixture(scope="module")
def gmm():
    doc = load_pdf(PAPERS / "gmm.pdf")
    return doc, table_rows(doc)


def test_two_printouts_told_apart_by_the_commands_that_printed_them(gmm):
    """Two output lines under the same column names ("(Intercept) x5t[, 2] x5t[, 3]") differ only in the command
    that printed them: ``diag(vcovHAC(res))^.5`` and ``diag(vcov(res))^.5``."""
    doc, rows = gmm
    printed = [i for i in rows if doc.sentences[i].section == "3.9"]
    candidates = [f for i in printed for f in evidence.figures(doc, i, rows[i], rows)]
    question = "By what percent is the x5t[, 3] standard error from vcovHAC() lower than the one from vcov()?"
    pair = _pair(question, candidates)
    assert pair is not None
    hac, plain = (pair.first, pair.second)
    assert "vcovhac" in hac.source and "vcov" in plain.source and "vcovhac" not in plain.source
    assert hac.label.startswith("x5t[, 3]") and plain.label.startswith("x5t[, 3]")
    comp = evidence.compute(pair, question, _cite)
    assert comp.operation == "decline" and comp.value > 0  # how far below the vcov() one, in % of it
    assert round(comp.value, 2) == round((1 - float(hac.printed) / float(plain.printed)) * 100, 2)


def test_a_name_glued_to_digits_names_no_number():
    terms = evidence.question_terms(("vfit", "2", "tgroup", "1"), "the karno coefficient of vfit2 at tgroup=1")
    assert "vfit2" in terms and "1" in terms and "2" not in terms


def test_figures_of_a_summary_line_are_named_each_by_its_own_name():
    doc = load_pdf(PAPERS / "timedep.pdf")
    rows = table_rows(doc)
    i = next(i for i, r in rows.items() if "number of events" in r.names)  # under "Likelihood ratio test=..."
    found = evidence.figures(doc, i, rows[i], rows)
    assert [f.printed for f in found if f.printed[0] != "<"] == [v for v in rows[i].values if v[0] != "<"]
    events = next(f for f in found if f.label.startswith("number of events"))
    assert {"event"} <= events.names and not {"likelihood", "ratio"} & events.names
    assert events.source and "(from `>" in events.label  # the command that printed it


def test_a_difference_of_two_statistics_printed_on_summary_lines(pdf_paper):
    timedep = pdf_paper("timedep")
    answer = timedep.ask("What is the difference between the likelihood ratio statistic of vfit3 and that of vfit?")
    assert answer.computation is not None
    assert sorted(op.value for op in answer.computation.inputs) == [43.04, 53.84]
    assert round(abs(answer.computation.value), 2) == 10.8



def _same_line_of_one_section(doc, rows, start: str):
    """The figures of every output line of one section that starts with ``start``, each with the commands that
    printed it; the section that prints such a line most often."""
    lines = [i for i in rows if doc.sentences[i].text.strip().startswith(start)]
    section = max({doc.sentences[i].section for i in lines},
                  key=lambda s: sum(doc.sentences[i].section == s for i in lines))
    return [f for i in lines if doc.sentences[i].section == section for f in evidence.figures(doc, i, rows[i], rows)]


def test_a_refit_against_the_run_it_changes(gmm):
    """The question names one run by what its command changed ("nlminb") and the other by nothing ("the first
    fit"): the same line printed by another run of that section, the nearest, is the other figure."""
    doc, rows = gmm
    candidates = _same_line_of_one_section(doc, rows, "## Test E(g)=0:")
    question = "How many times larger is the J-test statistic of the first fit than that of the nlminb fit?"
    pair = _pair(question, candidates)
    assert pair is not None and pair.first.section == pair.second.section
    named = [f for f in (pair.first, pair.second) if "nlminb" in f.source]
    other = next(f for f in (pair.first, pair.second) if f not in named)
    assert len(named) == 1 and other.names == named[0].names and "nlminb" not in other.source
    nearest = min((f for f in candidates if "nlminb" not in f.source and f.names == other.names),
                  key=lambda f: abs(f.sentence - named[0].sentence))
    assert other.sentence == nearest.sentence
    assert evidence.compute(pair, question, _cite).operation == "ratio"


def test_a_question_naming_both_runs_takes_no_baseline(gmm):
    doc, rows = gmm
    candidates = _same_line_of_one_section(doc, rows, "## Test E(g)=0:")
    question = "How many times larger is the J-test statistic of the nlminb fit than that of the WMK fit?"
    pair = _pair(question, candidates)  # WMK names a run: that one is a side, not whichever run names nothing
    assert pair is None or any("wmk" in f.source for f in (pair.first, pair.second))


def test_the_same_line_printed_by_another_run_joins_the_candidates(pdf_paper):
    """Retrieval may find one run's "Function eval." line only; the same line printed by the other run of its section
    is a candidate too, so the pair is one from each run."""
    gmm = pdf_paper("gmm")
    answer = gmm.ask("How many times as many function evaluations did the first fit need as the nlminb refit?")
    assert answer.computation is not None and answer.computation.operation == "ratio"
    cited = [op.citation for op in answer.computation.inputs]
    assert len({c.start for c in cited}) == 2 and len({c.section for c in cited}) == 1
    assert all("Function eval." in c.quote for c in cited)


def test_a_run_the_question_names_brings_its_printout(pdf_paper):
    """Retrieval finds the printout of one model; the other model the question names by its program name ("vfit")
    brings its rows labelled by a word of the question, and the measure said of both ("coefficient") is a column
    both figures hold."""
    timedep = pdf_paper("timedep")
    answer = timedep.ask("How many times larger in magnitude is the Karnofsky coefficient of the first stratum "
                         "(tgroup=1) in vfit2 than the Karnofsky coefficient of vfit?")
    assert answer.computation is not None and answer.computation.operation == "ratio"
    names = [op.name for op in answer.computation.inputs]
    assert all(name.startswith("coef for karno") for name in names)
    assert any("`> vfit`" in name for name in names) and any("`> vfit2`" in name for name in names)


def test_two_prose_figures_counting_one_noun_share_a_measure():
    """"by what factor did the expansion enlarge the data set": the two counts of observations are the pair, though
    the question never says "observations", rather than two table cells that merely share a word of the question."""
    question = "By what factor did the expansion at all unique death times enlarge the pbc data set?"
    big = evidence.Figure(value=42401, printed="42401", sentence=1, label="42401 observations",
                          names=frozenset(analyze("resulted in a data set of 42401 observations as compared")),
                          counts=frozenset({"observ"}))
    small = evidence.Figure(value=418, printed="418", sentence=1, label="418 observations",
                            names=frozenset(analyze("compared to the 418 observations of the starting pbc")),
                            counts=frozenset({"observ"}))
    cell_a = evidence.Figure(value=0, printed="0", sentence=7, label="time", names=frozenset({"time"}), cell=True,
                             source=frozenset({"survsplit", "data", "vet2"}))
    cell_b = evidence.Figure(value=1.24, printed="1.24", sentence=9, label="log(bili) for time dependent", cell=True,
                             names=frozenset(analyze("log(bili) time dependent")), source=frozenset({"pbc", "death", "fit1"}))
    pair = _pair(question, [cell_a, cell_b, big, small])
    assert {pair.first.printed, pair.second.printed} == {"42401", "418"}
    assert round(evidence.compute(pair, question, _cite).value, 2) == 101.44


def test_a_printed_fraction_is_the_part_and_whole_of_a_share():
    doc = load_pdf(PAPERS / "timedep.pdf")
    sentence = next(s for s in doc.sentences if "131/137" in s.text)
    figures = evidence.figures(doc, sentence.index, None)
    question = "What percentage of the veteran data set's observation times are 13 months or less?"
    assert evidence.asks_arithmetic(question)
    pair = evidence.fraction_pair(figures, question)
    assert (pair.first.value, pair.second.value) == (131, 137)
    comp = evidence.compute(pair, question, _cite)
    assert comp.operation == "share" and round(comp.value, 2) == 95.62
    assert evidence.fraction_pair(figures, "How many observation times are 13 months or less?") is None


def test_two_functions_the_question_names_each_bring_their_printed_vector(pdf_paper):
    """A printed vector (``## [1] 0.088 0.182 0.123``) has no row label: its columns name it. The function the
    question names ("vcovHAC") brings it, the same printout by the other command of its section (``vcov()``) comes
    with it, and of the runs that printed such a vector the nearest two are the pair, not a refit elsewhere."""
    gmm = pdf_paper("gmm")
    answer = gmm.ask("In percent, how much smaller is the vcovHAC standard error of x5t[, 3] than the vcov() one?")
    assert answer.computation is not None and answer.computation.operation == "decline"
    names = [op.name for op in answer.computation.inputs]
    assert any("vcovHAC(res)" in n for n in names) and any("diag(vcov(res))" in n for n in names)
    assert round(answer.computation.value, 2) == round((1 - 0.12303848 / 0.1376027) * 100, 2)


def test_a_figure_lower_than_another_is_a_positive_decline():
    """"by what percent is A lower than B": how far below B it is, in % of B (a positive figure), not A's change
    relative to B (negative)."""
    question = "By what percentage is the robust variance of the slope lower than the naive one?"
    robust = evidence.Figure(value=0.8, printed="0.8", sentence=1, label="robust", names=frozenset({"robust"}))
    naive = evidence.Figure(value=1.0, printed="1.0", sentence=2, label="naive", names=frozenset({"naiv"}))
    comp = evidence.compute(evidence.Pair(first=robust, second=naive, score=1.0), question, _cite)
    assert comp.operation == "decline" and round(comp.value, 2) == 20.0


def test_a_true_value_is_the_coefficient_the_simulation_code_sets(pdf_paper):
    """"the true coefficient" of a variable is the one the code that simulated the data multiplies it by
    (``y <- 0.1*w + e[,2]``), paired with the estimate printed in the section where the data were simulated."""
    gmm = pdf_paper("gmm")
    answer = gmm.ask("What is the gap between the estimate of w and its true coefficient in the simulated data?")
    assert answer.computation is not None and answer.computation.operation == "absolute_change"
    values = sorted(op.value for op in answer.computation.inputs)
    assert values == [0.1, 0.329674] and round(answer.computation.value, 2) == 0.23
    assert any("y <- 0.1*w" in op.citation.quote for op in answer.computation.inputs)


def test_by_how_much_asks_a_difference():
    assert evidence.asks_arithmetic("By how much did the fitted slope exceed the one of the first model?")
    assert not evidence.asks_arithmetic("By how much did the firm's revenue shrink last year?")  # a stated change
    assert evidence.asks_true_value("how far is it from the true value used to generate the sample?")
    assert not evidence.asks_true_value("Is the J-test value significant?")


def test_an_estimate_from_a_named_run_is_read_off_its_printed_vector(pdf_paper):
    """Against the true coefficient, the estimate of a run the question names ("the iterative GMM estimate") is the
    figure under that variable's column in the vector its run printed (``coef(res2)``: ``(Intercept) w``), not the
    default fit's Estimate column."""
    gmm = pdf_paper("gmm")
    answer = gmm.ask("How many times the true value is the iterative GMM estimate of w?")
    assert answer.computation is not None and answer.computation.operation == "ratio"
    assert sorted(op.value for op in answer.computation.inputs) == [0.1, 0.3316221]


def test_a_prose_figure_is_named_by_its_neighbours_not_by_itself():
    """The "2" of "the 2-step GMM" is not named "2": a question about column "x5t[, 2]" does not make it a measure
    it shares with that column's cells."""
    doc = load_pdf(PAPERS / "gmm.pdf")
    sentence = next(s for s in doc.sentences if s.kind == "prose" and "2-step GMM" in s.text)
    two = next(f for f in evidence.figures(doc, sentence.index, None) if f.printed == "2")
    assert "2" not in two.names and {"step", "gmm"} <= two.names


def test_codes_and_terms_of_an_expression_are_no_figures():
    doc = load_pdf(PAPERS / "timedep.pdf")
    codes = next(s for s in doc.sentences if "1= liver transplant" in s.text)
    assert evidence.figures(doc, codes.index, None) == []  # "0= censored, 1= liver transplant and 2= death"
    expression = next(s for s in doc.sentences if "max(dtimes)/365.25" in s.text)
    assert "365.25" not in [f.printed for f in evidence.figures(doc, expression.index, None)]  # the divisor of a call


def test_one_count_said_twice_is_no_pair(pdf_paper):
    """"the two methods" of the abstract and "the two methods" of section 4.4 are one count of the same things:
    no share or ratio is made of them."""
    crq = pdf_paper("crq")
    answer = crq.ask("What percentage of observations were censored in the AFT comparison of the Portnoy and "
                     "Peng-Huang methods?")
    assert answer.computation is None and "2 / 2" not in answer.text


def test_a_table_is_named_by_its_number_or_a_common_abbreviation_of_it():
    from assistant.answer.evidence import table_named

    assert table_named("whats the RMSE of the slope in tbl 2?") == "2"
    assert table_named("In Tab. 5, which estimator is best?") == "5" and table_named("in Table 3") == "3"
    assert table_named("a table with 2 columns") is None and table_named("at n = 400") is None


def test_a_table_is_described_by_the_words_of_its_caption(crq):
    """Of seven captions, the one holding the most of the question's words ("heteroscedastic" and "constant
    censoring" of Table 4); none when two hold as many (a question setting two tables against each other)."""
    doc, rows = crq
    captions = evidence.caption_terms(doc, evidence.table_numbers(doc, rows))
    assert len(captions) == 7

    def described(question):
        return evidence.described_table(captions, analyze(question))

    assert described("Under heteroscedastic errors with constant censoring, what is Powell's slope bias?") == "4"
    assert described("With t3 errors and variable censoring, which estimator has the lowest intercept MAE?") == "7"
    assert described("Is the slope RMSE larger with constant or with variable censoring for t3 errors?") is None
    assert described("What is the RMSE of the Powell estimator?") is None  # no caption's words
    assert evidence.asked_table(captions, "in Table 9, the bias", analyze("the bias")) is None  # no such table
    assert evidence.asked_table(captions, "in Table 2, the bias", analyze("the bias")) == "2"


def test_a_table_described_by_its_caption_holds_both_figures_of_a_ratio(pdf_paper):
    """Two rows the question names by label ("Powell", "Portnoy") in the table its caption describes, not the same
    label in two tables told apart only by the prose before them."""
    crq = pdf_paper("crq")
    answer = crq.ask("Under heteroscedastic errors with constant censoring, by what factor is the Powell slope MAE "
                     "larger than the Portnoy slope MAE at n = 400?")
    comp = answer.computation
    assert comp is not None and comp.operation == "ratio"
    view = crq.composer.view
    starts = {s.start: s.index for s in crq.document.sentences}
    tables = {view.table_of.get(starts[op.citation.start]) for op in comp.inputs}
    assert tables == {"4"}
    assert ["Powell" in comp.inputs[0].name, "Portnoy" in comp.inputs[1].name] == [True, True]


def test_a_change_between_two_rows_of_one_lettered_group_keeps_to_the_group_named(pdf_paper):
    crq = pdf_paper("crq")  # Table 4 prints Portnoy L and Portnoy Q groups of rows n = 100, 400, 1000
    answer = crq.ask("By what percent does Portnoy Q's slope RMSE drop between n = 100 and n = 1000 in Table 4?")
    assert answer.computation is not None
    assert [op.value for op in answer.computation.inputs] == [0.2093, 0.0587]


def test_a_percentage_jump_between_two_amounts_pairs_amounts_not_a_percent(assistant):
    """"a percentage jump" asks a change (rise-words.txt), and "7 trillion yuan" pairs with "5,159.88 billion-yuan",
    not with the "7%" printed beside it: figures in different units are no pair."""
    answer = assistant.ask("What is the percentage jump from 2017's total health expenditure to the 7 trillion yuan "
                           "health market of 2020?")
    assert answer.computation is not None
    assert [op.value for op in answer.computation.inputs] == [5159.88e9, 7e12]
    assert round(answer.computation.value, 2) == 35.66 and "billion" not in answer.computation.formula


def test_figures_that_share_only_a_change_word_with_the_question_are_no_pair(assistant):
    """The paper prints no amount of the special investment in new drug creation (only Fig. 7); two revenue growth
    rates of 2015 and 2017 share "increase" with the question and nothing of its subject, so nothing is computed."""
    answer = assistant.ask("By what percent did the state's special investment in major new drug creation increase "
                           "from 2015 to 2017?")
    assert answer.computation is None


def test_two_amounts_of_one_currency_are_a_part_and_a_whole(assistant):
    """"What percentage of the 2020 target of 7 trillion yuan did the 2017 health expenditure represent?": two
    amounts in yuan are a part and a whole, as two counts of one noun are (5,159.88 / 7,000 billion)."""
    answer = assistant.ask("What percentage of the 2020 target of 7 trillion yuan did China's 2017 total health "
                           "expenditure represent?")
    assert answer.computation is not None and answer.computation.operation == "share"
    assert round(answer.computation.value, 2) == 73.71
    assert [op.value for op in answer.computation.inputs] == [5_159.88e9, 7e12]


@pytest.mark.parametrize("question, asked", [
    ("By what factor did the expansion enlarge the data set?", True),
    ("What is the actual reduction factor in rows between the two splits?", True),
    ("How many times bigger is the first?", True),
    ("In the stochastic discount factor version of the CAPM test, what was the J-test p-value?", False),  # a name
    ("What J-statistic does the stochastic discount factor test give?", False),
])
def test_factor_asks_a_ratio_unless_it_modifies_the_noun_after_it(question, asked):
    from assistant.answer.evidence import asks_arithmetic
    assert asks_arithmetic(question) is asked


def test_a_figure_of_a_test_named_by_a_factor_is_quoted_not_divided(pdf_paper):
    answer = pdf_paper("gmm").ask("In the stochastic discount factor version of the CAPM test, what was the J-test "
                                  "p-value?")
    assert answer.computation is None and answer.kind == "passage"

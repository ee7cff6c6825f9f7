"""Rows of printed tables and output, read by shape, on real PDFs."""

from __future__ import annotations

import pytest

from assistant.answer.cells import (acronyms, named_terms, row_context, split_pairs, split_row, stated_numerals,
                                    table_rows)
from assistant.pdf import load_pdf
from assistant.config import ROOT

PAPERS = ROOT.parent / "shared" / "papers"


@pytest.mark.parametrize("line, expected", [
    ("## treat -1.0722 0.3422 0.2619 0.3118 -3.438 ***", ("treat", ("-1.0722", "0.3422", "0.2619", "0.3118", "-3.438"))),
    ("n = 400 -0.0017 0.0191", ("n = 400", ("-0.0017", "0.0191"))),
    ("## 0.010674189 -0.002068407", ("", ("0.010674189", "-0.002068407"))),
    ("log(bili) 1.049e+00 2.854e+00", ("log(bili)", ("1.049e+00", "2.854e+00"))),
])
def test_split_row(line, expected):
    assert split_row(line) == expected


@pytest.mark.parametrize("line", ["## Estimate Std. Error t value Pr(>|t|)", "The estimate was 0.5.", "2019", ""])
def test_not_a_row(line):
    assert split_row(line) is None


def test_output_rows_find_their_column_heading():
    doc = load_pdf(PAPERS / "timedep.pdf")
    rows = table_rows(doc)
    treat = [r for r in rows.values() if r.label == "treat" and r.header is not None]
    assert treat, "the coxph output rows of the CGD example"
    headers = {doc.sentences[r.header].text for r in treat}
    assert any("exp(coef)" in h for h in headers)
    assert all(r.sentence > r.header for r in treat)


def test_simulation_table_rows_have_heading_and_group():
    doc = load_pdf(PAPERS / "crq.pdf")
    rows = [r for r in table_rows(doc).values() if r.label.startswith("n =")]
    assert len(rows) >= 12
    with_header = [r for r in rows if r.header is not None]
    assert len(with_header) >= 0.75 * len(rows)
    for r in with_header:  # column names, at least half as many as the row's figures
        names = doc.sentences[r.header].text.split()
        assert not any(ch.isdigit() for ch in "".join(names)) and 2 * len(names) >= len(r.values)
    grouped = [r for r in rows if r.groups]
    assert grouped and all(len(doc.sentences[g].text.split()) <= 3 for r in grouped for g in r.groups)
    assert all(r.header in row_context(doc, r) for r in with_header)


def test_a_named_cell_is_stated_above_its_row(tmp_path):
    from assistant.answer.evidence import figures
    doc = load_pdf(PAPERS / "crq.pdf")
    rows = table_rows(doc)
    row = next(r for r in rows.values() if r.label == "n = 200" and r.header is not None
               and "Kaplan-Meier" in doc.sentences[r.header].text)
    cells = figures(doc, row.sentence, row)
    assert [c.printed for c in cells] == list(row.values)
    assert cells[1].label.startswith("Kaplan-Meier") and "n = 200" in cells[1].label


def test_cut_labels_answer_to_the_words_they_shorten():
    from assistant.answer.cells import abbreviated
    assert abbreviated(frozenset({"treat", "karno", "se"}), {"treatment", "karnofski", "error"}) == {"treat", "karno"}


def test_rows_under_many_group_labels_keep_their_heading():
    doc = load_pdf(PAPERS / "crq.pdf")
    rows = [r for r in table_rows(doc).values() if doc.sentences[r.sentence].page == 21]
    assert len(rows) == 18 and all(r.header is not None for r in rows)
    groups = [doc.sentences[r.groups[0]].text for r in rows]
    assert groups == [g for g in ("Portnoy L", "Portnoy Q", "Peng-Huang L", "Peng-Huang Q", "Powell", "GMLE")
                      for _ in range(3)]


def test_acronyms_spelled_by_the_question():
    names = frozenset({"gmle", "ph", "ols", "mat", "tt", "gm"})
    text = "How many times larger is the Gaussian MLE than Peng-Huang under ordinary least squares for the treatment?"
    # initials of content words, or a word in capitals whole; never "ma"+"t" of "many times", nor "the treatment"
    assert acronyms(names, text) == {"gmle", "gm", "ph", "ols"}


def test_a_command_above_output_is_no_group_label():
    from assistant.answer.cells import commands
    doc = load_pdf(PAPERS / "gmm.pdf")
    rows = table_rows(doc)
    hac = next(r for r in rows.values() if r.label == "[1]" and doc.sentences[r.sentence].section == "3.9")
    assert not hac.groups  # "diag(vcovHAC(res))^.5" printed it: it is no label of a group of rows
    assert [doc.sentences[j].text.strip() for j in commands(doc, hac.sentence, rows)] == ["diag(vcovHAC(res))^.5"]
    run = commands(doc, hac.sentence + 4, rows)  # the next printout, under its own command
    assert [doc.sentences[j].text.strip() for j in run] == ["diag(vcov(res))^.5"]


def test_commands_after_an_r_prompt():
    from assistant.answer.cells import commands
    doc = load_pdf(PAPERS / "timedep.pdf")
    rows = table_rows(doc)
    karno = next(r for r in rows.values() if r.label.startswith("karno:strata(tgroup)tgroup=1"))
    texts = [doc.sentences[j].text for j in commands(doc, karno.sentence, rows)]
    assert texts and texts[0].startswith("> vfit2") and any("coxph" in t for t in texts)


def test_a_row_labelled_alike_in_two_printouts_is_told_apart_by_where_it_was_printed(pdf_paper):
    # "gamma" is printed by the stable-distribution fits and, as a column name, by the interest-rate fit: the
    # question names the example (its section title, the prose before the command), not the label alone
    gmm = pdf_paper("gmm")
    answer = gmm.ask("Which gamma did the GMM fit of the interest rate model by discrete approximation produce?")
    assert not answer.abstained and "0.459478821" in answer.text
    answer = gmm.ask("What gamma estimate does the fit of the stable distribution give?")
    assert "0.459478821" not in answer.text


def test_the_group_of_a_table_the_question_names_leads_its_siblings(pdf_paper):
    from assistant.answer.rank import named_rows
    from assistant.question import classify

    crq = pdf_paper("crq")
    composer = crq.composer
    question = "Table 4: how biased is the intercept of the Gaussian maximum likelihood estimator with 400 observations?"
    cells = named_rows(composer.view, classify(question, lexicon=crq.index.lexical.lexicon))
    table = [i for i in cells if composer.view.table_of.get(i) == "4" and composer.rows[i].label == "n = 400"]
    assert len(table) >= 4  # one "n = 400" row per estimator
    leading = [i for i in table if cells[i].lead > 0]
    assert len(leading) == 1  # "GMLE", spelled by "Gaussian maximum likelihood estimator", and no other group
    assert crq.document.sentences[composer.rows[leading[0]].groups[0]].text.strip() == "GMLE"
    answer = crq.ask(question)
    assert "0.1209" in answer.text


@pytest.mark.parametrize("fit", ["vfit", "vfit2"])  # "vfit" is not "vfit2": names match as the code spells them
def test_a_fit_named_as_the_code_names_it_leads_the_rows_it_printed(pdf_paper, fit):
    from assistant.answer.rank import named_rows
    from assistant.answer.view import printing_names
    from assistant.question import classify

    timedep = pdf_paper("timedep")  # each fit (vfit, vfit2, vfit3, ...) prints its own "Likelihood ratio test"
    view = timedep.composer.view
    question = f"What likelihood ratio test is printed for {fit}?"
    cells = named_rows(view, classify(question, lexicon=timedep.index.lexical.lexicon))
    tests = [i for i in cells if view.rows[i].label.lower().startswith("likelihood ratio test")]
    assert len(tests) >= 3
    leading = [i for i in tests if cells[i].lead == 1.0]
    assert leading and all(fit in printing_names(view, i) for i in leading)
    assert all(fit not in printing_names(view, i) for i in set(tests) - set(leading))


def test_a_fit_and_a_setting_named_find_that_setting_of_that_fit(pdf_paper):
    timedep = pdf_paper("timedep")  # vfit2 prints a karno row per tgroup, as do other fits: each setting its own row
    for setting, coefficient in (("1", "-0.048755"), ("2", "0.008050"), ("3", "-0.008349")):
        answer = timedep.ask(f"What karno coefficient does vfit2 give for tgroup={setting}?")
        assert not answer.abstained and coefficient in answer.text


def test_a_number_glued_to_a_name_is_not_stated():
    assert stated_numerals("What does data2 hold?") == frozenset()
    assert stated_numerals("the fit vfit3 with n = 400") == {"400"}


@pytest.mark.parametrize("line, expected", [
    ("Wald test = 12.1 on 2 df, p=0.0024 n= 88, number of events= 31",
     (("Wald test", "12.1"), ("p", "0.0024"), ("n", "88"), ("number of events", "31"))),
    ("## Residual standard error: 1.25 on 40 degrees of freedom", (("Residual standard error", "1.25"),)),
    ("Multiple R-squared: 0.7, Adjusted R-squared: 0.68", (("Multiple R-squared", "0.7"), ("Adjusted R-squared", "0.68"))),
    ("BIC = -41.5", (("BIC", "-41.5"),)),
    ("p-value: < 2.2e-16", (("p-value", "<2.2e-16"),)),
])
def test_split_pairs(line, expected):
    assert split_pairs(line) == expected


@pytest.mark.parametrize("line", [
    "> fit <- lm(y ~ x, weights=w, subset=1:20)",  # a command
    "width=3, height=4)",  # the arguments of a call running on
    "x:strata(g)g=1 x:strata(g)g=2",  # a name glued to a separator
    "y = 1 − Z",  # one side of an equation
    "for i = 1, ..., N",  # the bound of an index
])
def test_not_pairs(line):
    assert split_pairs(line) == ()


def test_summary_lines_of_output_are_rows_of_named_figures():
    doc = load_pdf(PAPERS / "timedep.pdf")
    rows = [r for r in table_rows(doc).values() if r.names]
    assert len(rows) >= 5
    for r in rows:
        assert len(r.names) == len(r.values) and r.columns(doc) == r.names and r.header is None
        assert doc.sentences[r.sentence].kind != "prose"
    assert any(r.names == ("Likelihood ratio test", "p") for r in rows)
    assert any(r.names == ("n", "number of events") and r.values == ("203", "76") for r in rows)  # a line of its own


def test_a_name_ending_in_a_digit_is_not_cut_short():
    assert named_terms(frozenset({"vfit", "treat"}), {"vfit4", "treatment"}) == {"treatment"}


def test_rows_between_two_captions_belong_to_the_caption_on_the_papers_side(pdf_paper):
    crq = pdf_paper("crq")  # its captions are printed below their tables: Table 6's caption sits between 6 and 7
    view = crq.composer.view
    doc = view.document
    for number in ("6", "7"):
        caption = next(i for i, n in view.table_of.items() if n == number and doc.sentences[i].kind == "caption")
        rows = [i for i, n in view.table_of.items() if n == number and i != caption]
        assert rows and all(i < caption for i in rows)  # above their own caption
        before = [c for c, n in view.table_of.items() if doc.sentences[c].kind == "caption" and n == str(int(number) - 1)]
        assert before and all(i > c for i in rows for c in before)  # below the caption of the table before
        assert all(caption in view.row_context[i] for i in rows if i in view.row_context)


def test_a_row_is_printed_under_its_own_caption_not_the_one_above_it(pdf_paper):
    """crq prints captions below tables: the line above Table 7's rows is Table 6's caption, which says nothing of
    them."""
    from assistant.answer.cells import printed_by

    crq = pdf_paper("crq")
    view = crq.composer.view
    doc = view.document
    seven = [i for i, row in view.rows.items() if view.table_of.get(i) == "7"]
    six = next(i for i, n in view.table_of.items() if n == "6" and doc.sentences[i].kind == "caption")
    assert seven and all(view.rows[i].caption is not None and view.table_of[view.rows[i].caption] == "7" for i in seven)
    assert all(six not in printed_by(doc, i, dict(view.rows)) for i in seven)
    assert all(view.rows[i].caption in printed_by(doc, i, dict(view.rows)) for i in seven)

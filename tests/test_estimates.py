"""Read-outs of printed regression estimates, on the development PDFs' own printed fits."""

from __future__ import annotations

import pytest

from assistant.answer.estimates import ReadOut, asked_readout, printed_levels, role
from assistant.answer.cells import table_rows
from assistant.pdf import load_pdf

from .test_evidence import PAPERS


@pytest.mark.parametrize(("question", "expected"), [
    ("What is the 90% confidence interval for the coefficient on w?", ReadOut("interval", level=0.9)),
    ("What is the upper limit of a 95% CI for the treatment hazard ratio?",
     ReadOut("interval", exponentiate=True, upper=True)),
    ("What percent reduction in the infection hazard does the treatment coefficient correspond to?",
     ReadOut("change")),
    ("Given a 35-point gap in karno, what hazard ratio does its coefficient imply?",
     ReadOut("ratio", multiple=35, either_way=True)),
    ("What hazard ratio does the model report?", None),  # printed beside the coefficient: quoted, not computed
    ("What is the coefficient of treat?", None),
])
def test_the_read_out_a_question_asks(question, expected):
    assert asked_readout(question) == expected


def test_column_headings_of_estimates_and_standard_errors():
    assert role("## Estimate") == "estimate" and role("coef") == "estimate"
    assert role("se(coef)") == "se" and role("Std. Error") == "se" and role("exp(coef)") == "exp"
    assert role("z") == "statistic" and role("Pr(>|t|)") == "p" and role("Adj. R2") == ""


def test_a_printed_interval_is_found_with_its_level():
    """gmm prints confint(res3, level=.90) under "## 0.05 0.95": a 90% interval for w and the intercept."""
    doc = load_pdf(PAPERS / "gmm.pdf")
    levels = printed_levels(doc, table_rows(doc))
    assert levels["w"] == frozenset({0.9}) and levels["(Intercept)"] == frozenset({0.9})


def test_read_outs_computed_from_the_fit_the_question_names(pdf_paper):
    timedep = pdf_paper("timedep")
    reduction = timedep.ask("In the CGD model, what percent reduction in the infection hazard does the treatment "
                            "coefficient correspond to?")
    assert reduction.computation is not None and round(reduction.computation.value, 2) == 65.78  # 1 - 0.3422 printed
    upper = timedep.ask("What is the upper limit of a 95% confidence interval for the CGD treatment hazard ratio, "
                        "using the robust standard error?")
    assert upper.computation is not None and [op.value for op in upper.computation.inputs] == [-1.0722, 0.3118]
    assert round(upper.computation.value, 2) == 0.63
    gmm = pdf_paper("gmm")
    printed = gmm.ask("What is the 90% confidence interval for the coefficient on w from the CUE fit?")
    assert printed.computation is None and any("0.556209" in c.quote for c in printed.citations)


def test_the_read_outs_a_question_names_are_words_not_a_letter():
    """"standard errors" and "hazard ratio" name read-outs; the "P" of "K&P" is a name's letter, not a p-value."""
    from assistant.answer.estimates import asked_phrases, asked_roles

    assert asked_roles("the percent difference between the ETEL and EL standard errors") == {"se"}
    assert asked_roles("How many times larger is the hazard ratio of A than of B?") == {"exp"}
    assert asked_roles("What p-value does the J-test give?") == {"p"}
    assert asked_phrases("What's the LRT for the K&P model 6 fit?") == []
    assert asked_roles("What is the coefficient of treat?") == frozenset()


def test_a_printed_figure_has_the_role_of_its_column_or_of_the_function_printing_it():
    """gmm's "## Test E(g)=0: 17.86452 0.33189" under "## J-test P-value": a test statistic named by its test (no
    role) and a p-value; "## 4.019849 1.867620" under "## mu sig" is what coef(res_etel) printed: estimates."""
    from assistant.answer.estimates import figure_role
    from assistant.answer.evidence import figures

    doc = load_pdf(PAPERS / "gmm.pdf")
    rows = table_rows(doc)
    jtest = next(s.index for s in doc.sentences if "Test E(g)=0: 17.86452" in s.text)
    assert [figure_role(f) for f in figures(doc, jtest, rows[jtest], rows)] == ["", "p"]
    etel = next(s.index for s in doc.sentences if s.text.strip() == "## 4.019849 1.867620")
    assert [figure_role(f) for f in figures(doc, etel, rows[etel], rows)] == ["estimate", "estimate"]

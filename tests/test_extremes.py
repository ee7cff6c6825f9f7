from __future__ import annotations

import pytest

from assistant.answer.extremes import asked_extreme, lower_is_better
from assistant.lexical import analyze


@pytest.mark.parametrize("question, sense", [
    ("Which model has the largest R squared?", "high"),
    ("Which run was the fastest?", None),  # not a word of the comparison data: no table step
    ("Which one is the least significant predictor?", "bad"),
    ("Which term is most strongly negative?", "low"),
    ("Which effect is strongest?", "strong"),
    ("Which kernel gives the most precise estimates?", "good"),
    ("Is there at least one test that rejects?", None),
    ("What is the coefficient of age?", None),
    ("Which covariate has the largest z in absolute value?", "strong"),  # of size, whatever the sign
    ("Which term has the smallest magnitude?", "weak"),
])
def test_asked_extreme(question, sense):
    asked = asked_extreme(question)
    assert (asked.sense if asked else None) == sense


def test_lower_is_better_by_the_measure():
    assert lower_is_better(frozenset(analyze("Scaled MSE for several estimators")))
    assert lower_is_better(frozenset(analyze("statistics p-value")))
    assert not lower_is_better(frozenset(analyze("coef exp(coef) se(coef)")) - {"se"})


def _rows(assistant, caption_number=None):
    composer = assistant.composer
    return {i: row for i, row in composer.rows.items()
            if caption_number is None or composer.view.table_of.get(i) == caption_number}


def test_down_one_column_the_group_label_is_the_answer(pdf_paper):
    crq = pdf_paper("crq")
    doc = crq.document
    rows = _rows(crq, "5")
    block = min(r.sentence for r in rows.values())  # the first printed block of Table 5's rows
    header = rows[block].header
    under = [r for r in rows.values() if r.header == header and r.label == "n = 400" and r.groups]
    expected = min(under, key=lambda r: float(r.values[4]))  # Slope MAE: the fifth column
    answer = crq.ask("Table 5: for samples of 400, what method reaches the lowest MAE of the slope?")
    group = doc.sentences[expected.groups[0]].text.strip()
    assert answer.text.startswith(group) and expected.values[4] in answer.text.splitlines()[0]


def test_across_one_row_the_column_heading_is_the_answer(pdf_paper):
    crq = pdf_paper("crq")
    row = next(r for r in _rows(crq, "1").values() if r.label == "n = 200")
    from assistant.answer.evidence import aligned_columns

    columns = aligned_columns(crq.document, row)  # "Leurgans Ĝ" is one heading
    values = [float(v) for v in row.values]
    answer = crq.ask("In Table 1, what is the lowest scaled MSE among the estimators for n = 200, and whose is it?")
    first = answer.text.splitlines()[0]
    assert row.values[values.index(min(values))] in first
    assert first.startswith(columns[values.index(min(values))])


def test_a_signed_extreme_of_printed_output(pdf_paper):
    td = pdf_paper("timedep")
    karno = [r for r in _rows(td).values() if r.label.startswith("karno:strata(tgroup)tgroup=") and len(r.values) >= 3]
    top = max(karno, key=lambda r: float(r.values[0]))
    answer = td.ask("For vfit2, which follow-up interval has the most positive karno coef?")
    assert answer.text.startswith(top.label) and top.values[0] in answer.text.splitlines()[0]


def test_the_strongest_effect_is_the_estimate_largest_in_size(pdf_paper):
    """Asked for the strongest effect and naming no column, the rows of a fit are compared by their coefficients,
    not by the ratios, standard errors or p-values printed beside them (exp(coef) is near 1 in every row)."""
    td = pdf_paper("timedep")
    karno = [r for r in _rows(td).values() if r.label.startswith("karno:strata(tgroup)tgroup=") and len(r.values) == 3]
    strongest = max(karno, key=lambda r: abs(float(r.values[0])))
    answer = td.ask("In the step-function fit with karno:strata(tgroup), in which time period was the karno effect "
                    "strongest?")
    first = answer.text.splitlines()[0]
    assert first.startswith(f"{strongest.label} has the largest coef in absolute value: {strongest.values[0]}")


def test_the_rows_a_question_lists_are_compared_on_the_column_its_letter_names(pdf_paper):
    """"Among trt, prior and karno": every row it names is compared, not only the one its rarest word names; "the z
    statistic" names the column headed "z" (a letter alone names nothing: "K&P" is no p column)."""
    td = pdf_paper("timedep")
    rows = [r for r in _rows(td).values() if r.label in ("trt", "prior", "karno") and len(r.values) == 5]
    headers = [h for h in dict.fromkeys(r.header for r in rows) if len([r for r in rows if r.header == h]) == 3]
    block = [r for r in rows if r.header == headers[0]]  # the first fit of the three (the ordinary Cox model)
    strongest = max(block, key=lambda r: abs(float(r.values[3])))
    answer = td.ask("Among trt, prior and karno in the ordinary Cox model for the veteran lung cancer data, which "
                    "covariate had the largest z statistic in absolute value?")
    first = answer.text.splitlines()[0]
    assert first.startswith(f"{strongest.label} has the largest z in absolute value: {strongest.values[3]}")
    assert all(r.label in first for r in block)  # the others compared, named


def test_the_groups_a_question_lists_are_compared(pdf_paper):
    """Table 2 prints a block of rows per estimator (its group label): "among Portnoy, Peng-Huang and Powell" compares
    the three groups' "n = 100" rows on the slope RMSE column, not the one group its rarest word names."""
    crq = pdf_paper("crq")
    answer = crq.ask("Among Portnoy, Peng-Huang and Powell in Table 2, which had the highest slope RMSE at n = 100?")
    first = answer.text.splitlines()[0]
    values = {}
    for name in ("Portnoy", "Peng-Huang", "Powell"):
        assert name in first
    for i, row in _rows(crq, "2").items():
        group = " ".join(crq.document.sentences[g].text.strip() for g in row.groups)
        if row.label == "n = 100":
            values[group] = row.values[5]  # (Intercept Bias MAE RMSE, Slope Bias MAE RMSE)
    top = max((g for g in values if g in ("Portnoy", "Peng-Huang", "Powell")), key=lambda g: float(values[g]))
    assert first.startswith(f"{top} has the largest Slope RMSE: {values[top]}")


def test_the_superlative_asked_is_no_word_a_row_must_print(pdf_paper):
    """"biggest" (WordNet: "largest") is answered by comparing the row's figures, not looked for around them: with
    another rare word absent ("had"), the row was refused as printing "none for 'had', 'largest'"."""
    crq = pdf_paper("crq")
    row = next(r for r in _rows(crq).values() if r.label == "n = 50")  # (Table 1, the only such row)
    answer = crq.ask("Which median estimator had the biggest scaled MSE at n = 50 in Table 1?")
    top = max(row.values, key=float)
    assert not answer.abstained and f"has the largest value in the n = 50 row: {top}" in answer.text.splitlines()[0]


def test_no_superlative_no_comparison(pdf_paper):
    td = pdf_paper("timedep")
    answer = td.ask("What is the karno coef of vfit2 in tgroup=2?")
    assert " has the " not in answer.text.splitlines()[0]


def test_what_the_question_sets_aside_is_not_compared(pdf_paper):
    crq = pdf_paper("crq")
    row = next(r for r in _rows(crq, "1").values() if r.label == "n = 500")
    from assistant.answer.evidence import aligned_columns

    columns = aligned_columns(crq.document, row)
    values = [float(v) for v in row.values]
    first_column = columns[0]
    rest = values[1:]
    answer = crq.ask(f"Apart from the {first_column}, which estimator has the lowest scaled MSE at n = 500 in Table 1?")
    first = answer.text.splitlines()[0]
    assert first.startswith(columns[1 + rest.index(min(rest))]) and row.values[1 + rest.index(min(rest))] in first


def test_an_average_down_a_table_column_over_the_rows_named(pdf_paper):
    """"across n = 100, 400 and 1000": the rows are conditions, not numbers to average; the cells of the column the
    question names (Powell's slope RMSE in Table 4) are averaged, each cited."""
    crq = pdf_paper("crq")
    answer = crq.ask("On average, what was the Powell slope RMSE in Table 4 across n = 100, 400 and 1000?")
    assert answer.computation is not None and answer.computation.operation == "average"
    assert [op.value for op in answer.computation.inputs] == [0.0993, 0.0544, 0.0316]
    assert "0.0618" in answer.text and all(op.citation is not None for op in answer.computation.inputs)


def test_the_papers_own_verdict_is_quoted_before_its_table_is_compared(pdf_paper):
    """crq says "The worst of the lot is the omniscient weighted estimator ...": asked which median estimator comes
    out worst, that verdict is quoted; asked for a column's largest entry, or for the worst in a row it names, the
    table is still compared (the verdict is on the whole table, not on that row)."""
    crq = pdf_paper("crq")
    verdict = crq.ask("Which median estimator comes out worst in the simulation?")
    assert any(c.quote.startswith("The worst of the lot") for c in verdict.citations)
    compared = crq.ask("Which estimator has the largest scaled MSE at n = 200 in Table 1?")
    assert compared.text.startswith("Leurgans G has the largest value in the n = 200 row")
    in_row = crq.ask("When n = 500, which estimator of the median does worst in Table 1?")
    assert in_row.text.startswith("Leurgans G has the largest value in the n = 500 row: 2.742")

"""Which part of a PDF a summary request names: a title named whole outranks words every title shares."""

from __future__ import annotations


def test_a_title_named_whole_outranks_common_title_words(pdf_paper):
    crq = pdf_paper("crq")  # "7 Conclusion" against "4.2 Portnoy's Censored Quantile Regression Estimator"
    answer = crq.ask("Give me a short summary of the conclusions about the censored quantile regression estimators")
    assert answer.kind == "summary" and answer.text.startswith("Summary of 7. Conclusion")


def test_a_numbered_section_named_with_its_own_title_is_summarized_whole(pdf_paper):
    timedep = pdf_paper("timedep")  # section 4 "Time dependent coefficients", 4.2 "Continuous time-dependent ..."
    answer = timedep.ask("Summarize what section 4 shows about time dependent coefficients")
    assert answer.text.startswith("Summary of 4. Time dependent coefficients")
    assert {c.section.split(".")[0] for c in answer.citations} == {"4"}


def test_a_section_of_code_is_summarized_with_the_functions_it_runs(pdf_paper):
    """The outermost calls of its commands that the prose names as functions, each cited where first run; not the
    output it prints nor words of the language ("summary", "list")."""
    from assistant.answer.summary import section_calls

    timedep = pdf_paper("timedep")
    view = timedep.composer.view
    assert [name for name, _ in section_calls(view, "5")] == ["tt", "survSplit"]
    assert [name for name, _ in section_calls(view, "4")] == ["cox.zph"]
    answer = timedep.ask("Summarize section 5")
    line = answer.text.splitlines()[-1]
    assert line.startswith("- Code it runs: tt() [") and "survSplit()" in line
    first = section_calls(view, "5")[1][1]
    assert any(c.quote == view.document.sentences[first].text for c in answer.citations)


def test_a_section_without_code_has_no_line_of_functions(assistant):
    assert "Code it runs" not in assistant.ask("Summarize section V").text


def test_a_section_is_named_by_a_word_its_title_holds_in_another_form(pdf_paper):
    gmm = pdf_paper("gmm")  # "concludes" is "Conclusion" (WordNet's derived forms), over "3.9 GMM and the sandwich package"
    answer = gmm.ask("Give me a short summary of what the paper concludes about the gmm package.")
    assert answer.kind == "summary" and answer.text.startswith("Summary of 6. Conclusion")


def test_a_verb_naming_a_title_whole_outranks_the_titles_its_topic_names(pdf_paper):
    crq = pdf_paper("crq")  # "conclude" names "7 Conclusion"; the topic's words name "4.4 Peng and Huang's Censored
    # Quantile Regression Estimator" more fully, but they say what the conclusion is asked about, not which section
    answer = crq.ask("What does the paper conclude about the Powell, Portnoy and Peng-Huang censored quantile "
                     "regression estimators?")
    assert answer.kind == "summary" and answer.text.startswith("Summary of 7. Conclusion")
    assert {c.section for c in answer.citations} == {"7"}

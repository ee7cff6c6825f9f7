"""Answering on real PDFs: a printed row answers only for the setting its own lines and prose describe; a sentence
that means the question answers it in other words; a sentence the question restates is its premise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.answer.grounding import printed_setting, ungrounded
from assistant.config import ROOT
from assistant.library import add_paper
from assistant.pipeline import Assistant
from assistant.question import classify

PAPERS = ROOT.parent / "shared" / "papers"


def _paper(tmp_path_factory, name: str) -> Iterator[Assistant]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSISTANT_LIBRARY", str(tmp_path_factory.mktemp("library")))
        paper, _ = add_paper(PAPERS / f"{name}.pdf")
        yield Assistant.load(paper=paper.id)


@pytest.fixture(scope="module")
def gmm(tmp_path_factory) -> Iterator[Assistant]:
    yield from _paper(tmp_path_factory, "gmm")


@pytest.fixture(scope="module")
def crq(tmp_path_factory) -> Iterator[Assistant]:
    yield from _paper(tmp_path_factory, "crq")


@pytest.fixture(scope="module")
def timedep(tmp_path_factory) -> Iterator[Assistant]:
    yield from _paper(tmp_path_factory, "timedep")


def test_a_printed_figure_answers_only_for_its_own_setting(gmm: Assistant) -> None:
    document, composer = gmm.document, gmm.composer
    row = next(s.index for s in document.sentences if s.kind == "code" and s.text.startswith("## alpha "))
    setting = " ".join(document.sentences[j].text for j in printed_setting(composer.view, row))
    assert "gmm(" in setting  # the command that printed it is part of what the row is about

    def reasons(question: str) -> list[str]:
        return ungrounded(composer.view, classify(question, lexicon=gmm.index.lexical.lexicon), row)

    assert reasons("What is the estimate of alpha for the stable distribution?") == []
    # words of another example of the paper (CAPM, spelled out from its abbreviation): not this row's figure
    assert reasons("What alpha estimate does the CAPM regression on the Finance data give?")


def test_a_figure_asked_of_printed_summary_output_is_quoted(gmm: Assistant) -> None:
    answer = gmm.ask("What J-test statistic and p-value does the summary show for the ARMA example?")
    assert not answer.abstained and answer.kind == "passage"
    assert "0.26575" in answer.text and "0.87558" in answer.text


def test_a_sentence_that_means_the_question_answers_it_in_other_words(timedep: Assistant) -> None:
    # the paper says "randomly declared responders", "advanced lung cancer data set": none of "simulated",
    # "tumour-response", "spurious"; the sentence still means what is asked
    answer = timedep.ask("In the simulated tumour-response example on the lung data, how big is the spurious "
                         "hazard ratio the Cox model reports?")
    assert not answer.abstained
    assert "hazard ratio of 1.9 fold" in answer.citations[0].quote


def test_the_answer_reads_on_after_the_sentence_the_question_restates(timedep: Assistant) -> None:
    answer = timedep.ask("For a subject with intervals (2,5), (5,10) and (14,40), how is a new event at time 11 "
                         "classified by tcount?")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "Assume that a subject already had 3 intervals" in quotes
    assert "one at time 11 is in a gap" in quotes  # what the question asks, two sentences on


def test_a_common_verb_of_the_asking_need_not_be_in_the_printed_output(gmm: Assistant) -> None:
    # "reported" is rare in the paper but frames the question: the output block need not say it
    answer = gmm.ask("Which J-test statistic is reported for the normal distribution example?")
    assert not answer.abstained and "2.61527" in answer.text


def test_a_figure_asked_where_the_paper_prints_none_is_not_answered_with_prose(crq: Assistant) -> None:
    # the paper fits a Cox model for comparison and plots it, but prints no hazard ratio
    answer = crq.ask("What hazard ratio does the coxph fit give for the treatment effect?")
    assert answer.abstained and "no figure" in answer.text


def test_a_label_typed_as_a_program_prints_it_must_be_printed_there(timedep: Assistant) -> None:
    # the table prints log(bili) and log(protime); albumin is mentioned elsewhere, never fitted
    absent = timedep.ask("Which log(albumin) coefficient is printed for the pbc2 fit with time-dependent labs?")
    assert absent.abstained and "log(albumin)" in absent.text
    present = timedep.ask("Which log(bili) coefficient is printed for the pbc2 fit with time-dependent labs?")
    assert not present.abstained and "log(bili)" in present.text


def test_a_word_cut_short_in_printed_output_is_the_same_word():
    from assistant.answer.grounding import _related
    from assistant.lexical import analyze
    assert _related(analyze("chi-square")[-1], frozenset(analyze("Chisq")))  # "## Df Chisq Pr(>Chisq)"
    assert _related(analyze("coefficients")[0], frozenset({"coef"}))
    assert not _related("search", frozenset({"se", "df"}))  # two letters name nothing
    assert not _related("rate", frozenset({"ratio"}))


def test_a_row_labelled_with_another_value_of_the_setting_asked_is_not_its_figure(timedep: Assistant) -> None:
    document, composer = timedep.document, timedep.composer
    rows = {s.text.split()[0]: s.index for s in document.sentences
            if s.kind != "prose" and s.text.startswith("karno:strata(tgroup)tgroup=") and len(s.text.split()) == 4}
    assert len(rows) == 3  # the coefficients of the three epochs, labelled alike but for the value
    intent = classify("What is the Karnofsky coefficient of vfit2 for tgroup=1?", lexicon=timedep.index.lexical.lexicon)
    assert ungrounded(composer.view, intent, rows["karno:strata(tgroup)tgroup=1"]) == []
    assert ungrounded(composer.view, intent, rows["karno:strata(tgroup)tgroup=3"])


def test_a_number_glued_to_a_name_is_not_asked_on_its_own() -> None:
    from assistant.answer.cells import glued_digits
    assert glued_digits("What does vfit2 estimate?") == {"2"}  # "vfit2" names no "2"
    assert glued_digits("What does vfit2 give at 2 years?") == frozenset()


def test_the_arguments_of_a_model_label_set_no_condition(gmm: Assistant) -> None:
    answer = gmm.ask("Which kernel gave the smallest standard errors in the ARMA(2,2) example?")  # not "2,2" asked
    assert not answer.abstained and "Bartlett" in answer.text


def test_a_small_percentage_the_question_sets_is_a_condition(timedep: Assistant) -> None:
    """"if 10% are declared responders" sets a condition the paper's "5% of the subjects" does not meet; a small whole
    number that counts ("the 8 industries") would not."""
    answer = timedep.ask("In the fake responder example, what hazard ratio do you get if 10% of subjects are declared "
                         "responders at each visit?")
    assert answer.abstained


def test_a_column_the_paper_prints_only_in_a_wider_table_is_not_this_rows_figure(timedep: Assistant) -> None:
    answer = timedep.ask("What robust standard error is reported for trt in the Stanford heart transplant Cox model?")
    assert answer.abstained  # that table prints se(coef); "robust se" is a column of another model's table
    assert "se(coef)" in answer.text and "'robust'" in answer.text


def test_printed_output_answers_only_for_the_method_its_commands_name(gmm: Assistant) -> None:
    answer = gmm.ask("What over-identifying restrictions test p-values did the ET estimator give in the GEL normal "
                     "distribution example?")
    assert answer.abstained and "ET" in answer.text  # the tests printed are EL's
    # the interval printed by confint(res3) is CUE's: res3 was fitted with type='cue' further up
    answer = gmm.ask("What is the 90% confidence interval for the coefficient on w from the CUE fit?")
    assert not answer.abstained and "0.556209" in answer.text


def test_a_command_answers_for_the_function_it_calls_not_another(timedep: Assistant) -> None:
    answer = timedep.ask("what does cox.zph report for the spline tt(karno) model vfit4?")
    assert answer.abstained  # the line that fits vfit4 calls coxph, and no cox.zph(vfit4) is printed


def test_printed_output_answers_for_the_function_the_question_names(gmm: Assistant) -> None:
    # linearHypothesis printed Chisq 0.6432 on p. 17; specTest printed a J-test of 0.64322 for the same model on p. 18,
    # in the section whose title names the CAPM
    answer = gmm.ask("In the CAPM example, what chi-square statistic and p-value does linearHypothesis give for the "
                     "test that the five intercepts are zero?")
    assert not answer.abstained and answer.citations[0].page == 17 and "0.6432" in answer.text
    assert "specTest" not in answer.citations[0].quote


def test_a_followup_figure_is_checked_against_its_own_words_not_the_carried_topic(gmm: Assistant) -> None:
    import dataclasses

    from assistant.answer.grounding import unsupported
    from assistant.lexical import analyze

    own = "Did its J-test reject the moment conditions? What was the p-value?"
    carried = "two-step GMM coefficient w linear model endogenous regressor instruments"
    intent = classify(f"{own} {carried}", lexicon=gmm.index.lexical.lexicon)
    retriever = gmm.composer.retriever
    dense = retriever.sentence_scores(retriever.encode(intent.text))
    row = next(s.index for s in gmm.document.sentences if "4.734496 0.093738" in s.text)
    # read as one question, the carried words (which the prose before the printout names) count against the row
    assert unsupported(gmm.composer.view, intent, row, dense)
    followup = dataclasses.replace(intent, focus=tuple(analyze(own)))
    assert unsupported(gmm.composer.view, followup, row, dense) == []


def test_a_sentence_whose_figures_are_of_another_measure_does_not_answer(timedep: Assistant) -> None:
    # the dose groups (> 85%, 65-85%, < 65%) are figures of the grouping, not a hazard ratio of the lowest group
    absent = timedep.ask("In Bonadonna's dose study, what hazard ratio was found for the group given under 65% of "
                         "the planned dose?")
    assert absent.abstained and "ratio" in absent.text
    present = timedep.ask("What hazard ratio did the Cox model on the breast cancer dose data report?")
    assert not present.abstained and "1.9" in present.text


def test_a_printed_row_of_a_model_its_section_credits_to_an_author_answers_for_their_table(timedep: Assistant) -> None:
    answer = timedep.ask("Refitting model 6 of Kalbfleisch and Prentice's table on the heart transplant data, what "
                         "p-value does prior surgery get?")
    assert not answer.abstained and "0.0913" in answer.text


def test_the_records_of_a_printed_data_listing_are_not_estimates(timedep: Assistant) -> None:
    # the CGD data's first lines list each patient's age; the model fitted to it has no age term
    absent = timedep.ask("What estimate did the CGD Cox model give for the age of the patients?")
    assert absent.abstained and "1 1 204 82888" not in absent.text
    present = timedep.ask("What coefficient does the CGD fit give for steroids?")
    assert not present.abstained and "-0.7726" in present.text


def test_an_estimate_asked_is_a_figure_a_sentence_without_one_does_not_give(gmm: Assistant) -> None:
    from assistant.answer.grounding import unsupported

    intent = classify("What market beta does the system of equations estimate for the first stock?",
                      lexicon=gmm.index.lexical.lexicon)
    retriever = gmm.composer.retriever
    dense = retriever.sentence_scores(retriever.encode(intent.text))
    prose = next(s.index for s in gmm.document.sentences if s.text.startswith("We want to test one of the implications"))
    assert unsupported(gmm.composer.view, intent, prose, dense) == ["It states no figure for that."]


def test_the_unit_an_amount_is_asked_in_names_no_subject(assistant) -> None:
    """"how many yuan did the state put into ...": every amount of the paper is in yuan; "it was 2.9826 billion yuan"
    (the revenue the sentence before names) is no figure of the state's programme."""
    from assistant.answer.grounding import unsupported

    question = "How many yuan did the government invest in the special programme for new drugs in 2017?"
    assert assistant.ask(question).abstained
    intent = classify(question, lexicon=assistant.index.lexical.lexicon)
    retriever = assistant.composer.retriever
    dense = retriever.sentence_scores(retriever.encode(intent.text))
    revenue = next(s.index for s in assistant.document.sentences if s.text.startswith("In 2017, it was 2.9826 billion"))
    reasons = unsupported(assistant.composer.view, intent, revenue, dense)
    assert reasons and "something else" in reasons[0]  # (and it says what that figure is of)


def test_a_figures_number_is_no_figure_of_the_answer(assistant) -> None:
    """"... have increased significantly, as is shown in Fig. 7" prints no figure: the 7 is the chart's number."""
    answer = assistant.ask("How much per year did government spending on drug R&D grow over the years in Fig. 7?")
    assert answer.abstained and "no figure" in answer.text


def test_a_percentage_states_a_share_and_a_chart_or_a_count_word_does_not(crq: Assistant) -> None:
    """"roughly 25% censoring" answers what share is censored; "Figure 3: ... the two estimators" (a chart's
    caption, whose only number is the word of a count) states no share."""
    from assistant.answer.text import states_number

    assert not states_number("Figure 3 presents scatterplots of the estimators") and states_number("Table 2 n = 100")
    answer = crq.ask("Roughly what proportion of the simulated survival times are censored in the AFT experiment "
                     "with Portnoy and Peng-Huang?")
    assert not answer.abstained and "25%" in answer.text and answer.citations[0].page == 13
    assert not answer.text.startswith("Figure")


def test_a_row_printed_by_a_command_naming_another_figure_is_not_the_one_asked(timedep: Assistant) -> None:
    """"> vfit2$means" prints the means of the karno terms; the coefficient asked is in the fit's own printout."""
    answer = timedep.ask("What Karnofsky coefficient does the step-function model vfit2 give for the first time group?")
    assert "-0.048755" in answer.text and "35.662222" not in answer.text


def test_a_number_the_question_sets_may_be_in_the_code_that_made_the_data(gmm: Assistant) -> None:
    """"fitted to 200 simulated draws": the summary's row was printed by summary(res); res was fitted to x1, and x1
    drawn with n <- 200 a few commands above."""
    view = gmm.composer.view
    row = next(i for i, s in enumerate(view.document.sentences) if s.text.startswith("## mu 3.8939e+00"))
    fitted = classify("What mu does the two-step fit to the 200 simulated normal draws estimate?", lexicon=view.language)
    assert not any("'200'" in reason for reason in ungrounded(view, fitted, row))
    other = classify("What mu does the two-step fit to the 300 simulated normal draws estimate?", lexicon=view.language)
    assert any("'300'" in reason for reason in ungrounded(view, other, row))


def test_an_acronym_the_paper_never_prints_is_named_by_the_initials_of_its_words(timedep: Assistant) -> None:
    """"the Stanford HT data": the paper writes "heart transplant", never "HT"; the initials of its section's title
    name it, so the printout is not refused for it."""
    answer = timedep.ask("What likelihood ratio test does the K&P model 6 fit on the Stanford HT data report?")
    assert "not for HT" not in answer.text
    assert "not for XQ" in timedep.ask("What likelihood ratio test does the K&P model 6 fit on the XQ data report?").text


@pytest.mark.parametrize("question", ["Which version of the gmm package does the paper describe?",
                                      "What version of the package does this vignette use?"])
def test_a_version_asked_is_answered_by_a_version_number_or_not_at_all(pdf_paper, question):
    from assistant.answer.grounding import VERSION
    answer = pdf_paper("gmm").ask(question)  # not by "The original version of GMM proposed by Hansen (1982) ..."
    assert answer.abstained or VERSION.search(answer.text)
    assert not VERSION.search("GMM 0.0020 0.0929 0.0928") and VERSION.search("R package version 4.17")


def test_a_count_asked_beside_another_question_is_grounded_on_its_own_words(gmm: Assistant) -> None:
    # "..., and over which period?": "period" belongs to the second question; the count is of the stocks
    from assistant.dialogue import Conversation

    conversation = Conversation()
    gmm.ask("Which data set does the CAPM example use?", conversation)
    answer = gmm.ask("How many stocks does it include, and over which period?", conversation)
    assert not answer.abstained and "twenty selected stocks from January 1993 to February 2009" in answer.text


def test_a_fit_the_question_names_must_be_what_the_answer_is_about(timedep: Assistant) -> None:
    # the paper runs cox.zph on other fits, not on vfit4: a sentence about cox.zph, however close in meaning, is no
    # answer; what vfit4 printed is
    answer = timedep.ask("Which cox.zph chi-square is reported for the Karnofsky score in vfit4?")
    assert answer.abstained and "vfit4" in answer.text
    answer = timedep.ask("What likelihood ratio test does vfit4 print?")
    assert not answer.abstained and "59.02" in answer.text


def test_a_figure_asked_is_the_row_that_states_it_not_the_lead_in_beside_it(gmm: Assistant) -> None:
    # "It can be estimated using the following discrete time approximation:" ranks first but states no figure; the
    # line of estimates under "## alpha beta sigma^2 gamma", as close in score, does: quoted under its headings
    answer = gmm.ask("What value of gamma is estimated for the interest rate model by its discrete time approximation?")
    assert answer.text.startswith("gamma: 0.459478821")
    assert [c.quote for c in answer.citations][:2] == ["## alpha beta sigma^2 gamma",
                                                       "## 0.010674189 -0.002068407 0.006490192 0.459478821"]


def test_the_measure_asked_ends_where_its_noun_phrase_does() -> None:
    from assistant.answer.grounding import asked_measure

    assert asked_measure("What was the median follow-up time in the CGD trial?") == ["median"]  # (before "in")
    assert asked_measure("What hazard ratio did the Cox model report?") == ["ratio"]
    assert asked_measure("What happened in the trial?") == []
    # a bracket after the measure restates it: "C-statistic" is the concordance, not a test statistic
    assert asked_measure("What is the concordance (C-statistic) of the veteran Cox model?") == ["concordance"]


def test_a_model_fit_measure_the_printout_lacks_is_not_answered_by_its_coefficients(timedep: Assistant) -> None:
    """The veteran model's printout gives coefficients, hazard ratios, standard errors, z and p, but no concordance:
    the question is refused with the measure it asks for, not answered by the z statistics of "karno"."""
    answer = timedep.ask("What is the concordance (C-statistic) of the veteran Cox model with trt, prior and karno?")
    assert answer.abstained
    assert "It prints no concordance there." in answer.text


def test_a_read_out_named_without_what_is_still_the_measure_asked(gmm: Assistant) -> None:
    """"the percent difference between the ETEL and EL standard errors": the ETEL fit prints only its estimates
    (coef(res_etel)), so neither its line is a standard error to compute with nor to quote; the EL fit's summary
    does print one, and it answers when asked alone."""
    asked = "What's the percent difference between the ETEL and EL standard errors for sig in the normal-distribution GEL example?"
    answer = gmm.ask(asked)
    assert answer.abstained and answer.computation is None
    assert "standard errors" in answer.text
    alone = gmm.ask("What is the standard error of mu in the EL fit?")
    assert not alone.abstained and "0.13111" in alone.text


def test_a_word_opening_a_bracketed_sentence_is_no_name(assistant):
    """"(Read ... as ...)" opens a sentence inside brackets: "Read" is no name the paper must mention; "Tibet",
    mid-sentence, is one it never does."""
    from assistant.answer.grounding import missing_names

    view = assistant.composer.view
    asked = classify("What share of revenue was profit in 2017? (Read the revenue as 2,982.6 billion.)")
    assert not [m for m in missing_names(view, asked) if "Read" in m]
    assert "Tibet" in missing_names(view, classify("How many enterprises were in Tibet in 2017?"))


def test_a_printed_row_answers_only_for_a_measure_its_columns_print(timedep: Assistant) -> None:
    """The veteran model's row "karno -0.033771 0.966793 0.005114 -6.604 4e-11" sits under "coef exp(coef) se(coef) z
    p": it prints a standard error, a hazard ratio and a p-value, but no correlation; a line of figures under a line of
    parameter or variable names ("log(bili) log(protime)") heads no measures and is not judged."""
    from assistant.answer.grounding import _names_measure

    view = timedep.composer.view
    sentences = view.document.sentences
    karno = next(i for i in view.rows if sentences[i].text.startswith("karno -0.033771"))
    assert _names_measure(view, karno, ["error"]) is True
    assert _names_measure(view, karno, ["ratio"]) is True
    assert _names_measure(view, karno, ["p-value"]) is True
    assert _names_measure(view, karno, ["correlation"]) is False
    named = next(i for i in view.rows if view.rows[i].header is not None
                 and sentences[view.rows[i].header].text.split() == ["log(bili)", "log(protime)"])
    assert _names_measure(view, named, ["correlation"]) is None


def test_the_word_a_question_asks_how_with_names_no_subject(gmm: Assistant) -> None:
    """"how large was its standard error": "large" is the asking, not a subject the figure must be of; the reason a
    figure of another subject does not answer names what the question asks about, not "large"."""
    from assistant.answer.grounding import unsupported

    intent = classify("In the endogenous regression example, how large was the standard error of the slope?",
                      lexicon=gmm.index.lexical.lexicon)
    retriever = gmm.composer.retriever
    dense = retriever.sentence_scores(retriever.encode(intent.text))
    prose = next(s.index for s in gmm.document.sentences if s.text.startswith("The original version of GMM proposed"))
    reasons = unsupported(gmm.composer.view, intent, prose, dense)
    assert reasons and "slope" in reasons[0] and "large" not in reasons[0]



def test_prose_after_a_block_of_code_is_about_what_the_code_made(timedep: Assistant) -> None:
    """"A Cox model using the above data reports a hazard ratio of 1.9 fold ...": the data are those the code above
    simulated from the lung data, which the prose before the code introduced; a question about the made-up responders
    of the lung data is about its figure."""
    from assistant.answer.grounding import unsupported

    intent = classify("What hazard ratio did the made-up responder analysis of the lung data give?",
                      lexicon=timedep.index.lexical.lexicon)
    retriever = timedep.composer.retriever
    dense = retriever.sentence_scores(retriever.encode(intent.text))
    ratio = next(s.index for s in timedep.document.sentences if s.text.startswith("A Cox model using the above data"))
    assert unsupported(timedep.composer.view, intent, ratio, dense) == []


def test_figures_under_names_are_the_measure_the_function_printing_them_gives(gmm: Assistant) -> None:
    """"## 3.940642 1.781967" under "## mu sig" is what coef(res_cue) printed: estimates, not standard errors; and
    the reason names the measure as the question words it."""
    from assistant.answer.grounding import _names_measure, unsupported

    view = gmm.composer.view
    row = next(i for i in view.rows if gmm.document.sentences[i].text.strip() == "## 3.940642 1.781967")
    assert _names_measure(view, row, ["error"]) is False
    assert _names_measure(view, row, ["estimate"]) is True
    intent = classify("What standard errors does the CUE fit of gel print for mu and sig?", lexicon=gmm.index.lexical.lexicon)
    retriever = gmm.composer.retriever
    dense = retriever.sentence_scores(retriever.encode(intent.text))
    assert unsupported(view, intent, row, dense) == ["It prints no standard errors there."]


def test_what_one_word_of_the_question_may_mean_is_one_word_absent(gmm: Assistant) -> None:
    """"draws" (of a simulation) has synonyms the printout lacks ("move", "trace"); they stand for one word of the
    question, not two, and one word absent does not refuse the estimates printed for the example it describes."""
    answer = gmm.ask("What does the two-step GMM estimate for mu in the first example, the normal distribution "
                     "fitted to 200 simulated draws?")
    assert not answer.abstained and answer.text.startswith("mu: 3.8939")


def test_digits_inside_a_name_are_no_figure(pdf_paper) -> None:
    """"The ARMA(2,2) process is generated by ...", "proposed by Schennach (2007)": the digits name a model and a
    cited work, so a question for the ETEL estimates of that example (the paper prints none) is not answered by them."""
    from assistant.answer.text import states_number

    assert not states_number("The ARMA(2,2) process is generated by the function arima.sim:")
    assert not states_number("It was proposed by Schennach (2007) for x5t.")
    assert states_number("Let us consider the truncated kernel with a bandwidth of 2.")
    assert pdf_paper("gmm").ask("What were the ETEL estimates in the ARMA(2,2) example?").abstained


def test_a_name_the_paper_never_mentions_is_not_read_in_another_sense(pdf_paper) -> None:
    """"for Ford (F)": the paper names five other stocks; WordNet's "ford" (a crossing) is "cross", a word the paper
    uses, but a capitalized name is not read as its common noun."""
    answer = pdf_paper("gmm").ask("What beta did the CAPM estimation give for Ford (F)?")
    assert answer.abstained and "Ford" in answer.text


def test_a_printout_of_another_option_value_is_no_answer(pdf_paper) -> None:
    """"estimated with the Bartlett kernel": the summary the paper prints says "Kernel: Quadratic Spectral", the
    default, so its J-test is no answer; a list of kernels names no one of them ("the Truncated, Bartlett, Parzen and
    Tukey-Hanning kernel fits")."""
    from assistant.answer.grounding import _NAMED_OPTION

    gmm = pdf_paper("gmm")
    answer = gmm.ask("What was the J-test p-value for the ARMA model when it was estimated with the Bartlett kernel?")
    assert answer.abstained and "Quadratic Spectral, not Bartlett" in answer.text
    assert _NAMED_OPTION.findall("the fits with the Truncated, Bartlett, Parzen and Tukey-Hanning kernel") == []
    # an option's value is a name ("Kernel: Quadratic Spectral", kernel="Truncated"): "## J-Test: degrees of freedom
    # is 2" sets no test named Hansen apart
    hansen = gmm.ask("What is the J-test statistic of the Hansen test in the ARMA example?")
    assert "for test" not in hansen.text


def test_a_count_written_in_words_sets_a_condition_too(pdf_paper) -> None:
    """"when all twenty stocks are used": the paper tests the CAPM on five; a count above ten in words is a condition
    the printout must meet, as "20" would be."""
    answer = pdf_paper("gmm").ask("What p-value does the paper report for the CAPM test that all intercepts are zero "
                                  "when all twenty stocks in the Finance data are used?")
    assert answer.abstained and "twenty" in answer.text

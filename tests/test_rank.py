"""Sentence ranking on the real paper, model and index: what each signal adds to a candidate sentence's score."""

import dataclasses

from assistant.answer.rank import rank_sentences
from assistant.question import classify


def _scores(assistant, question, **weights):
    """Every candidate's score for ``question``, with some sentence weights replaced."""
    view = assistant.composer.view
    settings = view.settings
    view = dataclasses.replace(view, settings=dataclasses.replace(
        settings, weights=dataclasses.replace(settings.weights, **weights)))
    intent = classify(question, lexicon=assistant.index.lexical.lexicon)
    retriever = assistant.retriever
    vector = retriever.encode(intent.text)
    dense = retriever.sentence_scores(vector)
    hits = retriever.search(intent.text, k=8, vector=vector)
    return dict(rank_sentences(view, intent, hits, dense)), dense


def _sentence(document, words):
    return next(s.index for s in document.sentences if words in s.text)


QUESTION = "In which city is the Bohai bio-pharma industry concentrated?"


def test_a_where_question_favours_a_sentence_naming_a_place_the_question_does_not(assistant, document):
    opening = _sentence(document, "industry around Bohai Sea has abundant human resources")
    beijing = _sentence(document, "industrial cluster around Beijing")
    named, _ = _scores(assistant, QUESTION)
    plain, _ = _scores(assistant, QUESTION, new_name=0.0)
    weight = assistant.composer.settings.weights.new_name
    assert abs(named[beijing] - plain[beijing] - weight) < 1e-6
    assert named[opening] == plain[opening]  # it names only the place the question names
    why, _ = _scores(assistant, "Why is the Bohai bio-pharma industry concentrated around one city?")
    why_plain, _ = _scores(assistant, "Why is the Bohai bio-pharma industry concentrated around one city?", new_name=0.0)
    assert why[beijing] == why_plain[beijing]  # a name answers "where" and "who", not "why"


def test_a_sentence_raising_the_question_itself_is_read_on_to_its_answer(pdf_paper):
    timedep = pdf_paper("timedep")
    answer = timedep.ask("What motivates lagging a time dependent covariate?")
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith("The more important question is why")
    assert any("reverse causality" in q for q in quotes[1:])


def test_a_sentence_introducing_code_does_not_answer_what_the_code_is_about(pdf_paper):
    gmm = pdf_paper("gmm")  # "We conclude this example by estimating ... from the data set Finance" leads into code
    answer = gmm.ask("Over which years do the daily stock returns of the Finance data run?")
    assert answer.citations[0].quote.startswith("The data, which are included in the package")
    assert "1993" in answer.text


def test_an_ordinal_follow_up_finds_the_row_of_that_number_not_the_digit_of_a_name(pdf_paper):
    from assistant.dialogue import Conversation

    timedep = pdf_paper("timedep")  # "the third one" is tgroup=3; the "2" of "vfit2", carried over, names no row
    conversation = Conversation()
    timedep.ask("What karno coefficient does vfit2 print for tgroup=1?", conversation)
    answer = timedep.ask("and for the third one?", conversation)
    assert "karno:strata(tgroup)tgroup=3 -0.008349" in answer.text


def test_a_question_for_what_the_paper_calls_something_finds_the_sentence_naming_it(pdf_paper):
    crq = pdf_paper("crq")  # the sentence before says what the situation is; the next one names it
    for question in ("What is the situation called where the censoring times are known for all observations, as in "
                     "the tobit model?", "What name does the paper give the case where censoring times are known for all "
                     "observations?"):
        answer = crq.ask(question)  # (quoted after the sentence before it, which says what "this situation" is)
        assert any("fixed censoring" in c.quote for c in answer.citations[:2])


def test_a_sentence_saying_the_asked_phrase_leads_a_which_things_question(pdf_paper):
    """"which five kernels ...": the sentence that says "five kernels" and names them, not the sentences about the
    HAC matrix the question also names."""
    gmm = pdf_paper("gmm")
    answer = gmm.ask("Which five kernels can I choose between for the HAC matrix?")
    assert "five kernels" in answer.citations[0].quote and "Bartlett" in answer.text


def test_a_yes_or_no_question_reads_on_to_the_verdict(pdf_paper):
    """"is there a way ...": the sentence about what is asked sets the topic; the one after it answers."""
    crq = pdf_paper("crq")
    answer = crq.ask("Can the package correct a predicted quantile function that is not monotone?")
    assert "rearrange" in answer.text
    choice = crq.ask("Is the advantage over Powell larger or smaller under variable censoring in the iid designs?")
    assert "smaller" in choice.text  # a choice between two answers is no yes-or-no question


def test_a_why_question_favours_the_sentence_that_gives_a_cause(pdf_paper):
    gmm = pdf_paper("gmm")
    answer = gmm.ask("Why is ML not an option for the short-rate diffusion model?")
    assert "because the distribution depends on" in answer.text  # not "It is therefore a good practice to ..."


def test_a_where_answer_reads_on_to_the_sentence_that_names_the_place(assistant):
    """The sentence about the Bohai Sea cluster names no city; the next one in its paragraph does ("... around
    Beijing.")."""
    answer = assistant.ask("Which city is the Bohai Sea biopharma cluster built around?")
    assert "Beijing" in answer.text


def test_a_code_object_the_question_names_leads_to_what_it_printed(pdf_paper):
    """"the newcgd fit": the row its printout prints, not prose giving the same measure for another data set (which
    the facts table says states a hazard ratio), and the row's own command says what the fit is of."""
    timedep = pdf_paper("timedep")
    answer = timedep.ask("Which hazard ratio does the Cox fit on newcgd print for treat, exp(coef)?")
    quotes = [c.quote for c in answer.citations]  # the row under its headings, then its wrapped p column
    assert quotes[-2].startswith("treat -1.0722 0.3422") and quotes[-1] == "treat 0.000585"
    assert answer.text.startswith("exp(coef) for treat: 0.3422")  # the heading typed whole, not "coef" within it
    answer = timedep.ask("For the recurrent-infection coxph model, what exp(coef) is printed for treatment?")
    assert not answer.abstained and "0.3422" in answer.text


def test_a_line_printed_twice_is_cited_where_the_asked_command_printed_it(pdf_paper):
    """"## Test E(g)=0: 2.61527 0.10584" is printed by summary(res) (page 6) and again by specTest(res) (page 7): one
    piece of evidence, cited where the command the question names printed it."""
    gmm = pdf_paper("gmm")
    answer = gmm.ask("Which J-test p-value does the summary of the normal-distribution fit show?")
    assert "0.10584" in answer.text and answer.citations[-1].page == 6
    answer = gmm.ask("Which J-test p-value does specTest show for the normal-distribution fit?")
    assert "0.10584" in answer.text and answer.citations[-1].page == 7


def test_an_entry_of_a_list_of_definitions_answers_what_its_head_is(pdf_paper):
    """"• data1: the base data set that will be added onto" for "what is the role of the data1 argument"; a line of
    output that looks alike ("## Kernel: Truncated") is no definition."""
    from assistant.answer.rank import _defines_named

    asked = {"data", "1", "data1", "argument", "role"}  # (the question's terms and the names it types whole)
    assert _defines_named("• data1: the base data set that will be added onto", asked)
    assert not _defines_named("• data2: the source for new information", asked)
    timedep = pdf_paper("timedep")
    answer = timedep.ask("What is the role of the data1 argument of tmerge?")
    assert answer.citations[0].quote.startswith("• data1: the base data set that will be added onto")


def test_a_figure_asked_may_come_from_a_candidate_a_little_below_a_lead_in_that_states_none(pdf_paper):
    """"what rate was used for the censoring times": the sentence announcing the experiment ranks first and states
    no rate; the next one, 0.156 below it (past the grounding margin, within the figure margin), states it."""
    crq = pdf_paper("crq")
    answer = crq.ask("In the one-sample median experiment, what rate was used for the exponential distribution of "
                     "the censoring times?")
    assert not answer.abstained and any("rate parameter 0.25" in c.quote for c in answer.citations)


def test_a_statement_ending_with_a_pointer_to_its_chart_answers_what_it_says_not_a_figure(assistant):
    """"... have increased significantly, as is shown in Fig. 7" says what rose, but leaves its figures to the chart;
    "The growth of ... is shown in Fig. 5" only points at one. "R&D", a word of the paper no term matches, is read as
    what it stands for."""
    from assistant.answer.rank import _POINTER

    assert not _POINTER.search("The growth of the revenue of the eight sub-sectors in 2017 is shown in Fig. 5.").group(1)
    assert _POINTER.search("investment in drug research and development have increased, as is shown in Fig. 7.").group(1)
    answer = assistant.ask("What has happened to government investment in drug R&D?")
    assert "government investment in drug research and development have increased" in answer.citations[0].quote
    refused = assistant.ask("How much was the state's special investment in major new drug creation in 2017, in yuan?")
    assert refused.abstained  # a figure asked: the statement gives none (its chart does)

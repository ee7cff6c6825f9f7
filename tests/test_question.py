import pytest

from assistant.lexical import analyze
from assistant.language import Lexicon
from assistant.question import (
    classify,
    clean_question,
    join_resolved,
    length_message,
    name_authors,
    split_resolved,
    years_in,
)


def test_clean_question_removes_control_and_invisible_characters():
    text, notes = clean_question("How\x00 many\u200b firms\x07 were\n there?\u202e")
    assert text == "How many firms were there?" and notes == ()


def test_clean_question_truncates_long_input_with_a_notice():
    text, notes = clean_question("word " * 3000, max_chars=1000)
    assert len(text) <= 1000 and notes and "1000" in notes[0]


def test_length_message_counts_what_is_read_and_says_the_limit():
    assert length_message("word " * 200, max_chars=1000) is None  # 999 characters once the spaces are collapsed
    assert length_message("  a\u200b  " * 400 + "b" * 10, max_chars=1000) is None  # spaces and invisibles not counted
    message = length_message("x" * 1523, max_chars=1000)
    assert message is not None and message.startswith("Your question is 1,523 characters; the limit is 1,000.")


@pytest.mark.parametrize("question, kind, wh", [
    ("How many biomedical enterprises were there in 2017?", "passage", "how_many"),
    ("What are the disadvantages?", "list", "other"),
    ("Which strategies does the paper propose?", "list", "other"),
    ("Summarize section V", "summary", "other"),
    ("What does page 95 say?", "summary", "other"),
    ("When was the manuscript received?", "passage", "when"),
    ("Who set the 7% target?", "passage", "who"),
    ("What is the estimated coefficient of age in the Cox model?", "passage", "how_many"),  # a figure is asked
    ("What is the p-value of the Wald test?", "passage", "how_many"),
    ("Roughly what fraction of the patients were censored?", "passage", "how_many"),  # a share, in other words
    ("What portion of the market do generic drugs hold?", "passage", "how_many"),
    ("What is the main argument of the paper?", "summary", "other"),
    ("What does the paper conclude about the estimators?", "summary", "other"),  # what it concludes: a summary
    ("What does the conclusion say works well for the objective?", "passage", "other"),  # a statement in it
])
def test_classify(question, kind, wh):
    intent = classify(question)
    assert (intent.kind, intent.wh) == (kind, wh)


def test_years_and_expanded_terms():
    assert years_in("from 2010 to 2017, not 12345 or 2.2017") == (2010, 2017)
    lexicon = Lexicon.build(["Enterprises of the Yangtze River Delta grew."])
    intent = classify("how many firms in the YRD?", lexicon=lexicon)
    assert set(analyze("Yangtze River Delta")) <= set(intent.terms)
    assert analyze("analyse labour centre") == analyze("analyze labor center")


def test_authors_named_by_position():
    authors = ("Xia Zhou", "Wentong Wang")
    assert name_authors("where was the second author born?", authors) == "where was Wentong Wang born?"
    assert name_authors("Who is the first author?", authors) == "Who is Xia Zhou?"
    assert name_authors("the fifth author", authors) == "the fifth author"


def test_resolved_round_trip():
    assert split_resolved(join_resolved("the slowest", "revenue 2017")) == ("the slowest", "revenue 2017")
    assert split_resolved("plain question?") == ("plain question?", "")


def test_short_year_ranges_are_read_as_the_papers_years():
    from assistant.question import expand_year_ranges
    known = {2010, 2013, 2015, 2017}
    assert expand_year_ranges("CAGR output 10-17?", known)[0] == "CAGR output 2010-2017?"
    assert expand_year_ranges("growth 2015-17", known)[0] == "growth 2015-2017"
    assert expand_year_ranges("rates of 5-10%", known)[0] == "rates of 5-10%"  # not years of the paper
    assert expand_year_ranges("pages 12-14", known) == ("pages 12-14", ())


def test_a_function_named_summary_is_no_summary_request():
    from assistant.question import classify
    assert classify("What J-test statistic does summary() report for the fit?").kind != "summary"
    assert classify("Give me a summary of section 3").kind == "summary"
    # a figure asked of what the summary prints is quoted, neither summarized nor listed
    asked = classify("What J-test statistic and p-value does the summary show for the ARMA example?")
    assert (asked.kind, asked.wh) == ("passage", "how_many")
    assert classify("What coefficient estimates does gmm give?").kind == "passage"
    # the summary as the subject of what is asked ("which ... does the summary of the fit show") is an output too
    assert classify("Which kernel does the summary of the second fit name?").kind != "summary"
    assert classify("What does the summary of section 2 say?").kind == "summary"
    assert classify("What exactly does the summary of the paper say?").kind == "summary"
    assert classify("What is the 90% confidence interval for the coefficient on w?").wh == "how_many"


def test_asking_for_the_main_argument_or_idea_asks_for_a_summary():
    from assistant.question import classify
    assert classify("What's the main argument of the introduction?").kind == "summary"
    assert classify("main ideas of section 4?").kind == "summary"
    assert classify("What is the main source of revenue?").kind != "summary"


def test_a_manner_question_asks_no_figure():
    from assistant.question import classify
    assert classify("How is a new event at time 11 classified?").wh == "how"
    assert classify("How many events were there?").wh == "how_many"


@pytest.mark.parametrize("question, asked", [
    ("Which two sampling schemes were tried?", "two sampling schemes"),
    ("what are the 3 regions named in the report?", "3 regions"),
    ("List the main findings.", "main findings"),
    ("What did the authors conclude?", ""),
    ("Which model fits best?", ""),  # "fits" is a verb here: a common verb heads no noun phrase
])
def test_asked_phrase_is_the_plural_noun_phrase_a_question_asks_for(question, asked):
    import dataclasses

    from assistant.question import asked_phrase

    lexicon = dataclasses.replace(Lexicon.build(["A model."]), common_verbs=frozenset({"fit", "conclud"}))
    assert asked_phrase(question, lexicon) == asked


@pytest.mark.parametrize("question, kind, asked", [
    ("Which estimator performs best at n = 400?", "passage", ""),  # WordNet: "perform" is only a verb
    ("In the check, which covariate shows the least evidence?", "passage", ""),  # "show": mostly a verb
    ("What partly explains the smaller bias?", "passage", ""),
    ("Which performance measures are reported?", "list", "performance measures"),  # "measure": not verb enough
    ("Which methods can be applied to the fit?", "list", "methods"),
])
def test_a_verb_after_its_subject_is_no_plural_noun_asked_for(question, kind, asked):
    intent = classify(question, lexicon=Lexicon.build(["The estimator performs well."]))
    assert (intent.kind, intent.asked) == (kind, asked)


@pytest.mark.parametrize("question", [
    "What J-test and p-value does the default summary show?",
    "What summary statistics are reported for the sample?",
])
def test_a_summary_the_paper_prints_is_no_request_for_one(question) -> None:
    assert classify(question).kind != "summary"
    assert classify("Give me a short summary of section 3").kind == "summary"


@pytest.mark.parametrize(("question", "wh"), [
    ("When the moment function is smoothed with a flat window, which kernel does gmm use?", "other"),
    ("Why would those who did get a transplant do better?", "why"),
    ("What shape does value added take along the chain?", "other"),
    ("Do you know who wrote it?", "who"),
    ("When was the paper published?", "when"),
])
def test_the_wh_word_is_read_in_the_main_clause(question, wh) -> None:
    """A clause setting the scene ("When X is smoothed, ...") and a relative "who" ("those who") ask nothing; a verb
    between "what" and a figure noun makes the noun no figure asked ("what shape does value added take")."""
    assert classify(question).wh == wh


def test_a_parenthesis_closing_a_question_is_no_carried_topic():
    # focus (the user's own words of a follow-up) comes typed from the resolution, never re-read from the text
    assert classify("What is the default maximum number of iterations (the itermax option)?").focus == ()


def test_an_abbreviated_figure_noun_asks_for_a_figure():
    lexicon = Lexicon.build(["Output grew at a compound annual growth rate of 16.70%."])
    assert classify("What was the CAGR of output between 2010 and 2017?", lexicon=lexicon).wh == "how_many"  # a rate
    assert classify("What was the RMSE of the slope?", lexicon=lexicon).wh == "how_many"  # root mean squared error
    assert classify("What was the CAGR of output?").wh == "other"  # (without a lexicon nothing is spelled out)


def test_the_when_of_a_clause_asks_no_time():
    assert classify("What term does the paper use when censoring points are known for everyone?").wh == "other"
    assert classify("When was the catalogue issued?").wh == "when"
    assert classify("and when did it start?").wh == "when"


def test_a_verb_after_what_asks_what_happens_not_a_figure():
    lexicon = Lexicon.build(["The variance rises while the bias falls."])
    assert classify("and what happens to variance when the specification changes?", lexicon=lexicon).wh == "other"
    assert classify("What was the variance in 2017?", lexicon=lexicon).wh == "how_many"


def test_what_a_question_sets_aside():
    from assistant.question import excluded_terms, without_excluded

    text = "Apart from the sample median, which estimator has the lowest MSE at n = 500?"
    assert excluded_terms(text) == {"sampl", "median"}
    assert "median" not in without_excluded(text) and "n = 500" in without_excluded(text)
    assert excluded_terms("Which estimator other than Powell is best in Table 2?") == {"powel"}
    assert excluded_terms("What is the median survival time?") == frozenset()


def test_a_compound_question_splits_into_its_questions():
    from assistant.question import clauses

    assert clauses("How many stocks does it include, and over which period?") == (
        "How many stocks does it include", "over which period?")
    assert clauses("Which kernel is the default, and why?") == ("Which kernel is the default", "why?")
    assert clauses("What is the MCSA and which outcomes were studied?") == ("What is the MCSA", "which outcomes were studied?")
    assert clauses("How many firms and workers were there?") == ("How many firms and workers were there?",)  # (one
    # question about two things)
    assert len(clauses("What is the difference between the printed value and what the table reports?")) == 1


def test_a_yes_or_no_question_may_follow_the_scene_it_sets():
    from assistant.question import asks_yes_or_no

    assert asks_yes_or_no("Does the J-test reject the moment conditions?")
    assert asks_yes_or_no("If a subject has several rows, don't I have to adjust for that?")
    assert asks_yes_or_no("Each subject has several rows; is a robust variance needed?")
    assert not asks_yes_or_no("Is the effect larger or smaller after 90 days?")  # a choice
    assert asks_yes_or_no("Is the method still used, or is there a newer one?")  # two yes-or-no questions
    assert not asks_yes_or_no("When was the paper published?")
    # a comma inside brackets is the scene's own: "(start, stop]" does not end it
    assert asks_yes_or_no("If each patient has several (start, stop] rows, do I need a robust variance?")


@pytest.mark.parametrize("question, letters", [
    ("Which covariate had the largest z statistic?", {"z"}),
    ("What is its t value?", {"t"}),
    ("What p-value does the K&P model report?", {"p"}),
    ("What is a value of the K&P fit?", set()),  # an article, and an initial with no figure noun after it
])
def test_a_letter_before_a_figure_noun_names_a_figure(question, letters):
    from assistant.question import named_letters
    assert named_letters(question) == letters

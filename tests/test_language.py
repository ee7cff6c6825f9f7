"""Language knowledge from WordNet, the paper's own abbreviations and spelling correction, on real data."""

from assistant.language import Lexicon, common_abbreviations, defined_abbreviations, load_table
from assistant.lexical import analyze


def test_wordnet_table_has_synonyms_antonyms_and_irregular_forms():
    table = load_table()
    assert "manpow" in table.synonyms["workforc"]
    assert "rise" in table.antonyms["fall"]
    assert "fast" in table.antonyms["slow"]
    assert table.bases["fell"] == "fall"
    # a way of decreasing is the opposite of increasing, and antonymy goes both ways
    assert "increas" in table.antonyms["shrink"] and "shrink" in table.antonyms["increas"]
    assert "rise" in table.antonyms["drop"] and "stay" not in table.antonyms["shrink"]  # not "change" vs "stay"


def test_derived_forms_join_a_verb_and_its_noun():
    derived = load_table().derived
    assert "conclus" in derived["conclud"] and "introduct" in derived["introduc"]
    assert "the" not in derived
    lexicon = Lexicon.build(["Conclusion", "An introduction to the method."])  # a paper's own forms, asked in others
    assert lexicon.derived_forms(analyze("concludes")) == {"conclus"}
    assert "introduct" in lexicon.derived_forms(analyze("introduce")) and not lexicon.derived_forms(analyze("the"))


def test_common_verbs_come_from_wordnet_sense_counts():
    verbs = load_table().common_verbs
    assert {"report", "produc", "obtain"} <= verbs  # verbs that frame a question's asking
    assert not {"invest", "gamma", "estim", "revenu"} & verbs  # what is asked about


def test_abbreviations_defined_in_the_text():
    found = defined_abbreviations(["Firms in the Yangtze River Delta (YRD) and the generalized method of moments "
                                   "(GMM) estimator (see below) are discussed."])
    assert found == {"yrd": "Yangtze River Delta", "gmm": "generalized method of moments"}
    assert common_abbreviations()["yoy"] == "year-on-year"
    assert common_abbreviations()["lrt"] == "likelihood ratio test"  # statistics usage readers type
    assert common_abbreviations()["algo"] == "algorithm"
    from assistant.language.lexicon import related_terms
    assert "sample size" in related_terms()["observations"]  # a count of observations is a sample's size
    # code and the words across a sentence's end name nothing: no definition
    assert defined_abbreviations(["MSE <- cbind(rowMeans((t(tet1)-c(4,2))^2)) dimnames(MSE)"]) == {}
    assert defined_abbreviations(["When Times Are Known.” Communications (T&M) 3, 12."]) == {}


def test_question_words_meet_the_paper_words(document):
    lexicon = Lexicon.load([s.text for s in document.sentences])
    assert "year-on-year" in lexicon.expand("YoY growth of revenue")
    assert set(analyze("fastest")) <= lexicon.opposites(analyze("the slowest sub-sector"))
    # a hyphenated word the data file does not hold, by its parts: "J-stat" is the J statistic
    assert {"statistic", "value"} <= set(lexicon.expand("the J-stat and its p-val"))
    assert lexicon.correct("the normal distr example")[1] == ()  # a common abbreviation is no typo
    small = Lexicon.build(["Manpower was short while output fell and prices rose."])
    assert "manpow" in small.expand("how big is the workforce?")
    assert small.opposites(analyze("what fell?")) == {"rose"}  # irregular forms meet: fell -> fall <-> rise <- rose
    assert small.opposites(analyze("what rose?")) == {"fell"}


def test_spelling_is_corrected_against_the_paper(document):
    lexicon = Lexicon.load([s.text for s in document.sentences])
    corrected, changes = lexicon.correct("how mny enterprises wer there, and what was the revnue?")
    assert corrected == "how many enterprises were there, and what was the revenue?"
    assert ("revnue", "revenue") in changes
    # real words and names are left alone, even when a paper word is one letter away
    assert lexicon.correct("What about Hainan and the slower sectors?")[1] == ()
    # the longer parts of a hyphenated word too, but not a prefix such as "pre-"
    assert lexicon.correct("the pharmaceutcal-specific equipment")[0] == "the pharmaceutical-specific equipment"
    assert lexicon.correct("pre-tax profit of the bio-pharmaceutical industry")[1] == ()
    # a name neither the paper nor the language knows, one slip from one the paper uses, is that name
    assert lexicon.correct("How many firms are in Shenzen?")[1] == (("Shenzen", "Shenzhen"),)
    assert lexicon.correct("What about Germany and Jiangsu?")[1] == ()  # names the language knows stay
    # a question's opening word one slip from a question word is that word, even a word of its own ("wat")
    assert lexicon.correct("wats the revenue in 2017?")[0] == "what the revenue in 2017?"
    assert lexicon.correct("Wich region grew fastest?")[0] == "Which region grew fastest?"
    # a function word the paper never uses, which no lexical database lists, is a word: "Whereas" is not "Where"
    assert "whereas" not in lexicon.words
    assert lexicon.correct("Whereas profit rose, which sub-sector grew fastest?")[1] == ()
    assert lexicon.correct("Wats, in 2017, what was the revenue?")[1] == ()  # it asks with a question word already


def test_a_word_of_english_the_paper_does_not_use_is_no_typo(document):
    """Inflections and conjunctions no lexical database lists are words (the English word list of Debian's
    wamerican): "gave" was read as "have", "unless" as "less"; "what's" typed without its apostrophe is "what"
    wherever it stands."""
    from assistant.language.lexicon import english_words

    assert {"gave", "told", "unless"} <= english_words()  # installed by scripts/setup.sh
    lexicon = Lexicon.load([s.text for s in document.sentences])
    assert lexicon.correct("Which table gave the figure, unless I am told otherwise?")[1] == ()
    assert lexicon.correct("since 2010 whats the growth?")[0] == "since 2010 what the growth?"


def test_expansions_are_kept_per_text_but_callers_get_their_own_list(document):
    lexicon = Lexicon.load([s.text for s in document.sentences])
    first = lexicon.expand("YoY growth of revenue")
    assert first == lexicon._expand("YoY growth of revenue")
    first.append("changed")
    assert "changed" not in lexicon.expand("YoY growth of revenue")
    assert lexicon._targets is lexicon._targets  # the typo targets are sorted once per lexicon


def test_initials_of_hyphen_joined_names_are_acronyms() -> None:
    """A reader types "CIR" for the paper's "Cox-Ingersoll-Ross" as "YRD" for "Yangtze River Delta"; the capital of
    a sentence's first word is no part of a name."""
    from assistant.lexical import find_acronyms

    found = find_acronyms(["The Cox-Ingersoll-Ross or square root process. In the Yangtze River Delta it grew."])
    assert found["cir"] == "Cox Ingersoll Ross" and found["yrd"] == "Yangtze River Delta"


def test_an_abbreviation_used_undefined_is_spelled_by_the_initials_of_one_run_of_words(pdf_paper):
    from assistant.answer.grounding import context_terms
    from assistant.language.abbreviations import spelled_initials
    from assistant.lexical import is_stopword

    texts = ["The pbc data set holds subjects with primary biliary cirrhosis.", "Points based cox fits differ.",
             "At the time of the PBC study, it was new.", "The AGE and FNM columns are given for nonlinear models."]
    known = {"age"}.__contains__  # a word, not an abbreviation
    assert spelled_initials(texts, known=known, stop=is_stopword) == {"pbc": "primary biliary cirrhosis"}  # the run
    # beside the abbreviation wins over "points based cox"; "for nonlinear models" holds a function word
    timedep = pdf_paper("timedep")
    view = timedep.composer.view
    assert view.language.spelled["pbc"] == "primary biliary cirrhosis"
    study = next(s.index for s in view.document.sentences if "PBC study" in s.text)
    assert {"biliari", "cirrhosi"} <= context_terms(view, study)  # the sentence says what the question calls it
    assert "biliari" not in analyze(timedep.composer.view.language.spelled_out("pbc data"))  # and no question grows


def test_the_parts_of_a_hyphenated_abbreviation_are_spelled_out(pdf_paper):
    """"J-stat and p-val": each part the common abbreviations know, so the question asks for figures."""
    from assistant.question import classify

    language = pdf_paper("gmm").composer.view.language
    assert language.spelled_out("what J-stat and p-val does it show?") == "what J-statistic and p-value does it show?"
    assert classify("What J-stat and p-val does the summary show?", lexicon=language).wh == "how_many"


def test_statistics_words_readers_use_are_read_in_the_papers_terms(pdf_paper):
    """"Gaussian" for "normal", "rows" for "observations": related-terms.tsv, for words WordNet does not link."""
    language = pdf_paper("gmm").composer.view.language
    assert "normal" in language.expand("Is the Gaussian hypothesis rejected?")


def test_the_words_asking_for_an_end_of_a_ranking_say_which_end() -> None:
    """One data file of superlatives serves the sentence ranking and the table comparisons: each word asks for the
    upper or the lower end, "most" and "least" too; ordinary words ask for none."""
    from assistant.language import ranking_ends

    assert ranking_ends("Which region grew slowest, and which fastest?") == [("slowest", False), ("fastest", True)]
    assert ranking_ends("the worst and the best estimator") == [("worst", False), ("best", True)]
    assert ranking_ends("Which had the least variance?") == [("least", False)]
    assert ranking_ends("What is the estimated variance?") == []


def test_a_missing_english_word_list_is_a_warning_not_an_error(monkeypatch, caplog, tmp_path):
    """Without Debian's wamerican (a machine set up by hand), spelling is judged by the paper and WordNet alone."""
    from assistant.language import lexicon as module

    monkeypatch.setattr(module, "ENGLISH_WORDS", str(tmp_path / "no-such-list"))
    with caplog.at_level("WARNING"):
        assert module.english_words.__wrapped__() == frozenset()
    assert "no English word list" in caplog.text

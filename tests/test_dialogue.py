import pytest

from assistant.dialogue import Conversation, Slots, is_followup, resolve_followup
from assistant.language import Lexicon
from assistant.question import split_resolved


def _conversation(*turns):
    conversation = Conversation()
    for question in turns:
        conversation.add(question, question)
    return conversation


def test_standalone_questions_are_unchanged():
    conversation = _conversation("How many enterprises were there in 2017?")
    question = "What is the gross profit rate of the industry in 2017?"
    assert resolve_followup(question, conversation) == question
    assert resolve_followup("And the slowest?", Conversation()) == "And the slowest?"


@pytest.fixture(scope="module")
def slots(document):
    return Slots.build(document, Lexicon.load([s.text for s in document.sentences]))


def test_superlative_replaces_its_counterpart_and_keeps_the_topic(slots):
    resolved = resolve_followup("And the slowest?", _conversation("What was the fastest-growing sub-sector by revenue in 2017?"),
                                slots)
    own, carried = split_resolved(resolved)
    assert own == "the slowest"
    assert "revenue" in carried and "2017" in carried and "fastest" not in resolved


def test_region_and_year_slots(slots):
    resolved = resolve_followup("What about the Bohai region?", _conversation("What is special about the Yangtze River Delta?"),
                                slots)
    assert "Bohai" in resolved and "Yangtze" not in resolved
    resolved = resolve_followup("and in 2016?", _conversation("How many enterprises were there in 2017?"))
    assert "2016" in resolved and "2017" not in resolved and "enterprises" in resolved


def test_fragments_and_pronouns_are_followups():
    conversation = _conversation("What did China spend on health in 2017?")
    assert is_followup("as a share of GDP?", conversation)
    assert is_followup("And how fast did it grow?", conversation)
    assert not is_followup("Summarize section V", conversation)


def test_list_items_can_be_named_by_position():
    conversation = Conversation()
    conversation.add("What disadvantages?", "What disadvantages?", items=("Insufficient innovation", "Insufficient talent", "Low industry concentration"))
    assert resolve_followup("tell me more about the third one", conversation) == "tell me more about Low industry concentration"
    assert resolve_followup("and item 2?", conversation) == "and Insufficient talent?"
    assert resolve_followup("tell me about the ninth one", conversation) != "tell me about Low industry concentration"


def test_opposites_take_each_others_place(slots):
    resolved = resolve_followup("and the disadvantages?", _conversation("What are the advantages of the industry?"), slots)
    assert "disadvantages" in resolved and "advantages of" not in resolved
    # superlatives are opposites as their positive degrees are ("lowest" takes the place of "highest")
    assert slots.same("lowest", "highest") and slots.same("highest", "lowest") and not slots.same("lowest", "profit")
    resolved = resolve_followup("and the lowest?", _conversation("Which sub-sector had the highest profit growth?"), slots)
    assert "lowest" in resolved and "highest" not in resolved


def test_new_conversation_forgets():
    conversation = _conversation("What was the fastest-growing sub-sector by revenue in 2017?")
    conversation.reset()
    assert resolve_followup("And the slowest?", conversation) == "And the slowest?"


def test_a_complete_question_after_another_topic_stands_alone():
    conversation = _conversation("What's the CAGR of gross output 2010-2017?")
    for question in ("What are the disadvantages of the industry?", "Who wrote the paper?", "Summarize section V"):
        assert resolve_followup(question, conversation) == question
    assert is_followup("what were the rates?", conversation)
    assert is_followup("the Guangdong one?", conversation)


def test_an_item_is_pointed_at_by_its_section_while_the_list_is_recent(assistant):
    conversation = Conversation()
    listed = assistant.ask("Which disadvantages does the paper list?", conversation)
    assert listed.kind == "list" and len(listed.item_sections) == len(listed.items) >= 3
    third = assistant.ask("Tell me more about the third one.", conversation)
    third_key = listed.item_sections[2]
    assert third.citations and all(c.section.startswith(third_key) for c in third.citations)
    assert len(third.citations) >= 2  # the item, not one sentence of it
    second = assistant.ask("and the second?", conversation)  # the list is still the one meant
    assert all(c.section.startswith(listed.item_sections[1]) for c in second.citations)


def test_the_first_author_is_not_a_list_item(assistant):
    conversation = Conversation()
    assistant.ask("Which disadvantages does the paper list?", conversation)
    answer = assistant.ask("Who is the first author?", conversation)
    assert assistant.document.meta.authors[0].split()[-1] in answer.text


def test_a_place_among_the_names_a_passage_gave_is_that_name(assistant):
    """After a passage naming the Yangtze River Delta, Bohai Rim, the Pearl River Delta and Northeast China, "the
    second of those regions" is Bohai Rim and "the last one" Northeast China; names the question itself gave (China)
    are no place among them, and "the first quarter" points at nothing."""
    conversation = Conversation()
    answer = assistant.ask("Which regions form the core of China's bio-pharmaceutical industrial space pattern?",
                           conversation)
    assert not answer.items and conversation.last.subject.named[:2] == ("Yangtze River Delta", "Bohai Rim")
    second = assistant.ask("What is the industry like in the second of those regions?", conversation)
    assert second.resolved_question == "What is the industry like in Bohai Rim?"
    assistant.ask("Which regions form the core of China's bio-pharmaceutical industrial space pattern?", conversation)
    assert "Northeast China" in assistant.ask("And the last one?", conversation).resolved_question
    assistant.ask("Which regions form the core of China's bio-pharmaceutical industrial space pattern?", conversation)
    assert "quarter" in assistant.ask("What about the first quarter?", conversation).resolved_question


def test_a_question_pointing_back_looks_where_the_last_answer_was(assistant):
    """"that" in a complete question ties it to the last answer's paragraphs (and what was printed after them)."""
    from assistant.dialogue import refers_back
    conversation = Conversation()
    assert not refers_back("What was the profit in that year?", conversation)  # nothing to point back to
    assistant.ask("How many biomedical enterprises were there in 2017?", conversation)
    assert refers_back("What was the profit in that year?", conversation)


def test_an_ordinal_takes_the_place_of_the_carried_one(slots):
    conversation = Conversation()
    conversation.add("What is the coefficient for the first epoch?", "What is the coefficient for the first epoch?")
    resolved = resolve_followup("And for the third epoch?", conversation, slots)
    assert "third" in resolved and "first" not in resolved and "coefficient" in resolved


def test_existential_there_is_no_pointer():
    conversation = _conversation("What are the disadvantages?")
    question = "How many biomedical enterprises were there in 2017?"
    assert not is_followup(question, conversation)
    assert is_followup("What happened there?", conversation)


def test_nothing_is_carried_from_a_turn_that_abstained():
    conversation = Conversation()
    conversation.add("What does the paper say about Pfizer?", "What does the paper say about Pfizer?", answered=False)
    assert conversation.last is None
    assert resolve_followup("and in 2016?", conversation) == "and in 2016?"


def test_a_question_naming_a_part_of_the_paper_stands_alone(slots):
    conversation = _conversation("Summarize section V")
    assert resolve_followup("What are the disadvantages?", conversation, slots) == "What are the disadvantages?"
    assert is_followup("what were the rates?", _conversation("What was the revenue growth in 2017?"), slots)


def test_a_numbered_label_replaces_its_counterpart_and_names_stay():
    conversation = _conversation("In Table 2, what is the RMSE of the Powell intercept estimate at n = 400?")
    slots = Slots(names=frozenset({"powell"}))
    resolved = resolve_followup("And under variable censoring (Table 3)?", conversation, slots)
    assert "Table 3" in resolved and "Table 2" not in resolved and "Powell" in resolved and "400" in resolved


def test_names_are_words_the_prose_capitalizes_more_often_than_not(document):
    slots = Slots.build(document)
    assert "bohai" in slots.names and "yangtze" in slots.names
    assert "table" not in slots.names and "fig" not in slots.names  # labels: "in Table 2", "in Fig. 5"


def test_a_follow_up_may_open_with_ok_or_well():
    conversation = _conversation("What was the CAGR of gross output from 2010 to 2017?")
    assert is_followup("ok, and what about revenue?", conversation)
    assert is_followup("well, and if it kept that pace, what would output be in 2020?", conversation)


def _said(assistant, answer) -> set[int]:
    return set(assistant.composer.sentences_of(answer))


def test_a_followup_reads_on_past_what_the_last_answer_quoted(pdf_paper):
    gmm = pdf_paper("gmm")
    conversation = Conversation()
    first = gmm.ask("Which optimizer fixed the convergence problem of the stable distribution example?", conversation)
    assert conversation.turns[-1].sentences == tuple(sorted(_said(gmm, first)))
    follow = gmm.ask("Was that the end of it, or did another problem remain?", conversation)
    new = _said(gmm, follow) - _said(gmm, first)
    assert new and "first step" in follow.text  # the sentences after the one it had quoted, not that one alone


def test_a_followup_on_the_last_sentence_of_a_paragraph_gets_the_one_beside_it(pdf_paper):
    timedep = pdf_paper("timedep")
    conversation = Conversation()
    first = timedep.ask("How many of the Stanford transplants were strictly inside the subject's follow-up interval?",
                        conversation)
    follow = timedep.ask("And the remaining transplants, when were they?", conversation)
    assert _said(timedep, follow) - _said(timedep, first)
    assert "day 0" in follow.text


def test_rows_of_one_table_fill_one_slot(document):
    slots = Slots.build(document, rows=((frozenset({"baselin"}), frozenset({"time", "depend"})),
                                        (frozenset({"1"}), frozenset({"2"}), frozenset({"3"}))))
    assert slots.same("time-dependent", "baseline-only") and slots.same("third", "1") and slots.same("2", "3")
    assert not slots.same("third", "baseline") and not slots.same("1", "1")
    resolved = resolve_followup("And for the third group?", _conversation("What is the coefficient of group 1?"), slots)
    assert "1" not in resolved.split() and "coefficient" in resolved


def test_ordinals_have_numbers():
    from assistant.language import ordinal_numbers, ordinal_value

    assert ordinal_value("Third") == 3 and ordinal_value("2nd") == 2 and ordinal_value("thirdly") is None
    assert ordinal_numbers("and the fifth epoch?") == {"5"}


def test_a_followup_picks_the_row_of_the_printed_table_the_last_answer_quoted(pdf_paper):
    timedep = pdf_paper("timedep")
    conversation = Conversation()
    first = timedep.ask("What log(bili) coefficient did the PBC fit on baseline values only give?", conversation)
    assert "0.930592" in first.text
    follow = timedep.ask("And after the labs became time-dependent covariates?", conversation)
    assert "1.241214" in follow.text and "0.930592" not in follow.text


def test_a_followup_resolves_against_the_typed_topic_not_the_shown_text():
    from assistant.dialogue import Topic, resolve
    from assistant.lexical import analyze

    conversation = Conversation()
    topic = Topic(words=("enterprises", "2017"), kind="passage", wh="how_many", years=(2017,))
    conversation.add("How many enterprises were there in 2017?", "(shown to the user only)", topic=topic)
    resolution = resolve("and in 2016?", conversation)
    assert resolution.carried == ("enterprises",)
    assert resolution.intent.years == (2016,) and set(analyze("enterprises")) <= set(resolution.intent.terms)
    assert resolution.words == ("2016", "enterprises")  # the topic the next follow-up resolves against
    assert "shown" not in resolution.text


def test_a_topic_names_what_its_cited_sentences_name(document):
    from assistant.dialogue import Topic
    from assistant.question import classify

    slots = Slots.build(document)
    cited = tuple(s.index for s in document.sentences if "Bohai" in s.text)[:1]
    topic = Topic.of(classify("Which regions?"), ("regions",), document, cited, slots.names)
    assert "Bohai" in topic.entities and topic.kind == "list"


def test_the_authors_listed_can_be_pointed_at(assistant):
    conversation = Conversation()
    assistant.ask("Who are the authors of this paper?", conversation)
    assert conversation.last_list is not None and conversation.last_list.items == assistant.document.meta.authors
    answer = assistant.ask("Where was the second one born?", conversation)
    assert assistant.document.meta.authors[1] in answer.resolved_question and "Liaoning" in answer.text


def test_a_row_word_replaces_only_a_word_naming_another_row_of_its_table(pdf_paper):
    """"and for the third epoch?" after "... vfit2 ... (tgroup=1)": "1" names another row of the table, but "tgroup"
    labels the third row too and the "2" of "vfit2" names a fit, not a row: both stay in the topic."""
    from assistant.dialogue import resolve

    timedep = pdf_paper("timedep")
    slots = timedep.slots
    assert slots.same("third", "1")
    assert not slots.same("third", "tgroup") and not slots.same("third", "vfit2")
    conversation = Conversation()
    conversation.add("In the step-function model vfit2, what is the Karnofsky coefficient for tgroup=1?", "")
    carried = resolve("And for the third epoch?", conversation, slots).carried
    assert "vfit2" in carried and "tgroup" in carried and "1" not in carried


def test_a_determiner_pointing_outside_the_question_makes_it_a_followup():
    """"its"/"their" before anything they could stand for, or "those"/"these" before a noun no relative clause
    defines, point at the previous turn however many words the question has; a question naming its own antecedent
    does not lean on it."""
    conversation = _conversation("What did the two-step GMM give for the coefficient on w?")
    assert is_followup("Did its J-test reject the moment conditions? What was the p-value?", conversation)
    assert is_followup("When was their paper published, and in which journal?", conversation)
    assert is_followup("roughly what share of those observations ended up censored?", conversation)
    assert not is_followup("What is the GMM estimator and what are its asymptotic properties under misspecification?",
                           conversation)
    assert not is_followup("Which of those estimators that handle random censoring use the Kaplan-Meier estimator?",
                           conversation)
    assert not is_followup("Did its J-test reject the moment conditions?", Conversation())


def test_after_who_a_personal_pronoun_stands_for_the_people_the_answer_named():
    from assistant.dialogue import Topic, resolve

    conversation = Conversation()
    topic = Topic(words=("proposed", "method", "Nelson-Aalen", "estimator"), wh="who", entities=("Peng", "Huang"))
    conversation.add("Who proposed the method built on the Nelson-Aalen estimator?", "", topic=topic)
    resolution = resolve("When was their paper published, and in which journal?", conversation)
    assert resolution.carried == ("Peng", "Huang") and resolution.intent.wh == "when"
    other = resolve("And what does the method estimate?", conversation)  # no pronoun for people: the topic carries
    assert "Nelson-Aalen" in other.carried


def test_one_standing_for_a_noun_points_back_and_the_topic_keeps_what_it_asked():
    """"the last one", "that one", "the Pearl River Delta one": "one" stands for the previous turn's noun (not "one of
    the", "one-year"); "what about X?" asks what the topic asked (where, when, why ...) of X."""
    from assistant.dialogue import Topic, resolve

    conversation = _conversation("Which scholars does the paper cite when defining industrial upgrading?")
    assert is_followup("what did the last one argue?", conversation)
    assert not is_followup("What is the one-year growth rate of revenue in 2017?", conversation)
    conversation = Conversation()
    topic = Topic(words=("Yangtze", "River", "Delta", "cluster", "centered"), wh="where")
    conversation.add("Where is the Yangtze River Delta cluster centered?", "", topic=topic)
    resolution = resolve("what about the Pearl River Delta one?", conversation, Slots(names=frozenset({"yangtze", "pearl"})))
    assert resolution.intent.wh == "where" and "one" not in resolution.intent.focus
    assert "Yangtze" not in resolution.carried and "cluster" in resolution.carried
    assert "one" not in resolve("why that one?", conversation).intent.terms


def test_the_clitic_s_is_no_content_word():
    from assistant.dialogue import _content

    assert _content("Which data set illustrates Portnoy's estimator?") == ("data", "set", "illustrates", "Portnoy", "estimator")
    assert is_followup("What's the grant number of the first one?", _conversation("Which projects funded this paper?"))


def test_instead_points_back_unless_it_says_of_what():
    conversation = _conversation("Which type of GEL does gel() use by default?")
    assert is_followup("what other types can I pick instead?", conversation)  # (the asker's "I" is no content)
    assert is_followup("anything else?", conversation)
    assert not is_followup("How do you ask crq to use the exhaustive global search for the Powell estimator "
                           "instead of the local one?", conversation)


def test_the_first_three_are_several_items_not_the_first(assistant):
    from assistant.dialogue import pointed_item

    conversation = Conversation()
    listed = assistant.ask("Which disadvantages does the paper list?", conversation)
    assert listed.kind == "list" and len(listed.items) >= 3
    assert pointed_item("what do the first three have in common?", conversation) is None
    assert pointed_item("and the first one?", conversation) == 0


def test_the_other_author_is_the_one_the_last_question_did_not_name(assistant):
    first, second = assistant.document.meta.authors[:2]
    conversation = Conversation()
    assistant.ask(f"When was {first} born?", conversation)
    other = assistant.ask("and the other author?", conversation)
    assert second in other.resolved_question and first.split()[0] not in other.resolved_question
    assert other.citations and second in other.citations[0].quote
    conversation = Conversation()
    assistant.ask(f"When was {first} born?", conversation)
    named = assistant.ask(f"and {second}?", conversation)  # a whole name takes the place of the whole other one
    assert first.split()[0] not in named.resolved_question


def test_an_ordinal_is_carried_whole_not_as_a_number(assistant):
    """"the 12th Five-Year Plan" carried into "why?" is "12th": "12" alone was read as a figure the answer must print
    ("It gives nothing for '12' there")."""
    from assistant.dialogue import Conversation

    conversation = Conversation()
    assistant.ask("Did growth of the pharma industry's gross output slow down after the 12th Five-Year Plan began?",
                  conversation)
    answer = assistant.ask("why?", conversation)
    assert "12th" in answer.resolved_question and not answer.abstained
    assert "due to" in answer.citations[0].quote  # the cause the paper gives

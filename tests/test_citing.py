"""The works a sentence cites, found among the paper's reference entries: numbered marks and author-year mentions."""

from __future__ import annotations

from assistant.answer.citing import Entries
from assistant.dialogue import Conversation


def test_numbered_marks_name_entries_by_their_number(document):
    entries = Entries.of(document)
    cited = entries.cited("... formed a cluster centered on Shanghai gradually [6]. Others [1, 3]-[4] agree.")
    assert list(cited.values()) == ["[6]", "[1]", "[3]", "[4]"]
    assert document.sentences[next(iter(cited))].section == "References.6"
    assert entries.cited("a table of 2017 figures [99]") == {}  # a mark the list does not hold names nothing


def test_author_year_mentions_name_entries_by_first_author_and_year(pdf_paper):
    crq = pdf_paper("crq")
    entries = Entries.of(crq.document)
    cited = entries.cited("Peng and Huang (2008) have recently suggested an alternative approach")
    assert [crq.document.sentences[i].text.split("(")[0].strip() for i in cited] == ["Peng L, Huang Y"]
    assert entries.cited("Peng and Huang (1999) suggested") == {}  # another year: another work
    gmm = pdf_paper("gmm")  # entries as "W. K. Newey and K. D. West. A simple ... 1987."
    cited = Entries.of(gmm.document).cited("proposed by White (1984), Newey and West (1987) and Gallant (1987)")
    assert [gmm.document.sentences[i].text[:14] for i in cited] == ["H. White. Asym", "W. K. Newey an", "A. R. Gallant."]


def test_asking_which_work_is_cited_quotes_its_entry(assistant):
    conversation = Conversation()
    answer = assistant.ask("Which reference does the paper cite for the cluster centered on Shanghai?", conversation)
    entry = answer.citations[-1]
    assert entry.section == "References.6" and "Cited there: [6]" in answer.text
    again = assistant.ask("Who wrote it, and in what year?", conversation)
    assert any(c.section == "References.6" for c in again.citations) and "Hou" in again.text


def test_entries_written_by_the_people_named(pdf_paper):
    crq = pdf_paper("crq")
    entries = Entries.of(crq.document)
    written = entries.written_by(("Peng", "Huang"))
    assert [crq.document.sentences[i].text.split("(")[0].strip() for i in written] == ["Peng L, Huang Y"]
    assert entries.written_by(("Nobody",)) == ()


def test_their_paper_after_who_is_the_entry_of_the_people_named(pdf_paper):
    crq = pdf_paper("crq")
    conversation = Conversation()
    crq.ask("Who proposed the censored quantile regression method built on the Nelson-Aalen estimator?", conversation)
    answer = crq.ask("When was their paper published, and in which journal?", conversation)
    assert answer.citations[0].section.startswith("References.") and "2008" in answer.text


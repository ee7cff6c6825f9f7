"""Questions about the paper as a publication are answered from its metadata; its reference in APA and BibTeX."""

from __future__ import annotations

import pytest

from assistant.dialogue import Conversation
from assistant.metadata import asked_field


@pytest.mark.parametrize("question,field", [
    ("How do I cite this paper?", "cite"), ("how to cite the article", "cite"), ("Give me the BibTeX", "cite"),
    ("What is the citation for this paper?", "cite"), ("Who are the authors?", "authors"),
    ("Who wrote this paper?", "authors"), ("When was the paper published?", "year"),
    ("In which journal was it published?", "venue"), ("What is the DOI?", "doi"),
    ("What is the title of the paper?", "title"),
])
def test_questions_about_the_publication(question: str, field: str) -> None:
    assert asked_field(question)[0] == field


@pytest.mark.parametrize("question", [
    "Which papers does it cite?", "How do I cite this paper's data in 2017?", "Who is the corresponding author?",
    "Who are the authors mentioned in the references?", "What is the paper about?", "What year is the data from?",
    "Who published the Catalogue?", "How many enterprises were there?",
])
def test_questions_about_the_content_are_not_metadata(question: str) -> None:
    assert asked_field(question) is None


def test_a_pointer_in_a_conversation_means_the_last_topic_not_the_paper() -> None:
    assert asked_field("When was it published?") == ("year", None)
    assert asked_field("When was it published?", in_conversation=True) is None
    assert asked_field("When was this paper published?", in_conversation=True) == ("year", None)
    assert asked_field("Who is the second author?") == ("authors", 1)


def test_the_assistant_answers_metadata_from_the_metadata(assistant) -> None:
    meta = assistant.document.meta
    authors = assistant.ask("Who are the authors?")
    assert authors.kind == "metadata" and all(name in authors.text for name in meta.authors)
    assert not authors.citations  # not the acknowledgment that thanks "all the authors mentioned in the references"
    cite = assistant.ask("How do I cite this paper?")
    assert cite.kind == "reference" and f"https://doi.org/{meta.doi}" in cite.text  # APA, with the DOI link
    assert cite.code.startswith("@article{") and meta.doi in cite.code  # BibTeX, shown verbatim to copy
    conversation = Conversation()
    assistant.ask("Who wrote this paper?", conversation)
    second = assistant.ask("where was the second author born?", conversation)
    assert second.kind != "metadata" and second.citations  # the biography, found by the author's name

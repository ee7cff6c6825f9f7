"""A prose figure answers a quantity question only when what it is of is what the question asks: the sentence itself,
the sentence its pronoun subject stands for, and the lead-ins of its paragraph that state no figure of their own."""

from __future__ import annotations

import pytest

from assistant.answer.grounding import figure_subject
from assistant.pipeline import Assistant


@pytest.fixture(scope="module")
def shipped() -> Assistant:
    return Assistant.load()


def _index(assistant: Assistant, opening: str) -> int:
    return next(s.index for s in assistant.document.sentences if s.text.startswith(opening))


def test_a_pronoun_subject_stands_for_the_sentence_before_and_a_sentence_with_figures_lends_nothing(shipped: Assistant) -> None:
    it = _index(shipped, "In 2017, it was 2.9826 billion yuan")
    lines = [shipped.document.sentences[j].text for j in figure_subject(shipped.composer.view, it)]
    assert lines[-1].startswith("In 2017, it was") and lines[-2].startswith("In 2015, the revenue of enterprises")
    assert not any(line.startswith("In 2013,") for line in lines)  # a figure of its own: speaks of that


def test_a_figure_of_another_subject_is_refused_and_the_refusal_quotes_it(shipped: Assistant) -> None:
    answer = shipped.ask("How much was the state's special investment in major new drug creation in 2017, in yuan?")
    assert answer.abstained
    assert "revenue of enterprises" in answer.text and "investment" in answer.text


def test_a_lead_in_without_figures_says_what_the_next_figure_is_of(shipped: Assistant) -> None:
    answer = shipped.ask("Which of the eight sub-sectors had the slowest revenue growth in 2017, and how fast did it grow?")
    assert not answer.abstained and "7.7%" in answer.text

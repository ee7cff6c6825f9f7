"""The typed core's JSON: answers of the real assistant go to JSON and come back as the same Answer."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.pipeline import Assistant
from assistant.types import Answer, answer_from_json, to_json

QUESTIONS = ("How many biomedical enterprises were there in 2017?",  # a quoted fact
             "What's the CAGR of gross output 2010-2017?",  # a computation with cited inputs
             "What are the disadvantages of the industry?",  # a list: items and their sections
             "What is the capital of France?")  # an abstention with related passages


@pytest.fixture(scope="module")
def answers() -> list[Answer]:
    assistant = Assistant.load()
    return [assistant.ask(q) for q in QUESTIONS]


def _without_scores(answer: Answer) -> Answer:
    """What JSON keeps exactly: everything but scores (rounded to 6 places) and empty citation page lists."""
    def plain(c):
        return dataclasses.replace(c, score=0.0, pages=c.pages or (c.page,))

    comp = answer.computation
    if comp is not None:
        comp = dataclasses.replace(comp, inputs=tuple(dataclasses.replace(op, citation=op.citation and plain(op.citation))
                                                       for op in comp.inputs))
    return dataclasses.replace(answer, citations=tuple(map(plain, answer.citations)),
                               related=tuple(map(plain, answer.related)), computation=comp)


def test_answers_round_trip_through_json(answers: list[Answer]) -> None:
    assert any(a.computation for a in answers) and any(a.items for a in answers) and any(a.related for a in answers)
    for answer in answers:
        data = json.loads(json.dumps(to_json(answer)))
        restored = answer_from_json(data)
        assert isinstance(restored, Answer)
        assert _without_scores(restored) == _without_scores(answer)
        assert [c.score for c in restored.citations] == [round(c.score, 6) for c in answer.citations]
        assert answer_from_json(json.loads(json.dumps(to_json(restored)))) == restored  # a fixed point
        assert restored.interpretation == answer.interpretation


def test_old_json_without_list_fields_still_reads(answers: list[Answer]) -> None:
    data = to_json(answers[0])
    del data["items"], data["item_sections"]
    assert answer_from_json(data).items == ()

"""One Assistant shared by many threads (as Streamlit sessions share it): same answers, no errors, no shared history."""

from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice

from assistant.dialogue import Conversation
from assistant.evaluate import load_questions
from assistant.types import to_json


def _conversation_answers(assistant, turns):
    conversation = Conversation()  # one conversation per simulated user session
    return [to_json(assistant.ask(turn, conversation)) for turn in turns]


def test_eight_threads_two_hundred_questions_match_one_thread(assistant):
    sessions = [(*q.history, q.question) for q in load_questions()]
    work = list(islice(cycle(sessions), 200))
    expected = [_conversation_answers(assistant, turns) for turns in work]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda turns: _conversation_answers(assistant, turns), work))
    assert got == expected
    assert sum(len(turns) for turns in work) >= 200


def test_sessions_do_not_share_history(assistant):
    first, second = Conversation(), Conversation()
    assistant.ask("What was the fastest-growing sub-sector by revenue in 2017?", first)
    answer = assistant.ask("And the slowest?", second)
    assert answer.resolved_question == "And the slowest?"
    assert len(first.turns) == 1 and len(second.turns) == 1

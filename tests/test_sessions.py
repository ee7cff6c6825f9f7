"""The conversation store: real answers of the real assistant kept in a real SQLite file, and follow-ups that still
resolve after a conversation is reopened."""

from __future__ import annotations

import copy
import sqlite3
import threading

import pytest

from assistant.dialogue import Conversation
from assistant.errors import SessionError
from assistant.pipeline import Assistant
from assistant.sessions import ConversationStore, default_path, is_conversation_id

FIRST = "What was the fastest-growing sub-sector by revenue in 2017?"
FOLLOWUP = "And the slowest?"


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


def _ask(assistant: Assistant, store: ConversationStore, cid: str | None, question: str,
         conversation: Conversation) -> str:
    last = conversation.turns[-1] if conversation.turns else None  # (``last`` skips a turn that abstained)
    answer = assistant.ask(question, conversation)
    added = conversation.turns[-1] if conversation.turns and conversation.turns[-1] is not last else None
    return store.save_turn(cid, paper="shipped", question=question, answer=answer, dialogue=added)


def test_a_reopened_conversation_answers_its_followups_alike(assistant: Assistant, tmp_path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    assert store.list_conversations() == [] and not store.path.exists()  # reading never creates the file
    conversation = Conversation()
    cid = _ask(assistant, store, None, FIRST, conversation)
    assert is_conversation_id(cid) and store.path.is_file()
    assert _ask(assistant, store, cid, "How do I cite this paper?", conversation) == cid  # adds no dialogue turn

    saved = store.get(cid)
    assert saved is not None and saved.paper == "shipped" and saved.title == FIRST
    assert [t.question for t in saved.turns] == [FIRST, "How do I cite this paper?"]
    assert saved.turns[0].dialogue is not None and saved.turns[1].dialogue is None
    assert saved.turns[1].answer.kind == "reference"
    reopened = saved.conversation()
    assert reopened.turns == conversation.turns

    expected = assistant.ask(FOLLOWUP, copy.deepcopy(conversation))
    again = assistant.ask(FOLLOWUP, reopened)
    assert again.text == expected.text and again.resolved_question == expected.resolved_question
    assert "7.7%" in again.text, again.text  # the slowest sub-sector, found through the reopened turn


def test_listing_deleting_and_strange_ids(assistant: Assistant, tmp_path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    answer = assistant.ask("How do I cite this paper?")
    first = store.save_turn(None, paper="shipped", question="x " * 100, answer=answer)
    second = store.save_turn(None, paper="abc123abc123", question="second", answer=answer)
    assert [c.id for c in store.list_conversations()] == [second, first]
    assert [c.id for c in store.list_conversations("shipped")] == [first]
    assert len(store.list_conversations()[1].title) == 80 and store.list_conversations()[1].title.endswith("…")
    assert store.delete(first) and not store.delete(first)
    assert store.get(first) is None and [c.id for c in store.list_conversations()] == [second]
    with sqlite3.connect(store.path) as db:  # its turns went with it
        assert db.execute("SELECT COUNT(*) FROM turns WHERE conversation = ?", (first,)).fetchone()[0] == 0
    for strange in ("", "../x", "1 OR 1=1", second.upper(), second + "0"):
        assert store.get(strange) is None and not store.delete(strange)
    # a turn for a conversation deleted meanwhile starts a new one rather than failing
    assert store.save_turn(first, paper="shipped", question="again", answer=answer) != first


def test_sessions_and_threads_share_the_file(assistant: Assistant, tmp_path) -> None:
    store = ConversationStore(tmp_path / "c.sqlite3")
    answer = assistant.ask("How do I cite this paper?")
    cid = store.save_turn(None, paper="shipped", question="q0", answer=answer)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            other = ConversationStore(store.path)  # another session
            for i in range(10):
                other.save_turn(cid, paper="shipped", question=f"t{n}-{i}", answer=answer)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    saved = store.get(cid)
    assert saved is not None and len(saved.turns) == 41
    for n in range(4):  # each writer's turns in its own order
        mine = [t.question for t in saved.turns if t.question.startswith(f"t{n}-")]
        assert mine == [f"t{n}-{i}" for i in range(10)]


def test_the_store_lives_in_the_library_and_reports_a_broken_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_LIBRARY", str(tmp_path / "lib"))
    assert default_path() == tmp_path / "lib" / "conversations.sqlite3"
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    with pytest.raises(SessionError, match="broken.sqlite3"):
        ConversationStore(broken).list_conversations()

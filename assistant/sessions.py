"""Conversations kept on this machine, so that a chat survives a reload and can be reopened later.

One SQLite file, ``conversations.sqlite3`` in the library folder (:func:`assistant.library.library_dir`;
``ASSISTANT_LIBRARY`` moves it), created when the first conversation is saved. A conversation holds its paper id, its
title (the first question), when it was started and last changed, and its turns: the question, the Answer as JSON
(:func:`assistant.types.to_json`) and the follow-up state that turn added to the
:class:`~assistant.dialogue.Conversation`, so that follow-ups keep working after reopening. Each call opens its own
connection (WAL journal, busy timeout), so any number of sessions and threads may share the file.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from .dialogue import Conversation, Topic, Turn
from .errors import SessionError
from .library import library_dir
from .types import Answer, answer_from_json, to_json

FILE = "conversations.sqlite3"
TITLE_CHARS = 80
_ID = re.compile(r"^[0-9a-f]{16}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    id TEXT PRIMARY KEY, paper TEXT NOT NULL, title TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS turns (
    conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, position INTEGER NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, dialogue TEXT, PRIMARY KEY (conversation, position));
CREATE INDEX IF NOT EXISTS conversations_by_paper ON conversations (paper, updated);
"""


@dataclass(frozen=True, kw_only=True)
class SavedTurn:
    """One question and its answer; ``dialogue`` is the turn it added to the follow-up state (None when it added
    none: a prompt to type a question, the reference of the paper)."""

    question: str
    answer: Answer
    dialogue: Turn | None = None


@dataclass(frozen=True, kw_only=True)
class SavedConversation:
    """A kept conversation; ``turns`` is empty in listings (:meth:`ConversationStore.list_conversations`)."""

    id: str
    paper: str
    title: str
    created: float
    updated: float
    turns: tuple[SavedTurn, ...] = ()

    def conversation(self) -> Conversation:
        """The follow-up state as it was after the last turn."""
        conversation = Conversation()
        for turn in self.turns:
            if turn.dialogue is not None:
                conversation.append(turn.dialogue)
        return conversation


def is_conversation_id(text: object) -> bool:
    """Whether ``text`` has the shape of an id this store makes (16 hex digits): anything else, such as a URL's
    query parameter, is never looked up."""
    return isinstance(text, str) and bool(_ID.match(text))


def _turn_json(turn: Turn | None) -> str | None:
    return None if turn is None else json.dumps(asdict(turn), ensure_ascii=False)


def _turn_from_json(text: str | None) -> Turn | None:
    if not text:
        return None
    data = json.loads(text)
    return Turn(question=data["question"], resolved=data["resolved"], items=tuple(data.get("items", ())),
                paragraphs=tuple(data.get("paragraphs", ())), item_sections=tuple(data.get("item_sections", ())),
                answered=bool(data.get("answered", True)), sentences=tuple(data.get("sentences", ())),
                topic=_topic_from_json(data.get("topic")))


def _topic_from_json(data: dict | None) -> Topic | None:
    if not data:
        return None
    return Topic(**{name: tuple(value) if isinstance(value, list) else value for name, value in data.items()
                    if name in Topic.__dataclass_fields__})


class ConversationStore:
    """The conversations of one SQLite file (by default :func:`default_path`)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection | None]:
        """A connection in one transaction; None for a read of a file not made yet (reading never creates it)."""
        if not write and not self.path.is_file():
            yield None
            return
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
                db.execute("PRAGMA foreign_keys = ON")
                if write:
                    db.execute("PRAGMA journal_mode = WAL")
                    db.executescript(_SCHEMA)
                    db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                if db.in_transaction:
                    db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise SessionError(f"The conversation store {str(self.path)!r} failed: {exc}; move the file away to "
                               "start a new one") from exc

    def save_turn(self, conversation_id: str | None, *, paper: str, question: str, answer: Answer,
                  dialogue: Turn | None = None) -> str:
        """Append a turn to a conversation, which is made (titled by ``question``) when ``conversation_id`` is None
        or no longer kept; returns its id."""
        now = time.time()
        with self._connect(write=True) as db:
            assert db is not None
            known = conversation_id is not None and db.execute(
                "SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone() is not None
            if not known:
                conversation_id = secrets.token_hex(8)
                title = " ".join(question.split())
                title = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…"
                db.execute("INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                           (conversation_id, paper, title, now, now))
            position = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM turns WHERE conversation = ?",
                                  (conversation_id,)).fetchone()[0]
            db.execute("INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                       (conversation_id, position, question, json.dumps(to_json(answer), ensure_ascii=False),
                        _turn_json(dialogue)))
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
        assert conversation_id is not None
        return conversation_id

    def get(self, conversation_id: str) -> SavedConversation | None:
        """A conversation with its turns, or None when it is not kept."""
        if not is_conversation_id(conversation_id):
            return None
        with self._connect(write=False) as db:
            if db is None:
                return None
            row = db.execute("SELECT id, paper, title, created, updated FROM conversations WHERE id = ?",
                             (conversation_id,)).fetchone()
            if row is None:
                return None
            turns = db.execute("SELECT question, answer, dialogue FROM turns WHERE conversation = ? ORDER BY position",
                               (conversation_id,)).fetchall()
        try:
            saved = tuple(SavedTurn(question=q, answer=answer_from_json(json.loads(a)), dialogue=_turn_from_json(d))
                          for q, a, d in turns)
        except (ValueError, KeyError, TypeError) as exc:
            raise SessionError(f"Conversation {conversation_id!r} in {str(self.path)!r} is unreadable ({exc}); "
                               "delete it and start a new one") from exc
        return SavedConversation(id=row[0], paper=row[1], title=row[2], created=row[3], updated=row[4], turns=saved)

    def list_conversations(self, paper: str | None = None, *, limit: int = 50) -> list[SavedConversation]:
        """Kept conversations (of ``paper`` if given), the latest changed first, without their turns."""
        with self._connect(write=False) as db:
            if db is None:
                return []
            where, args = ("WHERE paper = ?", (paper,)) if paper is not None else ("", ())
            rows = db.execute(f"SELECT id, paper, title, created, updated FROM conversations {where} "
                              "ORDER BY updated DESC, rowid DESC LIMIT ?", (*args, limit)).fetchall()
        return [SavedConversation(id=i, paper=p, title=t, created=c, updated=u) for i, p, t, c, u in rows]

    def delete(self, conversation_id: str) -> bool:
        """Forget a conversation and its turns; False when it was not kept."""
        if not is_conversation_id(conversation_id) or not self.path.is_file():
            return False
        with self._connect(write=True) as db:
            assert db is not None
            return db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,)).rowcount > 0


def default_path() -> Path:
    """``conversations.sqlite3`` in the library folder."""
    return library_dir() / FILE

"""What every part of the composer reads: the paper, its index and the per-sentence lexicon."""

from __future__ import annotations

import numpy as np

from ..config import AnswerSettings
from ..retrieve import Retriever
from ..types import Chunk, Document, Section
from ..language import Lexicon
from .cells import Row
from .citing import Entries
from .lexicon import SentenceLexicon


class ComposerState:
    """The attributes :class:`~assistant.answer.compose.Composer` sets up and its mixins use."""

    document: Document
    retriever: Retriever
    settings: AnswerSettings
    lexicon: SentenceLexicon
    language: Lexicon
    """The paper's view of the language (synonyms, antonyms, abbreviations, spelling)."""
    chunks: tuple[Chunk, ...]
    sentence_vectors: np.ndarray
    _chunk_of: dict[int, Chunk]
    _paragraph_start: list[int]
    _rare_idf: float
    _title_idf: dict[str, float]
    _sections: dict[str, Section]
    _children: dict[str | None, list[Section]]
    rows: dict[int, Row]
    _entries: Entries
    _sentences_in: dict[str, tuple[int, ...]]
    """Table and output rows by sentence index (:func:`~assistant.answer.cells.table_rows`)."""

"""Document -> chunks: consecutive sentences of one section, each under the embedding model's input limit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from .config import ChunkSettings
from .types import Chunk, Document, Paragraph

TokenCounter = Callable[[str], int]


def chunk_document(document: Document, count_tokens: TokenCounter, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """Pack the sentences of every section, in order, into chunks under ``settings.max_tokens`` (counted on the text
    that gets embedded: section label plus chunk text); a chunk never crosses a section.

    A single sentence longer than the limit becomes a chunk of its own and is truncated by the model, which the index
    builder logs.
    """
    chunks: list[Chunk] = []
    for group in _section_groups(document):
        for sentence_ids in _pack(document, group, count_tokens, settings.max_tokens):
            chunks.append(_make_chunk(document, sentence_ids, count_tokens))
    return chunks


def embedding_text(chunk: Chunk) -> str:
    """What lexical search reads for a chunk, and what its size in word pieces is counted on: its section path, then
    its text. (Its vector pools its sentences' instead: :func:`assistant.index.pooled`.)"""
    return f"{chunk.section_label}: {chunk.text}"


def _section_groups(document: Document) -> Iterator[list[Paragraph]]:
    """Consecutive paragraphs of the same section (a chunk may span paragraphs, never sections)."""
    group: list[Paragraph] = []
    for paragraph in document.paragraphs:
        if not paragraph.sentences:
            continue
        if group and paragraph.section != group[-1].section:
            yield group
            group = []
        group.append(paragraph)
    if group:
        yield group


def _pack(document: Document, group: list[Paragraph], count: TokenCounter, limit: int) -> Iterator[tuple[int, ...]]:
    """Greedy packing of the group's sentences, measured with the section label the chunk will carry."""
    label = document.section_label(group[0].section)
    ids = [i for paragraph in group for i in paragraph.sentences]
    current: list[int] = []
    for i in ids:
        candidate = current + [i]
        text = document.text[document.sentences[candidate[0]].start:document.sentences[i].end]
        if current and count(f"{label}: {text}") > limit:
            yield tuple(current)
            candidate = [i]
        current = candidate
    if current:
        yield tuple(current)


def _make_chunk(document: Document, sentence_ids: tuple[int, ...], count: TokenCounter) -> Chunk:
    first, last = document.sentences[sentence_ids[0]], document.sentences[sentence_ids[-1]]
    text = document.text[first.start:last.end]
    label = document.section_label(first.section)
    digest = hashlib.sha1(f"{first.section}\n{text}".encode()).hexdigest()[:10]
    pages = tuple(sorted({p for i in sentence_ids for p in document.sentences[i].pages}))
    return Chunk(
        id=f"{first.section}-{digest}", text=text, section=first.section, section_label=label, pages=pages,
        start=first.start, end=last.end, sentences=sentence_ids, n_tokens=count(f"{label}: {text}"),
    )

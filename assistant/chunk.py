"""Document -> chunks: consecutive sentences of one section, each under the embedding model's input limit."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from .config import ChunkSettings
from .types import Chunk, Document, Paragraph

TokenCounter = Callable[[str], int]


def chunk_document(document: Document, count_tokens: TokenCounter, settings: ChunkSettings = ChunkSettings()) -> list[Chunk]:
    """Split every paragraph into chunks of whole sentences; a chunk never crosses a section or a paragraph.

    Short paragraphs of the same section are merged while the result stays under ``settings.max_tokens`` (counted on
    the text that gets embedded: section label plus chunk text). A single sentence longer than the limit becomes a
    chunk of its own and is truncated by the model, which is logged by the index builder.
    """
    chunks: list[Chunk] = []
    for group in _paragraph_groups(document, count_tokens, settings.max_tokens):
        for sentence_ids in _pack(document, group, count_tokens, settings.max_tokens):
            chunks.append(_make_chunk(document, sentence_ids, count_tokens))
    return chunks


def embedding_text(chunk: Chunk) -> str:
    """What the models see for a chunk: its section path, then its text."""
    return f"{chunk.section_label}: {chunk.text}"


def _paragraph_groups(document: Document, count: TokenCounter, limit: int) -> Iterator[list[Paragraph]]:
    group: list[Paragraph] = []
    size = 0
    for paragraph in document.paragraphs:
        if not paragraph.sentences:
            continue
        tokens = count(document.text[paragraph.start:paragraph.end])
        if group and (paragraph.section != group[-1].section or size + tokens > limit // 2):
            yield group
            group, size = [], 0
        group.append(paragraph)
        size += tokens
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

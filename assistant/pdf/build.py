"""Typed blocks -> :class:`~assistant.types.Document`: section tree, cleaned text, paragraphs, sentences with boxes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..segment import open_brackets, split_sentences
from ..types import Box, Document, PaperMeta, Paragraph, Section, Sentence
from .extract import RawPdf
from .layout import (Block, Line, classify_line, drop_note_marks, gather_tables, geometry, group_blocks, note_marks,
                     page_lines)
from .repair import WORD, join_hyphenated, nfc
from .structure import (INLINE_NAMED, REF_NUMBER, Heading, find_headings, front_matter_end, merge_across_pages,
                        split_references, title_and_authors)

SPLIT_KINDS = {"prose", "caption", "footnote"}
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>,;]+", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


@dataclass(slots=True)
class _Node:
    key: str
    title: str
    kind: str
    level: int
    parent: str | None


def build_document(raw: RawPdf, *, checksum: str, source_path: str = "") -> Document:
    """Assemble the Document of a parsed PDF."""
    bodies, notes, _furniture, size = page_lines(raw)
    front_end = front_matter_end(bodies[0], size) if bodies else 0
    for line in bodies[0][:front_end] if bodies else []:
        line.kind = "front"
    headings = find_headings(bodies, raw.outline, size, front_end)
    blocks: list[Block] = []
    prev: Line | None = None
    depth = 0  # brackets a command left open: its next line (on this page or the next) carries it on
    for page, lines in enumerate(bodies):
        geo = geometry(lines, size)
        for line in lines:
            if line.kind == "prose":  # (a line set in another font than the command's is not more of it)
                carried = depth > 0 and prev is not None and prev.kind == "code" and line.raw.mono == prev.raw.mono
                line.kind = "code" if carried else classify_line(line, geo, prev)
            if line.kind != "code":
                depth = 0
            elif not line.text.lstrip().startswith("#"):  # a comment, or printed output ("## WMK_((Intercept) = 0"),
                depth = max(0, depth + open_brackets(line.text))  # leaves no command open
            prev = line
        marks = note_marks(notes[page])
        for line in lines if marks else ():
            drop_note_marks(line, marks)
        blocks.extend(group_blocks(gather_tables(lines, geo), geo))
    title, authors, front_rest = title_and_authors(bodies[0][:front_end] if bodies else [], size)
    nodes: dict[str, _Node] = {}
    stack: list[_Node] = []
    current = _open(nodes, "Front", "Front matter", "front", 1, None)
    region = "body"
    tagged: list[tuple[Block, int]] = []  # block and the offset where its body starts (after an inline label)
    ref_lines: list[Line] = []
    for block in blocks:
        if block.kind == "heading":
            head = headings.get(id(block.lines[0]))
            if head is None:
                continue
            if ref_lines:
                tagged += _reference_blocks(ref_lines, nodes)
                ref_lines = []
            text = " ".join(ln.text.strip() for ln in block.lines[1:])
            head = Heading(head.key, f"{head.title} {text}".strip(), head.level, head.kind)
            while stack and stack[-1].level >= head.level:
                stack.pop()
            parent = _parent(head, nodes, stack)
            node = _open(nodes, head.key, head.title, head.kind, head.level if parent else 1, parent)
            stack.append(node)
            current = node
            region = "references" if head.kind == "references" else "body"
            block.section = node.key
            tagged.append((block, 0))
            continue
        if block.kind == "figure":
            continue
        if region == "references":
            ref_lines.extend(block.lines)
            continue
        offset = 0
        if block.kind == "prose" and current.key == "Front" and (m := INLINE_NAMED.match(block.text)):
            key = "Keywords" if m.group("name").lower().startswith(("key", "index")) else "Abstract"
            current = _open(nodes, key, m.group("name"), key.lower(), 1, None)
            offset = m.end()
        if block.kind == "front":
            block.kind = "heading"
        block.section = current.key
        tagged.append((block, offset))
    if ref_lines:
        tagged += _reference_blocks(ref_lines, nodes)
    tagged = _merge(tagged)
    tagged += _footnote_blocks([ln for page in notes for ln in page], nodes)
    document = _assemble(tagged, nodes, raw, checksum, source_path, size)
    meta = _meta(raw, title, authors, front_rest, bodies[0] if bodies else [])
    return Document(meta=meta, text=document[0], checksum=checksum, sections=document[1], paragraphs=document[2],
                    sentences=document[3], source="pdf", source_path=source_path,
                    page_labels=tuple(p.label for p in raw.pages))


def _merge(tagged: list[tuple[Block, int]]) -> list[tuple[Block, int]]:
    merged = merge_across_pages([b for b, _ in tagged])
    offsets = {id(b): o for b, o in tagged}
    return [(b, offsets.get(id(b), 0)) for b in merged]


def _open(nodes: dict[str, _Node], key: str, title: str, kind: str, level: int, parent: str | None) -> _Node:
    if key in nodes:  # a repeated key: keep keys unique
        n = 2
        while f"{key}~{n}" in nodes:
            n += 1
        key = f"{key}~{n}"
    node = _Node(key, title, kind, level, parent)
    nodes[key] = node
    return node


def _parent(head: Heading, nodes: dict[str, _Node], stack: list[_Node]) -> str | None:
    if "." in head.key and head.key.rsplit(".", 1)[0] in nodes:
        return head.key.rsplit(".", 1)[0]
    return stack[-1].key if stack and head.level > 1 else None


def _reference_blocks(lines: list[Line], nodes: dict[str, _Node]) -> list[tuple[Block, int]]:
    parent = next((k for k in reversed(nodes) if nodes[k].kind == "references"), None)
    out = []
    for n, entry in enumerate(split_references(lines), start=1):
        m = REF_NUMBER.match(entry[0].text)
        num = (m.group("a") or m.group("b")) if m else str(n)
        node = _open(nodes, f"{parent}.{num}" if parent else f"References.{num}", f"[{num}]", "reference", 2, parent)
        out.append((Block(kind="reference", lines=entry, section=node.key), m.end() if m else 0))
    return out


def _footnote_blocks(lines: list[Line], nodes: dict[str, _Node]) -> list[tuple[Block, int]]:
    if not lines:
        return []
    _open(nodes, "Footnotes", "Footnotes", "footnotes", 1, None)
    notes: list[Block] = []
    for line in lines:
        m = re.match(r"^(\d{1,2}|[*†‡§¶])", line.text)
        lone = bool(notes) and len(notes[-1].lines) == 1 and re.fullmatch(r"\d{1,2}|[*†‡§¶]", notes[-1].lines[0].text)
        starts = m and not lone and (not notes or line.raw.x0 <= notes[-1].lines[0].raw.x0 + 1
                        or line.page != notes[-1].lines[-1].page)
        if starts or not notes:
            notes.append(Block(kind="footnote"))
        notes[-1].lines.append(line)
    out = []
    for n, block in enumerate(notes, start=1):
        m = re.match(r"^(\d{1,2}|[*†‡§¶])", block.lines[0].text)
        mark = m.group(1) if m else str(n)
        node = _open(nodes, f"Footnotes.{mark}", f"Footnote {mark}", "footnote", 2, "Footnotes")
        block.section = node.key
        out.append((block, len(mark) if m else 0))
    return out


def _assemble(tagged: list[tuple[Block, int]], nodes: dict[str, _Node], raw: RawPdf, checksum: str,
              source_path: str, size: float):
    vocabulary = {w.lower() for b, _ in tagged for ln in b.lines for w in WORD.findall(ln.text)}
    hyphenated = {w.lower() for b, _ in tagged for ln in b.lines for w in re.findall(r"\w+-\w+", ln.text)}
    parts: list[str] = []
    where: list[tuple[Line, int] | None] = []  # per character of the text: its line and index there
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    spans: dict[str, list[int]] = {}
    pos = 0

    def emit(text: str, line: Line | None, index: int = 0) -> None:
        nonlocal pos
        parts.append(text)
        where.extend([(line, index + k) if line is not None else None for k in range(len(text))])
        pos += len(text)

    for block, offset in tagged:
        if parts:
            emit("\n\n", None)
        start = pos
        rows: list[tuple[int, int]] = []
        marks: list[tuple[int, str]] = []  # (offset in the text, footnote mark) of the block's note marks
        for n, line in enumerate(block.lines):
            text = line.text.rstrip()
            cut = 0
            if n and block.kind in {"code", "table"}:
                emit("\n", None)
            elif n:
                prev = parts[-1]
                word_end = re.search(r"(\w+)-$", prev)
                word_next = re.match(r"(\w+)", text)
                if word_end and word_next and join_hyphenated(word_end.group(1), word_next.group(1), vocabulary,
                                                              hyphenated):
                    parts[-1] = prev[:-1]
                    where.pop()
                    pos -= 1
                elif not (word_end and word_next):
                    emit(" ", None)  # a hyphen kept at a line end joins without a space ("Tukey-Hanning")
            row_start = pos
            if n == 0 and offset:
                cut = offset
            emit(nfc(text[cut:]) if len(nfc(text[cut:])) == len(text[cut:]) else text[cut:], line, cut)
            marks += [(row_start + min(k, len(text)) - cut, mark) for k, mark in line.notes if k >= cut]
            rows.append((row_start, pos))
        end = pos
        _extend(spans, nodes, block.section, start, end)
        if block.kind == "heading":
            continue
        kind = block.kind
        if kind in SPLIT_KINDS:
            bounds = split_sentences(_text_slice(parts, start, end), offset=start)
        elif kind == "reference" or kind == "formula":
            bounds = [(start, end)]
        else:
            bounds = [r for r in rows if r[1] > r[0]]
        ids = []
        for s, e in bounds:
            boxes = _boxes(where, s, e)
            pages = tuple(sorted({b.page for b in boxes})) or (block.page,)
            ids.append(len(sentences))
            notes = tuple(dict.fromkeys(f"Footnotes.{mark}" for at, mark in marks
                                        if s < at <= e and f"Footnotes.{mark}" in nodes))
            sentences.append(Sentence(index=len(sentences), text=_text_slice(parts, s, e), start=s, end=e,
                                      page=pages[0], pages=pages, section=block.section,
                                      paragraph=len(paragraphs), boxes=boxes, kind=kind, notes=notes))
        block_pages = tuple(sorted({ln.page for ln in block.lines}))
        paragraphs.append(Paragraph(index=len(paragraphs), start=start, end=end, pages=block_pages,
                                    section=block.section, sentences=tuple(ids), kind=kind))
    text = "".join(parts)
    sections = []
    for key, node in nodes.items():
        if key not in spans:
            continue
        pages = {p for para in paragraphs if para.section == key or para.section.startswith(key + ".")
                 for p in para.pages}
        pages |= {s.page for s in sentences if s.section == key}
        start, end = spans[key]
        if not pages:
            pages = {s.page for s in sentences if s.start >= start and s.end <= end} or {1}
        sections.append(Section(key=key, title=node.title, kind=node.kind, level=node.level, parent=node.parent,
                                start=start, end=end, pages=tuple(sorted(pages))))
    sections.sort(key=lambda s: (s.start, s.level))
    return text, tuple(sections), tuple(paragraphs), tuple(sentences)


_cache: dict[int, str] = {}


def _text_slice(parts: list[str], start: int, end: int) -> str:
    key = id(parts) ^ len(parts)
    if key not in _cache:
        _cache.clear()
        _cache[key] = "".join(parts)
    return _cache[key][start:end]


def _boxes(where: list[tuple[Line, int] | None], start: int, end: int) -> tuple[Box, ...]:
    """One box per printed line that the span ``[start, end)`` covers."""
    spans: dict[int, list] = {}
    for item in where[start:end]:
        if item is None:
            continue
        line, index = item
        if index >= len(line.raw.x0s):
            continue
        entry = spans.setdefault(id(line), [line, line.raw.x0s[index], line.raw.x1s[index]])
        entry[1] = min(entry[1], line.raw.x0s[index])
        entry[2] = max(entry[2], line.raw.x1s[index])
    return tuple(Box(page=ln.page, x0=round(x0, 2), y0=round(ln.raw.top, 2), x1=round(x1, 2), y1=round(ln.raw.bottom, 2))
                 for ln, x0, x1 in spans.values())


def _extend(spans: dict[str, list[int]], nodes: dict[str, _Node], key: str, start: int, end: int) -> None:
    current: str | None = key
    while current is not None:
        span = spans.setdefault(current, [start, end])
        span[0], span[1] = min(span[0], start), max(span[1], end)
        current = nodes[current].parent


def _meta(raw: RawPdf, title: str, authors: tuple[str, ...], front: list[Line], page1: list[Line]) -> PaperMeta:
    """Metadata from the PDF's info dictionary when present, else from page 1."""
    info = raw.metadata
    meta_title = info.get("Title", "").strip()
    if meta_title and not re.search(r"\.(?:tex|dvi|docx?|pdf)$|^untitled", meta_title, re.IGNORECASE):
        title = meta_title
    if not authors and info.get("Author"):
        authors = tuple(a.strip() for a in re.split(r"\s*(?:,|;|\band\b)\s*", info["Author"]) if a.strip())
    page_text = " ".join(ln.text for ln in page1)
    doi_match = DOI.search(page_text)
    doi = doi_match.group(0).rstrip(".") if doi_match else ""
    year = 0
    for source in [" ".join(ln.text for ln in front), doi, info.get("CreationDate", "")[2:6], page_text]:
        if m := YEAR.search(source):
            year = int(m.group(1))
            break
    return PaperMeta(title=nfc(title), authors=tuple(nfc(a) for a in authors), venue=info.get("Subject", ""),
                     year=year, doi=doi, first_page=1, last_page=len(raw.pages))

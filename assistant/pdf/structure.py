"""Headings and the section tree: from the PDF outline when there is one, else from numbered lines set in a larger
or bolder font than the body; plus the front matter of page 1 (title, authors, abstract) and reference entries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .layout import Block, Line

NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-Z]\.?)\s+(?P<title>\S.*)$")
NAMED = re.compile(r"^(?:abstract|summary|references|bibliography|literature cited|works cited|acknowledge?ments?|"
                   r"appendix(?:\s+[A-Z0-9]+)?|keywords|index terms)\b\W*$", re.IGNORECASE)
INLINE_NAMED = re.compile(r"^(?P<name>Abstract|Summary|Keywords|Key words|Index Terms)\s*[:.—–-]\s*", re.IGNORECASE)
REF_NUMBER = re.compile(r"^(?:\[(?P<a>\d{1,3})\]|(?P<b>\d{1,3})\.)\s+")
AFFILIATION = re.compile(r"universit|institut|college|department|school|clinic|laborator|cent(?:er|re)|hospital|"
                         r"faculty|@|\binc\b|\bltd\b|corporation", re.IGNORECASE)


@dataclass(slots=True)
class Heading:
    key: str
    title: str
    level: int
    kind: str  # section | subsection | subsubsection | abstract | keywords | references | acknowledgment | appendix


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _named_key(title: str) -> tuple[str, str]:
    low = title.lower().rstrip(" .:")
    if low.startswith(("reference", "bibliograph", "literature", "works cited")):
        return "References", "references"
    if low.startswith("acknowledg"):
        return "Acknowledgments", "acknowledgment"
    if low.startswith(("abstract", "summary")):
        return "Abstract", "abstract"
    if low.startswith(("keyword", "index terms")):
        return "Keywords", "keywords"
    return title.strip().rstrip(".:"), "appendix" if low.startswith("appendix") else "section"


def _heading_from(text: str, level: int | None) -> Heading:
    """Key, title and level of a heading line: ``"2.1 Title"`` -> ``("2.1", "Title", 2)``."""
    text = text.strip()
    if NAMED.match(text):
        key, kind = _named_key(text)
        return Heading(key, text.rstrip(" .:"), level or 1, kind)
    m = NUMBERED.match(text)
    if m:
        num = m.group("num").rstrip(".")
        depth = num.count(".") + 1
        lvl = level or depth
        kind = "section" if lvl == 1 else "subsection" if lvl == 2 else "subsubsection"
        return Heading(num, m.group("title").strip(), lvl, kind)
    key, kind = _named_key(text)
    return Heading(key, text, level or 1, kind)


def _heading_font(line: Line, size: float) -> bool:
    raw = line.raw
    return raw.size >= 1.12 * size or (raw.bold and raw.size >= 0.95 * size)


def _heading_shape(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 14 and not re.search(r"[,;]$", text) and not (text.endswith(".") and not NUMBERED.match(text)
                                                                           and len(words) > 3)


def find_headings(pages: list[list[Line]], outline: tuple[tuple[int, str, int], ...], size: float,
                  front_end: int) -> dict[int, Heading]:
    """Mark heading lines (``line.kind = "heading"``); return ``id(first line) -> Heading``.

    ``front_end`` is the index (in page 1's lines) where the front matter ends; lines before it are not headings.
    """
    found: dict[int, Heading] = {}
    for level, title, page in outline:
        if not 1 <= page <= len(pages):
            continue
        target = _norm(title)[:40]
        if not target:
            continue
        for n, line in enumerate(pages[page - 1]):
            if line.kind == "heading" or (page == 1 and n < front_end):
                continue
            m = NUMBERED.match(line.text.strip())
            body = _norm(m.group("title")) if m else ""
            if _norm(line.text).startswith(target) or (body and body.startswith(target)):
                heading = _heading_from(line.text, level + 1)
                if not m:
                    heading = Heading(*_named_key(title)[:1], title, level + 1, _named_key(title)[1])
                line.kind = "heading"
                found[id(line)] = heading
                _continuation(pages[page - 1], n, size)
                break
    numbered_only = bool(found)
    for p, lines in enumerate(pages):
        for n, line in enumerate(lines):
            if line.kind == "heading" or (p == 0 and n < front_end):
                continue
            text = line.text.strip()
            if not _heading_shape(text) or line.raw.mono:
                continue
            named = bool(NAMED.match(text))
            numbered = bool(NUMBERED.match(text)) and not re.match(r"^\d+\.\d+\s*$", text)
            if named and (_heading_font(line, size) or _stands_alone(lines, n)) or (
                    numbered and _heading_font(line, size) and re.search(r"[A-Za-z]{3}", text)) or (
                    not numbered_only and _heading_font(line, size) and line.raw.size >= 1.12 * size):
                line.kind = "heading"
                found[id(line)] = _heading_from(text, None)
                _continuation(lines, n, size)
    return found


def _stands_alone(lines: list[Line], n: int) -> bool:
    """A named heading at body size: a short line with nothing else on it, followed by a new line below."""
    return n + 1 >= len(lines) or lines[n + 1].raw.top - lines[n].raw.bottom > -1


def _continuation(lines: list[Line], n: int, size: float) -> None:
    """A heading that wraps: the next line in the same font, close below, not itself numbered."""
    head = lines[n]
    if n + 1 < len(lines):
        nxt = lines[n + 1]
        if (nxt.kind == "prose" and abs(nxt.raw.size - head.raw.size) < 0.3 and nxt.raw.bold == head.raw.bold
                and nxt.raw.top - head.raw.bottom < 0.8 * size and head.raw.size > 1.05 * size
                and not NUMBERED.match(nxt.text)):
            nxt.kind = "heading-cont"


def front_matter_end(page1: list[Line], size: float) -> int:
    """Index of the first line on page 1 that is no longer title/author/date: an abstract or a section heading."""
    for n, line in enumerate(page1):
        text = line.text.strip()
        if NAMED.match(text) or INLINE_NAMED.match(text):
            return n
        if NUMBERED.match(text) and _heading_font(line, size) and _heading_shape(text):
            return n
        if n and line.raw.size <= size * 1.02 and not line.raw.bold and len(text.split()) > 12:
            return n  # running prose
    return 0


def title_and_authors(front: list[Line], size: float) -> tuple[str, tuple[str, ...], list[Line]]:
    """The title (the largest lines at the top) and the author names (short lines after it, no digits or
    affiliations); also the remaining front lines (dates, affiliations)."""
    if not front:
        return "", (), []
    biggest = max(line.raw.size for line in front)
    title_lines = [ln for ln in front if abs(ln.raw.size - biggest) < 0.3]
    rest = [ln for ln in front if ln not in title_lines]
    authors: list[str] = []
    for line in rest:
        text = line.text.strip()
        if re.search(r"\d", text) or AFFILIATION.search(text) or len(text.split()) > 12:
            continue
        if line.raw.size < 0.98 * size and not line.raw.bold:
            continue
        cuts = [0, *line.raw.cells, len(line.text)]
        pieces = [line.text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
        for part in (p for piece in pieces for p in re.split(r"\s*(?:,|;|\band\b|&)\s*", piece)):
            part = part.strip(" *†‡")
            if 2 <= len(part.split()) <= 5 and part[:1].isupper():
                authors.append(part)
    return " ".join(ln.text.strip() for ln in title_lines), tuple(authors), rest


def split_references(block_lines: list[Line]) -> list[list[Line]]:
    """Reference entries: numbered (``[3]``, ``3.``) or set with a hanging indent (continuation lines indented)."""
    if not block_lines:
        return []
    numbered = sum(1 for ln in block_lines if REF_NUMBER.match(ln.text)) >= 2
    left = min(ln.raw.x0 for ln in block_lines)
    size = block_lines[0].raw.size
    entries: list[list[Line]] = []
    for n, line in enumerate(block_lines):
        prev = block_lines[n - 1] if n else None
        if numbered:
            starts = bool(REF_NUMBER.match(line.text))
        else:
            starts = line.raw.x0 < left + 0.5 * size and (
                prev is None or prev.raw.x0 > left + 0.5 * size or line.page != prev.page
                or line.raw.top - prev.raw.bottom > 0.35 * size or re.search(r"\.\s*$", prev.text) is not None)
        if starts or not entries:
            entries.append([])
        entries[-1].append(line)
    return entries


FLOATS = frozenset({"figure", "table", "caption"})


def merge_across_pages(blocks: list[Block]) -> list[Block]:
    """A prose paragraph that runs off the bottom of a page continues in the first prose block of the next, past
    the figures and tables (with their captions) set between them."""
    out: list[Block] = []
    for block in blocks:
        prev = next((b for b in reversed(out) if b.kind not in FLOATS), None)
        if (prev is not None and block.kind == "prose" and prev.kind == "prose" and block.page != prev.lines[-1].page
                and not re.search(r"[.!?:][\"”’)\]]*$", prev.lines[-1].text) and block.section == prev.section
                and not block.text.startswith("•")):
            prev.lines.extend(block.lines)
            continue
        out.append(block)
    return out

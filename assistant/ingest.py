"""Corpus file -> Document: pages, section tree, footnote, paragraphs and sentences with offsets.

The extraction this reads (a PDF's text, see ``corpus/README.md``): every line followed by an empty line, a paragraph
break as a line of spaces, a page break as a non-empty line that begins with a single space, running footers, and a
first-page footnote that may interrupt a sentence of the body.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
from .segment import split_sentences
from .types import Document, PaperMeta, Paragraph, Section, Sentence

ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<title>[A-Z][A-Z0-9 ,;:'’&()\-]+)$")
SUBSECTION = re.compile(r"^(?P<num>[A-H])\.\s+(?P<title>[A-Z].*)$")
ITEM = re.compile(r"^(?P<num>\d{1,2})[)）]\s*(?P<title>\S.*)$")
NAMED = re.compile(r"^(?P<title>ACKNOWLEDG(?:E)?MENTS?|REFERENCES|BIBLIOGRAPHY|APPENDIX)$")
INLINE = re.compile(r"^(?P<title>Abstract|Index Terms|Keywords)\s*[—–-]\s*")
CAPTION = re.compile(r"^(?:Fig\.|Figure)\s*(?P<num>\d+)\.\s")
CAPTION_SOURCE = re.compile(r"^\((?:Source|Data source)")
REFERENCE = re.compile(r"^\[(?P<num>\d+)\]\s+")
BIOGRAPHY = re.compile(r"^(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}) (?:was born|received|is (?:a|an|the) )")
FOOTNOTE_START = re.compile(r"^Manus\w* received\b", re.IGNORECASE)  # tolerant of misspellings
TERMINAL = re.compile(r"[.!?][\"”’)\]]*$|\)\.$")

INLINE_KINDS = {"Abstract": "abstract", "Index Terms": "keywords", "Keywords": "keywords"}


@dataclass
class _Line:
    text: str
    page: int


@dataclass
class _Block:
    """A run of lines that becomes one heading or one paragraph of the cleaned text."""

    kind: str  # heading | body
    section: str
    lines: list[_Line] = field(default_factory=list)
    body_from: int = 0  # characters of the joined text that are a label, not body ("Abstract—", "[3] ", "1） ")


def load_metadata(corpus_dir: Path) -> tuple[PaperMeta, Path]:
    """Read ``paper.json`` of a corpus directory: the metadata and the path of the text file."""
    meta_path = corpus_dir / "paper.json"
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
        first, last = data.get("pages", [1, None])
        meta = PaperMeta(
            title=data["title"], authors=tuple(data["authors"]), venue=data["venue"], year=int(data["year"]),
            doi=data.get("doi", ""), volume=data.get("volume"), issue=data.get("issue"), first_page=int(first),
            last_page=None if last is None else int(last), affiliation=data.get("affiliation", ""),
        )
        text_path = corpus_dir / data["file"]
    except FileNotFoundError as exc:
        raise CorpusError(f"No paper metadata at {str(meta_path)!r}: add a paper.json next to the text") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"Malformed paper metadata in {str(meta_path)!r}: {exc}") from exc
    return meta, text_path


def corpus_checksum(corpus_dir: Path) -> str:
    """sha256 over every file that shapes the document (metadata and text)."""
    meta_path = corpus_dir / "paper.json"
    _, text_path = load_metadata(corpus_dir)
    digest = hashlib.sha256()
    for path in (meta_path, text_path):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_corpus(corpus_dir: Path) -> Document:
    """Parse the paper in ``corpus_dir`` into a :class:`Document`."""
    meta, text_path = load_metadata(corpus_dir)
    try:
        raw = text_path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError) as exc:
        raise CorpusError(f"Cannot read the paper text {str(text_path)!r}: {exc}") from exc
    return parse_document(raw, meta, checksum=corpus_checksum(corpus_dir))


def parse_document(raw: str, meta: PaperMeta, *, checksum: str = "") -> Document:
    """Parse extracted text into pages, sections, paragraphs and sentences."""
    lines = _read_lines(raw, meta)
    if not any(line.text for line in lines):
        raise CorpusError("The paper text is empty")
    body, footnote = _split_footnote(lines)
    blocks, nodes = _blocks(body)
    if footnote:
        nodes["Footnote"] = {"key": "Footnote", "title": "Footnote", "kind": "footnote", "parent": None, "level": 1}
        blocks.append(_Block(kind="body", section="Footnote", lines=footnote))
    return _assemble(blocks, nodes, meta, checksum or hashlib.sha256(raw.encode()).hexdigest())


def _read_lines(raw: str, meta: PaperMeta) -> list[_Line]:
    """Drop the empty interleaved lines and running footers; mark paragraph breaks as empty text; track pages."""
    page = meta.first_page
    out: list[_Line] = []
    seen_text = False
    for line in raw.splitlines():
        if line == "":
            continue
        stripped = line.strip()
        if stripped and line.startswith(" ") and not line.startswith("  ") and seen_text:
            page += 1
        seen_text = seen_text or bool(stripped)
        if stripped.startswith(meta.venue) or (stripped.isdigit() and meta.first_page <= int(stripped) <= page):
            continue  # running header/footer or a bare page number
        out.append(_Line(stripped, page))
    return out


def _split_footnote(lines: list[_Line]) -> tuple[list[_Line], list[_Line]]:
    """Take the first-page footnote out of the body so that the sentence it interrupts reads whole."""
    start = next((i for i, line in enumerate(lines) if FOOTNOTE_START.match(line.text)), None)
    if start is None:
        return lines, []
    end = start + 1
    while end < len(lines):
        prev, line = lines[end - 1].text, lines[end].text
        if line and line[0].islower() and TERMINAL.search(prev):
            break
        end += 1
    before = lines[:start]
    while before and not before[-1].text:  # a break that only separated the footnote from the body
        before.pop()
    interrupted = bool(before) and not TERMINAL.search(before[-1].text)
    after = lines[end:]
    if not interrupted:
        after = [_Line("", lines[start].page), *after]
    return before + after, lines[start:end]


def _title_like(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’'&-]*", text) if len(w) > 3]
    if not words:
        return True
    capital = sum(1 for w in words if w[0].isupper() or re.search(r"-[A-Z]", w))
    return capital / len(words) >= 0.6


def _heading_end(lines: list[_Line], i: int, *, upper: bool) -> int | None:
    """If ``lines[i]`` opens a heading, the index after its last line; None if it opens a paragraph instead."""
    first = lines[i].text
    if TERMINAL.search(first):
        return None
    j = i + 1
    while j < len(lines) and lines[j].text and not _opens_block(lines[j].text):
        text = lines[j].text
        if upper:
            if any(c.islower() for c in text):
                break
        elif ". " in text or TERMINAL.search(text) or not (_title_like(text) or len(text.split()) <= 3):
            break
        j += 1
    if upper or j >= len(lines) or not lines[j].text or _opens_block(lines[j].text):
        return j
    nxt = lines[j].text
    return j if nxt[0].isupper() or nxt[0] in "“\"" else None


SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with".split())


def _headline(upper: str) -> str:
    """``"DEFINITION OF THE PATENT-INTENSIVE INDUSTRY"`` -> ``"Definition of the Patent-Intensive Industry"``."""
    words = upper.lower().split()
    return " ".join(
        w if n and w in SMALL_WORDS else "-".join(p[:1].upper() + p[1:] for p in w.split("-"))
        for n, w in enumerate(words)
    )


def _opens_block(text: str) -> bool:
    return bool(
        ROMAN.match(text) or SUBSECTION.match(text) or ITEM.match(text) or NAMED.match(text)
        or CAPTION.match(text) or INLINE.match(text)
    )


class _Tree:
    """Keeps the current position in the section tree while blocks are read in order."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict] = {}
        self.top: str | None = None
        self.sub: str | None = None
        self.item: str | None = None

    def open(self, key: str, title: str, kind: str, parent: str | None) -> str:
        if key in self.nodes:  # a repeated number: keep keys unique
            n = 2
            while f"{key}~{n}" in self.nodes:
                n += 1
            key = f"{key}~{n}"
        level = 1 if parent is None else self.nodes[parent]["level"] + 1
        self.nodes[key] = {"key": key, "title": title, "kind": kind, "parent": parent, "level": level}
        return key

    @property
    def current(self) -> str | None:
        return self.item or self.sub or self.top


def _blocks(lines: list[_Line]) -> tuple[list[_Block], dict[str, dict]]:
    """Group lines into heading and body blocks, each tagged with its section key; also return the section nodes."""
    tree = _Tree()
    blocks: list[_Block] = []
    region = "body"  # body | references | biographies
    i = 0
    current: _Block | None = None
    list_item = False
    lengths = sorted(len(line.text) for line in lines if line.text)
    full_line = lengths[int(len(lengths) * 0.75)] if lengths else 0  # a typical full line of the column

    def close() -> None:
        nonlocal current, list_item
        if current is not None and current.lines:
            blocks.append(current)
        current = None
        if list_item:  # a numbered list item (not a heading) ends with its paragraph
            tree.item, list_item = None, False

    def heading(section: str, span: list[_Line]) -> None:
        close()
        blocks.append(_Block(kind="heading", section=section, lines=span))

    while i < len(lines):
        line = lines[i]
        text = line.text
        if not text:
            close()
            i += 1
            continue
        starts_block = current is None or TERMINAL.search(current.lines[-1].text)
        if m := INLINE.match(text):
            close()
            title = m.group("title")
            tree.top = tree.open(title, title, INLINE_KINDS[title], None)
            tree.sub = tree.item = None
            current = _Block(kind="body", section=tree.top, lines=[line], body_from=m.end())
            i += 1
            continue
        if starts_block and (m := NAMED.match(text)):
            title = m.group("title").capitalize()
            key = "References" if title.startswith(("Reference", "Bibliography")) else title.rstrip("s")
            kind = "references" if key == "References" else "acknowledgment"
            tree.top, tree.sub, tree.item = tree.open(key, title, kind, None), None, None
            region = "references" if kind == "references" else "body"
            heading(tree.top, [line])
            i += 1
            continue
        if region != "body":
            if m := REFERENCE.match(text):
                close()
                key = tree.open(f"References.{m.group('num')}", f"[{m.group('num')}]", "reference", "References")
                current = _Block(kind="body", section=key, lines=[line], body_from=m.end())
                i += 1
                continue
            if (current is None) and (m := BIOGRAPHY.match(text)):
                if "Biographies" not in tree.nodes:
                    tree.open("Biographies", "About the authors", "biographies", None)
                n = sum(1 for node in tree.nodes.values() if node["parent"] == "Biographies") + 1
                tree.top = "Biographies"
                tree.item = tree.open(f"Biographies.{n}", m.group("name"), "biography", "Biographies")
                region = "biographies"
                current = _Block(kind="body", section=tree.item, lines=[line])
                i += 1
                continue
        if starts_block and region == "body":
            if (m := ROMAN.match(text)) and (end := _heading_end(lines, i, upper=True)):
                title = " ".join(x.text for x in lines[i:end])[m.start("title"):].strip()
                tree.top = tree.open(m.group("num"), _headline(title), "section", None)
                tree.sub = tree.item = None
                heading(tree.top, lines[i:end])
                i = end
                continue
            if tree.top and (m := SUBSECTION.match(text)) and (end := _heading_end(lines, i, upper=False)):
                title = " ".join(x.text for x in lines[i:end])[m.start("title"):].strip()
                parent = tree.top
                tree.sub = tree.open(f"{parent}.{m.group('num')}", title, "subsection", parent)
                tree.item = None
                heading(tree.sub, lines[i:end])
                i = end
                continue
            if tree.top and (m := ITEM.match(text)):
                parent = tree.sub or tree.top
                end = _heading_end(lines, i, upper=False)
                if end is not None:
                    title = " ".join(x.text for x in lines[i:end])[m.start("title"):].strip()
                    tree.item = tree.open(f"{parent}.{m.group('num')}", title, "item", parent)
                    heading(tree.item, lines[i:end])
                    i = end
                    continue
                close()
                words = m.group("title").split()
                title = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
                tree.item = tree.open(f"{parent}.{m.group('num')}", title, "item", parent)
                list_item = True
                current = _Block(kind="body", section=tree.item, lines=[line], body_from=m.start("title"))
                i += 1
                continue
        if m := CAPTION.match(text):
            close()
            owner = tree.current or "Front"
            key = tree.open(f"{owner}.Fig{m.group('num')}", f"Fig. {m.group('num')}", "figure", tree.current)
            caption = [line]
            i += 1
            while i < len(lines) and lines[i].text and not CAPTION_SOURCE.match(caption[-1].text):
                if _opens_block(lines[i].text) and not CAPTION_SOURCE.match(lines[i].text):
                    break
                caption.append(lines[i])
                i += 1
            blocks.append(_Block(kind="body", section=key, lines=caption))
            continue
        if current is not None and not list_item and _ends_paragraph(current.lines[-1].text, full_line):
            close()  # the previous line stopped short after a full stop: the PDF started a new paragraph
        if current is None:
            current = _Block(kind="body", section=tree.current or "Front", lines=[])
            if tree.current is None and "Front" not in tree.nodes:
                tree.open("Front", "Front matter", "front", None)
        current.lines.append(line)
        i += 1
    close()
    return blocks, tree.nodes


def _ends_paragraph(text: str, full_line: int) -> bool:
    """A justified line that ends a sentence well short of the column width ends its paragraph."""
    return bool(TERMINAL.search(text)) and len(text) < 0.85 * full_line


def _assemble(blocks: list[_Block], nodes: dict[str, dict], meta: PaperMeta, checksum: str) -> Document:
    parts: list[str] = []
    pos = 0
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    spans: dict[str, list[int]] = {}
    section_pages: dict[str, set[int]] = {}
    for block in blocks:
        if parts:
            parts.append("\n\n")
            pos += 2
        line_spans: list[tuple[int, int, int]] = []  # (start, end, page) of each line in the cleaned text
        block_start = pos
        for n, line in enumerate(block.lines):
            if n:
                parts.append(" ")
                pos += 1
            parts.append(line.text)
            line_spans.append((pos, pos + len(line.text), line.page))
            pos += len(line.text)
        _extend(spans, nodes, block.section, block_start, pos)
        if block.kind == "heading":
            continue
        text = "".join(parts)
        body_start = block_start + block.body_from
        sentence_ids: list[int] = []
        whole = nodes[block.section]["kind"] in {"reference"}
        bounds = [(body_start, pos)] if whole else split_sentences(text[body_start:pos], offset=body_start)
        for start, end in bounds:
            pages = tuple(sorted({p for (s, e, p) in line_spans if s < end and e > start}))
            sentences.append(Sentence(index=len(sentences), text=text[start:end], start=start, end=end,
                                      page=pages[0], pages=pages, section=block.section, paragraph=len(paragraphs)))
            sentence_ids.append(len(sentences) - 1)
        block_pages = tuple(sorted({p for (_, _, p) in line_spans}))
        section_pages.setdefault(block.section, set()).update(block_pages)
        paragraphs.append(Paragraph(index=len(paragraphs), start=block_start, end=pos, pages=block_pages,
                                    section=block.section, sentences=tuple(sentence_ids)))
    text = "".join(parts)
    sections = []
    for key, node in nodes.items():
        if key not in spans:
            continue
        pages = {p for k, ps in section_pages.items() if k == key or k.startswith(key + ".") for p in ps}
        start, end = spans[key]
        sections.append(Section(key=key, title=node["title"], kind=node["kind"], level=node["level"],
                                parent=node["parent"], start=start, end=end, pages=tuple(sorted(pages))))
    sections.sort(key=lambda s: (s.start, s.level))
    return Document(meta=meta, text=text, checksum=checksum, sections=tuple(sections),
                    paragraphs=tuple(paragraphs), sentences=tuple(sentences))


def _extend(spans: dict[str, list[int]], nodes: dict[str, dict], key: str, start: int, end: int) -> None:
    """Grow the span of ``key`` and of all its ancestors to cover ``[start, end)``."""
    current: str | None = key
    while current is not None:
        span = spans.setdefault(current, [start, end])
        span[0], span[1] = min(span[0], start), max(span[1], end)
        current = nodes[current]["parent"]

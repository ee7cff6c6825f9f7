"""Lines -> typed blocks: running headers/footers and page numbers set apart, footnotes taken from the page bottom,
then each line classified (heading, code, table, formula, prose) and runs of lines grouped into blocks.

Everything is decided from geometry and fonts measured on the document itself (the body font size, the column's left
edge, repetition across pages), never from a paper's words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from .extract import RawLine, RawPage, RawPdf

PROMPT = re.compile(r"^(?:R>|>|\+|##|>>>|\.\.\.|\$|In \[\d+\]:|Out\[\d+\]:)(?:\s|$)")
NUMERIC = re.compile(r"^[(\[]?[-−–+]?(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?%?[)\],;*]*$", re.IGNORECASE)
WORDISH = re.compile(r"^[(\"“‘]?[A-Za-z][a-z]{2,}(?:[-'’][a-z]+)*[.,;:?!)\"”’]*$")
CAPTION = re.compile(r"^(?:Figure|Fig\.|Table|Tab\.|Listing|Algorithm|Exhibit|FIGURE|FIG\.|TABLE|TAB\.|LISTING|ALGORITHM|"
                     r"EXHIBIT)\s*[A-Z]?\d+[a-z]?\s*[.:|]")
FOOTNOTE_MARK = re.compile(r"^(?:\d{1,2}|[*†‡§¶])\s?[^\W\d]")
LONE_MARK = re.compile(r"^(?:\d{1,2}|[*†‡§¶])$")
PAGE_NUMBER = re.compile(r"^(?:page\s+)?[\divxlc]+(?:\s*(?:of|/)\s*\d+)?$", re.IGNORECASE)
ADDRESS = re.compile(r"(?:https?://|www\.|\w@\w)", re.IGNORECASE)
TERMINAL = re.compile(r"[.!?:][\"”’)\]]*$")


@dataclass(slots=True)
class Line:
    """A line of the body with its page and its class."""

    page: int
    raw: RawLine
    kind: str = "prose"  # prose | heading | code | table | formula | caption | footnote | figure
    notes: list[tuple[int, str]] = field(default_factory=list)
    """Footnote marks taken out of the line: (where in its text the mark stood, the mark)."""

    @property
    def text(self) -> str:
        return self.raw.text


@dataclass(slots=True)
class Block:
    """Consecutive lines of one kind that read as one unit (a paragraph, a code listing, a table...)."""

    kind: str
    lines: list[Line] = field(default_factory=list)
    section: str = ""

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def page(self) -> int:
        return self.lines[0].page


@dataclass(frozen=True, slots=True)
class PageGeometry:
    body_size: float
    left: float  # the text column's left edge (most common line start)
    right: float
    pitch: float  # typical distance between baselines of body lines


def body_size(raw: RawPdf) -> float:
    """The font size carrying most characters."""
    sizes = Counter()
    for page in raw.pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def furniture_keys(raw: RawPdf) -> set[str]:
    """Texts (digits masked) that repeat in the top or bottom margin of many pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for page in raw.pages:
        keys = {_furniture_key(line) for line in page.lines if _in_margin(line, page.height)}
        counts.update(keys)
    need = max(2, int(0.3 * len(raw.pages)))
    return {key for key, n in counts.items() if n >= need and len(raw.pages) >= 2}


def _furniture_key(line: RawLine) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.strip().lower()))


def _in_margin(line: RawLine, height: float) -> bool:
    return line.top < 0.12 * height or line.bottom > 0.9 * height


def page_lines(raw: RawPdf) -> tuple[list[list[Line]], list[list[Line]], list[tuple[int, str]], float]:
    """Per page: body lines and footnote lines, plus the furniture removed (page, text: running headers and footers,
    page numbers, the text of embedded charts), and the body font size."""
    size = body_size(raw)
    keys = furniture_keys(raw)
    bodies: list[list[Line]] = []
    notes: list[list[Line]] = []
    furniture: list[tuple[int, str]] = []
    for page in raw.pages:
        lines = []
        number = _bottom_page_number(page)
        for line in page.lines:
            if (_in_margin(line, page.height) and (_furniture_key(line) in keys or PAGE_NUMBER.match(line.text.strip()))
                    or line is number or _in_figure(line, page.figures)):
                furniture.append((page.number, line.text))
            else:
                lines.append(Line(page.number, line))
        body, foot = _split_footnotes(lines, size, page.height)
        bodies.append(body)
        notes.append(foot)
    return bodies, notes, furniture, size


def _bottom_page_number(page: RawPage) -> RawLine | None:
    """The page's lowest line when it is a bare page number set apart below the text (a gap of more than a line's
    height) in the lower fifth of the page: a footer the margin test misses on a page whose margins are narrow."""
    if not page.lines:
        return None
    lowest = max(page.lines, key=lambda line: line.top)
    above = max((line.bottom for line in page.lines if line is not lowest), default=0.0)
    height = lowest.bottom - lowest.top
    if (PAGE_NUMBER.match(lowest.text.strip()) and lowest.top > 0.8 * page.height
            and lowest.top - above > max(height, 1.0)):
        return lowest
    return None


def _in_figure(line: RawLine, figures: tuple[tuple[float, float, float, float], ...], slack: float = 2.0) -> bool:
    """The line is text of an embedded graphic (a chart's ticks and labels), not of the page."""
    return any(x0 - slack <= line.x0 and line.x1 <= x1 + slack and top - slack <= line.top and line.bottom <= bottom + slack
               for x0, top, x1, bottom in figures)


def _split_footnotes(lines: list[Line], size: float, height: float) -> tuple[list[Line], list[Line]]:
    """Footnotes: a trailing run of smaller-font lines in the lower part of the page whose first line has a marker.
    A line in a typewriter font (a URL) belongs to the run when it sits close under a note's own text line."""
    start = len(lines)
    while start > 0 and lines[start - 1].raw.size < 0.92 * size and lines[start - 1].raw.top > 0.55 * height and (
            not lines[start - 1].raw.mono or _note_continues(lines, start - 1)):
        start -= 1
    while start < len(lines) and not (FOOTNOTE_MARK.match(lines[start].text) or LONE_MARK.match(lines[start].text)):
        start += 1
    if start >= len(lines) or lines[start].raw.mono:
        return lines, []
    for line in lines[start:]:
        line.kind = "footnote"
    return lines[:start], lines[start:]


def _note_continues(lines: list[Line], n: int) -> bool:
    above = lines[n - 1] if n else None
    return (above is not None and not above.raw.mono and abs(above.raw.size - lines[n].raw.size) < 0.5
            and 0 < lines[n].raw.top - above.raw.top < 1.5 * lines[n].raw.size)


def note_marks(notes: list[Line]) -> set[str]:
    """The markers that open footnotes ("4" of "4The symbols ...")."""
    marks = set()
    for line in notes:
        m = re.match(r"^(\d{1,2}|[*†‡§¶])", line.text)
        if m and (not line.raw.raised or line.raw.raised[0] == 0):
            marks.add(m.group(1))
    return marks


def drop_note_marks(line: Line, marks: set[str]) -> None:
    """Remove raised footnote markers glued to a word of a prose or caption line ("(CUE)¹ ." -> "(CUE)."):
    superscript-sized characters that spell one of the page's footnote markers, each marker once (a formula's
    exponents stay). Positions of the kept characters stay with them; ``marks`` loses the markers found."""
    raw = line.raw
    if line.kind not in {"prose", "caption"}:
        return
    raised = set(raw.raised)
    drop: set[int] = set()
    n = 0
    while n < len(raw.text):
        if n not in raised:
            n += 1
            continue
        end = n
        while end < len(raw.text) and end in raised:
            end += 1
        glued = n > 0 and not raw.text[n - 1].isspace()
        if glued and raw.text[n:end] in marks:
            marks.discard(raw.text[n:end])
            line.notes.append((n - len(drop), raw.text[n:end]))  # (the marks before it are taken out too)
            drop.update(range(n, end))
            if end + 1 < len(raw.text) and raw.text[end] == " " and raw.text[end + 1] in ".,;:!?)":
                drop.add(end)
        n = end
    if not drop:
        return
    keep = [k for k in range(len(raw.text)) if k not in drop]
    moved = {old: new for new, old in enumerate(keep)}
    line.raw = replace(raw, text="".join(raw.text[k] for k in keep), x0s=tuple(raw.x0s[k] for k in keep),
                       x1s=tuple(raw.x1s[k] for k in keep), cells=tuple(moved[c] for c in raw.cells if c in moved),
                       raised=tuple(moved[c] for c in raw.raised if c in moved))


def geometry(lines: list[Line], size: float) -> PageGeometry:
    body = [ln.raw for ln in lines if abs(ln.raw.size - size) < 0.5 and not ln.raw.mono] or [ln.raw for ln in lines]
    if not body:
        return PageGeometry(size, 0.0, 0.0, 1.2 * size)
    left = Counter(round(r.x0) for r in body).most_common(1)[0][0]
    rights = sorted(r.x1 for r in body)
    right = rights[int(0.9 * (len(rights) - 1))]
    steps = [b.top - a.top for a, b in zip(body, body[1:], strict=False) if 0 < b.top - a.top < 3 * size]
    pitch = sorted(steps)[len(steps) // 2] if steps else 1.2 * size
    return PageGeometry(size, float(left), right, pitch)


def classify_line(line: Line, geo: PageGeometry, previous: Line | None) -> str:
    """The class of one body line (headings are found separately, see :mod:`assistant.pdf.structure`)."""
    raw, text = line.raw, line.text.strip()
    if CAPTION.match(text) and not _runs_on(previous, line, geo):
        return "caption"
    if raw.mono or PROMPT.match(text) and (not text.startswith("+") or (previous and previous.kind == "code")):
        return "code"
    tokens = text.replace(" | ", " ").split()
    numeric = sum(1 for t in tokens if NUMERIC.match(t))
    if raw.cells and len(raw.cells) >= 2 or (numeric >= 2 and numeric >= 0.5 * len(tokens)):
        return "table"
    tokens = [t for t in tokens if not ADDRESS.search(t)]  # a URL or e-mail address is neither words nor symbols
    letters = sum(len(t) for t in tokens if WORDISH.match(t))
    chars = sum(len(t) for t in tokens)
    width = raw.x1 - raw.x0
    if chars and letters < 0.45 * chars:
        if _runs_on(previous, line, geo) and TERMINAL.search(text) and raw.x0 < geo.left + geo.body_size:
            return "prose"  # the end of the sentence above, wrapped onto a line of its own ("1000.")
        if (previous_is_prose(previous) and raw.x0 < geo.left + geo.body_size and width > 0.85 * (geo.right - geo.left)
                and any(WORDISH.match(t) for t in tokens)):
            return "prose"  # a full line carrying on the sentence above: prose with symbols in it, not a display
        return "figure" if width < 0.25 * (geo.right - geo.left) and len(tokens) <= 3 and not previous_is_prose(previous) else "formula"
    return "prose"


def _runs_on(previous: Line | None, line: Line, geo: PageGeometry) -> bool:
    """Whether ``line`` carries on the unfinished sentence of the prose line just above it ("... shown in" /
    "Figure 1."): then a caption word at its start is a reference in the text, not a caption."""
    return (previous is not None and previous.kind == "prose" and not TERMINAL.search(previous.text)
            and abs(previous.raw.size - line.raw.size) < 0.5 and 0 < line.raw.top - previous.raw.top < 1.45 * geo.pitch)


def previous_is_prose(previous: Line | None) -> bool:
    return previous is not None and previous.kind == "prose" and not TERMINAL.search(previous.text)


def gather_tables(lines: list[Line], geo: PageGeometry) -> list[Line]:
    """The page's lines with each table region read row by row, top to bottom.

    A region is a run of table rows (two or more, close one under the other). Short lines set in the rows' font
    inside its vertical span (group labels printed to the left of their rows, "Portnoy" / "GMLE") and a short line
    of column names just above it belong to it, wherever the content stream put them; parts of one printed row that
    came out as separate lines are joined. The input list is left as it is."""
    rows = sorted((ln for ln in lines if ln.kind == "table"), key=lambda ln: ln.raw.top)
    regions: list[list[Line]] = []
    for line in rows:
        last = regions[-1][-1] if regions else None
        if (last is not None and line.raw.top - last.raw.top < 2.2 * geo.pitch
                and abs(line.raw.size - last.raw.size) < 0.5):
            regions[-1].append(line)
        else:
            regions.append([line])
    regions = [r for r in regions if len(r) >= 2 and r[0].raw.size >= 0.6 * geo.body_size]  # not a plot's ticks
    if not regions:
        return lines
    member: dict[int, int] = {}
    for n, region in enumerate(regions):
        top, bottom = region[0].raw.top, max(ln.raw.bottom for ln in region)
        left, right = min(ln.raw.x0 for ln in region), max(ln.raw.x1 for ln in region)
        size = region[0].raw.size
        for line in region:
            member[id(line)] = n
        for line in sorted(lines, key=lambda ln: -ln.raw.top):
            if id(line) in member or line.raw.x0 > right or line.raw.x1 < left - 3 * size:
                continue  # not under the table (the other column of a two-column page)
            label = _label_like(line, geo, size)
            middle = (line.raw.top + line.raw.bottom) / 2
            above = label and 0 < top - line.raw.top < 1.6 * geo.pitch and (line.raw.cells or line.raw.bold)
            inside = top < middle < bottom and (label or len(line.raw.cells) >= 2) and line.kind not in {
                "heading", "heading-cont", "caption", "front"}
            if inside or above:
                member[id(line)] = n
                if above:
                    top = line.raw.top
    out: list[Line] = []
    placed: set[int] = set()
    for line in lines:
        n = member.get(id(line))
        if n is None:
            out.append(line)
        elif n not in placed:
            placed.add(n)
            out.extend(_table_rows([ln for ln in lines if member.get(id(ln)) == n]))
    return out


def _label_like(line: Line, geo: PageGeometry, size: float) -> bool:
    """A short line that may name rows or columns of a table: few words, no full stop, not a full text line."""
    text = line.text.strip()
    return (line.kind in {"prose", "formula", "figure", "table"} and abs(line.raw.size - size) < 0.5
            and 0 < len(text.split()) <= 6 and not TERMINAL.search(text) and not line.raw.mono
            and line.raw.x1 - line.raw.x0 < 0.6 * max(geo.right - geo.left, 1.0))


def _table_rows(members: list[Line]) -> list[Line]:
    """Lines of one table region in reading order: by row (vertical overlap), left to right within a row."""
    ordered = sorted(members, key=lambda ln: (ln.raw.top, ln.raw.x0))
    rows: list[list[Line]] = []
    for line in ordered:
        row = rows[-1] if rows else None
        if row is not None and _same_row(row[0], line):
            row.append(line)
        else:
            rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.raw.x0)
        first = row[0]
        for other in row[1:]:
            first = Line(first.page, _join(first.raw, other.raw), "table")
        first.kind = "table"
        out.append(first)
    return out


def _same_row(a: Line, b: Line) -> bool:
    """Set on one baseline: tops and bottoms agree (a tall bracket beside a matrix row does not)."""
    near = 0.35 * min(a.raw.size, b.raw.size)
    return abs(a.raw.top - b.raw.top) < near and abs(a.raw.bottom - b.raw.bottom) < near


def _join(a: RawLine, b: RawLine) -> RawLine:
    """Two pieces of one printed row, ``a`` left of ``b``, as one line with a column break between them."""
    shift = len(a.text) + 1
    return replace(a, text=f"{a.text} {b.text}", x0s=(*a.x0s, a.x1, *b.x0s), x1s=(*a.x1s, b.x0, *b.x1s),
                   top=min(a.top, b.top), bottom=max(a.bottom, b.bottom),
                   cells=(*a.cells, shift, *(c + shift for c in b.cells)),
                   raised=(*a.raised, *(c + shift for c in b.raised)))


def group_blocks(lines: list[Line], geo: PageGeometry) -> list[Block]:
    """Runs of lines of one class; prose runs are cut at paragraph breaks (indent, wide gap, short last line)."""
    blocks: list[Block] = []
    for line in lines:
        last = blocks[-1] if blocks else None
        if last is None or not _continues(last, line, geo):
            blocks.append(Block(kind=line.kind))
        blocks[-1].lines.append(line)
    for block in blocks:
        if block.kind == "figure" or (block.kind == "table" and len(block.lines) == 1 and _loose(block)):
            block.kind = "figure"
    return blocks


def _caption_continues(block: Block, line: Line, geo: PageGeometry) -> bool:
    """Whether ``line`` is more of the caption ``block``: it ends where the layout says so, at a wider gap than its
    own line spacing, a change of font size, a row of table cells, or a new paragraph (a short last line after a
    full stop, an indented line)."""
    prev = block.lines[-1]
    gap = line.raw.top - prev.raw.top
    own = prev.raw.top - block.lines[-2].raw.top if len(block.lines) >= 2 else 0.0
    step = own if 0 < own < 1.6 * geo.pitch else geo.pitch
    if gap <= 0 or abs(line.raw.size - prev.raw.size) >= 0.5 or (line.kind == "table" and len(line.raw.cells) >= 2):
        return False
    ended = bool(TERMINAL.search(prev.text))
    if ended:
        right = max(max(ln.raw.x1 for ln in block.lines), geo.right)
        left = min(ln.raw.x0 for ln in block.lines)
        if prev.raw.x1 < right - 2.5 * geo.body_size or line.raw.x0 > left + 0.8 * geo.body_size:
            return False
        return gap < 1.25 * step
    return gap < 1.6 * step


def _loose(block: Block) -> bool:
    """A lone line of bare numbers or very short tokens: plot tick labels rather than a table."""
    tokens = block.text.split()
    return all(NUMERIC.match(t) or len(t) <= 2 for t in tokens)


def _continues(block: Block, line: Line, geo: PageGeometry) -> bool:
    prev = block.lines[-1]
    if line.page != prev.page or block.kind in {"front", "reference-start"}:
        return False
    if block.kind == "heading" or line.kind in {"heading", "heading-cont"}:
        return block.kind == "heading" and line.kind == "heading-cont"
    gap = line.raw.top - prev.raw.top
    if block.kind == "caption" and line.kind in {"prose", "formula", "table", "figure"}:
        if not _caption_continues(block, line, geo):
            return False
        line.kind = "caption"
        return True
    if line.kind != block.kind:
        return False
    if block.kind in {"code", "table"}:
        return gap < 2.2 * geo.pitch
    if block.kind in {"formula", "figure"}:
        return gap < 1.6 * geo.pitch
    if gap > 1.45 * geo.pitch or gap < 0:
        return False
    indent = line.raw.x0 - geo.left
    ended = bool(TERMINAL.search(prev.text))
    if ended and indent > 0.8 * geo.body_size and line.raw.x0 > prev.raw.x0 + 0.8 * geo.body_size:
        return False  # an indented first line
    if ended and prev.raw.x1 < geo.right - 2.5 * geo.body_size:
        return False  # the previous line stopped short after a full stop
    if line.text.startswith("•") or re.match(r"^(?:\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s", line.text):
        return False  # a list item
    return True

"""PDF -> plain data: pages of text lines with positions and font facts, the outline and the metadata.

Uses pypdfium2 (PDFium's text layer, one C call per character fact). Nothing in the PDF is executed: no form
environment is initialised and no JavaScript runs. Everything returned is plain picklable data, so this can run in a
child process (see :mod:`assistant.pdf.sandbox`).
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .repair import ACCENTS, choose_control_table, is_c1, nfc, repair_char

MONO_NAME = re.compile(r"mono|courier|consol|menlo|code|typewriter|cmtt|lmtt|sfmono|\btt", re.IGNORECASE)
BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|cmbx|-bd|\bbx", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawLine:
    """One text line of a page: the repaired text and, per character, its left and right x (PDF points)."""

    text: str
    x0s: tuple[float, ...]
    x1s: tuple[float, ...]
    top: float  # top-left origin, points
    bottom: float
    size: float  # the most common font size of the line's characters
    font: str
    bold: bool
    mono: bool
    cells: tuple[int, ...]  # character offsets where a wide horizontal gap (a table column) begins
    raised: tuple[int, ...] = ()  # offsets of characters set smaller and above the line (superscripts, note marks)

    @property
    def x0(self) -> float:
        return self.x0s[0]

    @property
    def x1(self) -> float:
        return self.x1s[-1]


@dataclass(frozen=True, slots=True)
class RawPage:
    number: int  # 1-based physical page
    label: str
    width: float
    height: float
    lines: tuple[RawLine, ...]
    figures: tuple[tuple[float, float, float, float], ...] = ()
    """Boxes (x0, top, x1, bottom; top-left origin, points) of the graphics embedded in the page (form XObjects and
    images): a chart's axis ticks and labels are text inside one."""


@dataclass(frozen=True, slots=True)
class RawPdf:
    pages: tuple[RawPage, ...]
    metadata: dict[str, str]
    outline: tuple[tuple[int, str, int], ...]  # (level, title, 1-based page)


@dataclass(slots=True)
class _Char:
    ch: str
    left: float
    top: float
    right: float
    bottom: float
    size: float
    font: str
    weight: int
    fixed: bool
    space_before: bool


def extract_pdf(path: Path, *, max_pages: int) -> RawPdf:
    """Read every page's characters and group them into lines. Raises pypdfium2's ``PdfiumError`` on a bad file."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        n_pages = len(pdf)
        if n_pages > max_pages:
            raise ValueError(f"too many pages: {n_pages} > {max_pages}")
        metadata = {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
        outline = []
        for item in pdf.get_toc(max_depth=8):
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            if index is not None:
                outline.append((item.level, item.get_title(), index + 1))
        pages_chars = []
        for number in range(1, n_pages + 1):
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                pages_chars.append((number, _page_label(pdf, number - 1), width, height, _read_chars(page, height),
                                    _figure_boxes(page, width, height)))
            finally:
                page.close()
    finally:
        pdf.close()
    table = choose_control_table([ord(c.ch) for *_, chars, _ in pages_chars for c in _in_word_controls(chars)])
    pages = tuple(RawPage(number=n, label=label, width=w, height=h, lines=tuple(_lines(_repair(chars, table))),
                          figures=figures)
                  for n, label, w, h, chars, figures in pages_chars)
    return RawPdf(pages=pages, metadata=metadata, outline=tuple(outline))


_BACKGROUND = 0.6
"""A graphic covering more of the page than this is its background (a scanned page under its text layer), no figure."""


def _figure_boxes(page, width: float, height: float) -> tuple[tuple[float, float, float, float], ...]:
    """The boxes of the page's embedded graphics (form XObjects, images), top-left origin; not a page's background."""
    import pypdfium2.raw as pdfium_c

    boxes = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE), max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) < _BACKGROUND * width * height:
            boxes.append((left, height - top, right, height - bottom))
    return tuple(boxes)


def _page_label(pdf, index: int) -> str:
    try:
        return pdf.get_page_label(index) or ""
    except Exception:  # noqa: BLE001 - labels are a nicety; a broken label tree must not fail the parse
        return ""


def _read_chars(page, height: float) -> list[_Char]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        rect = raw.FS_RECTF()
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        fonts: dict[tuple[str, int], tuple[str, bool]] = {}
        chars: list[_Char] = []
        gap = False
        for i in range(count):
            code = raw.FPDFText_GetUnicode(tp, i)
            if raw.FPDFText_IsGenerated(tp, i):
                gap = gap or code == 32
                continue
            if code in (10, 13):
                continue
            if code == 32:
                gap = True
                continue
            ch = "-" if code == 2 and raw.FPDFText_IsHyphen(tp, i) else chr(code)
            raw.FPDFText_GetLooseCharBox(tp, i, rect)
            raw.FPDFText_GetFontInfo(tp, i, name, 128, flags)
            font = name.value.decode("latin-1", "replace")
            weight = raw.FPDFText_GetFontWeight(tp, i)
            fixed = fonts.setdefault((font, flags.value), (font, bool(flags.value & 1)))[1]
            chars.append(_Char(ch, rect.left, height - rect.top, rect.right, height - rect.bottom,
                               raw.FPDFText_GetFontSize(tp, i), font, weight, fixed, gap))
            gap = False
        return chars
    finally:
        textpage.close()


def _in_word_controls(chars: list[_Char]) -> list[_Char]:
    return [c for a, c, b in zip(chars, chars[1:], chars[2:], strict=False)
            if ord(c.ch) < 0x20 and a.ch.isalpha() and (b.ch.isalpha() or b.space_before)]


def _repair(chars: list[_Char], table: dict[int, str]) -> list[_Char]:
    """Map codes to text (splitting ligature boxes) and fold spacing accents into the letter they sit on."""
    out: list[_Char] = []
    for n, c in enumerate(chars):
        text = repair_char(c.ch, table)
        if is_c1(c.ch) and (n + 1 == len(chars) or chars[n + 1].space_before):
            text = "•"  # an unmapped bullet glyph
        if not text:
            continue
        step = (c.right - c.left) / len(text)
        for k, ch in enumerate(text):
            out.append(_Char(ch, c.left + k * step, c.top, c.left + (k + 1) * step, c.bottom, c.size, c.font,
                             c.weight, c.fixed, c.space_before and k == 0))
    merged: list[_Char] = []
    for n, c in enumerate(out):
        if c.ch in ACCENTS:
            target = _overlapping_letter(out, n)
            if target is not None:
                letter = out[target]
                letter.ch = nfc(letter.ch + ACCENTS[c.ch])
                continue
        merged.append(c)
    return merged


def _overlapping_letter(chars: list[_Char], n: int) -> int | None:
    """The neighbouring letter that an accent glyph overlaps horizontally (TeX builds accents by overlaying)."""
    accent = chars[n]
    mid = (accent.left + accent.right) / 2
    for m in (n + 1, n - 1):
        if 0 <= m < len(chars) and chars[m].ch.isalpha() and chars[m].left - 0.5 <= mid <= chars[m].right + 0.5:
            return m
    return None


def _lines(chars: list[_Char]) -> list[RawLine]:
    """Group characters, in content order, into lines: a character joins the line when its vertical middle lies in
    the line's band and it does not jump back to the left."""
    groups: list[list[_Char]] = []
    band = (0.0, 0.0, 0.0)  # top, bottom, size of the line's largest character so far
    for c in chars:
        mid = (c.top + c.bottom) / 2
        if groups:
            last = groups[-1][-1]
            inside = band[0] <= mid <= band[1] or c.top <= (band[0] + band[1]) / 2 <= c.bottom
            if inside and c.left >= last.left - 0.5 * max(c.size, 1.0):
                groups[-1].append(c)
                if c.size > band[2] + 0.5:
                    band = (c.top, c.bottom, c.size)
                continue
        groups.append([c])
        band = (c.top, c.bottom, c.size)
    return [_make_line(g) for g in groups if any(not c.ch.isspace() for c in g)]


def _make_line(chars: list[_Char]) -> RawLine:
    sizes = Counter(round(c.size, 1) for c in chars)
    size = sizes.most_common(1)[0][0]
    main = [c for c in chars if round(c.size, 1) == size] or chars
    font = Counter(c.font for c in main).most_common(1)[0][0]
    text: list[str] = []
    x0s: list[float] = []
    x1s: list[float] = []
    cells: list[int] = []
    raised: list[int] = []
    bottoms = sorted(c.bottom for c in main)
    base = bottoms[len(bottoms) // 2]
    prev: _Char | None = None
    for c in chars:
        if prev is not None:
            gap = c.left - prev.right
            if gap > 1.2 * size:
                cells.append(len(text) + 1)
            if c.space_before or gap > 0.15 * size:
                text.append(" ")
                x0s.append(prev.right)
                x1s.append(max(c.left, prev.right))
        if c.size < 0.8 * size and c.bottom < base - 0.2 * size:
            raised.append(len(text))
        text.append(c.ch)
        x0s.append(c.left)
        x1s.append(c.right)
        prev = c
    bold = sum(1 for c in main if c.weight >= 550 or BOLD_NAME.search(c.font)) > 0.6 * len(main)
    return RawLine(text="".join(text), x0s=tuple(x0s), x1s=tuple(x1s), top=min(c.top for c in main),
                   bottom=max(c.bottom for c in main), size=size, font=font, bold=bold, mono=_monospaced(main),
                   cells=tuple(cells), raised=tuple(raised))


def _monospaced(chars: list[_Char]) -> bool:
    """A fixed-pitch font by its flag or name, or, for fonts without either (Type 3), by equal glyph advances."""
    if sum(1 for c in chars if c.fixed or MONO_NAME.search(c.font)) > 0.6 * len(chars):
        return True
    glyphs = [c for c in chars if not c.ch.isspace()]
    if len(glyphs) < 5:
        return False
    alike = Counter(round(c.right - c.left, 1) for c in glyphs).most_common(1)[0][1]  # glyphs of the commonest width
    narrow = {".", ",", ";", ":", "'", "i", "l", "I", "j", "!", "|", "(", ")"}
    if alike >= 0.9 * len(glyphs) and len(glyphs) >= 6 and not any(c.ch in narrow for c in glyphs):
        return True  # glyphs of one width, none of them narrow in a proportional font
    return len({c.ch for c in glyphs}) >= 4 and _on_a_grid([b.left - a.left for a, b in zip(glyphs, glyphs[1:])])


def _on_a_grid(steps: list[float]) -> bool:
    """Whether glyphs advance by whole multiples of one pitch, as in a fixed-pitch font: "Call:" and
    "data = newcgd, cluster = id)" step by 5.23 points (10.46 over a space), whatever each glyph's ink; a
    proportional font steps by its letters' own widths ("Only one": 2.77, 3.04, 3.52, ...), and its digits, of one
    width, are set apart by narrower spaces and points ("0.5 1.0")."""
    if not steps or min(steps) <= 0:
        return False
    counts = Counter(round(s, 1) for s in steps)
    common = min(counts, key=lambda step: (-counts[step], step))  # the commonest step, the shorter of two as common
    pitch = sum(s for s in steps if round(s, 1) == common) / counts[common]  # (unrounded: a wide gap multiplies it)
    whole = [s / pitch for s in steps]
    return sum(1 for k in whole if k >= 0.97 and abs(k - round(k)) <= 0.03) >= 0.9 * len(steps)

"""A PDF page as an image with boxes highlighted, rendered locally (PDFium via pypdfium2, drawing with Pillow).

Boxes are in PDF points with a top-left origin (:class:`~assistant.types.Box`); ``scale`` is pixels per point
(1.5 renders a US Letter page 918 pixels wide). Renders are cached per (file, its size and time, page, boxes, scale).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from .errors import PdfError
from .types import Box, Document

HIGHLIGHT = (255, 214, 0, 110)  # translucent yellow
OUTLINE = (214, 150, 0, 255)
_PDFIUM = threading.Lock()  # PDFium is not thread-safe; the app renders from several sessions' threads


def render_page(pdf_path: Path | str, page: int, boxes: Iterable[Box] = (), scale: float = 1.5,
                crop: tuple[float, float, float, float] | None = None) -> bytes:
    """PNG bytes of ``page`` (1-based) of the PDF at ``pdf_path`` with ``boxes`` of that page highlighted; ``crop``
    (x0, y0, x1, y1 in points, top-left origin) keeps only that part of the page."""
    path = Path(pdf_path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise PdfError(f"Cannot read {str(path)!r}: {exc.strerror or exc}; check that the paper is still there") from exc
    key = tuple(sorted((b.x0, b.y0, b.x1, b.y1) for b in boxes if b.page == page))
    return _render(str(path), stat.st_size, stat.st_mtime_ns, page, key, float(scale), crop)


def render_image(pdf_path: Path | str, page: int, boxes: Iterable[Box] = (), scale: float = 1.5,
                 crop: tuple[float, float, float, float] | None = None):
    """The same render as a ``PIL.Image`` (RGB)."""
    from PIL import Image

    return Image.open(io.BytesIO(render_page(pdf_path, page, boxes, scale, crop))).convert("RGB")


def excerpt_window(document: Document, page: int, boxes: Sequence[Box], *, context: float = 160.0,
                   pad: float = 14.0) -> tuple[float, float, float, float] | None:
    """A crop of ``page`` that shows the lines of ``boxes`` legibly: the width of the page's printed text (margins
    cut) and ``context`` points above and below them; None when the page has no located text."""
    text = [b for s in document.sentences if page in s.pages for b in s.boxes if b.page == page]
    if not text:
        return None
    left, top = min(b.x0 for b in text) - pad, min(b.y0 for b in text) - pad
    right, bottom = max(b.x1 for b in text) + pad, max(b.y1 for b in text) + pad
    cited = [b for b in boxes if b.page == page]
    if cited:
        top = max(top, min(b.y0 for b in cited) - context)
        bottom = min(bottom, max(b.y1 for b in cited) + context)
    return max(0.0, left), max(0.0, top), right, bottom


def sentence_boxes(document: Document, start: int, end: int) -> tuple[Box, ...]:
    """The boxes of the sentences that overlap ``document.text[start:end]`` (a citation's offsets)."""
    return tuple(box for s in document.sentences if s.start < end and start < s.end for box in s.boxes)


def cited_pages(boxes: Sequence[Box]) -> tuple[int, ...]:
    """The pages ``boxes`` lie on, in order."""
    return tuple(sorted({b.page for b in boxes}))


@lru_cache(maxsize=64)
def _render(path: str, _size: int, _mtime: int, page: int, boxes: tuple[tuple[float, ...], ...], scale: float,
            crop: tuple[float, float, float, float] | None) -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(path)
        except pdfium.PdfiumError as exc:
            raise PdfError(f"Cannot open {path!r} to show its page: {exc}") from exc
        try:
            if not 1 <= page <= len(pdf):
                raise PdfError(f"{path!r} has no page {page} (it has {len(pdf)})")
            image = pdf[page - 1].render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf.close()
    if boxes:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        pad = 1.5 * scale
        for x0, y0, x1, y1 in boxes:
            draw.rectangle((x0 * scale - pad, y0 * scale - pad, x1 * scale + pad, y1 * scale + pad), fill=HIGHLIGHT)
            draw.line((x0 * scale - pad - 2, y0 * scale - pad, x0 * scale - pad - 2, y1 * scale + pad), fill=OUTLINE,
                      width=max(2, round(scale * 1.5)))
        image = Image.alpha_composite(image, overlay)
    if crop is not None:
        x0, y0, x1, y1 = (round(v * scale) for v in crop)
        box = (max(0, x0), max(0, y0), min(image.width, x1), min(image.height, y1))
        if box[2] > box[0] and box[3] > box[1]:
            image = image.crop(box)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    return out.getvalue()

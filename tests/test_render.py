"""A PDF page rendered locally with its cited boxes highlighted."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from assistant.config import ROOT
from assistant.errors import PdfError
from assistant.render import cited_pages, excerpt_window, render_image, render_page, sentence_boxes
from assistant.types import Box

GMM = ROOT.parent / "shared" / "papers" / "gmm.pdf"
BOX = Box(page=2, x0=100.0, y0=200.0, x1=300.0, y1=240.0)


def test_a_box_is_highlighted_and_nothing_else_changes() -> None:
    plain, marked = render_image(GMM, 2, scale=1.0), render_image(GMM, 2, [BOX], scale=1.0)
    assert plain.size == marked.size == (612, 792)  # US Letter in points at scale 1
    inside = (110, 210, 290, 230)
    assert ImageChops.difference(plain.crop(inside), marked.crop(inside)).getbbox() is not None
    r, g, b = marked.getpixel((200, 220))
    assert r > 200 and g > 180 and b < 200  # yellow over white paper
    outside = (0, 0, 612, 150)
    assert ImageChops.difference(plain.crop(outside), marked.crop(outside)).getbbox() is None


def test_png_bytes_scale_and_boxes_of_other_pages() -> None:
    data = render_page(GMM, 2, [Box(page=3, x0=0, y0=0, x1=600, y1=700)], scale=2.0)
    assert data.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(data))
    assert image.size == (1224, 1584)
    assert data == render_page(GMM, 2, scale=2.0)  # a box of another page is not drawn


def test_missing_page_or_file_is_a_pdf_error(tmp_path) -> None:
    with pytest.raises(PdfError, match="no page 99"):
        render_page(GMM, 99)
    with pytest.raises(PdfError, match="Cannot read"):
        render_page(tmp_path / "gone.pdf", 1)


def test_sentence_boxes_of_a_span() -> None:
    from assistant.pdf import load_pdf  # noqa: PLC0415

    document = load_pdf(GMM)
    sentence = next(s for s in document.sentences if s.boxes and s.page == 2)
    boxes = sentence_boxes(document, sentence.start + 1, sentence.end - 1)
    assert set(sentence.boxes) <= set(boxes) and cited_pages(boxes) == (2,)
    marked = render_image(GMM, 2, boxes)
    assert ImageChops.difference(render_image(GMM, 2), marked).getbbox() is not None


def test_an_excerpt_window_crops_margins_and_keeps_the_cited_lines() -> None:
    from assistant.pdf import load_pdf  # noqa: PLC0415

    document = load_pdf(GMM)
    sentence = next(s for s in document.sentences if len(s.boxes) >= 2 and s.page == 5)
    x0, y0, x1, y1 = excerpt_window(document, 5, sentence.boxes)
    assert all(x0 <= b.x0 and b.x1 <= x1 and y0 <= b.y0 and b.y1 <= y1 for b in sentence.boxes)
    assert x0 > 20 and x1 < 600 and y1 - y0 < 792
    image = render_image(GMM, 5, sentence.boxes, scale=1.0, crop=(x0, y0, x1, y1))
    assert image.size == (round(x1) - round(x0), round(y1) - round(y0))

"""PDF front end: any paper as a PDF -> the same :class:`~assistant.types.Document` the rest of the pipeline reads.

``extract`` (PDFium via pypdfium2: characters, fonts, positions) -> ``repair`` (encodings, ligatures, accents,
hyphens) -> ``layout`` (furniture, footnotes, line classes, blocks) -> ``structure`` (headings, front matter,
references) -> ``build`` (sections, text, paragraphs, sentences with boxes). ``sandbox`` runs the extraction in a
child process under time and memory limits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import PdfError
from ..types import Document
from .build import build_document
from .sandbox import PdfLimits, run_extraction

__all__ = ["PdfError", "PdfLimits", "load_pdf"]


def load_pdf(path: Path, *, limits: PdfLimits = PdfLimits(), started: Callable[[], object] | None = None) -> Document:
    """Parse the PDF at ``path`` into a Document; raises :class:`PdfError` with the next step when it cannot.
    ``started`` is called once the parse runs in its child process."""
    path = Path(path)
    raw = run_extraction(path, limits, started)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    return build_document(raw, checksum=checksum, source_path=str(path))

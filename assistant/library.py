"""The library of papers a user added: one folder per paper, keyed by the content hash of its PDF.

``library/<id>/`` (``ASSISTANT_LIBRARY`` moves the library) holds ``paper.pdf`` (a copy: the user's file may move),
``paper.json`` (title, authors, year, venue, DOI, read from the PDF; edit it to correct them), ``document.json.gz``
(the parse, redone when the parser changes) and ``index/``. The id
is the first 12 hex digits of the PDF's sha256, so the same file is processed once whatever its name. File names
never become paths: a name like ``../x.pdf`` is only ever read.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .config import ROOT
from .errors import CorpusError
from .types import Document, PaperMeta, document_from_json, document_to_json

log = logging.getLogger(__name__)

PDF = "paper.pdf"
META = "paper.json"
PARSED = "document.json.gz"


def library_dir() -> Path:
    return Path(os.environ.get("ASSISTANT_LIBRARY", ROOT / "library"))


@dataclass(frozen=True)
class Paper:
    """A paper of the library."""

    id: str
    folder: Path
    title: str

    @property
    def pdf(self) -> Path:
        return self.folder / PDF

    @property
    def index_dir(self) -> Path:
        return self.folder / "index"


def paper_id(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def add_paper(path: Path, *, parsing: Callable[[Paper], object] | None = None) -> tuple[Paper, Document]:
    """Read the PDF at ``path`` into the library (once per content) and return it with its parsed Document.
    ``parsing`` is called with the paper (its title not yet known) once the parse runs in its child process."""
    from .pdf import load_pdf

    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"No such file: {str(path)!r}")
    pid = paper_id(path)
    folder = library_dir() / pid
    document = _parsed(folder)
    if document is None:
        started = time.perf_counter()
        document = load_pdf(folder / PDF if (folder / PDF).is_file() else path,
                            started=None if parsing is None else lambda: parsing(Paper(id=pid, folder=folder, title="")))
        log.info("read %s: %d pages in %.2f s", path.name, len(document.pages), time.perf_counter() - started)
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / PDF).is_file():
            shutil.copyfile(path, folder / PDF)
        document = dataclasses.replace(document, source_path=str(folder / PDF))  # the copy, which stays
        _keep_parsed(folder, document)
    document = _with_edited_meta(folder, document)
    return Paper(id=pid, folder=folder, title=document.meta.title), document


def open_paper(ref: str, *, parsing: Callable[[Paper], object] | None = None) -> tuple[Paper, Document]:
    """A paper by library id (or a unique prefix of one) or by path (added on first use); ``parsing`` as for
    :func:`add_paper`."""
    candidate = Path(ref)
    if candidate.suffix.lower() == ".pdf" or candidate.is_file():
        return add_paper(candidate, parsing=parsing)
    matches = [p for p in list_papers() if p.id.startswith(ref.lower())] if ref else []
    if len(matches) != 1:
        known = ", ".join(f"{p.id} ({p.title})" for p in list_papers()) or "none yet"
        raise CorpusError(f"No paper {ref!r} in the library {str(library_dir())!r}; papers: {known}. "
                          "Add one with `python -m assistant add PAPER.pdf`")
    return add_paper(matches[0].pdf, parsing=parsing)


def _parser_version() -> str:
    """A hash of the PDF front end's and the Document model's source: a parse kept by an older parser is redone."""
    digest = hashlib.sha256()
    for source in sorted((ROOT / "assistant" / "pdf").glob("*.py")) + [ROOT / "assistant" / "types.py"]:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _parsed(folder: Path) -> Document | None:
    """The Document kept from the last parse of this paper, if the same parser made it (opening a paper again skips
    the seconds a PDF takes to read)."""
    path = folder / PARSED
    if not path.is_file() or not (folder / PDF).is_file():
        return None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("parser") != _parser_version():
            return None
        return document_from_json(data["document"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the kept parse %r is unreadable (%s); reading the PDF again", str(path), exc)
        return None


def _keep_parsed(folder: Path, document: Document) -> None:
    path = folder / PARSED
    partial = path.with_suffix(".tmp")
    with gzip.open(partial, "wt", encoding="utf-8") as handle:
        json.dump({"parser": _parser_version(), "document": document_to_json(document)}, handle, ensure_ascii=False)
    partial.replace(path)  # whole or not at all


def list_papers() -> list[Paper]:
    out = []
    root = library_dir()
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if (folder / PDF).is_file():
            title = ""
            try:
                title = json.loads((folder / META).read_text(encoding="utf-8")).get("title", "")
            except (OSError, ValueError):
                pass
            out.append(Paper(id=folder.name, folder=folder, title=title))
    return out


def _with_edited_meta(folder: Path, document: Document) -> Document:
    """Write ``paper.json`` from the PDF the first time; afterwards the (possibly hand-edited) file wins."""
    path = folder / META
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            meta = dataclasses.replace(document.meta, title=str(data.get("title") or document.meta.title),
                                       authors=tuple(data.get("authors") or document.meta.authors),
                                       year=int(data.get("year") or document.meta.year),
                                       venue=str(data.get("venue") or ""), doi=str(data.get("doi") or ""))
            return dataclasses.replace(document, meta=meta)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("paper metadata %r is unreadable (%s); using what the PDF says", str(path), exc)
            return document
    meta: PaperMeta = document.meta
    data = {"title": meta.title, "authors": list(meta.authors), "year": meta.year, "venue": meta.venue,
            "doi": meta.doi}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return document

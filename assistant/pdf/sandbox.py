"""Run the extraction in a child process with a time limit and an address-space limit; map failures to PdfError.

The child gets a path and returns plain data (:class:`~assistant.pdf.extract.RawPdf`); a crash, a hang or a memory
blow-up in PDFium on a hostile file ends the child, never the caller.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import resource
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PdfError
from .extract import RawPdf, extract_pdf


@dataclass(frozen=True, kw_only=True)
class PdfLimits:
    max_pages: int = 300
    """More physical pages than this is refused."""
    max_bytes: int = 100 * 1024 * 1024
    """A larger file is refused before it is opened."""
    timeout_s: float = 120.0
    """Wall-clock limit of the parse."""
    max_memory_bytes: int = 2 * 1024 * 1024 * 1024
    """Address space the parse may add in the child process (RLIMIT_AS over what it inherits from the parent)."""
    isolate: bool = True
    """Parse in a child process (set False only to debug)."""


def _address_space() -> int:
    """The bytes of address space this process already maps (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(path: str, limits: PdfLimits, out: mp.Queue) -> None:
    try:  # the limit bounds what the parse adds: a forked child starts with all the parent maps (a loaded model,
        # an index, a server's threads: often more than the limit itself, which would leave it unable to allocate)
        cap = _address_space() + limits.max_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):  # pragma: no cover - a platform without the limit still parses
        pass
    try:
        out.put(("ok", extract_pdf(Path(path), max_pages=limits.max_pages)))
    except MemoryError:
        out.put(("memory", ""))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as data
        out.put((type(exc).__name__, str(exc)))


def run_extraction(path: Path, limits: PdfLimits, started: Callable[[], object] | None = None) -> RawPdf:
    """Check the file, then extract it within the limits; every failure is a :class:`PdfError` naming the file.
    ``started`` is called once the parse runs (in its child process: the caller may start threads then, after the
    fork), so that the caller can do its own work meanwhile."""
    name = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise PdfError(f"Cannot read {name!r}: {exc.strerror or exc}; check the path") from exc
    if size > limits.max_bytes:
        raise PdfError(f"{name!r} is {size / 1e6:.1f} MB, over the {limits.max_bytes / 1e6:.0f} MB limit; "
                       "split it or raise PdfLimits.max_bytes")
    if b"%PDF-" not in head:
        raise PdfError(f"{name!r} is not a PDF (no %PDF- header); export the paper as PDF and try again")
    if not limits.isolate:
        if started is not None:
            started()
        return _interpret(name, *_direct(path, limits))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    out: mp.Queue = ctx.Queue(maxsize=1)
    proc = ctx.Process(target=_child, args=(name, limits, out), daemon=True)
    proc.start()
    try:
        if started is not None:
            started()
        status, payload = out.get(timeout=limits.timeout_s)
    except queue.Empty:
        status, payload = ("timeout" if proc.is_alive() else "crash"), ""
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    return _interpret(name, status, payload, limits)


def _direct(path: Path, limits: PdfLimits) -> tuple[str, object, PdfLimits]:
    try:
        return "ok", extract_pdf(path, max_pages=limits.max_pages), limits
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc), limits


def _interpret(name: str, status: str, payload: object, limits: PdfLimits) -> RawPdf:
    if status == "ok":
        raw = payload
        assert isinstance(raw, RawPdf)
        if not any(line.text.strip() for page in raw.pages for line in page.lines):
            raise PdfError(f"{name!r} has no text layer; OCR it first (it looks scanned or image-only)")
        return raw
    message = str(payload)
    if status == "timeout":
        raise PdfError(f"Parsing {name!r} took longer than {limits.timeout_s:.0f} s; the file may be damaged")
    if status in {"memory", "crash"}:
        raise PdfError(f"Parsing {name!r} ran out of memory or crashed; the file may be damaged")
    if message.startswith("too many pages"):
        raise PdfError(f"{name!r} has {message.split(': ')[1].split(' >')[0]} pages, over the limit of "
                       f"{limits.max_pages}; raise PdfLimits.max_pages to parse it")
    if "password" in message.lower() or "security" in message.lower():
        raise PdfError(f"{name!r} is password-protected (encrypted); save an unprotected copy and try again")
    raise PdfError(f"{name!r} is damaged or not a valid PDF ({message or status}); re-export or re-download it")

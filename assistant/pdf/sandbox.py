"""Run the extraction in a child interpreter with a time limit and an address-space limit; map failures to PdfError.

The child gets a path and returns plain data (:class:`~assistant.pdf.extract.RawPdf`); a crash, a hang or a memory
blow-up in PDFium on a hostile file ends the child, never the caller.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import PdfError
from .extract import RawLine, RawPage, RawPdf, extract_pdf


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


def _child() -> None:
    """The parse in its own interpreter: a path and limits on stdin, the outcome on stdout, all as JSON (plain data
    both ways: nothing the child writes is run by the parent)."""
    path, fields = json.loads(sys.stdin.buffer.read())
    limits = PdfLimits(**fields)
    try:  # the limit bounds what the parse adds to what the interpreter already maps
        cap = _address_space() + limits.max_memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (ValueError, OSError):  # pragma: no cover - a platform without the limit still parses
        pass
    try:
        outcome: tuple[str, object] = ("ok", asdict(extract_pdf(Path(path), max_pages=limits.max_pages)))
    except MemoryError:
        outcome = ("memory", "")
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as data
        outcome = (type(exc).__name__, str(exc))
    sys.stdout.buffer.write(json.dumps(outcome).encode("utf-8"))
    sys.stdout.buffer.flush()


def _raw_from_json(data: dict) -> RawPdf:
    pages = tuple(RawPage(number=p["number"], label=p["label"], width=p["width"], height=p["height"],
                          lines=tuple(RawLine(**{**line, "x0s": tuple(line["x0s"]), "x1s": tuple(line["x1s"]),
                                                 "cells": tuple(line["cells"]), "raised": tuple(line["raised"])})
                                      for line in p["lines"]),
                          figures=tuple(tuple(box) for box in p.get("figures", ())))
                  for p in data["pages"])
    return RawPdf(pages=pages, metadata=dict(data["metadata"]), outline=tuple(tuple(o) for o in data["outline"]))


def run_extraction(path: Path, limits: PdfLimits, started: Callable[[], object] | None = None) -> RawPdf:
    """Check the file, then extract it within the limits; every failure is a :class:`PdfError` naming the file.
    ``started`` is called once the parse runs in its child process, so that the caller can do its own work
    meanwhile."""
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
    # a fresh interpreter, not a fork: a fork of a process with threads (a loaded model's pools, a server's, a
    # background index build) can inherit a lock another thread holds and hang
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen([sys.executable, "-c", "from assistant.pdf.sandbox import _child; _child()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    try:
        if started is not None:
            started()
        out, _ = proc.communicate(json.dumps([name, asdict(limits)]).encode("utf-8"), timeout=limits.timeout_s)
        status, payload = json.loads(out) if out else ("crash", "")
        if status == "ok":
            payload = _raw_from_json(payload)
    except subprocess.TimeoutExpired:
        status, payload = "timeout", ""
    except (ValueError, TypeError, KeyError):  # cut short or not what the child writes
        status, payload = "crash", ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
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

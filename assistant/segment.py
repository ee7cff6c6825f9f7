"""Sentence boundaries in academic prose, as offsets (so every sentence is a verbatim span of its text)."""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """fig figs no nos vol vols pp p eq eqs ed eds e.g i.e etc al cf vs dr mr mrs ms prof int jr sr st co inc ltd
    corp dept univ approx resp sec ch chap jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k""".split()
)
# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"“‘(\[]?[A-Z0-9]")


def split_sentences(text: str, *, offset: int = 0) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return ``(start, end)`` pairs shifted by ``offset``, whitespace trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if not _NEXT_START.match(text, end) or _is_abbreviation(text, match.start(), start):
            continue
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    out = []
    for s, e in bounds:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s + offset, e + offset))
    return out


def _is_abbreviation(text: str, dot: int, sentence_start: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation, an initial or a label that opens a sentence ("Fig. 2.")."""
    if text[dot] != ".":
        return False
    before = text[:dot]
    word = re.search(r"([\w.&]+)$", before)
    if not word:
        return False
    token = word.group(1)
    if token.lower() in ABBREVIATIONS or (len(token) == 1 and token.isupper()):
        return True
    if token.isdigit() or re.fullmatch(r"[IVX]+|[A-Za-z]", token):
        # "Fig. 2." / "No. 4." label numbers: look at the token before the number
        prev = re.search(r"([\w.]+)\.?\s+" + re.escape(token) + r"$", before)
        opens = prev is not None and not text[sentence_start:prev.start()].strip()
        return bool(opens and prev.group(1).rstrip(".").lower() in ABBREVIATIONS)
    return False


def open_brackets(text: str) -> int:
    """How many more brackets ``text`` opens than it closes ("coxph(Surv(a, b) ~ x," opens one; negative when it
    closes more)."""
    return sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")

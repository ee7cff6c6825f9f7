"""Coordinated series inside one sentence: "the methods coef, vcov, summary and plot", "6 estimators: the sample
median, the Kaplan-Meier median, ..., and the Leurgans median".

A series is three or more short conjuncts separated by commas (the last one possibly joined by "and" / "or"), after
a colon when the sentence has one. What is not an item is the series' frame: the words that say what kind of thing
the items are ("The available methods are", "Special cases of this process are"). Pure text logic, no paper's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN, _CLOSE = "([{“‘", ")]}”’"
_CONJUNCTION = re.compile(r"^(?:and|or)\s+", re.I)
_JOIN = re.compile(r"\s+(and|or)\s+", re.I)
_WORD = re.compile(r"\S+")
_RELATIVE = re.compile(r"^(?:which|who|whom|whose|that|where)\b", re.I)  # "..., which have ...": a clause, no item


@dataclass(frozen=True, kw_only=True)
class Series:
    """The items of a series, in order, and the frame around them (the text with the items taken out)."""

    items: tuple[str, ...]
    frame: str
    lead: str = ""
    """The clause that introduces the items (from the last comma before them: "The available methods are"), or,
    for a series that opens its sentence, the clause after it ("... are the methods")."""


def top_level_splits(text: str, separator: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between the ``separator`` characters outside brackets and quotes."""
    spans, depth, start = [], 0, 0
    for at, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == separator and depth == 0:
            spans.append((start, at))
            start = at + 1
    spans.append((start, len(text)))
    return spans


def _first_join(text: str) -> int | None:
    """Where the first top-level " and " (else " or ") of ``text`` starts, if any: in "B and C", "C" may hold an "or"
    ("the Cox-Ingersoll-Ross or square root process"), "B" seldom an "and"."""
    depth, found = 0, {}
    for at, ch in enumerate(text):
        depth += ch in _OPEN
        depth -= ch in _CLOSE and depth > 0
        if depth == 0 and ch.isspace() and (m := _JOIN.match(text, at)):
            found.setdefault(m.group(1).lower(), m.start())
    return found.get("and", found.get("or"))


def find_series(text: str, *, min_items: int = 3, max_words: int = 12) -> Series | None:
    """The longest run of at least ``min_items`` comma-separated conjuncts of at most ``max_words`` words each in
    ``text`` (after its last top-level colon, when what follows has several), or None."""
    body_start = 0
    colons = top_level_splits(text, ":")
    if len(colons) > 1 and len(top_level_splits(text[colons[-1][0]:], ",")) > 1:
        body_start = colons[-1][0]
    body = text[body_start:]
    spans = [(body_start + a, body_start + b) for a, b in top_level_splits(body, ",")]
    if len(spans) < 2:
        return None
    a, b = spans[-1]  # "B and C" ends the series: two items
    last = text[a:b].rstrip().rstrip(".;")
    join = _first_join(last.strip())
    lead = len(last) - len(last.lstrip())
    if join is not None and not _CONJUNCTION.match(last.strip()):
        spans[-1:] = [(a, a + lead + join), (a + lead + join, a + len(last))]
    else:
        spans[-1] = (a, a + len(last))
    short = [len(_WORD.findall(conjunct := _CONJUNCTION.sub("", text[x:y].strip()))) <= max_words
             and not _RELATIVE.match(conjunct) for x, y in spans]
    best: tuple[int, int] | None = None  # the longest run of short conjuncts
    run_start = None
    for n, ok in enumerate([*short, False]):
        if ok and run_start is None:
            run_start = n
        elif not ok and run_start is not None:
            if best is None or n - run_start > best[1] - best[0]:
                best = (run_start, n)
            run_start = None
    if best is None:
        return None
    first, end = best
    items = [_CONJUNCTION.sub("", text[x:y].strip()) for x, y in spans[first:end]]
    lo, hi = spans[first][0], spans[end - 1][1]
    opened = first == 0 and body_start > 0  # right after a colon: the first conjunct is an item whole
    if not opened:  # else the conjunct holding the first item also holds the words that introduce the series
        carved = first if first == 0 else first - 1
        x, y = spans[carved]
        tail = _first_item(text[x:y], items[1:] if carved == first else items)
        if carved == first:
            items = items[1:]
        if tail:
            items.insert(0, tail)
            lo = y - len(tail.rstrip()) - (len(text[x:y]) - len(text[x:y].rstrip()))
        elif carved == first:
            lo = spans[first + 1][0] if first + 1 < len(spans) else hi
    if len(items) < min_items:
        return None
    frame = f"{text[:lo].rstrip()} {text[hi:].lstrip()}".strip()
    before = text[:lo].rstrip()
    lead = before[max(before.rfind(","), before.rfind(";")) + 1:].strip()
    if not lead:
        lead = text[hi:].split(",")[0].strip()
    return Series(items=tuple(i.strip() for i in items if i.strip()), frame=frame, lead=lead)


def _first_item(segment: str, others: list[str]) -> str:
    """The first item of a series told from the words that introduce it ("The available methods are coef"): from the
    last occurrence of the word the other items open with ("the"), else as many last words as the shortest item has."""
    segment = segment.rstrip()
    if not others:
        return ""
    openers = {o.split()[0].lower() for o in others if o.split()}
    words = list(_WORD.finditer(segment))
    if len(openers) == 1 and len(others) > 1:
        opener = openers.pop()
        at = [m for m in words[1:] if m.group().lower() == opener]
        if at:
            return segment[at[-1].start():]
    n = min(len(o.split()) for o in others)
    if len(words) <= n:
        return segment.strip()  # a bare list: the whole conjunct is the item
    return segment[words[-n].start():]

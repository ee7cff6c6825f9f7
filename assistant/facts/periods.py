"""Years and periods in the paper's text: calendar years, year ranges, Five-Year Plans and figure captions."""

from __future__ import annotations

import re

from ..types import Document

_FIVE_YEAR_PLANS = {1: (1953, 1957), 2: (1958, 1962), 3: (1966, 1970), 4: (1971, 1975), 5: (1976, 1980)}
_ORDINALS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                        "twelfth thirteenth fourteenth fifteenth".split(), 1)}
YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")
RANGE = re.compile(r"\bfrom\s+((?:19|20)\d\d)\s+to\s+((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\s*[-–~]\s*((?:19|20)\d\d)\b",
                    re.I)
_PLAN = re.compile(r"\b(\w+)\W{0,3}\s*five[- ]year plan", re.I)


def period_of(year: str) -> tuple[int, int] | None:
    """``"2010-2017" -> (2010, 2017)``, ``"2017" -> (2017, 2017)``, ``"" -> None``."""
    found = [int(y) for y in re.findall(r"\d{4}", str(year))]
    return (found[0], found[-1]) if found else None


def five_year_plan(word: str) -> tuple[int, int] | None:
    """China's Nth Five-Year Plan as calendar years: ``"Eleventh" -> (2006, 2010)``."""
    digits = re.match(r"(\d+)(?:st|nd|rd|th)$", word.lower())
    n = int(digits.group(1)) if digits else _ORDINALS.get(word.lower())
    if not n:
        return None
    if n in _FIVE_YEAR_PLANS:
        return _FIVE_YEAR_PLANS[n]
    start = 1981 + 5 * (n - 6)
    return start, start + 4


_ASSIGNED = re.compile(r"[=<>≤≥]\s*$")  # "iter = 2000": a value in notation, not a year


def year_spans(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, int]]]:
    """Single years ``(position, "2017")`` and periods ``(position, "2010-2017", n_years)`` of a sentence."""
    periods = []
    for m in RANGE.finditer(text):
        y0, y1 = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        inclusive = not m.group(1)  # "2011-2017" counts both ends; "from 2010 to 2017" counts the steps
        periods.append((m.start(), f"{y0}-{y1}", int(y1) - int(y0) + (1 if inclusive else 0)))
    for m in _PLAN.finditer(text):
        plan = five_year_plan(m.group(1))
        if plan:
            periods.append((m.start(), f"{plan[0]}-{plan[1]}", plan[1] - plan[0] + 1))
    taken = [(m.start(), m.end()) for m in RANGE.finditer(text)]
    singles = [(m.start(), m.group(1)) for m in YEAR.finditer(text)
               if not any(s <= m.start() < e for s, e in taken) and not _ASSIGNED.search(text[:m.start()])]
    return singles, periods


def caption_years(document: Document) -> dict[str, str]:
    """``{"6": "2017"}``: the single year a figure caption names (none for a range)."""
    out = {}
    for s in document.sentences:
        m = re.match(r"Fig\.\s*(\d+)\.", s.text)
        if m and not RANGE.search(s.text):
            years = YEAR.findall(s.text)
            if len(set(years)) == 1:
                out[m.group(1)] = years[0]
    return out

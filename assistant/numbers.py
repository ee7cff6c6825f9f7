"""Reading numbers from real text: separators, scale words, units, ranges, bounds and falls.

:func:`read_numbers` returns every quantity of a text with its exact span (``raw == text[start:end]``); ``raw`` covers
the number with its range, scale and unit words ("1,235 billion yuan", "40%-45%"), while the cue words before it
("more than", "falling by") set ``bound``, ``approx`` and ``negative`` and are named in ``note``.

Not quantities, and skipped: reference markers ``[3]``, list markers ``1)`` / ``1）`` / ``(2)``, labels such as
``Fig. 1``, ``vol. 75``, ``pp. 97-120``, identifiers mixing letters and digits (``18BJY099``, ``GDIP2016-G05``, ``3D``,
``21st``), URLs, e-mail addresses, DOIs, ISO dates, days of month (``May 25``), ungrouped integers of five or more
digits without a unit (postcodes, phone numbers), ordinal words, the word "one" used without a unit, word numbers
that are part of a name ("Twelfth Five-Year Plan") or of a compound adjective ("three-dimensional").
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from re import Match

from .units import CURRENCIES, SCALES

__all__ = ["Quantity", "read_numbers", "parse_number", "format_number", "SCALES", "YEAR_RANGE"]

YEAR_RANGE = (1900, 2100)  # four-digit integers in this range without unit or scale are calendar years
_CURRENCY = CURRENCIES
_UNIT_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
               "sixteen seventeen eighteen nineteen").split()
_WORD_UNITS = {w: i for i, w in enumerate(_UNIT_WORDS)}
_WORD_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}

_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:,[0-9]+)+|[0-9]+)(?:\.[0-9]+)?(?![0-9]|[.,][0-9])"
_DIGITS_FULL = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:,[0-9]+)+|[0-9]+)(?:\.[0-9]+)?")
_ONE_TO_NINE = "|".join(_UNIT_WORDS[9:0:-1])
_WORD = (rf"\b(?:(?:{'|'.join(_WORD_TENS)})(?:-(?:{_ONE_TO_NINE}))?|{'|'.join(sorted(_UNIT_WORDS, key=len)[::-1])})"
         r"(?:\s+hundred)?\b")
_CANDIDATE = re.compile(
    rf"(?P<num>(?<![\w.`´])(?<![0-9],)(?:(?<![^\s(（\[])[-−+])?{_DIGITS})|(?P<word>{_WORD})", re.IGNORECASE)

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
           "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_EXCLUDE = (
    re.compile(r"(?:https?://|www\.)\S+|\b(?:doi:\s*)?10\.[0-9]{4,9}/\S+", re.I),
    re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"\[\s*[0-9]+(?:\s*[,–-]\s*[0-9]+)*\s*\]|[(（][0-9]{1,2}[)）]|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b"),
    re.compile(r"\b(?:pp?|vols?|nos?|figs?|eqs?|refs?|ch|sec)\.\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?", re.I),
    re.compile(r"\b(?:Figure|Table|Section|Chapter|Volume|Issue|Appendix|Page|Equation)s?\s+[0-9]+(?:\.[0-9]+)*"
               r"(?:\s*(?:,|and|&|or|to|[-–])\s*[0-9]+(?:\.[0-9]+)*)*"),  # "Tables 4 and 5", "Figures 2-4"
    re.compile(r"\b\w*(?:[0-9][A-Za-z_]|[A-Za-z_][0-9])\w*(?:[-/]\w+)*|\b[A-Za-z]+-[0-9]+\b"),
)
_YEAR_WITH_LETTER = re.compile(r"(?:19|20)[0-9]{2}[a-e]")  # "Gereffi (1999b)": a year, not an identifier

_PCT = re.compile(r"[ \t]?[%％]|\s+(?:percent|per\s+cent)\b", re.I)
_RANGE = re.compile(rf"\s*[-–—~]\s*(?P<hi>{_DIGITS})")
_PP = re.compile(r"\s+percentage[\s-]+points?\b|\s*pp\b(?!\.)", re.I)
_PER_10K = re.compile(r"\s+(?:[A-Za-z]+\s+){0,2}per\s+(?:10,000|10000|10\s000|ten\s+thousand)\s+"
                      r"(?:people|persons|population|inhabitants|residents)\b", re.I)
_SCALE = re.compile(r"[\s-]+(thousand|million|billion|trillion)s?\b|\s?(bn|mn|mln|tn|trn)\b\.?", re.I)
_SCALE_SHORT = {"bn": "billion", "mn": "million", "mln": "million", "tn": "trillion", "trn": "trillion"}
"""The scale words' common short forms ("$1,500 bn", "5,159.88bn")."""
_CURRENCY_AFTER = re.compile(r"[\s-]+(yuan|rmb|cny|renminbi|dollars?|usd|euros?|eur)\b", re.I)
_CURRENCY_BEFORE = re.compile(r"(?:\b(RMB|CNY|USD|EUR)|(US\$|\$|¥|￥|€))\s*$", re.I)
_TIMES = re.compile(r"\s+times\b|-?fold\b", re.I)
_YEARS = re.compile(r"[\s-]+(?:years?|yrs?\.?)(?![\w-])(?!-old)", re.I)
_BOUND = re.compile(
    r"(?:\b(?P<max>no more than|not more than|not exceeding|less than|fewer than|lower than|no higher than|below|under"
    r"|at most|up to)|\b(?P<min>no less than|not less than|more than|greater than|higher than|over|above"
    r"|exceed(?:ed|s|ing)?|at least|in excess of|upwards of)|(?P<approx>\b(?:about|approximately|approx\.|around"
    r"|nearly|almost|roughly|close to|circa|some)|~))\s*$")
_NEGATIVE = re.compile(
    r"(?:\b(?:fall(?:s|ing)?|fell|decreas(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|drop(?:s|ped|ping)?|reduc(?:ed|ing|tion)"
    r"|shr(?:ink|inks|inking|ank|unk)|slump(?:s|ed|ing)?|contract(?:ed|ion)|down|lower|minus)(?:\s+(?:by|of))?"
    r"|\bnegative\s+growth\s+of)\s*$")
_COUNT_CUE = re.compile(r"than|at least|at most|exceed|in excess|upwards")
_DAY_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$")
_DAY_AFTER = re.compile(rf"\s+(?:of\s+)?(?:{_MONTHS})\b")


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """One quantity read from text; ``value`` is in base units with the scale and the sign of a fall applied."""

    value: float
    number: float
    unit: str  # yuan | usd | eur | % | pp | count | per_10k_people | year (calendar) | years (duration) | x | ""
    scale: str
    raw: str
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    approx: bool = False
    bound: str = ""
    negative: bool = False
    malformed: bool = False
    note: str = ""


def parse_number(token: str) -> float:
    """Read one printed number: digits with thousands separators, a sign, or a cardinal word ("seven", "twenty-five").

    A separator grouping that is not in threes ("25,53.71") is read by dropping the commas (2553.71);
    :func:`read_numbers` flags it as malformed. Raises :class:`ValueError` for anything else.
    """
    text = token.strip()
    sign = -1.0 if text[:1] in ("-", "−") else 1.0
    body = text[1:] if text[:1] in ("-", "−", "+") else text
    if _DIGITS_FULL.fullmatch(body):
        value = float(body.replace(",", ""))
    else:
        value = _word_value(body.lower())
    if value is None or not math.isfinite(value):
        raise ValueError(f"not a number: {token!r}; expected digits such as '3,641.2' or a word such as 'seven'")
    return sign * value


def format_number(value: float, decimals: int = 2) -> str:
    """``3641.2 -> "3,641.20"``: thousands separators and a fixed number of decimals."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals!r}")
    return f"{value:,.{decimals}f}"


def read_numbers(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order of position; never raises on any string."""
    excluded = _excluded_spans(text)
    found: list[Quantity] = []
    end = 0
    for match in _CANDIDATE.finditer(text):
        if match.start() < end or _overlaps(match.start(), match.end(), excluded):
            continue
        quantity = _read_at(text, match, excluded)
        if quantity is not None:
            found.append(quantity)
            end = quantity.end
    return found


_NOT_A_NOUN = frozenset("of and or to in than from by per times percent more less fewer extra additional".split())


def counts_a_noun(text: str, q: Quantity) -> bool:
    """A number spelled as a word that stands before the noun it counts ("the three sub-sectors", "the two fastest",
    "two values: 3 and 4"): it says how many things the sentence names, it is no operand ("five of twenty" is)."""
    if q.unit not in ("", "count") or not q.raw.isalpha():
        return False
    following = re.match(r"\s+([A-Za-z][\w-]*)", text[q.end:])
    return following is not None and following.group(1).lower() not in _NOT_A_NOUN


def _word_value(word: str) -> float | None:
    parts = word.split()
    factor = 100 if len(parts) == 2 and parts[1] == "hundred" else 1
    if len(parts) != (2 if factor == 100 else 1):
        return None
    head, _, tail = parts[0].partition("-")
    if tail:
        ok = head in _WORD_TENS and 1 <= _WORD_UNITS.get(tail, 0) <= 9
        return float((_WORD_TENS[head] + _WORD_UNITS[tail]) * factor) if ok else None
    value = _WORD_UNITS.get(head, _WORD_TENS.get(head))
    return None if value is None else float(value * factor)


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, disjoint spans of text that hold no quantity (identifiers, labels, markers, links)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted(m.span() for pattern in _EXCLUDE for m in pattern.finditer(text)
                       if not _YEAR_WITH_LETTER.fullmatch(m.group())):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect.bisect_right(spans, (end, -1)) - 1  # the last span starting before ``end``
    return i >= 0 and spans[i][1] > start


def _read_at(text: str, match: Match[str], excluded: list[tuple[int, int]]) -> Quantity | None:
    token, word = match.group(), match.group("word") is not None
    digits = token.lstrip("-−+")
    try:
        number = parse_number(token)
    except ValueError:
        return None
    start, pos = match.span()
    if not word and _is_marker(text, start, pos, digits):
        return None
    notes: list[str] = []
    malformed = "," in digits and not _GROUPED.fullmatch(digits)
    if malformed:
        notes.append(f"separators in {digits!r} are not grouped in threes; read by dropping them as "
                     f"{digits.replace(',', '')}")
    low: float | None = None
    high: float | None = None
    hi = ""
    unit, scale = "", ""
    if pct := _PCT.match(text, pos):
        unit, pos = "%", pct.end()
    if not word and token[0].isdigit() and (rng := _RANGE.match(text, pos)):
        hi = rng.group("hi")
        second = float(hi.replace(",", "")) if "," not in hi or _GROUPED.fullmatch(hi) else -math.inf
        if second > number and _is_year(digits) == _is_year(hi) and not _overlaps(*rng.span("hi"), excluded):
            low, high, pos = number, second, rng.end()
            if pct2 := _PCT.match(text, pos):
                unit, pos = "%", pct2.end()
    if not unit:
        unit, scale, pos = _unit_after(text, pos)
    if not unit and (cur := _CURRENCY_BEFORE.search(text, max(0, start - 8), start)):
        unit, start = _CURRENCY[(cur.group(1) or cur.group(2)).lower()], cur.start()
    context = re.sub(r"\s+", " ", text[max(0, start - 60):start]).lower()
    bound, cue, context = _bound(context, notes)
    negative = token[0] in "-−" or _falls(context, notes)
    if not unit and not scale:
        if word:
            unit = "count"
        elif _is_year(digits) and not negative and not _COUNT_CUE.search(cue):
            unit = "year"  # "up to 2020" and "around 2015" stay years; "more than 2000" is a count
        elif "." in digits:
            pass
        elif "," not in digits and len(digits) >= 5 and not re.match(r"\s+[a-z]{3,}", text[pos:pos + 30]):
            return None  # an identifier such as a postcode; "42401 observations" counts what follows
        else:
            unit = "count"
    if word and _skip_word(text, match, unit):
        return None
    factor = SCALES[scale]
    if low is not None and high is not None:
        notes.append(f"range {digits}-{hi}; value is the midpoint")
        sign = -1.0 if negative else 1.0
        number = sign * (low + high) / 2
        low, high = sorted((sign * low * factor, sign * high * factor))
    elif negative:
        number = -abs(number)
    value = number * factor
    if not all(math.isfinite(v) for v in (value, low or 0.0, high or 0.0)):
        return None
    return Quantity(value=value, number=number, unit=unit, scale=scale, raw=text[start:pos], start=start, end=pos,
                    low=low, high=high, approx=bool(cue), bound=bound, negative=negative, malformed=malformed,
                    note="; ".join(notes))


def _unit_after(text: str, pos: int) -> tuple[str, str, int]:
    """Unit and scale words right after a number: ``(unit, scale, end)``."""
    for pattern, unit in ((_PP, "pp"), (_PER_10K, "per_10k_people")):
        if m := pattern.match(text, pos):
            return unit, "", m.end()
    scale = ""
    if m := _SCALE.match(text, pos):
        scale, pos = (m.group(1) or _SCALE_SHORT[m.group(2).lower()]).lower(), m.end()
    if m := _CURRENCY_AFTER.match(text, pos):
        return _CURRENCY[m.group(1).lower()], scale, m.end()
    if scale:
        return "", scale, pos
    for pattern, unit in ((_TIMES, "x"), (_YEARS, "years")):
        if m := pattern.match(text, pos):
            return unit, "", m.end()
    return "", "", pos


def _bound(context: str, notes: list[str]) -> tuple[str, str, str]:
    """``(bound, cue, context before the cue)`` from the words just before a number; ``cue`` is "" if none."""
    m = _BOUND.search(context)
    if m is None:
        return "", "", context
    bound = "min" if m.group("min") else "max" if m.group("max") else ""
    cue = m.group().strip()
    notes.append(f"{bound + ' bound' if bound else 'approximate'}: {cue!r}")
    return bound, cue, context[:m.start()]


def _falls(context: str, notes: list[str]) -> bool:
    m = _NEGATIVE.search(context)
    if m:
        notes.append(f"read as a fall: {m.group().strip()!r}")
    return m is not None


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits.isdigit() and YEAR_RANGE[0] <= int(digits) <= YEAR_RANGE[1]


def _is_marker(text: str, start: int, end: int, digits: str) -> bool:
    """A list or section marker ("1)", "1）", "2. Title" at a line start) or a day of month ("May 25")."""
    if not (len(digits) <= 2 and digits.isdigit()):
        return False
    after = text[end:end + 3]
    if after[:1] in (")", "）"):
        line = text[max(0, start - 200):start]
        clause = re.split(r"[\n.;!?]", line)[-1]
        return clause.count("(") + clause.count("（") <= clause.count(")") + clause.count("）")
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and re.match(r"\.\s+[A-Z]", after):
        return True
    near_day = 1 <= int(digits) <= 31 and (_DAY_BEFORE.search(text[max(0, start - 14):start]) is not None
                                           or _DAY_AFTER.match(text, end) is not None)
    return near_day


def _skip_word(text: str, match: Match[str], unit: str) -> bool:
    """Word numbers that are not quantities: bare "one", part of a name, or of a compound adjective."""
    word = match.group()
    before = text[max(0, match.start() - 40):match.start()].rstrip()
    if word[0].isupper() and before and before[-1] not in '.!?:;"“”\'(':
        return True  # capitalised mid-sentence: a name such as "Twelfth Five-Year Plan"
    if unit == "count" and re.match(r"-[A-Za-z]", text[match.end():match.end() + 2]):
        return True  # "three-dimensional"
    return unit == "count" and word.lower() == "one"

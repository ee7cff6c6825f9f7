"""Read-outs of a printed regression estimate: the ratio ``exp(k × b)`` a log-scale coefficient implies (a hazard,
odds or rate ratio), the percent change of the hazard it implies, and a confidence interval ``b ± z × se``.

"What percent reduction in the infection hazard does the treatment coefficient correspond to?" names no second
figure: the question names a row of a printed fit, and the read-out is a function of that row's estimate (and of its
standard error, for an interval). Which words ask for which read-out, and which column headings hold estimates and
standard errors, is statistical usage kept in ``assistant/data/estimates.tsv``; the row is the one the question
names, among the figures the best passages print.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import calc
from ..errors import CalculationError
from ..lexical import analyze, data_terms
from ..numbers import read_numbers
from ..types import Citation, Computation, Document, Operand
from .cells import Row
from .evidence import Figure, asks_fall

ESTIMATES = Path(__file__).resolve().parent.parent / "data" / "estimates.tsv"
_HEADING = re.compile(r"^[\s#>]+")


@functools.cache
def _roles() -> dict[str, str]:
    """Phrase (lower case) -> role, from :data:`ESTIMATES`."""
    out = {}
    for line in ESTIMATES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, role = line.split("\t")
            out[phrase.strip().lower()] = role.strip()
    return out


@functools.cache
def _pattern(role: str, *, letters: bool = True) -> re.Pattern[str]:
    """The phrases of one role, longest first, each also in the plural ("hazard ratios"); without ``letters``, not
    those of one letter, which head a column ("p", "z") but in a question are as likely a name's ("K&P")."""
    words = sorted((p for p, r in _roles().items() if r == role and (letters or len(p) > 1)), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) + "s?" for w in words) + r")(?![\w(])", re.I)


@dataclass(frozen=True)
class ReadOut:
    """What a question asks of an estimate: ``kind`` "ratio" (exp), "change" (percent change of the ratio) or
    "interval"; the interval's ``level``, and whether it is of the ratio (``exponentiate``) and which end is asked
    (``upper``); the ``multiple`` of units the ratio is for ("a 35-point gap")."""

    kind: str
    level: float = 0.95
    exponentiate: bool = False
    upper: bool = False
    multiple: float = 1.0
    either_way: bool = False
    """The multiple is a gap with no side named ("a 35-point gap"), not "35 more"."""


def asked_readout(text: str) -> ReadOut | None:
    """The read-out a question asks for, or None. A ratio is asked only for a multiple of units, since the ratio of
    one unit is printed beside the coefficient (``exp(coef)``) and is quoted, not computed."""
    ratio = _pattern("ratio").search(text) is not None
    numbers = [q for q in read_numbers(text) if q.unit not in ("year", "years") and q.low is None]
    if _pattern("interval").search(text):
        levels = [q.value for q in numbers if q.unit == "%" and 50 <= q.value < 100]
        return ReadOut("interval", level=(levels[0] if levels else 95.0) / 100, exponentiate=ratio,
                       upper=_asks_upper(text))
    multiples = [q.value for q in numbers if q.unit in ("", "count") and float(q.value).is_integer() and q.value > 1]
    multiple = multiples[0] if len(multiples) == 1 else 1.0
    if (ratio or _pattern("scale").search(text)) and re.search(r"%|\bper ?cent", text, re.I) and (
            asks_fall(text) or _says_rise(text)):
        return ReadOut("change", multiple=multiple)
    if ratio and multiple != 1.0:
        return ReadOut("ratio", multiple=multiple, either_way=not _says_rise(text))
    return None


def _asks_upper(text: str) -> bool:
    """"the upper limit of the interval": its upper end is asked (:data:`ESTIMATES`, role "upper")."""
    return _pattern("upper").search(text) is not None


def _says_rise(text: str) -> bool:
    """"a 10-point increase": the covariate goes up, the ratio is of the higher side (data/rise-words.txt)."""
    return bool(set(analyze(text)) & data_terms("rise-words.txt"))


@functools.cache
def role_terms(kind: str) -> frozenset[str]:
    """The terms of the phrases of one role ("se": "standard error", "std. error", ...; "exp": "exp(coef)", ...)."""
    return frozenset(t for phrase, r in _roles().items() if r == kind for t in analyze(phrase))


def role(column: str) -> str:
    """The role of a column heading ("se(coef)" -> "se", "## Estimate" -> "estimate"), "" for another."""
    return _roles().get(_HEADING.sub("", column).strip().lower(), "")


_COLUMN_ROLES = ("se", "p", "statistic", "exp")
"""The roles of columns that print another read-out than the estimate itself."""


def asked_roles(text: str) -> frozenset[str]:
    """The printed read-outs a question names ("standard errors": se; "p-value": p; "hazard ratio": exp); the
    estimate itself is never among them ("value" and "estimate" name any figure)."""
    out = {kind for kind in _COLUMN_ROLES if _pattern(kind, letters=False).search(text)}
    return frozenset(out | ({"exp"} if _pattern("ratio").search(text) else set()))


def asked_phrases(text: str) -> list[str]:
    """The words a question names a standard error, a p-value or a ratio by, as it writes them ("standard errors",
    "p-value"). Not a statistic: output names its test statistics by the test ("J-test", "Wald")."""
    return list(dict.fromkeys(m.group().lower() for kind in ("se", "p", "exp", "ratio")
                              for m in _pattern(kind, letters=False).finditer(text)))


def figure_role(figure: Figure) -> str:
    """The role of what a figure prints: its column heading's ("Std. Error": se), or for figures under a line of
    names ("## mu sig") that of the function that printed them ("coef(res)": estimate); "" when neither says."""
    if (own := role(figure.column)) or not figure.calls:
        return own
    called = {r for name in figure.calls if (r := role(name)) in (*_COLUMN_ROLES, "estimate")}
    return next(iter(called)) if len(called) == 1 else ""


def _tokens(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[\w.]+", text))


def label_terms(label: str, text: str) -> frozenset[str]:
    """The terms of a row label, with the whole label when the question types it as a word ("w", "treat")."""
    whole = label.strip().lower()
    return frozenset(analyze(label)) | ({whole} & _tokens(text))


def names_row(label: str, terms: frozenset[str], text: str) -> bool:
    """Does the question name a row by its label ("the coefficient on w", "the treatment coefficient")?"""
    return bool(label_terms(label, text) & (terms | _tokens(text)))


def printed_levels(document: Document, rows: Mapping[int, Row]) -> dict[str, frozenset[float]]:
    """Row label -> the levels of the confidence intervals the paper prints for a row so labelled: a row under a line
    of two quantile levels ("## 0.05 0.95": a 90% interval) or under a header naming bounds ("lower .95 upper .95")."""
    out: dict[str, set[float]] = {}
    levels: dict[int | None, float] = {}
    for i in sorted(rows):
        row = rows[i]
        if not row.label and len(row.values) == 2:  # a line of two quantile levels over the rows of bounds
            low, high = (_fraction(v) for v in row.values)
            if low is not None and high is not None and 0 < low < high < 1:
                levels[row.header] = round(high - low, 6)
            continue
        heading = "" if row.header is None else document.sentences[row.header].text.lower()
        named = [_fraction(w) for w in re.findall(r"(?<=\bupper )[\d.]+", heading)]
        level = levels.get(row.header) or next((v for v in named if v is not None and 0 < v < 1), None)
        if row.label and level is not None:
            out.setdefault(row.label, set()).add(level)
    return {label: frozenset(v) for label, v in out.items()}


def _fraction(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def compute_readout(readout: ReadOut, candidates: Iterable[Figure], terms: frozenset[str], text: str,
                    idf: dict[str, float], cite: Callable[[int], Citation | None],
                    printed: Mapping[str, frozenset[float]]) -> Computation | None:
    """The read-out of the estimate in the row the question names best: by its label (a label typed whole counts
    most), then by where it was printed and the fit that printed it, then by the fewest words the question does not
    give, then by the row printing the most figures (a fuller line beats a wrapped stub of it); None when no printed
    estimate's row is named, or two rows are named exactly alike, or the paper ``printed`` the interval asked
    (:func:`printed_levels`)."""
    cells = [f for f in candidates if f.cell and f.row]
    estimates = [f for f in cells if role(f.column) == "estimate"]
    raw, top = _tokens(text), max(idf.values(), default=1.0)
    width = {i: sum(f.sentence == i for f in cells) for i in {f.sentence for f in cells}}

    def weight(ts: Iterable[str]) -> float:
        return math.fsum(top if t in raw and t not in idf else idf.get(t, 1.0) for t in ts)

    def fit(f: Figure) -> tuple[float, float, float, int]:
        label = label_terms(f.row, text)
        place = weight((f.context | f.source) & terms) + len(f.run & raw)
        return weight(label & (terms | raw)), place, -weight(label - terms - raw), width[f.sentence]

    fits = {id(f): fit(f) for f in estimates}  # (each figure's fit once: it analyzes the row's label)
    named = [f for f in estimates if fits[id(f)][0] > 0]
    if not named:
        return None
    best = max(named, key=lambda f: fits[id(f)])
    if any(fits[id(f)] == fits[id(best)] and f.value != best.value for f in named):
        return None  # two rows named exactly alike with different estimates: which one is not for a guess
    if readout.kind == "interval" and round(readout.level, 6) in printed.get(best.row, ()):
        return None  # the paper prints that interval for such a row ("## 0.05 0.95"): it is quoted, not recomputed
    estimate = Operand(name=best.label, value=best.value, unit="", citation=cite(best.sentence))
    try:
        if readout.kind == "interval":
            errors = [f for f in cells if f.sentence == best.sentence and role(f.column) == "se"]
            if not errors:
                return None
            error = max(errors, key=lambda f: (weight(frozenset(analyze(f.column)) & terms), -errors.index(f)))
            return calc.compute_interval(estimate, Operand(name=error.label, value=error.value, unit="",
                                                           citation=cite(error.sentence)),
                                         readout.level, exponentiate=readout.exponentiate, upper=readout.upper)
        ratios = [f for f in cells if f.sentence == best.sentence and role(f.column) == "exp"]
        if readout.kind == "change" and readout.multiple == 1 and ratios:  # the ratio the fit prints beside it
            return calc.compute_ratio_change(Operand(name=ratios[0].label, value=ratios[0].value, unit="",
                                                     citation=cite(ratios[0].sentence)))
        if readout.kind == "change":
            return calc.compute_exponentiated_change(estimate, readout.multiple)
        return calc.compute_exponentiated(estimate, readout.multiple, either_way=readout.either_way)
    except CalculationError:
        return None

"""Checks and facts as display parts: a check's title, status and quotes by its typed fields; facts as rows for
people (readable metric names, amounts in the printed scale, blank empty cells, page and sentence); what the charts
plot (series over years, comparisons across subjects)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..facts import Check, Facts
from ..types import Document, Fact
from ..units import SCALES, format_amount, is_money, norm_unit
from .answers import SourceRow, source_row


# -- checks -----------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class CheckView:
    """A check of the paper's numbers as shown: title, status (``ok`` or ``warning``), what it found, how the
    calculator reads the figures because of it, and the quoted sentences."""

    title: str
    status: str
    ok: bool
    explanation: str
    reading: str
    quotes: tuple[SourceRow, ...]


def check_view(check: Check) -> CheckView:
    return CheckView(title=check.title, status=check.status, ok=check.status == "ok", explanation=check.explanation,
                     reading=check.reading, quotes=tuple(source_row(c) for c in check.citations))


def checks_text(checks: Sequence[Check]) -> str:
    """The checks as plain text (``python -m assistant facts --checks``), from the same views the app shows."""
    if not checks:
        return "No checks: the paper states no figures that can be recomputed or compared."
    out = []
    for view in map(check_view, checks):
        out.append(f"[{view.status}] {view.title}: {view.explanation}" + (f"\n  Calculator: {view.reading}"
                                                                          if view.reading else ""))
        out += [f"  p. {q.page}: \"{q.quote}\"" for q in view.quotes]
    return "\n".join(out)


# -- facts ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class FactRow:
    """A fact as a reader sees it: a readable metric name, the amount in the scale the paper prints it with its unit,
    blank text where the paper gives nothing, the page and the sentence. ``value`` (in ``unit``) is what a chart plots."""

    fact: Fact
    metric: str
    subject: str
    year: str
    amount: str
    page: int
    quote: str
    value: float
    unit: str


_KINDS = {"level": "{base}", "yoy_growth": "{base} growth (year on year)",
          "compound_growth": "{base} growth (compound annual)", "change": "change in {base}",
          "count_change": "change in {base}", "share": "{base} share"}
_BOUNDS = {"min": "more than ", "max": "less than "}
_RANGE = re.compile(r"\d\s*%?\s*[-–]\s*\d")  # "40%-45%": a range, shown as printed


def metric_name(fact: Fact, facts: Facts) -> str:
    """``"Profit before tax growth (year on year)"``, ``"Total health expenditure as a share of GDP"``: the paper's
    words for the metric (its vocabulary's label), with what kind of figure it is."""
    base = facts.vocabulary.label(fact.metric) if fact.metric else ""
    if fact.kind == "share" and fact.whole:
        name = f"{base} as a share of {fact.whole}" if base else f"share of {fact.whole}"
    elif base:
        name = _KINDS.get(fact.kind, "{base}, " + fact.kind.replace("_", " ")).format(base=base)
    else:
        name = fact.label.replace("_", " ")
    return name[:1].upper() + name[1:]


def _decimals(printed: str) -> int | None:
    m = re.search(r"\d(?:[\d,]*)(?:\.(\d+))?", printed)
    return len(m.group(1) or "") if m else None


def _unit_word(unit: str) -> str:
    return "" if norm_unit(unit) in ("count", "") else unit.replace("_", " ").replace("10k", "10,000")


def fact_amount(fact: Fact) -> tuple[str, float, str]:
    """The fact's value (as the checks read it) in the scale the paper printed it with: text, number, unit."""
    rate = norm_unit(fact.unit) in ("%", "pp")
    if _RANGE.search(fact.printed):
        return fact.printed, fact.value, norm_unit(fact.unit) if rate else _unit_word(fact.unit)
    if rate:
        text = format_amount(fact.value, fact.unit, decimals=_decimals(fact.printed))
        return _BOUNDS.get(fact.bound, "") + text, fact.value, norm_unit(fact.unit)
    scale = fact.scale if fact.scale in SCALES else ""
    unit = norm_unit(fact.unit) if is_money(fact.unit) else _unit_word(fact.unit)
    text = format_amount(fact.value, unit or "count", scale)
    return _BOUNDS.get(fact.bound, "") + text, fact.value / SCALES[scale], " ".join(x for x in (scale, unit) if x)


def fact_rows(facts: Facts, document: Document) -> tuple[FactRow, ...]:
    """Every fact of the table as a :class:`FactRow`, in the order of the text."""
    rows = []
    for fact in facts.typed:
        amount, value, unit = fact_amount(fact)
        rows.append(FactRow(fact=fact, metric=metric_name(fact, facts), subject=fact.subject,
                            year=fact.year + (" (projection)" if fact.projection and fact.year else ""), amount=amount,
                            page=fact.page, quote=document.text[fact.sentence_start:fact.sentence_end], value=value,
                            unit=unit))
    return tuple(rows)


@dataclass(frozen=True, kw_only=True)
class Series:
    """A metric of one subject over years (a line chart): ``points`` are (year, value in ``unit``)."""

    metric: str
    subject: str
    unit: str
    points: tuple[tuple[int, float], ...]


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """One metric in one year across subjects (a bar chart): ``bars`` are (subject, value in ``unit``)."""

    metric: str
    year: str
    unit: str
    bars: tuple[tuple[str, float], ...]


def _plain(row: FactRow) -> bool:
    """A stated single-year figure: not a bound, not a projection."""
    f = row.fact
    return bool(re.fullmatch(r"\d{4}", f.year)) and not f.bound and not f.projection


def fact_series(rows: Sequence[FactRow], *, min_years: int = 3) -> tuple[Series, ...]:
    """Every metric and subject the rows give for at least ``min_years`` years, in one scale (the one most of its
    figures are printed in), the longest first."""
    groups: dict[tuple[str, str, str], list[FactRow]] = {}
    for row in rows:
        if _plain(row):
            groups.setdefault((row.metric, row.subject, norm_unit(row.fact.unit)), []).append(row)
    out = []
    for (metric, subject, unit), group in groups.items():
        by_year: dict[int, FactRow] = {}
        for r in group:
            by_year.setdefault(int(r.fact.year), r)  # the first figure the paper gives for a year
        if len(by_year) < min_years:
            continue
        scales = [r.fact.scale for r in by_year.values() if r.fact.scale in SCALES and r.fact.scale]
        scale = Counter(scales).most_common(1)[0][0] if is_money(unit) and scales else ""
        shown = " ".join(x for x in (scale, unit if unit != "count" else "") if x)
        points = tuple((y, by_year[y].fact.value / SCALES.get(scale, 1.0)) for y in sorted(by_year))
        out.append(Series(metric=metric, subject=subject, unit=shown, points=points))
    return tuple(sorted(out, key=lambda s: -len(s.points)))


def fact_comparisons(rows: Sequence[FactRow]) -> tuple[Comparison, ...]:
    """Every metric and year with figures for at least two subjects; growth rates first, then by number of subjects
    and the latest year."""
    groups: dict[tuple[str, str, str], list[FactRow]] = {}
    for row in rows:
        if _plain(row) and row.subject:
            groups.setdefault((row.metric, row.fact.year, row.unit), []).append(row)
    out = []
    for (metric, year, unit), group in groups.items():
        bars = dict.fromkeys(r.subject for r in group)
        if len(bars) < 2:
            continue
        values = {s: next(r.value for r in group if r.subject == s) for s in bars}
        growth = group[0].fact.kind.endswith("growth")
        out.append(((not growth, -len(bars), -int(year)), Comparison(
            metric=metric, year=year, unit=unit,
            bars=tuple(sorted(values.items(), key=lambda kv: -kv[1])))))
    return tuple(c for _, c in sorted(out, key=lambda x: x[0]))

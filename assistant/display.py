"""What a reader is shown: answers, checks and facts as typed display parts, and their plain-text forms.

One renderer for every front end: :func:`answer_view` turns an :class:`~assistant.types.Answer` into lines of
:class:`TextRun` and :class:`Marker` parts (the markers from :attr:`Answer.marks`, never read back from the text), its
computation (formula and input rows), sources, related passages, notes and the "Interpreted as" line. The CLI prints
:func:`answer_text`, the conversation download is :func:`conversation_markdown`, and the app lays the same parts out
(escaped text runs, a badge per marker). :func:`check_view` and :func:`fact_rows` do the same for the checks of the
paper's numbers and its facts table; :func:`fact_series` and :func:`fact_comparisons` are what the facts charts plot.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .facts import Check, Facts, readable_amount
from .starters import reference_text
from .types import Answer, Citation, Computation, Document, Fact, PaperMeta
from .units import SCALES, format_amount, is_money, norm_unit

# -- parts ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TextRun:
    """Text of the answer, shown as it is."""

    text: str


@dataclass(frozen=True, kw_only=True)
class Marker:
    """A citation marker: it refers to the source numbered ``n``."""

    n: int


Run = TextRun | Marker


@dataclass(frozen=True, kw_only=True)
class Line:
    """One line of an answer: its list mark (``"- "``, ``"3. "`` in a list or summary answer, else "") and its runs."""

    bullet: str
    runs: tuple[Run, ...]


@dataclass(frozen=True, kw_only=True)
class SourceRow:
    """A quoted passage of the paper: its number (None for a related passage), page, section, quote and score."""

    n: int | None
    page: int
    section: str
    quote: str
    score: float


@dataclass(frozen=True, kw_only=True)
class InputRow:
    """One input of a computation: name, year, amount as a reader wants it, and its source (or a note)."""

    name: str
    year: str
    amount: str
    source: SourceRow | None
    note: str


@dataclass(frozen=True, kw_only=True)
class ComputationView:
    formula: str
    inputs: tuple[InputRow, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class AnswerView:
    """An answer as parts, in the order a reader meets them."""

    question: str
    abstained: bool
    lines: tuple[Line, ...]
    interpretation: str | None
    computation: ComputationView | None
    sources: tuple[SourceRow, ...]
    related: tuple[SourceRow, ...]
    notes: tuple[str, ...]


# -- answers ----------------------------------------------------------------------------------------------------------
_BULLET = re.compile(r"(\d{1,3}\. |- )")  # how a list or summary answer opens its entries
_LISTS = frozenset({"list", "summary"})


def answer_lines(answer: Answer) -> tuple[Line, ...]:
    """The answer's text line by line, each cut at its citation markers (:attr:`Answer.marks`)."""
    lines, start = [], 0
    marks = sorted(answer.marks, key=lambda m: m.start)
    for raw in answer.text.split("\n"):
        end = start + len(raw)
        bullet = m.group() if answer.kind in _LISTS and (m := _BULLET.match(raw)) else ""
        runs: list[Run] = []
        at = start + len(bullet)
        for mark in (m for m in marks if start <= m.start and m.end <= end):
            if mark.start > at:
                runs.append(TextRun(text=answer.text[at:mark.start]))
            runs.append(Marker(n=mark.n))
            at = mark.end
        if at < end:
            runs.append(TextRun(text=answer.text[at:end]))
        lines.append(Line(bullet=bullet, runs=tuple(runs)))
        start = end + 1
    return tuple(lines)


def source_row(citation: Citation, *, numbered: bool = True) -> SourceRow:
    return SourceRow(n=citation.n if numbered else None, page=citation.page, section=citation.section_label,
                     quote=citation.quote, score=citation.score)


def computation_view(comp: Computation) -> ComputationView:
    rows = tuple(InputRow(name=op.name, year=op.year, amount=readable_amount(op.value, op.unit),
                          source=source_row(op.citation) if op.citation else None, note=op.note) for op in comp.inputs)
    return ComputationView(formula=comp.formula, inputs=rows, warnings=tuple(comp.warnings))


def answer_view(answer: Answer) -> AnswerView:
    return AnswerView(
        question=answer.question, abstained=answer.abstained, lines=answer_lines(answer),
        interpretation=answer.interpretation,
        computation=computation_view(answer.computation) if answer.computation else None,
        sources=tuple(source_row(c) for c in answer.citations),
        related=tuple(source_row(c, numbered=False) for c in answer.related), notes=tuple(answer.notes))


def line_text(line: Line) -> str:
    """A line as plain text, markers written ``[n]``."""
    return line.bullet + "".join(r.text if isinstance(r, TextRun) else f"[{r.n}]" for r in line.runs)


def body_text(view: AnswerView) -> str:
    return "\n".join(line_text(line) for line in view.lines)


def _where(row: SourceRow) -> str:
    return f"p. {row.page}, {row.section}"


def answer_text(view: AnswerView) -> str:
    """The CLI's human-readable form: the answer, how the question was read, its computation, then the sources."""
    lines = [body_text(view)]
    if view.interpretation:
        lines.append(f"Interpreted as: {view.interpretation}")
    if view.computation:
        comp = view.computation
        lines += ["", f"Formula: {comp.formula}"]
        for row in comp.inputs:
            where = f" [{row.source.n}] ({_where(row.source)})" if row.source else f" ({row.note})" if row.note else ""
            lines.append(f"  - {row.name}{f' {row.year}' if row.year else ''}: {row.amount}{where}")
        lines += [f"Warning: {w}" for w in comp.warnings]
    if view.sources:
        lines += ["", "Sources:"] + [f"  [{s.n}] {_where(s)}: \"{s.quote}\"" for s in view.sources]
    if view.related:
        lines += ["", "Related passages (they do not answer the question):"]
        lines += [f"  - {_where(s)}: \"{s.quote}\"" for s in view.related]
    lines += [f"Note: {n}" for n in view.notes]
    return "\n".join(lines)


def answer_markdown(view: AnswerView, heading: str) -> str:
    """One turn of the conversation download: the question as a heading, then the same parts as :func:`answer_text`."""
    lines = [heading, "", *(line_text(line) + ("  " if i < len(view.lines) - 1 else "")
                            for i, line in enumerate(view.lines)), ""]
    if view.interpretation:
        lines += [f"_Interpreted as: {view.interpretation}_", ""]
    if view.computation:
        comp = view.computation
        lines += [f"**Formula:** `{comp.formula}`", ""]
        for row in comp.inputs:
            where = f" [{row.source.n}] ({_where(row.source)}: “{row.source.quote}”)" if row.source else (
                f" ({row.note})" if row.note else "")
            lines.append(f"- {row.name}{f' {row.year}' if row.year else ''}: {row.amount}{where}")
        lines += [f"- Warning: {w}" for w in comp.warnings] + [""]
    if view.sources:
        lines += ["**Sources**", ""] + [f"{s.n}. {_where(s)}: “{s.quote}”" for s in view.sources] + [""]
    if view.related:
        lines += ["**Related passages (not an answer)**", ""]
        lines += [f"- {_where(s)}: “{s.quote}”" for s in view.related] + [""]
    lines += [f"_Note: {n}_" for n in view.notes]
    return "\n".join(lines).rstrip() + "\n"


def conversation_markdown(meta: PaperMeta, turns: Iterable[tuple[str, Answer]]) -> str:
    """The conversation as a Markdown file: the paper's reference, then each question with its answer's parts."""
    out = [f"# Conversation about “{meta.title}”\n\n{reference_text(meta)}\n"]
    for i, (question, answer) in enumerate(turns, start=1):
        out.append(answer_markdown(answer_view(answer), f"## Q{i}. {question}"))
    return "\n".join(out)


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

"""An answer as display parts: lines of text runs and citation markers (from :attr:`Answer.marks`), its computation,
sources, related passages, notes and "Interpreted as" line; and its plain-text and Markdown forms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..facts import readable_amount
from ..starters import reference_text
from ..types import Answer, Citation, Computation, PaperMeta

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
    code: str = ""
    """A block to show verbatim and copy (a BibTeX entry)."""


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
        related=tuple(source_row(c, numbered=False) for c in answer.related), notes=tuple(answer.notes),
        code=answer.code)


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
    if view.code:
        lines.append(view.code)
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
    if view.code:
        lines += ["```", view.code, "```", ""]
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

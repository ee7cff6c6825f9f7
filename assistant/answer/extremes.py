"""The extreme entry of a printed table or output: "which estimator has the smallest RMSE at n = 1000?".

A question with a superlative ("highest", "worst", "most strongly negative", "least significant") that names a table
or printout is answered by comparing its cells, not by quoting a line. The cells compared are those of one block (rows
under one header line) that the question names: the rows whose label it names, the columns whose heading it names, the
groups whose label it names; what is left varying is what the question asks for. Across one row's columns the answer is
a column heading; down one column the answer is a row label or group label. When two dimensions are left varying, the
answer is the entry that wins in every line of the other one (the column worst in every row), else none.

What "best" and "worst" mean depends on the measure: lower is better for the measures listed in
``assistant/data/lower-better.txt`` (MSE, error, p-value, ...). The words that ask for an extreme are in
``assistant/data/superlatives.tsv``.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from .. import calc
from ..errors import CalculationError
from ..language.superlatives import OPPOSITE, plain_words, superlative_words
from ..lexical import analyze, data_phrases
from ..question import Intent, excluded_terms, named_letters
from ..types import Answer, Operand, citation_mark
from . import evidence
from .cells import abbreviated, acronyms, named_terms
from .estimates import role
from .rank import named_rows
from .view import PaperView, cite



@dataclass(frozen=True, kw_only=True)
class Extreme:
    """Which end of a comparison a question asks for."""

    sense: str
    """"high" / "low" (the signed value), "good" / "bad" (by the measure), "strong" / "weak" (the size)."""
    word: str
    """The question's words that ask it ("highest", "most strongly negative")."""


@dataclass(frozen=True, kw_only=True)
class Cell:
    """One figure of a block, with the terms of each of the three things that name it."""

    figure: evidence.Figure
    row: int
    label: frozenset[str]
    group: frozenset[str]
    column: frozenset[str]
    column_name: str
    group_name: str
    repeated: bool = False
    """Its header repeats headings ("Bias MSE Bias MSE" under "mu sigma"): its columns differ in more than one way, so
    the figures across its row are of different measures."""


@dataclass(frozen=True, kw_only=True)
class Winner:
    """The compared cells and the one(s) at the asked end, named along the dimension the question asks for."""

    axis: str
    """"column", "label" or "group": what names the winner."""
    best: tuple[Cell, ...]
    compared: tuple[Cell, ...]
    largest: bool
    """Whether the winner is the largest (else the smallest) of what was compared."""
    magnitude: bool
    every: bool = False
    """The winner wins in every line of another dimension (no line named)."""


_SIZE = {"high": "strong", "low": "weak"}
"""A superlative asked of the size of a value ("the largest in absolute value"), whatever its sign."""


@functools.cache
def _lower_better() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(analyze(line)) for line in data_phrases("lower-better.txt"))


def asked_extreme(text: str) -> Extreme | None:
    """The extreme a question asks for: a superlative ("smallest"), or "most"/"least" with the property after it
    ("most strongly negative" is the lowest signed value, "least significant" the worst); None when it asks none."""
    words = plain_words(text)
    table = superlative_words()
    sized = any(table.get(w, ("",))[0] == "size" for w in words)  # "the largest in absolute value": the strongest
    for k, word in enumerate(words):
        kind, sense = table.get(word, ("", ""))
        if kind == "superlative":
            return Extreme(sense=_SIZE.get(sense, sense) if sized else sense, word=word)
        if kind == "degree" and (k == 0 or words[k - 1] != "at"):  # "at least 3" asks for no extreme
            after = [table[w][1] for w in words[k + 1:k + 3] if table.get(w, ("",))[0] == "property"]
            signed = [s for s in after if s in ("high", "low")]  # "strongly negative": the sign decides
            chosen = (signed or after or ["high"])[0]
            span = " ".join(words[k:k + 1 + len(after)])
            return Extreme(sense=chosen if sense == "high" else OPPOSITE[chosen], word=span)
    return None


def lower_is_better(terms: frozenset[str]) -> bool:
    """Do ``terms`` (a measure's name, a caption) name a measure whose lower values are better?"""
    return any(measure <= terms for measure in _lower_better())


def stated_extreme(view: PaperView, intent: Intent, ranked: list[tuple[int, float]]) -> int | None:
    """A sentence of prose among the best candidates that says the superlative the question asks itself ("Which
    estimator comes out worst?": "The worst of the lot is the omniscient weighted estimator ..."): the paper's own
    verdict, quoted rather than recomputed from its table; None when none does."""
    asked = asked_extreme(intent.text)
    if asked is None or not ranked:
        return None
    top = [i for i, _ in ranked[:view.settings.grounding_candidates]]
    named = named_rows(view, intent)
    if evidence.table_named(intent.text) is not None or any(i in named and view.rows[i].label for i in top):
        return None  # "in Table 1, ... when n = 50": the row it names decides, not a verdict on the whole table
    word = asked.word.split()[0]
    kind = _asked_kind(intent.text)  # "which median estimator": the sentence names an estimator too
    prose = [i for i, _ in ranked if view.document.sentences[i].kind == "prose" and i not in view.rows]
    return next((i for i in prose[:view.settings.grounding_candidates]  # (the rows of a table the ranking brought
                 if word in plain_words(view.document.sentences[i].text)  # in with its caption aside)
                 and (not kind or kind & view.lexicon.terms[i])), None)


def _asked_kind(text: str) -> frozenset[str]:
    """The terms of the two words after "which" or "what" ("which median estimator": median, estimator)."""
    words = plain_words(text)
    at = next((k for k, w in enumerate(words) if w in ("which", "what")), None)
    return frozenset() if at is None else frozenset(analyze(" ".join(words[at + 1:at + 3])))


def extreme_answer(view: PaperView, question: str, intent: Intent, ranked: list[tuple[int, float]]) -> Answer | None:
    """The extreme entry the question asks for ("the smallest RMSE") among the cells of the first block it names
    near the best candidates ``ranked``, named and cited; None when it asks no extreme or no block decides one."""
    asked = asked_extreme(intent.text)
    if asked is None or not ranked:
        return None
    aside = excluded_terms(intent.text)  # "apart from the sample median": not compared, and names no cell
    for block in _asked_blocks(view, intent, ranked):
        cells = _block_cells(view, block)
        terms, caption = _block_terms(view, intent, block, cells, aside)
        cells = [c for c in cells if not any(own and own <= aside for own in (c.label, c.group, c.column))]
        winner = _compare(cells, terms, caption, asked, view.lexicon.idf, view.settings.extreme_unnamed)
        if winner is not None:
            return _winner_answer(view, question, intent, winner, ranked[0][1])
    return None


_AVERAGE = re.compile(r"\baverage\b|\bmean of\b|\bon average\b|\baveraged\b", re.IGNORECASE)


def average_answer(view: PaperView, question: str, intent: Intent, ranked: list[tuple[int, float]]) -> Answer | None:
    """"What is the average scaled MSE of Kaplan-Meier over n = 50, 200, 500 and 1000 in Table 1?": the cells of the
    first block the question names, kept as :func:`_compare` keeps them but with every row the question names (all
    rows when it names none), averaged along the one dimension left varying; None when it asks no average."""
    if not _AVERAGE.search(intent.text) or not ranked:
        return None
    aside = excluded_terms(intent.text)
    for block in _asked_blocks(view, intent, ranked):
        cells = _block_cells(view, block)
        terms, caption = _block_terms(view, intent, block, cells, aside)
        own = frozenset(terms - caption)  # every row the question names (a list: "n = 50, 200 and 500"), else all
        left = _best_named([c for c in cells if named_terms(c.label, own)] or cells, ("group", "column"), own,
                           view.lexicon.idf, view.settings.extreme_unnamed)
        varying = [axis for axis in ("column", "label", "group") if len({getattr(c, axis) for c in left}) > 1]
        if len(left) < 2 or len(varying) != 1 or (varying == ["column"] and any(c.repeated for c in left)):
            continue
        operands = tuple(Operand(name=c.figure.label, value=c.figure.value, unit="",
                                 citation=cite(view, 1, view.document.sentences[c.row], score=ranked[0][1]))
                         for c in left)
        try:
            comp = calc.compute_average(operands)
        except CalculationError:
            continue
        return evidence.answer(question, intent.text, comp)
    return None


def _block_terms(view: PaperView, intent: Intent, block: list[int], cells: list[Cell],
                 aside: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The question's terms as a block's cells are named (with the abbreviations and acronyms of those names), less
    what it sets aside; and the terms of the block's caption."""
    caption = frozenset().union(*(analyze(view.document.sentences[view.rows[i].caption].text)
                                  for i in block if view.rows[i].caption is not None))
    names = frozenset().union(*(c.label | c.group | c.column for c in cells))
    terms = evidence.question_terms(intent.terms, intent.text, view.language) | named_letters(intent.text)
    return (terms | abbreviated(names, terms) | acronyms(names, intent.text)) - aside, caption


def _best_named(cells: list[Cell], axes: tuple[str, ...], own: frozenset[str], idf: dict[str, float],
                unnamed: float, every: tuple[str, ...] = ()) -> list[Cell]:
    """Along each of ``axes`` in turn, the cells the question names best by ``own`` (along columns, among those named
    alike, the one with the fewest other terms); along those of ``every``, all it names at all; an axis it names
    nothing of keeps them all."""
    unknown = max(idf.values(), default=1.0)

    def weight(ts) -> float:
        return math.fsum(idf.get(t, unknown) for t in ts)

    left = list(cells)
    for axis in axes:
        def fit(cell: Cell) -> tuple[float, float]:
            names = getattr(cell, axis)
            if axis != "column":  # what tells rows apart is what is compared, not a cost
                return weight(named_terms(names, own)), 0.0
            return (weight(named_terms(names, own)),
                    -unnamed * weight(n for n in names if not named_terms(frozenset({n}), own)))
        best = max((fit(c) for c in left), default=(0.0, 0.0))
        if best[0] > 0:
            left = [c for c in left if (fit(c)[0] > 0 if axis in every else fit(c) == best)]
    return left


def _asked_blocks(view: PaperView, intent: Intent, ranked: list[tuple[int, float]]) -> list[list[int]]:
    """The blocks (rows under one header line) of the best-ranked rows the question names by their label or by
    their table ("Table 6"), best first, among the best ``settings.extreme_candidates`` candidates within
    ``settings.extreme_margin`` of the best."""
    named = set(named_rows(view, intent))
    table = evidence.asked_table(view.captions, intent.text, intent.terms)
    if table is not None:
        named |= {i for i, number in view.table_of.items() if number == table and i in view.rows}
    top = ranked[0][1]
    headers: list[int] = []
    for i, score in ranked[:view.settings.extreme_candidates]:
        if score < top - view.settings.extreme_margin:
            break
        if i in named and view.rows[i].header is not None and view.rows[i].header not in headers:
            headers.append(view.rows[i].header)
    return [[j for j, row in view.rows.items() if row.header == header] for header in headers]


def _block_cells(view: PaperView, block: list[int]) -> list[Cell]:
    out = []
    for i in block:
        row = view.rows[i]
        label = view.row_terms[i].label
        group_name = " ".join(view.document.sentences[g].text.strip() for g in row.groups)
        group = frozenset(analyze(group_name))
        columns = evidence.aligned_columns(view.document, row)
        figures = evidence.figures(view.document, i, row)
        if len(figures) != len(row.values) or len(columns) != len(row.values):
            continue  # a column of a row whose header does not line up with its figures is a guess
        for figure, column in zip(figures, columns):
            own = figure.names - label - group
            heading = own or frozenset(analyze(column)) or _letter(column)
            out.append(Cell(figure=figure, row=i, label=label, group=group, column=heading,
                            column_name=figure.label.split(" of ")[0].split(" for ")[0] if row.label or row.groups
                            else column, group_name=group_name, repeated=len(set(columns)) < len(columns)))
    return out


def _letter(column: str) -> frozenset[str]:
    """A heading of one letter ("z", "p") as its own name, lower case (no term of the analyzer)."""
    name = column.strip("# ").lower()
    return frozenset({name}) if len(name) == 1 and name.isalpha() else frozenset()


def _winner_answer(view: PaperView, question: str, intent: Intent, winner: Winner, score: float) -> Answer:
    """The winner named and its value, the others compared, then the header, group and row lines cited."""
    rows = sorted({c.row for c in winner.best} if not winner.every else {c.row for c in winner.compared})
    header = view.rows[rows[0]].header
    groups = sorted({g for r in rows for g in view.rows[r].groups}) if winner.axis == "group" else []
    lines = sorted({header, *groups, *rows})
    citations = tuple(cite(view, n, view.document.sentences[i], score=score) for n, i in enumerate(lines, 1))
    mark = {i: citation_mark(n) for n, i in enumerate(lines, 1)}
    end = "largest" if winner.largest else "smallest"
    size = " in absolute value" if winner.magnitude else ""  # (after what is compared: "the largest coef in ...")
    name = " / ".join(dict.fromkeys(_name(c, winner.axis) for c in winner.best))
    first = winner.best[0]
    if winner.every:
        values = ", ".join(f"{c.figure.printed} ({_name(c, 'label') or _name(c, 'group')}) {mark[c.row]}"
                           for c in winner.best)
        head = f"{name} has the {end} value{size} in every row: {values}"
    else:
        if winner.axis != "column":
            what = first.column_name  # down one column: its heading names what was compared
        else:
            row = _name(first, "label") or first.group_name
            what = f"value in the {row} row" if row else "value"
        others = "; ".join(f"{_name(c, winner.axis)} {c.figure.printed}" for c in winner.compared
                           if c not in winner.best)
        head = (f"{name} has the {end} {what}{size}: {first.figure.printed} {mark[first.row]}"
                + (f" (others: {others})" if others else ""))
    text = head + "\n" + "\n".join(f"{c.quote} {citation_mark(c.n)}" for c in citations)
    return Answer(question=question, text=text, abstained=False, citations=citations, kind="passage",
                  resolved_question=intent.text)


def _name(cell: Cell, axis: str) -> str:
    if axis == "column":
        return cell.column_name
    if axis == "group":
        return cell.group_name
    return cell.figure.label.rsplit(" for ", 1)[-1] if " for " in cell.figure.label else cell.figure.label


def _compare(cells: list[Cell], terms: frozenset[str], caption: frozenset[str], asked: Extreme,
             idf: dict[str, float], unnamed: float) -> Winner | None:
    """Keep, along each of row label, group label and column, the cells the question names best (a term the table's
    caption holds names every cell, so no column; among columns named alike, the one with the fewest other terms);
    compare what is left along the one dimension left varying."""
    left = _best_named(cells, ("label", "group", "column"), frozenset(terms - caption), idf, unnamed,
                       every=("label", "group"))  # ("among trt, prior and karno, which ...": the rows it names are
    # compared, and so are the groups: "among Portnoy, Peng-Huang and Powell")
    if len(left) < 2:
        return None
    varying = [axis for axis in ("column", "label", "group") if len({getattr(c, axis) for c in left}) > 1]
    if asked.sense in ("strong", "weak") and "column" in varying and not any(named_terms(c.column, terms - caption)
                                                                             for c in left):
        estimates = [c for c in left if role(c.figure.column) == "estimate"]
        if estimates and len(estimates) < len(left):  # a fit's columns read out one estimate (its ratio, standard
            left = estimates  # error, p-value): the strongest effect, unnamed, is the estimate largest in size
            varying = [axis for axis in ("column", "label", "group") if len({getattr(c, axis) for c in left}) > 1]
    if "column" in varying and any(c.repeated for c in left):
        return None  # across columns of different measures nothing is compared
    measure = frozenset().union(*(c.column for c in left)) | terms | caption
    sense = asked.sense
    if sense in ("good", "bad"):
        low = lower_is_better(measure)
        sense = {("good", True): "low", ("bad", True): "high", ("good", False): "high", ("bad", False): "low"}[sense, low]
    magnitude = sense in ("strong", "weak")
    largest = sense in ("high", "strong")

    def key(cell: Cell) -> float:
        value = abs(cell.figure.value) if magnitude else cell.figure.value
        return value if largest else -value

    if len(varying) == 1:
        top = max(key(c) for c in left)
        return Winner(axis=varying[0], best=tuple(c for c in left if key(c) == top), compared=tuple(left),
                      largest=largest, magnitude=magnitude)
    if len(varying) == 2:  # the entry that wins in every line of the other dimension
        for axis, other in ((varying[0], varying[1]), (varying[1], varying[0])):
            lines: dict[frozenset[str], list[Cell]] = {}
            for c in left:
                lines.setdefault(getattr(c, other), []).append(c)
            winners = []
            for line in lines.values():
                top = max(key(c) for c in line)
                winners.append([c for c in line if key(c) == top])
            if all(len(w) == 1 for w in winners) and len({getattr(w[0], axis) for w in winners}) == 1:
                return Winner(axis=axis, best=tuple(w[0] for w in winners), compared=tuple(left), largest=largest,
                              magnitude=magnitude, every=True)
    return None

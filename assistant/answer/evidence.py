"""Computations on two figures the question points at in the best passages, for papers whose figures are no time
series: "how many times larger is the beta of UIS than that of WMK?", "by what percentage is the Powell RMSE higher
than the Portnoy RMSE at n = 100?", "by what factor did the expansion enlarge the data set?".

Each figure of a candidate sentence gets the words that name it: for a table or output row, its label, group label and
column heading; for prose, the words around it. Two figures qualify when the question names what they share (the
measure, "RMSE") and, for each, something the other lacks ("Powell" / "Portnoy"); the pair the question names best is
computed, in the order the question names them, with both sentences cited.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import calc
from ..errors import CalculationError
from ..language import common_abbreviations
from ..language.lexicon import known_stems
from ..lexical import analyze, change_terms, data_terms, expand_query, is_stopword
from ..numbers import read_numbers
from ..units import MONEY
from ..types import Answer, Citation, Computation, Document, Operand, citation_mark
from .cells import (CALLED, TABLE_CAPTION, Row, abbreviated, commands, glued_digits, identifiers, numerals, split_row,
                    stated_numerals, table_captions, where_printed)

_PERCENT_WORDS = re.compile(r"%|\bper ?cent(?:age)?\b", re.I)
_PERCENT_ASKED = re.compile(r"\b(?:what|how many|how much) (?:%|per ?cent(?:age)?)(?!\w)|\bpercent(?:age)? (?:change|difference"
                            r"|increase|decrease|drop|rise|fall|gap)\b|\bin (?:%|per ?cent)(?!\w)", re.I)
_SHARE = re.compile(r"\bwhat (?:%|per ?cent(?:age)?|proportion|share|fraction) of\b", re.I)
_POINTS = re.compile(r"\bpercentage[- ]points?\b|\bpp\b|\bpoints?\b", re.I)
_FACTOR_CUE = re.compile(r"\bfactor\b(?:\W+(\w+))?", re.I)
_TIMES = re.compile(r"\bhow many times\b|\btimes (?:as|larger|bigger|higher|greater|more|smaller|lower)\b"
                    r"|\bratio (?:of|between)\b|-fold\b", re.I)  # "the hazard ratio" names a figure: no cue
_DIFFERENCE = re.compile(r"\bdifference\b|\bgap\b|\bhow much (?:larger|bigger|higher|greater|more|smaller|lower|less)\b",
                         re.I)
_SUM = re.compile(r"\bsum of\b(?!\s+(?:the\s+)?(?:squar|absolute|residual|error|deviation)\w*)|\badd(?:s|ed)? up\b"
                  r"|\badded together\b", re.I)
"""A sum asked of two figures; not a statistic named a sum ("the residual sum of squares")."""
_BY_HOW_MUCH = re.compile(r"\bby how much\b", re.I)
_PERCENT_BEFORE = re.compile(r"\bper ?cent(?:age)?\s+([a-z]+)", re.I)
_CHANGE_WORDS = re.compile(r"\b(?:change|increase|decrease|rise|fall|drop|grow|growth|decline|higher|lower|larger"
                           r"|smaller|bigger|more|less|greater|exceeds?|exceeded|trails?|lags?|above|below|shrinks?"
                           r"|gains?|loses?)\b", re.I)
_MAX_PROSE_FIGURES = 8
_COUNTED = re.compile(r"(?:\s+of(?: the)?)?\s+([a-z][\w-]*)|")
""""42401 observations", "137 of the observation times": the noun a figure counts (group 1; empty when none)."""
FALL_WORDS = Path(__file__).resolve().parent.parent / "data" / "fall-words.txt"
COMPARE_VERBS = Path(__file__).resolve().parent.parent / "data" / "compare-verbs.txt"
TRUE_WORDS = Path(__file__).resolve().parent.parent / "data" / "true-value-words.txt"
_ASSIGNED = re.compile(r"^\s*[A-Za-z][\w.]*\s*(?:<-|=)\s*(.+)$")
_TIMES_NAME = re.compile(r"(?<![\w.])(\d*\.?\d+)\s*\*\s*([A-Za-z][\w.]*)(?![\w.(\[])")
""""0.1*w" in ``y <- 0.1*w + e[,2]``: a coefficient (group 1) the code multiplies a variable (group 2) by."""
_MORE = re.compile(r"\b(?:larger|bigger|higher|greater|more|longer|wider|above)\b(?=[^?]*\bthan\b)|\bexceeds?\b", re.I)
_LESS = re.compile(r"\b(?:smaller|lower|less|fewer|shorter|narrower|below)\b(?=[^?]*\bthan\b)", re.I)
_WINDOW_BEFORE, _WINDOW_AFTER = 5, 5
"""Words before and after a number in prose that name it ("a data set of 42401 observations")."""


@dataclass(frozen=True, kw_only=True)
class Figure:
    """A number printed in the paper with the words that name it."""

    value: float
    printed: str
    sentence: int
    names: frozenset[str]
    label: str
    """How an answer names it: "RMSE of Powell at n = 100", "42401 (data set of 42401 observations)"."""
    cell: bool = False
    """Read from a table or output row: :attr:`names` are then its column heading, row label and group label only."""
    aligned: bool = False
    """A cell whose header has as many column names as its row has figures (else its column is a guess)."""
    marks: frozenset[str] = frozenset()
    """One-letter tags among those names ("Q" of "Portnoy Q"), which :func:`analyze` drops."""
    source: frozenset[str] = frozenset()
    """Terms of the commands that printed its row (``diag(vcov(res))^.5``), when a program's output holds it."""
    context: frozenset[str] = frozenset()
    """Terms of where it was printed: its section's title, the command and the prose that introduce its block."""
    section: str = ""
    """The section it is printed in."""
    run: frozenset[str] = frozenset()
    """The whole names in the commands that printed its row ("vfit2", not "vfit" and "2")."""
    calls: frozenset[str] = frozenset()
    """The functions those commands call ("coef" of "coef(res_cue)"), lower case."""
    counts: frozenset[str] = frozenset()
    """The noun a prose figure counts ("42401 observations", "131/137 of the observation times": "observ")."""
    whole: float | None = None
    """For the part of a printed fraction ("131/137"), the whole it is printed over."""
    unit: str = ""
    """The unit a prose figure is printed in ("%", "yuan", "count", "pp"; :mod:`assistant.numbers`), "" if none."""
    column: str = ""
    """A cell's column heading as printed ("se(coef)", "Std. Error"), or the name printed with it ("n= 203")."""
    row: str = ""
    """A cell's row label as printed ("treat", "karno:strata(tgroup)tgroup=1"), "" for a row without one."""


_MARK = re.compile(r"(?<![\w.])[A-Z](?![\w.])")


_CODE = re.compile(r"\s*=(?!=)")
"""What follows a number that is a code ("1= transplant", "2 = death"), not a figure; a value follows its "="."""
_OPERAND = re.compile(r"(?:[^\W\d]|[)\]])[*/^]\s*\Z")
"""What precedes a number that is the operand of a name or a call ("max(dtimes)/365.25", "x*2"), not of another
number ("131/137" is a fraction)."""


def question_terms(intent_terms: tuple[str, ...], text: str, language=None) -> frozenset[str]:
    """The question's terms, their abbreviations and expansions ("standard error" and "se"), and its numbers."""
    expanded = set(analyze(expand_query(text, language))) if language is not None else set()
    terms = set(intent_terms) | expanded
    for short, long in common_abbreviations().items():  # "standard error" in the question, "se" in the output
        if set(analyze(long)) <= terms and len(long.split()) > 1:
            terms.add(short.lower())
    return frozenset(terms - glued_digits(text)) | stated_numerals(text) | identifiers(text)  # "vfit2" names no "2"


def figures(document: Document, sentence: int, row: Row | None, rows: dict[int, Row] | None = None) -> list[Figure]:
    """The figures of one sentence: a row's cells, or the numbers of a prose sentence; given the document's
    ``rows``, each with the terms of where it was printed (:func:`where_printed`)."""
    out = [dataclasses.replace(f, section=document.sentences[sentence].section) for f in _figures(document, sentence, row)]
    if rows is None or not out:
        return out
    context = where_printed(document, sentence, rows)
    if row is None:
        return [dataclasses.replace(f, context=context) for f in out]
    run = [document.sentences[j].text.strip() for j in commands(document, sentence, rows)]
    if not run:
        return [dataclasses.replace(f, context=context) for f in out]
    text = " ".join(run)  # the commands that printed the row tell its figures from those another command printed
    source = frozenset(analyze(text)) - glued_digits(text) | identifiers(text)  # "res2", not "2" of "x5t[, 2]"
    run_names, calls = _names_in(text), frozenset(name.lower() for name in CALLED.findall(text))
    return [dataclasses.replace(f, context=context, source=source, run=run_names, calls=calls,
                                label=f"{f.label} (from `{run[0]}`)") for f in out]


def _figures(document: Document, sentence: int, row: Row | None) -> list[Figure]:
    text = document.sentences[sentence].text
    if row is not None:
        return _cells(document, sentence, row)
    if document.sentences[sentence].kind not in ("prose", "caption", "footnote"):
        return []  # a line of code or a formula: its numbers are arguments, not figures
    if len(re.findall(r"\d+(?:\.\d+)?", text)) > _MAX_PROSE_FIGURES:
        return []  # a table's text run together: its numbers' neighbours are other numbers, not their names
    out = []
    words = list(re.finditer(r"\S+", text))
    quantities = [q for q in read_numbers(text) if q.unit not in ("year", "years") and q.low is None and not q.malformed
                  and not (q.unit == "count" and q.raw.isalpha())]  # "two step GMM", "the three methods": a count
    # spelled as a word names how many things the sentence discusses, not a measured figure (as in the facts table)
    for n, q in enumerate(quantities):
        at = next((k for k, w in enumerate(words) if w.start() <= q.start < w.end()), None)
        if at is None or _CODE.match(text, q.end) or _OPERAND.search(text, 0, q.start):
            continue  # a code, not a figure ("status is 0= censored, 1= liver transplant"), or a term of an
            # expression ("max(dtimes)/365.25 = 11.5 years": 11.5 is the figure)
        span = words[max(0, at - _WINDOW_BEFORE): at + _WINDOW_AFTER + 1]
        context = text[span[0].start(): q.start] + " " + text[q.end: span[-1].end()]  # its neighbours, not itself:
        label = text[q.start:q.end]  # the "2" of "2-step" is not named by "2"; "x5t[, 2]" names a column by it
        whole = quantities[n + 1] if n + 1 < len(quantities) and text[q.end:quantities[n + 1].start] == "/" else None
        part = quantities[n - 1] if n and text[quantities[n - 1].end:q.start] == "/" else None
        counted = _COUNTED.match(text, (whole or q).end)  # "42401 observations"; "131/137 of the observation times"
        if whole is not None:  # the part of a printed fraction: "131 of 137 observation"
            label = f"{label} of {text[whole.start:whole.end]} {counted.group(1)}".strip()
        elif part is not None:
            label = f"{label} {counted.group(1)}".strip()
        else:
            label += counted.group()
        out.append(Figure(value=q.value, printed=text[q.start:q.end], sentence=sentence,
                          names=frozenset(analyze(context)), label=label, counts=frozenset(analyze(counted.group(1) or "")),
                          whole=None if whole is None else whole.value, unit=q.unit or ""))
    return out


def _cells(document: Document, sentence: int, row: Row) -> list[Figure]:
    if row.names:  # "Likelihood ratio test=22.49 ..., n= 203": each figure by its own name, not the others'
        return [dataclasses.replace(f, names=frozenset(analyze(name)) | numerals(name) | identifiers(name), label=name,
                                    column=name) for f, name in zip(_values(sentence, row.values, row.names), row.names)
                if f is not None]
    columns = aligned_columns(document, row)
    spans = spanning_headings(document, row)
    if spans and len(columns) == len(row.values):  # "Intercept Slope" over "Bias MAE RMSE Bias MAE RMSE"
        width = len(columns) // len(spans)
        columns = tuple(f"{spans[k // width]} {c}" for k, c in enumerate(columns))
    group = " ".join(document.sentences[g].text for g in row.groups)
    out = []
    for k, (printed, figure) in enumerate(zip(row.values, _values(sentence, row.values, columns))):
        if figure is None:
            continue
        column = columns[k] if k < len(columns) else ""
        words = " ".join(w for w in (column, row.label, group) if w)
        names = frozenset(analyze(words)) | numerals(row.label) | numerals(column) | identifiers(words)
        label = " ".join(w for w in (column, f"of {group}" if group else "", f"for {row.label}" if row.label else "") if w)
        out.append(dataclasses.replace(figure, names=names, label=label or printed,
                                       marks=frozenset(_MARK.findall(words)), column=column, row=row.label))
    return out


def _values(sentence: int, values: tuple[str, ...], columns: tuple[str, ...]) -> list[Figure | None]:
    """The printed figures of a row as unnamed cells (None for one that is no number: "<2.2e-16"), ``aligned`` when
    each has its column."""
    out: list[Figure | None] = []
    for printed in values:
        try:
            value = float(printed.replace("−", "-").replace(",", "").rstrip("%"))
        except ValueError:
            out.append(None)
            continue
        out.append(Figure(value=value, printed=printed, sentence=sentence, names=frozenset(), label=printed,
                          cell=True, aligned=len(columns) == len(values)))
    return out


def aligned_columns(document: Document, row: Row) -> tuple[str, ...]:
    """The header's column names for the row's figures: words joined where a heading spans two ("Std. Error",
    "t value", "Leurgans Ĝ") when that makes the counts agree, else left-aligned as printed."""
    if row.header is None:
        return ()
    words = re.sub(r"^\s*(?:#+|>)\s*", "", document.sentences[row.header].text).split()
    if len(words) == len(row.values):
        return tuple(words)
    merged: list[str] = []
    for k, word in enumerate(words):
        if merged and (merged[-1].endswith(".") or (len(merged[-1]) == 1 and merged[-1].islower())
                       or (len(word) == 1 and word.isupper()) or _unclosed(merged[-1])):
            merged[-1] += " " + word  # "Std." + "Error", "t" + "value", "Leurgans" + "Ĝ", "x5t[," + "2]"
        else:
            merged.append(word)
    return tuple(merged) if len(merged) == len(row.values) else tuple(words)


def _unclosed(word: str) -> bool:
    """Does ``word`` open a bracket it does not close ("x5t[,")?"""
    return word.count("[") > word.count("]") or word.count("(") > word.count(")")


def spanning_headings(document: Document, row: Row) -> tuple[str, ...]:
    """A line of words right above the header whose words each span an equal run of its columns."""
    if row.header is None or row.header == 0:
        return ()
    above = document.sentences[row.header - 1]
    words = above.text.split()
    if above.page != document.sentences[row.header].page or split_row(above.text) is not None:
        return ()
    if 2 <= len(words) < len(row.values) and len(row.values) % len(words) == 0 and not any(
            ch.isdigit() for w in words for ch in w):
        return tuple(words)
    return ()


@dataclass(frozen=True, kw_only=True)
class Pair:
    first: Figure
    second: Figure
    score: float
    named: bool = True
    """Each side is told apart by what the question names of it (a label, a column, the command that printed it),
    not only by the prose printed before it."""


def best_pair(candidates: list[Figure], terms: frozenset[str], text: str, idf: dict[str, float], *,
              unnamed: float = 0.5, unnamed_source: float = 0.25, context: float = 0.5,
              baseline: float = 1.0) -> Pair | None:
    """The two figures the question names: both share a word of the question (the measure) unless they are in one
    sentence, each has a question word the other lacks, and the question names the first one first.

    Two cells should differ in what the question contrasts and nothing else: what tells them apart (column, row
    label, group) that the question does not name costs ``unnamed`` times its weight ("Std. Error" against "t value"
    when it asks for a standard error; "n = 400" when it names n = 100), and a difference in the commands that printed
    them ``unnamed_source`` times. Two one-letter tags ("Q" of "Portnoy Q", "L" of "Portnoy L") are named by the
    question words they are the initials of ("quadratic", "linear"). A figure named no differently from the other is
    told apart by the command that printed it, else by where it was printed (the prose before its block) at
    ``context`` times the weight. The same output line printed by two runs of one section, one of them named by its
    command ("nlminb") and the other by nothing, is the question's baseline ("the first fit", "the default"): it
    counts ``baseline`` times the named side, the nearest such run first."""
    lowered = text.lower()
    said = analyze(text)
    both = {t for t in set(said) if said.count(t) > 1}  # "the Powell median ... the Kaplan-Meier median": likely a
    # measure said of both sides, so it tells the two apart less
    words = terms | identifiers(text)
    measures = frozenset(both) | abbreviated(words, both)  # "the coefficient of A ... that of B": "coef" of both
    printed = frozenset().union(*(f.names for f in candidates)) if candidates else frozenset()
    spelled = {t for t in terms if t.isalpha() and len(t) >= 3 and t not in printed}  # named, but printed nowhere

    def weight(ts: Iterable[str]) -> float:
        return math.fsum(idf.get(t, 1.0) * (0.5 if t in both else 1.0) for t in ts)

    # names of objects the question gives (words no dictionary holds: "vfit", "UIS") that some figure's lines hold
    objects = {t for t in words if t.isalpha() and t not in known_stems() and any(
        t in f.names or t in f.source or t in f.context for f in candidates)}

    spelled_names = frozenset(w.lower() for w in re.findall(r"(?<![\w.])[a-z][\w.]*", text)  # "vfit2", "vfit": names of
                              if not set(analyze(w)) <= known_stems())  # objects as a program writes them, whole

    def initials(marks: frozenset[str]) -> frozenset[str]:
        return frozenset(t for m in marks for t in spelled if t[0] == m.lower())

    best: Pair | None = None
    for a, b in itertools.combinations(candidates, 2):
        if a.value == b.value and (a.sentence == b.sentence and a.printed == b.printed or a.counts and a.counts == b.counts):
            continue  # one figure twice, or one count of the same things said twice ("two methods")
        if a.unit and b.unit and a.unit != b.unit:
            continue  # "7%" and "7 trillion yuan" measure different things
        shared = a.names & b.names & terms | a.counts & b.counts  # the measure: a question word, or the noun
        # two prose figures both count ("42401 observations ... the 418 observations": the question says "data set")
        own_a, own_b = (a.names - b.names) & terms, (b.names - a.names) & terms
        if a.marks - b.marks and b.marks - a.marks:  # "Portnoy Q" and "Portnoy L": "quadratic" and "linear"
            tag_a, tag_b = initials(a.marks - b.marks), initials(b.marks - a.marks)
            own_a, own_b = own_a | (tag_a - tag_b), own_b | (tag_b - tag_a)
        if not shared and a.sentence != b.sentence:
            continue  # unless one sentence holds both, the measure they share is named too
        sides = []
        named_apart = True
        for x, y, own in ((a, b, own_a), (b, a, own_b)):
            by = own or (x.source - y.source) & words
            named_apart = named_apart and bool(by)
            sides.append((weight(by), by) if by else (context * weight((x.context - y.context) & words),
                                                      (x.context - y.context) & words))
        (side_a, by_a), (side_b, by_b) = sides
        refit = False
        if bool(side_a) != bool(side_b) and _refit(a, b):  # "the nlminb fit ... than the first one": the run the
            # question names by its command, and the same line printed by an earlier or later run of that section
            named, other = (a, b) if side_a else (b, a)
            run = (named.source - other.source) & words  # named by its command, and by the prose that introduces it
            held = named.names | named.source | named.context
            if run and not objects - held and not objects & other.source:  # the question names no other run
                said_apart = weight(run) + context * weight(((named.context - other.context) & words) - run)
                side_a = side_b = baseline * said_apart - abs(a.sentence - b.sentence) * 1e-4
                refit = named_apart = True  # their commands differ by what the question names and what the refit
                # changed
        if side_a <= 0 or side_b <= 0:
            continue  # each named apart
        score = weight(shared) + min(side_a, side_b)  # the measure they share, each named apart
        if a.cell and b.cell and (a.names ^ b.names) & measures & words:
            score -= weight((a.names ^ b.names) & measures & words)  # a measure said of both held by one only
        if a.cell and b.cell:  # (a column guessed from a header with more names than figures may be misnamed)
            apart = (a.names ^ b.names) - words if a.aligned or b.aligned else frozenset()  # (one sure column
            # against a guessed one is no excuse: the guess is what may tell them apart wrongly)
            runs_named = (a.run - b.run) & spelled_names and (b.run - a.run) & spelled_names  # "of vfit2 ... of vfit"
            score -= unnamed * weight(apart) + (0 if refit or runs_named
                                                else unnamed_source * weight((a.source ^ b.source) - words))
            if runs_named:  # two runs the question names ("vcovHAC", "vcov()"), printed by several: the nearest two
                score -= min(abs(a.sentence - b.sentence), 100) * 1e-5
        first_a, first_b = _first_mention(lowered, by_a), _first_mention(lowered, by_b)
        first, second = (a, b) if first_a <= first_b else (b, a)
        pair = Pair(first=first, second=second, score=score, named=named_apart)
        if best is None or (pair.named, score) > (best.named, best.score):  # named apart beats told apart by context
            best = pair
    return best


def fraction_pair(candidates: list[Figure], text: str) -> Pair | None:
    """For "what percentage of the observation times are ...", the part and whole of a fraction the paper prints
    ("131/137 of the observation times"), in the first sentence that prints one; None for any other question."""
    if not _SHARE.search(text):
        return None
    for part in candidates:
        if part.whole is not None:
            whole = next((f for f in candidates if f.sentence == part.sentence and f.value == part.whole
                          and f is not part), None)
            if whole is not None:
                return Pair(first=part, second=whole, score=0.0)
    return None


def runs_named(document: Document, rows: dict[int, Row], text: str, terms: frozenset[str],
               candidates: list[Figure]) -> list[int]:
    """Rows printed by a run the question names by a name no dictionary holds ("of vfit") that printed none of the
    ``candidates``, and labelled by a word of the question ("karno"): retrieval may have found only the other run."""
    names = {w.lower() for w in re.findall(r"(?<![\w.])[A-Za-z]+(?![\w(])", text)
             if (stems := analyze(w)) and not set(stems) & known_stems()}
    if not names:
        return []
    held = set().union(*(_run_words(document, i, rows) for i in {f.sentence for f in candidates if f.cell}))
    missing = names - held
    if not missing:
        return []
    return [j for j, row in rows.items() if _row_words(document, row) & terms
            and _run_words(document, j, rows) & missing]


def _row_words(document: Document, row: Row) -> frozenset[str]:
    """The words a row is labelled by: its label, else (a printed vector, ``## [1] 0.088 0.182``) its columns'
    names, numbers left out."""
    label = frozenset(analyze(row.label)) - numerals(row.label)
    if label or row.names:
        return label
    words = " ".join(aligned_columns(document, row))
    return frozenset(analyze(words)) - numerals(words) | identifiers(words)


def _run_words(document: Document, sentence: int, rows: dict[int, Row]) -> frozenset[str]:
    """The whole names in the commands that printed a row ("vfit2", not "vfit")."""
    return _names_in(" ".join(document.sentences[j].text for j in commands(document, sentence, rows)))


def _names_in(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z][\w.]*", text))


def _refit(a: Figure, b: Figure) -> bool:
    """Are ``a`` and ``b`` the same output line (label and column) printed by two runs in one section?"""
    return (a.cell and b.cell and a.names == b.names and a.section == b.section and a.sentence != b.sentence
            and a.source != b.source)


def _first_mention(text: str, terms: frozenset[str]) -> int:
    positions = [m.start() for t in terms for m in re.finditer(rf"\b{re.escape(t)}", text)]
    return min(positions) if positions else len(text)


def compute(pair: Pair, text: str, cite: Callable[[int], Citation | None]) -> Computation | None:
    """The operation the question asks of the pair, or None when it asks none this module does."""
    a, b = pair.first, pair.second
    if (up := _MORE.search(text)) or _LESS.search(text):  # "A larger than B" presumes A > B, however it is worded
        if (abs(a.value) < abs(b.value)) == bool(up):
            a, b = b, a
    op_a = Operand(name=a.label, value=a.value, unit=_operand_unit(a), citation=cite(a.sentence))
    op_b = Operand(name=b.label, value=b.value, unit=_operand_unit(b), citation=cite(b.sentence))
    try:
        if _SHARE.search(text):  # "what percentage of the observation times are ...": a part of a whole it counts
            if not a.counts & b.counts and not (a.unit in MONEY and a.unit == b.unit):
                return None  # no count of the same things (nor two amounts of one currency): a stated percentage
                # is the answer, if any
            part, whole = sorted((op_a, op_b), key=lambda op: abs(op.value))
            return calc.compute_share(part, whole)
        if _SUM.search(text):  # "what do the two AR coefficients add up to"
            return calc.compute_sum((op_a, op_b))
        if _asks_factor(text):
            if not _MORE.search(text) and not _LESS.search(text) and abs(b.value) > abs(a.value):
                op_a, op_b = op_b, op_a  # "by what factor did it grow / fall": the larger over the smaller
            return calc.compute_ratio(op_a, op_b)
        if _PERCENT_WORDS.search(text) and not _POINTS.search(text) and _says_change(text):
            if re.search(r"\b(?:from|between)\b", text, re.I) and not re.search(r"\bthan\b", text, re.I):
                growth = calc.compute_total_growth(op_a, op_b)  # "from A to B", "between A and B": B relative to A
                if growth.value < 0 and asks_fall(text):  # "by what percentage did it fall": the decline
                    return calc.compute_decline(op_a, op_b)
                return growth
            if _LESS.search(text) and not _MORE.search(text):  # "by what percent is A lower than B": how far
                return calc.compute_decline(op_b, op_a)  # below B it is, a positive share of B
            return calc.compute_total_growth(op_b, op_a)  # "A higher than B": A relative to B
        if _asks_difference(text) or _POINTS.search(text):
            return calc.compute_absolute_change(op_b, op_a)
    except CalculationError:
        return None
    return None


def _operand_unit(figure: Figure) -> str:
    """The unit an operand carries into the calculator: money (which it shows in billions, not in yuan), else none
    (a table cell has no unit of its own, and counts and percents are shown as printed)."""
    return figure.unit if figure.unit in MONEY else ""


def _fall_terms() -> frozenset[str]:
    return data_terms(FALL_WORDS.name)


def _compare_terms() -> frozenset[str]:
    return data_terms(COMPARE_VERBS.name)


def _movement_terms() -> frozenset[str]:
    """Terms of the words that say a figure went up or down, or stands against another (data/rise-words.txt,
    fall-words.txt, compare-verbs.txt): "jump", "slump", "overshoot"."""
    return change_terms() | _compare_terms()


def _says_change(text: str) -> bool:
    """The question speaks of a change or a comparison: a word of :data:`_CHANGE_WORDS` or of the movement lists."""
    return bool(_CHANGE_WORDS.search(text) or set(analyze(text)) & _movement_terms())


def _percent_change_asked(text: str) -> bool:
    """A change asked in percent: "what percentage ...", "percent change", or "percentage" before a word of
    movement ("a percentage jump")."""
    return bool(_PERCENT_ASKED.search(text) or any(set(analyze(m.group(1))) & _movement_terms()
                                                  for m in _PERCENT_BEFORE.finditer(text)))


def _asks_factor(text: str) -> bool:
    """A ratio asked: "how many times", "by what factor does ...", "the reduction factor in rows"; not "factor" as
    the modifier of a noun after it ("the stochastic discount factor test" names a test)."""
    return bool(_TIMES.search(text)) or any(m.group(1) is None or is_stopword(m.group(1).lower())
                                            for m in _FACTOR_CUE.finditer(text))


def _asks_difference(text: str) -> bool:
    """A difference: "the gap", "how much larger", or "by how much" with a verb that sets one figure against another
    ("by how much does the estimate overshoot the true value?"), not a stated change ("by how much did it drop?")."""
    return bool(_DIFFERENCE.search(text) or (_BY_HOW_MUCH.search(text) and set(analyze(text)) & _compare_terms()))


def asks_fall(text: str) -> bool:
    """Does the question ask how much something fell ("by what percentage does the RMSE fall?")?"""
    return bool(set(analyze(text)) & _fall_terms())


@functools.cache
def _true_phrases() -> tuple[re.Pattern[str], ...]:
    lines = TRUE_WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(rf"\b{re.escape(line.strip())}\b", re.I) for line in lines
                 if line.strip() and not line.startswith("#"))


def asks_true_value(text: str) -> bool:
    """Does the question ask for the value a parameter truly has ("the true value used to simulate the data")?"""
    return any(p.search(text) for p in _true_phrases())


def true_values(document: Document, text: str) -> list[Figure]:
    """The coefficients the paper's code sets a variable the question names by ("0.1" of ``y <- 0.1*w + e[,2]``
    for "the true coefficient on w"): each a figure named by that variable and by the question's "true value"."""
    said = {w for w in re.findall(r"(?<![\w.])[A-Za-z][\w.]*", text)}
    out = []
    for s in document.sentences:
        m = _ASSIGNED.match(s.text) if s.kind == "code" else None
        for t in _TIMES_NAME.finditer(m.group(1)) if m else ():
            if t.group(2) in said:
                out.append(Figure(value=float(t.group(1)), printed=t.group(1), sentence=s.index, section=s.section,
                                  names=frozenset(analyze("true")) | {t.group(2).lower()},
                                  label=f"true coefficient on {t.group(2)} (`{s.text.strip()}`)"))
    return out


def figures_of_variables(document: Document, sentence: int, rows: dict[int, Row],
                         variables: set[str]) -> list[tuple[Figure, str]]:
    """The figures a row prints of the ``variables`` (as the code spells them, "w"), each with its variable: the first
    figure of a row one labels (the estimate of a coefficients table, the lower bound of an interval), or the figure
    under a column one names (a printed vector of coefficients, ``coef(res3)``)."""
    row = rows[sentence]
    printed = figures(document, sentence, row, rows)
    if not printed:
        return []
    if row.label.lower() in variables:
        return [(printed[0], row.label.lower())]
    columns = aligned_columns(document, row)
    if row.label or len(columns) != len(row.values) or len(printed) != len(row.values):
        return []
    return [(f, c.lower()) for f, c in zip(printed, columns) if c.lower() in variables]


def asks_arithmetic(text: str) -> bool:
    """Does the question ask for a ratio, a share, a sum, a relative or an absolute difference of two figures (not
    for a figure that merely has a percent sign: "what hazard ratio ... for less than 65% of the dose")?"""
    return bool(_asks_factor(text) or _asks_difference(text) or _SHARE.search(text) or _SUM.search(text)
                or (_percent_change_asked(text) and _says_change(text)))


def answer(question: str, resolved: str, comp: Computation) -> Answer:
    """The computation as an Answer: each input named, valued and cited, then the formula."""
    citations = tuple(dict.fromkeys(op.citation for op in comp.inputs if op.citation is not None))
    numbered = tuple(dataclasses.replace(c, n=n) for n, c in enumerate(citations, 1))
    marks = {c.start: c.n for c in numbered}
    inputs = tuple(Operand(name=op.name, value=op.value, unit=op.unit, citation=next(
        (c for c in numbered if op.citation and c.start == op.citation.start), None), note=op.note) for op in comp.inputs)
    shown = [f"{op.name if op.name.startswith(_plain(op.value)) or op.unit in MONEY else f'{op.name} = {_plain(op.value)}'} "
             f"{citation_mark(marks[op.citation.start])}" for op in inputs if op.citation]
    text = f"From {' and '.join(shown)}: {comp.formula}."
    return Answer(question=question, text=text, abstained=False, citations=numbered,
                  computation=Computation(operation=comp.operation, value=comp.value, unit=comp.unit,
                                          formula=comp.formula, inputs=inputs, sentence=comp.sentence,
                                          decimals=comp.decimals, warnings=comp.warnings),
                  kind="computation", resolved_question=resolved)


def _plain(value: float) -> str:
    return f"{value:.10g}" if math.isfinite(value) else str(value)


_TABLE_NAMED = re.compile(r"\b([A-Za-z]+)\.?\s+(\d+)\b")


def table_named(text: str) -> str | None:
    """The table number a question names ("in Table 2", "in tbl 2": a common abbreviation of it), if any."""
    return next((m.group(2) for m in _TABLE_NAMED.finditer(text)
                 if (word := m.group(1).lower()) == "table" or common_abbreviations().get(word) == "table"), None)


def caption_terms(document: Document, table_of: Mapping[int, str],
                  terms: Callable[[int], frozenset[str]] | None = None) -> dict[str, frozenset[str]]:
    """Table number -> the terms of its caption ("Table 6: ... t3 Error, Constant Censoring ..."), for the captions
    among ``table_of`` (:func:`table_numbers`); ``terms`` gives a sentence's terms when the caller holds them
    already."""
    terms = terms or (lambda i: frozenset(analyze(document.sentences[i].text)))
    return {number: terms(i) for i, number in table_of.items() if TABLE_CAPTION.match(document.sentences[i].text)}


def described_table(captions: Mapping[str, frozenset[str]], terms: Iterable[str]) -> str | None:
    """The table a question describes by its caption's words without giving its number ("with t3 errors and constant
    censoring" of "Table 6: ... iid t3 Error, Constant Censoring Configuration"): of ``captions``
    (:func:`caption_terms`), the one holding the most of the question's terms, at least two, and of two holding as
    many the one whose terms fewer captions hold (a word of every caption tells none apart); None without such a
    caption (two tied: a question setting two tables against each other names words of both)."""
    if len(captions) < 2:
        return None
    asked = set(terms)
    held = {number: words & asked for number, words in captions.items()}

    def rank(number: str) -> tuple[int, float]:
        words = held[number]
        return len(words), math.fsum(math.log(len(captions) / sum(t in c for c in captions.values())) for t in words)

    best, second = sorted(held, key=rank, reverse=True)[:2]
    return best if len(held[best]) >= 2 and rank(best) > rank(second) else None


def asked_table(captions: Mapping[str, frozenset[str]], text: str, terms: Iterable[str]) -> str | None:
    """The table of the paper a question asks about: the one it names by number ("in Table 2"), else the one it
    describes by its caption's words (:func:`described_table`); None for a number the paper has no table of."""
    named = table_named(text)
    if named is not None:
        return named if named in captions else None
    return described_table(captions, terms)


def table_numbers(document: Document, sentences: Iterable[int]) -> dict[int, str]:
    """The number of the table each of ``sentences`` (table rows) belongs to: that of the nearest "Table N" caption
    on its page (:func:`~assistant.answer.cells.table_captions`); rows on a page without one are left out. The
    captions themselves are included."""
    return {i: TABLE_CAPTION.match(document.sentences[c].text).group(1)
            for i, c in table_captions(document, sentences).items()}

"""Computation requests: recognize one in a question, find its inputs in the facts table, compute, cite.

:func:`answer_computation` reads what is asked (the operation from cue words, the metric by name or alias, subjects,
years and ranges, numbers quoted from the paper, superlatives such as "the two fastest"), takes the inputs from the
facts table (the readings the checks chose, e.g. the corrected 2017 revenue), derives an input the paper does not
state when the stated figures determine it (a previous year's level from a level and its growth), computes with
:mod:`assistant.calc`, and returns an Answer whose operands cite the sentences they come from. A question for a
figure the paper states is not a computation (None: the passage composer quotes it); a request whose input is missing
gets an abstaining Answer that names the missing figure.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field, replace

import pandas as pd

from . import calc
from .errors import CalculationError
from .facts import (METRIC_ALIASES, SCOPES, Facts, SubjectIndex, citation_for, five_year_plan, metric_label,
                    period_of, tokens)
from .numbers import Quantity, format_number, read_numbers
from .question import years_in
from .types import Answer, Computation, Document, Operand

log = logging.getLogger(__name__)

__all__ = ["answer_computation", "parse_request", "Request"]

_OPS = (  # first match wins; matched against the question with metric names and input clauses blanked
    ("rescale", r"\binstead of\b|\brather than\b"),
    ("start_level", r"\b(?:starting|initial|beginning|opening|original)\s+(?:count|value|level|number|figure|amount)\b"
                    r"|\bstarted (?:from|at)\b"),
    ("cagr", r"\bcagr\b|\bcompound(?:ed)?\s+(?:annual\s+|average\s+)*(?:growth|rate)\b|\bannuali[sz]ed\b"
             r"|\baverage (?:annual|yearly) (?:compound )?growth\b|\bcompound annual\b"),
    ("avg_change", r"\bper (?:year|annum)\b|\b(?:a|each) year on average\b|\baverage (?:annual|yearly) (?:change|increase"
                   r"|rise|addition|gain|decline|decrease)\b|\bon average\b.*\b(?:a|per|each) year\b"),
    ("total_growth", r"\b(?:total|cumulative|overall|aggregate)\s+(?:\w+\s+)?growth\b|\bgr[eo]w(?:th)?\s+in total\b"
                     r"|\bby what (?:%|percent(?:age)?)|\bhow many percent\b|\bwhat percent(?:age)? (?:increase|rise"
                     r"|growth|change)\b|\bpercent(?:age)? (?:growth|increase|rise|change) (?:from|between)\b"
                     r"|\bcompounds?\b(?! (?:annual|growth|rate))"),
    ("margin", r"\bmargin\b"),
    ("ratio", r"\bhow many times\b|\btimes (?:as\b|the\b|larger|bigger|higher|greater|more)|\bratio\b|\bmultiple of\b"
              r"|-fold\b|\bdivided by\b"),
    ("difference", r"\bpp\b|\bpercentage[- ]points?\b|\bpoints?\b|\bgap\b|\bspread\b|\bhow far apart\b|\bdifference\b"
                   r"|\bbeat\b|\bexceed|\boutpace|\boutgr[eo]w|\b(?:faster|slower|higher|lower|bigger|smaller|larger|greater)"
                   r"\b[^?]*\bthan\b"),
    ("abs_change", r"\babsolute\b|\bhow (?:much|many)\b[^?]*\b(?:increase[ds]?|rise|rose|grow|grew|go up|went up|fall"
                   r"|fell|drop(?:ped)?|decline[ds]?|more|less|fewer|up|down)\b|\bby how (?:much|many)\b|\bchange in\b"),
    ("compare", r"\bcompare[ds]?\b|\bversus\b|\bvs\b\.?"),
    ("next", r"\bnext year\b|\bthe (?:year|one) after\b|\bfollowing year\b|\bkeeps? (?:on )?growing\b"
             r"|\bcontinues? to grow\b|\bat (?:the|this|that) (?:same )?(?:rate|pace)\b"),
    ("growth", r"\bpercent(?:age)? (?:growth|increase|rise|change)\b|\bgrowth rate\b|\bhow fast\b|\brate of growth\b"
               r"|\bgr[eo]w(?:th|s|ing)?\b"),
    ("share", r"\bwhat (?:share|proportion|fraction|percentage|slice)\b|\bas a (?:share|percentage|proportion|%)"
              r"|\bshare of\b|\bproportion of\b"),
)
_OP_RE = tuple((name, re.compile(pattern, re.I)) for name, pattern in _OPS)
_EXPLICIT = re.compile(r"\b(?:re-?compute|compute|calculate|derive[ds]?|deriving|implied|impl(?:y|ies)|back out|estimate"
                       r"|work out|going by|based on|using|if|would|verify|check|correct|right|consistent)\b", re.I)
_STATED_CUE = re.compile(r"\b(?:do|does|did) (?:the )?(?:authors?|paper|study|article|text|they) (?:report|state|give|say"
                         r"|cite|mention|quote)\b|\baccording to the (?:paper|authors)\b", re.I)
_INPUT_CLAUSE = re.compile(r"\b(?:implied by|derived from|going by|based on|using|given|from the (?:\d{4} |two |stated )?"
                           r"(?:figure|figures|numbers?|values?|endpoints?|endpoint values|count|level|data))\b[^,?;]*",
                           re.I)
_READING = re.compile(r",?\s*\bif (?:the|that|this|it)\b[^?.;]*?\b(?:is|are|was|were|means?|meant|read as|taken as)\s+"
                      r"(?:in\s+|as\s+|a\s+)?(?P<r>percentage[- ]points?|points|pp|relative|proportional|percent)\b[^?.;]*",
                      re.I)
_RELATIVE = {re.compile(r"\b(?:the )?(?:year|one year) (?:before|earlier|prior)\b|\bprevious year\b|\bprior year\b"
                        r"|\ba year (?:earlier|before)\b", re.I): -1,
             re.compile(r"\b(?:the )?year after\b|\bfollowing year\b|\bnext year\b|\ba year later\b", re.I): 1}
_RANK = re.compile(r"\b(?:(two|three|2|3)\s+)?(fastest|quickest|highest|largest|biggest|best|top|slowest|lowest|"
                   r"smallest|worst|bottom)(?:[- ]growing)?\b", re.I)
_TOP = frozenset({"fastest", "quickest", "highest", "largest", "biggest", "best", "top"})
_SUBSECTOR = re.compile(r"\bsub-?sectors?\b|\bsubsectors?\b|\bsegments?\b", re.I)
_NOT_COMPUTATION = re.compile(r"^\W*(?:(?:in|for|during|by) )?(?:which|who|whom|whose|where|why|when)\b|\bwhat year\b", re.I)
_QUANTITY_Q = re.compile(r"\bhow (?:many|much|big|large|fast|high)\b|\bwhat(?:'s|’s| is| was| were)\b(?! \w+ing\b)"
                         r"|\bwhat (?:share|proportion|percentage)\b|\b(?:19|20)\d\d\b", re.I)
_CAPS_OK = frozenset("""What Which Who When Where Why How Does Did Do Is Are Was Were Can Could Would Should If The
In On At Of For From To By With And Or Compute Recompute Calculate Estimate Derive Back Going Give Tell Show
Annualized Total Percentage Average Gap Spread By Total GDP CAGR FYP R&D RMB YoY I II III IV V VI Fig""".split())
_GENERIC_SUBJECT_WORDS = frozenset("""larger largest large big bigger biggest small smaller mid size sized medium leading
top major these those all other whole entire overall the its their listed eight domestic national new many more of in
for by with to at on from did do does are were was is have has how much what which number total sub sector""".split())
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONEY = frozenset({"yuan", "usd", "eur"})


class _Missing(Exception):
    """An input the paper does not give."""

    def __init__(self, base: str, subject: str, year: str, kind: str = "level") -> None:
        super().__init__(base, subject, year, kind)
        self.base, self.subject, self.year, self.kind = base, subject, year, kind


class _Decline(Exception):
    """Not a computation this router answers: let the composer handle the question."""


# -- what is asked -----------------------------------------------------------------------------------------------------
@dataclass
class Request:
    """The parts of a question the router acts on."""

    text: str
    op: str = "level"
    metrics: list[tuple[str, bool, int]] = field(default_factory=list)  # (base, growth?, position)
    subjects: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    asked_years: list[int] = field(default_factory=list)  # outside the clauses that name the inputs
    relative: int | None = None
    plan: tuple[int, int] | None = None
    quoted: list[tuple[Quantity, pd.Series | None]] = field(default_factory=list)
    duration: float | None = None
    ranks: list[str] = field(default_factory=list)
    sub_sectors: bool = False
    explicit: bool = False
    stated_cue: bool = False
    reading: str = ""
    scale: str = ""
    growth_words: bool = False


_CACHE: dict[tuple[int, int], tuple] = {}


def _vocabulary(facts: Facts, document: Document | None = None) -> tuple[tuple[tuple[re.Pattern, str], ...],
                                                                         SubjectIndex, frozenset[str]]:
    """Metric alias patterns (longest first), the subject index, and the metrics that are the whole of a share;
    built once per facts table and paper."""
    key = (id(facts), id(document))
    if key not in _CACHE:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = (_build_vocabulary(facts, document), facts, document)  # holding them keeps the ids unique
    return _CACHE[key][0]


def _build_vocabulary(facts: Facts, document: Document | None) -> tuple:
    table = facts.table
    pairs = [(alias, base) for base, aliases in METRIC_ALIASES.items() for alias in aliases]
    pairs += [(base.replace("_", " "), base) for base in table["base"].unique() if base and base not in METRIC_ALIASES]
    wholes = {_slug_whole(w) for w in table.loc[table["kind"] == "share", "whole"] if w}
    pairs += [(w.replace("_", " "), w) for w in wholes if w not in METRIC_ALIASES]
    pairs.sort(key=lambda p: -len(p[0]))
    patterns = tuple((re.compile(r"(?<![\w-])" + r"[\s-]+".join(map(re.escape, alias.split())) + r"(?:['’]s|s)?(?![\w-])",
                                 re.I), base) for alias, base in pairs)
    extra = tuple(s for s in table["subject"].unique() if s)
    return patterns, SubjectIndex.build(document, extra), frozenset(wholes)


def _slug_whole(whole: str) -> str:
    return "_".join(w for w in re.findall(r"[a-z0-9]+", whole.lower().replace("r&d", "rd")) if w not in {"the", "of"})


def parse_request(text: str, facts: Facts, document: Document | None = None) -> Request:
    """Read the operation, metrics, subjects, years and quoted numbers of a (resolved) question."""
    patterns, subjects, _ = _vocabulary(facts, document)
    req = Request(text=text)
    blanked = text
    for pattern, base in patterns:
        for m in pattern.finditer(blanked):
            after, before = text[m.end():m.end() + 30], text[max(0, m.start() - 25):m.start()]
            growth = bool(re.match(r"(?:['’]s)?\s+(?:grow|growth|grew|growing|grows)\b", after, re.I) or
                          re.search(r"\bgrowth(?: rate)? (?:of|in) (?:the )?$", before, re.I))
            req.metrics.append((base, growth, m.start()))
            blanked = blanked[:m.start()] + "M" * (m.end() - m.start()) + blanked[m.end():]
    req.metrics.sort(key=lambda x: x[2])
    found = subjects.find(blanked)
    named = [n for n, _, _ in found]
    req.subjects = list(dict.fromkeys(n for n in named if n not in SCOPES or len(set(named) - SCOPES) == 0))
    req.unknown = _unknown_subjects(text, found, subjects, blanked)
    req.years = list(years_in(text))
    for pattern, step in _RELATIVE.items():
        if pattern.search(text) and req.years:
            req.relative = (min(req.years) if step < 0 else max(req.years)) + step
    plan = re.search(r"\b(\d{1,2}(?:st|nd|rd|th)|[a-z]+)\s+(?:five[- ]year[- ]plan|fyp)\b", text, re.I)
    req.plan = five_year_plan(plan.group(1)) if plan else None
    for q in read_numbers(text):
        if q.unit == "year":
            continue
        if q.unit == "years":
            req.duration = q.value
            continue
        req.quoted.append((q, _fact_for(q, facts.table)))
    for m in _RANK.finditer(text):
        n = {"two": 2, "three": 3, "2": 2, "3": 3}.get((m.group(1) or "").lower(), 1)
        req.ranks += ["top" if m.group(2).lower() in _TOP else "bottom"] * n
    req.sub_sectors = bool(_SUBSECTOR.search(text))
    req.explicit = bool(_EXPLICIT.search(text))
    req.stated_cue = bool(_STATED_CUE.search(text))
    reading = _READING.search(blanked)
    if reading:
        req.reading = "relative" if reading.group("r").lower() in ("relative", "proportional", "percent") else "pp"
        blanked = blanked[:reading.start()] + blanked[reading.end():]
    elif re.search(r"\brelative (?:increase|rise|growth)\b", text, re.I):
        req.reading = "relative"
    scale = re.search(r"\b(thousand|million|billion|trillion)s?\b", text, re.I)
    req.scale = scale.group(1).lower() if scale else ""
    req.growth_words = bool(re.search(r"\bgr[eo]w(?:th|s|ing|n)?\b|\bfaster\b|\bslower\b", text, re.I))
    op_text = _INPUT_CLAUSE.sub(" ", blanked)
    req.op = next((name for name, pattern in _OP_RE if pattern.search(op_text)), "level")
    req.asked_years = list(years_in(op_text)) or req.years
    if req.op in ("level", "growth", "next") and _asks_for_whole(text, req, facts, document):
        req.op = "implied_whole"
    return req


def _asks_for_whole(text: str, req: Request, facts: Facts, document: Document | None) -> bool:
    """"What GDP does ... imply": the asked quantity is the whole of a stated share (not "share of GDP")."""
    wholes = _vocabulary(facts, document)[2]
    for base, _, pos in req.metrics:
        if base in wholes and not re.search(r"\b(?:of|to|relative to|in)\s+(?:the\s+)?(?:\d{4}\s+)?$", text[:pos], re.I):
            levels = facts.table[(facts.table["base"] == base) & (facts.table["kind"] == "level")]
            return levels.empty
    return False


def _unknown_subjects(text: str, found: list, subjects: SubjectIndex, blanked: str) -> list[str]:
    """Names in the question that are no subject of the paper's figures: "Sinopharm's", "India's",
    "trademark-intensive industries" (checked against the figures' sentences later)."""
    covered = [(s, e) for _, s, e in found]
    out = []
    for m in re.finditer(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+)*)", text):
        words = [w for w in m.group(1).split() if w not in _CAPS_OK]
        if words and not any(s <= m.start() < e for s, e in covered) and "M" not in blanked[m.start():m.end()]:
            out.append(" ".join(words))
    vocab = subjects.vocabulary
    for m in re.finditer(r"\b([\w-]+)\s+(?:industry|industries|sector|sectors|firms|companies|makers"
                         r"|manufacturers|enterprises)\b", text, re.I):
        words = [w for w in re.split(r"[\s-]+", m.group(1).lower()) if w]
        if any(s <= m.start(1) < e for s, e in covered) or all(w in _GENERIC_SUBJECT_WORDS for w in words):
            continue
        toks = [t for t, _, _ in tokens(m.group(1))]
        if toks and not all(t in vocab or t in _GENERIC_SUBJECT_WORDS for t in toks):
            out.append(m.group())
    return out


def _fact_for(q: Quantity, table: pd.DataFrame) -> pd.Series | None:
    """The stated figure a number quoted in the question names ("the 7 trillion market", "the 3% rise")."""
    value = q.value
    for _, row in table.iterrows():
        used = float(row["value_used"])
        same_kind = (q.unit == "%") == (row["unit"] == "%")
        if same_kind and (math.isclose(used, value, rel_tol=1e-6) or math.isclose(float(row["value"]), value,
                                                                                    rel_tol=1e-6)):
            return row
    return None


# -- the entry point ---------------------------------------------------------------------------------------------------
def answer_computation(question: str, resolved: str, facts: Facts, document: Document) -> Answer | None:
    """An Answer for a computation request (or for an input the paper lacks); None for anything else."""
    text = (resolved or question or "").strip()
    if not text or not any(ch.isalpha() for ch in text) or _NOT_COMPUTATION.search(text):
        return None
    try:
        req = parse_request(text, facts, document)
        if not req.metrics and not any(row is not None for _, row in req.quoted):
            return None
        return _Router(req, facts, document).answer(question, text)
    except _Decline:
        return None
    except Exception:  # a router bug must never take the answer down: the composer still answers
        log.exception("computation routing failed for %r", text)
        return None


def stated_sentences(text: str, facts: Facts, document: Document) -> frozenset[int]:
    """Start offsets of the sentences that state the figure a question asks for (its metric, and its year when
    one is named), so that the passage composer can quote the sentence that holds it."""
    try:
        req = parse_request(text, facts, document)
    except Exception:  # noqa: BLE001 - a hint only: the composer answers without it
        return frozenset()
    table = facts.table
    found: set[int] = set()
    for base, growth, _ in req.metrics:
        rows = table[table["base"] == base]
        rows = rows[rows["kind"].isin(("yoy_growth", "compound_growth", "change")) == growth]
        if req.asked_years:
            rows = rows[rows["year"].astype(str).str.contains("|".join(map(str, req.asked_years)))]
        found.update(int(x) for x in rows["sentence_start"])
    return frozenset(found)


@dataclass(frozen=True)
class _Value:
    """An input: a stated figure (one leaf, no steps) or one derived from stated figures."""

    operand: Operand
    leaves: tuple[str, ...]
    steps: tuple[Computation, ...] = ()
    parts: tuple[_Value, ...] = ()  # the inputs a derived value was computed from
    label: str = ""  # "2016 revenue of the bio-pharmaceutical industry" for a derived value


class _Router:
    """Answers one parsed request from the facts table."""

    def __init__(self, req: Request, facts: Facts, document: Document) -> None:
        self.req, self.facts, self.document = req, facts, document
        self.table = facts.table
        counts = self.table["subject"].value_counts()
        self.main = str(counts.index[0]) if len(counts) else ""
        self.refs: dict[int, tuple[int, pd.Series]] = {}  # sentence start -> (citation number, a row)
        self.corrected = {fid for check in facts.checks for fid, _, _ in check.corrections}

    # -- rows, subjects, stated and derived values ---------------------------------------------------------------------
    def rows(self, base: str, kinds: tuple[str, ...], subject: str | None = None, year: str | None = None,
             bounds: bool = False) -> pd.DataFrame:
        t = self.table
        mask = (t["base"] == base) & t["kind"].isin(kinds)
        if subject is not None:
            mask &= t["subject"] == subject
        if year is not None:
            mask &= t["year"] == str(year)
        if not bounds:
            mask &= t["bound"] == ""
        return t[mask]

    def subject_for(self, base: str) -> str:
        """The subject a question means: the one it names, else the paper's main subject if it has the metric, else
        the subject that has it."""
        named = [s for s in self.req.subjects if s not in SCOPES]
        if named:
            return named[0]
        have = list(dict.fromkeys(self.table.loc[self.table["base"] == base, "subject"]))
        return self.main if self.main in have or not have else have[0]

    def stated(self, row: pd.Series) -> _Value:
        name = metric_label(str(row["base"]))
        if row["kind"].endswith("growth"):
            name += " growth"
        elif row["kind"].endswith("change"):
            name = f"change in {name}"
        elif row["kind"] == "share":
            name = f"{name} share of {row['whole']}" if row["whole"] else f"{name} share"
        op = Operand(name=name, value=float(row["value_used"]), unit=str(row["unit_used"]) or "count",
                     year=str(row["year"]), citation=citation_for(self.document, row), note=str(row["id"]))
        return _Value(op, (str(row["id"]),))

    def level(self, base: str, subject: str, year: int, derive: bool = True) -> _Value:
        rows = self.rows(base, ("level",), subject, str(year), bounds=True)
        if not rows.empty:
            return self.stated(rows.iloc[0])
        if derive:
            for attempt in (self._from_next_year, self._from_period_change, self._from_previous_year):
                found = attempt(base, subject, year)
                if found is not None:
                    return found
        raise _Missing(base, subject, str(year))

    def _from_next_year(self, base: str, subject: str, year: int) -> _Value | None:
        """Last year's level from this year's level and its growth (or its change)."""
        nxt = self.rows(base, ("level",), subject, str(year + 1))
        if nxt.empty:
            return None
        current = self.stated(nxt.iloc[0])
        growth = self.rows(base, ("yoy_growth",), subject, str(year + 1))
        if not growth.empty:
            g = self.stated(growth.iloc[0])
            return self._derived(base, subject, year, calc.compute_implied_previous(current.operand, g.operand),
                                 current, g)
        change = self.rows(base, ("change", "count_change"), subject, str(year + 1))
        if change.empty:
            return None
        c = self.stated(change.iloc[0])
        if c.operand.unit == "%" and self.req.reading == "relative":
            comp = calc.compute_implied_previous(current.operand, c.operand)
        else:
            comp = _subtract(current.operand, c.operand, "pp" if c.operand.unit == "%" else "")
        return self._derived(base, subject, year, comp, current, c)

    def _from_period_change(self, base: str, subject: str, year: int) -> _Value | None:
        """The level at the start of a stated multi-year change ("an increase of N in seven years")."""
        for _, row in self.rows(base, ("count_change", "change"), subject).iterrows():
            span = period_of(row["year"])
            if span and span[0] != span[1] and not math.isnan(row["n_years"]) and span[1] - int(row["n_years"]) == year:
                end, c = self.level(base, subject, span[1], derive=False), self.stated(row)
                return self._derived(base, subject, year, _subtract(end.operand, c.operand, ""), end, c)
        return None

    def _from_previous_year(self, base: str, subject: str, year: int) -> _Value | None:
        prev = self.rows(base, ("level",), subject, str(year - 1))
        growth = self.rows(base, ("yoy_growth",), subject, str(year))
        if prev.empty or growth.empty:
            return None
        p, g = self.stated(prev.iloc[0]), self.stated(growth.iloc[0])
        return self._derived(base, subject, year, calc.compute_implied_next(p.operand, g.operand), p, g)

    def _derived(self, base: str, subject: str, year: int, comp: Computation, *inputs: _Value) -> _Value:
        op = Operand(name=metric_label(base), value=comp.value, unit=comp.unit, year=str(year),
                     note=f"not stated in the paper; derived: {comp.formula}")
        leaves = tuple(dict.fromkeys(x for v in inputs for x in v.leaves))
        steps = tuple(s for v in inputs for s in v.steps) + (comp,)
        return _Value(op, leaves, steps, inputs, f"{year} {metric_label(base)}{_of(subject)}")

    def notes(self, value: _Value, final: Computation) -> list[str]:
        """How each derived input on the way was obtained, with the markers of its own inputs."""
        out = [n for part in value.parts for n in self.notes(part, final)]
        if value.steps and value.steps[-1] is not final:
            out.append(f"The {value.label} is not stated in the paper; it is derived from "
                       f"{_join([self.show(p, bare=True) for p in value.parts])}: {value.steps[-1].formula}.")
        return out

    def growth(self, base: str, subject: str, year: int) -> _Value:
        """A year's growth: stated (then only a request to recompute gets an answer) or implied by the levels."""
        stated = not self.rows(base, ("yoy_growth",), subject, str(year)).empty
        if stated and not self.req.explicit:
            raise _Decline()
        if self.rows(base, ("level",), subject).empty:
            raise _Missing(base, subject, str(year), "yoy_growth")
        prev = self.level(base, subject, year - 1, derive=not stated)
        cur = self.level(base, subject, year, derive=not stated)
        return self._derived(base, subject, year, calc.compute_yoy_growth(prev.operand, cur.operand), prev, cur)

    def growth_or_stated(self, base: str, subject: str, year: int) -> _Value:
        rows = self.rows(base, ("yoy_growth",), subject, str(year))
        if not rows.empty:
            return self.stated(rows.iloc[0])
        prev, cur = self.level(base, subject, year - 1), self.level(base, subject, year)
        return self._derived(base, subject, year, calc.compute_yoy_growth(prev.operand, cur.operand), prev, cur)

    # -- text pieces with citation markers -----------------------------------------------------------------------------
    def ref(self, fid: str) -> int:
        row = self.facts.row(fid)
        start = int(row["sentence_start"])
        if start not in self.refs:
            self.refs[start] = (len(self.refs) + 1, row)
        return self.refs[start][0]

    def show(self, value: _Value, base: str = "", subject: str | None = None, *, year: bool = True,
             bare: bool = False) -> str:
        """"1,235 billion yuan in 2010 [1]", "growth of 17.21% in 2017 [1]"; ``bare``: "17.21% [1]"; a derived value
        says so."""
        if value.steps or len(value.leaves) != 1:
            op = value.operand
            when = f" in {op.year}" if year and not bare else ""
            return f"{_fmt(op.value, op.unit, self._scale(value))}{when}, derived below"
        row = self.facts.row(value.leaves[0])
        n = self.ref(value.leaves[0])
        shown, printed = self._shown(row)
        tail = f" [{n}]{printed}"
        if bare:
            return f"{shown}{tail}"
        label = metric_label(str(row["base"]))
        when = (f" over {row['year']}" if "-" in row["year"] else f" in {row['year']}") if row["year"] and year else ""
        who = "" if subject is None or row["subject"] == subject or not row["subject"] else f" for {_the(row['subject'])}"
        kind = row["kind"]
        if kind == "level":
            return f"{'' if row['base'] == base else label + ' of '}{shown}{when}{who}{tail}"
        if kind.endswith("growth"):
            compound = "compound " if kind == "compound_growth" else ""
            return f"{'' if row['base'] == base else label + ' '}{compound}growth of {shown}{when}{who}{tail}"
        if kind.endswith("change"):
            lead = "" if row["base"] == base else f" in {label}"
            return f"{'a decrease' if row['value'] < 0 else 'an increase'}{lead} of {shown}{when}{who}{tail}"
        if kind == "share":
            return f"{shown} of {row['whole'] or 'the total'}{when}{who}{tail}"
        return f"{shown}{when}{who}{tail}"

    def _shown(self, row: pd.Series) -> tuple[str, str]:
        """The figure as the calculator reads it, and a note with the printed form when the checks re-read it."""
        if row["id"] not in self.corrected:
            return str(row["printed"]), ""
        value, unit = float(row["value_used"]), str(row["unit_used"])
        if value == float(row["value"]) and unit != row["unit"]:
            return str(row["printed"]), f", read as {unit}"
        scale = "trillion" if row["scale"] == "trillion" and value == float(row["value"]) else "billion"
        number = f"{value / _SCALES[scale]:,.4f}".rstrip("0").rstrip(".") if unit in _MONEY else f"{value:g}"
        reading = f"{number} {scale} {unit}" if unit in _MONEY else f"{number}{unit}"
        return reading, f", printed as \"{row['printed']}\""

    def _scale(self, value: _Value) -> str:
        scales = [str(self.facts.row(f)["scale"]) for f in value.leaves]
        return "trillion" if scales and all(s == "trillion" for s in scales) else "billion"

    # -- the operations ------------------------------------------------------------------------------------------------
    def answer(self, question: str, text: str) -> Answer | None:
        req = self.req
        if req.stated_cue and not re.search(r"\b(?:re-?compute|calculate|compute|derive)\b", req.text, re.I):
            return None
        try:
            comp, values, template = getattr(self, f"_op_{req.op}")()
        except _Missing as missing:
            return self._missing(question, text, missing)
        except CalculationError as exc:
            log.info("calculation refused for %r: %s", text, exc)
            return None
        return self._answer(question, text, comp, values, template)

    def _base(self) -> tuple[str, bool]:
        if not self.req.metrics:
            row = next((r for _, r in self.req.quoted if r is not None), None)
            if row is None:
                raise _Decline()
            return str(row["base"]), row["kind"].endswith("growth")
        base, growth, _ = self.req.metrics[0]
        return base, growth

    def _quoted_rows(self, kinds: tuple[str, ...]) -> list[pd.Series]:
        return [r for _, r in self.req.quoted if r is not None and r["kind"] in kinds]

    def _check_subject(self, base: str, kind: str = "level") -> None:
        """A name none of the metric's figures is about ("Sinopharm's revenue"): say so rather than answer."""
        sentences = self.table.loc[self.table["base"] == base, "sentence"]
        for name in self.req.unknown:
            if not any(name.lower() in s.lower() for s in sentences) and _QUANTITY_Q.search(self.req.text):
                raise _Missing(base, name, str(self.req.years[0]) if self.req.years else "", f"subject:{kind}")

    def _op_level(self) -> tuple:
        req = self.req
        base, growth = self._base()
        self._check_subject(base)
        if growth:
            return self._op_growth()
        subject = self.subject_for(base)
        if req.ranks or not (req.years or req.relative):
            raise _Decline()
        candidates = [req.relative] if req.relative else req.years
        unstated = [y for y in candidates if self.rows(base, ("level",), subject, str(y), bounds=True).empty]
        if not unstated:
            raise _Decline()  # a stated figure: the composer quotes it
        target = unstated[0]
        value = self.level(base, subject, target)
        inputs = _join([self.show(self.stated(self.facts.row(f)), base, subject) for f in value.leaves])
        return value.steps[-1], [value], (f"Implied by {inputs}, the {target} {metric_label(base)}{_of(subject)} "
                                          f"is {{result}}.")

    def _op_start_level(self) -> tuple:
        base, _ = self._base()
        subject = self.subject_for(base)
        changes = self._quoted_rows(("count_change", "change")) or [
            r for _, r in self.rows(base, ("count_change", "change"), subject).iterrows() if "-" in r["year"]]
        if not changes or math.isnan(changes[0]["n_years"]):
            raise _Decline()
        end_year = period_of(changes[0]["year"])[1]
        n = int(self.req.duration or changes[0]["n_years"])
        value = self.level(base, subject, end_year - n)
        inputs = _join([self.show(self.stated(self.facts.row(f)), base, subject) for f in value.leaves])
        return value.steps[-1], [value], (f"Implied by {inputs}, the {metric_label(base)}{_of(subject)} at the start "
                                          f"of the {n} years to {end_year} (that is, in {end_year - n}) was {{result}}.")

    def _op_growth(self) -> tuple:
        req = self.req
        base, _ = self._base()
        subject = self.subject_for(base)
        years = [req.relative] if req.relative else req.asked_years
        if req.ranks or len([s for s in req.subjects if s not in SCOPES]) > 1 or not years:
            raise _Decline()
        if len(set(years)) >= 2:  # "how much did revenue grow from 2015 to 2017"
            return self._op_total_growth()
        value = self.growth(base, subject, years[0])
        inputs = _join([self.show(self.stated(self.facts.row(f)), base, subject) for f in value.leaves])
        return value.steps[-1], [value], (f"Implied by {inputs}, the growth in {metric_label(base)}{_of(subject)} in "
                                          f"{years[0]} is {{result}}.")

    def _endpoints(self, base: str, subject: str) -> tuple[_Value, _Value]:
        """The first and last point of a period: figures quoted in the question, the years it names, its Five-Year
        Plan, or the stated multi-year change its duration points to."""
        req = self.req
        points: dict[str, _Value] = {str(r["year"]): self.stated(r) for r in self._quoted_rows(("level",))}
        years = [y for y in req.years if str(y) not in points]
        if req.plan and len(points) + len(years) < 2:
            years += [y for y in req.plan if str(y) not in points and y not in years]
        if len(points) + len(years) < 2 and req.duration:
            for _, row in self.rows(base, ("count_change", "change"), subject).iterrows():
                span = period_of(row["year"])
                if span and row["n_years"] == req.duration:
                    years = [span[1] - int(row["n_years"]), span[1]]
        for y in sorted(set(years)):
            points[str(y)] = self.level(base, subject, y)
        ordered = [points[k] for k in sorted(points)]
        if len(ordered) < 2:
            raise _Decline()
        return ordered[0], ordered[-1]

    def _op_cagr(self) -> tuple:
        req = self.req
        base, _ = self._base()
        self._check_subject(base)
        subject = self.subject_for(base)
        for row in self._quoted_rows(("compound_growth",)):  # "is the 16.70% CAGR right?": its own period
            if not req.years and not req.plan and "-" in row["year"]:
                req.years = list(period_of(row["year"]))
        spans = [f"{req.plan[0]}-{req.plan[1]}"] if req.plan else []
        spans += [f"{min(req.years)}-{max(req.years)}"] if len(set(req.years)) >= 2 else []
        if not req.explicit and any(not self.rows(base, ("compound_growth",), subject, s).empty for s in spans):
            raise _Decline()  # the paper states this rate: the composer quotes it
        a, b = self._endpoints(base, subject)
        stated = self.rows(base, ("compound_growth",), subject, f"{a.operand.year}-{b.operand.year}")
        if not stated.empty and not req.explicit:
            raise _Decline()
        comp = calc.compute_cagr(a.operand, b.operand, int(b.operand.year) - int(a.operand.year))
        paper = f"; the paper states {self.show(self.stated(stated.iloc[0]), bare=True)}" if not stated.empty else ""
        return comp, [a, b], (f"The compound annual growth rate of {metric_label(base)}{_of(subject)} from "
                              f"{a.operand.year} ({self.show(a, bare=True)}) to {b.operand.year} "
                              f"({self.show(b, bare=True)}) is {{result}}{paper}.")

    def _op_total_growth(self) -> tuple:
        base, _ = self._base()
        subject = self.subject_for(base)
        rate = self._quoted_rows(("compound_growth", "yoy_growth"))
        if rate:  # "if 23.32% compounds for 5 years"
            row = rate[0]
            n = self.req.duration or (None if math.isnan(row["n_years"]) else row["n_years"])
            if not n:
                raise _Decline()
            value = self.stated(row)
            return _compound(value.operand, n), [value], (
                f"Compounding the growth of {metric_label(str(row['base']))}{_of(str(row['subject']))} over "
                f"{row['year'] or 'the period'}, {self.show(value, bare=True)} a year, for {n:g} years gives a "
                f"cumulative growth of {{result}}.")
        a, b = self._endpoints(base, subject)
        comp = calc.compute_total_growth(a.operand, b.operand)
        if a.operand.name == b.operand.name:
            return comp, [a, b], (f"The total growth of {metric_label(base)}{_of(subject)} from {a.operand.year} "
                                  f"({self.show(a, bare=True)}) to {b.operand.year} ({self.show(b, bare=True)}) "
                                  f"is {{result}}.")
        return comp, [a, b], (f"The growth from {self.show(a, '', subject)} to {self.show(b, '', subject)} is "
                              f"{{result}}.")

    def _op_avg_change(self) -> tuple:
        base, _ = self._base()
        subject = self.subject_for(base)
        a, b = self._endpoints(base, subject)
        comp = calc.compute_average_annual_change(a.operand, b.operand, int(b.operand.year) - int(a.operand.year))
        return comp, [a, b], (f"The average annual change in {metric_label(base)}{_of(subject)} from {a.operand.year} "
                              f"({self.show(a, bare=True)}) to {b.operand.year} ({self.show(b, bare=True)}) "
                              f"is {{result}}.")

    def _op_abs_change(self) -> tuple:
        req = self.req
        base, _ = self._base()
        subject = self.subject_for(base)
        if len({s for s in req.subjects if s not in SCOPES}) > 1 or len({m[0] for m in req.metrics}) > 1:
            return self._op_difference()
        years = sorted(set(req.years + ([req.relative] if req.relative else [])))
        if not years:
            raise _Decline()
        if len(years) == 1 or years[-1] - years[0] == 1:  # a change the paper may state itself
            absolute = re.search(r"\babsolute\b|\b(?:thousand|million|billion|trillion|yuan)s?\b", req.text, re.I)
            stated = self.table[(self.table["base"] == base) & (self.table["subject"] == subject)
                                & self.table["kind"].str.contains("change" if absolute else "change|growth")
                                & (self.table["year"] == str(years[-1]))]
            if not stated.empty and not req.explicit:
                raise _Decline()
        req.years = [years[0] - 1, years[0]] if len(years) == 1 else years
        stated = self.rows(base, ("count_change", "change"), subject, f"{req.years[0]}-{req.years[-1]}")
        if not stated.empty and not req.explicit:
            raise _Decline()  # "a total increase of 2,023" over that period is stated
        a, b = self._endpoints(base, subject)
        period = self.rows(base, ("count_change", "change"), subject, f"{a.operand.year}-{b.operand.year}")
        if not period.empty and not req.explicit:
            raise _Decline()
        comp = calc.compute_absolute_change(a.operand, b.operand)
        return comp, [a, b], (f"The change in {metric_label(base)}{_of(subject)} from {a.operand.year} "
                              f"({self.show(a, bare=True)}) to {b.operand.year} ({self.show(b, bare=True)}) "
                              f"is {{result}}.")

    def _pair(self) -> tuple[_Value, _Value]:
        """Two figures to compare: by rank ("the two fastest"), by subject, by metric, or by year."""
        req = self.req
        base, growth = self._base()
        growth = growth or req.growth_words
        kinds = ("yoy_growth",) if growth else ("level",)
        year = str(req.years[0]) if len(set(req.years)) == 1 else None
        values: list[_Value] = []
        if req.ranks:
            pool = self.rows(base, kinds, None, year)
            pool = pool[pool["subject"] != self.main] if (pool["subject"] != self.main).sum() >= 2 else pool
            used: set[str] = set()
            for rank in req.ranks[:2]:
                left = pool[~pool["id"].isin(used)]
                ranked = left[left["rank"] == rank]
                ranked = ranked if not ranked.empty else left
                if ranked.empty:
                    raise _Decline()
                row = ranked.sort_values("value_used", ascending=(rank == "bottom")).iloc[0]
                used.add(row["id"])
                values.append(self.stated(row))
        named = [s for s in req.subjects if s not in SCOPES][:2 - len(values)]
        if len(values) + len(named) >= 2:
            for subject in named:
                rows = self.rows(base, kinds, subject, year)
                if rows.empty:
                    raise _Missing(base, subject, year or "", kinds[0])
                values.append(self.stated(rows.iloc[0]))
        if len(values) < 2:
            bases = list(dict.fromkeys(m[0] for m in req.metrics))
            if len(bases) >= 2 and year:
                values = [self.growth_or_stated(b, self.subject_for(b), int(year)) if growth else
                          self.level(b, self.subject_for(b), int(year)) for b in bases[:2]]
            elif len(set(req.years)) >= 2 and not growth:
                subject = self.subject_for(base)
                values = [self.level(base, subject, y) for y in list(dict.fromkeys(req.years))[:2]]
        if len(values) < 2:
            raise _Decline()
        return values[0], values[1]

    def _op_difference(self) -> tuple:
        a, b = self._pair()
        same_series = a.operand.name == b.operand.name and self._subject(a) == self._subject(b)
        if same_series and a.operand.year > b.operand.year or not same_series and a.operand.value < b.operand.value:
            a, b = b, a
        if a.operand.unit == "%" and b.operand.unit == "%" and not same_series:
            comp = calc.compute_pp_difference(a.operand, b.operand)
        else:
            comp = calc.compute_absolute_change(b.operand, a.operand) if not same_series else \
                calc.compute_absolute_change(a.operand, b.operand)
        if same_series:
            return comp, [a, b], (f"The change in {a.operand.name}{_of(self._subject(a))} from {a.operand.year} "
                                  f"({self.show(a, bare=True)}) to {b.operand.year} ({self.show(b, bare=True)}) is "
                                  f"{{result}}.")
        return comp, [a, b], (f"{self._both(a, b)} differ by {{result}}: {self.show(a, bare=True)} against "
                              f"{self.show(b, bare=True)}.")

    def _op_compare(self) -> tuple:
        """"compare X with Y", "2017 vs 2016": a change over time, else a difference."""
        req = self.req
        if len({s for s in req.subjects if s not in SCOPES}) < 2 and len({m[0] for m in req.metrics}) < 2 and \
                not req.ranks:
            return self._op_abs_change()
        return self._op_difference()

    def _op_ratio(self) -> tuple:
        a, b = self._pair()
        comp = calc.compute_ratio(a.operand, b.operand)
        first = self._who(a)
        return comp, [a, b], (f"{first[:1].upper()}{first[1:]} ({self.show(a, bare=True)}) is {{result}} "
                              f"{self._who(b)} ({self.show(b, bare=True)}).")

    def _subject(self, value: _Value) -> str:
        return str(self.facts.row(value.leaves[0])["subject"]) if value.leaves else ""

    def _who(self, value: _Value) -> str:
        op = value.operand
        return f"the {op.year} {op.name}{_of(self._subject(value))}"

    def _both(self, a: _Value, b: _Value) -> str:
        sa, sb = self._subject(a), self._subject(b)
        if a.operand.name == b.operand.name and a.operand.year == b.operand.year:
            return f"The {a.operand.year} {a.operand.name} of {_the(sa)} and of {_the(sb)}"
        if sa == sb and a.operand.year == b.operand.year:
            return f"The {a.operand.year} {a.operand.name} and {b.operand.name}{_of(sa)}"
        return f"{self._who(a)[:1].upper()}{self._who(a)[1:]} and {self._who(b)}"

    def _op_margin(self) -> tuple:
        req = self.req
        bases = list(dict.fromkeys(m[0] for m in req.metrics))
        profit = next((b for b in bases if "profit" in b), None)
        revenue = next((b for b in bases if b != profit), "revenue" if "revenue" in set(self.table["base"]) else None)
        if not profit or not revenue or not req.years:
            raise _Decline()
        year = req.years[0]
        subject = self.subject_for(profit)
        p, r = self.level(profit, subject, year), self.level(revenue, subject, year)
        comp = calc.compute_margin(p.operand, r.operand)
        return comp, [p, r], (f"The {year} {metric_label(profit)} margin{_of(subject)} is {{result}}: "
                              f"{metric_label(profit)} of {self.show(p, bare=True)} over {metric_label(revenue)} of "
                              f"{self.show(r, bare=True)}.")

    def _op_share(self) -> tuple:
        req = self.req
        bases = list(dict.fromkeys(m[0] for m in req.metrics))
        if len(bases) < 2:
            raise _Decline()
        first = req.metrics[0][2]
        whole_first = re.search(r"\b(?:share|proportion|percentage|fraction|part|%) of\s+(?:the\s+)?(?:\d{4}\s+)?$",
                                req.text[:first], re.I)
        part, whole = (bases[1], bases[0]) if whole_first or _is_whole(bases[0], self.table) else (bases[0], bases[1])
        self._check_subject(part, "share")
        if not req.years:
            raise _Decline()
        if not self.table[(self.table["base"] == part) & (self.table["kind"] == "share")].empty and not req.explicit:
            raise _Decline()
        year = req.years[0]
        a, b = self.level(part, self.subject_for(part), year), self.level(whole, self.subject_for(whole), year)
        return calc.compute_share(a.operand, b.operand), [a, b], (f"{self._who(a)[:1].upper()}{self._who(a)[1:]} "
                                                                  f"({self.show(a, bare=True)}) is {{result}} of "
                                                                  f"{self._who(b)} ({self.show(b, bare=True)}).")

    def _op_implied_whole(self) -> tuple:
        req = self.req
        whole = next(m[0] for m in req.metrics if _is_whole(m[0], self.table))
        shares = [r for r in self._quoted_rows(("share",)) if _slug_whole(r["whole"]) == whole]
        if not shares:
            year = str(req.years[0]) if req.years else ""
            rows = self.table[(self.table["kind"] == "share") & (self.table["whole"].map(_slug_whole) == whole)
                              & (self.table["year"] == year)]
            named = rows[rows["base"].isin([m[0] for m in req.metrics])]
            rows = named if not named.empty else rows
            if rows.empty:
                raise _Missing(whole, "", year, "share")
            shares = [rows.iloc[0]]
        row = shares[0]
        share = self.stated(row)
        parts = [r for r in self._quoted_rows(("level",)) if r["unit_used"] in _MONEY]
        part = self.stated(parts[0]) if parts else self.level(str(row["base"]), str(row["subject"]), int(row["year"]))
        comp = _implied_whole(part.operand, share.operand, metric_label(whole), self._scale(part))
        part_label = metric_label(str(parts[0]["base"] if parts else row["base"]))
        return comp, [part, share], (f"The {metric_label(whole)} implied for {row['year']} by {part_label} of "
                                     f"{self.show(part, bare=True)} at {self.show(share, bare=True)} of "
                                     f"{metric_label(whole)} is {{result}}.")

    def _op_rescale(self) -> tuple:
        req = self.req
        pct = [q for q, _ in req.quoted if q.unit == "%"]
        year = str(req.years[0]) if req.years else ""
        actual = next((r for _, r in req.quoted if r is not None and r["kind"] == "share" and r["year"] == year), None)
        if len(pct) < 2 or actual is None:
            raise _Decline()
        hypothetical = next((q for q in pct if not math.isclose(q.value, float(actual["value_used"]))), None)
        if hypothetical is None:
            raise _Decline()
        share = self.stated(actual)
        part = self.level(str(actual["base"]), str(actual["subject"]), int(year))
        given = Operand(name="share given in the question", value=hypothetical.value, unit="%", year=year,
                        note="given in the question, not a figure of the paper")
        comp = _rescale(part.operand, share.operand, given, metric_label(_slug_whole(str(actual["whole"]))))
        return comp, [part, share], (f"At {hypothetical.raw} of {actual['whole']} instead of the stated "
                                     f"{self.show(share, bare=True)}, the {year} {metric_label(str(actual['base']))}"
                                     f"{_of(str(actual['subject']))} ({self.show(part, bare=True)}) would have been "
                                     f"{{result}}.")

    def _op_next(self) -> tuple:
        base, _ = self._base()
        subject = self.subject_for(base)
        years = sorted(set(self.req.years))
        if not years:
            raise _Decline()
        last = years[-1] if not self.rows(base, ("level",), subject, str(years[-1])).empty else years[-1] - 1
        current = self.level(base, subject, last)
        growth = self.rows(base, ("yoy_growth",), subject, str(last))
        if growth.empty:
            raise _Missing(base, subject, str(last), "yoy_growth")
        rate = self.stated(growth.iloc[0])
        comp = calc.compute_implied_next(current.operand, rate.operand)
        comp = replace(comp, warnings=comp.warnings + (
            f"assumes the {last} growth of {rate.operand.value:g}% continues in {last + 1}; the paper gives no "
            f"{last + 1} figure",))
        return comp, [current, rate], (f"If {metric_label(base)}{_of(subject)} grew in {last + 1} as it did in {last} "
                                       f"({self.show(rate, bare=True)}), it would rise from "
                                       f"{self.show(current, bare=True)} in {last} to {{result}}.")

    # -- answers -------------------------------------------------------------------------------------------------------
    def _answer(self, question: str, text: str, comp: Computation, values: list[_Value], template: str) -> Answer:
        leaves = list(dict.fromkeys(x for v in values for x in v.leaves))
        notes = [n for v in values for n in self.notes(v, comp)]
        for fid in leaves:
            self.ref(fid)
        citations = {n: citation_for(self.document, row, n) for n, row in self.refs.values()}
        inputs = []
        for fid in leaves:
            op = self.stated(self.facts.row(fid)).operand
            inputs.append(replace(op, citation=citations[self.ref(fid)]))
        steps = [s for v in values for s in v.steps if s is not comp]
        final = comp if not steps else replace(comp, formula="; ".join([s.formula for s in steps] + [comp.formula]))
        warnings = list(final.warnings)
        for fid in leaves:
            for check in self.facts.checks_for(fid):
                flags = check.facts[0] == fid or any(c[0] == fid for c in check.corrections)
                note = f"{check.explanation} Calculator: {check.reading}"
                if check.severity == "warning" and flags and note not in warnings:
                    warnings.append(note)
        final = _display(replace(final, inputs=tuple(inputs), warnings=tuple(warnings)),
                         [self.facts.row(f) for f in leaves], self.req.scale)
        body = template.replace("{result}", _value_text(final))
        body = " ".join([body[:1].upper() + body[1:], *dict.fromkeys(notes)])
        ordered = tuple(citations[n] for n in sorted(citations))
        return Answer(question=question, text=body, abstained=False, citations=ordered, computation=final,
                      kind="computation", resolved_question=text)

    def _missing(self, question: str, text: str, missing: _Missing) -> Answer | None:
        """Which figure the paper does not give, and the ones it does."""
        base = missing.base
        kind = missing.kind.partition(":")[2] or missing.kind if missing.kind.startswith("subject") else missing.kind
        label = metric_label(base) + (" growth" if kind.endswith("growth") else " as a share" if kind == "share" else "")
        rows = self.table[(self.table["base"] == base) & (self.table["kind"] == kind) & (self.table["bound"] == "")]
        if not self.req.metrics or rows.empty:
            return None
        where = "" if not missing.subject or missing.subject == self.main else (
            f" for {missing.subject}" if missing.kind.startswith("subject") else _of(missing.subject))
        if kind == "share" and not rows.empty and rows.iloc[0]["whole"]:
            label += f" of {rows.iloc[0]['whole']}"
        when = f" {'in' if where.startswith(' for') else 'for'} {missing.year}" if missing.year else ""
        same = rows[rows["subject"] == missing.subject]
        if not missing.kind.startswith("subject") and not same.empty:
            given = [f"{r['year'] or 'undated'} ({self._figure(r)})" for _, r in same.iterrows()]
            message = f"The paper does not give {label}{where}{when}; it states {_join(given)}."
        else:
            by_subject: dict[str, list[str]] = {}
            for _, r in rows.iterrows():
                by_subject.setdefault(r["subject"], []).append(
                    f"{r['year'] + ': ' if r['year'] else ''}{self._figure(r)}")
            given = [f"{_the(s) or 'no named subject'} ({'; '.join(v)})" for s, v in by_subject.items()]
            message = f"The paper does not give {label}{where}{when}; it states {label} only for {_join(given)}."
        if self.req.op in ("level", "growth") and not self.req.explicit:  # a figure question: the composer's way
            message = "The paper does not say. It" + message[len("The paper"):]
        related = tuple(citation_for(self.document, r, n) for n, (_, r) in
                        enumerate(rows.drop_duplicates("sentence_start").iterrows(), 1))
        return Answer(question=question, text=message, abstained=True, related=related, kind="computation",
                      resolved_question=text)

    def _figure(self, row: pd.Series) -> str:
        shown, printed = self._shown(row)
        return shown + printed


# -- computations calc.py has no function for, in its style --------------------------------------------------------------
def _subtract(current: Operand, change: Operand, unit_hint: str) -> Computation:
    """The previous value from a value and its absolute change (a count, or percentage points)."""
    value = current.value - change.value
    points = " percentage points" if unit_hint == "pp" else ""
    formula = (f"Previous = {_fmt(current.value, current.unit)} − {_fmt(change.value, change.unit).rstrip('%')}"
               f"{' pp' if points else ''} = {_fmt(value, current.unit)}")
    sentence = (f"With {current.name} at {_fmt(current.value, current.unit)} after a change of "
                f"{_fmt(change.value, change.unit).rstrip('%')}{points}, the previous value was "
                f"{_fmt(value, current.unit)}.")
    warnings = ("the change is printed in % and read as percentage points",) if points else ()
    return Computation(operation="implied_previous", value=value, unit=current.unit, formula=formula,
                       inputs=(current, change), sentence=sentence, warnings=warnings)


def _compound(rate: Operand, years: float) -> Computation:
    total = ((1 + rate.value / 100) ** years - 1) * 100
    if not math.isfinite(total):
        raise CalculationError(f"compounding {rate.value!r}% for {years!r} years is not finite")
    formula = f"Total growth = (1 + {rate.value:g}%)^{years:g} − 1 = {format_number(total)}%"
    sentence = f"A growth of {format_number(rate.value)}% a year compounded over {years:g} years is {format_number(total)}%."
    return Computation(operation="compounded_growth", value=total, unit="%", formula=formula, inputs=(rate,),
                       sentence=sentence)


def _implied_whole(part: Operand, share: Operand, whole: str, scale: str = "billion") -> Computation:
    if share.value == 0:
        raise CalculationError(f"an implied whole needs a non-zero share; {share.name!r} is 0")
    value = part.value / (share.value / 100)
    formula = f"{whole} = {_fmt(part.value, part.unit, scale)} / {share.value:g}% = {_fmt(value, part.unit, scale)}"
    sentence = f"If {_fmt(part.value, part.unit, scale)} is {share.value:g}% of {whole}, {whole} is " \
               f"{_fmt(value, part.unit, scale)}."
    return Computation(operation="implied_whole", value=value, unit=part.unit, formula=formula, inputs=(part, share),
                       sentence=sentence)


def _rescale(part: Operand, actual: Operand, hypothetical: Operand, whole: str) -> Computation:
    if actual.value == 0:
        raise CalculationError("rescaling to another share needs a non-zero stated share")
    base = part.value / (actual.value / 100)
    value = base * hypothetical.value / 100
    formula = (f"{whole} = {_fmt(part.value, part.unit)} / {actual.value:g}% = {_fmt(base, part.unit)}; "
               f"{hypothetical.value:g}% × {_fmt(base, part.unit)} = {_fmt(value, part.unit)}")
    sentence = (f"At {hypothetical.value:g}% instead of {actual.value:g}% of {whole}, {part.name} would be "
                f"{_fmt(value, part.unit)}.")
    return Computation(operation="share_rescaled", value=value, unit=part.unit, formula=formula,
                       inputs=(part, actual, hypothetical), sentence=sentence)


# -- text ----------------------------------------------------------------------------------------------------------------
def _the(subject: str) -> str:
    return f"the {subject}" if re.search(r"(?:industry|sector|market|countries)$", subject) else subject


def _of(subject: str) -> str:
    return f" of {_the(subject)}" if subject else ""


def _fmt(value: float, unit: str, scale: str = "billion") -> str:
    if unit == "%":
        return f"{format_number(value)}%"
    if unit in _MONEY:
        return f"{format_number(value / _SCALES[scale])} {scale} {unit}"
    return f"{value:,.0f}" if float(value).is_integer() else format_number(value)


def _is_whole(base: str, table: pd.DataFrame) -> bool:
    wholes = {_slug_whole(w) for w in table.loc[table["kind"] == "share", "whole"] if w}
    return base in wholes and table[(table["base"] == base) & (table["kind"] == "level")].empty


def _display(comp: Computation, rows: list[pd.Series], requested: str) -> Computation:
    """Money results in the scale the paper prints its inputs in, or the one the question asks for."""
    base_unit = comp.unit.replace(" per year", "")
    if base_unit not in _MONEY:
        return comp
    scales = [str(r["scale"]) if float(r["value_used"]) == float(r["value"]) else "billion"
              for r in rows if r["unit_used"] in _MONEY and r["scale"] in _SCALES]
    scale = requested if requested in _SCALES else (
        max(set(scales), key=lambda s: (scales.count(s), -_SCALES[s])) if scales else "billion")
    return replace(comp, value=comp.value / _SCALES[scale], unit=comp.unit.replace(base_unit, f"{scale} {base_unit}", 1))


def _value_text(comp: Computation) -> str:
    unit = comp.unit
    if unit == "%":
        return f"{format_number(comp.value)}%"
    if unit == "pp":
        return f"{format_number(comp.value)} percentage points"
    if unit == "x":
        return f"{format_number(comp.value)} times"
    if any(m in unit for m in _MONEY):
        return f"{format_number(comp.value)} {unit}"
    number = f"{comp.value:,.0f}" if float(comp.value).is_integer() else format_number(comp.value)
    rest = unit.replace("count", "").strip()
    return f"{number} {rest}".strip()


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""

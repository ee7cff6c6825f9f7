"""The router's view of the facts table for one request: the inputs an operation takes (stated figures, or derived
from stated figures when those determine them), and the text pieces that show them with citation markers.

An input the paper does not give raises :class:`Missing` (the answer names it); a request this router does not
answer raises :class:`Decline` (the passage composer answers it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .. import calc
from ..facts import Facts, citation_for, format_amount, period_of
from ..numbers import Quantity, format_number
from ..units import MONEY as _MONEY
from ..units import SCALE_WORDS
from ..types import Computation, Document, Operand, citation_mark
from .request import Request, slug_whole

_QUANTITY_Q = re.compile(r"\bhow (?:many|much|big|large|fast|high)\b|\bwhat(?:'s|’s| is| was| were)\b(?! \w+ing\b)"
                         r"|\bwhat (?:share|proportion|percentage)\b|\b(?:19|20)\d\d\b", re.I)
MONEY = frozenset(_MONEY)
DERIVED_SCALE = "billion"  # money derived on the way to a result is shown in billions
GIVEN = "given in the question, not a figure of the paper"


class Missing(Exception):
    """An input the paper does not give."""

    def __init__(self, base: str, subject: str, year: str, kind: str = "level") -> None:
        super().__init__(base, subject, year, kind)
        self.base, self.subject, self.year, self.kind = base, subject, year, kind


class Decline(Exception):
    """Not a computation this router answers: let the composer handle the question."""


@dataclass(frozen=True)
class Value:
    """An input: a stated figure (one leaf, no steps) or one derived from stated figures."""

    operand: Operand
    leaves: tuple[str, ...]
    steps: tuple[Computation, ...] = ()
    parts: tuple[Value, ...] = ()  # the inputs a derived value was computed from
    label: str = ""  # "2016 revenue of the bio-pharmaceutical industry" for a derived value


Outcome = tuple[Computation, list[Value], str]  # what an operation returns: the result, its inputs, the answer template


def given_value(q: Quantity, unit: str, year: int | str = "", *, name: str = "figure", label: str = "") -> Value:
    """A figure the question itself gives (a target, a count of its own, an amount it supposes), in ``unit`` unless it
    carries a unit of its own; ``label`` is how an answer shows it (as typed)."""
    op = Operand(name=f"{name} given in the question", value=q.value, unit=unit if q.unit in ("", "count") else q.unit,
                 year=str(year), note=GIVEN)
    return Value(op, (), label=label)


class Router:
    """Answers one parsed request from the facts table."""

    def __init__(self, req: Request, facts: Facts, document: Document) -> None:
        self.req, self.facts, self.document = req, facts, document
        self.table = facts.table
        self.scopes = facts.vocabulary.scopes  # subjects that are the scope of the others, not rivals to them
        self.label = facts.vocabulary.label  # how an answer names a metric
        self.main = facts.main_subject
        self.refs: dict[int, tuple[int, pd.Series]] = {}  # sentence start -> (citation number, a row)
        self.corrected = facts.corrected

    # -- rows, subjects, stated and derived values ---------------------------------------------------------------------
    def rows(self, base: str, kinds: tuple[str, ...], subject: str | None = None, year: str | None = None,
             bounds: bool = False) -> pd.DataFrame:
        return self.facts.select(base, kinds, subject, year, bounds)  # kept per selection: the table never changes

    def subject_for(self, base: str) -> str:
        """The subject a question means: the one it names, else the paper's main subject if it has the metric, else
        the subject that has it."""
        named = [s for s in self.req.subjects if s not in self.scopes]
        t = self.table
        have = list(dict.fromkeys(t.loc[t["base"] == base, "subject"]))
        if not have and (t["whole"].map(slug_whole) == base).any():
            return named[0] if named else ""  # a whole the paper states shares of ("GDP"): no subject of its own
        if named:
            mine = [s for s in named if s in have]
            if mine:
                return mine[0]
            if not (have and len({m[0] for m in self.req.metrics}) >= 2):
                return named[0]
            # two metrics, and the subject named belongs to the other one ("China's health expenditure against the
            # industry's output"): this metric's own subject
        return self.main if self.main in have or not have else have[0]

    def stated(self, row: pd.Series) -> Value:
        name = self.label(str(row["base"]))
        if row["kind"].endswith("growth"):
            name += " growth"
        elif row["kind"].endswith("change"):
            name = f"change in {name}"
        elif row["kind"] == "share":
            name = f"{name} share of {row['whole']}" if row["whole"] else f"{name} share"
        op = Operand(name=name, value=float(row["value_used"]), unit=str(row["unit_used"]) or "count",
                     year=str(row["year"]), citation=citation_for(self.document, row), note=str(row["id"]))
        return Value(op, (str(row["id"]),))

    def level(self, base: str, subject: str, year: int, derive: bool = True) -> Value:
        rows = self.rows(base, ("level",), subject, str(year), bounds=True)
        if not rows.empty:
            return self.stated(rows.iloc[0])
        given = self.given_level(base, subject, year)
        if given is not None:
            return given
        if derive:
            for attempt in (self._from_next_year, self._from_period_change, self._from_previous_year, self._from_share):
                found = attempt(base, subject, year)
                if found is not None:
                    return found
        raise Missing(base, subject, str(year))

    def given_level(self, base: str, subject: str, year: int) -> Value | None:
        """A figure the question itself sets for a year the paper has no level of: "to reach 5 trillion yuan in 2020",
        "10,000 enterprises by the end of 2020", "the 7 trillion yuan market expected for 2020". Its unit must be the
        metric's kind of unit (money for money, a count for a count), and the first year after it in its clause (else the
        last one before it) must be that year."""
        levels = self.rows(base, ("level",), subject)
        if levels.empty:
            return None
        unit = str(levels.iloc[0]["unit_used"]) or "count"
        for q, row in self.req.quoted:
            if q.unit in ("%", "pp", "years", "year") or q.negative:
                continue
            money = q.unit in MONEY
            if money != (unit in MONEY) or (money and q.unit != unit):
                continue
            clause = re.split(r"[,;:?!]|\.\s", self.req.text[q.end:], maxsplit=1)[0]  # the rest of its clause
            near = re.search(r"\b(?:19|20)\d\d\b", clause)
            before = re.findall(r"\b(?:19|20)\d\d\b", re.split(r"[,;:?!]|\.\s", self.req.text[:q.start])[-1])
            said = int(near.group()) if near else int(before[-1]) if before else None  # ("if 2016 output were 3,000")
            if said != year:
                continue
            if row is not None:  # a figure of the paper the question points at for that year
                if row["kind"] != "level":
                    continue  # a change or a rate is no level ("the 2,023 increase ... 2010")
                value = self.stated(row)
                return value if value.operand.unit == unit else None
            op = Operand(name=f"{self.label(base)} given in the question", value=q.value, unit=unit, year=str(year),
                         note=GIVEN)
            return Value(op, (), label=q.raw)  # shown as the user typed it
        return None

    def _from_next_year(self, base: str, subject: str, year: int) -> Value | None:
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
            comp = calc.compute_previous_from_change(current.operand, c.operand, points=c.operand.unit == "%",
                                                     scale=DERIVED_SCALE)
        return self._derived(base, subject, year, comp, current, c)

    def _from_period_change(self, base: str, subject: str, year: int) -> Value | None:
        """The level at the start of a stated multi-year change ("an increase of N in seven years" over 2011-2017): the
        start is the period's first year as printed, or its last year less the years the paper counts in it."""
        for _, row in self.rows(base, ("count_change", "change"), subject).iterrows():
            span = period_of(row["year"])
            if span and span[0] != span[1] and not math.isnan(row["n_years"]) and \
                    year in (span[0], span[1] - int(row["n_years"])):
                end, c = self.level(base, subject, span[1], derive=False), self.stated(row)
                comp = calc.compute_previous_from_change(end.operand, c.operand, scale=DERIVED_SCALE)
                return self._derived(base, subject, year, comp, end, c)
        return None

    def _from_previous_year(self, base: str, subject: str, year: int) -> Value | None:
        prev = self.rows(base, ("level",), subject, str(year - 1))
        growth = self.rows(base, ("yoy_growth",), subject, str(year))
        if prev.empty or growth.empty:
            return None
        p, g = self.stated(prev.iloc[0]), self.stated(growth.iloc[0])
        return self._derived(base, subject, year, calc.compute_implied_next(p.operand, g.operand), p, g)

    def _from_share(self, base: str, subject: str, year: int) -> Value | None:
        """A whole the paper gives no level of, from a part and the share the paper states the part is of it that
        year ("5,159.88 billion yuan, 6.2% of GDP"). The part is the amount the question pairs with the share for that
        year when it quotes one ("7 trillion is 7% of 2020 GDP"), else the level of the share's own metric."""
        t = self.table
        shares = t[(t["kind"] == "share") & (t["bound"] == "") & (t["year"] == str(year))
                   & (t["whole"].map(slug_whole) == base)]
        if shares.empty or not self.rows(base, ("level",)).empty:
            return None
        row = shares.iloc[0]
        quoted = [r for r in self.quoted_rows(("level",)) if r["year"] == str(year) and r["unit_used"] in MONEY]
        try:
            part = self.stated(quoted[0]) if quoted else self.level(str(row["base"]), str(row["subject"]), year,
                                                                    derive=False)
        except Missing:
            return None
        share = self.stated(row)
        comp = calc.compute_implied_whole(part.operand, share.operand, self.label(base), scale=DERIVED_SCALE)
        return self._derived(base, subject, year, comp, part, share)

    def _derived(self, base: str, subject: str, year: int, comp: Computation, *inputs: Value) -> Value:
        op = Operand(name=self.label(base), value=comp.value, unit=comp.unit, year=str(year),
                     note=f"not stated in the paper; derived: {comp.formula}")
        leaves = tuple(dict.fromkeys(x for v in inputs for x in v.leaves))
        steps = tuple(s for v in inputs for s in v.steps) + (comp,)
        return Value(op, leaves, steps, inputs, f"{year} {self.label(base)}{of(subject)}")

    def notes(self, value: Value, final: Computation) -> list[str]:
        """How each derived input on the way was obtained, with the markers of its own inputs."""
        out = [n for part in value.parts for n in self.notes(part, final)]
        if value.steps and value.steps[-1] is not final:
            out.append(f"The {value.label} is not stated in the paper; it is derived from "
                       f"{join([self.show(p, bare=True) for p in value.parts])}: {value.steps[-1].formula}.")
        return out

    def bounds_note(self, values: list[Value]) -> str:
        """What a result from bounds means: "The paper gives bounds, not exact figures (more than 60% [1] ...)"."""
        leaves = dict.fromkeys(f for v in values for f in v.leaves)
        bounded = [self.facts.row(f) for f in leaves if self.facts.row(f)["bound"]]
        if not bounded:
            return ""
        words = {"min": "more than", "max": "less than"}
        said = [f"{words.get(r['bound'], r['bound'])} {self.show(self.stated(r), bare=True)}" for r in bounded]
        return f"The paper gives bounds, not exact figures ({join(said)}): the result is a bound too."

    def growth(self, base: str, subject: str, year: int) -> Value:
        """A year's growth: stated (then only a request to recompute gets an answer) or implied by the levels."""
        stated = not self.rows(base, ("yoy_growth",), subject, str(year)).empty
        if stated and not self.req.explicit:
            raise Decline()
        if self.rows(base, ("level",), subject).empty:
            raise Missing(base, subject, str(year), "yoy_growth")
        prev = self.level(base, subject, year - 1, derive=not stated)
        cur = self.level(base, subject, year, derive=not stated)
        return self._derived(base, subject, year, calc.compute_yoy_growth(prev.operand, cur.operand), prev, cur)

    def growth_or_stated(self, base: str, subject: str, year: int) -> Value:
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

    def show(self, value: Value, base: str = "", subject: str | None = None, *, year: bool = True,
             bare: bool = False) -> str:
        """"1,235 billion yuan in 2010 [1]", "growth of 17.21% in 2017 [1]"; ``bare``: "17.21% [1]"; a derived value
        says so."""
        if not value.leaves and not value.steps:  # a figure the question gives
            op = value.operand
            return f"{value.label or _fmt(op.value, op.unit)}{f' in {op.year}' if year and not bare else ''} (your figure)"
        if value.steps or len(value.leaves) != 1:
            op = value.operand
            when = f" in {op.year}" if year and not bare else ""
            return f"{_fmt(op.value, op.unit, self.scale_of(value))}{when}, derived below"
        row = self.facts.row(value.leaves[0])
        n = self.ref(value.leaves[0])
        shown, printed = self.shown(row)
        tail = f" {citation_mark(n)}{printed}"
        if bare:
            return f"{shown}{tail}"
        label = self.label(str(row["base"]))
        when = (f" over {row['year']}" if "-" in row["year"] else f" in {row['year']}") if row["year"] and year else ""
        who = "" if subject is None or row["subject"] == subject or not row["subject"] else f" for {the(row['subject'])}"
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

    def span(self, a: Value, b: Value) -> str:
        """"from 2010 (1,235 billion yuan [1]) to 2017 (3,641.2 billion yuan [2])"."""
        return f"from {a.operand.year} ({self.show(a, bare=True)}) to {b.operand.year} ({self.show(b, bare=True)})"

    def stated_inputs(self, value: Value, base: str, subject: str) -> str:
        """The stated figures a derived value comes from, with their markers: "... [1] and ... [2]"."""
        return join([self.show(self.stated(self.facts.row(f)), base, subject) for f in value.leaves])

    def shown(self, row: pd.Series) -> tuple[str, str]:
        """The figure as the calculator reads it, and a note with the printed form when the checks re-read it."""
        if row["id"] not in self.corrected:
            return str(row["printed"]), ""
        value, unit = float(row["value_used"]), str(row["unit_used"])
        if value == float(row["value"]) and unit != row["unit"]:
            return str(row["printed"]), f", read as {unit}"
        scale = "trillion" if row["scale"] == "trillion" and value == float(row["value"]) else "billion"
        reading = format_amount(value, unit, scale) if unit in MONEY else f"{value:g}{unit}"
        return reading, f", printed as \"{row['printed']}\""

    def scale_of(self, value: Value) -> str:
        """The scale word money derived from ``value``'s figures is shown in: trillion when they all print it."""
        scales = [str(self.facts.row(f)["scale"]) for f in value.leaves]
        return "trillion" if scales and all(s == "trillion" for s in scales) else "billion"

    # -- what the request names ----------------------------------------------------------------------------------------
    def asked_metric(self) -> tuple[str, bool]:
        """The metric the request is about and whether it asks for its growth (a quoted figure's, if none is named)."""
        if not self.req.metrics:
            row = next((r for _, r in self.req.quoted if r is not None), None)
            if row is None:
                raise Decline()
            return str(row["base"]), row["kind"].endswith("growth")
        base, growth, _ = self.req.metrics[0]
        return base, growth

    def quoted_rows(self, kinds: tuple[str, ...]) -> list[pd.Series]:
        """The stated figures of these kinds that the question quotes."""
        return [r for _, r in self.req.quoted if r is not None and r["kind"] in kinds]

    def check_subject(self, base: str, kind: str = "level") -> None:
        """A name none of the metric's figures is about ("Sinopharm's revenue"): say so rather than answer."""
        text = self.document.text
        t = self.table
        sentences = [text[f.sentence_start:f.sentence_end].lower() for f in self.facts.typed.find(metric=base, bounds=True)]
        sentences += [str(x).lower() for x in t.loc[t["whole"].map(slug_whole) == base, "sentence"]]  # a whole's shares
        said = [set(re.findall(r"[a-z0-9]+", s)) for s in sentences]
        for name in self.req.unknown:
            words = set(re.findall(r"[a-z0-9]+", name.lower()))  # in any order: "above-designated-size enterprises"
            if not any(words <= s for s in said) and _QUANTITY_Q.search(self.req.text):
                raise Missing(base, name, str(self.req.years[0]) if self.req.years else "", f"subject:{kind}")

    def period_change(self, base: str, subject: str) -> tuple[Value, float] | None:
        """The change the paper states over the period the question names (its years, or its number of years:
        "over the seven years", "the whole 7-year increase"), with the period's length in years."""
        req = self.req
        years = sorted(set(req.years))
        for _, row in self.rows(base, ("count_change", "change"), subject).iterrows():
            span = period_of(row["year"])
            if not span:
                continue
            n = row["n_years"] if not math.isnan(row["n_years"]) else span[1] - span[0]
            if (len(years) >= 2 and (years[0], years[-1]) == tuple(span)) or (req.duration and n == req.duration):
                return self.stated(row), float(n)
        return None

    def endpoints(self, base: str, subject: str) -> tuple[Value, Value]:
        """The first and last point of a period: figures quoted in the question, the years it names, its Five-Year
        Plan, or the stated multi-year change its duration points to."""
        req = self.req
        parts_of = {str(r["year"]) for r in self.quoted_rows(("share",)) if slug_whole(str(r["whole"])) == base}
        points: dict[str, Value] = {str(r["year"]): self.stated(r) for r in self.quoted_rows(("level",))
                                    if r["base"] == base or str(r["year"]) not in parts_of}  # "7 trillion is 7% of GDP"
        shares = [r for r in self.quoted_rows(("share",)) if r["base"] == base and str(r["year"]).isdigit()]
        if len(points) < 2 and len({r["year"] for r in shares}) >= 2:  # "from 6.2% of GDP in 2017 to 7% in 2020"
            points = {str(r["year"]): self.stated(r) for r in shares}
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
            raise Decline()
        return ordered[0], ordered[-1]

    def mentioned_levels(self) -> list[Value]:
        """The levels a question names each with its own year, in the order it names them: the figures of the paper it
        quotes ("the 7 trillion yuan ... for 2020"), and the metrics it prints a year with ("the 2017 total health
        expenditure", "the market expected for 2020"); one per metric and year. A metric named with no year of its own
        ("for the market to get from ... to ...") is the topic, not an input."""
        req = self.req
        found: dict[tuple[str, int], tuple[int, Value]] = {}
        for q, row in req.quoted:
            if row is not None and row["kind"] == "level" and str(row["year"]).isdigit():
                found.setdefault((str(row["base"]), int(row["year"])), (q.start, self.stated(row)))
        positions = sorted(m[2] for m in req.metrics)
        for base, growth, pos in req.metrics:
            later = [p for p in positions if p > pos]
            year = None if growth else _year_of_mention(req.text, pos, later[0] if later else len(req.text))
            if year is not None and (base, year) not in found:
                found[(base, year)] = (pos, self.level(base, self.subject_for(base), year))
        return [v for _, v in sorted(found.values(), key=lambda x: x[0])]

    def mentioned_by_year(self) -> list[Value]:
        """:meth:`mentioned_levels` earliest year first, the first named of each year."""
        by_year: dict[str, Value] = {}
        for v in self.mentioned_levels():
            by_year.setdefault(v.operand.year, v)
        return [by_year[y] for y in sorted(by_year)]

    def figure(self, row: pd.Series) -> str:
        """A stated figure as the calculator reads it, with its printed form when that differs."""
        shown, printed = self.shown(row)
        return shown + printed


_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)(?:['’]s)?\s+(?:(?!(?:than|from|to|and|or|versus|vs|with|against)\b)"
                          r"[\w'’-]+\s+){0,2}$")
"""A year printed just before a metric's name, at most two words away ("2017 total health expenditure")."""


def _year_of_mention(text: str, pos: int, stop: int | None = None) -> int | None:
    """The year a metric named at ``pos`` is asked for: one printed just before it ("2017 total health expenditure"),
    else the first one after it in its clause ("the market expected for 2020") and before ``stop``, where the next
    metric is named (a year printed before that one is its own)."""
    before = _YEAR_BEFORE.search(text[max(0, pos - 40):pos])
    if before:
        return int(before.group(1))
    clause = re.split(r"[,;:?!]|\.\s|\bthan\b", _YEAR_BEFORE.sub("", text[pos:stop]), maxsplit=1)[0]
    after = re.search(r"\b(?:19|20)\d\d\b", clause)
    return int(after.group()) if after else None


# -- words of the answer text ------------------------------------------------------------------------------------------
def the(subject: str) -> str:
    """``"bio-pharmaceutical industry" -> "the bio-pharmaceutical industry"``; a name stays as it is ("China")."""
    return f"the {subject}" if re.search(r"(?:industry|sector|market|countries)$", subject) else subject


def of(subject: str) -> str:
    """``" of the bio-pharmaceutical industry"``, or nothing without a subject."""
    return f" of {the(subject)}" if subject else ""


def _fmt(value: float, unit: str, scale: str = "billion") -> str:
    """A derived value for the answer text: money in ``scale``, a rate in %, a count without decimals."""
    if unit == "%":
        return f"{format_number(value)}%"
    if unit in MONEY:
        return f"{format_number(value / SCALE_WORDS[scale])} {scale} {unit}"
    return f"{value:,.0f}" if float(value).is_integer() else format_number(value)


def join(items: list[str]) -> str:
    """``["a", "b", "c"] -> "a, b and c"`` (empty items left out)."""
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""

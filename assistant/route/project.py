"""Operations that look ahead or split a change: the yearly rate needed to reach a target, a value projected at a
stated (or the question's) rate or yearly step, one period's share of a change over several, an amount per unit of a
count (profit per enterprise), and the average of a few stated figures. Each returns the computation, the values it
used, and the answer's template (``{result}`` stands for the computed value)."""

from __future__ import annotations

import dataclasses
import re

from .. import calc
from ..facts import period_of, readable_amount
from ..numbers import Quantity
from ..types import Operand
from ..units import is_money, norm_unit
from . import series
from .request import vocabulary
from .router import GIVEN, Decline, Missing, Outcome, Router, Value, given_value, join, of

_FALLS = re.compile(r"\b(?:fell|fall|falling|drop(?:ped)?|declin\w*|shr[aiu]nk\w*|decreas\w*)\b", re.I)


_SO_FAR = re.compile(r"\b(?:this|that|the same|its|current|latest|pace|kept|keeps?|continues?|maintain(?:s|ed)?)\b",
                     re.I)
"""The rate so far is meant ("at that pace", "if it kept growing"), not one the question names."""


def _own_numbers(router: Router) -> list[Quantity]:
    """Numbers the question brings that are no figure of the paper (a target, a hypothetical rate); a threshold the
    paper states ("lower than 10%") is no figure of it either."""
    return [q for q, row in router.req.quoted if (row is None or row.get("bound")) and q.unit not in ("years",)]


def _latest_level(router: Router, base: str, subject: str, before: int) -> Value:
    """The last stated level of the metric up to ``before``."""
    rows = router.rows(base, ("level",), subject)
    rows = rows[rows["year"].str.fullmatch(r"\d{4}") & (rows["year"].astype(str) <= str(before))]
    if rows.empty:
        raise Missing(base, subject, str(before))
    return router.stated(rows.sort_values("year").iloc[-1])


def _shown(router: Router, value: Value) -> str:
    if not value.leaves and value.operand.note == GIVEN:
        op = value.operand
        shown = f"{op.value:,.10g}%" if op.unit == "%" else readable_amount(op.value, op.unit)
        return f"{shown} (your figure)"
    return router.show(value, bare=True)


def _op_required_rate(router: Router) -> Outcome:
    """"to go from X in 2017 to the 7% target in 2020, by what % per year": ((target / start)^(1/n) - 1)."""
    req = router.req
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    years = sorted(set(req.years))
    stated = sorted((r for _, r in req.quoted if r is not None and r["year"].isdigit()), key=lambda r: r["year"])
    if len(stated) >= 2 and stated[0]["year"] != stated[-1]["year"] and stated[0]["unit_used"] == stated[-1]["unit_used"]:
        start, target = router.stated(stated[0]), router.stated(stated[-1])
    elif len({m[0] for m in req.metrics}) >= 2 and len(named := router.mentioned_by_year()) >= 2:
        start, target = named[0], named[-1]  # two metrics each with its own year: from the earlier one to the later
    else:
        own = _own_numbers(router)
        if len(years) < 2 or years[0] >= years[-1]:
            raise Decline()
        start = _latest_level(router, base, subject, years[0])
        target = router.given_level(base, subject, years[-1])  # the figure the question sets for the later year
        if target is None:
            if not own:
                raise Decline()
            target = given_value(own[0], start.operand.unit, years[-1])
    n = int(target.operand.year) - int(start.operand.year)
    if n <= 0:
        raise Decline()
    comp = calc.compute_required_rate(start.operand, target.operand, n)
    return comp, [start, target], (f"To go from {_shown(router, start)} in {start.operand.year} to "
                                   f"{_shown(router, target)} in {target.operand.year} ({n} years), "
                                   f"{router.label(base)}{of(subject)} would have to grow {{result}} a year.")


def _op_project(router: Router) -> Outcome:
    """A later year's value at a stated or given yearly rate (compounded) or yearly step (linear)."""
    req = router.req
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    if not req.years:
        raise Decline()
    levels = router.rows(base, ("level",), subject)
    stated_years = [int(y) for y in levels["year"] if str(y).isdigit()]
    if stated_years and min(req.years) < min(stated_years):  # a year before any stated level: compounded back
        return _backcast(router, base, subject, min(req.years))
    target_year = max(req.years)
    asked = max(req.asked_years or req.years)
    later = [y for y in req.years if y > asked and str(y) in {str(r["year"]) for _, r in levels.iterrows()}]
    if later and router.quoted_rows(("yoy_growth", "compound_growth")):  # "from the 2017 value at the stated 16.70%,
        return _backcast(router, base, subject, asked, since=min(later))  # what 2010 value?": discounted back
    if asked < max(stated_years, default=asked) and asked not in stated_years:
        return series.OPERATIONS["level"](router)  # a year between stated levels: derived from them, not projected
    start = _latest_level(router, base, subject, target_year)
    n = target_year - int(start.operand.year)
    named = [r for _, r in router.rows(base, ("compound_growth",), subject).iterrows()
             if period_of(r["year"]) and all(str(y) in req.text for y in period_of(r["year"]))]
    if n <= 1 and not _own_numbers(router) and not named:
        return series.OPERATIONS["next"](router)  # next year's level at this year's stated rate
    steps = router.quoted_rows(("count_change", "change"))
    if steps and norm_unit(str(steps[0]["unit_used"])) != "%":
        step = router.stated(steps[0])
        comp = calc.compute_linear_projection(start.operand, step.operand, n)
        return comp, [start, step], (f"Adding {_shown(router, step)} a year to {router.label(base)}{of(subject)} from "
                                     f"{_shown(router, start)} in {start.operand.year} gives {{result}} in "
                                     f"{target_year}.")
    rate = _rate(router, base, subject, start.operand.year, str(target_year))
    comp = calc.compute_projection(start.operand, rate.operand, n)
    return comp, [start, rate], (f"At a yearly rate of {_shown(router, rate)}, {router.label(base)}{of(subject)} grows from "
                                 f"{_shown(router, start)} in {start.operand.year} to {{result}} in {target_year} "
                                 f"({n} year{'' if n == 1 else 's'} compounded).")


def _rate(router: Router, base: str, subject: str, start_year: str, missing: str) -> Value:
    """The yearly rate a question means to grow (or discount) at: a rate of the paper it quotes, its own rate, the
    stated compound rate of a period it names, one derived for a named period the paper gives no rate for ("the
    revenue CAGR from 2015 to 2017"), else the rate so far ("at that pace"): the start year's growth, or the compound
    rate of the period ending there. ``missing`` is the year to name when there is none."""
    req = router.req
    rates = [r for r in router.quoted_rows(("yoy_growth", "compound_growth")) if not r.get("bound")]
    if rates:
        return router.stated(rates[0])
    own = [q for q in _own_numbers(router) if q.unit == "%"]
    if own:
        return given_value(own[0], "%")
    compound = [r for _, r in router.rows(base, ("compound_growth",), subject).iterrows() if period_of(r["year"])]
    spans = [r for r in compound if all(str(y) in req.text for y in period_of(r["year"]))]
    if spans:
        return router.stated(spans[0])
    period = _named_period(router, base, subject)
    if period is not None:
        return _compound(router, base, subject, *period)
    pointed = start_year in req.text or _SO_FAR.search(req.text)
    growth = router.rows(base, ("yoy_growth",), subject, start_year)
    if not growth.empty and pointed:
        return router.stated(growth.iloc[0])
    ending = [r for r in compound if period_of(r["year"])[1] == int(start_year)]
    if ending and pointed:
        return router.stated(ending[0])
    raise Missing(base, subject, missing, "compound_growth")


def _backcast(router: Router, base: str, subject: str, year: int, since: int | None = None) -> Outcome:
    """"What output in 2005 does the 23.32% compound growth to 2010 imply": the first level after the year (or that
    of the year ``since`` the question names), discounted at the rate."""
    rows = router.rows(base, ("level",), subject)
    rows = rows[rows["year"].str.fullmatch(r"\d{4}") & (rows["year"].astype(str) > str(year))]
    if since is not None:
        rows = rows[rows["year"].astype(str) == str(since)]
    if rows.empty:
        raise Missing(base, subject, str(year))
    end = router.stated(rows.sort_values("year").iloc[0])
    rate = _rate(router, base, subject, end.operand.year, str(year))
    n = int(end.operand.year) - year
    comp = calc.compute_backcast(end.operand, rate.operand, n)
    return comp, [end, rate], (f"Growing {_shown(router, rate)} a year into {_shown(router, end)} in "
                               f"{end.operand.year}, {router.label(base)}{of(subject)} was {{result}} in {year} "
                               f"({n} year{'' if n == 1 else 's'} earlier).")


def _op_years_needed(router: Router) -> Outcome:
    """"At the 2017 growth rate, how many years to reach 4 trillion": ln(target / start) / ln(1 + rate)."""
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    start = _latest_level(router, base, subject, 9999)
    targets = [q for q in _own_numbers(router) if q.unit != "%"]
    if not targets:
        raise Decline()
    target = given_value(targets[0], start.operand.unit)
    rate = _rate(router, base, subject, start.operand.year, start.operand.year)
    comp = calc.compute_years_to_target(start.operand, rate.operand, target.operand)
    return comp, [start, rate, target], (f"Growing {_shown(router, rate)} a year from {_shown(router, start)} in "
                                         f"{start.operand.year}, {router.label(base)}{of(subject)} reaches "
                                         f"{_shown(router, target)} after {{result}}.")


def _op_share_of_change(router: Router) -> Outcome:
    """"Of the gain between 2015 and 2017, what percentage happened in 2017" (or "in 2013-2015"): the part's change
    over the whole period's change, each stated by the paper when it states it ("a total increase of 2,023"), else
    taken from the levels."""
    req = router.req
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    years = sorted(set(req.years))
    stated = router.period_change(base, subject) if len(years) < 2 else None
    if stated is not None and years:  # "the whole 7-year increase ... in 2017 alone": the stated period's change
        span = period_of(stated[0].operand.year)
        years = sorted({*span, *years}) if span else years
    if len(years) < 2:
        raise Decline()
    first, last = years[0], years[-1]
    ranges = [(int(a), int(b)) for a, b in re.findall(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b", req.text)]
    inner = [r for r in ranges if r != (first, last) and first <= r[0] < r[1] <= last]
    part_span = inner[0] if inner else (last - 1, last)
    whole = _change(router, base, subject, first, last)
    part = _change(router, base, subject, *part_span)
    comp = dataclasses.replace(calc.compute_share(part.operand, whole.operand), operation="share_of_change")
    return comp, [part, whole], (f"Of the change in {router.label(base)}{of(subject)} over {first}-{last} "
                                 f"({_shown(router, whole)}), the {part_span[0]}-{part_span[1]} change "
                                 f"({_shown(router, part)}) is {{result}}.")


def _named_period(router: Router, base: str, subject: str) -> tuple[int, int] | None:
    """The two years of a compound rate the question asks to extend ("the CAGR from 2015 to 2017"), both of them
    years the metric has levels for."""
    if not re.search(r"\bcagr\b|\bcompound|\baverage (?:annual|yearly)\b|\bannual(?:ized)? (?:average )?(?:growth|rate)\b",
                     router.req.text, re.I):
        return None
    levels = {int(y) for y in router.rows(base, ("level",), subject)["year"] if str(y).isdigit()}
    years = sorted({y for y in router.req.years if y in levels})
    return (years[0], years[-1]) if len(years) >= 2 else None


def _compound(router: Router, base: str, subject: str, start: int, end: int) -> Value:
    """The compound annual growth rate of a metric between two years, from its two levels."""
    a, b = router.level(base, subject, start), router.level(base, subject, end)
    comp = calc.compute_cagr(a.operand, b.operand, end - start)
    op = Operand(name=f"compound annual growth of {router.label(base)}", value=comp.value, unit="%",
                 year=f"{start}-{end}", note=f"not stated in the paper; derived: {comp.formula}")
    leaves = tuple(dict.fromkeys(a.leaves + b.leaves))
    return Value(op, leaves, a.steps + b.steps + (comp,), (a, b),
                 f"{start}-{end} compound annual growth of {router.label(base)}{of(subject)}")


def _change(router: Router, base: str, subject: str, start: int, end: int) -> Value:
    """The change of a metric from one year to another: as the paper states it, else from the two levels."""
    period = str(end) if end - start == 1 else f"{start}-{end}"
    stated = router.rows(base, ("count_change", "change"), subject, period)
    if not stated.empty:
        return router.stated(stated.iloc[0])
    a, b = router.level(base, subject, start), router.level(base, subject, end)
    comp = calc.compute_absolute_change(a.operand, b.operand)
    op = Operand(name=f"change in {router.label(base)}", value=comp.value, unit=comp.unit, year=period,
                 note=f"not stated in the paper; derived: {comp.formula}")
    leaves = tuple(dict.fromkeys(a.leaves + b.leaves))
    return Value(op, leaves, a.steps + b.steps + (comp,), (a, b), f"{period} change in {router.label(base)}{of(subject)}")


def _op_per_unit(router: Router) -> Outcome:
    """"profit per enterprise in 2017": an amount over a count of the same year."""
    req = router.req
    bases = list(dict.fromkeys(m[0] for m in req.metrics))
    if len(bases) < 2 or not req.years:
        raise Decline()
    year = max(req.years)
    values = [router.level(b, router.subject_for(b), year) for b in bases[:2]]
    amounts = [v for v in values if is_money(v.operand.unit)]
    counts = [v for v in values if norm_unit(v.operand.unit) == "count"]
    if not amounts or not counts:
        raise Decline()
    comp = calc.compute_per_unit(amounts[0].operand, counts[0].operand, scale=req.scale)
    return comp, [amounts[0], counts[0]], (f"The {year} {amounts[0].operand.name} ({_shown(router, amounts[0])}) over "
                                           f"the {counts[0].operand.name} ({_shown(router, counts[0])}) is {{result}} "
                                           f"each.")


def _op_average(router: Router) -> Outcome:
    """The mean of the stated figures the question names: its years, or the sub-sectors' figures."""
    req = router.req
    quoted = [row for _, row in req.quoted if row is not None]
    if len(quoted) >= 2 and len({row["unit_used"] for row in quoted}) == 1:  # "avg of 16.7% and 14.7%": those
        values = [router.stated(row) for row in quoted]
        comp = calc.compute_average(tuple(v.operand for v in values))
        return comp, values, (f"The average of {join([_shown(router, v) for v in values])} is {{result}}.")
    base, growth = router.asked_metric()
    growth = growth or req.growth_words
    kinds = ("yoy_growth",) if growth else ("level",)
    subject = router.subject_for(base)
    if req.years and not req.sub_sectors:
        values = [router.growth_or_stated(base, subject, y) if growth else router.level(base, subject, y)
                  for y in sorted(set(req.years))]
    else:
        rows = router.rows(base, kinds)
        if req.sub_sectors:
            listed = set(vocabulary(router.facts, router.document)[1].listed)
            mine = rows["subject"].isin(listed) | (rows["rank"] != "")  # the sub-sectors the paper lists or ranks
            rows = rows[mine & ~rows["subject"].isin([router.main, *router.scopes])]
        values = [router.stated(r) for _, r in rows.iterrows()]
    if len(values) < 2:
        raise Decline()
    comp = calc.compute_average(tuple(v.operand for v in values))
    return comp, values, (f"The average of {join([_shown(router, v) for v in values])} is {{result}}.")


OPERATIONS = {"required_rate": _op_required_rate, "years_needed": _op_years_needed, "project": _op_project, "share_of_change": _op_share_of_change,
              "per_unit": _op_per_unit, "average": _op_average}

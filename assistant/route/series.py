"""Operations over one metric's series: a level the paper does not state, the level at the start of a stated change,
a year's growth, the compound annual growth rate, total growth (or a rate compounded), the average annual change,
and next year's level at this year's rate. Each returns the computation, the values it used, and the answer's
template (``{result}`` stands for the computed value)."""

from __future__ import annotations

import math
from dataclasses import replace

from .. import calc
from ..facts import period_of
from .request import MULTIPLE_ASKED
from .router import Decline, Missing, Outcome, Router, of



def _op_level(router: Router) -> Outcome:
    req = router.req
    base, growth = router.asked_metric()
    router.check_subject(base)
    if growth:
        return _op_growth(router)
    subject = router.subject_for(base)
    if req.ranks or not (req.years or req.relative):
        raise Decline()
    candidates = [req.relative] if req.relative else req.years
    unstated = [y for y in candidates if router.rows(base, ("level",), subject, str(y), bounds=True).empty]
    if not unstated:
        raise Decline()  # a stated figure: the composer quotes it
    target = unstated[0]
    value = router.level(base, subject, target)
    if not value.steps:
        raise Decline()  # the question gives that year's figure itself: nothing to derive
    inputs = router.stated_inputs(value, base, subject)
    return value.steps[-1], [value], (f"Implied by {inputs}, the {target} {router.label(base)}{of(subject)} "
                                      f"is {{result}}.")


def _op_start_level(router: Router) -> Outcome:
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    changes = router.quoted_rows(("count_change", "change")) or [
        r for _, r in router.rows(base, ("count_change", "change"), subject).iterrows() if "-" in r["year"]]
    if not changes or math.isnan(changes[0]["n_years"]):
        raise Decline()
    end_year = period_of(changes[0]["year"])[1]
    n = int(router.req.duration or changes[0]["n_years"])
    value = router.level(base, subject, end_year - n)
    if not value.steps:
        raise Decline()  # the paper states that level: the composer quotes it
    inputs = router.stated_inputs(value, base, subject)
    return value.steps[-1], [value], (f"Implied by {inputs}, the {router.label(base)}{of(subject)} at the start "
                                      f"of the {n} years to {end_year} (that is, in {end_year - n}) was {{result}}.")


def _op_growth(router: Router) -> Outcome:
    req = router.req
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    years = [req.relative] if req.relative else req.asked_years  # "the year before 2017": 2016's growth
    if req.relative and req.relative_base:  # "in 2017 over the previous year": the growth between the two, as a
        years = sorted(set(req.asked_years + [req.relative]))  # difference reads them (pairs); 2016-2017 is 2017's
    if req.ranks or len([s for s in req.subjects if s not in router.scopes]) > 1 or not years:
        raise Decline()
    if len(set(years)) == 2 and max(years) - min(years) == 1:
        years = [max(years)]  # "the 2015-2016 growth" is the growth in 2016
    elif len(set(years)) >= 2:  # "how much did revenue grow from 2015 to 2017"
        req.years = sorted(set(years))
        return _op_total_growth(router)
    value = router.growth(base, subject, years[0])
    inputs = router.stated_inputs(value, base, subject)
    return value.steps[-1], [value], (f"Implied by {inputs}, the growth in {router.label(base)}{of(subject)} in "
                                      f"{years[0]} is {{result}}.")


def _op_cagr(router: Router) -> Outcome:
    req = router.req
    base, _ = router.asked_metric()
    router.check_subject(base)
    subject = router.subject_for(base)
    for row in router.quoted_rows(("compound_growth",)):  # "is the 16.70% CAGR right?": its own period
        if not req.years and not req.plan and "-" in row["year"]:
            req.years = list(period_of(row["year"]))
    spans = [f"{req.plan[0]}-{req.plan[1]}"] if req.plan else []
    spans += [f"{min(req.years)}-{max(req.years)}"] if len(set(req.years)) >= 2 else []
    try:
        a, b = router.endpoints(base, subject)
    except Missing:
        if any(not router.rows(base, ("compound_growth",), subject, s).empty for s in spans):
            raise Decline() from None  # the paper states the rate but not its endpoints: the composer quotes it
        raise
    # the rate is computed from its cited endpoints even when the paper states it: the answer then checks it
    stated = router.rows(base, ("compound_growth",), subject, f"{a.operand.year}-{b.operand.year}")
    comp = calc.compute_cagr(a.operand, b.operand, int(b.operand.year) - int(a.operand.year))
    paper = f"; the paper states {router.show(router.stated(stated.iloc[0]), bare=True)}" if not stated.empty else ""
    return comp, [a, b], (f"The compound annual growth rate of {router.label(base)}{of(subject)} {router.span(a, b)} "
                          f"is {{result}}{paper}.")


def _op_total_growth(router: Router) -> Outcome:
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    rate = router.quoted_rows(("compound_growth", "yoy_growth"))
    if rate:  # "if 23.32% compounds for 5 years"
        row = rate[0]
        n = router.req.duration or (None if math.isnan(row["n_years"]) else row["n_years"])
        if not n:
            raise Decline()
        value = router.stated(row)
        lead = (f"Compounding the growth of {router.label(str(row['base']))}{of(str(row['subject']))} over "
                f"{row['year'] or 'the period'}, {router.show(value, bare=True)} a year, for {n:g} years")
        if MULTIPLE_ASKED.search(router.req.text):  # "what cumulative multiple"
            return calc.compute_compounded_multiple(value.operand, n), [value], f"{lead} grows it {{result}}."
        return calc.compute_compounded_growth(value.operand, n), [value], f"{lead} gives a cumulative growth of {{result}}."
    changes = router.quoted_rows(("count_change", "change"))
    if not changes and not router.req.quoted and len(set(router.req.years)) == 1 and not router.req.plan \
            and not router.req.duration:
        return _op_growth(router)  # "the growth in 2017, in percent": one year's growth
    if changes and len(set(router.req.years)) < 2 and not math.isnan(changes[0]["n_years"]):
        # "the 2,023 total increase up to 7,697": the start is the end less the stated change
        end_year = period_of(changes[0]["year"])[1]
        n = int(router.req.duration or changes[0]["n_years"])
        a, b = router.level(base, subject, end_year - n), router.level(base, subject, end_year)
    elif len({m[0] for m in router.req.metrics}) >= 2 and len(mentioned := router.mentioned_by_year()) >= 2:
        a, b = mentioned[0], mentioned[-1]  # "by what % would 2017 expenditure grow to the 2020 market"
    else:
        a, b = router.endpoints(base, subject)
    if MULTIPLE_ASKED.search(router.req.text):  # "by what multiple did it grow": the end over the start
        end = router.show(b, '', subject)
        return calc.compute_ratio(b.operand, a.operand), [a, b], (
            f"{end[:1].upper()}{end[1:]} is {{result}} {router.show(a, '', subject)}.")
    comp = calc.compute_total_growth(a.operand, b.operand)
    if a.operand.name == b.operand.name:
        return comp, [a, b], f"The total growth of {a.operand.name}{of(subject)} {router.span(a, b)} is {{result}}."
    return comp, [a, b], (f"The growth from {router.show(a, '', subject)} to {router.show(b, '', subject)} is "
                          f"{{result}}.")


def _op_avg_change(router: Router) -> Outcome:
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    stated = router.period_change(base, subject)
    if stated is not None:  # "a total increase of 2,023 in seven years": per year, as the paper counts them
        change, years = stated
        comp = calc.compute_change_per_year(change.operand, years)
        return comp, [change], (f"The stated change in {router.label(base)}{of(subject)} "
                                f"({router.show(change, bare=True)} over {years:g} years) is {{result}} on average.")
    a, b = router.endpoints(base, subject)
    comp = calc.compute_average_annual_change(a.operand, b.operand, int(b.operand.year) - int(a.operand.year))
    return comp, [a, b], (f"The average annual change in {router.label(base)}{of(subject)} {router.span(a, b)} "
                          f"is {{result}}.")


def _op_next(router: Router) -> Outcome:
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    years = sorted(set(router.req.years))
    if not years:
        raise Decline()
    last = years[-1] if not router.rows(base, ("level",), subject, str(years[-1])).empty else years[-1] - 1
    current = router.level(base, subject, last)
    growth = router.rows(base, ("yoy_growth",), subject, str(last))
    if growth.empty:
        raise Missing(base, subject, str(last), "yoy_growth")
    rate = router.stated(growth.iloc[0])
    comp = calc.compute_implied_next(current.operand, rate.operand)
    comp = replace(comp, warnings=comp.warnings + (
        f"assumes the {last} growth of {rate.operand.value:g}% continues in {last + 1}; the paper gives no "
        f"{last + 1} figure",))
    return comp, [current, rate], (f"If {router.label(base)}{of(subject)} grew in {last + 1} as it did in {last} "
                                   f"({router.show(rate, bare=True)}), it would rise from "
                                   f"{router.show(current, bare=True)} in {last} to {{result}}.")


OPERATIONS = {"level": _op_level, "start_level": _op_start_level, "growth": _op_growth, "cagr": _op_cagr,
              "total_growth": _op_total_growth, "avg_change": _op_avg_change, "next": _op_next}

"""Operations on two figures: the change between two years, a difference, a ratio, a margin, the share of one in the
other, and the whole a stated share implies (or the part at another share). Each returns the computation, the values
it used, and the answer's template (``{result}`` stands for the computed value)."""

from __future__ import annotations

import math
import re

from .. import calc

from ..facts.periods import year_spans
from .request import slug_whole, whole_metrics
from .router import DERIVED_SCALE, MONEY, Decline, Missing, Outcome, Router, Value, given_value, of, the


def _op_abs_change(router: Router) -> Outcome:
    req = router.req
    base, _ = router.asked_metric()
    subject = router.subject_for(base)
    if len({s for s in req.subjects if s not in router.scopes}) > 1 or len({m[0] for m in req.metrics}) > 1:
        return _op_difference(router)
    years = sorted(set(req.years + ([req.relative] if req.relative else [])))
    if not years:
        raise Decline()
    if len(years) == 1 or years[-1] - years[0] == 1:  # a change the paper may state itself
        absolute = re.search(r"\babsolute\b|\b(?:thousand|million|billion|trillion|yuan)s?\b", req.text, re.I)
        t = router.table
        stated = t[(t["base"] == base) & (t["subject"] == subject)
                   & t["kind"].str.contains("change" if absolute else "change|growth") & (t["year"] == str(years[-1]))]
        if not stated.empty and not req.explicit:
            raise Decline()
    req.years = [years[0] - 1, years[0]] if len(years) == 1 else years
    stated = router.rows(base, ("count_change", "change"), subject, f"{req.years[0]}-{req.years[-1]}")
    if not stated.empty and not req.explicit:
        raise Decline()  # "a total increase of 2,023" over that period is stated
    a, b = router.endpoints(base, subject)
    period = router.rows(base, ("count_change", "change"), subject, f"{a.operand.year}-{b.operand.year}")
    if not period.empty and not req.explicit:
        raise Decline()
    comp = calc.compute_absolute_change(a.operand, b.operand)
    return comp, [a, b], f"The change in {router.label(base)}{of(subject)} {router.span(a, b)} is {{result}}."


def _op_difference(router: Router) -> Outcome:
    a, b = _pair(router)
    same_series = a.operand.name == b.operand.name and _subject_of(router, a) == _subject_of(router, b)
    if same_series and a.operand.year > b.operand.year or not same_series and a.operand.value < b.operand.value:
        a, b = b, a
    relative = re.search(r"(?<![\d.])(?<![\d.]\s)%|\bper ?cent", router.req.text, re.I) and not re.search(
        r"\bpoints?\b|\bpp\b|\babsolute\b", router.req.text, re.I)  # "in %", not a number's "7%"
    if a.operand.unit == "%" and b.operand.unit == "%" and not same_series:
        comp = calc.compute_pp_difference(a.operand, b.operand)
    elif relative and a.operand.unit != "%" and not same_series:  # "how much bigger, in percent, is A than B"
        comp = calc.compute_total_growth(b.operand, a.operand)
        return comp, [a, b], (f"{_both(router, a, b)}: {router.show(a, bare=True)} is {{result}} more than "
                              f"{router.show(b, bare=True)}.")
    elif same_series and a.operand.unit == "%" and _is_growth(router, a):
        # a growth rate's change between years, in the direction the question asks about ("slowed by how many pp")
        falls = bool(_FALLS.search(router.req.text))
        first, second = (a, b) if falls else (b, a)
        comp = calc.compute_pp_difference(first.operand, second.operand)
        if falls:
            return comp, [a, b], (f"{a.operand.name.capitalize()}{of(_subject_of(router, a))} slowed by {{result}} "
                                  f"{router.span(a, b)}.")
    else:
        comp = calc.compute_absolute_change(b.operand, a.operand) if not same_series else \
            calc.compute_absolute_change(a.operand, b.operand)
    if same_series:
        return comp, [a, b], (f"The change in {a.operand.name}{of(_subject_of(router, a))} {router.span(a, b)} is "
                              f"{{result}}.")
    return comp, [a, b], (f"{_both(router, a, b)} differ by {{result}}: {router.show(a, bare=True)} against "
                          f"{router.show(b, bare=True)}.")


_FALLS = re.compile(r"\b(?:slow(?:ed|s|er)?|fell|fall(?:en|s)?|drop(?:ped|s)?|declin(?:ed|es)?|decreas(?:ed|es)?|shr[aiu]nk"
                    r"|narrow(?:ed|s)?|down)\b", re.I)


def _op_compare(router: Router) -> Outcome:
    """"compare X with Y", "2017 vs 2016": a change over time, else a difference."""
    req = router.req
    if len({s for s in req.subjects if s not in router.scopes}) < 2 and len({m[0] for m in req.metrics}) < 2 and \
            not req.ranks:
        return _op_abs_change(router)
    return _op_difference(router)


def _op_ratio(router: Router) -> Outcome:
    req = router.req
    bases = list(dict.fromkeys(m[0] for m in req.metrics))
    if len(bases) == 1 and len(set(req.years)) >= 2 and not req.ranks:  # "how many times did output grow 2010-2017"
        base, subject = bases[0], router.subject_for(bases[0])
        first, last = min(req.years), max(req.years)
        start, end = router.level(base, subject, first), router.level(base, subject, last)
        comp = calc.compute_ratio(end.operand, start.operand)
        return comp, [end, start], (f"{router.label(base)[:1].upper()}{router.label(base)[1:]}{of(subject)} in "
                                    f"{last} ({router.show(end, bare=True)}) is {{result}} that of {first} "
                                    f"({router.show(start, bare=True)}).")
    a, b = _pair(router)
    comp = calc.compute_ratio(a.operand, b.operand)
    first = _who(router, a)
    return comp, [a, b], (f"{first[:1].upper()}{first[1:]} ({router.show(a, bare=True)}) is {{result}} "
                          f"{_who(router, b)} ({router.show(b, bare=True)}).")


def _op_margin(router: Router) -> Outcome:
    req = router.req
    bases = list(dict.fromkeys(m[0] for m in req.metrics))
    profit = next((b for b in bases if "profit" in b), None)
    revenue = next((b for b in bases if b != profit), "revenue" if "revenue" in set(router.table["base"]) else None)
    if not profit or not revenue or not req.years:
        raise Decline()
    year = (req.asked_years or req.years)[0]
    subject = router.subject_for(profit)
    p, r = router.level(profit, subject, year), router.level(revenue, subject, year)
    comp = calc.compute_margin(p.operand, r.operand)
    return comp, [p, r], (f"The {year} {router.label(profit)} margin{of(subject)} is {{result}}: "
                          f"{router.label(profit)} of {router.show(p, bare=True)} over {router.label(revenue)} of "
                          f"{router.show(r, bare=True)}.")


def _op_share(router: Router) -> Outcome:
    req = router.req
    bases = list(dict.fromkeys(m[0] for m in req.metrics))
    changes = router.quoted_rows(("count_change", "change"))
    if len(bases) < 2 and changes and str(changes[0]["year"]).isdigit():  # "what % of the 2017 total were the 248 added"
        row = changes[0]
        part = router.stated(row)
        whole = router.level(str(row["base"]), str(row["subject"]), int(row["year"]))
        return calc.compute_share(part.operand, whole.operand), [part, whole], (
            f"The {row['year']} {part.operand.name} ({router.show(part, bare=True)}) is {{result}} of the {row['year']} "
            f"{whole.operand.name} ({router.show(whole, bare=True)}).")
    given = [q for q, row in req.quoted if row is None and q.unit in ("", "count")]
    if len(bases) == 1 and len(given) == 1 and req.years:  # "if one province had 385 of the 7,697 enterprises, what
        year = (req.asked_years or req.years)[0]  # share of the national total is that?": the figure given, of the
        whole = router.level(bases[0], router.subject_for(bases[0]), year)  # paper's level that year
        part = given_value(given[0], whole.operand.unit, year, label=given[0].raw)
        return calc.compute_share(part.operand, whole.operand), [part, whole], (
            f"{given[0].raw} (your figure) is {{result}} of {_who(router, whole)} ({router.show(whole, bare=True)}).")
    named = [x for x in req.subjects if x not in router.scopes]
    if len(bases) == 1 and len(named) >= 2 and req.years:  # "what share of the whole's 2016 profit came from the part"
        whole_first = re.search(r"\b(?:share|proportion|percentage|fraction|part) of\b", req.text, re.I)
        whole_subject, part_subject = (named[0], named[1]) if whole_first else (named[1], named[0])
        year = (req.asked_years or req.years)[0]
        a, b = router.level(bases[0], part_subject, year), router.level(bases[0], whole_subject, year)
        first = _who(router, a)
        return calc.compute_share(a.operand, b.operand), [a, b], (f"{first[:1].upper()}{first[1:]} "
                                                                  f"({router.show(a, bare=True)}) is {{result}} of "
                                                                  f"{_who(router, b)} ({router.show(b, bare=True)}).")
    if len(bases) < 2:
        raise Decline()
    first = req.metrics[0][2]
    whole_first = re.search(r"\b(?:share|proportion|percentage|fraction|part|%) of\s+(?:the\s+)?(?:\d{4}\s+)?$",
                            req.text[:first], re.I)
    part, whole = (bases[1], bases[0]) if whole_first or _is_whole(router, bases[0]) else (bases[0], bases[1])
    router.check_subject(part, "share")
    if not req.years:
        raise Decline()
    t = router.table
    stated = t[(t["base"] == part) & (t["kind"] == "share")]
    if not stated[stated["whole"].map(slug_whole).isin([whole, ""])].empty and not req.explicit:
        raise Decline()  # the paper states that share: the composer quotes it
    year = (req.asked_years or req.years)[0]
    named = {v.operand.name: v for v in router.mentioned_levels()} if len(set(req.years)) >= 2 else {}
    by_base = {b: named.get(router.label(b)) for b in (part, whole)}
    if all(by_base.values()):  # "what share of the 2020 market is the 2017 expenditure": each its own year
        a, b = by_base[part], by_base[whole]
    else:
        a, b = router.level(part, router.subject_for(part), year), router.level(whole, router.subject_for(whole), year)
    first = _who(router, a)
    return calc.compute_share(a.operand, b.operand), [a, b], (f"{first[:1].upper()}{first[1:]} "
                                                              f"({router.show(a, bare=True)}) is {{result}} of "
                                                              f"{_who(router, b)} ({router.show(b, bare=True)}).")


def _op_implied_whole(router: Router) -> Outcome:
    req = router.req
    whole = next(m[0] for m in req.metrics if _is_whole(router, m[0]))
    shares = [r for r in router.quoted_rows(("share",)) if slug_whole(r["whole"]) == whole]
    if not shares:
        year = str(req.years[0]) if req.years else ""
        t = router.table
        rows = t[(t["kind"] == "share") & (t["whole"].map(slug_whole) == whole) & (t["year"] == year)]
        named = rows[rows["base"].isin([m[0] for m in req.metrics])]
        rows = named if not named.empty else rows
        if rows.empty:
            raise Missing(whole, "", year, "share")
        shares = [rows.iloc[0]]
    row = shares[0]
    share = router.stated(row)
    parts = [r for r in router.quoted_rows(("level",)) if r["unit_used"] in MONEY]
    part = router.stated(parts[0]) if parts else router.level(str(row["base"]), str(row["subject"]), int(row["year"]))
    comp = calc.compute_implied_whole(part.operand, share.operand, router.label(whole), scale=router.scale_of(part))
    part_label = router.label(str(parts[0]["base"] if parts else row["base"]))
    return comp, [part, share], (f"The {router.label(whole)} implied for {row['year']} by {part_label} of "
                                 f"{router.show(part, bare=True)} at {router.show(share, bare=True)} of "
                                 f"{router.label(whole)} is {{result}}.")


def _op_part_of_whole(router: Router) -> Outcome:
    """"If the global market were $1,500 bn, what would China's market be": the whole the question sets, times the
    share of it the paper states (for the year asked, when it names one)."""
    req = router.req
    wholes = whole_metrics(router.facts, router.document)
    whole = next(m[0] for m in req.metrics if m[0] in wholes)
    amount = next(q for q, row in req.quoted if row is None and q.unit in MONEY)
    t = router.table
    rows = t[(t["kind"] == "share") & (t["bound"] == "") & (t["whole"].map(slug_whole) == whole)]
    named = rows[rows["subject"].isin(req.subjects + req.scoped)]
    rows = named if not named.empty else rows
    dated = rows[rows["year"].isin([str(y) for y in req.years])]
    rows = dated if not dated.empty else rows
    if rows.empty:
        raise Missing(whole, "", str(req.years[0]) if req.years else "", "share")
    row = rows.iloc[0]
    share = router.stated(row)
    given = given_value(amount, amount.unit, row["year"], name=router.label(whole), label=amount.raw)
    part = f"{the(str(row['subject']))}'s part" if row["subject"] else "the part"
    comp = calc.compute_part_of_whole(given.operand, share.operand, part, scale=amount.scale or DERIVED_SCALE)
    return comp, [given, share], (f"At the {row['year'] + ' ' if row['year'] else ''}share the paper states, "
                                  f"{router.show(share, bare=True)} of {row['whole']}, {part} of {amount.raw} "
                                  f"(your figure) is {{result}}.")


def _op_rescale(router: Router) -> Outcome:
    req = router.req
    pct = [q for q, _ in req.quoted if q.unit == "%"]
    year = str(req.years[0]) if req.years else ""
    actual = next((r for _, r in req.quoted if r is not None and r["kind"] == "share" and r["year"] == year), None)
    if len(pct) < 2 or actual is None:
        raise Decline()
    hypothetical = next((q for q in pct if not math.isclose(q.value, float(actual["value_used"]))), None)
    if hypothetical is None:
        raise Decline()
    share = router.stated(actual)
    part = router.level(str(actual["base"]), str(actual["subject"]), int(year))
    given = given_value(hypothetical, "%", year, name="share").operand
    whole = router.label(slug_whole(str(actual["whole"])))
    comp = calc.compute_share_rescaled(part.operand, share.operand, given, whole, scale=DERIVED_SCALE)
    return comp, [part, share], (f"At {hypothetical.raw} of {actual['whole']} instead of the stated "
                                 f"{router.show(share, bare=True)}, the {year} {router.label(str(actual['base']))}"
                                 f"{of(str(actual['subject']))} ({router.show(part, bare=True)}) would have been "
                                 f"{{result}}.")


# -- the figures an operation takes and names --------------------------------------------------------------------------
def _pair(router: Router) -> tuple[Value, Value]:
    """Two figures to compare: by rank ("the two fastest"), by subject, by metric, or by year."""
    req = router.req
    base, growth = router.asked_metric()
    growth = growth or req.growth_words
    kinds = ("yoy_growth",) if growth else ("level",)
    year = str(req.years[0]) if len(set(req.years)) == 1 else None
    values: list[Value] = []
    if req.ranks:
        pool = router.rows(base, kinds, None, year)
        pool = pool[pool["subject"] != router.main] if (pool["subject"] != router.main).sum() >= 2 else pool
        used: set[str] = set()
        for rank in req.ranks[:2]:
            left = pool[~pool["id"].isin(used)]
            ranked = left[left["rank"] == rank]
            ranked = ranked if not ranked.empty else left
            if ranked.empty:
                raise Decline()
            row = ranked.sort_values("value_used", ascending=(rank == "bottom")).iloc[0]
            used.add(row["id"])
            values.append(router.stated(row))
    named = [s for s in req.subjects if s not in router.scopes]
    if len(values) + len(named) == 1 and len({m[0] for m in req.metrics}) < 2:
        named += req.scoped  # "developed countries vs China": the scope named against another subject is a rival
    named = named[:2 - len(values)]
    if len(values) + len(named) >= 2:
        for subject in named:
            rows = _figures_of(router, base, kinds, subject, year)
            if rows.empty:
                raise Missing(base, subject, year or "", kinds[0])
            values.append(router.stated(rows.iloc[0]))
    periods = list(dict.fromkeys(p for _, p, _ in year_spans(req.text)[1]))  # "2010-2017", "the Eleventh Five-Year Plan"
    if len(values) < 2 and growth and len(periods) >= 2:  # two stated compound rates over the periods named
        compound = router.rows(base, ("compound_growth",), router.subject_for(base))
        found = [compound[compound["year"] == p] for p in periods[:2]]
        if all(not f.empty for f in found):
            values = [router.stated(f.iloc[0]) for f in found]
    if len(values) < 2:
        bases = list(dict.fromkeys(m[0] for m in req.metrics))
        if len(bases) >= 2 and year:
            values = [router.growth_or_stated(b, router.subject_for(b), int(year)) if growth else
                      router.level(b, router.subject_for(b), int(year)) for b in bases[:2]]
        elif len(bases) >= 2 and len(set(req.years)) >= 2 and not growth:
            # "2017 total health expenditure ... the 7 trillion market foreseen for 2020": each its own year
            values = router.mentioned_levels()
            if len({v.operand.name for v in values}) < 2:
                raise Decline()
        elif len(set(req.years)) >= 2:
            subject = router.subject_for(base)
            pick = router.growth_or_stated if growth else router.level
            values = [pick(base, subject, y) for y in list(dict.fromkeys(req.years))[:2]]
    if len(values) < 2:
        raise Decline()
    return values[0], values[1]


def _figures_of(router: Router, base: str, kinds: tuple[str, ...], subject: str, year: str | None):
    """A subject's figures of a metric: of the kinds asked, else the shares the paper gives it in, else the bounds it
    states ("exceeded 60%", "less than 20%")."""
    rows = router.rows(base, kinds, subject, year)
    for more, bounds in (((*kinds, "share"), False), ((*kinds, "share"), True)):
        if rows.empty:
            rows = router.rows(base, more, subject, year, bounds)
    return rows


def _is_growth(router: Router, value: Value) -> bool:
    kinds = router.table.loc[router.table["id"].isin(value.leaves), "kind"]
    return bool(kinds.str.endswith("growth").any()) or value.operand.name.endswith("growth")


def _subject_of(router: Router, value: Value) -> str:
    """The subject of a stated value's figure ("" for a derived value)."""
    return str(router.facts.row(value.leaves[0])["subject"]) if value.leaves else ""


def _who(router: Router, value: Value) -> str:
    """"the 2017 revenue of the bio-pharmaceutical industry"."""
    op = value.operand
    return f"the {op.year + ' ' if op.year else ''}{op.name}{of(_subject_of(router, value))}"


def _both(router: Router, a: Value, b: Value) -> str:
    """The two figures named together: "The 2017 revenue growth of A and of B"."""
    sa, sb = _subject_of(router, a), _subject_of(router, b)
    if a.operand.name == b.operand.name and a.operand.year == b.operand.year:
        return f"The {a.operand.year + ' ' if a.operand.year else ''}{a.operand.name} of {the(sa)} and of {the(sb)}"
    if sa == sb and a.operand.year == b.operand.year:
        return f"The {a.operand.year} {a.operand.name} and {b.operand.name}{of(sa)}"
    return f"{_who(router, a)[:1].upper()}{_who(router, a)[1:]} and {_who(router, b)}"


def _is_whole(router: Router, base: str) -> bool:
    """A metric the paper states shares of but no level for ("GDP")."""
    t = router.table
    levels = t[(t["base"] == base) & (t["kind"] == "level")]
    return base in whole_metrics(router.facts, router.document) and levels.empty


_LOWER_ASKED = re.compile(r"\b(?:slow(?:er|est|ly)|weak(?:er|est|ly)|less|least|lower|lowest|small(?:er|est)|fewer"
                          r"|worse|worst|behind)\b", re.I)
"""Comparatives of the lower end: "which grew more slowly", "which is smaller"."""


def _op_which(router: Router) -> Outcome:
    """"Which grew faster in 2017, revenue or profit?": the two figures compared, and the one the question asks for
    (the higher, or the lower when it asks what grew more slowly) named; without a year, the latest year the paper
    gives both for ("lately")."""
    req = router.req
    bases = list(dict.fromkeys(m[0] for m in req.metrics))[:2]
    if not req.years and len(bases) == 2:
        kinds = ("yoy_growth",) if req.growth_words else ("level",)
        given = [set(router.rows(b, kinds, router.subject_for(b))["year"]) for b in bases]
        common = sorted(y for y in given[0] & given[1] if str(y).isdigit())
        if not common:
            raise Decline()
        req.years = [int(common[-1])]
    a, b = _pair(router)
    lower = bool(_LOWER_ASKED.search(req.text))
    high, low = (a, b) if a.operand.value >= b.operand.value else (b, a)
    pick, other = (low, high) if lower else (high, low)
    if high.operand.unit == "%" and low.operand.unit == "%":
        comp = calc.compute_pp_difference(high.operand, low.operand)
    else:
        comp = calc.compute_absolute_change(low.operand, high.operand)
    named = _who(router, pick)
    return comp, [pick, other], (f"{named[:1].upper()}{named[1:]} ({router.show(pick, bare=True)}) is the "
                                 f"{'lower' if lower else 'higher'} of the two, against {_who(router, other)} "
                                 f"({router.show(other, bare=True)}): a gap of {{result}}.")


OPERATIONS = {"abs_change": _op_abs_change, "which": _op_which, "difference": _op_difference, "compare": _op_compare,
              "ratio": _op_ratio, "margin": _op_margin, "share": _op_share, "implied_whole": _op_implied_whole, "rescale": _op_rescale,
              "part_of_whole": _op_part_of_whole}

"""Checks of the paper's own numbers: recompute what the paper derives and flag what disagrees or looks implausible.

Each rule returns :class:`Check` findings that cite the sentences they are about and say which reading the calculator
uses instead (``corrections``: the value and unit used for a fact); the rules run in order, each seeing the readings
of the ones before it. The table itself keeps the printed values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ..calc import compute_cagr
from ..numbers import SCALES, format_number, read_numbers
from ..types import Citation, Document, Operand
from .periods import period_of
from .rows import citation_for, format_amount
from .vocabulary import EMPTY, ENUMERATION, GENERIC, Vocabulary, enumerated_subjects, slug, subject_key, tokens

_SCALE_WORD = {factor: word for word, factor in SCALES.items() if word}  # 1e9 -> "billion"


@dataclass(frozen=True, kw_only=True)
class Check:
    """One finding about the paper's own numbers and the reading the calculator uses because of it."""

    id: str
    severity: str  # info | warning
    explanation: str
    reading: str
    facts: tuple[str, ...]
    citations: tuple[Citation, ...]
    corrections: tuple[tuple[str, float, str], ...] = ()  # (fact id, value used, unit used)

    @property
    def title(self) -> str:
        return _CHECK_TITLES.get(self.id.split(":")[0], self.id)

    @property
    def status(self) -> str:
        """``ok`` for a finding that needs no other reading, else ``warning``."""
        return "ok" if self.severity == "info" else "warning"


_CHECK_TITLES = {"unit": "Currency not printed", "malformed": "Malformed number", "scale": "Implausible scale",
                 "cagr": "Stated compound growth recomputed", "levels": "Growth rates against levels",
                 "points": "Percent or percentage points", "duration": "Period length",
                 "unlisted": "Sub-sector not in the paper's list"}


def check_facts(document: Document, table: pd.DataFrame, vocabulary: Vocabulary = EMPTY) -> list[Check]:
    """Recompute what the paper derives and flag what disagrees beyond rounding or looks implausible (``vocabulary``:
    the paper's metric labels and subject names beyond its own words)."""
    used = {r.id: (float(r.value), str(r.unit)) for r in table.itertuples()}
    checks: list[Check] = []
    for rule in (_check_units, _check_malformed, _check_scale, _check_cagr, _check_growth_vs_levels, _check_points,
                 _check_duration, _check_unlisted):
        for check in rule(document, table, used, vocabulary):
            checks.append(check)
            used.update({fid: (value, unit) for fid, value, unit in check.corrections})
    return checks


def _make(document: Document, table: pd.DataFrame, ids: list[str], **kw) -> Check:
    rows = table.set_index("id").loc[ids].reset_index()
    seen: dict[int, Citation] = {}
    for _, row in rows.iterrows():
        if int(row["sentence_start"]) not in seen:
            seen[int(row["sentence_start"])] = citation_for(document, row, len(seen) + 1)
    return Check(facts=tuple(ids), citations=tuple(seen.values()), **kw)


def _levels(table: pd.DataFrame) -> pd.DataFrame:
    """Stated single-year levels (no bounds, no projections)."""
    mask = (table["kind"] == "level") & (table["bound"] == "") & table["year"].str.fullmatch(r"\d{4}") & \
        ~table["projection"]
    return table[mask]


def _series_scale(rows: pd.DataFrame) -> str:
    scales = [s for s in rows["scale"] if s]
    return max(set(scales), key=scales.count) if scales else ""


def _check_units(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    out = []
    for r in table.itertuples():
        if r.unit or not r.scale:
            continue
        same = (table["base"] == r.base) & (table["kind"] == r.kind) & (table["id"] != r.id)
        units = {u for u in table.loc[same, "unit"] if u}
        if len(units) == 1:
            unit = units.pop()
            out.append(_make(document, table, [r.id], id=f"unit:{r.id}", severity="info", explanation=(
                f"{r.metric} {r.year} is printed as {r.printed!r}, without a currency, while the paper's other "
                f"{vocabulary.label(r.base)} figures are in {unit}."),
                reading=f"reads it as {r.printed} {unit}, the unit of the other {vocabulary.label(r.base)} figures.",
                corrections=((r.id, float(r.value), unit),)))
    return out


def _check_malformed(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    out = []
    for r in table.itertuples():
        printed = read_numbers(r.printed)
        if not printed or not printed[0].malformed:
            continue
        others = _levels(table)
        others = others[(others["base"] == r.base) & (others["subject"] == r.subject) & (others["id"] != r.id)]
        context = "; ".join(f"{o.year}: {o.printed}" for o in others.itertuples())
        digits = re.match(r"[\d,.]+", r.printed).group()
        out.append(_make(document, table, [r.id, *others["id"]], id=f"malformed:{r.id}", severity="warning",
                         explanation=(f"{r.metric} {r.year} is printed as {r.printed!r}: the separators in {digits!r}"
                                      f" are not grouped in threes." + (f" Other {vocabulary.label(r.base)} figures: "
                                                                        f"{context}." if context else "")),
                         reading=(f"reads it as {format_amount(r.value, r.unit, r.scale)} (the digits with the "
                                  f"separators dropped), which fits the rest of the series."),
                         corrections=((r.id, used[r.id][0], used[r.id][1]),)))
    return out


def _check_scale(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    """A level a thousand times off the rest of its series: a slipped scale word ("billion" for "trillion")."""
    out = []
    levels = _levels(table)
    for _, group in levels.groupby(["base", "subject"]):
        if len(group) < 3:
            continue
        values = {r.id: used[r.id][0] for r in group.itertuples()}
        for r in group.itertuples():
            others = [v for k, v in values.items() if k != r.id and v > 0]
            if values[r.id] <= 0 or len(others) < 2:
                continue
            far = min(abs(math.log10(values[r.id] / v)) for v in others)  # a hundred times off every other value
            agree = max(abs(math.log10(a / b)) for a in others for b in others)  # while those agree with each other
            if far < 2 or agree >= 1:
                continue
            factor = min((1e3, 1e-3, 1e6, 1e-6), key=lambda f: max(abs(math.log10(values[r.id] * f / v))
                                                                    for v in others))
            corrected = values[r.id] * factor
            scale = _SCALE_WORD.get(SCALES.get(r.scale, 1.0) * factor, "")
            series_scale = _series_scale(group)
            near = min((o for o in group.itertuples() if o.id != r.id), key=lambda o: abs(int(o.year) - int(r.year)))
            lo, hi = sorted((near, r), key=lambda o: int(o.year))
            years = int(hi.year) - int(lo.year)
            v_lo, v_hi = (values[lo.id], values[hi.id])
            as_printed = (v_hi / v_lo - 1) * 100
            c_lo, c_hi = (v_lo, corrected) if hi.id == r.id else (corrected, v_hi)
            fixed = (c_hi / c_lo - 1) * 100
            rates = table[(table["base"] == r.base) & (table["subject"] == r.subject) & (table["kind"] == "yoy_growth")
                          & (table["bound"] == "") & table["year"].isin([str(y) for y in range(int(lo.year),
                                                                                                 int(hi.year) + 1)])]
            stated = ", ".join(f"{x.printed} in {x.year}" for x in rates.itertuples())
            printed_scale = re.sub(r"^[\d,.]+\s*", "", r.printed)
            out.append(_make(document, table, [r.id, near.id, *rates["id"]], id=f"scale:{r.id}", severity="warning",
                             explanation=(
                                 f"{r.metric} {r.year} is printed as {r.printed!r}, about {1 / factor if factor < 1 else factor:,.0f} "
                                 f"times {'more' if factor < 1 else 'less'} than the rest of the series "
                                 f"({near.year}: {near.printed}). As printed, {lo.year}-{hi.year} would be a change of "
                                 f"{format_number(as_printed)}%; read as {r.printed.split()[0]} {scale} "
                                 f"{printed_scale.split()[-1] if printed_scale else ''}".rstrip() +
                                 f" it is {format_number(fixed)}% ({format_number(((1 + fixed / 100) ** (1 / years) - 1) * 100)}% "
                                 f"a year)" + (f", in line with the stated growth of {stated}." if stated else ".")),
                             reading=(f"uses {format_amount(corrected, used[r.id][1], series_scale)} "
                                      f"({r.printed.split()[0]} {scale}); the table keeps the printed value."),
                             corrections=((r.id, corrected, used[r.id][1]),)))
            values[r.id] = corrected
    return out


def _check_cagr(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    """A stated compound growth rate against the one recomputed from the stated endpoints of its period."""
    out = []
    levels = _levels(table)
    for r in table[table["kind"] == "compound_growth"].itertuples():
        span = period_of(r.year)
        ends = [levels[(levels["base"] == r.base) & (levels["subject"] == r.subject) & (levels["year"] == str(y))]
                for y in span or ()]
        if not span or span[0] == span[1] or any(e.empty for e in ends):
            continue
        a, b = ends[0].iloc[0], ends[1].iloc[0]
        years = span[1] - span[0]
        comp = compute_cagr(Operand(name=r.base, value=used[a["id"]][0], unit=used[a["id"]][1], year=a["year"]),
                            Operand(name=r.base, value=used[b["id"]][0], unit=used[b["id"]][1], year=b["year"]), years)
        decimals = len(r.printed.rstrip("%").partition(".")[2])
        agrees = abs(comp.value - r.value) <= 0.5 * 10 ** -decimals + 0.005
        out.append(_make(document, table, [r.id, a["id"], b["id"]], id=f"cagr:{r.id}",
                         severity="info" if agrees else "warning", explanation=(
                             f"The stated {r.printed} compound growth of {vocabulary.label(r.base)} over {r.year} "
                             f"{'agrees with' if agrees else 'differs from'} the rate recomputed from the stated "
                             f"endpoints: ({a['printed']} -> {b['printed']}, {years} years) {comp.formula}."),
                         reading=f"recomputes {format_number(comp.value)}% from the endpoints when asked; "
                                 f"quotes the paper's {r.printed} otherwise."))
    return out


def _half_unit(row: pd.Series, used_value: float) -> float:
    """Half a unit of the last printed digit, in the value's reading ("2 trillion" -> 0.5 trillion)."""
    m = re.match(r"[\d,]+(?:\.(\d+))?", str(row["printed"]))
    printed = float(m.group().replace(",", "")) if m else 0.0
    if not printed:
        return 0.0
    return 0.5 * 10 ** -len(m.group(1) or "") * used_value / printed


def _check_growth_vs_levels(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    """Stated year-on-year rates against the stated levels they connect (within the precision the levels are printed
    to); when one year's rate is not stated, the rate the levels imply for it against the stated neighbours."""
    out = []
    levels = _levels(table)
    rates = table[(table["kind"] == "yoy_growth") & (table["bound"] == "") & table["year"].str.fullmatch(r"\d{4}")]
    for (base, subject), group in levels.groupby(["base", "subject"]):
        group = group.assign(y=group["year"].astype(int)).sort_values("y")
        mine = rates[(rates["base"] == base) & (rates["subject"] == subject)]
        for (_, a), (_, b) in zip(group.iterrows(), group.iloc[1:].iterrows()):
            inside = mine[mine["year"].astype(int).between(a["y"] + 1, b["y"])]
            if inside.empty:
                continue
            around = mine[mine["year"].astype(int).between(a["y"], b["y"])]
            va, vb = used[a["id"]][0], used[b["id"]][0]
            ha, hb = _half_unit(a, va), _half_unit(b, vb)
            known = math.prod(1 + g / 100 for g in inside["value"])
            rate_slack = math.prod(1 + (g + _half_unit(r, g)) / 100 for g, (_, r) in zip(inside["value"],
                                                                                         inside.iterrows())) / known
            missing = [y for y in range(a["y"] + 1, b["y"] + 1) if str(y) not in set(inside["year"])]
            low = ((vb - hb) / (va + ha) / known / rate_slack - 1) * 100
            high = ((vb + hb) / (va - ha) / known * rate_slack - 1) * 100
            central = (vb / va / known - 1) * 100
            scale = _series_scale(group)
            shown = (f"{format_amount(va, used[a['id']][1], scale)} in {a['y']} and "
                     f"{format_amount(vb, used[b['id']][1], scale)} in {b['y']}")
            stated = ", ".join(f"{x.printed} in {x.year}" for x in around.itertuples())
            spread = "" if high - low < 0.01 else f" (between {format_number(low)}% and {format_number(high)}% " \
                                                   f"given how the levels are rounded)"
            ids = [a["id"], b["id"], *around["id"]]
            check_id = f"levels:{base}:{a['y']}-{b['y']}"
            if not missing:
                agrees = low <= 0 <= high or abs(central) < 0.05
                rates_in = ", ".join(f"{x.printed} in {x.year}" for x in inside.itertuples())
                out.append(_make(document, table, ids, id=check_id, severity="info" if agrees else "warning",
                                 explanation=(f"{vocabulary.label(base).capitalize()} of {shown} imply growth of "
                                              f"{format_number((vb / va - 1) * 100)}%; the stated {rates_in} amount to "
                                              f"{format_number((known - 1) * 100)}%: "
                                              f"{'consistent within' if agrees else 'a difference beyond'} rounding."),
                                 reading="uses the figures as stated (after the readings above)."))
            elif len(missing) == 1:
                lo, hi = around["value"].min(), around["value"].max()
                inside_range = high >= lo and low <= hi
                where = ("consistent with the" if inside_range else "higher than every" if low > hi else
                         "lower than every")
                out.append(_make(document, table, ids, id=check_id, severity="info" if inside_range else "warning",
                                 explanation=(
                                     f"{vocabulary.label(base).capitalize()} of {shown}, with the stated {stated}, imply "
                                     f"{format_number(central)}% growth in {missing[0]}{spread}, a year the paper gives "
                                     f"no rate for: {where} stated rate around it "
                                     f"({(((vb / va) ** (1 / (b['y'] - a['y']))) - 1) * 100:.2f}% a year over "
                                     f"{a['y']}-{b['y']})."),
                                 reading=f"derives {missing[0]} figures from these numbers only when asked, and says so "
                                         f"in the answer."))
    return out


def _check_points(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    """A change of a rate printed in % ("an increase of 3%"): percentage points or a relative increase?"""
    out = []
    levels = _levels(table)
    for r in table[(table["kind"] == "change") & (table["unit"] == "%")].itertuples():
        level = levels[(levels["base"] == r.base) & (levels["subject"] == r.subject) & (levels["year"] == r.year)]
        if level.empty:
            continue
        lv = level.iloc[0]
        points, relative = lv["value"] - r.value, lv["value"] / (1 + r.value / 100)
        out.append(_make(document, table, [r.id, lv["id"]], id=f"points:{r.id}", severity="warning", explanation=(
            f"{vocabulary.label(r.base).capitalize()} {lv['printed']} in {r.year}, \"an increase of {r.printed}\": read as "
            f"percentage points the previous year's rate was {format_number(points)}%; read as a relative increase it "
            f"was {format_number(relative)}%."),
            reading=(f"reads percentage points (previous year {format_number(points)}%): a change printed next to a rate is "
                     f"most often the difference of the two rates; a question that asks for a relative increase gets "
                     f"{format_number(relative)}%.")))
    return out


def _check_duration(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    out = []
    levels = _levels(table)
    for r in table[table["note"].str.contains("duration stated") & table["year"].str.contains("-")].itertuples():
        y0, y1 = period_of(r.year)
        if r.n_years == y1 - y0:
            continue
        end = levels[(levels["base"] == r.base) & (levels["subject"] == r.subject) & (levels["year"] == str(y1))]
        ids = [r.id, *end["id"]]
        n = int(r.n_years)
        start = f" the count {n} years before {y1} ({y1 - n}) is {end.iloc[0]['value'] - r.value:,.0f}," if len(end) else ""
        phrase = re.search(r"duration stated: '([^']+)'", r.note)
        out.append(_make(document, table, ids, id=f"duration:{r.id}", severity="warning", explanation=(
            f"{vocabulary.label(r.base).capitalize()}: {r.printed} \"{phrase.group(1) if phrase else f'in {n} years'}\" "
            f"over {r.year}, but {y0}-{y1} has {y1 - y0} year-to-year steps "
            f"({y1 - y0 + 1} calendar years counted inclusively). Read as {y1 - y0} steps from {y0}, the average would "
            f"be {format_number(r.value / (y1 - y0))} a year."),
            reading=(f"counts {n} yearly increases ending in {y1}, as the text says:{start} and the average is "
                     f"{format_number(r.value / n)} a year.")))
    return out


def _check_unlisted(document: Document, table: pd.DataFrame, used: dict, vocabulary: Vocabulary) -> list[Check]:
    """A compared sub-sector that is not among the ones the paper enumerates."""
    listed = enumerated_subjects(document)
    if not listed:
        return []
    keys = {name: subject_key(name, vocabulary.stems) for name in listed}
    out = []
    for subject, rows in table[table["rank"] != ""].groupby("subject", sort=False):
        if subject in listed or subject in vocabulary.subjects:
            continue
        key = subject_key(subject, vocabulary.stems)
        lead = next((t for t, _, _ in tokens(subject, vocabulary.stems) if t not in GENERIC), "")
        pool = [n for n in listed if lead in keys[n]] or list(listed)  # the same leading modifier first
        best = max(len(keys[n] & key) for n in pool)
        near = [n for n in pool if best and len(keys[n] & key) == best]
        enum = next(s for s in document.sentences if ENUMERATION.search(s.text))
        enum_row = {"sentence_start": enum.start, "sentence_end": enum.end, "page": enum.page,
                    "section": enum.section}
        check = _make(document, table, list(rows["id"]), id=f"unlisted:{slug(subject)}", severity="warning",
                      explanation=(f"{subject!r} ({', '.join(f'{r.metric} {r.printed}' for r in rows.itertuples())}) is "
                                   f"not one of the {len(listed)} sub-sectors the paper lists"
                                   + (f"; the closest listed are {' and '.join(near)}." if near else ".")),
                      reading=f"keeps the name as printed: only a question naming {subject} gets this figure; it is "
                              f"not used for {' or '.join(near) if near else 'any listed sub-sector'}.")
        cites = (*check.citations, citation_for(document, enum_row, len(check.citations) + 1))
        out.append(Check(**{**check.__dict__, "citations": cites}))
    return out

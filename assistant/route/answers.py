"""Computation answers: :func:`answer_computation` routes a parsed request to its operation and builds the Answer,
with the inputs cited, the derivation of any input the paper does not state, the checks' warnings about the figures
used, and the result in the scale the paper prints its inputs in; or an abstaining Answer that names the figure the
paper does not give and the ones it does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import pandas as pd

from ..errors import CalculationError
from ..facts import Facts, citation_for, is_metric_name
from ..numbers import format_number
from ..question import year_range
from ..types import Answer, Computation, Document, Operand
from ..units import scaled, scaled_unit
from . import pairs, project, series
from .given import answer_expression, answer_given, answer_mixed
from .request import ALTERNATIVES, parse_request
from .router import MONEY, SCALE_WORDS, Decline, Missing, Router, Value, join, of, the

log = logging.getLogger(__name__)

_NOT_COMPUTATION = re.compile(r"^\W*(?:(?:in|for|during|by) )?(?:which|who|whom|whose|where|why|when)\b|\bwhat year\b",
                              re.I)
_COMPUTE_ASKED = re.compile(r"\b(?:re-?compute|calculate|compute|derive)\b", re.I)
"""The question asks to compute what the paper may state ("recompute the 16.70% CAGR")."""
_OPERATIONS = {**series.OPERATIONS, **pairs.OPERATIONS, **project.OPERATIONS}


def answer_computation(question: str, resolved: str, facts: Facts, document: Document) -> Answer | None:
    """An Answer for a computation request (or for an input the paper lacks); None for anything else."""
    text = (resolved or question or "").strip()
    if (typed := answer_expression(question, text)) is not None:  # "2^10?", "(500 - 200) / 200 as a percent"
        return _sourced(typed, Router(parse_request(text, facts, document), facts, document))
    if not text or not any(ch.isalpha() for ch in text) or (_NOT_COMPUTATION.search(text)
                                                          and not ALTERNATIVES.search(text)):
        return None  # "which sub-sector grew fastest": a passage; "which grew faster, A or B": their figures
    given = answer_given(question, text, facts)
    req = parse_request(text, facts, document)
    if given is not None:
        return _compared(given, Router(req, facts, document))
    if not req.metrics and not any(row is not None for _, row in req.quoted):
        return None
    router = Router(req, facts, document)
    try:
        answer = _route(router, question, text)
    except Decline:
        answer = None
    return answer if answer is not None else _mixed(router, question, text)


def _sourced(typed: Answer, router: Router) -> Answer:
    """Arithmetic typed with figures of the paper in it ("(3641.2 - 1235) / 1235"): where the paper prints each, cited."""
    ids = []
    for token in dict.fromkeys(t.replace(",", "") for t in re.findall(r"\d[\d,]*(?:\.\d+)?", router.req.text)):
        if len(token.replace(".", "").lstrip("0")) < 3:
            continue  # "2^10": a small number is no figure of the paper's
        printing = [f.id for f in router.facts.typed
                    if (m := re.search(r"\d[\d,]*(?:\.\d+)?", f.printed)) and m.group().replace(",", "") == token]
        if len(printing) == 1:  # (a number the paper prints for several things names none of them)
            ids.append(printing[0])
    values = [router.stated(router.facts.row(fid)) for fid in dict.fromkeys(ids)]
    if not values:
        return typed
    shown = join([f"{v.operand.name}{f' {v.operand.year}' if v.operand.year else ''}: {router.show(v, bare=True)}"
                  for v in values])
    citations = tuple(citation_for(router.document, row, n) for n, row in sorted(router.refs.values()))
    said = typed.text.replace(" (not figures of the paper)", "", 1)
    return replace(typed, text=f"{said} The paper prints {shown}.", citations=citations)


def _compared(given: Answer, router: Router) -> Answer:
    """A result from the question's own numbers set against the paper's figure of the same unit the question quotes
    ("from 80 to 130 in 5 years: what annual rate, and is it above the industry's 16.70%?"), cited."""
    comp = given.computation
    rows = [row for _, row in router.req.quoted if row is not None and comp is not None
            and str(row["unit_used"] or "count") == (comp.unit or "count")]
    if not rows:
        return given
    value = router.stated(rows[0])
    relation = ("above" if comp.value > value.operand.value else "below" if comp.value < value.operand.value
                else "the same as")
    shown = router.show(value, bare=True)
    citations = tuple(citation_for(router.document, row, n) for n, row in sorted(router.refs.values()))
    return replace(given, text=f"{given.text} That is {relation} the paper's {value.operand.name} ({shown}).",
                   citations=citations)


def _mixed(router: Router, question: str, text: str) -> Answer | None:
    """The question's own numbers with the figures of the paper it quotes, when no operation of the router took
    them ("if it were 1,150 bn USD at the paper's 7.5% share, how big is the global market?")."""
    stated = {q.start: router.stated(row) for q, row in router.req.quoted if row is not None}
    comp = answer_mixed(text, lambda q: stated[q.start].operand if q.start in stated else None)
    if comp is None:
        return None
    by_operand = {id(v.operand): v for v in stated.values()}
    inputs = [by_operand.get(id(op)) or Value(op, (), label=op.name) for op in comp.inputs]
    papers = join([f"{v.operand.name.strip()} {router.show(v, bare=True)}" for v in inputs if v.leaves])
    return _answer(router, question, text, comp, inputs, f"From your figures and the paper's ({papers}): {comp.sentence}")


def _route(router: Router, question: str, text: str) -> Answer | None:
    """The request's operation computed and answered; None when it asks what the paper states, not a computation."""
    req = router.req
    if req.stated_cue and not _COMPUTE_ASKED.search(req.text):
        return None
    if _states_the_outcome(router):
        return None  # the composer quotes the sentence that states it
    try:
        comp, values, template = _OPERATIONS[req.op](router)
    except Missing as missing:
        if req.op == "compare" or (req.op == "implied_whole" and not req.explicit):
            return None  # "how does it compare with X?": the paper may compare them in words; the passage answers;
            # and "what's the target for 2020 (share of GDP ...)?" asks what the paper says, unless asked to compute
        if _states_the_rate(router, missing):
            return None  # the composer quotes the sentence that states it
        return _missing(router, question, text, missing)
    except CalculationError as exc:
        log.info("calculation refused for %r: %s", text, exc)
        return None
    return _answer(router, question, text, comp, values, template)


def _states_the_outcome(router: Router) -> bool:
    """Does the question quote the condition of a sentence that states its outcome ("If this proportion reaches the
    target of 7% ..., the market will reach 7 trillion yuan": "if it got to 7%, how big would the market be?")? The
    paper's own figure answers, unless the question asks to compute."""
    text = router.req.text
    if router.req.op not in ("level", "implied_whole", "part_of_whole") or _COMPUTE_ASKED.search(text) \
            or re.search(r"\b(?:work out|instead)\b", text, re.I):
        return False  # another operation asked of the figures: the router computes it
    quoted = [row for _, row in router.req.quoted if row is not None]
    quoted_ids = {row["id"] for row in quoted}
    t = router.table
    for row in quoted:
        if not row.get("projection"):
            continue
        same = t[(t["sentence_start"] == row["sentence_start"]) & (t["kind"] == "level") & (t["id"] != row["id"])]
        if not same.empty and not quoted_ids & set(same["id"]):
            return True
    return False


def _states_the_rate(router: Router, missing: Missing) -> bool:
    """Does the paper state the growth rate asked for a period whose end it gives no level for ("the compound growth
    of output reached 23.32% during the Eleventh Five-Year Plan", with no output of 2006)?"""
    if router.req.op not in ("cagr", "total_growth", "growth", "avg_change") or not str(missing.year).isdigit():
        return False
    t = router.table
    year = int(missing.year)
    periods = t[(t["base"] == missing.base) & t["kind"].str.endswith("growth") & (t["bound"] == "")]["year"]
    return any(year in (year_range(str(period)) or ()) for period in periods)  # (a year inside another period
    # it spans is not that period)


def _answer(router: Router, question: str, text: str, comp: Computation, values: list[Value],
            template: str) -> Answer:
    """The result in its template, the inputs cited (derived ones explained), and the checks' warnings on them."""
    leaves = list(dict.fromkeys(x for v in values for x in v.leaves))
    notes = [n for v in values for n in router.notes(v, comp)] + [router.bounds_note(values)]
    for fid in leaves:
        router.ref(fid)
    citations = {n: citation_for(router.document, row, n) for n, row in router.refs.values()}
    inputs = []
    for fid in leaves:
        op = router.stated(router.facts.row(fid)).operand
        inputs.append(replace(op, citation=citations[router.ref(fid)]))
    inputs += [v.operand for v in values if not v.leaves]  # a figure the question itself gives (a target)
    steps = [s for v in values for s in v.steps if s is not comp]
    final = comp if not steps else replace(comp, formula="; ".join([s.formula for s in steps] + [comp.formula]))
    warnings = list(final.warnings)
    for fid in leaves:
        for check in router.facts.checks_for(fid):
            flags = check.facts[0] == fid or any(c[0] == fid for c in check.corrections)
            note = f"{check.explanation} Calculator: {check.reading}"
            if check.severity == "warning" and flags and note not in warnings:
                warnings.append(note)
    final = _display(replace(final, inputs=tuple(inputs), warnings=tuple(warnings)),
                     [router.facts.row(f) for f in leaves], router.req.scale)
    body = template.replace("{result}", _value_text(final))
    body = " ".join([body[:1].upper() + body[1:], *dict.fromkeys(n for n in notes if n)])
    ordered = tuple(citations[n] for n in sorted(citations))
    return Answer(question=question, text=body, abstained=False, citations=ordered, computation=final,
                  kind="computation", resolved_question=text)


def _missing(router: Router, question: str, text: str, missing: Missing) -> Answer | None:
    """Which figure the paper does not give, and the ones it does."""
    base = missing.base
    kind = missing.kind.partition(":")[2] or missing.kind if missing.kind.startswith("subject") else missing.kind
    label = router.label(base) + (" growth" if kind.endswith("growth") else " as a share" if kind == "share" else "")
    t = router.table
    rows = t[(t["base"] == base) & (t["kind"] == kind) & (t["bound"] == "")]
    if not router.req.metrics or rows.empty or not is_metric_name(base, router.facts.vocabulary):
        return None  # no figure of a metric that names something: not a claim to make ("does not give is")
    if missing.kind.startswith("subject") and not (rows["subject"] != "").any():
        return None  # the paper's figures of it name no subject: "not for X" would say nothing; the composer answers
    where = "" if not missing.subject or missing.subject == router.main else (
        f" for {missing.subject}" if missing.kind.startswith("subject") else of(missing.subject))
    if kind == "share" and not rows.empty and rows.iloc[0]["whole"]:
        label += f" of {rows.iloc[0]['whole']}"
    when = f" {'in' if where.startswith(' for') else 'for'} {missing.year}" if missing.year else ""
    same = rows[rows["subject"] == missing.subject]
    if not missing.kind.startswith("subject") and not same.empty:
        given = [f"{r['year'] or 'undated'} ({router.figure(r)})" for _, r in same.iterrows()]
        message = f"The paper does not give {label}{where}{when}; it states {join(given)}."
    else:
        by_subject: dict[str, list[str]] = {}
        for _, r in rows.iterrows():
            by_subject.setdefault(r["subject"], []).append(
                f"{r['year'] + ': ' if r['year'] else ''}{router.figure(r)}")
        given = [f"{the(s) or 'no named subject'} ({'; '.join(v)})" for s, v in by_subject.items()]
        message = f"The paper does not give {label}{where}{when}; it states {label} only for {join(given)}."
    if router.req.op in ("level", "growth") and not router.req.explicit:  # a figure question: the composer's way
        message = "The paper does not say. It" + message[len("The paper"):]
    related = tuple(citation_for(router.document, r, n) for n, (_, r) in
                    enumerate(rows.drop_duplicates("sentence_start").iterrows(), 1))
    return Answer(question=question, text=message, abstained=True, related=related, kind="computation",
                  resolved_question=text)


def _display(comp: Computation, rows: list[pd.Series], requested: str) -> Computation:
    """Money results in the scale the paper prints its inputs in, or the one the question asks for."""
    base_unit = comp.unit.replace(" per year", "")
    if base_unit not in MONEY:
        return comp
    scales = [str(r["scale"]) if float(r["value_used"]) == float(r["value"]) else "billion"
              for r in rows if r["unit_used"] in MONEY and r["scale"] in SCALE_WORDS]
    scale = requested if requested in SCALE_WORDS else (
        max(set(scales), key=lambda s: (scales.count(s), -SCALE_WORDS[s])) if scales else "billion")
    return replace(comp, scale=scale)


def _value_text(comp: Computation) -> str:
    """The result for the answer's sentence: "16.70%", "3.00 percentage points", "2.95 times", "5,674"."""
    unit, value = scaled_unit(comp), scaled(comp)
    if unit == "%":
        return f"{format_number(value)}%"
    if unit == "pp":
        return f"{format_number(value)} percentage points"
    if unit == "x":
        return f"{format_number(value)} times"
    if any(m in unit for m in MONEY):
        return f"{format_number(value)} {unit}"
    number = f"{value:,.0f}" if float(value).is_integer() else format_number(value)
    rest = unit.replace("count", "").strip()
    return f"{number} {rest}".strip()

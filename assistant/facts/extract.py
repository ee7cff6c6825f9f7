"""Extraction: every sentence of the paper -> rows of the facts table.

:func:`extract_table` reads every sentence with :func:`read_numbers` and attaches each number to what it measures by
sentence-level rules: the noun phrase the number hangs on ("a profit before tax of N", "the gross profit rate ...
reached N", "N clinical ... projects"), the year or period of its clause ("In 2015,", "from 2010 to 2017", "during the
Eleventh Five-Year Plan"), and its kind from cue words ("an increase of", "year-on-year", "compound growth rate",
"accounting for N of GDP", "falling by", "with growth rates of X and Y" paired with the subjects listed before it,
"it was" resolved to the previous sentence's metric). Values stay as printed (read into base units).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from ..numbers import Quantity, read_numbers
from ..types import Document, Sentence
from .periods import RANGE, caption_years, period_of, year_spans
from .rows import COLUMNS, typed_table
from .stated import is_prose, junk_reasons, states_figures
from .vocabulary import DETERMINERS, EMPTY, SubjectIndex, Vocabulary, alias_metric, metric_label, slug

_GROWTH_HEAD = re.compile(r"\b(?:growth|increase|rise|decrease|decline|drop|fall|cagr)s?\b(?: rates?)?", re.I)
_SHARE_HEAD = re.compile(r"\b(?:market share|share|proportion|percentage)\b", re.I)
_GENERIC_HEAD = re.compile(r"^(?:target|level|figure|value|amount|goal)$", re.I)
_ANAPHORA = re.compile(r"^(?:it|this|that|these|they)\b(?:\s+(?P<head>\w+))?", re.I)
_SUPERLATIVE = {"top": re.compile(r"\b(?:fastest|highest|largest|biggest|best|most)\b", re.I),
                "bottom": re.compile(r"\b(?:slowest|lowest|smallest|worst|least)\b", re.I)}
_PROJECTION = re.compile(r"\b(?:if|will|would|target|forecast|projected|expected|predicted)\b", re.I)
_YOY = re.compile(r"year[- ]on[- ]year|\byoy\b|previous year|last year|prior year|a year (?:earlier|before)", re.I)
_CUE_TAIL = re.compile(
    r"(?:\b(?:no more than|not more than|more than|less than|fewer than|lower than|higher than|greater than|at least"
    r"|at most|up to|over|above|below|under|exceed(?:ed|s|ing)?|about|approximately|around|nearly|almost|roughly"
    r"|close to|some|(?:falling|fell|fall|falls|dropping|dropped|drop|declining|declined|decreasing|decreased|down)"
    r"(?: by)?)\s*)+$", re.I)
_VERB_TAIL = re.compile(
    r"\s*\b(?:(?:has|have|had|will|would)\s+)?(?:reached|reaches|reach|rose to|risen to|rises to|increased to|grew to"
    r"|fell to|dropped to|declined to|stood at|amounted to|totall?ed|accounts? for|accounting for|increased from"
    r"|decreased from|grew from|rose from|was|were|is|are|has|have)\s*$", re.I)
_OF_SUBJECT = re.compile(r"\s+(?:of|in|for)\s+(?:the\s+|its\s+|[A-Z]\w+['’]s\s+)?(?:[\w-]+\s+){0,3}?"
                         r"(?:industry|industries|sector|sectors)\b.*$", re.I)
_NP_STOP = frozenset("with realized realised reached has have had is was were are by and in from to reaches for at on "
                     "as of while but which that".split())
_SKIP_SECTIONS = ("References", "Biographies", "Footnote", "Index Terms")


@dataclass
class _Context:
    """What earlier sentences established: the topic metric, the subject, the years of the paragraph."""

    paragraph: int = -1
    topic: str = ""
    subject: str = ""
    years: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the previous sentence's rows


def extract_table(document: Document, vocabulary: Vocabulary = EMPTY) -> pd.DataFrame:
    """One row per quantitative statement (see the module docstring for the rules); ``vocabulary`` names the
    paper's metrics and subjects beyond its own words."""
    subjects = SubjectIndex.build(document, vocabulary=vocabulary)
    captions = caption_years(document)
    ctx = _Context()
    rows: list[dict] = []
    for sentence in document.sentences:
        if sentence.section.startswith(_SKIP_SECTIONS) or ".Fig" in sentence.section or not states_figures(
                document, sentence):
            continue
        if sentence.paragraph != ctx.paragraph:
            ctx.paragraph, ctx.topic, ctx.years, ctx.rows = sentence.paragraph, "", [], []
        found = [r for r in _sentence_rows(document, sentence, subjects, captions, ctx) if _is_statement(sentence, r)]
        rows += found
        _remember(sentence, found, subjects, ctx)
    for n, row in enumerate(rows, 1):
        row["id"] = f"F{n:02d}"
    return typed_table(pd.DataFrame(rows, columns=list(COLUMNS)))


def _is_statement(sentence: Sentence, row: dict) -> bool:
    """A figure the sentence states: prose, a number that stands among words (see :mod:`.stated`), with a unit or a
    noun phrase it hangs on (a bare small number with nothing to measure is a label, an index or part of a formula)."""
    if row["_junk"] or not is_prose(sentence.text):
        return False
    return bool(row["base"]) or str(row["unit"]) not in ("", "count") or bool(row["scale"])


def _remember(sentence: Sentence, found: list[dict], subjects: SubjectIndex, ctx: _Context) -> None:
    text = sentence.text
    if found:
        ctx.topic, ctx.rows = found[-1]["base"], found
    else:
        growth_of = re.search(r"growth(?: rate)? of (.+)", text, re.I)
        mention = alias_metric(growth_of.group(1) if growth_of else text, subjects.vocab)
        ctx.topic = mention or ctx.topic
    named = [n for n, _, _ in subjects.find(text) if n not in subjects.scopes]
    trailing = [n for n, _, _ in subjects.find(text[found[-1]["_end"]:])] if found else []
    ctx.subject = trailing[0] if trailing else found[-1]["subject"] if found else named[-1] if named else ctx.subject
    ctx.years += [y for _, y in year_spans(text)[0] if not RANGE.search(text)]
    for fig in re.findall(r"Fig\.\s*(\d+)", text):
        ctx.years.append(f"fig{fig}")


def _clause_start(text: str, pos: int) -> int:
    """Start of the clause holding ``pos``: after the last ", " / "; " that is not inside a list of names
    ("Europe, America, Japan")."""
    starts = [m.end() for m in re.finditer(r"[,;:]\s+", text[:pos])
              if not (re.search(r"\b[A-Z][a-z]+$", text[:m.start()]) and re.match(r"[A-Z][a-z]+\b", text[m.end():]))]
    return starts[-1] if starts else 0


def _noun_phrase(core: str) -> tuple[str, str]:
    """The phrase a number hangs on and how: ``of`` ("a profit before tax of"), ``verb`` ("the revenue ...
    reached"), or ``""`` when the clause gives none."""
    m = re.search(r"\s*\b(?:of|at)\s*$", core)
    if m:
        words = core[:m.start()].split()
        np: list[str] = []
        for w in reversed(words[-8:]):
            if w.lower() in _NP_STOP:
                break
            np.insert(0, w)
            if w.lower() in {"a", "an", "the", "its", "their"}:
                break
        return DETERMINERS.sub("", " ".join(np)), "of"
    m = _VERB_TAIL.search(core)
    if m:
        np = re.sub(r"^(?:and|but|while|whereas|although|though|however|meanwhile|so|thus|if)\b,?\s*", "",
                    core[:m.start()].strip(), flags=re.I)
        return DETERMINERS.sub("", np), "verb"
    return "", ""


def _listed_phrases(text: str) -> list[str]:
    """"The fastest growth is the A industry and the B industry" -> ["the A industry", "the B industry"]."""
    m = re.search(r"\b(?:is|are|was|were)\s+(?:in\s+)?(?P<list>the\s.+?)(?:,?\s+with\b.*)?[\s,]*$", text, re.I)
    if not m:
        return []
    return [p for p in re.split(r",\s*(?:and\s+)?(?=the\b)|\s+and\s+(?=the\b)", m.group("list")) if p.strip()]


@dataclass
class _Number:
    """One number of a sentence while its row is worked out."""

    q: Quantity
    clause: int  # where its clause starts in the sentence
    core: str  # the clause before it, cue words ("more than", "falling by") dropped
    np: str = ""  # the phrase it hangs on
    how: str = ""  # of | verb | from | to | list | counted | ""
    index: int = 0  # position in a list of numbers ("growth rates of X and Y")
    notes: list[str] = field(default_factory=list)


def _sentence_rows(document: Document, sentence: Sentence, subjects: SubjectIndex, captions: dict[str, str],
                   ctx: _Context) -> list[dict]:
    text = sentence.text
    stats = [q for q in read_numbers(text) if q.unit not in ("year", "years")
             and not (q.unit == "count" and q.raw.isalpha())]
    if not stats:
        return []
    rank = next((r for r, pattern in _SUPERLATIVE.items() if pattern.search(text)), "")
    listed = _listed_phrases(text[:_clause_start(text, stats[0].start)]) if rank else []
    rows: list[dict] = []
    for q, junk in zip(stats, junk_reasons(text, stats)):
        clause = _clause_start(text, q.start)
        num = _Number(q=q, clause=clause, core=_CUE_TAIL.sub("", text[clause:q.start]).rstrip(),
                      notes=[q.note] if q.note else [])
        _attach(text, num, rows)
        base, whole, subject, kind = _measure(text, num, rows, subjects, ctx)
        year, n_years = _when(text, num, kind, captions, ctx)
        subject = subject or _who(text, num, rows, subjects, ctx, listed, whole)
        rows.append({
            "metric": _metric_name(base, kind, whole), "base": base, "subject": subject, "year": year,
            "n_years": n_years, "value": q.value, "unit": q.unit, "scale": q.scale, "kind": kind, "bound": q.bound,
            "low": math.nan if q.low is None else q.low, "high": math.nan if q.high is None else q.high,
            "projection": bool(_PROJECTION.search(text)), "rank": rank if kind.endswith(("growth", "change")) else "",
            "whole": whole, "printed": q.raw, "page": sentence.page, "section": sentence.section,
            "start": sentence.start + q.start, "end": sentence.start + q.end, "sentence_start": sentence.start,
            "sentence_end": sentence.end, "sentence": text, "note": "; ".join(num.notes), "_end": q.end,
            "_how": num.how, "_np": num.np, "_index": num.index, "_junk": junk,
        })
    return rows


def _attach(text: str, num: _Number, rows: list[dict]) -> None:
    """The phrase the number hangs on: a list continuing the previous number ("X and Y"; "..., and 8 grid spacings"
    counts its own), the end of a from-to, the phrase before "of" or before a verb, the sample size of "n = 575",
    the words after it ("220 clinical projects"), or the noun right before it ("with rate parameter 0.25")."""
    q = num.q
    between = text[rows[-1]["_end"]:q.start] if rows else None
    counted = _counted_phrase(text[q.end:])
    if between is not None and re.fullmatch(r"\s*(?:,|and|, and)\s*", between):
        num.np, num.how, num.index = rows[-1]["_np"], "list", rows[-1]["_index"] + 1
        if counted and q.unit == "count" and rows[-1]["_how"] != "counted" and re.search(r"\band\s*$", between):
            num.np, num.how, num.index = counted, "counted", 0
    elif between is not None and re.fullmatch(r"\s*to\s*", between) and rows[-1]["_how"] in ("from", "verb"):
        num.np, num.how = rows[-1]["_np"], "to"
    elif _SAMPLE_SIZE.search(text[:q.start]):
        num.np, num.how = "sample size", "of"
    else:
        num.np, num.how = _noun_phrase(num.core)
        if num.how == "verb" and re.search(r"\bfrom\s*$", num.core, re.I):
            num.how = "from"
        if not num.np and not num.how:
            named = _NAMED.search(num.core)
            num.np, num.how = (counted, "counted") if counted else (named.group(1), "named") if named else ("", "")


_SAMPLE_SIZE = re.compile(r"(?<![\w.])n\s*=\s*$", re.I)  # "n = 575": the sample size, in statistical notation
_NAMED = re.compile(r"\b(?:with|for|of)\s+(?:an?\s+|the\s+|th[ie]se?\s+)?((?:[a-z][a-z-]+\s+)?[a-z][a-z-]{2,})\s*$")


def _counted_phrase(after: str) -> str:
    """The words a count counts ("220 clinical projects", "3 sample sizes n = ..."), or ``""``."""
    m = re.match(r"\s+((?:[a-z][\w-]*\s+){0,5}?[a-z][\w-]*)(?=\s+(?:have|has|had|are|were|is|was|in|of|that|which"
                 r"|to|for)\b|\s+[A-Za-z]\s*=|[,.;:]|$)", after)
    return m.group(1) if m else ""


def _measure(text: str, num: _Number, rows: list[dict], subjects: SubjectIndex,
             ctx: _Context) -> tuple[str, str, str, str]:
    """``(base, whole, subject, kind)``: what the number measures. An anaphora ("it was", "this proportion ... the
    target of") takes the metric, and the subject, of the figure it points back to."""
    q, np, core = num.q, num.np, num.core
    base, whole, subject, inherited = alias_metric(np, subjects.vocab), "", "", ""
    anaphora = _ANAPHORA.match(np)
    head = _GENERIC_HEAD.match(np)
    growth = bool(_GROWTH_HEAD.search(np)) and not base
    if anaphora or head:
        word = (anaphora.group("head") if anaphora else None) or ""
        if head:  # "If this proportion reaches the target of 7%": the clause's own subject
            anaphora = re.search(r"\b(?:this|that|these)\s+(\w+)", core, re.I)
            word = anaphora.group(1) if anaphora else ""
        pool = ctx.rows if not rows else rows
        if word and _SHARE_HEAD.search(word):
            pool = [r for r in pool if r["kind"] == "share"] or pool
        if pool:
            ref = pool[-1] if word else next((r for r in pool if r["kind"] == "level"), pool[-1])
            base, whole, subject = ref["base"], ref["whole"], ref["subject"]
            inherited = ref["kind"] if ref["unit"] == q.unit else ""
            num.notes.append(f"{np.split()[0] if np else 'it'!r} read as {metric_label(base, subjects.vocab)} of the "
                             f"{'same' if pool is rows else 'previous'} sentence")
    if not base and not anaphora and (growth or num.how in ("", "verb") and not np):
        accounting = re.search(r"\baccount(?:ing|s)? for\s*$", core, re.I) is not None
        before = alias_metric(text[:q.start], subjects.vocab)
        base = rows[-1]["base"] if rows else (before or ("" if accounting else ctx.topic))
        if base and not rows and not before:
            num.notes.append(f"metric {metric_label(base, subjects.vocab)!r} from the previous sentences")
    share_of = re.match(r"\s+of\s+(?P<whole>(?:the\s+)?[\w&’'-]+(?:\s+(?!but\b|and\b|which\b|while\b)[\w&’'-]+){0,5}?)"
                        r"(?=[,.;]|\s+(?:but|and|which|while|in|by|for)\b|$)", text[q.end:])
    is_share = q.unit == "%" and (bool(_SHARE_HEAD.search(np)) or share_of is not None)
    if is_share and share_of is not None:
        whole = DETERMINERS.sub("", share_of.group("whole"))
    if not base:  # a metric the vocabulary does not know: named after its phrase
        name = np
        for _, s, e in sorted(subjects.find(np), key=lambda x: -x[1]):
            name = name[:s] + name[e:]
        name = _OF_SUBJECT.sub("", name) or name  # "revenue of the widget industry": the industry is the subject
        base = slug(_SHARE_HEAD.sub("", _GROWTH_HEAD.sub("", name)) if is_share or growth else name)
    rate_like = re.search(r"(?:rate|margin|share|proportion|ratio)$", base) is not None
    if inherited:
        kind = inherited
    elif is_share:
        kind = "share"
    elif q.unit == "%" and rate_like:
        kind = "change" if _GROWTH_HEAD.search(np) else "level"
    elif _GROWTH_HEAD.search(np) or (q.unit == "%" and base in subjects.vocab.metrics):
        compound = re.search(r"compound|cagr", np, re.I)
        kind = ("compound_growth" if compound else "yoy_growth") if q.unit == "%" else (
            "count_change" if q.unit == "count" else "change")
        if compound and not _GROWTH_HEAD.search(np):
            num.notes.append(f"{np!r} read as the compound annual growth rate of {metric_label(base, subjects.vocab)}")
    else:
        kind = "level"
    return base, whole, subject, kind


def _when(text: str, num: _Number, kind: str, captions: dict[str, str], ctx: _Context) -> tuple[str, float]:
    """``(year or period, n_years)``: a period for compound growth and multi-year changes, the start or end of a
    "from ... to ...", else the nearest year of the sentence, else of the paragraph or the figure it refers to."""
    q = num.q
    singles, periods = year_spans(text)
    duration = re.match(r"\s+(?:in|over|within)\s+(?:the\s+(?:past|last)\s+)?(\w+)[\s-]+years?\b", text[q.end:])
    n_years, year = math.nan, ""
    before = [y for pos, y in singles if pos < q.start]
    after = [y for pos, y in singles if pos > q.end]
    if kind in ("compound_growth", "count_change", "change") and periods and (
            kind == "compound_growth" or duration or not _YOY.search(text[q.end:])):
        _, year, n_years = min(periods, key=lambda p: abs(p[0] - q.start))
    elif num.how in ("from", "to") and periods:
        span = period_of(periods[0][1])
        year = str(span[0] if num.how == "from" else span[1])
    elif before or after:
        year = before[-1] if before else after[0]
    else:
        context = [y for y in ctx.years if not y.startswith("fig")]
        figures = [captions[y[3:]] for y in ctx.years if y.startswith("fig") and y[3:] in captions]
        figures += [captions[f] for f in re.findall(r"Fig\.\s*(\d+)", text) if f in captions]
        if context or figures:
            year = (context or figures)[-1]
            num.notes.append(f"year {year} from the {'paragraph' if context else 'figure caption'}")
    stated = read_numbers(duration.group(1) + " years") if duration else []
    if stated:
        n_years = stated[0].value
        num.notes.append(f"duration stated: {duration.group().strip()!r}")
    return year, n_years


def _who(text: str, num: _Number, rows: list[dict], subjects: SubjectIndex, ctx: _Context, listed: list[str],
         whole: str) -> str:
    """The subject: paired from a list before the numbers, the antecedent of "It", the figure a change qualifies,
    a known subject named nearby (an industry over its country), an unknown "... industry", or the context."""
    q, np = num.q, num.np
    growth = bool(_GROWTH_HEAD.search(np)) and not alias_metric(np, subjects.vocab)
    if (num.how == "list" or listed and num.how == "of" and growth) and num.index < len(listed):
        return subjects.canonical(listed[num.index])
    pronoun = re.match(r"^(?:It|They)\s", text)
    if pronoun and not rows and ctx.subject:
        num.notes.append(f"{pronoun.group().strip()!r} read as {ctx.subject}")
        return ctx.subject
    if rows and (growth or not np) and not subjects.find(np):  # "..., an increase of 3%"
        return rows[-1]["subject"]
    after = text[q.end:q.end + _clause_start(text[q.end:] + ", x", len(text) - q.end + 1)]
    scopes = (np, text[num.clause:q.start], after if num.how == "counted" else "", text[:q.start])
    for n, scope in enumerate(scopes):
        named = [name for name, _, _ in subjects.find(scope)]
        if named:
            return next((x for x in named if x not in subjects.scopes), named[0]) if n == 0 else named[0]
    unknown = re.search(r"\b(?:the|its|[A-Z]\w+['’]s)\s+((?:[\w-]+\s+){0,3}?[\w-]+\s+(?:industry|sector))\b",
                        f"{np} {text[num.clause:q.start]}")  # "of the widget industry"
    if unknown:
        return unknown.group(1)
    place = re.search(r"\bin ((?:developed|developing|[A-Z]\w+)(?: \w+)?)", np)
    if place:
        return place.group(1)
    return "world" if re.match(r"(?:global|world|worldwide)\b", whole, re.I) else ctx.subject


def _metric_name(base: str, kind: str, whole: str) -> str:
    if kind.endswith("growth"):
        return f"{base}_growth"
    if kind.endswith("change"):
        return f"{base}_change"
    if kind == "share":
        w = slug(whole)
        if not w:
            return base if base.endswith("share") else f"{base}_share"
        if base and base != w:
            return f"{base}_share_{w}" if w.count("_") <= 1 else f"{base}_share"
        return f"{w}_share"
    return base

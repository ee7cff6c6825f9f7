"""What a question asks for: the operation from cue words, the metric by name or alias, subjects, years and ranges,
numbers quoted from the paper, superlatives such as "the two fastest" (:func:`parse_request`)."""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from ..facts import Facts, SubjectIndex, five_year_plan, is_metric_name, tokens
from ..facts.periods import RANGE
from ..language.abbreviations import defined_abbreviations
from ..language.lexicon import common_abbreviations, related_terms
from ..lexical import analyze, change_terms, data_terms, is_stopword
from ..numbers import Quantity, counts_a_noun, read_numbers
from ..units import MONEY
from ..question import years_in
from ..types import Document

_REACH = r"reach(?:es|ed)?|hits?|gets? to|exceeds?|surpass(?:es)?|tops?|doubles?"
_OPS = (  # first match wins; matched against the question with metric names and input clauses blanked
    ("rescale", r"\binstead\b|\brather than\b"),
    ("share_of_change", r"\b(?:share|percentage|proportion|part|fraction|how much)\b[^?]*\b(?:rise|gain|increase|growth"
                        r"|change|climb)\b[^?]*\b(?:came|come|happened|occurred|took place|was due)\b"
                        r"|\b(?:rise|gain|increase|growth|change)\b[^?]*\b(?:share|percentage|proportion|part|fraction)\b"
                        r"[^?]*\b(?:came|come|happened|occurred|took place)\b"),
    ("years_needed", r"\bhow (?:many|long)\b[^?]*\byears?\b[^?]*\b(?:" + _REACH + r")\b"
                     r"|\bhow long\b[^?]*\b(?:" + _REACH + r")\b|\b(?:in )?(?:what|which) year\b[^?]*\b(?:" + _REACH + r")\b"),
    ("required_rate", r"\b(?:need(?:ed|s)?|required|have to|has to|must)\b[^?]*\b(?:rate|per year|a year|annual(?:ly)?"
                      r"|each year)\b|\b(?:rate|per year|a year|annual(?:ly)?)\b[^?]*\b(?:need(?:ed)?|required|have to)\b"),
    ("project", r"\bproject(?:ed|ion|ing)?\b[^?]*\b(?:19|20)\d\d\b|\bwhat (?:would|will)\b[^?]*\bbe\b[^?]*\b(?:in|by)\s+(?:end[- ]?(?:of )?)?\d{4}"
                r"|\bhow many will there be\b|\bkeeps? (?:on )?(?:compounding|growing|rising|increasing)\b"
                r"|\bkept (?:on )?(?:compounding|growing|rising|increasing)\b"
                r"|\bif\b[^?]*\b(?:grows?|grew|rises?|increases?|keeps?|continues?)\b[^?]*\b(?:19|20)\d\d\b"
                r"|\b(?:extend|extrapolat)\w*\b[^?]*\b(?:to|until|through|into) (?:19|20)\d\d\b"
                r"|\b(?:19|20)\d\d\b[^?]*\b(?:does|do|would)\b[^?]*\bimply\b"),
    ("average", r"\b(?:average|mean|avg\.?) of\b|\bmean\b|\baverage (?=the\b|these\b|those\b|all\b)"),  # "average the"
    ("per_unit", r"\bper (?!year\b|annum\b|cent\b|the\b|its\b|their\b|this\b|that\b)[a-z]+"),  # "per the target": as it says
    ("start_level", r"(?<!over the )(?<!from the )(?<!on the )(?<!to the )"  # ("an increase over the starting level")
                    r"\b(?:starting|initial|beginning|opening|original)\s+(?:count|value|level|number|figure|amount)\b"
                    r"|\bstarted (?:from|at)\b"),
    ("ratio", r"\bhow many times\b|\btimes (?:as\b|the\b|larger|bigger|higher|greater|more)|\bratio\b|\bmultiple of\b"
              r"|-fold\b|\bdivided by\b"),
    ("difference", r"\bpp\b|\bpercentage[- ]points?\b|\bpoints?\b|\bgap\b|\bspread\b|\bhow far\b(?: apart\b|[^?]*\bfrom\b)|\bdifference\b"
                   r"|\bbeat\b|\bexceed|\boutpace|\boutgr[eo]w|\b(?:faster|slower|higher|lower|bigger|smaller|larger|greater)"
                   r"\b[^?]*\bthan\b"),
    ("cagr", r"\bcagr\b|\bcompound(?:ed)?\s+(?:(?!for\b|over\b|at\b|by\b)[a-z]+\s+){0,3}?(?:growth|rate)\b|\bannuali[sz]ed\b"
             r"|\baverage (?:annual|yearly) (?:compound )?growth\b|\bcompound annual\b"),
    ("avg_change", r"\bper (?:year|annum)\b|\b(?:a|each) year on average\b|\b(?:average|avg\.?) (?:annual|yearly) (?:\w+ )?(?:change|increase"
                   r"|rise|addition|gain|decline|decrease)\b|\bon average\b.*\b(?:a|per|each) year\b"),
    ("total_growth", r"\b(?:total|cumulative|overall|aggregate)\s+(?:\w+\s+)?growth\b|\bgr[eo]w(?:th)?\s+in total\b"
                     r"|\bby what (?:%|percent(?:age)?)|\bhow many percent\b|\bwhat percent(?:age)? (?:increase|rise"
                     r"|growth|change)\b|\bpercent(?:age)? (?:growth|increase|rise|change) (?:from|between)\b"
                     r"|\bcompounds?\b(?! (?:annual|growth|rate))|\bin (?:%|percent(?:age)?)(?!\w)"
                     r"|\bwhat (?:cumulative |total |overall )?multiple\b"
                     r"|\bas an? (?:%|percent(?:age)?) (?:increase|rise|growth|gain|change)\b"),
    ("margin", r"\bmargin\b"),
    ("abs_change", r"\babsolute\b|\bhow (?:much|many)\b[^?]*\b(?:increase[ds]?|rise|rose|grow|grew|go up|went up|add(?:ed|s)?|fall"
                   r"|fell|drop(?:ped)?|decline[ds]?|more|less|fewer|up|down)\b|\bby how (?:much|many)\b|\bchange in\b"),
    ("compare", r"\bcompare[ds]?\b|\bversus\b|\bvs\b\.?"),
    ("next", r"\bnext year\b|\bthe (?:year|one) after\b|\bfollowing year\b|\bkeeps? (?:on )?growing\b"
             r"|\bcontinues? to grow\b|\bat (?:the|this|that) (?:same )?(?:rate|pace)\b"),
    ("growth", r"\bpercent(?:age)? (?:growth|increase|rise|change)\b|\bgrowth rate\b|\bhow fast\b|\brate of growth\b"
               r"|\bgr[eo]w(?:th|s|ing)?\b"),
    ("share", r"\bwhat (?:share|proportion|portion|fraction|percentage|slice|%)(?!\w)|\bas a (?:share|percentage|proportion|%)"
              r"|\bshare of\b|\bproportion of\b"),
)
ALTERNATIVES = re.compile(r"\b(?:which|whether)\b[^?]*\b(?:[a-z]+er|more|less|most|least)\b[^?]*\bor\b"
                           r"|\b(?:which|whether)\b[^?]*\bor\b[^?]*\b(?:[a-z]+er|more|less)\b", re.I)
"""A choice between two named things by a comparison: "which grew faster ..., A or B?"."""
_PER_YEAR = re.compile(r"\b(?:yearly|annual|annually|a year|per year|per annum|each year|every year)\b", re.I)
_OP_RE = tuple((name, re.compile(pattern, re.I)) for name, pattern in _OPS)
_EXPLICIT = re.compile(r"\b(?:re-?compute|compute|calculate|derive[ds]?|deriving|implied|impl(?:y|ies)|back out|estimate"
                       r"|work out|going by|based on|using|if|would|verify|check|correct|right|consistent)\b", re.I)
_STATED_CUE = re.compile(r"\b(?:do|does|did) (?:the )?(?:authors?|paper|study|article|text|they) (?:report|state|give|say"
                         r"|cite|mention|quote)\b|\baccording to the (?:paper|authors)\b", re.I)
_INPUT_CLAUSE = re.compile(r"\b(?:implied by|derived from|going by|based on|using|given|from the (?:\d{4} |two |stated )?"
                           r"(?:figure|figures|numbers?|values?|endpoints?|endpoint values|count|level|data))\b"
                           r"(?:[^,?;.!]|\.\d)*"  # to the end of its clause or sentence
                           r"|\b(?:does|do|would) (?:the |its |their )?[^,?;]*?\bimply\b"  # "does the 2017 growth rate imply"
                           r"|^\s*from\b[^,?;]*(?=,\s*(?:what|which|how|by)\b)"  # "From the 2017 revenue and its growth,
                           # what was 2016 revenue?": a phrase before the question that names its inputs
                           r"|[^,?;.]*\b(?:is|are|was|were) (?:given|stated|reported|printed)\b[^,?;.]*",  # "X and its growth
                           re.I)  # rate are given in the intro; what was ...": a clause that says what the inputs are
_READING = re.compile(r",?\s*\b(?:if (?:the|that|this|it)\b[^?.;]*?\b(?:is|are|was|were|means?|meant|read as|taken as)"
                      r"|(?:taking|take|treating|treat|reading|read) (?:the |that |this |it )?[^?.;,]*?\bas)\s+"
                      r"(?:in\s+|as\s+|a\s+)?(?:[0-9.]+\s*)?(?P<r>percentage[- ]points?|points|pp|relative|proportional|percent)\b[^?.;,]*",
                      re.I)
_RELATIVE = {re.compile(r"\b(?:the )?(?:year|one year) (?:before|earlier|prior)\b|\bprevious year\b|\bprior year\b"
                        r"|\ba year (?:earlier|before)\b", re.I): -1,
             re.compile(r"\b(?:the )?year after\b|\bfollowing year\b|\bnext year\b|\ba year later\b", re.I): 1}
MULTIPLE_ASKED = re.compile(r"\bmultiple\b|\btimes\b|-?fold\b|\bfactor\b|\bmultiplied\b", re.I)
"""A question asking by how many times something grew ("what multiple", "by what factor", "multiplied by how much")."""
_AGAINST = re.compile(r"\b(?:over|than|from|against|versus|vs\.?|with|to|on)\s+(?:the\s+|that\s+|a\s+)?$", re.I)
_RANK = re.compile(r"\b(?:(two|three|2|3)\s+)?(fastest|quickest|highest|largest|biggest|best|top|slowest|lowest|"
                   r"smallest|worst|bottom)(?:[- ]growing)?\b(?:\s+(two|three|2|3)\b)?", re.I)  # "the fastest two"
_TOP = frozenset({"fastest", "quickest", "highest", "largest", "biggest", "best", "top"})
_SUBSECTOR = re.compile(r"\bsub-?sectors?\b|\bsubsectors?\b|\bsegments?\b", re.I)
# capitalized words of a question that name no one (a known abbreviation, "GDP", names no one either)
_CAPS_OK = frozenset("""What Which Who When Where Why How Does Did Do Is Are Was Were Can Could Would Should If The
In On At Of For From To By With And Or Compute Recompute Calculate Estimate Derive Back Going Give Tell Show
Annualized Total Percentage Average Gap Spread By Total I II III IV V VI Fig""".split())
_GENERIC_SUBJECT_WORDS = frozenset("""larger largest large big bigger biggest small smaller mid size sized medium leading
top major these those all other whole entire overall the its their listed eight domestic national new many more of in
for by with to at on from did do does are were was is have has how much what which number total sub sector""".split())


@dataclass
class Request:
    """The parts of a question the router acts on."""

    text: str
    op: str = "level"
    metrics: list[tuple[str, bool, int]] = field(default_factory=list)  # (base, growth?, position)
    subjects: list[str] = field(default_factory=list)
    scoped: list[str] = field(default_factory=list)  # scope subjects named ("China"), kept out of ``subjects``
    unknown: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    asked_years: list[int] = field(default_factory=list)  # outside the clauses that name the inputs
    relative: int | None = None
    relative_base: bool = False  # "in 2017 over the previous year": the relative year is what the asked one is set
    # against, not the year asked ("in the year before 2017")
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


def vocabulary(facts: Facts, document: Document | None = None) -> tuple[tuple[tuple[re.Pattern, str], ...],
                                                                        SubjectIndex, frozenset[str]]:
    """Metric alias patterns (longest first), the subject index, and the metrics that are the whole of a share;
    built once per facts table and paper."""
    key = (id(facts), id(document))
    if key not in _CACHE:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[key] = (_build_vocabulary(facts, document), facts, document)  # holding them keeps the ids unique
    return _CACHE[key][0]


def whole_metrics(facts: Facts, document: Document | None = None) -> frozenset[str]:
    """The metrics the paper states shares of ("health expenditure ... 6.2% of GDP" -> ``"gdp"``)."""
    return vocabulary(facts, document)[2]


def _build_vocabulary(facts: Facts, document: Document | None) -> tuple:
    """The names of the metrics: the noun phrases the facts hang on, the wholes of their shares, the other names the
    paper's vocabulary file gives, and the abbreviations of any of them (the paper's own definitions, then common
    ones: "GDP" for "gross domestic product" either way)."""
    typed, words = facts.typed, facts.vocabulary
    known = {f.metric for f in typed if f.metric and is_metric_name(f.metric, words)}  # "is", "days_and" name none
    wholes = {slug_whole(f.whole) for f in typed.find(kind="share", bounds=True) if f.whole}
    pairs = [(alias, base) for base, aliases in words.metrics.items() for alias in aliases]
    pairs += [(base.replace("_", " "), base) for base in sorted(known | wholes)]
    texts = [s.text for s in document.sentences] if document is not None else []
    for short, long in {**common_abbreviations(), **defined_abbreviations(texts)}.items():
        for base in known | wholes | set(words.metrics):
            if slug_whole(long) == base:  # "gross domestic product" is a metric: so is "GDP"
                pairs.append((short, base))
            elif short == base:  # "gdp" is a metric: so is "gross domestic product"
                pairs.append((long, base))
    everyday: dict[str, list[str]] = {}  # the paper's word -> the everyday words readers use for it ("pharma")
    for word, terms in related_terms().items():
        for term in terms.split():
            everyday.setdefault(term, []).append(word)
    for alias, base in list(pairs):  # a modifier inside a name, in everyday words: "global pharma market"
        parts = alias.split()
        pairs += [(" ".join(parts[:i] + [other] + parts[i + 1:]), base)
                  for i in range(1, len(parts) - 1) for other in everyday.get(parts[i], ())]
    pairs = sorted(set(pairs), key=lambda p: (-len(p[0]), p))
    patterns = tuple((re.compile(r"(?<![\w-])" + _name_pattern(_singular(alias)) + r"(?:['’]s|s)?" + _METRIC_END, re.I),
                      base) for alias, base in pairs)
    extra = tuple(dict.fromkeys(f.subject for f in typed if f.subject))
    return patterns, SubjectIndex.build(document, extra, words), frozenset(wholes)


def _singular(alias: str) -> str:
    """A name whose last word is a plural in -s, without it ("innovative drugs" -> "innovative drug"): the pattern's
    optional "s" matches either."""
    return alias[:-1] if re.search(r"[^s\W]s$", alias) and len(alias.split()[-1]) > 3 else alias


def _name_pattern(alias: str) -> str:
    """A metric's name as a pattern: its words as written, hyphens or spaces between them, and a last word in -ing
    or -ed in the verb's other forms too ("censoring" reads "censored")."""
    *head, last = alias.split()
    root = re.match(r"(.{4,}?)(?:ing|ed)$", last)
    tail = re.escape(last) if root is None else re.escape(root.group(1)) + r"(?:ing|ed|es|s)?"
    return r"[\s-]+".join([*map(re.escape, head), tail])


_METRIC_END = r"(?!\w)(?!-(?!(?:grow|growth|grew|growing|rate|rates)\b)\w)"
"""A metric's name ends at a word's end, and a hyphen goes on only into its growth ("revenue-growth subsectors")."""


def slug_whole(whole: str) -> str:
    """The whole of a share as a metric name: ``"the GDP" -> "gdp"``."""
    return "_".join(w for w in re.findall(r"[a-z0-9]+", whole.lower().replace("r&d", "rd")) if w not in {"the", "of"})


_LAST: list[tuple] = []


def parse_request(text: str, facts: Facts, document: Document | None = None) -> Request:
    """Read the operation, metrics, subjects, years and quoted numbers of a (resolved) question.

    The last request is kept: a passage question is read by both :func:`~assistant.route.answer_computation` and
    :func:`stated_sentences`. Each caller gets its own copy (the router rebinds some fields)."""
    last = _LAST[0] if _LAST else None
    if last is None or last[0] != text or last[1] is not facts or last[2] is not document:
        last = (text, facts, document, _parse_request(text, facts, document))
        _LAST[:] = [last]
    req = last[3]
    return dataclasses.replace(req, **{f.name: list(getattr(req, f.name)) for f in dataclasses.fields(req)
                                       if isinstance(getattr(req, f.name), list)})


def _parse_request(text: str, facts: Facts, document: Document | None) -> Request:
    patterns, subjects, _ = vocabulary(facts, document)
    req = Request(text=text)
    blanked = text
    for pattern, base in patterns:
        for m in pattern.finditer(blanked):
            after, before = text[m.end():m.end() + 30], text[max(0, m.start() - 25):m.start()]
            verb = re.match(r"(?:['’]s)?[\s-]+(?:[a-z]+ly\s+)?([a-z]+)", after, re.I)  # ("profit actually fell")
            growth = bool(re.match(r"(?:['’]s)?[\s-]+(?:grow|growth|grew|growing|grows)\b", after, re.I) or
                          re.search(r"\bgrowth(?: rate)? (?:of|in) (?:the )?$", before, re.I)
                          or re.match(r"(?:['’]s)?[\s-]+(?:[a-z]+ly\s+)?(?:go|goes|went|gone|going)\s+(?:down|up)\b", after,
                                      re.I)
                          or (verb is not None and set(analyze(verb.group(1))) & change_terms()))
            req.metrics.append((base, growth, m.start()))
            blanked = blanked[:m.start()] + "M" * (m.end() - m.start()) + blanked[m.end():]
    req.metrics.sort(key=lambda x: x[2])
    req.metrics = [m for m in req.metrics if not _holds_another(text, blanked, m, req.metrics, facts)]
    found = subjects.find(blanked)
    named = [n for n, _, _ in found]
    scopes = subjects.scopes
    req.subjects = list(dict.fromkeys(n for n in named if n not in scopes or len(set(named) - scopes) == 0))
    req.scoped = list(dict.fromkeys(n for n in named if n not in req.subjects))
    req.unknown = _unknown_subjects(text, found, subjects, blanked)
    req.years = list(years_in(text))
    for pattern, step in _RELATIVE.items():
        if (said := pattern.search(text)) and len(set(req.years)) == 1:  # "2017 ... the year before"; two years
            req.relative = (min(req.years) if step < 0 else max(req.years)) + step  # name both
            req.relative_base = _AGAINST.search(text[:said.start()]) is not None
    plan = re.search(r"\b(\d{1,2}(?:st|nd|rd|th)|[a-z]+)\s+(?:five[- ]year[- ]plan|fyp)\b", text, re.I)
    req.plan = five_year_plan(plan.group(1)) if plan else None
    ranked = [m.span() for m in _RANK.finditer(text)]
    for q in read_numbers(text):
        if q.unit == "year" or counts_a_noun(text, q) or any(a <= q.start < b for a, b in ranked):
            continue  # "the three sub-sectors", "the fastest two": how many, not an operand
        if q.unit == "years":
            req.duration = q.value
            continue
        row = facts.stating(q.value, q.unit == "%")
        if row is not None and q.unit in MONEY and row["unit_used"] in MONEY and row["unit_used"] != q.unit:
            row = None  # "2 trillion dollars" is no figure the paper prints in yuan
        req.quoted.append((q, row))
    for m in _RANK.finditer(text):
        n = {"two": 2, "three": 3, "2": 2, "3": 3}.get((m.group(1) or m.group(3) or "").lower(), 1)
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
    blanked = _NEGATED.sub(lambda m: " " * len(m.group()), blanked)  # "(relative, not pp)": no cue for points
    blanked = _named_statistics(blanked, document)  # "mean squared error" names a statistic, asks no average
    op_text = _INPUT_CLAUSE.sub(" ", _asking_part(blanked))
    req.op = _op_of(op_text)
    if req.op == "level":  # the asking sentence names no operation: one the telling sentences set ("Suppose it keeps
        told = _op_of(_INPUT_CLAUSE.sub(" ", blanked))  # rising 17.21% a year. Where would it be in 2019?"), but not
        rate = _PER_YEAR.search(op_text) or re.search(r"\brate\b", op_text, re.I)  # the mere word "growth" ("its
        req.op = told if told != "growth" or rate else "level"  # growth are given") unless a rate is asked for
    if req.op in ("level", "growth", "compare") and len({m[0] for m in req.metrics}) >= 2 and ALTERNATIVES.search(op_text):
        req.op = "which"  # "which grew faster, revenue or profit?": one of the two named, by their figures
    named = re.search(r"\b(?:what|which)\s+((?:19|20)\d\d)\b", op_text, re.I)  # "what 2010 value": that year
    req.asked_years = [int(named.group(1))] if named else list(years_in(op_text)) or req.years
    ranges = list(RANGE.finditer(op_text))
    if ranges and len(set(req.asked_years)) > 2:  # "back out 2016 from 2017, then give the 2015-2016 growth"
        req.asked_years = [int(y) for y in ranges[-1].groups() if y]
    inputs = [m.span() for m in _INPUT_CLAUSE.finditer(blanked)]
    asked = [m for m in req.metrics if not any(a <= m[2] < b for a, b in inputs)]
    if asked and inputs:  # the metric asked for is the one outside the clauses that name the inputs
        req.metrics = asked + [m for m in req.metrics if m not in asked]
    rates = [row for _, row in req.quoted if row is not None and row["kind"] in ("compound_growth", "yoy_growth")
             and not row.get("bound")]
    others = [y for y in req.years if y not in req.asked_years]
    if req.op in ("level", "growth") and rates and others and req.asked_years \
            and max(req.asked_years) < min(others):  # "... to 2010 at 23.32%: what output in 2005": compounded back
        req.op = "project"
    if req.op == "cagr" and _LEVEL_ASKED.search(op_text) and any(
            row is not None and row["kind"] == "compound_growth" for _, row in req.quoted):
        req.op = "project"  # "from the 2017 value and the stated 16.70% CAGR, what 2010 value?": the rate is an input
    if req.op in ("cagr", "start_level", "level", "growth") and MULTIPLE_ASKED.search(op_text) and any(
            row is not None and row["kind"] == "compound_growth" for _, row in req.quoted):
        req.op = "total_growth"  # "the 23.32% compound rate: what multiple over 5 years" compounds a stated rate
    if req.op == "total_growth" and re.search(r"\bhow (?:many|much)\b", op_text, re.I) \
            and not re.search(r"%|\bper ?cent|\brate\b", op_text, re.I):
        req.op = "abs_change"  # "by how many firms did it grow in total": a count, not a percentage
    if req.op in ("growth", "total_growth") and _PER_YEAR.search(op_text) and len(set(req.years)) >= 2 \
            and max(req.years) - min(req.years) > 1:
        req.op = "cagr"  # a yearly rate over several years is the compound one
    if req.op == "level" and req.explicit and req.metrics and req.years and _after_every_level(req, facts):
        req.op = "project"  # "if it kept adding 248 a year, how many would there be at end-2022": after the paper's figures
    if req.op == "level" and _gives_a_whole(req, facts, document):
        req.op = "part_of_whole"  # "if the global market were $1,500 bn, what would China's be" (at its stated share)
    if (req.op in ("level", "growth", "next") or (req.op == "share" and _whole_asked(text, req, facts, document))) \
            and _asks_for_whole(text, req, facts, document):  # ("... the stated share of GDP: what GDP does that imply")
        req.op = "implied_whole"
    return req




_LEVEL_ASKED = re.compile(r"\bwhat (?:(?:19|20)\d\d )?(?:value|level|figure|amount)\b", re.I)
"""A level asked for ("what 2010 value do you get"), not a rate."""
_HOW_MUCH = re.compile(r"\bhow (?:much|many)\s+$", re.I)
_AUX_SUBJECT = re.compile(r"^[\w\s-]*?\b(?:did|do|does|will|would|could|can|have|has|had)\s+(?:the|its|their|these|those)\s+"
                          r"(?:[\w-]+\s+){0,3}$", re.I)
"""After "how much <metric>", an auxiliary and the noun phrase it asks about: the subject of the question's verb."""


_HOLDER = re.compile(r"\s+(?:of|among|for)\s+(?:the\s+|its\s+|their\s+|all\s+)?(?:[\w-]+\s+){0,3}", re.I)
"""What joins a metric to the noun phrase of who holds it: "of the bigger pharma ", "among listed "."""


def _holds_another(text: str, blanked: str, mention: tuple[str, bool, int], metrics: list[tuple[str, bool, int]],
                   facts: Facts) -> bool:
    """A metric's name that names who holds another metric the question names: the subject of the question's verb
    after "how much <metric>" ("how much profit did the biomedical enterprises make"), or a name that, with the words
    beside it, is how the paper's sentences of the other metric name its holder ("revenue of pharma enterprises above
    designated size": the paper's "the revenue of enterprises above designated size"). The question asks for the
    other metric, not for a number of enterprises."""
    base, _, pos = mention
    others = {b for b, _, _ in metrics if b != base}
    end = pos + len(re.match(r"M*", blanked[pos:]).group())
    before = [p for b, _, p in metrics if b != base and p < pos]
    if before and " " not in text[pos:end].strip():  # "revenue of the bigger pharma companies": a bare noun in the
        held = before[-1] + len(re.match(r"M*", blanked[before[-1]:]).group())  # complement of another metric is
        if _HOLDER.fullmatch(text[held:pos]):  # who holds it ("the number of companies" is a metric of its own)
            return True
    asked = [p for b, _, p in metrics if b != base and p < pos and _HOW_MUCH.search(text[max(0, p - 12):p])]
    if asked and _AUX_SUBJECT.search(text[asked[0]:pos]):
        return True  # "how much revenue did the enterprises add": the subject of "did" holds the metric asked for
    head = re.match(r"[a-z]+", text[pos:].lower())
    if not others or head is None or any(head.group() in b.split("_") for b in others):
        return False  # "health" of "health consumption market" is no holder of "health expenditure"
    beside = [w for w in _words(blanked[max(0, pos - 40):pos])[-3:] + _words(blanked[end:end + 40])[:3]
              if len(w) > 2 and not w.startswith("mm") and not is_stopword(w)]  # a metric's name is blanked to M's
    t = facts.table
    for sentence in t.loc[t["base"].isin(others), "sentence"].drop_duplicates():
        said = [w.rstrip("s") for w in _words(str(sentence))]
        for i in (i for i, w in enumerate(said) if w == head.group().rstrip("s")):
            window = set(said[max(0, i - 4):i + 5])
            if len({w.rstrip("s") for w in beside} & window) >= 2:
                return True
    return False


def _words(text: str) -> list[str]:
    """The lower-case words of ``text``."""
    return re.findall(r"[a-z]+", text.lower())


_STATISTIC = re.compile(r"\b(?:mean|ratio)(?:\s+[a-z][\w-]*){1,2}", re.I)


def _named_statistics(text: str, document: Document | None) -> str:
    """``text`` with the names of statistics the paper itself prints blanked out ("mean squared error", "ratio test"):
    a cue word inside such a name asks for no operation."""
    if document is None:
        return text
    lowered = _flat(document.text)
    for m in reversed(list(_STATISTIC.finditer(text))):
        words = m.group().split()
        for n in range(len(words), 1, -1):
            if f" {' '.join(words[:n]).lower()} " in lowered:
                end = re.match(r"\s+".join(map(re.escape, words[:n])), text[m.start():]).end() + m.start()
                text = text[:m.start()] + " " * (end - m.start()) + text[end:]
                break
    return text


@functools.lru_cache(maxsize=8)
def _flat(text: str) -> str:
    """A paper's text in lower case on one line (a string's hash is kept, so a paper's text is looked up cheaply)."""
    return re.sub(r"\s+", " ", text.lower())


def _op_of(text: str) -> str:
    """The first operation whose cue words ``text`` holds; "level" when none."""
    return next((name for name, pattern in _OP_RE if pattern.search(text)), "level")


_NEGATED = re.compile(r"\b(?:not|rather than)\s+(?:in\s+|as\s+|a\s+)?(?:pp|percentage[- ]points?|points?|per ?cent(?:age)?"
                      r"|%|relative|absolute|proportional|ratio|difference|gap|cagr)(?!\w)", re.I)
"""A reading the question rules out names no operation: "by what percent (relative, not pp)"."""

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"“(])")


def _asking_part(text: str) -> str:
    """The sentences that ask (end in "?") when a question also has sentences that tell ("The paper gives the 2016
    profit and its growth. What was the 2015 profit?"): those others set the inputs, not the operation."""
    sentences = _SENTENCE_END.split(text.strip())
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return " ".join(asking) if asking and len(asking) < len(sentences) else text


def _after_every_level(req: Request, facts: Facts) -> bool:
    """The latest year the question names comes after every year the paper gives a level of its metric for."""
    years = [int(f.year) for f in facts.typed.find(metric=req.metrics[0][0], kind="level") if f.year.isdigit()]
    return bool(years) and max(req.years) > max(years)


def _gives_a_whole(req: Request, facts: Facts, document: Document | None) -> bool:
    """The question sets an amount of its own for a whole the paper states shares of but no level of."""
    wholes = whole_metrics(facts, document)
    named = [m[0] for m in req.metrics if m[0] in wholes and not facts.typed.find(metric=m[0], kind="level", bounds=True)]
    return bool(named) and any(row is None and q.unit in MONEY for q, row in req.quoted)


def _whole_asked(text: str, req: Request, facts: Facts, document: Document | None) -> bool:
    """A question that names a share asks for the whole itself: "what GDP does that imply" (not "what share of GDP")."""
    wholes = whole_metrics(facts, document)
    return any(base in wholes and re.search(r"\b(?:what|which)\s+(?:(?:19|20)\d\d\s+)?$", text[:pos], re.I)
               for base, _, pos in req.metrics)


def _asks_for_whole(text: str, req: Request, facts: Facts, document: Document | None) -> bool:
    """"What GDP does ... imply": the asked quantity is the whole of a stated share (not "share of GDP")."""
    wholes = whole_metrics(facts, document)
    for base, _, pos in req.metrics:
        if base in wholes and not re.search(r"\b(?:of|to|relative to|in)\s+(?:the\s+)?(?:\d{4}\s+)?$", text[:pos], re.I):
            return not facts.typed.find(metric=base, kind="level", bounds=True)
    return False


def _unknown_subjects(text: str, found: list, subjects: SubjectIndex, blanked: str) -> list[str]:
    """Names in the question that are no subject of the paper's figures: "Sinopharm's", "India's",
    "trademark-intensive industries" (checked against the figures' sentences later)."""
    covered = [(s, e) for _, s, e in found]
    out = []
    for m in re.finditer(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-zA-Z]+(?:\s+[A-Z][a-zA-Z]+)*)", text):
        words = [w for w in m.group(1).split() if w not in _CAPS_OK and w.lower() not in common_abbreviations()]
        if words and not any(s <= m.start() < e for s, e in covered) and "M" not in blanked[m.start():m.end()]:
            out.append(" ".join(words))
    vocab = subjects.vocabulary
    for m in re.finditer(r"\b([\w-]+)\s+(?:industry|industries|sector|sectors|firms|companies|makers"
                         r"|manufacturers|enterprises)\b", text, re.I):
        words = [w for w in re.split(r"[\s-]+", m.group(1).lower()) if w]
        if any(s <= m.start(1) < e for s, e in covered) or all(w in _GENERIC_SUBJECT_WORDS for w in words):
            continue
        toks = [t for t, _, _ in tokens(m.group(1), subjects.vocab.stems)]
        if toks and not all(t in vocab or t in _GENERIC_SUBJECT_WORDS for t in toks):
            out.append(m.group())
    return out


def stated_sentences(text: str, facts: Facts, document: Document) -> frozenset[int]:
    """Start offsets of the sentences that state the figure a question asks for (its metric, and its year when
    one is named), so that the passage composer can quote the sentence that holds it."""
    req = parse_request(text, facts, document)
    said = set(analyze(text))
    fell, rose = bool(said & data_terms("fall-words.txt")), bool(said & data_terms("rise-words.txt"))
    found: set[int] = set()
    for base, growth, _ in req.metrics:
        of_metric = facts.typed.find(metric=base, bounds=True)
        if req.ranks and any(f.rank for f in of_metric):  # "which sub-sector did worst on profit": the figures the
            of_metric = tuple(f for f in of_metric if f.rank in req.ranks)  # paper ranks so, whatever their kind
            growth = any(f.kind.endswith("growth") for f in of_metric)
        for fact in of_metric:
            if (fact.kind in ("yoy_growth", "compound_growth", "change")) != growth:
                continue
            if growth and fell != rose and (fact.value < 0) != fell:
                continue  # "did any profit fall": not a rise of it
            if not req.asked_years or any(str(y) in fact.year for y in req.asked_years):
                found.add(fact.sentence_start)
    return frozenset(found)

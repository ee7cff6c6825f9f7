"""Facts: one row per quantitative statement of the paper, and checks of the paper's own numbers.

:func:`extract_facts` reads every sentence with :func:`read_numbers` and attaches each number to what it measures by
sentence-level rules: the noun phrase the number hangs on ("a profit before tax of N", "the gross profit rate ...
reached N", "N clinical ... projects"), the year or period of its clause ("In 2015,", "from 2010 to 2017", "during the
Eleventh Five-Year Plan"), and its kind from cue words ("an increase of", "year-on-year", "compound growth rate",
"accounting for N of GDP", "falling by", "with growth rates of X and Y" paired with the subjects listed before it,
"it was" resolved to the previous sentence's metric). Values stay as printed (read into base units); the checks
(:func:`check_facts`) flag the paper's own inconsistencies and say which reading the calculator uses instead.

A reviewed ``corpus/facts.csv`` (written by ``python -m assistant facts --csv``) is what :func:`load_facts` uses when
it matches the paper; the extractor is the fallback for another paper.
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .numbers import Quantity, format_number, read_numbers
from .types import Citation, Document, Sentence

log = logging.getLogger(__name__)

__all__ = ["Facts", "Check", "extract_facts", "extract_table", "load_facts", "check_facts", "format_facts",
           "format_checks", "reading_notes", "citation_for", "SubjectIndex", "METRIC_ALIASES", "metric_label",
           "FACTS_FILE"]

FACTS_FILE = "facts.csv"
COLUMNS = ("id", "metric", "base", "subject", "year", "n_years", "value", "unit", "scale", "kind", "bound", "low",
           "high", "projection", "rank", "whole", "printed", "page", "section", "start", "end", "sentence_start",
           "sentence_end", "sentence", "note")
_FLOAT = ("value", "low", "high", "n_years")
_INT = ("page", "start", "end", "sentence_start", "sentence_end")

# -- vocabulary: normalized metric names and the words papers and users use for them ----------------------------------
METRIC_ALIASES: dict[str, tuple[str, ...]] = {
    "enterprises": ("number of enterprises", "number of companies", "number of firms", "enterprise count",
                    "company count", "firm count", "enterprises", "enterprise", "companies", "company", "firms", "firm"),
    "gross_output": ("gross industrial output value", "total industrial output value", "gross industrial output",
                     "industrial output value", "gross output value", "gross output", "output value", "output"),
    "revenue": ("main business income", "main business revenue", "operating revenue", "revenues", "revenue", "sales",
                "turnover", "income"),
    "profit_before_tax": ("profit before tax", "profits before tax", "pre-tax profits", "pre-tax profit",
                          "pretax profits", "pretax profit", "pre tax profit", "earn before tax", "earned before tax",
                          "profits", "profit"),
    "gross_profit_rate": ("gross profit rate", "gross profit margin", "gross margin rate", "gross margin"),
    "added_value": ("added value", "value added"),
    "health_expenditure": ("total health expenditure", "health expenditure", "health spending", "health spend",
                           "spending on health", "spend on health", "spent on health", "healthcare spending"),
    "gdp": ("gdp", "gross domestic product"),
    "patent_intensiveness": ("patent intensiveness", "patent intensity"),
}
_LABELS = {"enterprises": "number of enterprises", "gross_output": "gross output", "profit_before_tax":
           "profit before tax", "health_expenditure": "total health expenditure", "gdp": "GDP"}
SUBJECT_ALIASES: dict[str, tuple[str, ...]] = {
    "bio-pharmaceutical industry": ("bio-pharmaceutical industry", "biopharmaceutical industry", "biomedical industry",
                                    "biomedicine", "pharmaceutical industry", "biopharma", "pharma"),
    "patent-intensive industry": ("patent-intensive industry", "patent intensive industry"),
    "China": ("China", "Chinese"),
}
SCOPES = frozenset({"China"})  # a country is the scope of the other subjects, not a rival to them
_FIVE_YEAR_PLANS = {1: (1953, 1957), 2: (1958, 1962), 3: (1966, 1970), 4: (1971, 1975), 5: (1976, 1980)}
_ORDINALS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                        "twelfth thirteenth fourteenth fifteenth".split(), 1)}

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
_NP_STOP = frozenset("with realized realised reached has have had is was were are by and in from to reaches for at on "
                     "as of while but which that".split())
_DETERMINERS = re.compile(r"^(?:(?:a|an|the|its|their|this|that)\s+)+", re.I)
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")
_RANGE = re.compile(r"\bfrom\s+((?:19|20)\d\d)\s+to\s+((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\s*[-–~]\s*((?:19|20)\d\d)\b",
                    re.I)
_PLAN = re.compile(r"\b(\w+)\W{0,3}\s*five[- ]year plan", re.I)
_ENUM = re.compile(r"\b(?:includes?|consists? of|comprises?|is made up of)\s+(?:the following\s+)?\w+\s+"
                   r"(?:major\s+|main\s+)?(?:sub-?sectors|sectors|industries|segments)\s*:\s*(?P<items>.+?)\.?$", re.I)
_SKIP_SECTIONS = ("References", "Biographies", "Footnote", "Index Terms")


def metric_label(base: str) -> str:
    """``"profit_before_tax" -> "profit before tax"``."""
    return _LABELS.get(base, base.replace("_", " "))


def period_of(year: str) -> tuple[int, int] | None:
    """``"2010-2017" -> (2010, 2017)``, ``"2017" -> (2017, 2017)``, ``"" -> None``."""
    found = [int(y) for y in re.findall(r"\d{4}", str(year))]
    return (found[0], found[-1]) if found else None


def five_year_plan(word: str) -> tuple[int, int] | None:
    """China's Nth Five-Year Plan as calendar years: ``"Eleventh" -> (2006, 2010)``."""
    digits = re.match(r"(\d+)(?:st|nd|rd|th)$", word.lower())
    n = int(digits.group(1)) if digits else _ORDINALS.get(word.lower())
    if not n:
        return None
    if n in _FIVE_YEAR_PLANS:
        return _FIVE_YEAR_PLANS[n]
    start = 1981 + 5 * (n - 6)
    return start, start + 4


# -- words -> normalized tokens, subjects ------------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_JOIN = frozenset({"bio", "pre", "anti", "non", "co", "sub"})
_STEM = {"biopharma": "biopharm", "biopharmaceutical": "biopharm", "biomedical": "biopharm", "biomedicine": "biopharm",
         "pharma": "pharm", "pharmaceutical": "pharm", "manufacturing": "manufactur", "manufacture": "manufactur",
         "manufacturer": "manufactur", "maker": "manufactur", "production": "produc", "producer": "produc",
         "firm": "enterprise", "company": "enterprise"}
_GENERIC = frozenset({"industry", "sector", "the", "of", "and", "a", "an", "its", "s"})


def _stem(word: str) -> str:
    if word in _STEM:
        return _STEM[word]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return _STEM.get(word, word)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Normalized word tokens with the span of the word they come from ("bio-pharmaceutical" -> "biopharm")."""
    out = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s?$", "", m.group().lower())
        merged: list[str] = []
        for part in (p for p in word.split("-") if p):
            if merged and merged[-1] in _JOIN:
                merged[-1] += part
            else:
                merged.append(part)
        out += [(_stem(p), m.start(), m.end()) for p in merged]
    return out


_METRIC_WORDS = frozenset(t for aliases in METRIC_ALIASES.values() for a in aliases for t, _, _ in tokens(a))


def _key(phrase: str) -> frozenset[str]:
    return frozenset(t for t, _, _ in tokens(phrase) if t not in _GENERIC)


@dataclass(frozen=True)
class SubjectIndex:
    """Known subjects (industries, sub-sectors, a country) and the token sets that name them."""

    keys: tuple[tuple[str, frozenset[str]], ...]
    listed: tuple[str, ...] = ()  # sub-sectors the paper enumerates ("eight sub-sectors: a, b, ...")

    @classmethod
    def build(cls, document: Document | None = None, extra: tuple[str, ...] = ()) -> SubjectIndex:
        keys = [(name, _key(alias)) for name, aliases in SUBJECT_ALIASES.items() for alias in aliases]
        listed = enumerated_subjects(document) if document is not None else ()
        keys += [(name, _key(name)) for name in (*listed, *extra) if name not in SUBJECT_ALIASES]
        return cls(keys=tuple(dict.fromkeys(k for k in keys if k[1])), listed=listed)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for name, _ in self.keys))

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(t for _, key in self.keys for t in key)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Subjects named in ``text``, in order, as ``(name, start, end)``; a run of subject words is split into the
        fewest known names, and a lone word shared by several subjects ("chemical") names none of them."""
        vocab = self.vocabulary
        owners: dict[str, set[str]] = {}
        for name, key in self.keys:
            for t in key:
                owners.setdefault(t, set()).add(name)
        runs: list[list[tuple[str, int, int]]] = [[]]
        toks = tokens(text)
        foreign = {(s, e) for t, s, e in toks if t not in vocab and t not in _GENERIC}  # "trademark-intensive"
        for tok in toks:
            if tok[0] in vocab and tok[1:] not in foreign:
                runs[-1].append(tok)
            elif tok[0] not in _GENERIC or not runs[-1]:
                runs.append([])
        found = []
        for run in runs:
            i = 0
            while i < len(run):
                hit = None
                for j in range(len(run), i, -1):
                    seg = frozenset(t for t, _, _ in run[i:j])
                    cands = sorted((len(key - seg), name) for name, key in self.keys if seg <= key and (
                        seg == key or len(seg) >= 2 or len(owners[next(iter(seg))]) == 1 and not seg & _METRIC_WORDS))
                    best = [c for c in cands if c[0] == cands[0][0]] if cands else []
                    if best and len({name for _, name in best}) == 1:
                        hit = (best[0][1], j)
                        break
                if hit:
                    found.append((hit[0], run[i][1], run[hit[1] - 1][2]))
                    i = hit[1]
                else:
                    i += 1
        return found

    def canonical(self, phrase: str) -> str:
        """A printed subject phrase as a known subject name, else cleaned up ("the manufacture of X" -> "X
        manufacturing")."""
        text = _DETERMINERS.sub("", phrase.strip(" ,.")).strip()
        text = re.sub(r"\s+(?:industry|industries|sector|sub-?sectors?)$", "", text, flags=re.I)
        m = re.match(r"(manufacture|production|processing) of (.+)$", text, re.I)
        if m:
            text = f"{m.group(2)} {'manufacturing' if m.group(1).lower() == 'manufacture' else m.group(1).lower()}"
        key = _key(text)
        return next((name for name, k in self.keys if k == key), text)


def enumerated_subjects(document: Document) -> tuple[str, ...]:
    """Items of an enumeration such as "... includes eight sub-sectors: a, b, c." (empty if the paper has none)."""
    for sentence in document.sentences:
        m = _ENUM.search(sentence.text)
        if m:
            items = [re.sub(r"^and\s+", "", x.strip()) for x in re.split(r",\s*|;\s*", m.group("items"))]
            return tuple(x for x in items if x)
    return ()


# -- the typed core of this stage --------------------------------------------------------------------------------------
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


@dataclass(frozen=True, eq=False)
class Facts:
    """The facts table (stored columns plus ``value_used`` / ``unit_used``, the calculator's reading) and its checks."""

    table: pd.DataFrame
    checks: list[Check] = field(default_factory=list)
    source: str = "extracted"

    def row(self, fact_id: str) -> pd.Series:
        return self.table.loc[self.table["id"] == fact_id].iloc[0]

    def checks_for(self, fact_id: str) -> list[Check]:
        return [c for c in self.checks if fact_id in c.facts]


def citation_for(document: Document, row: pd.Series | dict, n: int = 1) -> Citation:
    """The row's sentence as a verbatim Citation."""
    start, end = int(row["sentence_start"]), int(row["sentence_end"])
    return Citation(n=n, page=int(row["page"]), section=str(row["section"]),
                    section_label=document.section_label(str(row["section"])), quote=document.text[start:end],
                    start=start, end=end, chunk_id="", score=1.0)


# -- extraction --------------------------------------------------------------------------------------------------------
@dataclass
class _Context:
    """What earlier sentences established: the topic metric, the subject, the years of the paragraph."""

    paragraph: int = -1
    topic: str = ""
    subject: str = ""
    years: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # the previous sentence's rows


def extract_facts(document: Document) -> Facts:
    """Extract the facts table from the paper and run the checks on it."""
    return _finish(document, extract_table(document), "extracted")


def extract_table(document: Document) -> pd.DataFrame:
    """One row per quantitative statement (see the module docstring for the rules)."""
    subjects = SubjectIndex.build(document)
    captions = _caption_years(document)
    ctx = _Context()
    rows: list[dict] = []
    for sentence in document.sentences:
        if sentence.section.startswith(_SKIP_SECTIONS) or ".Fig" in sentence.section:
            continue
        if sentence.paragraph != ctx.paragraph:
            ctx.paragraph, ctx.topic, ctx.years, ctx.rows = sentence.paragraph, "", [], []
        found = _sentence_rows(document, sentence, subjects, captions, ctx)
        rows += found
        _remember(sentence, found, subjects, ctx)
    for n, row in enumerate(rows, 1):
        row["id"] = f"F{n:02d}"
    return _typed(pd.DataFrame(rows, columns=list(COLUMNS)))


def _caption_years(document: Document) -> dict[str, str]:
    """``{"6": "2017"}``: the single year a figure caption names (none for a range)."""
    out = {}
    for s in document.sentences:
        m = re.match(r"Fig\.\s*(\d+)\.", s.text)
        if m and not _RANGE.search(s.text):
            years = _YEAR.findall(s.text)
            if len(set(years)) == 1:
                out[m.group(1)] = years[0]
    return out


def _remember(sentence: Sentence, found: list[dict], subjects: SubjectIndex, ctx: _Context) -> None:
    text = sentence.text
    if found:
        ctx.topic, ctx.rows = found[-1]["base"], found
    else:
        growth_of = re.search(r"growth(?: rate)? of (.+)", text, re.I)
        mention = _alias_metric(growth_of.group(1) if growth_of else text)
        ctx.topic = mention or ctx.topic
    named = [n for n, _, _ in subjects.find(text) if n not in SCOPES]
    trailing = [n for n, _, _ in subjects.find(text[found[-1]["_end"]:])] if found else []
    ctx.subject = trailing[0] if trailing else found[-1]["subject"] if found else named[-1] if named else ctx.subject
    ctx.years += [y for y in _YEAR.findall(text) if not _RANGE.search(text)]
    for fig in re.findall(r"Fig\.\s*(\d+)", text):
        ctx.years.append(f"fig{fig}")


def _alias_metric(text: str) -> str:
    """The leftmost metric alias in ``text`` (the head of "the revenue of enterprises" is revenue)."""
    best: tuple[int, int, str] | None = None
    low = text.lower()
    for base, aliases in METRIC_ALIASES.items():
        for alias in aliases:
            m = re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", low)
            if m and (best is None or (m.start(), -len(alias)) < (best[0], best[1])):
                best = (m.start(), -len(alias), base)
    return best[2] if best else ""


def _slug(text: str) -> str:
    text = re.sub(r"\s+(?:in|like|for|among)\s+.*$", "", _DETERMINERS.sub("", text.strip()), flags=re.I)
    head, sep, tail = text.partition(" of ")
    text = f"{_DETERMINERS.sub('', tail)} {head}" if sep else text
    words = re.findall(r"[a-z0-9]+", text.lower().replace("r&d", "rd"))
    return "_".join(w for w in words if w not in {"the", "a", "an", "of"})


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
        return _DETERMINERS.sub("", " ".join(np)), "of"
    m = _VERB_TAIL.search(core)
    if m:
        np = re.sub(r"^(?:and|but|while|whereas|although|though|however|meanwhile|so|thus|if)\b,?\s*", "",
                    core[:m.start()].strip(), flags=re.I)
        return _DETERMINERS.sub("", np), "verb"
    return "", ""


def _year_spans(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, int]]]:
    """Single years ``(position, "2017")`` and periods ``(position, "2010-2017", n_years)`` of a sentence."""
    periods = []
    for m in _RANGE.finditer(text):
        y0, y1 = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        inclusive = not m.group(1)  # "2011-2017" counts both ends; "from 2010 to 2017" counts the steps
        periods.append((m.start(), f"{y0}-{y1}", int(y1) - int(y0) + (1 if inclusive else 0)))
    for m in _PLAN.finditer(text):
        plan = five_year_plan(m.group(1))
        if plan:
            periods.append((m.start(), f"{plan[0]}-{plan[1]}", plan[1] - plan[0] + 1))
    taken = [(m.start(), m.end()) for m in _RANGE.finditer(text)]
    singles = [(m.start(), m.group(1)) for m in _YEAR.finditer(text)
               if not any(s <= m.start() < e for s, e in taken)]
    return singles, periods


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
    for q in stats:
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
            "_how": num.how, "_np": num.np, "_index": num.index,
        })
    return rows


def _attach(text: str, num: _Number, rows: list[dict]) -> None:
    """The phrase the number hangs on: a list continuing the previous number ("X and Y"), the end of a from-to, the
    phrase before "of" or before a verb, or the words after it ("220 clinical projects")."""
    q = num.q
    between = text[rows[-1]["_end"]:q.start] if rows else None
    if between is not None and re.fullmatch(r"\s*(?:,|and|, and)\s*", between):
        num.np, num.how, num.index = rows[-1]["_np"], "list", rows[-1]["_index"] + 1
    elif between is not None and re.fullmatch(r"\s*to\s*", between) and rows[-1]["_how"] in ("from", "verb"):
        num.np, num.how = rows[-1]["_np"], "to"
    else:
        num.np, num.how = _noun_phrase(num.core)
        if num.how == "verb" and re.search(r"\bfrom\s*$", num.core, re.I):
            num.how = "from"
        if not num.np and not num.how:
            after = re.match(r"\s+((?:[a-z][\w-]*\s+){0,5}?[a-z][\w-]*)(?=\s+(?:have|has|had|are|were|is|was|in"
                             r"|of|that|which|to|for)\b|[,.;]|$)", text[q.end:])
            num.np, num.how = (after.group(1), "counted") if after else ("", "")


def _measure(text: str, num: _Number, rows: list[dict], subjects: SubjectIndex,
             ctx: _Context) -> tuple[str, str, str, str]:
    """``(base, whole, subject, kind)``: what the number measures. An anaphora ("it was", "this proportion ... the
    target of") takes the metric, and the subject, of the figure it points back to."""
    q, np, core = num.q, num.np, num.core
    base, whole, subject, inherited = _alias_metric(np), "", "", ""
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
            num.notes.append(f"{np.split()[0] if np else 'it'!r} read as {metric_label(base)} of the "
                             f"{'same' if pool is rows else 'previous'} sentence")
    if not base and not anaphora and (growth or num.how in ("", "verb") and not np):
        accounting = re.search(r"\baccount(?:ing|s)? for\s*$", core, re.I) is not None
        base = rows[-1]["base"] if rows else (_alias_metric(text[:q.start]) or ("" if accounting else ctx.topic))
        if base and not rows and not _alias_metric(text[:q.start]):
            num.notes.append(f"metric {metric_label(base)!r} from the previous sentences")
    share_of = re.match(r"\s+of\s+(?P<whole>(?:the\s+)?[\w&’'-]+(?:\s+(?!but\b|and\b|which\b|while\b)[\w&’'-]+){0,5}?)"
                        r"(?=[,.;]|\s+(?:but|and|which|while|in|by|for)\b|$)", text[q.end:])
    is_share = q.unit == "%" and (bool(_SHARE_HEAD.search(np)) or share_of is not None)
    if is_share and share_of is not None:
        whole = _DETERMINERS.sub("", share_of.group("whole"))
    if not base:  # a metric the vocabulary does not know: named after its phrase
        name = np
        for _, s, e in sorted(subjects.find(np), key=lambda x: -x[1]):
            name = name[:s] + name[e:]
        base = _slug(_SHARE_HEAD.sub("", _GROWTH_HEAD.sub("", name)) if is_share or growth else name)
    rate_like = re.search(r"(?:rate|margin|share|proportion|ratio)$", base) is not None
    if inherited:
        kind = inherited
    elif is_share:
        kind = "share"
    elif q.unit == "%" and rate_like:
        kind = "change" if _GROWTH_HEAD.search(np) else "level"
    elif _GROWTH_HEAD.search(np) or (q.unit == "%" and base in METRIC_ALIASES):
        compound = re.search(r"compound|cagr", np, re.I)
        kind = ("compound_growth" if compound else "yoy_growth") if q.unit == "%" else (
            "count_change" if q.unit == "count" else "change")
        if compound and not _GROWTH_HEAD.search(np):
            num.notes.append(f"{np!r} read as the compound annual growth rate of {metric_label(base)}")
    else:
        kind = "level"
    return base, whole, subject, kind


def _when(text: str, num: _Number, kind: str, captions: dict[str, str], ctx: _Context) -> tuple[str, float]:
    """``(year or period, n_years)``: a period for compound growth and multi-year changes, the start or end of a
    "from ... to ...", else the nearest year of the sentence, else of the paragraph or the figure it refers to."""
    q = num.q
    singles, periods = _year_spans(text)
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
    growth = bool(_GROWTH_HEAD.search(np)) and not _alias_metric(np)
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
            return next((x for x in named if x not in SCOPES), named[0]) if n == 0 else named[0]
    unknown = re.search(r"\b(?:the|its|China's)\s+((?:[\w-]+\s+){0,3}?[\w-]+\s+(?:industry|sector))\b",
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
        w = _slug(whole)
        if not w:
            return base if base.endswith("share") else f"{base}_share"
        if base and base != w:
            return f"{base}_share_{w}" if w.count("_") <= 1 else f"{base}_share"
        return f"{w}_share"
    return base


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    table = table[list(COLUMNS)].copy()
    for col in _FLOAT:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype(float)
    for col in _INT:
        table[col] = table[col].astype(int)
    table["projection"] = table["projection"].map(lambda v: str(v).strip().lower() in {"true", "1"}).astype(bool)
    for col in set(COLUMNS) - set(_FLOAT) - set(_INT) - {"projection"}:
        table[col] = table[col].fillna("").astype(str)
    return table.reset_index(drop=True)


# -- loading and printing ----------------------------------------------------------------------------------------------
def load_facts(document: Document, corpus_dir: Path) -> Facts:
    """The reviewed ``facts.csv`` of the corpus when present and in step with the paper, else the extractor's table."""
    path = Path(corpus_dir) / FACTS_FILE
    if path.exists():
        try:
            table = _typed(pd.read_csv(path, dtype=str, keep_default_na=False))
        except (ValueError, KeyError, pd.errors.ParserError) as exc:
            log.warning("facts file %r is unreadable (%s); extracting the facts from the paper instead", str(path), exc)
        else:
            table, stale = _anchor(document, table)
            if not stale:
                return _finish(document, table, "csv")
            log.warning("facts file %r does not match the paper (rows %s); extracting the facts instead; rewrite it "
                        "with `python -m assistant facts --csv`", str(path), ", ".join(stale[:5]))
    return extract_facts(document)


def _anchor(document: Document, table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Check every row against the paper; a sentence found verbatim elsewhere (the parser moved it) is re-anchored to
    its new offsets, page and section. Returns the table and the ids of rows that no longer match."""
    table = table.copy()
    starts = {s.start: s for s in document.sentences}
    stale = []
    for i, r in table.iterrows():
        if document.text[r["sentence_start"]:r["sentence_end"]] == r["sentence"] and r["printed"] in r["sentence"]:
            continue
        found = [m.start() for m in re.finditer(re.escape(r["sentence"]), document.text)]
        offset = r["start"] - r["sentence_start"]
        if not found or document.text[found[0] + offset:found[0] + offset + len(r["printed"])] != r["printed"]:
            stale.append(r["id"])
            continue
        new = min(found, key=lambda x: abs(x - r["sentence_start"]))
        table.loc[i, ["sentence_start", "sentence_end", "start", "end"]] = [
            new, new + len(r["sentence"]), new + offset, new + offset + len(r["printed"])]
        if new in starts:
            table.loc[i, ["page", "section"]] = [starts[new].page, starts[new].section]
    if len(table) and not stale:
        log.info("facts re-anchored to the paper's current offsets")
    return table, stale


def _finish(document: Document, table: pd.DataFrame, source: str) -> Facts:
    checks = check_facts(document, table)
    table = table.copy()
    table["value_used"] = table["value"]
    table["unit_used"] = table["unit"]
    for check in checks:
        for fact_id, value, unit in check.corrections:
            table.loc[table["id"] == fact_id, ["value_used", "unit_used"]] = [value, unit]
    return Facts(table=table, checks=checks, source=source)


def reading_notes(facts: Facts, start: int, end: int) -> list[str]:
    """What the checks flag about the figures printed in ``document.text[start:end]`` and how the calculator reads
    them, e.g. for a quoted sentence that prints "2.9826 billion yuan" (which reads 2.9826 trillion)."""
    inside = set(facts.table.loc[(facts.table["start"] >= start) & (facts.table["end"] <= end), "id"])
    notes = []
    for check in facts.checks:
        flagged = {check.facts[0], *(c[0] for c in check.corrections)} & inside
        if flagged and (check.severity == "warning" or check.corrections):
            row = facts.row(sorted(flagged)[0])
            notes.append(f"The paper prints \"{row['printed']}\" for {metric_label(str(row['base']))} in {row['year']}; "
                         f"the calculator {check.reading}")
    return notes


def format_facts(facts: Facts, csv: bool = False) -> str:
    """The stored columns as CSV (what ``corpus/facts.csv`` holds), or a readable table."""
    if csv:
        buffer = io.StringIO()
        facts.table[list(COLUMNS)].to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue().rstrip("\n")
    lines = [f"{len(facts.table)} facts ({facts.source}); {len(facts.checks)} checks (python -m assistant facts --checks)"]
    for r in facts.table.itertuples():
        used = "" if r.value_used == r.value and r.unit_used == r.unit else \
            f"  -> used as {_show(r.value_used, r.unit_used, r.scale)}"
        flags = "".join(f" [{c.id}]" for c in facts.checks_for(r.id))
        lines.append(f"{r.id} p.{r.page} {r.metric} | {r.subject or '-'} | {r.year or '-'} | {r.printed!r} "
                     f"({r.kind}{', ' + r.bound if r.bound else ''}{', projection' if r.projection else ''}){used}{flags}")
    return "\n".join(lines)


def format_checks(facts: Facts) -> str:
    if not facts.checks:
        return "No checks: the paper states no figures that can be recomputed or compared."
    out = []
    for c in facts.checks:
        out.append(f"[{c.severity}] {c.id}: {c.explanation}\n  Calculator: {c.reading}")
        out += [f"  p. {x.page}: \"{x.quote}\"" for x in c.citations]
    return "\n".join(out)


def _show(value: float, unit: str, scale: str = "") -> str:
    if unit in ("%", "pp"):
        return f"{format_number(value, 2)}{'%' if unit == '%' else ' pp'}"
    factor = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get(scale, 1.0)
    number = f"{value / factor:,.4f}".rstrip("0").rstrip(".")
    return " ".join(x for x in (number, scale, "" if unit == "count" else unit) if x)


# -- checks of the paper's own numbers ---------------------------------------------------------------------------------
_SCALE_WORD = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_FACTOR = {v: k for k, v in _SCALE_WORD.items()}


def check_facts(document: Document, table: pd.DataFrame) -> list[Check]:
    """Recompute what the paper derives and flag what disagrees beyond rounding or looks implausible."""
    used = {r.id: (float(r.value), str(r.unit)) for r in table.itertuples()}
    checks: list[Check] = []
    for rule in (_check_units, _check_malformed, _check_scale, _check_cagr, _check_growth_vs_levels, _check_points,
                 _check_duration, _check_unlisted):
        for check in rule(document, table, used):
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


def _amount(value: float, unit: str, scale: str = "") -> str:
    return _show(value, unit, scale)


def _series_scale(rows: pd.DataFrame) -> str:
    scales = [s for s in rows["scale"] if s]
    return max(set(scales), key=scales.count) if scales else ""


def _check_units(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
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
                f"{metric_label(r.base)} figures are in {unit}."),
                reading=f"reads it as {r.printed} {unit}, the unit of the other {metric_label(r.base)} figures.",
                corrections=((r.id, float(r.value), unit),)))
    return out


def _check_malformed(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
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
                                      f" are not grouped in threes." + (f" Other {metric_label(r.base)} figures: "
                                                                        f"{context}." if context else "")),
                         reading=(f"reads it as {_amount(r.value, r.unit, r.scale)} (the digits with the separators "
                                  f"dropped), which fits the rest of the series."),
                         corrections=((r.id, used[r.id][0], used[r.id][1]),)))
    return out


def _check_scale(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
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
            scale = _SCALE_WORD.get(_FACTOR.get(r.scale, 1.0) * factor, "")
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
                             reading=(f"uses {_amount(corrected, used[r.id][1], series_scale)} ({r.printed.split()[0]} "
                                      f"{scale}); the table keeps the printed value."),
                             corrections=((r.id, corrected, used[r.id][1]),)))
            values[r.id] = corrected
    return out


def _check_cagr(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
    from .calc import compute_cagr
    from .types import Operand

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
                             f"The stated {r.printed} compound growth of {metric_label(r.base)} over {r.year} "
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


def _check_growth_vs_levels(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
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
            shown = (f"{_amount(va, used[a['id']][1], scale)} in {a['y']} and {_amount(vb, used[b['id']][1], scale)} "
                     f"in {b['y']}")
            stated = ", ".join(f"{x.printed} in {x.year}" for x in around.itertuples())
            spread = "" if high - low < 0.01 else f" (between {format_number(low)}% and {format_number(high)}% " \
                                                   f"given how the levels are rounded)"
            ids = [a["id"], b["id"], *around["id"]]
            check_id = f"levels:{base}:{a['y']}-{b['y']}"
            if not missing:
                agrees = low <= 0 <= high or abs(central) < 0.05
                rates_in = ", ".join(f"{x.printed} in {x.year}" for x in inside.itertuples())
                out.append(_make(document, table, ids, id=check_id, severity="info" if agrees else "warning",
                                 explanation=(f"{metric_label(base).capitalize()} of {shown} imply growth of "
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
                                     f"{metric_label(base).capitalize()} of {shown}, with the stated {stated}, imply "
                                     f"{format_number(central)}% growth in {missing[0]}{spread}, a year the paper gives "
                                     f"no rate for: {where} stated rate around it "
                                     f"({(((vb / va) ** (1 / (b['y'] - a['y']))) - 1) * 100:.2f}% a year over "
                                     f"{a['y']}-{b['y']})."),
                                 reading=f"derives {missing[0]} figures from these numbers only when asked, and says so "
                                         f"in the answer."))
    return out


def _check_points(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
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
            f"{metric_label(r.base).capitalize()} {lv['printed']} in {r.year}, \"an increase of {r.printed}\": read as "
            f"percentage points the previous year's rate was {format_number(points)}%; read as a relative increase it "
            f"was {format_number(relative)}%."),
            reading=(f"reads percentage points (previous year {format_number(points)}%): a change printed next to a rate is "
                     f"most often the difference of the two rates; a question that asks for a relative increase gets "
                     f"{format_number(relative)}%.")))
    return out


def _check_duration(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
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
            f"{metric_label(r.base).capitalize()}: {r.printed} \"{phrase.group(1) if phrase else f'in {n} years'}\" "
            f"over {r.year}, but {y0}-{y1} has {y1 - y0} year-to-year steps "
            f"({y1 - y0 + 1} calendar years counted inclusively). Read as {y1 - y0} steps from {y0}, the average would "
            f"be {format_number(r.value / (y1 - y0))} a year."),
            reading=(f"counts {n} yearly increases ending in {y1}, as the text says:{start} and the average is "
                     f"{format_number(r.value / n)} a year.")))
    return out


def _check_unlisted(document: Document, table: pd.DataFrame, used: dict) -> list[Check]:
    """A compared sub-sector that is not among the ones the paper enumerates."""
    listed = enumerated_subjects(document)
    if not listed:
        return []
    keys = {name: _key(name) for name in listed}
    out = []
    for subject, rows in table[table["rank"] != ""].groupby("subject", sort=False):
        if subject in listed or subject in SUBJECT_ALIASES:
            continue
        key = _key(subject)
        lead = next((t for t, _, _ in tokens(subject) if t not in _GENERIC), "")
        pool = [n for n in listed if lead in keys[n]] or list(listed)  # the same leading modifier first
        best = max(len(keys[n] & key) for n in pool)
        near = [n for n in pool if best and len(keys[n] & key) == best]
        enum = next(s for s in document.sentences if _ENUM.search(s.text))
        enum_row = {"sentence_start": enum.start, "sentence_end": enum.end, "page": enum.page,
                    "section": enum.section}
        check = _make(document, table, list(rows["id"]), id=f"unlisted:{_slug(subject)}", severity="warning",
                      explanation=(f"{subject!r} ({', '.join(f'{r.metric} {r.printed}' for r in rows.itertuples())}) is "
                                   f"not one of the {len(listed)} sub-sectors the paper lists"
                                   + (f"; the closest listed are {' and '.join(near)}." if near else ".")),
                      reading=f"keeps the name as printed: only a question naming {subject} gets this figure; it is "
                              f"not used for {' or '.join(near) if near else 'any listed sub-sector'}.")
        cites = (*check.citations, citation_for(document, enum_row, len(check.citations) + 1))
        out.append(Check(**{**check.__dict__, "citations": cites}))
    return out

"""The words of the facts table: normalized metric names and their aliases, subjects and the tokens that name them.

:data:`METRIC_ALIASES` maps each normalized metric (``"profit_before_tax"``) to the words papers and users use for
it; :func:`tokens` normalizes words ("bio-pharmaceutical" -> "biopharm") so that :class:`SubjectIndex` can find the
industries, sub-sectors and countries a text names however it spells them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import Document

# -- vocabulary: normalized metric names and the words papers and users use for them -----------------------------------
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
DETERMINERS = re.compile(r"^(?:(?:a|an|the|its|their|this|that)\s+)+", re.I)
ENUMERATION = re.compile(r"\b(?:includes?|consists? of|comprises?|is made up of)\s+(?:the following\s+)?\w+\s+"
                         r"(?:major\s+|main\s+)?(?:sub-?sectors|sectors|industries|segments)\s*:\s*(?P<items>.+?)\.?$",
                         re.I)


def metric_label(base: str) -> str:
    """``"profit_before_tax" -> "profit before tax"``."""
    return _LABELS.get(base, base.replace("_", " "))


# -- words -> normalized tokens, subjects ------------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_JOIN = frozenset({"bio", "pre", "anti", "non", "co", "sub"})
_STEM = {"biopharma": "biopharm", "biopharmaceutical": "biopharm", "biomedical": "biopharm", "biomedicine": "biopharm",
         "pharma": "pharm", "pharmaceutical": "pharm", "manufacturing": "manufactur", "manufacture": "manufactur",
         "manufacturer": "manufactur", "maker": "manufactur", "production": "produc", "producer": "produc",
         "firm": "enterprise", "company": "enterprise"}
GENERIC = frozenset({"industry", "sector", "the", "of", "and", "a", "an", "its", "s"})


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


def subject_key(phrase: str) -> frozenset[str]:
    """The token set that names a subject, generic words ("industry", "the") left out."""
    return frozenset(t for t, _, _ in tokens(phrase) if t not in GENERIC)


@dataclass(frozen=True)
class SubjectIndex:
    """Known subjects (industries, sub-sectors, a country) and the token sets that name them."""

    keys: tuple[tuple[str, frozenset[str]], ...]
    listed: tuple[str, ...] = ()  # sub-sectors the paper enumerates ("eight sub-sectors: a, b, ...")

    @classmethod
    def build(cls, document: Document | None = None, extra: tuple[str, ...] = ()) -> SubjectIndex:
        keys = [(name, subject_key(alias)) for name, aliases in SUBJECT_ALIASES.items() for alias in aliases]
        listed = enumerated_subjects(document) if document is not None else ()
        keys += [(name, subject_key(name)) for name in (*listed, *extra) if name not in SUBJECT_ALIASES]
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
        foreign = {(s, e) for t, s, e in toks if t not in vocab and t not in GENERIC}  # "trademark-intensive"
        for tok in toks:
            if tok[0] in vocab and tok[1:] not in foreign:
                runs[-1].append(tok)
            elif tok[0] not in GENERIC or not runs[-1]:
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
        text = DETERMINERS.sub("", phrase.strip(" ,.")).strip()
        text = re.sub(r"\s+(?:industry|industries|sector|sub-?sectors?)$", "", text, flags=re.I)
        m = re.match(r"(manufacture|production|processing) of (.+)$", text, re.I)
        if m:
            text = f"{m.group(2)} {'manufacturing' if m.group(1).lower() == 'manufacture' else m.group(1).lower()}"
        key = subject_key(text)
        return next((name for name, k in self.keys if k == key), text)


def enumerated_subjects(document: Document) -> tuple[str, ...]:
    """Items of an enumeration such as "... includes eight sub-sectors: a, b, c." (empty if the paper has none)."""
    for sentence in document.sentences:
        m = ENUMERATION.search(sentence.text)
        if m:
            items = [re.sub(r"^and\s+", "", x.strip()) for x in re.split(r",\s*|;\s*", m.group("items"))]
            return tuple(x for x in items if x)
    return ()


def alias_metric(text: str) -> str:
    """The leftmost metric alias in ``text`` (the head of "the revenue of enterprises" is revenue)."""
    best: tuple[int, int, str] | None = None
    low = text.lower()
    for base, aliases in METRIC_ALIASES.items():
        for alias in aliases:
            m = re.search(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", low)
            if m and (best is None or (m.start(), -len(alias)) < (best[0], best[1])):
                best = (m.start(), -len(alias), base)
    return best[2] if best else ""


def slug(text: str) -> str:
    """A printed phrase as a metric name: ``"the R&D investment of enterprises" -> "enterprises_rd_investment"``."""
    text = re.sub(r"\s+(?:in|like|for|among)\s+.*$", "", DETERMINERS.sub("", text.strip()), flags=re.I)
    head, sep, tail = text.partition(" of ")
    text = f"{DETERMINERS.sub('', tail)} {head}" if sep else text
    words = re.findall(r"[a-z0-9]+", text.lower().replace("r&d", "rd"))
    return "_".join(w for w in words if w not in {"the", "a", "an", "of"})

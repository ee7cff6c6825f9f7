"""The words of the facts table: metric names and the other names readers use for them, subjects and the tokens that
name them, all from the paper and its data file, none in code.

A :class:`Vocabulary` holds what one paper's text does not say by itself: other names of its metrics ("sales" for
revenue), its subjects' spellings, the subjects that are the scope of the others (a country), and word forms folded
together. It is read from ``vocabulary.json`` beside the paper when that file exists (:meth:`Vocabulary.load`), and
is empty otherwise: the metrics the facts hang on, the paper's enumerations and the abbreviations it defines still
name things (see :mod:`assistant.route.request`). :func:`tokens` normalizes words ("bio-pharmaceutical" ->
"biopharmaceutical", "makers" -> "manufactur") so that :class:`SubjectIndex` finds the subjects a text names however
it spells them.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..types import Document

log = logging.getLogger(__name__)
VOCABULARY_FILE = "vocabulary.json"


@dataclass(frozen=True)
class Vocabulary:
    """One paper's words that its text does not define (see the module docstring); empty for a paper without a file."""

    metrics: dict[str, tuple[str, ...]] = field(default_factory=dict)  # metric -> the words used for it
    labels: dict[str, str] = field(default_factory=dict)  # metric -> how an answer names it
    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # subject -> its spellings
    scopes: frozenset[str] = frozenset()  # subjects that are the scope of the others (a country)
    stems: dict[str, str] = field(default_factory=dict)  # word -> the form it is folded into

    @classmethod
    def load(cls, corpus_dir: Path | str | None) -> Vocabulary:
        """``vocabulary.json`` of the paper's folder, or an empty vocabulary when there is none (or it is unreadable)."""
        path = Path(corpus_dir) / VOCABULARY_FILE if corpus_dir is not None else None
        if path is None or not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(metrics={k: tuple(v) for k, v in data.get("metrics", {}).items()},
                       labels=dict(data.get("labels", {})),
                       subjects={k: tuple(v) for k, v in data.get("subjects", {}).items()},
                       scopes=frozenset(data.get("scopes", ())), stems=dict(data.get("stems", {})))
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            log.warning("vocabulary file %r is unreadable (%s); using the paper's own words only", str(path), exc)
            return cls()

    def label(self, base: str) -> str:
        """``"profit_before_tax" -> "profit before tax"`` (or the label the file gives)."""
        return self.labels.get(base, base.replace("_", " "))

    @property
    def metric_words(self) -> frozenset[str]:
        """The normalized tokens of every metric name and alias."""
        if "_metric_words" not in self.__dict__:
            words = frozenset(t for base, aliases in self.metrics.items() for a in (base.replace("_", " "), *aliases)
                              for t, _, _ in tokens(a, self.stems))
            object.__setattr__(self, "_metric_words", words)
        return self.__dict__["_metric_words"]


EMPTY = Vocabulary()
DETERMINERS = re.compile(r"^(?:(?:a|an|the|its|their|this|that)\s+)+", re.I)
ENUMERATION = re.compile(r"\b(?:includes?|consists? of|comprises?|is made up of)\s+(?:the following\s+)?\w+\s+"
                         r"(?:major\s+|main\s+)?(?:sub-?sectors|sectors|industries|segments)\s*:\s*(?P<items>.+?)\.?$",
                         re.I)


# general English that cannot open or close a noun phrase naming a quantity (beyond the analyzer's stop words)
_NOT_NOUN_EDGE = frozenset("has had have having none most otherwise there here which whose also only just even".split())


def is_metric_name(base: str, vocabulary: Vocabulary = EMPTY) -> bool:
    """A metric name that names something: one of the vocabulary's, or a short noun phrase read off the text whose
    first and last words are content words ("hazard_ratio", "p_value"; not "is", "days_and", "would_lead",
    "we_read_this_as_stating_that_..."))."""
    from ..lexical import analyze

    if base in vocabulary.metrics:
        return True
    words = [w for w in base.split("_") if w]
    if not words or len(words) > 5 or not any(analyze(w) for w in words):
        return False
    return all(w not in _NOT_NOUN_EDGE and (len(w) == 1 or analyze(w)) for w in (words[0], words[-1]))


def metric_label(base: str, vocabulary: Vocabulary = EMPTY) -> str:
    """``"profit_before_tax" -> "profit before tax"``."""
    return vocabulary.label(base)


# -- words -> normalized tokens, subjects ------------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")
_JOIN = frozenset({"bio", "pre", "anti", "non", "co", "sub"})  # English prefixes written with or without a hyphen
# general English: word forms of making and producing named alike ("makers" of X is X "manufacturing")
_FOLD = {"manufacturing": "manufactur", "manufacture": "manufactur", "manufacturer": "manufactur",
         "maker": "manufactur", "production": "produc", "producer": "produc"}
GENERIC = frozenset({"industry", "sector", "the", "of", "and", "a", "an", "its", "s"})


def _stem(word: str, stems: dict[str, str]) -> str:
    for table in (stems, _FOLD):
        if word in table:
            return table[word]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return stems.get(word, _FOLD.get(word, word))


def tokens(text: str, stems: dict[str, str] | None = None) -> list[tuple[str, int, int]]:
    """Normalized word tokens with the span of the word they come from ("bio-pharmaceutical" ->
    "biopharmaceutical"; ``stems`` folds a paper's spellings together)."""
    stems = stems or {}
    out = []
    for m in _WORD.finditer(text):
        word = re.sub(r"['’]s?$", "", m.group().lower())
        merged: list[str] = []
        for part in (p for p in word.split("-") if p):
            if merged and merged[-1] in _JOIN:
                merged[-1] += part
            else:
                merged.append(part)
        out += [(_stem(p, stems), m.start(), m.end()) for p in merged]
    return out


def subject_key(phrase: str, stems: dict[str, str] | None = None) -> frozenset[str]:
    """The token set that names a subject, generic words ("industry", "the") left out."""
    return frozenset(t for t, _, _ in tokens(phrase, stems) if t not in GENERIC)


@dataclass(frozen=True)
class SubjectIndex:
    """Known subjects (industries, sub-sectors, a country) and the token sets that name them."""

    keys: tuple[tuple[str, frozenset[str]], ...]
    listed: tuple[str, ...] = ()  # sub-sectors the paper enumerates ("eight sub-sectors: a, b, ...")
    vocab: Vocabulary = EMPTY

    @classmethod
    def build(cls, document: Document | None = None, extra: tuple[str, ...] = (),
              vocabulary: Vocabulary = EMPTY) -> SubjectIndex:
        """The subjects of the vocabulary, the paper's enumeration and ``extra`` names (the facts' subjects)."""
        stems = vocabulary.stems
        keys = [(name, subject_key(alias, stems)) for name, aliases in vocabulary.subjects.items()
                for alias in (name, *aliases)]
        listed = enumerated_subjects(document) if document is not None else ()
        keys += [(name, subject_key(name, stems)) for name in (*listed, *extra) if name not in vocabulary.subjects]
        return cls(keys=tuple(dict.fromkeys(k for k in keys if k[1])), listed=listed, vocab=vocabulary)

    @property
    def scopes(self) -> frozenset[str]:
        return self.vocab.scopes

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for name, _ in self.keys))

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(t for _, key in self.keys for t in key)

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Subjects named in ``text``, in order, as ``(name, start, end)``; a run of subject words is split into the
        fewest known names, and a lone word shared by several subjects ("chemical") names none of them."""
        vocab, metric_words = self.vocabulary, self.vocab.metric_words
        owners: dict[str, set[str]] = {}
        for name, key in self.keys:
            for t in key:
                owners.setdefault(t, set()).add(name)
        runs: list[list[tuple[str, int, int]]] = [[]]
        toks = tokens(text, self.vocab.stems)
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
                        seg == key or len(seg) >= 2 or len(owners[next(iter(seg))]) == 1 and not seg & metric_words))
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
        key = subject_key(text, self.vocab.stems)
        return next((name for name, k in self.keys if k == key), text)


def enumerated_subjects(document: Document) -> tuple[str, ...]:
    """Items of an enumeration such as "... includes eight sub-sectors: a, b, c." (empty if the paper has none)."""
    for sentence in document.sentences:
        m = ENUMERATION.search(sentence.text)
        if m:
            items = [re.sub(r"^and\s+", "", x.strip()) for x in re.split(r",\s*|;\s*", m.group("items"))]
            return tuple(x for x in items if x)
    return ()


def alias_metric(text: str, vocabulary: Vocabulary = EMPTY) -> str:
    """The leftmost metric alias of the vocabulary in ``text`` (the head of "the revenue of enterprises" is
    revenue)."""
    best: tuple[int, int, str] | None = None
    low = text.lower()
    for base, aliases in vocabulary.metrics.items():
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

"""The lexical side: an analyzer that keeps numbers and years exact, and BM25 (bm25s) over it."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
import Stemmer

from .language import Lexicon


def _import_bm25s():
    """bm25s, imported without scipy and tqdm when nothing has imported them yet: it only tries them (``try: import
    ... except ImportError``) for its optional scipy CSC builder and its progress bars, and we use neither (the default
    ``csc_backend="numpy"``, ``show_progress=False``), so the scores are the same; the two imports were ~0.3 s of
    every cold start. The blocks are lifted right after, so a later ``import scipy`` works as usual."""
    blocked = [name for name in ("scipy", "tqdm") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import scipy..." raise ImportError
    try:
        import bm25s
        from bm25s.stopwords import STOPWORDS_EN
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return bm25s, STOPWORDS_EN


bm25s, STOPWORDS_EN = _import_bm25s()

_GLUED = re.compile(r"(?<![\w.])[^\W\d_]+\d+(?![\w.,]\d)(?![^\W\d_])", re.UNICODE)
"""Letters with digits glued after them, a name as a whole ("t3" errors, "H0", "vfit2", "AR1")."""
_LETTERED = re.compile(r"\b([A-Z][\w'’-]*[a-z][\w'’-]*)\s+([A-Z])\b(?!\.\s+[A-Z])(?=['’]s\b|(?![.'’-]?\w))")
"""A name with a capital letter after it, a name as a whole ("Portnoy Q" beside "Portnoy L", "Model B", "Type I")."""
_TOKEN = re.compile(r"\d+(?:[,.]\d+)*%?|[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_QUESTION_WORDS = """how many much what which who whom whose when where why were was is are am be been did do does there
their them they its it this that these those me my i you your we our us please tell say says said according paper
can could would should will about give show explain""".split()
_STOP = frozenset(STOPWORDS_EN) | frozenset(_QUESTION_WORDS)
_stemmer = Stemmer.Stemmer("english")
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG


def is_stopword(word: str) -> bool:
    """A function or question word ("the", "are", "did", "which"), which names nothing."""
    return word.lower() in _STOP


def normalize_number(token: str) -> str:
    """``"7,697"`` -> ``"7697"``, ``"25,53.71"`` -> ``"2553.71"``, ``"16.70%"`` -> ``"16.7"``."""
    digits = token.rstrip("%").replace(",", "")
    if digits.count(".") > 1:
        return digits
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits


_NAME = re.compile(r"\b[A-Z][a-z]+(?:(?:\s+(?:of\s+|and\s+)?|-)[A-Z][a-z]+)+")  # "Cox-Ingersoll-Ross" too


def find_acronyms(texts: list[str]) -> dict[str, str]:
    """Acronyms a reader may use for the multi-word names in ``texts``: "Yangtze River Delta" -> "yrd"."""
    out: dict[str, str] = {}
    for text in texts:
        for match in _NAME.finditer(text):
            words = [w for w in re.split(r"[\s-]+", match.group()) if w[0].isupper()]
            if words and words[0].lower() in _STOP:  # "In October", "The Chinese": a capital from the sentence start
                words = words[1:]
            if 3 <= len(words) <= 5:  # two-letter acronyms ("go", "us") are too ambiguous to expand
                out.setdefault("".join(w[0] for w in words).lower(), " ".join(words))
    return out


def expand_query(text: str, lexicon: Lexicon | None = None) -> str:
    """``text`` followed by what its abbreviations stand for and the paper's synonyms of its words (queries only,
    never the paper); unchanged without a lexicon."""
    if lexicon is None:
        return text
    extra = lexicon.expand(text)
    return f"{text} {' '.join(extra)}" if extra else text


def weighted_terms(text: str, lexicon: Lexicon | None = None,
                   known: Callable[[str], str | None] = lambda term: term) -> dict[str, float]:
    """The terms of ``text`` and its expansions, each with its weight: a word of the text counts once, and an
    expansion (an abbreviation's long form, a synonym) counts as one word shared among its terms, so that "HAC"
    spelled out in five terms does not outweigh the rest of the question. ``known`` maps a term to the one it is
    matched as (None: dropped)."""
    weights: dict[str, float] = {}
    groups = [(analyze(text), False)] + [(analyze(extra), True) for extra in (lexicon.expand(text) if lexicon else ())]
    for terms, shared in groups:
        found = [k for k in map(known, terms) if k]
        for term in found:
            weight = 1.0 / len(found) if shared else 1.0
            weights[term] = max(weights.get(term, 0.0), weight)
    return weights


@lru_cache(maxsize=16)
def data_phrases(name: str) -> tuple[str, ...]:
    """The lines of a word list in ``assistant/data`` (one word or phrase a line, "#" comments), as written: general
    English the package ships as data ("fall-words.txt", "cause-words.txt")."""
    lines = (Path(__file__).resolve().parent / "data" / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=16)
def data_terms(name: str) -> frozenset[str]:
    """The terms of a word list in ``assistant/data`` (:func:`data_phrases`), read through :func:`analyze`."""
    return frozenset(t for line in data_phrases(name) for t in analyze(line))


def change_terms() -> frozenset[str]:
    """Terms of the verbs that say a figure went down or up (data/fall-words.txt, data/rise-words.txt): "did profit
    fall in 2017" asks for its change, not its level; "a percentage jump" asks a percent change."""
    return data_terms("fall-words.txt") | data_terms("rise-words.txt")


def data_pattern(name: str) -> re.Pattern[str]:
    """A case-blind pattern for any phrase of a word list in ``assistant/data`` as a whole word or words."""
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in data_phrases(name)) + r")\b", re.IGNORECASE)


_SPELLING = ((re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
             (re.compile(r"(?<=[a-z]{2})ys(e|ed|es|ing)$"), r"yz\1"),
             (re.compile(r"(?<=[a-z]{2})our(s|ed|ing|ite|ites)?$"), r"or\1"),
             (re.compile(r"(?<=[a-z]{3})tre(s|d)?$"), r"ter\1"))


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """Stem after folding British spellings into American ones (analyse/analyze, labour/labor, centre/center);
    applied to the paper and the questions alike, so the folding only ever joins variants."""
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return _stemmer.stemWord(word)


def analyze(text: str) -> list[str]:
    """Lower-cased, stemmed terms without stop words; numbers normalized; hyphenated words also joined."""
    return list(_analyze(text))


@lru_cache(maxsize=8192)
def _analyze(text: str) -> tuple[str, ...]:
    """:func:`analyze`, kept per text: one question's text is analyzed by several stages, section titles by every
    summary request."""
    terms: list[str] = []
    lowered = text.lower()
    for match in _TOKEN.finditer(lowered):
        token = match.group()
        if token[0].isdigit():
            terms.append(normalize_number(token))
            continue
        parts = re.split(r"[-'’]", token)
        for part in parts:
            if part and part not in _STOP and len(part) > 1:
                terms.append(_stem(part))
        if len(parts) > 1 and parts[-1] not in ("s", "t", "ll", "re", "ve", "d", "m") and "".join(parts) not in _STOP:
            terms.append(_stem("".join(parts)))
    terms += _GLUED.findall(lowered)  # "t3", "H0", "vfit2" are names as a whole, beside their parts
    for name, letter in _LETTERED.findall(text):  # "Portnoy Q" -> "q_portnoy", beside "portnoy" (letter first: no
        if (stems := _analyze(name)):  # stem that starts another, which would read as its abbreviation)
            terms.append(f"{letter.lower()}_{stems[-1]}")
    return tuple(terms)


@lru_cache(maxsize=8)
def _buckets(vocabulary: frozenset[str]) -> dict[tuple[str, int], tuple[str, ...]]:
    """The vocabulary by (first letter, length), each bucket sorted (a stable order, whatever the hash seed)."""
    out: dict[tuple[str, int], list[str]] = {}
    for term in sorted(vocabulary):
        if term:
            out.setdefault((term[0], len(term)), []).append(term)
    return {key: tuple(terms) for key, terms in out.items()}


def near_miss(term: str, vocabulary: frozenset[str]) -> str | None:
    """A vocabulary term one edit away from ``term`` (a typo in the question or in the paper: "manuscript" vs
    "manuscrript"), for terms long enough that one edit rarely turns one word into another; the first such term in
    sorted order (looked up among the terms of the same first letter and a length within one)."""
    if len(term) < 6 or term in vocabulary or term[0].isdigit():
        return None
    buckets = _buckets(vocabulary)
    found = [next((c for c in buckets.get((term[0], n), ()) if _one_edit(term, c)), None)
             for n in (len(term) - 1, len(term), len(term) + 1)]
    return min((c for c in found if c is not None), default=None)


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


class LexicalIndex:
    """BM25 over analyzed texts; rebuilt from the chunk texts at load time (milliseconds, and nothing to unpickle).
    ``lexicon`` is the paper's view of the language (:class:`assistant.language.Lexicon`), cached by the texts."""

    def __init__(self, texts: list[str]) -> None:
        self._bm25 = bm25s.BM25()
        self._size = len(texts)
        self.lexicon = Lexicon.load(texts)
        tokens = [analyze(t) or ["_empty_"] for t in texts]
        self._vocabulary = frozenset(t for ts in tokens for t in ts)
        self._bm25.index(tokens, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros when no term matches), summed over its terms with
        :meth:`term_weights`."""
        out = np.zeros(self._size, dtype=np.float32)
        for term, weight in self.term_weights(query).items():
            out += weight * np.asarray(self._bm25.get_scores([term]), dtype=np.float32)
        return out

    def term_weights(self, query: str) -> dict[str, float]:
        """The indexed terms of ``query`` with their :func:`weighted_terms` weights (a typo read as the paper's
        word one edit away)."""
        vocabulary = self._bm25.vocab_dict
        return weighted_terms(query, self.lexicon,
                              lambda t: t if t in vocabulary else near_miss(t, self._vocabulary))

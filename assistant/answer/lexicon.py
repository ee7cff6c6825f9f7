"""Per-sentence terms and IDF over the paper, for exact-term scoring of sentences."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ..lexical import analyze
from ..question import years_in
from ..types import Document


@dataclass(frozen=True)
class SentenceLexicon:
    """Per-sentence term sets and term IDF over the paper's sentences (built once per document)."""

    terms: tuple[frozenset[str], ...]
    idf: dict[str, float]
    vocabulary: frozenset[str]
    years: frozenset[int]
    """Years of data: those in body sentences that also state another number (not "Porter (1990)")."""
    mentioned: frozenset[int] = frozenset()
    """Every year the paper mentions anywhere (a cited work's year included)."""

    @classmethod
    def build(cls, document: Document) -> SentenceLexicon:
        terms = tuple(frozenset(analyze(s.text)) for s in document.sentences)
        df = Counter(t for ts in terms for t in ts)
        n = len(terms)
        idf = {t: math.log(1 + n / c) for t, c in df.items()}
        body = [s for s in document.sentences if s.section != "Footnote" and not s.section.startswith(("References", "Biographies"))]
        # years of data: those in sentences that also state another number (not "Porter (1990)")
        years = frozenset(y for s in body for y in years_in(s.text) if re.search(r"\d", re.sub(r"\b(1[89]|20)\d\d\b", "", s.text)))
        mentioned = frozenset(y for s in document.sentences for y in years_in(s.text))
        return cls(terms=terms, idf=idf, vocabulary=frozenset(df), years=years, mentioned=mentioned)

    def overlap(self, query_terms: tuple[str, ...], index: int, context_from: int | None = None,
                also: tuple[int, ...] = ()) -> float:
        """IDF-weighted share of the query's known terms found in sentence ``index`` (with sentences
        ``context_from..index`` when given, and the sentences ``also``: its footnotes)."""
        known = [t for t in query_terms if t in self.idf]
        if not known:
            return 0.0
        terms = self.terms[index]
        if context_from is not None:
            terms = frozenset().union(*self.terms[context_from:index + 1])
        if also:
            terms = terms.union(*(self.terms[j] for j in also))
        return math.fsum(self.idf[t] for t in known if t in terms) / math.fsum(self.idf[t] for t in known)


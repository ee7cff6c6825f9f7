"""The works a sentence cites, found among the paper's own reference entries: numbered marks ("[6]", "[1, 2]",
"[3]-[5]") and author-year mentions ("Peng and Huang (2008)", "(Portnoy 2003)", "Smith et al. 2004")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..types import Document

_NUMBERED = re.compile(r"\[(\d{1,3}(?:\s*[,–-]\s*\[?\d{1,3}\]?)*)\]")
_AUTHOR_YEAR = re.compile(r"\b([A-Z][A-Za-z'’-]+)(?:\s+et al\.?|\s+(?:and|&)\s+[A-Z][A-Za-z'’-]+)?,?\s*\(?((?:19|20)\d\d)[a-z]?\b")
_ENTRY_YEAR = re.compile(r"\b((?:19|20)\d\d)[a-z]?\b")
_NAME = re.compile(r"\b[A-Z][a-z][\w'’-]+")  # a capitalized word of three letters or more: no initials
_ENTRY_KEY = re.compile(r"^References\.(\d+)$")
_ASKS_SOURCE = re.compile(r"\b(?:references?|cit(?:e[sd]?|ing|ations?)|sources?|bibliograph\w*)\b", re.I)


def without_citations(text: str) -> str:
    """``text`` with its author-year mentions ("Newey and West (1987)") taken out."""
    return _AUTHOR_YEAR.sub(" ", text)


@dataclass(frozen=True)
class Entries:
    """The paper's reference entries: by number, and by first author's surname and year."""

    first: dict[int, int]  # entry number -> index of its first sentence
    by_author_year: dict[tuple[str, str], int]
    authors: dict[int, frozenset[str]] = field(default_factory=dict)
    """Index of an entry's first sentence -> its authors' surnames (lower case)."""

    @classmethod
    def of(cls, document: Document) -> Entries:
        first: dict[int, int] = {}
        by_author_year: dict[tuple[str, str], int] = {}
        authors: dict[int, frozenset[str]] = {}
        for sentence in document.sentences:
            match = _ENTRY_KEY.match(sentence.section)
            if not match or int(match.group(1)) in first:
                continue
            number = int(match.group(1))
            first[number] = sentence.index
            names, year = _authors_and_year(sentence.text)
            for name in _NAME.findall(names) if year else ():
                by_author_year.setdefault((name.lower(), year), sentence.index)
            authors[sentence.index] = frozenset(name.lower() for name in _NAME.findall(names))
        return cls(first=first, by_author_year=by_author_year, authors=authors)

    def written_by(self, names: tuple[str, ...]) -> tuple[int, ...]:
        """The first sentences of the entries written by people among ``names`` (surnames), those naming the most
        of them only: "Peng L, Huang Y (2008)" for the Peng and Huang an answer named, not every entry of Peng."""
        people = {name.lower() for name in names}
        shared = {i: len(authors & people) for i, authors in self.authors.items() if authors and authors <= people}
        most = max(shared.values(), default=0)
        return tuple(i for i, n in shared.items() if n == most) if most else ()

    def cited(self, text: str) -> dict[int, str]:
        """The first sentences of the entries ``text`` cites, in the order it cites them, each with the mark the
        paper cites it by ("[6]"; "" for an author-year mention, which names it already)."""
        out: dict[int, str] = {}
        for match in _NUMBERED.finditer(text):
            for part in re.split(r"\s*,\s*", match.group(1)):
                ends = [int(n) for n in re.findall(r"\d+", part)]
                numbers = range(ends[0], ends[-1] + 1) if len(ends) == 2 and 0 < ends[1] - ends[0] < 20 else ends
                for n in numbers:
                    if n in self.first:
                        out.setdefault(self.first[n], f"[{n}]")
        for match in _AUTHOR_YEAR.finditer(text):
            entry = self.by_author_year.get((match.group(1).lower(), match.group(2)))
            if entry is not None:
                out.setdefault(entry, "")
        return out


def _authors_and_year(entry: str) -> tuple[str, str]:
    """The author list of a reference entry and its year: "Peng L, Huang Y (2008). ..." (year in brackets after
    the names) or "W. K. Newey and K. D. West. A simple ... Econometrica, 55:703-708, 1987." (names up to the first
    full stop after a word, year last)."""
    bracketed = re.search(r"\(\s*((?:19|20)\d\d)[a-z]?\s*\)", entry)
    stop = re.search(r"[^\W\d_]{2,}\.(?:\s|$)", entry)
    ends = [m.start() for m in (bracketed,) if m] + [m.end() for m in (stop,) if m]
    years = _ENTRY_YEAR.findall(entry)
    year = bracketed.group(1) if bracketed else years[-1] if years else ""
    return (entry[:min(ends)] if ends else entry), year


def asks_source(text: str) -> bool:
    """Whether a question asks which work the paper cites ("which reference ...", "what source ...")."""
    return bool(_ASKS_SOURCE.search(text))

"""Questions about the paper as a publication (who wrote it, when and where it appeared, how to cite it), answered
from its metadata rather than from passages (the reference itself is formatted by :mod:`assistant.cite`)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .cite import apa_reference, bibtex_entry, doi_url
from .lexical import analyze
from .types import Answer, PaperMeta

CUES_FILE = Path(__file__).resolve().parent / "data" / "metadata-questions.tsv"
_ORDINAL = {"first": 0, "1st": 0, "lead": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
            "last": -1}
_PASSIVE = ("shared", "paper", "pointer")  # rows of the cue file that name no field of their own


@functools.cache
def _cues() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """field -> (its words as typed, its words as analyzed)."""
    out = {}
    for line in CUES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, words = line.split("\t", 1)
        typed = frozenset(words.split())
        out[name] = (typed, frozenset(t for w in typed for t in analyze(w)))
    return out


def asked_field(question: str, *, in_conversation: bool = False) -> tuple[str, int | None] | None:
    """The metadata field a question asks for, and for "the second author" the author's index; None when the
    question is about anything in the paper rather than the paper itself ("Who are the authors cited in section
    II?" names more than the authors), or, ``in_conversation``, points back ("who issued it?") without naming the
    paper."""
    cues = _cues()
    words = re.findall(r"[a-z0-9]+", question.lower())
    if in_conversation and set(words) & cues["pointer"][0] and not set(words) & cues["paper"][0]:
        return None
    ordinal = next((_ORDINAL[w] for w in words if w in _ORDINAL), None)
    terms = [t for t in analyze(question) if t not in _ORDINAL]
    allowed = set().union(*(stems for _, stems in cues.values()))
    if not terms or any(t not in allowed for t in terms):
        return None
    votes = {name: (sum(t in stems for t in terms), sum(w in typed for w in words[:1]))  # its words, then the wh-word
             for name, (typed, stems) in cues.items() if name not in _PASSIVE}
    best = max(votes.values())
    if best == (0, 0):
        return None
    fields = [name for name, v in votes.items() if v == best]
    if len(fields) > 1:
        return ("cite", None)  # "when and where was it published?": the whole reference answers it
    field = fields[0]
    return (field, ordinal if field == "authors" else None)


def answer_metadata(question: str, meta: PaperMeta, *, in_conversation: bool = False) -> Answer | None:
    """An answer from ``meta`` when the question asks for one of its fields and the paper has it."""
    asked = asked_field(question, in_conversation=in_conversation)
    if asked is None:
        return None
    field, index = asked
    text = _field_text(meta, field, index)
    if text is None:
        return None
    listed = meta.authors if field == "authors" and index is None and len(meta.authors) > 1 else ()
    return Answer(question=question, text=text, abstained=False, kind="reference" if field == "cite" else "metadata",
                  resolved_question=question, notes=("From the paper's bibliographic metadata.",),
                  code=bibtex_entry(meta) if field == "cite" else "", items=listed)


def _field_text(meta: PaperMeta, field: str, index: int | None) -> str | None:
    venue = _venue(meta)
    if field == "authors" and meta.authors:
        if index is not None:
            if not -len(meta.authors) <= index < len(meta.authors):
                return None
            which = "last" if index == -1 else ("first", "second", "third", "fourth")[index]
            return f"The {which} author is {meta.authors[index]}."
        names = _and(meta.authors)
        text = f"The paper is by {names}." if len(meta.authors) > 1 else f"The paper's author is {names}."
        return text + (f" Affiliation: {meta.affiliation}." if meta.affiliation else "")
    if field == "title" and meta.title:
        return f"The paper's title is “{meta.title}”."
    if field == "year" and meta.year:
        return f"It was published in {meta.year}" + (f", in {venue}." if venue else ".")
    if field in ("venue", "volume", "pages") and meta.venue:
        return f"It was published in {venue}" + (f" ({meta.year})." if meta.year else ".")
    if field == "doi" and meta.doi:
        return f"Its DOI is {meta.doi} ({doi_url(meta)})."
    if field == "cite" and (meta.title or meta.authors):
        return f"APA: {apa_reference(meta)}\nBibTeX:"
    return None


def _venue(meta: PaperMeta) -> str:
    parts = [meta.venue]
    if meta.volume is not None:
        parts.append(f"vol. {meta.volume}" + (f", no. {meta.issue}" if meta.issue is not None else ""))
    if meta.last_page:
        parts.append(f"pp. {meta.first_page}-{meta.last_page}")
    return ", ".join(p for p in parts if p)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

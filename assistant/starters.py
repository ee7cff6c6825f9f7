"""Starter questions for any paper, derived from its own section tree and facts table.

Nothing here knows a particular paper: every word of a starter is one of the paper's section keys or titles, one of
its metrics (a word the paper prints), a year, or a fixed frame ("Summarize section", "What are the", "How do I cite
this paper?"). The CLI help, the empty-question prompt and the app's starter buttons all read these.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .types import Document, PaperMeta, Section

CITE_QUESTION = "How do I cite this paper?"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_PERIOD = re.compile(r"^(1[89]\d\d|20\d\d)-(1[89]\d\d|20\d\d)$")
_WORDS = re.compile(r"[^\W\d_]+", re.U)
_BODY = frozenset({"section", "subsection"})
_PARTS = frozenset({"subsection", "item"})
_MAX_METRIC_WORDS = 4
_FRAME = frozenset({"number", "of", "the", "a", "an", "total", "rate"})


@dataclass(frozen=True, kw_only=True)
class Starter:
    """One starter question: its kind (shown as the button's heading) and its text (asked as typed)."""

    kind: str  # Fact | Computation | List | Summary | Cite
    text: str


def starter_questions(document: Document, facts: Any = None, *, k: int = 4) -> tuple[Starter, ...]:
    """Up to ``k`` starters for ``document``: a stated figure and a computation when the facts table has them, a list
    (a section with enumerated parts), a summary of its largest section, and how to cite it, in that order of
    preference; one of each kind."""
    table = getattr(facts, "table", None)
    listed = _list_section(document)
    candidates = [
        _fact_starter(document, table),
        _computation_starter(document, table),
        _list_starter(listed),
        _summary_starter(document, avoid=listed),
        Starter(kind="Cite", text=CITE_QUESTION),
    ]
    return tuple(s for s in candidates if s is not None)[:k]


def example_question(document: Document, facts: Any = None) -> str:
    """The paper's first starter, as an example of what to ask."""
    return starter_questions(document, facts, k=1)[0].text


def reference_text(meta: PaperMeta) -> str:
    """The paper as a reference: authors (year). Title. Venue volume(issue), pages. DOI -- empty parts left out."""
    authors = ", ".join(meta.authors)
    head = f"{authors} ({meta.year})." if authors else f"({meta.year})."
    parts = [head, _sentence(meta.title)]
    venue = meta.venue + (f" {meta.volume}" if meta.volume is not None else "") + (
        f"({meta.issue})" if meta.issue is not None else "")
    if meta.venue:
        pages = f", pp. {meta.first_page}-{meta.last_page}" if meta.last_page and meta.last_page != meta.first_page else ""
        parts.append(_sentence(venue.strip() + pages))
    if meta.doi:
        parts.append(f"doi:{meta.doi}")
    return " ".join(p for p in parts if p)


# -- one builder per kind --------------------------------------------------------------------------------------------
def _fact_starter(document: Document, table: Any) -> Starter | None:
    rows = _level_rows(document, table)
    rows = [r for r in rows if _YEAR.match(r["year"])]
    if not rows:
        return None
    stated = {(str(r["base"]), str(r.get("sentence_start", r.get("sentence", "")))) for r in table.to_dict("records")
              if _YEAR.match(str(r.get("year", ""))) or _PERIOD.match(str(r.get("year", "")))}
    weight = Counter(base for base, _ in stated)
    rows = [r for r in rows if weight[r["base"]] >= 2]  # a metric the paper states in more than one sentence
    if not rows:
        return None
    best = min(rows, key=lambda r: (not r["label"].startswith("number of "), -weight[r["base"]], -int(r["year"])))
    label, year = best["label"], best["year"]
    if label.startswith("number of "):
        return Starter(kind="Fact", text=f"How many {label[len('number of '):]} were there in {year}?")
    return Starter(kind="Fact", text=f"What was the {label} in {year}?")


def _computation_starter(document: Document, table: Any) -> Starter | None:
    """A compound growth rate over the longest span with a stated level at both ends (same metric, subject, unit)."""
    groups: dict[tuple[str, str, str], set[int]] = {}
    for r in _level_rows(document, table):
        if _YEAR.match(r["year"]) and r["unit"] not in ("", "%", "pp"):
            groups.setdefault((r["label"], r["subject"], r["unit"]), set()).add(int(r["year"]))
    spans = [(max(ys) - min(ys), label, min(ys), max(ys)) for (label, _, _), ys in groups.items() if len(ys) >= 2]
    if not spans:
        return None
    _, label, first, last = max(spans, key=lambda s: s[0])
    return Starter(kind="Computation", text=f"What's the CAGR of {label} {first}-{last}?")


def _list_section(document: Document) -> Section | None:
    """A section with enumerated parts, one named by a plural noun first ("Disadvantages"), else the one with most."""
    children: Counter[str] = Counter(s.parent for s in document.sections if s.kind in _PARTS and s.parent)
    parents = [s for s in document.sections if children[s.key] >= 2 and s.kind in _BODY | {"item"}]
    return min(parents, key=lambda s: (not _plural_name(s.title), -children[s.key], s.start)) if parents else None


def _list_starter(best: Section | None) -> Starter | None:
    """The parts of a section: by its own name when that is a plural noun ("What are the disadvantages?")."""
    if best is None:
        return None
    if _plural_name(best.title):
        return Starter(kind="List", text=f"What are the {best.title.lower()}?")
    return Starter(kind="List", text=f"What are the parts of section {best.key} ({_title(best)})?")


def _summary_starter(document: Document, avoid: Section | None = None) -> Starter | None:
    """The largest top-level section of the body (another one than the list's, when there is one)."""
    body = [s for s in document.sections if s.kind == "section" and s.level == 1]
    if avoid is not None and len(body) > 1:
        body = [s for s in body if s.key != avoid.key and s.key != avoid.parent] or body
    if not body:
        return None
    best = max(body, key=lambda s: (s.end - s.start, -s.start))
    return Starter(kind="Summary", text=f"Summarize section {best.key} ({_title(best)})")


# -- helpers -----------------------------------------------------------------------------------------------------------
def _level_rows(document: Document, table: Any) -> list[dict[str, str]]:
    """Stated levels whose metric name is short and printed in the paper (so a starter only uses the paper's words)."""
    if table is None or not len(table) or not {"base", "kind", "year", "unit"} <= set(table.columns):
        return []
    from .facts import metric_label  # the facts stage is below this one; imported lazily to keep `import` light

    words = {w.lower() for w in _WORDS.findall(document.text)}
    out = []
    for r in table.to_dict("records"):
        if r.get("kind") != "level" or str(r.get("projection", "")).lower() in {"true", "1"} or not r.get("base"):
            continue
        label = metric_label(str(r["base"]))
        tokens = [w.lower() for w in _WORDS.findall(label)]
        if not tokens or len(tokens) > _MAX_METRIC_WORDS or any(w not in words for w in tokens):
            continue
        sentence = {w.lower() for w in _WORDS.findall(str(r.get("sentence", "")))} if "sentence" in r else words
        if any(ch.isdigit() for ch in label) or any(w not in sentence for w in tokens if w not in _FRAME):
            continue  # the metric must be named in the sentence that states it
        out.append({"base": str(r["base"]), "label": label, "year": str(r.get("year", "")),
                    "unit": str(r.get("unit", "")), "subject": str(r.get("subject", ""))})
    return out


def _plural_name(title: str) -> bool:
    words = title.split()
    return 1 <= len(words) <= 2 and words[-1].isalpha() and words[-1].lower().endswith("s") \
        and not words[-1].lower().endswith(("ss", "us", "is"))


def _title(section: Section) -> str:
    return section.title.rstrip(" .:…")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."

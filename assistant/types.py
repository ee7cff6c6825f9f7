"""The small typed core: what flows between the stages.

Every object that points into the paper carries where it came from: page, section key, and character offsets
``[start, end)`` into :attr:`Document.text` (the cleaned text). ``score`` always means higher is better.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, kw_only=True)
class PaperMeta:
    """Bibliographic metadata of the paper."""

    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    doi: str
    volume: int | None = None
    issue: int | None = None
    first_page: int = 1
    last_page: int | None = None
    affiliation: str = ""

    @property
    def citation(self) -> str:
        pages = f"pp. {self.first_page}-{self.last_page}" if self.last_page else f"p. {self.first_page}"
        vol = f" {self.volume}({self.issue})" if self.volume is not None else ""
        return f"{' & '.join(a.split()[-1] for a in self.authors)} ({self.year}). {self.title}. {self.venue}{vol}, {pages}."


@dataclass(frozen=True, kw_only=True)
class Section:
    """A node of the section tree: ``key`` is hierarchical (``"V.B.3"``, ``"References.4"``, ``"IV.Fig2"``)."""

    key: str
    title: str
    kind: str  # abstract | keywords | section | subsection | item | figure | acknowledgment | references | reference | biography | footnote
    level: int
    parent: str | None
    start: int
    end: int
    pages: tuple[int, ...]

    @property
    def label(self) -> str:
        """Short human label, e.g. ``"V.B.3 Low industry concentration"``."""
        if self.kind in {"abstract", "keywords", "acknowledgment", "references", "footnote"}:
            return self.title
        return f"{self.key} {self.title}"


@dataclass(frozen=True, kw_only=True)
class Box:
    """A rectangle on a page in PDF points, top-left origin (``y`` grows downwards), for highlighting."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """One sentence of the cleaned text, with its exact page."""

    index: int
    text: str
    start: int
    end: int
    page: int
    pages: tuple[int, ...]
    section: str
    paragraph: int
    boxes: tuple[Box, ...] = ()
    """Where the sentence is printed (one box per line it covers); empty for the text front end."""
    kind: str = "prose"
    """The kind of its paragraph (see :attr:`Paragraph.kind`)."""
    notes: tuple[str, ...] = ()
    """The footnotes it refers to by a mark (their section keys, ``"Footnotes.3"``); the PDF front end only."""


@dataclass(frozen=True, kw_only=True)
class Paragraph:
    """Lines joined into one paragraph; ``pages`` lists every page it touches."""

    index: int
    start: int
    end: int
    pages: tuple[int, ...]
    section: str
    sentences: tuple[int, ...]  # indexes into Document.sentences
    kind: str = "prose"
    """prose | code | formula | table | caption | footnote | reference: only prose, caption, footnote and reference
    paragraphs are split into sentences by grammar; a code or table paragraph has one sentence per line."""


@dataclass(frozen=True, kw_only=True)
class Document:
    """The parsed paper: cleaned text plus pages, sections, paragraphs and sentences pointing into it."""

    meta: PaperMeta
    text: str
    checksum: str
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    source: str = "text"
    """Which front end made it: ``"text"`` (corpus extraction) or ``"pdf"``."""
    source_path: str = ""
    page_labels: tuple[str, ...] = ()
    """For a PDF: the printed label of each physical page, when the PDF defines labels."""

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def section_path(self, key: str) -> tuple[Section, ...]:
        """The chain of sections from the top level down to ``key``."""
        chain: list[Section] = []
        current: str | None = key
        while current is not None:
            node = self.section(current)
            chain.append(node)
            current = node.parent
        return tuple(reversed(chain))

    def section_label(self, key: str) -> str:
        """``"V. Characteristics ... > B. Disadvantages > 3) Low industry concentration"``."""
        return " > ".join(s.title if s.kind in {"abstract", "keywords"} else _heading(s) for s in self.section_path(key))

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({s.page for s in self.sentences}))

    @property
    def fingerprint(self) -> str:
        """What an index of this document depends on: its source's checksum, its text and its sentences (a PDF read
        again by a changed parser is another document, though its file is the same)."""
        digest = hashlib.sha256(self.checksum.encode())
        digest.update(self.text.encode("utf-8"))
        digest.update(",".join(f"{s.start}:{s.end}" for s in self.sentences).encode())
        return digest.hexdigest()


def _heading(section: Section) -> str:
    if section.kind == "section":
        return f"{section.key}. {section.title}"
    if section.kind == "subsection":
        key = section.key if section.key.replace(".", "").isdigit() else section.key.rsplit(".", 1)[-1]
        return f"{key} {section.title}" if "." in key else f"{key}. {section.title}"  # "3.3 Title", "A. Title"
    if section.kind == "item":
        return f"{section.key.rsplit('.', 1)[-1]}) {section.title}"
    if section.kind == "reference":
        return f"[{section.key.rsplit('.', 1)[-1]}]"
    return section.title


@dataclass(frozen=True, kw_only=True)
class Chunk:
    """A retrieval unit: consecutive sentences of one section."""

    id: str
    text: str
    section: str
    section_label: str
    pages: tuple[int, ...]
    start: int
    end: int
    sentences: tuple[int, ...]
    n_tokens: int

    @property
    def page(self) -> int:
        return self.pages[0]


@dataclass(frozen=True, kw_only=True)
class Hit:
    """A retrieved chunk with its score for one query (higher is better) and its rank (1-based)."""

    chunk: Chunk
    score: float
    rank: int
    dense_score: float | None = None
    lexical_score: float | None = None


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A verbatim quote of the paper: ``quote == document.text[start:end]``."""

    n: int
    page: int
    section: str
    section_label: str
    quote: str
    start: int
    end: int
    chunk_id: str
    score: float
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Operand:
    """One input of a computation, with where it came from."""

    name: str
    value: float
    unit: str
    year: str = ""
    citation: Citation | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One figure the paper states, typed: its value in base units (as the calculator reads it, after the checks), the
    unit and the scale it was printed in, its year or period, subject, metric and kind, and the sentence it is in."""

    id: str
    value: float  # base units ("yuan", "%", "count"), the checks' reading
    unit: str
    scale: str  # the scale word it was printed with ("billion"), "" for none
    year: str  # "2017", a period "2011-2017", or ""
    subject: str
    metric: str  # the normalized metric ("revenue", "profit_before_tax")
    kind: str  # level | yoy_growth | compound_growth | change | count_change | share | ...
    printed: str  # the figure as printed ("25,53.71 billion yuan")
    printed_value: float  # the value as printed, before any reading of the checks
    page: int
    section: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    label: str = ""  # the metric phrase the number hangs on, as printed
    n_years: float | None = None
    bound: str = ""  # "" | min | max
    projection: bool = False
    whole: str = ""  # for a share: what it is a share of ("GDP")
    rank: str = ""  # top | bottom when the sentence ranks it

    @property
    def period(self) -> tuple[int, int] | None:
        """``(2011, 2017)`` for "2011-2017", ``(2017, 2017)`` for "2017", None without a year."""
        head, _, tail = self.year.partition("-")
        if not head.isdigit():
            return None
        return int(head), int(tail) if tail.isdigit() else int(head)


@dataclass(frozen=True, kw_only=True)
class Computation:
    """The result of a calculation: value, unit, formula and cited inputs.

    ``value`` is in base units ("yuan", "%", "pp", "count"), whoever produced it; ``scale`` ("billion") is only how it
    is shown: the answer prints ``value / 1e9`` billion yuan (:func:`assistant.units.scaled`).
    """

    operation: str
    value: float
    unit: str
    formula: str
    inputs: tuple[Operand, ...]
    sentence: str
    decimals: int = 2
    warnings: tuple[str, ...] = ()
    scale: str = ""


_MARK_OPEN, _MARK_CLOSE = "\ufdd0", "\ufdd1"  # Unicode noncharacters: reserved for internal use, never in a paper
_MARK = re.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")


def citation_mark(n: int) -> str:
    """The citation marker of citation ``n`` as a composer writes it into an answer's text: the :class:`Answer` made
    with that text shows it as ``[n]`` and records where it stands (:attr:`Answer.marks`), so a reader of the answer
    never has to tell a marker from a bracketed number the paper prints."""
    return f"{_MARK_OPEN}{int(n)}{_MARK_CLOSE}"


@dataclass(frozen=True, kw_only=True)
class Mark:
    """A citation marker in an answer's text: ``text[start:end] == f"[{n}]"``, referring to the citation numbered n."""

    n: int
    start: int
    end: int


@dataclass(frozen=True, kw_only=True)
class Answer:
    """What the assistant says to one question.

    ``text`` carries inline markers ``[n]`` that refer to ``citations``, each recorded in ``marks`` (composers write
    them with :func:`citation_mark`); ``related`` holds passages offered as related reading when the assistant abstains.
    """

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    computation: Computation | None = None
    related: tuple[Citation, ...] = ()
    kind: str = "passage"
    resolved_question: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
    items: tuple[str, ...] = ()
    """The entries of a list answer, in order (a follow-up may say "the third one")."""
    item_sections: tuple[str, ...] = ()
    """The section key of each entry of :attr:`items`, when the entries are sections of the paper."""
    marks: tuple[Mark, ...] = ()
    """Where the citation markers stand in :attr:`text`, in order (filled from the :func:`citation_mark` s in it)."""
    code: str = ""
    """A block shown verbatim after the text, to copy as it is (the paper's BibTeX entry)."""

    def __post_init__(self) -> None:
        # A marker written with citation_mark() becomes "[n]" (the same length, so no other offset moves) and a Mark;
        # a mark the text no longer holds (text replaced) is dropped.
        text = self.text
        kept = [m for m in self.marks if text[m.start:m.end] == f"[{m.n}]"]
        found = [Mark(n=int(m.group(1)), start=m.start(), end=m.end()) for m in _MARK.finditer(text)]
        if found:
            text = _MARK.sub(lambda m: f"[{m.group(1)}]", text)
            object.__setattr__(self, "text", text)
        if found or len(kept) != len(self.marks):
            object.__setattr__(self, "marks", tuple(sorted({*kept, *found}, key=lambda m: m.start)))

    @property
    def interpretation(self) -> str | None:
        """The question as it was answered, when that differs from what was typed (resolved against the
        conversation, or with typos corrected): a UI shows it as "Interpreted as: ..."."""
        if not self.resolved_question:
            return None
        same = _words(self.resolved_question) == _words(self.question)
        return None if same else self.resolved_question


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def to_json(obj: Any) -> Any:
    """The one place where core objects become JSON-ready data."""
    if isinstance(obj, Answer):
        return {
            "question": obj.question,
            "answer": obj.text,
            "abstained": obj.abstained,
            "citations": [_citation_json(c) for c in obj.citations],
            "computation": to_json(obj.computation) if obj.computation else None,
            "related": [_citation_json(c) for c in obj.related],
            "kind": obj.kind,
            "resolved_question": obj.resolved_question,
            "interpretation": obj.interpretation,
            "notes": list(obj.notes),
            "marks": [{"n": m.n, "start": m.start, "end": m.end} for m in obj.marks],
            "items": list(obj.items),
            "item_sections": list(obj.item_sections),
            "code": obj.code,
        }
    if isinstance(obj, Citation):
        return _citation_json(obj)
    if isinstance(obj, Hit):
        c = obj.chunk
        return {
            "rank": obj.rank,
            "score": round(obj.score, 6),
            "dense_score": None if obj.dense_score is None else round(obj.dense_score, 6),
            "lexical_score": None if obj.lexical_score is None else round(obj.lexical_score, 6),
            "chunk_id": c.id,
            "page": c.page,
            "pages": list(c.pages),
            "section": c.section_label,
            "section_key": c.section,
            "start": c.start,
            "end": c.end,
            "text": c.text,
        }
    if isinstance(obj, Computation):
        data = asdict(obj)
        data["inputs"] = [to_json(op) for op in obj.inputs]
        data["warnings"] = list(obj.warnings)
        return data
    if isinstance(obj, Operand):
        data = asdict(obj)
        data["citation"] = _citation_json(obj.citation) if obj.citation else None
        return data
    if isinstance(obj, tuple | list):
        return [to_json(x) for x in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return asdict(obj)
    return obj


def _citation_json(c: Citation) -> dict[str, Any]:
    return {
        "n": c.n,
        "page": c.page,
        "pages": list(c.pages or (c.page,)),
        "section": c.section_label,
        "section_key": c.section,
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
        "chunk_id": c.chunk_id,
        "score": round(c.score, 6),
    }


def answer_from_json(data: dict[str, Any]) -> Answer:
    """The Answer that :func:`to_json` wrote (scores come back rounded as they were written; the derived
    ``interpretation`` is recomputed, not read)."""
    comp = data.get("computation")
    computation = None if comp is None else Computation(
        operation=comp["operation"], value=float(comp["value"]), unit=comp["unit"], formula=comp["formula"],
        inputs=tuple(_operand_from_json(op) for op in comp["inputs"]), sentence=comp["sentence"],
        decimals=int(comp["decimals"]), warnings=tuple(comp["warnings"]), scale=comp.get("scale", ""))
    return Answer(
        question=data["question"], text=data["answer"], abstained=bool(data["abstained"]),
        citations=tuple(citation_from_json(c) for c in data["citations"]), computation=computation,
        related=tuple(citation_from_json(c) for c in data["related"]), kind=data["kind"],
        resolved_question=data.get("resolved_question", ""), notes=tuple(data.get("notes", ())),
        items=tuple(data.get("items", ())), item_sections=tuple(data.get("item_sections", ())),
        marks=tuple(Mark(n=int(m["n"]), start=int(m["start"]), end=int(m["end"])) for m in data.get("marks", ())),
        code=data.get("code", ""),
    )


def citation_from_json(data: dict[str, Any]) -> Citation:
    """The Citation of :func:`to_json` (``section`` there is the label, ``section_key`` the key)."""
    return Citation(n=int(data["n"]), page=int(data["page"]), section=data["section_key"], section_label=data["section"],
                    quote=data["quote"], start=int(data["start"]), end=int(data["end"]), chunk_id=data["chunk_id"],
                    score=float(data["score"]), pages=tuple(data.get("pages", ())))


def _operand_from_json(data: dict[str, Any]) -> Operand:
    cite = data.get("citation")
    return Operand(name=data["name"], value=float(data["value"]), unit=data["unit"], year=data.get("year", ""),
                   citation=None if cite is None else citation_from_json(cite), note=data.get("note", ""))


def document_to_json(document: Document) -> dict[str, Any]:
    """A Document as plain JSON data (:func:`document_from_json` reads it back equal)."""
    return asdict(document)


def document_from_json(data: dict[str, Any]) -> Document:
    def boxes(items) -> tuple[Box, ...]:
        return tuple(Box(**b) for b in items)

    return Document(
        meta=PaperMeta(**{**data["meta"], "authors": tuple(data["meta"]["authors"])}),
        text=data["text"], checksum=data["checksum"], source=data["source"], source_path=data["source_path"],
        page_labels=tuple(data["page_labels"]),
        sections=tuple(Section(**{**s, "pages": tuple(s["pages"])}) for s in data["sections"]),
        paragraphs=tuple(Paragraph(**{**p, "pages": tuple(p["pages"]), "sentences": tuple(p["sentences"])})
                         for p in data["paragraphs"]),
        sentences=tuple(Sentence(**{**s, "pages": tuple(s["pages"]), "boxes": boxes(s["boxes"]),
                                    "notes": tuple(s.get("notes", ()))})
                        for s in data["sentences"]),
    )

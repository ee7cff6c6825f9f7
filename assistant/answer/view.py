"""What the answer stage knows about one paper, built once and read by every answer shape: :class:`PaperView`."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from ..config import AnswerSettings
from ..language import Lexicon
from ..language.lexicon import known_stems
from ..lexical import analyze
from ..types import Chunk, Citation, Document, Section, Sentence
from . import evidence
from .cells import CALLED, Row, RowTerms, commands, row_context, row_terms, table_rows
from .citing import Entries
from .estimates import printed_levels
from .lexicon import SentenceLexicon
from .series import find_series

_LEAD_IN = re.compile(
    r"^(?:As (?:is )?shown in Fig\. \d+, |At the same time, |Meanwhile, |Furthermore, |Moreover, |In addition, |"
    r"Therefore, |Thus, |Besides, |On the other hand, |On the one hand, |Especially |Generally, |Firstly, |Then, )"
)

_ASSIGNED = re.compile(r"^\s*(?:>\s*)?([A-Za-z][\w.]*)\s*<-|^\s*>\s*([A-Za-z][\w.]*)\s*=(?!=)")
"""A name a line of code assigns: ``vfit2`` of ``> vfit2 <- coxph(...)`` (with "=", only after the prompt: an
argument on a command's next line, ``data2 = cgd0,``, assigns nothing)."""
CODE_NAME = re.compile(r"(?<![\w.$])[A-Za-z][\w.]*[A-Za-z\d]")
"""A name as code spells it (``cox.zph``, ``vfit2``), wherever it stands in a text."""


@dataclass(frozen=True, kw_only=True, eq=False)
class PaperView:
    """One paper as the answer stage reads it: its document and index data, and what is derived from them once
    (maps by sentence, section and row). Read-only: the maps are :class:`~types.MappingProxyType`, the vectors are
    not writeable. Built by :func:`paper_view`."""

    document: Document
    """The paper."""
    settings: AnswerSettings
    """How answers are scored and shaped."""
    language: Lexicon
    """The paper's view of the language (synonyms, antonyms, abbreviations, spelling)."""
    lexicon: SentenceLexicon
    """Each sentence's terms, the paper's vocabulary, term rarity (idf) and the years it gives figures for."""
    chunks: tuple[Chunk, ...]
    """The index's chunks, in order."""
    sentence_vectors: np.ndarray
    """Every sentence's normalized embedding, one row per sentence index, shape ``(sentences, dimension)``."""
    chunk_of: Mapping[int, Chunk]
    """Sentence index -> the chunk holding it."""
    paragraph_start: tuple[int, ...]
    """Sentence index -> the first sentence of its logical paragraph (a paragraph opening in lower case continues
    the prose before the formula or page break that split it)."""
    paragraph_members: Mapping[int, tuple[int, ...]]
    """A logical paragraph's first sentence -> its sentences."""
    sentence_starts: tuple[int, ...] | None
    """Each sentence's start offset when the sentences are in order and never overlap (so offsets bisect), else None."""
    title_idf: Mapping[str, float]
    """A section-title term -> how rare it is among the paper's section titles."""
    rare_idf: float
    """The median term rarity: a term rarer than this is a rare one."""
    sections: Mapping[str, Section]
    """Section key -> section."""
    children: Mapping[str | None, tuple[Section, ...]]
    """Section key (None: the top) -> its direct subsections, in order."""
    sentences_in: Mapping[str, tuple[int, ...]]
    """Section key -> its own sentences (not those of its subsections)."""
    rows: Mapping[int, Row]
    """Table and output rows by sentence index (:func:`~assistant.answer.cells.table_rows`)."""
    row_terms: Mapping[int, RowTerms]
    """Row sentence -> the terms of its label, heading and where it was printed."""
    row_context: Mapping[int, tuple[int, ...]]
    """Row sentence -> the lines that say what its figures are (heading, lines above)."""
    table_of: Mapping[int, str]
    """Row or caption sentence -> the number of its table ("2" of "Table 2")."""
    captions: Mapping[str, frozenset[str]]
    """Table number -> the terms of its caption (:func:`~assistant.answer.evidence.caption_terms`)."""
    intervals: Mapping[str, frozenset[float]]
    """Row label -> the levels of the confidence intervals printed for rows so labelled
    (:func:`~assistant.answer.estimates.printed_levels`)."""
    row_names: frozenset[str]
    """Every term of a row label or heading."""
    headings: tuple[frozenset[str], ...]
    """The terms of each table or output heading the paper prints (its column names), in order."""
    entries: Entries
    """The reference entries, by number and by author and year."""
    enumerated: Mapping[str, tuple[int, ...]]
    """A term of the clause that introduces a series of items in a prose sentence ("... between five kernels: A, B,
    ...") -> those sentences."""
    functions: frozenset[str] = frozenset()
    """The names the paper's code calls (``linearHypothesis``, ``cox.zph``, ``gmm``), as printed."""
    objects: frozenset[str] = frozenset()
    """The names the paper's code assigns (``vfit2`` of ``> vfit2 <- coxph(...)``), lower-cased: the fits and data
    sets its printouts are of."""


def paper_view(document: Document, *, chunks: tuple[Chunk, ...], sentence_vectors: np.ndarray, language: Lexicon,
               settings: AnswerSettings = AnswerSettings()) -> PaperView:
    """The answer stage's view of ``document``, given its index's chunks and sentence vectors."""
    lexicon = SentenceLexicon.build(document)
    vectors = sentence_vectors.view()  # (a view: the caller's array stays as it was)
    vectors.flags.writeable = False
    paragraph_start = tuple(document.paragraphs[_logical_paragraph(document, s.paragraph)].sentences[0]
                            for s in document.sentences)
    members: dict[int, list[int]] = {}
    for j, start in enumerate(paragraph_start):
        members.setdefault(start, []).append(j)
    ordered = all(a.end <= b.start for a, b in zip(document.sentences, document.sentences[1:]))
    titles = [frozenset(analyze(sec.title)) for sec in document.sections]
    idfs = sorted(lexicon.idf.values())
    own: dict[str, list[int]] = {}
    for sentence in document.sentences:
        own.setdefault(sentence.section, []).append(sentence.index)
    children: dict[str | None, list[Section]] = {}
    for section in document.sections:
        children.setdefault(section.parent, []).append(section)
    rows = table_rows(document)
    terms = row_terms(document, rows)
    table_of = evidence.table_numbers(document, rows)  # rows and captions -> "2" of "Table 2"
    enumerated: dict[str, list[int]] = {}
    for sentence in document.sentences:
        series = find_series(sentence.text, min_items=settings.series_min_items, max_words=settings.series_item_words) \
            if sentence.kind == "prose" else None
        for term in set(analyze(series.lead)) if series is not None else ():
            enumerated.setdefault(term, []).append(sentence.index)
    return PaperView(
        document=document, settings=settings, language=language, lexicon=lexicon, chunks=tuple(chunks),
        sentence_vectors=vectors,
        chunk_of=_frozen({i: chunk for chunk in chunks for i in chunk.sentences}),
        paragraph_start=paragraph_start,
        paragraph_members=_frozen({start: tuple(ids) for start, ids in members.items()}),
        sentence_starts=tuple(s.start for s in document.sentences) if ordered else None,
        title_idf=_frozen({t: math.log(1 + len(titles) / sum(t in ts for ts in titles)) for ts in titles for t in ts}),
        rare_idf=idfs[int(len(idfs) * 0.5)] if idfs else 0.0,  # terms rarer than the median term
        sections=_frozen({section.key: section for section in document.sections}),
        children=_frozen({key: tuple(sections) for key, sections in children.items()}),
        sentences_in=_frozen({key: tuple(ids) for key, ids in own.items()}),
        rows=_frozen(rows),
        row_terms=_frozen(terms),
        row_context=_frozen({i: row_context(document, row) for i, row in rows.items()}),
        table_of=_frozen(table_of),
        captions=_frozen(evidence.caption_terms(document, table_of, lambda i: lexicon.terms[i])),
        intervals=_frozen(printed_levels(document, rows)),
        row_names=frozenset().union(*(t.label | t.heading for t in terms.values())),
        headings=tuple(frozenset(lexicon.terms[h]) for h in sorted({r.header for r in rows.values() if r.header is not None})),
        entries=Entries.of(document),
        enumerated=_frozen({term: tuple(ids) for term, ids in enumerated.items()}),
        functions=frozenset(name for s in document.sentences if s.kind == "code" for name in CALLED.findall(s.text)),
        objects=frozenset((m.group(1) or m.group(2)).lower() for s in document.sentences if s.kind == "code"
                          and (m := _ASSIGNED.match(s.text))),
    )


def cite(view: PaperView, n: int, sentence: Sentence, *, score: float, trim: bool = False,
         end: int | None = None) -> Citation:
    """Citation ``n`` of ``sentence`` (up to ``end`` when given); ``trim`` drops a lead-in ("Moreover, ")."""
    start = sentence.start
    if trim and (m := _LEAD_IN.match(sentence.text)):
        start += m.end()
    end = end or sentence.end
    chunk = view.chunk_of.get(sentence.index)
    document = view.document
    return Citation(n=n, page=sentence.page, pages=sentence.pages, section=sentence.section,
                    section_label=document.section_label(sentence.section),
                    quote=document.text[start:end], start=start, end=end,
                    chunk_id=chunk.id if chunk else "", score=score)


def functions_named(view: PaperView, text: str) -> list[str]:
    """The functions of the paper's code that ``text`` names as printed, in order, each once."""
    return [word for word in dict.fromkeys(CODE_NAME.findall(text)) if word in view.functions]


def objects_named(view: PaperView, text: str) -> frozenset[str]:
    """The objects of the paper's code that ``text`` names exactly ("vfit2"), lower-cased; not a word the language
    knows ("test", "data"), which a question says for itself."""
    return frozenset(w.lower() for w in CODE_NAME.findall(text) if w.lower() in view.objects
                     and (re.search(r"[\d_.]", w) or not set(analyze(w)) <= known_stems()))  # ("vfit2", "res_sdf")


def printing_names(view: PaperView, row: int) -> frozenset[str]:
    """The names, exactly as the code spells them and lower-cased, in the commands that printed ``row``
    (``print(vfit2)``: "print", "vfit2"); "vfit" is not among them, as it would be among the row's analyzed terms."""
    return frozenset(word.lower() for j in commands(view.document, row, view.rows)
                     for word in CODE_NAME.findall(view.document.sentences[j].text))


def mentions_objects(view: PaperView, i: int, objects: frozenset[str]) -> bool:
    """Whether sentence ``i``, a sentence before it in its paragraph, or the commands that printed it (a row of
    output) name one of the code objects ``objects`` (see :func:`objects_named`)."""
    start = view.paragraph_start[i]
    if any(objects & _code_names(view.document.sentences[j].text) for j in range(start, i + 1)):
        return True
    return bool(i in view.rows and objects & printing_names(view, i))


@functools.lru_cache(maxsize=4096)
def _code_names(text: str) -> frozenset[str]:
    """The names as code spells them in ``text``, lower-cased."""
    return frozenset(w.lower() for w in CODE_NAME.findall(text))


def section_kind(view: PaperView, key: str) -> str:
    """The kind of section ``key`` ("section", "item", "keywords", ...), "" for a key the paper has no section of."""
    return view.sections[key].kind if key in view.sections else ""


def within(key: str, scope: str) -> bool:
    """Is section ``key`` the section ``scope`` or one of its subsections?"""
    return key == scope or key.startswith(scope + ".")


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(mapping)


def _logical_paragraph(document: Document, index: int, *, reach: int = 3) -> int:
    """The paragraph a printed paragraph continues: one that opens in lower case ("the second is a Lagrange multiplier
    test") goes on from the prose before the display formula or page break that split it."""
    paragraphs, sentences = document.paragraphs, document.sentences
    current = index
    for _ in range(reach):
        paragraph = paragraphs[current]
        if current == 0 or not paragraph.sentences or paragraph.kind != "prose":
            break
        if not sentences[paragraph.sentences[0]].text[:1].islower():
            break
        previous = current - 1
        while previous > 0 and paragraphs[previous].kind == "formula" and previous > current - 3:
            previous -= 1
        if paragraphs[previous].kind != "prose" or paragraphs[previous].section != paragraph.section:
            break
        current = previous
    return current

"""Hits -> an extractive Answer: sentences scored by meaning, exact terms and question type, then shaped."""

from __future__ import annotations

import bisect
import dataclasses
import re


from ..config import AnswerSettings
from ..lexical import near_miss
from ..question import Intent
from ..retrieve import Retriever
from ..types import Answer, Citation, Document, Hit, Sentence
from ..language import ORDINAL_WORDS as _ORDINAL_WORDS, Lexicon
from .grounding import missing_names
from .rank import first_grounded, named_rows, rank_sentences, scoped_section, settled_rows
from .view import cite, paper_view, within
from . import evidence
from .cells import NamedRow, abbreviated, acronyms
from .extremes import Extremes
from .listing import Listing
from .shapes import Shapes
from .summary import Summaries

_ROMAN = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_ORDINAL_ASK = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS[1:]) + r"|[2-9](?:nd|rd|th))\s+(?!authors?\b)[a-z]", re.I)


class Composer(Extremes, Listing, Shapes, Summaries):
    """Builds answers for one document from one retriever."""

    def __init__(self, document: Document, retriever: Retriever, settings: AnswerSettings = AnswerSettings(), *,
                 language: Lexicon | None = None) -> None:
        self.retriever = retriever
        view = paper_view(document, chunks=retriever.chunks, sentence_vectors=retriever.sentence_vectors(),
                          language=language if language is not None else retriever.lexicon, settings=settings)
        self.view = view
        self.document, self.settings, self.language, self.lexicon = document, settings, view.language, view.lexicon
        self.chunks, self.sentence_vectors, self._chunk_of = view.chunks, view.sentence_vectors, view.chunk_of
        self._paragraph_start, self._sentence_starts = view.paragraph_start, view.sentence_starts
        self._title_idf, self._rare_idf, self._sections = view.title_idf, view.rare_idf, view.sections
        self.rows, self._row_terms, self._row_context = view.rows, view.row_terms, view.row_context
        self._table_of, self._row_names, self._entries = view.table_of, view.row_names, view.entries
        self._sentences_in, self._children = view.sentences_in, view.children

    # -- entry point ---------------------------------------------------------------------------------------------
    def compose(self, question: str, intent: Intent, *, k: int = 5, anchors: tuple[int, ...] = (),
                quoted: tuple[int, ...] = (), stated: frozenset[int] = frozenset()) -> Answer:
        """Answer ``intent`` (already resolved against the conversation); ``question`` is what the user typed;
        ``anchors`` are the paragraphs the previous answer cited, favoured when this turn is a follow-up, and
        ``quoted`` the sentences it quoted (what is next to them is favoured, they themselves not asked again);
        ``stated`` are start offsets of sentences the facts table says state the figure asked for."""
        if intent.kind == "summary":
            target = self._summary_target(intent)
            if target is not None:
                return self._summary(question, intent, target)
        if (reference := self._reference(question, intent)) is not None:
            return reference
        typos = tuple(t for t in (near_miss(t, self.lexicon.vocabulary) for t in intent.terms) if t)
        if typos:
            intent = dataclasses.replace(intent, terms=intent.terms + typos)
        vector = self.retriever.encode(intent.text)
        hits = self.retriever.search(intent.text, k=max(k, 8), vector=vector)
        sentence_dense = self.retriever.sentence_scores(vector)
        missing = missing_names(self.view, intent)
        ranked = rank_sentences(self.view, intent, hits, sentence_dense, anchors, stated, quoted)
        best = ranked[0][1] if ranked else 0.0
        if (intent.kind == "list" or intent.asked) and not missing:
            # a list: the sections of the section whose title names the asked kind, else the one sentence that
            # enumerates that kind (a section named only by a word of the question's context comes last)
            section = self._list_section(intent, vector) if intent.kind == "list" else None
            if section is not None and self._names_kind(intent, section):
                return self._list(question, intent, section, best)
            enumeration = self._enumeration(intent, ranked) if best >= self.settings.abstain_threshold else None
            if enumeration is not None:
                return self._enumerated(question, intent, enumeration)
            if section is not None:
                return self._list(question, intent, section, best)
        pointed = next((p for i, score in ranked[:self.settings.grounding_candidates]
                        if score >= best - self.settings.grounding_margin
                        and (p := self._ordinal_item(intent, i)) is not None), None)
        if pointed is not None:  # the Nth item of the enumeration around one of the best candidates
            ranked = [(pointed, best), *[(i, x) for i, x in ranked if i != pointed]]
        if not missing and ranked:
            settled = settled_rows(self.view, question, intent, anchors)
            ranked, missing = first_grounded(self.view, intent, ranked, sentence_dense, settled)
        if missing or best < self.settings.abstain_threshold:
            return self._abstain(question, intent, hits, missing)
        if (extreme := self._extreme(question, intent, ranked)) is not None:
            return extreme  # "which ... has the smallest RMSE": the cells of the table it names, compared
        return self._passage(question, intent, ranked, known=frozenset(quoted))

    def compute_from_passages(self, question: str, intent: Intent, *, k: int = 5) -> Answer | None:
        """A ratio or a difference of two figures the question names in the best passages (table cells, output lines,
        prose numbers), computed and cited; None when the question asks no such thing or names no such pair."""
        if not evidence.asks_arithmetic(intent.text):
            return None
        vector = self.retriever.encode(intent.text)
        hits = self.retriever.search(intent.text, k=max(k, 8), vector=vector)
        ranked = rank_sentences(self.view, intent, hits, self.retriever.sentence_scores(vector))
        if not ranked:
            return None
        top = ranked[0][1]
        chosen = [i for i, score in ranked[:self.settings.evidence_sentences] if score >= top - self.settings.evidence_margin]
        headers = {self.rows[i].header for i in chosen if i in self.rows and self.rows[i].header is not None}
        siblings = [j for j, row in self.rows.items() if row.header in headers and j not in chosen]  # its table's rows
        printed = {self._printed_as(i) for i in chosen if i in self.rows}  # the same line printed by another run of
        siblings += [j for j in self.rows if j not in chosen and j not in siblings  # its section ("Function eval.")
                     and self._printed_as(j) in printed]
        rows = self.rows
        candidates = [figure for i in chosen + siblings for figure in evidence.figures(self.document, i, rows.get(i), rows)]
        named = evidence.table_named(intent.text)
        if named is not None:  # "in Table 2": that table's figures, when the paper has such a table
            inside = [figure for i in rows if self._table_of.get(i) == named
                      for figure in evidence.figures(self.document, i, rows[i], rows)]
            candidates = inside or candidates
        scoped = scoped_section(self.view, intent.text)
        if scoped is not None:  # "in section 3.9": the figures printed there
            sentences = self.document.sentences
            inside = [f for f in candidates if within(sentences[f.sentence].section, scoped)]
            if not inside:
                inside = [figure for i in rows if within(sentences[i].section, scoped)
                          for figure in evidence.figures(self.document, i, rows[i], rows)]
            candidates = inside or candidates
        terms = evidence.question_terms(intent.terms, intent.text, self.language)
        names = frozenset().union(*(f.names for f in candidates))
        terms |= abbreviated(names, terms) | acronyms(names, intent.text)  # "treat" for "treatment", "GMLE"
        added = evidence.runs_named(self.document, rows, intent.text, terms, candidates)
        candidates += [figure for i in added for figure in evidence.figures(self.document, i, rows[i], rows)]
        pair = evidence.best_pair(candidates, terms, intent.text, self.lexicon.idf,
                                  unnamed=self.settings.pair_unnamed, unnamed_source=self.settings.pair_unnamed_source,
                                  context=self.settings.pair_context)
        if pair is None:
            return None
        comp = evidence.compute(pair, intent.text, lambda i: self._cite(1, self.document.sentences[i], score=top))
        return None if comp is None else evidence.answer(question, intent.text, comp)

    def _printed_as(self, i: int) -> tuple[str, str, tuple[str, ...], str]:
        """What a row prints but its figures: its section, label, figures' own names and column heading."""
        row = self.rows[i]
        heading = "" if row.header is None else self.document.sentences[row.header].text.strip()
        return self.document.sentences[i].section, row.label, row.names, heading

    def _ordinal_item(self, intent: Intent, best: int) -> int | None:
        """"what does the second principle say?": the sentence that opens the Nth item of the enumeration around
        the best sentence (a numbered item, or a sentence marked "Second," / "(2)" / "(ii)" / "the second ...")."""
        match = _ORDINAL_ASK.search(intent.text)
        if not match:
            return None
        word = match.group(1).lower()
        n = _ORDINAL_WORDS.index(word) + 1 if word in _ORDINAL_WORDS else int(re.match(r"\d+", word).group())
        marker = re.compile(rf"^(?:\(?{n}[).]\s|\(?{_ROMAN[n]}\)\s|{_ORDINAL_WORDS[n - 1]}(?:ly)?\b)|\bthe {_ORDINAL_WORDS[n - 1]}\b",
                            re.I)
        sentences, paragraphs = self.document.sentences, self.document.paragraphs
        top = sentences[best].section.split(".")[0]
        start = sentences[best].paragraph
        for paragraph in paragraphs[start:start + self.settings.max_items + 1]:
            if paragraph.section.split(".")[0] != top:
                break
            section = self._sections.get(paragraph.section)
            numbered = section is not None and section.kind == "item" and section.key.rsplit(".", 1)[-1] == str(n)
            for i in paragraph.sentences:
                if i >= best or paragraph.index > start:
                    if (numbered and i == paragraph.sentences[0]) or marker.search(sentences[i].text):
                        return i
        return None

    # -- scoring -------------------------------------------------------------------------------------------------
    def sentences_of(self, answer: Answer) -> tuple[int, ...]:
        """The sentences an answer cites (directly or through a computation's inputs)."""
        citations = [*answer.citations, *(op.citation for op in (answer.computation.inputs if answer.computation else ()) if op.citation)]
        sentences, starts = self.document.sentences, {c.start for c in citations}
        if self._sentence_starts is None:
            return tuple(sorted({s.index for s in sentences if any(s.start <= x < s.end + 1 for x in starts)}))
        found = set()
        for x in starts:  # sentences in order that never overlap: only the last two starting at or before x can hold it
            i = bisect.bisect_right(self._sentence_starts, x)
            found.update(s.index for s in sentences[max(0, i - 2):i] if s.start <= x < s.end + 1)
        return tuple(sorted(found))

    def paragraphs_holding(self, sentences: tuple[int, ...]) -> tuple[int, ...]:
        """The paragraphs of ``sentences`` (those :meth:`sentences_of` an answer gives)."""
        return tuple(sorted({self.document.sentences[i].paragraph for i in sentences}))

    def sibling_labels(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """Per printed table (rows under one header line), the terms that tell each row's label from the others'
        ("baseline" and "fit" of "baseline fit" beside "time dependent"; "3" of "tgroup=3")."""
        tables: dict[int, list[frozenset[str]]] = {}
        for i, row in self.rows.items():
            if row.header is not None and row.label:
                tables.setdefault(row.header, []).append(self._row_terms[i].label)
        out = []
        for labels in tables.values():
            shared = frozenset.intersection(*labels)
            distinct = tuple(label - shared for label in labels)
            if len(set(distinct)) > 1:
                out.append(distinct)
        return tuple(out)

    def _abstain(self, question: str, intent: Intent, hits: list[Hit], missing: list[str]) -> Answer:
        notes = [m for m in missing if m.endswith(".")]
        names = [m for m in missing if m not in notes]
        reason = f" It never mentions {', '.join(repr(n) for n in names)}." if names else ""
        text = f"The paper does not say.{reason}" + "".join(f" {n}" for n in notes)
        related = []
        for hit in hits[:3]:
            first = self.document.sentences[hit.chunk.sentences[0]]
            related.append(self._cite(len(related) + 1, first, score=hit.score, end=self.document.sentences[hit.chunk.sentences[-1]].end))
        return Answer(question=question, text=text, abstained=True, related=tuple(related), kind="abstain",
                      resolved_question=intent.text)

    # -- citations -----------------------------------------------------------------------------------------------
    def _cite(self, n: int, sentence: Sentence, *, score: float, trim: bool = False, end: int | None = None) -> Citation:
        return cite(self.view, n, sentence, score=score, trim=trim, end=end)

    def _cells(self, intent: Intent) -> dict[int, NamedRow]:
        return named_rows(self.view, intent)

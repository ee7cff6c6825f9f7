"""Hits -> an extractive Answer: sentences scored by meaning, exact terms and question type, then shaped."""

from __future__ import annotations

import bisect
import dataclasses
import math
import re

import numpy as np

from ..config import AnswerSettings
from ..lexical import analyze, expand_query, near_miss
from ..question import Intent, years_in
from ..retrieve import Retriever
from ..types import Answer, Citation, Document, Hit, Section, Sentence
from ..language import ORDINAL_WORDS as _ORDINAL_WORDS, Lexicon, ordinal_numbers
from .view import paper_view
from .text import HAS_DIGIT
from . import evidence
from .citing import Entries
from .cells import NamedRow, abbreviated, acronyms, glued_digits, identifiers, named_terms, numerals, row_context, row_terms, table_rows
from .extremes import Extremes
from .grounding import Grounding
from .listing import Listing
from .shapes import Shapes
from .summary import Summaries

_LEAD_IN = re.compile(
    r"^(?:As (?:is )?shown in Fig\. \d+, |At the same time, |Meanwhile, |Furthermore, |Moreover, |In addition, |"
    r"Therefore, |Thus, |Besides, |On the other hand, |On the one hand, |Especially |Generally, |Firstly, |Then, )"
)
_POINTER = re.compile(r"\b(?:is|are) shown in Fig\.? ?\d+\.?$")
_WHEN_WORDS = re.compile(r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_SECTION_NAMED = re.compile(r"\b(?:in|per|from|according to) the (intro(?:duction)?|abstract|conclusions?|acknowledge?ments?|references)\b|\bsection\s+\(?([IVX]+|\d+(?:\.\d+)*)\b", re.I)
_EXTREME = re.compile(r"\b(fastest|slowest|highest|lowest|largest|smallest|biggest|most|least|first|last|second|best"
                      r"|worst|greatest|strongest|weakest|top|bottom)\b")
_UPPER = frozenset({"fastest", "highest", "largest", "biggest", "most", "best", "greatest", "strongest", "top"})
_LOWER = frozenset({"slowest", "lowest", "smallest", "least", "worst", "weakest", "bottom"})


def _extreme_match(asked: list[str], text: str) -> int:
    """1 when the sentence has a superlative of the kind asked (the same word, or one of the same end of a ranking:
    "highest growth" is the "fastest growth", "did worst" the "slowest"), -1 when it has only the other end's, else 0."""
    found = set(_EXTREME.findall(text.lower()))
    if any(e in found or (e in _UPPER and found & _UPPER) or (e in _LOWER and found & _LOWER) for e in asked):
        return 1
    if any((e in _UPPER and found & _LOWER) or (e in _LOWER and found & _UPPER) for e in asked):
        return -1
    return 0
_ROMAN = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_ORDINAL_ASK = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS[1:]) + r"|[2-9](?:nd|rd|th))\s+(?!authors?\b)[a-z]", re.I)
_FIGURE_WORDS = re.compile(r"\b(fig|figure|chart|graph|caption|source|sources)\b", re.I)


class Composer(Extremes, Grounding, Listing, Shapes, Summaries):
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
        missing = self._missing(intent)
        ranked = self._rank_sentences(intent, hits, sentence_dense, anchors, stated, quoted)
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
            settled = self._settled_rows(question, intent, anchors)
            ranked, missing = self._first_grounded(intent, ranked, sentence_dense, settled)
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
        ranked = self._rank_sentences(intent, hits, self.retriever.sentence_scores(vector))
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
        scoped = self._scoped_section(intent.text)
        if scoped is not None:  # "in section 3.9": the figures printed there
            sentences = self.document.sentences
            inside = [f for f in candidates if _within(sentences[f.sentence].section, scoped)]
            if not inside:
                inside = [figure for i in rows if _within(sentences[i].section, scoped)
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

    def _with_tables(self, ranked: list[tuple[int, float]],
                     named: dict[int, NamedRow] | None = None) -> tuple[list[tuple[int, float]], int]:
        """A table's caption names what its rows hold but not their figures: the rows of the table next to a
        caption among the best candidates join the candidates right after it, at its score. Returns the candidates
        and how many rows joined."""
        sentences, paragraphs = self.document.sentences, self.document.paragraphs
        out: list[tuple[int, float]] = []
        placed: set[int] = set()
        joined = 0
        own = dict(ranked)  # a row's own score orders the rows named alike
        for i, score in ranked:
            if i in placed:
                continue
            out.append((i, score))
            placed.add(i)
            if len(out) > self.settings.grounding_candidates or sentences[i].kind != "caption":
                continue
            here = sentences[i].paragraph
            for paragraph in paragraphs[max(0, here - 2): here + 3]:
                if paragraph.kind == "table":
                    rows = [j for j in paragraph.sentences if j not in placed]
                    if named:  # the rows the question names by label (and heading) first
                        rows.sort(key=lambda j: (j not in named, not (j in named and named[j].heading),
                                                 -named[j].block if j in named else 0.0, -own.get(j, -math.inf)))
                    out += [(j, score) for j in rows]
                    placed.update(rows)
                    joined += len(rows)
        return out, joined

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

    def _settled_rows(self, question: str, intent: Intent, anchors: tuple[int, ...]) -> frozenset[int]:
        """Rows of the printed block the previous answer cited whose label the follow-up's own words name ("and once
        they were time dependent?" for the row "time dependent"): the conversation has set what the block is about,
        so the row needs no more of the question's words around it."""
        if not anchors or not intent.focus:
            return frozenset()
        own = set(intent.focus) | numerals(question) | ordinal_numbers(question)
        return frozenset(i for p in self._with_output(anchors) for i in self.document.paragraphs[p].sentences
                         if i in self.rows and self._row_terms[i].label & own)

    def _first_grounded(self, intent: Intent, ranked: list[tuple[int, float]], dense: np.ndarray,
                        settled: frozenset[int] = frozenset()) -> tuple[list[tuple[int, float]], list[str]]:
        """The best-ranked sentence that meets the question's constraints (a figure when one is asked, the names and
        year it asks about), moved to the front; a failed constraint means the next candidate within
        ``settings.grounding_margin`` of the best, and only when none passes, the first one's reasons to abstain."""
        top = ranked[0][1]
        ranked, rows = self._with_tables(ranked, self._cells(intent))
        first_reasons: list[str] = []
        for position, (i, score) in enumerate(ranked[:self.settings.grounding_candidates + rows]):
            if score < top - self.settings.grounding_margin:
                break
            line = self.document.sentences[i]
            if line.kind == "table" and not HAS_DIGIT.search(line.text) and len(line.text.split()) <= 3:
                continue  # a table's group label ("Peng-Huang Q") heads rows; it answers nothing itself
            reasons = self._unsupported(intent, i, dense) or ([] if i in settled else self._ungrounded(intent, i))
            if not reasons:
                return [ranked[position], *ranked[:position], *ranked[position + 1:]], []
            first_reasons = first_reasons or reasons
        return ranked, first_reasons

    # -- scoring -------------------------------------------------------------------------------------------------
    def _kind(self, key: str) -> str:
        return self._sections[key].kind if key in self._sections else ""

    def _scoped_section(self, text: str) -> str | None:
        """The section a question points into ("per the intro", "in section IV"), if any."""
        match = _SECTION_NAMED.search(text)
        if not match:
            return None
        if match.group(2):  # "section IV", "section 3.9", "section (3.4)"
            return match.group(2).upper() if match.group(2).upper() in self._sections else None
        word = set(analyze(expand_query(match.group(1), self.language)))
        return next((s.key for s in self.document.sections if s.level == 1 and set(analyze(s.title)) & word), None)

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

    def _rank_sentences(self, intent: Intent, hits: list[Hit], dense: np.ndarray, anchors: tuple[int, ...] = (),
                        stated: frozenset[int] = frozenset(), quoted: tuple[int, ...] = ()) -> list[tuple[int, float]]:
        """Candidate sentences (those of the retrieved chunks, those stating the asked figure, and in a follow-up
        those of the sections the previous answer cited), best first; weights in ``settings.weights``."""
        w = self.settings.weights
        names = [t for t in (analyze(n) for n in self._names(intent.text)) if t]
        scoped = self._scoped_section(intent.text)
        anchor_sections = {self.document.paragraphs[p].section for p in anchors}
        anchors = self._with_output(anchors)
        beside = self._beside(quoted)
        prior = {}
        for hit in hits:
            for i in hit.chunk.sentences:
                prior.setdefault(i, w.chunk_prior / hit.rank)
        if len(dense):  # the sentences closest in meaning compete even when their chunks ranked lower
            for i in np.argsort(-dense)[:self.settings.meaning_candidates]:
                prior.setdefault(int(i), 0.0)
        for sentence in self.document.sentences:
            if sentence.start in stated or sentence.section in anchor_sections:
                prior.setdefault(sentence.index, 0.0)  # competes even if its chunk was not retrieved
        question_terms = set(intent.terms)
        cells = self._cells(intent)
        for i in cells:
            prior.setdefault(i, 0.0)  # a row the question names by label and heading, wherever its chunk ranked
        table = evidence.table_named(intent.text)
        if table is not None and table not in self._table_of.values():
            table = None  # "Table 7" of a paper without one: nothing to scope to
        if table is not None:  # "in Table 3": its caption and rows compete wherever their chunks ranked
            for i, number in self._table_of.items():
                if number == table:
                    prior.setdefault(i, 0.0)
        lexicon = self.language
        directional = {t for t in question_terms if lexicon.opposites([t])}
        opposite = lexicon.opposites(list(directional)) - question_terms
        extremes = _EXTREME.findall(intent.text.lower())
        titled = self._titled_sections(question_terms)
        figure_words = bool(_FIGURE_WORDS.search(intent.text))
        scored = []
        for i, chunk_prior in prior.items():
            sentence = self.document.sentences[i]
            # earlier sentences of the paragraph often name the subject this one gives the figure for
            notes = tuple(j for key in sentence.notes for j in self._sentences_in.get(key, ()))  # what its marks
            lexical = self.lexicon.overlap(intent.terms, i, also=notes)  # refer to says more of it
            if self._paragraph_start[i] < i:
                lexical = ((1 - w.paragraph_share) * lexical
                           + w.paragraph_share * self.lexicon.overlap(intent.terms, i, self._paragraph_start[i]))
            meaning = float(dense[i])
            if i in cells:  # a row's figures mean little alone: its heading and the lines above say what they are
                meaning = max(meaning, *(float(dense[j]) for j in self._row_context[i]))
            score = meaning + w.lexical * lexical + chunk_prior
            if intent.focus:  # the user's own words in a follow-up weigh more than the topic carried over
                score += w.focus * self.lexicon.overlap(intent.focus, i, self._paragraph_start[i])
            if names and all(set(n) & self._context_terms(i) for n in names):
                score += w.names
            if sentence.paragraph in anchors:
                score += w.anchor_paragraph
            elif sentence.section in anchor_sections:
                score += w.anchor_section
            if i in beside:
                score += w.anchor_beside
            if sentence.start in stated:
                score += w.stated
            if intent.wh == "when" and _WHEN_WORDS.search(sentence.text):
                score += w.when
            if scoped and _within(sentence.section, scoped):
                score += w.scoped
            if table is not None and i in self._table_of:  # the table the question names, not another one
                score += w.scoped if self._table_of[i] == table else -w.scoped
            if titled:  # "in the CAPM example": the section whose title the question names
                score += w.title * max((titled.get(key, 0.0) for key in _ancestry(sentence.section)), default=0.0)
            if sentence.section == "Index Terms" or self._kind(sentence.section) == "keywords":
                score -= w.keywords
            if intent.wh == "how_many":
                score += w.figure if HAS_DIGIT.search(sentence.text) else -w.figure
            if intent.years:
                found = set(years_in(sentence.text))
                score += w.year if found & set(intent.years) else (-w.other_year if found else 0.0)
            if sentence.section.startswith(("References", "Footnote")) and intent.wh not in ("who", "when"):
                score -= w.back_matter
            if (".Fig" in sentence.section or _POINTER.search(sentence.text)) and not figure_words:
                score -= w.chart  # a caption or "is shown in Fig. 5" names a chart but states none of its data
            if opposite and self.lexicon.terms[i] & opposite and not self.lexicon.terms[i] & directional:
                score -= self.settings.direction_penalty  # it states the opposite direction of the one asked
            if i in cells:
                # a follow-up's conversation has set the block (the one the last answer cited): its words do not
                # choose another among rows labelled alike
                block = float(sentence.paragraph in anchors) if anchors else cells[i].lead
                score += w.cell_row + (w.cell_column if cells[i].heading else 0.0) + w.cell_block * block
            if extremes:
                match = _extreme_match(extremes, sentence.text)
                score += w.extreme if match > 0 else -w.opposite_extreme if match < 0 else -w.other_extreme
            scored.append((i, score))
        scored.sort(key=lambda item: -item[1])
        return scored

    def _beside(self, quoted: tuple[int, ...]) -> frozenset[int]:
        """The sentences next to the quoted ones (``settings.beside_sentences`` either way) in their paragraph, not
        quoted themselves: what the previous answer stopped short of ("did that solve everything?", "and the rest?")."""
        reach = self.settings.beside_sentences
        out = set()
        for i in quoted:
            sentences = self.document.paragraphs[self.document.sentences[i].paragraph].sentences
            at = sentences.index(i)
            out.update(sentences[max(0, at - reach):at + reach + 1])
        return frozenset(out - set(quoted))

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

    def _with_output(self, paragraphs: tuple[int, ...]) -> tuple[int, ...]:
        """Cited paragraphs, the lines of code, output or tables printed right after them on the same page (the fit a
        command made is in what it printed), and the prose paragraph after such a block, which reads it ("the model
        formula ... specifies ..."). A line with no sentence's end (a table's heading set as prose) is of the block."""
        out = list(paragraphs)
        document = self.document
        for p in paragraphs:
            page = document.paragraphs[p].pages[-1]
            block = False
            for following in document.paragraphs[p + 1: p + 1 + self.settings.output_paragraphs]:
                if following.pages[0] != page:
                    break
                if following.kind == "prose" and self._ends_sentence(following):
                    if block:
                        out.append(following.index)
                    break
                block = True
                out.append(following.index)
        return tuple(dict.fromkeys(out))

    def _ends_sentence(self, paragraph) -> bool:
        """Whether a paragraph's text ends as a sentence does (a table's heading line set as prose does not)."""
        return bool(paragraph.sentences) and self.document.sentences[paragraph.sentences[-1]].text.rstrip()[-1:] in ".:?!"

    def _titled_sections(self, terms: set[str]) -> dict[str, float]:
        """Sections by the share of their title the question names ("in the CAPM example", "the discrete time
        approximation example"), rare title words weighing more; a share under ``settings.title_share`` counts nothing
        (one common word, "research", names no section)."""
        scores = {}
        for section in self.document.sections:
            if section.kind not in ("section", "subsection"):
                continue
            title = set(analyze(section.title))
            named = title & terms
            total = sum(self._title_idf.get(t, 0.0) for t in title)
            share = sum(self._title_idf.get(t, 0.0) for t in named) / total if total else 0.0
            if share >= self.settings.title_share:
                scores[section.key] = share
        return scores

    def _cells(self, intent: Intent) -> dict[int, NamedRow]:
        """Rows whose label the question names (a line of figures under a line of names: whose names it names),
        each with whether it also names the row's column heading or group label, and how much of the rest of the
        question names where the row was printed (see :class:`NamedRow`)."""
        terms = ((set(intent.terms) - glued_digits(intent.text)) | numerals(intent.text) | ordinal_numbers(intent.text)
                 | acronyms(self._row_names, intent.text) | identifiers(intent.text))
        idf, unknown = self.lexicon.idf, max(self.lexicon.idf.values(), default=1.0)

        def weight(ts) -> float:
            return sum(idf.get(t, unknown) for t in ts)

        out: dict[int, NamedRow] = {}
        alike: dict[tuple[frozenset[str], int], list[int]] = {}
        for i, named in self._row_terms.items():
            if self.rows[i].names and intent.wh != "how_many":
                continue  # a line of "name = value" figures ("Convergence code = 0") answers a figure question only
            heading = named_terms(named.heading, terms)
            if self.rows[i].label:
                label = named_terms(named.label, terms)
                if not label:
                    continue
            elif heading:  # a line of figures under a line of names
                label = heading
            else:
                continue
            rest = terms - label
            around = heading | (named_terms(named.printed, rest) if rest else frozenset())
            out[i] = NamedRow(heading=bool(heading),  # (for a line of figures under names: its names)
                              block=weight(around & rest) / weight(rest) if rest else 0.0)
            alike.setdefault((label, -1), []).append(i)  # rows named by the same terms, anywhere
            if self.rows[i].header is not None:
                alike.setdefault((label, self.rows[i].header), []).append(i)  # ... and under one heading
        for (_, heading), rows in alike.items():  # the one whose printout (or group) the question names best leads
            if heading >= 0 and len(rows) < 2:
                continue  # alone under its heading: no group of its table to tell apart
            blocks = sorted((out[i].block for i in rows), reverse=True)
            for i in rows:
                runner_up = (blocks[1] if len(blocks) > 1 else 0.0) if out[i].block == blocks[0] else out[i].block
                out[i] = dataclasses.replace(out[i], lead=max(out[i].lead, out[i].block - runner_up))
        return out

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
        start = sentence.start
        if trim and (m := _LEAD_IN.match(sentence.text)):
            start += m.end()
        end = end or sentence.end
        chunk = self._chunk_of.get(sentence.index)
        return Citation(n=n, page=sentence.page, pages=sentence.pages, section=sentence.section,
                        section_label=self.document.section_label(sentence.section),
                        quote=self.document.text[start:end], start=start, end=end,
                        chunk_id=chunk.id if chunk else "", score=score)


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


def _within(key: str, scope: str) -> bool:
    """Is section ``key`` the section ``scope`` or one of its subsections?"""
    return key == scope or key.startswith(scope + ".")


def _ancestry(key: str) -> tuple[str, ...]:
    """``"3.7.2"`` -> ``("3.7.2", "3.7", "3")``: a section key and the keys of the sections it is in."""
    parts = key.split(".")
    return tuple(".".join(parts[:n]) for n in range(len(parts), 0, -1))

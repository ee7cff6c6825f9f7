"""Hits -> an extractive Answer: sentences scored by meaning, exact terms and question type, then shaped."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping

import numpy as np

from ..config import AnswerSettings
from ..language import Lexicon
from ..lexical import analyze, change_terms, is_stopword, near_miss
from ..question import Intent, clauses
from ..retrieve import Retriever
from ..types import Answer, Citation, Document, Hit
from . import evidence
from .cells import Row, abbreviated, acronyms
from .estimates import asked_readout, asked_roles, compute_readout, figure_role, names_row
from .extremes import average_answer, extreme_answer, stated_extreme
from .grounding import missing_names
from .lexicon import SentenceLexicon
from .listing import counts_alike, enumeration_answer, find_enumeration, names_kind, ordinal_item
from .rank import first_grounded, rank_sentences, scoped_section, settled_rows
from .shapes import (abbreviation_answer, item_answer, list_section, passage_answer, reference_answer,
                     section_list_answer)
from .summary import summary_answer, summary_target
from .view import PaperView, cite, paper_view, within


class Composer:
    """Builds answers for one document from one retriever: the question-time entry points over a :class:`PaperView`
    (built once) and the answer shapes' functions."""

    def __init__(self, document: Document, retriever: Retriever, settings: AnswerSettings = AnswerSettings(), *,
                 language: Lexicon | None = None) -> None:
        self.retriever = retriever
        self.view: PaperView = paper_view(document, chunks=retriever.chunks, sentence_vectors=retriever.sentence_vectors(),
                                          language=language if language is not None else retriever.lexicon,
                                          settings=settings)

    @property
    def document(self) -> Document:
        """The paper."""
        return self.view.document

    @property
    def settings(self) -> AnswerSettings:
        """How answers are scored and shaped."""
        return self.view.settings

    @property
    def language(self) -> Lexicon:
        """The paper's view of the language (synonyms, antonyms, abbreviations, spelling)."""
        return self.view.language

    @property
    def lexicon(self) -> SentenceLexicon:
        """The paper's terms by sentence, its vocabulary and the years it gives figures for."""
        return self.view.lexicon

    @property
    def rows(self) -> Mapping[int, Row]:
        """Table and output rows by sentence index."""
        return self.view.rows

    @property
    def sentence_vectors(self) -> np.ndarray:
        """Every sentence's embedding, one row per sentence index (read-only)."""
        return self.view.sentence_vectors

    # -- entry point ---------------------------------------------------------------------------------------------
    def compose(self, question: str, intent: Intent, *, k: int = 5, anchors: tuple[int, ...] = (),
                quoted: tuple[int, ...] = (), stated: frozenset[int] = frozenset()) -> Answer:
        """Answer ``intent`` (already resolved against the conversation); ``question`` is what the user typed;
        ``anchors`` are the paragraphs the previous answer cited, favoured when this turn is a follow-up, and
        ``quoted`` the sentences it quoted (what is next to them is favoured, they themselves not asked again);
        ``stated`` are start offsets of sentences the facts table says state the figure asked for."""
        if intent.kind == "summary":
            target = summary_target(self.view, intent, self.retriever.encode)
            if target is not None:
                return summary_answer(self.view, question, intent, target)
        if (reference := reference_answer(self.view, question, intent)) is not None:
            return reference
        if len(clauses(intent.text)) == 1 and (defined := abbreviation_answer(self.view, question, intent)) is not None:
            return defined  # "what does HAC stand for": where the paper defines it (asked with another question,
            # the passage answers both: the sentence defining it, and the one the other asks for)
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
            # enumerates that kind, else the best passage (a section named only by a word of the question's context
            # lists its subsections, not "the options ... elements" its passage lists in bullets)
            section = list_section(self.view, intent, vector) if intent.kind == "list" else None
            if section is not None and names_kind(self.view, intent, section):
                return section_list_answer(self.view, question, intent, section, best)
            enumeration = find_enumeration(self.view, intent, ranked) if best >= self.settings.abstain_threshold else None
            if enumeration is not None:
                return enumeration_answer(self.view, question, intent, enumeration)
        leads = ranked[:self.settings.grounding_candidates]  # the Nth of the K things the question counts: from the
        leads = ([(i, x) for i, x in leads if counts_alike(self.view, intent, i)]  # sentence counting them, else the
                 + [(i, x) for i, x in leads if x >= best - self.settings.grounding_margin])  # best ones
        pointed = next((p for i, _ in leads if (p := ordinal_item(self.view, intent, i)) is not None), None)
        if pointed is not None:  # the Nth item of the enumeration around one of the best candidates
            ranked = [(pointed, best), *[(i, x) for i, x in ranked if i != pointed]]
        if not missing and ranked:
            settled = settled_rows(self.view, question, intent, anchors)
            ranked, missing = first_grounded(self.view, intent, ranked, sentence_dense, settled)
        if missing or best < self.settings.abstain_threshold:
            return self._abstain(question, intent, hits, missing)
        if (average := average_answer(self.view, question, intent, ranked)) is not None:
            return average  # "the average RMSE of Powell over n = 100, 400 and 1000": the cells named, averaged
        stated = stated_extreme(self.view, intent, ranked)  # "the worst of the lot is ...": the paper's verdict
        if stated is not None:
            ranked = [r for r in ranked if r[0] == stated] + [r for r in ranked if r[0] != stated]
        elif (extreme := extreme_answer(self.view, question, intent, ranked)) is not None:
            return extreme  # "which ... has the smallest RMSE": the cells of the table it names, compared
        return passage_answer(self.view, question, intent, ranked, known=frozenset(quoted))

    def compute_from_passages(self, question: str, intent: Intent, *, k: int = 5) -> Answer | None:
        """A ratio, share, sum or difference of two figures the question names in the best passages (table cells,
        output lines, prose numbers), or a read-out of one printed estimate (:mod:`.estimates`), computed and cited;
        None when the question asks no such thing or names no such figures."""
        readout = asked_readout(intent.text)  # "what percent reduction in the hazard does the coefficient imply"
        if not evidence.asks_arithmetic(intent.text) and readout is None:
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
        named = evidence.asked_table(self.view.captions, intent.text, intent.terms)
        if named is not None:  # "in Table 2", "with t3 errors and constant censoring": that table's figures
            inside = [figure for i in rows if self.view.table_of.get(i) == named
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
        heads = {self._printed_as(i)[::3] for i in added}  # the same printout by the other commands of its section
        added += [j for j in rows if j not in added and j not in chosen + siblings and self._printed_as(j)[::3] in heads]
        candidates += [figure for i in added for figure in evidence.figures(self.document, i, rows[i], rows)]
        if evidence.asks_true_value(intent.text):  # "the true value of delta": the coefficient its simulation set
            true = evidence.true_values(self.document, intent.text)
            if scoped is not None:
                true = [f for f in true if within(f.section, scoped)]
            variables = {next(iter(f.names - frozenset(analyze("true")))) for f in true}
            where = {f.section for f in true}  # the estimates of those variables, printed where the data were simulated
            estimates = [dataclasses.replace(figure, names=figure.names | {name}) for i in rows
                         if self.document.sentences[i].section in where
                         for figure, name in evidence.figures_of_variables(self.document, i, rows, variables)]
            named = [f for f in estimates if f.names & terms - variables]  # the column the question names
            base = frozenset().union(*(f.source for f in named))  # or a run named apart from that printout ("CUE")
            estimates = [f for f in estimates if f in named or (f.source - base) & terms] if named else estimates
            if true and estimates:
                candidates, terms = true + estimates, terms | variables
        def cite_at(i: int) -> Citation | None:
            return cite(self.view, 1, self.document.sentences[i], score=top)

        if readout is not None:  # one printed estimate (and its standard error), not a pair: among the rows the best
            held = {f.sentence for f in candidates}  # passages print and every row the question names by its label
            pool = candidates + [f for i, row in rows.items() if i not in held and row.label
                                 and names_row(row.label, terms, intent.text)
                                 for f in evidence.figures(self.document, i, row, rows)]
            comp = compute_readout(readout, pool, terms, intent.text, self.lexicon.idf, cite_at, self.view.intervals)
            if comp is not None or not evidence.asks_arithmetic(intent.text):
                return None if comp is None else evidence.answer(question, intent.text, comp)
        asked = asked_roles(intent.text)  # "the two standard errors": not the estimates printed beside them
        candidates = [f for f in candidates if not asked or figure_role(f) in asked | {""}]
        pair = evidence.fraction_pair(candidates, intent.text)
        if pair is None:
            pair = evidence.best_pair(candidates, terms, intent.text, self.lexicon.idf, unnamed=self.settings.pair_unnamed,
                                      unnamed_source=self.settings.pair_unnamed_source, context=self.settings.pair_context)
            if pair is not None and pair.score <= 0:
                return None  # what tells the two apart and the question does not name outweighs what it names
        if pair is None or not (pair.named or self._about_the_subject(pair, terms)):
            return None
        comp = evidence.compute(pair, intent.text, cite_at)
        return None if comp is None else evidence.answer(question, intent.text, comp)

    def _about_the_subject(self, pair: evidence.Pair, terms: frozenset[str]) -> bool:
        """Does each figure of a pair told apart only by where it was printed stand where the question's subject is
        named (its own sentence or the one before)? "the special investment in new drug creation from 2015 to
        2017" is no growth of two revenue growth rates that share only "increase" with it."""
        topic = {t for t in terms if t.isalpha() and not is_stopword(t)} - change_terms()
        if not topic:
            return True
        lexicon = self.lexicon.terms
        return all(topic & (f.names | f.context | lexicon[f.sentence] | (lexicon[f.sentence - 1] if f.sentence else
                                                                        frozenset())) for f in (pair.first, pair.second))

    def _printed_as(self, i: int) -> tuple[str, str, tuple[str, ...], str]:
        """What a row prints but its figures: its section, label, figures' own names and column heading."""
        row = self.rows[i]
        heading = "" if row.header is None else self.document.sentences[row.header].text.strip()
        return self.document.sentences[i].section, row.label, row.names, heading

    def item_passage(self, question: str, intent: Intent, key: str) -> Answer:
        """"Tell me more about the third one" after a list: the opening sentences of that item's section."""
        return item_answer(self.view, question, intent, key)

    def sentences_of(self, answer: Answer) -> tuple[int, ...]:
        """The sentences an answer cites (directly or through a computation's inputs)."""
        citations = [*answer.citations, *(op.citation for op in (answer.computation.inputs if answer.computation else ()) if op.citation)]
        sentences, starts = self.document.sentences, {c.start for c in citations}
        if self.view.sentence_starts is None:
            return tuple(sorted({s.index for s in sentences if any(s.start <= x < s.end + 1 for x in starts)}))
        found = set()
        for x in starts:  # sentences in order that never overlap: only the last two starting at or before x can hold it
            i = bisect.bisect_right(self.view.sentence_starts, x)
            found.update(s.index for s in sentences[max(0, i - 2):i] if s.start <= x < s.end + 1)
        return tuple(sorted(found))

    def paragraphs_holding(self, sentences: tuple[int, ...]) -> tuple[int, ...]:
        """The paragraphs of ``sentences`` (those :meth:`sentences_of` an answer gives)."""
        return tuple(sorted({self.document.sentences[i].paragraph for i in sentences}))

    def works_by(self, names: tuple[str, ...]) -> tuple[int, ...]:
        """The first sentences of the paper's reference entries written by the people ``names`` (surnames) name."""
        return self.view.entries.written_by(names)

    def sibling_labels(self) -> tuple[tuple[frozenset[str], ...], ...]:
        """Per printed table (rows under one header line), the terms that tell each row's label from the others'
        ("baseline" and "fit" of "baseline fit" beside "time dependent"; "3" of "tgroup=3")."""
        tables: dict[int, list[frozenset[str]]] = {}
        for i, row in self.rows.items():
            if row.header is not None and row.label:
                tables.setdefault(row.header, []).append(self.view.row_terms[i].label)
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
            related.append(cite(self.view, len(related) + 1, first, score=hit.score, end=self.document.sentences[hit.chunk.sentences[-1]].end))
        return Answer(question=question, text=text, abstained=True, related=tuple(related), kind="abstain",
                      resolved_question=intent.text)


"""List questions answered by the one sentence that enumerates the asked kind of thing.

"Which methods can be applied to a gmm object?" asks for a kind of thing ("methods", :attr:`Intent.asked`); a paper
often names its members inline, in one sentence whose frame names the kind ("The available methods are coef, vcov,
..."), in a paragraph whose earlier sentences name what the question is about ("The main function is gmm() which
creates an object of class gmm."). Such a sentence is sought among the paragraphs of the best candidates: its series
(:mod:`.series`) must be framed by the asked head noun (or a synonym the paper uses), and it is scored by how well
its paragraph, up to it, answers the question plus how much of the asked phrase its frame names.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from ..lexical import analyze, expand_query
from ..question import Intent
from ..types import Answer, Section, citation_mark
from .series import Series, find_series
from .state import ComposerState
from .text import display_quote

log = logging.getLogger(__name__)
_SENTENCE_END = (".", "!", "?", ":", ";")


@dataclass(frozen=True, kw_only=True)
class Enumeration:
    """The sentence that enumerates the asked kind (``sentences``: it and the lines it runs on into), its series, and
    the best sentence before it in its paragraph (``context``, which may be itself)."""

    sentences: tuple[int, ...]
    series: Series
    context: int
    score: float


class Listing(ComposerState):
    """Enumerating sentences for list questions (a Composer mixin)."""

    @cached_property
    def _paragraph_members(self) -> dict[int, tuple[int, ...]]:
        """The sentences of each logical paragraph (a paragraph and those that continue it past a formula), by the
        paragraph's first sentence."""
        out: dict[int, list[int]] = {}
        for j, start in enumerate(self._paragraph_start):
            out.setdefault(start, []).append(j)
        return {start: tuple(members) for start, members in out.items()}

    def _kind_terms(self, intent: Intent) -> tuple[frozenset[str], frozenset[str]]:
        """The stems of the asked phrase and those of its head noun, each with the synonyms the paper uses."""
        words = intent.asked.split()
        if not words:
            return frozenset(), frozenset()
        phrase = frozenset(analyze(expand_query(intent.asked, self.language)))
        head = frozenset(analyze(expand_query(words[-1], self.language)))
        return phrase, head

    def _names_kind(self, intent: Intent, section: Section) -> bool:
        """Whether a section's title names the kind the question asks for ("What weaknesses ..." and
        "Disadvantages"); a question that names no kind leaves it to the title match alone."""
        phrase, _ = self._kind_terms(intent)
        return not phrase or bool(phrase & set(analyze(section.title)))

    def _runs_on(self, i: int) -> tuple[int, ...]:
        """Sentence ``i`` and the lines it runs on into when it does not end as a sentence does: a layout split
        ("... are the Brownian motion with" / "drift (β = 0), the ..." / "root process (γ = 1/2).")."""
        sentences = self.document.sentences
        out = [i]
        while (len(out) <= self.settings.list_run_on and not sentences[out[-1]].text.rstrip().endswith(_SENTENCE_END)
               and out[-1] + 1 < len(sentences) and sentences[out[-1] + 1].section == sentences[i].section
               and sentences[out[-1] + 1].kind in ("prose", "formula")):
            out.append(out[-1] + 1)
        return tuple(out)

    def _enumeration(self, intent: Intent, ranked: list[tuple[int, float]]) -> Enumeration | None:
        """The best sentence that enumerates what the question asks for, near the best candidates, or None."""
        _, head = self._kind_terms(intent)
        if not head or not ranked:
            return None
        s = self.settings
        scores = dict(ranked)
        top = ranked[0][1]
        weight = sum(self.lexicon.idf.get(t, 0.0) for t in analyze(intent.asked)) or 1.0
        sentences = self.document.sentences
        groups = {self._paragraph_start[i] for i, score in ranked[:s.list_candidates] if score >= top - s.list_margin}
        best: Enumeration | None = None
        for start in sorted(groups):
            members = self._paragraph_members[start]
            for j in members:
                if sentences[j].kind != "prose":
                    continue
                run = self._runs_on(j)
                text = " ".join(sentences[k].text for k in run)
                series = find_series(text, min_items=s.series_min_items, max_words=s.series_item_words)
                if series is None:
                    continue
                frame = set(analyze(series.frame))
                if not set(analyze(series.lead)) & head:
                    continue  # a series, but not of the asked kind (the clause that introduces it does not name it)
                before = [k for k in members if k <= j and k in scores]
                if not before:
                    continue
                context = max(before, key=lambda k: scores[k])
                if scores[context] < top - s.list_margin:
                    continue
                named = sum(self.lexicon.idf.get(t, 0.0) for t in set(analyze(intent.asked)) & frame) / weight
                score = scores[context] + s.list_frame * named
                log.debug("enumeration %s context %s %.3f named %.2f -> %.3f", run, context, scores[context], named,
                          score)
                if best is None or score > best.score:
                    best = Enumeration(sentences=run, series=series, context=context, score=score)
        return best

    def _enumerated(self, question: str, intent: Intent, found: Enumeration) -> Answer:
        """The enumerating sentence, after the sentence that sets what it is about when that is another one."""
        sentences = self.document.sentences
        parts: list[tuple[int, int | None]] = []  # (first sentence, last sentence of a run-on quote)
        if found.context < found.sentences[0]:
            parts.append((found.context, None))
        parts.append((found.sentences[0], found.sentences[-1]))
        citations, texts = [], []
        for n, (first, last) in enumerate(parts, start=1):
            end = sentences[last].end if last is not None else None
            citation = self._cite(n, sentences[first], score=found.score, end=end)
            citations.append(citation)
            texts.append(f"{display_quote(' '.join(citation.quote.split()))} {citation_mark(n)}")
        text = " ".join(texts)
        return Answer(question=question, text=text, abstained=False, citations=tuple(citations), kind="list",
                      resolved_question=intent.text, items=found.series.items)

"""List questions answered by the one sentence that enumerates the asked kind of thing.

"Which methods can be applied to a gmm object?" asks for a kind of thing ("methods", :attr:`Intent.asked`); a paper
often names its members inline, in one sentence whose frame names the kind ("The available methods are coef, vcov,
..."), in a paragraph whose earlier sentences name what the question is about ("The main function is gmm() which
creates an object of class gmm."). Such a sentence is sought among the paragraphs of the best candidates: its series
(:mod:`.series`) must be framed by the asked head noun (or a synonym the paper uses), and it is scored by how well
its paragraph, up to it, answers the question plus how much of the asked phrase its frame names.

"What does the second principle say?" points into such an enumeration: :func:`ordinal_item` finds the sentence that
opens its Nth item.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from ..language import ORDINAL_WORDS as _ORDINAL_WORDS
from ..lexical import analyze, expand_query
from ..numbers import counts_a_noun, read_numbers
from ..question import Intent
from ..types import Answer, Section, citation_mark
from .citing import without_citations
from .grounding import new_names
from .series import Series, find_series
from .view import PaperView, cite
from .text import display_quote

log = logging.getLogger(__name__)
_SENTENCE_END = (".", "!", "?", ":", ";")
_ROMAN = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_ORDINAL_ASK = re.compile(r"\b(" + "|".join(_ORDINAL_WORDS[1:]) + r"|[2-9](?:nd|rd|th))\s+(?!authors?\b)[a-z]", re.I)


@dataclass(frozen=True, kw_only=True)
class Enumeration:
    """The sentence that enumerates the asked kind (``sentences``: it and the lines it runs on into), its series, and
    the best sentence before it in its paragraph (``context``, which may be itself)."""

    sentences: tuple[int, ...]
    series: Series
    context: int
    score: float


def kind_terms(view: PaperView, intent: Intent) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of the asked phrase and those of its head noun, each with the synonyms the paper uses."""
    words = intent.asked.split()
    if not words:
        return frozenset(), frozenset()
    phrase = frozenset(analyze(expand_query(intent.asked, view.language)))
    head = frozenset(analyze(expand_query(words[-1], view.language)))
    return phrase, head


def names_kind(view: PaperView, intent: Intent, section: Section) -> bool:
    """Whether a section's title names the kind the question asks for ("What weaknesses ..." and
    "Disadvantages"); a question that names no kind leaves it to the title match alone."""
    phrase, _ = kind_terms(view, intent)
    return not phrase or bool(phrase & set(analyze(section.title)))


def runs_on(view: PaperView, i: int) -> tuple[int, ...]:
    """Sentence ``i`` and the lines it runs on into when it does not end as a sentence does: a layout split
    ("... are the Brownian motion with" / "drift (β = 0), the ..." / "root process (γ = 1/2).")."""
    sentences = view.document.sentences
    out = [i]
    while (len(out) <= view.settings.list_run_on and not sentences[out[-1]].text.rstrip().endswith(_SENTENCE_END)
           and out[-1] + 1 < len(sentences) and sentences[out[-1] + 1].section == sentences[i].section
           and sentences[out[-1] + 1].kind in ("prose", "formula")):
        out.append(out[-1] + 1)
    return tuple(out)


def find_enumeration(view: PaperView, intent: Intent, ranked: list[tuple[int, float]]) -> Enumeration | None:
    """The best sentence that enumerates what the question asks for, near the best candidates, or None."""
    _, head = kind_terms(view, intent)
    if not head or not ranked:
        return None
    s = view.settings
    sentences = view.document.sentences
    scores = dict(ranked)
    top = ranked[0][1]
    weight = math.fsum(view.lexicon.idf.get(t, 0.0) for t in analyze(intent.asked)) or 1.0
    # a best sentence that holds items of its own (a series, or names) answers a list question as a passage does;
    # when it holds none it answers nothing, and a sentence anywhere that announces its items by the asked noun and a
    # colon ("... choose between five kernels: A, B, ...") answers when it is relevant at all, not only within a
    # margin of that best one
    opening = " ".join(sentences[k].text for k in runs_on(view, ranked[0][0]))
    itemless = (find_series(opening, min_items=s.series_min_items, max_words=s.series_item_words) is None
                and len(new_names(intent.text, without_citations(opening))) < 2)
    noun = frozenset(analyze(intent.asked.split()[-1]))
    groups = {view.paragraph_start[i] for i, score in ranked[:s.list_candidates] if score >= top - s.list_margin}
    if itemless:
        groups |= {view.paragraph_start[i] for t in noun for i in view.enumerated.get(t, ()) if i in scores}
    best: Enumeration | None = None
    for start in sorted(groups):
        members = view.paragraph_members[start]
        for j in members:
            if sentences[j].kind != "prose":
                continue
            run = runs_on(view, j)
            text = " ".join(sentences[k].text for k in run)
            series = find_series(text, min_items=s.series_min_items, max_words=s.series_item_words)
            if series is None:
                continue
            frame, lead = set(analyze(series.frame)), set(analyze(series.lead))
            if not lead & head:
                continue  # a series, but not of the asked kind (the clause that introduces it does not name it)
            before = [k for k in members if k <= j and k in scores]
            if not before:
                continue
            context = max(before, key=lambda k: scores[k])
            named = math.fsum(view.lexicon.idf.get(t, 0.0) for t in set(analyze(intent.asked)) & frame) / weight
            score = scores[context] + s.list_frame * named
            announced = series.lead.rstrip().endswith(":") and lead & noun  # "... five kernels: A, B, ..."
            if scores[context] < top - s.list_margin and not (itemless and announced
                                                              and scores[context] >= s.abstain_threshold):
                continue
            log.debug("enumeration %s context %s %.3f named %.2f -> %.3f", run, context, scores[context], named,
                      score)
            if best is None or score > best.score:
                best = Enumeration(sentences=run, series=series, context=context, score=score)
    return best


def enumeration_answer(view: PaperView, question: str, intent: Intent, found: Enumeration) -> Answer:
    """The enumerating sentence, after the sentence that sets what it is about when that is another one."""
    sentences = view.document.sentences
    parts: list[tuple[int, int | None]] = []  # (first sentence, last sentence of a run-on quote)
    if found.context < found.sentences[0]:
        parts.append((found.context, None))
    parts.append((found.sentences[0], found.sentences[-1]))
    citations, texts = [], []
    for n, (first, last) in enumerate(parts, start=1):
        end = sentences[last].end if last is not None else None
        citation = cite(view, n, sentences[first], score=found.score, end=end)
        citations.append(citation)
        texts.append(f"{display_quote(' '.join(citation.quote.split()))} {citation_mark(n)}")
    text = " ".join(texts)
    return Answer(question=question, text=text, abstained=False, citations=tuple(citations), kind="list",
                  resolved_question=intent.text, items=found.series.items)


def counted(text: str) -> frozenset[tuple[float, str]]:
    """What a text counts, as (how many, term) pairs: "the three over-identification tests" -> (3, "test"), (3,
    "overidentif"), ... (the terms of the few words after a number that counts a noun)."""
    out = set()
    for q in read_numbers(text):
        if q.number is not None and counts_a_noun(text, q):
            for word in text[q.end:].split()[:3]:
                out.update((q.number, t) for t in analyze(word))
    return frozenset(out)


def counts_alike(view: PaperView, intent: Intent, i: int) -> bool:
    """Sentence ``i`` counts what the question counts ("Smith proposes three tests" for "of the three tests ...,
    what is the second one?"): the enumeration the question points into starts there."""
    asked = counted(intent.text)
    return bool(asked) and bool(asked & counted(view.document.sentences[i].text))


def ordinal_item(view: PaperView, intent: Intent, best: int) -> int | None:
    """"what does the second principle say?": the sentence that opens the Nth item of the enumeration around
    the best sentence (a numbered item, or a sentence marked "Second," / "(2)" / "(ii)" / "the second ...")."""
    match = _ORDINAL_ASK.search(intent.text)
    if not match:
        return None
    word = match.group(1).lower()
    n = _ORDINAL_WORDS.index(word) + 1 if word in _ORDINAL_WORDS else int(re.match(r"\d+", word).group())
    marker = re.compile(rf"^(?:\(?{n}[).]\s|\(?{_ROMAN[n]}\)\s|{_ORDINAL_WORDS[n - 1]}(?:ly)?\b)|\bthe {_ORDINAL_WORDS[n - 1]}\b",
                        re.I)
    sentences, paragraphs = view.document.sentences, view.document.paragraphs
    top = sentences[best].section.split(".")[0]
    start = sentences[best].paragraph
    for paragraph in paragraphs[start:start + view.settings.max_items + 1]:
        if paragraph.section.split(".")[0] != top:
            break
        section = view.sections.get(paragraph.section)
        numbered = section is not None and section.kind == "item" and section.key.rsplit(".", 1)[-1] == str(n)
        for i in paragraph.sentences:
            if i >= best or paragraph.index > start:
                if (numbered and i == paragraph.sentences[0]) or marker.search(sentences[i].text):
                    return i
    return None

# -- scoring -------------------------------------------------------------------------------------------------

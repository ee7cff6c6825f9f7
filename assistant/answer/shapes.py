"""Answer shapes: a cited passage, a cited list of a section's items, a bibliography entry."""

from __future__ import annotations

import math
import re

import numpy as np

from ..lexical import analyze, data_phrases, is_stopword
from ..question import Intent, asks_yes_or_no, classify, clauses
from ..types import Answer, Section, citation_mark
from . import evidence
from .cells import stated_numerals
from .citing import asks_source
from .grounding import new_names
from .listing import runs_on
from .view import PaperView, cite, section_kind, within
from .text import (CAUSE_WORDS, HAS_DIGIT, NAME_ASKED, NAMING, POSES, QUOTED_TERM, capitalize_first, display_quote, page_range,
                   states_number)

_REFERENCE_ASK = re.compile(r"\bref(?:erence)?s?\.?\s*(?:no\.?\s*)?\[?(\d{1,3})\]?|(?<![\w\]])\[(\d{1,3})\](?!\s*\()", re.I)
_CONTINUES = re.compile(r"(?:She|He|They|It|This|These|Those|Its|Their|Her|His|Such|Thus|Therefore|Hence)\b")  # it refers back
_LINE_KINDS = frozenset({"code", "table"})
_DOCUMENT_NOUNS = frozenset(data_phrases("document-nouns.txt"))
_POINTS_BACK = re.compile(r"\b(?:this|these|those|such)\s+([a-z]+)", re.I)  # "... show that this difference explains"
_POINTED = re.compile(r"\b(?:this|that|these|those)\s+(\w+)", re.I)  # "... in that study" (with "that", unlike
# _POINTS_BACK: a compound question's second part points at the first's subject)
_DEFINITE = re.compile(r"(?:The|That)\s+([a-z]+)\b")  # "The region has ...": a sentence opening on a definite noun
_WHICH_KIND = re.compile(r"\W*which\s+((?:[a-z][\w-]*\s+){0,1}[a-z][\w-]*)\s+(?:does|do|did|is|was|are|were|has|have|had)\b",
                         re.I)
"""A question for a thing of a kind, by name: "which regional cluster does the paper describe as ..."."""
_LEAD_IN_END = re.compile(r"[:：]\s*$")
_BULLET = re.compile(r"^\s*(?:[•◦▪‣∙·*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s")  # an item's marker
_ABOUT = re.compile(r"\b(?:says?|said|tell (?:me|us) (?:more )?|talk|written|write|more) about\b", re.I)


def reference_answer(view: PaperView, question: str, intent: Intent) -> Answer | None:
    """"ref [2]", "reference 7": the bibliography entry itself."""
    match = _REFERENCE_ASK.search(intent.text)
    if not match:
        return None
    key = f"References.{match.group(1) or match.group(2)}"
    sentences = view.sentences_in.get(key)
    if not sentences:
        return None
    citation = cite(view, 1, view.document.sentences[sentences[0]], score=1.0)
    return Answer(question=question, text=f"Reference [{key.split('.')[-1]}]: {citation.quote} {citation_mark(1)}", abstained=False,
                  citations=(citation,), kind="passage", resolved_question=intent.text)

_ABBREVIATION_ASK = re.compile(
    r"\b(?:does|do|did) (?:the )?(?:abbreviation |acronym |term )?([A-Za-z][\w&-]{1,9}) stand for\b"
    r"|(?:\b(?:is|'s) (?:the )?(?:abbreviation |acronym )?|^\s*)([A-Za-z][\w&-]{1,9}) (?:short for|an abbreviation for"
    r"|stands for)\b"
    r"|\bwhat is the (?:full|long|expanded) (?:form|name) of (?:the )?([A-Za-z][\w&-]{1,9})\b", re.I)


def abbreviation_answer(view: PaperView, question: str, intent: Intent) -> Answer | None:
    """"What does HAC stand for?": the sentence where the paper defines the abbreviation ("... heteroskedasticity and
    auto-correlation consistent (HAC) matrix ..."); None when the paper defines no such abbreviation."""
    match = _ABBREVIATION_ASK.search(intent.text)
    if not match:
        return None
    short = next(g for g in match.groups() if g)
    long_form = view.language.abbreviations.get(short.lower())
    if long_form is None:
        return _spelled_answer(view, question, intent, short)
    defined = re.compile(rf"\(\s*{re.escape(short)}\s*\)", re.I)
    sentence = next((s for s in view.document.sentences if defined.search(s.text) and long_form in s.text), None)
    if sentence is None:
        return None
    citation = cite(view, 1, sentence, score=1.0)
    return Answer(question=question, text=f"{short} stands for “{long_form}”: {citation.quote} {citation_mark(1)}",
                  abstained=False, citations=(citation,), kind="passage", resolved_question=intent.text)


def _spelled_answer(view: PaperView, question: str, intent: Intent, short: str) -> Answer | None:
    """An abbreviation the paper uses without defining it, read as the one run of its words whose initials spell it
    ("GMLE": "... the Gaussian maximum likelihood estimator ..."), said to be a reading; None when there is none."""
    spelled = view.language.spelled.get(short.lower())
    if spelled is None:
        return None
    words = re.compile(r"\b" + r"[\s-]+".join(re.escape(w) for w in spelled.split()) + r"\b", re.I)
    found = next(((s, m) for s in view.document.sentences if s.kind == "prose" and (m := words.search(s.text))), None)
    if found is None:
        return None
    sentence, printed = found
    citation = cite(view, 1, sentence, score=1.0)
    return Answer(question=question, text=f"The paper does not define {short}; its letters spell “{printed.group()}”, "
                  f"which it names here: {citation.quote} {citation_mark(1)}", abstained=False, citations=(citation,),
                  kind="passage", resolved_question=intent.text)


# -- answer shapes -------------------------------------------------------------------------------------------
def passage_answer(view: PaperView, question: str, intent: Intent, ranked: list[tuple[int, float]],
                   known: frozenset[int] = frozenset()) -> Answer:
    """The best sentence and those that add to it; ``known`` are sentences the previous answer quoted: one of
    them as the best is the follow-up's premise, and the answer reads on after it."""
    best = ranked[0][1]
    if intent.wh == "why":  # a reason is given in prose, not in a line of output
        ranked = sorted(ranked, key=lambda r: view.document.sentences[r[0]].kind in _LINE_KINDS)
    chosen = [ranked[0][0]]
    first = view.document.sentences[chosen[0]]
    if first.kind in _LINE_KINDS:  # a line of printed output or a table row: its block reads on from it
        return _block_lines(view, question, intent, chosen[0], best)
    if (_ABOUT.search(intent.text) or _restates(view, intent, chosen[0]) or chosen[0] in known
            or POSES.search(first.text) or asks_yes_or_no(intent.text)):
        # "what does it say about brands?": the passage, not one sentence; a sentence the question restates as
        # its premise ("a subject has intervals (2,5), ...: how is ... classified?"), the last answer said
        # already ("did that solve everything?") or that raises the question itself ("The more important
        # question is why ..."), or that a yes-or-no question asks about ("is there a way to ...": the verdict
        # comes after what is asked about): the answer follows it
        paragraph = view.document.paragraphs[first.paragraph]
        chosen = [i for i in paragraph.sentences if i >= chosen[0]][: view.settings.max_sentences + 1]
        if chosen[0] in known and len(chosen) == 1:  # it ends its paragraph: the best one beside it is new
            chosen += [i for i, _ in ranked if i in paragraph.sentences and i not in known][:1]
    covered = set(view.lexicon.terms[ranked[0][0]])
    for i, score in ranked[1:8]:
        if len(chosen) >= view.settings.max_sentences or score < best - 0.12:
            break
        new_terms = (view.lexicon.terms[i] - covered) & set(intent.terms)
        adjacent = any(abs(i - j) == 1 for j in chosen)
        if new_terms or (adjacent and score >= best - 0.06):
            chosen.append(i)
            covered |= view.lexicon.terms[i]
    first = chosen[0]
    sentences = view.document.sentences
    paragraph = view.document.paragraphs[sentences[first].paragraph]
    kind = _WHICH_KIND.match(intent.text)
    if kind and first - 1 in paragraph.sentences and first - 1 not in chosen and _names_again(
            view, first, first - 1, frozenset(analyze(kind.group(1)))):
        chosen.append(first - 1)  # "which regional cluster has ...": "The region has ..." is named the sentence before
    elif intent.wh in ("where", "who") and not new_names(intent.text, sentences[first].text):
        named = next((i for i in paragraph.sentences if i > first and new_names(intent.text, sentences[i].text)),
                     None)  # "around which city ...": the sentence after it in the paragraph names it ("... around
        if named is not None and named not in chosen:  # Beijing.")
            chosen = [*chosen[:view.settings.max_sentences - 1], named]
    asks_why = intent.wh == "why" or any(classify(c).wh == "why" for c in clauses(intent.text)[1:])  # ("..., and why?")
    if asks_why and not any(CAUSE_WORDS.search(view.document.sentences[i].text) for i in chosen):
        # the sentence that states what is asked about, not why: the reason follows it in its paragraph
        paragraph = view.document.paragraphs[view.document.sentences[first].paragraph].sentences
        after = [i for i in paragraph if i > first][:view.settings.why_read_on]
        cause = next((i for i in after if CAUSE_WORDS.search(view.document.sentences[i].text)), None)
        reason = after[: after.index(cause) + 1] if cause is not None else after[:1]
        chosen = [*chosen[: max(1, view.settings.max_sentences - len(reason))], *reason]
    if NAME_ASKED.search(intent.text) and not any(NAMING.search(view.document.sentences[i].text)
                                                  or QUOTED_TERM.search(view.document.sentences[i].text) for i in chosen):
        # "what do the authors call ...": the sentence that describes it, then the one that names it ('this
        # difference ... presents a perfect "smile curve"')
        last = max(chosen)
        paragraph = view.document.paragraphs[view.document.sentences[last].paragraph].sentences
        named = next((i for i in paragraph if i > last and (NAMING.search(view.document.sentences[i].text) or (
            QUOTED_TERM.search(view.document.sentences[i].text) and _refers_back(view.document.sentences[i].text)))), None)
        if named is not None:
            chosen = [*chosen[:view.settings.max_sentences - 1], named]
    items = _items_after(view, first)
    if items and (_LEAD_IN_END.search(view.document.sentences[first].text) or _BULLET.match(
            view.document.sentences[items[0]].text) or _opens_items(view, first, items[0])):
        # "... the following principles:" -> the items (for a figure asked, those that state one)
        figures = [i for i in items if states_number(_BULLET.sub("", view.document.sentences[i].text))]
        chosen = sorted(set(chosen) | set(figures if intent.wh == "how_many" and figures else items))
    elif (first - 1 >= 0 and first - 1 not in chosen and _refers_back(view.document.sentences[first].text)
          and view.document.sentences[first - 1].paragraph == view.document.sentences[first].paragraph):
        chosen.append(first - 1)  # "This region has ...", "... show that this difference explains": the sentence
        # before names what it refers to
    follower = first + 1
    if (len(chosen) < view.settings.max_sentences and follower not in chosen and follower < len(view.document.sentences)
            and view.document.sentences[follower].paragraph == view.document.sentences[first].paragraph
            and _CONTINUES.match(view.document.sentences[follower].text)):
        chosen.append(follower)  # "She is ...", "This region ...": the next sentence goes on about the same thing
    chosen = _cover_clauses(view, intent, ranked, chosen)  # (after the read-ons, which trim to make room)
    for i in list(chosen):  # a header line of printed output ("## J-test P-value") brings the line it heads
        line, after = view.document.sentences[i], i + 1
        if (line.kind in _LINE_KINDS and not HAS_DIGIT.search(line.text) and after < len(view.document.sentences)
                and view.document.sentences[after].paragraph == line.paragraph and after not in chosen):
            chosen.append(after)
    chosen.sort()
    for a, b in zip(chosen, chosen[1:]):  # fill a one-sentence gap inside a paragraph so the answer reads on
        if b - a == 2 and view.document.sentences[a].paragraph == view.document.sentences[b].paragraph:
            chosen.append(a + 1)
    chosen.sort()
    notes = [j for i in chosen for key in view.document.sentences[i].notes for j in view.sentences_in.get(key, ())
             if (view.lexicon.terms[j] - view.lexicon.terms[i]) & set(intent.terms)]
    chosen += list(dict.fromkeys(notes))[:view.settings.max_sentences]  # a footnote of a quoted sentence that
    # says more of what is asked ("The first three have been proposed by ..."): quoted after it
    citations, parts = [], []
    scores = dict(ranked)
    covered: set[int] = set()
    for i in chosen:
        if i in covered:
            continue
        # a sentence the page layout split ("... the (infeasible) sample median, the" / "Kaplan-Meier ...") is
        # quoted on to its end
        run = runs_on(view, i) if view.document.sentences[i].kind == "prose" else (i,)
        covered.update(run)
        n = len(citations) + 1
        citation = cite(view, n, view.document.sentences[i], score=scores.get(i, best), trim=True,
                              end=view.document.sentences[run[-1]].end if len(run) > 1 else None)
        citations.append(citation)
        parts.append(f"{display_quote(' '.join(citation.quote.split()) if len(run) > 1 else citation.quote)} "
                     f"{citation_mark(n)}")
    if asks_source(intent.text) or intent.wh == "who":  # "which reference ...", "who proposed ...": the
        # works the quoted sentences cite, from the paper's reference list
        cited = view.entries.cited(" ".join(c.quote for c in citations))
        works = [i for i in cited if i not in covered][:view.settings.max_sentences]
        for i in works:
            citation = cite(view, len(citations) + 1, view.document.sentences[i], score=best)
            citations.append(citation)
            lead = ("Cited there:" if i == works[0] else "", cited[i])  # ("[6]"; an author-year mention names it)
            parts.append(" ".join(x for x in (*lead, display_quote(citation.quote), citation_mark(citation.n)) if x))
    return Answer(question=question, text=" ".join(parts), abstained=False, citations=tuple(citations),
                  kind="passage", resolved_question=intent.text)


def _cover_clauses(view: PaperView, intent: Intent, ranked: list[tuple[int, float]], chosen: list[int]) -> list[int]:
    """A compound question ("What is the MCSA and which outcomes were of interest?") gets, for each of its questions
    no chosen sentence speaks to, the best-ranked sentence of the same section that has the rarest term of that
    question no other of its questions has ("... are all of interest")."""
    verbs = view.language.verb_only | view.language.verb_leaning | view.language.common_verbs

    def pointed(match: re.Match) -> str:  # "... in that study": the study the other question names (not the verb
        return match.group(0) if set(analyze(match.group(1))) & verbs else ""  # of "the value that measures ...")

    parts = [frozenset(t for t in analyze(_POINTED.sub(pointed, c)) if not is_stopword(t)) for c in clauses(intent.text)]
    if len(parts) < 2:
        return chosen
    section = view.document.sentences[chosen[0]].section
    out = list(chosen)
    idf = view.lexicon.idf
    for k, part in enumerate(parts):
        own = part - frozenset().union(*(p for j, p in enumerate(parts) if j != k))
        own = {t for t in own if t in idf}  # (a word the paper never uses finds nothing)
        if not own:
            continue
        key = max(own, key=lambda t: idf[t])  # its rarest word says what it asks ("whose procedure does it implement")
        if any(key in view.lexicon.terms[i] for i in out):
            continue
        found = next((i for i, _ in ranked if i not in out and view.document.sentences[i].section == section
                      and key in view.lexicon.terms[i]), None)
        if found is not None:
            out.append(found)
            before = found - 1  # "Their procedure has been embodied ...": whose, the sentence before says
            if (before >= 0 and _refers_back(view.document.sentences[found].text) and before not in out
                    and view.document.sentences[before].paragraph == view.document.sentences[found].paragraph):
                out.append(before)
    return out


def _names_again(view: PaperView, i: int, before: int, kind: frozenset[str]) -> bool:
    """Sentence ``i`` opens on a definite noun of the ``kind`` asked that the sentence ``before`` it names ("The
    region has ..." after "... in the Pearl River Delta region ..."): which one it is, that sentence says."""
    match = _DEFINITE.match(view.document.sentences[i].text)
    terms = set(analyze(match.group(1))) if match else set()
    return bool(terms) and terms <= kind and terms <= view.lexicon.terms[before]


def _refers_back(text: str) -> bool:
    """The sentence opens on a pronoun ("This region has ...") or names a thing by "this" / "these" / "such" that is
    no part of the document ("... show that this difference explains"; not "this paper", "this section")."""
    return bool(_CONTINUES.match(text)) or any(
        m.group(1).lower() not in _DOCUMENT_NOUNS and not is_stopword(m.group(1))  # (not "this is", "such as")
        for m in _POINTS_BACK.finditer(text))


def _restates(view: PaperView, intent: Intent, i: int) -> bool:
    """Most of sentence ``i`` (by the rarity of its terms) is in the question: the question quotes it."""
    own = [t for t in view.lexicon.terms[i] if t in view.lexicon.idf]
    total = math.fsum(view.lexicon.idf[t] for t in own)
    asked = set(intent.terms)
    return bool(own) and math.fsum(view.lexicon.idf[t] for t in own if t in asked) >= view.settings.restated_share * total


def item_answer(view: PaperView, question: str, intent: Intent, key: str) -> Answer:
    """"Tell me more about the third one" after a list: the opening sentences of that item's section."""
    sentences = [s for s in view.document.sentences if within(s.section, key)]
    chosen = sentences[: view.settings.max_items]  # the item whole, as far as a list shows items
    citations = tuple(cite(view, n, s, score=1.0) for n, s in enumerate(chosen, 1))
    head = view.document.section_label(key)
    text = f"{head}: " + " ".join(f"{display_quote(c.quote)} {citation_mark(c.n)}" for c in citations)
    return Answer(question=question, text=text, abstained=False, citations=citations, kind="passage",
                  resolved_question=intent.text)


def _opens_items(view: PaperView, lead: int, after: int) -> bool:
    """Sentence ``lead`` ends its paragraph and ``after`` opens a numbered item of its section ("... according to
    the following principles." then "1) It is a typical ..."): the lead-in of those items."""
    sentences = view.document.sentences
    own, item = sentences[lead], sentences[after]
    return (view.document.paragraphs[own.paragraph].sentences[-1] == lead and section_kind(view, item.section) == "item"
            and item.section.startswith(own.section + ".") and view.document.paragraphs[item.paragraph].sentences[0] == after)


def _items_after(view: PaperView, lead: int) -> list[int]:
    """What a lead-in sentence ("according to the following principles:") introduces: the rest of its paragraph,
    then the first sentence of each following paragraph of the same section (or its sub-items), up to
    ``settings.max_items``."""
    sentences, paragraphs = view.document.sentences, view.document.paragraphs
    own = sentences[lead]
    top = own.section.split(".")[0]
    out = [i for i in paragraphs[own.paragraph].sentences if i > lead]
    for paragraph in paragraphs[own.paragraph + 1:]:
        if len(out) >= view.settings.max_items or not paragraph.sentences:
            break
        if paragraph.section.split(".")[0] != top:
            break
        opening = sentences[paragraph.sentences[0]].text
        if paragraph.kind != "prose" and not _BULLET.match(opening):
            break  # a formula, code or a figure's text after a colon introduces no items
        if out and _BULLET.match(sentences[out[-1]].text) and not _BULLET.match(opening):
            break  # the bulleted items are over
        out.append(paragraph.sentences[0])
    return out[: view.settings.max_items]


def _block_lines(view: PaperView, question: str, intent: Intent, best: int, score: float) -> Answer:
    """A code, output or table line with the lines after it in its block (a header line names what the next
    ones give), cited one line each."""
    paragraph = view.document.paragraphs[view.document.sentences[best].paragraph]
    lines = [i for i in paragraph.sentences if i >= best][: view.settings.block_lines]
    row = view.rows.get(best)
    if row is not None and row.label and row.header is not None and row.header < best:
        wrapped = [j for j in sorted(view.rows) if j > best and view.rows[j].header == row.header
                   and view.rows[j].label == row.label][:1]  # and its figures printed on when the output wrapped
        lines = [row.header, best, *wrapped]  # the row the question names by its label, under its column headings
        # ("steroids -0.7726 ... -1.648", then "steroids 0.099310": the p column of a line too wide for the page)
    elif row is not None and row.header is not None and row.header < best and row.header not in lines:
        lines = [row.header, *lines]  # a line of figures (and those after it) under the names of its columns
    elif paragraph.kind == "table" and paragraph.index > 0:
        above = view.document.paragraphs[paragraph.index - 1]
        head = above.sentences[0] if len(above.sentences) == 1 else None
        if head is not None and not HAS_DIGIT.search(view.document.sentences[head].text):
            lines = [head, *lines]  # the column headings printed above the rows
    citations = tuple(cite(view, n, view.document.sentences[i], score=score) for n, i in enumerate(lines, 1))
    text = "\n".join(f"{c.quote} {citation_mark(c.n)}" for c in citations)
    if row is not None and lines[:2] == [row.header, best]:
        cell = _named_cell(view, intent, best)
        text = f"{cell}\n{text}" if cell else text
    return Answer(question=question, text=text, abstained=False, citations=citations, kind="passage",
                  resolved_question=intent.text)


def _named_cell(view: PaperView, intent: Intent, best: int) -> str:
    """"Powell for n = 1000: 2.001 [2]" when the question names one column of the row, else ""."""
    terms = set(intent.terms) | stated_numerals(intent.text)
    cells = [f for f in evidence.figures(view.document, best, view.rows[best])]
    column_terms = [f.names - view.row_terms[best].label for f in cells]
    named = [f for f, names in zip(cells, column_terms) if names & terms]
    if len(cells) != len(view.rows[best].values):
        return ""
    if len(named) > 1:  # "coef", "exp(coef)" and "se(coef)" all name "coef": the heading typed whole, the longest
        columns = evidence.aligned_columns(view.document, view.rows[best])  # ("the hazard ratio (exp(coef))")
        typed = sorted(((len(c), f) for f, c in zip(cells, columns) if c and c.lower() in intent.text.lower()),
                       key=lambda item: -item[0])
        named = [typed[0][1]] if typed and (len(typed) == 1 or typed[0][0] > typed[1][0]) else named
    if len(named) != 1:
        return ""
    return f"{named[0].label}: {named[0].printed} {citation_mark(2)}"


def section_list_answer(view: PaperView, question: str, intent: Intent, section: Section, score: float) -> Answer:
    """The items or subsections of ``section``, one numbered line each: its title and opening sentence, cited."""
    items = [s for s in view.children.get(section.key, []) if s.kind in ("item", "subsection")]
    lines, citations, titles, keys = [], [], [], []
    for n, item in enumerate(items, start=1):
        first = next((s for s in view.document.sentences if s.section == item.key or s.section.startswith(item.key + ".")), None)
        if first is None:
            continue
        citation = cite(view, n, first, score=score)
        citations.append(citation)
        title = item.title if not item.title.endswith("…") else capitalize_first(citation.quote)
        titles.append(title)
        keys.append(item.key)
        summary = "" if title == capitalize_first(citation.quote) else f": {citation.quote}"
        lines.append(f"{n}. {title}{summary} {citation_mark(n)}")
    head = f"The paper lists {len(lines)} in {view.document.section_label(section.key)} (p. {page_range(section.pages)}):"
    return Answer(question=question, text=head + "\n" + "\n".join(lines), abstained=False,
                  citations=tuple(citations), kind="list", resolved_question=intent.text, items=tuple(titles),
                  item_sections=tuple(keys))


def list_section(view: PaperView, intent: Intent, vector: np.ndarray) -> Section | None:
    """The section whose title the question names and that has at least two items or subsections.

    Title words are weighted by how rare they are among all section titles, so that words every title shares
    ("industry") do not decide; the best sentence inside the section breaks ties by meaning."""
    best, best_score = None, 0.0
    for section in view.document.sections:
        items = [s for s in view.children.get(section.key, []) if s.kind in ("item", "subsection")]
        if len(items) < 2:
            continue
        title_terms = set(analyze(section.title))
        top = max((view.title_idf.get(t, 0.0) for t in title_terms), default=0.0)
        if not any(view.title_idf.get(t, 0.0) == top for t in title_terms & set(intent.terms)):
            continue  # the question must name the title's most distinctive word
        weight = math.fsum(view.title_idf.get(t, 0.0) for t in title_terms) or 1.0
        coverage = math.fsum(view.title_idf.get(t, 0.0) for t in title_terms & set(intent.terms)) / weight
        body = [i for i, s in enumerate(view.document.sentences) if s.section.startswith(section.key)]
        semantic = float(np.max(view.sentence_vectors[body] @ vector[0])) if body else 0.0
        score = coverage + 0.3 * semantic
        if score > best_score:
            best, best_score = section, score
    return best if best is not None and best_score >= 0.5 else None

"""Candidate sentences for a question, scored by meaning, exact terms and question type; then the first of them
that meets the question's constraints (:mod:`.grounding`) moved to the front."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np

from ..lexical import analyze, data_pattern, expand_query
from ..question import Intent, asks_yes_or_no, years_in
from ..types import Hit
from ..language import ordinal_numbers, ordinal_value, ranking_ends
from . import evidence
from .cells import NamedRow, acronyms, commands, glued_digits, identifiers, named_terms, stated_numerals
from .grounding import VERSION, VERSION_ASKED, capitalized_names, context_terms, ungrounded, unsupported
from .listing import kind_terms
from .text import CAUSE_WORDS, HAS_DIGIT, NAME_ASKED, NAMED_DIGITS, NAMING, POSES
from .view import PaperView, functions_named, mentions_objects, objects_named, printing_names, section_kind, within

_CHART_REF = re.compile(r"\bfig(?:ure)?s?\.?\s*\d+", re.IGNORECASE)
"""A pointer to a chart ("Figure 3", "Fig. 7"): its number is no figure the chart's data would state."""
_POINTER = re.compile(r"(,\s*as )?\b(?:is|are) shown in Fig\.? ?\d+\.?$")
"""A sentence that points at a chart: "<what> is shown in Fig. 5" (nothing else), or a statement that ends ", as is
shown in Fig. 7" (group 1), which says something but leaves its figures to the chart."""
_WHEN_WORDS = re.compile(r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_SECTION_NAMED = re.compile(r"\b(?:in|per|from|according to) the (intro(?:duction)?|abstract|conclusions?|acknowledge?ments?|references)\b|\bsection\s+\(?([IVX]+|\d+(?:\.\d+)*)\b", re.I)
_DEFINITION = re.compile(r"^\W*([A-Za-z][\w.\- ]{0,28}?)\s*:\s+\S")  # "• data2: the source ...", "Bias: mean ..."
_NAMED_ANSWER = frozenset({"where", "who"})  # questions a name answers
_HOW_TO = re.compile(r"\bhow (?:do|can|would|should) (?:i|we|you|one)\b|\b(?:a|any) way to\b", re.I)
"""A question asking how to do something with the software ("is there a way to pull ..."): code may answer it."""
_FIGURE_WORDS = re.compile(r"\b(fig|figure|chart|graph|caption|source|sources)\b", re.I)


def _asked_ends(text: str) -> list[tuple[str, bool | None]]:
    """The words of ``text`` that ask for a place in a ranking: the ends (:func:`ranking_ends`, with whether each is
    the upper one) and ordinals ("the second largest", "the first"), which only their own word answers (None)."""
    return ranking_ends(text) + [(w, None) for w in re.findall(r"\w+", text.lower()) if ordinal_value(w) is not None]


def _extreme_match(asked: list[tuple[str, bool | None]], text: str) -> int:
    """1 when the sentence has a word of the place asked (the same word, or one of the same end of a ranking:
    "highest growth" is the "fastest growth", "did worst" the "slowest"), -1 when it has only the other end's,
    else 0."""
    found = _asked_ends(text)
    words = {w for w, _ in found}
    ends = {upper for _, upper in found if upper is not None}
    if any(w in words or (upper is not None and upper in ends) for w, upper in asked):
        return 1
    if any(upper is not None and (not upper) in ends for w, upper in asked):
        return -1
    return 0


def rank_sentences(view: PaperView, intent: Intent, hits: list[Hit], dense: np.ndarray, anchors: tuple[int, ...] = (),
                   stated: frozenset[int] = frozenset(), quoted: tuple[int, ...] = ()) -> list[tuple[int, float]]:
    """Candidate sentences (those of the retrieved chunks, those stating the asked figure, and in a follow-up
    those of the sections the previous answer cited), best first; weights in ``settings.weights``."""
    w = view.settings.weights
    names = [t for t in (analyze(n) for n in capitalized_names(intent.text)) if t]
    scoped = scoped_section(view, intent.text)
    anchor_sections = {view.document.paragraphs[p].section for p in anchors}
    anchors = with_output(view, anchors)
    beside = _beside(view, quoted)
    prior = {}
    for hit in hits:
        for i in hit.chunk.sentences:
            prior.setdefault(i, w.chunk_prior / hit.rank)
    if len(dense):  # the sentences closest in meaning compete even when their chunks ranked lower
        for i in np.argsort(-dense)[:view.settings.meaning_candidates]:
            prior.setdefault(int(i), 0.0)
    for sentence in view.document.sentences:
        if sentence.start in stated or sentence.section in anchor_sections:
            prior.setdefault(sentence.index, 0.0)  # competes even if its chunk was not retrieved
    question_terms = set(intent.terms)
    cells = named_rows(view, intent)
    # a row's label is matched by the numbers the question states or counts ("the third epoch": tgroup=3), not by
    # the digit of a name ("vfit2")
    glued = glued_digits(intent.text)

    def row_words(terms: tuple[str, ...], text: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys([t for t in terms if t not in glued] + sorted(ordinal_numbers(text))))

    row_terms, row_focus = row_words(intent.terms, intent.text), row_words(intent.focus, " ".join(intent.focus))
    for i in cells:
        prior.setdefault(i, 0.0)  # a row the question names by label and heading, wherever its chunk ranked
    if intent.kind == "list":  # "which kernels ...": a sentence listing items it introduces as kernels competes
        for t in kind_terms(view, intent)[1]:
            for i in view.enumerated.get(t, ()):
                prior.setdefault(i, 0.0)
    table = evidence.asked_table(view.captions, intent.text, intent.terms)
    if table is not None:  # "in Table 3", or the table its caption describes: its caption and rows compete
        # wherever their chunks ranked (no table for "Table 7" of a paper without one)
        for i, number in view.table_of.items():
            if number == table:
                prior.setdefault(i, 0.0)
    lexicon = view.language
    directional = {t for t in question_terms if lexicon.opposites([t])}
    opposite = lexicon.opposites(list(directional)) - question_terms
    extremes = _asked_ends(intent.text)
    graded = {b for e, _ in extremes for t in analyze(e) if (b := lexicon.positive(t)) != t}  # "lowest": "low
    # value-added in the middle" says where it is lowest
    titled = _titled_sections(view, question_terms)
    figure_words = bool(_FIGURE_WORDS.search(intent.text))
    figure_asked = intent.wh == "how_many" or bool(intent.years)  # ("what was the investment in 2017")
    name_asked = bool(NAME_ASKED.search(intent.text))
    version_asked = bool(VERSION_ASKED.search(intent.text))
    code_asked = _asks_code(view, intent.text)
    typed_terms = question_terms | identifiers(intent.text)  # (and the names it types whole: "data2")
    yes_no = asks_yes_or_no(intent.text)
    objects = objects_named(view, intent.text)  # "in the newcgd fit": what is said of (or printed by) that object
    asked = analyze(intent.asked) if len(analyze(intent.asked)) >= 2 else []  # (one word is the kind alone)
    scored = []
    for i, chunk_prior in prior.items():
        sentence = view.document.sentences[i]
        # earlier sentences of the paragraph often name the subject this one gives the figure for
        notes = tuple(j for key in sentence.notes for j in view.sentences_in.get(key, ()))  # what its marks
        terms = row_terms if i in cells else intent.terms
        lexical = view.lexicon.overlap(terms, i, also=notes)  # refer to says more of it
        if view.paragraph_start[i] < i:
            lexical = ((1 - w.paragraph_share) * lexical
                       + w.paragraph_share * view.lexicon.overlap(terms, i, view.paragraph_start[i]))
        meaning = float(dense[i])
        if i in cells:  # a row's figures mean little alone: its heading and the lines above say what they are
            meaning = max(meaning, *(float(dense[j]) for j in view.row_context[i]))
        score = meaning + w.lexical * lexical + chunk_prior
        if intent.focus:  # the user's own words in a follow-up weigh more than the topic carried over
            score += w.focus * view.lexicon.overlap(row_focus if i in cells else intent.focus, i,
                                                    view.paragraph_start[i])
        if names and all(set(n) & context_terms(view, i) for n in names):
            score += w.names
        about_objects = bool(objects) and mentions_objects(view, i, objects)
        if about_objects:
            score += w.names
        if sentence.paragraph in anchors:
            score += w.anchor_paragraph
        elif sentence.section in anchor_sections:
            score += w.anchor_section
        if i in beside:
            score += w.anchor_beside
        if sentence.start in stated and (about_objects or not objects):  # (the asked figure, but of another object
            score += w.stated  # than the one the question names: "a hazard ratio of 1.9" is not the newcgd fit's)
        if intent.wh == "when" and _WHEN_WORDS.search(sentence.text):
            score += w.when
        if intent.wh == "why" and CAUSE_WORDS.search(sentence.text):
            score += w.cause
        if name_asked and NAMING.search(sentence.text):
            score += w.naming
        if intent.wh != "how_many" and sentence.kind == "prose" and _defines_named(sentence.text, typed_terms):
            # "what does data2 hold": "• data2: the source for new information", an entry of a list of definitions
            score += w.asked_phrase
        if yes_no and POSES.search(sentence.text):  # "do I need to ...?": "One common question ... is whether we
            score += w.asked_phrase  # need to ...": the paper raises the question, and answers it next
        if asked and _says_phrase(tuple(analyze(sentence.text)), asked):
            score += w.asked_phrase  # "which five kernels": "... between five kernels: Truncated, ..."
        if intent.wh in _NAMED_ANSWER and any(not set(analyze(n)) & question_terms for n in capitalized_names(sentence.text)):
            score += w.new_name  # "which city ...": a sentence naming a place (person) the question does not
        if scoped and within(sentence.section, scoped):
            score += w.scoped
        if table is not None and i in view.table_of:  # the table the question names, not another one
            score += w.scoped if view.table_of[i] == table else -w.scoped
        if titled:  # "in the CAPM example": the section whose title the question names
            score += w.title * max((titled.get(key, 0.0) for key in _ancestry(sentence.section)), default=0.0)
        if sentence.section == "Index Terms" or section_kind(view, sentence.section) == "keywords":
            score -= w.keywords
        if version_asked:  # "which version ...": a sentence that gives one ("1.4-0")
            score += w.figure if VERSION.search(sentence.text) else -w.figure
        if intent.wh == "how_many":
            if HAS_DIGIT.search(NAMED_DIGITS.sub("", _CHART_REF.sub("", sentence.text))):  # (a table's number leads
                # to its figures; a name's digits, "ARMA(2,2)", are none)
                score += w.figure
            elif not figure_words and _CHART_REF.match(sentence.text.lstrip()):
                score -= w.chart  # "Figure 3: Scatterplots of ...", "Figure 3 presents ...": of a chart, no figure
            else:
                score -= w.figure
        if intent.years:
            found = set(years_in(sentence.text))
            score += w.year if found & set(intent.years) else (-w.other_year if found else 0.0)
        if sentence.section.startswith(("References", "Footnote")) and intent.wh not in ("who", "when"):
            score -= w.back_matter
        pointer = _POINTER.search(sentence.text)
        if (".Fig" in sentence.section or (pointer and (not pointer.group(1) or figure_asked))) and not figure_words:
            score -= w.chart  # a caption or "<what> is shown in Fig. 5" names a chart but states none of its data;
            # a statement that ends ", as is shown in Fig. 7" says what rose, but gives no figure of it
        if opposite and view.lexicon.terms[i] & opposite and not view.lexicon.terms[i] & directional:
            score -= view.settings.direction_penalty  # it states the opposite direction of the one asked
        if i in cells:
            # a follow-up's conversation has set the block (the one the last answer cited): its words do not
            # choose another among rows labelled alike
            block = float(sentence.paragraph in anchors) if anchors else cells[i].lead
            score += w.cell_row + (w.cell_column if cells[i].heading else 0.0) + w.cell_block * block
        if extremes:
            match = _extreme_match(extremes, sentence.text) or int(bool(graded & view.lexicon.terms[i]))
            score += w.extreme if match > 0 else -w.opposite_extreme if match < 0 else -w.other_extreme
        if not code_asked and _introduces_code(view, i):
            score -= w.code_lead_in  # "We conclude this example by estimating ... from the data set Finance": it says
            # what the code after it does, not what the question asks about it
        scored.append((i, score))
    scored = _reprints_share(view, intent, scored)
    scored.sort(key=lambda item: -item[1])
    return scored


def _reprints_share(view: PaperView, intent: Intent, scored: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Output lines printed more than once alike in one section ("## Test E(g)=0: 2.61527 0.10584" by
    ``summary(res)`` and again by ``specTest(res)``) are one piece of evidence: the best score of their copies goes to
    the copy whose commands name a word of the question ("the summary reports"), else to the first printing; the
    others keep the least. (Alike lines of two sections are two examples' results, told apart by where they are.)"""
    copies: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for i, score in scored:
        if i in view.rows:
            sentence = view.document.sentences[i]
            copies.setdefault((sentence.section, sentence.text.strip()), []).append((i, score))
    terms = set(intent.terms)

    def named(i: int) -> bool:  # its commands name a word of the question
        return any(terms & set(analyze(view.document.sentences[j].text)) for j in commands(view.document, i, view.rows))

    moved = {}
    for group in copies.values():
        if len(group) < 2:
            continue
        chosen = min(group, key=lambda item: (not named(item[0]), item[0]))[0]
        best, least = max(s for _, s in group), min(s for _, s in group)
        moved.update({i: best if i == chosen else least for i, _ in group})
    return [(i, moved.get(i, score)) for i, score in scored]


def _defines_named(text: str, asked: set[str] | frozenset[str]) -> bool:
    """Whether ``text`` is an entry of a list of definitions whose head the question names whole ("• data2: the source
    for new information" for "what does the data2 argument hold?")."""
    match = _DEFINITION.match(text)
    if match is None:
        return False
    head = set(analyze(match.group(1))) | identifiers(match.group(1))
    return bool(head) and head <= asked


def _says_phrase(terms: tuple[str, ...], phrase: list[str]) -> bool:
    """Whether the analyzed ``phrase`` occurs in ``terms`` word after word."""
    n = len(phrase)
    return any(list(terms[k:k + n]) == phrase for k in range(len(terms) - n + 1))


def _asks_code(view: PaperView, text: str) -> bool:
    """Whether a question names the paper's code: a call, field or assignment typed as printed, or a name its code
    calls that is spelled as code ("linearHypothesis", "cox.zph"); or asks how to do something ("is there a way to")."""
    if "(" in text or "$" in text or "<-" in text or _HOW_TO.search(text):
        return True
    return any(re.search(r"[a-z][A-Z]|[._]", w) for w in functions_named(view, text))  # (a plain name, "gmm",
    # names the package too)


def _introduces_code(view: PaperView, i: int) -> bool:
    """Prose sentence ``i`` ends its paragraph and a block of code follows it: it says what the code does."""
    document = view.document
    sentence = document.sentences[i]
    paragraph = document.paragraphs[sentence.paragraph]
    if sentence.kind != "prose" or paragraph.sentences[-1] != i or sentence.paragraph + 1 >= len(document.paragraphs):
        return False
    return document.paragraphs[sentence.paragraph + 1].kind == "code"


def named_rows(view: PaperView, intent: Intent) -> dict[int, NamedRow]:
    """Rows whose label the question names (a line of figures under a line of names: whose names it names),
    each with whether it also names the row's column heading or group label, and how much of the rest of the
    question names where the row was printed (see :class:`NamedRow`)."""
    terms = ((set(intent.terms) - glued_digits(intent.text)) | stated_numerals(intent.text) | ordinal_numbers(intent.text)
             | acronyms(view.row_names, intent.text) | identifiers(intent.text))
    idf, unknown = view.lexicon.idf, max(view.lexicon.idf.values(), default=1.0)

    def weight(ts) -> float:
        return math.fsum(idf.get(t, unknown) for t in ts)

    out: dict[int, NamedRow] = {}
    alike: dict[tuple[frozenset[str], int], list[int]] = {}
    for i, named in view.row_terms.items():
        if view.rows[i].names and intent.wh != "how_many":
            continue  # a line of "name = value" figures ("Convergence code = 0") answers a figure question only
        heading = named_terms(named.heading, terms)
        if view.rows[i].label:
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
        if view.rows[i].header is not None:
            alike.setdefault((label, view.rows[i].header), []).append(i)  # ... and under one heading
    objects = objects_named(view, intent.text)  # "vfit2": a fit the code makes, named as the code names it
    for (_, heading), rows in alike.items():  # the one whose printout (or group) the question names best leads
        if heading >= 0 and len(rows) < 2:
            continue  # alone under its heading: no group of its table to tell apart
        if heading < 0 and all(view.rows[i].label for i in rows):  # in the paper, the rows one printout labels alike
            printouts: dict[tuple, float] = {}  # count once: that printout leads the others by its best block
            keys = {i: (view.rows[i].header, commands(view.document, i, view.rows)) for i in rows}
            for i in rows:
                printouts[keys[i]] = max(printouts.get(keys[i], 0.0), out[i].block)
            for i in rows:
                key = keys[i]
                others = max((b for k, b in printouts.items() if k != key), default=0.0)
                if out[i].block == printouts[key]:
                    out[i] = dataclasses.replace(out[i], lead=max(out[i].lead, out[i].block - others))
            continue
        blocks = sorted((out[i].block for i in rows), reverse=True)  # (under one heading, a tie tells no group
        for i in rows:  # apart; nor do the lines of one listing, named by their heading)
            runner_up = (blocks[1] if len(blocks) > 1 else 0.0) if out[i].block == blocks[0] else out[i].block
            out[i] = dataclasses.replace(out[i], lead=max(out[i].lead, out[i].block - runner_up))
    kin: dict[frozenset[str], list[int]] = {}  # rows named alike but for a number ("tgroup=1", "tgroup=2")
    for (label, heading), rows in alike.items():
        if heading < 0 and objects:
            kin.setdefault(frozenset(t for t in label if not t[:1].isdigit()), []).extend(rows)
    for rows in kin.values():
        printed_by = [i for i in rows if objects & printing_names(view, i)]
        if printed_by and len(printed_by) < len(rows):  # the rows that object printed lead those of other objects,
            for i in printed_by:  # each as much: the rest of the question tells them apart
                out[i] = dataclasses.replace(out[i], lead=1.0)
    return out


def _titled_sections(view: PaperView, terms: set[str]) -> dict[str, float]:
    """Sections by the share of their title the question names ("in the CAPM example", "the discrete time
    approximation example"), rare title words weighing more; a share under ``settings.title_share`` counts nothing
    (one common word, "research", names no section)."""
    scores = {}
    for section in view.document.sections:
        if section.kind not in ("section", "subsection"):
            continue
        title = set(analyze(section.title))
        named = title & terms
        total = math.fsum(view.title_idf.get(t, 0.0) for t in title)
        share = math.fsum(view.title_idf.get(t, 0.0) for t in named) / total if total else 0.0
        if share >= view.settings.title_share:
            scores[section.key] = share
    return scores


def scoped_section(view: PaperView, text: str) -> str | None:
    """The section a question points into ("per the intro", "in section IV"), if any."""
    match = _SECTION_NAMED.search(text)
    if not match:
        return None
    if match.group(2):  # "section IV", "section 3.9", "section (3.4)"
        return match.group(2).upper() if match.group(2).upper() in view.sections else None
    word = set(analyze(expand_query(match.group(1), view.language)))
    return next((s.key for s in view.document.sections if s.level == 1 and set(analyze(s.title)) & word), None)


def _beside(view: PaperView, quoted: tuple[int, ...]) -> frozenset[int]:
    """The sentences next to the quoted ones (``settings.beside_sentences`` either way) in their paragraph, not
    quoted themselves: what the previous answer stopped short of ("did that solve everything?", "and the rest?")."""
    reach = view.settings.beside_sentences
    out = set()
    for i in quoted:
        sentences = view.document.paragraphs[view.document.sentences[i].paragraph].sentences
        at = sentences.index(i)
        out.update(sentences[max(0, at - reach):at + reach + 1])
    return frozenset(out - set(quoted))


def with_output(view: PaperView, paragraphs: tuple[int, ...]) -> tuple[int, ...]:
    """Cited paragraphs, the lines of code, output or tables printed right after them on the same page (the fit a
    command made is in what it printed), and the prose paragraph after such a block, which reads it ("the model
    formula ... specifies ..."). A line with no sentence's end (a table's heading set as prose) is of the block."""
    out = list(paragraphs)
    document = view.document
    for p in paragraphs:
        page = document.paragraphs[p].pages[-1]
        block = False
        for following in document.paragraphs[p + 1: p + 1 + view.settings.output_paragraphs]:
            if following.pages[0] != page:
                break
            if following.kind == "prose" and _ends_sentence(view, following):
                if block:
                    out.append(following.index)
                break
            block = True
            out.append(following.index)
    return tuple(dict.fromkeys(out))


def _ends_sentence(view: PaperView, paragraph) -> bool:
    """Whether a paragraph's text ends as a sentence does (a table's heading line set as prose does not)."""
    return bool(paragraph.sentences) and view.document.sentences[paragraph.sentences[-1]].text.rstrip()[-1:] in ".:?!"


def settled_rows(view: PaperView, question: str, intent: Intent, anchors: tuple[int, ...]) -> frozenset[int]:
    """Rows of the printed block the previous answer cited whose label the follow-up's own words name ("and once
    they were time dependent?" for the row "time dependent"): the conversation has set what the block is about,
    so the row needs no more of the question's words around it."""
    if not anchors or not intent.focus:
        return frozenset()
    own = set(intent.focus) | stated_numerals(question) | ordinal_numbers(question)
    return frozenset(i for p in with_output(view, anchors) for i in view.document.paragraphs[p].sentences
                     if i in view.rows and view.row_terms[i].label & own)


def first_grounded(view: PaperView, intent: Intent, ranked: list[tuple[int, float]], dense: np.ndarray,
                   settled: frozenset[int] = frozenset()) -> tuple[list[tuple[int, float]], list[str]]:
    """The best-ranked sentence that meets the question's constraints (a figure when one is asked, the names and
    year it asks about), moved to the front; a failed constraint means the next candidate within
    ``settings.grounding_margin`` of the best, and only when none passes, the first one's reasons to abstain."""
    top = ranked[0][1]
    ranked, rows = _with_tables(view, ranked, named_rows(view, intent))
    first_reasons: list[str] = []
    lead = view.document.sentences[ranked[0][0]].paragraph if ranked else -1
    margin = view.settings.grounding_margin
    for position, (i, score) in enumerate(ranked[:view.settings.grounding_candidates + rows]):
        line = view.document.sentences[i]
        if score < top - margin - view.settings.figure_margin:
            break
        # a figure asked: a sentence of the best one's paragraph that states one may be a little further down ("we
        # report a small simulation experiment", then "we take C as exponential with rate 0.25"); not another passage
        near = intent.wh == "how_many" and line.paragraph == lead and HAS_DIGIT.search(line.text)
        if score < top - margin and not near:
            continue
        if line.kind == "table" and not HAS_DIGIT.search(line.text) and len(line.text.split()) <= 3:
            continue  # a table's group label ("Peng-Huang Q") heads rows; it answers nothing itself
        reasons = unsupported(view, intent, i, dense) or ([] if i in settled else ungrounded(view, intent, i))
        if not reasons:
            if intent.wh == "how_many" and not HAS_DIGIT.search(line.text):  # a figure asked ("what value of
                figure = _figure_beside(view, intent, ranked, position, top, dense, settled)  # gamma ..."): one
                position = figure if figure is not None else position  # that states one, if it stands as close
            return [ranked[position], *ranked[:position], *ranked[position + 1:]], []
        first_reasons = first_reasons or reasons
    return ranked, first_reasons


def _figure_beside(view: PaperView, intent: Intent, ranked: list[tuple[int, float]], after: int, top: float,
                   dense: np.ndarray, settled: frozenset[int]) -> int | None:
    """The position of the first candidate after ``after``, within the grounding margin, that states a figure and
    meets the question's constraints; None when there is none."""
    for position in range(after + 1, min(len(ranked), view.settings.grounding_candidates)):
        i, score = ranked[position]
        if score < top - view.settings.grounding_margin:
            break
        if HAS_DIGIT.search(view.document.sentences[i].text) and not (
                unsupported(view, intent, i, dense) or ([] if i in settled else ungrounded(view, intent, i))):
            return position
    return None


def _with_tables(view: PaperView, ranked: list[tuple[int, float]],
                 named: dict[int, NamedRow] | None = None) -> tuple[list[tuple[int, float]], int]:
    """A table's caption names what its rows hold but not their figures: the rows of the table next to a
    caption among the best candidates join the candidates right after it, at its score. Returns the candidates
    and how many rows joined."""
    sentences, paragraphs = view.document.sentences, view.document.paragraphs
    out: list[tuple[int, float]] = []
    placed: set[int] = set()
    joined = 0
    own = dict(ranked)  # a row's own score orders the rows named alike
    for i, score in ranked:
        if i in placed:
            continue
        out.append((i, score))
        placed.add(i)
        if len(out) > view.settings.grounding_candidates or sentences[i].kind != "caption":
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


def _ancestry(key: str) -> tuple[str, ...]:
    """``"3.7.2"`` -> ``("3.7.2", "3.7", "3")``: a section key and the keys of the sections it is in."""
    parts = key.split(".")
    return tuple(".".join(parts[:n]) for n in range(len(parts), 0, -1))

"""Extractive summaries of the paper, a section or a page: key sentences, cited, one line each."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import numpy as np

from ..language.lexicon import known_stems
from ..lexical import analyze, data_phrases, expand_query
from ..question import Intent
from ..types import Answer, Section, citation_mark
from .view import CODE_NAME, PaperView, cite, within
from .text import display_quote, page_range

_TITLED = ("section", "subsection", "item", "abstract", "acknowledgment")
_REQUEST_WORDS = frozenset(analyze("summary summarize overview outline main key points section subsection part paper "
                                   "briefly about"))
_COMMAND_CALL = re.compile(r"^\s*(?:[>+]\s*)?(?:[A-Za-z][\w.$\[\]\"']*\s*(?:<-|=(?!=))\s*)?([A-Za-z][\w.]*)\s*\(")
"""The outermost call of a command: "coxph" of "> fit <- coxph(Surv(time, status) ~ x)" or of "coxph(...)"."""
_OUTPUT = re.compile(r"^\s*(?:##|\[\d+\])")  # a line of printed output ("## ...", "[1] ...")
_KEYWORDS = frozenset(data_phrases("code-keywords.txt"))
_NAMED_CALL = re.compile(r"(?<![\w.$])([A-Za-z][\w.]*[A-Za-z\d]?)\(\)")  # "the function gel()" names it
_AIM = re.compile(r"\b(?:this|the present|our) (?:paper|study|article|research)\b|\bwe (?:study|propose|analy[sz]e|find|show)", re.I)


def summary_target(view: PaperView, intent: Intent, encode: Callable[[str], np.ndarray]) -> tuple[str, str] | None:
    """("page", "95"), ("section", "V.B") or ("paper", "") for a summary request; ``encode`` embeds the request
    (called only when section titles tie on the words named)."""
    text = intent.text
    if m := re.search(r"\bpage\s+(\d{1,4})\b", text, re.I):
        return ("page", m.group(1))
    if m := re.search(r"\b(?:section|part|chapter|sec\.|§)\s*([IVX]+|\d+(?:\.\d+)*)(?:\.?([A-H]))?\b", text, re.I):
        number, letter = m.group(1).upper(), (m.group(2) or "").upper()
        # the paper's own numbering first ("3.3", "V.B"), then the other style ("section 5" of a Roman-numbered paper)
        other = (_roman(int(number)) if number.isdigit() else
                 str(_arabic(number)) if re.fullmatch(r"[IVX]+", number) else number)
        keys = [number, other]
        keys = [f"{k}.{letter}" if letter else k for k in keys]
        key = next((k for k in keys if k in view.sections), keys[0])
        # "the advantages subsection of section V": a part of the numbered section named by its title
        inside = [s for s in view.document.sections if s.key.startswith(key + ".") and s.kind in _TITLED]
        rest = _request_words(view, text.replace(m.group(), " "))
        named = [s for s in inside if _title_named(view, s, rest) > _title_named(view, view.sections.get(key), rest)]
        return ("section", min(named, key=lambda s: s.level).key if named else key)  # (the section itself when
        # the rest of the request names its own title as well: "what Section 4 shows about <its title>")
    titled = [s for s in view.document.sections if s.kind in _TITLED]
    words = _request_words(view, text)
    named = [s for s in titled if set(analyze(s.title)) & words]
    if not named:
        return ("paper", "")
    # the title the request names most of (its words weighed by how few titles share them: "Conclusion" named
    # whole outranks "GMM and the sandwich package" named by two words every title of the paper has); between
    # equals, the section whose text is closest in meaning to the request
    vector = encode(text)[0]
    def closeness(section: Section) -> float:
        ids = [i for i, x in enumerate(view.document.sentences) if x.section == section.key or x.section.startswith(section.key + ".")]
        return float(np.max(view.sentence_vectors[ids] @ vector)) if ids else 0.0
    own = set(analyze(text))  # the user's own words, in any form ("concludes": Conclusion), outrank their synonyms
    derived = view.language.derived_forms(own) - own - _REQUEST_WORDS
    if verbal := [s for s in named if set(analyze(s.title)) <= derived]:  # a verb that names a title whole ("what
        return ("section", min(verbal, key=lambda s: s.level).key)  # does it conclude about X") asks what that
        # section says (of X), whatever else X's words name
    own = (own | view.language.derived_forms(own)) - _REQUEST_WORDS  # ("part" is a "role")
    rarity = view.title_idf
    best = max(named, key=lambda s: (round(_title_named(view, s, own), 6),
                                     round(sum(rarity.get(t, 0.0) for t in set(analyze(s.title)) & own), 6),
                                     round(_title_named(view, s, words), 6), closeness(s)))
    return ("section", best.key)


def _title_named(view: PaperView, section: Section | None, words: set[str]) -> float:
    """The share of a section's title that ``words`` name, each title word weighed by its rarity among the
    paper's titles (:attr:`PaperView.title_idf`)."""
    if section is None:
        return 0.0
    title = set(analyze(section.title))
    total = math.fsum(view.title_idf.get(t, 0.0) for t in title)
    return math.fsum(view.title_idf.get(t, 0.0) for t in title & words) / total if total else 0.0


def _request_words(view: PaperView, text: str) -> set[str]:
    """The words of a summary request that may name a section: its terms less the words of asking for one."""
    words = set(analyze(expand_query(text, view.language)))
    return (words | view.language.derived_forms(words)) - _REQUEST_WORDS  # "what it concludes": the Conclusion


def summary_answer(view: PaperView, question: str, intent: Intent, target: tuple[str, str]) -> Answer:
    """The key sentences of the page, section or paper ``target`` (:func:`summary_target`) names, one cited line
    each, by section; abstains on a page or section the paper does not have."""
    kind, value = target
    if kind == "page":
        page = int(value)
        groups: dict[str, list[int]] = {}
        for s in view.document.sentences:
            if s.page == page:
                groups.setdefault(s.section, []).append(s.index)
        if not groups:
            pages = view.document.pages
            return Answer(question=question, abstained=True, kind="summary", resolved_question=intent.text,
                          text=f"The paper does not have a page {page}: it runs from page {pages[0]} to {pages[-1]}.")
        units = [(view.document.section_label(key), ids, key) for key, ids in groups.items()]
        head = f"Page {page} covers:"
    elif kind == "section":
        try:
            section = view.document.section(value)
        except KeyError:
            keys = ", ".join(s.key for s in view.document.sections if s.kind == "section")
            return Answer(question=question, abstained=True, kind="summary", resolved_question=intent.text,
                          text=f"The paper has no section {value}; its sections are {keys}.")
        children = [c for c in view.children.get(section.key, []) if c.kind != "figure"]
        grandchildren = [g for c in children for g in view.children.get(c.key, []) if g.kind != "figure"]
        if grandchildren and len(grandchildren) <= 10:
            children = [g for c in children for g in (view.children.get(c.key) or [c]) if g.kind != "figure"]
        own = [s.index for s in view.document.sentences if s.section == section.key]
        units = [(f"{section.title} (introduction)", own, section.key)] if own and children else []
        units += [(c.label, _sentences_under(view, c.key), c.key) for c in children]
        if not children:
            units = [("", own, section.key)]
        head = f"Summary of {view.document.section_label(section.key)} (p. {page_range(section.pages)}):"
    else:
        tops = [s for s in view.document.sections if s.kind == "section"]
        units = [(s.label, _sentences_under(view, s.key), s.key) for s in tops]
        aims = [x.index for x in view.document.sentences if x.section == "Abstract" and _AIM.search(x.text)]
        if aims:  # what the authors say the paper does opens the overview
            units = [("In brief", aims[:3], "Abstract"), *units]
        meta = view.document.meta
        head = f"{meta.title} ({', '.join(meta.authors)}, {meta.year}), section by section:"
    lines, citations, items, sections = [], [], [], []
    for label, ids, key in units:
        ids = [i for i in ids if ".Fig" not in view.document.sentences[i].section] or ids
        ids = [i for i in ids if view.document.sentences[i].kind == "prose"] or ids  # not code, tables, formulas
        whole = label == "In brief"
        for i in (ids if whole else _key_sentences(view, ids, per_paragraph=kind == "page" or len(units) <= 2)):
            citation = cite(view, len(citations) + 1, view.document.sentences[i], score=1.0, trim=True)
            citations.append(citation)
            prefix = f"{label}: " if label else ""
            lines.append(f"- {prefix}{display_quote(citation.quote)} {citation_mark(citation.n)}")
            items.append(label or display_quote(citation.quote))
            sections.append(key)
    if kind == "section":  # a section of code: the functions it shows, each cited where it is first called
        calls = section_calls(view, value)
        if calls:
            cited = [cite(view, len(citations) + n, view.document.sentences[i], score=1.0) for n, (_, i) in enumerate(calls, 1)]
            citations += cited
            lines.append("- Code it runs: " + ", ".join(f"{name}() {citation_mark(c.n)}" for (name, _), c in zip(calls, cited)))
    return Answer(question=question, text=head + "\n" + "\n".join(lines), abstained=False, citations=tuple(citations),
                  kind="summary", resolved_question=intent.text,
                  items=tuple(items), item_sections=tuple(sections))  # each bullet an item a follow-up may name


def section_calls(view: PaperView, key: str, *, most: int = 6) -> list[tuple[str, int]]:
    """The functions the commands of section ``key`` (and its subsections) run that belong to it: the outermost call
    of each command line ("survSplit" of "> pbc3 <- survSplit(Surv(...) ~ ., ...)"), at least half of whose commands in
    the paper are there, that its prose names, and that are no English words ("tmerge", "survSplit"; not ``summary``
    or ``list``); each with the line that first runs it, in order, at most ``most``. Printed output runs nothing."""
    inside: dict[str, list[int]] = {}
    everywhere: dict[str, int] = {}
    for sentence in view.document.sentences:
        if sentence.kind != "code" or _OUTPUT.match(sentence.text):
            continue
        match = _COMMAND_CALL.match(sentence.text)
        if match is None or match.group(1) in _KEYWORDS:
            continue
        name = match.group(1)
        everywhere[name] = everywhere.get(name, 0) + 1
        if within(sentence.section, key):
            inside.setdefault(name, []).append(sentence.index)
    prose = [x.text for x in view.document.sentences if x.kind == "prose"]
    named = {w for text in prose for w in CODE_NAME.findall(text)}
    called = {w for text in prose for w in _NAMED_CALL.findall(text)}  # "gel()": a word, but named as a function
    own = [(name, lines[0]) for name, lines in inside.items() if 2 * len(lines) >= everywhere[name]
           and (name in called or name in named and not set(analyze(name)) <= known_stems())]  # what the prose talks
    return sorted(own, key=lambda item: item[1])[:most]  # about by name, not a word of it ("summary", "list")


def _sentences_under(view: PaperView, key: str) -> list[int]:
    return [x.index for x in view.document.sentences if within(x.section, key)]


def _key_sentences(view: PaperView, ids: list[int], *, per_paragraph: bool) -> list[int]:
    """One central sentence for the unit, or one per paragraph (at most 8) when the unit is summarized alone;
    sentences that state figures are preferred, since readers of an analysis come for its numbers."""
    if not per_paragraph:
        return _central(view.sentence_vectors, ids, 1, _numeric_bonus(view, ids))  # (one: nothing to repeat)
    by_paragraph: dict[int, list[int]] = {}
    for i in ids:
        by_paragraph.setdefault(view.document.sentences[i].paragraph, []).append(i)
    groups = sorted(by_paragraph.values(), key=len, reverse=True)[:8]
    picks = [i for g in groups for i in _central(view.sentence_vectors, g, max(1, (len(g) + 1) // 3), _numeric_bonus(view, g),
                                                 novelty=view.settings.summary_novelty)]
    return sorted(picks)[:12]


def _numeric_bonus(view: PaperView, ids: list[int]) -> np.ndarray:
    """A sentence stating figures, or what the paper itself sets out to do ("this paper analyzes ..."), is
    preferred."""
    texts = [view.document.sentences[i].text for i in ids]
    return np.array([(0.25 if re.search(r"\d[\d,.]*\s*(?:%|billion|trillion|million)|\d,\d{3}", t) else 0.0)
                     + (0.25 if _AIM.search(t) else 0.0) for t in texts])


def _central(vectors: np.ndarray, ids: list[int], n: int, bonus: np.ndarray | None = None,
             novelty: float = 0.0) -> list[int]:
    """``n`` sentences of ``ids`` that are central (close to their centroid, plus ``bonus``) and, by maximal marginal
    relevance, say something the ones already picked do not: each pick's closeness to the nearest earlier pick costs
    ``novelty`` times itself. In reading order."""
    if len(ids) <= n:
        return sorted(ids)
    block = vectors[ids]
    centroid = block.mean(axis=0)
    lead = np.zeros(len(ids)) if bonus is None else bonus.copy()
    lead[0] += 0.1  # academic paragraphs tend to open with their topic sentence
    relevance = block @ centroid + lead
    picked: list[int] = []
    nearest = np.full(len(ids), -np.inf)
    for _ in range(n):
        score = relevance - novelty * np.maximum(nearest, 0.0) if picked else relevance.copy()
        score[picked] = -np.inf
        best = int(np.argmax(score))
        picked.append(best)
        nearest = np.maximum(nearest, block @ block[best])
    return sorted(ids[i] for i in picked)


def _arabic(roman: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in zip(roman, roman[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total


def _roman(n: int) -> str:
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, symbol in table:
        while n >= value:
            out, n = out + symbol, n - value
    return out


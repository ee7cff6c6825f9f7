"""Hits -> an extractive Answer: the paper's own sentences, each with a citation; lists, summaries, abstention."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .config import AnswerSettings
from .lexical import analyze, expand_query, near_miss
from .question import Intent, years_in
from .retrieve import Retriever
from .types import Answer, Citation, Document, Hit, Section, Sentence

_LEAD_IN = re.compile(
    r"^(?:As (?:is )?shown in Fig\. \d+, |At the same time, |Meanwhile, |Furthermore, |Moreover, |In addition, |"
    r"Therefore, |Thus, |Besides, |On the other hand, |On the one hand, |Especially |Generally, |Firstly, |Then, )"
)
_NUMBER = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|half|double[ds]?)\b", re.I)
_CAPITALIZED = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-zA-Z]{2,}(?:\s+[A-Z][a-zA-Z]+)*)")
_COMMON_CAPS = frozenset("""What Which Who When Where Why How Does Did Is Are Was Were Can Could Would Should Tell Give List
Summarize Summarise Show Name Explain Describe And Also The This That These Those Please Paper Section Page Figure Fig
In On At Of For From To By With About Between During Since Until Over Under According Compare I II III IV V VI""".split())
_PARTIAL_YEARS = "It gives no figures for {years}; the years it does give run from {low} to {high}."
_POINTER = re.compile(r"\b(?:is|are) shown in Fig\.? ?\d+\.?$")
_REF_MARK = re.compile(r" ?\[\d+(?:[,–-]\s*\d+)*\](?=[.,;]?$)")
_REFERENCE_ASK = re.compile(r"\bref(?:erence)?s?\.?\s*(?:no\.?\s*)?\[?(\d{1,3})\]?|(?<![\w\]])\[(\d{1,3})\](?!\s*\()", re.I)
_REF_MARK_ANY = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]")
_HOW_MANY_OBJECT = re.compile(
    r"\bhow many\s+(?!(?:more|fewer|less|times|percent|pp|points?|per|of|from|in|for|did|do|does|were|was|are|is)\b)"
    r"([a-z-]+(?:\s+(?!(?:did|do|does|were|was|are|is|have|has|had|in|of|for|from|there)\b)[a-z-]+)?)", re.I)
_WHEN_WORDS = re.compile(r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_SECTION_NAMED = re.compile(r"\b(?:in|per|from|according to) the (intro(?:duction)?|abstract|conclusions?|acknowledge?ments?|references)\b|\bsection\s+([IVX]+)\b", re.I)
_CURRENCIES = re.compile(r"\b(dollars?|usd|euros?|eur|yen|pounds? sterling|rupees?|won|rubles?|francs?)\b")
_AIM = re.compile(r"\b(?:this|the present|our) (?:paper|study|article|research)\b|\bwe (?:study|propose|analy[sz]e|find|show)", re.I)
_CONTINUES = re.compile(r"(?:She|He|They|It|This|These|Those|Its|Their|Her|His|The region|This region|Such)\b")
_STOPS = r"(?!(?:of|in|and|for|on|about|to|with|at|from|by|take|view|views|opinion|idea|ideas|stance|position|argument|point|definition|role)\b)"
_POSSESSIVE = re.compile(r"\b([A-Z][\w-]+)['’]s\s+((?:" + _STOPS + r"[a-z-]+\s+){0,1}" + _STOPS + r"[a-z-]+)")
_ABOUT = re.compile(r"\b(?:says?|said|tell (?:me|us) (?:more )?|talk|written|write|more) about\b", re.I)
_KNOWN_ACRONYMS = frozenset("cagr gdp yoy r&d cpi pp ip usd rmb eps roe roi ceo".split())
_EXTREME = re.compile(r"\b(fastest|slowest|highest|lowest|largest|smallest|biggest|most|least|first|last|second)\b")
_FIGURE_WORDS = re.compile(r"\b(fig|figure|chart|graph|caption|source|sources)\b", re.I)


@dataclass(frozen=True)
class SentenceLexicon:
    """Per-sentence term sets and term IDF over the paper's sentences (built once per document)."""

    terms: tuple[frozenset[str], ...]
    idf: dict[str, float]
    vocabulary: frozenset[str]
    years: frozenset[int]

    @classmethod
    def build(cls, document: Document) -> SentenceLexicon:
        terms = tuple(frozenset(analyze(s.text)) for s in document.sentences)
        df = Counter(t for ts in terms for t in ts)
        n = len(terms)
        idf = {t: math.log(1 + n / c) for t, c in df.items()}
        body = [s for s in document.sentences if s.section != "Footnote" and not s.section.startswith(("References", "Biographies"))]
        # years of data: those in sentences that also state another number (not "Porter (1990)")
        years = frozenset(y for s in body for y in years_in(s.text) if re.search(r"\d", re.sub(r"\b(1[89]|20)\d\d\b", "", s.text)))
        return cls(terms=terms, idf=idf, vocabulary=frozenset(df), years=years)

    def overlap(self, query_terms: tuple[str, ...], index: int, context_from: int | None = None) -> float:
        """IDF-weighted share of the query's known terms found in sentence ``index`` (with sentences
        ``context_from..index`` when given)."""
        known = [t for t in query_terms if t in self.idf]
        if not known:
            return 0.0
        terms = self.terms[index]
        if context_from is not None:
            terms = frozenset().union(*self.terms[context_from:index + 1])
        return sum(self.idf[t] for t in known if t in terms) / sum(self.idf[t] for t in known)


class Composer:
    """Builds answers for one document from one retriever."""

    def __init__(self, document: Document, retriever: Retriever, settings: AnswerSettings = AnswerSettings()) -> None:
        self.document = document
        self.retriever = retriever
        self.settings = settings
        self.lexicon = SentenceLexicon.build(document)
        n = retriever.index.sentences.ntotal
        self.sentence_vectors = retriever.index.sentences.reconstruct_n(0, n) if n else np.zeros((0, 1), np.float32)
        self._chunk_of = {i: chunk for chunk in retriever.index.chunks for i in chunk.sentences}
        self._paragraph_start = [document.paragraphs[s.paragraph].sentences[0] for s in document.sentences]
        titles = [frozenset(analyze(sec.title)) for sec in document.sections]
        self._title_idf = {t: math.log(1 + len(titles) / sum(t in ts for ts in titles)) for ts in titles for t in ts}
        idfs = sorted(self.lexicon.idf.values())
        self._rare_idf = idfs[int(len(idfs) * 0.5)] if idfs else 0.0  # terms rarer than the median term
        self._sections = {section.key: section for section in document.sections}
        self._children: dict[str | None, list[Section]] = {}
        for section in document.sections:
            self._children.setdefault(section.parent, []).append(section)

    # -- entry point ---------------------------------------------------------------------------------------------
    def compose(self, question: str, intent: Intent, *, k: int = 5, anchors: tuple[int, ...] = (),
                stated: frozenset[int] = frozenset()) -> Answer:
        """Answer ``intent`` (already resolved against the conversation); ``question`` is what the user typed;
        ``anchors`` are the paragraphs the previous answer cited, favoured when this turn is a follow-up;
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
        ranked = self._rank_sentences(intent, hits, sentence_dense, anchors, stated)
        best = ranked[0][1] if ranked else 0.0
        if intent.kind == "list" and not missing:
            section = self._list_section(intent, vector)
            if section is not None:
                return self._list(question, intent, section, best)
        if not missing and ranked:
            missing = self._unsupported(intent, ranked[0][0], float(sentence_dense.max())) or self._ungrounded(intent, ranked[0][0])
        if missing or best < self.settings.abstain_threshold:
            return self._abstain(question, intent, hits, missing)
        return self._passage(question, intent, ranked)

    # -- scoring -------------------------------------------------------------------------------------------------
    def _kind(self, key: str) -> str:
        return self._sections[key].kind if key in self._sections else ""

    def _scoped_section(self, text: str) -> str | None:
        """The section a question points into ("per the intro", "in section IV"), if any."""
        match = _SECTION_NAMED.search(text)
        if not match:
            return None
        if match.group(2):
            return match.group(2).upper() if match.group(2).upper() in self._sections else None
        word = set(analyze(expand_query(match.group(1))))
        return next((s.key for s in self.document.sections if s.level == 1 and set(analyze(s.title)) & word), None)

    def paragraphs_of(self, answer: Answer) -> tuple[int, ...]:
        """The paragraphs an answer cites (directly or through a computation's inputs)."""
        citations = [*answer.citations, *(op.citation for op in (answer.computation.inputs if answer.computation else ()) if op.citation)]
        starts = {c.start for c in citations}
        return tuple(sorted({s.paragraph for s in self.document.sentences if any(s.start <= x < s.end + 1 for x in starts)}))

    def _rank_sentences(self, intent: Intent, hits: list[Hit], dense: np.ndarray, anchors: tuple[int, ...] = (),
                        stated: frozenset[int] = frozenset()) -> list[tuple[int, float]]:
        names = [t for t in (analyze(n) for n in self._names(intent.text)) if t]
        scoped = self._scoped_section(intent.text)
        prior = {}
        for hit in hits:
            for i in hit.chunk.sentences:
                prior.setdefault(i, 0.08 / hit.rank)
        for sentence in self.document.sentences:
            if sentence.start in stated:
                prior.setdefault(sentence.index, 0.0)  # a sentence stating the asked figure competes even if unretrieved
        scored = []
        for i, chunk_prior in prior.items():
            sentence = self.document.sentences[i]
            # earlier sentences of the paragraph often name the subject this one gives the figure for
            lexical = self.lexicon.overlap(intent.terms, i)
            if self._paragraph_start[i] < i:
                lexical = 0.6 * lexical + 0.4 * self.lexicon.overlap(intent.terms, i, self._paragraph_start[i])
            score = float(dense[i]) + 0.8 * lexical + chunk_prior
            if intent.focus:  # the user's own words in a follow-up weigh more than the topic carried over
                score += 0.4 * self.lexicon.overlap(intent.focus, i, self._paragraph_start[i])
            if names and all(set(n) & self._context_terms(i) for n in names):
                score += 0.2
            if sentence.paragraph in anchors:
                score += 0.15
            if sentence.start in stated:
                score += 0.3
            if intent.wh == "when" and _WHEN_WORDS.search(sentence.text):
                score += 0.1
            if scoped and (sentence.section == scoped or sentence.section.startswith(scoped + ".")):
                score += 0.25
            if sentence.section == "Index Terms" or self._kind(sentence.section) == "keywords":
                score -= 0.3  # a keyword list names topics; it answers nothing
            has_number = bool(_NUMBER.search(sentence.text))
            if intent.wh == "how_many":
                score += 0.08 if has_number else -0.08
            if intent.years:
                found = set(years_in(sentence.text))
                score += 0.1 if found & set(intent.years) else (-0.05 if found else 0.0)
            if sentence.section.startswith(("References", "Footnote")) and intent.wh not in ("who", "when"):
                score -= 0.1
            if (".Fig" in sentence.section or _POINTER.search(sentence.text)) and not _FIGURE_WORDS.search(intent.text):
                score -= 1.0  # a caption or "is shown in Fig. 5" names a chart but states none of its data
            extremes = _EXTREME.findall(intent.text.lower())
            if extremes:
                score += 0.12 if any(e in sentence.text.lower() for e in extremes) else -0.05
            scored.append((i, score))
        scored.sort(key=lambda item: -item[1])
        return scored

    def _missing(self, intent: Intent) -> list[str]:
        """What the question names that the paper never mentions: proper names and years."""
        missing = []
        for match in _CAPITALIZED.finditer(intent.text):
            phrase = match.group(1)
            words = [w for w in phrase.split() if w not in _COMMON_CAPS and w.lower() not in _KNOWN_ACRONYMS]
            terms = [t for w in words for t in analyze(expand_query(w, self.retriever.index.lexical.acronyms))]
            if terms and not any(t in self.lexicon.vocabulary for t in terms):
                missing.append(" ".join(words))
        absent = [y for y in intent.years if y not in self.lexicon.years]
        if absent and self.lexicon.years:
            missing.append(_PARTIAL_YEARS.format(low=min(self.lexicon.years), high=max(self.lexicon.years),
                                                 years=", ".join(map(str, absent))))
        return missing

    def _unsupported(self, intent: Intent, best: int, best_dense: float) -> list[str]:
        """Reasons the best sentence does not answer: a quantity asked but none stated, or the question's own words
        mostly unknown to the paper while nothing in it is semantically close."""
        sentence = self.document.sentences[best]
        stated = _REF_MARK_ANY.sub("", sentence.text)  # "[6]" is a citation, not a figure
        if intent.wh == "how_many" and not _NUMBER.search(stated) and not _NUMBER_WORD.search(stated):
            return ["It states no figure for that."]
        if intent.wh == "how_many" and (m := _HOW_MANY_OBJECT.search(intent.text)):
            context = self._context_terms(best)
            words = [analyze(expand_query(w, self.retriever.index.lexical.acronyms)) for w in m.group(1).split()]
            if any(terms and not set(terms) & context for terms in words):  # every counted word must be there
                return [f"It gives no count of {m.group(1)}."]
        if intent.wh == "how_many":  # a figure about something else: most of what the question names is absent
            context = self._context_terms(best)
            words = [w for w in re.findall(r"[A-Za-z][\w&'-]*", intent.text) if analyze(w)]
            weights = {w: max(self.lexicon.idf.get(t, self._rare_idf) for t in analyze(w)) for w in words}
            found = {w for w in words if set(analyze(expand_query(w, self.retriever.index.lexical.acronyms))) & context}
            specific = [w for w in words if weights[w] >= self._rare_idf]
            if specific and sum(weights[w] for w in specific if w in found) < 0.15 * sum(weights[w] for w in specific):
                return [f"It states no figure for {' '.join(w for w in specific if w not in found)}."]
        units = [u for u in _CURRENCIES.findall(intent.text.lower()) if not set(analyze(u)) & self.lexicon.vocabulary]
        if units:
            return [f"It gives no figures in {units[0]}."]
        expanded = set(analyze(expand_query(intent.text)))
        unknown = [t for t in intent.terms if t not in self.lexicon.vocabulary and not t[0].isdigit()
                   and len(t) >= 4 and not (set(analyze(expand_query(t))) - {t}) & self.lexicon.vocabulary]
        content = [t for t in intent.terms if not t[0].isdigit()]
        if unknown and len(unknown) / max(1, len(content)) >= 0.5 and best_dense < 0.45 and expanded:
            return [f"It never mentions {', '.join(repr(u) for u in unknown)}."]
        return []

    def _context_terms(self, i: int) -> frozenset[str]:
        """Terms of sentence ``i`` and of the sentences before it in its paragraph, plus its section's title."""
        start = self._paragraph_start[i]
        title = self.document.section_label(self.document.sentences[i].section)
        return frozenset().union(*self.lexicon.terms[start:i + 1], analyze(title))

    def _ungrounded(self, intent: Intent, best: int) -> list[str]:
        """The best sentence is about something else: it misses a (rare) name the question asks about, or the year
        of a quantity asked for."""
        context = self._context_terms(best)
        sentence = self.document.sentences[best]
        for name in self._names(intent.text):
            terms = analyze(name)
            rare = all(t in self.lexicon.vocabulary and self.lexicon.idf[t] >= self._rare_idf for t in terms)
            if terms and rare and not set(terms) & context:
                return [f"It mentions {name}, but not in answer to this."]
        for owner, attribute in _POSSESSIVE.findall(intent.text):
            if owner in _COMMON_CAPS:
                continue
            terms = [analyze(expand_query(w, self.retriever.index.lexical.acronyms)) for w in attribute.split()]
            if any(t and not set(t) & context for t in terms):
                return [f"It says nothing about {owner}'s {attribute}."]
        if intent.wh == "how_many" and intent.years:
            window = self._chunk_of[best]
            previous = self.retriever.index.chunks[max(0, self.retriever.index.chunks.index(window) - 1)]
            nearby = self.document.text[min(previous.start, window.start):window.end]
            if not set(years_in(nearby)) & set(intent.years):
                return [f"It gives no such figure for {', '.join(map(str, intent.years))}."]
        return []

    def _names(self, text: str) -> list[str]:
        out = []
        for match in _CAPITALIZED.finditer(text):
            words = [w for w in match.group(1).split() if w not in _COMMON_CAPS and not (w.isupper() and w.lower() in _KNOWN_ACRONYMS)]
            if words:
                out.append(" ".join(words))
        return out

    def _reference(self, question: str, intent: Intent) -> Answer | None:
        """"ref [2]", "reference 7": the bibliography entry itself."""
        match = _REFERENCE_ASK.search(intent.text)
        if not match:
            return None
        key = f"References.{match.group(1) or match.group(2)}"
        sentences = [s for s in self.document.sentences if s.section == key]
        if not sentences:
            return None
        citation = self._cite(1, sentences[0], score=1.0)
        return Answer(question=question, text=f"Reference [{key.split('.')[-1]}]: {citation.quote} [1]", abstained=False,
                      citations=(citation,), kind="passage", resolved_question=intent.text)

    # -- answer shapes -------------------------------------------------------------------------------------------
    def _passage(self, question: str, intent: Intent, ranked: list[tuple[int, float]]) -> Answer:
        best = ranked[0][1]
        chosen = [ranked[0][0]]
        if _ABOUT.search(intent.text):  # "what does it say about brands?": the passage, not one sentence
            paragraph = self.document.paragraphs[self.document.sentences[chosen[0]].paragraph]
            chosen = [i for i in paragraph.sentences if i >= chosen[0]][: self.settings.max_sentences + 1]
        covered = set(self.lexicon.terms[ranked[0][0]])
        for i, score in ranked[1:8]:
            if len(chosen) >= self.settings.max_sentences or score < best - 0.12:
                break
            new_terms = (self.lexicon.terms[i] - covered) & set(intent.terms)
            adjacent = any(abs(i - j) == 1 for j in chosen)
            if new_terms or (adjacent and score >= best - 0.06):
                chosen.append(i)
                covered |= self.lexicon.terms[i]
        first = chosen[0]
        follower = first + 1
        if (len(chosen) < self.settings.max_sentences and follower not in chosen and follower < len(self.document.sentences)
                and self.document.sentences[follower].paragraph == self.document.sentences[first].paragraph
                and _CONTINUES.match(self.document.sentences[follower].text)):
            chosen.append(follower)  # "She is ...", "This region ...": the next sentence goes on about the same thing
        chosen.sort()
        for a, b in zip(chosen, chosen[1:]):  # fill a one-sentence gap inside a paragraph so the answer reads on
            if b - a == 2 and self.document.sentences[a].paragraph == self.document.sentences[b].paragraph:
                chosen.append(a + 1)
        chosen.sort()
        citations, parts = [], []
        scores = dict(ranked)
        for n, i in enumerate(chosen, start=1):
            citation = self._cite(n, self.document.sentences[i], score=scores.get(i, best), trim=True)
            citations.append(citation)
            parts.append(f"{_display(citation.quote)} [{n}]")
        return Answer(question=question, text=" ".join(parts), abstained=False, citations=tuple(citations),
                      kind="passage", resolved_question=intent.text)

    def _list(self, question: str, intent: Intent, section: Section, score: float) -> Answer:
        items = [s for s in self._children.get(section.key, []) if s.kind in ("item", "subsection")]
        lines, citations, titles = [], [], []
        for n, item in enumerate(items, start=1):
            first = next((s for s in self.document.sentences if s.section == item.key or s.section.startswith(item.key + ".")), None)
            if first is None:
                continue
            citation = self._cite(n, first, score=score)
            citations.append(citation)
            title = item.title if not item.title.endswith("…") else _capitalize(citation.quote)
            titles.append(title)
            summary = "" if title == _capitalize(citation.quote) else f": {citation.quote}"
            lines.append(f"{n}. {title}{summary} [{n}]")
        head = f"The paper lists {len(lines)} in {self.document.section_label(section.key)} (p. {_pages(section.pages)}):"
        return Answer(question=question, text=head + "\n" + "\n".join(lines), abstained=False,
                      citations=tuple(citations), kind="list", resolved_question=intent.text, items=tuple(titles))

    def _list_section(self, intent: Intent, vector: np.ndarray) -> Section | None:
        """The section whose title the question names and that has at least two items or subsections.

        Title words are weighted by how rare they are among all section titles, so that words every title shares
        ("industry") do not decide; the best sentence inside the section breaks ties by meaning."""
        best, best_score = None, 0.0
        for section in self.document.sections:
            items = [s for s in self._children.get(section.key, []) if s.kind in ("item", "subsection")]
            if len(items) < 2:
                continue
            title_terms = set(analyze(section.title))
            top = max((self._title_idf.get(t, 0.0) for t in title_terms), default=0.0)
            if not any(self._title_idf.get(t, 0.0) == top for t in title_terms & set(intent.terms)):
                continue  # the question must name the title's most distinctive word
            weight = sum(self._title_idf.get(t, 0.0) for t in title_terms) or 1.0
            coverage = sum(self._title_idf.get(t, 0.0) for t in title_terms & set(intent.terms)) / weight
            body = [i for i, s in enumerate(self.document.sentences) if s.section.startswith(section.key)]
            semantic = float(np.max(self.sentence_vectors[body] @ vector[0])) if body else 0.0
            score = coverage + 0.3 * semantic
            if score > best_score:
                best, best_score = section, score
        return best if best is not None and best_score >= 0.5 else None

    def _summary_target(self, intent: Intent) -> tuple[str, str] | None:
        """("page", "95"), ("section", "V.B") or ("paper", "") for a summary request."""
        text = intent.text
        if m := re.search(r"\bpage\s+(\d{1,4})\b", text, re.I):
            return ("page", m.group(1))
        if m := re.search(r"\b(?:section|part|chapter)\s+([IVX]+|\d+)(?:\.?([A-H]))?\b", text, re.I):
            number = m.group(1).upper()
            key = _roman(int(number)) if number.isdigit() else number
            key = f"{key}.{m.group(2).upper()}" if m.group(2) else key
            return ("section", key)
        titled = [s for s in self.document.sections if s.kind in ("section", "subsection", "item", "abstract", "acknowledgment")]
        words = set(analyze(expand_query(text))) - set(analyze("summary summarize overview outline main key points section part paper briefly"))
        named = [s for s in titled if set(analyze(s.title)) & words]
        if not named:
            return ("paper", "")
        # most title words named first; between equals, the section whose text is closest in meaning to the request
        vector = self.retriever.encode(text)[0]
        def closeness(section: Section) -> float:
            ids = [i for i, x in enumerate(self.document.sentences) if x.section == section.key or x.section.startswith(section.key + ".")]
            return float(np.max(self.sentence_vectors[ids] @ vector)) if ids else 0.0
        best = max(named, key=lambda s: (len(set(analyze(s.title)) & words), closeness(s)))
        return ("section", best.key)

    def _summary(self, question: str, intent: Intent, target: tuple[str, str]) -> Answer:
        kind, value = target
        if kind == "page":
            page = int(value)
            groups: dict[str, list[int]] = {}
            for s in self.document.sentences:
                if s.page == page:
                    groups.setdefault(s.section, []).append(s.index)
            if not groups:
                pages = self.document.pages
                return Answer(question=question, abstained=True, kind="summary", resolved_question=intent.text,
                              text=f"The paper does not have a page {page}: it runs from page {pages[0]} to {pages[-1]}.")
            units = [(self.document.section_label(key), ids) for key, ids in groups.items()]
            head = f"Page {page} covers:"
        elif kind == "section":
            try:
                section = self.document.section(value)
            except KeyError:
                keys = ", ".join(s.key for s in self.document.sections if s.kind == "section")
                return Answer(question=question, abstained=True, kind="summary", resolved_question=intent.text,
                              text=f"The paper has no section {value}; its sections are {keys}.")
            children = [c for c in self._children.get(section.key, []) if c.kind != "figure"]
            grandchildren = [g for c in children for g in self._children.get(c.key, []) if g.kind != "figure"]
            if grandchildren and len(grandchildren) <= 10:
                children = [g for c in children for g in (self._children.get(c.key) or [c]) if g.kind != "figure"]
            own = [s.index for s in self.document.sentences if s.section == section.key]
            units = [(f"{section.title} (introduction)", own)] if own and children else []
            units += [(c.label, [s.index for s in self.document.sentences if s.section == c.key or s.section.startswith(c.key + ".")]) for c in children]
            if not children:
                units = [("", own)]
            head = f"Summary of {self.document.section_label(section.key)} (p. {_pages(section.pages)}):"
        else:
            tops = [s for s in self.document.sections if s.kind == "section"]
            units = [(s.label, [x.index for x in self.document.sentences if x.section == s.key or x.section.startswith(s.key + ".")]) for s in tops]
            aims = [x.index for x in self.document.sentences if x.section == "Abstract" and _AIM.search(x.text)]
            if aims:  # what the authors say the paper does opens the overview
                units = [("In brief", aims[:3]), *units]
            meta = self.document.meta
            head = f"{meta.title} ({', '.join(meta.authors)}, {meta.year}), section by section:"
        lines, citations = [], []
        for label, ids in units:
            ids = [i for i in ids if ".Fig" not in self.document.sentences[i].section] or ids
            whole = label == "In brief"
            for i in (ids if whole else self._key_sentences(ids, per_paragraph=kind == "page" or len(units) <= 2)):
                citation = self._cite(len(citations) + 1, self.document.sentences[i], score=1.0, trim=True)
                citations.append(citation)
                prefix = f"{label}: " if label else ""
                lines.append(f"- {prefix}{_display(citation.quote)} [{citation.n}]")
        return Answer(question=question, text=head + "\n" + "\n".join(lines), abstained=False, citations=tuple(citations),
                      kind="summary", resolved_question=intent.text)

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

    def _key_sentences(self, ids: list[int], *, per_paragraph: bool) -> list[int]:
        """One central sentence for the unit, or one per paragraph (at most 8) when the unit is summarized alone;
        sentences that state figures are preferred, since readers of an analysis come for its numbers."""
        if not per_paragraph:
            return _central(self.sentence_vectors, ids, 1, self._numeric_bonus(ids))
        by_paragraph: dict[int, list[int]] = {}
        for i in ids:
            by_paragraph.setdefault(self.document.sentences[i].paragraph, []).append(i)
        groups = sorted(by_paragraph.values(), key=len, reverse=True)[:8]
        picks = [i for g in groups for i in _central(self.sentence_vectors, g, 2 if len(g) >= 4 else 1, self._numeric_bonus(g))]
        return sorted(picks)[:12]

    def _numeric_bonus(self, ids: list[int]) -> np.ndarray:
        return np.array([0.25 if re.search(r"\d[\d,.]*\s*(?:%|billion|trillion|million)|\d,\d{3}", self.document.sentences[i].text)
                         else 0.0 for i in ids])

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


def iter_answer_parts(answer: Answer) -> Iterator[str]:
    """The answer text in small pieces (for a chat UI that streams)."""
    for piece in re.split(r"(?<=\]) |(?<=\n)", answer.text):
        if piece:
            yield piece if piece.endswith("\n") else piece + " "


def _central(vectors: np.ndarray, ids: list[int], n: int, bonus: np.ndarray | None = None) -> list[int]:
    """The ``n`` sentences closest to the centroid of ``ids`` (plus ``bonus``), in reading order."""
    if len(ids) <= n:
        return sorted(ids)
    block = vectors[ids]
    centroid = block.mean(axis=0)
    lead = np.zeros(len(ids)) if bonus is None else bonus.copy()
    lead[0] += 0.1  # academic paragraphs tend to open with their topic sentence
    order = np.argsort(-(block @ centroid + lead), kind="stable")[:n]
    return sorted(ids[i] for i in order)


def _display(quote: str) -> str:
    """A quote as shown inside an answer: capitalized, the paper's own reference markers dropped."""
    return _capitalize(_REF_MARK.sub("", quote))


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pages(pages: tuple[int, ...]) -> str:
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"


def _roman(n: int) -> str:
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, symbol in table:
        while n >= value:
            out, n = out + symbol, n - value
    return out

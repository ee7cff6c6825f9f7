"""Conversations: short follow-up turns are resolved against the previous turns before retrieval."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from .language import ORDINAL_WORDS as _ORDINAL_WORDS, Lexicon, ordinal_numbers, ordinal_value
from .lexical import analyze, expand_query, is_stopword
from .question import Intent, classify, join_resolved, year_range, years_in
from .types import Document

_CAPITALIZED_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*")
"""A run of capitalized words ("Yangtze River Delta", "Northeast China")."""
_NAME_WORD = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b(?!\.?\s*\d)")  # not a label's word ("in Table 2")
_LABEL = re.compile(r"^([a-z]+)\.? (\d+(?:\.\d+)*)$")


@dataclass(frozen=True)
class Slots:
    """Which words fill the same slot of a question, so that a follow-up's word replaces its counterpart in the
    carried topic ("and the slowest?" after "the fastest", "what about Bohai?" after "the Yangtze River Delta").
    Derived per paper: names are the words its prose writes capitalized mid-sentence more often than not; opposites ("slowest" for "fastest",
    "disadvantages" for "advantages") come from its lexicon (WordNet antonyms)."""

    names: frozenset[str] = frozenset()
    lexicon: Lexicon | None = None
    topics: frozenset[str] = frozenset()
    """The terms of the paper's section titles: a question whose one content word names a part of the paper
    ("What are the disadvantages?") is complete on its own."""
    rows: dict[str, frozenset[tuple[int, int]]] = field(default_factory=dict)
    """Term -> the (table, row) whose label it tells apart from the other rows of its table ("baseline" of "baseline
    fit", "3" of "tgroup=3"): rows of one table are one slot ("and the time dependent fit?", "and the third?")."""

    @classmethod
    def build(cls, document: Document, lexicon: Lexicon | None = None,
              rows: tuple[tuple[frozenset[str], ...], ...] = ()) -> Slots:
        """``rows``: per printed table, the terms that tell each of its rows apart (see ``sibling_labels``)."""
        capitalized = Counter(w.lower() for s in document.sentences if s.kind == "prose" for w in _NAME_WORD.findall(s.text))
        lower = Counter(w for s in document.sentences for w in re.findall(r"\b[a-z]{3,}\b", s.text) if w in capitalized)
        names = frozenset(w for w, n in capitalized.items() if n > lower[w])  # "Powell", not a Title Case "Censoring"
        names |= {w.lower() for author in document.meta.authors for w in re.findall(r"[^\W\d_]+", author)}  # (the
        # authors' given names, which open the sentences of their biographies)
        topics = frozenset(t for section in document.sections for t in analyze(section.title))
        by_term: dict[str, set[tuple[int, int]]] = {}
        for table, labels in enumerate(rows):
            for row, terms in enumerate(labels):
                for term in terms:
                    by_term.setdefault(term, set()).add((table, row))
        return cls(names=names, lexicon=lexicon, topics=topics, rows={t: frozenset(v) for t, v in by_term.items()})

    def same(self, new: str, old: str) -> bool:
        """Whether ``new`` (of the follow-up) takes the place of ``old`` (of the carried topic)."""
        if new.lower() in self.names and old.lower() in self.names:
            return True
        a, b = _LABEL.match(new.lower()), _LABEL.match(old.lower())
        if a and b and a.group(1) == b.group(1):  # "Table 3" for "Table 2"
            return True
        if _ordinal(new) and _ordinal(old):  # "and for the third epoch?" after "the first epoch"
            return True
        new_rows = {r for t in _row_terms(new) for r in self.rows.get(t, ())}
        old_rows = {r for t in _row_terms(old) for r in self.rows.get(t, ())}
        tables = {table for table, _ in new_rows} & {table for table, _ in old_rows}
        if any(not {r for r in new_rows if r[0] == t} & {r for r in old_rows if r[0] == t} for t in tables):
            return True  # two rows of one table; not a word that labels the new row too ("tgroup" of "tgroup=3")
        if self.lexicon is None:
            return False
        lexicon = self.lexicon

        def graded(terms: list[str]) -> set[str]:  # "lowest" is opposite "highest" as "low" is "high"
            return set(terms) | {lexicon.positive(t) for t in terms}

        new_terms, old_terms = analyze(new), analyze(old)
        return bool(new_terms and old_terms and graded(old_terms) & lexicon.opposites(sorted(graded(new_terms))))


def _row_terms(word: str) -> set[str]:
    """The terms a word may name a row by: its stems, its number, the number of an ordinal ("third": "3"); not the
    number inside a name ("vfit2" names a fit, not row 2)."""
    return {t for t in analyze(word) if not t.isdigit()} | ({word} if re.fullmatch(r"\d+(?:\.\d+)?", word) else set()) | ordinal_numbers(word)


def _ordinal(word: str) -> bool:
    return ordinal_value(word) is not None


_LEAD = re.compile(r"^(?:(?:ok(?:ay)?|well|right|hmm+|alright)\b[\s,]*)?(?:(?:and|but|also|ok(?:ay)?|so|then)?[\s,]*"
                   r"(?:what|how) about\s+|(?:and|but|also|so|then)\b[\s,]*)", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|this|those|these|same|the latter|the former|else)\b"
                      r"|\binstead\b(?!\s+of\b)"
                      r"|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b(?! (?:is|are|was|were)\b)", re.I)
"""Words that point back; "there" only where it is not existential ("were there", "there are"); "instead" (of
what was said before) unless it says of what ("instead of the local search")."""
_ONE = re.compile(r"(?<=[A-Za-z] )ones?\b(?!-|\s+of\b)", re.I)
""""one" standing for a noun of the previous turn ("that one", "the Pearl River Delta one", "the first one"), not
the number ("one of the", "one-year")."""
_QUESTION_START = re.compile(r"^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|"
                             r"list|name|summari[sz]e|give|show|tell|explain|describe)\b", re.I)
_STANDALONE = re.compile(r"\b(summari[sz]e|overview|paper|section|page)\b", re.I)
_FILLER = frozenset("""a an the and or of in on at to for by with from what which who whom how when where why is are was were
do does did be been it its they them their that this those these there about please also then so and but same
tell me give show can could would you paper say says said much many if ok okay s""".split())  # "s": the clitic of "what's"


_LIST_MEMORY = 3
_MORE_WORDS = frozenset("more details detail explain elaborate expand describe".split())
_WH_WORD = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b", re.I)
_FRAGMENT = re.compile(r"^(?:as|by|in|for|up|down|from|with|compared|versus|vs\.?|during|over|since|before|after|only)\b", re.I)
_ITEM_REF = re.compile(
    r"\b(?:the\s+)?(" + "|".join(_ORDINAL_WORDS) + r"|last|\d{1,2}(?:st|nd|rd|th))"
    r"(?:\s+(?!(?:authors?|time|times|year|half|quarter|place|step|two|three|four|five|six|seven|eight|nine|ten|\d+)\b)"
    r"(?:one|item|point|entry|\w+)\b|\s*[?.!]*\s*$)"  # ("the first three" are several items, not the first)
    r"|\b(?:item|point|number|no\.|#)\s*(\d{1,2})\b",
    re.I,
)


@dataclass(frozen=True, kw_only=True)
class Topic:
    """What one answered turn was about, as typed data a follow-up resolves against (never re-read from a string):
    the topic's own words (the user's and those carried from before, function words left out), the question's kind,
    wh-type and years, and what the answer's cited sentences name (the paper's names and the years they state)."""

    words: tuple[str, ...] = ()
    kind: str = "passage"
    wh: str = "other"
    years: tuple[int, ...] = ()
    entities: tuple[str, ...] = ()
    """Names (:attr:`Slots.names`) the cited sentences use, in order of first use."""
    cited_years: tuple[int, ...] = ()
    """Years the cited sentences state."""
    named: tuple[str, ...] = ()
    """The names the cited sentences give, whole ("Yangtze River Delta": a run of capitalized words holding a name),
    in order, but those the turn's own words name: what "the first of those regions" points at after a passage."""
    works: tuple[int, ...] = ()
    """The reference entries (their first sentences) written by the people a "who" answer named: what "their
    paper" of a follow-up points at."""

    @classmethod
    def of(cls, intent: Intent, words: tuple[str, ...], document: Document | None = None,
           sentences: tuple[int, ...] = (), names: frozenset[str] = frozenset()) -> Topic:
        """The topic of a turn answered for ``intent``; ``sentences`` (indices into ``document``) are those it cited."""
        cited = [document.sentences[i].text for i in sentences] if document is not None else []
        entities = tuple(dict.fromkeys(w for text in cited for w in re.findall(r"[A-Z][\w-]+", text) if w.lower() in names))
        cited_years = tuple(dict.fromkeys(y for text in cited for y in years_in(text)))
        own = {w.lower() for w in words}
        named = tuple(dict.fromkeys(
            run for text in cited for run in _CAPITALIZED_RUN.findall(text)
            if any(w.lower() in names for w in run.split()) and not {w.lower() for w in run.split()} <= own))
        return cls(words=words, kind=intent.kind, wh=intent.wh, years=intent.years, entities=entities,
                   cited_years=cited_years, named=named)


@dataclass(frozen=True)
class Turn:
    question: str
    resolved: str
    """The question as it was answered, as shown to the user ("Interpreted as"): display only, never parsed."""
    items: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()
    item_sections: tuple[str, ...] = ()
    """The section of each item, when the list's items are sections of the paper."""
    answered: bool = True
    """False for a turn that abstained: a later turn carries nothing from it."""
    sentences: tuple[int, ...] = ()
    """The sentences the answer quoted (indices into the document's sentences): a follow-up most likely asks what
    comes next to them, not for them again."""
    topic: Topic | None = None
    """What the turn was about; None for a turn recorded without one (its words are then those of ``question``)."""

    @property
    def subject(self) -> Topic:
        return self.topic if self.topic is not None else Topic(words=_content(self.question))


@dataclass
class Conversation:
    """The turns of one chat; ``/new`` (or :meth:`reset`) forgets them."""

    turns: list[Turn] = field(default_factory=list)

    def reset(self) -> None:
        self.turns.clear()

    @property
    def last(self) -> Turn | None:
        """The previous turn a follow-up may lean on: none when it abstained (its words found nothing, and carrying
        them would poison the next question)."""
        return self.turns[-1] if self.turns and self.turns[-1].answered else None

    @property
    def last_list(self) -> Turn | None:
        """The latest turn answered with a list, within the last few turns ("and the second?" after asking about
        the third item still means the list's second)."""
        return next((t for t in reversed(self.turns[-_LIST_MEMORY:]) if t.items), None)

    def add(self, question: str, resolved: str, items: tuple[str, ...] = (), paragraphs: tuple[int, ...] = (),
            item_sections: tuple[str, ...] = (), *, answered: bool = True, sentences: tuple[int, ...] = (),
            topic: Topic | None = None) -> None:
        """Record a turn; ``items`` are the entries of a list answer, which later turns may point at by number (with
        their sections, ``item_sections``, when they are sections); ``paragraphs`` are those the answer cited, where
        a follow-up most likely finds its answer too, ``sentences`` those it quoted, ``topic`` what it was about."""
        self.append(Turn(question, resolved, items, paragraphs, item_sections, answered, sentences, topic))

    def append(self, turn: Turn) -> None:
        """Record a turn as it is (one kept before: a reopened conversation); the last 20 are kept."""
        self.turns.append(turn)
        del self.turns[:-20]


def _words(text: str) -> list[str]:
    """Words, numbers, ordinals ("12th") and labels of numbered things ("Table 2", "Fig. 3", "Section 4.1": one word
    each)."""
    return re.findall(r"[A-Z][a-z]+\.? \d+(?:\.\d+)*\b|[A-Za-z][\w-]*|\d+(?:st|nd|rd|th)\b|\d{4}(?:-\d{4})?"
                      r"|\d+(?:\.\d+)?%?", text)


def _points_out(question: str) -> bool:
    """Does a determiner point outside the question: "its"/"their" before any word it could stand for ("Did its
    J-test reject ...?", "When was their paper published?"), or "those"/"these" before a noun no relative clause
    defines ("what share of those observations ...?", not "those firms that export")?"""
    match = _OWNER.search(question)
    if match and not any(w.lower() not in _FILLER for w in _words(question[:match.start()])):
        return True
    return any(not _RELATIVE.match(question, m.end()) for m in _DEMONSTRATIVE.finditer(question))


def is_followup(question: str, conversation: Conversation, slots: Slots | None = None) -> bool:
    """A turn that leans on the previous one: it opens with "and"/"what about", a determiner in it points outside
    it, or it is short with a pronoun or few content words. A question that names a part of the paper by its title
    stands alone."""
    if conversation.last is None:
        return False
    if _points_out(question):  # "their paper" is not the paper asked about
        return True
    if _STANDALONE.search(question) and not _LEAD.match(question):
        return False
    if _LEAD.match(question) or _FRAGMENT.match(question):
        return True
    content = [w for w in _words(question)  # (the asker's "I", a word pointing back: no content of the question)
               if w.lower() not in _FILLER and not is_stopword(w) and not _PRONOUN.fullmatch(w)]
    pronoun = bool(_PRONOUN.search(question) or _ONE.search(question))
    if _QUESTION_START.match(question):  # "What are the disadvantages of the industry?" stands alone
        titled = slots is not None and not pronoun and any(set(analyze(w)) & slots.topics for w in content)
        return (len(content) <= 1 and not titled) or (len(content) <= 4 and pronoun)
    return len(content) <= 3 or (len(content) <= 5 and pronoun)


_PERSONAL = re.compile(r"\b(?:they|them|their|theirs|he|him|his|she|her|hers)\b", re.I)
"""Pronouns that stand for people: after a "who" question, for those its answer named."""
_OWNER = re.compile(r"\b(?:its|their)\s+[a-z]", re.I)
_DEMONSTRATIVE = re.compile(r"\b(?:those|these)\s+[a-z][\w-]*", re.I)
_RELATIVE = re.compile(r"\s+(?:that|which|who|whom|whose|where|with|in|of|from)\b", re.I)
_BACK = re.compile(r"\b(?:that|this|these|those|the same|the above|the previous|the latter|the former)\s+(?!is\b|was\b|are\b|were\b)[a-z]", re.I)


def refers_back(question: str, conversation: Conversation) -> bool:
    """Does a question, complete as it may read, point at what the last answer was about ("in that fit", "this
    model", "the same test")? Its answer is then sought first where the last answer's was."""
    return conversation.last is not None and bool(_BACK.search(question))


def pointed_item(question: str, conversation: Conversation) -> int | None:
    """The index of the item of the last list answer that "the third one", "the last point", "item 2" points at."""
    last = conversation.last_list
    if last is None or not (match := _ITEM_REF.search(question)):
        return None
    return _place(match.group(1) or match.group(2), len(last.items))


def _place(word: str, count: int) -> int | None:
    """The index "the third", "the last", "2nd" or "item 2" points at among ``count`` things; None past the end."""
    word = word.lower()
    if word == "last":
        index = count - 1
    elif word in _ORDINAL_WORDS:
        index = _ORDINAL_WORDS.index(word)
    else:
        index = int(re.match(r"\d+", word).group()) - 1  # type: ignore[union-attr]
    return index if 0 <= index < count else None


_POINTING = re.compile(
    r"\b(?:the\s+)?(" + "|".join(_ORDINAL_WORDS) + r"|last)\s+(?:one\b|of\s+(?:those|these)(?:\s+[a-z][\w-]*)?|of\s+them\b)",
    re.I)
""""The second one", "the first of those regions", "the last of them": a place among what the last answer named."""


def pointed_name(question: str, conversation: Conversation) -> str | None:
    """After an answer that is no list, the name its cited sentences give in the place "the first of those regions"
    or "the second one" points at (:attr:`Topic.named`); None when the question points at none, or at a place
    beyond the names given."""
    last = conversation.last
    match = _POINTING.search(question)
    if last is None or last.items or match is None:
        return None
    named = last.subject.named
    index = _place(match.group(1), len(named))
    return named[index] if len(named) >= 2 and index is not None else None


def pointed_section(question: str, conversation: Conversation) -> str | None:
    """The section of the pointed item, when the question asks about the item itself ("tell me more about the third
    one", "and the second?", "explain item 2") rather than something in it."""
    index = pointed_item(question, conversation)
    last = conversation.last_list
    if index is None or last is None or len(last.item_sections) != len(last.items):
        return None
    match = _ITEM_REF.search(question)
    rest = _words(question[:match.start()] + " " + question[match.end():])  # type: ignore[union-attr]
    content = [w for w in rest if w.lower() not in _FILLER and w.lower() not in _MORE_WORDS]
    return last.item_sections[index] if not content else None


def _content(text: str) -> tuple[str, ...]:
    """The words of ``text`` a topic keeps: all but function words, each once."""
    return tuple(dict.fromkeys(w for w in _words(text) if w.lower() not in _FILLER))


@dataclass(frozen=True, kw_only=True)
class Resolution:
    """A turn read against the conversation: the typed :class:`Intent` to answer, and the topic words it records."""

    intent: Intent
    words: tuple[str, ...]
    """The topic of this turn (its own words, then those carried), as the next follow-up resolves against."""
    carried: tuple[str, ...] = ()
    """The words carried from the previous turn (none for a question that stands alone)."""
    works: tuple[int, ...] = ()
    """The reference entries (first sentences) of the people a personal pronoun of the follow-up stands for
    ("when was their paper published?"): where its answer is sought first."""

    @property
    def text(self) -> str:
        """The question as answered, for display ("Interpreted as") and retrieval."""
        return self.intent.text


def resolve(question: str, conversation: Conversation, slots: Slots | None = None,
            lexicon: Lexicon | None = None) -> Resolution:
    """Read ``question`` against the previous turn's :class:`Topic`: a list item pointed at by number is named; a
    follow-up carries over what it leaves out (topic, metric, names, years), a word of the follow-up replacing the
    one of the same slot (:class:`Slots`), a year of its own the topic's years, a wh-word of its own the topic's
    wh-type. Only the user's own words are classified; the rest comes typed from the topic."""
    if (index := pointed_item(question, conversation)) is not None:
        match = _ITEM_REF.search(question)
        named = f"{question[:match.start()]}{conversation.last_list.items[index]}{question[match.end():]}".strip()  # type: ignore[union-attr]
        return Resolution(intent=classify(named, lexicon=lexicon), words=_content(named))
    if (name := pointed_name(question, conversation)) is not None:  # "the first of those regions": that region
        named = _POINTING.sub(name, question, count=1)
        return Resolution(intent=classify(named, lexicon=lexicon), words=_content(named))
    slots = slots or Slots()
    if not is_followup(question, conversation, slots):
        return Resolution(intent=classify(question, lexicon=lexicon), words=_content(question))
    topic = conversation.last.subject  # type: ignore[union-attr]
    fragment = _LEAD.sub("", question).strip()
    works: tuple[int, ...] = ()
    if topic.wh == "who" and topic.entities and _PERSONAL.search(fragment):
        # "when was their paper published?" after "who proposed ...": they are the people the answer named
        topic, works = dataclasses.replace(topic, words=topic.entities), topic.works
    new_words = {w.lower() for w in _words(fragment)}
    new_parts = [p for w in new_words for p in w.split("-") if p and p not in _FILLER]  # "fastest-growing" too
    new_years = years_in(fragment)
    carried: list[str] = []
    for word in topic.words:
        low = word.lower()
        parts = low.split("-")
        if low in new_words or low in _FILLER:
            continue
        if any(slots.same(new, part) for new in new_parts for part in parts if part not in _FILLER):
            continue
        if new_years and (years_in(word) or year_range(word)):
            continue
        if word not in carried:
            carried.append(word)
    if not carried:
        return Resolution(intent=classify(question, lexicon=lexicon), words=_content(question))
    own = re.sub(r"\s+", " ", _PRONOUN.sub("", _ONE.sub("", fragment))).strip(" ?.,")
    intent = _carried_intent(own, tuple(carried), topic, lexicon)
    return Resolution(intent=intent, words=tuple(dict.fromkeys(_content(own) + tuple(carried))), carried=tuple(carried),
                      works=works)


def _carried_intent(own: str, carried: tuple[str, ...], topic: Topic, lexicon: Lexicon | None) -> Intent:
    """The intent of a follow-up: what it asks (wh-type, kind, the kind of thing asked) is read from the user's words
    alone, since what the topic asked is not asked again ("and after the labs became time-dependent?" after "what
    coefficient ..." asks for no figure named "became"); the carried words add their terms and years (a year of the
    user's own has already replaced the topic's, see :func:`resolve`)."""
    mine = classify(own, lexicon=lexicon)
    carried_text = " ".join(carried)
    wh, kind = mine.wh, mine.kind
    if wh == "other" and topic.wh != "how_many" and not _WH_WORD.search(own):
        wh = topic.wh  # "what about the Pearl River Delta one?" after "where is ... centered?" asks where, too
    years = tuple(dict.fromkeys(mine.years + tuple(y for w in carried for y in years_in(w))))
    terms = tuple(dict.fromkeys(mine.terms + tuple(analyze(expand_query(carried_text, lexicon)))))
    return Intent(text=join_resolved(own, carried_text), kind=kind, wh=wh, years=years, terms=terms, focus=mine.terms,
                  asked=mine.asked if wh != "how_many" else "")


def resolve_followup(question: str, conversation: Conversation, slots: Slots | None = None) -> str:
    """The text of :func:`resolve` (what the UI shows as "Interpreted as"); stand-alone questions come back
    unchanged."""
    return resolve(question, conversation, slots).text

"""Conversations: short follow-up turns are resolved against the previous turns before retrieval."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import Lexicon
from .lexical import analyze
from .question import join_resolved, year_range, years_in
from .types import Document

_NAME_WORD = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{2,}\b")


@dataclass(frozen=True)
class Slots:
    """Which words fill the same slot of a question, so that a follow-up's word replaces its counterpart in the
    carried topic ("and the slowest?" after "the fastest", "what about Bohai?" after "the Yangtze River Delta").
    Derived per paper: names are the words it writes capitalized mid-sentence; opposites ("slowest" for "fastest",
    "disadvantages" for "advantages") come from its lexicon (WordNet antonyms)."""

    names: frozenset[str] = frozenset()
    lexicon: Lexicon | None = None

    @classmethod
    def build(cls, document: Document, lexicon: Lexicon | None = None) -> Slots:
        names = frozenset(w.lower() for s in document.sentences for w in _NAME_WORD.findall(s.text))
        return cls(names=names, lexicon=lexicon)

    def same(self, new: str, old: str) -> bool:
        """Whether ``new`` (of the follow-up) takes the place of ``old`` (of the carried topic)."""
        if new.lower() in self.names and old.lower() in self.names:
            return True
        if self.lexicon is None:
            return False
        new_terms, old_terms = analyze(new), analyze(old)
        return bool(new_terms and old_terms and set(old_terms) & self.lexicon.opposites(new_terms))


_LEAD = re.compile(r"^(?:and|but|also|ok(?:ay)?|so|then)?[\s,]*(?:what|how) about\s+|^(?:and|but|also|so|then)\b[\s,]*", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|this|those|these|there|same|the latter|the former)\b", re.I)
_QUESTION_START = re.compile(r"^(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|can|could|"
                             r"list|name|summari[sz]e|give|show|tell|explain|describe)\b", re.I)
_STANDALONE = re.compile(r"\b(summari[sz]e|overview|paper|section|page)\b", re.I)
_FILLER = frozenset("""a an the and or of in on at to for by with from what which who whom how when where why is are was were
do does did be been it its they them their that this those these there about please also then so and but same
tell me give show can could would you paper say says said much many""".split())


_FRAGMENT = re.compile(r"^(?:as|by|in|for|up|down|from|with|compared|versus|vs\.?|during|over|since|before|after|only)\b", re.I)
_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ITEM_REF = re.compile(
    r"\b(?:the\s+)?(" + "|".join(_ORDINAL_WORDS) + r"|last|\d{1,2}(?:st|nd|rd|th))\s+(?:one|item|point|entry|\w+)\b"
    r"|\b(?:item|point|number|no\.|#)\s*(\d{1,2})\b",
    re.I,
)


@dataclass
class Turn:
    question: str
    resolved: str
    items: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()


@dataclass
class Conversation:
    """The turns of one chat; ``/new`` (or :meth:`reset`) forgets them."""

    turns: list[Turn] = field(default_factory=list)

    def reset(self) -> None:
        self.turns.clear()

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def add(self, question: str, resolved: str, items: tuple[str, ...] = (), paragraphs: tuple[int, ...] = ()) -> None:
        """Record a turn; ``items`` are the entries of a list answer, which later turns may point at by number;
        ``paragraphs`` are those the answer cited, where a follow-up most likely finds its answer too."""
        self.turns.append(Turn(question, resolved, items, paragraphs))
        del self.turns[:-20]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w-]*|\d{4}(?:-\d{4})?|\d+(?:\.\d+)?%?", text)


def is_followup(question: str, conversation: Conversation) -> bool:
    """A turn that leans on the previous one: it opens with "and"/"what about", or is short with a pronoun or few
    content words."""
    if conversation.last is None or _STANDALONE.search(question) and not _LEAD.match(question):
        return False
    if _LEAD.match(question) or _FRAGMENT.match(question):
        return True
    content = [w for w in _words(question) if w.lower() not in _FILLER]
    pronoun = bool(_PRONOUN.search(question))
    if _QUESTION_START.match(question):  # "What are the disadvantages of the industry?" stands alone
        return len(content) <= 1 or (len(content) <= 4 and pronoun)
    return len(content) <= 3 or (len(content) <= 5 and pronoun)


def _item_reference(question: str, conversation: Conversation) -> str | None:
    """"tell me more about the third one" after a list answer: name the third item instead."""
    last = conversation.last
    if last is None or not last.items or not (match := _ITEM_REF.search(question)):
        return None
    word = (match.group(1) or match.group(2)).lower()
    if word == "last":
        index = len(last.items) - 1
    elif word in _ORDINAL_WORDS:
        index = _ORDINAL_WORDS.index(word)
    else:
        index = int(re.match(r"\d+", word).group()) - 1  # type: ignore[union-attr]
    if not 0 <= index < len(last.items):
        return None
    return f"{question[:match.start()]}{last.items[index]}{question[match.end():]}".strip()


def resolve_followup(question: str, conversation: Conversation, slots: Slots | None = None) -> str:
    """Rewrite a follow-up as a stand-alone question by carrying over what it leaves out (topic, metric, names,
    years), a word of the follow-up replacing the one of the same slot (:class:`Slots`); stand-alone questions come
    back unchanged."""
    if (item := _item_reference(question, conversation)) is not None:
        return item
    if not is_followup(question, conversation):
        return question
    previous = conversation.last.resolved  # type: ignore[union-attr]
    fragment = _LEAD.sub("", question).strip()
    slots = slots or Slots()
    new_words = {w.lower() for w in _words(fragment)}
    new_parts = [p for w in new_words for p in w.split("-") if p and p not in _FILLER]  # "fastest-growing" too
    new_years = years_in(fragment)
    carried: list[str] = []
    for word in _words(previous):
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
    fragment = _PRONOUN.sub("", fragment) if carried else fragment
    fragment = re.sub(r"\s+", " ", fragment).strip(" ?.,")
    return join_resolved(fragment, " ".join(carried)) if carried else question

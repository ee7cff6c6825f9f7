"""Shared text helpers of the answer stage: how quotes read inside an answer, and streaming."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..lexical import data_pattern
from ..types import Answer

HAS_DIGIT = re.compile(r"\d")
CAUSE_WORDS = data_pattern("cause-words.txt")
"""Words that give a cause ("because", "due to"; not "therefore", which gives a consequence)."""
FIGURE_REF = re.compile(r"\b(?:fig(?:ure)?s?|tables?|sections?|eq(?:uation)?s?)\.?\s*\(?\d+(?:\.\d+)*\)?", re.IGNORECASE)
"""A pointer to a figure, table, section or equation ("Figure 3", "Table 2", "Eq. (4)"): its number is no figure."""
_REF_MARK = re.compile(r" ?\[\d+(?:[,–-]\s*\d+)*\](?=[.,;]?$)")


def iter_answer_parts(answer: Answer) -> Iterator[str]:
    """The answer text in small pieces (for a chat UI that streams)."""
    for piece in re.split(r"(?<=\]) |(?<=\n)", answer.text):
        if piece:
            yield piece if piece.endswith("\n") else piece + " "


def display_quote(quote: str) -> str:
    """A quote as shown inside an answer: capitalized, the paper's own reference markers dropped."""
    return capitalize_first(_REF_MARK.sub("", quote))


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def page_range(pages: tuple[int, ...]) -> str:
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"



def states_number(text: str) -> bool:
    """Whether ``text`` prints a number other than that of a pointer ("Figure 3 presents ..." states none)."""
    return bool(HAS_DIGIT.search(FIGURE_REF.sub("", text)))


NAME_ASKED = re.compile(r"\bwhat (?:\w+ ){0,2}(?:does|do|did) (?:the )?(?:paper|article|author|authors|they|he|she|it)"
                         r" (?:call|name|term|dub)\b|\bwhat (?:is|are|was|were) (?:\w+ ){0,6}?(?:called|named|termed|"
                         r"known as)\b|\bwhat (?:name|term)s?\b|\bwhat (?:is|was) the (?:name|term) (?:for|of|given)\b", re.I)
"""A question for the name the paper gives something ("what does the paper call the setup where ...")."""
NAMING = re.compile(r"\brefer(?:s|red)? to (?:[\w-]+ ){0,5}as\b|\b(?:is|are|be|was|were) (?:also )?(?:called|named|termed|"
                     r"known as|referred to as|dubbed)\b|\bwe (?:will )?(?:call|name|term|dub)\b", re.I)
"""A sentence that gives something its name ("we will refer to this situation as fixed censoring")."""
QUOTED_TERM = re.compile(r"[\"“‘][^\"“”‘’]{2,40}[\"”’]")
"""A term set in quotation marks ('a perfect "smile curve"'): a name the sentence gives."""
POSES = re.compile(r"\?[\"'”’)]*\s*$|\bquestions?\b(?:\s+[\w,-]+){0,6}?\s+(?:is|was|here is|then is)\s+"
                   r"(?:why|whether|how|what|which|when|who)\b", re.I)
"""A sentence that raises a question itself ("The more important question is why ...", "One common question with this
data setup is whether ..."): its answer follows it."""

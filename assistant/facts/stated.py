"""Where a number stands: whether a number of the paper is a figure the paper states, or junk.

A figure is stated in a prose sentence of the body (not a table, code, formula, caption, reference entry or figure
block) and stands among words: a number that labels something ("Table 3", "subject 7", "version 1.4"), sits inside
a formula ("q + 1", "1/n", "10−7", "U[0, 3.8]", "γ = .2"), writes an interval ("(0,8]"), or is a bare 0 or 1 (codes,
origins, bounds: "a 0/1 variable", "evaluated at 0") is none. ``n = 100`` is the one assignment that states a figure:
``n`` / ``N`` is the sample size in statistical writing. A number listed right after another ("n = 100, 400, 1600")
shares its verdict. The label nouns are general English in ``assistant/data/label-nouns.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..config import ROOT
from ..numbers import Quantity
from ..types import Document, Sentence

LABEL_NOUNS_FILE = ROOT / "assistant" / "data" / "label-nouns.txt"
STATING_KINDS = frozenset({"prose", "footnote"})  # paragraph kinds whose sentences can state a figure
SKIPPED_SECTION_KINDS = frozenset({"references", "reference", "figure", "biography"})

# operators, relations, brackets of notation, Greek letters, ellipses of a sequence ("1, 2, . . . , 13"); "-" only
# between digits or spaces ("1.4-0", "a - b"), not in a compound ("a 12-week regimen")
_MATH = re.compile(r"[=<>∈∑∏√^{}\\|←→≤≥±×·∼~+*/\[\]−]|(?<=[\d\s])-(?=[\d\s])|(?<=\d)-$|^-(?=\d)|[α-ωΑ-Ω]"
                   r"|…|\.\s?\.\s?\.")
_WORD = re.compile(r"[A-Za-z]{2,}")  # a word ends the context of a number (single letters are variables)
_SAMPLE_SIZE = re.compile(r"(?<![\w.])[nN]\s*=\s*$")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")
_GROUPING = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_CONTEXT = 12  # characters each side of a number read for notation


@lru_cache(maxsize=1)
def label_nouns() -> frozenset[str]:
    """The nouns of ``label-nouns.txt`` (lower case)."""
    lines = LABEL_NOUNS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


_LAYOUT = re.compile(r"[ \t]{3,}")  # columns, axis ticks and running headers of an extracted page
_TOKEN_WORD = re.compile(r"[(\[\"“']?(?:[A-Za-z][A-Za-z’'-]+|[aAI])[)\]\"”,.;:?!]*")


def is_prose(text: str) -> bool:
    """A sentence of prose: mostly words, not code, a table row, axis ticks or a page header. Notation (tokens with
    an operator, a Greek letter or a single-letter variable) is left out of the count, so that a sentence stating
    "3 sample sizes n = 100, 400, 1600" stays prose; its numbers in notation are judged one by one."""
    tokens = text.split()
    notation = [t for t in tokens if _MATH.search(t) or re.fullmatch(r"[(\[{]?[b-zB-HJ-Z][)\]},.;:]?", t)
                or set(t) <= set("·.,…")]
    words = [t for t in tokens if _TOKEN_WORD.fullmatch(t)]
    if len(tokens) < 4 or len(words) < 0.5 * (len(tokens) - len(notation)) or len(words) < len(notation):
        return False
    return not _LAYOUT.search(text)


def states_figures(document: Document, sentence: Sentence) -> bool:
    """Whether the sentence can state a figure: a prose (or footnote) sentence outside references and figures."""
    if sentence.kind not in STATING_KINDS:
        return False
    try:
        section = document.section(sentence.section)
    except (KeyError, ValueError):
        return True
    return section.kind not in SKIPPED_SECTION_KINDS


def _left(text: str, start: int) -> str:
    """The text before a number back to the nearest word (at most ``_CONTEXT`` characters)."""
    window = text[max(0, start - _CONTEXT):start]
    words = list(_WORD.finditer(window))
    return window[words[-1].end():] if words else window


def _right(text: str, end: int) -> str:
    window = text[end:end + _CONTEXT]
    word = _WORD.search(window)
    return window[:word.start()] if word else window


def junk_reason(text: str, q: Quantity) -> str:
    """Why the number ``q`` of ``text`` is no stated figure ("label", "formula", "interval", "code"), or ``""``."""
    before = text[:q.start].rstrip()
    previous = re.search(r"([A-Za-z]+)\.?\s*(?:no\.|#)?\s*[“\"'‘]?$", before)  # 'subject “5”', "patient no. 3"
    if previous and (previous.group(1).lower() in label_nouns()
                     or previous.group(1).lower().rstrip("s") in label_nouns()):
        return "label"
    left, right = _left(text, q.start), _right(text, q.end)
    if _SAMPLE_SIZE.search(left):
        return ""
    if re.search(r"[A-Za-z_.]\($", before):
        return "code"  # the argument of a call: "set.seed(345)", "ARMA(2,2)"
    if "," in q.raw and not _GROUPING.search(q.raw) and (left.endswith(("(", "[")) or right.startswith(("]", ")"))):
        return "interval"  # "(0,8]", "(2,5)": an interval of notation, not a badly grouped number
    if _MATH.search(left) or _MATH.search(right):
        return "formula"
    if q.unit in ("", "count") and not q.scale and (q.value in (0.0, 1.0) or (
            q.value < 0 and q.value == int(q.value))):
        return "code"  # 0 / 1 codes, origins and bounds; "-1 has to be added to the formula"
    return ""


def junk_reasons(text: str, quantities: list[Quantity]) -> list[str]:
    """:func:`junk_reason` for each number, a number listed right after another ("100, 400 and 1600") sharing the
    verdict of the first of its list."""
    reasons: list[str] = []
    for i, q in enumerate(quantities):
        listed = i and _LIST_GAP.fullmatch(text[quantities[i - 1].end:q.start])
        reasons.append(reasons[-1] if listed else junk_reason(text, q))
    return reasons

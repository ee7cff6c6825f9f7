"""What a question asks: cleaned text, its kind (passage, list, summary), its wh-type, years and key terms."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass

from .language import Lexicon
from .lexical import analyze, expand_query, is_stopword

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_YEAR = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d.,]\d)")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:-|–|to|through|until|and)\s*((?:19|20)\d\d)(?!\d)")

SUMMARY = re.compile(
    r"\b(summari[sz]e|summary(?!\s+(?:output|table|line|statistics?|shows?|gives?|reports?|prints?|displays?|says|lists?)\b)|overview|outline|gist|key points|main (?:points?|arguments?|ideas?|messages?|thesis|takeaways?)|tl;?dr|recap|briefly|in brief|sum up|what (?:does|is) (?:page|section)\s+\S+\s+(?:say|about)"
    r"|conclu(?:de[sd]?|ding)|what does (?:page|section)|what is on page|what's on page|what is (?:this|the) paper about|what's (?:this|the) paper about)\b"
    r"(?!\s*\()",  # "summary()" is a function of the code, not a request; "the summary shows", "summary statistics"
    # name an output, not a request for one
    re.IGNORECASE,
)
_SUMMARY_SUBJECT = re.compile(r"\bwhich\s+[\w-]+.*?\b(?:does|do|did)\s+the\s+summary\b", re.IGNORECASE)
"""The summary as the subject of a question for a thing of a kind ("which p-value does the summary of the fit
show"): an output. ("What exactly does the summary say" still asks for one; "what <figure> does the summary show"
asks for a figure, which is quoted anyway.)"""
LIST = re.compile(
    r"\b(list|enumerate|name (?:the|all)|what are (?:the|all)|which are"
    r"|(?:what|which)\s+(?!(?:do|does|did|can|could|will|would|should|may|might|must)\b)"  # ("what do the authors
    r"(?:[\w-]+\s+){0,2}(?!(?:is|was|has|does|this|its|us|as|times|news|analysis|basis)\b)"  # call": a subject)
    r"[a-z-]{3,}[^su\W]s\b"  # "which sub-sectors", "the three tests": plural nouns
    r"|(?:the|which|what) (?:\w+ )?(?:criteria|steps|stages)\b)",
    re.IGNORECASE,
)
_ASKED = re.compile(  # "which (three censored ...) methods", "what are the 8 industries", "list the eight sub-sectors"
    r"\b(?:which|what|list|name|enumerate)\s+(?:(?:are|were)\s+)?(?:the\s+|all\s+(?:the\s+)?)?"
    r"((?:[\w-]+\s+){0,5}?(?:[a-z-]{2,}[^su\W]s|criteria|phenomena)\b)",
    re.IGNORECASE,
)
_FIGURE_NOUNS = "|".join(re.escape(line.strip()) for line in (Path(__file__).resolve().parent / "data" / "figure-nouns.txt")
                          .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#"))


_LETTER_NAMED = re.compile(r"(?<![\w&.'’-])([A-Za-z])[\s-]+(?:" + _FIGURE_NOUNS + r")s?\b")


def named_letters(text: str) -> frozenset[str]:
    """The one-letter names a question gives a figure by ("the z statistic", "its t value"), lower case: a letter
    alone may be a name's initial ("K&P"), but one followed by a figure noun names what a column headed so holds
    (unless it is a word: "a value", "I estimate")."""
    return frozenset(m.group(1).lower() for m in _LETTER_NAMED.finditer(text) if not is_stopword(m.group(1).lower()))


def figure_nouns() -> frozenset[str]:
    """The nouns that name a figure ("coefficient", "ratio", "p-value"), from the data file the wh-types read."""
    return frozenset(_FIGURE_NOUNS.replace("\\", "").split("|"))


WH = (
    ("how_many", re.compile(r"\bhow (?:many|much)\b|\bwhat (?:was|were|is|are) (?:the )?(?:\w+[ -]){0,4}\w+ (?:in|for|during) (?:19|20)\d\d\b|\bnumber of\b|\bwhat (?:was|is|were|are) the (?:[\w()%.-]+ ){0,4}(?:" + _FIGURE_NOUNS + r")s?\b|\bwhat percentage\b|\bhow (?:big|large|fast|quickly)\b"
                            r"|\bwhat (?:(?!(?:does|do|did|is|are|was|were|can|could|would|will|should)\b)[\w()%.-]+ ){0,3}(?:"
                            + _FIGURE_NOUNS + r")s?\b", re.I)),  # ("what shape does value added take": no figure)
    ("how", re.compile(r"\bhow (?:is|are|was|were|does|do|did|can|could|should|would|will)\b", re.I)),  # manner
    ("when", re.compile(r"^\W*when\b|\bwhen (?:did|does|do|was|were|is|are|will|would|could|can|should|had|has|have)\b"
                        r"|\bwhat year\b|\bwhich year\b|\bwhat date\b", re.I)),  # not the "when" of a clause: "what
    # term is used when the censoring points are known"
    ("who", re.compile(r"(?<![a-z] )(?<![a-z]s )\bwho\b|\b(?:and|or|by|to|of|with|from|for|know|tell me|say|says) who\b"
                       r"|\bwhose\b|\bwhich (?:organi[sz]ation|office|agency|company|companies|author|authors)\b", re.I)),
    ("where", re.compile(r"\bwhere\b|\bwhich (?:region|regions|city|cities|province|provinces|area)\b", re.I)),
    ("why", re.compile(r"\bwhy\b|\bwhat (?:causes|caused|explains|drives|drove)\b|\breason\b", re.I)),
    ("define", re.compile(r"\bwhat (?:is|are|does) (?:a |an |the )?[\w -]+ (?:mean|refer to)\b|\bdefin(?:e|ition)\b|\bwhat counts as\b", re.I)),
)


_FIGURE_ASKED = dict(WH)["how_many"]
"""The cues of a question for a figure (its wh-type "how_many")."""
_WHAT_VERB = re.compile(r"\bwhat\s+([a-z]+s)\s+(?:to|with|in|on|for|if|when|after)\b[^?]*", re.I)
""""what happens to variance ...": a verb in the third person after "what", and the rest of its clause."""
_SUBORDINATE = re.compile(r"^\s*(?:when|if|once|after|before|while|whenever|given|since|as)\b"
                         r"(?:[(\[][^)\]?]*[)\]]|[^,?(\[])*,\s*(?=(?:what|which|who"
                         r"|whose|how|where|when|why|is|are|was|were|do|does|did|can|could|should|would|wo|ca)"
                         r"(?:n['’]t)?\b)", re.I)
"""A clause that sets the scene before the question proper ("When X is smoothed, which kernel ..."); a comma inside
brackets is the clause's own ("If each patient has several (start, stop] rows, do I need ...")."""
_AUXILIARY = r"(?:is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|wo|ca)(?:n['’]t)?\b"
_YES_NO = re.compile(rf"^\W*{_AUXILIARY}(?![^?]*\bor\b(?!\s+(?:there\s+)?{_AUXILIARY}))", re.I)  # (", or is ...": a
# second yes-or-no question, not a choice)


def asks_yes_or_no(text: str) -> bool:
    """A question a yes or a no answers ("Do I need a robust variance?", "If each patient has several rows, don't I
    have to adjust ...?", "Each patient has several rows; do I need ...?"); not a choice ("is it larger or
    smaller?")."""
    asked = re.split(r"[;:]\s+", text)[-1]  # (the question after the scene a clause of its own sets)
    return bool(_YES_NO.match(_SUBORDINATE.sub("", asked)))


@dataclass(frozen=True, kw_only=True)
class Intent:
    """The parts of a question the composer acts on."""

    text: str
    kind: str  # passage | list | summary
    wh: str  # how_many | how | when | who | where | why | define | other
    years: tuple[int, ...]
    terms: tuple[str, ...]
    focus: tuple[str, ...] = ()
    """Terms of the user's own words in a resolved follow-up (empty when the question stands alone)."""
    asked: str = ""
    """The noun phrase naming the kind of thing a "which/what <things>" question asks for, its head noun last
    ("special cases", "three censored quantile regression estimation methods"); "" when it names none."""


def clean_question(text: str, *, max_chars: int = 1000) -> tuple[str, tuple[str, ...]]:
    """Normalize what a user typed: drop control and invisible characters, collapse spaces, truncate long input."""
    notes: list[str] = []
    text = _normalized(text)
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars].rstrip()
        notes.append(f"The question was longer than {max_chars} characters; only its first {len(text)} were read.")
    return text, tuple(notes)


def _normalized(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = _INVISIBLE.sub("", text)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def length_message(text: str, *, max_chars: int = 1000) -> str | None:
    """What to tell a user whose question is over ``max_chars`` (counted as :func:`clean_question` reads it), before
    it is asked; None when it fits."""
    length = len(_normalized(text))
    if length <= max_chars:
        return None
    return (f"Your question is {length:,} characters; the limit is {max_chars:,}. Shorten it (ask about one thing at "
            "a time, or quote only the words that matter) and send it again.")


def years_in(text: str) -> tuple[int, ...]:
    """Years mentioned, ranges expanded to their endpoints, in order of appearance."""
    found: list[int] = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        if year not in found:
            found.append(year)
    return tuple(found)


_SHORT_RANGE = re.compile(r"(?<![\w.,$])(?:(1[89]|20)(\d\d)|['’]?(\d\d))\s*(?:-|–|to)\s*['’]?(\d\d)(?![\w.,%]|\s*(?:%|percent))")


def expand_year_ranges(text: str, known: frozenset[int] | set[int]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """"CAGR 10-17", "2010-17", "'15 to '17" -> "2010-2017", "2015 to 2017" when both ends are years the paper gives
    figures for (a range of small numbers stays what it is otherwise). Returns the text and the readings made."""
    readings: list[tuple[str, str]] = []

    def fix(match: re.Match) -> str:
        century = match.group(1)
        start = int(match.group(1) + match.group(2)) if century else None
        for base in ((int(century) * 100,) if century else (2000, 1900)):
            first = start if start is not None else base + int(match.group(3))
            last = base + int(match.group(4))
            if first < last and first in known and last in known:
                written = f"{first}{' to ' if 'to' in match.group() else '-'}{last}"
                readings.append((match.group(), written))
                return written
        return match.group()

    return _SHORT_RANGE.sub(fix, text), tuple(readings)


def year_range(text: str) -> tuple[int, int] | None:
    match = _YEAR_RANGE.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def join_resolved(own: str, carried: str) -> str:
    """How a resolved follow-up is written: the user's words, then the carried topic in parentheses."""
    return f"{own} ({carried})?"


def split_resolved(resolved: str) -> tuple[str, str]:
    """The inverse of :func:`join_resolved`: ``(own words, carried topic)``; ``carried`` is "" for a plain question."""
    match = re.fullmatch(r"(.*) \((.*)\)\?", resolved)
    return (match.group(1), match.group(2)) if match else (resolved, "")


_EXCLUDED = re.compile(r"\b(?:apart from|aside from|other than|except(?: for)?|excluding|besides|leaving aside|setting aside"
                       r"|not counting)\s+(?P<what>[^,;?]*?)(?=\s*(?:[,;?]|$|\b(?:which|what|who|how|where|when|is|are|was|were"
                       r"|has|have|had|does|do|did|gives?|shows?|reports?|at|in|for|on|under|with)\b))", re.I)
"""A phrase naming what the question sets aside ("Apart from the sample median, which estimator ..."): its words
are no condition an answer must meet."""


def without_excluded(text: str) -> str:
    """``text`` without the phrases that set something aside ("apart from X", "other than X", "besides X")."""
    return _EXCLUDED.sub(" ", text)


def excluded_terms(text: str) -> frozenset[str]:
    """The terms of what ``text`` sets aside ("apart from the sample median": sampl, median)."""
    return frozenset(t for m in _EXCLUDED.finditer(text) for t in analyze(m.group("what")))


def _third_person(words: list[str], lexicon: Lexicon | None) -> bool:
    """Whether the last of ``words`` (what follows "which" / "what") is a verb's "-s" form rather than a plural noun:
    a word WordNet knows only as a verb ("what partly explains"), or one used mostly as a verb after a word that can
    be its subject ("which covariate shows", "which estimator performs"; but "which data sets")."""
    if lexicon is None or not words:
        return False
    last = words[-1].lower()
    bases = ({last[:-1]} | ({last[:-2]} if last.endswith("es") else set())
             | ({last[:-3] + "y"} if last.endswith("ies") else set())) if last.endswith("s") else set()
    return bool(bases & lexicon.verb_only or len(words) > 1 and bases & lexicon.verb_leaning)


def asked_phrase(text: str, lexicon: Lexicon | None = None) -> str:
    """The plural noun phrase a question asks a list of: the words after "which" / "what" / "list (the)" up to the
    first plural noun, none of them a function word ("which methods can be applied" -> "methods", "what did the
    authors use" -> ""); a head that is a common verb ("what happens") or a verb after its subject ("which kernel
    gives") is no noun."""
    verbs = lexicon.common_verbs if lexicon is not None else frozenset()
    for match in _ASKED.finditer(text):
        words = match.group(1).split()
        if any(is_stopword(w) for w in words) or set(analyze(words[-1])) <= verbs or _third_person(words, lexicon):
            continue
        return " ".join(words)
    return ""


def _lists(text: str, lexicon: Lexicon | None) -> bool:
    """Whether the question asks for a list: a cue ("list", "name the") or a plural noun after "which" / "what"."""
    return any(not _third_person(m.group(0).split()[1:], lexicon) for m in LIST.finditer(text))


_COORDINATED = re.compile(r"(?:,\s*|\s+)and\s+(?=(?:(?:over|in|for|from|at|by|on|with|to|during|since|until)\s+)?"
                          r"(?:which|what|when|where|who|whom|whose|why|how)\b)", re.I)
"""The "and" that joins a second question to the first ("How many stocks does it include, and over which period?")."""


def clauses(text: str) -> tuple[str, ...]:
    """The questions a compound question joins with "and" before a wh-word, each on its own; one for any other (nor
    is the "and" of "between X and what Y reports" a second question)."""
    parts: list[str] = []
    start = 0
    for match in _COORDINATED.finditer(text):
        if re.search(r"\bbetween\b(?!.*\band\b)", text[start:match.start()], re.I):
            continue  # ("between A and B, and which ...": the pair is closed)
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    return tuple(p.strip(" ,") for p in parts if p.strip(" ,"))


def classify(text: str, *, lexicon: Lexicon | None = None) -> Intent:
    """Read the kind and wh-type of a (cleaned, resolved) question; its terms include known expansions."""
    asking = _SUBORDINATE.sub("", text)  # "When the moment function is smoothed, which kernel ...": the main clause
    wh = next((name for name, pattern in WH if pattern.search(asking)), "other")
    verbs = lexicon.common_verbs if lexicon is not None else frozenset()
    if wh == "how_many" and (m := _WHAT_VERB.search(asking)) and set(analyze(m.group(1))) <= verbs \
            and not _FIGURE_ASKED.search(asking[:m.start()] + asking[m.end():]):
        wh = "other"  # "what happens to variance": a verb after "what" asks what happens, not a figure
    if wh == "other" and lexicon is not None:  # "what was the CAGR of ...": a rate, spelled out
        spelled = lexicon.spelled_out(asking)
        wh = "how_many" if spelled != asking and _FIGURE_ASKED.search(spelled) else wh
    # a figure asked for is quoted, not summarized or listed ("what statistic does the summary report?")
    kind = "passage" if wh == "how_many" else "summary" if SUMMARY.search(text) and not _SUMMARY_SUBJECT.search(text) else "list" if _lists(text, lexicon) else "passage"
    terms = tuple(dict.fromkeys(analyze(expand_query(text, lexicon))))
    asked = asked_phrase(text, lexicon) if wh != "how_many" else ""
    return Intent(text=text, kind=kind, wh=wh, years=years_in(text), terms=terms, asked=asked)


_ORDINALS = {"first": 0, "1st": 0, "lead": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
             "last": -1, "corresponding": -1}
_AUTHOR_ORDINAL = re.compile(r"\b(?:the\s+)?(" + "|".join(_ORDINALS) + r")[- ]author\b", re.IGNORECASE)


_OTHER_AUTHOR = re.compile(r"\b(?:the\s+)?other\s+(?:co-?)?authors?\b", re.IGNORECASE)


def name_authors(text: str, authors: tuple[str, ...], previous: str = "") -> str:
    """Replace "the second author" by the author's name, so that retrieval can find it; "the other author" by the
    authors the ``previous`` question did not name (by surname), when it named some."""
    def replace(match: re.Match) -> str:
        i = _ORDINALS[match.group(1).lower()]
        return authors[i] if authors and -len(authors) <= i < len(authors) else match.group(0)

    def others(match: re.Match) -> str:
        named = [a for a in authors if a.split() and re.search(rf"\b{re.escape(a.split()[-1])}\b", previous, re.I)]
        rest = [a for a in authors if a not in named]
        return " and ".join(rest) if named and rest else match.group(0)

    return _OTHER_AUTHOR.sub(others, _AUTHOR_ORDINAL.sub(replace, text))

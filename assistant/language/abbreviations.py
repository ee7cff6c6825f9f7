"""Abbreviations a paper defines in parentheses, found with the algorithm of Schwartz & Hearst (2003).

For every ``(ABBR)`` of 2-10 characters with a letter, the long form is the shortest run of words just before it in
which the abbreviation's letters occur in order, its first letter opening the first word: "Yangtze River Delta
(YRD)", "State Intellectual Property Office (SIPO)", "generalized empirical likelihood (GEL)".

An abbreviation the paper uses without defining it ("the PBC study") stands for a run of as many words elsewhere in
the paper whose initials spell it ("subjects with primary biliary cirrhosis"), when one such run exists, or one of
several is in a sentence that also names the abbreviation (:func:`spelled_initials`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_PAREN = re.compile(r"\(([A-Za-z][A-Za-z0-9&.\-]{1,9})\)")
_WORDS = re.compile(r"[^\W\d_]+(?:['’]s)?(?:[\s-]+[^\W\d_]+(?:['’]s)?)*")
_CAPITALS = re.compile(r"(?<![\w-])[A-Z]{3,6}(?![\w-])")
_WORD = re.compile(r"[^\W\d_]{3,}")


def spelled_initials(texts: list[str], *, known: Callable[[str], bool], stop: Callable[[str], bool]) -> dict[str, str]:
    """``{"pbc": "primary biliary cirrhosis"}``: each abbreviation of 3-6 capitals used in ``texts`` and not ``known``
    (defined, common, or a word), with the run of as many consecutive words (3 letters or more, none ``stop``) whose
    initials spell it: the one run, or the one in a sentence that also names the abbreviation."""
    used = {m.group().lower() for text in texts for m in _CAPITALS.finditer(text)}
    used = {u for u in used if not known(u)}
    if not used:
        return {}
    runs: dict[str, dict[str, bool]] = {}
    sizes = {len(u) for u in used}
    for text in texts:
        for sentence in re.split(r"[.;:!?()\[\]]", text):
            words = [m.group() for m in _WORD.finditer(sentence)]
            lowered = sentence.lower()
            for size in sizes:
                for k in range(len(words) - size + 1):
                    run = words[k:k + size]
                    initials = "".join(w[0].lower() for w in run)
                    if initials in used and not any(w.isupper() or stop(w) for w in run):
                        beside = re.search(rf"(?<![\w-]){initials}(?![\w-])", lowered) is not None
                        found = runs.setdefault(initials, {})
                        phrase = " ".join(w.lower() for w in run)
                        found[phrase] = found.get(phrase, False) or beside
    out = {}
    for short, found in runs.items():
        beside = [phrase for phrase, near in found.items() if near]
        if len(found) == 1 or len(beside) == 1:
            out[short] = beside[0] if len(beside) == 1 else next(iter(found))
    return out


def defined_abbreviations(texts: list[str]) -> dict[str, str]:
    """``{"yrd": "Yangtze River Delta"}`` over all ``texts``; the first definition of an abbreviation wins."""
    out: dict[str, str] = {}
    for text in texts:
        for match in _PAREN.finditer(text):
            short = match.group(1)
            if sum(c.isupper() for c in short) < 2 and not (short[0].isupper() and len(short) <= 4):
                continue  # "(see)", "(e.g.)": not an abbreviation
            words = text[:match.start()].split()
            long_form = _long_form(short, words[-min(len(short) + 5, 2 * len(short)):])
            if long_form:
                out.setdefault(short.lower(), long_form)
    return out


def _long_form(short: str, words: list[str]) -> str | None:
    """Schwartz-Hearst: match the abbreviation's characters right to left against the candidate text."""
    candidate = " ".join(words).strip(" ,;:")
    letters = [c.lower() for c in short if c.isalnum()]
    s, l = len(letters) - 1, len(candidate) - 1
    while s >= 0:
        c = letters[s]
        while l >= 0 and (candidate[l].lower() != c or (s == 0 and l > 0 and candidate[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        s -= 1
        l -= 1
    start = candidate.rfind(" ", 0, l + 2) + 1
    long_form = candidate[start:].strip(" ,;:\"“”")
    if not long_form or len(long_form.split()) > len(letters) + 5 or long_form.lower() == short.lower():
        return None
    if not _WORDS.fullmatch(long_form):
        return None  # code ("MSE <- cbind(...)") or the end of one sentence and the start of another: no name
    return long_form

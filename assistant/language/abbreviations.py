"""Abbreviations a paper defines in parentheses, found with the algorithm of Schwartz & Hearst (2003).

For every ``(ABBR)`` of 2-10 characters with a letter, the long form is the shortest run of words just before it in
which the abbreviation's letters occur in order, its first letter opening the first word: "Yangtze River Delta
(YRD)", "State Intellectual Property Office (SIPO)", "generalized empirical likelihood (GEL)".
"""

from __future__ import annotations

import re

_PAREN = re.compile(r"\(([A-Za-z][A-Za-z0-9&.\-]{1,9})\)")
_WORDS = re.compile(r"[^\W\d_]+(?:['’]s)?(?:[\s-]+[^\W\d_]+(?:['’]s)?)*")


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

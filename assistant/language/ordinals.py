"""Ordinal words and their numbers ("third" and "3rd" are 3): English morphology, the same for every paper."""

from __future__ import annotations

import re

ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_SUFFIXED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)")


def ordinal_value(word: str) -> int | None:
    """``"third"`` -> 3, ``"2nd"`` -> 2; None for a word that is no ordinal."""
    low = word.lower()
    if low in ORDINAL_WORDS:
        return ORDINAL_WORDS.index(low) + 1
    match = _SUFFIXED.fullmatch(low)
    return int(match.group(1)) if match else None


def ordinal_numbers(text: str) -> frozenset[str]:
    """The numbers of the ordinals in a text, as terms: "the third epoch" -> {"3"} (a row labelled "tgroup=3")."""
    return frozenset(str(n) for w in re.findall(r"\w+", text) if (n := ordinal_value(w)) is not None)

"""Words that ask for one end of a ranking ("highest", "slowest", "most", "worst"), read from
``assistant/data/superlatives.tsv``: general English, the same for every paper."""

from __future__ import annotations

import functools
import re


UPPER = frozenset({"high", "good", "strong"})
"""The senses of the upper end of a ranking: the highest value, the best, the strongest."""
OPPOSITE = {"high": "low", "low": "high", "good": "bad", "bad": "good", "strong": "weak", "weak": "strong"}
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@functools.cache
def superlative_words() -> dict[str, tuple[str, str]]:
    """Word -> (kind, sense): kind "superlative" (asks on its own), "ranking" (asks on its own in prose, but no
    table's figures say which end it is: "fastest"), "degree" ("most", "least") or "property" (gives a degree word
    its sense); sense "high"/"low", "good"/"bad" or "strong"/"weak"."""
    from ..lexical import data_phrases  # (here: ..lexical imports this package, so a module-level import is
    # circular when assistant.index or assistant.lexical is the first module imported)

    out = {}
    for line in data_phrases("superlatives.tsv"):
        word, kind, sense = line.split("\t")
        out[word] = (kind, sense)
    return out


def plain_words(text: str) -> list[str]:
    """The lower-cased words of ``text`` as the data file spells them (a hyphenated word whole), in order."""
    return _WORD.findall(text.lower())


def ranking_ends(text: str) -> list[tuple[str, bool]]:
    """The words of ``text`` that ask for an end of a ranking on their own (superlatives, "most", "least"), each with
    whether it is the upper end, in order: "the slowest growth" -> [("slowest", False)]."""
    table = superlative_words()
    return [(w, table[w][1] in UPPER) for w in plain_words(text)
            if table.get(w, ("",))[0] in ("superlative", "ranking", "degree")]

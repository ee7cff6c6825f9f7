"""One paper's view of the language: its vocabulary, the abbreviations it defines, and which question words mean
(or mean the opposite of) which of its words.

Built from the paper's texts and the WordNet table (:mod:`.wordnet`), then cached by a hash of those texts, so a
process that answers questions never loads WordNet itself. A question is read against it in three ways:

- :meth:`Lexicon.correct`: misspelled words (unknown to the paper and to WordNet) become the nearest word of the
  paper or a function word (rapidfuzz, optimal string alignment distance, at most 1 edit for short words, 2 for
  longer ones); names (capitalized words) are never changed;
- :meth:`Lexicon.expand`: abbreviations (the paper's own definitions first, then ``assistant/data/abbreviations.tsv``)
  and synonyms that the paper uses (through shared WordNet synsets) for question words it does not use;
- :meth:`Lexicon.opposites`: the paper's words that are antonyms of the question's ("fell" -> rise, "slowest" ->
  fast), so that a sentence about the opposite direction can be told apart.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..config import ROOT
from .abbreviations import defined_abbreviations, spelled_initials
from .wordnet import TABLE_VERSION, WordNetTable, cache_dir, load_table

log = logging.getLogger(__name__)

COMMON_ABBREVIATIONS = ROOT / "assistant" / "data" / "abbreviations.tsv"
RELATED_TERMS = ROOT / "assistant" / "data" / "related-terms.tsv"
LEXICON_VERSION = "11"
_WORD = re.compile(r"[A-Za-z][A-Za-z&'’]*(?:-[A-Za-z]+)*")
_FUNCTION_WORDS = ("how many much what which who whom whose when where why were was is are there their they them this "
                   "that these those does did have has had with from about between during than then other paper").split()
_QUESTION_WORDS = ("how", "what", "which", "who", "whom", "whose", "when", "where", "why")


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English function words no lexical database lists (``assistant/data/function-words.txt``): never a typo."""
    from ..lexical import data_phrases  # (..lexical imports this package: a module-level import is circular)

    return frozenset(data_phrases("function-words.txt"))


ENGLISH_WORDS = os.environ.get("ASSISTANT_WORDS", "/usr/share/dict/american-english")
"""A word list of English (Debian's ``wamerican``, SCOWL; installed by scripts/setup.sh): inflections and function
words ("gave", "told", "unless") that WordNet's lemmas do not list."""


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lower-cased words of :data:`ENGLISH_WORDS` (possessives left out): never a typo. Empty, with a warning,
    when the list is not installed (misspellings are then judged by the paper's words and WordNet alone)."""
    try:
        with open(ENGLISH_WORDS, encoding="utf-8") as handle:
            return frozenset(w.lower() for line in handle if (w := line.strip()) and "'" not in w)
    except OSError as error:
        log.warning("no English word list at %s (%s): spelling is judged without it", ENGLISH_WORDS, error)
        return frozenset()


def _read_pairs(path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, _, meaning = line.partition("\t")
            out[word.strip().lower()] = meaning.strip()
    return out


@lru_cache(maxsize=1)
def common_abbreviations() -> dict[str, str]:
    """``assistant/data/abbreviations.tsv``: lower-cased abbreviation -> what it stands for."""
    return _read_pairs(COMMON_ABBREVIATIONS)


@lru_cache(maxsize=1)
def related_terms() -> dict[str, str]:
    """``assistant/data/related-terms.tsv``: everyday words -> the terms economics and business papers use."""
    return _read_pairs(RELATED_TERMS)


def _stem_all(text: str) -> list[str]:
    from ..lexical import analyze

    return analyze(text)


@dataclass(frozen=True)
class Lexicon:
    """See the module docstring. Stems are the analyzer's (:func:`assistant.lexical.analyze`)."""

    vocabulary: dict[str, int]
    """Paper stems and how often they occur."""
    words: dict[str, int]
    """Paper words (lower-cased surface forms) and how often they occur: the targets of typo correction."""
    abbreviations: dict[str, str]
    """Abbreviations the paper defines ("Yangtze River Delta (YRD)"), lower-cased."""
    synonyms: dict[str, frozenset[str]]
    """A stem (or a space-joined multi-word stem) -> paper stems sharing a WordNet synset with it."""
    antonyms: dict[str, frozenset[str]]
    """A stem -> paper stems that are WordNet antonyms of it."""
    bases: dict[str, str] = field(default_factory=dict)
    """Irregular word forms -> base stems ("fell" -> "fall")."""
    initials: dict[str, str] = field(default_factory=dict)
    """Initials of the paper's multi-word names ("yrd" -> "Yangtze River Delta"), read only when typed in capitals."""
    spelled: dict[str, str] = field(default_factory=dict)
    """Abbreviations the paper uses without defining them, with the run of its words their initials spell ("pbc" ->
    "primary biliary cirrhosis"; :func:`~assistant.language.abbreviations.spelled_initials`): read in the paper's
    sentences, never used to expand a question (a guess, like a name typed in lower case, "pbc" data)."""
    common_verbs: frozenset[str] = frozenset()
    """Stems of common English verbs ("report", "give", "produce"; WordNet's sense counts): in a question they frame
    the asking rather than name what is asked about."""
    verb_only: frozenset[str] = frozenset()
    """Words WordNet knows only as verbs ("explain"); see :attr:`WordNetTable.verb_only`."""
    verb_leaning: frozenset[str] = frozenset()
    """Words used mostly as verbs ("show", "give"); see :attr:`WordNetTable.verb_leaning`."""
    derived: dict[str, frozenset[str]] = field(default_factory=dict)
    """A stem -> paper stems WordNet derives from it across parts of speech ("conclud" -> "conclus" when the paper
    has a Conclusion); see :attr:`WordNetTable.derived`."""

    @classmethod
    def build(cls, texts: list[str], table: WordNetTable | None = None) -> Lexicon:
        table = table if table is not None else load_table()
        vocabulary = Counter(t for text in texts for t in _stem_all(text))
        words = Counter(w.lower() for text in texts for w in _WORD.findall(text))
        synonyms: dict[str, set[str]] = {}
        antonyms: dict[str, set[str]] = {}
        derived = {stem: found for stem, forms in table.derived.items()  # "conclud" -> "conclus" when the paper
                   if (found := forms & vocabulary.keys())}  # says "Conclusion"
        for stem in vocabulary:
            keys = {stem, table.bases.get(stem, stem), _base_in(stem, table.bases, table.synonyms),
                    _base_in(stem, table.bases, table.antonyms)}
            for key in keys:  # "fastest" is looked up as itself and as "fast", "fell" as itself and as "fall"
                for other in table.synonyms.get(key, ()):
                    synonyms.setdefault(other, set()).add(stem)
                for other in table.antonyms.get(key, ()):
                    antonyms.setdefault(other, set()).add(stem)
        from ..lexical import find_acronyms, is_stopword

        abbreviations = defined_abbreviations(texts)
        spelled = spelled_initials(texts, stop=is_stopword, known=lambda short: (
            short in abbreviations or short in common_abbreviations() or short in table.known))
        return cls(vocabulary=dict(vocabulary), words=dict(words), abbreviations=abbreviations, spelled=spelled,
                   synonyms={k: frozenset(v) for k, v in synonyms.items()},
                   antonyms={k: frozenset(v) for k, v in antonyms.items()}, bases=dict(table.bases),
                   initials=find_acronyms(texts), common_verbs=table.common_verbs, verb_only=table.verb_only,
                   verb_leaning=table.verb_leaning, derived={k: frozenset(v) for k, v in derived.items()})

    @classmethod
    def load(cls, texts: list[str]) -> Lexicon:
        """The lexicon of ``texts``, from the cache when it was built before for the same texts."""
        digest = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()[:24]
        path = cache_dir() / "lexicons" / f"{digest}-v{LEXICON_VERSION}-wn{TABLE_VERSION}.json.gz"
        if path.is_file():
            try:
                return cls.from_json(json.loads(gzip.decompress(path.read_bytes())))
            except (OSError, ValueError, KeyError) as exc:
                log.warning("Lexicon cache %r is unreadable (%s); building it again", str(path), exc)
        lexicon = cls.build(texts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(gzip.compress(json.dumps(lexicon.to_json()).encode("utf-8")))
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("Cannot cache the lexicon in %r: %s", str(path), exc)
        return lexicon

    def to_json(self) -> dict:
        return {"vocabulary": self.vocabulary, "words": self.words, "abbreviations": self.abbreviations,
                "synonyms": {k: sorted(v) for k, v in self.synonyms.items()},
                "antonyms": {k: sorted(v) for k, v in self.antonyms.items()}, "bases": self.bases,
                "initials": self.initials, "spelled": self.spelled, "common_verbs": sorted(self.common_verbs),
                "verb_only": sorted(self.verb_only), "verb_leaning": sorted(self.verb_leaning),
                "derived": {k: sorted(v) for k, v in self.derived.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls(vocabulary=data["vocabulary"], words=data["words"], abbreviations=data["abbreviations"],
                   synonyms={k: frozenset(v) for k, v in data["synonyms"].items()},
                   antonyms={k: frozenset(v) for k, v in data["antonyms"].items()}, bases=data["bases"],
                   initials=data["initials"], spelled=data["spelled"], common_verbs=frozenset(data["common_verbs"]),
                   verb_only=frozenset(data["verb_only"]), verb_leaning=frozenset(data["verb_leaning"]),
                   derived={k: frozenset(v) for k, v in data["derived"].items()})

    # -- reading a question ----------------------------------------------------------------------------------------
    def base(self, stem: str) -> str:
        """The base stem of an irregular or graded form: ``"fell"`` -> ``"fall"``, ``"slowest"`` -> ``"slow"``."""
        if stem in self.vocabulary:
            return stem
        return _base_in(stem, self.bases, self.synonyms, self.antonyms)

    def positive(self, stem: str) -> str:
        """The positive degree of a superlative even when the paper uses that form too: ``"lowest"`` -> ``"low"``,
        ``"best"`` -> ``"good"``; any other stem as it is (not "number", which no "-er" makes a graded "numb")."""
        if stem not in self.bases and not stem.endswith("est"):
            return stem
        return _base_in(stem, self.bases, self.synonyms, self.antonyms, own=False)

    def expand(self, text: str) -> list[str]:
        """Words to add to a query: what its abbreviations stand for, and the paper's synonyms of its words that
        the paper does not use itself (kept per text: several stages of one question expand the same text)."""
        cache = self._expansions
        found = cache.get(text)
        if found is None:
            if len(cache) >= 4096:
                cache.clear()
            found = cache[text] = tuple(self._expand(text))
        return list(found)

    @cached_property
    def _expansions(self) -> dict[str, tuple[str, ...]]:
        return {}

    @cached_property
    def _targets(self) -> list[str]:
        """The words typos are corrected to: the paper's words and the function words, sorted."""
        return sorted(set(self.words) | set(_FUNCTION_WORDS))

    def _expand(self, text: str) -> list[str]:
        extra: list[str] = []
        for whole in _WORD.findall(text):
            # a hyphenated word, and failing that its parts ("J-stat": the J statistic; "p-val": the p-value)
            for typed in [whole] + (whole.split("-") if "-" in whole and not self._meaning(whole) else []):
                token = typed.lower().strip("'’")
                meaning = self._meaning(typed)
                if meaning:
                    extra.append(meaning)
                if token in related_terms():
                    extra.append(related_terms()[token])
        stems = [self.base(s) for s in _stem_all(" ".join([text, *extra]))]
        for stem in stems:
            if stem in self.vocabulary:
                continue
            extra += sorted(self.synonyms.get(stem, ()))
        for a, b in zip(stems, stems[1:]):  # multi-word synonyms: "labor force" -> workforce
            extra += sorted(self.synonyms.get(f"{a} {b}", ()))
        return extra

    def spelled_out(self, text: str) -> str:
        """``text`` with its abbreviations replaced by what they stand for ("the CAGR of" -> "the compound annual
        growth rate of")."""
        def spell(match: re.Match) -> str:
            typed = match.group()
            whole = self._meaning(typed)
            if whole or "-" not in typed:
                return whole or typed
            return "-".join(self._meaning(part) or part for part in typed.split("-"))  # "J-stat": "J-statistic"

        return _WORD.sub(spell, text)

    def _meaning(self, typed: str) -> str | None:
        """What an abbreviation typed in a question stands for: the paper's own, else a common one the paper does
        not use as a word (or uses, but as no term a sentence can be matched by: "R&D"), else the initials of one of
        the paper's names ("CIR")."""
        token = typed.lower().strip("'’")
        return (self.abbreviations.get(token)
                or (common_abbreviations().get(token) if token not in self.words or not _stem_all(token) else None)
                or (self.initials.get(token) if typed.isupper() and len(typed) >= 2 else None))

    def derived_forms(self, stems: Iterable[str]) -> frozenset[str]:
        """Paper stems WordNet derives from any of ``stems``: "conclud" (of "concludes") gives "conclus" (of
        "Conclusion"), so a request names a section by a word its title holds in another form."""
        return frozenset().union(*(self.derived.get(stem, frozenset()) for stem in stems))

    def opposites(self, stems: tuple[str, ...] | list[str]) -> frozenset[str]:
        """Paper stems that are antonyms of any of ``stems``."""
        out: set[str] = set()
        for stem in stems:
            for key in (stem, self.bases.get(stem, stem), _base_in(stem, self.bases, self.antonyms),
                        _base_in(stem, self.bases, self.antonyms, own=False)):  # "slowest" also as "slow"
                out |= self.antonyms.get(key, frozenset())
        return frozenset(out)

    def correct(self, text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
        """``text`` with misspelled words replaced, and the ``(typed, corrected)`` pairs."""
        changes: list[tuple[str, str]] = []
        targets = None
        asks_already = any(w.lower() in _QUESTION_WORDS for w in re.findall(r"[A-Za-z]+", text)[1:])

        def fix(match: re.Match) -> str:
            nonlocal targets
            word = match.group()
            low = word.lower()
            name = word[0].isupper() and match.start() > 0  # a capitalized word inside the question: a name
            if (len(low) < (5 if name else 3) or not low.isalpha() or low in self.words or low in _FUNCTION_WORDS
                    or low in function_words()
                    or word.isupper() or low in self.abbreviations or low in common_abbreviations()):
                return word
            from rapidfuzz.distance import OSA

            if match.start() == 0 and low not in self.words and not asks_already:  # the word that opens a
                asked = {w for w in _QUESTION_WORDS  # question, a slip from a question word ("wich"; "wats", as
                         if OSA.distance(low, w) == 1 or OSA.distance(low, w + "s") <= 1}  # "whats" is read: "what")
                if len(asked) == 1:  # in one that has none: that word, however rare a word of its own it is ("wat")
                    fixed = next(iter(asked))
                    fixed = fixed[:1].upper() + fixed[1:] if word[0].isupper() else fixed
                    changes.append((word, fixed))
                    return fixed
            if low.endswith("s") and low[:-1] in _QUESTION_WORDS:  # "what's" typed without its apostrophe,
                fixed = word[:-1]  # wherever it stands ("since v1.4-0 whats the default ...")
                changes.append((word, fixed))
                return fixed
            stems = _stem_all(low)
            if not stems or all(s in self.vocabulary for s in stems) or low in english_words():
                return word  # (a word of English the paper does not use is no typo: "gave", "unless")
            known = known_stems()  # read on the first word the paper does not use
            if name and any(_base_in(s, self.bases, known) in known for s in stems):
                return word  # a name the language knows ("Germany"): the paper's silence on it is the answer
            if all(s in self.vocabulary or _base_in(s, self.bases, known) in known for s in stems):
                return word
            from rapidfuzz import process

            if targets is None:
                targets = self._targets
            limit = 1 if len(low) <= 4 or name else 2  # a name unknown to paper and language: one slip ("Hwang")
            found = process.extract(low, targets, scorer=OSA.distance, score_cutoff=limit, limit=5)
            if not found:
                return word
            # dropped letters are the commonest slip: between equals, a longer word, then the paper's commoner one
            best = min(found, key=lambda f: (f[1], f[0][0] != low[0], len(f[0]) <= len(low), -self.words.get(f[0], 0),
                                             f[0]))
            fixed = best[0][:1].upper() + best[0][1:] if word[0].isupper() else best[0]
            changes.append((word, fixed))
            return fixed

        # whole words, and the longer parts of hyphenated ones ("patent-intensve"); not "pre-" of "pre-tax", not "R2"
        corrected = re.sub(r"(?<![\w-])[A-Za-z]+(?![\w-])|(?<=-)[A-Za-z]{5,}(?![\w-])|(?<![\w-])[A-Za-z]{5,}(?=-[A-Za-z])",
                           fix, text)
        return corrected, tuple(changes)


def _base_in(stem: str, bases: dict[str, str], *known: dict, own: bool = True) -> str:
    """``stem`` if a table knows it (and ``own``), else its base: an irregular form from WordNet's exception lists,
    or a regular comparative/superlative with its ending taken off (WordNet's morphy rules for adjectives)."""
    if own and any(stem in table for table in known):
        return stem
    if stem in bases:
        return bases[stem]
    for suffix in ("est", "er"):
        if stem.endswith(suffix) and len(stem) > len(suffix) + 2:
            root = stem[: -len(suffix)]
            for candidate in (root, root[:-1] if root[-1] == root[-2] else root, root + "e"):
                if any(candidate in table for table in known):
                    return candidate
    return stem


@lru_cache(maxsize=1)
def known_stems() -> frozenset[str]:
    """Every WordNet stem, to tell a real word the paper does not use from a misspelling (cached as plain text)."""
    path = cache_dir() / f"wordnet-stems-v{TABLE_VERSION}.txt"
    if path.is_file():
        return frozenset(path.read_text(encoding="utf-8").split("\n"))
    stems = load_table().known
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(sorted(stems)), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("Cannot cache the WordNet stems in %r: %s", str(path), exc)
    return stems


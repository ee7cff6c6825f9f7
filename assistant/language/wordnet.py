"""WordNet 3.0 (Debian's ``wordnet-base``, read with NLTK) as a compact table of word stems.

NLTK takes seconds to import and to open WordNet, so the table is derived once per machine and cached as JSON:
for every stem of a WordNet lemma, the stems of its synonyms (co-lemmas of its synsets) and of its antonyms (direct,
and those of the adjectives it is similar to: "slow" is an antonym of "fast", so of "rapid" too), and of the words
derived from it across parts of speech ("conclude", "conclusion"). Stems are the
project's analyzer stems, so a question word and a paper word meet whatever their inflection.

NLTK reads WordNet only from inside one of its data roots, and Debian's layout lacks the ``lexnames`` file: the
files are copied into ``<cache>/nltk_data/corpora/wordnet/`` with ``assistant/data/wordnet-lexnames`` beside them.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import logging
import os
import shutil
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..config import ROOT

log = logging.getLogger(__name__)

WORDNET_FILES = Path(os.environ.get("ASSISTANT_WORDNET_DIR", "/usr/share/wordnet"))
LEXNAMES = ROOT / "assistant" / "data" / "wordnet-lexnames"
TABLE_VERSION = "7"
COMMON_VERB_COUNT = 100
"""A lemma tagged this often as a verb in SemCor (WordNet's sense counts), and more often as a verb than as anything
else, is a common verb ("report", "give", "produce", "take"): in a question it frames the asking."""
VERB_LEAN = 5
"""A word tagged as a verb at least this many times as often as a noun in SemCor (and at least this many times) is
read as a verb when it follows its subject ("which estimator performs", "which covariate shows"), where "-s" alone
would make it a plural noun; "sets", "measures" and "estimates" lean less and stay nouns ("which data sets")."""


def cache_dir() -> Path:
    """Where derived language data is kept (``ASSISTANT_CACHE_DIR``, else ``~/.cache/paper-assistant``)."""
    env = os.environ.get("ASSISTANT_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "paper-assistant"


@dataclass(frozen=True)
class WordNetTable:
    """Stems of WordNet lemmas with the stems of their synonyms and antonyms."""

    synonyms: dict[str, frozenset[str]]
    antonyms: dict[str, frozenset[str]]
    bases: dict[str, str]
    """Irregular forms from WordNet's exception lists: ``"fell" -> "fall"``, ``"shrank" -> "shrink"``."""
    common_verbs: frozenset[str] = frozenset()
    """Stems of common English verbs (see :data:`COMMON_VERB_COUNT`)."""
    verb_only: frozenset[str] = frozenset()
    """Lower-case words WordNet knows as verbs and never as nouns ("explain", "perform", "solve")."""
    verb_leaning: frozenset[str] = frozenset()
    """Lower-case words used mostly as verbs (see :data:`VERB_LEAN`: "give", "show", "look")."""
    derived: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    """Stems of the words WordNet derives from one another across parts of speech, in their commonest senses:
    ``"conclud" -> {"conclus", ...}`` ("concludes" and "Conclusion" are one word to a reader, not to a stemmer)."""

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.synonyms)

    @classmethod
    def empty(cls) -> WordNetTable:
        return cls(synonyms={}, antonyms={}, bases={})


def _reader():
    """NLTK's WordNet reader over a copy of Debian's files inside an NLTK data root."""
    root = cache_dir() / "nltk_data"
    target = root / "corpora" / "wordnet"
    if not (target / "lexnames").is_file() or not (target / "index.sense").is_file():
        for name, package in (("data.noun", "wordnet-base"), ("index.sense", "wordnet-sense-index")):
            if not (WORDNET_FILES / name).is_file():
                raise FileNotFoundError(f"WordNet's {name} is not in {str(WORDNET_FILES)!r}: apt-get install {package}")
        target.mkdir(parents=True, exist_ok=True)
        for file in WORDNET_FILES.iterdir():
            if file.is_file():
                shutil.copyfile(file, target / file.name)  # plain copies: NLTK refuses symlinks out of its roots
        shutil.copyfile(LEXNAMES, target / "lexnames")
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader
    from nltk.data import FileSystemPathPointer

    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available": we use none
        return WordNetCorpusReader(FileSystemPathPointer(str(target)), None)


def _stems(name: str) -> str:
    """A lemma name as the analyzer's stems: ``"labor_force"`` -> ``"labor forc"``."""
    from ..lexical import analyze

    return " ".join(analyze(name.replace("_", " ").replace("-", " ")))


def _kinds_of(synset, levels: int = 2) -> list:
    """What a word sense is a kind (or manner) of, up to ``levels`` steps up, short of the roots of WordNet's
    hierarchy: "shrivel" is a way to "decrease"; everything is a way to "change", whose antonym "stay" says nothing."""
    out, frontier = [], [synset]
    for _ in range(levels):
        frontier = [h for s in frontier for h in s.hypernyms() if h.min_depth() >= 1]
        out += frontier
    return out


def build_table(senses: int = 2) -> WordNetTable:
    """For every lemma, its ``senses`` commonest senses per part of speech (WordNet lists them by frequency): their
    co-lemmas are its synonyms; their direct antonyms, and those of the adjectives they are similar to, its
    antonyms. Rare senses are left out: they would make "duck" a synonym of "dodge"."""
    wn = _reader()
    synonyms: dict[str, set[str]] = {}
    antonyms: dict[str, set[str]] = {}
    derived: dict[str, set[str]] = {}
    for name in wn.all_lemma_names():
        stem = _stems(name)
        if not stem:
            continue
        rank: dict[str, int] = {}
        for synset in wn.synsets(name):  # grouped by part of speech, each group by frequency
            pos = "a" if synset.pos() == "s" else synset.pos()
            rank[pos] = rank.get(pos, 0) + 1
            if rank[pos] > senses:
                continue
            names = {s for s in (_stems(lemma.name()) for lemma in synset.lemmas()) if s}
            for lemma in synset.lemmas():
                if _stems(lemma.name()) == stem:
                    forms = {_stems(f.name()) for f in lemma.derivationally_related_forms()} - {stem, ""}
                    derived.setdefault(stem, set()).update(f for f in forms if " " not in f)
            synonyms.setdefault(stem, set()).update(names - {stem})
            opposite = {_stems(a.name()) for lemma in synset.lemmas() for a in lemma.antonyms()}
            for similar in synset.similar_tos():
                opposite |= {_stems(a.name()) for lemma in similar.lemmas() for a in lemma.antonyms()}
            for kind in _kinds_of(synset):  # "shrink" is a way to decrease, so the opposite of increase
                opposite |= {_stems(a.name()) for lemma in kind.lemmas() for a in lemma.antonyms()}
            opposite -= names | {""}
            if opposite:
                antonyms.setdefault(stem, set()).update(opposite)
    for stem, opposite in list(antonyms.items()):  # antonymy goes both ways: "increase" is the opposite of "shrink"
        for other in opposite & antonyms.keys():  # (a form with no entry of its own, "slowest", keeps its base's)
            antonyms[other].add(stem)
    verbs, verb_only, verb_leaning = set(), set(), set()
    for name in wn.all_lemma_names(pos="v"):
        counts = {"v": 0, "n": 0, "other": 0}
        for synset in wn.synsets(name):
            tagged = sum(lemma.count() for lemma in synset.lemmas() if lemma.name().lower() == name)
            counts["v" if synset.pos() == "v" else "other"] += tagged
            counts["n"] += tagged if synset.pos() == "n" else 0
        if counts["v"] >= COMMON_VERB_COUNT and counts["v"] > counts["other"] and (stem := _stems(name)):
            verbs.add(stem)
        if name.isalpha():
            if not wn.synsets(name, pos="n"):
                verb_only.add(name.lower())
            if counts["v"] >= VERB_LEAN * max(counts["n"], 1):
                verb_leaning.add(name.lower())
    bases = {}
    for pos in ("n", "v", "a"):
        for form, lemmas in wn._exception_map[pos].items():  # noqa: SLF001 - NLTK's parsed *.exc files
            stem, base = _stems(form), _stems(lemmas[0]) if lemmas else ""
            if stem and base and stem != base and " " not in stem:
                bases.setdefault(stem, base)
    return WordNetTable(synonyms={k: frozenset(v) for k, v in synonyms.items()},
                        antonyms={k: frozenset(v) for k, v in antonyms.items() if v}, bases=bases,
                        common_verbs=frozenset(verbs), verb_only=frozenset(verb_only),
                        verb_leaning=frozenset(verb_leaning),
                        derived={k: frozenset(v) for k, v in derived.items() if v})


@lru_cache(maxsize=1)
def load_table() -> WordNetTable:
    """The cached table, derived on first use; empty (with a warning) when WordNet is not installed."""
    path = cache_dir() / f"wordnet-table-v{TABLE_VERSION}.json.gz"
    if path.is_file():
        try:
            data = json.loads(gzip.decompress(path.read_bytes()))
            return WordNetTable(synonyms={k: frozenset(v) for k, v in data["synonyms"].items()},
                                antonyms={k: frozenset(v) for k, v in data["antonyms"].items()}, bases=data["bases"],
                                common_verbs=frozenset(data["common_verbs"]), verb_only=frozenset(data["verb_only"]),
                                verb_leaning=frozenset(data["verb_leaning"]),
                                derived={k: frozenset(v) for k, v in data["derived"].items()})
        except (OSError, ValueError, KeyError) as exc:
            log.warning("WordNet cache %r is unreadable (%s); deriving it again", str(path), exc)
    try:
        table = build_table()
    except (FileNotFoundError, LookupError, ImportError) as exc:
        log.warning("No WordNet (%s): questions are read without synonyms and antonyms", exc)
        return WordNetTable.empty()
    data = {"synonyms": {k: sorted(v) for k, v in table.synonyms.items()},
            "antonyms": {k: sorted(v) for k, v in table.antonyms.items()}, "bases": table.bases,
            "common_verbs": sorted(table.common_verbs), "verb_only": sorted(table.verb_only),
            "verb_leaning": sorted(table.verb_leaning), "derived": {k: sorted(v) for k, v in table.derived.items()}}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(json.dumps(data).encode("utf-8"), compresslevel=5))
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("Cannot cache WordNet table in %r: %s", str(path), exc)
    return table

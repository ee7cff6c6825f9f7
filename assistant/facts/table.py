"""The facts table the assistant uses: the reviewed CSV when it matches the paper, else the extractor's table, with
the checks' readings (``value_used`` / ``unit_used``) applied; and its text forms (CSV, a readable table, the checks).

A reviewed ``corpus/facts.csv`` (written by ``python -m assistant facts --csv``) is what :func:`load_facts` uses when
it matches the paper; the extractor is the fallback for another paper.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..types import Citation, Document
from .checks import Check, check_facts
from .extract import extract_table
from .typed import FactTable
from .rows import COLUMNS, FACTS_FILE, format_amount, typed_table
from .vocabulary import EMPTY, Vocabulary

log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Facts:
    """The facts table (stored columns plus ``value_used`` / ``unit_used``, the calculator's reading) and its checks."""

    table: pd.DataFrame
    checks: list[Check] = field(default_factory=list)
    source: str = "extracted"
    vocabulary: Vocabulary = EMPTY  # the paper's words beyond its text (``vocabulary.json`` beside it), if any

    @property
    def typed(self) -> FactTable:
        """The same facts as typed :class:`~assistant.types.Fact` values (built once)."""
        if "_typed" not in self.__dict__:
            object.__setattr__(self, "_typed", FactTable.from_frame(self.table))
        return self.__dict__["_typed"]

    def row(self, fact_id: str) -> pd.Series:
        rows = self.__dict__.setdefault("_rows", {})  # kept per id: the table never changes once loaded
        if fact_id not in rows:
            rows[fact_id] = self.table.loc[self.table["id"] == fact_id].iloc[0]
        return rows[fact_id]

    def of_base(self, base: str) -> pd.DataFrame:
        """The rows of one metric (grouped once: the table never changes once loaded)."""
        if "_by_base" not in self.__dict__:
            object.__setattr__(self, "_by_base", {str(b): g for b, g in self.table.groupby("base", sort=False)})
        return self.__dict__["_by_base"].get(base, self.table.iloc[0:0])

    def select(self, base: str, kinds: tuple[str, ...], subject: str | None = None, year: str | None = None,
               bounds: bool = False) -> pd.DataFrame:
        """The rows of one metric of the given kinds, for one subject and one year when given, bounded figures ("more
        than ...") only with ``bounds``; kept per selection: the table never changes once loaded, and questions ask
        for the same rows again and again (selecting on a frame of string columns costs a millisecond)."""
        key = (base, tuple(kinds), subject, None if year is None else str(year), bounds)
        selected = self.__dict__.setdefault("_selected", {})
        if key not in selected:
            t = self.of_base(base)
            mask = t["kind"].isin(kinds)
            if subject is not None:
                mask &= t["subject"] == subject
            if year is not None:
                mask &= t["year"] == str(year)
            if not bounds:
                mask &= t["bound"] == ""
            if len(selected) >= 4096:
                selected.clear()
            selected[key] = t[mask]
        return selected[key]

    def stating(self, value: float, percent: bool) -> pd.Series | None:
        """The first row that prints or reads ``value`` (within a millionth) in a rate (%) exactly when ``percent``;
        the rows are read once (``iterrows`` over the table took milliseconds per number in a question)."""
        if "_values" not in self.__dict__:
            object.__setattr__(self, "_values", [(row, float(row["value_used"]), float(row["value"]), row["unit"] == "%")
                                                 for _, row in self.table.iterrows()])
        for row, used, printed, rate in self.__dict__["_values"]:
            if rate == percent and (math.isclose(used, value, rel_tol=1e-6) or math.isclose(printed, value, rel_tol=1e-6)):
                return row
        return None

    @property
    def main_subject(self) -> str:
        """The subject most figures are about (the first of the most frequent)."""
        if "_main_subject" not in self.__dict__:
            counts = self.table["subject"].value_counts()
            object.__setattr__(self, "_main_subject", str(counts.index[0]) if len(counts) else "")
        return self.__dict__["_main_subject"]

    @property
    def corrected(self) -> frozenset[str]:
        """The facts whose reading a check changed."""
        if "_corrected" not in self.__dict__:
            object.__setattr__(self, "_corrected", frozenset(fid for c in self.checks for fid, _, _ in c.corrections))
        return self.__dict__["_corrected"]

    def checks_for(self, fact_id: str) -> list[Check]:
        return [c for c in self.checks if fact_id in c.facts]

    def flagged(self) -> list[tuple[Check, list[tuple[str, int, int]]]]:
        """The checks that change a reading or warn, each with the ``(id, start, end)`` of every row of the facts it
        flags (its first fact and those it corrects); collected once."""
        if "_flagged" not in self.__dict__:
            spans: dict[str, list[tuple[str, int, int]]] = {}
            for span in zip(self.table["id"].tolist(), self.table["start"].tolist(), self.table["end"].tolist()):
                spans.setdefault(span[0], []).append(span)
            out = []
            for check in self.checks:
                if check.severity == "warning" or check.corrections:
                    ids = {check.facts[0], *(c[0] for c in check.corrections)}
                    out.append((check, [span for fid in ids for span in spans.get(fid, [])]))
            object.__setattr__(self, "_flagged", out)
        return self.__dict__["_flagged"]


def load_facts(document: Document, corpus_dir: Path) -> Facts:
    """The reviewed ``facts.csv`` of the corpus when present and in step with the paper, else the extractor's table;
    with the paper's ``vocabulary.json`` when there is one."""
    vocabulary = Vocabulary.load(corpus_dir)
    path = Path(corpus_dir) / FACTS_FILE
    if path.exists():
        try:
            table = typed_table(pd.read_csv(path, dtype=str, keep_default_na=False))
        except (ValueError, KeyError, pd.errors.ParserError) as exc:
            log.warning("facts file %r is unreadable (%s); extracting the facts from the paper instead", str(path), exc)
        else:
            table, stale = _anchor(document, table)
            if not stale:
                return _finish(document, table, "csv", vocabulary)
            log.warning("facts file %r does not match the paper (rows %s); extracting the facts instead; rewrite it "
                        "with `python -m assistant facts --csv`", str(path), ", ".join(stale[:5]))
    return extract_facts(document, vocabulary)


def extract_facts(document: Document, vocabulary: Vocabulary = EMPTY) -> Facts:
    """Extract the facts table from the paper and run the checks on it."""
    return _finish(document, extract_table(document, vocabulary), "extracted", vocabulary)


def _anchor(document: Document, table: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Check every row against the paper; a sentence found verbatim elsewhere (the parser moved it) is re-anchored to
    its new offsets, page and section. Returns the table and the ids of rows that no longer match."""
    table = table.copy()
    starts = {s.start: s for s in document.sentences}
    stale = []
    for i, r in table.iterrows():
        if document.text[r["sentence_start"]:r["sentence_end"]] == r["sentence"] and r["printed"] in r["sentence"]:
            continue
        found = [m.start() for m in re.finditer(re.escape(r["sentence"]), document.text)]
        offset = r["start"] - r["sentence_start"]
        if not found or document.text[found[0] + offset:found[0] + offset + len(r["printed"])] != r["printed"]:
            stale.append(r["id"])
            continue
        new = min(found, key=lambda x: abs(x - r["sentence_start"]))
        table.loc[i, ["sentence_start", "sentence_end", "start", "end"]] = [
            new, new + len(r["sentence"]), new + offset, new + offset + len(r["printed"])]
        if new in starts:
            table.loc[i, ["page", "section"]] = [starts[new].page, starts[new].section]
    if len(table) and not stale:
        log.info("facts re-anchored to the paper's current offsets")
    return table, stale


def _finish(document: Document, table: pd.DataFrame, source: str, vocabulary: Vocabulary = EMPTY) -> Facts:
    """Run the checks and apply their readings: ``value_used`` / ``unit_used`` next to the stored columns."""
    checks = _cached_checks(document, table, vocabulary)
    table = table.copy()
    table["value_used"] = table["value"]
    table["unit_used"] = table["unit"]
    for check in checks:
        for fact_id, value, unit in check.corrections:
            table.loc[table["id"] == fact_id, ["value_used", "unit_used"]] = [value, unit]
    return Facts(table=table, checks=checks, source=source, vocabulary=vocabulary)


def _cached_checks(document: Document, table: pd.DataFrame, vocabulary: Vocabulary) -> list[Check]:
    """:func:`check_facts`, kept as JSON in the cache directory (``<cache>/checks/``) under a hash of everything it
    reads: the paper (its source checksum, text and metadata), the facts table, the vocabulary, and the source code of
    this package (any code change means computing them again). The checks were most of loading the facts, in every
    process that answers a question."""
    from ..language.wordnet import cache_dir

    key = hashlib.sha256("\x00".join([
        document.checksum, hashlib.sha256(document.text.encode("utf-8")).hexdigest(), repr(document.meta),
        ",".join(f"{c}:{t}" for c, t in table.dtypes.items()),
        hashlib.sha256(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes()).hexdigest(),
        json.dumps({**dataclasses.asdict(vocabulary), "scopes": sorted(vocabulary.scopes)}, sort_keys=True), _source_digest(),
    ]).encode("utf-8")).hexdigest()[:32]
    path = cache_dir() / "checks" / f"{key}.json"
    if path.is_file():
        try:
            return [_check_from_json(row) for row in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Checks cache %r is unreadable (%s); running the checks again", str(path), exc)
    checks = check_facts(document, table, vocabulary)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([dataclasses.asdict(c) for c in checks], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError) as exc:
        log.warning("Cannot cache the checks in %r: %s", str(path), exc)
    return checks


def _check_from_json(row: dict) -> Check:
    return Check(id=row["id"], severity=row["severity"], explanation=row["explanation"], reading=row["reading"],
                 facts=tuple(row["facts"]),
                 citations=tuple(Citation(**{**c, "pages": tuple(c["pages"])}) for c in row["citations"]),
                 corrections=tuple((str(fid), float(value), str(unit)) for fid, value, unit in row["corrections"]))


@lru_cache(maxsize=1)
def _source_digest() -> str:
    """sha256 over the source files of the ``assistant`` package."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode("utf-8") + b"\x00" + path.read_bytes())
    return digest.hexdigest()


# -- text forms --------------------------------------------------------------------------------------------------------
def reading_notes(facts: Facts, start: int, end: int) -> list[str]:
    """What the checks flag about the figures printed in ``document.text[start:end]`` and how the calculator reads
    them, e.g. for a quoted sentence that prints "2.9826 billion yuan" (which reads 2.9826 trillion)."""
    notes = []
    for check, rows in facts.flagged():
        flagged = {fid for fid, first, last in rows if first >= start and last <= end}
        if flagged:
            row = facts.row(sorted(flagged)[0])
            notes.append(f"The paper prints \"{row['printed']}\" for {facts.vocabulary.label(str(row['base']))} in {row['year']}; "
                         f"the calculator {check.reading}")
    return notes


def format_facts(facts: Facts, csv: bool = False) -> str:
    """The stored columns as CSV (what ``corpus/facts.csv`` holds), or a readable table."""
    if csv:
        buffer = io.StringIO()
        facts.table[list(COLUMNS)].to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue().rstrip("\n")
    lines = [f"{len(facts.table)} facts ({facts.source}); {len(facts.checks)} checks (python -m assistant facts --checks)"]
    for r in facts.table.itertuples():
        used = "" if r.value_used == r.value and r.unit_used == r.unit else \
            f"  -> used as {format_amount(r.value_used, r.unit_used, r.scale)}"
        flags = "".join(f" [{c.id}]" for c in facts.checks_for(r.id))
        lines.append(f"{r.id} p.{r.page} {r.metric} | {r.subject or '-'} | {r.year or '-'} | {r.printed!r} "
                     f"({r.kind}{', ' + r.bound if r.bound else ''}{', projection' if r.projection else ''}){used}{flags}")
    return "\n".join(lines)


"""One row of the facts table: the stored columns and their types, a row's sentence as a Citation, a value as text."""

from __future__ import annotations

import pandas as pd

from ..numbers import SCALES, format_number
from ..types import Citation, Document

FACTS_FILE = "facts.csv"
COLUMNS = ("id", "metric", "base", "subject", "year", "n_years", "value", "unit", "scale", "kind", "bound", "low",
           "high", "projection", "rank", "whole", "printed", "page", "section", "start", "end", "sentence_start",
           "sentence_end", "sentence", "note")
_FLOAT = ("value", "low", "high", "n_years")
_INT = ("page", "start", "end", "sentence_start", "sentence_end")


def citation_for(document: Document, row: pd.Series | dict, n: int = 1) -> Citation:
    """The row's sentence as a verbatim Citation."""
    start, end = int(row["sentence_start"]), int(row["sentence_end"])
    return Citation(n=n, page=int(row["page"]), section=str(row["section"]),
                    section_label=document.section_label(str(row["section"])), quote=document.text[start:end],
                    start=start, end=end, chunk_id="", score=1.0)


def typed_table(table: pd.DataFrame) -> pd.DataFrame:
    """The stored columns in their types (floats, ints, a boolean ``projection``, strings), in order, reindexed."""
    table = table[list(COLUMNS)].copy()
    for col in _FLOAT:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype(float)
    for col in _INT:
        table[col] = table[col].astype(int)
    table["projection"] = table["projection"].map(lambda v: str(v).strip().lower() in {"true", "1"}).astype(bool)
    for col in set(COLUMNS) - set(_FLOAT) - set(_INT) - {"projection"}:
        table[col] = table[col].fillna("").astype(str)
    return table.reset_index(drop=True)


def format_amount(value: float, unit: str, scale: str = "") -> str:
    """A value in the scale the paper prints it in: ``"2.9826 trillion yuan"``, ``"17.21%"``, ``"7,697"``."""
    if unit in ("%", "pp"):
        return f"{format_number(value, 2)}{'%' if unit == '%' else ' pp'}"
    number = format_number(value / SCALES.get(scale, 1.0), 4).rstrip("0").rstrip(".")
    return " ".join(x for x in (number, scale, "" if unit == "count" else unit) if x)


def readable_amount(value: float, unit: str) -> str:
    """An operand's value as a reader wants it: money in billions, rates with their sign, counts plain."""
    return format_amount(value, unit, "billion" if unit == "yuan" and abs(value) >= 1e9 else "")

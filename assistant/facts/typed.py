"""The facts as typed values: :class:`~assistant.types.Fact` rows and a :class:`FactTable` to find them by metric,
subject, year, kind or value. The pandas table stays for the UI view and the CSV; the calculator's code reads these."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from ..types import Fact
from ..units import norm_unit


def fact_from_row(row: pd.Series | dict) -> Fact:
    """One row of the facts frame (with ``value_used`` / ``unit_used``) as a Fact."""
    n_years = float(row["n_years"]) if str(row["n_years"]) not in ("", "nan") else math.nan
    used = row.get("value_used", row["value"]) if hasattr(row, "get") else row["value"]
    unit = row.get("unit_used", row["unit"]) if hasattr(row, "get") else row["unit"]
    return Fact(id=str(row["id"]), value=float(used), unit=str(unit) or "count", scale=str(row["scale"]),
                year=str(row["year"]), subject=str(row["subject"]), metric=str(row["base"]), kind=str(row["kind"]),
                printed=str(row["printed"]), printed_value=float(row["value"]), page=int(row["page"]),
                section=str(row["section"]), start=int(row["start"]), end=int(row["end"]),
                sentence_start=int(row["sentence_start"]), sentence_end=int(row["sentence_end"]),
                label=str(row["metric"]), n_years=None if math.isnan(n_years) else n_years, bound=str(row["bound"]),
                projection=bool(row["projection"]), whole=str(row["whole"]), rank=str(row["rank"]))


@dataclass(frozen=True)
class FactTable:
    """The paper's stated figures, typed, in the order of the text."""

    facts: tuple[Fact, ...]

    @classmethod
    def from_frame(cls, table: pd.DataFrame) -> FactTable:
        return cls(tuple(fact_from_row(r) for _, r in table.iterrows()))

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def get(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(fact_id)

    def find(self, *, metric: str | Iterable[str] | None = None, subject: str | None = None,
             year: str | int | None = None, kind: str | Iterable[str] | None = None, unit: str | None = None,
             bounds: bool = False, projections: bool = True) -> tuple[Fact, ...]:
        """The facts matching every criterion given (None: any); ``bounds`` keeps "more than N" figures."""
        metrics = {metric} if isinstance(metric, str) else set(metric) if metric is not None else None
        kinds = {kind} if isinstance(kind, str) else set(kind) if kind is not None else None
        out = []
        for f in self.facts:
            if metrics is not None and f.metric not in metrics or kinds is not None and f.kind not in kinds:
                continue
            if subject is not None and f.subject != subject or year is not None and f.year != str(year):
                continue
            if unit is not None and norm_unit(f.unit) != norm_unit(unit):
                continue
            if f.bound and not bounds or f.projection and not projections:
                continue
            out.append(f)
        return tuple(out)

    def with_value(self, value: float, unit: str) -> tuple[Fact, ...]:
        """The facts that state ``value`` (as printed or as read) in a unit of the same family (a rate or not)."""
        rate = norm_unit(unit) == "%"
        return tuple(f for f in self.facts if (norm_unit(f.unit) == "%") == rate and any(
            math.isclose(v, value, rel_tol=1e-6) for v in (f.value, f.printed_value)))

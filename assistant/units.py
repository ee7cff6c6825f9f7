"""Units, scales and how amounts are shown: the one place that knows "billion", "RMB", "%" and "pp".

Values travel in base units (yuan, not billions of yuan; a rate in %, a change of a rate in percentage points); a
scale word ("billion") is only a way of showing a value. :func:`norm_unit` folds spellings ("RMB", "Billion yuan",
"percent") to a base unit, :func:`display_scale` picks the scale a money value is shown in, :func:`format_amount`
writes a value in a scale, and :func:`scaled` gives a :class:`~assistant.types.Computation`'s value in its display
scale.
"""

from __future__ import annotations

import re

__all__ = ["SCALES", "SCALE_WORDS", "CURRENCIES", "MONEY", "RATE_UNITS", "norm_unit", "is_money", "display_scale",
           "format_amount", "scaled", "scaled_unit", "scale_in"]

SCALES: dict[str, float] = {"": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_WORDS: dict[str, float] = {word: factor for word, factor in SCALES.items() if word}
CURRENCIES: dict[str, str] = {"yuan": "yuan", "rmb": "yuan", "cny": "yuan", "renminbi": "yuan", "¥": "yuan",
                              "￥": "yuan", "dollar": "usd", "dollars": "usd", "usd": "usd", "us$": "usd", "$": "usd",
                              "euro": "eur", "euros": "eur", "eur": "eur", "€": "eur"}
MONEY: dict[str, str] = {"yuan": "yuan", "usd": "US dollars", "eur": "euros"}  # base unit -> how it is written
RATE_UNITS = frozenset({"%", "pp"})
_ALIASES = {**CURRENCIES, "percent": "%", "per cent": "%", "pct": "%", "percentage": "%", "percentage point": "pp",
            "percentage points": "pp", "points": "pp", "times": "x", "×": "x", "fold": "x"}


def norm_unit(unit: str) -> str:
    """``"Billion RMB" -> "yuan"``, ``"percent" -> "%"``: lower case, scale words dropped, aliases mapped."""
    words = [w for w in re.split(r"[\s_-]+", str(unit).strip().lower()) if w and w not in SCALE_WORDS]
    joined = " ".join(words)
    return _ALIASES.get(joined, joined)


def is_money(unit: str) -> bool:
    """A currency, with or without a scale word or " per year"."""
    return norm_unit(str(unit).replace(" per year", "")) in MONEY


def scale_in(text: str) -> str:
    """The scale word a text names ("in trillion yuan" -> "trillion"), else ""."""
    m = re.search(r"\b(thousand|million|billion|trillion)s?\b|\bbn\b|\bmn\b|\btn\b", text, re.I)
    if not m:
        return ""
    word = (m.group(1) or m.group()).lower()
    return {"bn": "billion", "mn": "million", "tn": "trillion"}.get(word, word)


def display_scale(unit: str, *values: float) -> str:
    """The scale a money amount is shown in: billions from 1e9, millions from 1e6, else none; "" for other units."""
    if not is_money(unit) or not values:
        return ""
    top = max(abs(v) for v in values)
    return "billion" if top >= 1e9 else "million" if top >= 1e6 else ""


def format_amount(value: float, unit: str, scale: str = "", decimals: int | None = None) -> str:
    """A base-unit value in ``scale``: ``"2.9826 trillion yuan"``, ``"17.21%"``, ``"3.00 pp"``, ``"7,697"``.

    ``decimals`` None keeps up to four decimals with trailing zeros dropped (a printed figure); a number fixes them.
    """
    norm = norm_unit(unit)
    if norm in RATE_UNITS:
        return f"{value:,.{2 if decimals is None else decimals}f}{'%' if norm == '%' else ' pp'}"
    shown = value / SCALES.get(scale, 1.0)
    if decimals is None:
        number = f"{shown:,.4f}".rstrip("0").rstrip(".")
    else:
        number = f"{shown:,.{decimals}f}"
    label = MONEY.get(norm, "" if norm in ("count", "") else str(unit).strip())
    if norm in MONEY:
        label = norm  # the paper's own word for its currency ("yuan")
    return " ".join(x for x in (number, scale, label) if x)


def scaled(comp) -> float:  # noqa: ANN001 - a Computation; types imports nothing from here
    """A computation's value in its display scale (``comp.value`` is in base units)."""
    return comp.value / SCALES.get(getattr(comp, "scale", ""), 1.0)


def scaled_unit(comp) -> str:  # noqa: ANN001
    """A computation's unit with its display scale: ``"billion yuan"``, ``"%"``."""
    scale = getattr(comp, "scale", "")
    return f"{scale} {comp.unit}" if scale else comp.unit

"""The calculator: growth rates, implied values, changes, ratios, shares and margins over cited operands.

Operands carry values in base units (yuan, not billions of yuan); units that differ only by a scale word
("billion yuan" and "yuan") or by an alias ("RMB", "percent") count as the same unit. Every function returns a
:class:`Computation` whose ``value`` keeps full precision (``decimals`` says how to round it for display), whose
``formula`` shows the numbers substituted, and whose ``inputs`` are the operands as passed. Money is shown in billions
from 1e9 and in millions from 1e6, one scale per computation (the functions that take ``scale`` show it in the scale
word asked for instead). Bad input raises :class:`CalculationError`, nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

from .errors import CalculationError
from .numbers import format_number
from .types import Computation, Operand
from .units import MONEY as _MONEY
from .units import SCALES, norm_unit

__all__ = [
    "compute_cagr", "compute_total_growth", "compute_yoy_growth", "compute_implied_previous", "compute_implied_next",
    "compute_absolute_change", "compute_average_annual_change", "compute_ratio", "compute_share",
    "compute_pp_difference", "compute_margin", "compute_previous_from_change", "compute_compounded_growth",
    "compute_implied_whole", "compute_part_of_whole", "compute_share_rescaled", "compute_projection", "compute_linear_projection",
    "compute_required_rate", "compute_average", "compute_per_unit", "compute_change_per_year",
    "compute_compounded_multiple",
]

_MINUS = "−"


def compute_cagr(start: Operand, end: Operand, years: int) -> Computation:
    """Compound annual growth rate in %: ``((end / start) ** (1 / years) - 1) * 100``."""
    s, e, n = _value(start, "start"), _value(end, "end"), _years(years)
    _same_unit(start, end, "a CAGR")
    if s <= 0:
        raise CalculationError(f"CAGR needs a positive start value; {start.name!r} is {start.value!r}")
    if e < 0:
        raise CalculationError(f"CAGR needs a non-negative end value; {end.name!r} is {end.value!r}")
    rate = _annual_rate(s, e, n, "CAGR")
    f, scale = _display_scale(start.unit, s, e)
    formula = f"CAGR = ({_num(e, f)} / {_num(s, f)})^(1/{_num(n)}) {_MINUS} 1 = {format_number(rate)}%"
    sentence = (f"The compound annual growth rate {_span(start, s, end, e, f, scale)} over {_num(n)} years is "
                f"{format_number(rate)}%.")
    return _result("cagr", rate, "%", formula, (start, end), sentence, _year_warnings(start, end, n))


def _annual_rate(start: float, end: float, years: float, what: str) -> float:
    """The yearly rate in % that compounds ``start`` into ``end`` over ``years``: the CAGR and the required rate."""
    return _finite(lambda: ((end / start) ** (1.0 / years) - 1.0) * 100.0, what)


def compute_total_growth(start: Operand, end: Operand) -> Computation:
    """Growth over the whole period in %: ``(end / start - 1) * 100``."""
    return _growth("total_growth", "Total growth", start, end)


def compute_decline(start: Operand, end: Operand) -> Computation:
    """How much a value fell, in % of where it started: ``(1 - end / start) * 100`` (positive for a fall)."""
    s, e = _value(start, "start"), _value(end, "end")
    _same_unit(start, end, "a decline")
    if s == 0:
        raise CalculationError(f"a decline needs a non-zero base; {start.name!r} is {start.value!r}")
    decline = _finite(lambda: (1.0 - e / s) * 100.0, "decline")
    f, scale = _display_scale(start.unit, s, e)
    formula = f"Decline = (1 {_MINUS} {_num(e, f)} / {_num(s, f)}) × 100 = {format_number(decline)}%"
    sentence = f"The decline {_span(start, s, end, e, f, scale)} is {format_number(decline)}%."
    warnings = ("the base is negative: a percentage change from a negative base is not meaningful",) if s < 0 else ()
    return _result("decline", decline, "%", formula, (start, end), sentence, warnings)


def compute_yoy_growth(previous: Operand, current: Operand) -> Computation:
    """Year-on-year growth in %: ``(current / previous - 1) * 100``."""
    return _growth("yoy_growth", "Year-on-year growth", previous, current)


def compute_implied_previous(current: Operand, growth_pct: Operand) -> Computation:
    """The value a period earlier, from the current value and its growth in %: ``current / (1 + g / 100)``."""
    c, g = _value(current, "current value"), _growth_rate(growth_pct)
    if g <= -100:
        raise CalculationError(f"implied previous value needs a growth above -100%; {growth_pct.name!r} is {g!r}")
    previous = _finite(lambda: c / (1.0 + g / 100.0), "implied previous value")
    f, scale = _display_scale(current.unit, c, previous)
    unit = current.unit
    formula = (f"Previous = {_num(c, f)} / (1 + {_num(g)}%) = {_amount(previous, unit, f, scale)}")
    sentence = (f"With {_describe(current, c, f, scale)} after a growth of {format_number(g)}%, the previous value was "
                f"{_amount(previous, unit, f, scale)}.")
    return _result("implied_previous", previous, unit, formula, (current, growth_pct), sentence)


def compute_implied_next(current: Operand, growth_pct: Operand) -> Computation:
    """The value a period later if the current value grows by ``growth_pct`` %: ``current * (1 + g / 100)``."""
    c, g = _value(current, "current value"), _growth_rate(growth_pct)
    following = _finite(lambda: c * (1.0 + g / 100.0), "implied next value")
    f, scale = _display_scale(current.unit, c, following)
    unit = current.unit
    formula = f"Next = {_num(c, f)} × (1 + {_num(g)}%) = {_amount(following, unit, f, scale)}"
    sentence = (f"If {_describe(current, c, f, scale)} grows by {format_number(g)}%, the next value is "
                f"{_amount(following, unit, f, scale)}.")
    warnings = ("a growth below -100% flips the sign of the value",) if g < -100 else ()
    return _result("implied_next", following, unit, formula, (current, growth_pct), sentence, warnings)


def compute_absolute_change(start: Operand, end: Operand) -> Computation:
    """``end - start`` in the unit of the inputs (percentage points when both are in %)."""
    s, e = _value(start, "start"), _value(end, "end")
    _same_unit(start, end, "an absolute change")
    change = _finite(lambda: e - s, "absolute change")
    unit = _change_unit(start.unit)
    f, scale = _display_scale(start.unit, s, e)
    whole = float(s).is_integer() and float(e).is_integer()
    formula = f"Change = {_num(e, f)} {_MINUS} {_num(s, f)} = {_amount(change, unit, f, scale, whole=whole)}"
    sentence = (f"The change {_span(start, s, end, e, f, scale)} is "
                f"{_amount(change, unit, f, scale, signed=True, whole=whole)}.")
    return _result("absolute_change", change, unit, formula, (start, end), sentence)


def compute_average_annual_change(start: Operand, end: Operand, years: int) -> Computation:
    """``(end - start) / years``; the unit is the inputs' unit followed by " per year"."""
    s, e, n = _value(start, "start"), _value(end, "end"), _years(years)
    _same_unit(start, end, "an average annual change")
    change = _finite(lambda: (e - s) / n, "average annual change")
    base = _change_unit(start.unit)
    f, scale = _display_scale(start.unit, s, e)
    per_year = f"{_amount(change, base, f, scale)} per year"
    formula = f"Average annual change = ({_num(e, f)} {_MINUS} {_num(s, f)}) / {_num(n)} = {per_year}"
    sentence = (f"The average annual change {_span(start, s, end, e, f, scale)} over {_num(n)} years is "
                f"{_amount(change, base, f, scale, signed=True)} per year.")
    unit = f"{base} per year".strip()
    return _result("average_annual_change", change, unit, formula, (start, end), sentence,
                   _year_warnings(start, end, n))


def compute_change_per_year(change: Operand, years: float) -> Computation:
    """A change stated over several years, per year on average: ``change / years``."""
    c, n = _value(change, "change"), _years(years)
    value = _finite(lambda: c / n, "average annual change")
    base = _change_unit(change.unit)
    f, scale = _display_scale(change.unit, c)
    per_year = f"{_amount(value, base, f, scale)} per year"
    formula = f"Average annual change = {_num(c, f)} / {_num(n)} = {per_year}"
    sentence = (f"{_describe(change, c, f, scale, capital=True)} over {_num(n)} years is "
                f"{_amount(value, base, f, scale, signed=True)} per year on average.")
    return _result("average_annual_change", value, f"{base} per year".strip(), formula, (change,), sentence)


def compute_ratio(numerator: Operand, denominator: Operand) -> Computation:
    """``numerator / denominator`` of two values in the same unit; unit ``"x"``."""
    a, b = _value(numerator, "numerator"), _value(denominator, "denominator")
    _same_unit(numerator, denominator, "a ratio")
    if b == 0:
        raise CalculationError(f"ratio needs a non-zero denominator; {denominator.name!r} is {denominator.value!r}")
    ratio = _finite(lambda: a / b, "ratio")
    f, scale = _display_scale(numerator.unit, a, b)
    formula = f"Ratio = {_num(a, f)} / {_num(b, f)} = {format_number(ratio)}×"
    sentence = (f"{_describe(numerator, a, f, scale, capital=True)} is {format_number(ratio)} times "
                f"{_describe(denominator, b, f, scale)}.")
    return _result("ratio", ratio, "x", formula, (numerator, denominator), sentence)


def compute_share(part: Operand, whole: Operand) -> Computation:
    """``part / whole * 100``: the share of the whole in %."""
    a, b = _value(part, "part"), _value(whole, "whole")
    _same_unit(part, whole, "a share")
    if b == 0:
        raise CalculationError(f"share needs a non-zero whole; {whole.name!r} is {whole.value!r}")
    share = _finite(lambda: a / b * 100.0, "share")
    f, scale = _display_scale(part.unit, a, b)
    formula = f"Share = {_num(a, f)} / {_num(b, f)} × 100 = {format_number(share)}%"
    sentence = (f"{_describe(part, a, f, scale, capital=True)} is {format_number(share)}% of "
                f"{_describe(whole, b, f, scale)}.")
    warnings = ("the part is larger than the whole",) if abs(a) > abs(b) else ()
    warnings += ("the part and the whole have opposite signs",) if a * b < 0 else ()
    return _result("share", share, "%", formula, (part, whole), sentence, warnings)


def compute_pp_difference(a: Operand, b: Operand) -> Computation:
    """``a - b`` in percentage points, for two operands in %."""
    x, y = _value(a, "first rate"), _value(b, "second rate")
    for op in (a, b):
        if _norm_unit(op.unit) != "%":
            raise CalculationError(f"percentage-point difference needs two values in '%'; {op.name!r} has unit "
                                   f"{op.unit!r}")
    diff = _finite(lambda: x - y, "percentage-point difference")
    formula = f"Difference = {_num(x)}% {_MINUS} {_num(y)}% = {format_number(diff)} pp"
    sentence = (f"{_describe(a, x, 1.0, '', capital=True)} is {format_number(diff)} percentage points "
                f"{'above' if diff >= 0 else 'below'} {_describe(b, y, 1.0, '')}.")
    return _result("pp_difference", diff, "pp", formula, (a, b), sentence)


def compute_margin(profit: Operand, revenue: Operand) -> Computation:
    """``profit / revenue * 100`` in %, for two amounts in the same unit and a positive revenue."""
    p, r = _value(profit, "profit"), _value(revenue, "revenue")
    _same_unit(profit, revenue, "a margin")
    if _norm_unit(revenue.unit) in {"%", "pp", "x"}:
        raise CalculationError(f"margin needs amounts, not rates; {revenue.name!r} has unit {revenue.unit!r}")
    if r <= 0:
        raise CalculationError(f"margin needs a positive revenue; {revenue.name!r} is {revenue.value!r}")
    margin = _finite(lambda: p / r * 100.0, "margin")
    f, scale = _display_scale(profit.unit, p, r)
    formula = f"Margin = {_num(p, f)} / {_num(r, f)} × 100 = {format_number(margin)}%"
    sentence = (f"{_describe(profit, p, f, scale, capital=True)} on {_describe(revenue, r, f, scale)} is a margin of "
                f"{format_number(margin)}%.")
    return _result("margin", margin, "%", formula, (profit, revenue), sentence)


def compute_previous_from_change(current: Operand, change: Operand, *, points: bool = False,
                                 scale: str = "") -> Computation:
    """The value before an absolute change: ``current - change``, in the current value's unit (a count, an amount;
    with ``points``, a change printed in % read as percentage points of a rate in %)."""
    c, d = _value(current, "current value"), _value(change, "change")
    previous = _finite(lambda: c - d, "previous value")
    unit = current.unit
    f, shown = _scale_for(unit, scale, c, d, previous)
    step = _amount(d, change.unit, *_scale_for(change.unit, scale or shown, d)).rstrip("%")
    before, after = _amount(c, unit, f, shown), _amount(previous, unit, f, shown)
    formula = f"Previous = {before} {_MINUS} {step}{' pp' if points else ''} = {after}"
    sentence = (f"With {current.name} at {before} after a change of {step}{' percentage points' if points else ''}, "
                f"the previous value was {after}.")
    warnings = ("the change is printed in % and read as percentage points",) if points else ()
    return _result("implied_previous", previous, unit, formula, (current, change), sentence, warnings)


def compute_compounded_growth(rate: Operand, years: float) -> Computation:
    """Total growth in % of a yearly rate in % compounded over ``years``: ``((1 + g / 100) ** years - 1) * 100``."""
    g, n = _growth_rate(rate), _as_float(years, "years")
    total = _finite(lambda: ((1 + g / 100) ** n - 1) * 100, "compounded growth")
    formula = f"Total growth = (1 + {_num(g)}%)^{_num(n)} {_MINUS} 1 = {format_number(total)}%"
    sentence = f"A growth of {format_number(g)}% a year compounded over {_num(n)} years is {format_number(total)}%."
    return _result("compounded_growth", total, "%", formula, (rate,), sentence)


def compute_compounded_multiple(rate: Operand, years: float) -> Computation:
    """The multiple a yearly rate in % compounded over ``years`` makes: ``(1 + g / 100) ** years`` (unit ``"x"``)."""
    g, n = _growth_rate(rate), _as_float(years, "years")
    multiple = _finite(lambda: (1 + g / 100) ** n, "compounded multiple")
    formula = f"Multiple = (1 + {_num(g)}%)^{_num(n)} = {format_number(multiple)}×"
    sentence = f"A growth of {format_number(g)}% a year compounded over {_num(n)} years multiplies by {format_number(multiple)}."
    return _result("compounded_multiple", multiple, "x", formula, (rate,), sentence)


def compute_implied_whole(part: Operand, share: Operand, whole: str = "the whole", *, scale: str = "") -> Computation:
    """The whole a part is a share of: ``part / (share / 100)``, in the part's unit; ``whole`` names it ("GDP")."""
    a, p = _value(part, "part"), _share(share)
    value = _finite(lambda: a / (p / 100), "implied whole")
    f, scale = _scale_for(part.unit, scale, a, value)
    shown, result = _amount(a, part.unit, f, scale), _amount(value, part.unit, f, scale)
    formula = f"{whole} = {shown} / {_num(p)}% = {result}"
    sentence = f"If {shown} is {_num(p)}% of {whole}, {whole} is {result}."
    return _result("implied_whole", value, part.unit, formula, (part, share), sentence)


def compute_part_of_whole(whole: Operand, share: Operand, part: str = "the part", *, scale: str = "") -> Computation:
    """The part that is ``share`` % of a whole: ``whole * share / 100``, in the whole's unit; ``part`` names it."""
    w, p = _value(whole, "whole"), _percent(share, "share")
    value = _finite(lambda: w * p / 100, "part of the whole")
    f, scale = _scale_for(whole.unit, scale, w, value)
    shown, result = _amount(w, whole.unit, f, scale), _amount(value, whole.unit, f, scale)
    formula = f"{part} = {_num(p)}% × {shown} = {result}"
    sentence = f"{_num(p)}% of {shown} is {result}."
    return _result("part_of_whole", value, whole.unit, formula, (whole, share), sentence)


def compute_share_rescaled(part: Operand, share: Operand, new_share: Operand, whole: str = "the whole", *,
                           scale: str = "") -> Computation:
    """The part had it been ``new_share`` % of the same whole instead of ``share`` %:
    ``part / (share / 100) * new_share / 100``; ``whole`` names the whole ("GDP")."""
    a, p, q = _value(part, "part"), _share(share), _percent(new_share, "new share")
    base = _finite(lambda: a / (p / 100), "implied whole")
    value = _finite(lambda: base * q / 100, "rescaled part")
    f, scale = _scale_for(part.unit, scale, a, base, value)
    unit = part.unit
    formula = (f"{whole} = {_amount(a, unit, f, scale)} / {_num(p)}% = {_amount(base, unit, f, scale)}; "
               f"{_num(q)}% × {_amount(base, unit, f, scale)} = {_amount(value, unit, f, scale)}")
    sentence = (f"At {_num(q)}% instead of {_num(p)}% of {whole}, {part.name} would be "
                f"{_amount(value, unit, f, scale)}.")
    return _result("share_rescaled", value, unit, formula, (part, share, new_share), sentence)


def _growth(operation: str, label: str, start: Operand, end: Operand) -> Computation:
    s, e = _value(start, "start"), _value(end, "end")
    _same_unit(start, end, f"a {label.lower()}")
    if s == 0:
        raise CalculationError(f"{label.lower()} needs a non-zero base; {start.name!r} is {start.value!r}")
    growth = _finite(lambda: (e / s - 1.0) * 100.0, label.lower())
    f, scale = _display_scale(start.unit, s, e)
    formula = f"{label} = ({_num(e, f)} / {_num(s, f)} {_MINUS} 1) × 100 = {format_number(growth)}%"
    sentence = f"The {label.lower()} {_span(start, s, end, e, f, scale)} is {format_number(growth)}%."
    warnings = ("the base is negative: a percentage change from a negative base is not meaningful",) if s < 0 else ()
    return _result(operation, growth, "%", formula, (start, end), sentence, warnings)


def _result(operation: str, value: float, unit: str, formula: str, inputs: tuple[Operand, ...], sentence: str,
            warnings: tuple[str, ...] = ()) -> Computation:
    return Computation(operation=operation, value=value, unit=unit, formula=formula, inputs=inputs,
                       sentence=sentence, decimals=2, warnings=warnings)


def _value(op: Operand, role: str) -> float:
    """The operand's value as a finite float, or a CalculationError naming the operand."""
    number = _as_float(op.value, f"{role} {op.name!r}")
    if not math.isfinite(number):
        raise CalculationError(f"{role} {op.name!r} is {op.value!r}; a finite number is needed")
    if not isinstance(op.unit, str):
        raise CalculationError(f"{role} {op.name!r} has unit {op.unit!r}; a unit string such as 'yuan' is needed")
    return number


def _years(years: float) -> float:
    number = _as_float(years, "years")
    if not math.isfinite(number) or number <= 0:
        raise CalculationError(f"years must be a positive number; got {years!r}")
    return number


def _as_float(value: object, what: str) -> float:
    """Any real number (int, float, numpy scalar) as a float; strings, booleans and None are refused."""
    if isinstance(value, str | bytes | bool) or value is None:
        raise CalculationError(f"{what} is {value!r}; a finite number is needed")
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError) as exc:
        raise CalculationError(f"{what} is {value!r}; a finite number is needed") from exc


def _growth_rate(op: Operand) -> float:
    return _percent(op, "growth")


def _share(op: Operand) -> float:
    """A share in % that a whole can be recovered from: non-zero."""
    share = _percent(op, "share")
    if share == 0:
        raise CalculationError(f"an implied whole needs a non-zero share; {op.name!r} is 0")
    return share


def _percent(op: Operand, role: str) -> float:
    value = _value(op, role)
    if _norm_unit(op.unit) != "%":
        raise CalculationError(f"{role} {op.name!r} must be in '%'; got unit {op.unit!r} (value {op.value!r})")
    return value


def _finite(compute: Callable[[], float], what: str) -> float:
    try:
        value = compute()
    except (OverflowError, ZeroDivisionError) as exc:
        raise CalculationError(f"{what} cannot be computed from these inputs ({exc}); check their magnitudes") from exc
    if isinstance(value, complex) or not math.isfinite(value):
        raise CalculationError(f"{what} is not finite ({value!r}); the inputs are too large or too small")
    return value


_norm_unit = norm_unit


def _same_unit(a: Operand, b: Operand, what: str) -> None:
    if _norm_unit(a.unit) != _norm_unit(b.unit):
        raise CalculationError(f"cannot compute {what} of {a.name!r} ({a.value!r} {a.unit!r}) and {b.name!r} "
                               f"({b.value!r} {b.unit!r}): the units differ; pass both in the same base unit")


def _change_unit(unit: str) -> str:
    return "pp" if _norm_unit(unit) == "%" else unit


def _year_warnings(start: Operand, end: Operand, years: float) -> tuple[str, ...]:
    if not (isinstance(start.year, str) and isinstance(end.year, str)):
        return ()
    if start.year.isdigit() and end.year.isdigit() and int(end.year) - int(start.year) != years:
        return (f"{start.year} to {end.year} is {int(end.year) - int(start.year)} years, but years={years:g} was used",)
    return ()


def _display_scale(unit: str, *values: float) -> tuple[float, str]:
    """One display scale per computation: billions of money from 1e9, millions from 1e6, else none."""
    if _norm_unit(unit) in _MONEY:
        top = max(abs(v) for v in values)
        if top >= 1e9:
            return 1e9, "billion"
        if top >= 1e6:
            return 1e6, "million"
    return 1.0, ""


def _scale_for(unit: str, scale: str, *values: float) -> tuple[float, str]:
    """The scale word asked for ("trillion") when the values are money, else :func:`_display_scale`'s choice."""
    if scale and scale not in SCALES:
        raise CalculationError(f"scale {scale!r} is not one of {sorted(w for w in SCALES if w)}")
    if scale and _norm_unit(unit) in _MONEY:
        return SCALES[scale], scale
    return _display_scale(unit, *values)


def _num(value: float, factor: float = 1.0) -> str:
    """A number for a formula: separators, up to four decimals, trailing zeros dropped ("3,641.2", "1,235")."""
    shown = value / factor
    if shown != 0 and abs(shown) < 1e-3:
        return f"{shown:.4g}"
    text = format_number(shown, 4)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _amount(value: float, unit: str, factor: float = 1.0, scale: str = "", signed: bool = False,
            whole: bool = True) -> str:
    """A value with its unit for a sentence: "3,641.20 billion yuan", "16.70%", "3.00 percentage points"; a whole
    count without decimals unless ``whole`` is False (it came from figures with decimals: 63.04 - 43.04 = 20.00)."""
    norm = _norm_unit(unit)
    sign = "+" if signed and value > 0 else ""
    if norm == "%":
        return f"{sign}{format_number(value)}%"
    if norm == "pp":
        return f"{sign}{format_number(value)} percentage points"
    if norm == "x":
        return f"{sign}{format_number(value)}×"
    integral = whole and factor == 1.0 and float(value).is_integer() and norm in {"", "count"}
    label = " ".join(w for w in (scale, _MONEY.get(norm, "" if norm == "count" else unit.strip())) if w)
    number = format_number(value / factor, 0 if integral else 2)
    return f"{sign}{number} {label}" if label else f"{sign}{number}"


def _describe(op: Operand, value: float, factor: float, scale: str, capital: bool = False) -> str:
    """``"profit before tax (351.97 billion yuan, 2017)"`` or just the amount when the operand has no name."""
    amount = _amount(value, op.unit, factor, scale)
    detail = f"{amount}, {op.year}" if op.year else amount
    if not op.name:
        return f"{amount} ({op.year})" if op.year else amount
    name = str(op.name)
    name = name[:1].upper() + name[1:] if capital else name
    return f"{name} ({detail})"


def _span(a: Operand, va: float, b: Operand, vb: float, factor: float, scale: str) -> str:
    """``"of revenue from 1.00 billion yuan (2016) to 2.00 billion yuan (2017)"``; ``"from a (...) to b (...)"``."""
    if a.name and a.name == b.name:
        first, second = (_amount(v, op.unit, factor, scale) for op, v in ((a, va), (b, vb)))
        return (f"of {a.name} from {first}{f' ({a.year})' if a.year else ''} "
                f"to {second}{f' ({b.year})' if b.year else ''}")
    return f"from {_describe(a, va, factor, scale)} to {_describe(b, vb, factor, scale)}"


def compute_projection(start: Operand, rate: Operand, years: float) -> Computation:
    """A value compounded at a yearly rate in % for ``years``: ``start * (1 + g / 100) ** years``."""
    s, g, n = _value(start, "start value"), _growth_rate(rate), _years(years)
    if g <= -100:
        raise CalculationError(f"a projection needs a growth above -100%; {rate.name!r} is {g!r}")
    value = _finite(lambda: s * (1 + g / 100) ** n, "projection")
    f, scale = _display_scale(start.unit, s, value)
    formula = (f"Projection = {_num(s, f)} × (1 + {_num(g)}%)^{_num(n)} = {_amount(value, start.unit, f, scale)}")
    sentence = (f"{_describe(start, s, f, scale, capital=True)} growing {format_number(g)}% a year for {_num(n)} years "
                f"reaches {_amount(value, start.unit, f, scale)}.")
    return _result("projection", value, start.unit, formula, (start, rate), sentence)


def compute_backcast(end: Operand, rate: Operand, years: float) -> Computation:
    """The value ``years`` earlier that grew at a yearly rate in % into ``end``: ``end / (1 + g / 100) ** years``."""
    e, g, n = _value(end, "later value"), _growth_rate(rate), _years(years)
    if g <= -100:
        raise CalculationError(f"an earlier value needs a growth above -100%; {rate.name!r} is {g!r}")
    value = _finite(lambda: e / (1 + g / 100) ** n, "earlier value")
    f, scale = _display_scale(end.unit, e, value)
    formula = f"Earlier = {_num(e, f)} / (1 + {_num(g)}%)^{_num(n)} = {_amount(value, end.unit, f, scale)}"
    sentence = (f"Growing {format_number(g)}% a year for {_num(n)} years into {_describe(end, e, f, scale)}, it started "
                f"from {_amount(value, end.unit, f, scale)}.")
    return _result("backcast", value, end.unit, formula, (end, rate), sentence)


def compute_years_to_target(start: Operand, rate: Operand, target: Operand) -> Computation:
    """How many years of growth at a yearly rate in % take ``start`` to ``target``: ``ln(t / s) / ln(1 + g / 100)``."""
    s, t, g = _value(start, "start"), _value(target, "target"), _growth_rate(rate)
    _same_unit(start, target, "the years to a target")
    if s <= 0 or t <= 0 or g <= 0:
        raise CalculationError(f"the years to a target need a positive start, target and rate; got {s!r}, {t!r}, {g!r}")
    years = _finite(lambda: math.log(t / s) / math.log(1 + g / 100), "years to target")
    f, _ = _display_scale(start.unit, s, t)
    formula = f"Years = ln({_num(t, f)} / {_num(s, f)}) / ln(1 + {_num(g)}%) = {format_number(years)}"
    sentence = f"At {format_number(g)}% a year it takes {format_number(years)} years to grow from {_num(s, f)} to {_num(t, f)}."
    return _result("years_to_target", years, "years", formula, (start, rate, target), sentence)


def compute_linear_projection(start: Operand, step: Operand, years: float) -> Computation:
    """A value that changes by the same amount each year: ``start + step * years``."""
    s, d, n = _value(start, "start value"), _value(step, "yearly change"), _years(years)
    _same_unit(start, step, "a linear projection")
    value = _finite(lambda: s + d * n, "linear projection")
    f, scale = _display_scale(start.unit, s, value)
    unit = start.unit
    formula = f"Projection = {_num(s, f)} + {_num(n)} × {_num(d, f)} = {_amount(value, unit, f, scale)}"
    sentence = (f"{_describe(start, s, f, scale, capital=True)} changing by {_amount(d, unit, f, scale)} a year for "
                f"{_num(n)} years reaches {_amount(value, unit, f, scale)}.")
    return _result("linear_projection", value, unit, formula, (start, step), sentence)


def compute_required_rate(start: Operand, target: Operand, years: float) -> Computation:
    """The yearly rate in % that takes ``start`` to ``target`` in ``years``: ``((target / start) ** (1 / years) - 1) * 100``."""
    s, t, n = _value(start, "start"), _value(target, "target"), _years(years)
    _same_unit(start, target, "a required rate")
    if s <= 0 or t < 0:
        raise CalculationError(f"a required rate needs a positive start and a non-negative target; got {s!r} and {t!r}")
    rate = _annual_rate(s, t, n, "required rate")
    f, scale = _display_scale(start.unit, s, t)
    formula = f"Rate = ({_num(t, f)} / {_num(s, f)})^(1/{_num(n)}) {_MINUS} 1 = {format_number(rate)}%"
    sentence = (f"To go from {_describe(start, s, f, scale)} to {_describe(target, t, f, scale)} in {_num(n)} years "
                f"takes {format_number(rate)}% a year.")
    return _result("required_rate", rate, "%", formula, (start, target), sentence)


def compute_average(values: tuple[Operand, ...]) -> Computation:
    """The arithmetic mean of a few values in one unit."""
    numbers, unit, f, scale, terms = _several(values, "an average")
    mean = _finite(lambda: sum(numbers) / len(numbers), "average")
    shown = _amount(mean, unit, f, scale) if unit or abs(mean) >= 1 else _num(mean)  # (0.0618, not 0.06)
    formula = f"Average = ({terms}) / {len(numbers)} = {shown}"
    return _result("average", mean, unit, formula, tuple(values), f"The average of {len(numbers)} values is {shown}.")


def compute_sum(values: tuple[Operand, ...]) -> Computation:
    """The sum of a few values in one unit ("what do the two AR coefficients add up to")."""
    numbers, unit, f, scale, terms = _several(values, "a sum")
    total = _finite(lambda: math.fsum(numbers), "sum")
    shown = _amount(total, unit, f, scale) if unit or abs(total) >= 1 else _num(total)
    formula = f"Sum = {terms} = {shown}"
    return _result("sum", total, unit, formula, tuple(values), f"The {len(numbers)} values add up to {shown}.")


def _several(values: tuple[Operand, ...], what: str) -> tuple[list[float], str, float, str, str]:
    """The numbers of at least two values in one unit, that unit, its display factor and scale, and the numbers as
    the terms of a formula ("3,641.2 + (-8.1)")."""
    if len(values) < 2:
        raise CalculationError(f"{what} needs at least two values; got {len(values)}")
    numbers = [_value(v, f"value {i + 1}") for i, v in enumerate(values)]
    for v in values[1:]:
        _same_unit(values[0], v, what)
    unit = values[0].unit
    f, scale = _display_scale(unit, *numbers)
    terms = " + ".join(f"({_num(x, f)})" if x < 0 else _num(x, f) for x in numbers)
    return numbers, unit, f, scale, terms


def compute_per_unit(amount: Operand, count: Operand, scale: str = "") -> Computation:
    """An amount per unit of a count (profit per enterprise): ``amount / count``, in the amount's unit."""
    a, c = _value(amount, "amount"), _value(count, "count")
    if c == 0:
        raise CalculationError(f"a per-unit value needs a non-zero count; {count.name!r} is 0")
    value = _finite(lambda: a / c, "per-unit value")
    fa, sa = _display_scale(amount.unit, a)
    f, shown = _scale_for(amount.unit, scale, value)
    formula = f"Per unit = {_num(a, fa)}{' ' + sa if sa else ''} / {_num(c)} = {_amount(value, amount.unit, f, shown)}"
    sentence = (f"{_describe(amount, a, fa, sa, capital=True)} over {_describe(count, c, 1.0, '')} is "
                f"{_amount(value, amount.unit, f, shown)} each.")
    return _result("per_unit", value, amount.unit, formula, (amount, count), sentence)


def compute_exponentiated(estimate: Operand, multiple: float = 1.0, *, either_way: bool = False) -> Computation:
    """``exp(k × b)``: the ratio (of hazards, odds or rates) a log-scale coefficient ``b`` implies for ``k`` more units
    of its covariate; unit ``"x"``. ``either_way`` (a gap of ``k`` units, no side named) gives the ratio of the side
    with the higher rate over the other, ``exp(k × |b|)``, and names its reciprocal."""
    b, k = _value(estimate, "estimate"), _as_float(multiple, "multiple")
    ratio = _finite(lambda: math.exp(k * b), "exp")
    formula = f"Ratio = exp({_times(k, b)}) = {format_number(ratio, 4)}"
    sentence = f"A coefficient of {_num(b)}{_per_units(k)} implies a ratio of {format_number(ratio)}."
    if either_way and ratio < 1:
        formula = (f"Ratio = exp({_times(k, -b)}) = {format_number(1 / ratio, 4)} "
                   f"(the other way round {format_number(ratio, 4)})")
        sentence = (f"A coefficient of {_num(b)}{_per_units(k)} implies a ratio of {format_number(1 / ratio)} for the "
                    f"side {_num(k)} units lower against the higher ({format_number(ratio)} the other way round).")
        ratio = 1 / ratio
    return _result("exp", ratio, "x", formula, (estimate,), sentence)


def compute_exponentiated_change(estimate: Operand, multiple: float = 1.0) -> Computation:
    """``(exp(k × b) − 1) × 100``: the percent change of a hazard, odds or rate that a log-scale coefficient implies;
    a reduction is returned as a positive percentage, named so (as :func:`compute_ratio_change`)."""
    b, k = _value(estimate, "estimate"), _as_float(multiple, "multiple")
    change = _finite(lambda: (math.exp(k * b) - 1.0) * 100.0, "percent change")
    formula = f"Change = (exp({_times(k, b)}) − 1) × 100 = {format_number(change)}%"
    which = "a reduction" if change < 0 else "an increase"
    sentence = f"A coefficient of {_num(b)}{_per_units(k)} implies {which} of {format_number(abs(change))}%."
    return _result("exp_change", abs(change), "%", formula, (estimate,), sentence)


def compute_ratio_change(ratio: Operand) -> Computation:
    """``(r − 1) × 100``: the percent change of a hazard, odds or rate that a printed ratio ``r`` (``exp(coef)``)
    states; a reduction is returned as a positive percentage, named so."""
    r = _value(ratio, "ratio")
    change = _finite(lambda: (r - 1.0) * 100.0, "percent change")
    formula = f"Change = ({_num(r)} − 1) × 100 = {format_number(change)}%"
    which = "a reduction" if change < 0 else "an increase"
    sentence = f"A ratio of {_num(r)} means {which} of {format_number(abs(change))}%."
    return _result("ratio_change", abs(change), "%", formula, (ratio,), sentence)


def compute_interval(estimate: Operand, error: Operand, level: float = 0.95, *, exponentiate: bool = False,
                     upper: bool = False) -> Computation:
    """The normal ``level`` confidence interval ``b ± z × se`` (``z`` the normal quantile, 1.96 for 95%), on the ratio
    scale ``exp(b ± z × se)`` when ``exponentiate``; its value is the lower end, or the upper one when ``upper``."""
    b, se = _value(estimate, "estimate"), _value(error, "standard error")
    if not 0 < level < 1:
        raise CalculationError(f"a confidence level must lie between 0 and 1, got {level!r}")
    if se < 0:
        raise CalculationError(f"a standard error cannot be negative; {error.name!r} is {se!r}")
    z = NormalDist().inv_cdf((1 + level) / 2)
    low, high = b - z * se, b + z * se
    if exponentiate:
        low, high = _finite(lambda: math.exp(low), "exp"), _finite(lambda: math.exp(high), "exp")
    shown = f"{_num(b)} ± {z:.2f} × {_num(se)}"
    formula = (f"{format_number(level * 100, 0)}% CI = {f'exp({shown})' if exponentiate else shown} = "
               f"{format_number(low, 4)} to {format_number(high, 4)}")
    sentence = (f"The {format_number(level * 100, 0)}% confidence interval{' of the ratio' if exponentiate else ''} "
                f"runs from {format_number(low)} to {format_number(high)}.")
    return _result("interval", high if upper else low, "x" if exponentiate else "", formula, (estimate, error), sentence)


def _times(k: float, b: float) -> str:
    return _num(b) if k == 1 else f"{_num(k)} × {_num(b)}"


def _per_units(k: float) -> str:
    return "" if k == 1 else f" over {_num(k)} units"

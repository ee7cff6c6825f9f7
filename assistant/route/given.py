"""Arithmetic on the numbers typed into the question itself ("what percentage is 45 of 300?", "500 growing 12% a
year for 4 years", "from 80 to 130 in 5 years: what annual rate?", "+12% against -5%: the gap in points?").

:func:`answer_given` answers when the question brings every input and none of its numbers is a figure of the paper
(those go to the router, which cites them). The operation comes from the same kind of cue words as the router's and
from the kinds of numbers given: a part and a whole, a value with a rate and a duration, two values and a duration,
two rates, a few values to average.
"""

from __future__ import annotations

import ast
import dataclasses
import operator
import re
from collections.abc import Callable

from .. import calc
from ..errors import CalculationError
from ..facts import Facts
from ..numbers import Quantity, counts_a_noun, format_number, read_numbers
from ..types import Answer, Computation, Operand
from ..units import SCALES, norm_unit

_SHARE = re.compile(r"\bwhat (?:percent(?:age)?|share|proportion|fraction|%)\b|\bas a (?:share|percentage|%)\b", re.I)
_GAP = re.compile(r"\bgap\b|\bdifference\b|\bpercentage[- ]points?\b|\bpp\b|\bpoints?\b|\bspread\b|\bapart\b", re.I)
_RATE = re.compile(r"\b(?:annual|yearly|per year|a year|each year|cagr|rate)\b", re.I)
_WORTH = re.compile(r"\bworth\b|\bat the end\b|\bend(?:s|ed)? up\b|\bbecome\b|\bwhat (?:would|will) (?:it|that|this) be\b"
                    r"|\bhow (?:much|many|big)\b", re.I)
_AVERAGE = re.compile(r"\b(?:average|mean)\b", re.I)
_MEAN_VERB = re.compile(r"\b(?:do|does|did)\b[^?.!]*\bmean\b", re.I)
"""The verb "mean" ("what do the codes 0, 1 and 2 mean?"): no average asked."""
_TIMES = re.compile(r"\bhow many times\b|\bratio\b|\bdivided by\b", re.I)
_GIVEN = "given in the question"
_SET = re.compile(r"=\s*(?:[\d.]+\s*,\s*)*(?:(?:and|or)\s+)?$")
"""Just after "n =" or after "n = 50, 200, and": a number that sets a condition."""


_EXPRESSION = re.compile(r"[(\d.][\d.,\s()+\-*/×÷^−]*[\d)]")
_AS_PERCENT = re.compile(r"\b(?:as an? |in )?(?:percent(?:age)?|%)", re.I)


def answer_expression(question: str, text: str) -> Answer | None:
    """Arithmetic the user types ("(3641.2 - 1235) / 1235 as a percent?"), evaluated exactly: numbers, + - * / ^ and
    brackets only (read as a syntax tree, never executed as code)."""
    for match in _EXPRESSION.finditer(text):
        written = match.group().strip()
        if not re.search(r"[+*/×÷^]|\s[-−]\s|[-−]\s*\(|\)\s*[-−]", written):
            continue  # "1.4-0", "5-10": a version or a range, not a subtraction
        numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", written)
        if not re.search(r"\d\s*[-+*/×÷^−]\s*[(\d]", written) or all(re.fullmatch(r"(?:19|20)\d\d", n) for n in numbers):
            continue  # a single number, or years ("2010-2017", "2015/2016")
        try:
            value = _evaluate(ast.parse(_python(written), mode="eval").body)
        except (SyntaxError, ValueError, ZeroDivisionError, OverflowError):
            continue
        percent = bool(_AS_PERCENT.search(text[match.end():]))
        result = value * 100 if percent else value
        shown = f"{format_number(result)}{'%' if percent else ''}"
        formula = f"{written}{' × 100' if percent else ''} = {shown}"
        comp = Computation(operation="arithmetic", value=result, unit="%" if percent else "", formula=formula,
                           inputs=(), sentence=f"{written} is {shown}.", decimals=2)
        return Answer(question=question, text=f"From the numbers in the question (not figures of the paper): {formula}.",
                      abstained=False, computation=comp, kind="computation", resolved_question=text)
    return None


def _python(written: str) -> str:
    return (written.replace(",", "").replace("×", "*").replace("÷", "/").replace("^", "**").replace("−", "-"))


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.Pow: operator.pow}


def _evaluate(node: ast.AST) -> float:
    """The value of a syntax tree of numbers and arithmetic operators; anything else is refused."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > 100:
            raise ValueError("exponent too large")
        return _OPERATORS[type(node.op)](left, right)
    raise ValueError("not arithmetic")


def _operands(text: str) -> tuple[list[Quantity], float | None]:
    """The numbers of a question that can be inputs, and the duration it gives in years (None when it gives none)."""
    numbers = [q for q in read_numbers(text) if q.unit not in ("year",) and not counts_a_noun(text, q)
               and not _SET.search(text[:q.start])]  # "at n = 100", "(n = 50, 200, 500)": conditions, not operands
    durations = [q.value for q in numbers if q.unit == "years"]
    return _shared_units(text, [q for q in numbers if q.unit != "years"]), (durations[0] if durations else None)


def answer_given(question: str, text: str, facts: Facts) -> Answer | None:
    """An Answer computed from the question's own numbers, or None when they are not all the question's own."""
    values, years = _operands(text)
    if len(values) < 2 and not (values and years):
        return None
    own = [q for q in values if not facts.typed.with_value(q.value, q.unit)]
    if len(own) < len(values) and len(own) < 2:
        return None  # a figure of the paper is an input: the router cites it
    # (two numbers of the question's own make the computation; a figure of the paper beside them is what the user
    # compares the result with: "from 80 to 130 in 5 years: what annual rate, and is it above the 16.70%?")
    comp = _compute(text, own, years)
    if comp is None:
        return None
    return Answer(question=question, text=f"From the numbers in the question (not figures of the paper): "
                                          f"{comp.sentence} {comp.formula}.",
                  abstained=False, computation=comp, kind="computation", resolved_question=text)


_JOINED = re.compile(r"\s*(?:to|-|–|and)\s*", re.I)


def _shared_units(text: str, values: list[Quantity]) -> list[Quantity]:
    """A bare number joined to the next by "to"/"and" takes its unit and scale: "from 80 to 130 billion yuan" is
    80 billion yuan."""
    out = list(values)
    for n, (q, after) in enumerate(zip(values, values[1:])):
        if q.unit in ("", "count") and not q.scale and after.unit not in ("", "count") and _JOINED.fullmatch(
                text[q.end:after.start]):
            out[n] = dataclasses.replace(q, unit=after.unit, scale=after.scale,
                                         value=q.number * SCALES.get(after.scale, 1.0) * (-1 if q.negative else 1))
    return out


def _operand(q: Quantity, n: int) -> Operand:
    unit = q.unit if q.unit not in ("", "count") else "count"
    return Operand(name=f"value {n} {_GIVEN}" if n else _GIVEN, value=q.value, unit=unit, note=_GIVEN)


def _compute(text: str, values: list[Quantity], years: float | None,
             operand: Callable[[Quantity, int], Operand] = _operand, *, by_size: bool = False) -> Computation | None:
    """The operation the cue words and the kinds of numbers ask for; ``operand`` turns a number into an input (the
    question's own, or a figure of the paper cited); ``by_size``: the smaller of two amounts is the part of a share
    (when the question's own number and the paper's are not both named in the order "what share is A of B")."""
    rates = [q for q in values if norm_unit(q.unit) == "%"]
    amounts = [q for q in values if norm_unit(q.unit) != "%"]
    try:
        if _AVERAGE.search(_MEAN_VERB.sub(" ", text)) and len(values) >= 2 and len({norm_unit(q.unit) for q in values}) == 1:
            return calc.compute_average(tuple(operand(q, i) for i, q in enumerate(values, 1)))
        if len(rates) == 2 and not amounts and _GAP.search(text):
            hi, lo = sorted(rates, key=lambda q: -q.value)
            return calc.compute_pp_difference(operand(hi, 1), operand(lo, 2))
        if len(amounts) == 2 and not rates and _SHARE.search(text):
            if by_size:
                amounts = sorted(amounts, key=lambda q: abs(q.value))
            return calc.compute_share(operand(amounts[0], 1), operand(amounts[1], 2))
        if len(amounts) == 2 and not rates and _TIMES.search(text):
            return calc.compute_ratio(operand(amounts[0], 1), operand(amounts[1], 2))
        if years and len(amounts) == 1 and len(rates) == 1 and _WORTH.search(text):
            return calc.compute_projection(operand(amounts[0], 0), operand(rates[0], 0), years)
        if years and len(amounts) == 2 and not rates and _RATE.search(text):
            return calc.compute_required_rate(operand(amounts[0], 1), operand(amounts[1], 2), years)
        if not years and len(amounts) == 1 and len(rates) == 1 and _SHARE_OF.search(text) and _WHOLE_ASKED.search(text):
            asked = _WHOLE_ASKED.search(text)  # "its 7.5% share of the global market: how big is the global market?"
            whole = (asked.group("whole") or asked.group("total") or "").strip() or "the whole"
            return calc.compute_implied_whole(operand(amounts[0], 1), operand(rates[0], 2), whole, scale=amounts[0].scale)
    except CalculationError:
        return None
    return None


_SHARE_OF = re.compile(r"%\s*(?:share\s+)?of\b|\bshare\b", re.I)
_WHOLE_ASKED = re.compile(r"\bhow (?:big|large|much)\s+(?:is|was|would be|will be)\s+(?P<whole>(?:the\s+)?[\w\s-]{0,40}?)"
                          r"\s*\?|\bwhat (?:is|was|would be)\s+(?:the\s+)?(?:size of\s+)?(?P<total>(?:the\s+)?"
                          r"(?:total|whole)[\w\s-]{0,40}?)\s*\?", re.I)
"""A question for the whole a part is a share of ("how big is the global market?", "what is the total?")."""


def answer_mixed(text: str, cited: Callable[[Quantity], Operand | None]) -> Computation | None:
    """A computation from the question's own numbers together with figures of the paper it quotes ("suppose there
    were 1,800 projects in all: what percentage would the 220 anti-cancer ones be?"); ``cited`` gives the cited
    input of a figure of the paper (None for a number of the question's own). None when the question brings no number
    of its own, or no operation fits."""
    values, years = _operands(text)
    own = [q for q in values if cited(q) is None]
    if not own or len(own) == len(values):
        return None

    def operand(q: Quantity, n: int) -> Operand:
        mine = dataclasses.replace(_operand(q, n), name="your figure" + (f" {own.index(q) + 1}" if len(own) > 1 else ""))
        return cited(q) or mine

    return _compute(text, values, years, operand, by_size=True)

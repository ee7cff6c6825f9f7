"""The calculator: every operation hand-checked to 2 decimals on the paper's numbers, errors, and properties."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assistant.calc import (
    compute_absolute_change,
    compute_average_annual_change,
    compute_cagr,
    compute_compounded_growth,
    compute_backcast,
    compute_decline,
    compute_exponentiated,
    compute_exponentiated_change,
    compute_implied_next,
    compute_implied_previous,
    compute_implied_whole,
    compute_interval,
    compute_margin,
    compute_part_of_whole,
    compute_pp_difference,
    compute_previous_from_change,
    compute_ratio,
    compute_ratio_change,
    compute_share,
    compute_share_rescaled,
    compute_total_growth,
    compute_yoy_growth,
    compute_years_to_target,
)
from assistant.errors import CalculationError
from assistant.types import Citation, Computation, Operand

B = 1e9
CITE = Citation(n=1, page=2, section="IV", section_label="IV. Analysis", quote="from 1,235 billion yuan", start=10,
                end=33, chunk_id="c1", score=0.9)
OUTPUT_2010 = Operand(name="gross industrial output value", value=1235 * B, unit="yuan", year="2010", citation=CITE)
OUTPUT_2017 = Operand(name="gross industrial output value", value=3641.2 * B, unit="yuan", year="2017")
PROFIT_2017 = Operand(name="profit before tax", value=351.97 * B, unit="yuan", year="2017")
PROFIT_GROWTH = Operand(name="profit before tax growth", value=17.21, unit="%", year="2017")
REVENUE_2017 = Operand(name="revenue", value=2982.6 * B, unit="billion yuan", year="2017")  # scale word only
FIRMS_2016 = Operand(name="biomedical enterprises", value=7449, unit="count", year="2016")
FIRMS_2017 = Operand(name="biomedical enterprises", value=7697, unit="count", year="2017")
GROSS_RATE_2016 = Operand(name="gross profit rate", value=29.4, unit="%", year="2016")
GROSS_RATE_2017 = Operand(name="gross profit rate", value=32.4, unit="%", year="2017")
FIRMS_ADDED = Operand(name="increase in biomedical enterprises", value=2023, unit="count", year="2010-2017")
OUTPUT_GROWTH = Operand(name="gross output growth", value=23.32, unit="%", year="2016")
HEALTH_2017 = Operand(name="total health expenditure", value=5159.88 * B, unit="yuan", year="2017")
HEALTH_SHARE = Operand(name="health expenditure share of GDP", value=6.2, unit="%", year="2017")
TARGET_SHARE = Operand(name="target share of GDP", value=7.0, unit="%", year="2020")
MARKET_2020 = Operand(name="health market", value=7000 * B, unit="yuan", year="2020")


def test_cagr_matches_the_paper() -> None:
    c = compute_cagr(OUTPUT_2010, OUTPUT_2017, 7)
    assert isinstance(c, Computation)
    assert (c.operation, round(c.value, 2), c.unit, c.decimals) == ("cagr", 16.70, "%", 2)
    assert c.value == pytest.approx(16.703131843870445, abs=1e-12)  # full precision is kept
    assert c.formula == "CAGR = (3,641.2 / 1,235)^(1/7) − 1 = 16.70%"
    assert c.sentence == ("The compound annual growth rate of gross industrial output value from 1,235.00 billion yuan "
                          "(2010) to 3,641.20 billion yuan (2017) over 7 years is 16.70%.")
    assert c.inputs == (OUTPUT_2010, OUTPUT_2017) and c.inputs[0] is OUTPUT_2010 and c.inputs[0].citation is CITE
    assert c.warnings == ()


def test_cagr_warns_when_years_disagree_with_operand_years() -> None:
    c = compute_cagr(OUTPUT_2010, OUTPUT_2017, 6)
    assert c.warnings == ("2010 to 2017 is 7 years, but years=6 was used",)


@pytest.mark.parametrize(("compute", "args", "operation", "value", "unit", "in_formula"), [
    # (3641.2 / 1235 - 1) * 100 = 194.83
    (compute_total_growth, (OUTPUT_2010, OUTPUT_2017), "total_growth", 194.83, "%", "(3,641.2 / 1,235 − 1) × 100"),
    # (7697 / 7449 - 1) * 100 = 248 / 7449 * 100 = 3.33
    (compute_yoy_growth, (FIRMS_2016, FIRMS_2017), "yoy_growth", 3.33, "%", "(7,697 / 7,449 − 1) × 100 = 3.33%"),
    # 351.97 / 1.1721 = 300.29 (billion yuan)
    (compute_implied_previous, (PROFIT_2017, PROFIT_GROWTH), "implied_previous", 300.29 * B, "yuan",
     "Previous = 351.97 / (1 + 17.21%) = 300.29 billion yuan"),
    # 351.97 * 1.1721 = 412.54 (billion yuan)
    (compute_implied_next, (PROFIT_2017, PROFIT_GROWTH), "implied_next", 412.54 * B, "yuan",
     "Next = 351.97 × (1 + 17.21%) = 412.54 billion yuan"),
    # 3641.2 - 1235 = 2406.20 (billion yuan)
    (compute_absolute_change, (OUTPUT_2010, OUTPUT_2017), "absolute_change", 2406.2 * B, "yuan",
     "Change = 3,641.2 − 1,235 = 2,406.20 billion yuan"),
    # 32.4 - 29.4 = 3.00 percentage points
    (compute_absolute_change, (GROSS_RATE_2016, GROSS_RATE_2017), "absolute_change", 3.0, "pp", "= 3.00 percentage"),
    # 3641.2 / 1235 = 2.95
    (compute_ratio, (OUTPUT_2017, OUTPUT_2010), "ratio", 2.95, "x", "Ratio = 3,641.2 / 1,235 = 2.95×"),
    # 351.97 / 3641.2 * 100 = 9.67
    (compute_share, (PROFIT_2017, OUTPUT_2017), "share", 9.67, "%", "Share = 351.97 / 3,641.2 × 100 = 9.67%"),
    # 32.4 - 29.4 = 3.00 pp
    (compute_pp_difference, (GROSS_RATE_2017, GROSS_RATE_2016), "pp_difference", 3.0, "pp",
     "Difference = 32.4% − 29.4% = 3.00 pp"),
    # 351.97 / 2982.6 * 100 = 11.80
    (compute_margin, (PROFIT_2017, REVENUE_2017), "margin", 11.80, "%", "Margin = 351.97 / 2,982.6 × 100 = 11.80%"),
    # 7697 - 2023 = 5674 enterprises at the start of the seven years
    (compute_previous_from_change, (FIRMS_2017, FIRMS_ADDED), "implied_previous", 5674, "count",
     "Previous = 7,697 − 2,023 = 5,674"),
    # 3641.2 - 2406.2 = 1235.00 (billion yuan)
    (compute_previous_from_change, (OUTPUT_2017, Operand(name="change", value=2406.2 * B, unit="yuan")),
     "implied_previous", 1235 * B, "yuan", "Previous = 3,641.20 billion yuan − 2,406.20 billion yuan = 1,235.00"),
    # 1.2332^2 = 1.52078224, ^4 = 2.31277862, ^5 = 2.85211860: (2.8521186 - 1) * 100 = 185.21
    (compute_compounded_growth, (OUTPUT_GROWTH, 5), "compounded_growth", 185.21, "%",
     "Total growth = (1 + 23.32%)^5 − 1 = 185.21%"),
    # 7000 / 0.07 = 100000.00 (billion yuan)
    (compute_implied_whole, (MARKET_2020, TARGET_SHARE, "GDP"), "implied_whole", 100000 * B, "yuan",
     "GDP = 7,000.00 billion yuan / 7% = 100,000.00 billion yuan"),
    # 5159.88 / 0.062 = 83223.87; 83223.87 * 0.07 = 5825.67 (billion yuan)
    (compute_share_rescaled, (HEALTH_2017, HEALTH_SHARE, TARGET_SHARE, "GDP"), "share_rescaled", 5825.67 * B, "yuan",
     "GDP = 5,159.88 billion yuan / 6.2% = 83,223.87 billion yuan; 7% × 83,223.87 billion yuan = 5,825.67 billion"),
])
def test_operations_hand_checked(compute: Callable[..., Computation], args: tuple[Operand, ...], operation: str,
                                 value: float, unit: str, in_formula: str) -> None:
    c = compute(*args)
    assert (c.operation, c.unit, c.decimals) == (operation, unit, 2)
    scale = B if abs(value) >= B else 1.0
    assert round(c.value / scale, 2) == pytest.approx(value / scale, abs=1e-9)
    assert in_formula in c.formula
    operands = tuple(a for a in args if isinstance(a, Operand))
    assert c.inputs == operands and all(a is b for a, b in zip(c.inputs, operands, strict=True))
    assert c.sentence.endswith(".")


def test_previous_from_a_change_printed_in_percent_read_as_points() -> None:
    c = compute_previous_from_change(GROSS_RATE_2017, Operand(name="change", value=3.0, unit="%"), points=True)
    assert (round(c.value, 2), c.unit) == (29.40, "%")  # 32.4 - 3 = 29.40
    assert c.formula == "Previous = 32.40% − 3.00 pp = 29.40%"
    assert c.sentence == ("With gross profit rate at 32.40% after a change of 3.00 percentage points, the previous "
                          "value was 29.40%.")
    assert c.warnings == ("the change is printed in % and read as percentage points",)


def test_implied_whole_in_the_scale_asked_for() -> None:
    c = compute_implied_whole(MARKET_2020, TARGET_SHARE, "GDP", scale="trillion")  # 7 / 0.07 = 100.00 trillion
    assert c.value == pytest.approx(100e12) and c.unit == "yuan"
    assert c.formula == "GDP = 7.00 trillion yuan / 7% = 100.00 trillion yuan"
    assert c.sentence == "If 7.00 trillion yuan is 7% of GDP, GDP is 100.00 trillion yuan."
    counts = compute_implied_whole(FIRMS_2017, Operand(name="share", value=50.0, unit="%"), scale="trillion")
    assert counts.formula == "the whole = 7,697 / 50% = 15,394"  # a scale word applies to money only


def test_part_of_a_whole() -> None:
    c = compute_part_of_whole(Operand(name="GDP", value=100e12, unit="yuan"), TARGET_SHARE, "health market",
                              scale="trillion")  # 7% of 100 trillion
    assert c.value == pytest.approx(7e12) and c.unit == "yuan" and c.operation == "part_of_whole"
    assert c.formula == "health market = 7% × 100.00 trillion yuan = 7.00 trillion yuan"
    with pytest.raises(CalculationError):
        compute_part_of_whole(MARKET_2020, MARKET_2020)  # the share must be a percentage


def test_share_rescaled_sentence() -> None:
    c = compute_share_rescaled(HEALTH_2017, HEALTH_SHARE, TARGET_SHARE, "GDP", scale="billion")
    assert c.sentence == "At 7% instead of 6.2% of GDP, total health expenditure would be 5,825.67 billion yuan."
    assert c.inputs == (HEALTH_2017, HEALTH_SHARE, TARGET_SHARE)


def test_compounding_for_no_years_and_backwards() -> None:
    assert compute_compounded_growth(OUTPUT_GROWTH, 0).value == 0.0
    # 1 / 1.2332 = 0.810898: a year back is -18.91%
    assert round(compute_compounded_growth(OUTPUT_GROWTH, -1).value, 2) == -18.91


def test_average_annual_change() -> None:
    c = compute_average_annual_change(OUTPUT_2010, OUTPUT_2017, 7)  # (3641.2 - 1235) / 7 = 343.74
    assert round(c.value / B, 2) == 343.74 and c.unit == "yuan per year"
    assert c.formula == "Average annual change = (3,641.2 − 1,235) / 7 = 343.74 billion yuan per year"
    firms = compute_average_annual_change(FIRMS_2016, FIRMS_2017, 1)
    assert (firms.value, firms.unit) == (248.0, "count per year")


def test_sentences_state_units() -> None:
    assert "300.29 billion yuan" in compute_implied_previous(PROFIT_2017, PROFIT_GROWTH).sentence
    assert "11.80%" in compute_margin(PROFIT_2017, REVENUE_2017).sentence
    assert "3.00 percentage points above" in compute_pp_difference(GROSS_RATE_2017, GROSS_RATE_2016).sentence
    assert "+248 per year" in compute_average_annual_change(FIRMS_2016, FIRMS_2017, 1).sentence
    small = Operand(name="investment", value=2.5e6, unit="yuan")
    assert "2.50 million yuan" in compute_implied_next(small, PROFIT_GROWTH).sentence


def test_negative_base_growth_warns() -> None:
    loss = Operand(name="profit", value=-10.0, unit="yuan")
    gain = Operand(name="profit", value=5.0, unit="yuan")
    c = compute_total_growth(loss, gain)
    assert c.value == pytest.approx(-150.0) and "negative" in c.warnings[0]


def op(value: object, unit: str = "yuan", name: str = "x") -> Operand:
    return Operand(name=name, value=value, unit=unit)  # type: ignore[arg-type]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: compute_cagr(op(0.0), op(5.0), 7), r"positive start value; 'x' is 0\.0"),
    (lambda: compute_cagr(op(-3.0), op(5.0), 7), r"positive start value; 'x' is -3\.0"),
    (lambda: compute_cagr(op(1.0), op(-5.0), 7), r"non-negative end value; 'x' is -5\.0"),
    (lambda: compute_cagr(op(1.0), op(5.0), 0), r"years must be a positive number; got 0"),
    (lambda: compute_cagr(op(1.0), op(5.0), -2), r"got -2"),
    (lambda: compute_average_annual_change(op(1.0), op(5.0), math.nan), r"got nan"),
    (lambda: compute_ratio(op(5.0, "yuan"), op(2.0, "%")), r"'yuan'.*'%'.*units differ"),
    (lambda: compute_cagr(op(math.nan), op(5.0), 3), r"start 'x' is nan; a finite number is needed"),
    (lambda: compute_margin(op(1.0), op(math.inf)), r"revenue 'x' is inf"),
    (lambda: compute_margin(op(1.0), op(0.0)), r"positive revenue; 'x' is 0\.0"),
    (lambda: compute_margin(op(1.0, "%"), op(3.0, "%")), r"amounts, not rates"),
    (lambda: compute_share(op(1.0), op(0.0)), r"non-zero whole; 'x' is 0\.0"),
    (lambda: compute_ratio(op(1.0), op(0.0)), r"non-zero denominator"),
    (lambda: compute_yoy_growth(op(0.0), op(1.0)), r"non-zero base; 'x' is 0\.0"),
    (lambda: compute_implied_previous(op(1.0), op(-100.0, "%")), r"above -100%; 'x' is -100\.0"),
    (lambda: compute_implied_next(op(1.0), op(5.0, "yuan")), r"must be in '%'; got unit 'yuan'"),
    (lambda: compute_pp_difference(op(1.0, "%"), op(2.0, "count")), r"two values in '%'.*'count'"),
    (lambda: compute_total_growth(op("12"), op(1.0)), r"'12'; a finite number is needed"),
    (lambda: compute_cagr(op(1e-300), op(1e300), 1e-3), r"cannot be computed|not finite"),
    (lambda: compute_implied_next(op(1e308), op(1e300, "%")), r"not finite"),
    (lambda: compute_implied_whole(op(1.0), op(0.0, "%")), r"non-zero share; 'x' is 0"),
    (lambda: compute_implied_whole(op(1.0), op(5.0, "yuan")), r"share 'x' must be in '%'; got unit 'yuan'"),
    (lambda: compute_implied_whole(op(1.0), op(5.0, "%"), scale="lakh"), r"scale 'lakh' is not one of"),
    (lambda: compute_share_rescaled(op(1.0), op(0.0, "%"), op(7.0, "%")), r"non-zero share"),
    (lambda: compute_share_rescaled(op(1.0), op(6.2, "%"), op(7.0, "count")), r"new share 'x' must be in '%'"),
    (lambda: compute_compounded_growth(op(5.0, "yuan"), 3), r"growth 'x' must be in '%'"),
    (lambda: compute_compounded_growth(op(-150.0, "%"), 0.5), r"not finite"),
    (lambda: compute_compounded_growth(op(5.0, "%"), "3"), r"years is '3'"),
    (lambda: compute_previous_from_change(op(math.nan), op(1.0)), r"current value 'x' is nan"),
    (lambda: compute_previous_from_change(op(1e308), op(-1e308)), r"not finite"),
])
def test_clear_errors(call: Callable[[], Computation], message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        call()


def test_units_that_differ_only_by_scale_or_alias_are_compatible() -> None:
    assert compute_ratio(op(2e9, "billion yuan"), op(1e9, "RMB")).value == 2.0
    assert compute_pp_difference(op(5.0, "percent"), op(2.0, "%")).value == 3.0


# properties

POSITIVE = st.floats(min_value=1e-3, max_value=1e12)
GROWTH = st.floats(min_value=-99.0, max_value=1e4)


@given(POSITIVE, POSITIVE, st.integers(min_value=1, max_value=30))
def test_cagr_then_implied_growth_reproduces_the_end(start: float, end: float, years: int) -> None:
    rate = compute_cagr(op(start), op(end), years)
    value = op(start)
    for _ in range(years):
        value = op(compute_implied_next(value, op(rate.value, "%")).value)
    # a rate near -100% loses digits in 1 + rate / 100, so the error scales with the larger of the two values
    assert value.value == pytest.approx(end, rel=1e-9, abs=1e-9 * max(start, end))


@given(st.floats(min_value=-1e12, max_value=1e12), GROWTH)
def test_implied_previous_undoes_implied_next(x: float, g: float) -> None:
    following = compute_implied_next(op(x), op(g, "%"))
    back = compute_implied_previous(op(following.value), op(g, "%"))
    assert back.value == pytest.approx(x, rel=1e-9, abs=1e-9)


ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True)
UNITS = st.sampled_from(["yuan", "billion yuan", "%", "count", "pp", ""])
TWO = [compute_total_growth, compute_yoy_growth, compute_implied_previous, compute_implied_next,
       compute_absolute_change, compute_ratio, compute_share, compute_pp_difference, compute_margin,
       compute_previous_from_change, compute_implied_whole]
WITH_YEARS = [compute_cagr, compute_average_annual_change, compute_compounded_growth]


@given(st.sampled_from(TWO + WITH_YEARS), ANY_FLOAT, ANY_FLOAT, UNITS, UNITS,
       st.one_of(st.integers(min_value=-3, max_value=50), ANY_FLOAT))
def test_only_calculation_errors_on_arbitrary_floats(compute: Callable[..., Computation], a: float, b: float,
                                                     unit_a: str, unit_b: str, years: float) -> None:
    args = (op(a, unit_a), op(b, unit_b)) + ((years,) if compute in WITH_YEARS else ())
    if compute is compute_compounded_growth:
        args = (op(a, unit_a), years)
    try:
        c = compute(*args)
    except CalculationError as exc:
        assert str(exc)
        return
    assert math.isfinite(c.value) and c.formula and c.sentence


@given(POSITIVE, POSITIVE)
def test_margin_and_share_agree(part: float, whole: float) -> None:
    assume(part <= whole)
    assert compute_margin(op(part), op(whole)).value == compute_share(op(part), op(whole)).value


@given(POSITIVE, st.floats(min_value=0.01, max_value=100.0))
def test_implied_whole_gives_back_the_share(part: float, share: float) -> None:
    whole = compute_implied_whole(op(part), op(share, "%"))
    assert compute_share(op(part), op(whole.value)).value == pytest.approx(share, rel=1e-9)
    same = compute_share_rescaled(op(part), op(share, "%"), op(share, "%"))
    assert same.value == pytest.approx(part, rel=1e-9)


def test_a_decline_is_the_fall_in_percent_of_the_start() -> None:
    start = Operand(name="RMSE at n = 100", value=0.0988, unit="")
    end = Operand(name="RMSE at n = 1000", value=0.0321, unit="")
    c = compute_decline(start, end)
    assert (c.operation, round(c.value, 2), c.unit) == ("decline", 67.51, "%")
    assert round(c.value, 9) == round(-compute_total_growth(start, end).value, 9)
    assert c.formula == "Decline = (1 − 0.0321 / 0.0988) × 100 = 67.51%"
    with pytest.raises(CalculationError):
        compute_decline(Operand(name="zero", value=0.0, unit=""), end)


def test_a_value_compounded_back_and_the_years_to_a_target() -> None:
    rate = Operand(name="compound growth", value=16.70313184387, unit="%")
    back = compute_backcast(OUTPUT_2017, rate, 7)
    assert back.operation == "backcast" and back.value == pytest.approx(OUTPUT_2010.value, rel=1e-9)
    years = compute_years_to_target(OUTPUT_2010, rate, OUTPUT_2017)
    assert years.operation == "years_to_target" and years.value == pytest.approx(7.0, rel=1e-9) and years.unit == "years"
    with pytest.raises(CalculationError):
        compute_years_to_target(OUTPUT_2010, Operand(name="no growth", value=0.0, unit="%"), OUTPUT_2017)


def test_a_change_of_figures_with_decimals_keeps_its_decimals_even_when_whole():
    from assistant.calc import compute_absolute_change
    from assistant.types import Operand

    comp = compute_absolute_change(Operand(name="LR of the first fit", value=43.04, unit=""),
                                   Operand(name="LR of the second fit", value=63.04, unit=""))
    assert comp.formula.endswith("= 20.00")
    counts = compute_absolute_change(Operand(name="firms 2016", value=7449, unit="count"),
                                     Operand(name="firms 2017", value=7697, unit="count"))
    assert counts.formula.endswith("= 248")


def test_an_average_of_small_values_keeps_their_precision():
    from assistant.calc import compute_average

    comp = compute_average((Operand(name="a", value=0.0993, unit=""), Operand(name="b", value=0.0544, unit="")))
    assert comp.formula.endswith("= 0.0769") and round(comp.value, 5) == 0.07685


def test_a_sum_keeps_signs_and_precision():
    from assistant.calc import compute_sum

    comp = compute_sum((Operand(name="ar1", value=1.2545, unit=""), Operand(name="ar2", value=-0.5137, unit="")))
    assert comp.operation == "sum" and round(comp.value, 4) == 0.7408
    assert comp.formula == "Sum = 1.2545 + (-0.5137) = 0.7408"
    with pytest.raises(CalculationError):
        compute_sum((Operand(name="one", value=1.0, unit=""),))


def test_read_outs_of_a_log_scale_coefficient() -> None:
    """A Cox coefficient -1.0722 (timedep, CGD treatment) and its robust SE 0.3118, hand-checked: exp(b) = 0.3423, the
    95% interval of the ratio exp(b ± 1.96 se) = 0.1858 to 0.6306, a printed ratio 0.3422 = a 65.78% reduction."""
    b, se = Operand(name="coef", value=-1.0722, unit=""), Operand(name="robust se", value=0.3118, unit="")
    assert round(compute_exponentiated(b).value, 4) == 0.3423
    interval = compute_interval(b, se, 0.95, exponentiate=True)
    assert round(interval.value, 4) == 0.1858 and "0.6306" in interval.formula
    assert round(compute_interval(b, se, 0.95, exponentiate=True, upper=True).value, 4) == 0.6306
    assert round(compute_interval(Operand(name="w", value=0.329674, unit=""), Operand(name="se", value=0.135113, unit=""), 0.90).value,
                 4) == round(0.329674 - 1.644854 * 0.135113, 4)
    change = compute_ratio_change(Operand(name="exp(coef)", value=0.3422, unit=""))
    assert change.value == pytest.approx(65.78) and "reduction" in change.sentence
    rise = compute_exponentiated_change(Operand(name="coef", value=0.1, unit=""), 10)
    assert rise.value == pytest.approx((math.e - 1) * 100) and "increase" in rise.sentence
    fall = compute_exponentiated_change(Operand(name="coef", value=-0.1, unit=""), 10)
    assert fall.value == pytest.approx((1 - math.exp(-1)) * 100) and "reduction" in fall.sentence


def test_a_gap_with_no_side_named_gives_the_ratio_above_one() -> None:
    """exp(35 × -0.033771) = 0.3067 for 35 more points; a 35-point gap read either way is 3.2608, its reciprocal."""
    b = Operand(name="karno", value=-0.033771, unit="")
    assert round(compute_exponentiated(b, 35).value, 4) == 0.3067
    either = compute_exponentiated(b, 35, either_way=True)
    assert round(either.value, 4) == 3.2608 and "0.3067" in either.formula


def test_an_interval_needs_a_level_and_a_standard_error_that_can_be() -> None:
    b = Operand(name="coef", value=1.0, unit="")
    with pytest.raises(CalculationError):
        compute_interval(b, Operand(name="se", value=-0.1, unit=""))
    with pytest.raises(CalculationError):
        compute_interval(b, Operand(name="se", value=0.1, unit=""), 95)

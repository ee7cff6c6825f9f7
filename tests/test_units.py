"""The units module: unit spellings, display scales, amounts in a scale, a computation's shown value."""

from assistant.types import Computation
from assistant.units import display_scale, format_amount, is_money, norm_unit, scale_in, scaled, scaled_unit


def test_norm_unit_folds_spellings_and_scales() -> None:
    assert norm_unit("Billion RMB") == "yuan" and norm_unit("percent") == "%" and norm_unit("percentage points") == "pp"
    assert is_money("billion yuan per year") and not is_money("%")


def test_display_scale_and_amounts() -> None:
    assert display_scale("yuan", 3641.2e9, 1235e9) == "billion" and display_scale("count", 7697) == ""
    assert format_amount(2.9826e12, "yuan", "trillion") == "2.9826 trillion yuan"
    assert format_amount(17.21, "%") == "17.21%" and format_amount(7697, "count") == "7,697"
    assert scale_in("how much in bn yuan?") == "billion" and scale_in("in trillion yuan") == "trillion"


def test_a_computation_is_in_base_units_with_a_display_scale() -> None:
    comp = Computation(operation="x", value=300.29e9, unit="yuan", formula="", inputs=(), sentence="", scale="billion")
    assert round(scaled(comp), 2) == 300.29 and scaled_unit(comp) == "billion yuan"

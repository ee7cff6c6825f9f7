"""Number reading: hand-made inputs, real sentences of the paper, the whole paper, and properties."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.numbers import Quantity, format_number, parse_number, read_numbers

PAPER = Path(__file__).resolve().parents[1] / "corpus" / "zhou-wang-2019-biopharma.txt"


def only(text: str) -> Quantity:
    found = read_numbers(text)
    assert len(found) == 1, found
    return found[0]


def values(text: str, unit: str | None = None) -> list[float]:
    return [q.value for q in read_numbers(text) if unit is None or q.unit == unit]


# parse_number / format_number

@pytest.mark.parametrize(("token", "expected"), [
    ("7,697", 7697.0), ("3,641.2", 3641.2), ("2.9826", 2.9826), ("1,235", 1235.0), ("1,234,567.5", 1234567.5),
    ("0.5", 0.5), ("-8.1", -8.1), ("−5", -5.0), ("+7", 7.0), ("25,53.71", 2553.71), (" 42 ", 42.0),
    ("seven", 7.0), ("eight", 8.0), ("two", 2.0), ("Twelve", 12.0), ("twenty", 20.0), ("twenty-five", 25.0),
    ("two hundred", 200.0), ("zero", 0.0),
])
def test_parse_number(token: str, expected: float) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize("junk", ["", " ", "abc", "1.2.3", "12a", "first", "1,,2", ",5", "nan", "inf", "16.70%",
                                  "twenty-ten", "seven eight", "--5", "9" * 400])
def test_parse_number_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(junk)


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (3641.2, 2, "3,641.20"), (1235, 2, "1,235.00"), (2.9826, 4, "2.9826"), (-8.1, 2, "-8.10"),
    (1234567.891, 1, "1,234,567.9"), (7697, 0, "7,697"), (0.0, 2, "0.00"),
])
def test_format_number(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_format_number_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError, match="-1"):
        format_number(1.0, -1)


# real sentences of the paper (lines joined)

def test_cagr_sentence() -> None:
    text = ("the gross industrial output value of the bio-pharmaceutical industry increased from 1,235 billion yuan "
            "to 3,641.2 billion yuan, with an average annual compound growth rate of 16.70%.")
    start, end, rate = read_numbers(text)
    assert (start.value, start.number, start.unit, start.scale, start.raw) == (1.235e12, 1235.0, "yuan", "billion",
                                                                              "1,235 billion yuan")
    assert (end.value, end.number, end.unit, end.scale) == (3.6412e12, 3641.2, "yuan", "billion")
    assert (rate.value, rate.unit, rate.raw) == (16.7, "%", "16.70%")
    assert not any(q.negative or q.malformed or q.approx for q in (start, end, rate))


def test_scale_and_unit_across_a_line_break() -> None:
    text = "increased from 1,235 billion \n\nyuan to 3,641.2 billion yuan"
    first = read_numbers(text)[0]
    assert (first.value, first.unit, first.raw) == (1.235e12, "yuan", "1,235 billion \n\nyuan")


def test_fall() -> None:
    q = only("The slowest growth is in the manufacture of pharmaceutical-specific equipment, with profit before tax "
             "falling by 8.1%.")
    assert (q.value, q.number, q.unit, q.negative, q.raw) == (-8.1, -8.1, "%", True, "8.1%")
    assert "falling by" in q.note


def test_malformed_grouping() -> None:
    revenue, growth = read_numbers("In 2015, the revenue of enterprises above designated size reached 25,53.71 billion "
                                   "yuan, an increase of 9.48% year-on-year")[1:]
    assert revenue.malformed and (revenue.number, revenue.value, revenue.unit) == (2553.71, 2.55371e12, "yuan")
    assert "25,53.71" in revenue.note and "2553.71" in revenue.note
    assert (growth.value, growth.unit, growth.malformed) == (9.48, "%", False)


def test_percent_range() -> None:
    q = only("The R&D of anti-cancer drugs accounts for 40%-45% of the global R&D of new drugs.")
    assert (q.value, q.low, q.high, q.unit, q.raw) == (42.5, 40.0, 45.0, "%", "40%-45%")


def test_small_decimal_with_scale_and_year() -> None:
    year, revenue, growth = read_numbers("In 2017, it was 2.9826 billion yuan, an increase of 6.28% year-on-year.")
    assert (year.value, year.unit) == (2017.0, "year")
    assert (revenue.value, revenue.number, revenue.scale, revenue.unit) == (2982600000.0, 2.9826, "billion", "yuan")
    assert (growth.value, growth.unit) == (6.28, "%")


def test_hyphenated_billion_yuan() -> None:
    year, spending, share = read_numbers("In 2017, China's total health expenditure was 5,159.88 billion-yuan, "
                                         "accounting for 6.2% of GDP")
    assert (spending.value, spending.unit, spending.raw) == (5.15988e12, "yuan", "5,159.88 billion-yuan")
    assert (share.value, share.unit, year.unit) == (6.2, "%", "year")


def test_scale_without_currency_word() -> None:
    q = read_numbers("In 2013, the revenue of enterprises above designated size reached 2 trillion, but the growth")[1]
    assert (q.value, q.number, q.unit, q.scale, q.raw) == (2e12, 2.0, "", "trillion", "2 trillion")


def test_trillion_yuan() -> None:
    found = read_numbers("realized a profit before tax of 2.6 trillion yuan, an increase of 10.1% year-on-year")
    assert [(q.value, q.unit) for q in found] == [(2.6e12, "yuan"), (10.1, "%")]


def test_per_ten_thousand_people() -> None:
    q = only("It is a typical patent-intensive industry with a patent intensiveness of more than 100 pieces per "
             "10,000 people.")
    assert (q.value, q.unit, q.bound, q.approx) == (100.0, "per_10k_people", "min", True)
    assert q.raw == "100 pieces per 10,000 people"


def test_year_range_counts_and_words() -> None:
    found = read_numbers("Throughout 2011-2017, the number of biomedical enterprises in China has continuously "
                         "increased, with a total increase of 2,023 in seven years, which is very rapid.")
    span, total, years = found
    assert (span.unit, span.low, span.high, span.raw) == ("year", 2011.0, 2017.0, "2011-2017")
    assert (total.value, total.unit) == (2023.0, "count")
    assert (years.value, years.unit, years.raw) == (7.0, "years", "seven years")


def test_counts() -> None:
    text = "the number of biomedical enterprises in China has reached 7,697, an increase of 248 over the same period"
    assert [(q.value, q.unit) for q in read_numbers(text)] == [(7697.0, "count"), (248.0, "count")]
    eight = only("The bio-pharmaceutical industry mainly includes eight sub-sectors")
    assert (eight.value, eight.unit, eight.raw) == (8.0, "count", "eight")


@pytest.mark.parametrize(("text", "value", "unit", "bound"), [
    ("the growth rate was lower than 10% for the first time in the last decade", 10.0, "%", "max"),
    ("The market share of innovative drugs in developed countries has exceeded 60%", 60.0, "%", "min"),
    ("the proportion of innovative drugs is less than 20%", 20.0, "%", "max"),
    ("Although more than 220 clinical anti-cancer drug projects have been developed", 220.0, "count", "min"),
    ("no more than 5% of firms", 5.0, "%", "max"),
    ("about 300 firms", 300.0, "count", ""),
])
def test_bounds_and_approximations(text: str, value: float, unit: str, bound: str) -> None:
    q = only(text)
    assert (q.value, q.unit, q.bound, q.approx) == (value, unit, bound, True)


@pytest.mark.parametrize("text", [
    'Since entering the "Twelfth Five-Year Plan", the gross industrial output value',
    "a strategic industry with priority development in the 21st century [5].",
    "the fourth industrial revolution; the second largest market; a first-year student",
    "1） It is a typical patent-intensive industry",
    "5) Poor ability of medical equipment and after-sales service",
    "(1) first (2) second",
    "1. Introduction",
    "“Research on the Strategy” (18BJY099); the Soft Science Research Project (GDIP2016-G05)",
    "(e-mail: wwtmaggie@163.com, 8605340@qq.com).",
    "Guangdong, CO 510641 China",
    "doi: 10.18178/ijtef.2019.10.4.643",
    "Available: https://www.sohu.com/a/129367312_466951",
    "innovation [1]. patents [2, 3] and [4-6]",
    "As is shown in Fig. 1, Table 2 and vol. 13, pp. 555-566, No. 4",
    "artificial intelligence and 3D printing",
    "On the one hand, it is one of the few industries",
    "form a three-dimensional marketing network system",
    "version 1.2.3 released on 2019-05-25",
    "COVID-19 and the 1990s",
])
def test_not_quantities(text: str) -> None:
    assert read_numbers(text) == []


def test_dates_and_cited_years() -> None:
    assert values("Manuscrript received May 25, 2019; revised July 12, 2019.") == [2019.0, 2019.0]
    assert values("Porter (1990) suggests; Gereffi (1999b) argues; born on 8 August 1995") == [1990.0, 1999.0, 1995.0]
    assert values("International Journal of Technology Management, vol. 75, pp. 97-120, 2017.", "year") == [2017.0]
    assert values("As is shown in Fig. 2, from 2010 to 2017,", "year") == [2010.0, 2017.0]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("decreased by 3 percentage points", -3.0, "pp"),
    ("a decline of 2,000 firms", -2000.0, "count"),
    ("sales were down 4.5% on the year", -4.5, "%"),
    ("a change of −5%", -5.0, "%"),
    ("RMB 5 billion was spent", 5e9, "yuan"),
    ("costs $3.5 million", 3.5e6, "usd"),
    ("reached 5 thousand yuan", 5000.0, "yuan"),
    ("two billion yuan", 2e9, "yuan"),
    ("three times the level", 3.0, "x"),
    ("a 5-year plan", 5.0, "years"),
    ("twenty-five enterprises", 25.0, "count"),
    ("more than 2000 firms", 2000.0, "count"),
    ("up to 2020", 2020.0, "year"),
    ("a rate of 0.5", 0.5, ""),
    ("1,2345 items", 12345.0, "count"),
])
def test_hand_made(text: str, value: float, unit: str) -> None:
    q = only(text)
    assert (q.value, q.unit) == (value, unit)
    assert q.negative == (value < 0)


def test_ranges() -> None:
    q = only("between 3-5 billion yuan")
    assert (q.value, q.low, q.high, q.unit, q.scale) == (4e9, 3e9, 5e9, "yuan", "billion")
    assert (only("some 40-45% of").low, only("some 40-45% of").high) == (40.0, 45.0)
    assert values("45%-40%") == [45.0, 40.0]  # a falling "range" is two numbers
    fall = only("fell by 3%-5%")
    assert (fall.value, fall.low, fall.high) == (-4.0, -5.0, -3.0)


# the whole paper

def _paper() -> str:
    return PAPER.read_text(encoding="utf-8")


def _joined(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


PERCENTS = [12.4, 10.1, 23.32, 16.7, 32.4, 3.0, 9.48, 10.0, 6.28, 17.21, 16.7, 14.7, 7.7, 26.8, 13.7, -8.1, 6.2, 7.0,
            7.5, 60.0, 20.0, 42.5]
YUAN = [2.6e12, 1.235e12, 3.6412e12, 2.55371e12, 2.9826e9, 3.5197e11, 5.15988e12, 7e12]


@pytest.mark.parametrize("joined", [False, True], ids=["raw", "joined"])
def test_whole_paper(joined: bool) -> None:
    text = _joined(_paper()) if joined else _paper()
    found = read_numbers(text)
    assert all(q.raw == text[q.start:q.end] for q in found)
    assert [q.value for q in found if q.unit == "%"] == PERCENTS
    assert [q.value for q in found if q.unit == "yuan"] == YUAN
    assert [q.value for q in found if q.unit == "count"] == [3.0, 8.0, 7697.0, 248.0, 2023.0, 8.0, 8.0, 8.0, 220.0,
                                                              98.0]
    assert [(q.value, q.scale) for q in found if q.unit == ""] == [(2e12, "trillion")]
    assert {q.unit for q in found} == {"%", "yuan", "count", "year", "years", "", "per_10k_people"}
    assert all(1900 <= q.value <= 2100 for q in found if q.unit == "year")
    for identifier in ("18BJY099", "GDIP2016-G05", "510641", "8605340", "163.com", "129367312", "[12]", "21st",
                       "Fig. 7", "pp. 884-894", "vol. 30", "No. 4", "May 25", "3D", "1）", "5)"):
        at = text.find(identifier)
        assert at >= 0, identifier
        while at >= 0:
            assert not any(q.start < at + len(identifier) and at < q.end for q in found), identifier
            at = text.find(identifier, at + 1)


# properties

@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_format_then_parse_round_trips(x: float, decimals: int) -> None:
    assert math.isclose(parse_number(format_number(x, decimals)), x, rel_tol=1e-12, abs_tol=0.5 * 10**-decimals * (1 + 1e-9))


PIECES = [*"0123456789,.-%()[]）~ \n", "billion", " yuan", "more than ", "falling by ", "seven", "RMB", "$",
          "per 10,000 people", "percentage points", "May ", "Fig. ", "pp. ", "@", "x"]
NUMBERY = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@given(st.one_of(st.text(), NUMBERY))
def test_read_numbers_never_raises_and_spans_are_exact(text: str) -> None:
    for q in read_numbers(text):
        assert q.raw == text[q.start:q.end] and q.start < q.end
        assert math.isfinite(q.value) and q.bound in {"", "min", "max"}
        assert q.approx or not q.bound
        if q.low is not None and q.high is not None:
            assert q.low <= q.value <= q.high

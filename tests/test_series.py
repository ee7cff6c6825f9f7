"""Coordinated series in one sentence (assistant/answer/series.py), on small hand-made sentences."""

from assistant.answer.series import find_series


def test_a_comma_series_after_a_copula_keeps_its_frame_apart():
    series = find_series("The supported backends are sqlite, postgres, mysql, duckdb.")
    assert series.items == ("sqlite", "postgres", "mysql", "duckdb")
    assert series.lead == "The supported backends are"


def test_the_last_item_is_split_at_its_first_conjunction_and_brackets_hold_commas():
    series = find_series("Two variants are of interest: the fast one (with n, m fixed), the slow one and the exact "
                         "or brute force one.")
    assert series.items == ("the fast one (with n, m fixed)", "the slow one", "the exact or brute force one")
    assert series.lead.startswith("Two variants are of interest")


def test_the_first_item_starts_where_the_others_open():
    series = find_series("Useful cases include the red model with noise, the blue model and the green model.")
    assert series.items == ("the red model with noise", "the blue model", "the green model")
    assert series.lead == "Useful cases include"


def test_a_relative_clause_is_no_item_and_two_conjuncts_are_no_series():
    assert find_series("The city has many firms, which trade in steel, coal and grain.").lead == "which trade in"
    assert find_series("We use apples and pears.") is None
    assert find_series("The model fits well.") is None

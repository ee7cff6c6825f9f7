"""Small checks of how grounding reads a question's words (no paper needed)."""

from assistant.answer.grounding import _numeral


def test_a_number_word_is_found_as_its_numeral():
    assert _numeral("five") == ["5"]
    assert _numeral("Twenty") == ["20"]


def test_other_words_have_no_numeral():
    assert _numeral("half") == []
    assert _numeral("intercepts") == []

from assistant.segment import split_sentences


def _split(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_terminal_punctuation():
    assert _split("It grew. Then it fell! Why? Nobody knows.") == ["It grew.", "Then it fell!", "Why?", "Nobody knows."]


def test_keeps_abbreviations_initials_and_decimals():
    text = "As is shown in Fig. 1, the value was 2.9826 billion. J. E. Azzam, C. Ayerbe, and R. Dang wrote it, vol. 75, pp. 97-120."
    assert _split(text) == ["As is shown in Fig. 1, the value was 2.9826 billion.",
                            "J. E. Azzam, C. Ayerbe, and R. Dang wrote it, vol. 75, pp. 97-120."]


def test_caption_label_is_not_a_sentence_but_a_trailing_figure_reference_ends_one():
    assert _split("Fig. 2. Total output in 2010-2017.") == ["Fig. 2. Total output in 2010-2017."]
    assert _split("It is shown in Fig. 5. The fastest growth is X.") == ["It is shown in Fig. 5.", "The fastest growth is X."]


def test_offsets_are_shifted_and_trimmed():
    assert split_sentences("  One. Two.  ", offset=10) == [(12, 16), (17, 21)]

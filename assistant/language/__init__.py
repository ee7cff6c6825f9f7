"""Knowledge of language, from maintained resources: WordNet (synonyms, antonyms, irregular forms), abbreviations
(the paper's own definitions and a small data file of common ones), and spelling correction against the paper's
vocabulary (rapidfuzz). No word list of any paper lives here."""

from .abbreviations import defined_abbreviations
from .lexicon import Lexicon, common_abbreviations
from .ordinals import ORDINAL_WORDS, ordinal_numbers, ordinal_value
from .superlatives import ranking_ends, superlative_words
from .wordnet import WordNetTable, load_table

__all__ = ["ORDINAL_WORDS", "Lexicon", "WordNetTable", "common_abbreviations", "defined_abbreviations", "load_table",
           "ordinal_numbers", "ordinal_value", "ranking_ends", "superlative_words"]

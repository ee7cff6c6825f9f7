"""The answer stage: the paper's own sentences, each with a citation; lists, summaries, abstention."""

from .compose import Composer
from .lexicon import SentenceLexicon
from .text import iter_answer_parts

__all__ = ["Composer", "SentenceLexicon", "iter_answer_parts"]

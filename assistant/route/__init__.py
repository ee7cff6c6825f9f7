"""Computation requests: recognize one in a question, find its inputs in the facts table, compute, cite.

:func:`answer_computation` reads what is asked (the operation from cue words, the metric by name or alias, subjects,
years and ranges, numbers quoted from the paper, superlatives such as "the two fastest"), takes the inputs from the
facts table (the readings the checks chose, e.g. the corrected 2017 revenue), derives an input the paper does not
state when the stated figures determine it (a previous year's level from a level and its growth), computes with
:mod:`assistant.calc`, and returns an Answer whose operands cite the sentences they come from. A question for a
figure the paper states is not a computation (None: the passage composer quotes it); a request whose input is missing
gets an abstaining Answer that names the missing figure.

The modules, in the order of the flow: ``request`` (question -> :class:`Request`), ``router`` (the inputs of one
request, stated or derived, and how they are shown), ``series`` and ``pairs`` (the operations), ``answers`` (routing
and the Answer).
"""

from .answers import answer_computation
from .request import Request, parse_request, stated_sentences

__all__ = ["answer_computation", "parse_request", "Request", "stated_sentences"]

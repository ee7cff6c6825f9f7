"""What a reader is shown: answers, checks and facts as typed display parts, and their plain-text forms.

One renderer for every front end: :func:`answer_view` turns an :class:`~assistant.types.Answer` into lines of
:class:`TextRun` and :class:`Marker` parts (the markers from :attr:`Answer.marks`, never read back from the text), its
computation (formula and input rows), sources, related passages, notes and the "Interpreted as" line. The CLI prints
:func:`answer_text`, the conversation download is :func:`conversation_markdown`, and the app lays the same parts out
(escaped text runs, a badge per marker). :func:`check_view` and :func:`fact_rows` do the same for the checks of the
paper's numbers and its facts table; :func:`fact_series` and :func:`fact_comparisons` are what the facts charts plot.
"""

from .answers import (AnswerView, ComputationView, InputRow, Line, Marker, Run, SourceRow, TextRun, answer_lines,
                      answer_markdown, answer_text, answer_view, body_text, computation_view, conversation_markdown,
                      line_text, source_row)
from .facts import (CheckView, Comparison, FactRow, Series, check_view, checks_text, fact_amount, fact_comparisons, fact_rows,
                    fact_series, metric_name)

__all__ = ["AnswerView", "CheckView", "Comparison", "ComputationView", "FactRow", "InputRow", "Line", "Marker", "Run",
           "Series", "SourceRow", "TextRun", "answer_lines", "answer_markdown", "answer_text", "answer_view",
           "body_text", "check_view", "checks_text", "computation_view", "conversation_markdown", "fact_amount", "fact_comparisons",
           "fact_rows", "fact_series", "line_text", "metric_name", "source_row"]

"""Facts: one row per quantitative statement of the paper, and checks of the paper's own numbers.

:func:`extract_facts` reads every sentence with :func:`read_numbers` and attaches each number to what it measures by
sentence-level rules: the noun phrase the number hangs on ("a profit before tax of N", "the gross profit rate ...
reached N", "N clinical ... projects"), the year or period of its clause ("In 2015,", "from 2010 to 2017", "during the
Eleventh Five-Year Plan"), and its kind from cue words ("an increase of", "year-on-year", "compound growth rate",
"accounting for N of GDP", "falling by", "with growth rates of X and Y" paired with the subjects listed before it,
"it was" resolved to the previous sentence's metric). Values stay as printed (read into base units); the checks
(:func:`check_facts`) flag the paper's own inconsistencies and say which reading the calculator uses instead.

A reviewed ``corpus/facts.csv`` (written by ``python -m assistant facts --csv``) is what :func:`load_facts` uses when
it matches the paper; the extractor is the fallback for another paper.

The modules, in the order of the data flow: ``vocabulary`` (a paper's :class:`Vocabulary` beyond its text, subjects, :class:`SubjectIndex`),
``periods`` (years, ranges, Five-Year Plans), ``rows`` (the stored columns, a row as a Citation), ``stated`` (where
a number stands: a stated figure, or a label, notation, code), ``extract`` (sentence -> rows), ``checks`` (:class:`Check` and its rules), ``table`` (:class:`Facts`, loading, text forms).
"""

from .checks import Check, check_facts
from .extract import extract_table
from .periods import five_year_plan, period_of
from .rows import COLUMNS, FACTS_FILE, citation_for, format_amount, readable_amount
from .table import Facts, extract_facts, format_facts, load_facts, reading_notes
from .typed import FactTable, fact_from_row
from .vocabulary import (VOCABULARY_FILE, SubjectIndex, Vocabulary, enumerated_subjects, is_metric_name, metric_label,
                         tokens)

__all__ = ["Facts", "FactTable", "fact_from_row", "Check", "extract_facts", "extract_table", "load_facts", "check_facts", "format_facts",
           "reading_notes", "citation_for", "SubjectIndex", "Vocabulary", "is_metric_name", "metric_label",
           "FACTS_FILE", "COLUMNS", "VOCABULARY_FILE", "period_of", "five_year_plan", "tokens",
           "enumerated_subjects", "format_amount", "readable_amount"]

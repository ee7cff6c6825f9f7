"""Rows of printed tables and program output: which line names the columns a row's figures fall under.

A question such as "what exp(coef) did treat get?" or "what is the RMSE of Powell at n = 400?" is answered by one
line of a table or of printed output, found by its row label ("treat", "n = 400") and the column heading above it
("exp(coef)", "RMSE"), neither of which a prose scorer weighs. The reading here is by shape only: a row is a line that
ends in at least two numbers (or a label and one); its header is the nearest line above it, in the same block, that
holds words and no figures; short lines in between ("Powell") name a group of rows. A summary line of printed output
that gives its figures as "name = value" or "name: value" pairs ("Likelihood ratio test=22.49 on 3 df, p=5.149e-05",
"Multiple R-squared: 0.43, Adjusted R-squared: 0.41") is a row too, each figure named by its own name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..lexical import analyze
from ..segment import open_brackets
from ..types import Document, Sentence

CALLED = re.compile(r"(?<![\w.$])([A-Za-z][\w.]*[A-Za-z\d])\s*\(")
"""A name called in a line of code: ``linearHypothesis`` of ``linearHypothesis(res, R)``, ``coef`` of
``coef(res_cue)``."""
_PROMPT = re.compile(r"^\s*(?:#+|>|\+)\s*")  # "## " before printed R output, "> " before a command
_NUMBER = re.compile(r"^[-+−]?(?:\d[\d,]*\.?\d*|\.\d+)(?:[eE][-+−]?\d+)?%?$|^<\s?[\d.eE+-]+$")
_MARKS = re.compile(r"^(?:\*{1,3}|\.|\+|NA|-+)$")  # significance stars and empty cells after the figures
_PROSE_END = re.compile(r"[a-z]{2,}[.;:]$")
_NUMERAL = re.compile(r"\d+(?:\.\d+)?|∞")
IDENTIFIER = re.compile(r"\b[A-Za-z][A-Za-z_.]*\d[\w.]*")
"""A name of an object that ends in or is glued to digits ("vfit2", "res2", "x5t")."""
TABLE_CAPTION = re.compile(r"\s*Table\s+(\d+)")
"""A table's caption: "Table 4: Comparison of ..." (the group is its number)."""
_PAIR = re.compile(r"\s*[=:]\s*(?P<value>(?:<\s?)?[-+−]?(?:\d+(?:,\d{3})*(?:\.\d*)?|\.\d+)(?:[eE][-+−]?\d+)?%?)"
                   r"(?=[\s,;]|$)(?!\s*(?:[-+−*/×^]|,\s*(?:\.\.\.|…)))")
"""A separator and the figure after it, which ends the token and the expression ("=22.49 ", ": 0.43,"; not "1:2",
"delay=14)", "= 1 − Z" or the bound of "i = 1, ..., N")."""
_PAIR_WORDS = 5
"""At most so many words name one figure of a "name = value" line ("Residual standard error")."""
_LOOKBACK = 6
"""How many lines other than sibling rows and the table's own group labels may stand between a row and its header
(group labels outside the table block, blank output)."""


@dataclass(frozen=True, kw_only=True)
class Row:
    """One table or output line read as a row: its label, figures and the lines that name them."""

    sentence: int
    label: str
    """Words before the figures ("treat", "n = 400"); empty for a line of figures under a line of names."""
    values: tuple[str, ...]
    header: int | None
    """The sentence naming the columns, if one was found above the row."""
    groups: tuple[int, ...] = ()
    """Short label lines between the header and the row ("Powell"), nearest first."""
    names: tuple[str, ...] = ()
    """For a line of "name = value" pairs (:func:`split_pairs`), each figure's own name, aligned with :attr:`values`;
    :attr:`label` then lists them all."""
    caption: int | None = None
    """The sentence of its table's caption ("Table 6: ..."), if the page prints one (:func:`table_captions`)."""

    def columns(self, document: Document) -> tuple[str, ...]:
        """The header's words, aligned with :attr:`values` only when their counts agree (else empty)."""
        if self.names:
            return self.names
        if self.header is None:
            return ()
        names = tuple(_PROMPT.sub("", document.sentences[self.header].text).split())
        return names if len(names) == len(self.values) else ()


def split_row(text: str) -> tuple[str, tuple[str, ...]] | None:
    """``"## treat -1.07 0.34 *"`` -> ``("treat", ("-1.07", "0.34"))``; None for a line that is not a row."""
    tokens = _PROMPT.sub("", text).split()
    while tokens and _MARKS.match(tokens[-1]):
        tokens.pop()
    end = len(tokens)
    start = end
    while start > 0 and _NUMBER.match(tokens[start - 1]):
        start -= 1
    if start > 0 and tokens[start - 1] in ("=", ":") and start < end:
        start += 1  # "n = 400 0.1 0.2": the number after "=" belongs to the label
    label, values = " ".join(tokens[:start]), tuple(tokens[start:end])
    if len(values) < (1 if label else 2) or len(label.split()) > 6 or _PROSE_END.search(label):
        return None
    return label, values


def split_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"Likelihood ratio test=22.49 on 3 df, p=5.149e-05 n= 203"`` -> ``(("Likelihood ratio test", "22.49"),
    ("p", "5.149e-05"), ("n", "203"))``: the figures a line prints as "name = value" or "name: value" pairs, each
    named by the words since the last comma or figure before it (what follows a figure up to the next comma, "on 3
    df", qualifies it); a name holds no operator ("Et(ε2t+1)" is the side of an equation). Empty for a command ("> plot(x, lty=1:2)"), a line that opens or closes more brackets than
    it closes or opens (the arguments of a call run on from the line above), and pairs inside brackets or named by
    a word glued to a separator ("strata(tgroup)tgroup=1")."""
    if _prompt(text) in (">", "+") or text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return ()
    out = []
    end = 0
    for match in _PAIR.finditer(text):
        before = text[:match.start()]
        if before.count("(") != before.count(")") or before.count("[") != before.count("]"):
            continue  # an argument of a call, not a figure printed on its own
        since = re.split(r"[,;]", _PROMPT.sub("", text[end:match.start()]) if end == 0 else text[end:match.start()])[-1]
        words = since.split()
        last = max((k for k, w in enumerate(words) if _NUMBER.match(w)), default=-1)
        words = words[last + 1:]  # "... on 3 df p": the previous figure's qualifier ends at its last number
        name = " ".join(words)
        if (not words or len(words) > _PAIR_WORDS or not name[0].isalpha() or any(c in name for c in "=:<>+−*/^")
                or name.count("(") != name.count(")")):
            continue
        out.append((name, match.group("value").replace(" ", "")))
        end = match.end()
    return tuple(out)


def _is_header(text: str, values: int) -> bool:
    """Words without figures, about as many as the row has figures ("Portnoy L" over six figures is a group)."""
    words = _PROMPT.sub("", text).split()
    return max(2, (values + 1) // 2) <= len(words) <= 14 and not any(_NUMBER.match(w) for w in words) and not _PROSE_END.search(text.strip())


def table_rows(document: Document) -> dict[int, Row]:
    """Every row of every table and output block, by sentence index."""
    sentences = document.sentences
    rows: dict[int, Row] = {}
    for sentence in sentences:
        if sentence.kind == "prose" and sentence.text.rstrip().endswith("."):
            continue
        parsed = split_row(sentence.text)
        if parsed is None:
            continue
        label, values = parsed
        if sentence.kind != "prose" and len(split_pairs(sentence.text)) >= len(values):
            continue  # "n= 203, number of events= 76": named figures (read below), not a label "n= 203, ..." and 76
        header, groups = None, []
        looked = 0
        for j in range(sentence.index - 1, -1, -1):
            above = sentences[j]
            if looked >= _LOOKBACK or above.page not in (sentence.page, sentence.page - 1) or (
                    above.kind == "prose" and len(above.text.split()) > 14):
                break
            if j in rows or split_row(above.text) is not None:
                continue  # a sibling row
            short = len(above.text.split()) <= 3 and bool(_PROMPT.sub("", above.text).strip())
            if not (short and above.kind == "table" and above.paragraph == sentence.paragraph):
                looked += 1  # the group labels of the row's own table do not count ("Portnoy L" ... "GMLE")
            if _is_header(above.text, len(values)):
                header = j
                break
            if (len(above.text.split()) <= 3 and not groups and _PROMPT.sub("", above.text).strip()
                    and not is_command(above, sentence)):
                groups.append(j)  # the nearest group label only: "Powell" above its rows, not "Portnoy" above those
        rows[sentence.index] = Row(sentence=sentence.index, label=label, values=values, header=header,
                                   groups=tuple(groups))
    for sentence in sentences:  # (after the rows: a line of pairs is no sibling row that hides a group label above)
        if sentence.index in rows or sentence.kind == "prose":
            continue  # (the numbers of prose are read as prose, with the words around them)
        pairs = split_pairs(sentence.text)
        if pairs:
            names = tuple(name for name, _ in pairs)
            rows[sentence.index] = Row(sentence=sentence.index, label=", ".join(names),
                                       values=tuple(value for _, value in pairs), header=None, names=names)
    captions = table_captions(document, rows)
    return {i: replace(row, caption=captions.get(i)) for i, row in sorted(rows.items())}


def row_context(document: Document, row: Row, *, lines: int = 3) -> tuple[int, ...]:
    """The lines that say what a row is about: its header and group label, its table's caption, and the few lines
    just above the header (the command that printed it, the caption) on the same page, up to another table's rows."""
    caption = row.caption
    top = row.header if row.header is not None else (row.groups[-1] if row.groups else row.sentence)
    page = document.sentences[row.sentence].page
    block = document.sentences[row.sentence].paragraph
    above: list[int] = []
    for j in range(top - 1, max(-1, top - lines - 1), -1):
        line = document.sentences[j]
        if line.page != page or (line.kind == "table" and line.paragraph != block):
            break
        if caption is None or line.kind != "caption" or j == caption:
            above.append(j)
    if not above and row.header is None and not row.groups and top > 0:
        above = [top - 1]  # a line atop its page: the one before it (the context is never empty)
    own = (caption,) if caption is not None and caption not in above else ()
    return (*(() if row.header is None else (row.header,)), *row.groups, *above, *own)


def _prompt(text: str) -> str:
    match = _PROMPT.match(text)
    return match.group().strip() if match else ""


def is_command(line: Sentence, row: Sentence) -> bool:
    """Is ``line`` a command above printed output rather than output: a code line with a command prompt ("> vfit",
    "+ ..."), or one without the output prompt the row has ("diag(vcov(res))^.5" above "## 0.105 0.203")?"""
    if line.kind != "code":
        return False
    prompt = _prompt(line.text)
    return prompt in (">", "+") or (prompt == "" and _prompt(row.text) == "##")


def commands(document: Document, sentence: int, rows: dict[int, Row]) -> tuple[int, ...]:
    """The run of commands nearest above a row in its block (:func:`printed_by`), nearest first: what the row is
    the output of names it as much as its label does."""
    row = document.sentences[sentence]
    out: list[int] = []
    above = printed_by(document, sentence, rows)
    for n, j in enumerate(above):
        line = document.sentences[j]
        if is_command(line, row):
            out.append(j)
        elif out and line.kind != "formula" and not _continues_command(document, above[n + 1:n + 2]):
            break  # the run of commands nearest above the row, not those of an earlier printout (a command's
            # continuation goes on: read as a formula, or a line below a "> f(..." that leaves a bracket open)
    return tuple(out)


def _continues_command(document: Document, above: Sequence[int]) -> bool:
    """Whether the line above (``above``: its index, or none) is a prompted command that leaves a bracket open."""
    if not above:
        return False
    text = document.sentences[above[0]].text
    return _prompt(text) in (">", "+") and open_brackets(text) > 0


def printed_by(document: Document, sentence: int, rows: dict[int, Row], *, reach: int = 40) -> tuple[int, ...]:
    """The lines that say which run printed a row or output line: the commands and output lines above it in its
    block (back across code, output and table lines, rows left out) and the prose paragraph that introduces the
    block ("which is more robust than using vcov():" before ``diag(vcov(res))^.5``), nearest first, and last the
    caption of its table, not that of another one above it. Two rows named alike (the ``x5t[, 2]`` column of two
    printouts) tell apart by these."""
    sentences = document.sentences
    out: list[int] = []
    prose: int | None = None
    own = rows[sentence].caption if sentence in rows else None
    for j in range(sentence - 1, max(-1, sentence - reach - 1), -1):
        above = sentences[j]
        if prose is not None and above.paragraph != prose:
            break
        if own is not None and above.kind == "caption" and j != own:
            break  # the caption of the table above (a paper that prints captions below its tables)
        text = above.text.strip()
        if above.kind == "caption" or (above.kind == "prose" and len(text.split()) > 3
                                       and (_PROSE_END.search(text) or text.endswith(":"))):
            prose = above.paragraph  # the block's introduction: its sentences from here up to the paragraph start
        if j not in rows:
            out.append(j)
    return tuple(out) + ((own,) if own is not None and own not in out else ())


def abbreviated(names: frozenset[str], terms: set[str] | frozenset[str]) -> frozenset[str]:
    """The names among ``names`` that a question term spells out or shortens: output labels are often cut words
    ("treat" for "treatment", "karno" for "Karnofsky")."""
    return frozenset(n for n in names if len(n) >= 4 and any(
        len(t) >= 4 and (t.startswith(n) or n.startswith(t)) for t in terms))


def acronyms(names: frozenset[str], text: str) -> frozenset[str]:
    """The names among ``names`` that consecutive content words of ``text`` spell as an acronym, each word giving its
    initial, or itself when it is written in capitals ("gmle" for "Gaussian MLE", "ph" for "Peng-Huang", "ols" for
    "ordinary least squares")."""
    words = [(w.lower(), w.isupper() and len(w) > 1) for w in re.findall(r"[A-Za-z0-9]+", text) if analyze(w)]

    def spelled(rest: str, k: int, used: int) -> bool:
        if not rest:
            return used >= 2
        if k >= len(words):
            return False
        word, capitals = words[k]
        return (rest[0] == word[0] and spelled(rest[1:], k + 1, used + 1)) or (
            capitals and rest.startswith(word) and spelled(rest[len(word):], k + 1, used + 1))

    return frozenset(n for n in names if 2 <= len(n) <= 8 and n.isalnum()
                     and any(spelled(n, k, 0) for k, (w, _) in enumerate(words) if w[0] == n[0]))


def numerals(text: str) -> frozenset[str]:
    """The numbers of a label or a question as terms ("n = 400" -> {"400"}; "n = ∞" -> {"∞"}), and the names of its
    Greek letters ("σ" -> "sigma", "µ" -> "mu"), which questions spell out."""
    greek = set()
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isalpha() and not ch.isascii():
            name = unicodedata.name(ch, "")
            if name.startswith("GREEK") and "LETTER" in name:
                greek.add(name.split()[-1].lower())
    return frozenset(_NUMERAL.findall(text)) | frozenset(greek)


def identifiers(text: str) -> frozenset[str]:
    """Names of objects that end or are glued to digits, kept whole ("vfit2", "res2", "x5t"): the analyzer splits
    them into "vfit" and "2", which cannot tell ``vfit2`` from ``vfit``."""
    return frozenset(m.group().rstrip(".").lower() for m in IDENTIFIER.finditer(text))


def stated_numerals(text: str) -> frozenset[str]:
    """The numbers a question states on their own: not the "2" of a name ("what does data2 hold?")."""
    return numerals(IDENTIFIER.sub(" ", text))


def glued_digits(text: str) -> frozenset[str]:
    """The numbers the analyzer reads off a name ("2" of "vfit2") that the text does not also state on their own."""
    glued = {n for name in identifiers(text) for n in analyze(name) if n[:1].isdigit()}
    return frozenset(glued - stated_numerals(text))


def where_printed(document: Document, sentence: int, rows: dict[int, Row]) -> frozenset[str]:
    """The context terms of a figure in ``sentence``: its section's title, and for a row the lines that printed its
    block (see :func:`printed_by`); for prose the sentence itself."""
    try:
        titles = [s.title for s in document.section_path(document.sentences[sentence].section)]
    except KeyError:
        titles = []
    lines = printed_by(document, sentence, rows) if sentence in rows else (sentence,)
    text = " ".join([*titles, *(document.sentences[j].text for j in lines)])
    return frozenset(analyze(text)) | identifiers(text)


def table_captions(document: Document, sentences: Iterable[int]) -> dict[int, int]:
    """The caption ("Table 4: ...") of the table each of ``sentences`` (table rows) belongs to: the caption printed
    right after or right before the rows' block (on the side the paper puts its captions, where a caption sits
    between two tables), else the nearest one on its page; rows on a page without one are left out. The captions
    themselves map to themselves."""
    captions: dict[int, list[int]] = {}
    out = {}
    for s in document.sentences:
        if s.kind == "caption" and TABLE_CAPTION.match(s.text):
            captions.setdefault(s.page, []).append(s.index)
            out[s.index] = s.index
    below = _captions_below(document, list(out))
    for i in sentences:
        here = captions.get(document.sentences[i].page)
        if not here:
            continue
        block = document.paragraphs[document.sentences[i].paragraph].sentences
        after, before = block[-1] + 1, block[0] - 1
        sides = [c for c in ((after, before) if below else (before, after)) if c in here]
        out[i] = sides[0] if sides else min(here, key=lambda c: abs(c - i))
    return out


def _captions_below(document: Document, captions: Iterable[int]) -> bool:
    """Whether the paper prints a table's caption below it: more of its captions follow a table row than precede
    one."""
    def row(j: int) -> bool:
        return 0 <= j < len(document.sentences) and document.sentences[j].kind == "table"

    votes = [row(c - 1) - row(c + 1) for c in captions]
    return sum(votes) > 0


@dataclass(frozen=True, kw_only=True)
class RowTerms:
    """The analyzed terms that name a row: its own label, its header and group lines, and where it was printed."""

    label: frozenset[str]
    heading: frozenset[str]
    printed: frozenset[str] = frozenset()
    """Terms of the place that printed the row (:func:`where_printed`) and of its table's caption: its section's
    titles, the commands, output lines and prose that introduce its block. Rows labelled alike in two printouts
    ("Test E(g)=0:" after every fit, "n = 400" of Table 2 and of Table 4) tell apart by these."""


def row_terms(document: Document, rows: dict[int, Row]) -> dict[int, RowTerms]:
    out = {}
    for i, row in rows.items():
        label = frozenset(analyze(row.label)) | numerals(row.label)
        heading = frozenset().union(*(analyze(document.sentences[j].text) for j in (
            *(() if row.header is None else (row.header,)), *row.groups)))
        caption = document.sentences[row.caption].text if row.caption is not None else ""
        printed = where_printed(document, i, rows) | frozenset(analyze(caption))
        out[i] = RowTerms(label=label, heading=heading, printed=printed)
    return out


@dataclass(frozen=True, kw_only=True)
class NamedRow:
    """How a question names one row whose label (or, for a line of figures under a line of names, whose names) it
    names."""

    heading: bool
    """It names the row's column heading or group label too ("coef", "Powell")."""
    block: float
    """The IDF-weighted share of the question's other terms (those not naming the label) that the row's heading,
    group label or the place that printed it hold: the example, command or table the question means."""
    lead: float = 0.0
    """How far :attr:`block` is above that of every other row the question names by the same terms, in the paper (the
    rows of one printout counting as one) or in the row's own table (0 when another one is named as well or better):
    which printout of a row labelled alike
    ("Test E(g)=0:" after every fit) or which group of a table ("n = 400" of GMLE, not of Powell) the question
    means."""


def named_terms(names: frozenset[str], terms: frozenset[str] | set[str]) -> frozenset[str]:
    """The question terms among ``terms`` that ``names`` hold, as they are or cut short ("chisquar" for "chisq",
    "karnofski" for "karno"; see :func:`abbreviated`); a name ending in a digit is whole ("vfit" does not cut
    "vfit4" short)."""
    return frozenset(t for t in terms if t in names or (len(t) >= 4 and not t[-1].isdigit() and any(
        len(n) >= 4 and not n[-1].isdigit() and (t.startswith(n) or n.startswith(t)) for n in names)))

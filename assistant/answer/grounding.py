"""When the paper does not answer: names and years it never mentions, figures about something else."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterable

import numpy as np

from ..language import common_abbreviations
from ..language.lexicon import known_stems
from ..language.superlatives import superlative_words
from ..lexical import analyze, data_phrases, data_pattern, data_terms, expand_query, is_stopword, normalize_number
from ..numbers import read_numbers
from ..question import Intent, classify, clauses, figure_nouns, split_resolved, without_excluded, years_in
from ..units import CURRENCIES, SCALE_WORDS
from .cells import CALLED, commands
from .estimates import asked_phrases, role, role_terms
from .evidence import aligned_columns
from .text import FIGURE_REF, HAS_DIGIT, states_number
from .view import PaperView, functions_named, mentions_objects, objects_named

_NUMBER_WORD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|thousand|half|double[ds]?)\b", re.I)
_CAPITALIZED = re.compile(r"(?<![.?!]\s)(?<![.?!]\s[(\"“'])(?<!^)(?<!^[(\"“'])\b([A-Z][a-zA-Z]{2,}(?:\s+[A-Z][a-zA-Z]+)*)")
"""A capitalized word or run of them that may be a name: not one that opens a sentence, nor one that opens a sentence
in brackets or quotes ("(Read the printed ... as ...)")."""
_COMMON_CAPS = frozenset("""What Which Who When Where Why How Does Did Is Are Was Were Can Could Would Should Tell Give List
Summarize Summarise Show Name Explain Describe And Also The This That These Those Please Paper Section Page Figure Fig
In On At Of For From To By With About Between During Since Until Over Under According Compare I II III IV V VI""".split())
_PARTIAL_YEARS = "It gives no figures for {years}; the years it does give run from {low} to {high}."
_REF_MARK_ANY = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]")
_HOW_MANY_OBJECT = re.compile(
    r"\bhow many\s+(?!(?:more|fewer|less|times|percent|pp|points?|per|of|from|in|for|did|do|does|were|was|are|is)\b)"
    r"([a-z-]+(?:\s+(?!(?:did|do|does|were|was|are|is|have|has|had|in|of|for|from|there)\b)[a-z-]+)?)", re.I)
_DATE_YEAR = re.compile(r"(?<![\w.,$])(?:1[89]|20)\d\d(?![\w%]|[.,]\d|\s*(?:%|percent))")
_PLAIN_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")
_PERCENT = re.compile(r"\d\s*%|\bper ?cent\b", re.IGNORECASE)
_PARTS = data_terms("share-nouns.txt")  # (stems: "share", "shares")
_SHARE_ASKED = re.compile(r"\bwhat (?:per ?cent|" + "|".join(data_phrases("share-nouns.txt")) + r")\b", re.IGNORECASE)
_FRACTION_WORD = data_pattern("fraction-words.txt")
_AMOUNT_ASKED = re.compile(r"\bhow much\b|\bwhat (?:percentage|share|proportion|amount)\b", re.IGNORECASE)
_YEARS_ASKED = re.compile(r"\byears?\b", re.IGNORECASE)
_COUNT_ASKED = re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bwhat (?:percentage|share|proportion|amount)\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w&'-]*")
_WH_WORD = re.compile(r"\b(how|what|which|who|whom|whose|where|when|why)\b", re.I)
_VALUE = re.compile(r"\bvalues?\b", re.I)  # a "value" may be a word ("the default value": "naive"); a ratio is not
_CURRENCIES = re.compile(r"\b(dollars?|usd|euros?|eur|yen|pounds? sterling|rupees?|won|rubles?|francs?)\b")
_STOPS = r"(?!(?:of|in|and|for|on|about|to|with|at|from|by|take|view|views|opinion|idea|ideas|stance|position|argument|point|definition|role)\b)"
_POSSESSIVE = re.compile(r"\b([A-Z][\w-]+)['’]s\s+((?:" + _STOPS + r"[a-z-]+\s+){0,1}" + _STOPS + r"[a-z-]+)")
_IDENTIFIER = re.compile(r"(?<![\w.])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z][A-Za-z\d]*\d[A-Za-z\d]*(?![\w]|\.\d)")
"""A label typed as printed ("t5", "vfit4"); not a version ("v1.4-0")."""
_IDENTIFIER_AT = re.compile(r"[A-Za-z]\(?\d")
"""A number glued to a name, or the first argument of one: "t3", "vfit2", "ARMA(2,2)" label a model, set no value."""
_CODE_TOKEN = re.compile(r"(?<![\w.$])[A-Za-z][\w.]*(?:\([^()\s]+\)|\$\w+|\[[^\]\s]+\])")  # not "summary()"
"""A name as a program prints it: a call, a field or an index ("log(albumin)", "res$coef", "x5t[,2]")."""
_SETTING = re.compile(r"(?<![\w.])([A-Za-z][\w.]*)\s*=\s*([\w.+-]+)")
"""A name set to a value, as a program prints it in a row's label ("tgroup=1", "n = 400")."""
_NAMED_OPTION = re.compile(r"(?<!^)(?<![.?!] )(?<!, )(?<! and )(?<! or )(?<![\w-])([A-Z][a-z][\w-]*)\s+([a-z]{3,})\b")
"""A name before a lower-case noun inside a question ("with the Bartlett kernel", "the Nelder-Mead method"): the value
it asks a printout's option of that name to have (not the last of a list: "the Truncated, Bartlett and Parzen
kernel fits" names several)."""
_ACRONYM = re.compile(r"(?<![\w-])[A-Z]{2,}(?![\w-])")
_ARGUMENT = re.compile(r"(?<=[(,])\s*([A-Za-z][\w.]*)\s*(?=[,)])")
"""A name passed to a call ("res3" of "confint(res3,level=.90)"; not "level")."""
_TYPED_NAME = re.compile(r"(?<![\w.])([a-z][a-z\d]*[._][a-z][\w.]*)(?![\w(])")
"""A function name typed as the program spells it ("cox.zph", "vcov_hac"), without its parentheses."""
_PRONOUN_SUBJECT = re.compile(r"^(?:[^,]{0,40},\s*)?(?:it|they|this|these|those|its|their)\b(?!\s+(?:is|was)\s+(?:expected|estimated|shown|found|reported|known))", re.IGNORECASE)
"""A sentence whose subject is a pronoun, after an opening phrase ("In 2017, it was ..."; not "It is expected that")."""
_CALL = re.compile(r"[\w.]\(|<-")
_CALL_ECHO = re.compile(r"^[A-Za-z][\w.]*\(\s*[A-Za-z][\w.]*\s*=")
_MEASURE = re.compile(r"\bwhat\s+(?:(?:is|was|are|were)\s+the\s+)?(?!(?:is|was|are|were|does|did|do)\b)((?:[\w().-]+\s+){0,3}?[\w().-]+)"
                      r"\s+(?:does|did|do|was|were|is|are|of|for|in|at|on|during|among|across)\b", re.IGNORECASE)
"""What a question asks the figure of: the words after "what" ("hazard ratio" of "what hazard ratio did ...", "median"
of "what was the median follow-up time in the trial")."""
_OWNER_REACH = 60
"""How many sentences above a printed row its section may name whose model the row's figures reproduce."""
_ESTIMATE_ASKED = re.compile(r"\bwhat\s+(?:[\w().-]+\s+){1,3}(?:does|did|do)\s+(?:[\w().-]+\s+){1,4}estimate\s+(?:for|of)\b", re.I)
"""'What <figure> does <fit> estimate for <name>': an estimate is asked, which is a figure ("what beta ... for Ford")."""
_HOW_WORD = re.compile(r"\bhow\s+[a-z]+", re.IGNORECASE)
""""how" and the word it asks with ("how large was its standard error"): the asking, not what the figure is of."""
_SHORTENED = 4
"""The fewest letters a word cut short keeps and still names the word ("coef"; "se" or "df" name nothing alone)."""
_PROSE_WORDS = 6
"""A paragraph of fewer words ("Call:") is a line of the printed output, not the prose that introduces it."""

VERSION_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?versions?\b", re.IGNORECASE)
VERSION = re.compile(r"\bversions?\s+v?\d+(?:[.-]\d+)+|\bv\d+(?:\.\d+)+|(?<![\w.])\d+\.\d+(?:\.\d+|-\d+)+(?![\w.]\d)",
                     re.IGNORECASE)
"""A version number: "1.4-0", "2.3.1", "v2.3", "version 4.17" (a plain "4.17" is any decimal)."""


def missing_names(view: PaperView, intent: Intent) -> list[str]:
    """What the question names that the paper never mentions: proper names and years."""
    missing = []
    for match in _CAPITALIZED.finditer(intent.text):
        phrase = match.group(1)
        words = [w for w in phrase.split() if w not in _COMMON_CAPS and w.lower() not in common_abbreviations()]
        terms = [t for w in words for t in analyze(f"{w} {view.language.spelled_out(w)}")]  # (what an abbreviation
        if terms and not any(t in view.lexicon.vocabulary for t in terms):  # stands for; not the synonyms of a
            missing.append(" ".join(words))  # name's other sense: "Ford" is no "cross")
    lowered = view.document.text.lower()
    for token in _IDENTIFIER.findall(intent.text):  # "t5", "vfit4", "AR(2)": exact labels, or nothing
        if not re.search(rf"(?<![\w]){re.escape(token.lower())}(?![\w])", lowered):
            missing.append(token)
    # a figure asked for a year needs data of that year; any other question only needs the year mentioned
    known = view.lexicon.years if intent.wh == "how_many" else view.lexicon.years | view.lexicon.mentioned
    absent = [y for y in intent.years if y not in known]
    if absent and view.lexicon.years:
        missing.append(_PARTIAL_YEARS.format(low=min(view.lexicon.years), high=max(view.lexicon.years),
                                             years=", ".join(map(str, absent))))
    return missing


def unsupported(view: PaperView, intent: Intent, best: int, dense: np.ndarray) -> list[str]:
    """Reasons the best sentence does not answer: a quantity asked but none stated, what is counted absent
    from it, most of what the question names absent (unless it means what the question asks: other words, same
    meaning), or the question's own words mostly unknown to the paper while nothing in it is semantically close."""
    sentence = view.document.sentences[best]
    close = float(dense[best]) >= view.settings.same_meaning  # the question in other words
    stated = _REF_MARK_ANY.sub("", sentence.text)  # "[6]" is a citation, not a figure
    if _AMOUNT_ASKED.search(intent.text) and not _YEARS_ASKED.search(intent.text):  # (a count may be enumerated)
        stated = _DATE_YEAR.sub("", stated)  # nor is the year a policy was issued in ("in October 2017")
    first_wh = _WH_WORD.search(intent.text)
    entity = first_wh is not None and first_wh.group(1).lower() in ("which", "who", "where")  # "which one has the
    number_asked = not entity and (  # largest number of ...": a name is asked, not a figure
        _COUNT_ASKED.search(intent.text) or (intent.wh == "how_many" and not _VALUE.search(intent.text))
        or _ESTIMATE_ASKED.search(intent.text))
    count_words = _FRACTION_WORD if _SHARE_ASKED.search(intent.text) else _NUMBER_WORD  # ("two estimators": no share)
    if number_asked and not states_number(stated) and not count_words.search(stated):
        return ["It states no figure for that."]  # (a "value" asked may be a word: "the naive estimator")
    objects = objects_named(view, split_resolved(intent.text)[0])  # "what does vfit4 give ...": a sentence about
    # that fit, or its output (named by the user: a follow-up's carried words set the scene, not a constraint)
    if objects and not mentions_objects(view, best, objects):  # (however close in meaning: a named fit is no paraphrase)
        return [f"It gives nothing for {', '.join(sorted(objects))} there."]
    if VERSION_ASKED.search(intent.text) and not VERSION.search(stated):
        return ["It names no version there."]  # "which version of quantreg ...": a version is a number ("4.17")
    measure = asked_measure(intent.text)
    shares = set(measure) if _PERCENT.search(stated) and all(set(analyze(m)) <= _PARTS for m in measure) else set()
    # ("roughly 25% censoring" states the share asked)
    if measure and not close and sentence.kind in ("prose", "caption") and best not in view.rows:  # "a hazard ratio of 1.9" for
        own = frozenset().union(*(view.lexicon.terms[j] for j in figure_subject(view, best)))  # "what hazard ratio":
        if not shares and not any(_related(t, own) for noun in measure for t in analyze(expand_query(noun, view.language))):
            return [f"It states no {measure[0]} there."]  # a sentence whose figures are of another measure
    if measure and _listed_record(view, best):  # "1 1 204 82888 1 2 12 ...": a record of the data, not an estimate
        heading = view.lexicon.terms[view.rows[best].header] if view.rows[best].header is not None else frozenset()
        if not any(_related(t, frozenset(heading)) for noun in measure for t in analyze(expand_query(noun, view.language))):
            return [f"It lists the data there, not a {measure[0]}."]
    read_outs = measure or asked_phrases(intent.text)  # ("the ETEL and EL standard errors": no "what ... of")
    if read_outs and not close and best in view.rows and not shares and _names_measure(view, best, read_outs) is False:
        # ("the concordance statistic of the veteran model": a row of its coefficients prints no such statistic)
        return [f"It prints no {_measure_phrase(intent.text, measure[0]) if measure else read_outs[0]} there."]
    if intent.wh == "how_many" and (m := _HOW_MANY_OBJECT.search(intent.text)):
        context = context_terms(view, best, above=True)
        counted = list(itertools.takewhile(lambda w: analyze(w), m.group(1).split()))  # up to a function word
        words = [terms for w in counted if (terms := analyze(expand_query(w, view.language)))]
        if words and not any(set(terms) & context for terms in words):  # what is counted must be there ("pharma
            # firms": the enterprises; a word of the two may qualify it, or be the verb: "transplants fell")
            return [f"It gives no count of {' '.join(counted)}."]
    if intent.wh == "how_many" and not close:  # a figure about something else: most of what it names is absent
        context = context_terms(view, best, above=True)
        asked = _HOW_WORD.sub(" ", _figure_clauses(intent.text))  # ("how many stocks, and over which period": the
        words = [w for w in _WORD.findall(asked) if analyze(w)]  # count's own words, less "how" and its word)
        if intent.focus:  # a follow-up: the words carried say what the conversation is about, which the passage
            words = [w for w in words if set(analyze(w)) & set(intent.focus)]  # before may name instead
        weights = {w: max(view.lexicon.idf.get(t, view.rare_idf) for t in analyze(w)) for w in words}
        found = {w for w in words if any(_related(t, context) for t in _meanings(view, w)) or w.lower() in shares}
        specific = [w for w in words if weights[w] >= view.rare_idf  # (a word the paper never uses, nor any word
                    and (w in found or any(t in view.lexicon.vocabulary for t in analyze(w)))]  # of its meaning, is
        # the asker's own: its absence is no sign of another subject)
        found |= {w for w in specific if set(analyze(w)) <= view.language.common_verbs}  # a common verb frames
        # the asking ("reported", "produce"): its absence says nothing
        if specific and math.fsum(weights[w] for w in specific if w in found) < 0.15 * math.fsum(weights[w] for w in specific):
            return [f"It states no figure for {' '.join(w for w in specific if w not in found)}."]
    if (intent.wh == "how_many" and not close and sentence.kind == "prose" and best not in view.rows
            and (reason := _other_subject(view, intent, best))):  # "In 2017, it was 2.98 billion yuan": "it" is
        return [reason]  # the revenue the sentence before names, not the investment the question asks about
    units = [u for u in _CURRENCIES.findall(intent.text.lower()) if not set(analyze(u)) & view.lexicon.vocabulary]
    if units:
        return [f"It gives no figures in {units[0]}."]
    expanded = set(analyze(expand_query(intent.text, view.language)))
    unknown = [t for t in intent.terms if t not in view.lexicon.vocabulary and not t[0].isdigit()
               and len(t) >= 4 and not (set(analyze(expand_query(t, view.language))) - {t}) & view.lexicon.vocabulary]
    content = [t for t in dict.fromkeys(analyze(intent.text)) if not t[0].isdigit()]  # the user's own words
    if unknown and len(unknown) / max(1, len(content)) >= 0.5 and float(dense.max()) < 0.45 and expanded:
        return [f"It never mentions {', '.join(repr(u) for u in unknown)}."]
    return []


@functools.lru_cache(maxsize=256)
def _figure_clauses(text: str) -> str:
    """The questions of ``text`` that ask for a figure (see :func:`~assistant.question.clauses`), else all of it."""
    return " ".join(c for c in clauses(text) if classify(c).wh == "how_many") or text


def _printed_measure(view: PaperView, intent: Intent, best: int) -> str:
    """The figure a row's command names when it is another than the one asked ("> vfit2$means" prints means, not
    the coefficient asked); "" when it names none or the one asked."""
    measure = asked_measure(intent.text)
    printing = commands(view.document, best, view.rows)
    if not measure or not printing:
        return ""
    nouns = frozenset(analyze(" ".join(figure_nouns())))
    named = [t for t in analyze(view.document.sentences[printing[0]].text) if t in nouns]
    asked = [t for noun in measure for t in analyze(expand_query(noun, view.language))]
    if not named or any(_related(t, frozenset(named)) or _related(n, frozenset(asked)) for t in asked for n in named):
        return ""
    return f"the {named[0]}s" if not named[0].endswith("s") else f"the {named[0]}"


def asked_measure(text: str) -> list[str]:
    """The figure nouns among the words a question asks the figure of ("ratio" of "what hazard ratio did ...",
    "statistic" of "what is the concordance (C-statistic) of ..."); [] when it asks no such figure."""
    nouns = figure_nouns()
    match = _MEASURE.search(text)
    if match is None or re.search(r"\b(?:and|or)\b", match.group(1)):  # ("what distribution and rate": a word too)
        return []
    out = []
    # a bracket right after a measure restates it ("concordance (C-statistic)"): the measure is the word before it
    phrase = re.sub(rf"\b({'|'.join(map(re.escape, nouns))})s?\s*\([^()]*\)", r"\1", match.group(1).lower())
    for word in re.split(r"[\s()]+", phrase):
        for part in (word, *word.split("-")):
            if part != "value" and (part in nouns or part.endswith("s") and part[:-1] in nouns):  # (a value may be a word)
                out.append(part)
                break
    return list(dict.fromkeys(out))


def _measure_phrase(text: str, noun: str) -> str:
    """The measure as the question words it: the noun with the word before it unless that is a function word
    ("standard errors", not "what errors")."""
    match = re.search(rf"\b([A-Za-z-]+)\s+{re.escape(noun)}\b", text, re.IGNORECASE)
    return f"{match.group(1)} {noun}" if match and not is_stopword(match.group(1).lower()) else noun


def _names_measure(view: PaperView, i: int, measure: list[str]) -> bool | None:
    """Whether printed row ``i`` is named as one of the measures asked ("standard error", "statistic") by its label,
    its header line, its own names ("Likelihood ratio test=22.49"), its table's caption, or the statistical names of
    its columns' roles ("exp(coef)" is a hazard ratio, "se(coef)" a standard error, "p" a p-value; :mod:`.estimates`),
    or, for figures under a line of names, the role of the function that printed them ("coef(res_cue)": estimates).
    None when the row says no measures to judge by (a header of variables, "log(bili) log(protime)", or of
    parameters, "## alpha beta sigma gamma", printed by no function of a known role)."""
    row = view.rows[i]
    names: set[str] = {t for name in row.names for t in analyze(name)}
    roles = {role(column) for column in aligned_columns(view.document, row)} - {""}  # ("Std. Error" whole)
    if not names and not roles and not row.label:  # figures under names: the function that printed them may say
        roles = {role(f) for j in commands(view.document, i, view.rows)  # what they are ("coef(res_cue)")
                 for f in CALLED.findall(view.document.sentences[j].text)} - {""}
    if not names and not roles:
        return None
    terms = view.row_terms[i]
    names |= terms.label | terms.heading
    if row.caption is not None:
        names |= view.lexicon.terms[row.caption]
    for kind in roles:
        names |= role_terms(kind) | (role_terms("ratio") if kind == "exp" else frozenset())
    frozen = frozenset(names)
    return any(_related(t, frozen) for noun in measure for t in analyze(expand_query(noun, view.language)))


def _listed_record(view: PaperView, i: int) -> bool:
    """Row ``i`` is a record of a printed data listing: no label, and its first figure a whole number that numbers
    the rows under the same heading ("1 1 204 82888 ...", "2 2 204 ..."), as a program prints a data set's lines."""
    row = view.rows.get(i)
    if row is None or row.label or not row.values or not row.values[0].isdigit() or row.header is None:
        return False
    number = int(row.values[0])
    return any(other.header == row.header and not other.label and other.values[:1] in ((str(number - 1),), (str(number + 1),))
               for j in (i - 1, i + 1) if (other := view.rows.get(j)) is not None)


def figure_subject(view: PaperView, i: int) -> list[int]:
    """The sentences that say what the figures of prose sentence ``i`` are of: itself; when its subject is a pronoun
    ("In 2017, it was 2.98 billion yuan"), the sentence before it that the pronoun stands for (and so on back while
    that one's subject is a pronoun too); and the sentences of its paragraph before it that state no figure of their
    own ("The growth of the revenue of the eight sub-sectors is shown in Fig. 5."): a sentence with figures of its
    own speaks of them, not of the figures after it."""
    sentences = view.document.sentences
    out = [i]
    while _PRONOUN_SUBJECT.match(sentences[out[-1]].text) and out[-1] - 1 >= view.paragraph_start[i]:
        out.append(out[-1] - 1)
    out += [j for j in range(view.paragraph_start[i], min(out)) if not _states_figure(sentences[j].text)]
    return sorted(out)


def _states_figure(text: str) -> bool:
    """A sentence gives a figure of its own: a number that is not a year, a citation or a figure's or table's number."""
    text = FIGURE_REF.sub("", _DATE_YEAR.sub("", _REF_MARK_ANY.sub("", text)))
    return bool(HAS_DIGIT.search(text))


def _other_subject(view: PaperView, intent: Intent, i: int) -> str:
    """Why prose sentence ``i``'s figure is not the quantity asked: what it is of (:func:`figure_subject`, with the
    section's title) names too little (by rarity) of what the question names; "" when it names enough, or when it
    prints a figure the question sets ("alive at 200 days": the question's own condition, in other words)."""
    if _figures(intent.text) & _figures(view.document.sentences[i].text):
        return ""
    lines = figure_subject(view, i)
    title = view.document.section_label(view.document.sentences[i].section)
    own = with_long_forms(view, frozenset().union(*(view.lexicon.terms[j] for j in lines), analyze(title)))
    words = [w for w in dict.fromkeys(_WORD.findall(_HOW_WORD.sub(" ", intent.text)))  # ("reported": the asking;
             if analyze(w) and not set(analyze(w)) <= view.language.common_verbs  # "how many yuan": the unit any
             # amount is in, no subject)
             and w.lower() not in CURRENCIES and w.lower() not in SCALE_WORDS]
    weights = {w: max(view.lexicon.idf.get(t, view.rare_idf) for t in analyze(w)) for w in words}
    found = {w for w in words if any(_related(t, own) for t in analyze(expand_query(w, view.language)))}
    total = math.fsum(weights.values())
    if not total or math.fsum(weights[w] for w in found) >= view.settings.subject_share * total:
        return ""
    quoted = " ".join(_opening(view.document.sentences[j].text) for j in lines[-2:])  # (a cut one ends in "…")
    absent = ", ".join(w for w in words if w not in found)
    return f"The nearest figure it gives is of something else (“{quoted}”), not of {absent}."


def _figures(text: str) -> frozenset[str]:
    """The numbers a text prints that are not years ("200", "40", "12.4")."""
    return frozenset(_PLAIN_NUMBER.findall(_DATE_YEAR.sub("", text)))


def _opening(text: str, words: int = 16) -> str:
    """The first ``words`` words of a sentence, marked as cut when it runs on."""
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def context_terms(view: PaperView, i: int, *, above: bool = False) -> frozenset[str]:
    """Terms of sentence ``i`` and of the sentences before it in its paragraph, plus its section's title; for a
    table row, also its column headings and the table's caption (the paragraphs around its table); for a row of
    output, its headings and the commands that printed it; for a line of "name = value" figures, also its setting
    (:func:`printed_setting`: the commands and prose that printed it); and what the paper's abbreviations among them
    stand for. With ``above``, a prose sentence right after a block of code also has the block and the prose that
    introduced it ("A Cox model using the above data reports ..."): what its figure is of."""
    start = view.paragraph_start[i]
    sentence = view.document.sentences[i]
    title = view.document.section_label(sentence.section)
    terms = frozenset().union(*view.lexicon.terms[start:i + 1], analyze(title))
    if above and sentence.kind == "prose":
        terms = terms.union(*(view.lexicon.terms[j] for j in _block_above(view, sentence.paragraph)))
    row = view.rows.get(i)
    if row is not None and row.names:  # a line of "name = value" figures: what printed it says what they are
        terms = terms.union(*(view.lexicon.terms[j] for j in printed_setting(view, i)))
    if (named := view.row_terms.get(i)) is not None:  # a row of output: its headings and the commands that printed
        terms = terms.union(named.heading, *(view.lexicon.terms[j] for j in commands(view.document, i, view.rows)))
    if sentence.kind == "table":
        paragraphs = view.document.paragraphs
        for paragraph in paragraphs[max(0, sentence.paragraph - 2): sentence.paragraph + 3]:
            if paragraph.kind == "caption" or len(paragraph.sentences) == 1:
                terms = terms.union(*(view.lexicon.terms[j] for j in paragraph.sentences))
    return with_long_forms(view, terms)


def _block_above(view: PaperView, paragraph: int) -> tuple[int, ...]:
    """The sentences of the code paragraphs right above ``paragraph`` in its section and of the prose paragraph
    before them; () when a prose paragraph is right above it."""
    paragraphs = view.document.paragraphs
    section = paragraphs[paragraph].section
    k, block = paragraph - 1, []
    while k >= 0 and paragraphs[k].kind == "code" and paragraphs[k].section == section:
        block += paragraphs[k].sentences
        k -= 1
    if block and k >= 0 and paragraphs[k].kind == "prose" and paragraphs[k].section == section:
        block += paragraphs[k].sentences
    return tuple(block)


def with_long_forms(view: PaperView, terms: frozenset[str]) -> frozenset[str]:
    """``terms`` and what the paper's abbreviations among them stand for ("the PBC study" names the primary biliary
    cirrhosis a question says)."""
    long_forms = (view.language.abbreviations.get(t) or view.language.spelled.get(t) for t in terms)
    return terms.union(*(analyze(f) for f in long_forms if f))


def ungrounded(view: PaperView, intent: Intent, best: int) -> list[str]:
    """The best sentence is about something else: it misses a (rare) name the question asks about, a number
    that sets the question's condition ("at n = 1600", "below 65%"), or the year of a quantity asked for."""
    context = context_terms(view, best)
    paragraph = view.document.paragraphs[view.document.sentences[best].paragraph]
    block = frozenset().union(context, *(view.lexicon.terms[i] for i in paragraph.sentences))
    made: frozenset[str] | None = None  # the code that made a printout's data, read once when a number needs it
    for quantity in read_numbers(intent.text):
        raw = intent.text[quantity.start:quantity.end]
        if (quantity.unit == "year" or quantity.low is not None
                or (abs(quantity.number) <= 10 and float(quantity.number).is_integer() and quantity.unit != "%")
                or _IDENTIFIER_AT.search(intent.text[max(0, quantity.start - 2):quantity.end])):
            continue  # years, ranges and small counts ("the 8 industries", "two estimators"; not "10%" nor
            # "twenty stocks") set no condition
        printed = normalize_number(raw.split()[0].strip("%") if raw[:1].isdigit() else f"{quantity.number:f}")  # ("twenty":
        # "20", as the paper would print it)
        if printed and printed not in block and not set(analyze(raw)) & block:  # (nor the word: "twenty")
            made = _made_with(view, best) if made is None else made
            if printed not in made:
                return [f"It gives nothing for {intent.text[quantity.start:quantity.end]!r} there."]
    if view.document.sentences[best].kind in ("table", "code") or best in view.rows:  # a printed figure: is
        # it the one asked for?
        setting_lines = printed_setting(view, best)
        setting = block.union(*(view.lexicon.terms[i] for i in setting_lines))

        def rare(t: str) -> bool:
            return not t[0].isdigit() and t in view.lexicon.vocabulary and view.lexicon.idf[t] >= view.rare_idf

        absent = []  # the question's rare words its setting lacks: a word once, not each of its parts ("risk-free"),
        for word in dict.fromkeys(_WORD.findall(without_excluded(intent.text))):  # and what a word spells out; not
            if word.lower() in superlative_words():  # what the question sets aside ("apart from the sample median"),
                continue  # nor the words asking for an end of a ranking: figures are compared, not labelled so
            own = analyze(word)
            if any(_related(t, setting) for t in own) or set(_numeral(word)) & setting:
                continue
            spelled = [t for t in analyze(expand_query(word, view.language))  # ("CAPM": capital asset pricing)
                       if t not in own and rare(t) and not _related(t, setting)]
            absent += [t for t in own if rare(t)][:1] or spelled[:1]  # (what "CIR" spells out is one word absent,
            # not three: "Cox", "Ingersoll", "Ross")
        absent = list(dict.fromkeys(absent))
        if len(absent) >= 2:  # (one word alone may be the asking: "what does the paper report")
            return [f"It prints figures there, but none for {', '.join(repr(t) for t in absent)}."]
        if best in view.rows and (other := _printed_measure(view, intent, best)):
            return [f"It prints {other} there, not a {asked_measure(intent.text)[0]}."]
        columns = _own_columns(view, best)
        wider = wider_headings(view, best)  # a column the paper prints in a wider table ("robust se"), not here
        headed = [t for t in dict.fromkeys(analyze(intent.text)) if t in wider and not _related(t, setting)]
        if headed and columns:
            label = f" for {view.rows[best].label!r}" if view.rows[best].label and not view.rows[best].names else ""
            return [f"It prints {columns}{label} there, but no {', '.join(repr(t) for t in headed)}."]
        seen = (best, *setting_lines, *paragraph.sentences)
        seen += tuple(defining_lines(view, seen))  # "confint(res3)": what res3 was fitted with
        title = view.document.section_label(view.document.sentences[best].section)  # ("3.5 ...: CAPM")
        for acronym in _acronyms(intent.text):  # "ET" asked, the output of "EL" offered
            if not _names_acronym(view, acronym, seen) and not re.search(rf"(?<!\w){re.escape(acronym)}(?!\w)", title) \
                    and not _spells(acronym, title):
                return [f"It prints figures there, but not for {acronym}."]
        lines = " ".join(view.document.sentences[i].text for i in (best, *setting_lines, *paragraph.sentences))
        printed = re.sub(r"\s+", "", lines).lower()
        label = view.rows[best].label if best in view.rows else ""
        for name, noun in _NAMED_OPTION.findall(intent.text):  # "with the Bartlett kernel" asked; the printout
            # says "Kernel: Quadratic Spectral" or kernel="Truncated" (a name, not "J-Test: degrees of freedom")
            stated = re.search(rf"(?<![\w.-])(?i:{re.escape(noun)})\s*[:=]\s*(?:[\"']([^\"']+)[\"']|([A-Z][\w -]*))", lines)
            value = stated and (stated.group(1) or stated.group(2))
            if value and name.lower() not in value.lower():
                return [f"It prints figures there for {noun} {value.strip()}, not {name}."]
        for name, value in _SETTING.findall(intent.text):  # "tgroup=1" asked, "tgroup=2" printed on the row
            own = re.search(rf"(?<![\w.]){re.escape(name)}\s*=\s*([\w.+-]+)", label)
            if own and own.group(1).lower() != value.lower():
                return [f"It prints figures there for {name}={own.group(1)}, not {name}={value}."]
        for token in _CODE_TOKEN.findall(intent.text):  # "log(albumin)", "res$coef": a label typed as printed
            if re.sub(r"\s+", "", token).lower() not in printed:
                return [f"It prints figures there, but none for {token!r}."]
        run = " ".join(view.document.sentences[i].text for i in seen)
        header = view.rows[best].header if best in view.rows else None
        columns = view.document.sentences[header].text if header is not None else ""
        for name in asked_functions(view, intent.text):  # "what does linearHypothesis give": its output, not
            if (not re.search(rf"(?<![\w.$]){re.escape(name)}\s*\(", run)  # what specTest printed; a column's
                    and not re.search(rf"(?<![\w.$]){re.escape(name)}(?![\w.(])", columns)):  # name ("coef") is no call
                return [f"It prints figures there, but not from {name}."]
    if _is_command(view.document.sentences[best]):  # a command answers for the function it calls, not another
        for name in _TYPED_NAME.findall(intent.text):  # "what does cox.zph report": a command of cox.zph
            if not re.search(rf"(?<![\w.]){re.escape(name)}\s*\(", view.document.sentences[best].text):
                return [f"It shows a command there, but not {name}'s output."]
    for name in capitalized_names(intent.text):
        terms = analyze(name)
        rare = all(t in view.lexicon.vocabulary and view.lexicon.idf[t] >= view.rare_idf for t in terms)
        if terms and rare and not set(terms) & context:
            return [f"It mentions {name}, but not in answer to this."]
    for owner, attribute in _POSSESSIVE.findall(intent.text):
        if owner in _COMMON_CAPS:
            continue
        section = view.document.sentences[best].section
        if best in view.rows and set(analyze(owner)) & frozenset().union(*(
                view.lexicon.terms[j] for j in range(max(0, best - _OWNER_REACH), best)
                if view.document.sentences[j].section == section)):  # "Prentice's table": the printed row of
            continue  # the model its section credits to Prentice, printed in the paper's own layout
        terms = [set(analyze(expand_query(w, view.language))) for w in attribute.split()]
        if all(t and not any(_related(x, context) for x in t) for t in terms):  # one of its words is enough
            return [f"It says nothing about {owner}'s {attribute}."]
    if intent.wh == "how_many" and intent.years:
        own = set(years_in(view.document.sentences[best].text))
        if own and not own & set(intent.years) and not any(min(own) <= y <= max(own) for y in intent.years):
            stated = ", ".join(map(str, sorted(own)))
            return [f"It gives that figure for {stated}, not for {', '.join(map(str, intent.years))}."]
        window = view.chunk_of[best]
        previous = view.chunks[max(0, view.chunks.index(window) - 1)]
        nearby = view.document.text[min(previous.start, window.start):window.end]
        if not set(years_in(nearby)) & set(intent.years):
            return [f"It gives no such figure for {', '.join(map(str, intent.years))}."]
    return []


def asked_functions(view: PaperView, text: str) -> list[str]:
    """The functions of the paper's code a question names: a called name typed as printed that is no plain word
    (``linearHypothesis``, ``cox.zph``, ``coxph``; not ``summary`` or ``plot``)."""
    return [word for word in functions_named(view, text)
            if re.search(r"[a-z][A-Z]|[._\d]", word)
            or analyze(word) and not any(view.language.base(t) in known_stems() for t in analyze(word))]


def wider_headings(view: PaperView, i: int) -> frozenset[str]:
    """The terms of the headings the paper prints over a table of the same columns as row ``i``'s and more ("coef
    exp(coef) se(coef) robust se z p" over "coef exp(coef) se(coef) z p"): the figures the paper gives elsewhere
    that this row lacks."""
    row = view.rows.get(i)
    if row is None or row.header is None:
        return frozenset()
    own = frozenset(view.lexicon.terms[row.header])
    return frozenset().union(*(h - own for h in view.headings if own and h > own))


def _made_with(view: PaperView, best: int, *, depth: int = 3) -> frozenset[str]:
    """For printed output, the terms of the commands that printed it and of the code that made what they use, back
    ``depth`` steps ("## mu 3.89..." was printed by gmm(g1, x1, ...), x1 <- rnorm(n, ...), n <- 200); empty for
    anything else."""
    if best not in view.rows and view.document.sentences[best].kind != "code":
        return frozenset()
    lines = list(printed_setting(view, best))
    frontier = lines
    for _ in range(depth):
        frontier = [j for j in defining_lines(view, frontier) if j not in lines]
        if not frontier:
            break
        lines += frontier
    return frozenset().union(*(view.lexicon.terms[j] for j in lines))


def defining_lines(view: PaperView, lines: Iterable[int]) -> list[int]:
    """The lines of code that made the objects the code among ``lines`` uses: for "confint(res3)", the nearest line
    above it that assigns ``res3`` ("res3 <- gmm(g3, x=h, type='cue')")."""
    sentences = view.document.sentences
    out = []
    for j in lines:
        if sentences[j].kind != "code" or sentences[j].text.lstrip().startswith("#"):
            continue
        for name in _ARGUMENT.findall(sentences[j].text):
            assigns = re.compile(rf"^\s*>?\s*(?:[\w.]+\(\s*)?{re.escape(name)}\s*(?:<-|=(?!=))")  # ("print(res <- ")
            k = next((k for k in range(j - 1, -1, -1) if sentences[k].kind == "code" and assigns.match(sentences[k].text)),
                     None)
            if k is not None and k not in out:
                out.append(k)
    return out


def _is_command(sentence) -> bool:
    """A line of a program's input (``vfit <- coxph(...)``, ``> summary(fit)``) or its echo of a call (``coxph(formula
    = ...)``), not the figures it prints."""
    text = sentence.text.strip()
    if sentence.kind == "code":
        return not text.startswith("#") and bool(_CALL.search(text))
    return bool(_CALL_ECHO.match(text))


def _own_columns(view: PaperView, i: int) -> str:
    """The headings a printed row's figures fall under, as printed ("coef exp(coef) se(coef) z p"); "" for none."""
    row = view.rows.get(i)
    if row is None:
        return ""
    if row.names:
        return ", ".join(row.names)
    return view.document.sentences[row.header].text.lstrip("#> ").strip() if row.header is not None else ""


def _acronyms(text: str) -> list[str]:
    """Names a question gives in capitals of two or more letters ("ET", "GMLE"), less common abbreviations."""
    return [w for w in dict.fromkeys(_ACRONYM.findall(text)) if w.lower() not in common_abbreviations()]


def _names_acronym(view: PaperView, acronym: str, lines: Iterable[int]) -> bool:
    """An acronym is named by the lines as printed in capitals, in a line of code in any case (``gel()``), or spelled
    out by the initials of a run of their words ("HT" by "heart transplant")."""
    sentences = view.document.sentences
    upper = re.compile(rf"(?<![\w]){re.escape(acronym)}(?![\w])")
    lower = re.compile(rf"(?<![\w]){re.escape(acronym)}(?![\w])", re.IGNORECASE)
    return any(upper.search(sentences[j].text) or (sentences[j].kind == "code" and lower.search(sentences[j].text))
               or _spells(acronym, sentences[j].text) for j in lines)


def _spells(acronym: str, text: str) -> bool:
    """Whether consecutive words of ``text`` (of three letters or more, none a function word) have the acronym's
    letters as their initials."""
    words = re.findall(r"[A-Za-z]+", text)
    letters = acronym.lower()
    n = len(letters)
    return any("".join(w[0].lower() for w in words[k:k + n]) == letters
               and all(len(w) >= 3 and not is_stopword(w) for w in words[k:k + n]) for k in range(len(words) - n + 1))


def printed_setting(view: PaperView, i: int) -> list[int]:
    """The sentences that say what a printed row is about: the prose paragraph before its block of table or code
    lines, and the lines of that block above it (the command that printed it, the table's headings)."""
    paragraphs, sentences = view.document.paragraphs, view.document.sentences
    here = sentences[i].paragraph
    out = [j for j in paragraphs[here].sentences if j < i]
    for paragraph in reversed(paragraphs[max(0, here - 6):here]):
        out += paragraph.sentences
        words = sum(len(sentences[j].text.split()) for j in paragraph.sentences)
        if paragraph.kind == "prose" and words >= _PROSE_WORDS:  # (not a "Call:" line of the output)
            break
    return out


def capitalized_names(text: str) -> list[str]:
    """The names a text gives in capitals ("Fama French", "GMM"), less question words and common abbreviations."""
    out = []
    for match in _CAPITALIZED.finditer(text):
        words = [w for w in match.group(1).split() if w not in _COMMON_CAPS and not (w.isupper() and w.lower() in common_abbreviations())]
        if words:
            out.append(" ".join(words))
    return out


def new_names(question: str, text: str) -> list[str]:
    """The names ``text`` gives in capitals that ``question`` does not."""
    asked = set(analyze(question))
    return [n for n in capitalized_names(text) if not set(analyze(n)) & asked]


def _meanings(view: PaperView, word: str) -> list[str]:
    """The terms a question word may be found by: its own, what it spells out or means in the paper's words, and
    the numeral of a number word ("five" is "5" in a printed row)."""
    return [*analyze(expand_query(word, view.language)), *_numeral(word)]


def _numeral(word: str) -> list[str]:
    """A number word as the term of its numeral ("five" -> ["5"]); [] for any other word."""
    if not _NUMBER_WORD.fullmatch(word):
        return []
    return [normalize_number(format(q.number, "g")) for q in read_numbers(word) if q.number is not None]


def _related(term: str, context: frozenset[str]) -> bool:
    """The term or a word of the same root is in the context: "biomedicin" and "biomed" share their first six
    letters (a stemmer leaves "biomedicine" and "biomedical" apart); or one is the other cut short, as printed
    output abbreviates ("chisq" of "chi-square", "coef" of "coefficient")."""
    if term in context:
        return True
    if len(term) < _SHORTENED or not term.isalpha():
        return False
    return any(len(other) >= _SHORTENED and (other[:6] == term[:6] if len(other) >= 6 and len(term) >= 6
                                             else term.startswith(other) or other.startswith(term))
               for other in context)

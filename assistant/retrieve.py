"""Dense, lexical and fused retrieval -> ranked hits with citation data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import re

import numpy as np

from .config import RetrievalSettings
from .embed import Embedder
from .index import Index
from .language import Lexicon
from .types import Chunk, Hit

_FIGURE_QUERY = re.compile(r"\b(fig|figure|chart|graph|caption|plot|source)", re.I)

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[str, ...] = ("dense", "bm25", "hybrid")


def fuse_ranks(rankings: Sequence[Sequence[int]], *, k: int = 60, weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal rank fusion: ``score(d) = sum_i w_i / (k + rank_i(d))`` with 1-based ranks; ties keep first-seen order."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


class Retriever:
    """Searches one index with one embedder."""

    def __init__(self, index: Index, embedder: Embedder, settings: RetrievalSettings = RetrievalSettings()) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._captions = np.array([".Fig" in c.section for c in index.chunks], dtype=bool)
        # every chunk's sentences laid end to end, so that the best sentence of each chunk is one reduceat
        self._chunk_sentences = np.array([i for c in index.chunks for i in c.sentences], dtype=np.int64)
        self._chunk_offsets = np.cumsum([0] + [len(c.sentences) for c in index.chunks[:-1]], dtype=np.int64)
        self._last: tuple[str, np.ndarray] | None = None

    def encode(self, query: str) -> np.ndarray:
        """The query's normalized embedding, shape ``(1, dimension)`` (read-only). The last one is kept, so the
        stages of one question that each ask for it embed it once."""
        last = self._last
        if last is not None and last[0] == query:
            return last[1]
        vector = self.embedder.encode([query])
        vector.flags.writeable = False
        self._last = (query, vector)
        return vector

    def forget_query(self) -> None:
        """Drop the kept embedding (benchmarks time the embedding itself)."""
        self._last = None

    @property
    def chunks(self) -> tuple[Chunk, ...]:
        """The index's chunks, in order (a hit's ``chunk`` is one of them)."""
        return self.index.chunks

    @property
    def lexicon(self) -> Lexicon:
        """The paper's view of the language that lexical search expands queries with."""
        return self.index.lexical.lexicon

    def sentence_vectors(self) -> np.ndarray:
        """Every sentence's vector as the index holds it, one row per sentence, shape ``(sentences, dimension)``."""
        n = self.index.sentences.ntotal
        return self.index.sentences.reconstruct_n(0, n) if n else np.zeros((0, 1), np.float32)

    def dense_scores(self, vector: np.ndarray) -> np.ndarray:
        """Similarity of the query vector with every chunk: the better of the chunk's own cosine and that of its
        best sentence (a precise sentence inside a long chunk should not be drowned by the rest)."""
        chunk = _all_scores(self.index.dense, vector)
        sentences = self.sentence_scores(vector)
        if not len(self._chunk_sentences):
            return chunk
        best = np.maximum.reduceat(sentences[self._chunk_sentences], self._chunk_offsets).astype(np.float32, copy=False)
        return np.maximum(chunk, best)

    def sentence_scores(self, vector: np.ndarray) -> np.ndarray:
        """How close in meaning every sentence of the paper is to the query vector: the cosine with the sentence's
        own vector, raised by ``settings.context_meaning`` of what its vector in context scores above that."""
        own = _all_scores(self.index.sentences, vector)
        context = _all_scores(self.index.contexts, vector)
        return own + self.settings.context_meaning * np.maximum(context - own, 0.0)

    def search(self, query: str, *, k: int | None = None, mode: Mode = "hybrid", vector: np.ndarray | None = None) -> list[Hit]:
        """The top ``k`` chunks for ``query``; ``mode`` picks dense only, BM25 only or their fusion."""
        k = k or self.settings.k
        if mode not in MODES:
            raise ValueError(f"Unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        if mode != "bm25" and vector is None:
            vector = self.encode(query)
        dense = self.dense_scores(vector) if mode in ("dense", "hybrid") else None
        lexical = self.index.lexical.scores(query) if mode in ("bm25", "hybrid") else None
        if mode == "hybrid" and not _FIGURE_QUERY.search(query):
            # figure captions name a chart's topic but hold none of its data: rank them after text that does
            caption = self._captions
            dense = np.where(caption, dense - 0.1, dense)
            lexical = np.where(caption, lexical * 0.5, lexical)
        return self.rank(dense, lexical, k=k)


    def rank(self, dense: np.ndarray | None, lexical: np.ndarray | None, *, k: int) -> list[Hit]:
        """Turn per-chunk score vectors into ranked hits (fused when both are given)."""
        if dense is not None and lexical is not None:
            dense_order = np.argsort(-dense, kind="stable")
            matched = np.flatnonzero(lexical > 0)
            lexical_order = matched[np.argsort(-lexical[matched], kind="stable")]
            fused = fuse_ranks(
                [dense_order.tolist(), lexical_order.tolist()], k=self.settings.rrf_k,
                weights=[self.settings.dense_weight, self.settings.lexical_weight],
            )
            ranked = fused[:k]
        else:
            scores = dense if dense is not None else lexical
            assert scores is not None
            order = np.argsort(-scores, kind="stable")[:k]
            ranked = [(int(i), float(scores[i])) for i in order if dense is not None or scores[i] > 0]
        return [
            Hit(
                chunk=self.index.chunks[i], score=float(score), rank=rank,
                dense_score=None if dense is None else float(dense[i]),
                lexical_score=None if lexical is None else float(lexical[i]),
            )
            for rank, (i, score) in enumerate(ranked, start=1)
        ]


def _all_scores(index, vector: np.ndarray) -> np.ndarray:
    scores, ids = index.search(vector, index.ntotal)
    out = np.zeros(index.ntotal, dtype=np.float32)
    valid = ids[0] >= 0
    out[ids[0][valid]] = scores[0][valid]
    return out

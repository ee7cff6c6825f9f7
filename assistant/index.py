"""Build, save and load the index: FAISS over normalized vectors, chunk metadata as JSON, and a manifest.

Files in the index directory:

- ``manifest.json``: format version, model name and fingerprint, dimension, corpus checksum, chunker version and the
  sha256 of every other file. Checked before anything else is read.
- ``chunks.json``: the chunks (text, section, pages, offsets, ids).
- ``dense.faiss``: a FAISS ``IndexFlatIP`` over L2-normalized chunk embeddings (inner product = cosine).
- ``sentences.faiss``: the same over every sentence of the paper (the answer composer scores sentences with it).
- ``query.onnx``: the embedding model exported to ONNX when the index is built (:func:`assistant.embed.export_query_model`),
  which embeds questions on ONNX Runtime without torch. At load it must still match its sha256 and give the stored
  vectors of the first sentences (cosine >= ``PROBE_COSINE``); if not, the index is rebuilt and the model re-exported.

FAISS files are only deserialized after their checksum matched the manifest, since FAISS trusts the sizes it reads.

BM25 is rebuilt from ``chunks.json`` at load time (milliseconds), so nothing on disk is ever unpickled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from .chunk import chunk_document, embedding_text
from .config import ChunkSettings
from .config import EmbedSettings
from .embed import Embedder, ModelInfo, OnnxEmbedder, SentenceTransformerEmbedder, export_query_model, load_embedder
from .errors import IndexStateError, ModelError
from .lexical import LexicalIndex
from .types import Chunk, Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
CHUNKS = "chunks.json"
DENSE = "dense.faiss"
SENTENCES = "sentences.faiss"
QUERY_MODEL = "query.onnx"
PROBES = 4
"""Sentences re-embedded by the query model at load and compared with their stored vectors."""
PROBE_COSINE = 0.9999


@dataclass(frozen=True, kw_only=True)
class Manifest:
    format_version: int
    model: str
    model_fingerprint: str
    dimension: int
    corpus_checksum: str
    chunker_version: str
    max_tokens: int
    n_chunks: int
    n_sentences: int
    built_at: str
    build_seconds: float
    files: dict[str, str]


@dataclass(frozen=True)
class Index:
    """Everything retrieval needs, in memory."""

    chunks: tuple[Chunk, ...]
    dense: faiss.Index
    sentences: faiss.Index
    lexical: LexicalIndex
    manifest: Manifest
    encoder: Embedder | None = None
    """The query model (ONNX) checked against this index; None until :func:`attach_query_model`."""
    query_model: bytes | None = None
    """The exported ONNX bytes between a build and :func:`save_index`."""


def model_fingerprint(embedder: ModelInfo) -> str:
    """sha256 over the model's small config files plus the weights' names and sizes (cheap and specific)."""
    path = Path(getattr(embedder, "path", ""))
    digest = hashlib.sha256(embedder.name.encode())
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if not file.is_file():
                continue
            digest.update(str(file.relative_to(path)).encode())
            if file.suffix in {".json", ".txt"} and file.stat().st_size < 5_000_000:
                digest.update(file.read_bytes())
            else:
                digest.update(str(file.stat().st_size).encode())
    return digest.hexdigest()


def build_index(document: Document, embedder: Embedder, settings: ChunkSettings = ChunkSettings()) -> Index:
    """Chunk the document, embed the chunks, and index them (dense and lexical)."""
    started = time.perf_counter()
    chunks = tuple(chunk_document(document, embedder.count_tokens, settings))
    too_long = [c.id for c in chunks if c.n_tokens > embedder.max_tokens]
    if too_long:
        log.warning("%d chunk(s) exceed the model's %d word pieces and will be truncated: %s",
                    len(too_long), embedder.max_tokens, ", ".join(too_long))
    texts = [embedding_text(c) for c in chunks]
    vectors = embedder.encode(texts + [s.text for s in document.sentences])
    dense = faiss.IndexFlatIP(embedder.dimension)
    dense.add(vectors[: len(chunks)])
    sentences = faiss.IndexFlatIP(embedder.dimension)
    sentences.add(vectors[len(chunks):])
    manifest = Manifest(
        format_version=FORMAT_VERSION, model=embedder.name, model_fingerprint=model_fingerprint(embedder),
        dimension=embedder.dimension, corpus_checksum=document.checksum, chunker_version=settings.version,
        max_tokens=settings.max_tokens, n_chunks=len(chunks), n_sentences=len(document.sentences), built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        build_seconds=round(time.perf_counter() - started, 3), files={},
    )
    return Index(chunks=chunks, dense=dense, sentences=sentences, lexical=LexicalIndex(texts), manifest=manifest)


def attach_query_model(index: Index, embedder: SentenceTransformerEmbedder, document: Document,
                       settings: EmbedSettings = EmbedSettings()) -> Index:
    """Export ``embedder`` (the model the index was built with) to ONNX, check it on the probe sentences, and attach
    it as the index's query encoder (its bytes kept for :func:`save_index`)."""
    data = export_query_model(embedder)
    encoder = OnnxEmbedder(data, embedder, settings)
    _probe(encoder, index.sentences, document, "The freshly exported query model")
    return dataclasses.replace(index, encoder=encoder, query_model=data)


def save_index(index: Index, directory: Path) -> Manifest:
    """Write the index files atomically (temp file + rename), the manifest last."""
    directory.mkdir(parents=True, exist_ok=True)
    payloads = {
        CHUNKS: json.dumps([asdict(c) for c in index.chunks], ensure_ascii=False, indent=1).encode("utf-8"),
        DENSE: faiss.serialize_index(index.dense).tobytes(),
        SENTENCES: faiss.serialize_index(index.sentences).tobytes(),
    }
    if index.query_model is not None:
        payloads[QUERY_MODEL] = index.query_model
    files = {name: hashlib.sha256(data).hexdigest() for name, data in payloads.items()}
    manifest = Manifest(**{**asdict(index.manifest), "files": files})
    for name, data in payloads.items():
        _write_atomic(directory / name, data)
    _write_atomic(directory / MANIFEST, json.dumps(asdict(manifest), indent=2).encode("utf-8"))
    return manifest


def load_index(directory: Path, *, document: Document, embedder: ModelInfo, settings: ChunkSettings = ChunkSettings(),
               embed: EmbedSettings = EmbedSettings()) -> Index:
    """Load and verify an index with its query model; raise :class:`IndexStateError` saying what is wrong if it
    cannot be served. ``embedder`` only describes the model (a :class:`~assistant.embed.ModelCard` will do)."""
    manifest = _read_manifest(directory)
    expected = {
        "format_version": FORMAT_VERSION, "model_fingerprint": model_fingerprint(embedder),
        "dimension": embedder.dimension, "corpus_checksum": document.checksum,
        "chunker_version": settings.version, "max_tokens": settings.max_tokens,
    }
    for field, value in expected.items():
        found = getattr(manifest, field)
        if found != value:
            what = {"model_fingerprint": "embedding model", "corpus_checksum": "corpus"}.get(field, field)
            raise IndexStateError(f"The index in {str(directory)!r} is stale: its {what} is {found!r}, expected {value!r}")
    blobs = {}
    for name in (CHUNKS, DENSE, SENTENCES):
        try:
            data = (directory / name).read_bytes()
        except OSError as exc:
            raise IndexStateError(f"Index file {str(directory / name)!r} cannot be read: {exc.strerror}") from exc
        if hashlib.sha256(data).hexdigest() != manifest.files.get(name):
            raise IndexStateError(f"Index file {str(directory / name)!r} does not match its checksum (corrupt or edited)")
        blobs[name] = data
    try:
        chunks = tuple(_chunk_from_json(row) for row in json.loads(blobs[CHUNKS].decode("utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexStateError(f"Chunk metadata in {str(directory / CHUNKS)!r} is malformed: {exc}") from exc
    dense = _read_faiss(directory / DENSE, blobs[DENSE], manifest.dimension, len(chunks), "chunks")
    if len(chunks) != manifest.n_chunks:
        raise IndexStateError(f"Index in {str(directory)!r} holds {len(chunks)} chunks, its manifest says {manifest.n_chunks}")
    sentences = _read_faiss(directory / SENTENCES, blobs[SENTENCES], manifest.dimension, len(document.sentences), "sentences")
    for chunk in chunks:
        if document.text[chunk.start:chunk.end] != chunk.text:
            raise IndexStateError(f"Chunk {chunk.id!r} no longer matches the paper text")
    encoder = _load_query_model(directory / QUERY_MODEL, manifest, embedder, embed)
    _probe(encoder, sentences, document, f"The query model {str(directory / QUERY_MODEL)!r}")
    lexical = LexicalIndex([embedding_text(c) for c in chunks])
    return Index(chunks=chunks, dense=dense, sentences=sentences, lexical=lexical, manifest=manifest, encoder=encoder)


def ensure_index(directory: Path, *, document: Document, embedder: ModelInfo, settings: ChunkSettings = ChunkSettings(),
                 rebuild: bool = False, embed: EmbedSettings | None = None) -> tuple[Index, str]:
    """Load the index, or build (and try to save) it when missing, stale or corrupt. Returns it with a status line;
    ``index.encoder`` is the query model. Only a build loads sentence-transformers (``embedder`` itself if it is
    one, else the model in ``embedder.path``)."""
    embed = embed or EmbedSettings(model_dir=Path(embedder.path))
    if not rebuild:
        try:
            return load_index(directory, document=document, embedder=embedder, settings=settings, embed=embed), "loaded"
        except IndexStateError as exc:
            reason = str(exc)
            log.warning("%s; rebuilding it", reason)
    else:
        reason = "rebuild requested"
    builder = embedder if isinstance(embedder, SentenceTransformerEmbedder) else load_embedder(embed)
    index = attach_query_model(build_index(document, builder, settings), builder, document, embed)
    try:
        manifest = save_index(index, directory)
        return dataclasses.replace(index, manifest=manifest, query_model=None), f"rebuilt ({reason})"
    except OSError as exc:
        log.warning("Cannot write the index to %r (%s); serving it from memory", str(directory), exc.strerror)
        return (dataclasses.replace(index, query_model=None),
                f"rebuilt in memory only ({reason}; {str(directory)!r} is not writable)")


def _load_query_model(path: Path, manifest: Manifest, info: ModelInfo, embed: EmbedSettings) -> OnnxEmbedder:
    expected = manifest.files.get(QUERY_MODEL)
    if expected is None:
        raise IndexStateError(f"The index in {str(path.parent)!r} has no query model ({QUERY_MODEL} not in its manifest)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IndexStateError(f"Index file {str(path)!r} cannot be read: {exc.strerror}") from exc
    if hashlib.sha256(data).hexdigest() != expected:
        raise IndexStateError(f"Index file {str(path)!r} does not match its checksum (corrupt or edited)")
    try:
        return OnnxEmbedder(data, info, embed)
    except ModelError as exc:
        raise IndexStateError(f"Query model {str(path)!r} cannot be loaded: {exc}") from exc


def _probe(encoder: Embedder, sentences: faiss.Index, document: Document, what: str) -> None:
    """The query model must give the stored vectors of the first sentences (cosine >= ``PROBE_COSINE``)."""
    n = min(PROBES, sentences.ntotal, len(document.sentences))
    if n == 0:
        return
    cosines = np.sum(encoder.encode([s.text for s in document.sentences[:n]]) * sentences.reconstruct_n(0, n), axis=1)
    if not np.all(cosines >= PROBE_COSINE):
        raise IndexStateError(f"{what} does not reproduce the index's sentence vectors (cosine {float(cosines.min()):.6f} "
                              f"< {PROBE_COSINE}): it is not the model the index was built with")


def _read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexStateError(f"No index in {str(directory)!r} (missing {MANIFEST})") from exc
    except (OSError, ValueError) as exc:
        raise IndexStateError(f"Index manifest {str(path)!r} is unreadable: {exc}") from exc
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        version = data.get("format_version") if isinstance(data, dict) else None
        raise IndexStateError(f"Index manifest {str(path)!r} has unknown format version {version!r} (expected {FORMAT_VERSION})")
    try:
        return Manifest(**data)
    except TypeError as exc:
        raise IndexStateError(f"Index manifest {str(path)!r} is malformed: {exc}") from exc


def _read_faiss(path: Path, data: bytes, dimension: int, count: int, what: str) -> faiss.Index:
    try:
        index = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))
    except RuntimeError as exc:
        raise IndexStateError(f"FAISS file {str(path)!r} cannot be read: {exc}") from exc
    if index.d != dimension or index.ntotal != count:
        raise IndexStateError(
            f"FAISS file {str(path)!r} holds {index.ntotal} vectors of dimension {index.d}; "
            f"expected {count} {what} of dimension {dimension}"
        )
    return index


def _chunk_from_json(row: dict) -> Chunk:
    return Chunk(**{**row, "pages": tuple(row["pages"]), "sentences": tuple(row["sentences"])})


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

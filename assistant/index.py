"""Build, save and load the index: FAISS over normalized vectors, chunk metadata as JSON, and a manifest.

Files in the index directory:

- ``manifest.json``: format version, model name and fingerprint, dimension, corpus checksum, chunker version and the
  sha256 of every other file. Checked before anything else is read.
- ``chunks.json``: the chunks (text, section, pages, offsets, ids).
- ``dense.faiss``: a FAISS ``IndexFlatIP`` over L2-normalized chunk vectors (inner product = cosine), each the mean of
  its sentences' vectors in context (:func:`pooled`).
- ``sentences.faiss``: the same over every sentence of the paper (the answer composer scores sentences with it).
- ``contexts.faiss``: the same over every sentence read in its context (:func:`context_texts`: its section's title and
  the sentence before it in its paragraph; a paragraph's first sentence is its own context), for a sentence that
  leaves its subject to them ("For this exercise we take C as exponential with rate 0.25" in a section on a
  simulation).
- ``query.onnx``: the embedding model exported to ONNX when the index is built (:func:`assistant.embed.export_query_model`),
  which embeds questions on ONNX Runtime without torch. At load it must give the stored vectors of the first sentences
  (cosine >= ``PROBE_COSINE``); if not, the index is rebuilt and the model re-exported. A rebuild for a changed
  corpus reuses the file when the model and the export settings are the same (and it still matches its sha256).

Checksums: the small files are hashed in full at every load. ``query.onnx`` (90 MB; hashing it took a fifth of a cold
start) is hashed in full when it is written and whenever its size or modification time differs from those recorded in
the manifest (``stats``); otherwise the recorded sha256 is trusted. That is a deliberate trade-off: an edit that keeps
both the size and the nanosecond mtime (a same-size overwrite followed by ``touch -d``) is not caught by a checksum,
only by ONNX Runtime's own parsing and by the probe sentences, which any different model fails. The sha256 stays in
the manifest, so ``sha256sum`` can still check the file by hand.

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
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from .chunk import chunk_document, embedding_text
from .config import ChunkSettings
from .config import EmbedSettings
from .embed import (EXPORT_VERSION, Embedder, EmbedderLoad, ModelInfo, OnnxEmbedder, SentenceTransformerEmbedder,
                    export_query_model, load_embedder)
from .errors import IndexStateError, ModelError
from .lexical import LexicalIndex
from .types import Chunk, Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 5
MANIFEST = "manifest.json"
CHUNKS = "chunks.json"
DENSE = "dense.faiss"
SENTENCES = "sentences.faiss"
CONTEXTS = "contexts.faiss"
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
    stats: dict[str, list[int]] = field(default_factory=dict)
    """``[size, mtime_ns]`` of files whose sha256 is only recomputed when these change (``query.onnx``)."""
    query_export: str = ""
    """:data:`assistant.embed.EXPORT_VERSION` of ``query.onnx``: a rebuild may reuse the file when it is unchanged."""


@dataclass(frozen=True)
class Index:
    """Everything retrieval needs, in memory."""

    chunks: tuple[Chunk, ...]
    dense: faiss.Index
    sentences: faiss.Index
    contexts: faiss.Index
    """The sentences' vectors read in context (:func:`context_texts`), in the order of ``sentences``."""
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


def build_index(document: Document, embedder: Embedder | EmbedderLoad, settings: ChunkSettings = ChunkSettings()) -> Index:
    """Chunk the document, index the chunks lexically, embed the sentences (alone and in context), and index them and
    the chunks (their sentences' pooled vectors) densely.
    With an :class:`~assistant.embed.EmbedderLoad` the model finishes loading while the paper is chunked and its
    lexical index built."""
    started = time.perf_counter()
    chunks = tuple(chunk_document(document, embedder.count_tokens, settings))
    texts = [embedding_text(c) for c in chunks]
    lexical = LexicalIndex(texts)
    waited = 0.0
    if isinstance(embedder, EmbedderLoad):
        waiting = time.perf_counter()
        embedder = embedder.result()
        waited = time.perf_counter() - waiting
        log.info("waited %.2f s for the embedding model", waited)
    embedding = time.perf_counter()
    n = len(document.sentences)
    vectors = embedder.encode([s.text for s in document.sentences] + context_texts(document))
    log.info("embedded %d sentences, alone and in context, for %d chunks in %.2f s", n, len(chunks),  # (bench.py
             time.perf_counter() - embedding)  # reads this line)
    dense = faiss.IndexFlatIP(embedder.dimension)
    dense.add(pooled(vectors[n:], chunks, embedder.dimension))
    sentences = faiss.IndexFlatIP(embedder.dimension)
    sentences.add(vectors[:n])
    contexts = faiss.IndexFlatIP(embedder.dimension)
    contexts.add(vectors[n:])
    manifest = Manifest(
        format_version=FORMAT_VERSION, model=embedder.name, model_fingerprint=model_fingerprint(embedder),
        dimension=embedder.dimension, corpus_checksum=document.fingerprint, chunker_version=settings.version,
        max_tokens=settings.max_tokens, n_chunks=len(chunks), n_sentences=len(document.sentences), built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        build_seconds=round(time.perf_counter() - started - waited, 3), files={},
    )
    return Index(chunks=chunks, dense=dense, sentences=sentences, contexts=contexts, lexical=lexical, manifest=manifest)


def pooled(contexts: np.ndarray, chunks: Sequence[Chunk], dimension: int) -> np.ndarray:
    """Each chunk's vector: the normalized mean of its sentences' vectors in context. Embedding the chunks' own texts
    too cost a third of a build (long texts) and answered the dev sets no better (crq -1, timedep +1)."""
    out = np.zeros((len(chunks), dimension), dtype=np.float32)
    for row, chunk in enumerate(chunks):
        if chunk.sentences:
            mean = contexts[list(chunk.sentences)].mean(axis=0)
            out[row] = mean / (np.linalg.norm(mean) or 1.0)
    return out


def context_texts(document: Document) -> list[str]:
    """Each sentence as embedded in context: its section's title and the sentence before it in its paragraph, then
    the sentence ("Efficiency of the median estimators. For this exercise we take T as standard lognormal. ...").
    A sentence that opens its paragraph is its own context: adding the title alone to it lost on the dev sets as
    much as it won, and the encoder embeds a repeated text once, which keeps a third of the shipped paper's contexts
    out of the build."""
    titles = {section.key: section.title for section in document.sections}
    out = []
    for sentence in document.sentences:
        before = document.sentences[sentence.index - 1] if sentence.index > 0 else None
        if before is None or before.paragraph != sentence.paragraph:
            out.append(sentence.text)
            continue
        title = titles.get(sentence.section, "")
        out.append(" ".join(part for part in (f"{title}." if title else "", before.text, sentence.text) if part))
    return out


def attach_query_model(index: Index, embedder: SentenceTransformerEmbedder, document: Document,
                       settings: EmbedSettings = EmbedSettings()) -> Index:
    """Export ``embedder`` (the model the index was built with) to ONNX, check it on the probe sentences, and attach
    it as the index's query encoder (its bytes kept for :func:`save_index`)."""
    data = export_query_model(embedder)
    encoder = OnnxEmbedder(data, embedder, settings)
    _probe(encoder, index.sentences, document, "The freshly exported query model")
    return dataclasses.replace(index, encoder=encoder, query_model=data)


def reuse_query_model(directory: Path | Sequence[Path], index: Index, model: ModelInfo, document: Document,
                      settings: EmbedSettings = EmbedSettings()) -> Index | None:
    """The ``query.onnx`` of an index directory (the first of ``directory`` that qualifies: the index's own, then
    another paper's), attached to the freshly built ``index`` (``model``: the model it was built with), when that
    directory's manifest says the file was exported from the same model (fingerprint) with the same export settings
    (:data:`EXPORT_VERSION`), it matches its sha256 (checked in full) and it reproduces the new index's probe
    sentences; else None (export it again). A rebuild for a changed corpus, and the index of a new paper, thus skip
    the 2-3 s export."""
    for candidate in [Path(directory)] if isinstance(directory, (str, Path)) else [Path(d) for d in directory]:
        try:
            old = _read_manifest(candidate)
        except IndexStateError:
            continue
        if (old.model_fingerprint != index.manifest.model_fingerprint or old.query_export != EXPORT_VERSION
                or old.dimension != index.manifest.dimension or QUERY_MODEL not in old.files):
            continue
        try:
            data = (candidate / QUERY_MODEL).read_bytes()
        except OSError:
            continue
        if hashlib.sha256(data).hexdigest() != old.files[QUERY_MODEL]:
            continue
        try:
            encoder = OnnxEmbedder(data, model, settings)
            _probe(encoder, index.sentences, document, f"The existing query model {str(candidate / QUERY_MODEL)!r}")
        except (ModelError, IndexStateError) as exc:
            log.info("not reusing %s: %s", str(candidate / QUERY_MODEL), exc)
            continue
        log.info("reusing %s (same model and export settings)", str(candidate / QUERY_MODEL))
        return dataclasses.replace(index, encoder=encoder, query_model=data)
    return None


def save_index(index: Index, directory: Path) -> Manifest:
    """Write the index files atomically (temp file + rename), the manifest last."""
    directory.mkdir(parents=True, exist_ok=True)
    payloads = {
        CHUNKS: json.dumps([asdict(c) for c in index.chunks], ensure_ascii=False, indent=1).encode("utf-8"),
        DENSE: faiss.serialize_index(index.dense).tobytes(),
        SENTENCES: faiss.serialize_index(index.sentences).tobytes(),
        CONTEXTS: faiss.serialize_index(index.contexts).tobytes(),
    }
    if index.query_model is not None:
        payloads[QUERY_MODEL] = index.query_model
    files = {name: hashlib.sha256(data).hexdigest() for name, data in payloads.items()}
    for name, data in payloads.items():
        _write_atomic(directory / name, data)
    stats = {QUERY_MODEL: _stat(directory / QUERY_MODEL)} if QUERY_MODEL in payloads else {}
    manifest = Manifest(**{**asdict(index.manifest), "files": files, "stats": stats,
                           "query_export": EXPORT_VERSION if QUERY_MODEL in payloads else ""})
    _write_atomic(directory / MANIFEST, json.dumps(asdict(manifest), indent=2).encode("utf-8"))
    return manifest


def load_index(directory: Path, *, document: Document, embedder: ModelInfo, settings: ChunkSettings = ChunkSettings(),
               embed: EmbedSettings = EmbedSettings(), query_model: QueryModelLoad | None = None) -> Index:
    """Load and verify an index with its query model; raise :class:`IndexStateError` saying what is wrong if it
    cannot be served. ``embedder`` only describes the model (a :class:`~assistant.embed.ModelCard` will do);
    ``query_model`` is the loading that :func:`preload_query_model` started earlier for this directory, if any."""
    manifest = _read_manifest(directory)
    expected = {
        "format_version": FORMAT_VERSION, "model_fingerprint": model_fingerprint(embedder),
        "dimension": embedder.dimension, "corpus_checksum": document.fingerprint,
        "chunker_version": settings.version, "max_tokens": settings.max_tokens, "query_export": EXPORT_VERSION,
    }
    for name, value in expected.items():
        found = getattr(manifest, name)
        if found != value:
            what = {"model_fingerprint": "embedding model", "corpus_checksum": "corpus",
                    "query_export": "query model export version"}.get(name, name)
            raise IndexStateError(f"The index in {str(directory)!r} is stale: its {what} is {found!r}, expected {value!r}")
    if query_model is None or query_model.directory != Path(directory):
        query_model = preload_query_model(directory, embedder, document, embed)  # loads while the rest is checked
    blobs = {}
    for name in (CHUNKS, DENSE, SENTENCES, CONTEXTS):
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
    contexts = _read_faiss(directory / CONTEXTS, blobs[CONTEXTS], manifest.dimension, len(document.sentences),
                           "sentences in context")
    for chunk in chunks:
        if document.text[chunk.start:chunk.end] != chunk.text:
            raise IndexStateError(f"Chunk {chunk.id!r} no longer matches the paper text")
    lexical = LexicalIndex([embedding_text(c) for c in chunks])
    encoder, probed = query_model.result(manifest)
    _check_probe(probed, sentences, f"The query model {str(directory / QUERY_MODEL)!r}")
    return Index(chunks=chunks, dense=dense, sentences=sentences, contexts=contexts, lexical=lexical, manifest=manifest,
                 encoder=encoder)


def has_index(directory: Path) -> bool:
    """Whether ``directory`` holds an index at all (its manifest); whether it can be served, only loading says."""
    return (Path(directory) / MANIFEST).is_file()


def ensure_index(directory: Path, *, document: Document, embedder: ModelInfo, settings: ChunkSettings = ChunkSettings(),
                 rebuild: bool = False, embed: EmbedSettings | None = None,
                 query_model: QueryModelLoad | None = None, builder: EmbedderLoad | None = None,
                 query_model_sources: Sequence[Path] = ()) -> tuple[Index, str]:
    """Load the index, or build (and try to save) it when missing, stale or corrupt. Returns it with a status line;
    ``index.encoder`` is the query model. Only a build loads sentence-transformers (``embedder`` itself if it is
    one, else ``builder``, the model already loading for a build, else the model in ``embedder.path``); it reuses the
    query model of ``directory`` or of ``query_model_sources`` (other papers' index directories) when one was exported
    from the same model."""
    embed = embed or EmbedSettings(model_dir=Path(embedder.path))
    if not rebuild:
        try:
            return load_index(directory, document=document, embedder=embedder, settings=settings, embed=embed,
                              query_model=query_model), "loaded"
        except IndexStateError as exc:
            reason = str(exc)
            log.warning("%s; rebuilding it", reason)
    else:
        reason = "rebuild requested"
    started = time.perf_counter()
    model = embedder if isinstance(embedder, SentenceTransformerEmbedder) else builder or load_embedder(embed)
    index = build_index(document, model, settings)
    sources = [Path(directory), *(Path(d) for d in query_model_sources if Path(d) != Path(directory))]
    index = reuse_query_model(sources, index, model, document, embed) or attach_query_model(
        index, model.result() if isinstance(model, EmbedderLoad) else model, document, embed)
    try:
        manifest = save_index(index, directory)
        log.info("built and saved the index in %.2f s", time.perf_counter() - started)
        return dataclasses.replace(index, manifest=manifest, query_model=None), f"rebuilt ({reason})"
    except OSError as exc:
        log.warning("Cannot write the index to %r (%s); serving it from memory", str(directory), exc.strerror)
        return (dataclasses.replace(index, query_model=None),
                f"rebuilt in memory only ({reason}; {str(directory)!r} is not writable)")


def _load_query_model(path: Path, manifest: Manifest, info: ModelInfo, embed: EmbedSettings,
                      probe_texts: list[str]) -> tuple[OnnxEmbedder, np.ndarray]:
    """The query model of the index and its vectors of ``probe_texts``; its sha256 is checked only when its size or
    modification time differs from the manifest's record (see the module docstring)."""
    expected = manifest.files.get(QUERY_MODEL)
    if expected is None:
        raise IndexStateError(f"The index in {str(path.parent)!r} has no query model ({QUERY_MODEL} not in its manifest)")
    try:
        unchanged = manifest.stats.get(QUERY_MODEL) == _stat(path)
        source: Path | bytes = path if unchanged else path.read_bytes()
    except OSError as exc:
        raise IndexStateError(f"Index file {str(path)!r} cannot be read: {exc.strerror}") from exc
    if isinstance(source, bytes) and hashlib.sha256(source).hexdigest() != expected:
        raise IndexStateError(f"Index file {str(path)!r} does not match its checksum (corrupt or edited)")
    try:
        encoder = OnnxEmbedder(source, info, embed)
        return encoder, encoder.encode(probe_texts) if probe_texts else np.zeros((0, info.dimension), np.float32)
    except ModelError as exc:
        raise IndexStateError(f"Query model {str(path)!r} cannot be loaded: {exc}") from exc


def _probe(encoder: Embedder, sentences: faiss.Index, document: Document, what: str) -> None:
    """The query model must give the stored vectors of the first sentences (cosine >= ``PROBE_COSINE``)."""
    n = min(PROBES, sentences.ntotal, len(document.sentences))
    _check_probe(encoder.encode([s.text for s in document.sentences[:n]]) if n else np.zeros((0, 1)), sentences, what)


def _check_probe(vectors: np.ndarray, sentences: faiss.Index, what: str) -> None:
    n = min(len(vectors), sentences.ntotal)
    if n == 0:
        return
    cosines = np.sum(vectors[:n] * sentences.reconstruct_n(0, n), axis=1)
    if not np.all(cosines >= PROBE_COSINE):
        raise IndexStateError(f"{what} does not reproduce the index's sentence vectors (cosine {float(cosines.min()):.6f} "
                              f"< {PROBE_COSINE}): it is not the model the index was built with")


class QueryModelLoad:
    """The query model of an index directory being loaded on a thread (ONNX Runtime builds its session and embeds the
    probe sentences without holding the GIL for most of it), so that a cold start reads the rest of the index, and
    the caller its own data, meanwhile. :meth:`result` waits for it."""

    def __init__(self, directory: Path, model: ModelInfo, document: Document, embed: EmbedSettings) -> None:
        self.directory = Path(directory)
        self._box: dict = {}
        n = min(PROBES, len(document.sentences))
        texts = [s.text for s in document.sentences[:n]]
        self._args = (model, embed, texts)
        self._thread = threading.Thread(target=self._run, name="query-model-load", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            manifest = _read_manifest(self.directory)
            self._box["manifest"] = manifest
            self._box["value"] = _load_query_model(self.directory / QUERY_MODEL, manifest, *self._args)
        except BaseException as exc:  # re-raised in the thread that waits
            self._box["error"] = exc

    def result(self, manifest: Manifest) -> tuple[OnnxEmbedder, np.ndarray]:
        """The encoder and its vectors of the first sentences, for the index whose manifest is ``manifest`` (loaded
        again, here, if the directory changed in between)."""
        self._thread.join()
        started = self._box.get("manifest")
        if started is None or started.files.get(QUERY_MODEL) != manifest.files.get(QUERY_MODEL) \
                or started.stats != manifest.stats:
            return _load_query_model(self.directory / QUERY_MODEL, manifest, *self._args)
        if "error" in self._box:
            raise self._box["error"]
        return self._box["value"]


def preload_query_model(directory: Path, model: ModelInfo, document: Document,
                        embed: EmbedSettings = EmbedSettings()) -> QueryModelLoad:
    """Start loading the query model of the index in ``directory`` on a thread; hand the result to
    :func:`load_index` (or :func:`ensure_index`) as ``query_model``. Errors surface there, in order."""
    return QueryModelLoad(directory, model, document, embed)


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


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

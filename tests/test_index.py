"""Index round trip, and every broken or stale state detected before use and rebuilt."""

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexStateError
from assistant.embed import EXPORT_VERSION, export_query_model, load_embedder, preload_embedder
from assistant.index import (
    CHUNKS,
    CONTEXTS,
    DENSE,
    MANIFEST,
    QUERY_MODEL,
    SENTENCES,
    attach_query_model,
    build_index,
    ensure_index,
    load_index,
    save_index,
)
from assistant.ingest import load_corpus

from .conftest import CORPUS


@pytest.fixture(scope="module")
def builder():
    """sentence-transformers: how the paper is embedded at build time (the session's ``embedder`` is the ONNX one)."""
    return load_embedder()


@pytest.fixture(scope="module")
def built(document, builder):
    return attach_query_model(build_index(document, builder), builder, document)


@pytest.fixture
def saved(built, tmp_path):
    save_index(built, tmp_path)
    return tmp_path


def test_round_trip(built, saved, document, embedder):
    loaded = load_index(saved, document=document, embedder=embedder)
    assert loaded.chunks == built.chunks
    assert loaded.dense.ntotal == len(built.chunks) and loaded.sentences.ntotal == len(document.sentences)
    assert loaded.contexts.ntotal == len(document.sentences)
    manifest = json.loads((saved / MANIFEST).read_text())
    assert manifest["dimension"] == 384 and manifest["corpus_checksum"] == document.fingerprint
    assert set(manifest["files"]) == {CHUNKS, CONTEXTS, DENSE, SENTENCES, QUERY_MODEL}


def test_manifest_records_the_query_model_checksum(saved, built):
    manifest = json.loads((saved / MANIFEST).read_text())
    assert manifest["files"][QUERY_MODEL] == hashlib.sha256((saved / QUERY_MODEL).read_bytes()).hexdigest()
    assert manifest["files"][QUERY_MODEL] == hashlib.sha256(built.query_model).hexdigest()
    assert len(manifest["model_fingerprint"]) == 64


def test_loaded_query_model_embeds_like_the_index(saved, document, embedder):
    loaded = load_index(saved, document=document, embedder=embedder)
    vectors = loaded.encoder.encode([s.text for s in document.sentences[:20]])
    assert np.all(np.sum(vectors * loaded.sentences.reconstruct_n(0, 20), axis=1) > 0.9999)


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / DENSE).write_bytes(b"garbage"), "checksum"),
    (lambda d: (d / DENSE).write_bytes((d / DENSE).read_bytes()[:100]), "checksum"),
    (lambda d: (d / CHUNKS).write_text("[{"), "checksum"),
    (lambda d: (d / DENSE).unlink(), "cannot be read"),
    (lambda d: (d / MANIFEST).unlink(), "missing manifest"),
    (lambda d: (d / MANIFEST).write_text("{not json"), "unreadable"),
    (lambda d: _edit_manifest(d, format_version=99), "unknown format version 99"),
    (lambda d: _edit_manifest(d, model_fingerprint="other-model"), "embedding model"),
    (lambda d: _edit_manifest(d, corpus_checksum="0" * 64), "corpus"),
    (lambda d: _edit_manifest(d, dimension=768), "dimension"),
    (lambda d: (d / QUERY_MODEL).unlink(), "cannot be read"),
    (lambda d: _flip_byte(d / QUERY_MODEL, 5_000_000), "checksum"),
    (lambda d: (d / QUERY_MODEL).write_bytes(b"not onnx"), "checksum"),
    (lambda d: _edit_manifest(d, files={k: v for k, v in json.loads((d / MANIFEST).read_text())["files"].items()
                                        if k != QUERY_MODEL}), "no query model"),
    (lambda d: _replace_sentence_vectors(d), "does not reproduce"),
])
def test_broken_index_is_detected_then_rebuilt(saved, document, embedder, damage, message):
    damage(saved)
    with pytest.raises(IndexStateError, match=message):
        load_index(saved, document=document, embedder=embedder)
    index, state = ensure_index(saved, document=document, embedder=embedder)
    assert state.startswith("rebuilt") and message.split()[0] in state.lower() or state.startswith("rebuilt")
    assert load_index(saved, document=document, embedder=embedder).chunks == index.chunks


def test_consistent_checksums_but_wrong_vector_count_is_caught(saved, document, embedder, built):
    import faiss
    import hashlib

    faiss.write_index(faiss.IndexFlatIP(384), str(saved / DENSE))  # empty but valid FAISS file
    _edit_manifest(saved, files={**json.loads((saved / MANIFEST).read_text())["files"],
                                 DENSE: hashlib.sha256((saved / DENSE).read_bytes()).hexdigest()})
    with pytest.raises(IndexStateError, match="holds 0 vectors"):
        load_index(saved, document=document, embedder=embedder)


def test_changed_corpus_triggers_rebuild(tmp_path, embedder, built):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    save_index(built, index_dir)
    text = corpus / "zhou-wang-2019-biopharma.txt"
    text.write_text(text.read_text().replace("7,697", "7,698"))
    changed = load_corpus(corpus)
    with pytest.raises(IndexStateError, match="corpus"):
        load_index(index_dir, document=changed, embedder=embedder)
    index, state = ensure_index(index_dir, document=changed, embedder=embedder)
    assert state.startswith("rebuilt")
    assert any("7,698" in c.text for c in index.chunks)


def test_query_model_is_hashed_only_when_its_size_or_mtime_changed(saved, document, embedder):
    manifest = json.loads((saved / MANIFEST).read_text())
    assert manifest["stats"][QUERY_MODEL] == [(saved / QUERY_MODEL).stat().st_size, (saved / QUERY_MODEL).stat().st_mtime_ns]
    _edit_manifest(saved, files={**manifest["files"], QUERY_MODEL: "0" * 64})
    load_index(saved, document=document, embedder=embedder)  # size and mtime as recorded: the sha256 is trusted
    os.utime(saved / QUERY_MODEL, ns=(0, manifest["stats"][QUERY_MODEL][1] + 1))
    with pytest.raises(IndexStateError, match="checksum"):  # touched: hashed in full
        load_index(saved, document=document, embedder=embedder)


def test_rebuild_for_a_changed_corpus_reuses_the_exported_query_model(tmp_path, embedder, built, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    before = save_index(built, index_dir)
    assert before.query_export == EXPORT_VERSION
    text = corpus / "zhou-wang-2019-biopharma.txt"
    text.write_text(text.read_text().replace("7,697", "7,698"))

    def no_export(*args, **kwargs):
        raise AssertionError("the query model was exported again")

    monkeypatch.setattr("assistant.index.export_query_model", no_export)
    index, state = ensure_index(index_dir, document=load_corpus(corpus), embedder=embedder)
    assert state.startswith("rebuilt") and index.encoder is not None
    assert index.manifest.files[QUERY_MODEL] == before.files[QUERY_MODEL]
    assert index.manifest.corpus_checksum != before.corpus_checksum


def test_a_new_index_reuses_another_papers_query_model_and_a_model_loaded_meanwhile(tmp_path, document, embedder, built,
                                                                                   monkeypatch):
    other = save_index(built, tmp_path / "other")

    def no_export(*args, **kwargs):
        raise AssertionError("the query model was exported again")

    monkeypatch.setattr("assistant.index.export_query_model", no_export)
    loading = preload_embedder()  # torch loads on a thread while the paper is chunked
    assert loading.count_tokens("How many biomedical enterprises?") == embedder.count_tokens("How many biomedical enterprises?")
    index, state = ensure_index(tmp_path / "new", document=document, embedder=embedder, builder=loading,
                                query_model_sources=[tmp_path / "missing", tmp_path / "other"])
    assert state.startswith("rebuilt") and index.encoder is not None
    assert index.manifest.files[QUERY_MODEL] == other.files[QUERY_MODEL]
    assert index.chunks == built.chunks
    assert np.array_equal(index.sentences.reconstruct_n(0, index.sentences.ntotal),
                          built.sentences.reconstruct_n(0, built.sentences.ntotal))
    load_index(tmp_path / "new", document=document, embedder=embedder)


def test_rebuild_exports_again_when_the_export_settings_changed(tmp_path, document, embedder, built, monkeypatch):
    save_index(built, tmp_path)
    _edit_manifest(tmp_path, query_export="0")
    with pytest.raises(IndexStateError, match="query model export version is '0'"):
        load_index(tmp_path, document=document, embedder=embedder)  # an older export is stale: the index is rebuilt
    exported = []
    real = export_query_model
    monkeypatch.setattr("assistant.index.export_query_model", lambda model: exported.append(1) or real(model))
    ensure_index(tmp_path, document=document, embedder=embedder, rebuild=True)
    assert exported == [1]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_serves_from_memory(tmp_path, document, embedder):
    tmp_path.chmod(0o500)
    try:
        index, state = ensure_index(tmp_path / "sub", document=document, embedder=embedder)
    finally:
        tmp_path.chmod(0o700)
    assert "memory" in state and index.chunks


def test_unwritable_index_location_serves_from_memory(tmp_path, document, embedder):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    index, state = ensure_index(blocker / "index", document=document, embedder=embedder)
    assert "memory only" in state and len(index.chunks) > 10


class _Trap:
    def __reduce__(self):
        return (Path.write_text, (Path("/tmp/assistant-pickle-trap-fired"), "boom"))


def test_planted_pickle_is_never_loaded(saved, document, embedder):
    marker = Path("/tmp/assistant-pickle-trap-fired")
    marker.unlink(missing_ok=True)
    for name in ("index.pkl", "chunks.pkl", "bm25.pkl", "params.index.json.pkl"):
        (saved / name).write_bytes(pickle.dumps(_Trap()))
    load_index(saved, document=document, embedder=embedder)
    assert not marker.exists()


def _flip_byte(path: Path, offset: int):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _replace_sentence_vectors(directory: Path):
    """Checksums consistent, but the stored sentence vectors are not what the query model gives (shifted by one)."""
    import faiss

    stored = faiss.read_index(str(directory / SENTENCES))
    shifted = faiss.IndexFlatIP(stored.d)
    shifted.add(np.roll(stored.reconstruct_n(0, stored.ntotal), 1, axis=0))
    faiss.write_index(shifted, str(directory / SENTENCES))
    _edit_manifest(directory, files={**json.loads((directory / MANIFEST).read_text())["files"],
                                     SENTENCES: hashlib.sha256((directory / SENTENCES).read_bytes()).hexdigest()})


def _edit_manifest(directory: Path, **changes):
    manifest = json.loads((directory / MANIFEST).read_text())
    manifest.update(changes)
    (directory / MANIFEST).write_text(json.dumps(manifest))


def test_the_same_file_read_differently_is_another_corpus(document):
    """A PDF parsed again by a changed parser keeps its file checksum; its index must still be rebuilt."""
    import dataclasses
    other = dataclasses.replace(document, text=document.text.replace("7,697", "7,698"))
    assert other.checksum == document.checksum and other.fingerprint != document.fingerprint

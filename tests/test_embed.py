"""The two forms of the one model: sentence-transformers (builds) and its ONNX export (questions), and a question
path that never imports torch."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from assistant.config import ROOT
from assistant.embed import ModelCard, OnnxEmbedder, _length_batches, export_query_model, load_embedder

TEXTS = [
    "How many biomedical enterprises were there in 2017?",
    "CAGR",
    "What are the disadvantages of China's patent-intensive industries compared with developed countries, and what "
    "should the government do about innovation, talent and intellectual property protection? " * 9,  # > 256 pieces
    "Tongrentang",
]


@pytest.fixture(scope="module")
def builder():
    return load_embedder()


@pytest.fixture(scope="module")
def exported_bytes(builder):
    return export_query_model(builder)


@pytest.fixture(scope="module")
def exported(builder, exported_bytes):
    return OnnxEmbedder(exported_bytes, ModelCard(builder.path))


def test_the_query_model_is_fused_and_the_model_keeps_its_attention(builder, exported_bytes):
    import onnx

    graph = onnx.load_from_string(exported_bytes).graph
    assert {"EmbedLayerNormalization", "Attention", "SkipLayerNormalization"} <= {n.op_type for n in graph.node}
    assert len(graph.node) < 100 and [i.name for i in graph.input] == ["input_ids", "attention_mask", "token_type_ids"]
    attention = builder._model[0].auto_model.config._attn_implementation
    export_query_model(builder)
    assert builder._model[0].auto_model.config._attn_implementation == attention  # documents embed as before


def test_onnx_vectors_equal_sentence_transformers_vectors(builder, exported):
    ours, reference = exported.encode(TEXTS), builder.encode(TEXTS)
    assert ours.shape == reference.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    assert np.all(np.sum(ours * reference, axis=1) > 0.9999)
    one_by_one = np.vstack([exported.encode([t]) for t in TEXTS])  # batches are padded, single queries are not
    assert np.all(np.sum(one_by_one * reference, axis=1) > 0.9999)


def test_batches_group_texts_of_about_the_same_length():
    assert _length_batches([], 3) == []
    assert _length_batches([5, 100, 90, 10, 95, 85, 9], 3) == [[1, 4, 2], [5], [3, 6], [0]]
    assert _length_batches([7, 7, 7, 7], 2) == [[0, 1], [2, 3]]  # ties keep their order


def test_documents_are_embedded_once_per_distinct_text(builder):
    texts = [TEXTS[1], TEXTS[0], TEXTS[1], TEXTS[3], TEXTS[0]]
    vectors = builder.encode(texts)
    assert vectors.shape == (5, 384) and vectors.dtype == np.float32
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[1], vectors[4])
    alone = np.vstack([builder.encode([t]) for t in texts])
    assert np.all(np.sum(vectors * alone, axis=1) > 0.9999)


def test_onnx_embedder_counts_and_describes_like_the_model(builder, exported):
    assert exported.count_tokens(TEXTS[2]) == builder.count_tokens(TEXTS[2]) > 256  # counting never truncates
    assert (exported.name, exported.dimension, exported.max_tokens) == (builder.name, builder.dimension, builder.max_tokens)
    card = ModelCard(builder.path)
    assert (card.name, card.dimension, card.max_tokens) == (builder.name, 384, 256)


def test_session_embedder_is_the_onnx_one(embedder):
    assert isinstance(embedder, OnnxEmbedder)


_PROBE = """
import json, sys
from assistant.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "sentence_transformers", "transformers", "streamlit"))
print(json.dumps({"code": code, "heavy": heavy}))
"""


@pytest.mark.parametrize("args", [
    ["ask", "How many biomedical enterprises were there in 2017?", "--json"],
    ["search", "Tongrentang", "--json"],
    ["--help"],
])
def test_question_path_never_imports_torch(assistant, settings, args):  # ``assistant``: the index exists and is valid
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(settings.index_dir), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.splitlines()[-1])
    assert report == {"code": 0, "heavy": []}

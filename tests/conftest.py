"""Shared fixtures: the real paper, the real bundled model, and a real index built once per test session."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.config import ROOT, Settings  # noqa: E402
from assistant.ingest import load_corpus  # noqa: E402

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def document():
    return load_corpus(CORPUS)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def settings(index_dir) -> Settings:
    return dataclasses.replace(Settings(), corpus_dir=CORPUS, index_dir=index_dir)


@pytest.fixture(scope="session")
def assistant(settings):
    from assistant.pipeline import Assistant

    return Assistant.load(settings)


@pytest.fixture(scope="session")
def embedder(assistant):
    return assistant.embedder

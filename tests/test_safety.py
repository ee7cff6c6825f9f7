"""No code from data, and a changed corpus noticed at start-up."""

import dataclasses
import re
import shutil

from assistant.config import ROOT

from .conftest import CORPUS

FORBIDDEN = [
    (re.compile(r"^\s*import pickle|^\s*from pickle|\bpickle\.loads?\(|\bcloudpickle\b|\bjoblib\.load\(", re.M), "pickle"),
    (re.compile(r"torch\.load\((?![^)]*weights_only\s*=\s*True)"), "torch.load without weights_only=True"),
    (re.compile(r"allow_dangerous_deserialization"), "allow_dangerous_deserialization"),
    (re.compile(r"allow_pickle\s*=\s*True"), "numpy allow_pickle=True"),
    (re.compile(r"(?<![.\w])(?:eval|exec)\("), "eval/exec"),
]


def test_the_package_never_deserializes_code():
    sources = [*(ROOT / "assistant").rglob("*.py"), ROOT / "streamlit_app.py"]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern, what in FORBIDDEN:
            assert not pattern.search(text), f"{path.name} uses {what}"


def test_a_changed_corpus_rebuilds_index_and_facts_at_start_up(tmp_path, settings, caplog):
    from assistant.pipeline import Assistant

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    shutil.copytree(settings.index_dir, index_dir)
    text = corpus / "zhou-wang-2019-biopharma.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("reached 7,697, an", "reached 7,699, an"), encoding="utf-8")
    changed = dataclasses.replace(settings, corpus_dir=corpus, index_dir=index_dir)
    assistant = Assistant.load(changed)
    assert assistant.status.state.startswith("rebuilt") and "corpus" in assistant.status.state
    assert "7,699" in assistant.ask("How many biomedical enterprises were there in 2017?").text
    enterprises = assistant.facts.table[assistant.facts.table["printed"].str.contains("7,69")]
    assert list(enterprises["printed"]) == ["7,699"]  # the facts were re-read from the changed paper, not the stale CSV
    assert any("does not match the paper" in r.message for r in caplog.records)


def test_importing_the_package_pulls_neither_streamlit_nor_torch():
    import subprocess
    import sys

    code = "import sys, assistant, assistant.answer, assistant.facts; print('streamlit' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr

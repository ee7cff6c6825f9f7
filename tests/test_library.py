"""The library: a paper is added once per content, and its parse is kept and read back equal."""

from __future__ import annotations

import gzip
import json

from assistant.config import ROOT
from assistant.library import PARSED, add_paper, list_papers, open_paper
from assistant.pdf import load_pdf
from assistant.types import document_from_json, document_to_json

PAPERS = ROOT.parent / "shared" / "papers"


def test_a_paper_is_added_once_and_its_parse_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LIBRARY", str(tmp_path))
    source = tmp_path / "renamed copy.pdf"
    source.write_bytes((PAPERS / "crq.pdf").read_bytes())
    paper, first = add_paper(source)
    assert (paper.folder / PARSED).is_file() and [p.id for p in list_papers()] == [paper.id]
    again_paper, again = open_paper(paper.id)
    assert again_paper.id == paper.id and again == first  # read from the kept parse, equal to the fresh one


def test_a_stale_or_broken_parse_is_redone(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_LIBRARY", str(tmp_path))
    paper, fresh = add_paper(PAPERS / "crq.pdf")
    kept = paper.folder / PARSED
    with gzip.open(kept, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    data["parser"] = "an older parser"
    with gzip.open(kept, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    assert open_paper(paper.id)[1] == fresh
    kept.write_bytes(b"not gzip")
    assert open_paper(paper.id)[1] == fresh


def test_document_json_round_trip():
    document = load_pdf(PAPERS / "timedep.pdf")
    assert document_from_json(json.loads(json.dumps(document_to_json(document)))) == document

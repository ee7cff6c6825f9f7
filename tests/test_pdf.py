"""The PDF front end on the three real example papers, and on broken PDFs made here."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from assistant.config import ROOT
from assistant.errors import CorpusError, PdfError
from assistant.pdf import PdfLimits, load_pdf
from assistant.pdf.extract import extract_pdf
from assistant.pdf.layout import furniture_keys
from assistant.pdf.repair import T1_CONTROLS, join_hyphenated, repair_char
from assistant.types import Document

PAPERS = ROOT.parent / "shared" / "papers"
BAD_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufb00-\ufb06\ue000-\uf8ff\ufffd]")

# name -> (pages, min sections, first section title, a prose sentence from the README's answers, its page)
CASES = {
    "gmm": (29, 18, "Introduction", "By default, the Quadratic Spectral kernel is used as it was shown to be optimal", 14),
    "crq": (26, 10, "Introduction", "The object fit produced by the call to crq evaluates, by default, the Portnoy", 7),
    "timedep": (30, 12, "Introduction", "it has become the author's practice to re-run the analyses after adding", 14),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def paper(request) -> tuple[str, Document]:
    return request.param, load_pdf(PAPERS / f"{request.param}.pdf")


def test_pages_and_source(paper):
    name, doc = paper
    assert doc.meta.last_page == CASES[name][0]
    assert doc.source == "pdf" and len(doc.page_labels) == CASES[name][0]
    assert max(s.page for s in doc.sentences) <= CASES[name][0]


def test_offsets_are_verbatim(paper):
    _, doc = paper
    for s in doc.sentences:
        assert doc.text[s.start:s.end] == s.text
    for p in doc.paragraphs:
        assert all(doc.sentences[i].paragraph == p.index for i in p.sentences)


def test_no_running_header_in_sentences(paper):
    name, doc = paper
    keys = [k for k in furniture_keys(extract_pdf(PAPERS / f"{name}.pdf", max_pages=300)) if len(k) >= 12]
    for s in doc.sentences:
        masked = re.sub(r"\d+", "#", re.sub(r"\s+", " ", s.text.lower()))
        assert not any(k in masked for k in keys), s.text


def test_no_control_characters_or_ligatures(paper):
    _, doc = paper
    assert not BAD_CHARS.search(doc.text)
    assert not BAD_CHARS.search(doc.meta.title)


def test_headings(paper):
    name, doc = paper
    numbered = [s for s in doc.sections if s.kind in {"section", "subsection"}]
    assert len(numbered) >= CASES[name][1]
    assert doc.section("1").title == CASES[name][2]
    assert doc.sections[0].key == "Front"


def test_known_sentence_is_one_sentence_with_a_box(paper):
    name, doc = paper
    _, _, _, needle, page = CASES[name]
    hits = [s for s in doc.sentences if needle in s.text]
    assert len(hits) == 1
    sentence = hits[0]
    assert sentence.page == page and sentence.kind == "prose"
    assert sentence.boxes and sentence.boxes[0].page == page
    box = sentence.boxes[0]
    assert 0 <= box.x0 < box.x1 <= 700 and 0 <= box.y0 < box.y1 <= 900


def test_code_lines_are_not_prose(paper):
    _, doc = paper
    for s in doc.sentences:
        if re.match(r"^(?:R?> |## )", s.text):
            assert s.kind != "prose", s.text


def test_references_are_entries(paper):
    name, doc = paper
    refs = [s for s in doc.sections if s.kind == "reference"]
    assert len(refs) >= (8 if name == "timedep" else 25)
    with_year = 0
    for ref in refs:
        sentences = [s for s in doc.sentences if s.section == ref.key]
        assert len(sentences) == 1 and sentences[0].kind == "reference"
        with_year += bool(re.search(r"(19|20)\d\d", sentences[0].text))
    assert with_year >= 0.8 * len(refs)  # an entry split in two loses its year in one half: allow a few


def test_metadata(paper):
    name, doc = paper
    expected = {"gmm": ("Computing Generalized Method", "Pierre Chaussé"), "crq": ("Censored Quantile", "Roger Koenker"),
                "timedep": ("Using Time Dependent Covariates", "Terry Therneau")}[name]
    assert doc.meta.title.startswith(expected[0])
    assert doc.meta.authors[0] == expected[1]
    assert 2000 <= doc.meta.year <= 2023


def test_captions_and_tables():
    doc = load_pdf(PAPERS / "crq.pdf")
    captions = [s for s in doc.sentences if s.text.startswith("Table 1:")]
    assert captions and all(s.kind == "caption" for s in captions)
    assert any(s.kind == "table" and "0.0396" in s.text and s.page == 19 for s in doc.sentences)


def test_footnotes_separated():
    doc = load_pdf(PAPERS / "gmm.pdf")
    notes = [s for s in doc.sections if s.kind == "footnote"]
    assert len(notes) >= 4
    hit = [s for s in doc.sentences if s.text == "The choice of sample size is arbitrary."]
    assert len(hit) == 1 and hit[0].section.startswith("Footnotes.") and hit[0].page == 17
    body = [s for s in doc.sentences if not s.section.startswith("Footnotes")]
    assert not any("The choice of sample size is arbitrary" in s.text for s in body)


def test_t1_encoding_is_mapped():
    doc = load_pdf(PAPERS / "timedep.pdf")
    assert "Coefficients" in doc.meta.title
    for word in ("coefficient", "first", "effect", "significant", "different"):
        assert word in doc.text


def test_repair_units():
    assert repair_char("\x1c", T1_CONTROLS) == "fi" and repair_char("ﬃ", T1_CONTROLS) == "ffi"
    assert repair_char("\x10", T1_CONTROLS) == "“" and repair_char("\x15", T1_CONTROLS) == "–"
    vocab = {"generalized", "method"}
    assert join_hyphenated("gener", "alized", vocab, set())
    assert not join_hyphenated("Tukey", "Hanning", vocab, set())
    assert not join_hyphenated("time", "dependent", {"time", "dependent"}, {"time-dependent"})


# ---- broken inputs ------------------------------------------------------------------------------------------------


def _error(path: Path, **limits) -> str:
    with pytest.raises(PdfError) as info:
        load_pdf(path, limits=PdfLimits(**limits))
    assert isinstance(info.value, CorpusError)
    assert str(path) in str(info.value)
    return str(info.value)


def test_text_file_named_pdf(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_text("just some notes, not a PDF\n")
    assert "not a PDF" in _error(path)


def test_truncated_pdf(tmp_path):
    data = (PAPERS / "gmm.pdf").read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "damaged" in _error(path)


def test_encrypted_pdf(tmp_path):
    pikepdf = pytest.importorskip("pikepdf")
    path = tmp_path / "locked.pdf"
    with pikepdf.open(PAPERS / "crq.pdf") as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    assert "password-protected" in _error(path)


def test_image_only_pdf(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(PAPERS / "crq.pdf"))
    image = pdf[0].render(scale=1).to_pil().convert("RGB")
    pdf.close()
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF")
    assert "no text layer; OCR it first" in _error(path)


def test_page_and_size_limits(tmp_path):
    assert "over the limit of 5" in _error(PAPERS / "crq.pdf", max_pages=5)
    assert "MB limit" in _error(PAPERS / "crq.pdf", max_bytes=1000)


def test_odd_path_names(tmp_path):
    odd = tmp_path / "a b" / ".." / "we ird;$(name).pdf"
    (tmp_path / "a b").mkdir()
    odd.write_bytes((PAPERS / "timedep.pdf").read_bytes())
    doc = load_pdf(odd)
    assert doc.meta.last_page == 30 and doc.source_path == str(odd)


def test_the_caller_hears_once_the_parse_runs(tmp_path):
    heard = []
    doc = load_pdf(PAPERS / "timedep.pdf", started=lambda: heard.append(os.getpid()))
    assert heard == [os.getpid()] and doc.meta.last_page == 30  # in this process, while the child parses
    heard.clear()
    load_pdf(PAPERS / "timedep.pdf", limits=PdfLimits(isolate=False), started=lambda: heard.append(1))
    assert heard == [1]
    with pytest.raises(PdfError):  # a file refused before any parse: nothing to hear
        load_pdf(PAPERS / "crq.pdf", limits=PdfLimits(max_bytes=1000), started=lambda: heard.append(2))
    assert heard == [1]


def test_missing_file(tmp_path):
    assert "Cannot read" in _error(tmp_path / "missing.pdf")

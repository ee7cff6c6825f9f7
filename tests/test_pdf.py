"""The PDF front end on the three real example papers, and on broken PDFs made here."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import pytest

from assistant.config import ROOT
from assistant.errors import CorpusError, PdfError
from assistant.pdf import PdfLimits, load_pdf
from assistant.pdf.extract import _on_a_grid, extract_pdf
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


@functools.cache
def _load(name: str) -> Document:
    return load_pdf(PAPERS / f"{name}.pdf")


def test_caption_ends_where_its_layout_ends():
    doc = _load("crq")
    for start, page in [("Table 1:", 16), ("Table 2:", 19), ("Table 6:", 23)]:
        caption = next(p for p in doc.paragraphs if doc.text[p.start:p.end].startswith(start))
        assert caption.kind == "caption" and caption.pages == (page,)
        assert doc.text[caption.start:caption.end].rstrip().endswith("Configuration") or start == "Table 1:"
    for prose, page in [("Tables 2 and 3 report mean bias", 19), ("The simulation results conform quite", 16),
                        ("Given the fitted crq object", 9)]:
        hit = [s for s in doc.sentences if s.text.startswith(prose)]
        assert len(hit) == 1 and hit[0].kind == "prose" and hit[0].page == page
    assert sum(1 for p in doc.paragraphs if p.kind == "caption") == 12  # Figures 1-5 and Tables 1-7
    # "... the coefficient plots appearing in / Figure 1." is a sentence of the text, not a caption
    assert any(s.kind == "prose" and s.text.endswith("appearing in Figure 1.") for s in doc.sentences)


def test_table_group_labels_read_in_row_order():
    doc = _load("crq")
    for page, labels in [(19, ["Portnoy", "Peng-Huang", "Powell", "GMLE"]),
                         (21, ["Portnoy L", "Portnoy Q", "Peng-Huang L", "Peng-Huang Q", "Powell", "GMLE"])]:
        table = next(p for p in doc.paragraphs if p.kind == "table" and p.pages == (page,) and len(p.sentences) > 10)
        lines = [doc.sentences[i].text for i in table.sentences]
        assert lines[:2] == ["Intercept Slope", "Bias MAE RMSE Bias MAE RMSE"]
        assert [t for t in lines if not t[0].isdigit() and not t.startswith(("n =", "Intercept", "Bias"))] == labels
        for label in labels:  # each label stands right above its three rows
            at = lines.index(label)
            assert [t.split(" 0")[0].split(" -")[0] for t in lines[at + 1:at + 4]] == ["n = 100", "n = 400", "n = 1000"]
    gmle = [s for s in doc.sentences if s.text == "GMLE" and s.page == 19]
    assert len(gmle) == 1 and gmle[0].kind == "table"


def test_paragraph_continues_past_a_table_page():
    doc = _load("crq")
    hit = [s for s in doc.sentences if s.text.startswith("For example, in simulations of a variant of the foregoing")]
    assert len(hit) == 1 and hit[0].kind == "prose" and hit[0].pages == (19, 20)
    assert not any(s.text.startswith("variant of the foregoing") for s in doc.sentences)


def test_a_sentence_ending_on_a_line_of_its_own_stays_whole():
    doc = _load("timedep")  # "... a p-value of less than 1 in" / "1000." (a line of a number and a full stop)
    hit = [s for s in doc.sentences if s.text.startswith("A Cox model using the above data reports a hazard ratio")]
    assert len(hit) == 1 and hit[0].kind == "prose" and hit[0].text.endswith("less than 1 in 1000.")
    assert not any(s.text == "1000." for s in doc.sentences)


def test_a_page_number_set_apart_below_the_text_is_removed():
    doc = _load("timedep")  # its page numbers sit just above the bottom tenth of the page, below a gap
    assert not any(s.text.strip().isdigit() for s in doc.sentences if s.kind == "formula")
    across = next(s for s in doc.sentences if s.text.startswith("This is because there was, by definition, 100%"))
    assert across.pages == (13, 14) and "13" not in doc.text[across.start:across.end]


def test_a_command_left_open_carries_on_as_code():
    doc = _load("timedep")  # "> coxph(Surv(...) ~ treat + inherit + steroids," goes on, in the text font
    tail = [s for s in doc.sentences if s.text.startswith("data =newcgd, cluster = id)")]
    assert tail and all(s.kind == "code" for s in tail)
    assert any(s.kind == "prose" and s.text.startswith("These lines show the canonical way to use tmerge")
               for s in doc.sentences)  # the prose after the printout is still prose


def test_printed_output_in_a_fixed_pitch_type3_font_is_code():
    doc = _load("timedep")  # R's output in a Type 3 font that names no pitch: its glyphs advance on a grid
    calls = [s for s in doc.sentences if s.text == "Call:" or s.text.startswith("coxph(formula =")]
    assert len(calls) >= 10 and all(s.kind == "code" for s in calls)


def test_a_grid_is_whole_multiples_of_one_pitch():
    assert _on_a_grid([5.23, 5.23, 10.46, 5.23, 5.23, 5.23, 15.69, 5.23])  # one pitch, over one and two spaces
    assert not _on_a_grid([2.77, 3.04, 3.52, 5.5, 2.77, 4.98, 3.9, 2.2])  # a proportional font's own widths
    assert not _on_a_grid([4.98, 1.5, 4.98, 2.49, 4.98])  # equal digits set apart by a narrower point and space
    assert not _on_a_grid([])


def test_printed_output_leaves_no_command_open():
    doc = _load("gmm")  # "## WMK_((Intercept) = 0" is output, and the text-font lines after the printout are prose
    for opening in ("where the asymptotic chi-square is used", "Another way to test the CAPM is"):
        hit = [s for s in doc.sentences if s.text.startswith(opening)]
        assert hit and all(s.kind == "prose" for s in hit)


def test_footnotes_separated():
    doc = load_pdf(PAPERS / "gmm.pdf")
    notes = [s for s in doc.sections if s.kind == "footnote"]
    assert len(notes) >= 4
    hit = [s for s in doc.sentences if s.text == "The choice of sample size is arbitrary."]
    assert len(hit) == 1 and hit[0].section.startswith("Footnotes.") and hit[0].page == 17
    body = [s for s in doc.sentences if not s.section.startswith("Footnotes")]
    assert not any("The choice of sample size is arbitrary" in s.text for s in body)


def test_footnotes_split_at_each_marker_and_marks_leave_the_text():
    doc = _load("gmm")
    notes = {s.key: s for s in doc.sections if s.kind == "footnote"}
    assert sorted(notes) == [f"Footnotes.{n}" for n in range(1, 6)]
    four = [s for s in doc.sentences if s.section == "Footnotes.4"]
    assert four[0].text.startswith("The symbols of the stocks") and four[0].page == 17
    assert "data_library.html" in doc.text[notes["Footnotes.4"].start:notes["Footnotes.4"].end]
    assert not any("choice of sample size" in s.text for s in four)
    five = [s.text for s in doc.sentences if s.section == "Footnotes.5"]
    assert five[0] == "The choice of sample size is arbitrary."
    body = [s for s in doc.sentences if not s.section.startswith("Footnotes")]
    texts = [s.text for s in body]
    assert any(t.endswith("the continuous updated GMM (CUE).") for t in texts)
    assert any(t.endswith("Tukey-Hanning and Quadratic spectral.") for t in texts)
    assert any(t.endswith("a sample size of 500.") for t in texts)
    assert not any(re.search(r"\(CUE\)1|spectral3|5005", t) for t in texts)
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)


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


def test_drop_note_marks_keeps_each_kept_character_at_its_place():
    from assistant.pdf.extract import RawLine
    from assistant.pdf.layout import Line, drop_note_marks
    text = "GMM (CUE)1 . Then x2 and (CUE)1 again"
    xs = tuple(float(k) for k in range(len(text)))
    raised = (text.index("1"), text.index("2"), text.rindex("1"))
    raw = RawLine(text=text, x0s=xs, x1s=tuple(x + 1 for x in xs), top=0, bottom=10, size=10, font="f", bold=False,
                  mono=False, cells=(text.index("Then"),), raised=raised)
    line = Line(1, raw)
    marks = {"1", "3"}
    drop_note_marks(line, marks)
    assert line.text == "GMM (CUE). Then x2 and (CUE)1 again"  # one marker per note; "x2" is no note's marker
    assert marks == {"3"}
    assert [line.raw.x0s[k] for k, ch in enumerate(line.text) if ch == "T"] == [float(text.index("Then"))]
    assert line.text[line.raw.cells[0]:].startswith("Then") and len(line.raw.x0s) == len(line.text)


def test_a_footnote_mark_links_its_sentence_to_the_footnote():
    doc = _load("gmm")
    marked = [s for s in doc.sentences if s.notes]
    assert len(marked) == len({s.key for s in doc.sections if s.key.startswith("Footnotes.")}) == 5
    kernels = next(s for s in marked if "Tukey-Hanning and Quadratic spectral" in s.text)
    note = [s.text for s in doc.sentences if s.section == kernels.notes[0]]
    assert note[0].startswith("The first three have been proposed by White (1984)")


def test_the_text_of_an_embedded_chart_is_no_sentence():
    """A chart embedded as a graphic holds its axis ticks and labels as text: set apart, its caption kept."""
    doc = _load("timedep")
    texts = [s.text for s in doc.sentences if s.page == 17]
    assert not any("6.8 23 51 95 170 280 470 810" in t for t in texts)  # the x axis of the chart
    assert any(t.startswith("Figure 1:") for t in texts)
    assert any("42401" in s.text for s in doc.sentences)  # prose and output elsewhere stay


def test_a_full_line_carrying_on_a_sentence_is_prose_though_it_holds_a_url():
    doc = _load("gmm")
    hosted = [s for s in doc.sentences if s.text.startswith("It is also hosted on")]
    assert len(hosted) == 1 and hosted[0].kind == "prose" and "R-Forge" in hosted[0].text
    crq = _load("crq")  # a line of hyphenated names ("Kaplan-Meier median, the Nelson-Aalen ...") is words
    listed = [s for s in crq.sentences if s.text.startswith("We consider 6 estimators of the median")]
    assert len(listed) == 1 and listed[0].kind == "prose" and "Leurgans" in listed[0].text

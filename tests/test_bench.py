"""The speed benchmark on a tiny scale (3 questions, 1 build, 1 cold start): the result's structure and that every
number is positive and finite. How fast things are is the benchmark's business, never a test's."""

import dataclasses
import json
import math

import pytest

from assistant.bench import (
    BARS_MS,
    BenchResult,
    collect,
    format_benchmarks,
    format_speed,
    load_timed,
    measure_new_pdf,
    queries_of,
    result_json,
    time_calls,
)
from assistant.config import ROOT
from assistant.evaluate import evaluate, load_questions

NAMES = ["index build", "query model export", "cold start", "cold baseline", "baseline dense", "retrieval hybrid",
         "retrieval dense", "retrieval bm25", "  query embedding", "  dense scoring", "  bm25 scoring", "  fusion", "answer",
         "answer (chat --json)"]


@pytest.fixture(scope="module")
def questions():
    """One stand-alone question, one follow-up with a history to replay, one out of scope."""
    qs = load_questions()
    return [next(q for q in qs if not q.history and not q.abstain), next(q for q in qs if q.history),
            next(q for q in qs if q.abstain)]


@pytest.fixture(scope="module")
def result(assistant, questions) -> BenchResult:
    return collect(assistant, questions=questions, build_runs=1, cold_runs=1, warmup=1)


def _sane(samples) -> bool:
    return bool(samples) and all(math.isfinite(s) and s > 0 for s in samples)


def test_every_measurement_is_there_and_sane(result, questions):
    assert [t.name for t in result.timings] == NAMES
    runs = {t.name: len(t.samples) for t in result.timings}
    assert runs["index build"] == runs["query model export"] == runs["cold start"] == runs["cold baseline"] == 1
    assert all(runs[name] == len(questions) for name in NAMES[4:])
    assert all(_sane(t.samples) for t in result.timings)
    assert all(t.passed in (True, False) for t in result.timings if t.name in BARS_MS)
    assert math.isfinite(result.peak_rss_mib) and result.peak_rss_mib > 0
    assert math.isfinite(result.ask_peak_rss_mib) and result.ask_peak_rss_mib > 0


def test_json_is_one_object(result):
    data = json.loads(json.dumps(result_json(result)))
    assert {"machine", "timings", "hybrid_over_dense_p50", "peak_rss_mib", "ask_peak_rss_mib", "notes",
            "warm_answer_over_baseline_p50", "cold_start_over_baseline_p50"} <= set(data)
    assert data["warm_answer_over_baseline_p50"] > 0 and data["cold_start_over_baseline_p50"] > 0
    assert set(data["timings"]) == {name.strip() for name in NAMES}
    for row in data["timings"].values():
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"] and math.isfinite(row["max_ms"])
    assert data["timings"]["retrieval hybrid"]["bar_ms"] == 20.0 and data["timings"]["answer"]["bar_ms"] == 50.0
    assert math.isfinite(data["hybrid_over_dense_p50"]) and data["hybrid_over_dense_p50"] > 0
    machine = data["machine"]
    assert {"date", "cpu", "cores", "python", "torch", "faiss-cpu", "sentence-transformers"} <= set(machine)
    assert machine["cores"] >= 1 and machine["cpu"]


def test_load_timed_times_each_stage(assistant, settings):  # ``assistant`` first, so the index is built
    loaded, startup = load_timed(settings)
    assert [t.name for t in startup] == ["imports", "model load", "assistant load", "corpus parse", "index load"]
    assert all(_sane(t.samples) for t in startup)
    assert loaded.search("biomedical enterprises", k=1)


def test_tables_name_every_row_and_the_command(result, assistant, questions):
    speed = format_speed(result)
    assert all(name.strip() in speed for name in NAMES) and "p50" in speed and "MiB" in speed
    assert "vs baseline" in speed and "chat --json" in speed
    page = format_benchmarks(result, evaluate(assistant, questions))
    assert "python -m assistant bench --write" in page
    assert "## Speed" in page and "## Quality" in page and "hybrid stage: query embedding" in page
    for mode in ("dense", "bm25", "hybrid"):
        assert f"| {mode} |" in page
    assert "| answer_accuracy |" in page and "Recall@3" in page


def test_time_calls_warms_up_untimed():
    calls = []
    samples = time_calls(calls.append, [1, 2, 3], warmup=2)
    assert calls == [1, 2, 1, 2, 3] and len(samples) == 3 and _sane(samples)


def test_queries_use_the_resolved_form(questions):
    followup = questions[1]
    assert queries_of([followup]) == [followup.resolved or followup.question]


# -- a new PDF to its first answer ------------------------------------------------------------------------------------
PAPERS = ROOT.parent / "shared" / "papers"
PDF_ROWS = ["new PDF: ingest", "new PDF: model load", "new PDF: embed", "new PDF: index build", "new PDF: first answer",
            "new PDF: total"]


def test_a_missing_pdf_is_skipped_with_a_note(settings, tmp_path):
    timings, notes = measure_new_pdf(settings, tmp_path / "missing.pdf")
    assert timings == [] and len(notes) == 1 and "skipped" in notes[0] and "bench --pdf" in notes[0]


def test_a_new_pdf_is_read_indexed_and_answered_in_one_new_process(assistant, settings, result):
    timings, notes = measure_new_pdf(settings, PAPERS / "timedep.pdf")  # ``assistant``: the shipped index exists
    assert notes == [] and [t.name for t in timings] == PDF_ROWS
    assert all(_sane(t.samples) and len(t.samples) == 1 for t in timings)
    assert "timedep.pdf (30 pages)" in timings[0].what and "sentences, alone and in context" in timings[2].what
    with_pdf = dataclasses.replace(result, timings=(*result.timings, *timings))
    data = result_json(with_pdf)
    assert data["timings"]["new PDF: total"]["bar_ms"] == 30_000.0
    assert data["timings"]["new PDF: total"]["passed"] in (True, False)
    assert "a new PDF, timedep.pdf (30 pages), to its first answer" in format_speed(with_pdf)

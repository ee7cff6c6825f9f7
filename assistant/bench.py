"""The speed benchmark: build, start-up, retrieval and answer latency on this machine, with the quality report.

``python -m assistant bench`` prints the table; ``--json`` one JSON object; ``--write`` regenerates BENCHMARKS.md
(speed plus the quality benchmark of :mod:`assistant.evaluate`). Every figure is wall-clock ``time.perf_counter``.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from .config import ROOT, Settings
from .dialogue import Conversation
from .embed import SentenceTransformerEmbedder, export_query_model, load_embedder
from .errors import AssistantError
from .evaluate import Question, Report, evaluate, load_questions
from .index import build_index, load_index
from .ingest import load_corpus
from .pipeline import Assistant

log = logging.getLogger(__name__)

BENCHMARKS = ROOT / "BENCHMARKS.md"
COLD_QUESTION = "How many biomedical enterprises were there in 2017?"
# Bars on the median (ms) from the issues; rows without a bar are reported only.
BARS_MS = {"index build": 5000.0, "retrieval hybrid": 20.0, "answer": 50.0}
# Bars on ratios of medians (issue 13): ours / the bare sentence-transformers recipe, measured in the same run.
RATIO_BARS = {"warm_answer_over_baseline_p50": 0.7, "cold_start_over_baseline_p50": 0.2}
# The bare recipe the issue compares a cold start with: a new process that imports sentence-transformers, loads the
# model and encodes one query.
COLD_BASELINE = """import sys
from sentence_transformers import SentenceTransformer
model = SentenceTransformer(sys.argv[1], device="cpu", local_files_only=True)
vector = model.encode([sys.argv[2]], normalize_embeddings=True)
print(vector.shape[1])
"""
# A new paper's time to its first answer (issue 12): a ~25-page PDF, read, indexed and asked in one new process.
NEW_PDF = ROOT.parent / "shared" / "papers" / "crq.pdf"
"""The default paper of the new-PDF rows (26 pages, the development paper closest to 25); ``bench --pdf PATH``."""
NEW_PDF_QUESTION = "What does the paper conclude?"
NEW_PDF_BAR_MS = 30_000.0
# what each row of the new-PDF group reads from the child's log (``-v``): the stages time themselves
_PDF_STAGES = {
    "ingest": re.compile(r"assistant\.library: read .*: (?P<pages>\d+) pages in (?P<s>[\d.]+) s"),
    "model load": re.compile(r"assistant\.embed: loaded embedding model .* in (?P<s>[\d.]+) s"),
    "embed": re.compile(r"assistant\.index: embedded (?P<sentences>\d+) sentences, alone and in context, for (?P<chunks>\d+) "
                        r"chunks in (?P<s>[\d.]+) s"),
    "index build": re.compile(r"assistant\.index: built and saved the index in (?P<s>[\d.]+) s"),
    "loaded": re.compile(r"assistant\.pipeline: loaded .* in (?P<s>[\d.]+) s"),
}
# The issues' quality targets: (metric, ">=" or "<=", value).
QUALITY_BARS = {"answer_accuracy": (">=", 0.90), "abstention_recall": (">=", 0.90), "false_abstention": ("<=", 0.05),
                "followup_resolution": (">=", 0.90), "computation_exactness": (">=", 0.95),
                "quote_faithfulness": (">=", 1.0)}


@dataclass(frozen=True, kw_only=True)
class Timing:
    """Repeated wall-clock measurements of one operation, in seconds."""

    name: str
    samples: tuple[float, ...]
    what: str = ""

    def ms(self, q: float) -> float:
        return float(np.percentile(self.samples, q)) * 1000.0

    @property
    def passed(self) -> bool | None:
        bar = bar_ms(self.name)
        return None if bar is None else self.ms(50) < bar


def bar_ms(name: str) -> float | None:
    """The bar on a row's median, if it has one."""
    from .bench_ui import FRESH_TAB, FRESH_TAB_BAR_MS

    if name == FRESH_TAB:
        return FRESH_TAB_BAR_MS
    return NEW_PDF_BAR_MS if name == "new PDF: total" else BARS_MS.get(name)


@dataclass(frozen=True, kw_only=True)
class BenchResult:
    machine: dict[str, Any]
    timings: tuple[Timing, ...]
    peak_rss_mib: float
    ask_peak_rss_mib: float
    notes: tuple[str, ...] = field(default_factory=tuple)

    def timing(self, name: str) -> Timing:
        return next(t for t in self.timings if t.name == name)


def time_calls(fn: Callable[[Any], object], items: Sequence[Any], *, warmup: int = 0) -> tuple[float, ...]:
    """Call ``fn`` on the first ``warmup`` items untimed, then time one call per item."""
    for item in items[:warmup]:
        fn(item)
    samples = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        samples.append(time.perf_counter() - started)
    return tuple(samples)


def load_timed(settings: Settings) -> tuple[Assistant, list[Timing]]:
    """Load the Assistant, timing the whole ``Assistant.load`` and its parts, then (for the baseline and builds) the
    torch + sentence-transformers imports and a model load, which the Assistant itself does not need."""
    def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
        started = time.perf_counter()
        return fn(), time.perf_counter() - started

    assistant, total = timed(lambda: Assistant.load(settings))
    if assistant.status.state != "loaded":
        log.warning("index %s before the benchmark", assistant.status.state)
    _, imports = timed(lambda: [importlib.import_module(m) for m in ("torch", "sentence_transformers")])
    _, model = timed(lambda: load_embedder(settings.embed))  # the first load in the process; dropped after
    _, corpus = timed(lambda: load_corpus(settings.corpus_dir))
    index = time_calls(lambda _: load_index(settings.index_dir, document=assistant.document,
                                            embedder=assistant.embedder, settings=settings.chunk), [None] * 3)
    return assistant, [
        Timing(name="imports", samples=(imports,), what="import torch + sentence-transformers (builds and baselines only)"),
        Timing(name="model load", samples=(model,), what="load all-MiniLM-L6-v2 with sentence-transformers, after the imports"),
        Timing(name="assistant load", samples=(total,), what="Assistant.load: corpus + index + ONNX query model + facts"),
        Timing(name="corpus parse", samples=(corpus,), what="read the paper into pages, sections, sentences"),
        Timing(name="index load", samples=index, what="verify checksums, read FAISS + chunks + ONNX model, probe it, rebuild BM25"),
    ]


def measure_build(assistant: Assistant, builder: SentenceTransformerEmbedder, *, runs: int = 3) -> list[Timing]:
    """``build_index`` (chunk, embed every chunk and sentence, FAISS + BM25) with the model already loaded, and the
    export of the ONNX query model that a build adds."""
    samples = time_calls(lambda _: build_index(assistant.document, builder, assistant.settings.chunk), [None] * runs)
    export = time_calls(lambda _: export_query_model(builder), [None] * runs)
    return [Timing(name="index build", samples=samples,
                   what="chunk + embed sentences (alone, in context) + pool chunks + FAISS + BM25"),
            Timing(name="query model export", samples=export, what="torch.onnx.export of the model, done at each build")]


def _child_env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "ASSISTANT_CORPUS": str(settings.corpus_dir),
            "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_MODEL_DIR": str(settings.embed.model_dir)}


def measure_cold_start(settings: Settings, *, runs: int = 3, question: str = COLD_QUESTION
                       ) -> tuple[list[Timing], float, list[str]]:
    """``python -m assistant ask QUESTION --json`` as a fresh process (index already built), process start included,
    taking turns with the baseline: a fresh process that imports sentence-transformers, loads the model and encodes
    the question.

    Returns both timings, the ``ask`` child's peak resident memory in MiB (``VmHWM``, polled) and notes on anything
    odd."""
    env = _child_env(settings)
    command = [sys.executable, "-m", "assistant", "ask", question, "--json"]
    baseline = [sys.executable, "-c", COLD_BASELINE, str(settings.embed.model_dir), question]
    samples, peaks, notes, base = [], [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(baseline, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
        base.append(time.perf_counter() - started)
        if done.returncode != 0 or not done.stdout.strip().isdigit():
            raise AssistantError(f"The cold-start baseline failed ({done.returncode}): {done.stderr.strip()[-300:]}")
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        peak = [0]
        watcher = threading.Thread(target=_watch_peak, args=(child, peak), daemon=True)
        watcher.start()
        try:
            out, err = child.communicate(timeout=600)
        except subprocess.TimeoutExpired as exc:
            child.kill()
            child.communicate()
            raise AssistantError(f"The cold-start run {' '.join(command[1:])!r} took over 600 s; run it by hand to "
                                 "see where it hangs") from exc
        samples.append(time.perf_counter() - started)
        watcher.join()
        peaks.append(peak[0] / 1024.0)
        code = child.returncode
        if code != 0:
            raise AssistantError(f"The cold-start run {' '.join(command[1:])!r} failed ({code}): {err.strip()[-300:]}; "
                                 "run it by hand to see why")
        if not out.lstrip().startswith("{") or "answer" not in json.loads(out):
            raise AssistantError(f"The cold-start run printed no answer: {out[:200]!r}")
        if "rebuilding" in err:
            notes.append("a cold-start run rebuilt the index (it was stale), so it includes a build")
    timings = [Timing(name="cold start", samples=tuple(samples), what=f"new process: `ask {question!r} --json`"),
               Timing(name="cold baseline", samples=tuple(base),
                      what="new process: import sentence-transformers, load the model, encode the question")]
    return timings, round(max(peaks), 1), notes


def _watch_peak(child: subprocess.Popen, peak: list[int]) -> None:
    """Poll the child's high-water resident set (``VmHWM``, KiB) until it exits."""
    status = Path(f"/proc/{child.pid}/status")
    while child.returncode is None:
        try:
            line = next(l for l in status.read_text().splitlines() if l.startswith("VmHWM:"))
            peak[0] = max(peak[0], int(line.split()[1]))
        except (OSError, StopIteration, ValueError):
            pass
        time.sleep(0.02)


def measure_new_pdf(settings: Settings, pdf: Path, *, question: str = NEW_PDF_QUESTION
                    ) -> tuple[list[Timing], list[str]]:
    """``python -m assistant -v chat --json --paper PDF`` in a new process, one question, with a library and a cache
    directory of its own: the paper is parsed, its facts checked, its lexicon derived and its index built anew (the
    machine's WordNet table, derived once at set-up, is shared; the shipped paper's index is where it always is).
    The stages time themselves and log it; the total is this process's clock from the start to the JSON answer, and
    the first answer the time from the log's "loaded" line to it. Returns the timings (none if the file is missing)
    and notes."""
    pdf = Path(pdf)
    if not pdf.is_file():
        return [], [f"new-PDF rows skipped: no file {str(pdf)!r} (pass `bench --pdf PATH`)"]
    from .language.wordnet import cache_dir

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as scratch:
        library, cache = Path(scratch) / "library", Path(scratch) / "cache"
        cache.mkdir()
        shared = cache_dir()
        for entry in sorted(shared.iterdir()) if shared.is_dir() else []:
            if entry.name not in ("lexicons", "checks"):  # per-paper data is made anew
                (cache / entry.name).symlink_to(entry)
        env = {**_child_env(settings), "ASSISTANT_LIBRARY": str(library), "ASSISTANT_CACHE_DIR": str(cache)}
        lines: list[tuple[float, str]] = []
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "assistant", "-v", "chat", "--json", "--paper", str(pdf)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 bufsize=1, cwd=ROOT, env=env)
        reader = threading.Thread(target=lambda: lines.extend((time.perf_counter(), line) for line in child.stderr),
                                  daemon=True)
        reader.start()
        watchdog = threading.Timer(900, child.kill)  # a hung child ends the measurement, not the benchmark
        watchdog.start()
        try:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(question + "\n")
            child.stdin.close()
            reply = child.stdout.readline()
            answered = time.perf_counter()
            child.wait(timeout=600)
            reader.join(timeout=10)
        finally:
            watchdog.cancel()
    if not reply.lstrip().startswith("{") or "answer" not in json.loads(reply):
        raise AssistantError(f"`chat --json --paper {pdf.name}` gave no answer ({child.returncode}): "
                             f"{''.join(l for _, l in lines)[-300:]}; run it by hand to see why")
    found = {}
    for at, line in lines:
        for stage, pattern in _PDF_STAGES.items():
            if stage not in found and (m := pattern.search(line)):
                found[stage] = (at, m)
    missing = [stage for stage in _PDF_STAGES if stage not in found]
    if missing:
        return [], [f"new-PDF rows skipped: the run's log lacks {', '.join(missing)} (was the paper indexed already?)"]
    ingest, embed = found["ingest"][1], found["embed"][1]
    seconds = {stage: float(m["s"]) for stage, (_, m) in found.items()}
    name = f"{pdf.name} ({ingest['pages']} pages)"
    timings = [
        Timing(name="new PDF: ingest", samples=(seconds["ingest"],),
               what=f"parse {name} in a child process into the Document"),
        Timing(name="new PDF: model load", samples=(seconds["model load"],),
               what="import torch + sentence-transformers and load the model, on a thread from the parse on"),
        Timing(name="new PDF: embed", samples=(seconds["embed"],),
               what=f"embed its {embed['sentences']} sentences, alone and in context (sentence-transformers); "
                    f"its {embed['chunks']} chunks pool them"),
        Timing(name="new PDF: index build", samples=(seconds["index build"],),
               what="chunk, lexicon + BM25, wait for the model, embed, FAISS, query model (reused), save"),
        Timing(name="new PDF: first answer", samples=(answered - found["loaded"][0],),
               what=f"from the paper loaded to the JSON answer to {question!r}"),
        Timing(name="new PDF: total", samples=(answered - started,),
               what=f"new process `chat --json --paper {pdf.name}` to its first answer (fresh library and caches)"),
    ]
    return timings, []


def queries_of(questions: Sequence[Question]) -> list[str]:
    return [q.resolved or q.question for q in questions]


def measure_retrieval(assistant: Assistant, queries: Sequence[str], *, warmup: int = 5,
                      baseline: SentenceTransformerEmbedder | None = None) -> list[Timing]:
    """Warm ``search(q, k=5, mode)`` for hybrid, dense and BM25, and each stage of hybrid alone; with ``baseline``,
    also the bare recipe ours is compared with: sentence-transformers (torch) encodes the query, FAISS searches the
    same chunk vectors. The operations take turns on every query, so a burst of load from another process hits them
    all alike."""
    r = assistant.retriever
    inputs = [(q, v, r.dense_scores(v), r.index.lexical.scores(q)) for q, v in ((q, r.encode(q)) for q in queries)]
    bare = {} if baseline is None else {
        "baseline dense": ((lambda q, v, d, l: r.index.dense.search(baseline.encode([q]), 5)),
                           "bare recipe: sentence-transformers (torch) encodes q + FAISS IndexFlatIP top 5"),
    }
    ops: dict[str, tuple[Callable[..., object], str]] = {**bare,
        **{f"retrieval {mode}": ((lambda q, v, d, l, mode=mode: assistant.search(q, k=5, mode=mode)),
                                 f"search(q, k=5, mode={mode!r})") for mode in ("hybrid", "dense", "bm25")},
        "  query embedding": (lambda q, v, d, l: r.encode(q), "embed the query (MiniLM, 1 text)"),
        "  dense scoring": (lambda q, v, d, l: r.dense_scores(v), "FAISS over chunks + sentences, max per chunk"),
        "  bm25 scoring": (lambda q, v, d, l: r.index.lexical.scores(q), "analyze the query + BM25 over chunks"),
        "  fusion": (lambda q, v, d, l: r.rank(d, l, k=5), "RRF + top-k hits"),
    }
    samples: dict[str, list[float]] = {name: [] for name in ops}
    for n, args in enumerate([*inputs[:warmup], *inputs]):
        for name, (fn, _) in ops.items():
            r.forget_query()
            started = time.perf_counter()
            fn(*args)
            if n >= min(warmup, len(inputs)):
                samples[name].append(time.perf_counter() - started)
    return [Timing(name=name, samples=tuple(samples[name]), what=what) for name, (_, what) in ops.items()]


def measure_chat(settings: Settings, questions: Sequence[Question], *, warmup: int = 3) -> Timing:
    """Warm answers through ``python -m assistant chat --json`` (one process, one question per line): from writing
    the question to reading its JSON line. Each question starts a new conversation (``/new``) whose history turns are
    replayed first, untimed."""
    child = subprocess.Popen([sys.executable, "-m", "assistant", "chat", "--json"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1, cwd=ROOT,
                             env=_child_env(settings))

    def send(line: str) -> dict:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(line + "\n")
        child.stdin.flush()
        reply = child.stdout.readline()
        if not reply:
            raise AssistantError(f"`chat --json` ended before answering {line!r}; run it by hand to see why")
        return json.loads(reply)

    samples = []
    try:
        for q in questions[:warmup]:
            send(q.question)
        for q in questions:
            send("/new")
            for turn in q.history:
                send(turn)
            started = time.perf_counter()
            reply = send(q.question)
            samples.append(time.perf_counter() - started)
            if "answer" not in reply:
                raise AssistantError(f"`chat --json` gave no answer to {q.question!r}: {str(reply)[:200]}")
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(timeout=60)
    return Timing(name="answer (chat --json)", samples=tuple(samples),
                  what="the same through `chat --json` in another process: write the line, read the JSON answer")


def measure_answers(assistant: Assistant, questions: Sequence[Question], *, warmup: int = 3) -> Timing:
    """Warm ``ask`` with a fresh Conversation per question; its history turns are replayed first, untimed."""
    for q in questions[:warmup]:
        assistant.ask(q.question)
    samples = []
    for q in questions:
        conversation = Conversation()
        for turn in q.history:
            assistant.ask(turn, conversation)
        started = time.perf_counter()
        assistant.ask(q.question, conversation)
        samples.append(time.perf_counter() - started)
    return Timing(name="answer", samples=tuple(samples), what="ask(q) end to end: resolve, retrieve, compose")


def peak_rss_mib() -> float:
    """Peak resident memory of this process (``ru_maxrss``, KiB on Linux) in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _cpu_usage() -> tuple[float, float, float] | None:
    """(wall clock, busy CPU seconds of the whole machine, CPU seconds of this process and its children)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    busy = sum(fields[:8]) - fields[3] - fields[4]  # everything but idle and iowait
    return time.perf_counter(), busy / os.sysconf("SC_CLK_TCK"), sum(os.times()[:4])


def _others_cores(start: tuple[float, float, float] | None) -> float | None:
    """Average number of cores other processes used since ``start``."""
    end = _cpu_usage()
    if start is None or end is None:
        return None
    wall, busy, own = (b - a for a, b in zip(start, end))
    return round(max(0.0, (busy - own) / wall), 2)


def machine_info() -> dict[str, Any]:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu, "cores": os.cpu_count(),
            "python": platform.python_version(), **{p: _version(p) for p in ("torch", "faiss-cpu", "sentence-transformers", "onnxruntime")}}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def collect(assistant: Assistant, *, questions: Sequence[Question] | None = None, build_runs: int = 3,
            cold_runs: int = 3, startup: Sequence[Timing] = (), warmup: int = 5, pdf: Path | None = None,
            tab_runs: int = 0) -> BenchResult:
    """Run every measurement against a loaded ``assistant``; ``startup`` are the timings of its loading; ``pdf``: the
    new paper whose time to a first answer is measured (None: not measured); ``tab_runs``: fresh browser tabs of the
    Streamlit app timed to their chat input (0: not measured)."""
    questions = list(questions if questions is not None else load_questions())
    log.info("cold start x%d (and its baseline)", cold_runs)
    usage = _cpu_usage()
    cold, ask_peak, notes = measure_cold_start(assistant.settings, runs=cold_runs)
    new_pdf: list[Timing] = []
    if pdf is not None:
        log.info("a new PDF to its first answer: %s", pdf)
        new_pdf, pdf_notes = measure_new_pdf(assistant.settings, pdf)
        notes += pdf_notes
    log.info("index build x%d", build_runs)
    builder = load_embedder(assistant.settings.embed)  # sentence-transformers: builds and the baseline
    timings = [*measure_build(assistant, builder, runs=build_runs), *cold, *startup]
    log.info("retrieval and answers over %d questions", len(questions))
    timings += measure_retrieval(assistant, queries_of(questions), warmup=warmup, baseline=builder)
    timings.append(measure_answers(assistant, questions, warmup=min(warmup, 3)))
    timings.append(measure_chat(assistant.settings, questions, warmup=min(warmup, 3)))
    timings += new_pdf
    if tab_runs:
        from .bench_ui import FLOOR, FRESH_TAB, measure_fresh_tab

        log.info("fresh browser tabs of the app x%d", tab_runs)
        tabs, tab_notes = measure_fresh_tab(runs=tab_runs)
        notes += tab_notes
        what = {FRESH_TAB: "`streamlit run` of the app warmed by one page load, then a new Chromium tab each: "
                           "navigation to the chat input visible",
                FLOOR: "the same for a bare Streamlit page holding only a chat input (the floor no app goes below)"}
        timings += [Timing(name=name, samples=samples, what=what[name]) for name, samples in tabs.items()]
    others = _others_cores(usage)
    machine = {**machine_info(), "other_processes_cores": others}
    if others is not None and others > 0.2:
        notes.append(f"other processes kept {others:.2f} of the {os.cpu_count()} cores busy on average during the run: "
                     "latencies are pessimistic (torch's threads suffer most when they share the cores)")
    return BenchResult(machine=machine, timings=tuple(timings), peak_rss_mib=round(peak_rss_mib(), 1),
                       ask_peak_rss_mib=ask_peak, notes=tuple(notes))


def result_json(result: BenchResult) -> dict[str, Any]:
    """The one JSON form of a result (milliseconds)."""
    hybrid, dense = result.timing("retrieval hybrid"), result.timing("retrieval dense")
    return {
        "machine": result.machine,
        "timings": {t.name.strip(): {"runs": len(t.samples), "p50_ms": round(t.ms(50), 3), "p95_ms": round(t.ms(95), 3),
                                     "max_ms": round(t.ms(100), 3), "bar_ms": bar_ms(t.name), "passed": t.passed,
                                     "what": t.what} for t in result.timings},
        "hybrid_over_dense_p50": round(hybrid.ms(50) / dense.ms(50), 3),
        **{name: round(value, 3) for name, value in ratios(result).items()},
        "peak_rss_mib": result.peak_rss_mib, "ask_peak_rss_mib": result.ask_peak_rss_mib,
        "notes": list(result.notes),
    }


def ratios(result: BenchResult) -> dict[str, float]:
    """Issue 13's two ratios of medians, each over its baseline from the same run."""
    return {"warm_answer_over_baseline_p50": result.timing("answer (chat --json)").ms(50) / result.timing("baseline dense").ms(50),
            "cold_start_over_baseline_p50": result.timing("cold start").ms(50) / result.timing("cold baseline").ms(50)}


def ratio_lines(result: BenchResult) -> list[str]:
    r = ratios(result)
    rows = [("warm answer through `chat --json`", "answer (chat --json)", "baseline dense", "warm_answer_over_baseline_p50"),
            ("cold `ask --json` to the first answer", "cold start", "cold baseline", "cold_start_over_baseline_p50")]
    return [f"{label}: {_fmt(result.timing(ours).ms(50))} vs baseline {_fmt(result.timing(base).ms(50))} "
            f"({result.timing(base).what}) = {r[key]:.2f}x (bar <= {RATIO_BARS[key]}x: "
            f"{'ok' if r[key] <= RATIO_BARS[key] else 'MISS'})" for label, ours, base, key in rows]


def _fmt(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms" if ms >= 1 else f"{ms * 1000:.0f} µs"


def speed_rows(result: BenchResult) -> list[tuple[str, ...]]:
    rows = [("measurement", "runs", "p50", "p95", "max", "bar (p50)", "status", "what")]
    for t in result.timings:
        bar = bar_ms(t.name)
        rows.append((t.name, str(len(t.samples)), _fmt(t.ms(50)), _fmt(t.ms(95)), _fmt(t.ms(100)),
                     f"< {_fmt(bar)}" if bar else "", {True: "ok", False: "MISS", None: ""}[t.passed], t.what))
    return rows


def new_pdf_line(result: BenchResult) -> list[str]:
    """The new-PDF group in one line (none when it was not measured)."""
    rows = {t.name.removeprefix("new PDF: "): t for t in result.timings if t.name.startswith("new PDF: ")}
    if "total" not in rows:
        return []
    total = rows["total"]
    parts = ", ".join(f"{stage} {_fmt(rows[stage].ms(50))}" for stage in ("ingest", "model load", "embed", "index build",
                                                                           "first answer"))
    paper = re.sub(r"^parse (.*) in a child process.*$", r"\1", rows["ingest"].what)
    return [f"a new PDF, {paper}, to its first answer through "
            f"`chat --json --paper`: {_fmt(total.ms(50))} ({parts}; the model loads during the parse and the "
            f"embedding is part of the index build) (bar < {_fmt(NEW_PDF_BAR_MS)}: "
            f"{'ok' if total.passed else 'MISS'})"]


def summary_lines(result: BenchResult) -> list[str]:
    data = result_json(result)
    m = result.machine
    return [*ratio_lines(result), *new_pdf_line(result), f"hybrid / dense retrieval p50: {data['hybrid_over_dense_p50']:.2f}x",
            f"peak memory (ru_maxrss): benchmark process {result.peak_rss_mib:.0f} MiB, "
            f"cold-start `ask` process {result.ask_peak_rss_mib:.0f} MiB (VmHWM)",
            f"machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, torch {m['torch']}, "
            f"faiss {m['faiss-cpu']}, sentence-transformers {m['sentence-transformers']}, onnxruntime {m.get('onnxruntime')}; "
            f"{m['date']}; other processes "
            f"used {m.get('other_processes_cores')} cores on average during the run",
            *(f"note: {n}" for n in result.notes)]


def format_speed(result: BenchResult) -> str:
    rows = speed_rows(result)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c.ljust(w) if i in (0, 6) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) + "  " + r[-1]
             for r in rows]
    return "\n".join([*lines, "", *summary_lines(result)])


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    return [f"| {' | '.join(rows[0])} |", f"|{'|'.join('---' for _ in rows[0])}|", *(f"| {' | '.join(r)} |" for r in rows[1:])]


def format_benchmarks(result: BenchResult, report: Report) -> str:
    """BENCHMARKS.md: the speed table and the quality report."""
    m = result.machine
    speed = [(f"hybrid stage: {r[0].strip()}" if r[0].startswith("  ") else r[0], *r[1:]) for r in speed_rows(result)]
    retrieval = [("mode", "n", "Recall@1", "Recall@3", "Recall@5", "MRR")] + [
        (mode, str(r["n"]), f"{r['recall@1']:.3f}", f"{r['recall@3']:.3f}", f"{r['recall@5']:.3f}", f"{r['mrr']:.3f}")
        for mode, r in report.retrieval.items()]
    types = [("type", "n", "accuracy", "verbatim quotes")] + [
        (kind, str(r["n"]), f"{r['accuracy']:.3f}", f"{r['verbatim']:.3f}") for kind, r in report.by_type.items()]
    overall = [("metric", "value", "target")] + [
        (name, f"{value:.4g}", " ".join(map(str, QUALITY_BARS.get(name, ("",))))) for name, value in report.overall.items()]
    return "\n".join([
        "# Benchmarks", "",
        "Regenerate this file with `python -m assistant bench --write` (speed and quality, a few minutes); "
        "`python -m assistant bench` prints the speed table only, `python -m assistant eval` the quality report with "
        "its failures.", "",
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} cores; Python {m['python']}, torch {m['torch']}, "
        f"faiss-cpu {m['faiss-cpu']}, sentence-transformers {m['sentence-transformers']}, onnxruntime {m.get('onnxruntime')}. "
        f"Other processes used "
        f"{m.get('other_processes_cores')} cores on average while the speed benchmark ran.", "",
        "## Speed", "",
        "Wall clock (`time.perf_counter`). Retrieval and answer latency are warm (after a warm-up), one call per "
        "question of `eval/questions.jsonl` (its `resolved` form for retrieval); the 'hybrid stage' rows time "
        "each stage of hybrid retrieval alone. Questions are embedded by the ONNX export of the model (ONNX Runtime, "
        "no torch); the 'baseline' rows are the bare sentence-transformers recipes issue 13 compares with, measured in "
        "the same run. The 'new PDF' rows run `chat --json --paper` on a paper the assistant has not seen, in a new "
        "process with a library and caches of its own; each stage is timed by that process (its `-v` log).", "",
        *_table(speed), "", *(f"- {line}" for line in summary_lines(result)[:4 + len(new_pdf_line(result))]),
        *(f"- note: {n}" for n in result.notes), "",
        "## Quality", "",
        f"`evaluate()` over `eval/questions.jsonl` ({report.overall.get('questions', 0)} questions). Retrieval: is the "
        "gold evidence inside a top-k chunk. Floors that fail the build are in `tests/test_eval_floors.py`.", "",
        "### Retrieval", "", *_table(retrieval), "",
        "### Answers by question type", "", *_table(types), "",
        "### Overall", "", *_table(overall), "",
        f"{len(report.failures)} questions failed; `python -m assistant eval` lists them.", "",
    ])


def run_bench(*, as_json: bool = False, write: bool = False, settings: Settings | None = None,
              path: Path = BENCHMARKS, pdf: Path | None = NEW_PDF, tab_runs: int = 5) -> int:
    """The ``bench`` command: measure, print the table (or JSON), and with ``write`` regenerate BENCHMARKS.md; ``pdf``
    is the new paper of the time-to-first-answer rows (skipped with a note when the file is missing; None: not
    measured); ``tab_runs`` fresh browser tabs of the app are timed to their chat input (0: not measured)."""
    settings = settings or Settings()
    assistant, startup = load_timed(settings)
    result = collect(assistant, startup=startup, pdf=pdf, tab_runs=tab_runs)
    if as_json:
        sys.stdout.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
    else:
        print(format_speed(result))
    if write:
        log.info("quality benchmark")
        path.write_text(format_benchmarks(result, evaluate(assistant)), encoding="utf-8")
        if not as_json:
            print(f"\nwrote {path}")
    return 0


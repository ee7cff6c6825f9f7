"""The quality benchmark: retrieval and answer metrics over question sets.

Two kinds of set live in ``eval/``:

- ``eval/questions.jsonl``: the team's own questions about the shipped paper (the set the engine was built with;
  reported as the ``seed`` set);
- ``eval/blind/<paper>.jsonl``: questions written blind by someone who saw only the paper, each row tagged
  ``"split": "dev"`` (tuned on) or ``"split": "test"`` (run rarely, never tuned on), and with a ``class`` naming what
  it exercises (synonym, abbreviation_typo, direction, near_miss, ...). ``zhou-wang-2019.jsonl`` is about the
  shipped paper; the others are about the development PDFs.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import ROOT
from .dialogue import Conversation
from .pipeline import Assistant
from .retrieve import MODES
from .types import Answer
from .units import SCALES, scale_in

QUESTIONS = ROOT / "eval" / "questions.jsonl"
BLIND = ROOT / "eval" / "blind"
SHIPPED_BLIND = BLIND / "zhou-wang-2019.jsonl"
SPLITS = ("dev", "test")
BLIND_PAPERS = BLIND / "papers.json"


def blind_paper(name: str) -> Path:
    """The PDF a blind set of ``eval/blind/papers.json`` is about (paths relative to the repository)."""
    papers = json.loads(BLIND_PAPERS.read_text(encoding="utf-8"))
    if name not in papers:
        raise KeyError(f"no development paper {name!r} in {BLIND_PAPERS}; known: {', '.join(papers)}")
    return (ROOT / papers[name]).resolve()
ANSWERABLE = ("factual", "numeric", "list", "summary", "computation", "followup")


@dataclass(frozen=True, kw_only=True)
class Question:
    id: str
    type: str
    question: str
    history: tuple[str, ...]
    resolved: str | None
    page: int | None
    section: str | None
    evidence: tuple[str, ...]
    expect: tuple[str, ...]
    abstain: bool
    value: float | None
    unit: str | None
    split: str = "seed"
    cls: str = ""


def load_questions(path: Path = QUESTIONS, *, split: str | None = None) -> list[Question]:
    """The questions of one file; ``split`` keeps only the rows of that split (``dev``/``test``; ``seed`` rows have
    none)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        gold = row.get("gold") or {}
        evidence = tuple(e for e in [gold.get("evidence"), *row.get("evidence_more", [])] if e)
        out.append(Question(
            id=row["id"], type=row["type"], question=row["question"], history=tuple(row.get("history") or ()),
            resolved=row.get("resolved"), page=gold.get("page"), section=gold.get("section"), evidence=evidence,
            expect=tuple(row.get("expect") or ()), abstain=bool(row.get("abstain")), value=row.get("value"),
            unit=row.get("unit"), split=row.get("split", "seed"), cls=row.get("class", ""),
        ))
    return [q for q in out if split is None or q.split == split]


@dataclass
class Report:
    retrieval: dict[str, dict[str, float]] = field(default_factory=dict)
    by_type: dict[str, dict[str, Any]] = field(default_factory=dict)
    overall: dict[str, float] = field(default_factory=dict)
    by_class: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)


def _norm(text: str) -> str:
    """Case, spacing, compatibility forms and thousands separators folded ("2,406.20" and "2406.20" match)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _evidence_spans(assistant: Assistant, q: Question) -> list[tuple[int, int]]:
    """Where each evidence string is in the paper's text (exactly, else with spacing and end-of-line hyphens folded,
    within a paragraph)."""
    text = assistant.document.text
    spans = []
    for evidence in q.evidence:
        start = text.find(evidence)
        if start >= 0:
            spans.append((start, start + len(evidence)))
            continue
        words = [re.escape(w) for w in re.split(r"[\s\-‐]+", evidence) if w]
        match = re.search(r"[ \t]*[-‐]?[ \t]*".join(words), text) if words else None  # not across paragraphs
        if match:
            spans.append(match.span())
    return spans


def evaluate_retrieval(assistant: Assistant, questions: list[Question], *, k: int = 5) -> dict[str, dict[str, float]]:
    """Recall@1/3/5 and MRR of the chunk holding the gold evidence, per retrieval mode."""
    out = {}
    for mode in MODES:
        ranks = []
        for q in questions:
            spans = _evidence_spans(assistant, q)[:1]
            if q.abstain or not spans or q.type == "summary":  # a summary has no single gold passage
                continue
            query = q.resolved or q.question
            hits = assistant.search(query, k=k, mode=mode)
            start, end = spans[0]
            rank = next((h.rank for h in hits if h.chunk.start <= start and end <= h.chunk.end), math.inf)
            ranks.append(rank)
        n = len(ranks) or 1
        out[mode] = {
            "n": len(ranks),
            **{f"recall@{c}": round(sum(r <= c for r in ranks) / n, 4) for c in (1, 3, 5)},
            "mrr": round(sum(1 / r for r in ranks if r != math.inf) / n, 4),
        }
    return out


def judge(assistant: Assistant, q: Question, answer: Answer) -> dict[str, Any]:
    """Whether one answer is right, cites the right page, quotes verbatim, and computes the right value."""
    text = _norm(answer.text + " " + (answer.computation.sentence if answer.computation else ""))
    spans = _evidence_spans(assistant, q)
    verbatim = all(assistant.document.text[c.start:c.end] == c.quote and c.quote for c in (*answer.citations, *answer.related))
    inputs = [op.citation for op in answer.computation.inputs if op.citation] if answer.computation else []
    cited = [*answer.citations, *inputs]
    verbatim = verbatim and all(assistant.document.text[c.start:c.end] == c.quote for c in inputs)
    if q.abstain:
        return {"correct": answer.abstained, "verbatim": verbatim, "supported": None, "exact": None}
    has_facts = all(_norm(e) in text for e in q.expect)
    right_page = q.page is None or any(c.page == q.page or q.page in c.pages for c in cited)
    supported = [
        any(c.start < e and s < c.end for s, e in spans) or any(_norm(x) in _norm(c.quote) for x in q.expect)
        for c in cited
    ]
    exact = None
    if q.type == "computation" and q.value is not None:
        exact = answer.computation is not None and _same_value(answer.computation, q)
        has_facts = has_facts or exact  # a computed 289 is the gold "289.00": the value is checked, not its digits
    correct = (not answer.abstained) and has_facts and right_page and (exact is not False)
    return {"correct": correct, "verbatim": verbatim, "supported": supported, "exact": exact,
            "has_facts": has_facts, "right_page": right_page}


def _same_value(computation, q: Question) -> bool:
    """The computed value equals the gold one to two decimals, read in the gold unit's scale if it names one
    ("billion yuan") and the computation is in base units, or as printed."""
    if round(computation.value, 2) == round(q.value, 2):
        return True
    scale = scale_in(q.unit or "")
    return bool(scale) and round(computation.value / SCALES[scale], 2) == round(q.value, 2)


def evaluate(assistant: Assistant, questions: list[Question] | None = None) -> Report:
    questions = questions if questions is not None else load_questions()
    report = Report(retrieval=evaluate_retrieval(assistant, questions))
    buckets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    classes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in questions:
        conversation = Conversation()
        for turn in q.history:
            assistant.ask(turn, conversation)
        answer = assistant.ask(q.question, conversation)
        verdict = judge(assistant, q, answer)
        verdict.update(id=q.id, type=q.type, abstained=answer.abstained, gold_abstain=q.abstain)
        buckets[q.type].append(verdict)
        if q.cls:
            classes[q.cls].append(verdict)
        if not verdict["correct"] or not verdict["verbatim"]:
            report.failures.append({"id": q.id, "type": q.type, "class": q.cls, "question": q.question,
                                    "resolved": answer.resolved_question, "expect": list(q.expect),
                                    "page": q.page, "answer": answer.text[:300],
                                    "cited_pages": [c.page for c in answer.citations],
                                    **{k: verdict.get(k) for k in ("has_facts", "right_page", "exact")}})
    every = [v for vs in buckets.values() for v in vs]
    for kind, verdicts in sorted(buckets.items()):
        report.by_type[kind] = _summary(verdicts)
    for cls, verdicts in sorted(classes.items()):
        report.by_class[cls] = _summary(verdicts)
    answerable = [v for v in every if not v["gold_abstain"]]
    oos = [v for v in every if v["gold_abstain"]]
    abstained = [v for v in every if v["abstained"]]
    supported = [s for v in every for s in (v["supported"] or [])]
    exact = [v["exact"] for v in every if v["exact"] is not None]
    report.overall = {
        "questions": len(every),
        "answer_accuracy": _ratio(sum(v["correct"] for v in answerable), len(answerable)),
        "quote_faithfulness": _ratio(sum(v["verbatim"] for v in every), len(every)),
        "citation_precision": _ratio(sum(supported), len(supported)),
        "abstention_recall": _ratio(sum(v["abstained"] for v in oos), len(oos)),
        "abstention_precision": _ratio(sum(v["gold_abstain"] for v in abstained), len(abstained)),
        "false_abstention": _ratio(sum(v["abstained"] for v in answerable), len(answerable)),
        "computation_exactness": _ratio(sum(exact), len(exact)),
        "followup_resolution": report.by_type.get("followup", {}).get("accuracy", 0.0),
    }
    return report


def _summary(verdicts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"n": len(verdicts), "accuracy": _ratio(sum(v["correct"] for v in verdicts), len(verdicts)),
            "verbatim": _ratio(sum(v["verbatim"] for v in verdicts), len(verdicts))}


def _ratio(a: float, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def format_report(report: Report) -> str:
    lines = ["Retrieval (gold evidence inside a top-k chunk):",
             f"  {'mode':8} {'n':>4} {'R@1':>6} {'R@3':>6} {'R@5':>6} {'MRR':>6}"]
    for mode, m in report.retrieval.items():
        lines.append(f"  {mode:8} {m['n']:>4} {m['recall@1']:>6.3f} {m['recall@3']:>6.3f} {m['recall@5']:>6.3f} {m['mrr']:>6.3f}")
    lines.append("Answers by question type:")
    for kind, m in report.by_type.items():
        lines.append(f"  {kind:13} n={m['n']:>3}  accuracy={m['accuracy']:.3f}  verbatim={m['verbatim']:.3f}")
    if report.by_class:
        lines.append("Answers by class:")
        for cls, m in report.by_class.items():
            lines.append(f"  {cls:17} n={m['n']:>3}  accuracy={m['accuracy']:.3f}")
    lines.append("Overall:")
    lines += [f"  {k:22} {v}" for k, v in report.overall.items()]
    if report.failures:
        lines.append(f"Failures ({len(report.failures)}):")
        for f in report.failures:
            lines.append(f"  [{f['id']}] {f['question']!r} -> {f['answer'][:160]!r} "
                         f"(facts={f['has_facts']}, page={f['right_page']}, exact={f['exact']})")
    return "\n".join(lines)

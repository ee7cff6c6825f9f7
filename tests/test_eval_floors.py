"""Quality floors: the build fails when retrieval or answer quality drops below what was last measured.

The issues' target bars (what "done" means; the same values as ``assistant.bench.QUALITY_BARS``):
  - answer accuracy on answerable questions     >= 0.90
  - abstention on out-of-scope questions        >= 0.90
  - false abstention on answerable questions    <= 0.05
  - follow-ups resolved                         >= 0.90
  - computation exactness                       >= 0.95
  - quotes verbatim (quote faithfulness)        == 1.0
  - hybrid retrieval recall@3                   >= 0.95

The FLOORS below are not those bars. Each is the value MEASURED with ``python -m assistant eval`` minus 0.02, rounded
down to two decimals, and never stricter than its bar (for false abstention, a ceiling: measured + 0.02 rounded up,
never below its bar). Raise a floor when quality improves; lower one only together with the reason in the commit.
"""

import pytest

from assistant.evaluate import BLIND, SHIPPED_BLIND, evaluate, load_questions

# `python -m assistant eval` on 2026-12-01 03:05 UTC, 147 questions: accuracy 0.9297, abstention 0.9474, false
# abstention 0.0, follow-ups 0.9412, computations 1.0, hybrid Recall@3 0.966.
FLOORS = {  # the metric must stay at or above its floor
    "answer_accuracy_floor": ("answer_accuracy", 0.90),  # measured 0.930: held at the bar
    "abstention_recall_floor": ("abstention_recall", 0.90),  # measured 0.947: held at the bar
    "followup_resolution_floor": ("followup_resolution", 0.90),  # measured 0.941: held at the bar
    "computation_exactness_floor": ("computation_exactness", 0.95),  # measured 1.0: held at the bar
}
FALSE_ABSTENTION_CEILING = 0.05  # the metric must stay at or below it; measured 0.0: held at the bar
HYBRID_RECALL_AT_3_FLOOR = 0.95


@pytest.fixture(scope="module")
def report(assistant):
    return evaluate(assistant)


def _failures(report, kind: str | None = None) -> str:
    rows = [f for f in report.failures if kind is None or f["type"] == kind]
    return "; ".join(f"[{f['id']}] {f['question']!r}" for f in rows[:8]) + (" ..." if len(rows) > 8 else "")


def test_quotes_are_verbatim(report):
    assert report.overall["quote_faithfulness"] == 1.0, _failures(report)


def test_hybrid_recall_at_3_floor(report):
    assert report.retrieval["hybrid"]["recall@3"] >= HYBRID_RECALL_AT_3_FLOOR, report.retrieval


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_answer_floor(report, name):
    metric, floor = FLOORS[name]
    value = report.overall[metric]
    kind = {"followup_resolution": "followup", "computation_exactness": "computation",
            "abstention_recall": "out_of_scope"}.get(metric)
    assert value >= floor, f"{metric} = {value} fell below its floor {floor}; failing: {_failures(report, kind)}"


def test_false_abstention_ceiling(report):
    value = report.overall["false_abstention"]
    assert value <= FALSE_ABSTENTION_CEILING, f"false abstention {value} rose above {FALSE_ABSTENTION_CEILING}"


# The blind set's dev split (eval/blind/zhou-wang-2019.jsonl, questions written by someone who saw only the paper; the
# test split is never run here). 2026-12-02 19:05 UTC (at 5b13ad0; 465 dev questions): accuracy 0.929, computations
# 0.971, out-of-scope 0.855, false abstention 0.012.
# Floors: measured - 0.02 (false abstention: + 0.02, never above its bar of 0.05).
BLIND_DEV_FLOORS = {"answer_accuracy": 0.90, "computation_exactness": 0.95, "abstention_recall": 0.83}
BLIND_DEV_FALSE_ABSTENTION_CEILING = 0.05


@pytest.fixture(scope="module")
def blind_dev_report(assistant):
    return evaluate(assistant, load_questions(SHIPPED_BLIND, split="dev"))


@pytest.mark.parametrize("metric", sorted(BLIND_DEV_FLOORS))
def test_blind_dev_floor(blind_dev_report, metric):
    value = blind_dev_report.overall[metric]
    assert value >= BLIND_DEV_FLOORS[metric], f"blind dev {metric} = {value}; failing: {_failures(blind_dev_report)}"


def test_blind_dev_false_abstention_ceiling(blind_dev_report):
    assert blind_dev_report.overall["false_abstention"] <= BLIND_DEV_FALSE_ABSTENTION_CEILING


# The three development PDFs' blind dev splits (eval/blind/{gmm,crq,timedep}.jsonl), 2026-12-03 19:40 UTC (at
# 1677e69, with the fourteenth wave, which lowered them: it was measured before any tuning): answer accuracy gmm 0.611,
# crq 0.764, timedep 0.683 (bar on their test splits: 0.75).
# Floors: measured - 0.03, rounded down (each split has ~155 answerable questions, so one question is 0.0065 and an
# answer that flips under load should not fail the build).
PDF_DEV_ACCURACY_FLOORS = {"gmm": 0.58, "crq": 0.73, "timedep": 0.65}


@pytest.mark.parametrize("name", sorted(PDF_DEV_ACCURACY_FLOORS))
def test_pdf_dev_accuracy_floor(pdf_paper, name):
    report = evaluate(pdf_paper(name), load_questions(BLIND / f"{name}.jsonl", split="dev"))
    value = report.overall["answer_accuracy"]
    assert value >= PDF_DEV_ACCURACY_FLOORS[name], f"{name} dev accuracy {value}; failing: {_failures(report)}"


def test_a_computed_value_is_judged_by_its_value_not_by_its_digits(assistant):
    from assistant.evaluate import Question, judge
    question = "On average, by how many did the number of biomedical enterprises rise per year from 2010 to 2017?"
    gold = Question(id="t", type="computation", question=question, history=(), resolved=None, page=93, section="IV",
                    evidence=(), expect=("289.00",), abstain=False, value=289.0, unit="count")
    verdict = judge(assistant, gold, assistant.ask(question))
    assert verdict["exact"] and verdict["correct"]  # the answer says "289", the gold writes "289.00"

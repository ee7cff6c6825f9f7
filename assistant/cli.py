"""Command line: ask, chat, search, index, eval, bench, facts. Library errors become one clean line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from .errors import AssistantError
from .types import Answer, Hit, to_json


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def format_answer(answer: Answer) -> str:
    """The human-readable form (:func:`assistant.display.answer_text`): the answer, how the question was read, its
    computation, then numbered sources."""
    from .display import answer_text, answer_view

    return answer_text(answer_view(answer))


def format_hits(hits: list[Hit]) -> str:
    if not hits:
        return "No passages found."
    return "\n\n".join(
        f"{h.rank}. p. {'-'.join(map(str, sorted({h.chunk.pages[0], h.chunk.pages[-1]})))}, {h.chunk.section_label} "
        f"(score {h.score:.4f})\n   {h.chunk.text}" for h in hits
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Ask questions about the paper, offline.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true")
    ask.add_argument("-k", type=int, default=None, help="passages to retrieve")
    ask.add_argument("--paper", help="a library id or a PDF path (added on first use); default: the shipped paper")
    chat = sub.add_parser("chat", help="answer questions read line by line from stdin; '/new' starts over")
    chat.add_argument("--json", action="store_true")
    chat.add_argument("-k", type=int, default=None)
    chat.add_argument("--paper", help="a library id or a PDF path (added on first use)")
    search = sub.add_parser("search", help="passages only, no answer")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5)
    search.add_argument("--mode", choices=["dense", "bm25", "hybrid"], default="hybrid")
    search.add_argument("--json", action="store_true")
    search.add_argument("--paper", help="a library id or a PDF path (added on first use)")
    index = sub.add_parser("index", help="build the index if missing or stale")
    index.add_argument("--rebuild", action="store_true", help="build it even if it is up to date")
    ev = sub.add_parser("eval", help="quality benchmark: the seed set and the blind dev split (or --split test)")
    ev.add_argument("--json", action="store_true")
    ev.add_argument("--set", choices=["seed", "blind"], default=None,
                    help="only the team's seed set (eval/questions.jsonl) or only the blind set (eval/blind/)")
    ev.add_argument("--split", choices=["dev", "test"], default="dev",
                    help="which split of the blind set; 'test' is run rarely and never tuned on")
    ev.add_argument("--paper", help="a development paper of eval/blind/papers.json (e.g. gmm) instead of the shipped one")
    bench = sub.add_parser("bench", help="speed benchmark")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    bench.add_argument("--pdf", default=None, metavar="PATH",
                       help="the new paper of the time-to-first-answer rows (default: ../shared/papers/crq.pdf; "
                            "'' skips them)")
    bench.add_argument("--tabs", type=int, default=5, metavar="N",
                       help="fresh browser tabs of the app timed to their chat input (0 skips them)")
    facts = sub.add_parser("facts", help="the facts table extracted from the paper")
    facts.add_argument("--csv", action="store_true")
    facts.add_argument("--checks", action="store_true", help="show the checks of the paper's own numbers")
    facts.add_argument("--paper", help="a library id or a PDF path (added on first use)")
    add = sub.add_parser("add", help="add a PDF to the library (read, indexed, keyed by its content); prints its id")
    add.add_argument("pdf")
    sub.add_parser("papers", help="list the papers of the library")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return _run(args)
    except BrokenPipeError:  # the reader went away ("| head"): nothing left to say, and nothing to say it to
        sys.stdout = None  # type: ignore[assignment]  # no flush of the closed pipe at exit
        return 0
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "bench":
        from pathlib import Path

        from .bench import NEW_PDF, run_bench

        pdf = NEW_PDF if args.pdf is None else Path(args.pdf) if args.pdf else None
        return run_bench(as_json=args.json, write=args.write, pdf=pdf, tab_runs=args.tabs)
    if args.command == "papers":
        from .library import list_papers

        papers = list_papers()
        print("\n".join(f"{p.id}  {p.title}" for p in papers) if papers else "The library is empty: add a paper with "
              "`python -m assistant add PAPER.pdf`.")
        return 0
    if args.command == "facts":  # the paper and its facts only: no index, no model
        from .config import Settings
        from .display import checks_text
        from .facts import format_facts, load_facts
        from .ingest import load_corpus

        settings = Settings()
        if args.paper:
            from .library import open_paper

            entry, document = open_paper(args.paper)
            facts = load_facts(document, entry.folder)
        else:
            facts = load_facts(load_corpus(settings.corpus_dir), settings.corpus_dir)
        print(checks_text(facts.checks) if args.checks else format_facts(facts, csv=args.csv))
        return 0
    from .pipeline import Assistant

    paper = getattr(args, "paper", None) or getattr(args, "pdf", None)
    if args.command == "eval" and paper:
        from .evaluate import blind_paper

        paper = str(blind_paper(paper))
    assistant = Assistant.load(rebuild=getattr(args, "rebuild", False), paper=paper)
    if args.command == "add":
        from .library import paper_id

        print(f"{paper_id(paper)}  {assistant.document.meta.title}  ({len(assistant.document.pages)} pages, "
              f"{assistant.status.chunks} chunks, index {assistant.status.state})")
        return 0
    if args.command == "index":
        s = assistant.status
        print(f"index {s.state}: {s.chunks} chunks, {s.sentences} sentences, model {s.model}, built {s.built_at}")
        return 0
    if args.command == "ask":
        answer = assistant.ask(args.question, k=args.k)
        _print_json(to_json(answer)) if args.json else print(format_answer(answer))
        return 0
    if args.command == "search":
        hits = assistant.search(args.query, k=args.k, mode=args.mode)
        _print_json([to_json(h) for h in hits]) if args.json else print(format_hits(hits))
        return 0
    if args.command == "chat":
        return _chat(assistant, as_json=args.json, k=args.k)
    if args.command == "eval":
        from .evaluate import BLIND, SHIPPED_BLIND, evaluate, format_report, load_questions

        sets = []
        if args.paper:
            blind = BLIND / f"{args.paper}.jsonl"
            sets.append((f"{args.paper}, blind {args.split} split", load_questions(blind, split=args.split)))
        elif args.set in (None, "seed") and not (args.set is None and args.split == "test"):
            sets.append(("seed set (eval/questions.jsonl)", load_questions()))
        if args.set in (None, "blind") and not args.paper:
            sets.append((f"blind set, {args.split} split ({SHIPPED_BLIND.relative_to(SHIPPED_BLIND.parents[2])})",
                         load_questions(SHIPPED_BLIND, split=args.split)))
        reports = {name: evaluate(assistant, questions) for name, questions in sets}
        if args.json:
            _print_json({name: report.__dict__ for name, report in reports.items()})
        else:
            print("\n\n".join(f"== {name}\n{format_report(report)}" for name, report in reports.items()))
        return 0
    raise AssertionError(args.command)


def _chat(assistant, *, as_json: bool, k: int | None) -> int:
    from .dialogue import Conversation

    conversation = Conversation()
    if not as_json and sys.stdin.isatty():
        print("Ask about the paper; '/new' starts a new conversation, Ctrl-D quits.")
    for line in sys.stdin:
        question = line.rstrip("\n")
        if question.strip() == "/new":
            conversation.reset()
            _print_json({"event": "new_conversation"}) if as_json else print("(new conversation)\n", flush=True)
            continue
        try:
            answer = assistant.ask(question, conversation, k=k)
        except AssistantError as exc:  # one bad line must not end the session
            _print_json({"question": question, "error": str(exc)}) if as_json else print(f"error: {exc}", flush=True)
            continue
        if as_json:
            _print_json(to_json(answer))
        else:
            print(format_answer(answer) + "\n", flush=True)
    return 0

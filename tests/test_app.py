"""The Streamlit app through ``streamlit.testing.v1.AppTest``, over the real paper, model and index."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # streamlit_app is a script at the repository root, not part of the package

from assistant.cite import apa_reference, bibtex_entry, doi_url  # noqa: E402
from assistant.display import answer_view, fact_rows  # noqa: E402
from assistant.library import add_paper  # noqa: E402
from assistant.pipeline import Assistant  # noqa: E402
from assistant.types import Answer, Citation  # noqa: E402
from streamlit_app import SCORE_HELP, conversation_markdown  # noqa: E402

APP = str(ROOT / "streamlit_app.py")
PAPERS = ROOT.parent / "shared" / "papers"
FACT = "How many biomedical enterprises were there in 2017?"
SHIPPED_WORDS = re.compile(r"(?i)pharma|biomedical|enterprise|patent|Zhou|yuan")
CAGR = "What's the CAGR of gross output 2010-2017?"


def plain(markdown: str) -> str:
    """What escaped Markdown displays: backslash escapes and invisible word joiners removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest, role: str) -> list:
    return [m for m in at.chat_message if m.name == role]


def last_answer_text(at: AppTest) -> str:
    """The displayed text of the latest answer (its first Markdown element, not the cited passages below it)."""
    return plain(messages(at, "assistant")[-1].markdown[0].value)


@pytest.fixture
def at() -> AppTest:
    return new_app()


def test_empty_chat_offers_starter_questions(at: AppTest) -> None:
    labels = [plain(b.label) for b in at.button if b.key and b.key.startswith("starter-")]
    starters = Assistant.load().starters
    assert labels == [f"**{s.kind}**  \n{s.text}" for s in starters]  # derived from the paper (assistant.starters)
    joined = " ".join(labels)
    for question in (CAGR, "What are the disadvantages?", "Summarize section VI", "How do I cite this paper?"):
        assert question in joined
    assert [t.label for t in at.tabs] == ["Chat", "Facts", "Checks", "Paper"]
    assert at.chat_input[0].proto.max_chars == 0  # no limit in the browser, which drops an over-long paste silently


def test_an_over_long_question_gets_a_message_not_an_answer(at: AppTest) -> None:
    ask(at, "why " * 400)  # 1,599 characters
    assert not at.chat_message and at.session_state["queue"] == []
    message = plain(at.warning[0].value)
    assert message.startswith("Your question is 1,599 characters; the limit is 1,000."), message
    ask(at, FACT)  # the next one is answered as usual, and the message is gone
    assert "7,697" in last_answer_text(at) and not at.warning


def test_queued_questions_are_answered_in_order(at: AppTest) -> None:
    at.session_state["queue"] = [FACT, "How do I cite this paper?"]
    at.run()
    assert not at.exception, at.exception
    assert [plain(m.markdown[0].value) for m in messages(at, "user")] == [FACT, "How do I cite this paper?"]
    assert [t["question"] for t in at.session_state["history"]] == [FACT, "How do I cite this paper?"]
    assert at.session_state["queue"] == []


def test_a_conversation_is_kept_and_reopened_from_the_url(at: AppTest) -> None:
    ask(at, "What was the fastest-growing sub-sector by revenue in 2017?")
    cid = at.session_state["conversation_id"]
    assert cid and at.query_params["c"] == cid  # the URL carries it
    assert at.button(key=f"reopen-{cid}").disabled  # listed in the sidebar, as the open one

    reloaded = AppTest.from_file(APP, default_timeout=60)  # a reload of the tab: a new session, the same URL
    reloaded.query_params["c"] = cid
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert [plain(m.markdown[0].value) for m in messages(reloaded, "user")] == [
        "What was the fastest-growing sub-sector by revenue in 2017?"]
    ask(reloaded, "And the slowest?")  # the follow-up still resolves
    assert re.search(r"(?<![\d.])7\.7%", last_answer_text(reloaded)), last_answer_text(reloaded)
    assert reloaded.session_state["conversation_id"] == cid

    reloaded.button(key=f"delete-{cid}").click().run()
    assert not reloaded.exception
    assert not reloaded.chat_message and reloaded.session_state["conversation_id"] is None
    assert "c" not in reloaded.query_params
    gone = AppTest.from_file(APP, default_timeout=60)
    gone.query_params["c"] = cid
    gone.run()
    assert not gone.chat_message and "no longer kept" in plain(gone.warning[0].value)


def test_fact_question_is_answered_with_a_page_93_citation(at: AppTest) -> None:
    ask(at, FACT)
    assert plain(messages(at, "user")[-1].markdown[0].value) == FACT
    assert "7,697" in last_answer_text(at)
    labels = [plain(e.label) for e in messages(at, "assistant")[-1].expander]
    assert any(label.startswith("[1] p. 93 · ") for label in labels), labels
    passage = plain(messages(at, "assistant")[-1].expander[0].markdown[0].value)
    assert "7,697" in passage and ":yellow-background[" in passage  # the cited sentence is highlighted


def test_starter_button_asks_its_question(at: AppTest) -> None:
    at.button(key="starter-0").click().run()
    assert not at.exception
    assert plain(messages(at, "user")[-1].markdown[0].value) == Assistant.load().starters[0].text
    answer = last_answer_text(at)  # the first starter asks for a figure the paper states: it gets one, cited
    assert "does not say" not in answer and any(ch.isdigit() for ch in answer)
    assert messages(at, "assistant")[-1].expander, "the answer lists its sources"
    assert not [b for b in at.button if b.key and b.key.startswith("starter-")]  # gone once the chat has turns


def test_followup_is_resolved_against_the_previous_turn(at: AppTest) -> None:
    ask(at, "What was the fastest-growing sub-sector by revenue in 2017?")
    ask(at, "And the slowest?")
    assert len(messages(at, "assistant")) == 2
    assert re.search(r"(?<![\d.])7\.7%", last_answer_text(at)), last_answer_text(at)


def test_computation_question_renders(at: AppTest) -> None:
    ask(at, CAGR)
    answer: Answer = at.session_state["history"][-1]["answer"]
    text = last_answer_text(at)
    assert "16.70" in text or (answer.computation is not None and "16.70" in answer.computation.formula)
    if answer.computation is not None:
        assert answer.computation.formula in [c.value for c in messages(at, "assistant")[-1].code]


def test_abstention_says_so_and_lists_related_passages(at: AppTest) -> None:
    ask(at, "What is the capital of France?")
    reply = messages(at, "assistant")[-1]
    assert "does not say" in plain(reply.info[0].value)
    assert any("Related passages (not an answer)" in m.value for m in reply.markdown)
    assert len(reply.expander) >= 1


def test_new_conversation_clears_history_and_conversation(at: AppTest) -> None:
    ask(at, FACT)
    assert at.session_state["conversation"].turns
    at.button(key="new_conversation").click().run()
    assert not at.exception
    assert not at.chat_message
    assert at.session_state["history"] == []
    assert at.session_state["conversation"].turns == []
    assert at.button(key="starter-0")


def test_two_sessions_do_not_share_history() -> None:
    first, second = new_app(), new_app()
    ask(first, FACT)
    assert len(first.chat_message) == 2
    assert not second.chat_message
    ask(second, "What is the capital of France?")
    assert all("France" not in plain(m.value) for msg in first.chat_message for m in msg.markdown)
    assert len(first.session_state["history"]) == len(second.session_state["history"]) == 1
    assert first.session_state["conversation"] is not second.session_state["conversation"]


@pytest.mark.parametrize("question", ["<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                                      "<script>alert(1)</script> **bold** $x^2$ :red[red] a -> b"])
def test_injected_markup_is_shown_literally(at: AppTest, question: str) -> None:
    ask(at, question)
    shown = messages(at, "user")[-1].markdown[0].value
    assert plain(shown) == question
    for ch in "<>[]()*$:":  # every special character reaches the page escaped
        assert shown.count("\\" + ch) == question.count(ch)
    assert not at.get("html")
    everything = [*at.main.get("markdown"), *at.sidebar.get("markdown"), *at.caption]
    assert len(everything) > 10
    assert not any(element.proto.allow_html for element in everything)


def test_open_in_paper_switches_to_the_section_and_highlights_the_sentence(at: AppTest) -> None:
    ask(at, FACT)
    citation: Citation = at.session_state["history"][-1]["answer"].citations[0]
    at.button(key="open-1-1").click().run()
    assert not at.exception
    assert at.session_state["main_tab"] == "Paper"
    assert at.selectbox(key="paper_section").value == citation.section
    paper = at.tabs[3]
    highlighted = [plain(m.value) for m in paper.markdown if ":yellow-background[" in m.value]
    assert any(citation.quote in h for h in highlighted)


def test_paper_tab_browses_by_page(at: AppTest) -> None:
    at.session_state["main_tab"] = "Paper"
    at.run()
    at.button_group(key="paper_mode").set_value("Page").run()
    at.selectbox(key="paper_page").set_value(96).run()
    assert not at.exception
    text = " ".join(plain(m.value) for m in at.tabs[3].markdown)
    assert "More than half of China's biomedical enterprises lack brand awareness." in text


def test_show_scores_toggle_says_what_a_score_is(at: AppTest) -> None:
    ask(at, FACT)
    assert not any("score" in e.label for e in at.expander)
    toggle = at.toggle(key="show_scores")
    assert toggle.help == SCORE_HELP and "higher is closer" in toggle.help
    toggle.set_value(True).run()
    labels = [plain(e.label) for e in at.expander]
    assert labels and all(re.search(r" · score -?\d+\.\d{3}$", label) for label in labels), labels


def test_no_setting_without_a_visible_effect(at: AppTest) -> None:
    assert not at.slider  # the k slider changed nothing a reader could see
    assert "k" not in at.session_state


def test_every_marker_is_a_badge_wherever_it_stands(at: AppTest) -> None:
    ask(at, CAGR)
    answer: Answer = at.session_state["history"][-1]["answer"]
    shown = messages(at, "assistant")[-1].markdown[0].value
    badges = re.findall(r":blue-badge\[(\d+)\]", shown)
    assert badges == [str(m.n) for m in answer.marks] and len(badges) >= 2
    assert not re.search(r"\\\[\d+\\\]", shown)  # no marker left as plain "[n]" text
    assert re.search(r":blue-badge\[1\]\\\)", shown)  # "... yuan [1]) to 2017": mid-sentence too
    at.run()  # re-rendered from history: the same Markdown as the stream
    assert messages(at, "assistant")[-1].markdown[0].value == shown


def test_a_resolved_followup_shows_how_it_was_interpreted(at: AppTest) -> None:
    ask(at, "What was the fastest-growing sub-sector by revenue in 2017?")
    assert not any(plain(c.value).startswith("Interpreted as:") for c in messages(at, "assistant")[-1].caption)
    ask(at, "And the slowest?")
    answer: Answer = at.session_state["history"][-1]["answer"]
    assert answer.interpretation
    captions = [plain(c.value) for c in messages(at, "assistant")[-1].caption]
    assert f"Interpreted as: {answer.interpretation}" in captions


def test_cite_this_paper_in_apa_or_bibtex(at: AppTest) -> None:
    meta = Assistant.load().document.meta
    popover = at.sidebar.get("popover")[0]
    assert popover.proto.popover.label == "Cite this paper"
    assert [c.value for c in at.sidebar.code] == [apa_reference(meta)] and doi_url(meta) in apa_reference(meta)
    assert at.sidebar.get("link_button")[0].proto.url == doi_url(meta)
    at.button_group(key="cite_style").set_value("BibTeX").run()
    assert [c.value for c in at.sidebar.code] == [bibtex_entry(meta)]
    assert at.sidebar.code[0].language == "bibtex"


def test_download_holds_questions_answers_and_citations(at: AppTest) -> None:
    ask(at, FACT)
    ask(at, "What is the capital of France?")
    assert at.get("download_button")[0].proto.label == "Download conversation"
    text = conversation_markdown(Assistant.load().document.meta, at.session_state["history"])
    assert f"## Q1. {FACT}" in text and "7,697" in text
    assert "1. p. 93, IV. Analysis of the Development Status of Biomedical Industry: “" in text
    first = at.session_state["history"][0]["answer"]
    assert all(f"[{m.n}]" in text for m in first.marks)
    assert "## Q2. What is the capital of France?" in text and "Related passages (not an answer)" in text


def _render_computation() -> None:
    import streamlit as st  # noqa: PLC0415

    from streamlit_app import render_computation  # noqa: PLC0415

    render_computation(st.session_state["computation"])


def test_computation_shows_formula_inputs_with_full_quotes_and_warnings() -> None:
    answer = Assistant.load().ask(CAGR)
    view = answer_view(answer).computation
    assert view is not None and view.inputs
    view = dataclasses.replace(view, warnings=("Years *assumed* <i>",))
    at = AppTest.from_function(_render_computation, default_timeout=30)
    at.session_state["computation"] = view
    at.run()
    assert not at.exception, at.exception
    assert at.code[0].value == answer.computation.formula and "16.70" in answer.computation.formula
    assert not at.dataframe  # no narrow cells that cut the quotes
    heads = [plain(m.value) for m in at.markdown[1:]]
    assert heads == [f"**{r.name}** {r.year}: {r.amount} :blue-badge[{r.source.n}]" for r in view.inputs]
    captions = [plain(c.value) for c in at.caption]
    for row in view.inputs:  # every input's quote in full, with its page and section
        assert f"p. {row.source.page} · {row.source.section}: “{row.source.quote}”" in captions
    assert plain(at.warning[0].value) == "Years *assumed* <i>"


def test_only_the_open_tab_is_drawn(at: AppTest) -> None:
    assert at.tabs[0].get("button") and not at.tabs[1].get("arrow_data_frame") and not at.tabs[3].markdown
    at.session_state["main_tab"] = "Facts"
    at.run()
    assert at.tabs[1].dataframe and not at.tabs[0].get("button") and not at.chat_input


def test_facts_tab_for_people_with_the_real_facts(at: AppTest) -> None:
    assistant = Assistant.load()
    rows = fact_rows(assistant.facts, assistant.document)
    at.session_state["main_tab"] = "Facts"
    at.run()
    facts_tab = at.tabs[1]
    assert not facts_tab.info and not facts_tab.error
    table = facts_tab.dataframe[0].value
    assert list(table.columns) == ["Metric", "Subject", "Year", "Amount", "Page", "Quote"]
    assert len(table) == len(rows) and f"{len(rows)} facts" in facts_tab.caption[0].value
    assert not table.isna().any().any() and not table.map(lambda v: str(v) in {"nan", "None", "NaN"}).any().any()
    assert not table["Metric"].str.contains("_").any() and (table["Year"] == "").any()
    assert table["Quote"].tolist() == [r.quote for r in rows] and table["Page"].tolist() == [r.page for r in rows]
    assert facts_tab.selectbox(key="facts_series") and len(facts_tab.get("vega_lite_chart")) == 2
    metric = facts_tab.selectbox(key="facts_chart").options[0].split(" · ")[0]

    at.multiselect(key="facts_metric").set_value([metric]).run()  # the count and the charts follow the filter
    facts_tab = at.tabs[1]
    chosen = [r for r in rows if r.metric == metric]
    assert facts_tab.dataframe[0].value["Metric"].tolist() == [r.metric for r in chosen]
    assert facts_tab.caption[0].value.startswith(f"{len(chosen)} of {len(rows)} facts")
    assert all(o.startswith(metric) for o in facts_tab.selectbox(key="facts_chart").options)
    assert not [s for s in facts_tab.selectbox if s.key == "facts_series"]  # growth rates of one year: no series
    assert len(facts_tab.get("vega_lite_chart")) == 1


def test_checks_tab_reads_the_real_checks(at: AppTest) -> None:
    checks = Assistant.load().facts.checks
    at.session_state["main_tab"] = "Checks"
    at.run()
    tab = at.tabs[2]
    assert not tab.error
    shown = " ".join(plain(m.value) for m in [*tab.markdown, *tab.caption])
    for check in checks:
        assert f"**{check.title}** · {check.status}" in shown and check.explanation in shown
        assert all(c.quote in shown for c in check.citations)


# -- any paper: the library, the paper picker, the page images -------------------------------------------------------
@pytest.fixture(scope="module")
def pdf_paper(tmp_path_factory) -> Iterator[str]:
    """timedep.pdf (the smallest example paper) in a library of its own, read and indexed once."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ASSISTANT_LIBRARY", str(tmp_path_factory.mktemp("library")))
        paper, _ = add_paper(PAPERS / "timedep.pdf")
        Assistant.load(paper=paper.id)  # builds its index
        yield paper.id


def _all_text(at: AppTest) -> str:
    elements = [*at.main.get("markdown"), *at.sidebar.get("markdown"), *at.caption, *at.info, *at.button]
    return " ".join(plain(getattr(e, "value", None) or getattr(e, "label", "")) for e in elements)


def test_switching_to_a_pdf_paper_derives_everything_from_it(pdf_paper: str) -> None:
    at = new_app()
    ask(at, FACT)
    picker = at.selectbox(key="paper")
    assert picker.options[0] != pdf_paper and pdf_paper in [str(o) for o in picker.options] or len(picker.options) == 2
    picker.select(pdf_paper).run()
    assert not at.exception, at.exception
    assert at.session_state["paper"] == pdf_paper
    assert at.session_state["history"] == [] and not at.chat_message  # a new conversation
    pdf = Assistant.load(paper=pdf_paper)
    labels = [plain(b.label) for b in at.button if b.key and b.key.startswith("starter-")]
    assert labels == [f"**{s.kind}**  \n{s.text}" for s in pdf.starters]
    assert "Summarize section" in " ".join(labels)
    shown = _all_text(at)
    assert "Time Dependent Covariates" in shown
    assert not SHIPPED_WORDS.search(shown), SHIPPED_WORDS.search(shown)

    at.button(key="starter-0").click().run()  # the PDF's own starter is answered from the PDF, with its page image
    assert not at.exception, at.exception
    reply = messages(at, "assistant")[-1]
    assert reply.expander, "no cited passage"
    assert reply.expander[0].get("image"), "no page image beside the cited passage"
    assert not SHIPPED_WORDS.search(_all_text(at))

    at.selectbox(key="paper").select("shipped").run()  # and back
    assert not at.exception and Assistant.load().starters[0].text in _all_text(at)


def test_the_pdf_paper_answers_and_cites_pages(pdf_paper: str) -> None:
    at = new_app()
    at.session_state["paper"] = pdf_paper
    at.run()
    ask(at, "How large a hazard ratio did the responder analysis of the lung data produce?")
    reply = messages(at, "assistant")[-1]
    assert any(plain(e.label).startswith("[1] p. ") for e in reply.expander)
    image = reply.expander[0].get("image")[0]
    assert "cited lines highlighted" in str(image.proto)


def _add_bad_upload() -> None:
    from streamlit_app import add_upload  # noqa: PLC0415

    class Upload:  # what st.file_uploader returns, for a file that is not a PDF
        file_id, name, size = "bad-1", "../../etc/passwd.pdf", 12

        def getvalue(self) -> bytes:
            return b"hello world\n"

    add_upload(Upload())


def test_a_bad_upload_shows_a_clear_error_and_nothing_else_breaks(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_LIBRARY", str(tmp_path))
    at = AppTest.from_function(_add_bad_upload, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    message = plain(at.error[0].value)
    assert "passwd.pdf" in message and "is not a PDF" in message and "/tmp/" not in message
    assert not list(tmp_path.iterdir())  # nothing added, nothing written under the uploaded name

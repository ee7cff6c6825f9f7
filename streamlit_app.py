"""Streamlit chat UI over the paper: layout and rendering only; all answering lives in the ``assistant`` package.

Run with ``streamlit run streamlit_app.py``. Safety rule of this module: every piece of user or paper text reaches
the page either through :func:`escape_markdown` (so Markdown/HTML in it is shown literally) or through an element
that does not parse Markdown (``st.code``, ``st.dataframe``). ``unsafe_allow_html`` is never used; the one script
(:data:`SCROLL_SCRIPT`, "Open in paper" scrolling to the highlight) is a constant with no user or paper text in it.
"""

from __future__ import annotations

import copy
import itertools
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from assistant import display
from assistant.cite import CITATION_STYLES, doi_url, format_reference
from assistant.config import Settings
from assistant.dialogue import Conversation
from assistant.errors import AssistantError
from assistant.ingest import load_metadata
from assistant.library import PDF, add_paper, list_papers
from assistant.pdf import PdfLimits
from assistant.pipeline import Assistant
from assistant.question import length_message
from assistant.render import cited_pages, excerpt_window, sentence_boxes
from assistant.render import render_page as render_pdf_page
from assistant.sessions import ConversationStore, SavedConversation
from assistant.starters import reference_text
from assistant.types import Answer, Citation, Document, PaperMeta

TABS = ("Chat", "Facts", "Checks", "Paper")
SHIPPED = "shipped"  # the paper of the corpus directory; library ids are 12 hex digits
MAX_UPLOAD_MB = 50
PAGE_SCALE = 1.5  # pixels per PDF point of a rendered page
PER_PAPER_KEYS = ("paper_section", "paper_page", "paper_mode", "facts_chart", "facts_series", "facts_metric",
                  "facts_subject", "facts_year", "facts_page")
HIGHLIGHT = "yellow-background"
SCORE_HELP = ("How closely each cited sentence matched the question when the assistant ranked the paper's sentences "
              "(meaning and shared words combined; higher is closer). Sentences picked by structure, such as the "
              "entries of a list or a stated figure, score 1. Compare scores within one answer only.")
MAX_QUESTION_CHARS = Settings().answer.max_question_chars
KEPT = 20  # saved conversations listed in the sidebar
URL_KEY = "c"  # the query parameter that carries the open conversation's id
# A constant script (no user or paper text in it): bring the highlighted sentence of the Paper tab into view. The
# nonce in its comment changes with each "Open in paper", so that each one scrolls once.
SCROLL_SCRIPT = """<script>/* {nonce} */
(() => {{
  const find = () => window.parent.document.querySelector(".st-key-paper_text .stMarkdownColoredBackground")
    || document.querySelector(".st-key-paper_text .stMarkdownColoredBackground");
  let tries = 0;
  const timer = setInterval(() => {{
    const target = find();
    if (target) {{ target.scrollIntoView({{block: "center"}}); clearInterval(timer); }}
    else if (++tries > 400) clearInterval(timer);
  }}, 50);
}})();
</script>"""

# --------------------------------------------------------------------------------------------------------------
# Safe text: every ASCII punctuation character can be backslash-escaped in CommonMark, so escaping all of them
# turns any string into Markdown that renders as exactly that string (no links, HTML, LaTeX, directives, lists).
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_LIST_ITEM = re.compile(r"^(\d{1,3}\. |- )(.*)$", re.S)
_ARROWS = re.compile(r"(?<=[-<>~=])(?=[-<>=])")  # "->", "<=", "--"... would be turned into arrows and dashes


def _escape_inline(text: str) -> str:
    return _PUNCT.sub(r"\\\1", _ARROWS.sub("\u2060", text))


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that displays literally; single newlines become line breaks."""
    escaped = _escape_inline(str(text))
    escaped = re.sub(r"(?m)^[ \t]+", "", escaped)  # indentation would make a code block
    return re.sub(r"\n(?!\n)", "  \n", escaped)


def badge(n: int) -> str:
    """A citation marker as the page shows it, wherever it stands in an answer."""
    return f":blue-badge[{int(n)}]"


def line_pieces(line: display.Line, *, last: bool) -> Iterator[str]:
    """One answer line as escaped Markdown pieces (word by word, for streaming): its own list mark kept, each text
    run escaped, each marker a badge."""
    yield line.bullet
    first = True
    for run in line.runs:
        if isinstance(run, display.Marker):
            yield badge(run.n)
        else:
            text = run.text.lstrip() if first else run.text  # indentation would make a code block
            yield from (_escape_inline(word) for word in re.split(r"(?<= )", text) if word)
        first = False
    yield "" if last else "  \n"


def answer_pieces(view: display.AnswerView) -> Iterator[str]:
    """The answer's text as escaped Markdown, in small pieces for ``st.write_stream``."""
    for i, line in enumerate(view.lines):
        yield from line_pieces(line, last=i == len(view.lines) - 1)


def answer_markdown(view: display.AnswerView) -> str:
    """The same Markdown the stream produces, for re-rendering history."""
    return "".join(answer_pieces(view))


def highlighted_markdown(document: Document, start: int, end: int, spans: Sequence[tuple[int, int]] = ()) -> str:
    """``document.text[start:end]`` as escaped Markdown, paragraph by paragraph, with ``spans`` highlighted."""
    blocks = []
    position = start
    for block in document.text[start:end].split("\n\n"):
        b_start, b_end = position, position + len(block)
        position = b_end + 2
        if not block.strip():
            continue
        cuts = sorted({b_start, b_end, *(max(b_start, min(b_end, x)) for span in spans for x in span)})
        pieces = []
        for a, b in itertools.pairwise(cuts):
            text = " ".join(document.text[a:b].split("\n"))
            if not text:
                continue
            inside = any(s <= a and b <= e for s, e in spans)
            pieces.append(f":{HIGHLIGHT}[{_escape_inline(text)}]" if inside and text.strip() else _escape_inline(text))
        blocks.append(re.sub(r"^[ \t]+", "", "".join(pieces)))
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Loading the paper, the model and the index…", max_entries=8)
def load_assistant(paper: str = SHIPPED) -> Assistant:
    """One Assistant per paper and process, shared by every session (it serializes model use with its own lock):
    the shipped paper, or a library paper by id (its index is built on first load)."""
    return Assistant.load() if paper == SHIPPED else Assistant.load(paper=paper)


@st.cache_data(show_spinner=False)
def _shipped_title() -> str:
    try:
        return load_metadata(Settings().corpus_dir)[0].title
    except AssistantError:
        return "The shipped paper"


def _paper_name(paper: str) -> str:
    if paper == SHIPPED:
        title = _shipped_title()
    else:
        title = next((p.title for p in list_papers() if p.id == paper), "") or f"Paper {paper}"
    return title if len(title) <= 80 else title[:79] + "…"


def pdf_path(assistant: Assistant) -> Path | None:
    """The PDF a paper was read from (its library copy), or None for a paper that is not a PDF."""
    document = assistant.document
    if document.source != "pdf":
        return None
    for candidate in (Path(assistant.settings.corpus_dir) / PDF, Path(document.source_path)):
        if candidate.is_file():
            return candidate
    return None


def _state() -> Any:
    ss = st.session_state
    ss.setdefault("history", [])  # list of {"id", "question", "answer"}
    ss.setdefault("conversation", Conversation())
    ss.setdefault("next_turn", 1)
    ss.setdefault("paper_target", None)
    ss.setdefault("queue", [])  # questions sent and not answered yet, in order
    ss.setdefault("conversation_id", None)  # its id in the store once its first answer is kept
    for key in PER_PAPER_KEYS:  # widgets of a tab not shown in this run keep their values (only one tab renders)
        if key in ss:
            ss[key] = ss[key]
    return ss


def _store() -> ConversationStore:
    return ConversationStore()


def _new_conversation() -> None:
    ss = st.session_state
    ss.history = []
    ss.conversation = Conversation()
    ss.paper_target = None
    ss.queue = []
    ss.job = None
    ss.conversation_id = None
    st.query_params.pop(URL_KEY, None)


def _restore(saved: SavedConversation) -> None:
    """Show a kept conversation: its turns, its follow-up state and its paper."""
    ss = st.session_state
    if saved.paper != ss.get("paper", SHIPPED) and (saved.paper == SHIPPED or saved.paper in {p.id for p in list_papers()}):
        for key in PER_PAPER_KEYS:
            ss.pop(key, None)
        ss.paper = saved.paper
    ss.history = [{"id": i, "question": t.question, "answer": t.answer} for i, t in enumerate(saved.turns, start=1)]
    ss.next_turn = len(saved.turns) + 1
    ss.conversation = saved.conversation()
    ss.conversation_id = saved.id
    ss.paper_target = None
    ss.queue = []
    ss.job = None
    st.query_params[URL_KEY] = saved.id


def _open_saved(conversation_id: str) -> None:
    try:
        saved = _store().get(conversation_id)
    except AssistantError as exc:
        st.session_state.notice = f"That conversation could not be opened: {exc}"
        return
    if saved is None:
        st.session_state.notice = "That conversation is no longer kept."
        return
    _restore(saved)
    st.session_state.main_tab = "Chat"


def _delete_saved(conversation_id: str) -> None:
    try:
        _store().delete(conversation_id)
    except AssistantError as exc:
        st.session_state.notice = f"That conversation could not be deleted: {exc}"
        return
    if conversation_id == st.session_state.conversation_id:
        _new_conversation()


def restore_from_url() -> None:
    """Once per session: reopen the conversation whose id the URL carries (a reload of the tab)."""
    ss = st.session_state
    if ss.get("url_restored"):
        if ss.conversation_id and st.query_params.get(URL_KEY) != ss.conversation_id:
            st.query_params[URL_KEY] = ss.conversation_id
        return
    ss.url_restored = True
    conversation_id = st.query_params.get(URL_KEY)
    if conversation_id:
        _open_saved(conversation_id)
        if ss.conversation_id != conversation_id:
            st.query_params.pop(URL_KEY, None)


def _paper_changed() -> None:
    """Another paper: a new conversation, and the widgets that held this paper's sections and facts start over."""
    _new_conversation()
    for key in PER_PAPER_KEYS:
        st.session_state.pop(key, None)


def _queue_question(question: str) -> None:
    st.session_state.queue.append(question)


def _submit_typed() -> None:
    """The chat input's callback: it runs before the next script run, so a question sent while another is being
    answered is kept (that run is stopped and this one answers the queue in order)."""
    ss = st.session_state
    question = ss.get("question") or ""
    message = length_message(question, max_chars=MAX_QUESTION_CHARS)
    if message:
        ss.notice = message
    elif question:
        ss.queue.append(question)


def _open_in_paper(citation: Citation) -> None:
    ss = st.session_state
    ss.paper_target = {"section": citation.section, "start": citation.start, "end": citation.end,
                       "page": citation.page, "label": citation.section_label, "n": citation.n}
    ss.paper_mode = "Section"
    ss.paper_section = citation.section
    ss.paper_page = citation.page
    ss.main_tab = "Paper"
    ss.scrolls = ss.get("scrolls", 0) + 1


def _chunk_span(assistant: Assistant, citation: Citation) -> tuple[int, int]:
    """The retrieved passage around a citation: its chunk, else its paragraph, else the quote itself."""
    index = getattr(assistant, "index", None)
    for chunk in getattr(index, "chunks", ()):
        if chunk.id == citation.chunk_id and chunk.start <= citation.start and citation.end <= chunk.end:
            return chunk.start, chunk.end
    for paragraph in assistant.document.paragraphs:
        if paragraph.start <= citation.start and citation.end <= paragraph.end:
            return paragraph.start, paragraph.end
    return citation.start, citation.end


# --------------------------------------------------------------------------------------------------------------
def render_papers() -> str:
    """The paper picker and the PDF upload, at the top of the sidebar; returns the id of the paper to show."""
    ss = st.session_state
    ss.setdefault("paper", SHIPPED)
    with st.sidebar:
        picker = st.container()
        uploaded = st.file_uploader("Add a paper (PDF)", type=["pdf"], key="upload", max_upload_size=MAX_UPLOAD_MB,
                                    help=f"Up to {MAX_UPLOAD_MB} MB and {PdfLimits().max_pages} pages. It is read "
                                    "and indexed on this machine and kept in the library.")
        if uploaded is not None:
            add_upload(uploaded)
        papers = [SHIPPED, *(p.id for p in list_papers())]
        if ss.paper not in papers:
            ss.paper = SHIPPED
        with picker:
            st.selectbox("Paper", papers, key="paper", format_func=_paper_name, on_change=_paper_changed)
    return ss.paper


def add_upload(uploaded: Any) -> None:
    """Read and index an uploaded PDF once (per upload), then open it. The upload is written to a temporary file
    with a generated name; its own name is only ever shown."""
    ss = st.session_state
    done = ss.setdefault("uploads", {})  # file_id -> ("ok", paper id) | ("error", message)
    if uploaded.file_id not in done:
        done[uploaded.file_id] = _read_upload(uploaded)
        if done[uploaded.file_id][0] == "ok":
            _paper_changed()
            ss.paper = done[uploaded.file_id][1]
    state, value = done[uploaded.file_id]
    if state == "error":
        st.error(escape_markdown(value), icon=":material/error:")


def _read_upload(uploaded: Any) -> tuple[str, str]:
    name = str(uploaded.name)
    if uploaded.size > MAX_UPLOAD_MB * 1024 * 1024:
        return "error", f"{name!r} is {uploaded.size / 1e6:.1f} MB, over the {MAX_UPLOAD_MB} MB limit."
    with st.status(f"Adding {name}…", expanded=True) as status:
        try:
            st.write("Reading the PDF…")
            with tempfile.TemporaryDirectory(prefix="upload-") as folder:
                path = Path(folder) / f"{uuid.uuid4().hex}.pdf"
                path.write_bytes(uploaded.getvalue())
                try:
                    paper, document = add_paper(path)
                except AssistantError as exc:
                    raise type(exc)(str(exc).replace(repr(str(path)), repr(name)).replace(str(path), name)) from exc
            st.write(f"Indexing {len(document.sentences)} sentences on {len(document.pages)} pages…")
            load_assistant(paper.id)
        except AssistantError as exc:
            status.update(label=f"Could not add {name}", state="error", expanded=False)
            return "error", f"Could not add {name!r}: {exc}"
        status.update(label=f"Added: {document.meta.title}", state="complete", expanded=False)
    return "ok", paper.id


def render_sidebar(assistant: Assistant) -> None:
    meta, status = assistant.document.meta, assistant.status
    with st.sidebar:
        st.markdown(f"#### {escape_markdown(meta.title)}")
        st.markdown(escape_markdown(", ".join(meta.authors)))
        venue = f"{meta.venue}" + (f" {meta.volume}({meta.issue})" if meta.volume is not None else "")
        pages = f"pp. {meta.first_page}-{meta.last_page}" if meta.last_page else ""
        st.caption(escape_markdown(", ".join(p for p in (venue, str(meta.year), pages) if p)))
        if meta.doi:
            st.caption(f"DOI {escape_markdown(meta.doi)}")
        render_cite(meta)

        st.markdown("**Index**")
        st.badge(status.state.split(" (")[0], color="green" if status.state == "loaded" else "orange",
                 help=status.state if " (" in status.state else None)
        st.caption(escape_markdown(f"{status.chunks} chunks · {status.sentences} sentences · model {status.model}"))
        st.caption(escape_markdown(f"built {status.built_at}"))

        st.markdown("**Settings**")
        st.toggle("Show scores", key="show_scores", help=SCORE_HELP)

        st.markdown("**Conversation**")
        st.button("New conversation", icon=":material/restart_alt:", on_click=_new_conversation, key="new_conversation",
                  width="stretch")
        history = st.session_state.history
        st.download_button("Download conversation", data=conversation_markdown(meta, history), key="download",
                           file_name="conversation.md", mime="text/markdown", icon=":material/download:",
                           on_click="ignore", disabled=not history, width="stretch")
        render_kept_conversations(st.session_state.paper)


def render_kept_conversations(paper: str) -> None:
    """The conversations kept for this paper, the latest first: open one, or delete it."""
    try:
        kept = _store().list_conversations(paper, limit=KEPT)
    except AssistantError as exc:
        st.caption(escape_markdown(f"Kept conversations are not available: {exc}"))
        return
    if not kept:
        return
    st.markdown("**Kept conversations**")
    current = st.session_state.conversation_id
    for saved in kept:
        with st.container(horizontal=True, vertical_alignment="center", gap="small", key=f"kept-{saved.id}"):
            st.button(escape_markdown(saved.title), key=f"reopen-{saved.id}", type="tertiary", width="stretch",
                      icon=":material/chat:" if saved.id == current else ":material/history:",
                      help=time.strftime("Started %Y-%m-%d %H:%M", time.localtime(saved.created)),
                      disabled=saved.id == current, on_click=_open_saved, args=(saved.id,))
            st.button("", key=f"delete-{saved.id}", type="tertiary", icon=":material/delete:",
                      help="Delete this conversation", on_click=_delete_saved, args=(saved.id,))


def render_cite(meta: PaperMeta) -> None:
    """A popover with the paper's reference in APA or BibTeX (``st.code`` has the copy button) and its DOI link."""
    with st.popover("Cite this paper", icon=":material/format_quote:", width="stretch"):
        style = st.segmented_control("Format", CITATION_STYLES, key="cite_style", default=CITATION_STYLES[0],
                                     required=True)
        st.code(format_reference(meta, style or CITATION_STYLES[0]), language="bibtex" if style == "BibTeX" else None,
                wrap_lines=True)
        if url := doi_url(meta):
            st.link_button("Open the DOI", url, icon=":material/open_in_new:", width="stretch")


def conversation_markdown(meta: PaperMeta, history: Sequence[dict]) -> str:
    """The conversation as a Markdown file (:func:`assistant.display.conversation_markdown`)."""
    return display.conversation_markdown(meta, [(turn["question"], turn["answer"]) for turn in history])


# --------------------------------------------------------------------------------------------------------------
def render_citation(assistant: Assistant, citation: Citation, key: str, *, related: bool = False) -> None:
    label = ("" if related else f"[{citation.n}] ") + f"p. {citation.page} · {citation.section_label}"
    if st.session_state.get("show_scores"):
        label += f" · score {citation.score:.3f}"
    with st.expander(escape_markdown(label), icon=":material/format_quote:"):
        pdf = pdf_path(assistant)
        text, image = st.columns([1, 1]) if pdf is not None else (st.container(), None)
        with text:
            if related:
                st.markdown(highlighted_markdown(assistant.document, citation.start, citation.end))
            else:
                start, end = _chunk_span(assistant, citation)
                st.markdown(highlighted_markdown(assistant.document, start, end, [(citation.start, citation.end)]))
            st.button("Open in paper", key=key, icon=":material/menu_book:", type="tertiary", on_click=_open_in_paper,
                      args=(citation,))
        if image is not None:
            with image:
                render_cited_pages(assistant, pdf, citation)


def render_cited_pages(assistant: Assistant, pdf: Path, citation: Citation) -> None:
    """The printed page(s) of a citation with its sentences' lines highlighted."""
    boxes = sentence_boxes(assistant.document, citation.start, citation.end)
    for page in cited_pages(boxes) or (citation.page,):
        try:
            png = render_pdf_page(pdf, page, boxes, PAGE_SCALE, excerpt_window(assistant.document, page, boxes))
        except AssistantError as exc:
            st.caption(escape_markdown(f"The page image is not available: {exc}"))
            return
        st.image(png, caption=f"p. {page}, cited lines highlighted", alt=f"Page {page} with the cited lines highlighted",
                 width="stretch")


def _where(row: display.SourceRow) -> str:
    return escape_markdown(f"p. {row.page} · {row.section}: “{row.quote}”")


def render_computation(comp: display.ComputationView | None) -> None:
    """The formula, then each input with its amount, its marker and its quote in full."""
    if comp is None:
        return
    with st.container(border=True):
        st.markdown("**Computation**")
        st.code(comp.formula, language=None, wrap_lines=True)
        for row in comp.inputs:
            head = f"**{escape_markdown(row.name)}**" + (f" {escape_markdown(row.year)}" if row.year else "")
            st.markdown(f"{head}: {escape_markdown(row.amount)}" + (f" {badge(row.source.n)}" if row.source and
                                                                     row.source.n else ""))
            if row.source or row.note:
                st.caption(_where(row.source) if row.source else escape_markdown(row.note))
        for warning in comp.warnings:
            st.warning(escape_markdown(warning), icon=":material/warning:")


def render_answer(assistant: Assistant, turn: dict, *, stream: bool = False) -> None:
    answer: Answer = turn["answer"]
    view = display.answer_view(answer)
    if view.abstained:
        st.info(answer_markdown(view), icon=":material/info:")
    elif stream:
        st.write_stream(answer_pieces(view))
    else:
        st.markdown(answer_markdown(view))
    if view.code:
        st.code(view.code, language=None, wrap_lines=True)
    if view.interpretation:
        st.caption(escape_markdown(f"Interpreted as: {view.interpretation}"))
    render_computation(view.computation)
    if answer.citations:
        st.caption("Sources")
        for citation in answer.citations:
            render_citation(assistant, citation, key=f"open-{turn['id']}-{citation.n}")
    if answer.related:
        st.markdown("**Related passages (not an answer)**")
        for citation in answer.related:
            render_citation(assistant, citation, key=f"open-{turn['id']}-r{citation.n}", related=True)
    for note in view.notes:
        st.caption(escape_markdown(note))


class _Job:
    """One queued question being answered on a thread of its own, so that the script run stays free to be stopped
    by the next question sent (whose callback then queues it: no two submissions ever fold into one run)."""

    def __init__(self, assistant: Assistant, question: str, conversation: Conversation) -> None:
        self.question, self.conversation = question, conversation
        self.answer: Answer | None = None
        self.error: str | None = None
        self.last = conversation.turns[-1] if conversation.turns else None  # (``last`` skips an abstained turn)
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(assistant,), daemon=True, name="answer").start()

    def _run(self, assistant: Assistant) -> None:
        try:
            self.answer = assistant.ask(self.question, self.conversation)
        except AssistantError as exc:
            self.error = f"Sorry, that failed: {exc}"
        finally:
            self.done.set()


def answer_next(assistant: Assistant, paper: str, beat: Any) -> dict | str:
    """Answer the first queued question (on its job's thread, waited for here) and keep it: the turn, or an error
    message. Between the answer and its keeping nothing draws on the page, so a rerun cannot come in between.
    ``beat`` is a placeholder drawn on every run at the same place (so the elements around it keep their state), whose
    clearing lets a new question stop the run while the job goes on."""
    ss = st.session_state
    job = ss.get("job")
    if job is None or job.question != ss.queue[0]:
        job = ss.job = _Job(assistant, ss.queue[0], copy.deepcopy(ss.conversation))
    while not job.done.wait(0.1):
        beat.empty()  # a point where the run can be stopped by a new question (the job goes on)
    ss.job = None
    ss.queue.pop(0)
    if job.answer is None:
        return job.error or "Sorry, that failed."
    turn = {"id": ss.next_turn, "question": job.question, "answer": job.answer}
    ss.next_turn += 1
    ss.history.append(turn)
    ss.conversation = job.conversation
    turns = job.conversation.turns
    added = turns[-1] if turns and turns[-1] is not job.last else None
    try:
        ss.conversation_id = _store().save_turn(ss.conversation_id, paper=paper, question=job.question,
                                                answer=job.answer, dialogue=added)
    except AssistantError as exc:
        ss.notice = f"This answer could not be kept for later: {exc}"
    return turn


def render_chat(assistant: Assistant, paper: str, beat: Any) -> None:
    ss = st.session_state
    if notice := ss.pop("notice", None):
        st.warning(escape_markdown(notice), icon=":material/warning:")
    if not ss.history and not ss.queue:
        st.markdown("##### Ask anything about the paper")
        st.caption("Answers quote the paper and cite page and section. Try one of these:")
        starters = assistant.starters
        cols = st.columns(len(starters))
        for i, (starter, col) in enumerate(zip(starters, cols, strict=True)):
            with col:
                st.button(f"**{starter.kind}**  \n{escape_markdown(starter.text)}", key=f"starter-{i}",
                          on_click=_queue_question, args=(starter.text,), width="stretch", wrap=True)
    for turn in ss.history:
        with st.chat_message("user"):
            st.markdown(escape_markdown(turn["question"]))
        with st.chat_message("assistant"):
            render_answer(assistant, turn)
    while ss.queue:
        with st.chat_message("user"):
            st.markdown(escape_markdown(ss.queue[0]))
        reply, waiting = st.chat_message("assistant"), st.empty()
        with waiting.container():
            for later in ss.queue[1:]:
                with st.chat_message("user"):
                    st.markdown(escape_markdown(later))
                    st.caption("Waiting for the answer above")
        with reply:
            with st.spinner("Reading the paper…"):
                turn = answer_next(assistant, paper, beat)
            waiting.empty()
            if isinstance(turn, str):
                st.error(escape_markdown(turn))
            else:
                render_answer(assistant, turn, stream=True)
        if ss.conversation_id and st.query_params.get(URL_KEY) != ss.conversation_id:
            st.query_params[URL_KEY] = ss.conversation_id


# --------------------------------------------------------------------------------------------------------------
def _facts(assistant: Assistant) -> Any:
    try:
        return assistant.facts
    except Exception as exc:  # a failure of the facts stage must not take the chat down
        st.error(escape_markdown(f"The facts table failed to load: {exc}"))
        return None


FACT_FILTERS = (("Metric", "metric"), ("Subject", "subject"), ("Year", "year"), ("Page", "page"))


def render_facts(assistant: Assistant) -> None:
    """The facts for people: readable names, amounts as printed, blank empty cells, page and quote; the count and
    the charts follow the filters."""
    facts = _facts(assistant)
    if facts is None:
        return
    rows = display.fact_rows(facts, assistant.document)
    if not rows:
        st.info("The paper states no figures the facts table could read.", icon=":material/table:")
        return
    shown = list(rows)
    cols = st.columns(len(FACT_FILTERS))
    for col, (label, field) in zip(cols, FACT_FILTERS, strict=True):
        options = sorted({getattr(r, field) for r in rows if getattr(r, field) != ""}, key=_filter_order)
        with col:
            chosen = st.multiselect(label, options, key=f"facts_{field}", placeholder="All")
        if chosen:
            shown = [r for r in shown if getattr(r, field) in chosen]
    count = f"{len(shown)} of {len(rows)} facts" if len(shown) != len(rows) else f"{len(rows)} facts"
    st.caption(f"{count} read from the paper's sentences.")
    table = pd.DataFrame([{"Metric": r.metric, "Subject": r.subject, "Year": r.year, "Amount": r.amount,
                           "Page": r.page, "Quote": r.quote} for r in shown],
                         columns=["Metric", "Subject", "Year", "Amount", "Page", "Quote"])
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Metric": st.column_config.TextColumn(width="medium"),
                                "Amount": st.column_config.TextColumn(width="small"),
                                "Page": st.column_config.NumberColumn(width="small", format="%d"),
                                "Quote": st.column_config.TextColumn(width="large")})
    render_facts_charts(shown)


def _filter_order(value: Any) -> tuple[int, Any]:
    return (0, value) if isinstance(value, int) else (1, str(value).lower())


def render_facts_charts(rows: Sequence[display.FactRow]) -> None:
    series = display.fact_series(rows)
    if series:
        st.markdown("**Over the years**")
        labels = [f"{s.metric} · {s.subject}" if s.subject else s.metric for s in series]
        chosen = st.selectbox("Metric", range(len(series)), format_func=labels.__getitem__, key="facts_series")
        line = series[chosen or 0]
        axis = line.metric + (f" ({line.unit})" if line.unit else "")
        data = pd.DataFrame({"Year": pd.to_datetime([f"{y}-01-01" for y, _ in line.points]),
                             axis: [v for _, v in line.points]})
        st.line_chart(data, x="Year", y=axis, x_label="", y_label=axis)
    comparisons = display.fact_comparisons(rows)
    if comparisons:
        st.markdown("**Compare subjects**")
        labels = [f"{c.metric} · {c.year}" for c in comparisons]
        chosen = st.selectbox("Metric and year", range(len(comparisons)), format_func=labels.__getitem__,
                              key="facts_chart")
        group = comparisons[chosen or 0]
        axis = f"{group.metric}, {group.year}" + (f" ({group.unit})" if group.unit else "")
        data = pd.Series(dict(group.bars), name=axis)
        st.bar_chart(data, horizontal=True, sort=False, x_label="", y_label=axis)


def render_checks(assistant: Assistant) -> None:
    facts = _facts(assistant)
    if facts is None:
        return
    if not facts.checks:
        st.success("No checks to report: the paper states no figures that can be recomputed or compared.")
        return
    st.caption(f"{len(facts.checks)} checks of the paper's own numbers against each other.")
    for view in map(display.check_view, facts.checks):
        with st.container(border=True):
            icon = ":green[:material/check_circle:]" if view.ok else ":orange[:material/warning:]"
            st.markdown(f"{icon} **{escape_markdown(view.title)}** · {escape_markdown(view.status)}")
            st.markdown(escape_markdown(view.explanation))
            st.caption(escape_markdown(f"The calculator {view.reading}"))
            for quote in view.quotes:
                st.caption(f"{badge(quote.n)} " + _where(quote) if quote.n else _where(quote))


# --------------------------------------------------------------------------------------------------------------
def render_paper(assistant: Assistant) -> None:
    document = assistant.document
    ss = st.session_state
    target = ss.paper_target
    keys = [s.key for s in document.sections]
    labels = {s.key: ("\u2003" * (s.level - 1)) + s.label for s in document.sections}
    ss.setdefault("paper_mode", "Section")
    mode = st.segmented_control("Browse by", ["Section", "Page"], key="paper_mode", required=True)
    spans = [(target["start"], target["end"])] if target else []
    if target:
        with st.container(horizontal=True, vertical_alignment="center"):
            where = f"Citation [{target['n']}] highlighted: p. {target['page']} · {target['label']}"
            st.caption(escape_markdown(where))
            st.button("Clear highlight", key="clear_highlight", type="tertiary",
                      on_click=lambda: ss.__setitem__("paper_target", None))
    if mode == "Page":
        page = st.selectbox("Page", document.pages, key="paper_page")
        st.markdown(f"###### Page {page}")
        with st.container(border=True, key="paper_text"):
            render_page(document, page, spans)
    else:
        key = st.selectbox("Section", keys, format_func=labels.__getitem__, key="paper_section")
        section = document.section(key)
        pages = f"{section.pages[0]}-{section.pages[-1]}" if len(section.pages) > 1 else f"{section.pages[0]}"
        st.caption(escape_markdown(f"{document.section_label(key)} · p. {pages}"))
        with st.container(border=True, key="paper_text"):
            st.markdown(highlighted_markdown(document, section.start, section.end, spans))
    if target and ss.get("scrolls"):
        st.html(SCROLL_SCRIPT.format(nonce=int(ss.scrolls)), unsafe_allow_javascript=True, width="content")


def render_page(document: Document, page: int, spans: Sequence[tuple[int, int]]) -> None:
    """The sentences printed on ``page``, paragraph by paragraph, with a caption when the section changes."""
    section = None
    for paragraph in document.paragraphs:
        if page not in paragraph.pages:
            continue
        sentences = [document.sentences[i] for i in paragraph.sentences if document.sentences[i].page == page]
        if not sentences:
            continue
        if paragraph.section != section:
            section = paragraph.section
            st.caption(escape_markdown(document.section_label(section)))
        parts = []
        for s in sentences:
            text = _escape_inline(" ".join(s.text.split()))
            hit = any(a < s.end and s.start < b for a, b in spans)
            parts.append(f":{HIGHLIGHT}[{text}]" if hit else text)
        st.markdown(" ".join(parts))


# --------------------------------------------------------------------------------------------------------------
def main() -> None:
    icon = Path(__file__).parent / "assets" / "page_icon.png"  # not ":material/...:", which is fetched from a CDN
    st.set_page_config(page_title="Paper assistant", page_icon=icon, layout="wide")
    ss = _state()
    restore_from_url()
    if ss.get("main_tab", "Chat") == "Chat":  # pinned to the bottom, and drawn first: typing can start at once
        st.chat_input("Ask about the paper…", key="question", on_submit=_submit_typed)  # its length: _submit_typed
    if not ss.get("painted"):  # a new session's first run draws the input alone; the rest comes in the next run
        ss.painted = True
        st.rerun()
    paper = render_papers()
    try:
        assistant = load_assistant(paper)
    except AssistantError as exc:
        st.error(escape_markdown(f"The paper could not be opened: {exc}"))
        st.stop()
    st.markdown("### :material/menu_book: Paper assistant")
    st.caption(escape_markdown(reference_text(assistant.document.meta)))
    tabs = dict(zip(TABS, st.tabs(TABS, key="main_tab", on_change="rerun", default="Chat"), strict=True))
    beat = st.sidebar.empty()  # see answer_next
    views = {"Chat": lambda: render_chat(assistant, paper, beat), "Facts": lambda: render_facts(assistant),
             "Checks": lambda: render_checks(assistant), "Paper": lambda: render_paper(assistant)}
    for name, tab in tabs.items():  # only the open tab's body is drawn (its widgets keep their state: see _state)
        if tab.open is not False and name == ss.get("main_tab", "Chat"):
            with tab:
                views[name]()
    render_sidebar(assistant)  # last, so the download holds the answer given in this run


if __name__ == "__main__":  # also true under AppTest; lets tests import the helpers above
    main()

"""The app in a real Chromium (the Debian ``chromium`` package; CI installs it) against a real ``streamlit run``."""

from __future__ import annotations

import os
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.bench_ui import CHROMIUM_ARGS, streamlit_server

try:
    from playwright import sync_api
except ImportError:  # the test tools are not installed: scripts/setup.sh --test
    sync_api = None

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ASSISTANT_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "screenshot.png"
PDF_SCREENSHOT = Path(tempfile.gettempdir()) / "ui.png"
SMALLEST_PDF = ROOT.parent / "shared" / "papers" / "timedep.pdf"  # the smallest example paper (~20 s to read and index)
FACT = "How many biomedical enterprises were there in 2017?"
CAGR = "What's the CAGR of gross output 2010-2017?"
WARM = "What are the disadvantages of the industry?"
INPUT = '[data-testid="stChatInputTextArea"]'
MESSAGE = '[data-testid="stChatMessage"]'
HIGHLIGHT = "span.stMarkdownColoredBackground"
LOADING = 60_000  # ms an expectation waits for a rerun to be drawn on this busy machine
RUNNING = ('[data-testid="stSpinner"], [data-testid="stStatusWidgetRunningIcon"], '
           '[data-testid="stStatusWidgetRunningManIcon"]')

LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# skipped per test, not for the module, so that tests/conftest.py can fail them under CI=true
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"{CHROMIUM} is missing: install the Debian package (apt-get install chromium)"),
    pytest.mark.skipif(sync_api is None, reason="playwright is missing: scripts/setup.sh --test installs it"),
]

@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("streamlit") / "streamlit.log"


@pytest.fixture(scope="module")
def server(server_log: Path) -> Iterator[str]:
    """``streamlit run`` as scripts/app.sh starts it (config.toml's server.address "localhost" is 127.0.0.1 here),
    uploads going to a library of this test run only."""
    with streamlit_server(log_path=server_log, timeout=120) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server)
    page.wait_for_selector(INPUT, timeout=120_000)  # shown at once, while the Assistant loads
    page.wait_for_function("selector => !document.querySelector(selector)", arg=RUNNING, timeout=240_000)  # loaded
    try:
        yield page
    finally:
        context.close()


def ask(page, question: str) -> tuple[object, float]:
    """Type ``question``, press Enter, wait for the answer; return its chat message and the seconds it took to show."""
    before = page.locator(MESSAGE).count()
    page.fill(INPUT, question)
    started = time.perf_counter()
    page.press(INPUT, "Enter")
    page.wait_for_function(
        """([selector, n]) => {
            const messages = document.querySelectorAll(selector);
            if (messages.length < n + 2) return false;
            const reply = messages[messages.length - 1];
            if (reply.querySelector('[data-testid="stSpinner"]')) return false;
            const body = reply.querySelector('[data-testid="stMarkdownContainer"], [data-testid="stAlert"]');
            return body !== null && body.innerText.trim().length > 10;
        }""",
        arg=[MESSAGE, before],
    )
    elapsed = time.perf_counter() - started
    wait_until_idle(page)
    return page.locator(MESSAGE).nth(page.locator(MESSAGE).count() - 1), elapsed  # the newest reply, settled


def wait_until_idle(page) -> None:
    """Until the script run is over (Streamlit shows its running indicator while the script runs)."""
    page.wait_for_function("selector => !document.querySelector(selector)", arg=RUNNING)
    page.wait_for_timeout(300)


def test_chat_citations_and_paper_in_a_real_browser(page) -> None:
    reply, cold = ask(page, FACT)
    sync_api.expect(reply).to_contain_text("7,697")
    sync_api.expect(reply).to_contain_text("p. 93")

    # open the first citation: the passage shows, with the cited sentence
    reply.locator('[data-testid="stExpander"] summary').first.click()
    passage = reply.locator('[data-testid="stExpanderDetails"]').first
    sync_api.expect(passage).to_contain_text("an increase of 248 over the same period of the previous year")
    sync_api.expect(passage.locator(HIGHLIGHT)).to_contain_text("has reached 7,697")  # the cited sentence

    reply2, _ = ask(page, CAGR)
    answer_and_formula = reply2.inner_text()
    assert "16.70" in answer_and_formula
    from assistant.pipeline import Assistant  # noqa: PLC0415 - only to learn whether the calculator is wired in yet

    computation = Assistant.load().ask(CAGR).computation
    if computation is not None:
        sync_api.expect(reply2.locator('[data-testid="stCode"]').first).to_contain_text(computation.formula)
        assert "16.70" in computation.formula or "16.7" in answer_and_formula

    wait_until_idle(page)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))

    reply3, warm = ask(page, WARM)
    sync_api.expect(reply3).to_contain_text("Lack of brand awareness")
    print(f"\nbrowser: Enter -> answer text shown: first question {cold:.2f} s, warm question {warm:.2f} s")

    # "Open in paper" switches to the Paper tab at the cited section, with the sentence highlighted
    reply.locator('[data-testid="stExpanderDetails"]').first.get_by_role("button", name="Open in paper").click()
    sync_api.expect(page.locator('[role="tab"][aria-selected="true"]')).to_have_text("Paper")
    panel = page.locator('[role="tabpanel"]:visible')
    sync_api.expect(panel).to_contain_text("Citation [1] highlighted: p. 93")
    sync_api.expect(panel).to_contain_text("IV. ANALYSIS OF THE DEVELOPMENT STATUS OF BIOMEDICAL INDUSTRY")
    sync_api.expect(panel.locator(HIGHLIGHT)).to_contain_text("biomedical enterprises in China has reached 7,697")


def test_injected_markup_is_inert_in_a_real_browser(page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    question = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) <b>bold</b> $x^2$ :red[red]"
    ask(page, question)
    user = page.locator(MESSAGE).first
    sync_api.expect(user).to_contain_text(question)
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert user.locator("b, .katex").count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []


def test_upload_a_pdf_ask_and_see_the_cited_page_highlighted(page) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('input[type="file"]').set_input_files(str(SMALLEST_PDF))
    sync_api.expect(sidebar).to_contain_text("Added: Using Time Dependent Covariates", timeout=240_000)
    wait_until_idle(page)
    main = page.get_by_role("tabpanel", name="Chat")
    sync_api.expect(main).to_contain_text("Summarize section")  # the new paper's own starters
    sync_api.expect(main).not_to_contain_text("enterprises")

    reply, _ = ask(page, "How large a hazard ratio did the responder analysis of the lung data produce?")
    sync_api.expect(reply).to_contain_text("p. ")
    reply.locator('[data-testid="stExpander"] summary').first.click()
    details = reply.locator('[data-testid="stExpanderDetails"]').first
    sync_api.expect(details.locator(HIGHLIGHT).first).to_be_visible()  # the quoted sentence in the text passage
    image = details.locator('img[alt*="cited lines highlighted"]').first
    sync_api.expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=image.element_handle())
    sync_api.expect(details).to_contain_text("cited lines highlighted")
    image.scroll_into_view_if_needed()
    wait_until_idle(page)
    page.screenshot(path=str(PDF_SCREENSHOT))


def test_no_request_leaves_the_machine(page, server_log: Path) -> None:
    """Offline at run time: the page, its fonts and icons, an answer and the favicon come from the local server only."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda websocket: requests.append(websocket.url))
    page.reload()  # the whole page load, recorded from its first request
    page.wait_for_selector(INPUT, timeout=120_000)
    reply, _ = ask(page, FACT)
    sync_api.expect(reply).to_contain_text("7,697")
    reply.locator('[data-testid="stExpander"] summary').first.click()  # a cited passage opened
    wait_until_idle(page)
    # and every URL the page names (its icon link, images, resources loaded), even one served from the cache
    requests += page.evaluate("""() => [
        ...performance.getEntriesByType("resource").map(entry => entry.name),
        ...[...document.querySelectorAll("link[href]")].map(link => link.href),
        ...[...document.querySelectorAll("[src]")].map(element => element.src),
    ]""")
    assert any(url.startswith("http") for url in requests)
    outbound = sorted({url for url in requests if url.startswith(("http:", "https:", "ws:", "wss:", "//"))
                       and urllib.parse.urlsplit(url).hostname not in LOCAL_HOSTS})
    assert outbound == []
    log = server_log.read_text()
    assert "URL: http://localhost:" in log  # bound to this machine by .streamlit/config.toml
    assert "External URL" not in log and "external IP" not in log  # no look-up of the external IP at start


def test_earlier_turns_do_not_poison_a_complete_question(page) -> None:
    """A question that is complete on its own gets the same answer after a list, a summary, an out-of-scope
    question or odd input; a follow-up resolved against the conversation says how it was read."""
    for before in ("What are the disadvantages?", "Summarize section V", "What does the paper say about Pfizer?",
                   "asdf qwer"):
        ask(page, before)
        reply, _ = ask(page, FACT)
        sync_api.expect(reply).to_contain_text("7,697")
        sync_api.expect(reply).not_to_contain_text("does not say")
        sync_api.expect(reply).not_to_contain_text("Interpreted as")
    ask(page, "What are the disadvantages?")
    reply, _ = ask(page, "tell me more about the second one")
    sync_api.expect(reply).to_contain_text("Insufficient talent")
    sync_api.expect(reply).to_contain_text("Interpreted as")


def test_metadata_questions_are_answered_from_the_metadata(page) -> None:
    from assistant.ingest import load_metadata  # noqa: PLC0415

    meta = load_metadata(ROOT / "corpus")[0]
    reply, _ = ask(page, "Who are the authors?")
    for name in meta.authors:
        sync_api.expect(reply).to_contain_text(name)
    sync_api.expect(reply).not_to_contain_text("gratitude")  # not the acknowledgment
    reply, _ = ask(page, "How do I cite this paper?")
    sync_api.expect(reply).to_contain_text(f"https://doi.org/{meta.doi}")
    sync_api.expect(reply).to_contain_text("@article{")


def test_a_fresh_page_shows_the_chat_input_and_draws_only_the_open_tab(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(server)
        sync_api.expect(page.locator(INPUT)).to_be_visible(timeout=120_000)  # how soon: `python -m assistant bench`
        wait_until_idle(page)
        assert page.locator('[data-testid="stDataFrame"]').count() == 0  # the Facts tab is not drawn while hidden
        page.get_by_role("tab", name="Facts").click()
        sync_api.expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=LOADING)
        sync_api.expect(page.locator(INPUT)).to_have_count(0, timeout=LOADING)  # the input belongs to the chat
        page.get_by_role("tab", name="Chat").click()
        sync_api.expect(page.locator(INPUT)).to_be_visible(timeout=LOADING)
    finally:
        context.close()


def test_questions_sent_while_one_is_answered_are_queued_not_dropped(page) -> None:
    questions = [FACT, "How do I cite this paper?", WARM]  # each sent as soon as the one before shows, unanswered
    for question in questions:  # (two sent within the same instant can still fold into one: Streamlit merges reruns)
        page.fill(INPUT, question)
        page.press(INPUT, "Enter")
        sync_api.expect(page.locator(MESSAGE).filter(has_text=question).first).to_be_visible(timeout=LOADING)
    page.wait_for_function(
        """([selector, running, n]) => document.querySelectorAll(selector).length >= n
                                       && !document.querySelector(running)""",
        arg=[MESSAGE, RUNNING, 2 * len(questions)], timeout=180_000)
    wait_until_idle(page)
    messages = page.locator(MESSAGE)
    assert messages.count() == 2 * len(questions)
    for i, question in enumerate(questions):  # in the order they were sent, each followed by its answer
        sync_api.expect(messages.nth(2 * i)).to_contain_text(question, timeout=LOADING)
    sync_api.expect(messages.nth(1)).to_contain_text("7,697", timeout=LOADING)
    sync_api.expect(messages.nth(3)).to_contain_text("@article{", timeout=LOADING)
    sync_api.expect(messages.nth(5)).to_contain_text("Lack of brand awareness", timeout=LOADING)


def test_a_conversation_survives_a_reload_and_can_be_deleted(page) -> None:
    first = "What was the fastest-growing sub-sector by revenue in 2017?"
    ask(page, first)
    page.wait_for_function("() => new URLSearchParams(location.search).has('c')")
    conversation = page.evaluate("() => new URLSearchParams(location.search).get('c')")
    page.reload()
    page.wait_for_selector(INPUT, timeout=120_000)
    sync_api.expect(page.locator(MESSAGE).first).to_contain_text(first, timeout=LOADING)  # reopened from the URL
    assert page.locator(MESSAGE).count() == 2
    reply, _ = ask(page, "And the slowest?")  # the follow-up still resolves against the reopened turn
    sync_api.expect(reply).to_contain_text("7.7%", timeout=LOADING)
    assert page.evaluate("() => new URLSearchParams(location.search).get('c')") == conversation

    sidebar = page.locator('[data-testid="stSidebar"]')
    sync_api.expect(sidebar).to_contain_text("Kept conversations", timeout=LOADING)
    sidebar.locator(f".st-key-delete-{conversation} button").first.click()
    sync_api.expect(page.locator(MESSAGE)).to_have_count(0, timeout=LOADING)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('c')")
    sync_api.expect(sidebar.locator(f".st-key-kept-{conversation}")).to_have_count(0, timeout=LOADING)
    page.reload()
    page.wait_for_selector(INPUT, timeout=120_000)
    wait_until_idle(page)
    assert page.locator(MESSAGE).count() == 0


def test_open_in_paper_scrolls_to_the_highlighted_sentence(page) -> None:
    reply, _ = ask(page, FACT)
    ask(page, WARM)  # a longer page: the first answer's citation is far from the top
    reply.locator('[data-testid="stExpander"] summary').first.click()
    reply.locator('[data-testid="stExpanderDetails"]').first.get_by_role("button", name="Open in paper").click()
    sync_api.expect(page.locator('[role="tab"][aria-selected="true"]')).to_have_text("Paper", timeout=LOADING)
    highlight = page.locator(f'[role="tabpanel"]:visible {HIGHLIGHT}').first
    sync_api.expect(highlight).to_contain_text("biomedical enterprises in China has reached 7,697", timeout=LOADING)
    viewport, deadline = page.viewport_size, time.monotonic() + 30
    while True:  # the locator is queried again each time: a rerun may draw the highlight anew while it scrolls
        box = highlight.bounding_box()
        if box is not None and box["height"] > 0 and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]:
            break
        assert time.monotonic() < deadline, (box, viewport)
        page.wait_for_timeout(250)

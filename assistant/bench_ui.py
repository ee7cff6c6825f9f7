"""The browser rows of the benchmark: how soon a fresh tab of the Streamlit app shows its chat input.

One ``streamlit run`` is started (headless, a library of its own), warmed by one page load (the Assistant loads
then), and N new tabs of that browser (each a new Streamlit session) are timed from navigation to the chat input
being visible. The same is measured for a bare Streamlit page holding only a chat input: the floor that the
browser, the machine and Streamlit's own JavaScript set, which no app can go below. Needs Playwright for Python
and a Chromium (the Debian package); without them the rows are skipped with a note. No browser is ever
downloaded.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .config import ROOT
from .errors import AssistantError

APP = ROOT / "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic")
CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
FRESH_TAB = "fresh tab: chat input"
FRESH_TAB_BAR_MS = 2000.0
FLOOR = "fresh tab: bare Streamlit"
FLOOR_APP = 'import streamlit as st\n\nst.chat_input("Ask")\n'


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url: str) -> bool:
    """Whether the Streamlit server at ``url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(*, app: Path = APP, env: dict[str, str] | None = None, timeout: float = 180.0,
                     log_path: Path | None = None) -> Iterator[str]:
    """``streamlit run app`` in the repository root (so with its .streamlit/config.toml) on a free local port, with a
    library of its own; yields its URL once healthy. Its output goes to ``log_path`` (kept) or a temporary file."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-ui-") as scratch:
        log_path = log_path or Path(scratch) / "streamlit.log"
        with open(log_path, "w+", encoding="utf-8") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true", "--server.port",
                 str(port), "--browser.gatherUsageStats", "false"],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
                     "ASSISTANT_LIBRARY": str(Path(scratch) / "library"), **(env or {})})
            try:
                deadline = time.monotonic() + timeout
                while not healthy(url):
                    if child.poll() is not None or time.monotonic() > deadline:
                        log.flush()
                        raise AssistantError(f"`streamlit run {app.name}` did not answer at {url} (exit code "
                                             f"{child.poll()}): {log_path.read_text(encoding='utf-8')[-500:]!r}")
                    time.sleep(0.3)
                yield url
            finally:
                child.terminate()
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()


def time_fresh_tabs(url: str, *, runs: int = 5, warm: bool = True, chromium: Path = CHROMIUM) -> tuple[float, ...]:
    """Seconds from opening ``url`` in a new tab until the chat input is visible, for ``runs`` tabs of one browser
    (its HTTP cache shared, as a user's tabs share it); ``warm``: one untimed page load first (the server loads the
    Assistant then)."""
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=list(CHROMIUM_ARGS))
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            for i in range(runs + (1 if warm else 0)):
                page = context.new_page()
                try:
                    started = time.perf_counter()
                    page.goto(url)
                    page.wait_for_selector(CHAT_INPUT, state="visible", timeout=300_000)
                    if i or not warm:
                        samples.append(time.perf_counter() - started)
                finally:
                    page.close()
        finally:
            browser.close()
    return tuple(samples)


def measure_fresh_tab(*, runs: int = 5, chromium: Path = CHROMIUM) -> tuple[dict[str, tuple[float, ...]], list[str]]:
    """The fresh-tab samples of the app (:data:`FRESH_TAB`) and of the bare page (:data:`FLOOR`), none when no
    browser is available, and notes."""
    if not chromium.exists():
        return {}, [f"fresh-tab rows skipped: no Chromium at {str(chromium)!r} (apt-get install chromium)"]
    try:
        import playwright  # noqa: F401
    except ImportError:
        return {}, ["fresh-tab rows skipped: Playwright for Python is not installed"]
    samples = {}
    with streamlit_server() as url:
        samples[FRESH_TAB] = time_fresh_tabs(url, runs=runs, chromium=chromium)
    with tempfile.TemporaryDirectory(prefix="bench-ui-floor-") as scratch:
        floor = Path(scratch) / "floor.py"
        floor.write_text(FLOOR_APP, encoding="utf-8")
        with streamlit_server(app=floor) as url:
            samples[FLOOR] = time_fresh_tabs(url, runs=runs, chromium=chromium)
    return samples, []

"""scripts/setup.sh and scripts/app.sh with stand-ins for python, apt-get and streamlit; CI's rule on skipped tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import ROOT

FAKE_PYTHON = """#!/bin/sh
echo "python $*" >> "$CALLS"
"""
FAKE_STREAMLIT = """#!/bin/sh
echo "streamlit $*" >> "$CALLS"
"""
FAKE_APT_GET = """#!/bin/sh
echo "apt-get $* DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-}" >> "$CALLS"
if [ "${FAKE_APT:-}" = "fails" ]; then exit 100; fi
case "$*" in
  *"install"*"chromium"*) if [ "${FAKE_APT:-}" != "no-chromium" ]; then cp /bin/true "$ASSISTANT_CHROMIUM"; fi;;
esac
"""
FAKE_SUDO = """#!/bin/sh
exec "$@"
"""


def _script(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the scripts and pyproject.toml, with a .venv whose python and streamlit only record their arguments."""
    repo = tmp_path / "repo"
    for name in ("scripts/setup.sh", "scripts/app.sh", "pyproject.toml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    _script(repo / ".venv/bin/python", FAKE_PYTHON)
    _script(repo / ".venv/bin/streamlit", FAKE_STREAMLIT)
    (repo / ".venv/bin/activate").write_text(f'PATH="{repo}/.venv/bin:$PATH"\n')
    _script(tmp_path / "bin/apt-get", FAKE_APT_GET)
    _script(tmp_path / "bin/sudo", FAKE_SUDO)
    (tmp_path / "wordnet").mkdir()
    return repo


def _run(checkout: Path, script: str, *args: str, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run ``scripts/<script>`` in ``checkout``; return the process and the commands the stand-ins recorded."""
    calls = checkout.parent / "calls.log"
    calls.write_text("")
    base = {"PATH": f"{checkout.parent / 'bin'}:/usr/bin:/bin", "HOME": str(checkout.parent), "CALLS": str(calls),
            "ASSISTANT_WORDNET_DIR": str(checkout.parent / "wordnet"),
            "ASSISTANT_CHROMIUM": str(checkout.parent / "chromium")}
    out = subprocess.run(["bash", f"scripts/{script}", *args], cwd=checkout, env={**base, **env}, check=False,
                         capture_output=True, text=True, timeout=60)
    return out, calls.read_text().splitlines()


def _wordnet_installed(checkout: Path) -> None:
    for name in ("data.noun", "index.sense"):
        (checkout.parent / "wordnet" / name).write_text("")


def test_the_scripts_parse() -> None:
    for script in ("setup.sh", "app.sh", "test.sh"):
        out = subprocess.run(["bash", "-n", ROOT / "scripts" / script], capture_output=True, text=True, check=False)
        assert out.returncode == 0, out.stderr


def test_apt_get_is_called_noninteractive_for_wordnet_and_chromium(checkout) -> None:
    out, calls = _run(checkout, "setup.sh", "--test")
    assert out.returncode == 0, out.stderr
    apt = [call for call in calls if call.startswith("apt-get")]
    assert apt == ["apt-get update -qq DEBIAN_FRONTEND=",
                   "apt-get install -y -qq wordnet-base wordnet-sense-index DEBIAN_FRONTEND=noninteractive",
                   "apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive"]
    assert "chromium installed" in out.stdout
    assert "command not found" not in out.stderr
    assert calls[-1] == "python -m assistant index"


def test_wordnet_without_its_sense_index_is_installed_again(checkout) -> None:
    (checkout.parent / "wordnet" / "data.noun").write_text("")  # wordnet-base alone: no index.sense
    out, calls = _run(checkout, "setup.sh")
    assert out.returncode == 0, out.stderr
    assert "apt-get install -y -qq wordnet-base wordnet-sense-index DEBIAN_FRONTEND=noninteractive" in calls
    _wordnet_installed(checkout)
    out, calls = _run(checkout, "setup.sh")
    assert out.returncode == 0, out.stderr
    assert not [call for call in calls if call.startswith("apt-get")]


@pytest.mark.parametrize("fake_apt", ["fails", "no-chromium"])
def test_a_package_not_installed_stops_setup_under_ci_only(checkout, fake_apt) -> None:
    if fake_apt == "no-chromium":  # apt-get succeeds, yet no browser where the test looks for it
        _wordnet_installed(checkout)
    out, calls = _run(checkout, "setup.sh", "--test", FAKE_APT=fake_apt, CI="true")
    assert out.returncode == 1
    assert "could not install" in out.stderr and "CI=true: stopping" in out.stderr
    assert "python -m assistant index" not in calls

    out, calls = _run(checkout, "setup.sh", "--test", FAKE_APT=fake_apt)
    assert out.returncode == 0, out.stderr
    assert "could not install chromium: the browser test will be skipped" in out.stderr
    assert calls[-1] == "python -m assistant index"


def test_setup_installs_the_project_again_only_when_pyproject_changes(checkout) -> None:
    _wordnet_installed(checkout)

    def installs(*args: str) -> list[str]:
        out, calls = _run(checkout, "setup.sh", *args)
        assert out.returncode == 0, out.stderr
        assert calls[-1] == "python -m assistant index"
        return [call for call in calls if call.startswith("python -m pip install --quiet -e")]

    assert installs() == ["python -m pip install --quiet -e ."]
    assert installs() == []
    assert installs("--test") == ["python -m pip install --quiet -e .[test]"]
    assert installs() == [] and installs("--test") == []
    with (checkout / "pyproject.toml").open("a") as pyproject:
        pyproject.write("# a change\n")
    assert installs() == ["python -m pip install --quiet -e ."]
    assert installs("--test") == ["python -m pip install --quiet -e .[test]"]


def test_app_starts_at_once_when_set_up(checkout) -> None:
    _wordnet_installed(checkout)
    out, calls = _run(checkout, "app.sh", "--server.port", "8600")  # the first time: set up, then start
    assert out.returncode == 0, out.stderr
    assert "python -m pip install --quiet -e ." in calls
    assert calls[-1] == "streamlit run streamlit_app.py --server.port 8600"

    out, calls = _run(checkout, "app.sh", "--server.address", "0.0.0.0")
    assert out.returncode == 0, out.stderr
    assert [call for call in calls if "pip" in call or "assistant index" in call] == []
    assert calls[-1] == "streamlit run streamlit_app.py --server.address 0.0.0.0"

    (checkout / ".venv/bin/streamlit").unlink()  # broken: set up again
    out, calls = _run(checkout, "app.sh")
    assert "python -m pip install --quiet -e ." in calls


def _pytest(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if key != "CI"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=cwd, check=False,
                          env={**environ, **env}, capture_output=True, text=True, timeout=300)


def test_a_skip_for_a_missing_install_fails_under_ci(tmp_path) -> None:
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.browser\n"
        "def test_browser():\n    pytest.skip('no browser')\n\n"
        "def test_module():\n    pytest.importorskip('a_module_that_is_not_installed')\n\n"
        "def test_other():\n    pytest.skip('not on this platform')\n")
    args = ("-p", "tests.conftest", "-W", "ignore::pytest.PytestUnknownMarkWarning",
            str(tmp_path / "test_skips.py"))
    env = {"PYTHONPATH": str(ROOT)}
    ci = _pytest(*args, cwd=tmp_path, CI="true", **env)
    assert ci.returncode == 1, ci.stdout
    assert "2 failed, 1 skipped" in ci.stdout
    assert "FAILED test_skips.py::test_browser" in ci.stdout and "FAILED test_skips.py::test_module" in ci.stdout
    local = _pytest(*args, cwd=tmp_path, **env)
    assert local.returncode == 0 and "3 skipped" in local.stdout, local.stdout


def test_the_browser_test_fails_under_ci_without_chromium(tmp_path) -> None:
    missing = str(tmp_path / "no-chromium")
    ci = _pytest("tests/test_browser.py", cwd=ROOT, CI="true", ASSISTANT_CHROMIUM=missing)
    assert ci.returncode == 1, ci.stdout
    assert re.fullmatch(r"\d+ errors? in .*", ci.stdout.splitlines()[-1]), ci.stdout  # at set-up, where the skip was
    assert f"does not allow (scripts/setup.sh --test installs what is missing): {missing} is missing" in ci.stdout
    local = _pytest("tests/test_browser.py", cwd=ROOT, ASSISTANT_CHROMIUM=missing)
    assert local.returncode == 0, local.stdout
    assert "skipped" in local.stdout.splitlines()[-1] and "failed" not in local.stdout

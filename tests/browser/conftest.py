"""End-to-end fixtures: a small data directory, the app under uvicorn, and headless Chromium.

The browser is the system Chromium (Debian package `chromium`); Playwright's own browser
downloads are never used. Tests are skipped, with a message, only when no browser is found.

Environment overrides, for working on the UI:
  POLICYKG_CHROMIUM            path to a Chromium/Chrome executable
  POLICYKG_BROWSER_BASE_URL    use a server that is already running (no data set-up, no uvicorn)
  POLICYKG_BROWSER_DATA_DIR    reuse a data directory already initialised, ingested and indexed
  POLICYKG_BROWSER_APP         uvicorn factory to serve (default search_api.app:create_app)
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
VENV_BIN = Path(sys.executable).parent

# A small corpus: three policies (Korean and English), the technology and organisation tables
# and the regional statistics, enough for every view to have something to show.
SUBSET = [
    "corpus/policies/written/ko-photonics-convergence.md",
    "corpus/policies/written/photonics-industry-promotion.md",
    "corpus/policies/written/future-automobile-strategy-2019.md",
    "corpus/technologies.csv",
    "corpus/organisations.csv",
    "corpus/regions/regional_stats.csv",
]

BROWSER_CANDIDATES = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
]
BROWSER_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def find_browser() -> str | None:
    explicit = os.environ.get("POLICYKG_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for candidate in BROWSER_CANDIDATES:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"})
    return env


def _policykg() -> list[str]:
    exe = VENV_BIN / "policykg"
    if exe.is_file():
        return [str(exe)]
    found = shutil.which("policykg")
    if found:
        return [found]
    return [sys.executable, "-m", "policykg_cli.main"]


def _run(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        args, cwd=REPO, env=_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        pytest.fail(
            f"`{' '.join(args)}` failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
            f"{proc.stderr[-3000:]}"
        )
    return proc


def _vendored_files() -> list[Path]:
    spec = importlib.util.spec_from_file_location("vendor_js", REPO / "scripts" / "vendor_js.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    vendor = REPO / "search_api" / "web" / "vendor"
    return [vendor / dest for files in module.FILES.values() for _, dest in files]


def _ensure_vendored_js() -> None:
    """The UI needs cytoscape and fcose from npm in search_api/web/vendor (`make web`)."""
    if all(path.is_file() for path in _vendored_files()):
        return
    if not (REPO / "node_modules" / "cytoscape").is_dir():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("search_api/web/vendor is missing and npm is not installed: `make web`")
        _run([npm, "ci", "--no-audit", "--no-fund"], timeout=300)
    _run([sys.executable, "scripts/vendor_js.py"], timeout=60)


@pytest.fixture(scope="session")
def browser_executable() -> str:
    path = find_browser()
    if not path:
        pytest.skip(
            "no Chromium found for the browser tests: install the Debian package "
            "(`apt-get install -y chromium`) or set POLICYKG_CHROMIUM"
        )
    return path


@pytest.fixture(scope="session")
def ui_data_dir(tmp_path_factory: pytest.TempPathFactory, browser_executable: str) -> Path:
    """init + ingest (small subset) + index, once per session (about two minutes)."""
    reuse = os.environ.get("POLICYKG_BROWSER_DATA_DIR")
    if reuse:
        return Path(reuse)
    cli = _policykg()
    commands = _run([*cli, "--help"], timeout=120).stdout
    if " index " not in commands and "│ index" not in commands:
        pytest.skip("`policykg index` does not exist yet: the browser tests need search indexes")
    data = tmp_path_factory.mktemp("ui-data")
    _run([*cli, "--data-dir", str(data), "init"], timeout=300)
    _run([*cli, "--data-dir", str(data), "ingest", *SUBSET], timeout=600)
    _run([*cli, "--data-dir", str(data), "index"], timeout=900)
    return data


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM if pytest dies without running its teardown."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, proc: subprocess.Popen[bytes] | None, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"uvicorn exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    tail = log.read_text()[-4000:]
    pytest.fail(f"the server did not answer {url} within {timeout:.0f} s:\n{tail}")


@pytest.fixture(scope="session")
def base_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 and a free port, serving the UI and the API."""
    external = os.environ.get("POLICYKG_BROWSER_BASE_URL")
    if external:
        request.getfixturevalue("browser_executable")
        yield external.rstrip("/")
        return
    data = request.getfixturevalue("ui_data_dir")
    _ensure_vendored_js()
    port = _free_port()
    log = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    env = _env()
    env["POLICYKG_DATA_DIR"] = str(data)
    app = os.environ.get("POLICYKG_BROWSER_APP", "search_api.app:create_app")
    args = [sys.executable, "-m", "uvicorn", "--factory", app]
    args += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args,
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/health", proc, log, timeout=90)
        with urllib.request.urlopen(f"{url}/", timeout=10) as resp:
            page = resp.read().decode("utf-8", "replace")
        if 'id="view-ask"' not in page:
            pytest.fail("GET / does not serve the web UI: mount search_api/web at / (html=True)")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def ui_browser(browser_executable: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=browser_executable, args=BROWSER_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        pw.stop()


class PageProblems:
    """Uncaught script errors and requests that tried to leave the machine."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.external: list[str] = []


@pytest.fixture
def ui_page(ui_browser, base_url: str) -> Iterator[object]:
    """A fresh Korean-locale page; fails the test on script errors or off-machine requests."""
    context = ui_browser.new_context(
        base_url=base_url,
        locale="ko-KR",
        viewport={"width": 1440, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(30_000)
    problems = PageProblems()

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            problems.external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda exc: problems.errors.append(str(exc)))
    page.problems = problems
    try:
        yield page
    finally:
        context.close()
    assert not problems.external, f"the UI requested off-machine URLs: {problems.external}"
    assert not problems.errors, f"uncaught errors in the page: {problems.errors}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

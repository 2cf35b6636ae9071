"""A real server (`streamlit run app.py`) on a free port and a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from alignment import bootstrap, db, metrics, queries, views
from alignment.ui.widgets import percent

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic",
]
# One generous default for every wait, expectations and actions alike: a loaded 2-core machine
# draws a chart in well over Playwright's 5 s default.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)
# `make screenshots` sets it to docs/screenshots, the README's pictures; any other run keeps
# its screenshots in each test's temporary folder, so running the tests changes no file.
SCREENSHOTS_ENV = "ALIGNMENT_SCREENSHOTS"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Return once the server answers its health check; fail with its log if it dies or hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited:\n" + log.read_text())
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server not healthy in time:\n" + log.read_text())


def started_server(db_path: Path, log: Path, options: dict[str, str] | None = None,
                   env: dict[str, str] | None = None) -> Server:
    """``streamlit run app.py`` from the repo root against ``db_path``, with Streamlit
    ``options`` (``{"server.address": "0.0.0.0"}``) and ``env`` variables added."""
    port = free_port()
    env = {**os.environ, "ALIGNMENT_DB": str(db_path), **(env or {})}
    options = {"server.address": "127.0.0.1", **(options or {})}
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py",
         "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false",
         *(part for name, value in options.items() for part in (f"--{name}", value))],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, log)
    return Server(url=url, process=process, log=log)


def stopped(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def screenshot(tmp_path) -> Callable[..., Path]:
    """Takes a screenshot of a page (or of the window scrolled to ``at``) by file name; returns
    where it went."""
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, whole: bool = False, at=None) -> Path:
        path = folder / name
        if at is not None:  # the window scrolled to a part of the page (a heading, a section)
            at.evaluate("element => element.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(path))
            return path
        if whole:  # the app scrolls inside its main area: grow the window to all of it
            height = page.evaluate(
                "document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight")
            page.set_viewport_size({"width": 1400, "height": max(1000, int(height) + 100)})
            page.wait_for_timeout(500)  # let the charts redraw at the new size
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def downloaded(page, button, attempts: int = 3) -> str:
    """The path of the file ``button`` downloads: the file is written on click, on the server."""
    return download_of(page, button, attempts).path()


def download_of(page, button, attempts: int = 3):
    """The download ``button`` starts (its file and the name the app gave it).

    A download never reruns the page, but a click can land on a button the page is still
    redrawing and be lost; the next click, on the redrawn button, downloads.
    """
    for attempt in range(1, attempts + 1):
        try:
            with page.expect_download(timeout=15_000) as download:
                button.click()
            return download.value
        except PlaywrightTimeout:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


WAIT_MS = 30_000  # one generous wait for everything: a busy machine draws slowly


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(WAIT_MS)
    yield tab
    context.close()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """A server on a fresh demo database, plus the figures computed in-process beforehand."""
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "demo.duckdb"
    con = bootstrap.ready_connection(path)
    today = dt.date.today()
    chain = queries.goal_chain(con, today)
    breaks = metrics.chain_breaks(chain, queries.product_links(con), queries.team_links(con),
                                  queries.experiment_link_gaps(con),
                                  value_gaps=views.value_gaps(con, today))
    expected = {
        "counts": dict(queries.entity_counts(con).itertuples(index=False)),
        "completeness": percent(metrics.chain_completeness(chain)),
        "breaks": metrics.break_counts(breaks),
    }
    # one process per database file: the server cannot open it while we hold it
    db.close_shared()
    server = started_server(path, folder / "server.log")
    yield server, expected
    stopped(server)


@pytest.fixture
def fresh_server(tmp_path):
    """A server on a demo database of this test's own: what a test writes stays its own."""
    path = tmp_path / "fresh.duckdb"
    bootstrap.ready_connection(path)
    db.close_shared()  # one process per database file: the server must be able to open it
    server = started_server(path, tmp_path / "server.log")
    yield server
    stopped(server)

"""Page tests run the real app script with AppTest against a demo database in a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "pages").glob("*.py"))
# Every page as it first opens, plus what appears only once something is chosen: a session's
# team, an experiment's history. (page, query) pairs for tests that look at every view.
EVERY_VIEW = [*((page, {}) for page in PAGES), ("pages/session.py", {"team": "SD-WMO"}),
              ("pages/experiments.py", {"experiment": "KCC-002"}),
              ("pages/strategy.py", {"goal": "DOEL-07", "break": "orphan_experiment"})]


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A database file holding the demo organisation, created once for the page tests."""
    path = tmp_path_factory.mktemp("pages") / "demo.duckdb"
    bootstrap.ready_connection(path)
    yield path
    db.close_shared()


def opened(page_path: str, **query) -> AppTest:
    """The real app script, with ``query`` in the URL, switched to ``page_path`` and run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(page_path)
    return at.run()


@pytest.fixture
def app(demo_db, monkeypatch):
    """``opened`` on the shared demo database (for tests that only read)."""
    monkeypatch.setenv(db.ENV_VAR, str(demo_db))
    return opened


@pytest.fixture
def fresh_demo(tmp_path, monkeypatch):
    """A demo database of this test's own, so what a test writes never leaks into another."""
    path = tmp_path / "fresh.duckdb"
    con = bootstrap.ready_connection(path)
    monkeypatch.setenv(db.ENV_VAR, str(path))
    return con

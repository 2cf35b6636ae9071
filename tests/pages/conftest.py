"""Page tests run the real app script with AppTest against a demo database in a temp file."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db
from tests.conftest import demo_template

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "pages").glob("*.py"))
# Every page as it first opens, plus what appears only once something is chosen: a session's
# team, an experiment's history, a goal's measures. (page, query) pairs for tests that look at
# every view.
EVERY_VIEW = [*((page, {}) for page in PAGES), ("pages/session.py", {"team": "SD-WMO"}),
              ("pages/experiments.py", {"experiment": "KCC-002"}),
              ("pages/strategy.py", {"goal": "DOEL-07", "break": "orphan_experiment"}),
              ("pages/strategy.py", {"goal": "DOEL-02"})]  # measures, check-ins, the form


@pytest.fixture(scope="session")
def demo_db(backend, request, tmp_path_factory) -> Iterator[str]:
    """Where the demo organisation is for the page tests, made once per backend: a DuckDB file,
    or a PostgreSQL database on the test server (its URL)."""
    if backend == "duckdb":
        path = tmp_path_factory.mktemp("pages") / "demo.duckdb"
        bootstrap.ready_connection(path)
        yield str(path)
        db.close_shared(path)
        return
    server = request.getfixturevalue("postgres_server")
    url = server.fresh_url(demo_template(request, dt.date.today()))
    yield url
    db.close_shared(url)
    server.dropped(url)


def used_by_the_app(target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app at ``target``: a DuckDB file, or a PostgreSQL URL."""
    if db.is_url(target):
        monkeypatch.setenv(db.URL_ENV_VAR, target)
    else:
        monkeypatch.delenv(db.URL_ENV_VAR, raising=False)
        monkeypatch.setenv(db.ENV_VAR, target)


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
    used_by_the_app(demo_db, monkeypatch)
    return opened


@pytest.fixture
def fresh_demo(backend, request, tmp_path, monkeypatch):
    """A demo database of this test's own, so what a test writes never leaks into another."""
    if backend == "duckdb":
        target = str(tmp_path / "fresh.duckdb")
    else:
        server = request.getfixturevalue("postgres_server")
        target = server.fresh_url(demo_template(request, dt.date.today()))
        request.addfinalizer(lambda: server.dropped(target))
        # a copy of the template is another database: caches keyed on the template's id and
        # version would otherwise hand one test's written figures to the next
        seeding = db.connect(target)
        try:
            db.written(seeding, lambda cur: cur.execute(
                "UPDATE data_version SET database_id = ?", [str(uuid.uuid4())]))
        finally:
            seeding.close()
    request.addfinalizer(lambda: db.close_shared(target))
    used_by_the_app(target, monkeypatch)
    return bootstrap.ready_connection(target)

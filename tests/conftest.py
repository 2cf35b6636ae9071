"""Shared fixtures: a fresh in-memory database per test, and small organisations built in it."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from alignment import contract, db, store
from alignment.bootstrap import DEMO_DIR
from alignment.db import Database
from alignment.i18n import translate
from alignment.ingest.pipeline import demo_loaded
from tests.postgres_server import PostgresServer

AS_OF = dt.date(2026, 11, 15)
BACKENDS = ("duckdb", "postgres")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``backend`` is DuckDB and PostgreSQL, or DuckDB alone for tests marked ``duckdb_only``
    (a DuckDB file's own behaviour: its lock, its memory cap). ``ALIGNMENT_TEST_BACKENDS=duckdb``
    leaves PostgreSQL out of a local run."""
    if "backend" in metafunc.fixturenames:
        both = (metafunc.definition.get_closest_marker("duckdb_only") is None
                and os.environ.get("ALIGNMENT_TEST_BACKENDS") != "duckdb")
        # session scope: shared fixtures (a demo database) follow the backend too
        metafunc.parametrize("backend", BACKENDS if both else BACKENDS[:1], scope="session")


_SERVER: list[PostgresServer] = []


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the whole run, started on first use."""
    server = PostgresServer()
    _SERVER.append(server)
    yield server
    server.stop()


@contextlib.contextmanager
def fresh_database(backend: str, request: pytest.FixtureRequest,
                   template: str | None = None) -> Iterator[Database]:
    """A fresh, migrated database of ``backend``: DuckDB in memory, or a PostgreSQL database
    of its own on the test server (copied from ``template`` when given)."""
    if backend == "duckdb":
        database = db.connect(":memory:")
        try:
            yield database
        finally:
            database.close()
        return
    server = request.getfixturevalue("postgres_server")
    url = server.fresh_url(template)
    database = db.connect(url)
    try:
        yield database
    finally:
        database.close()
        server.dropped(url)


@pytest.fixture
def con(backend: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh, migrated database: in memory on DuckDB, a database of its own on PostgreSQL."""
    with fresh_database(backend, request) as database:
        yield database


def break_label(break_type: str) -> str:
    """A break type as the English app names it."""
    return translate("en", f"break_label.{break_type}")


def typed(kind: str, rows: list[dict]) -> pd.DataFrame:
    """Rows of ``kind`` as the validator hands them on: every contract column, None when absent."""
    columns = contract.COLUMNS[kind]
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))


def stored(con: Database, **tables: list[dict]) -> None:
    """Write hand-made rows straight through the store (no validation): a fixture organisation."""
    for kind in contract.LOAD_ORDER:
        if tables.get(kind):
            def work(cur, kind=kind):
                store.staged(cur, kind, typed(kind, tables[kind]))
                store.merged(cur, kind)
            db.written(con, work)


def demo_template(request: pytest.FixtureRequest, today: dt.date) -> str:
    """The name of the test server's database holding the demo as of ``today``, to copy."""
    server = request.getfixturevalue("postgres_server")
    return server.template_of(f"demo_{today:%Y%m%d}", lambda url: _demo_loaded_at(url, today))


@contextlib.contextmanager
def demo_database(today: dt.date, backend: str = "duckdb",
                  request: pytest.FixtureRequest | None = None) -> Iterator[Database]:
    """The demo organisation in a fresh database of ``backend``, loaded as of ``today``.

    On PostgreSQL the demo is loaded once per day into a template that each caller copies;
    ``request`` (any fixture's) reaches the test server.
    """
    if backend == "duckdb":
        demo = db.connect(":memory:")
        demo_loaded(demo, DEMO_DIR, today)
        try:
            yield demo
        finally:
            demo.close()
        return
    with fresh_database(backend, request, demo_template(request, today)) as demo:
        yield demo


def _demo_loaded_at(url: str, today: dt.date) -> None:
    demo = db.connect(url)
    try:
        demo_loaded(demo, DEMO_DIR, today)
    finally:
        demo.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one for the whole run: the browser and the cluster tests share it
    (a second Playwright in the same run refuses to start)."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()

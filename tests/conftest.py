"""Shared fixtures: a fresh in-memory database per test, and small organisations built in it."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import duckdb
import pandas as pd
import pytest

from alignment import contract, db, store
from alignment.bootstrap import DEMO_DIR
from alignment.ingest.pipeline import demo_loaded

AS_OF = dt.date(2026, 11, 15)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """A fresh, migrated in-memory database."""
    connection = db.connect(":memory:")
    yield connection
    connection.close()


def typed(kind: str, rows: list[dict]) -> pd.DataFrame:
    """Rows of ``kind`` as the validator hands them on: every contract column, None when absent."""
    columns = contract.COLUMNS[kind]
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))


def stored(con: duckdb.DuckDBPyConnection, **tables: list[dict]) -> None:
    """Write hand-made rows straight through the store (no validation): a fixture organisation."""
    for kind in contract.LOAD_ORDER:
        if tables.get(kind):
            def work(cur, kind=kind):
                store.staged(cur, kind, typed(kind, tables[kind]))
                store.merged(cur, kind)
            db.written(con, work)


@contextlib.contextmanager
def demo_database(today: dt.date) -> Iterator[duckdb.DuckDBPyConnection]:
    """The demo organisation in a fresh in-memory database, loaded as of ``today``."""
    demo = db.connect(":memory:")
    demo_loaded(demo, DEMO_DIR, today)
    try:
        yield demo
    finally:
        demo.close()

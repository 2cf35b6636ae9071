"""The embedded backend: one DuckDB file (or memory) per process, a cursor per unit of work."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from alignment.db.base import (
    Conflict,
    Cursor,
    Database,
    DatabaseError,
    DatabaseInUse,
    OutOfMemory,
    Refused,
    StorageFailure,
    Unavailable,
)

MEMORY_ENV_VAR = "ALIGNMENT_DB_MEMORY"
DEFAULT_MEMORY_LIMIT = "384MB"

# the most specific first: every one of them is a duckdb.Error
_ERRORS = (
    (duckdb.OutOfMemoryException, OutOfMemory),
    (duckdb.IOException, StorageFailure),
    (duckdb.TransactionException, Conflict),
    (duckdb.ConstraintException, Refused),
    (duckdb.ConnectionException, Unavailable),
    (duckdb.Error, DatabaseError),
)


def _translated(error: duckdb.Error) -> DatabaseError:
    kind = next(kind for driver, kind in _ERRORS if isinstance(error, driver))
    return kind(str(error))


def _text(sql) -> str:
    return sql if isinstance(sql, str) else sql.text("duckdb")


class DuckCursor(Cursor):
    """A DuckDB cursor; its errors become the app's."""

    dialect = "duckdb"

    def __init__(self, cur: duckdb.DuckDBPyConnection, borrowed: bool = False) -> None:
        self._cur = cur
        self._borrowed = borrowed

    def execute(self, sql, params=None) -> DuckCursor:
        try:
            self._cur.execute(_text(sql), params or [])
        except duckdb.Error as error:
            raise _translated(error) from error
        return self

    def executemany(self, sql, rows) -> None:
        try:
            self._cur.executemany(_text(sql), rows)
        except duckdb.Error as error:
            raise _translated(error) from error

    def fetchone(self):
        return self._cur.fetchone()

    def fetchall(self):
        return self._cur.fetchall()

    def df(self) -> pd.DataFrame:
        return self._cur.df()

    def table(self, sql, params=None) -> pa.Table:
        try:
            return self._cur.sql(_text(sql), params=params or None).to_arrow_table()
        except duckdb.Error as error:
            raise _translated(error) from error

    def register(self, name: str, table: pa.Table) -> None:
        self._cur.register(name, table)

    def unregister(self, name: str) -> None:
        self._cur.unregister(name)

    def close(self) -> None:
        if not self._borrowed:
            self._cur.close()

    def cursor(self) -> DuckCursor:
        """This cursor again, inside its transaction (closing it leaves this one open)."""
        return DuckCursor(self._cur, borrowed=True)


class DuckDatabase(Database):
    """A DuckDB file, or ``:memory:`` for a fresh database.

    A database file gets a bounded buffer pool (``$ALIGNMENT_DB_MEMORY``, default 384MB):
    DuckDB's default is most of the machine's memory, which a server scanning a million
    experiments would keep; beyond the limit DuckDB spills to a temporary folder.
    """

    dialect = "duckdb"

    def __init__(self, path: str | Path = ":memory:", settings: dict | None = None) -> None:
        config = {}
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            config["memory_limit"] = os.environ.get(MEMORY_ENV_VAR) or DEFAULT_MEMORY_LIMIT
        config.update(settings or {})
        try:
            self._con = duckdb.connect(str(path), config=config)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise StorageFailure(str(error)) from error
            # the detail names the file, the other interpreter and its process id: log only
            logging.getLogger(__name__).error("database %s is in use: %s", path, error)
            raise DatabaseInUse(str(path)) from None
        # DuckDB raises "Conflict on update" when two threads change the same rows, so
        # writes queue here; another process cannot open the file at all.
        self._write_lock = threading.RLock()
        self.path = str(path)

    def cursor(self) -> DuckCursor:
        return DuckCursor(self._con.cursor())

    def execute(self, sql, params=None) -> DuckCursor:
        return self.cursor().execute(sql, params)

    def close(self) -> None:
        self._con.close()

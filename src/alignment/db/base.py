"""What every backend offers: a database that hands out cursors, and the failures it raises.

The backends translate their driver's errors into these, so the rest of the app (and what
a person is told) never depends on which database answered.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from typing import Any

import pandas as pd
import pyarrow as pa


class DatabaseError(Exception):
    """Any failure of the database; the message is for the server log, not for people."""


class Refused(DatabaseError):
    """The schema refused a value: a key given twice, a CHECK or NOT NULL not met."""


class Conflict(DatabaseError):
    """Another write changed the same rows first: trying again will do."""


class OutOfMemory(DatabaseError):
    """The database ran out of the memory it may use."""


class StorageFailure(DatabaseError):
    """The database could not read or write its storage (a full or locked disk)."""


class Unavailable(DatabaseError):
    """The database server cannot be reached (restarting, or gone): try again shortly."""


class DatabaseInUse(DatabaseError):
    """Another process (a second server) has the database file open: DuckDB lets one
    process at a time open a file. The server log keeps which process it is."""


class Cursor:
    """One unit of work: statements, their rows, and tables staged for them."""

    dialect: str

    def execute(self, sql, params: list | tuple | None = None) -> Cursor:
        """Run ``sql`` (a string or a ``Sql``) with ``?`` parameters; returns the cursor."""
        raise NotImplementedError

    def executemany(self, sql, rows: list) -> None:
        """Run ``sql`` once per parameter list in ``rows``."""
        raise NotImplementedError

    def fetchone(self) -> tuple | None:
        """The next row of the last statement."""
        raise NotImplementedError

    def fetchall(self) -> list[tuple]:
        """The remaining rows of the last statement."""
        raise NotImplementedError

    def df(self) -> pd.DataFrame:
        """The remaining rows of the last statement as a frame, typed like DuckDB's."""
        raise NotImplementedError

    def table(self, sql, params: list | tuple | None = None) -> pa.Table:
        """The rows of ``sql`` as an Arrow table, without a copy through Python objects."""
        raise NotImplementedError

    def register(self, name: str, table: pa.Table) -> None:
        """``table`` readable as ``name`` by this cursor's statements until unregistered."""
        raise NotImplementedError

    def unregister(self, name: str) -> None:
        """Forget a table staged with ``register``."""
        raise NotImplementedError

    def close(self) -> None:
        """Give the cursor's resources back."""
        raise NotImplementedError

    def cursor(self) -> Cursor:
        """Another cursor for a reader handed this one: a reader takes a database or a cursor
        and opens its own cursor from either."""
        raise NotImplementedError

    def __enter__(self) -> Cursor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class Database:
    """A database of either backend: cursors, the dialect, and how writes take turns."""

    dialect: str
    # One writer at a time in this process; across processes the backend's own lock.
    _write_lock: threading.RLock

    def cursor(self) -> Cursor:
        """A new cursor; close it when the unit of work is done."""
        raise NotImplementedError

    def execute(self, sql, params: list | tuple | None = None) -> Cursor:
        """``sql`` run on a cursor of its own, its rows ready to fetch (tests and scripts)."""
        raise NotImplementedError

    def write_lock(self) -> AbstractContextManager:
        """Held while this process writes."""
        return self._write_lock

    def lock_for_writes(self, cur: Cursor) -> None:
        """Inside a transaction: wait until no other process writes, until it ends."""

    def run_script(self, cur: Cursor, sql: str) -> None:
        """Run several statements without parameters (a migration); comments alone do nothing."""
        code = [line for line in sql.splitlines() if line.strip() and
                not line.strip().startswith("--")]
        if code:
            cur.execute(sql)

    def close(self) -> None:
        """Close every connection."""
        raise NotImplementedError

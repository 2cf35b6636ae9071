"""The one place a DuckDB connection is opened: schema, migrations and transactions.

DuckDB allows one process per database file, so a process holds one connection per
file and every unit of work takes its own cursor (``con.cursor()``): an unfinished
result holds the cursor it came from, never the shared connection.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")

DEFAULT_PATH = Path("data") / "alignment.duckdb"
ENV_VAR = "ALIGNMENT_DB"
MEMORY_ENV_VAR = "ALIGNMENT_DB_MEMORY"
DEFAULT_MEMORY_LIMIT = "384MB"

# One writer at a time in this process: DuckDB raises "Conflict on update" when two
# threads change the same rows, so writes queue here and retry if another process won.
_WRITE_LOCK = threading.RLock()
_OPEN: dict[str, duckdb.DuckDBPyConnection] = {}
_OPEN_LOCK = threading.Lock()


BUMP_VERSION = (
    "UPDATE data_version"
    " SET version = version + 1, changed_at = current_timestamp AT TIME ZONE 'UTC'"
)


class DatabaseInUse(RuntimeError):
    """Another process (a second server) has the database file open: DuckDB lets one
    process at a time open a file. The server log keeps which process it is."""


def database_path() -> Path:
    """The database file in use: ``$ALIGNMENT_DB`` or ``data/alignment.duckdb``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def connect(path: str | Path = ":memory:") -> duckdb.DuckDBPyConnection:
    """A new connection with the schema migrated; ``:memory:`` gives a fresh database.

    Raises `DatabaseInUse` when another process has the file open.

    A database file gets a bounded buffer pool (``$ALIGNMENT_DB_MEMORY``, default 384MB):
    DuckDB's default is most of the machine's memory, which a server scanning a million
    experiments would keep; beyond the limit DuckDB spills to a temporary folder.
    """
    config = {}
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        config["memory_limit"] = os.environ.get(MEMORY_ENV_VAR) or DEFAULT_MEMORY_LIMIT
    try:
        con = duckdb.connect(str(path), config=config)
    except duckdb.IOException as error:
        if "lock" not in str(error).lower():
            raise
        # the detail names the file, the other interpreter and its process id: for the log only
        logging.getLogger(__name__).error("database %s is in use: %s", path, error)
        raise DatabaseInUse(str(path)) from None
    migrate(con)
    return con


def shared_connection(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The process-wide connection to ``path``, opened on first use."""
    key = str(Path(path).resolve())
    with _OPEN_LOCK:
        if key not in _OPEN:
            _OPEN[key] = connect(path)
        return _OPEN[key]


def close_shared() -> None:
    """Close every process-wide connection (tests and shutdown)."""
    with _OPEN_LOCK:
        for con in _OPEN.values():
            con.close()
        _OPEN.clear()


def migrations() -> list[tuple[int, str, str]]:
    """Numbered migrations as (version, name, sql); version 1 is ``schema.sql``."""
    package = resources.files("alignment")
    found = [(1, "schema", package.joinpath("schema.sql").read_text(encoding="utf-8"))]
    folder = package.joinpath("migrations")
    if folder.is_dir():
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            match = re.fullmatch(r"(\d{3})_(\w+)\.sql", item.name)
            if match:
                found.append((int(match[1]), match[2], item.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet recorded in ``schema_version``; returns those applied."""
    with _WRITE_LOCK:
        cur = con.cursor()
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        done = {row[0] for row in cur.execute("SELECT version FROM schema_version").fetchall()}
        applied = []
        for version, name, sql in migrations():
            if version in done:
                continue
            cur.execute("BEGIN TRANSACTION")
            try:
                cur.execute(sql)
                cur.execute(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name]
                )
                cur.execute("COMMIT")
            except Exception:
                cur.execute("ROLLBACK")
                raise
            applied.append(version)
        cur.close()
        return applied


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside one transaction: committed on success, rolled back on any error."""
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except BaseException:
        # A failed COMMIT has already ended the transaction; then there is nothing to undo.
        with suppress(duckdb.Error):
            cur.execute("ROLLBACK")
        raise
    finally:
        cur.close()


def written(
    con: duckdb.DuckDBPyConnection,
    work: Callable[[duckdb.DuckDBPyConnection], T],
    attempts: int = 5,
) -> T:
    """The result of ``work(cursor)`` run in one transaction, serialised and retried on conflict.

    Every write also moves the data version on, in the same transaction, so caches keyed
    on it (``data_version``) never outlive the data they were read from.
    """
    for attempt in range(1, attempts + 1):
        try:
            with _WRITE_LOCK, transaction(con) as cur:
                result = work(cur)
                cur.execute(BUMP_VERSION)
                return result
        except duckdb.TransactionException:
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")

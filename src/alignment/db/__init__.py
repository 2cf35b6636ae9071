"""The one place a database is opened: which backend, its dialect, migrations and transactions.

Everything else talks to a ``Database`` (``connect``, ``shared``) and the cursors it hands
out; no other module imports ``duckdb`` or ``psycopg`` (an architecture test holds this).
Two backends answer the same SQL:

- the embedded DuckDB file (the default, ``$ALIGNMENT_DB`` or ``data/alignment.duckdb``):
  one process holds one connection per file and every unit of work takes its own cursor;
- PostgreSQL when ``$ALIGNMENT_DATABASE_URL`` is set (``postgresql://…``): a pool of
  connections shared by the threads of one replica, several replicas on one database.

SQL is written once where both accept it; where they differ a ``Sql`` holds a variant per
dialect side by side, and the cursor picks the one for its database. Values always travel
as ``?`` parameters.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

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
from alignment.db.duck import MEMORY_ENV_VAR
from alignment.topics import ANY, Touched

__all__ = [
    "Conflict", "Cursor", "Database", "DatabaseError", "DatabaseInUse", "OutOfMemory", "Refused",
    "MEMORY_ENV_VAR", "StorageFailure", "Unavailable", "Sql", "connect", "shared", "close_shared",
    "migrate", "migrations", "transaction", "written", "database_path", "database_url",
    "BUMP_VERSION", "bumped_topics", "database_target", "is_url", "shown_name",
]

T = TypeVar("T")

DEFAULT_PATH = Path("data") / "alignment.duckdb"
ENV_VAR = "ALIGNMENT_DB"
URL_ENV_VAR = "ALIGNMENT_DATABASE_URL"

BUMP_VERSION = (
    "UPDATE data_version"
    " SET version = version + 1, changed_at = current_timestamp AT TIME ZONE 'UTC'"
)

# A topic's version is the data version of the last write that touched it.
_BUMP_TOPICS = (
    "INSERT INTO topic_versions"
    " SELECT touched.topic, d.version FROM data_version AS d, (VALUES {rows}) AS touched (topic)"
)

_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


@dataclass(frozen=True)
class Sql:
    """One statement with a variant per dialect where they differ."""

    duckdb: str
    postgres: str

    def text(self, dialect: str) -> str:
        """The statement for ``dialect``."""
        return self.duckdb if dialect == "duckdb" else self.postgres


def database_path() -> Path:
    """The database file in use: ``$ALIGNMENT_DB`` or ``data/alignment.duckdb``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


def database_url() -> str | None:
    """The PostgreSQL URL in ``$ALIGNMENT_DATABASE_URL``, or None for the embedded file."""
    return os.environ.get(URL_ENV_VAR) or None


def database_target() -> str:
    """Where the app's data lives: the PostgreSQL URL if one is set, else the DuckDB file."""
    return database_url() or str(database_path())


def is_url(target: str | Path) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a DuckDB file."""
    return str(target).startswith(("postgresql://", "postgres://"))


def shown_name(target: str | Path) -> str:
    """What the sidebar calls the database: the file's name, or PostgreSQL's database name."""
    if is_url(target):
        return "PostgreSQL: " + str(target).split("?", 1)[0].rsplit("/", 1)[-1]
    return Path(target).name


def connect(target: str | Path = ":memory:", *, migrated: bool = True,
            settings: dict | None = None) -> Database:
    """A new database with the schema migrated: a DuckDB file or ``:memory:``, or a
    ``postgresql://`` URL. ``settings`` are DuckDB's (a memory limit, threads).

    Raises `DatabaseInUse` when another process has a DuckDB file open.
    """
    if is_url(target):
        from alignment.db.postgres import PostgresDatabase

        database: Database = PostgresDatabase(str(target))
    else:
        from alignment.db.duck import DuckDatabase

        database = DuckDatabase(target, settings)
    if migrated:
        try:
            migrate(database)
        except BaseException:
            database.close()
            raise
    return database


def shared(target: str | Path | None = None) -> Database:
    """The process-wide database at ``target`` (default: the URL, else the file), opened once."""
    if target is None:
        target = database_target()
    key = str(target) if is_url(target) else str(Path(target).resolve())
    with _OPEN_LOCK:
        if key not in _OPEN:
            _OPEN[key] = connect(target)
        return _OPEN[key]


def close_shared(target: str | Path | None = None) -> None:
    """Close the process-wide database at ``target``, or every one (tests and shutdown)."""
    with _OPEN_LOCK:
        if target is not None:
            key = str(target) if is_url(target) else str(Path(target).resolve())
            database = _OPEN.pop(key, None)
            if database is not None:
                database.close()
            return
        for database in _OPEN.values():
            database.close()
        _OPEN.clear()


_MIGRATION_NAME = re.compile(r"(\d{3})_(\w+?)(?:\.(duckdb|postgres))?\.sql")


def migrations(dialect: str = "duckdb") -> list[tuple[int, str, str]]:
    """Numbered migrations for ``dialect`` as (version, name, sql); version 1 is the schema.

    A migration is one file both accept (``007_name.sql``) or a variant per dialect side by
    side (``007_name.duckdb.sql`` and ``007_name.postgres.sql``).
    """
    package = resources.files("alignment")
    found = {1: ("schema", package.joinpath("schema.sql").read_text(encoding="utf-8"))}
    for item in package.joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.fullmatch(item.name)
        if match and match[3] in (None, dialect):
            found[int(match[1])] = (match[2], item.read_text(encoding="utf-8"))
    return [(version, name, sql) for version, (name, sql) in sorted(found.items())]


def migrate(database: Database) -> list[int]:
    """Apply every migration not yet recorded in ``schema_version``; returns those applied.

    Replicas starting at the same moment take turns: the migrations run under the
    database's own lock, and each re-reads what is applied once it holds it.
    """
    with database.write_lock(), transaction(database) as cur:
        database.lock_for_writes(cur)
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        done = {row[0] for row in cur.execute("SELECT version FROM schema_version").fetchall()}
        applied = []
        for version, name, sql in migrations(database.dialect):
            if version in done:
                continue
            database.run_script(cur, sql)
            cur.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)",
                        [version, name])
            applied.append(version)
    return applied


@contextmanager
def transaction(database: Database) -> Iterator[Cursor]:
    """A cursor inside one transaction: committed on success, rolled back on any error."""
    cur = database.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            # A failed COMMIT has already ended the transaction; then there is nothing to undo.
            with suppress(DatabaseError):
                cur.execute("ROLLBACK")
            raise
    finally:
        cur.close()


def bumped_topics(cur: Cursor, keys: list[str]) -> None:
    """Move the versions of ``keys`` (``Touched.keys``) to the data version, in ``cur``'s
    transaction, after ``BUMP_VERSION``."""
    if not keys:
        return
    marks = ", ".join("(?)" for _ in keys)
    cur.execute(f"DELETE FROM topic_versions WHERE topic IN ({marks})", keys)  # noqa: S608
    cur.execute(_BUMP_TOPICS.format(rows=", ".join("(CAST(? AS VARCHAR))" for _ in keys)), keys)


def written(database: Database, work: Callable[[Cursor], T], attempts: int = 5,
            touches: Touched | Callable[[Cursor, T], Touched] | None = None) -> T:
    """The result of ``work(cursor)`` run in one transaction, serialised and retried on conflict.

    Writes take turns: within a process, and across replicas through the database's lock,
    so two uploads never interleave. Every write also moves the data version on, in the
    same transaction, and the versions of the topics it ``touches`` (``alignment.topics``;
    a function of the cursor and the work's result when only the work knows them), so
    caches keyed on them (on every replica) never outlive the data. A write that names no
    topic moves every cached read's version.
    """
    for attempt in range(1, attempts + 1):
        try:
            with database.write_lock(), transaction(database) as cur:
                database.lock_for_writes(cur)
                result = work(cur)
                cur.execute(BUMP_VERSION)
                said = touches(cur, result) if callable(touches) else touches
                bumped_topics(cur, said.keys() if said is not None else [ANY])
                return result
        except Conflict:
            if attempt == attempts:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")

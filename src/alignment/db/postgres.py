"""The organisation-wide backend: PostgreSQL through a pool of psycopg connections.

Statements are the app's own (``?`` parameters, DuckDB-compatible SQL or a ``Sql`` variant);
a cursor holds one pooled connection from its first statement until it is closed, and
frames come back typed as DuckDB would type them, so every query answers alike on both.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import threading
from decimal import Decimal

import numpy as np
import pandas as pd
import psycopg
import psycopg.errors
import pyarrow as pa
import pyarrow.csv as pa_csv
from psycopg import sql as pgsql
from psycopg.postgres import types as pg_types
from psycopg_pool import ConnectionPool, PoolTimeout

from alignment.db.base import (
    Conflict,
    Cursor,
    Database,
    DatabaseError,
    OutOfMemory,
    Refused,
    StorageFailure,
    Unavailable,
)

POOL_ENV_VAR = "ALIGNMENT_DB_POOL"
DEFAULT_POOL = 10
WAIT_SECONDS = 10.0
# Every replica's writes take turns on this lock, held until the transaction ends.
WRITE_LOCK_KEY = 4_215_170

_log = logging.getLogger(__name__)

_ERRORS = (
    (psycopg.errors.SerializationFailure, Conflict),
    (psycopg.errors.DeadlockDetected, Conflict),
    (psycopg.errors.LockNotAvailable, Conflict),
    (psycopg.errors.OutOfMemory, OutOfMemory),
    (psycopg.errors.IntegrityError, Refused),
    (psycopg.errors.DiskFull, StorageFailure),
    (psycopg.errors.AdminShutdown, Unavailable),
    (psycopg.errors.CannotConnectNow, Unavailable),
    (psycopg.OperationalError, Unavailable),
    (psycopg.Error, DatabaseError),
)


def _translated(error: Exception) -> DatabaseError:
    if isinstance(error, PoolTimeout):
        return Unavailable(str(error))
    kind = next(kind for driver, kind in _ERRORS if isinstance(error, driver))
    return kind(str(error))


_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"])*\"|--[^\n]*|\?|%")


@functools.lru_cache(maxsize=4096)
def _with_placeholders(sql: str) -> str:
    """``sql`` with each ``?`` outside strings and comments as psycopg's ``%s``, and every
    ``%`` (inside strings too: psycopg reads them all) doubled."""
    return _PLACEHOLDER.sub(
        lambda m: {"?": "%s", "%": "%%"}.get(m[0], m[0].replace("%", "%%")), sql)


def _text(sql) -> str:
    return sql if isinstance(sql, str) else sql.text("postgres")


def _oid(name: str) -> int:
    return pg_types.get(name).oid


_INTS = {_oid("int2"): ("int32", "Int32"), _oid("int4"): ("int32", "Int32"),
         _oid("int8"): ("int64", "Int64")}
_FLOATS = {_oid("float4"), _oid("float8"), _oid("numeric")}
_DATES = {_oid("date"), _oid("timestamp"), _oid("timestamptz")}
_BOOL = _oid("bool")
_TEXT = {_oid("text"), _oid("varchar"), _oid("bpchar"), _oid("name"), _oid("uuid")}
_ARRAYS = {pg_types.get(name).array_oid for name in ("text", "varchar", "int4", "int8")}


def _column(values: list, oid: int) -> pd.Series:
    """One result column typed as DuckDB's ``df()`` types it."""
    has_null = any(v is None for v in values)
    if oid in _INTS:
        dense, nullable = _INTS[oid]
        return pd.Series(values, dtype=nullable if has_null else dense)
    if oid in _FLOATS:
        return pd.Series([None if v is None else float(v) for v in values], dtype="float64")
    if oid in _DATES:
        return pd.Series(pd.to_datetime(
            [_naive(v) for v in values]), dtype="datetime64[us]")
    if oid == _BOOL:
        return pd.Series(values, dtype="boolean" if has_null else "bool")
    if oid in _ARRAYS:
        return pd.Series([None if v is None else np.array(v, dtype=object) for v in values],
                         dtype=object)
    if oid in _TEXT:
        if all(v is None for v in values):  # DuckDB types an empty or all-NULL text column so
            return pd.Series(values, dtype=object)
        return pd.Series(values, dtype="str")
    return pd.Series(values, dtype=object)


def _frame(columns: list[tuple[str, int]], rows: list[tuple]) -> pd.DataFrame:
    """``rows`` of ``columns`` (name, type oid) as the frame DuckDB would give."""
    data = {name: _column([row[i] for row in rows], oid) for i, (name, oid) in enumerate(columns)}
    return pd.DataFrame(data, columns=[name for name, _ in columns])


def _naive(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


_ARROW_TYPES = {
    _oid("int2"): pa.int32(), _oid("int4"): pa.int32(), _oid("int8"): pa.int64(),
    _oid("float4"): pa.float64(), _oid("float8"): pa.float64(), _oid("numeric"): pa.float64(),
    _oid("date"): pa.date32(), _oid("timestamp"): pa.timestamp("us"),
    _oid("timestamptz"): pa.timestamp("us"), _oid("bool"): pa.bool_(),
}


def _arrow_type(oid: int) -> pa.DataType:
    if oid in _ARRAYS:
        return pa.list_(pa.string())
    return _ARROW_TYPES.get(oid, pa.string())


def _pg_type(arrow_type: pa.DataType) -> str:
    """The PostgreSQL column type a staged Arrow column is copied into."""
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "VARCHAR[]"
    if pa.types.is_int32(arrow_type) or pa.types.is_int16(arrow_type):
        return "INTEGER"
    if pa.types.is_integer(arrow_type):
        return "BIGINT"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "DOUBLE PRECISION"
    if pa.types.is_date(arrow_type):
        return "DATE"
    if pa.types.is_timestamp(arrow_type):
        return "TIMESTAMP"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    return "VARCHAR"


_COPY_CHUNK_ROWS = 50_000


def _csv_chunks(table: pa.Table):
    """``table`` as CSV that COPY reads, a chunk of rows at a time: every value quoted, so an
    unquoted empty field is NULL and a quoted one the empty text. Written by Arrow in C, where
    handing COPY one Python row at a time took 40 % of a 100k-row upload."""
    table = pa.Table.from_arrays(
        [_array_literals(column) if pa.types.is_list(column.type)
         or pa.types.is_large_list(column.type) else column for column in table.columns],
        names=table.column_names)
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    for start in range(0, max(table.num_rows, 1), _COPY_CHUNK_ROWS):
        sink = pa.BufferOutputStream()
        pa_csv.write_csv(table.slice(start, _COPY_CHUNK_ROWS), sink, options)
        yield sink.getvalue().to_pybytes()


def _array_literals(column: pa.ChunkedArray) -> pa.Array:
    """A list column as PostgreSQL's array literals (``{"a","b"}``), NULL where it is NULL."""
    def literal(items: list | None) -> str | None:
        if items is None:
            return None
        quoted = ("NULL" if item is None else
                  '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"'
                  for item in items)
        return "{" + ",".join(quoted) + "}"
    return pa.array([literal(items) for items in column.to_pylist()], type=pa.string())


class PostgresCursor(Cursor):
    """A unit of work on one pooled connection, taken at the first statement."""

    dialect = "postgres"

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database
        self._connection: psycopg.Connection | None = None
        self._cur: psycopg.Cursor | None = None
        self._staged: list[str] = []
        self._borrowed = False

    def _ready(self) -> psycopg.Cursor:
        if self._cur is None:
            try:
                self._connection = self._database.pool.getconn(timeout=WAIT_SECONDS)
            except PoolTimeout as error:
                raise Unavailable(str(error)) from error
            self._cur = self._connection.cursor()
        return self._cur

    def execute(self, sql, params=None) -> PostgresCursor:
        text = _text(sql)
        cur = self._ready()
        try:
            if params:
                cur.execute(_with_placeholders(text), list(params))
            else:
                cur.execute(text)
        except (psycopg.Error, PoolTimeout) as error:
            raise _translated(error) from error
        return self

    def executemany(self, sql, rows) -> None:
        cur = self._ready()
        try:
            cur.executemany(_with_placeholders(_text(sql)), [list(r) for r in rows])
        except psycopg.Error as error:
            raise _translated(error) from error

    def fetchone(self):
        row = self._ready().fetchone()
        return None if row is None else tuple(_plain(v) for v in row)

    def fetchall(self):
        return [tuple(_plain(v) for v in row) for row in self._ready().fetchall()]

    def _columns(self) -> list[tuple[str, int]]:
        description = self._ready().description or []
        return [(column.name, column.type_code) for column in description]

    def df(self) -> pd.DataFrame:
        return _frame(self._columns(), self._ready().fetchall())

    def finished(self) -> _Rows:
        """What the last statement returned, held apart from this cursor's connection."""
        if self._ready().description is None:  # a statement without rows
            return _Rows([], [])
        return _Rows(self._columns(), self._ready().fetchall())

    def table(self, sql, params=None) -> pa.Table:
        self.execute(sql, params)
        columns = self._columns()
        rows = self._ready().fetchall()
        return pa.table({
            name: pa.array([_plain(row[i]) for row in rows], type=_arrow_type(oid))
            for i, (name, oid) in enumerate(columns)
        })

    def register(self, name: str, table: pa.Table) -> None:
        """``table`` copied into a temporary table ``name`` of this connection."""
        cur = self._ready()
        identifier = pgsql.Identifier(name)
        columns = pgsql.SQL(", ").join(
            pgsql.SQL("{} {}").format(pgsql.Identifier(field.name),
                                      pgsql.SQL(_pg_type(field.type)))
            for field in table.schema
        )
        try:
            cur.execute(pgsql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(identifier))
            cur.execute(pgsql.SQL("CREATE TEMPORARY TABLE {} ({})").format(identifier, columns))
            names = pgsql.SQL(", ").join(pgsql.Identifier(n) for n in table.column_names)
            copy_sql = pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(identifier,
                                                                               names)
            with cur.copy(copy_sql) as copy:
                for chunk in _csv_chunks(table):
                    copy.write(chunk)
        except psycopg.Error as error:
            raise _translated(error) from error
        self._staged.append(name)

    def unregister(self, name: str) -> None:
        if name in self._staged:
            self._staged.remove(name)
            try:
                self._ready().execute(pgsql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(
                    pgsql.Identifier(name)))
            except psycopg.Error as error:
                raise _translated(error) from error

    def close(self) -> None:
        if self._connection is None:
            return
        if self._borrowed:
            for name in list(self._staged):
                self.unregister(name)
            self._cur.close()
            self._connection, self._cur = None, None
            return
        connection, self._connection, self._cur = self._connection, None, None
        try:
            if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                connection.execute("ROLLBACK")
            for name in self._staged:
                connection.execute(pgsql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(
                    pgsql.Identifier(name)))
        except psycopg.Error:
            _log.warning("a connection could not be cleaned; the pool replaces it")
            connection.close()
        finally:
            self._staged.clear()
            self._database.pool.putconn(connection)

    def cursor(self) -> PostgresCursor:
        """A cursor on this one's connection, inside its transaction; closing it keeps the
        connection with this cursor."""
        inner = PostgresCursor(self._database)
        inner._connection = self._connection  # noqa: SLF001
        inner._cur = self._ready().connection.cursor()  # noqa: SLF001
        inner._borrowed = True  # noqa: SLF001
        return inner

    def __del__(self) -> None:
        # a cursor dropped without close() still gives its connection back
        if self._connection is not None:
            try:
                self.close()
            except Exception:  # noqa: BLE001 - never raise from a finaliser
                pass


def _plain(value):
    """A driver value as DuckDB's fetch gives it: numbers as floats, not Decimals."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _configured(connection: psycopg.Connection) -> None:
    """Settings the leader views' plans need, on every new pooled connection: no JIT (it added
    ~135 ms of compiling to each page query) and room to hash a scope's experiments in memory
    instead of spilling the join to disk."""
    connection.execute("SET jit = off")
    connection.execute("SET work_mem = '64MB'")


class PostgresDatabase(Database):
    """A PostgreSQL database shared by every replica; ``$ALIGNMENT_DB_POOL`` connections each."""

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        self.url = url
        size = int(os.environ.get(POOL_ENV_VAR) or DEFAULT_POOL)
        self.pool = ConnectionPool(
            url, min_size=1, max_size=size, open=False, name="alignment",
            kwargs={"autocommit": True}, check=ConnectionPool.check_connection,
            configure=_configured,
            # a lost connection (PostgreSQL restarting) is made again for as long as a cursor
            # waits for one: a page asked for during a short restart is served, not refused
            reconnect_timeout=WAIT_SECONDS,
        )
        try:
            self.pool.open(wait=True, timeout=WAIT_SECONDS)
        except PoolTimeout as error:
            self.pool.close()
            raise Unavailable(f"PostgreSQL at {_redacted(url)} cannot be reached") from error
        self._write_lock = threading.RLock()

    def cursor(self) -> PostgresCursor:
        return PostgresCursor(self)

    def execute(self, sql, params=None) -> Cursor:
        cur = self.cursor()
        try:
            return cur.execute(sql, params).finished()
        finally:
            cur.close()

    def lock_for_writes(self, cur: Cursor) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK_KEY])

    def close(self) -> None:
        self.pool.close()


class _Rows(Cursor):
    """The rows of a statement already run, its connection given back."""

    dialect = "postgres"

    def __init__(self, columns: list[tuple[str, int]], rows: list[tuple]) -> None:
        self._columns_ = columns
        self._rows = rows

    def fetchone(self):
        if not self._rows:
            return None
        return tuple(_plain(v) for v in self._rows.pop(0))

    def fetchall(self):
        rows, self._rows = self._rows, []
        return [tuple(_plain(v) for v in row) for row in rows]

    def df(self) -> pd.DataFrame:
        rows, self._rows = self._rows, []
        return _frame(self._columns_, rows)

    def close(self) -> None:
        self._rows = []


def _redacted(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)

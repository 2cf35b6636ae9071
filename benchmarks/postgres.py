"""A PostgreSQL server for one benchmark run, and the organisation copied into it.

The server is Debian's (``initdb``/``pg_ctl``) in a temporary folder, listening on a unix
socket only; as root it runs as the ``postgres`` user, since PostgreSQL refuses root. It
runs with ``fsync``, synchronous commit and full-page writes off: a benchmark server that
is thrown away afterwards, where durability would only measure this machine's disk. Memory
is set as a DBA would for a dedicated database (``SETTINGS``), and said in the README; text
sorts in byte order (collation ``C``, as DuckDB sorts) with UTF-8 character classes.

The organisation is copied table by table in bulk: DuckDB writes each table as CSV (list
columns as PostgreSQL array literals), PostgreSQL reads it with ``COPY … FROM STDIN`` into
the table ``alignment.db.connect`` migrated, emptied in the same transaction so the rows
are written frozen, then ``VACUUM (ANALYZE)``.

    python -m benchmarks.postgres data/bench/org-1000000.duckdb   # copy, time, stop
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql as pgsql

from alignment import db

CHUNK_BYTES = 1 << 20
# Durability off (a throw-away server) and memory as for a database of its own; the app's
# connections set their own work memory and switch JIT off (alignment.db.postgres).
SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "1GB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "8GB",
}


def binary(name: str) -> str:
    """The newest Debian PostgreSQL binary called ``name``."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name)]
    if not found or not found[-1]:
        raise SystemExit(f"PostgreSQL's {name} was not found: install Debian's postgresql")
    return found[-1]


class Server:
    """A PostgreSQL server in a temporary folder, as a context manager."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.settings = {**SETTINGS, **(settings or {})}
        self.root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.as_user: list[str] = []

    def __enter__(self) -> Server:
        self.socket.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (self.root, self.socket):
                os.chown(path, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.run(binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", "alignment",
                 "-E", "UTF8", "--lc-collate=C", "--lc-ctype=C.UTF-8")
        options = " ".join(f"-c {name}={value}" for name, value in self.settings.items())
        self.run(binary("pg_ctl"), "-D", str(self.data), "-w", "-l",
                 str(self.root / "server.log"), "-o",
                 f"{options} -c unix_socket_directories={self.socket}", "start")
        return self

    def __exit__(self, *exc) -> None:
        subprocess.run([*self.as_user, binary("pg_ctl"), "-D", str(self.data), "-m", "fast",
                        "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def run(self, *command: str) -> None:
        """Run a PostgreSQL tool as the server's user."""
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)

    def url(self, name: str = "postgres") -> str:
        """The URL of database ``name`` on this server."""
        return f"postgresql://alignment@/{name}?host={self.socket}"

    def created(self, template: str | None = None) -> str:
        """The URL of a new database (a copy of ``template`` if given; otherwise empty)."""
        name = "bench_" + uuid.uuid4().hex[:12]
        statement = pgsql.SQL("CREATE DATABASE {}").format(pgsql.Identifier(name))
        if template:
            statement += pgsql.SQL(" TEMPLATE {}").format(pgsql.Identifier(template))
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(statement)
        return self.url(name)

    def dropped(self, url: str) -> None:
        """Drop the database at ``url``."""
        statement = pgsql.SQL("DROP DATABASE {} WITH (FORCE)").format(
            pgsql.Identifier(database_name(url)))
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(statement)

def server_pid(url: str) -> int:
    """The process id of the server ``url`` is on (from its socket's lock file)."""
    socket_folder = url.split("host=", 1)[1].split("&", 1)[0]
    return int((Path(socket_folder) / ".s.PGSQL.5432.lock").read_text().split()[0])


def rss_mb(url: str) -> float:
    """Memory of the processes of the server ``url`` is on that is their own: the shared
    buffers are counted in no process, the backends' private memory in each."""
    total_kb, todo = 0, [server_pid(url)]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines()
                          if line.startswith("RssAnon:")), 0)
        todo.extend(int(child) for child in children.split())
    return total_kb / 1024


def database_name(url: str) -> str:
    """The database a ``postgresql://`` URL names."""
    return url.split("?", 1)[0].rsplit("/", 1)[1]


@dataclass(frozen=True)
class Copied:
    """How long copying an organisation took, and what DuckDB alone took to write it out."""

    seconds: float
    export_seconds: float
    rows: int
    tables: int


def exported(source: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]],
             path: Path) -> int:
    """``table`` written to ``path`` as CSV in ``columns``' order, lists as array literals;
    returns its rows."""
    select = ", ".join(as_array_literal(name) if kind.startswith("ARRAY") or kind.endswith("[]")
                       else f'"{name}"' for name, kind in columns)
    # the names are the migrated schema's own tables and columns; no value is spliced in
    query = f'SELECT {select} FROM "{table}"'  # noqa: S608
    statement = f"COPY ({query}) TO '{path}' (FORMAT csv, HEADER false)"
    return source.execute(statement).fetchone()[0]  # DuckDB answers with the rows written


def as_array_literal(column: str) -> str:
    """DuckDB's expression that writes a list column as PostgreSQL's array literal."""
    element = ("coalesce('\"' || replace(replace(s, '\\', '\\\\'), '\"', '\\\"') || '\"',"
               " 'NULL')")
    return (f"CASE WHEN \"{column}\" IS NULL THEN NULL ELSE"
            f" '{{' || array_to_string(list_transform(\"{column}\", lambda s: {element}), ',')"
            f" || '}}' END AS \"{column}\"")


def copied(organisation: Path, url: str) -> Copied:
    """Copy every table of the DuckDB file ``organisation`` into the (new) database ``url``."""
    started = time.perf_counter()
    db.connect(url).close()  # the schema and migrations, as the app makes them
    with psycopg.connect(url) as target, tempfile.TemporaryDirectory() as folder:
        tables = [name for (name,) in target.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            " AND table_name <> 'schema_version' ORDER BY table_name").fetchall()]
        source = duckdb.connect(str(organisation), read_only=True)
        export_seconds, rows = 0.0, 0
        try:
            for table in tables:
                columns = target.execute(
                    "SELECT column_name, data_type FROM information_schema.columns"
                    " WHERE table_schema = 'public' AND table_name = %s"
                    " ORDER BY ordinal_position", [table]).fetchall()
                path = Path(folder) / f"{table}.csv"
                exporting = time.perf_counter()
                rows += exported(source, table, columns, path)
                export_seconds += time.perf_counter() - exporting
                loaded(target, table, [name for name, _ in columns], path)
                path.unlink()
        finally:
            source.close()
        # a database of its own: no cache keyed on the file's identity answers for it
        target.execute("UPDATE data_version SET database_id = %s", [str(uuid.uuid4())])
        target.commit()
        target.autocommit = True
        # the planner's statistics, and the rows counted as vacuumed: otherwise autovacuum
        # visits every freshly filled table later, in the middle of a timed benchmark
        target.execute("VACUUM (ANALYZE)")
    return Copied(time.perf_counter() - started, export_seconds, rows, len(tables))


def loaded(target: psycopg.Connection, table: str, columns: list[str], path: Path) -> None:
    """The CSV at ``path`` in ``table`` instead of its rows, in one transaction: emptied,
    its keys and indexes dropped, the rows written frozen, then keys and indexes built again
    from the sorted rows (as ``pg_restore`` does: far faster than one insert at a time)."""
    identifier = pgsql.Identifier(table)
    keys = target.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype IN ('p', 'u')", [table]).fetchall()
    indexes = target.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
        " AND tablename = %s AND indexname <> ALL(%s)",
        [table, [name for name, _ in keys]]).fetchall()
    target.execute(pgsql.SQL("TRUNCATE {}").format(identifier))
    for name, _ in indexes:
        target.execute(pgsql.SQL("DROP INDEX {}").format(pgsql.Identifier(name)))
    for name, _ in keys:
        target.execute(pgsql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
            identifier, pgsql.Identifier(name)))
    names = pgsql.SQL(", ").join(pgsql.Identifier(name) for name in columns)
    with target.cursor().copy(pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv, FREEZE true)")
                              .format(identifier, names)) as copy, path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            copy.write(chunk)
    for name, definition in keys:
        target.execute(pgsql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            identifier, pgsql.Identifier(name), pgsql.SQL(definition)))
    for _, definition in indexes:
        target.execute(pgsql.SQL(definition))
    target.commit()


def main(argv: list[str] | None = None) -> None:
    """Copy a DuckDB organisation into a new server's database and say how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("organisation", type=Path, help="a DuckDB file made by benchmarks.org")
    args = parser.parse_args(argv)
    with Server() as server:
        found = copied(args.organisation, server.created())
        print(f"copied {found.rows:,} rows of {found.tables} tables in {found.seconds:.1f} s"
              f" (DuckDB writing them as CSV: {found.export_seconds:.1f} s)")


if __name__ == "__main__":
    main()

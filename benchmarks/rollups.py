"""The experiment rollups' reads (``queries/_scope.py`` ``counted_in_period``), each timed on
an organisation per period, beside the rows every rollup table keeps.

A read is timed warm, the median of three, for the whole organisation as of the day the
organisation was generated on (``--today``, default today) over each of the sidebar's periods.
``--postgres`` copies the organisation into a PostgreSQL server started for the run
(``benchmarks.postgres``) and times the same reads there.

    python -m benchmarks.rollups data/bench/org-1000000.duckdb
    python -m benchmarks.rollups data/bench/org-1000000.duckdb --postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from pathlib import Path

from alignment import db
from alignment.db import Database
from alignment.queries import _scope
from alignment.scope import PERIODS, Scope
from alignment.store import rollups

# How the leader queries read the rollups: (rollup, keys, stream filter, team filter), as
# queries/teams.py (the Overview's too), portfolio.py and strategy.py do.
READS = [
    ("rollup_collaboration", ("cross_team", "cross_discipline"), True, True),
    ("rollup_product_lens", ("product_id", "lean_lens"), False, True),
    ("rollup_product_lens", ("product_id", "status"), False, True),
    ("rollup_team_work", ("team_id", "product_id", "status"), False, False),
]


def read_ms(con: Database, read: tuple, scope: Scope) -> float:
    """The warm median of three runs of one rollup read, in milliseconds."""
    rollup, keys, stream, team = read
    # the rollups' own table and column names; every value travels as a parameter
    sql = (f"WITH {_scope.params()}, "  # noqa: S608
           + _scope.counted_in_period("counted", rollup, keys, stream=stream, team=team)
           + " SELECT * FROM counted")
    values = _scope.scope_values(scope.as_of, scope.start, None, None)
    con.execute(sql, values).fetchall()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        con.execute(sql, values).fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def kept_rows(con: Database, table: str) -> int:
    """The rows of the rollup table ``table`` (one of ``rollups.kept_tables()``)."""
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608


def report(con: Database, today: dt.date, label: str) -> list[str]:
    """The lines of the report: every kept table's rows, then every read per period."""
    lines = [f"{label} rows {table}: {kept_rows(con, table):,}" for table in rollups.kept_tables()]
    for period in PERIODS:
        scope = Scope(as_of=today, period=period)
        lines += [f"{label} {period:>4} {rollup} by {', '.join(keys)}:"
                  f" {read_ms(con, (rollup, keys, stream, team), scope):.1f} ms"
                  for rollup, keys, stream, team in READS]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    """Time the rollup reads of a DuckDB organisation, or of its copy on PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("organisation", type=Path, help="a DuckDB file made by benchmarks.org")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args(argv)
    if args.postgres:
        from benchmarks import postgres

        with postgres.Server() as server:
            url = server.created()
            postgres.copied(args.organisation, url)
            con = db.connect(url)
            try:
                lines = report(con, args.today, "postgres")
            finally:
                con.close()
    else:
        con = db.connect(args.organisation)
        try:
            lines = report(con, args.today, "duckdb")
        finally:
            con.close()
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    main()

"""The write path under DuckDB's memory cap: replacing many stored rows must not need them
all in memory at once (a MERGE with an update branch ran out of 128 MB at 50,000 rows)."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from alignment import db, store

ROWS = 50_000
MEMORY = {"memory_limit": "128MB", "threads": 2}


def experiments(suffix: str) -> pa.Table:
    """``ROWS`` valid experiments typed as the table is, their titles ending in ``suffix``."""
    con = db.connect(":memory:")
    con.execute(
        "INSERT INTO experiments BY NAME"
        " SELECT printf('E-%06d', i) AS experiment_id, printf('T%02d', i % 40) AS team_id,"
        "        printf('Experiment %d', i) || ? AS title,"
        "        'We believe it helps; we know when the metric moves.' AS hypothesis,"
        "        'running' AS status, 'flow' AS lean_lens, DATE '2026-01-05' AS start_date,"
        "        ['dev', 'design'] AS disciplines, 1 + i % 5 AS energy"
        " FROM range(?) AS r(i)",
        [suffix, ROWS],
    )
    table = con.sql("SELECT * FROM experiments").to_arrow_table()
    con.close()
    return table


def stored(con: duckdb.DuckDBPyConnection, rows: pa.Table) -> None:
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    cur.register(store.STAGE, rows)
    store.upserted(cur, "experiments")
    cur.execute("COMMIT")
    cur.close()


def test_replacing_fifty_thousand_rows_fits_a_small_memory_cap(tmp_path):
    con = duckdb.connect(str(tmp_path / "capped.duckdb"), config=MEMORY)
    db.migrate(con)
    stored(con, experiments(""))
    stored(con, experiments(" (v2)"))
    assert con.execute(
        "SELECT count(*), count(DISTINCT experiment_id), count(*) FILTER (title LIKE '% (v2)')"
        " FROM experiments"
    ).fetchone() == (ROWS, ROWS, ROWS)
    con.close()

"""The write path under DuckDB's memory cap: replacing many stored rows must not need them
all in memory at once (a MERGE with an update branch ran out of 128 MB at 50,000 rows), nor
may the diff of a large upload against a populated database."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from alignment import contract, db, store
from alignment.access import Person
from alignment.db import Database
from alignment.ingest.pipeline import (
    DEMO_LOADER,
    PREVIEW_ROWS,
    upload_committed,
    upload_preview,
)
from alignment.store.rollups import kept_tables
from benchmarks import ingest as bench_ingest
from tests.test_rollups import rows

ROWS = 50_000
MEMORY = {"memory_limit": "128MB", "threads": 2}
TODAY = dt.date(2026, 11, 27)


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
    table = con.cursor().table("SELECT * FROM experiments")
    con.close()
    return table


def stored(con: Database, rows: pa.Table) -> None:
    cur = con.cursor()
    cur.execute("BEGIN TRANSACTION")
    cur.register(store.STAGE, rows)
    store.upserted(cur, "experiments")
    cur.execute("COMMIT")
    cur.close()


def test_replacing_fifty_thousand_rows_fits_a_small_memory_cap(tmp_path):
    con = db.connect(tmp_path / "capped.duckdb", settings=MEMORY)
    stored(con, experiments(""))
    stored(con, experiments(" (v2)"))
    assert con.execute(
        "SELECT count(*), count(DISTINCT experiment_id), count(*) FILTER (title LIKE '% (v2)')"
        " FROM experiments"
    ).fetchone() == (ROWS, ROWS, ROWS)
    con.close()


STORED = 30_000
CAPPED = {"memory_limit": "48MB", "threads": 2}
_ROWS_SQL = (
    "SELECT printf('E-%07d', i) AS experiment_id, printf('T%02d', i % 40) AS team_id,"
    " printf('Experiment %d', i) || ? AS title,"
    " 'We believe it helps; we know when the metric moves.' AS hypothesis,"
    " 'running' AS status, 'flow' AS lean_lens, DATE '2026-01-05' AS start_date,"
    " 'dev;design' AS disciplines, 1 + i % 5 AS energy FROM range(?) AS r(i)"
)


def test_a_large_upload_into_a_populated_database_is_previewed_and_committed_under_a_cap(
        tmp_path):
    """Every stored row changed and as many new: the per-column diff (a join per column) ran
    out of this cap in the preview; the diff is one join, in parts of ``PART_ROWS``."""
    con = db.connect(tmp_path / "populated.duckdb", settings=CAPPED)
    con.execute("INSERT INTO teams (team_id, name)"
                " SELECT printf('T%02d', i), printf('Team %d', i) FROM range(40) AS r(i)")
    con.execute("INSERT INTO experiments BY NAME SELECT * REPLACE"
                " (string_split(disciplines, ';') AS disciplines) FROM (" + _ROWS_SQL + ")",
                ["", STORED])
    db.written(con, store.refreshed_rollups)
    upload = tmp_path / "upload.csv"
    con.execute(f"COPY ({_ROWS_SQL}) TO '{upload}' (HEADER)", [" (v2)", 2 * STORED])
    data, admin = upload.read_bytes(), Person("admin@example.org", "Admin", "admin")
    assert 2 * STORED > store.PART_ROWS

    preview = upload_preview(con, "experiments", upload.name, data, TODAY, actor=admin)
    assert (preview.new, preview.changed, preview.unchanged) == (STORED, STORED, 0)
    assert preview.changes["entity_id"].tolist()[:2] == ["E-0000000", "E-0000001"]
    # the preview keeps every changed field of its first rows: here one field per row
    fields = len(contract.COLUMNS["experiments"]) - len(store.KEYS["experiments"])
    assert preview.changes["field"].eq("title").all()
    assert len(preview.changes) == PREVIEW_ROWS * fields
    committed = upload_committed(con, "experiments", upload.name, data, actor=admin, today=TODAY)
    assert not committed.blocked and committed.upload_id
    assert con.execute(
        "SELECT count(*), count(*) FILTER (title LIKE '% (v2)') FROM experiments"
    ).fetchone() == (2 * STORED, 2 * STORED)
    assert con.execute(
        "SELECT count(*) FILTER (field = 'title'), count(*) FILTER (field = '(created)')"
        " FROM change_log"
    ).fetchone() == (STORED, STORED)
    con.close()



NEW_ROWS = 100_000
# A tenth of a million-row upload under a sixth of the app's cap: before the derived rows were
# written in parts, this upload ran out of it with the whole upload in each join.
NEW_CAPPED = {"memory_limit": "60MB", "threads": 2}


def test_a_large_upload_into_an_empty_database_keeps_its_rollups_under_a_cap(tmp_path):
    """The facts and rollups of a large upload are written a part at a time, and equal what a
    rebuild computes from the raw rows."""
    con = db.connect(tmp_path / "empty.duckdb", settings=NEW_CAPPED)
    for kind, path in bench_ingest.reference_files(tmp_path).items():
        upload_committed(con, kind, path.name, path.read_bytes(), actor=DEMO_LOADER,
                         today=bench_ingest.TODAY)
    upload = bench_ingest.experiments_file(tmp_path / "upload.csv", NEW_ROWS)
    assert NEW_ROWS > store.PART_ROWS
    committed = upload_committed(con, "experiments", upload.name, upload.read_bytes(),
                                 actor=DEMO_LOADER, today=bench_ingest.TODAY)
    assert not committed.blocked and committed.new == NEW_ROWS
    kept = {table: rows(con, table) for table in kept_tables()}
    db.written(con, store.refreshed_rollups)
    assert kept == {table: rows(con, table) for table in kept_tables()}
    started = con.execute("SELECT count(start_date) FROM experiments").fetchone()[0]
    assert sum(row[-1] for row in kept["rollup_collaboration"] if row[-2] == "start") == started
    con.close()


# An upload of more than a part, and the passes its derived rows take on each backend: on
# PostgreSQL one, since it spills a join to disk and has no statistics for a hash of the key
# (read in parts, it planned each as a few hundred rows and joined it by nested loops: a
# 100,000-row upload into an empty database took 450 s).
PART_UPLOAD, SMALL_PART = 25, 10
PASSES = {"duckdb": 3, "postgres": 1}


def test_an_upload_larger_than_a_part_is_derived_in_parts_on_duckdb_alone(
        con, backend, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "PART_ROWS", SMALL_PART)
    parts_seen: list[list[str]] = []
    parted = store.staged_id_parts
    monkeypatch.setattr(store, "staged_id_parts",
                        lambda cur: parts_seen.append(parted(cur)) or parts_seen[-1])
    for kind, path in bench_ingest.reference_files(tmp_path).items():
        upload_committed(con, kind, path.name, path.read_bytes(), actor=DEMO_LOADER,
                         today=bench_ingest.TODAY)
    upload = bench_ingest.experiments_file(tmp_path / "upload.csv", PART_UPLOAD)
    committed = upload_committed(con, "experiments", upload.name, upload.read_bytes(),
                                 actor=DEMO_LOADER, today=bench_ingest.TODAY)
    assert not committed.blocked and committed.new == PART_UPLOAD
    assert {len(parts) for parts in parts_seen} == {PASSES[backend]}
    kept = {table: rows(con, table) for table in kept_tables()}
    db.written(con, store.refreshed_rollups)
    assert kept == {table: rows(con, table) for table in kept_tables()}

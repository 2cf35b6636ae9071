"""Ingest benchmark: end-to-end upload time of generated experiment CSVs against a floor.

The floor is DuckDB's own typed read of the same file in the same run
(``SELECT count(*) FROM read_csv(file, columns=…, auto_detect=false)``); the figure
that matters is the ratio, which does not depend on how fast this machine is.

    python -m benchmarks.ingest            # 10k, 100k and 1M rows
    python -m benchmarks.ingest 10000      # chosen sizes
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from alignment import contract, db, export, queries
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed

TODAY = dt.date(2026, 11, 15)
TEAMS = [f"T{n:03d}" for n in range(40)]
PRODUCTS = [f"P{n:02d}" for n in range(20)]
GOALS = [f"G{n}" for n in range(8)]
FLOOR_TYPES = {c: "VARCHAR" for c in contract.COLUMNS["experiments"]}


def reference_files(folder: Path) -> dict[str, Path]:
    """Small goals / products / links / teams files the generated experiments refer to."""
    rows = {
        "goals": [{"goal_id": g, "title": f"Goal {g}", "level": "goal", "status": "active"}
                  for g in GOALS],
        "products": [{"product_id": p, "name": f"Product {p}", "value_stream": "Stream",
                      "lifecycle": "grow"} for p in PRODUCTS],
        "product_goals": [{"product_id": p, "goal_id": GOALS[i % len(GOALS)],
                           "link_type": "contributes"} for i, p in enumerate(PRODUCTS)],
        "teams": [{"team_id": t, "name": f"Team {t}"} for t in TEAMS],
        "team_products": [{"team_id": t, "product_id": PRODUCTS[i % len(PRODUCTS)],
                           "role": "owner" if i < len(PRODUCTS) else "contributor"}
                          for i, t in enumerate(TEAMS)],
    }
    paths = {}
    for kind, table in rows.items():
        paths[kind] = folder / f"{kind}.csv"
        with paths[kind].open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=contract.COLUMNS[kind])
            writer.writeheader()
            writer.writerows(table)
    return paths


def experiments_file(path: Path, rows: int) -> Path:
    """A valid experiments CSV of ``rows`` rows: every status, dates, numbers and lists."""
    statuses = contract.EXPERIMENT_STATUSES
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(contract.COLUMNS["experiments"])
        for n in range(rows):
            team = TEAMS[n % len(TEAMS)]
            product = PRODUCTS[n % len(PRODUCTS)]
            status = statuses[n % 4]
            start = TODAY - dt.timedelta(days=30 + n % 500)
            end = start + dt.timedelta(days=14) if status in ("done", "stopped") else None
            done = status == "done"
            writer.writerow([
                f"{team}-{n:07d}", team, f"Experiment number {n}",
                "We believe this will help; we know when the metric moves.", status,
                contract.LEAN_LENSES[n % 5], product, GOALS[PRODUCTS.index(product) % len(GOALS)],
                start.isoformat() if status != "idea" else "", end.isoformat() if end else "",
                "lead time", "10", "8", "7.5" if done else "",
                "validated" if done else "", "It worked." if done else "",
                "medium", "", "", "", "",
                TEAMS[(n + 1) % len(TEAMS)] if n % 5 == 0 else "", "dev;design", "",
                str(1 + n % 5),
            ])
    return path


def floor_seconds(path: Path) -> float:
    """DuckDB's bare typed read of the file: the fastest anything could see every row."""
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        "SELECT count(*) FROM read_csv(?, columns = ?, header = true, auto_detect = false)",
        [str(path), FLOOR_TYPES],
    ).fetchone()
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def copy_floor_seconds(folder: Path, path: Path) -> float:
    """DuckDB copying the file as text into a new table of a database file: no types, no key.

    The least anything that keeps the rows on disk can take.
    """
    con = duckdb.connect(str(folder / f"copy-{path.stem}-{time.monotonic_ns()}.duckdb"))
    started = time.perf_counter()
    con.execute(
        "CREATE TABLE copied AS"
        " SELECT * FROM read_csv(?, columns = ?, header = true, auto_detect = false)",
        [str(path), FLOOR_TYPES],
    )
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def store_floor_seconds(folder: Path, path: Path) -> float:
    """DuckDB's own typed insert of the file into the app's experiments table, committed.

    The least any upload that keeps the rows can take, before it checks or diffs anything:
    the key index, the CHECKs and the write to disk.
    """
    database = folder / f"floor-{path.stem}-{time.monotonic_ns()}.duckdb"
    con = db.connect(database)
    types = {
        name: "VARCHAR" if kind.endswith("[]") else kind
        for name, kind in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = 'experiments'"
        ).fetchall()
    }
    started = time.perf_counter()
    # one cursor for the whole transaction: the database's own execute takes a new one each time
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO experiments BY NAME"
            " SELECT * REPLACE (string_split(partner_teams, ';') AS partner_teams,"
            "                   string_split(disciplines, ';') AS disciplines)"
            " FROM read_csv(?, columns = ?, header = true, auto_detect = false)",
            [str(path), types],
        )
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def ingest_seconds(folder: Path, path: Path, existing: int = 0, url: str | None = None
                   ) -> float:
    """End-to-end upload (read, validate, reference checks, diff, write) into a seeded file,
    or into the PostgreSQL database at ``url`` when given."""
    con = db.connect(url or folder / f"bench-{path.stem}-{existing}.duckdb")
    for kind, ref in reference_files(folder).items():
        upload_committed(con, kind, ref.name, ref.read_bytes(), actor=DEMO_LOADER,
                       today=TODAY)
    data = path.read_bytes()
    started = time.perf_counter()
    outcome = upload_committed(con, "experiments", path.name, data, actor=DEMO_LOADER,
                       today=TODAY)
    elapsed = time.perf_counter() - started
    con.close()
    if outcome.blocked:
        raise SystemExit(f"generated file did not validate: {outcome.errors[:3]}")
    return elapsed


def changed_ingest_seconds(folder: Path, organisation: Path, rows: int) -> tuple[float, Path]:
    """Upload ``rows`` stored experiments of a copy of ``organisation`` again, every title
    changed: the path that replaces rows in a large table. Returns the time and the file."""
    database = folder / f"changed-{rows}.duckdb"
    shutil.copyfile(organisation, database)
    con = db.connect(database)
    stored = queries.table_rows(con, "experiments", rows)
    stored["title"] = stored["title"].str.slice(0, 110) + " (v2)"
    path = folder / f"changed_{rows}.csv"
    path.write_bytes(export.csv_bytes(stored))
    data = path.read_bytes()
    started = time.perf_counter()
    outcome = upload_committed(con, "experiments", path.name, data, actor=DEMO_LOADER,
                               today=dt.date.today())  # the organisation is dated on today
    elapsed = time.perf_counter() - started
    con.close()
    if outcome.blocked or outcome.changed != len(stored):
        raise SystemExit(f"changed file did not upload as changes: {outcome.errors[:3]}")
    return elapsed, path


def main(sizes: list[int]) -> None:
    print("floors: read = DuckDB's count(*) over the file; copy = DuckDB copying it as text"
          " into a database file; store = DuckDB's typed insert into the app's table")
    print(f"{'rows':>10} {'read s':>7} {'copy s':>7} {'store s':>8} {'ingest s':>9}"
          f" {'copy/read':>9} {'store/read':>10} {'ingest/read':>11} {'ingest/store':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in sizes:
            path = experiments_file(folder / f"experiments_{rows}.csv", rows)
            floor = statistics.median(floor_seconds(path) for _ in range(3))
            copy = statistics.median(copy_floor_seconds(folder, path) for _ in range(3))
            store = statistics.median(store_floor_seconds(folder, path) for _ in range(3))
            ingest = ingest_seconds(folder, path)
            print(f"{rows:>10,} {floor:>7.3f} {copy:>7.3f} {store:>8.3f} {ingest:>9.3f}"
                  f" {copy / floor:>8.1f}× {store / floor:>9.1f}× {ingest / floor:>10.1f}×"
                  f" {ingest / store:>11.1f}×")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])

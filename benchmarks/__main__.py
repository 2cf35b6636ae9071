"""Every benchmark in one run, then one table of all figures: ``make bench``.

1. generate the million-experiment organisation (``benchmarks.org``) and copy it into a
   PostgreSQL server started for the run (``benchmarks.postgres``);
2. ingest 10k, 100k and 1M rows into an empty database (``benchmarks.ingest``), the
   10k and 100k also into an empty PostgreSQL database;
3. ingest into a copy of the million-experiment database: 10k new rows (on both), then
   100k of its own rows with every title changed;
4. every page, first render and warm rerun (``benchmarks.pages``, in its own process),
   on the DuckDB file and on PostgreSQL;
5. the real server under 1, 5 and 10 sessions (``benchmarks.load``), then 1, 2 and 3
   replicas on PostgreSQL behind HAProxy (``benchmarks.cluster``).

Each figure stands next to a floor measured in the same run; the ratio is what carries
from one machine to another. A PostgreSQL figure's floor is the same figure on DuckDB.

    python -m benchmarks                                   # full size
    python -m benchmarks --experiments 100000 --ingest 10000 --seconds 5 --reruns 3
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import cluster, ingest, load, org, pages, postgres

ROOT = Path(__file__).resolve().parents[1]
SCALE_UPLOAD_ROWS = 10_000
CHANGED_UPLOAD_ROWS = 100_000
POSTGRES_UPLOAD_ROWS = 100_000  # uploads up to this size also run on PostgreSQL
PAGE_RATIO_TARGET = 1.5  # a page's first render on PostgreSQL against DuckDB's


@dataclass(frozen=True)
class Row:
    """One line of the combined table."""

    benchmark: str
    measured: str
    floor: str
    ratio: float | None
    target: str
    met: bool | None


def seconds_text(seconds: float) -> str:
    """``0.27 s`` or ``340 ms``, whichever reads better."""
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"


def generation_rows(size: org.Size) -> tuple[list[Row], Path]:
    """Generate the organisation afresh; its row and the file."""
    started = time.perf_counter()
    path = pages.organisation_file(size, fresh=True)
    elapsed = time.perf_counter() - started
    label = f"generate organisation, {size.experiments:,} experiments"
    return [Row(label, seconds_text(elapsed), "", None, "< 60 s", elapsed < 60)], path


def copy_rows(organisation: Path, url: str) -> list[Row]:
    """Copy the organisation into the PostgreSQL database ``url``; its row."""
    found = postgres.copied(organisation, url)
    print(f"  copied into PostgreSQL: {found.seconds:.1f} s", file=sys.stderr, flush=True)
    return [Row(f"copy organisation into PostgreSQL, {found.rows:,} rows",
                seconds_text(found.seconds), f"CSV out {seconds_text(found.export_seconds)}",
                found.seconds / found.export_seconds, "", None)]


def ingest_rows(sizes: list[int], organisation: Path, server: postgres.Server,
                org_url: str) -> list[Row]:
    """Uploads of each size into an empty database, and into the organisation: 10k new rows,
    and 100k of its own rows with every title changed; the smaller ones also on PostgreSQL,
    against the same upload on DuckDB."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # one untimed upload first, so no timed one pays for imports and first-use setup
        warm_up = ingest.experiments_file(folder / "warm_up.csv", 1_000)
        ingest.ingest_seconds(folder, warm_up)
        ingest.ingest_seconds(folder, warm_up, url=server.created())
        for size in sizes:
            csv_file = ingest.experiments_file(folder / f"experiments_{size}.csv", size)
            floor = statistics.median(ingest.floor_seconds(csv_file) for _ in range(3))
            seconds = ingest.ingest_seconds(folder, csv_file)
            target, met = (("≤ 0.5 s", seconds <= 0.5) if size <= 10_000
                           else ("≤ 5× floor", seconds <= 5 * floor))
            rows.append(Row(f"ingest {size:,} rows, empty database", seconds_text(seconds),
                            seconds_text(floor), seconds / floor, target, met))
            if size > 10_000:
                rows += storage_floor_rows(folder, csv_file, size, floor)
            if size <= POSTGRES_UPLOAD_ROWS:
                rows.append(postgres_ingest_row(
                    f"ingest {size:,} rows, empty database, PostgreSQL", seconds,
                    ingest.ingest_seconds(folder, csv_file, url=server.created()), size))
            print(f"  ingest {size:,}: {seconds:.2f} s", file=sys.stderr, flush=True)
        csv_file = ingest.experiments_file(folder / "experiments_scale.csv", SCALE_UPLOAD_ROWS)
        floor = statistics.median(ingest.floor_seconds(csv_file) for _ in range(3))
        existing = org_rows(organisation)
        # ingest_seconds opens bench-<stem>-<existing>.duckdb: here a copy of the organisation
        shutil.copyfile(organisation, folder / f"bench-{csv_file.stem}-{existing}.duckdb")
        seconds = ingest.ingest_seconds(folder, csv_file, existing=existing)
        rows.append(Row(f"ingest {SCALE_UPLOAD_ROWS:,} rows into {existing:,}",
                        seconds_text(seconds), seconds_text(floor), seconds / floor, "≤ 0.5 s",
                        seconds <= 0.5))
        copy_url = server.created(template=postgres.database_name(org_url))
        rows.append(postgres_ingest_row(
            f"ingest {SCALE_UPLOAD_ROWS:,} rows into {existing:,}, PostgreSQL", seconds,
            ingest.ingest_seconds(folder, csv_file, url=copy_url), SCALE_UPLOAD_ROWS))
        server.dropped(copy_url)
        seconds, changed_file = ingest.changed_ingest_seconds(folder, organisation,
                                                              CHANGED_UPLOAD_ROWS)
        floor = statistics.median(ingest.floor_seconds(changed_file) for _ in range(3))
        rows.append(Row(f"ingest {CHANGED_UPLOAD_ROWS:,} changed rows into {existing:,}",
                        seconds_text(seconds), seconds_text(floor), seconds / floor, "", None))
        print(f"  ingest {CHANGED_UPLOAD_ROWS:,} changed: {seconds:.2f} s", file=sys.stderr,
              flush=True)
    return rows


def postgres_ingest_row(name: str, duckdb_seconds: float, seconds: float, size: int) -> Row:
    """An upload on PostgreSQL against the same upload on DuckDB."""
    target, met = ("≤ 0.5 s", seconds <= 0.5) if size <= 10_000 else ("", None)
    print(f"  {name}: {seconds:.2f} s", file=sys.stderr, flush=True)
    return Row(name, seconds_text(seconds), f"DuckDB {seconds_text(duckdb_seconds)}",
               seconds / duckdb_seconds, target, met)


def storage_floor_rows(folder: Path, csv_file: Path, size: int, floor: float) -> list[Row]:
    """What DuckDB alone takes to keep the same rows: the bound under any upload's ratio."""
    copy = statistics.median(ingest.copy_floor_seconds(folder, csv_file) for _ in range(3))
    store = statistics.median(ingest.store_floor_seconds(folder, csv_file) for _ in range(3))
    return [
        Row("  DuckDB alone: copy the file as text into a database file",
            seconds_text(copy), seconds_text(floor), copy / floor, "", None),
        Row("  DuckDB alone: typed insert into the experiments table",
            seconds_text(store), seconds_text(floor), store / floor, "", None),
    ]


def org_rows(path: Path) -> int:
    """How many experiments the organisation file holds."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM experiments").fetchone()[0]
    finally:
        con.close()


def figures(module: str, arguments: list[str]) -> dict:
    """Run ``python -m benchmarks.<module>`` in its own process; the figures it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        subprocess.run([sys.executable, "-m", "benchmarks." + module, *arguments,
                        "--json", str(out)], cwd=ROOT, check=True)
        return json.loads(out.read_text())


def growth_rows(name: str, page: dict) -> list[Row]:
    """A page's first render against the same page on the small organisation, and its render
    right after a one-team upload."""
    if not page.get("small_first_ms"):
        return []
    small = f"{pages.SMALL_EXPERIMENTS:,}: {page['small_first_ms']:.0f} ms"
    return [
        Row(name + ": first render against a small organisation", f"{page['first_ms']:.0f} ms",
            small, page["growth"], f"≤ {pages.GROWTH_TARGET:.0f}× small", page["growth_met"]),
        Row(name + ": render right after a one-team upload",
            f"{page['upload_first_ms']:.0f} ms", small,
            page["upload_first_ms"] / page["small_first_ms"], f"≤ {pages.FIRST_TARGET_MS:.0f} ms",
            page["upload_first_ms"] <= pages.FIRST_TARGET_MS),
    ]


def page_rows(organisation: Path, url: str, small_url: str, reruns: int) -> list[Row]:
    """First render against the page's own SQL, warm rerun against the blank-script floor;
    each page's PostgreSQL figures against its DuckDB ones; on both, each page against the
    same page on the small organisation and right after a one-team upload."""
    found = figures("pages", ["--db", str(organisation), "--reruns", str(reruns)])
    on_postgres = {page["path"]: page for page in
                   figures("pages", ["--url", url, "--small-url", small_url,
                                     "--reruns", str(reruns)])["pages"]}
    rows = []
    blank_warm = found["harness_ms"][1]
    for page in found["pages"]:
        name = "page " + page["title"]
        other = on_postgres.get(page["path"])
        if page["error"]:
            rows.append(Row(name, "error: " + page["error"][:90], "", None, "", False))
        else:
            rows.append(Row(name + ": first render", f"{page['first_ms']:.0f} ms",
                            f"SQL {page['sql_ms']:.0f} ms",
                            page["first_ms"] / page["sql_ms"] if page["sql_ms"] else None,
                            f"≤ {pages.FIRST_TARGET_MS:.0f} ms", page["first_met"]))
        if other and other["error"]:
            rows.append(Row(name + ", PostgreSQL", "error: " + other["error"][:90], "", None,
                            "", False))
        elif other and not page["error"]:
            ratio = other["first_ms"] / page["first_ms"] if page["first_ms"] else None
            rows.append(Row(name + ": first render, PostgreSQL", f"{other['first_ms']:.0f} ms",
                            f"DuckDB {page['first_ms']:.0f} ms", ratio,
                            f"≤ {PAGE_RATIO_TARGET}× DuckDB",
                            ratio is not None and ratio <= PAGE_RATIO_TARGET))
        if page["error"]:
            continue
        rows += growth_rows(name, page)
        if other and not other["error"]:
            rows += growth_rows(name + ", PostgreSQL", other)
        rows.append(Row(name + ": warm rerun", f"{page['warm_ms']:.0f} ms",
                        f"blank {blank_warm:.0f} ms",
                        page["warm_ms"] / blank_warm if blank_warm else None,
                        f"≤ {pages.WARM_TARGET_MS:.0f} ms", page["warm_met"]))
        if other and not other["error"]:
            rows.append(Row(name + ": warm rerun, PostgreSQL", f"{other['warm_ms']:.0f} ms",
                            f"DuckDB {page['warm_ms']:.0f} ms",
                            other["warm_ms"] / page["warm_ms"] if page["warm_ms"] else None,
                            f"≤ {pages.WARM_TARGET_MS:.0f} ms", other["warm_met"]))
    both = [(page, on_postgres[page["path"]]) for page in found["pages"]
            if not page["error"] and not on_postgres.get(page["path"], {"error": 1})["error"]]
    if both:
        duck, post = (sum(p["first_ms"] for p in side) for side in zip(*both, strict=True))
        rows.append(Row(f"all {len(both)} pages' first renders, PostgreSQL",
                        f"{post / 1000:.1f} s", f"DuckDB {duck / 1000:.1f} s", post / duck,
                        f"≤ {PAGE_RATIO_TARGET}× DuckDB", post / duck <= PAGE_RATIO_TARGET))
    return rows


def load_rows(organisation: Path, url: str, seconds: float) -> list[Row]:
    """Reruns per second and RSS per level, against a one-line page on the same server; then
    1, 2 and 3 replicas on PostgreSQL behind HAProxy under the most sessions, one replica
    against the DuckDB process and more replicas against one."""
    found = figures("load", ["--db", str(organisation), "--seconds", str(seconds)])
    blank = {level["sessions"]: level for level in found["blank"]}
    rows = []
    for level in found["app"]:
        floor = blank[level["sessions"]]
        rows.append(Row(
            f"load Overview, {level['sessions']} sessions",
            f"{level['per_second']:.1f}/s p50 {level['p50_ms']:.0f} p95 {level['p95_ms']:.0f} "
            f"ms {level['rss_mb']:.0f} MB",
            f"blank {floor['per_second']:.1f}/s",
            floor["per_second"] / level["per_second"] if level["per_second"] else None,
            f"≥ {load.RERUNS_TARGET:.0f}/s, ≤ {load.RSS_TARGET_MB:.0f} MB",
            not level["errors"] and level["per_second"] >= load.RERUNS_TARGET
            and level["rss_mb"] <= load.RSS_TARGET_MB))
    duck = max(found["app"], key=lambda level: level["sessions"])
    sessions = duck["sessions"]
    levels = figures("cluster", ["--url", url, "--seconds", str(seconds),
                                 "--sessions", str(sessions)])["levels"]
    one = next((level for level in levels if level["replicas"] == 1), None)
    for level in levels:
        if level["replicas"] == 1:
            floor, base, target = f"DuckDB {duck['per_second']:.1f}/s", duck, ""
        else:
            floor, base = f"one replica {one['per_second']:.1f}/s", one
            target = f"≥ {cluster.SCALING_TARGET}× one" if level["replicas"] == 2 else ""
        ratio = level["per_second"] / base["per_second"] if base["per_second"] else None
        met = (None if not target and not level["errors"]
               else not level["errors"] and ratio is not None
               and ratio >= cluster.SCALING_TARGET)
        memory = "/".join(f"{mb:.0f}" for mb in level["rss_mb"])
        rows.append(Row(
            f"load Overview, {level['replicas']} replica{'s' * (level['replicas'] > 1)} on "
            f"PostgreSQL behind HAProxy, {sessions} sessions",
            f"{level['per_second']:.1f}/s p50 {level['p50_ms']:.0f} p95 {level['p95_ms']:.0f} "
            f"ms {memory} MB", floor, ratio, target, met))
        rows.append(Row(
            f"  CPU per rerun: replicas, PostgreSQL, HAProxy, sessions ({level['replicas']})",
            f"{level['replica_cpu_ms']:.0f}, {level['postgres_cpu_ms']:.0f}, "
            f"{level['haproxy_cpu_ms']:.1f}, {level['sessions_cpu_ms']:.0f} ms", "", None, "",
            None))
        if level["errors"]:
            print(f"  errors with {level['replicas']} replicas: {level['first_error']}",
                  file=sys.stderr, flush=True)
    return rows


def combined_table(rows: list[Row]) -> str:
    """All figures in one table."""
    widths = [max(len(r.benchmark) for r in rows), max(len(r.measured) for r in rows),
              max(len(r.floor) for r in rows), 7, max(len(r.target) for r in rows)]
    head = (f"{'benchmark':<{widths[0]}}  {'measured':>{widths[1]}}  {'floor':>{widths[2]}}  "
            f"{'ratio':>{widths[3]}}  {'target':<{widths[4]}}  met")
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r.ratio:.1f}×" if r.ratio is not None else ""
        met = "" if r.met is None else ("yes" if r.met else "NO")
        lines.append(f"{r.benchmark:<{widths[0]}}  {r.measured:>{widths[1]}}  "
                     f"{r.floor:>{widths[2]}}  {ratio:>{widths[3]}}  "
                     f"{r.target:<{widths[4]}}  {met}")
    return "\n".join(lines)


def machine(busy_before: float) -> str:
    """Cores, memory, CPU model, Python version and how busy this machine was (load average)."""
    import platform

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), 0)
    return (f"{os.cpu_count()} cores, {memory / 1024 ** 2:.0f} GiB, {cpu}, "
            f"Python {platform.python_version()}, load average {busy_before:.1f} before and "
            f"{os.getloadavg()[0]:.1f} after")


def main() -> None:
    """Run every benchmark and print the combined table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiments", type=int, default=org.Size.experiments)
    parser.add_argument("--ingest", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--reruns", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    busy_before = os.getloadavg()[0]
    started = time.perf_counter()
    # a terminated run still stops the PostgreSQL server it started (the with-block's exit)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    rows, organisation = generation_rows(org.Size(experiments=args.experiments))
    with postgres.Server() as server:
        url = server.created()
        rows += copy_rows(organisation, url)
        small_url = server.created()
        postgres.copied(pages.organisation_file(org.Size(experiments=pages.SMALL_EXPERIMENTS)),
                        small_url)
        rows += ingest_rows(args.ingest, organisation, server, url)
        rows += page_rows(organisation, url, small_url, args.reruns)
        rows += load_rows(organisation, url, args.seconds)
    took = time.perf_counter() - started
    print(f"\nAll benchmarks ({machine(busy_before)}; {took:.0f} s in all)")
    print(combined_table(rows))


if __name__ == "__main__":
    main()

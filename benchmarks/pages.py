"""Page benchmark: every registered page on the million-experiment organisation.

For each page of ``alignment.sitemap.PAGES``, run through the real ``app.py`` with
``AppTest`` as the local admin: the first render with Streamlit's data caches emptied
(``st.cache_data.clear()``) and the median of the warm reruns that follow, next to the
time the page's SQL took inside that first render (measured in the same run by timing
the functions of ``alignment.queries`` that execute SQL; the app itself is not changed).
A blank one-line script run the same way gives the floor of the harness itself.

    python -m benchmarks.pages                  # generates data/bench/org-1m.duckdb once
    python -m benchmarks.pages --db FILE        # any database file
    python -m benchmarks.pages --url postgresql://…   # a PostgreSQL database (the app's URL)
    python -m benchmarks.pages --experiments 100000 --reruns 3
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import importlib
import inspect
import json
import os
import pkgutil
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from benchmarks import org

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "data" / "bench"
FIRST_TARGET_MS = 500.0
WARM_TARGET_MS = 100.0
GROWTH_TARGET = 2.0  # first render at full size against the same page at SMALL_EXPERIMENTS
SMALL_EXPERIMENTS = 10_000
SLOW_MS = 10_000.0  # a page this slow gets 3 warm reruns, not the full count
FRAME = re.compile(r'File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<function>\S+)')


@dataclass(frozen=True)
class PageTiming:
    """One page's figures: first render, warm reruns, its SQL, and what went wrong if anything."""

    title: str
    path: str
    first_ms: float
    warm_ms: float
    sql_ms: float
    queries: int
    warm_sql_ms: float
    slowest: str
    error: str = ""
    small_first_ms: float = 0.0  # the same page's first render on the small organisation
    upload_first_ms: float = 0.0  # its first render right after a one-team upload

    @property
    def growth(self) -> float | None:
        """First render here against the same page's on the small organisation."""
        return self.first_ms / self.small_first_ms if self.small_first_ms else None

    @property
    def growth_met(self) -> bool:
        """Whether the first render grew at most ``GROWTH_TARGET`` times from the small one."""
        return self.growth is not None and self.growth <= GROWTH_TARGET

    @property
    def first_met(self) -> bool:
        """Whether the first render meets its target."""
        return not self.error and self.first_ms <= FIRST_TARGET_MS

    @property
    def warm_met(self) -> bool:
        """Whether the warm rerun meets its target."""
        return not self.error and self.warm_ms <= WARM_TARGET_MS


class SqlClock:
    """Time spent in the app's SQL functions, outermost calls only, per calling query."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self.by_query: Counter[str] = Counter()
        self._depth = threading.local()

    def reset(self) -> None:
        """Start counting from zero."""
        self.seconds, self.calls, self.by_query = 0.0, 0, Counter()

    def timed(self, fn, label_from_caller: bool):
        """``fn`` wrapped so that its time (not nested calls) is added to this clock."""

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            depth = getattr(self._depth, "value", 0)
            self._depth.value = depth + 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._depth.value = depth
                if depth == 0:
                    elapsed = time.perf_counter() - started
                    self.seconds += elapsed
                    self.calls += 1
                    name = sys._getframe(1).f_code.co_name if label_from_caller else fn.__name__
                    self.by_query[name] += elapsed

        return wrapper


def sql_functions() -> dict[int, tuple[object, bool]]:
    """The app's functions that execute SQL, by id: ``_frame``/``_scalar`` and any query
    that takes a cursor itself; the flag says whether to name the time after the caller."""
    import alignment.queries as package

    found: dict[int, tuple[object, bool]] = {}
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not inspect.isfunction(value) or value.__module__ != module.__name__:
                continue
            if name in ("_frame", "_scalar"):
                found[id(value)] = (value, True)
            elif ".cursor()" in inspect.getsource(value):
                found[id(value)] = (value, False)
    return found


def instrumented(clock: SqlClock) -> int:
    """Replace every reference to an SQL function in ``alignment``'s modules by a timed one;
    returns how many references were replaced."""
    import alignment

    for info in pkgutil.walk_packages(alignment.__path__, "alignment."):
        importlib.import_module(info.name)
    functions = sql_functions()
    replaced = 0
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("alignment"):
            continue
        for name, value in list(vars(module).items()):
            if id(value) in functions and value is functions[id(value)][0]:
                setattr(module, name, clock.timed(value, functions[id(value)][1]))
                replaced += 1
    return replaced


def cache_key(size: org.Size) -> str:
    """What the cached database file depends on: the generator, the schema and the write path."""
    digest = hashlib.sha256(repr(size).encode())
    sources = [ROOT / "benchmarks" / "org.py", ROOT / "src" / "alignment" / "schema.sql",
               *sorted((ROOT / "src" / "alignment" / "store").glob("*.py")),
               *sorted((ROOT / "src" / "alignment" / "migrations").glob("*.sql"))]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def organisation_file(size: org.Size, fresh: bool = False) -> Path:
    """``data/bench/org-<experiments>.duckdb``, generated when ``fresh`` or out of date."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"org-{size.experiments}.duckdb"
    stamp = path.with_suffix(".key")
    key = cache_key(size)
    if not fresh and path.exists() and stamp.exists() and stamp.read_text() == key:
        return path
    started = time.perf_counter()
    stamp.unlink(missing_ok=True)
    org.generated(path, size)
    stamp.write_text(key)
    print(f"generated {path.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s",
          flush=True)
    return path


def run_ms(at) -> float:
    """Milliseconds ``at.run()`` takes; raises if the script failed."""
    started = time.perf_counter()
    at.run()
    elapsed = (time.perf_counter() - started) * 1000
    if at.exception:
        failure = at.exception[0]
        frames = [FRAME.search(line) for line in failure.stack_trace]
        frames = [f"{m['path'].rsplit('/src/', 1)[-1]}:{m['line']} {m['function']}"
                  for m in frames if m]
        # the deepest frame of the app outside the database seam: the query that failed
        where = [f for f in frames if f.startswith("alignment/")
                 and not f.startswith(("alignment/db/", "alignment/queries/_base"))][-1:]
        raise RuntimeError(failure.message.splitlines()[0][:120] + " at "
                           + " ".join(where or frames[-1:]))
    return elapsed


def harness_ms(reruns: int) -> tuple[float, float]:
    """First and median warm run of a one-line script: what AppTest itself costs."""
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "blank.py"
        script.write_text("import streamlit as st\nst.write('blank')\n")
        at = AppTest.from_file(str(script), default_timeout=60)
        first = run_ms(at)
        warm = statistics.median(run_ms(at) for _ in range(reruns))
    return first, warm


def page_timing(entry, clock: SqlClock, reruns: int) -> PageTiming:
    """First render with empty data caches, then the median of ``reruns`` warm reruns."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    clock.reset()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page(entry.path)
    try:
        first = run_ms(at)
        sql_ms, queries = clock.seconds * 1000, clock.calls
        slowest = ", ".join(f"{name} {seconds * 1000:.0f}"
                            for name, seconds in clock.by_query.most_common(2))
        warm_runs, warm_sql = [], []
        for _ in range(reruns if first < SLOW_MS else min(reruns, 3)):
            clock.reset()
            warm_runs.append(run_ms(at))
            warm_sql.append(clock.seconds * 1000)
    except RuntimeError as error:
        return PageTiming(entry.title_in("en"), entry.path, 0, 0, 0, 0, 0, "", str(error))
    return PageTiming(entry.title_in("en"), entry.path, first, statistics.median(warm_runs),
                      sql_ms, queries, statistics.median(warm_sql), slowest)


def first_render_ms(entry) -> float:
    """One first render of the page ``entry`` with the caches as they are; 0 if it failed."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.switch_page(entry.path)
    try:
        return run_ms(at)
    except RuntimeError:
        return 0.0


def one_team_upload(target: str) -> None:
    """Upload one team's experiments again with every title changed, through the write path
    in one transaction, as that team's upload would."""
    import datetime as dt

    from alignment import db, store

    con = db.shared(target)
    cur = con.cursor()
    team = cur.execute("SELECT min(team_id) FROM experiments").fetchone()[0]
    frame = cur.execute("SELECT * FROM experiments WHERE team_id = ?", [team]).df()
    cur.close()
    for column in store.LIST_COLUMNS:
        frame[column] = [";".join(v) if isinstance(v, list) or hasattr(v, "tolist") else None
                         for v in frame[column]]
    frame["title"] = [t[:-1] if t.endswith("*") else t[:119] + "*" for t in frame["title"]]

    def work(cur):
        store.staged(cur, "experiments", frame)
        store.logged_changes(cur, "experiments", store.upload_id(dt.datetime.now()),
                             "benchmark", dt.datetime.now())
        store.merged(cur, "experiments")

    db.written(con, work)


def with_small_and_upload(timings: list[PageTiming], small: dict[str, float],
                          target: str) -> list[PageTiming]:
    """``timings`` with each page's first render on the small organisation (``small``, by
    path) and, on ``target``, its render right after a one-team upload (the page warmed
    first, so what the upload made cold is what it costs)."""
    from alignment.ui.navigation import PAGES

    targeted(target)
    entries = {entry.path: entry for entry in PAGES}
    found = []
    for timing in timings:
        first_render_ms(entries[timing.path])
        one_team_upload(target)
        found.append(replace(timing, small_first_ms=small.get(timing.path, 0.0),
                             upload_first_ms=first_render_ms(entries[timing.path])))
    return found


def verdict(met: bool, value: float, target: float) -> str:
    """``ok``, or by how much the target is missed."""
    return "ok" if met else f"+{value - target:.0f}"


def growth_text(timing: PageTiming) -> str:
    """The growth from the small organisation, marked when it misses its target."""
    if timing.growth is None:
        return "-"
    return f"{timing.growth:.1f}" + ("" if timing.growth_met else "!")


def table(timings: list[PageTiming], harness: tuple[float, float]) -> str:
    """The printed table: one line per page and the harness floor."""
    head = (f"{'page':<28} {'first ms':>9} {'warm ms':>8} {'SQL ms':>8} {'queries':>7} "
            f"{'warm SQL':>8}  {'first≤500':>9} {'warm≤100':>8} {'small ms':>8} "
            f"{'×small≤2':>8} {'upload ms':>9}  slowest queries (ms)")
    lines = [head, "-" * len(head)]
    for t in timings:
        if t.error:
            lines.append(f"{t.title:<28} ERROR {t.error}")
            continue
        lines.append(
            f"{t.title:<28} {t.first_ms:>9.0f} {t.warm_ms:>8.0f} {t.sql_ms:>8.0f} "
            f"{t.queries:>7} {t.warm_sql_ms:>8.0f}  "
            f"{verdict(t.first_met, t.first_ms, FIRST_TARGET_MS):>9} "
            f"{verdict(t.warm_met, t.warm_ms, WARM_TARGET_MS):>8} {t.small_first_ms:>8.0f} "
            f"{growth_text(t):>8} {t.upload_first_ms:>9.0f}  {t.slowest}")
    lines.append(f"{'(blank script: harness floor)':<28} {harness[0]:>9.0f} {harness[1]:>8.0f}")
    return "\n".join(lines)


def targeted(target: str) -> None:
    """Point the app at ``target`` (a DuckDB file or a PostgreSQL URL)."""
    from alignment import db

    if db.is_url(target):
        os.environ[db.URL_ENV_VAR] = target
    else:
        os.environ.pop(db.URL_ENV_VAR, None)
        os.environ[db.ENV_VAR] = target


def small_first_renders(target: str) -> dict[str, float]:
    """Each page's first render (by path) with empty caches on ``target``, the small
    organisation, in this process (the app keeps each database it opened)."""
    import streamlit as st

    from alignment.ui.navigation import PAGES

    targeted(target)
    first_render_ms(PAGES[0])  # opens the database
    found = {}
    for entry in PAGES:
        st.cache_data.clear()
        found[entry.path] = first_render_ms(entry)
    return found


def compiled_once() -> None:
    """Let every ``AppTest`` of this process share one script cache, as the sessions of a
    server do: ``AppTest`` compiles the app and the page afresh on every run (15–30 ms for a
    leader page), which no rerun on a server pays."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def page_timings(target: str, reruns: int
                 ) -> tuple[list[PageTiming], tuple[float, float], float]:
    """Every page's timing on ``target`` (a DuckDB file or a PostgreSQL URL), the harness
    floor, and the seconds to open the database."""
    targeted(target)
    os.environ.pop("ALIGNMENT_TRUSTED_HEADER", None)  # local mode: the local admin
    os.chdir(ROOT)
    from streamlit import config, logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # AppTest warns on every run that it has no server
    config.set_option("client.showErrorDetails", "full")  # a failing page says why here
    compiled_once()

    import alignment.ui.context  # noqa: F401  (loads the modules whose SQL is timed)
    from alignment.sitemap import PAGES

    clock = SqlClock()
    instrumented(clock)
    started = time.perf_counter()  # the first run opens the database (kept by the process)
    opening = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    opening.switch_page(PAGES[0].path)
    try:
        run_ms(opening)
    except RuntimeError:
        pass  # the page's own timing below says what failed
    opened = time.perf_counter() - started
    harness = harness_ms(reruns)
    timings = []
    for entry in PAGES:
        timings.append(page_timing(entry, clock, reruns))
        print(f"  {entry.title_in('en')}: first {timings[-1].first_ms:.0f} ms", file=sys.stderr,
              flush=True)
    return timings, harness, opened


def main(argv: list[str] | None = None) -> str:
    """Run the page benchmark as the command line asks; returns the printed table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database file to use")
    parser.add_argument("--url", help="a PostgreSQL database to use instead of a file")
    parser.add_argument("--experiments", type=int, default=org.Size.experiments)
    parser.add_argument("--reruns", type=int, default=7)
    parser.add_argument("--small-db", type=Path,
                        help="the small organisation's file (default: generated, "
                             f"{SMALL_EXPERIMENTS:,} experiments)")
    parser.add_argument("--small-url", help="the small organisation on PostgreSQL")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.url:
        target, shown = args.url, "PostgreSQL"
        small = args.small_url
    else:
        path = args.db or organisation_file(org.Size(experiments=args.experiments))
        target, shown = str(path.resolve()), path.name
        small = str((args.small_db or organisation_file(
            org.Size(experiments=SMALL_EXPERIMENTS))).resolve())
    timings, harness, opened = page_timings(target, args.reruns)
    if small:
        timings = with_small_and_upload(timings, small_first_renders(small), target)
    printed = (f"Pages on {shown}: first render with empty caches, median of "
               f"{args.reruns} warm reruns (3 if the first took over {SLOW_MS / 1000:.0f} s), "
               "SQL inside the first render "
               f"(opening the database and first Overview: {opened:.1f} s)\n"
               + table(timings, harness))
    print(printed, flush=True)
    if args.json:
        args.json.write_text(json.dumps({
            "pages": [asdict(t) | {"first_met": t.first_met, "warm_met": t.warm_met,
                                   "growth": t.growth, "growth_met": t.growth_met}
                      for t in timings],
            "harness_ms": harness, "open_s": opened}, indent=1))
    return printed


if __name__ == "__main__":
    main()

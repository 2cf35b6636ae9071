"""Load benchmark: the real server on the million-experiment file, rerun by 1, 5 and 10 sessions.

Starts ``streamlit run app.py`` on a free port with ``ALIGNMENT_DB`` pointing at the file,
then each simulated browser tab opens ``/_stcore/stream`` and speaks Streamlit's protocol:
it sends a ``BackMsg`` with ``rerun_script`` (a ``ClientState`` carrying the query string,
the page script hash and the hashes of the messages it already holds, as the browser
does) and waits for the ``ForwardMsg`` that says the script finished. Fetching ``/`` only
serves the static shell and never runs the script, so it does not count.

Per level: p50/p95 rerun latency, reruns per second over all sessions, and the server's
peak resident memory (VmRSS of the server and its children). The floor, measured in the
same run on the same server, is a rerun of a one-line page served the same way.

    python -m benchmarks.load                    # generates data/bench/org-1m.duckdb once
    python -m benchmarks.load --db FILE --seconds 10 --sessions 1 5 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from alignment import db
from benchmarks import org, pages

ROOT = Path(__file__).resolve().parents[1]
RERUNS_TARGET = 10.0
RSS_TARGET_MB = 600.0
RERUN_TIMEOUT_S = 300.0
BLANK_APP = "import streamlit as st\nst.write('blank')\n"


@dataclass(frozen=True)
class LoadLevel:
    """What one level of concurrency measured."""

    sessions: int
    reruns: int
    errors: int
    p50_ms: float
    p95_ms: float
    per_second: float
    rss_mb: float
    first_error: str = ""

    @property
    def met(self) -> bool:
        """Whether the level meets both targets."""
        return (not self.errors and self.per_second >= RERUNS_TARGET
                and self.rss_mb <= RSS_TARGET_MB)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total_kb, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines()
                          if line.startswith("VmRSS:")), 0)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:  # a thread may end between listing and reading
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue
    return total_kb / 1024


class RssPeak:
    """The highest RSS of a process tree, sampled in a thread while a level runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            self._stop.wait(0.1)

    def __enter__(self) -> RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb(self.pid))


class Server:
    """``streamlit run`` of ``script`` on a free port, as a context manager; ``database`` is
    a DuckDB file or a PostgreSQL URL (then the server is one replica of several)."""

    def __init__(self, script: Path, database: Path | str, env: dict[str, str] | None = None,
                 options: list[str] | None = None) -> None:
        self.script, self.database = script, database
        self.env, self.options = env or {}, options or []
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        # the server's log goes to a file: a pipe nobody reads fills up after a few dozen
        # logged errors, and then the server's next write blocks the script mid-rerun
        self.log = tempfile.TemporaryFile()

    def __enter__(self) -> Server:
        env = dict(os.environ)
        if db.is_url(self.database):
            env[db.URL_ENV_VAR] = str(self.database)
        else:
            env.pop(db.URL_ENV_VAR, None)
            env[db.ENV_VAR] = str(self.database)
        env.pop("ALIGNMENT_TRUSTED_HEADER", None)  # local mode (the local admin) unless told
        env.update(self.env)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script),
             "--server.headless", "true", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             # as in production: no reloading of modules when a source file changes
             "--server.fileWatcherType", "none", "--server.runOnSave", "false", *self.options],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited: " + self.log_tail())
            try:
                with urllib.request.urlopen(self.url("http") + "/_stcore/health", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not answer /_stcore/health within 120 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def log_tail(self, size: int = 2000) -> str:
        """The end of what the server logged."""
        self.log.seek(0, os.SEEK_END)
        self.log.seek(max(0, self.log.tell() - size))
        return self.log.read().decode(errors="replace")

    def url(self, scheme: str) -> str:
        """The server's base URL for ``scheme`` (``http`` or ``ws``)."""
        return f"{scheme}://127.0.0.1:{self.port}"

    def headers(self) -> dict[str, str]:
        """Nothing: local mode signs nobody in."""
        return {}


class Tab:
    """One browser tab's view of the protocol: what it sends back on every rerun."""

    def __init__(self) -> None:
        self.query_string = ""
        self.page_script_hash = ""
        self.cached: set[str] = set()
        self.errors = 0
        self.first_error = ""

    def rerun_request(self) -> bytes:
        """The ``BackMsg`` a browser sends to rerun the page it shows."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.timezone = "Europe/Amsterdam"
        state.context_info.locale = "nl-NL"
        return msg.SerializeToString()

    def received(self, data: bytes) -> bool:
        """Take in one ``ForwardMsg``; True once it says the script finished."""
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cached.add(msg.hash)
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.new_element.WhichOneof("type") == "exception":
            failure = msg.delta.new_element.exception
            where = " | ".join(line.strip() for line in failure.stack_trace[-4:])
            self.failed(f"{failure.type}: {failure.message} at {where}")
        elif (kind == "delta" and msg.delta.new_element.WhichOneof("type") == "alert"
              and msg.delta.new_element.alert.format == Alert.Format.ERROR):
            # how the app says a failure to a person (a database error among them)
            self.failed("the page said: " + msg.delta.new_element.alert.body)
        return kind == "script_finished"

    def failed(self, message: str) -> None:
        """Count one error; keep the first one's message."""
        self.errors += 1
        self.first_error = self.first_error or message[:600]

    async def rerun_ms(self, ws) -> float:
        """Milliseconds from sending a rerun to the script-finished message."""
        started = time.perf_counter()
        await ws.send(self.rerun_request())
        while not self.received(await asyncio.wait_for(ws.recv(), RERUN_TIMEOUT_S)):
            pass
        return (time.perf_counter() - started) * 1000


class Reachable(Protocol):
    """Anything sessions connect to: a server, or a load balancer in front of several."""

    def url(self, scheme: str) -> str:
        """The base URL for ``scheme`` (``http`` or ``ws``)."""

    def headers(self) -> dict[str, str]:
        """What a browser's requests to it carry besides the usual."""


async def session_latencies(server: Reachable, ready: asyncio.Barrier, seconds: float,
                            on_ready: Callable[[], None] | None = None
                            ) -> tuple[list[float], int, str, float, float]:
    """One tab: its first render, then reruns for ``seconds`` once every tab is ready (the
    moment ``on_ready`` is told of, once).

    Returns the latencies, the errors the page showed with the first one's message, and
    when rerunning began and ended.
    """
    tab = Tab()
    async with websockets.connect(server.url("ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  additional_headers=server.headers(), max_size=None,
                                  open_timeout=60, ping_interval=None) as ws:
        await tab.rerun_ms(ws)  # the tab's own first render, as a browser opening the page
        tab.errors = 0
        if await ready.wait() == 0 and on_ready:
            on_ready()
        started = time.monotonic()
        latencies = []
        while time.monotonic() < started + seconds:
            try:
                latencies.append(await tab.rerun_ms(ws))
            except TimeoutError:
                tab.failed(f"no answer to a rerun within {RERUN_TIMEOUT_S:.0f} s")
                break
        return latencies, tab.errors, tab.first_error, started, time.monotonic()


async def level_latencies(server: Reachable, sessions: int, seconds: float,
                          on_ready: Callable[[], None] | None = None
                          ) -> tuple[list[float], int, str, float]:
    """All latencies of ``sessions`` concurrent tabs, their errors (and the first one's
    message) and the measured seconds; ``on_ready`` is called when every tab has rendered
    its first page and the measured reruns begin."""
    ready = asyncio.Barrier(sessions)
    results = await asyncio.gather(
        *(session_latencies(server, ready, seconds, on_ready) for _ in range(sessions)))
    elapsed = max(end for *_, end in results) - min(start for *_, start, _ in results)
    latencies = [ms for found, *_ in results for ms in found]
    first_error = next((message for _, _, message, *_ in results if message), "")
    return latencies, sum(errors for _, errors, *_ in results), first_error, elapsed


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """The median and 95th percentile of ``latencies`` (zeros when there are none)."""
    if not latencies:
        return 0.0, 0.0
    ordered = sorted(latencies)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measured_level(server: Server, sessions: int, seconds: float) -> LoadLevel:
    """One level of concurrency against ``server``."""
    with RssPeak(server.process.pid) as rss:
        latencies, errors, first_error, elapsed = asyncio.run(
            level_latencies(server, sessions, seconds))
    p50, p95 = percentiles(latencies)
    return LoadLevel(
        sessions=sessions, reruns=len(latencies), errors=errors, p50_ms=p50, p95_ms=p95,
        per_second=len(latencies) / elapsed, rss_mb=rss.peak, first_error=first_error,
    )


def load_levels(script: Path, database: Path, levels: list[int], seconds: float
                ) -> tuple[list[LoadLevel], float]:
    """Every level on one server of ``script``, and the server's RSS when it came up."""
    with Server(script, database) as server:
        idle = rss_mb(server.process.pid)
        found = []
        for sessions in levels:
            found.append(measured_level(server, sessions, seconds))
            print(f"  {script.name} {sessions} sessions: {found[-1].per_second:.1f} reruns/s",
                  file=sys.stderr, flush=True)
    return found, idle


def table(app: list[LoadLevel], blank: list[LoadLevel], idle: float) -> str:
    """The printed table: each level on the app next to the blank page floor."""
    floor = {level.sessions: level for level in blank}
    head = (f"{'sessions':>8} {'reruns':>7} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'reruns/s':>9} {'RSS MB':>7}  {'≥10/s':>5} {'≤600MB':>6}   "
            f"{'blank p50':>9} {'blank/s':>8}")
    lines = [head, "-" * len(head)]
    for level in app:
        base = floor.get(level.sessions)
        lines.append(
            f"{level.sessions:>8} {level.reruns:>7} {level.errors:>6} {level.p50_ms:>8.0f} "
            f"{level.p95_ms:>8.0f} {level.per_second:>9.1f} {level.rss_mb:>7.0f}  "
            f"{'ok' if level.per_second >= RERUNS_TARGET else 'no':>5} "
            f"{'ok' if level.rss_mb <= RSS_TARGET_MB else 'no':>6}   "
            + (f"{base.p50_ms:>9.0f} {base.per_second:>8.1f}" if base else ""))
    lines.extend(f"errors with {level.sessions} sessions, the first: {level.first_error}"
                 for level in app if level.errors)
    lines.append(f"server RSS after start (before the first session): {idle:.0f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the load benchmark as the command line asks; returns the printed table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing database file to use")
    parser.add_argument("--experiments", type=int, default=org.Size.experiments)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    # a terminated benchmark still stops the server it started (the with-blocks' exits)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    database = (args.db or pages.organisation_file(org.Size(experiments=args.experiments)))
    app, idle = load_levels(ROOT / "app.py", database.resolve(), args.sessions, args.seconds)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "blank.py"
        script.write_text(BLANK_APP)
        blank, _ = load_levels(script, database.resolve(), args.sessions, args.seconds)
    printed = (f"Load on {database.name}: Overview rerun over the websocket by concurrent "
               f"sessions for {args.seconds:.0f} s each level; floor: a one-line page "
               f"on the same kind of server\n" + table(app, blank, idle))
    print(printed, flush=True)
    if args.json:
        args.json.write_text(json.dumps({
            "app": [asdict(level) for level in app], "blank": [asdict(level) for level in blank],
            "idle_rss_mb": idle}, indent=1))
    return printed


if __name__ == "__main__":
    main()

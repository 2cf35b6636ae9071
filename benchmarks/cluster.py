"""Cluster load: the Overview rerun through HAProxy in front of 1, 2 and 3 app replicas.

Every replica is ``streamlit run app.py`` (as in ``benchmarks.load``) on the same
PostgreSQL database, trusting the e-mail the load balancer sets. HAProxy (Debian's) runs
the deployment's own ``deploy/haproxy.cfg``: it signs the person in, sets their e-mail,
keeps them on one replica by cookie, passes websockets through, health-checks each replica
on ``/_stcore/health`` and gives a new connection to the replica with the fewest. Sessions
speak Streamlit's protocol to it exactly as ``benchmarks.load`` does to one server, signed
in as the organisation's admin; each websocket stays on the replica it was given for its
whole life, as a browser tab does.

The replicas start once; each replica count is a load balancer listing the first N of
them, warmed up by the same sessions for a few untimed seconds. Per level: reruns per
second over all sessions, p50/p95 latency, the peak RSS of each replica in use,
PostgreSQL's own memory (its shared buffers not counted), and the CPU time each part used
per rerun: the replicas, PostgreSQL, HAProxy and the sessions themselves (this process).
The machine's cores are shared by all of them; the CPU per rerun says what N replicas
would give on N cores of their own.

    python -m benchmarks.cluster --db data/bench/org-1000000.duckdb   # copies it first
    python -m benchmarks.cluster --url postgresql://… --replicas 1 2 3 --sessions 10
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import load, postgres
from deploy import cluster as deploy

ROOT = Path(__file__).resolve().parents[1]
SCALING_TARGET = 1.6  # two replicas give at least this many times the reruns of one
WARM_UP_SECONDS = 5.0
# who the sessions sign in as at the load balancer: the organisation's admin, who sees the
# Overview as the local admin of the single DuckDB process does
PERSON, PASSWORD = "admin@example.org", secrets.token_urlsafe(12)
SIGN_IN = {"Authorization": "Basic " + base64.b64encode(f"{PERSON}:{PASSWORD}".encode()).decode()}


@dataclass(frozen=True)
class ClusterLevel:
    """What one replica count under one number of sessions measured."""

    replicas: int
    sessions: int
    reruns: int
    errors: int
    p50_ms: float
    p95_ms: float
    per_second: float
    rss_mb: list[float]
    postgres_mb: float
    # CPU time per measured rerun: all replicas together, PostgreSQL, HAProxy, this process
    replica_cpu_ms: float = 0.0
    postgres_cpu_ms: float = 0.0
    haproxy_cpu_ms: float = 0.0
    sessions_cpu_ms: float = 0.0
    first_error: str = ""


class Balancer:
    """HAProxy with the deployment's own configuration (``deploy/haproxy.cfg``) in front of
    ``replicas``, signing in one person, as a context manager."""

    def __init__(self, replicas: list[load.Server]) -> None:
        if not 1 <= len(replicas) <= deploy.MAX_REPLICAS:
            raise ValueError(f"deploy/haproxy.cfg lists 1 to {deploy.MAX_REPLICAS} replicas")
        self.replicas = replicas
        self.port = load.free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="bench-haproxy-"))
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Balancer:
        people = self.folder / "people.cfg"
        people.write_text(f"userlist people\n    user {PERSON} insecure-password {PASSWORD}\n")
        env = {**os.environ, "ALIGNMENT_PROXY_BIND": f"127.0.0.1:{self.port}",
               **{f"ALIGNMENT_REPLICA_{n}": f"127.0.0.1:{replica.port}"
                  for n, replica in enumerate(self.replicas, start=1)}}
        log = self.folder / "haproxy.log"
        with log.open("w") as handle:  # a file: a pipe nobody reads would fill up
            self.process = subprocess.Popen(
                [deploy.haproxy_binary(), "-f", str(deploy.HAPROXY_CONFIG), "-f", str(people)],
                env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("haproxy exited: " + log.read_text()[-2000:])
            request = urllib.request.Request(self.url("http") + "/_stcore/health",
                                             headers=SIGN_IN)
            try:
                with urllib.request.urlopen(request, timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("haproxy did not answer /_stcore/health within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, scheme: str) -> str:
        """The load balancer's base URL for ``scheme`` (``http`` or ``ws``)."""
        return f"{scheme}://127.0.0.1:{self.port}"

    def headers(self) -> dict[str, str]:
        """What every request through it carries: the person's sign-in."""
        return SIGN_IN


def cpu_seconds(pid: int) -> float:
    """CPU time a process and its descendants have used (those that ended included)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo, root = 0.0, [pid], True
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        # utime, stime, and for the root the waited-for children's cutime, cstime
        total += sum(int(value) for value in fields[11:15 if root else 13]) / tick
        todo.extend(int(child) for child in children)
        root = False
    return total


class CpuClock:
    """CPU time used by the replicas, PostgreSQL, HAProxy and this process from ``start()``
    to ``stop()``."""

    def __init__(self, balancer: Balancer, url: str) -> None:
        self.pids = {"replicas": [replica.process.pid for replica in balancer.replicas],
                     "postgres": [postgres.server_pid(url)], "haproxy": [balancer.process.pid]}
        self.started: dict[str, float] = {}
        self.used: dict[str, float] = {}

    def now(self) -> dict[str, float]:
        """Every part's CPU seconds so far."""
        found = {part: sum(cpu_seconds(pid) for pid in pids) for part, pids in self.pids.items()}
        mine = os.times()
        return found | {"sessions": mine.user + mine.system}

    def start(self) -> None:
        """Start counting (when the measured reruns begin)."""
        self.started = self.now()

    def stop(self) -> None:
        """Stop counting."""
        ended = self.now()
        self.used = {part: ended[part] - self.started.get(part, ended[part]) for part in ended}


def measured_level(balancer: Balancer, url: str, sessions: int, seconds: float
                   ) -> ClusterLevel:
    """``sessions`` concurrent tabs through ``balancer`` for ``seconds``."""
    clock = CpuClock(balancer, url)
    with ExitStack() as stack:
        peaks = [stack.enter_context(load.RssPeak(replica.process.pid))
                 for replica in balancer.replicas]
        latencies, errors, first_error, elapsed = asyncio.run(
            load.level_latencies(balancer, sessions, seconds, on_ready=clock.start))
        clock.stop()
    p50, p95 = load.percentiles(latencies)
    per_rerun = {part: 1000 * used / max(1, len(latencies)) for part, used in clock.used.items()}
    return ClusterLevel(
        replicas=len(balancer.replicas), sessions=sessions, reruns=len(latencies),
        errors=errors, p50_ms=p50, p95_ms=p95,
        per_second=len(latencies) / elapsed, rss_mb=[peak.peak for peak in peaks],
        postgres_mb=postgres.rss_mb(url), replica_cpu_ms=per_rerun["replicas"],
        postgres_cpu_ms=per_rerun["postgres"], haproxy_cpu_ms=per_rerun["haproxy"],
        sessions_cpu_ms=per_rerun["sessions"], first_error=first_error)


def cluster_levels(url: str, replicas: list[int], sessions: list[int], seconds: float
                   ) -> list[ClusterLevel]:
    """Every replica count under every number of sessions, on the database at ``url``."""
    found = []
    with ExitStack() as stack:
        # each replica trusts the e-mail the load balancer sets, as deployed
        proxied = ({"ALIGNMENT_TRUSTED_HEADER": deploy.HEADER},
                   ["--server.trustedUserHeaders", json.dumps({deploy.HEADER: "email"})])
        started = [stack.enter_context(load.Server(ROOT / "app.py", url, *proxied))
                   for _ in range(max(replicas))]
        for count in replicas:
            with Balancer(started[:count]) as balancer:
                # untimed: a replica new to the level fills its caches under the same load
                # (on a first level, its first measured reruns still queried PostgreSQL)
                asyncio.run(load.level_latencies(balancer, max(sessions), WARM_UP_SECONDS))
                for level in sessions:
                    found.append(measured_level(balancer, url, level, seconds))
                    print(f"  {count} replicas, {level} sessions: "
                          f"{found[-1].per_second:.1f} reruns/s", file=sys.stderr, flush=True)
    return found


def table(levels: list[ClusterLevel]) -> str:
    """The printed table: one line per replica count and number of sessions."""
    one = {level.sessions: level.per_second for level in levels if level.replicas == 1}
    head = (f"{'replicas':>8} {'sessions':>8} {'reruns':>7} {'errors':>6} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'reruns/s':>9} {'× one':>6}  {'RSS MB per replica':<18} "
            f"{'PG MB':>6}  CPU ms per rerun: replicas, PostgreSQL, HAProxy, sessions")
    lines = [head, "-" * len(head)]
    for level in levels:
        scaling = level.per_second / one[level.sessions] if one.get(level.sessions) else 0
        lines.append(
            f"{level.replicas:>8} {level.sessions:>8} {level.reruns:>7} {level.errors:>6} "
            f"{level.p50_ms:>8.0f} {level.p95_ms:>8.0f} {level.per_second:>9.1f} "
            f"{scaling:>5.2f}×  {' / '.join(f'{mb:.0f}' for mb in level.rss_mb):<18} "
            f"{level.postgres_mb:>6.0f}  {level.replica_cpu_ms:.0f}, {level.postgres_cpu_ms:.0f}, "
            f"{level.haproxy_cpu_ms:.1f}, {level.sessions_cpu_ms:.0f}")
    lines.extend(f"errors with {level.replicas} replicas, {level.sessions} sessions, the "
                 f"first: {level.first_error}" for level in levels if level.errors)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the cluster benchmark as the command line asks; returns the printed table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", help="a PostgreSQL database holding the organisation")
    source.add_argument("--db", type=Path, help="a DuckDB organisation to copy into a new "
                        "PostgreSQL server first")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    # a terminated benchmark still stops what it started (the with-blocks' exits)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    with ExitStack() as stack:
        url = args.url
        if args.db:
            url = stack.enter_context(postgres.Server()).created()
            postgres.copied(args.db, url)
        levels = cluster_levels(url, args.replicas, args.sessions, args.seconds)
    printed = (f"Cluster on PostgreSQL: Overview rerun through HAProxy by concurrent sessions "
               f"for {args.seconds:.0f} s each level; × one: reruns/s against one replica\n"
               + table(levels))
    print(printed, flush=True)
    if args.json:
        args.json.write_text(json.dumps({"levels": [asdict(level) for level in levels]},
                                        indent=1))
    return printed


if __name__ == "__main__":
    main()

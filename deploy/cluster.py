"""The whole organisation's set-up on this machine: PostgreSQL, app replicas and HAProxy.

    python -m deploy.cluster          # `make cluster`: start everything; Ctrl-C stops it all
    python -m deploy.cluster stop     # `make cluster-stop`: stop what a run left running

PostgreSQL keeps its files in ``data/cluster/`` (git-ignored) between runs: the database is
created, migrated and given the demo organisation and its demo people on the first run only
(delete the folder to start over). Each replica is ``streamlit run app.py`` on its own port of
127.0.0.1 with ``ALIGNMENT_DATABASE_URL`` set, trusting the e-mail in ``X-Forwarded-Email``;
HAProxy (``deploy/haproxy.cfg``) signs people in, sets that header, and spreads them over the
replicas. The tests start the same pieces, in a folder and on ports of their own.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "deploy"
FOLDER = ROOT / "data" / "cluster"
HAPROXY_CONFIG = HERE / "haproxy.cfg"
USERLIST = HERE / "demo-people.cfg"
DEMO_PEOPLE = HERE / "demo-people.csv"
DEMO_COACH_TEAMS = HERE / "demo-coach-teams.csv"
# the header HAProxy sets and the replicas trust (deploy/haproxy.cfg names it too)
HEADER = "X-Forwarded-Email"
DATABASE = ROLE = "alignment"
PROXY_PORT, FIRST_REPLICA_PORT, POSTGRES_PORT = 8500, 8511, 5433
MAX_REPLICAS = 3  # the servers deploy/haproxy.cfg lists
START_SECONDS = 90.0
# what `stop` finds a run's processes by (running.json)
STATE_FILE = "running.json"


class ClusterError(RuntimeError):
    """Something the person starting the cluster can fix; the message says what."""


def _binary(name: str) -> str:
    """A PostgreSQL program of Debian's packages (the newest installed version)."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    if shutil.which(name):
        return name
    raise ClusterError(f"PostgreSQL's {name} was not found: apt-get install postgresql")


def haproxy_binary() -> str:
    """HAProxy's program, or a ClusterError saying how to install it."""
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy"
                                         if Path("/usr/sbin/haproxy").exists() else None)
    if not found:
        raise ClusterError("HAProxy was not found: apt-get install haproxy")
    return found


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing listens on ``host:port`` yet."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _wait_for(ready, what: str, log: Path | None, died=lambda: False,
              timeout: float = START_SECONDS) -> None:
    """Return once ``ready()``; a ClusterError with the log's end if ``died()`` or too slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if died():
            raise ClusterError(f"{what} stopped while starting:\n{_tail(log)}")
        if ready():
            return
        time.sleep(0.2)
    raise ClusterError(f"{what} did not start within {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path | None, lines: int = 30) -> str:
    if log is None or not log.exists():
        return ""
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


# ------------------------------------------------------------------------------ PostgreSQL


class Postgres:
    """A PostgreSQL server of Debian's binaries whose files live in ``folder``.

    It listens on a unix socket in ``folder`` (only its owner may connect, without a password:
    the replicas) and on ``port`` of 127.0.0.1 (role ``alignment`` with the password kept in
    ``folder/alignment.password``: psql and other tools). As root, the server runs as the
    ``postgres`` user, since PostgreSQL refuses to run as root.
    """

    def __init__(self, folder: Path, port: int, settings: dict[str, str] | None = None) -> None:
        self.folder = Path(folder).resolve()
        self.data = self.folder / "data"
        self.socket = self.folder / "socket"
        self.log = self.folder / "server.log"
        self.password_file = self.folder / "alignment.password"
        self.port = port
        self.settings = settings or {}
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            self._as_user = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        """What the replicas connect to: the unix socket, as role ``alignment``."""
        return f"postgresql://{ROLE}@/{DATABASE}?host={self.socket}&port={self.port}"

    @property
    def tcp_url(self) -> str:
        """The loopback address for tools (the password is in ``password_file``)."""
        return f"postgresql://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *command: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run([*self._as_user, *command], input=stdin, text=True,
                              capture_output=True, start_new_session=True)
        if done.returncode != 0:
            raise ClusterError(f"{Path(command[0]).name} failed:\n{done.stdout}{done.stderr}"
                               f"\n{_tail(self.log)}")
        return done

    def _owned(self, path: Path) -> None:
        """``path`` made a folder the server's user owns, readable by nobody else."""
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self._as_user:
            user = pwd.getpwnam("postgres")
            os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(0o700)

    @property
    def initialised(self) -> bool:
        """Whether the server's files exist (a first run makes them)."""
        return (self.data / "PG_VERSION").exists()

    def running(self) -> bool:
        """Whether the server is up."""
        if not self.initialised:
            return False
        done = subprocess.run([*self._as_user, _binary("pg_ctl"), "-D", str(self.data),
                               "status"], capture_output=True)
        return done.returncode == 0

    def start(self) -> bool:
        """Start the server, creating its files, role and database first when there are none;
        returns whether they were created now."""
        if not self.initialised:
            self._owned(self.folder)
            self._run(_binary("initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                      "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256")
        self._owned(self.socket)
        options = " ".join([
            "-c listen_addresses=127.0.0.1", f"-c port={self.port}",
            f"-c unix_socket_directories={self.socket}", "-c unix_socket_permissions=0700",
            *(f"-c {name}={value}" for name, value in self.settings.items()),
        ])
        self._run(_binary("pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-t", "60",
                  "-l", str(self.log), "start")
        # the role's password is written last: without it, the role and database are not made
        created = not self.password_file.exists()
        if created:
            password = secrets.token_urlsafe(18)
            self._psql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{password}';"
                       f" CREATE DATABASE {DATABASE} OWNER {ROLE};")
            self.password_file.write_text(password + "\n")
            self.password_file.chmod(0o600)
        return created

    def _psql(self, statements: str) -> None:
        self._run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket),
                  "-p", str(self.port), "-U", "postgres", "-d", "postgres", stdin=statements)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` ends sessions and checkpoints, ``immediate`` crashes it."""
        if self.running():
            self._run(_binary("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop and start again, as an administrator restarting the database does."""
        self.stop()
        self.start()


# ------------------------------------------------------------------------------ database


def database_ready(url: str, today: dt.date | None = None) -> bool:
    """The database at ``url`` migrated, with the demo organisation and the demo people when it
    held nothing yet; returns whether they were loaded now."""
    from alignment import bootstrap, db
    from alignment.ingest.pipeline import DEMO_LOADER, upload_committed

    today = today or dt.date.today()
    database = bootstrap.ready_connection(url)
    try:
        if _people_count(database):
            return False
        for kind, path in (("people", DEMO_PEOPLE), ("coach_teams", DEMO_COACH_TEAMS)):
            outcome = upload_committed(database, kind, path.name, path.read_bytes(),
                                       actor=DEMO_LOADER, today=today)
            if outcome.blocked:
                raise ClusterError(f"{path.name} was refused: {outcome.errors[0].problem}")
        return True
    finally:
        db.close_shared()


def _people_count(database) -> int:
    from alignment import queries

    return len(queries.people_roles(database))


# ------------------------------------------------------------------------------ the app


@dataclass
class Replica:
    """One ``streamlit run app.py`` on ``port`` of 127.0.0.1, on the PostgreSQL at ``url``."""

    name: str
    port: int
    url: str
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        """``127.0.0.1:port``: reachable from this machine only (the proxy)."""
        return f"127.0.0.1:{self.port}"

    @property
    def http(self) -> str:
        """The replica's own address, bypassing the proxy (tests and health checks)."""
        return f"http://{self.address}"

    def command(self) -> list[str]:
        """How the replica is started."""
        return [sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.trustedUserHeaders", json.dumps({HEADER: "email"})]

    def start(self) -> None:
        """Start the replica (``wait_healthy`` waits for it)."""
        env = {**os.environ, "ALIGNMENT_DATABASE_URL": self.url,
               "ALIGNMENT_TRUSTED_HEADER": HEADER, **self.env}
        env.pop("ALIGNMENT_DB", None)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("a") as handle:
            self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=handle,
                                            stderr=subprocess.STDOUT, start_new_session=True)

    def healthy(self) -> bool:
        """Whether the replica answers its health check."""
        try:
            with urllib.request.urlopen(self.http + "/_stcore/health", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def alive(self) -> bool:
        """Whether the replica's process runs."""
        return self.process is not None and self.process.poll() is None

    def wait_healthy(self, timeout: float = START_SECONDS) -> None:
        """Return once the replica answers; a ClusterError with its log if it does not."""
        _wait_for(self.healthy, f"replica {self.name}", self.log, lambda: not self.alive(),
                  timeout)

    def stop(self) -> None:
        """Stop the replica, killing it if it does not stop within 20 s."""
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """``kill -9``: the replica dies on the spot, as on a crash."""
        if self.alive():
            self.process.kill()
            self.process.wait()


@dataclass
class Proxy:
    """HAProxy with ``deploy/haproxy.cfg`` and the demo userlist, on ``bind`` (host:port)."""

    bind: str
    replicas: list[str]
    folder: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Where people open the app."""
        host, port = self.bind.rsplit(":", 1)
        return f"http://{'127.0.0.1' if host in ('', '0.0.0.0') else host}:{port}"

    @property
    def log(self) -> Path:
        return self.folder / "haproxy.log"

    @property
    def socket(self) -> Path:
        return self.folder / "haproxy.sock"

    def environment(self) -> dict[str, str]:
        """The variables ``deploy/haproxy.cfg`` reads."""
        if not 1 <= len(self.replicas) <= MAX_REPLICAS:
            raise ClusterError(f"deploy/haproxy.cfg lists 1 to {MAX_REPLICAS} replicas")
        return {"ALIGNMENT_PROXY_BIND": self.bind, "ALIGNMENT_PROXY_SOCKET": str(self.socket),
                **{f"ALIGNMENT_REPLICA_{n}": address
                   for n, address in enumerate(self.replicas, start=1)}}

    def command(self) -> list[str]:
        return [haproxy_binary(), "-f", str(HAPROXY_CONFIG), "-f", str(USERLIST)]

    def start(self) -> None:
        """Start HAProxy and wait until it listens."""
        self.folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.environment()}
        checked = subprocess.run([*self.command(), "-c", "-q"], env=env, capture_output=True,
                                 text=True)
        if checked.returncode != 0:
            raise ClusterError(f"HAProxy refused its configuration:\n{checked.stderr}")
        with self.log.open("a") as handle:
            self.process = subprocess.Popen(self.command(), env=env, stdout=handle,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(self._listening, "HAProxy", self.log, lambda: self.process.poll() is not None,
                  timeout=20)

    def _listening(self) -> bool:
        host, port = self.bind.rsplit(":", 1)
        try:
            with socket.create_connection((host or "127.0.0.1", int(port)), timeout=1):
                return self.socket.exists()
        except OSError:
            return False

    def server_states(self) -> dict[str, str]:
        """Each replica as HAProxy sees it now: ``UP``, ``DOWN`` (or ``UP 1/2`` on the way)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.socket))
            sock.sendall(b"show stat\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        rows = csv.DictReader(answer.decode().lstrip("# ").splitlines())
        return {row["svname"]: row["status"] for row in rows
                if row["pxname"] == "replicas" and row["svname"] not in ("BACKEND", "FRONTEND")}

    def stop(self) -> None:
        """Stop HAProxy at once (it holds no state of its own)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# ------------------------------------------------------------------------------ the whole


def demo_sign_ins() -> list[tuple[str, str, str, str]]:
    """(e-mail, password, role, team) of each demo person the proxy signs in."""
    passwords = {}
    for line in USERLIST.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if len(words) >= 4 and words[0] == "user" and words[2] == "insecure-password":
            passwords[words[1]] = words[3]
    with DEMO_PEOPLE.open(encoding="utf-8", newline="") as handle:
        people = list(csv.DictReader(handle))
    return [(p["email"], passwords.get(p["email"], "?"), p["role"], p["team_id"])
            for p in people]


@dataclass
class Cluster:
    """PostgreSQL, the replicas and HAProxy, started in that order and stopped in reverse."""

    folder: Path
    proxy_bind: str
    replica_ports: list[int]
    postgres_port: int
    postgres_settings: dict[str, str] = field(default_factory=dict)
    postgres_folder: Path | None = None
    replica_env: dict[str, str] = field(default_factory=dict)
    postgres: Postgres = field(init=False)
    replicas: list[Replica] = field(init=False)
    proxy: Proxy = field(init=False)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder).resolve()
        self.postgres = Postgres(self.postgres_folder or self.folder / "postgres",
                                 self.postgres_port, self.postgres_settings)
        self.replicas = [
            Replica(f"r{n}", port, self.postgres.url, self.folder / "logs" / f"r{n}.log",
                    dict(self.replica_env))
            for n, port in enumerate(self.replica_ports, start=1)
        ]
        self.proxy = Proxy(self.proxy_bind, [r.address for r in self.replicas],
                           self.folder / "logs")

    def busy_ports(self) -> list[int]:
        """The ports this cluster needs that something else already listens on."""
        proxy_host, proxy_port = self.proxy_bind.rsplit(":", 1)
        wanted = [(proxy_host or "0.0.0.0", int(proxy_port)),
                  *(("127.0.0.1", port) for port in self.replica_ports)]
        if not self.postgres.running():
            wanted.append(("127.0.0.1", self.postgres_port))
        return [port for host, port in wanted if not port_is_free(port, host)]

    def start(self, say=lambda text: None) -> None:
        """Start everything; on any failure stop what had started and raise."""
        busy = self.busy_ports()
        if busy:
            raise ClusterError(f"already in use: port {', '.join(map(str, busy))}"
                               " (another cluster? `make cluster-stop`)")
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            created = self.postgres.start()
            self._remember()
            say(f"PostgreSQL {'created and ' if created else ''}started")
            loaded = database_ready(self.postgres.url)
            say("database migrated" + (", demo organisation and demo people loaded"
                                       if loaded else ""))
            for replica in self.replicas:
                replica.start()
            self._remember()
            for replica in self.replicas:
                replica.wait_healthy()
            say(f"{len(self.replicas)} replicas answer")
            self.proxy.start()
            self._remember()
        except BaseException:
            self.stop()
            raise

    def _remember(self) -> None:
        """Write down what runs, so `stop` finds it after this process is gone."""
        state = {"postgres": str(self.postgres.data),
                 "processes": {name: process.pid for name, process in self._processes()}}
        (self.folder / STATE_FILE).write_text(json.dumps(state, indent=2) + "\n")

    def _processes(self) -> list[tuple[str, subprocess.Popen]]:
        found = [(r.name, r.process) for r in self.replicas if r.process is not None]
        if self.proxy.process is not None:
            found.append(("haproxy", self.proxy.process))
        return found

    def stop(self) -> None:
        """Stop HAProxy, then the replicas, then PostgreSQL (with a checkpoint)."""
        self.proxy.stop()
        for replica in self.replicas:
            replica.stop()
        self.postgres.stop()
        (self.folder / STATE_FILE).unlink(missing_ok=True)

    def died(self) -> list[str]:
        """The replicas whose process has ended."""
        return [r.name for r in self.replicas if r.process is not None and not r.alive()]


def stopped_leftovers(folder: Path = FOLDER) -> list[str]:
    """Stop the processes a run in ``folder`` left running; returns what was stopped."""
    state_file = folder / STATE_FILE
    if not state_file.exists():
        return []
    state = json.loads(state_file.read_text())
    stopped = []
    for name, pid in state.get("processes", {}).items():
        if _ours(pid):
            os.kill(pid, signal.SIGTERM)
            stopped.append(f"{name} (process {pid})")
    for pid in state.get("processes", {}).values():
        deadline = time.monotonic() + 20
        while _ours(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _ours(pid):
            os.kill(pid, signal.SIGKILL)
    postgres = Postgres(Path(state["postgres"]).parent, POSTGRES_PORT)
    if postgres.running():
        postgres.stop()
        stopped.append("PostgreSQL")
    state_file.unlink()
    return stopped


def _ours(pid: int) -> bool:
    """Whether ``pid`` is still a replica or HAProxy of this checkout (not a reused number)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(part.endswith((b"haproxy", b"streamlit")) for part in command)


def banner(cluster: Cluster) -> str:
    """What `make cluster` prints once everything runs."""
    people = "\n".join(f"    {email:<34} {password:<8} {role}{f' of {team}' if team else ''}"
                       for email, password, role, team in demo_sign_ins())
    replicas = ", ".join(f"{r.name} {r.address}" for r in cluster.replicas)
    return f"""
Alignment runs for a whole organisation:

  open        {cluster.proxy.url}
  replicas    {replicas} (this machine only; HAProxy spreads people over them)
  PostgreSQL  {cluster.postgres.tcp_url} (password in {cluster.postgres.password_file})
  logs        {cluster.folder / 'logs'}

Sign in with one of the demo people (the browser asks for a user name and a password):
{people}

Ctrl-C stops everything. The data stays in {cluster.folder} until you delete it.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=("start", "stop"), default="start")
    parser.add_argument("--replicas", type=int, default=MAX_REPLICAS,
                        help=f"how many replicas (1 to {MAX_REPLICAS}; default %(default)s)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="where HAProxy listens (default %(default)s: this machine only)")
    parser.add_argument("--port", type=int, default=PROXY_PORT, help="HAProxy's port")
    parser.add_argument("--replica-port", type=int, default=FIRST_REPLICA_PORT,
                        help="the first replica's port; the others follow it")
    parser.add_argument("--postgres-port", type=int, default=POSTGRES_PORT)
    parser.add_argument("--folder", type=Path, default=FOLDER,
                        help="where PostgreSQL's files and the logs live")
    args = parser.parse_args(argv)
    try:
        if args.command == "stop":
            stopped = stopped_leftovers(args.folder)
            print("stopped: " + ", ".join(stopped) if stopped else "nothing was running")
            return 0
        if not 1 <= args.replicas <= MAX_REPLICAS:
            raise ClusterError(f"--replicas takes 1 to {MAX_REPLICAS}")
        haproxy_binary()
        _binary("pg_ctl")
        if stopped_leftovers(args.folder):
            print("stopped what an earlier run had left running")
        cluster = Cluster(
            folder=args.folder, proxy_bind=f"{args.address}:{args.port}",
            replica_ports=[args.replica_port + n for n in range(args.replicas)],
            postgres_port=args.postgres_port)
        return _served(cluster, public=args.address not in ("127.0.0.1", "localhost"))
    except ClusterError as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1


def _served(cluster: Cluster, public: bool) -> int:
    """Start ``cluster``, say where it is, and keep it running until Ctrl-C or a signal."""
    def stop_on(signum, frame):  # noqa: ARG001 - a signal handler's signature
        raise KeyboardInterrupt

    # SIGINT too: a shell that starts this in the background has it ignored
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on)
    try:
        cluster.start(say=lambda text: print(text, flush=True))
        print(banner(cluster), flush=True)
        if public:
            print("HAProxy listens beyond this machine over plain HTTP: passwords cross the"
                  " network readable. Put TLS in front (a `bind … ssl crt` line).", flush=True)
        reported: set[str] = set()
        while True:
            time.sleep(1)
            for name in set(cluster.died()) - reported:
                print(f"replica {name} stopped; HAProxy sends its people to the others"
                      f" (log: {cluster.folder / 'logs' / (name + '.log')})", flush=True)
                reported.add(name)
    except KeyboardInterrupt:
        print("\nstopping HAProxy, the replicas and PostgreSQL…", flush=True)
        cluster.stop()
        print("stopped", flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())

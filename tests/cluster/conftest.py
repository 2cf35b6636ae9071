"""The whole organisation's set-up, started by the tests themselves: a real PostgreSQL server,
two replicas of the app and the real HAProxy of ``deploy/``, each on a free port, torn down
after the run; and people signed in at the load balancer in a real Chromium.

The pieces are those `make cluster` starts (``deploy.cluster``). A test may kill a replica
or stop PostgreSQL; the next test finds everything running again.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from alignment import db
from alignment.db.postgres import WRITE_LOCK_KEY
from deploy.cluster import Cluster, demo_sign_ins
from tests.browser.conftest import WAIT_MS, browser  # noqa: F401 (a fixture)

# the demo people the load balancer signs in: e-mail → password
PASSWORDS = {email: password for email, password, _role, _team in demo_sign_ins()}
ADMIN = "beheer@rivierstad.example"
LEADER = "directie@rivierstad.example"
MO = "mo@rivierstad.example"  # a member of BZ-PAS
LISA = "lisa@rivierstad.example"  # another member of BZ-PAS
REPLICA_COOKIE = "ALIGNMENT_REPLICA"
# the app's run is over: what it shows now is what it will show
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# whether a write holds the lock every write of every replica takes (a key below 2**32)
WRITE_LOCK_HELD = ("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                   " AND classid = 0 AND CAST(objid AS BIGINT) = ?")


def free_ports(count: int) -> list[int]:
    """``count`` different ports of 127.0.0.1 that nothing listens on."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def eventually(check: Callable[[], object], what: str, seconds: float = WAIT_MS / 1000):
    """``check()``'s first true value, asked again until it comes; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds:.0f} s: {what}")


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    """PostgreSQL with the demo organisation and its people, two replicas and HAProxy."""
    folder = Path(tempfile.mkdtemp(prefix="alignment-cluster-"))
    folder.chmod(0o755)  # PostgreSQL's own user (when the tests run as root) passes through
    proxy, first, second, postgres = free_ports(4)
    started = Cluster(
        folder=folder, proxy_bind=f"127.0.0.1:{proxy}", replica_ports=[first, second],
        postgres_port=postgres,
        # a test server: its data may go when the machine does
        postgres_settings={"fsync": "off", "full_page_writes": "off"},
        # small pools: two replicas and the tests share the server
        replica_env={"ALIGNMENT_DB_POOL": "4"},
    )
    started.start()
    try:
        yield started
    finally:
        started.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def running(cluster: Cluster) -> Iterator[Cluster]:
    """The cluster with PostgreSQL and every replica up, and HAProxy seeing them up: what an
    earlier test stopped or killed runs again."""
    if not cluster.postgres.running():
        cluster.postgres.start()
    for replica in cluster.replicas:
        if not replica.alive():
            replica.start()
    for replica in cluster.replicas:
        replica.wait_healthy()
    eventually(lambda: all(state == "UP" for state in cluster.proxy.server_states().values()),
               "HAProxy sees every replica up")
    yield cluster


@pytest.fixture(scope="session")
def database(cluster: Cluster) -> Iterator[db.Database]:
    """The cluster's database, for what the tests check behind the app's back."""
    opened = db.connect(cluster.postgres.url)
    try:
        yield opened
    finally:
        opened.close()


@dataclass
class Visit:
    """One person's browser, signed in at the load balancer."""

    context: object
    page: object
    email: str

    def replica(self) -> str | None:
        """The replica the load balancer's cookie keeps this person on."""
        return next((c["value"] for c in self.context.cookies()
                     if c["name"] == REPLICA_COOKIE), None)


@pytest.fixture
def visit(browser, running) -> Iterator[Callable[..., Visit]]:  # noqa: F811 (the fixture)
    """``visit(email, replica="r1", headers={})``: a browser of ``email``, who signs in at the
    load balancer with their password; ``replica`` is where its sticky cookie sends them
    (as for someone who was there before), ``headers`` what the browser sends of its own."""
    opened: list = []

    def open_as(email: str, replica: str | None = None,
                headers: dict[str, str] | None = None) -> Visit:
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000},
            http_credentials={"username": email, "password": PASSWORDS[email]},
            extra_http_headers=headers or {})
        opened.append(context)
        if replica:
            context.add_cookies([{"name": REPLICA_COOKIE, "value": replica,
                                  "url": running.proxy.url}])
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        return Visit(context, page, email)

    yield open_as
    for context in opened:
        context.close()


def open_page(visit: Visit, url: str, title: str) -> None:
    """Open the app at ``url``, then click the sidebar's link to the page ``title``, as a
    person does, and wait until it has drawn."""
    page = visit.page
    page.goto(url)
    page.get_by_role("heading", name="Overview").wait_for()
    click_page(visit, title)


def click_page(visit: Visit, title: str) -> None:
    """Click the sidebar's link to ``title`` (again: a rerun on the same replica)."""
    page = visit.page
    page.locator(".st-key-nav").get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", name=title).wait_for()
    page.locator(IDLE).wait_for()


def choose_file(visit: Visit, name: str, text: str) -> None:
    """Put the file ``name`` holding ``text`` in the page's uploader."""
    visit.page.locator(IDLE).wait_for()
    visit.page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])


def metric(visit: Visit, label: str):
    """The value of the tile called exactly ``label``."""
    page = visit.page
    tile = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return tile.get_by_test_id("stMetricValue")


def experiments_file(ids: list[str], title: str, team: str = "BZ-PAS") -> str:
    """A CSV of new experiments ``ids`` of ``team``, each titled ``title`` and its number."""
    rows = "".join(f"{experiment_id};{team};{title} {n};We geloven dat het helpt;idea;flow\n"
                   for n, experiment_id in enumerate(ids))
    return "experiment_id;team_id;title;hypothesis;status;lean_lens\n" + rows


def stored_titles(database: db.Database, ids: list[str]) -> dict[str, str]:
    """The stored title of each of ``ids`` that is stored."""
    rows = database.execute(
        "SELECT experiment_id, title FROM experiments WHERE experiment_id = ANY(?)",
        [ids]).fetchall()
    return dict(rows)


def write_lock_held(database: db.Database) -> bool:
    """Whether a write of some replica is under way (holds the lock every write takes)."""
    return bool(database.execute(WRITE_LOCK_HELD, [WRITE_LOCK_KEY]).fetchone()[0])


def shows_no_error(visit: Visit) -> None:
    """The page holds no traceback and no generic error, whatever else it says."""
    page = visit.page
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_text("This app has encountered an error").count() == 0
    assert page.get_by_text("Something went wrong on the server").count() == 0

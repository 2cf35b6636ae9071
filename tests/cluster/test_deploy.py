"""What `make cluster` starts from: the load balancer's configuration and sign-ins, the database
made ready once, and a replica's database connections outliving a PostgreSQL restart."""

from __future__ import annotations

import csv
import os
import subprocess
import threading
import time

import pytest

from alignment import db
from alignment.db.postgres import WAIT_SECONDS
from deploy.cluster import (
    DEMO_COACH_TEAMS,
    DEMO_PEOPLE,
    MAX_REPLICAS,
    Proxy,
    database_ready,
    demo_sign_ins,
)

pytestmark = pytest.mark.cluster


def test_the_load_balancer_signs_in_exactly_the_demo_people_each_with_a_password_of_their_own():
    sign_ins = demo_sign_ins()
    with DEMO_PEOPLE.open(encoding="utf-8", newline="") as handle:
        people = [row["email"] for row in csv.DictReader(handle)]
    assert [email for email, *_ in sign_ins] == people
    passwords = [password for _email, password, *_ in sign_ins]
    assert "?" not in passwords and len(set(passwords)) == len(passwords)
    assert {role for _e, _p, role, _t in sign_ins} == {"admin", "leader", "member", "coach"}


@pytest.mark.parametrize("replicas", range(1, MAX_REPLICAS + 1))
def test_haproxy_accepts_its_configuration(tmp_path, replicas):
    proxy = Proxy("127.0.0.1:8500", [f"127.0.0.1:{8510 + n}" for n in range(replicas)],
                  tmp_path)
    checked = subprocess.run([*proxy.command(), "-c"], env={**os.environ, **proxy.environment()},
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "Configuration file is valid" in checked.stdout


def test_the_database_gets_the_demo_organisation_and_its_people_on_the_first_start_only(
        postgres_server):
    url = postgres_server.fresh_url()  # migrated, and empty
    try:
        assert database_ready(url) is True
        assert database_ready(url) is False  # a second start loads nothing again
        database = db.connect(url)
        try:
            people = dict(database.execute("SELECT email, role FROM people").fetchall())
            coached = database.execute("SELECT count(*) FROM coach_teams").fetchone()[0]
            uploads = database.execute(
                "SELECT kind, count(*) FROM uploads GROUP BY kind").fetchall()
        finally:
            database.close()
    finally:
        postgres_server.dropped(url)
    assert people == {email: role for email, _password, role, _team in demo_sign_ins()}
    with DEMO_COACH_TEAMS.open(encoding="utf-8") as handle:
        assert coached == len(handle.readlines()) - 1
    assert all(count == 1 for _kind, count in uploads)


def test_a_query_asked_while_postgresql_restarts_waits_for_it_instead_of_failing(
        running, database):
    assert database.execute("SELECT 1").fetchone() == (1,)
    running.postgres.stop()
    back = threading.Timer(1.0, running.postgres.start)
    back.start()
    try:
        asked = time.monotonic()
        assert database.execute("SELECT 1").fetchone() == (1,)
        assert time.monotonic() - asked < WAIT_SECONDS
    finally:
        back.join()

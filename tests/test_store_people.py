"""Removing someone's access: their people row and coach assignments go in one transaction,
the change log keeps who they were; a refused removal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import db
from alignment.access import Person
from alignment.store import people as store_people

NOW = dt.datetime(2026, 11, 15, 10, 30)
ADMIN = Person("ada@example.org", "Ada", "admin")
MEMBER = Person("mo@example.org", "Mo", "member", team_id="T1")
PEOPLE = [("ada@example.org", "Ada", "admin", None),
          ("cor@example.org", "Cor", "coach", None),
          ("mo@example.org", "Mo", "member", "T1")]
COACHED = [("cor@example.org", "T2"), ("cor@example.org", "T1")]
TABLES = ("people", "coach_teams", "change_log")


@pytest.fixture
def org(con):
    def work(cur):
        cur.executemany("INSERT INTO people (email, name, role, team_id) VALUES (?, ?, ?, ?)",
                        PEOPLE)
        cur.executemany("INSERT INTO coach_teams (email, team_id) VALUES (?, ?)", COACHED)
    db.written(con, work)
    return con


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def counts(con) -> list[int]:
    return [rows(con, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES]


def test_a_removal_takes_the_person_and_their_teams_and_logs_who_they_were(org):
    assert store_people.removed_person(org, "cor@example.org", ADMIN, NOW) == ["T1", "T2"]
    assert rows(org, "SELECT email FROM people ORDER BY email") == [
        ("ada@example.org",), ("mo@example.org",)]
    assert rows(org, "SELECT * FROM coach_teams") == []
    assert rows(org, "SELECT entity, entity_id, field, old_value, new_value, changed_at,"
                     " changed_by, upload_id FROM change_log"
                     " ORDER BY entity_id, field") == [
        ("people", "cor@example.org", "(removed)", None, None, NOW, ADMIN.email, None),
        ("people", "cor@example.org", "name", "Cor", None, NOW, ADMIN.email, None),
        ("people", "cor@example.org", "role", "coach", None, NOW, ADMIN.email, None),
        ("coach_teams", "cor@example.org|T1", "(removed)", "T1", None, NOW, ADMIN.email, None),
        ("coach_teams", "cor@example.org|T2", "(removed)", "T2", None, NOW, ADMIN.email, None),
    ]


@pytest.mark.parametrize(("email", "actor", "error"), [
    ("cor@example.org", MEMBER, PermissionError),
    ("ADA@example.org", ADMIN, PermissionError),   # nobody locks themselves out
    ("nobody@example.org", ADMIN, KeyError),
], ids=["not an admin", "oneself", "unknown"])
def test_a_refused_removal_writes_nothing(org, email, actor, error):
    before = counts(org)
    with pytest.raises(error):
        store_people.removed_person(org, email, actor, NOW)
    assert counts(org) == before

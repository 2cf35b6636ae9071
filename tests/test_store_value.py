"""Recording a check-in in the app: only the goal's owner or an admin, every problem said, the
change log written, nothing written when refused; on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import access, views
from alignment.access import Person
from alignment.ingest.pipeline import upload_committed
from alignment.store.value import NewCheckIn, recorded_check_in
from tests.conftest import AS_OF, stored

NOW = dt.datetime(2026, 11, 15, 9, 30)
OWNER = Person(email="ann@example.org", name="Ann", role=access.LEADER)
ADMIN = Person(email="ada@example.org", name="Ada", role=access.ADMIN)
OTHER_LEADER = Person(email="lea@example.org", name="Lea", role=access.LEADER)
MEMBER = Person(email="mo@example.org", name="Mo", role=access.MEMBER, team_id="T1")
COACH = Person(email="cor@example.org", name="Cor", role=access.COACH)


@pytest.fixture
def org(con):
    stored(con,
           goals=[{"goal_id": "G1", "title": "Shorter waits", "level": "goal",
                   "status": "active", "owner": "Ann@Example.org"},
                  {"goal_id": "G2", "title": "Nobody's", "level": "goal", "status": "active"}],
           goal_measures=[{"measure_id": "M1", "goal_id": "G1", "name": "Wait", "unit": "min",
                           "direction": "lower", "baseline": 20.0, "target": 10.0},
                          {"measure_id": "M2", "goal_id": "G2", "name": "Count",
                           "direction": "higher", "baseline": 0.0, "target": 10.0}])
    return con


def rows(con, sql: str) -> list[tuple]:
    cur = con.cursor()
    try:
        return cur.execute(sql).fetchall()
    finally:
        cur.close()


CHECK_IN = NewCheckIn(measure_id="M1", checked_on=AS_OF, value=15.0, confidence="at_risk",
                      comment="Halfway")


@pytest.mark.parametrize(("person", "allowed"), [
    (OWNER, True),  # the goal's owner, whatever the case of the e-mail
    (ADMIN, True),
    (access.LOCAL_ADMIN, True),  # local mode: the local admin
    (OTHER_LEADER, False),
    (MEMBER, False),
    (COACH, False),
])
def test_only_the_owner_or_an_admin_records_a_check_in(org, person, allowed):
    outcome = recorded_check_in(org, CHECK_IN, person, AS_OF, NOW)
    stored_rows = rows(org, "SELECT check_in_id, measure_id, value, confidence, comment"
                            " FROM check_ins")
    if allowed:
        assert outcome.problems == []
        assert stored_rows == [("CI-0001", "M1", 15.0, "at_risk", "Halfway")]
    else:
        assert outcome.check_in_id is None
        assert [(p.column, p.problem_said.key) for p in outcome.problems] == [
            ("measure_id", "value.check_in_not_allowed")]
        assert stored_rows == []
        assert rows(org, "SELECT count(*) FROM change_log") == [(0,)]


def test_a_goal_without_owner_takes_an_admin(org):
    refused = recorded_check_in(org, NewCheckIn("M2", AS_OF, 3.0), OWNER, AS_OF, NOW)
    assert refused.problems[0].problem_said.key == "value.check_in_not_allowed"
    assert recorded_check_in(org, NewCheckIn("M2", AS_OF, 3.0), ADMIN, AS_OF, NOW).problems == []


def test_a_check_in_logs_who_recorded_what(org):
    first = recorded_check_in(org, CHECK_IN, OWNER, AS_OF, NOW)
    second = recorded_check_in(org, NewCheckIn("M1", AS_OF, 12.5), ADMIN, AS_OF, NOW)
    assert (first.check_in_id, second.check_in_id) == ("CI-0001", "CI-0002")
    logged = rows(org, "SELECT entity_id, field, new_value, changed_by FROM change_log"
                       " ORDER BY entity_id, field")
    assert logged == [
        ("CI-0001", "(created)", None, "ann@example.org"),
        ("CI-0001", "checked_on", "2026-11-15", "ann@example.org"),
        ("CI-0001", "comment", "Halfway", "ann@example.org"),
        ("CI-0001", "confidence", "at_risk", "ann@example.org"),
        ("CI-0001", "measure_id", "M1", "ann@example.org"),
        ("CI-0001", "value", "15.0", "ann@example.org"),
        ("CI-0002", "(created)", None, "ada@example.org"),
        ("CI-0002", "checked_on", "2026-11-15", "ada@example.org"),
        ("CI-0002", "measure_id", "M1", "ada@example.org"),
        ("CI-0002", "value", "12.5", "ada@example.org"),
    ]


@pytest.mark.parametrize(("check_in", "expected"), [
    (NewCheckIn("M1", None, 15.0), [("checked_on", "value.check_in_no_day")]),
    (NewCheckIn("M1", AS_OF + dt.timedelta(days=1), 15.0),
     [("checked_on", "value.check_in_future")]),
    (NewCheckIn("M1", AS_OF, None), [("value", "value.check_in_no_value")]),
    (NewCheckIn("M1", AS_OF, float("nan")), [("value", "value.check_in_no_value")]),
    (NewCheckIn("M1", AS_OF, 1e16), [("value", "value.check_in_no_value")]),
    (NewCheckIn("M1", AS_OF, 15.0, "fine"), [("confidence", "value.check_in_confidence")]),
    (NewCheckIn("M1", AS_OF, 15.0, comment="x" * 501),
     [("comment", "value.check_in_long_comment")]),
    (NewCheckIn("M1", None, None, "fine"), [("checked_on", "value.check_in_no_day"),
                                            ("value", "value.check_in_no_value"),
                                            ("confidence", "value.check_in_confidence")]),
    (NewCheckIn("M9", AS_OF, 15.0), [("measure_id", "value.check_in_unknown_measure")]),
])
def test_a_refused_check_in_says_every_problem_and_writes_nothing(org, check_in, expected):
    outcome = recorded_check_in(org, check_in, ADMIN, AS_OF, NOW)
    assert [(p.column, p.problem_said.key) for p in outcome.problems] == expected
    assert all(p.fix_said.key.startswith("value.check_in_fix_") for p in outcome.problems)
    assert rows(org, "SELECT count(*) FROM check_ins") == [(0,)]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Date: 2026-11-16 is in the future."),
    ("nl", "Datum: 16-11-2026 ligt in de toekomst."),
])
def test_a_problem_is_said_in_the_readers_language(org, lang, text):
    outcome = recorded_check_in(org, NewCheckIn("M1", AS_OF + dt.timedelta(days=1), 1.0),
                                ADMIN, AS_OF, NOW)
    assert outcome.problems[0].in_language(lang)[0] == text


def test_a_recorded_check_in_moves_the_goal_s_progress(org):
    before = views.goal_values(org, AS_OF).goals.set_index("goal_id")
    recorded_check_in(org, CHECK_IN, OWNER, AS_OF, NOW)
    after = views.goal_values(org, AS_OF).goals.set_index("goal_id")
    assert before.isna().loc["G1", "progress"]
    assert after.loc["G1", "progress"] == pytest.approx(0.5)
    assert after.loc["G1", "source"] == "measures"


MEASURES = ("measure_id,goal_id,name,unit,direction,baseline,target,target_date\n"
            "M5,G1,Wait at the desk,min,lower,14,10,2026-12-31\n")
CHECK_INS = "check_in_id,measure_id,checked_on,value,confidence\nC1,M5,2026-10-01,12,on_track\n"


def test_measures_and_check_ins_load_through_the_audited_upload(org):
    first = upload_committed(org, "goal_measures", "m.csv", MEASURES.encode(), actor=ADMIN,
                             today=AS_OF, now=NOW)
    second = upload_committed(org, "check_ins", "c.csv", CHECK_INS.encode(), actor=ADMIN,
                              today=AS_OF, now=NOW)
    again = upload_committed(org, "check_ins", "c.csv", CHECK_INS.encode(), actor=ADMIN,
                             today=AS_OF, now=NOW)
    assert (first.new, second.new, again.new, again.changed) == (1, 1, 0, 0)
    assert rows(org, "SELECT kind, uploaded_by FROM uploads ORDER BY kind") == [
        ("check_ins", "ada@example.org"), ("goal_measures", "ada@example.org")]
    assert rows(org, "SELECT value FROM check_ins WHERE check_in_id = 'C1'") == [(12.0,)]


@pytest.mark.parametrize("person", [OWNER, MEMBER])
def test_only_an_admin_uploads_measures(person):
    assert not access.may_upload_kind(person, "goal_measures")
    assert not access.may_upload_kind(person, "check_ins")


def test_a_check_in_file_naming_an_unknown_measure_writes_nothing(org):
    outcome = upload_committed(org, "check_ins", "c.csv", CHECK_INS.encode(), actor=ADMIN,
                               today=AS_OF, now=NOW)
    assert [(p.line, p.column) for p in outcome.errors] == [(2, "measure_id")]
    assert rows(org, "SELECT count(*) FROM check_ins") == [(0,)]

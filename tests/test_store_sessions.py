"""Saving a session, closing or carrying over an action: one transaction each, with its log;
all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import db
from alignment.access import LOCAL_ADMIN, Person
from alignment.session.record import (
    NewAction,
    NewSession,
    carry_over_problem,
    entered_actions,
    session_problems,
    skipped_themes,
)
from alignment.store import session_rollups
from alignment.store import sessions as store_sessions
from tests.conftest import AS_OF, stored

NOW = dt.datetime(2026, 11, 15, 10, 30)
ACTOR = LOCAL_ADMIN
USER = ACTOR.email
TEAMS = [{"team_id": "T1", "name": "Team Parkeren", "value_stream": "Ruimte"},
         {"team_id": "T2", "name": "Team Loket", "value_stream": "Burger"}]


def plain_session(session_id: str) -> dict:
    """A stored session of T1 on AS_OF that covered nothing."""
    return {"session_id": session_id, "team_id": "T1", "held_on": AS_OF, "kind": "retro",
            "covered_results": False, "covered_collaboration": False, "covered_safety": False}


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def a_session(**changes) -> NewSession:
    values = {"team_id": "T1", "held_on": AS_OF, "kind": "health_check",
              "discussed": frozenset({"results", "collaboration", "safety"}),
              "averages": {"safety": 3.8, "ownership": 4.0, "energy": 3.5,
                           "collaboration": 4.2},
              "notes": "  Goed gesprek.  "}
    return NewSession(**{**values, **changes})


ACTIONS = [NewAction("T1", "Klantreis tekenen", AS_OF + dt.timedelta(days=14), "E1"),
           NewAction("T2", "Loket uitnodigen")]


def test_a_session_and_its_actions_are_saved_with_their_log(con):
    stored(con, teams=TEAMS)
    saved = store_sessions.saved_session(con, a_session(), ACTIONS, ACTOR, NOW)
    assert saved == store_sessions.SavedSession("S-0001", ("A-0001", "A-0002"))
    assert rows(con, "SELECT * FROM sessions") == [(
        "S-0001", "T1", AS_OF, USER, "health_check", True, True, True, 3.8, 4.0, 3.5, 4.2,
        "Goed gesprek.")]
    assert rows(con, "SELECT * FROM actions ORDER BY action_id") == [
        ("A-0001", "S-0001", "E1", "T1", "Klantreis tekenen", dt.date(2026, 11, 29), "open",
         None),
        ("A-0002", "S-0001", None, "T2", "Loket uitnodigen", None, "open", None),
    ]
    assert rows(con, "SELECT * FROM change_log ORDER BY entity DESC, entity_id") == [
        ("sessions", "S-0001", "(created)", None, None, NOW, USER, None),
        ("actions", "A-0001", "(created)", None, None, NOW, USER, None),
        ("actions", "A-0002", "(created)", None, None, NOW, USER, None),
    ]


def test_saving_takes_exactly_one_transaction(con, monkeypatch):
    calls = []
    real = store_sessions.db.written

    def counted(connection, work, *args, **kwargs):
        calls.append(work)
        return real(connection, work, *args, **kwargs)

    monkeypatch.setattr(store_sessions.db, "written", counted)
    statements = []
    store_sessions.saved_session(con, a_session(), ACTIONS, ACTOR, NOW)
    assert len(calls) == 1

    # and inside it, every statement ran on the one cursor of that transaction
    class Recording:
        def __init__(self, cur):
            self.cur = cur

        def execute(self, sql, params=None):
            statements.append(sql.split()[0])
            return self.cur.execute(sql, params or [])

    with store_sessions.db.transaction(con) as cur:
        store_sessions.recorded_session(Recording(cur), a_session(), ACTIONS, ACTOR, NOW)
    # session, its log row, two actions and theirs, and the team's row in each summary the
    # Coach overview reads (store.session_rollups)
    assert statements.count("INSERT") == 6 + len(session_rollups.TABLES)


def test_unscored_themes_are_stored_as_null(con):
    session = a_session(discussed=frozenset({"results"}),
                        averages={"ownership": 3.3, "energy": None}, notes="")
    store_sessions.saved_session(con, session, [], ACTOR, NOW)
    assert rows(con, "SELECT covered_results, covered_collaboration, covered_safety, safety,"
                     " ownership, energy, collaboration, notes FROM sessions") == [
        (True, False, False, None, 3.3, None, None, None)]


@pytest.mark.parametrize(
    ("session", "actions", "error"),
    [
        (a_session(), [ACTIONS[0], NewAction("T1", None)], db.Refused),
        (a_session(averages={"safety": 6.0}), ACTIONS, db.Refused),
        (a_session(kind="standup"), ACTIONS, db.Refused),
        (a_session(team_id=None), [], db.Refused),
    ],
    ids=["second action without description", "score above 5", "unknown kind", "no team"],
)
def test_a_failure_writes_nothing(con, session, actions, error):
    stored(con, teams=TEAMS, sessions=[plain_session("S-0007")])
    before = [rows(con, f"SELECT count(*) FROM {table}")
              for table in ("sessions", "actions", "change_log")]
    with pytest.raises(error):
        store_sessions.saved_session(con, session, actions, ACTOR, NOW)
    after = [rows(con, f"SELECT count(*) FROM {table}")
             for table in ("sessions", "actions", "change_log")]
    assert after == before


def test_ids_continue_the_numbering_and_ignore_foreign_ids(con):
    stored(con, teams=TEAMS,
           sessions=[plain_session(sid) for sid in ("S-0009", "RETRO-7", "S-12x")],
           actions=[{"action_id": "A-0041", "session_id": "S-0009", "owner_team_id": "T1",
                     "description": "Iets", "status": "open"}])
    saved = store_sessions.saved_session(con, a_session(), ACTIONS, ACTOR, NOW)
    assert saved == store_sessions.SavedSession("S-0010", ("A-0042", "A-0043"))


def stored_action(con, status="open", closed_on=None):
    stored(con, teams=TEAMS,
           sessions=[plain_session("S-0001")],
           actions=[{"action_id": "A-0001", "session_id": "S-0001", "owner_team_id": "T1",
                     "description": "Iets", "status": status, "closed_on": closed_on}])


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_closing_an_action_logs_each_field(con, status):
    stored_action(con)
    fields = store_sessions.closed_action(con, "A-0001", status, AS_OF, ACTOR, NOW)
    assert fields == ["status", "closed_on"]
    assert rows(con, "SELECT status, closed_on FROM actions") == [(status, AS_OF)]
    assert rows(con, "SELECT * FROM change_log ORDER BY field DESC") == [
        ("actions", "A-0001", "status", "open", status, NOW, USER, None),
        ("actions", "A-0001", "closed_on", None, "2026-11-15", NOW, USER, None),
    ]


@pytest.mark.parametrize(
    ("action_id", "status", "error"),
    [("A-0001", "open", ValueError), ("A-0404", "done", KeyError),
     ("A-0002", "done", ValueError)],
    ids=["open is no closing", "unknown action", "already closed"],
)
def test_closing_refuses_and_writes_nothing(con, action_id, status, error):
    stored_action(con)
    store_sessions.closed_action(con, "A-0001", "dropped", AS_OF, ACTOR, NOW)
    stored(con, actions=[{"action_id": "A-0002", "session_id": "S-0001", "owner_team_id": "T1",
                          "description": "Klaar", "status": "done", "closed_on": AS_OF}])
    before = rows(con, "SELECT * FROM change_log")
    with pytest.raises(error):
        store_sessions.closed_action(con, action_id, status, AS_OF, ACTOR, NOW)
    assert rows(con, "SELECT * FROM change_log") == before


RECORD_CASES = {
    "a fine session": (a_session(), ACTIONS, []),
    "future session": (a_session(held_on=AS_OF + dt.timedelta(days=1)), [],
                       ["The session date 2026-11-16 is in the future"]),
    "unknown team and kind": (a_session(team_id="T9", kind="standup"), [],
                              ["Team 'T9' is unknown", "Choose the kind of session"]),
    "action problems": (
        a_session(),
        [NewAction("T9", "Iets"), NewAction("T1", "x" * 301),
         NewAction("T1", "Iets", AS_OF - dt.timedelta(days=1)),
         NewAction("T1", "Iets", None, "E-OTHER")],
        ["Action 1: choose the team", "Action 2: keep the description to 300",
         "Action 3: the due date 2026-11-14 is before", "Action 4: experiment E-OTHER"],
    ),
}


@pytest.mark.parametrize(("session", "actions", "problems"), RECORD_CASES.values(),
                         ids=RECORD_CASES.keys())
def test_session_problems(session, actions, problems):
    found = session_problems(session, actions, team_ids=["T1", "T2"], experiment_ids=["E1"],
                             today=AS_OF)
    assert len(found) == len(problems)
    for problem, expected in zip(found, problems, strict=True):
        assert problem.text().startswith(expected)


def test_blank_action_rows_are_left_out():
    rows_in = [{"description": "  ", "owner_team_id": "T1"},
               {"description": " Bellen ", "owner_team_id": "T2", "due_on": None,
                "experiment_id": ""},
               {"description": "Meten", "owner_team_id": "T1", "due_on": AS_OF,
                "experiment_id": "E1"}]
    assert entered_actions(rows_in) == [NewAction("T2", "Bellen", None, None),
                                        NewAction("T1", "Meten", AS_OF, "E1")]


@pytest.mark.parametrize(
    ("discussed", "skipped"),
    [({"results", "collaboration", "safety"}, []), ({"results"}, ["collaboration", "safety"]),
     ({"collaboration"}, ["safety"]), (set(), ["collaboration", "safety"])],
)
def test_the_nudge_names_skipped_collaboration_and_safety(discussed, skipped):
    assert skipped_themes(discussed) == skipped


COACH_T1 = Person(email="coach@gemeente.nl", name="Coach", role="coach",
                  coach_team_ids=frozenset({"T1"}))
COACH_T2 = Person(email="ander@gemeente.nl", name="Ander", role="coach",
                  coach_team_ids=frozenset({"T2"}))
DUE = dt.date(2026, 10, 1)   # A-0001's due date: six weeks before AS_OF


def stored_due_action(con):
    stored(con, teams=TEAMS, sessions=[plain_session("S-0001")],
           actions=[{"action_id": "A-0001", "session_id": "S-0001", "owner_team_id": "T1",
                     "description": "Iets", "status": "open", "due_on": DUE},
                    {"action_id": "A-0002", "session_id": "S-0001", "owner_team_id": "T1",
                     "description": "Klaar", "status": "done", "closed_on": AS_OF}])


@pytest.mark.parametrize(("actor", "due_on"), [
    (ACTOR, AS_OF + dt.timedelta(days=30)),
    (COACH_T1, AS_OF),
], ids=["an admin, a month on", "the team's coach, to today"])
def test_carrying_an_action_over_logs_its_old_and_new_due_date(con, actor, due_on):
    stored_due_action(con)
    store_sessions.carried_action(con, "A-0001", due_on, AS_OF, actor, NOW)
    assert rows(con, "SELECT action_id, due_on, status, closed_on FROM actions "
                     "ORDER BY action_id") == [("A-0001", due_on, "open", None),
                                               ("A-0002", None, "done", AS_OF)]
    assert rows(con, "SELECT * FROM change_log") == [
        ("actions", "A-0001", "due_on", DUE.isoformat(), due_on.isoformat(), NOW, actor.email,
         None)]


def test_an_undated_action_is_carried_over_from_no_date(con):
    stored(con, teams=TEAMS, sessions=[plain_session("S-0001")],
           actions=[{"action_id": "A-0001", "session_id": "S-0001", "owner_team_id": "T1",
                     "description": "Iets", "status": "open"}])
    store_sessions.carried_action(con, "A-0001", AS_OF, AS_OF, ACTOR, NOW)
    assert rows(con, "SELECT field, old_value, new_value FROM change_log") == [
        ("due_on", None, "2026-11-15")]


@pytest.mark.parametrize(("action_id", "due_on", "actor", "error"), [
    ("A-0001", AS_OF - dt.timedelta(days=1), ACTOR, ValueError),
    ("A-0002", AS_OF + dt.timedelta(days=7), ACTOR, ValueError),
    ("A-0404", AS_OF + dt.timedelta(days=7), ACTOR, KeyError),
    ("A-0001", AS_OF + dt.timedelta(days=7), COACH_T2, PermissionError),
], ids=["a due date in the past", "a closed action", "an unknown action",
        "a coach of another team"])
def test_carrying_over_refuses_and_writes_nothing(con, action_id, due_on, actor, error):
    stored_due_action(con)
    before = [rows(con, "SELECT * FROM actions ORDER BY action_id"),
              rows(con, "SELECT * FROM change_log")]
    with pytest.raises(error):
        store_sessions.carried_action(con, action_id, due_on, AS_OF, actor, NOW)
    assert [rows(con, "SELECT * FROM actions ORDER BY action_id"),
            rows(con, "SELECT * FROM change_log")] == before


@pytest.mark.parametrize(("due_on", "lang", "problem"), [
    (AS_OF + dt.timedelta(days=1), "en", None),
    (AS_OF, "en", None),
    (AS_OF - dt.timedelta(days=1), "en",
     "2026-11-14 is in the past: choose a due date from today (2026-11-15) on."),
    (AS_OF - dt.timedelta(days=1), "nl",
     "14-11-2026 ligt in het verleden: kies een datum vanaf vandaag (15-11-2026)."),
    (None, "en", "Choose the new due date first."),
])
def test_carry_over_problem_says_what_to_choose(due_on, lang, problem):
    found = carry_over_problem(due_on, AS_OF)
    assert (found and found.text(lang)) == problem

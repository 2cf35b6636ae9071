"""The Coach overview's summaries: for any sessions and actions and any later session writes,
the figures read through ``action_facts`` and the monthly rollups of migration 15 equal the
same figures computed from the raw rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from alignment import db, metrics, queries, views
from alignment.access import Person
from alignment.queries import _scope
from alignment.scope import PERIODS, QUARTER_DAYS, Scope
from alignment.session.record import NewAction, NewSession
from alignment.store import session_rollups
from alignment.store import sessions as store_sessions
from tests.conftest import AS_OF, fresh_database, stored

STREAMS = ["S1", "S2"]
TEAMS = ["T0", "T1", "T2", "T3"]
ADMIN = Person(email="admin@example.org", name="Admin", role="admin")
NOW = dt.datetime(2026, 11, 15, 12)

# The days scopes begin and end on (a month's first and last day among them), the first day
# of the breadth quarter, and the days either side of them: where an off-by-one would show
AS_OFS = [AS_OF, dt.date(2026, 10, 31), dt.date(2026, 12, 1)]
BOUNDS = sorted({day for as_of in AS_OFS for day in
                 [as_of, as_of - dt.timedelta(days=QUARTER_DAYS - 1),
                  *(Scope(as_of, period).start for period in PERIODS)] if day})
EDGES = sorted({day + dt.timedelta(days=d) for day in BOUNDS for d in (-1, 0, 1)})
days = st.one_of(st.sampled_from(EDGES),
                 st.integers(0, 500).map(lambda d: AS_OF - dt.timedelta(days=d - 30)))
# a session that covered no theme
UNCOVERED = {"kind": "retro", "covered_results": False, "covered_collaboration": False,
             "covered_safety": False}
scores = st.one_of(st.none(), st.sampled_from([1.0, 2.5, 3.0, 4.2, 5.0]))

# The oracle of the coverage tile: the raw rows' SQL it read before the rollups.
RAW_COVERAGE = (
    "WITH " + _scope.params("CAST(? AS INTEGER) AS window_days") + ",\n"
    + _scope.sessions_in_scope() + """,
recent_sessions AS (
    SELECT s.* FROM sessions_in_scope AS s CROSS JOIN params AS p
    WHERE s.held_on > p.as_of - p.window_days
)
SELECT count(*) AS sessions,
       count(*) FILTER (WHERE covered_results) AS covered_results,
       count(*) FILTER (WHERE covered_collaboration) AS covered_collaboration,
       count(*) FILTER (WHERE covered_safety) AS covered_safety,
       count(*) FILTER (WHERE covered_results AND covered_collaboration AND covered_safety)
           AS covered_all
FROM recent_sessions""")


@st.composite
def session(draw, number: int) -> dict:
    """One session, of a team in the teams table or of one that is not (T9)."""
    return {
        "session_id": f"S{number:03d}", "team_id": draw(st.sampled_from([*TEAMS, "T9"])),
        "held_on": draw(days), "kind": "retro",
        "covered_results": draw(st.booleans()), "covered_collaboration": draw(st.booleans()),
        "covered_safety": draw(st.booleans()),
        "safety": draw(scores), "ownership": draw(scores), "energy": None,
        "collaboration": draw(scores),
    }


@st.composite
def action(draw, number: int, session_ids: list[str]) -> dict:
    """One action of a drawn session: open, or closed on some day (before or after it fell
    due, before or after the next session)."""
    status = draw(st.sampled_from(["open", "open", "done", "dropped"]))
    return {
        "action_id": f"A{number:03d}", "session_id": draw(st.sampled_from(session_ids)),
        "owner_team_id": draw(st.sampled_from(TEAMS)), "description": "Do it",
        "due_on": draw(st.one_of(st.none(), days)), "status": status,
        "closed_on": None if status == "open" else draw(days),
    }


@st.composite
def organisation(draw) -> dict[str, list[dict]]:
    """Teams in random streams, up to a dozen sessions and their actions."""
    sessions = [draw(session(n)) for n in range(draw(st.integers(0, 12)))]
    ids = [row["session_id"] for row in sessions]
    return {
        "teams": [{"team_id": t, "name": t, "value_stream": draw(st.sampled_from(STREAMS))}
                  for t in TEAMS],
        "sessions": sessions,
        "actions": [draw(action(n, ids)) for n in range(draw(st.integers(0, 16)))] if ids else [],
    }


@st.composite
def later_writes(draw, first: dict[str, list[dict]]) -> list[tuple]:
    """Up to four later writes as the app makes them: a session saved with actions, an action
    closed, carried over or handed over, or sessions uploaded again with other days."""
    writes = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["save", "close", "carry", "hand", "upload"]))
        if kind == "save":
            writes.append(("save", NewSession(
                team_id=draw(st.sampled_from(TEAMS)), held_on=draw(days), kind="retro",
                discussed=frozenset(draw(st.lists(st.sampled_from(
                    ["results", "collaboration", "safety"]), unique=True))),
                averages={"safety": draw(scores)}),
                [NewAction(owner_team_id="T0", description="Next", due_on=draw(days))
                 for _ in range(draw(st.integers(0, 2)))]))
        elif kind == "upload" and first["sessions"]:
            chosen = draw(st.lists(st.sampled_from(first["sessions"]), min_size=1, max_size=3,
                                   unique_by=lambda row: row["session_id"]))
            writes.append(("upload", [{**row, "held_on": draw(days),
                                       "team_id": draw(st.sampled_from(TEAMS))}
                                      for row in chosen]))
        elif kind in ("close", "carry", "hand") and first["actions"]:
            action_id = draw(st.sampled_from(first["actions"]))["action_id"]
            writes.append((kind, action_id, draw(days), draw(st.sampled_from(TEAMS))))
    return writes


def written(con, write: tuple) -> None:
    """One later write through the write path; a write the rules refuse writes nothing."""
    kind = write[0]
    if kind == "save":
        store_sessions.saved_session(con, write[1], write[2], ADMIN, NOW)
    elif kind == "upload":
        stored(con, sessions=write[1])
    else:
        _, action_id, day, team = write
        try:
            if kind == "close":
                store_sessions.closed_action(con, action_id, "done", day, ADMIN, NOW)
            elif kind == "carry":
                store_sessions.carried_action(con, action_id, day, day, ADMIN, NOW)
            else:
                store_sessions.handed_action(con, action_id, team, ADMIN, NOW)
        except ValueError:  # already closed, or handed to its own team
            pass


any_scope = st.builds(
    Scope,
    as_of=st.sampled_from(AS_OFS),
    period=st.sampled_from(list(PERIODS)),
    value_stream=st.sampled_from([None, None, *STREAMS]),
    team_id=st.sampled_from([None, None, *TEAMS[:2]]),
)


def rows(con, relation: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {relation}").fetchall(), key=repr)


def raw_figures(con, scope: Scope) -> dict[str, object]:
    """The oracle: the Coach overview's figures from the raw rows of the sessions in scope."""
    where = (scope.value_stream, scope.team_id)
    teams = queries.team_roster(con, *where)
    sessions = queries.team_sessions(con, scope.as_of, *where)
    actions = queries.session_actions(con, scope.as_of, *where)
    counts = metrics.reflection_counts(teams, sessions, actions, scope.as_of, scope.start)
    coverage = con.execute(RAW_COVERAGE, _scope.scope_values(
        scope.as_of, None, *where, QUARTER_DAYS)).df()
    return {
        "counts": counts,
        "coverage": coverage,
        "overview": metrics.coach_overview(teams, sessions, actions, scope.as_of, scope.start),
        "falling": metrics.falling_teams(sessions, 0),
        "distribution": metrics.score_distribution(sessions, 1),
        "has_sessions": not sessions.empty,
    }


def kept_figures(con, scope: Scope) -> dict[str, object]:
    """The same figures as the Coach overview reads them: through the rollups."""
    where = (scope.value_stream, scope.team_id)
    counts = queries.team_reflection(con, scope.as_of, scope.start, *where)
    scored = queries.last_scores(con, scope.as_of, metrics.TREND_SESSIONS, *where)
    return {
        "counts": counts,
        "coverage": queries.session_coverage(con, scope.as_of, *where),
        "overview": metrics.team_overview(counts, scored, scope.as_of),
        "falling": metrics.falling_teams(scored, 0),
        "distribution": metrics.score_distribution(scored, 1),
        "has_sessions": views.coaching(con, scope, "en", None).has_sessions,
    }


def days_as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its last_session days as dates (None without), however they came."""
    if "last_session" not in frame:
        return frame.reset_index(drop=True)
    return frame.assign(last_session=[None if pd.isna(d) else pd.Timestamp(d).date()
                                      for d in frame["last_session"]]).reset_index(drop=True)


def assert_same(kept: dict[str, object], raw: dict[str, object], scope: Scope) -> None:
    for name, figure in kept.items():
        if isinstance(figure, pd.DataFrame):
            pd.testing.assert_frame_equal(days_as_dates(figure), days_as_dates(raw[name]),
                                          check_dtype=False, obj=f"{name} {scope}")
        else:
            assert figure == raw[name], f"{name} {scope}"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=st.data())
def test_coach_figures_from_the_rollups_equal_the_figures_from_raw_rows(backend, request,
                                                                        data):
    first = data.draw(organisation())
    with fresh_database(backend, request) as con:
        stored(con, **first)
        for write in data.draw(later_writes(first)):
            written(con, write)
        kept = {table: rows(con, table) for table in session_rollups.TABLES}
        db.written(con, session_rollups.rebuilt)  # what the rebuild command does
        assert kept == {table: rows(con, table) for table in session_rollups.TABLES}
        for scope in data.draw(st.lists(any_scope, min_size=3, max_size=6)):
            assert_same(kept_figures(con, scope), raw_figures(con, scope), scope)


@pytest.mark.parametrize(
    ("held", "next_held", "closed", "period", "measurable", "in_time"),
    [
        # 90d up to 2026-11-15 starts 2026-08-18
        ("2026-08-18", "2026-09-01", "2026-08-30", "90d", 1, 1),
        ("2026-08-17", "2026-09-01", "2026-08-30", "90d", 0, 0),
        ("2026-11-01", "2026-11-15", "2026-11-15", "90d", 1, 1),
        ("2026-11-01", "2026-11-16", "2026-11-02", "90d", 0, 0),
        ("2026-10-01", "2026-11-15", "2026-11-16", "90d", 1, 0),
        ("2026-08-31", "2026-11-01", None, "all", 1, 0),
    ],
)
def test_follow_through_counts_an_action_by_its_session_and_the_next_at_the_edges(
        con, held, next_held, closed, period, measurable, in_time):
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           sessions=[{"session_id": f"S{n}", "team_id": "T1", "held_on": dt.date.fromisoformat(day),
                      **UNCOVERED}
                     for n, day in enumerate([held, next_held])],
           actions=[{"action_id": "A1", "session_id": "S0", "owner_team_id": "T1",
                     "description": "Do it", "status": "done" if closed else "open",
                     "closed_on": closed and dt.date.fromisoformat(closed)}])
    counts = queries.team_reflection(con, AS_OF, Scope(AS_OF, period).start)
    assert counts[["measurable_actions", "closed_in_time"]].values.tolist() == [
        [measurable, in_time]]


def test_saving_a_session_refreshes_only_its_teams_summaries(con):
    stored(con, teams=[{"team_id": t, "name": t, "value_stream": "S1"} for t in TEAMS[:2]],
           sessions=[{"session_id": "S1", "team_id": "T1", "held_on": dt.date(2026, 9, 1),
                      **UNCOVERED}])
    other = rows(con, "rollup_team_sessions")
    store_sessions.saved_session(con, NewSession(team_id="T0", held_on=dt.date(2026, 11, 2),
                                                 kind="retro"), [], ADMIN, NOW)
    assert rows(con, "rollup_team_sessions") == sorted(
        [*other, ("T0", dt.date(2026, 11, 1), 1, 0, 0, 0, 0, dt.date(2026, 11, 2))], key=repr)

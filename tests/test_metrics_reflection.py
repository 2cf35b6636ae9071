"""Reflection metrics on hand-made organisations: follow-through, breadth, safety trend, flags."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import metrics, queries
from alignment.bootstrap import DEMO_DIR
from alignment.demo import DEMO_AS_OF
from alignment.ingest.pipeline import demo_loaded
from alignment.problems import said
from tests.conftest import AS_OF, stored

DAY = dt.timedelta(days=1)
TEAMS = [
    {"team_id": "T1", "name": "Team Parkeren", "value_stream": "Ruimte"},
    {"team_id": "T2", "name": "Team Loket", "value_stream": "Burger"},
    {"team_id": "T3", "name": "Team Nieuw", "value_stream": "Burger"},
]


def session(sid, team, held_on, covers="rcs", safety=None, **scores):
    """A session row; ``covers`` holds r(esults), c(ollaboration), s(afety)."""
    return {"session_id": sid, "team_id": team, "held_on": held_on, "kind": "retro",
            "covered_results": "r" in covers, "covered_collaboration": "c" in covers,
            "covered_safety": "s" in covers, "safety": safety, **scores}


def action(aid, sid, team, status="open", closed_on=None, due_on=None):
    return {"action_id": aid, "session_id": sid, "owner_team_id": team,
            "description": "Doen " + aid, "status": status, "closed_on": closed_on,
            "due_on": due_on}


D = dt.date
FOLLOW_THROUGH = {
    "closed by the next session, the latest session left out": (
        [session("S1", "T1", D(2026, 9, 1)), session("S2", "T1", D(2026, 10, 1))],
        [action("A1", "S1", "T1", "done", D(2026, 9, 20)),
         action("A2", "S1", "T1", "dropped", D(2026, 10, 1)),   # on the day itself: in time
         action("A3", "S1", "T1", "done", D(2026, 10, 2)),      # a day late
         action("A4", "S1", "T1"),
         action("A5", "S2", "T1", "done", D(2026, 10, 5))],     # latest session: not yet
        AS_OF, None,
        {"T1": (4, 2)},
    ),
    "a team with one session has nothing measurable": (
        [session("S1", "T2", D(2026, 9, 1))],
        [action("A1", "S1", "T2", "done", D(2026, 9, 5))],
        AS_OF, None,
        {},
    ),
    "teams are measured against their own next session": (
        [session("S1", "T1", D(2026, 9, 1)), session("S2", "T2", D(2026, 9, 2)),
         session("S3", "T1", D(2026, 11, 1)), session("S4", "T2", D(2026, 9, 20))],
        [action("A1", "S1", "T1", "done", D(2026, 10, 20)),
         action("A2", "S2", "T2", "done", D(2026, 10, 20)),
         action("A3", "S2", "T2", "done", D(2026, 9, 10))],
        AS_OF, None,
        {"T1": (1, 1), "T2": (2, 1)},
    ),
    "as known on an earlier day: later sessions and closings do not exist yet": (
        [session("S1", "T1", D(2026, 9, 1)), session("S2", "T1", D(2026, 10, 1)),
         session("S3", "T1", D(2026, 11, 1))],
        [action("A1", "S1", "T1", "done", D(2026, 9, 15)),
         action("A2", "S2", "T1", "done", D(2026, 10, 20))],
        D(2026, 10, 15), None,
        {"T1": (1, 1)},
    ),
    "only sessions from the period's start count": (
        [session("S1", "T1", D(2026, 6, 1)), session("S2", "T1", D(2026, 9, 1)),
         session("S3", "T1", D(2026, 10, 1))],
        [action("A1", "S1", "T1"),
         action("A2", "S2", "T1", "done", D(2026, 9, 2))],
        AS_OF, D(2026, 8, 1),
        {"T1": (1, 1)},
    ),
}


@pytest.mark.parametrize(("sessions", "actions", "as_of", "start", "expected"),
                         FOLLOW_THROUGH.values(), ids=FOLLOW_THROUGH.keys())
def test_action_follow_through(con, sessions, actions, as_of, start, expected):
    stored(con, teams=TEAMS, sessions=sessions, actions=actions)
    per_team = metrics.action_follow_through(
        queries.team_sessions(con, as_of), queries.session_actions(con, as_of), start)
    found = {row.team_id: (row.measurable_actions, row.closed_in_time)
             for row in per_team.itertuples(index=False)}
    assert found == expected
    for row in per_team.itertuples(index=False):
        assert row.follow_through == pytest.approx(row.closed_in_time / row.measurable_actions)
    total = sum(n for n, _ in expected.values())
    share = metrics.follow_through_share(per_team)
    assert share == (None if total == 0 else
                     pytest.approx(sum(c for _, c in expected.values()) / total))


BREADTH = {
    "two of three recent sessions cover everything; an old one does not count": (
        [session("S1", "T1", AS_OF - 100 * DAY, "rcs"),
         session("S2", "T1", AS_OF - 89 * DAY, "rcs"),
         session("S3", "T1", AS_OF - 30 * DAY, "rc"),
         session("S4", "T1", AS_OF, "rcs")],
        {"T1": (3, 2)},
    ),
    "exactly 90 days back is outside the window": (
        [session("S1", "T2", AS_OF - 90 * DAY, "rcs"),
         session("S2", "T2", AS_OF - 10 * DAY, "r")],
        {"T2": (1, 0)},
    ),
    "per team": (
        [session("S1", "T1", AS_OF - 5 * DAY, "cs"),
         session("S2", "T2", AS_OF - 5 * DAY, "rcs"),
         session("S3", "T2", AS_OF + 5 * DAY, "r")],   # after the day of the view
        {"T1": (1, 0), "T2": (1, 1)},
    ),
}


@pytest.mark.parametrize(("sessions", "expected"), BREADTH.values(), ids=BREADTH.keys())
def test_team_breadth_agrees_with_reflection_breadth(con, sessions, expected):
    stored(con, teams=TEAMS, sessions=sessions)
    per_team = metrics.team_breadth(queries.team_sessions(con, AS_OF), AS_OF)
    found = {row.team_id: (row.recent_sessions, row.broad_sessions)
             for row in per_team.itertuples(index=False)}
    assert found == expected
    for row in per_team.itertuples(index=False):
        coverage = queries.session_coverage(con, AS_OF, team_id=row.team_id)
        assert row.breadth == pytest.approx(metrics.reflection_breadth(coverage))


def safety_sessions(team: str, scores: list[float | None]) -> pd.DataFrame:
    """One session a month for ``team``, with these safety scores (None = not scored)."""
    return pd.DataFrame({
        "session_id": [f"{team}-{n}" for n in range(len(scores))],
        "team_id": team,
        "held_on": [dt.date(2026, 1 + n, 10) for n in range(len(scores))],
        "safety": [float("nan") if s is None else s for s in scores],
    })


TRENDS = {
    "steady fall: the last four decide": ([3.5, 3.3, 2.8, 2.5, 2.3], 4, -0.33, True),
    "unscored sessions are skipped, not zero": ([4.0, None, 3.8, None, 3.6], 3, -0.2, True),
    "just at the threshold": ([3.3, 3.15, 3.0], 3, -0.15, True),
    "just above the threshold": ([3.3, 3.16, 3.02], 3, -0.14, False),
    "noise around a level": ([3.0, 3.1, 3.0, 3.2], 4, 0.05, False),
    "one bad session after a rise": ([3.0, 3.4, 3.8, 3.2], 4, 0.1, False),
    "two scores are too few for a trend": ([4.0, None, 3.0], 2, None, False),
}


@pytest.mark.parametrize(("scores", "used", "slope", "falling"), TRENDS.values(),
                         ids=TRENDS.keys())
def test_safety_trend(scores, used, slope, falling):
    trends = metrics.safety_trends(safety_sessions("T1", scores))
    row = trends.iloc[0]
    assert row["scored_sessions"] == used
    assert (row["safety_slope"] is None) if slope is None else (
        row["safety_slope"] == pytest.approx(slope))
    assert bool(row["falling_safety"]) is falling
    assert row["last_safety"] == [s for s in scores if s is not None][-1]


def test_teams_computed_together_get_the_trend_each_gets_alone():
    teams = {f"T{n}": scores for n, (scores, *_rest) in enumerate(TRENDS.values())}
    together = metrics.safety_trends(pd.concat(
        [safety_sessions(team, scores) for team, scores in teams.items()], ignore_index=True))
    alone = pd.concat([metrics.safety_trends(safety_sessions(team, scores))
                       for team, scores in teams.items()], ignore_index=True)
    assert list(together["team_id"]) == sorted(teams)
    pd.testing.assert_frame_equal(
        together.set_index("team_id").sort_index(),
        alone.set_index("team_id").sort_index().astype(together.dtypes.drop("team_id")),
        check_index_type=False)


def test_a_team_without_safety_scores_has_no_trend():
    trends = metrics.safety_trends(safety_sessions("T1", [None, None]))
    assert trends.empty


def test_trend_input_is_not_changed():
    sessions = safety_sessions("T1", [3.0, None, 2.0, 1.0])
    before = sessions.copy()
    metrics.safety_trends(sessions)
    pd.testing.assert_frame_equal(sessions, before)


QUIET = {
    "30 days ago is quiet": (30, True),
    "29 days ago is not": (29, False),
    "today is not": (0, False),
}


@pytest.mark.parametrize(("days", "quiet"), QUIET.values(), ids=QUIET.keys())
def test_quiet_teams(con, days, quiet):
    stored(con, teams=TEAMS, sessions=[session("S1", "T1", AS_OF - days * DAY)])
    overview = metrics.coach_overview(queries.team_roster(con), queries.team_sessions(con, AS_OF),
                                      queries.session_actions(con, AS_OF), AS_OF)
    row = overview.set_index("team_id").loc["T1"]
    assert row["days_since"] == days
    assert bool(row["quiet"]) is quiet
    assert row["attention"] == ((said("attention.quiet", days=days),) if quiet else ())
    never = overview.set_index("team_id").loc["T3"]
    assert (never["quiet"], never["attention"], never["sessions"]) == (
        True, (said("attention.never"),), 0)


def test_coach_overview_of_a_fixture_organisation(con):
    sessions = [
        session("S1", "T1", AS_OF - 120 * DAY, safety=4.0, ownership=3.0),
        session("S2", "T1", AS_OF - 80 * DAY, "rc"),
        session("S3", "T1", AS_OF - 60 * DAY, safety=3.6),
        session("S4", "T1", AS_OF - 20 * DAY, safety=3.2),
        session("S5", "T2", AS_OF - 45 * DAY, safety=3.0),
    ]
    actions = [action("A1", "S1", "T1", "done", AS_OF - 100 * DAY, due_on=AS_OF - 110 * DAY),
               action("A2", "S3", "T1", "dropped", AS_OF - 10 * DAY),   # after S4
               action("A3", "S3", "T1", "done", AS_OF - 25 * DAY),
               action("A4", "S5", "T2", due_on=AS_OF - DAY),            # open, a day late
               action("A5", "S5", "T2", due_on=AS_OF),                  # open, due today
               action("A6", "S4", "T1", due_on=AS_OF + 7 * DAY)]
    stored(con, teams=TEAMS, sessions=sessions, actions=actions)
    overview = metrics.coach_overview(
        queries.team_roster(con), queries.team_sessions(con, AS_OF),
        queries.session_actions(con, AS_OF), AS_OF, AS_OF - 90 * DAY,
    ).set_index("team_id")
    t1, t2 = overview.loc["T1"], overview.loc["T2"]
    assert (t1["sessions"], t1["last_session"], t1["days_since"]) == (3, AS_OF - 20 * DAY, 20)
    assert t1["breadth"] == pytest.approx(2 / 3)          # S2 skipped safety
    assert (t1["measurable_actions"], t1["follow_through"]) == (2, 0.5)   # S3's two only
    assert t1["safety_slope"] == pytest.approx(-0.4)      # 4.0, 3.6, 3.2
    assert (bool(t1["falling_safety"]), bool(t1["quiet"])) == (True, False)
    assert t1["attention"] == (said("attention.falling"),)
    assert (t2["measurable_actions"], pd.isna(t2["follow_through"])) == (0, True)
    assert (t1["overdue_actions"], t2["overdue_actions"]) == (0, 1)  # A1 was done, late
    assert pd.isna(t2["safety_slope"])
    assert t2["attention"] == (said("attention.quiet", days=45),)
    flagged = metrics.attention_teams(overview.reset_index())
    assert flagged["team_id"].to_list() == ["T3", "T2", "T1"]


def test_value_stream_and_team_filter_the_overview(con):
    stored(con, teams=TEAMS, sessions=[session("S1", "T1", AS_OF), session("S2", "T2", AS_OF)])
    burger = metrics.coach_overview(
        queries.team_roster(con, "Burger"), queries.team_sessions(con, AS_OF, "Burger"),
        queries.session_actions(con, AS_OF, "Burger"), AS_OF)
    assert burger["team_id"].to_list() == ["T2", "T3"]   # sorted by name
    one = queries.team_sessions(con, AS_OF, team_id="T1")
    assert one["session_id"].to_list() == ["S1"]


def test_latest_scores_skip_unscored_sessions():
    trends = pd.DataFrame({
        "measure": ["safety", "safety", "safety", "energy", "safety"],
        "on_date": pd.to_datetime(["2026-01-10", "2026-03-10", "2026-02-10", "2026-03-10",
                                   "2026-01-01"]),
        "series": ["Team", "Team", "Team", "Team", "Organisation median"],
        "score": [3.0, 2.5, 2.8, 4.0, 3.9],
        "sessions": [1, 1, 1, 1, 12],
    })
    latest = metrics.latest_scores(trends).fillna({"previous": 0.0})
    assert latest.to_dict("records") == [
        {"measure": "safety", "latest": 2.5, "previous": 2.8, "latest_on": dt.date(2026, 3, 10)},
        {"measure": "energy", "latest": 4.0, "previous": 0.0,   # none before it
         "latest_on": dt.date(2026, 3, 10)},
    ]


def test_score_trends_skip_nulls_and_give_quarter_medians(con):
    stored(con, teams=TEAMS, sessions=[
        session("S1", "T1", D(2026, 7, 5), "rc", collaboration=3.0, energy=4.0),
        session("S2", "T2", D(2026, 8, 5), safety=2.0, energy=3.0),
        session("S3", "T2", D(2026, 8, 20), safety=4.0, energy=2.0),
        session("S4", "T1", D(2026, 10, 2), safety=3.5),
        session("S5", "T3", D(2026, 9, 1), safety=5.0, energy=5.0),
    ])
    trends = queries.score_trends(con, "T1", AS_OF)
    team = trends[trends["series"] == "Team"]
    assert sorted(zip(team["measure"], team["score"], strict=True)) == [
        ("collaboration", 3.0), ("energy", 4.0), ("safety", 3.5)]
    org = trends[trends["series"] == "Organisation median"]
    medians = {(m, d.date()): score for m, d, score in
               zip(org["measure"], org["on_date"], org["score"], strict=True)}
    # a quarter's median only over at least three teams: no other team's score read back
    assert medians == {
        ("energy", D(2026, 7, 1)): 3.5,          # 4, 3, 2, 5 from T1, T2 and T3
    }


def test_the_demo_flags_exactly_its_quiet_and_falling_teams(con):
    demo_loaded(con, DEMO_DIR, DEMO_AS_OF)
    overview = metrics.coach_overview(
        queries.team_roster(con), queries.team_sessions(con, DEMO_AS_OF),
        queries.session_actions(con, DEMO_AS_OF), DEMO_AS_OF)
    assert set(overview.loc[overview["quiet"], "team_id"]) == {"SD-PAR", "BV-HRM"}
    assert set(overview.loc[overview["falling_safety"], "team_id"]) == {"BZ-KCC", "SD-WMO"}


@pytest.mark.parametrize("due_on, expected", [
    (D(2026, 11, 20), 7),
    (D(2026, 11, 26), 1),
    (D(2026, 11, 27), 0),
    (D(2026, 12, 4), 0),
    (None, 0),
], ids=["a week late", "one day late", "due today", "due next week", "no due date"])
def test_days_overdue(due_on, expected):
    actions = pd.DataFrame({"action_id": ["A1"], "due_on": [due_on]})
    assert metrics.days_overdue(actions, D(2026, 11, 27)).to_list() == [expected]


def test_days_overdue_leaves_the_actions_as_they_were():
    actions = pd.DataFrame({"action_id": ["A1", "A2"], "due_on": [D(2026, 1, 1), None]})
    before = actions.copy()
    assert metrics.days_overdue(actions, D(2026, 1, 3)).to_list() == [2, 0]
    pd.testing.assert_frame_equal(actions, before)


GROUP_CASES = {   # action id: (days its due date lies before AS_OF, None = no due date; group)
    "A1": (365, "long_overdue"), "A2": (91, "long_overdue"), "A3": (90, "overdue"),
    "A4": (1, "overdue"), "A5": (0, "due_soon"), "A6": (-14, "due_soon"),
    "A7": (-15, "later"), "A8": (None, "later"),
}


def test_open_actions_are_grouped_by_how_late_they_are_most_urgent_first():
    actions = pd.DataFrame({
        "action_id": list(reversed(GROUP_CASES)),
        "due_on": [None if late is None else AS_OF - dt.timedelta(days=late)
                   for late, _ in reversed(GROUP_CASES.values())],
    })
    grouped = metrics.action_groups(actions, AS_OF)
    assert list(grouped["action_id"]) == list(GROUP_CASES)
    assert list(grouped["group"]) == [group for _, group in GROUP_CASES.values()]
    assert list(grouped["days_overdue"]) == [max(late or 0, 0)
                                             for late, _ in GROUP_CASES.values()]
    assert list(grouped["group"].drop_duplicates()) == list(metrics.ACTION_GROUPS)

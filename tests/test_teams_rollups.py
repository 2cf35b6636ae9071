"""The Teams page's figures at the edges of the months and quarters its rollups count by: one
experiment of two teams, on the days either side of each boundary."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from alignment import queries
from alignment.scope import Scope
from tests.conftest import stored

# 2026-08-18 to 2026-11-15: period_start in the third quarter, as_of in the fourth
PERIOD = Scope(as_of=dt.date(2026, 11, 15), period="90d")
TEAMS = [{"team_id": t, "name": t, "value_stream": "S1"} for t in ("T1", "T2")]


def under_way(status: str, start: dt.date, end: dt.date | None, first: dt.date | None,
              last: dt.date) -> bool:
    """Whether the experiment was under way on a day from ``first`` to ``last``."""
    if start > last:
        return False
    return status == "running" or first is None or (end or start) >= first


@pytest.mark.parametrize(
    ("status", "start", "end"),
    [
        ("done", "2026-06-01", "2026-06-30"),
        ("done", "2026-06-01", "2026-07-01"),
        ("done", "2026-07-01", "2026-08-17"),
        ("done", "2026-08-01", "2026-08-18"),
        ("stopped", "2026-08-17", None),
        ("stopped", "2026-08-18", None),
        ("done", "2026-09-30", "2026-09-30"),
        ("done", "2026-09-30", "2026-10-01"),
        ("running", "2026-01-01", None),
        ("running", "2026-10-01", None),
        ("running", "2026-11-15", None),
        ("running", "2026-11-16", None),
        ("done", "2026-11-01", "2026-12-01"),
        ("done", "2026-12-01", "2026-12-02"),
    ],
)
@pytest.mark.parametrize("team_id", [None, "T2"], ids=["organisation", "partner team"])
def test_an_experiment_counts_for_its_teams_exactly_on_the_days_it_was_under_way(
        con, status, start, end, team_id):
    start, end = dt.date.fromisoformat(start), end and dt.date.fromisoformat(end)
    done = status == "done"
    stored(con, teams=TEAMS,
           experiments=[{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": status, "lean_lens": "flow",
                         "start_date": start, "end_date": end, "partner_teams": "T2",
                         "result": "validated" if done else None,
                         "observed": 1.0 if done else None,
                         "learning": "learnt" if done else None}])
    scope = dataclasses.replace(PERIOD, team_id=team_id)
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    counted = int(under_way(status, start, end, scope.start, scope.as_of))

    teams = queries.team_collaboration(*view)
    # a chosen team shows beside itself the teams it worked with in the period
    shown = ["T1", "T2"] if team_id is None or counted else ["T2"]
    assert teams[["team_id", "experiments", "shared_experiments"]].values.tolist() == [
        [team, counted, counted] for team in shown]
    assert queries.team_network_edges(*view).values.tolist() == [["T1", "T2", 1]] * counted
    quarters = queries.collaboration_by_quarter(*view)
    assert quarters["experiments"].tolist() == quarters["cross_team"].tolist() == [
        int(under_way(status, start, end, row.window_start.date(), row.window_end.date()))
        for row in quarters.itertuples()]

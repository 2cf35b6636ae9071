"""What the Overview and Strategy to Gemba show of the chain breaks — counts from SQL, the first
rows of each kind, every row on a download — equals the full list the pages computed before
(every orphan experiment read and worded), kept here as the oracle."""

from __future__ import annotations

import pandas as pd
import pytest

from alignment import charts, metrics, queries, views
from alignment.i18n import catalogue
from alignment.problems import said
from alignment.scope import Scope
from tests.conftest import AS_OF, stored
from tests.test_metrics_structure import NO_EXPERIMENTS, base_org, day, experiment, with_changes

COLUMNS = ["entity_id", "name", "detail"]
COLUMNS_OF_ROWS = ["break_type", "entity", *COLUMNS]

# Orphans and misaligned experiments of every team, of both streams, and one led by a team
# the teams table does not know (the Overview lists it; no cascade has its team in view).
BROKEN = with_changes(add_experiments=[
    experiment("E30", team="T4", product=None, goal=None, status="running", start=day(5)),
    experiment("E31", team="T1", product="P1", goal="G2", status="running", start=day(5)),
    experiment("E32", team="T2", product="P2", goal=None, start=day(40), end=day(20)),
    experiment("E33", team="T3", product=None, goal="G2", status="idea"),
    experiment("E34", team="T9", product=None, goal=None, status="idea"),
    experiment("E35", team="T1", product="P3", goal="G1", start=day(500), end=day(400)),
    experiment("E36", team="T1", product=None, goal="G1", status="running", start=day(3)),
    experiment("E37", team="T2", product="P1", goal="G2", status="idea"),
])

CASES = {
    "no experiments": (NO_EXPERIMENTS, {}, 2),
    "no experiment breaks": (base_org(), {}, 2),
    "every kind cut after two": (BROKEN, {}, 2),
    "every kind cut after one": (BROKEN, {}, 1),
    "fewer breaks than rows listed": (BROKEN, {}, 200),
    "one value stream": (BROKEN, {"value_stream": "S1"}, 1),
    "the other value stream": (BROKEN, {"value_stream": "S2"}, 1),
    "one team": (BROKEN, {"team_id": "T1"}, 1),
    "a team without experiment breaks": (BROKEN, {"team_id": "T4"}, 1),
}


def worded(breaks: pd.DataFrame) -> pd.DataFrame:
    """``breaks`` with every detail said in English, one by one."""
    return breaks.assign(detail=[detail.text("en") for detail in breaks["detail"]])


def every_break(con) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every break, every experiment link gap) the way the pages computed them before."""
    gaps = queries.experiment_link_gaps(con)
    breaks = metrics.chain_breaks(queries.goal_chain(con, AS_OF), queries.product_links(con),
                                  queries.team_links(con), gaps, views.value_gaps(con, AS_OF))
    return worded(breaks), gaps


def same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(found.reset_index(drop=True), expected.reset_index(drop=True),
                                  check_dtype=False)


@pytest.mark.parametrize(("org", "scope", "rows"), CASES.values(), ids=CASES.keys())
def test_the_overview_counts_and_lists_what_the_full_list_holds(con, org, scope, rows):
    stored(con, **org)
    full, _ = every_break(con)
    shown = views.breaks_by_type(con, AS_OF, "en", rows)
    same(shown.counts, metrics.break_counts(full))
    assert set(shown.by_type) == set(full["break_type"])
    for kind, found in shown.by_type.items():
        expected = full.loc[full["break_type"] == kind, COLUMNS]
        same(found, expected.head(rows))
        same(views.breaks_of_type(con, AS_OF, kind, "en"), expected)


@pytest.mark.parametrize(("org", "scope", "rows"), CASES.values(), ids=CASES.keys())
def test_the_cascade_counts_lists_and_draws_what_the_full_list_holds(con, org, scope, rows):
    stored(con, **org)
    chosen = Scope(as_of=AS_OF, **scope)
    view = (con, chosen.start, AS_OF, chosen.value_stream, chosen.team_id)
    goals, products = queries.cascade_goals(*view), queries.cascade_products(*view)
    work = queries.cascade_team_work(*view)
    full, gaps = every_break(con)
    in_view = metrics.breaks_in_view(full, gaps, goals["goal_id"], products["product_id"],
                                     work["team_id"])
    cascade = views.cascade(con, chosen, "en")
    same(cascade.break_counts, metrics.break_counts(in_view))
    for kind in metrics.BREAK_TYPES:
        expected = in_view[in_view["break_type"] == kind]
        if kind in metrics.EXPERIMENT_BREAK_TYPES:
            listed = views.first_experiment_breaks(con, chosen, kind, "en", rows)
            same(listed, expected[COLUMNS_OF_ROWS].head(rows))
        else:
            same(cascade.breaks[cascade.breaks["break_type"] == kind], expected)
        same(views.cascade_breaks(con, chosen, kind, "en"), expected)
    counted = in_view.groupby(["team_id", "break_type"]).size().rename("breaks").reset_index()
    progress = views.goal_values(con, AS_OF).goals[["goal_id", "progress", "trend"]]
    drawn = charts.cascade_graph(goals, queries.cascade_goal_links(*view), products, work,
                                 in_view, metrics.broken_experiments_by_team(counted),
                                 catalogue("en"), progress)
    same(views.cascade_links(con, chosen, "en"), charts.cascade_edge_table(*drawn))


@pytest.mark.parametrize("goal", ["G1", "G2", "A1", "G404"])
def test_a_goals_breaks_are_those_of_the_full_list(con, goal):
    stored(con, **BROKEN)
    full, gaps = every_break(con)
    expected = metrics.goal_breaks(full, gaps, goal,
                                   queries.goal_products(con, goal)["product_id"])
    same(views.goal_breaks(con, AS_OF, goal, "en"), expected)


def test_equal_details_of_different_objects_are_worded_alike():
    details = [said("break_detail.no_goal", team="T1") for _ in range(2)]
    breaks = pd.DataFrame({"break_type": "orphan_experiment", "detail": details})
    assert details[0] is not details[1]
    assert views._worded(breaks, "nl")["detail"].tolist() == [details[0].text("nl")] * 2

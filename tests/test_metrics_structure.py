"""The structure metrics: fixture organisations → the exact cascade, portfolio balance, lens
coverage, team network and collaboration figures expected."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import charts, metrics, queries
from alignment.i18n import catalogue
from tests.conftest import AS_OF, stored

EN = catalogue("en")  # the words the charts are drawn in


def day(days_back: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days_back)


QUARTER = day(89)  # first day of the 90-day period that ends on AS_OF


def experiment(eid, team="T1", product="P1", goal="G1", status="done", start=None, end=None,
               lens="flow", partners=None, disciplines=None, decision=None, decided=None):
    row = {"experiment_id": eid, "team_id": team, "title": "Proef " + eid,
           "hypothesis": "We believe", "status": status, "lean_lens": lens,
           "product_id": product, "goal_id": goal, "start_date": start, "end_date": end,
           "partner_teams": partners, "disciplines": disciplines, "decision": decision,
           "decision_date": decided}
    if status == "done":
        row.update(result="validated", observed=1.0, learning="Geleerd")
    return row


def base_org() -> dict[str, list[dict]]:
    """Two streams, four products, four teams and experiments placed around the 90-day period.

    In the 90 days up to AS_OF: P1 has E01, E02, E04, E07 (E01 and E04 running), P2 has E10
    and a stop decided on E11, P3 has nothing. E01, E04 and E10 are shared between teams.
    """
    return {
        "goals": [
            {"goal_id": "A1", "title": "Ambitie", "level": "ambition", "status": "active"},
            {"goal_id": "G1", "title": "Doel", "level": "goal", "status": "active",
             "parent_goal_id": "A1"},
            {"goal_id": "G2", "title": "Subdoel", "level": "objective", "status": "active",
             "parent_goal_id": "G1"},
        ],
        "products": [
            {"product_id": "P1", "name": "Parkeren", "value_stream": "S1", "lifecycle": "grow",
             "explore_target_pct": 30},
            {"product_id": "P2", "name": "Loket", "value_stream": "S1", "lifecycle": "sustain",
             "explore_target_pct": 10},
            {"product_id": "P3", "name": "Energie", "value_stream": "S2",
             "lifecycle": "explore", "explore_target_pct": 50},
        ],
        "product_goals": [
            {"product_id": "P1", "goal_id": "G1", "link_type": "contributes", "weight": 1.0},
            {"product_id": "P2", "goal_id": "G1", "link_type": "supports", "weight": 0.5},
            {"product_id": "P3", "goal_id": "G2", "link_type": "contributes", "weight": 1.0},
        ],
        "teams": [
            {"team_id": "T1", "name": "Team Een", "value_stream": "S1",
             "disciplines": "dev;design"},
            {"team_id": "T2", "name": "Team Twee", "value_stream": "S1", "disciplines": "data"},
            {"team_id": "T3", "name": "Team Drie", "value_stream": "S2",
             "disciplines": "business;support"},
            {"team_id": "T4", "name": "Team Vier", "value_stream": "S2", "disciplines": "ops"},
        ],
        "team_products": [
            {"team_id": "T1", "product_id": "P1", "role": "owner"},
            {"team_id": "T1", "product_id": "P2", "role": "contributor"},
            {"team_id": "T2", "product_id": "P2", "role": "owner"},
            {"team_id": "T3", "product_id": "P3", "role": "owner"},
        ],
        "experiments": [
            experiment("E01", status="running", start=day(10), lens="value", partners="T2",
                       disciplines="dev"),
            # ends on the first day of the period: still under way in it
            experiment("E02", start=day(120), end=day(89), disciplines="dev;design"),
            # ended the day before the period
            experiment("E03", start=day(200), end=day(90), partners="T4"),
            # running since long before the period: under way in every period since
            experiment("E04", status="running", start=day(300), lens="value", partners="T2;T3"),
            experiment("E05", status="idea", lens="value"),
            experiment("E06", status="running", start=AS_OF + dt.timedelta(days=1)),
            # stopped without an end date: counts on its start day only
            experiment("E07", status="stopped", start=day(30), lens="waste",
                       disciplines="dev;dev"),
            experiment("E08", status="stopped", start=day(100)),
            experiment("E10", team="T2", product="P2", start=day(60), end=day(40),
                       lens="learning", partners="T1", disciplines="data", decision="pivot",
                       decided=day(30)),
            # ended long ago, but stopped by a decision taken inside the period
            experiment("E11", team="T2", product="P2", start=day(200), end=day(150),
                       decision="stop", decided=day(80)),
            experiment("E12", team="T2", product="P2", start=day(300), end=day(250),
                       decision="pivot", decided=day(200)),
            experiment("E20", team="T3", product="P3", goal="G2", start=day(400), end=day(380)),
        ],
    }


def with_changes(**changes) -> dict[str, list[dict]]:
    """The base organisation with whole tables replaced, or rows appended (key ``add_table``)."""
    org = base_org()
    for key, rows in changes.items():
        if key.startswith("add_"):
            org[key[4:]] = org[key[4:]] + rows
        else:
            org[key] = rows
    return org


NO_EXPERIMENTS = with_changes(experiments=[])
# G3 is served by P4, but no team owns or contributes to P4.
GOAL_WITHOUT_TEAMS = with_changes(
    add_goals=[{"goal_id": "G3", "title": "Archief op orde", "level": "goal",
                "status": "active", "parent_goal_id": "A1"}],
    add_products=[{"product_id": "P4", "name": "Archief", "value_stream": "S1",
                   "lifecycle": "grow", "explore_target_pct": 20}],
    add_product_goals=[{"product_id": "P4", "goal_id": "G3", "link_type": "contributes"}],
)


# --- Portfolio: the balance per product -----------------------------------------------------

BALANCE_CASES = {
    "90 days": (base_org(), QUARTER, {}, {
        "P1": (4, 2, 0), "P2": (1, 0, 2), "P3": (0, 0, 0)}),
    "all time": (base_org(), None, {}, {
        "P1": (6, 2, 0), "P2": (3, 0, 3), "P3": (1, 0, 0)}),
    "value stream S2": (base_org(), QUARTER, {"value_stream": "S2"}, {"P3": (0, 0, 0)}),
    # E10 is T2's, with T1 as partner: T1 took part, so it counts, and so does its pivot
    "team T1 counts only the experiments it takes part in": (
        base_org(), QUARTER, {"team_id": "T1"}, {"P1": (4, 2, 0), "P2": (1, 0, 1)}),
    "team T2: its products plus the ones it partners on": (
        base_org(), QUARTER, {"team_id": "T2"}, {"P1": (2, 2, 0), "P2": (1, 0, 2)}),
    "no experiments at all": (NO_EXPERIMENTS, QUARTER, {}, {
        "P1": (0, 0, 0), "P2": (0, 0, 0), "P3": (0, 0, 0)}),
    "a goal with products but no teams": (GOAL_WITHOUT_TEAMS, QUARTER, {}, {
        "P1": (4, 2, 0), "P2": (1, 0, 2), "P3": (0, 0, 0), "P4": (0, 0, 0)}),
}


@pytest.mark.parametrize(("org", "start", "scope", "expected"), BALANCE_CASES.values(),
                         ids=BALANCE_CASES.keys())
def test_product_balance(con, org, start, scope, expected):
    stored(con, **org)
    found = queries.product_balance(con, start, AS_OF, **scope)
    assert {row.product_id: (row.experiments, row.running, row.direction_changes)
            for row in found.itertuples(index=False)} == expected


SIGNAL_CASES = {
    # P1 grow 30 %: 2 of 4 running = 50 % > 45 % → thrash
    "90 days": (base_org(), {"P1": (0.5, "thrash"), "P2": (0.0, "thrash and stagnation"),
                             "P3": (None, "stagnation")}),
    "no experiments at all": (NO_EXPERIMENTS, {"P1": (None, "stagnation"),
                                               "P2": (None, "balanced"),
                                               "P3": (None, "stagnation")}),
}


@pytest.mark.parametrize(("org", "expected"), SIGNAL_CASES.values(), ids=SIGNAL_CASES.keys())
def test_portfolio_signals_on_fixture_organisations(con, org, expected):
    stored(con, **org)
    balance = metrics.portfolio_balance(queries.product_balance(con, QUARTER, AS_OF))
    assert {row.product_id: (row.running_share, row.signal)
            for row in balance.itertuples(index=False)} == expected


def balance_row(lifecycle, target, experiments, running, changes=0) -> pd.DataFrame:
    return pd.DataFrame([{"product_id": "P", "name": "P", "value_stream": "S",
                          "lifecycle": lifecycle, "explore_target_pct": target,
                          "experiments": experiments, "running": running,
                          "direction_changes": changes}])


# (lifecycle, target %, experiments, running, pivots+stops) → (running share, thrash, stagnation)
THRESHOLDS = {
    "exactly 1.5 × target is not thrash": (("grow", 30, 20, 9, 0), (0.45, False, False)),
    "just above 1.5 × target is thrash": (("grow", 30, 20, 10, 0), (0.5, True, False)),
    "one running experiment never thrashes": (("sustain", 10, 5, 1, 0), (0.2, False, False)),
    "two running above 1.5 × target thrash": (("sustain", 10, 10, 2, 0), (0.2, True, False)),
    "exactly half the target is not stagnation": (("explore", 50, 8, 2, 0),
                                                  (0.25, False, False)),
    "below half the target is stagnation": (("explore", 50, 9, 2, 0), (2 / 9, False, True)),
    "sustain with two pivots or stops thrashes": (("sustain", 10, 10, 1, 2), (0.1, True, False)),
    "sustain with one pivot or stop does not": (("sustain", 10, 10, 1, 1), (0.1, False, False)),
    "grow with two pivots is not thrash": (("grow", 20, 10, 2, 2), (0.2, False, False)),
    "explore without experiments stagnates": (("explore", 50, 0, 0, 0), (None, False, True)),
    "grow without experiments stagnates": (("grow", 20, 0, 0, 0), (None, False, True)),
    "sustain without experiments is steady": (("sustain", 10, 0, 0, 0), (None, False, False)),
    "retire: any two running experiments thrash": (("retire", 0, 4, 2, 0), (0.5, True, False)),
    "retire without running experiments": (("retire", 0, 4, 0, 0), (0.0, False, False)),
    "no target: no share flag": (("grow", None, 10, 9, 0), (0.9, False, False)),
}


@pytest.mark.parametrize(("row", "expected"), THRESHOLDS.values(), ids=THRESHOLDS.keys())
def test_thrash_and_stagnation_thresholds(row, expected):
    result = metrics.portfolio_balance(balance_row(*row)).iloc[0]
    share, thrash, stagnation = expected
    assert result["running_share"] == (pytest.approx(share) if share is not None else None)
    assert (bool(result["thrash"]), bool(result["stagnation"])) == (thrash, stagnation)


def test_threshold_constants_are_the_documented_ones():
    assert (metrics.THRASH_FACTOR, metrics.STAGNATION_FACTOR, metrics.DIRECTION_CHANGE_LIMIT,
            metrics.THRASH_MIN_RUNNING) == (1.5, 0.5, 2, 2)
    assert metrics.STEADY_LIFECYCLES == ("sustain",)
    assert metrics.GROWING_LIFECYCLES == ("explore", "grow")


@pytest.mark.parametrize(
    ("row", "signal"),
    [(("grow", 30, 20, 10), "thrash"), (("explore", 50, 9, 2), "stagnation"),
     (("grow", 30, 10, 3), "balanced"), (("grow", None, 10, 3), "no target"),
     (("sustain", 10, 10, 0, 2), "thrash and stagnation")],
    ids=["thrash", "stagnation", "balanced", "no target", "both"],
)
def test_signal_names_the_flags(row, signal):
    assert metrics.portfolio_balance(balance_row(*row)).iloc[0]["signal"] == signal


def test_signal_counts_and_no_mutation(con):
    stored(con, **base_org())
    frame = queries.product_balance(con, QUARTER, AS_OF)
    before = frame.copy()
    balance = metrics.portfolio_balance(frame)
    assert frame.equals(before)
    assert metrics.signal_counts(balance) == {"thrash": 2, "stagnation": 2}


# --- Portfolio: lens coverage ---------------------------------------------------------------

LENS_CASES = {
    # every other cell of the 3 × 5 grid is 0
    "90 days": (base_org(), QUARTER, {}, {("P1", "value"): 2, ("P1", "waste"): 1,
                                          ("P1", "flow"): 1, ("P2", "learning"): 1}, 15, 4 / 15),
    "all time": (base_org(), None, {}, {("P1", "value"): 2, ("P1", "waste"): 1,
                                        ("P1", "flow"): 3, ("P2", "learning"): 1,
                                        ("P2", "flow"): 2, ("P3", "flow"): 1}, 15, 6 / 15),
    "value stream S1": (base_org(), QUARTER, {"value_stream": "S1"},
                        {("P1", "value"): 2, ("P1", "waste"): 1, ("P1", "flow"): 1,
                         ("P2", "learning"): 1}, 10, 4 / 10),
    "no experiments at all": (NO_EXPERIMENTS, QUARTER, {}, {}, 15, 0.0),
    "no products at all": (with_changes(products=[], product_goals=[], team_products=[],
                                        experiments=[]), QUARTER, {}, {}, 0, None),
}


@pytest.mark.parametrize(("org", "start", "scope", "nonzero", "cells", "coverage"),
                         LENS_CASES.values(), ids=LENS_CASES.keys())
def test_lens_counts_include_zeros(con, org, start, scope, nonzero, cells, coverage):
    stored(con, **org)
    found = queries.lens_counts(con, start, AS_OF, **scope)
    assert len(found) == cells
    assert {(r.product_id, r.lean_lens): r.experiments for r in found.itertuples(index=False)
            if r.experiments} == nonzero
    if cells:
        assert found["lean_lens"].iloc[:5].to_list() == [
            "value", "waste", "flow", "communication", "learning"]
    assert metrics.lens_coverage(found) == (pytest.approx(coverage) if coverage else coverage)


# --- Teams: network, isolated teams, collaboration ------------------------------------------

NETWORK_CASES = {
    "90 days": (base_org(), QUARTER, {},
                {("T1", "T2"): 3, ("T1", "T3"): 1, ("T2", "T3"): 1}, {"T4"}),
    "all time: E03 links T1 and T4": (base_org(), None, {},
                                      {("T1", "T2"): 3, ("T1", "T3"): 1, ("T2", "T3"): 1,
                                       ("T1", "T4"): 1}, set()),
    "value stream S2: nothing shared there": (base_org(), QUARTER, {"value_stream": "S2"},
                                               {}, {"T3", "T4"}),
    "team T3: only its own links": (base_org(), QUARTER, {"team_id": "T3"},
                                    {("T1", "T2"): 1, ("T1", "T3"): 1, ("T2", "T3"): 1}, set()),
    "no experiments at all": (NO_EXPERIMENTS, QUARTER, {}, {}, {"T1", "T2", "T3", "T4"}),
}


@pytest.mark.parametrize(("org", "start", "scope", "edges", "isolated"),
                         NETWORK_CASES.values(), ids=NETWORK_CASES.keys())
def test_team_network_and_isolated_teams(con, org, start, scope, edges, isolated):
    stored(con, **org)
    found = queries.team_network_edges(con, start, AS_OF, **scope)
    assert {(r.team_a, r.team_b): r.shared_experiments
            for r in found.itertuples(index=False)} == edges
    teams = queries.team_collaboration(con, start, AS_OF, **scope)
    assert set(metrics.isolated_teams(teams)["team_id"]) == isolated


def test_team_collaboration_counts_per_team(con):
    stored(con, **base_org())
    found = queries.team_collaboration(con, QUARTER, AS_OF)
    assert {r.team_id: (r.disciplines, r.experiments, r.shared_experiments)
            for r in found.itertuples(index=False)} == {
        "T1": ("design, dev", 5, 3), "T2": ("data", 3, 3), "T3": ("business, support", 1, 1),
        "T4": ("ops", 0, 0)}


def test_team_disciplines_grid(con):
    stored(con, **base_org())
    found = queries.team_disciplines(con, QUARTER, AS_OF, team_id="T1")
    assert len(found) == 6  # T1 × the six contract disciplines
    used = {r.discipline: (r.declared, r.experiments) for r in found.itertuples(index=False)}
    assert used == {"business": (False, 0), "data": (False, 1), "design": (True, 1),
                    "dev": (True, 3), "ops": (False, 0), "support": (False, 0)}


COLLABORATION_CASES = {
    # E01, E04, E10 cross-team; E02 cross-discipline; E07's "dev;dev" is one discipline
    "90 days": (base_org(), QUARTER, AS_OF, {}, (5, 3, 1, 4), 0.8),
    "the quarter before, for the Overview's comparison": (
        base_org(), day(179), day(90), {}, (5, 2, 1, 3), 0.6),
    "team T2": (base_org(), QUARTER, AS_OF, {"team_id": "T2"}, (3, 3, 0, 3), 1.0),
    "value stream S2": (base_org(), QUARTER, AS_OF, {"value_stream": "S2"}, (0, 0, 0, 0), None),
    "no experiments at all": (NO_EXPERIMENTS, QUARTER, AS_OF, {}, (0, 0, 0, 0), None),
}


@pytest.mark.parametrize(("org", "start", "as_of", "scope", "counts", "index"),
                         COLLABORATION_CASES.values(), ids=COLLABORATION_CASES.keys())
def test_collaboration_index(con, org, start, as_of, scope, counts, index):
    stored(con, **org)
    found = queries.collaboration_counts(con, start, as_of, **scope)
    assert tuple(found.iloc[0][["experiments", "cross_team", "cross_discipline",
                                "collaborative"]]) == counts
    assert metrics.collaboration_index(found) == (pytest.approx(index) if index else None)


QUARTER_CASES = {
    # Q3 window 2026-08-18..09-30: E02, E04, E10; Q4 2026-10-01..11-15: E01, E04, E07, E10
    "90 days": (base_org(), QUARTER, [("2026-Q3", 3, 2, 1, 1.0), ("2026-Q4", 4, 3, 0, 0.75)]),
    "no experiments at all, all time: one empty quarter": (
        NO_EXPERIMENTS, None, [("2026-Q4", 0, 0, 0, None)]),
}


@pytest.mark.parametrize(("org", "start", "expected"), QUARTER_CASES.values(),
                         ids=QUARTER_CASES.keys())
def test_collaboration_share_per_quarter(con, org, start, expected):
    stored(con, **org)
    by_quarter = queries.collaboration_by_quarter(con, start, AS_OF)
    shares = metrics.collaboration_shares(by_quarter)
    found = [(r.quarter, r.experiments, c.cross_team, c.cross_discipline, r.collaboration_index)
             for r, c in zip(shares.itertuples(index=False),
                             by_quarter.itertuples(index=False), strict=True)]
    assert found == [(q, n, t, d, pytest.approx(i) if i is not None else None)
                     for q, n, t, d, i in expected]


def test_the_last_quarter_equals_the_index_of_its_window(con):
    stored(con, **base_org())
    last = queries.collaboration_by_quarter(con, QUARTER, AS_OF).iloc[-1]
    window = queries.collaboration_counts(con, last["window_start"].date(), AS_OF)
    assert metrics.collaboration_index(window) == pytest.approx(last["collaborative"]
                                                                / last["experiments"])


# --- Strategy to Gemba: the cascade ---------------------------------------------------------

CASCADE_CASES = {
    "everything": (base_org(), {}, {"A1", "G1", "G2"}, {"P1", "P2", "P3"},
                   {("T1", "P1", "owner", 4, 2, 1), ("T1", "P2", "contributor", 0, 0, 0),
                    ("T2", "P2", "owner", 1, 0, 1), ("T3", "P3", "owner", 0, 0, 0),
                    ("T4", None, None, 0, 0, 0)}),
    "value stream S1: its goals and their ambition": (
        base_org(), {"value_stream": "S1"}, {"A1", "G1"}, {"P1", "P2"},
        {("T1", "P1", "owner", 4, 2, 1), ("T1", "P2", "contributor", 0, 0, 0),
         ("T2", "P2", "owner", 1, 0, 1)}),
    "team T3": (base_org(), {"team_id": "T3"}, {"A1", "G1", "G2"}, {"P3"},
                {("T3", "P3", "owner", 0, 0, 0)}),
    "an orphan experiment stays with its team": (
        with_changes(add_experiments=[experiment("E30", team="T4", product=None, goal=None,
                                                 status="running", start=day(5))]),
        {"team_id": "T4"}, set(), set(), {("T4", None, None, 1, 1, 0)}),
    "no experiments at all": (NO_EXPERIMENTS, {"value_stream": "S2"}, {"A1", "G1", "G2"},
                              {"P3"}, {("T3", "P3", "owner", 0, 0, 0),
                                       ("T4", None, None, 0, 0, 0)}),
}


def none_for_nan(value):
    return None if pd.isna(value) else value


@pytest.mark.parametrize(("org", "scope", "goals", "products", "work"), CASCADE_CASES.values(),
                         ids=CASCADE_CASES.keys())
def test_cascade_in_view(con, org, scope, goals, products, work):
    stored(con, **org)
    assert set(queries.cascade_goals(con, QUARTER, AS_OF, **scope)["goal_id"]) == goals
    assert set(queries.cascade_products(con, QUARTER, AS_OF, **scope)["product_id"]) == products
    found = queries.cascade_team_work(con, QUARTER, AS_OF, **scope)
    assert {(r.team_id, none_for_nan(r.product_id), none_for_nan(r.role), r.experiments,
             r.running, r.done) for r in found.itertuples(index=False)} == work


def cascade_of(con, scope: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(breaks in view, nodes, edges) of the cascade, exactly as the Strategy page builds it."""
    args = (con, QUARTER, AS_OF, scope.get("value_stream"), scope.get("team_id"))
    goals, products = queries.cascade_goals(*args), queries.cascade_products(*args)
    work = queries.cascade_team_work(*args)
    gaps = queries.experiment_link_gaps(con)
    breaks = metrics.breaks_in_view(
        metrics.chain_breaks(queries.goal_chain(con, AS_OF), queries.product_links(con),
                             queries.team_links(con), gaps),
        gaps, goals["goal_id"], products["product_id"], work["team_id"])
    counted = breaks.groupby(["team_id", "break_type"]).size().rename("breaks").reset_index()
    nodes, edges = charts.cascade_graph(goals, queries.cascade_goal_links(*args), products,
                                        work, breaks,
                                        metrics.broken_experiments_by_team(counted), EN)
    return breaks, nodes, edges


BREAKS_IN_VIEW = {
    "everything": (base_org(), {}, {("team_without_product", "T4"),
                                    ("goal_without_experiment", "G2")}),
    "value stream S1 hides S2's breaks": (base_org(), {"value_stream": "S1"}, set()),
    "a goal with products but no teams": (
        GOAL_WITHOUT_TEAMS, {}, {("team_without_product", "T4"),
                                 ("goal_without_experiment", "G2"),
                                 ("goal_without_experiment", "G3"),
                                 ("product_without_owner", "P4")}),
    "orphan and misaligned experiments go with their lead team": (
        with_changes(add_experiments=[
            experiment("E30", team="T4", product=None, goal=None, status="running",
                       start=day(5)),
            experiment("E31", team="T1", product="P1", goal="G2", status="running",
                       start=day(5))]),
        {"team_id": "T1"}, {("misaligned_experiment", "E31")}),
}


@pytest.mark.parametrize(("org", "scope", "expected"), BREAKS_IN_VIEW.values(),
                         ids=BREAKS_IN_VIEW.keys())
def test_breaks_in_view(con, org, scope, expected):
    stored(con, **org)
    breaks, _, _ = cascade_of(con, scope)
    assert set(zip(breaks["break_type"], breaks["entity_id"], strict=True)) == expected


def test_cascade_graph_marks_missing_links(con):
    stored(con, **GOAL_WITHOUT_TEAMS)
    _, nodes, edges = cascade_of(con, {})
    states = dict(zip(nodes["node_id"], nodes["state"], strict=True))
    assert states["no-owner:P4"] == "missing"
    assert states["no-product:team:T4"] == "missing"
    assert states["goal:G2"] == "warning"  # no experiment started in 90 days
    assert states["team:T4"] == "broken"
    assert states["goal:G1"] == states["product:P1"] == "ok"
    links = {(e.source, e.target): (e.kind, e.label, e.broken)
             for e in edges.itertuples(index=False)}
    assert links[("goal:A1", "goal:G1")] == ("parent", "", False)
    assert links[("goal:G3", "product:P4")] == ("contributes", "", False)
    assert links[("product:P4", "no-owner:P4")] == ("missing", "", True)
    assert links[("product:P1", "team:T1")] == ("owner", "4", False)
    assert links[("team:T1", "work:T1")] == ("work", "", False)
    work = nodes.set_index("node_id")["label"]
    assert work["work:T1"] == "4 experiments\\n2 running · 1 done"
    assert "work:T3" not in work  # no experiment in the period: no experiments box


def test_cascade_graph_of_a_goal_without_product(con):
    stored(con, **with_changes(add_goals=[{"goal_id": "G4", "title": "Nieuw doel",
                                           "level": "goal", "status": "active",
                                           "parent_goal_id": "A1"}]))
    _, nodes, edges = cascade_of(con, {})
    states = dict(zip(nodes["node_id"], nodes["state"], strict=True))
    assert (states["goal:G4"], states["no-product:goal:G4"]) == ("broken", "missing")
    broken = edges[edges["broken"]]
    assert ("goal:G4", "no-product:goal:G4") in set(zip(broken["source"], broken["target"],
                                                        strict=True))


def test_cascade_dot_draws_breaks_red_and_dashed(con):
    stored(con, **GOAL_WITHOUT_TEAMS)
    _, nodes, edges = cascade_of(con, {})
    dot = charts.cascade_dot(nodes, edges)
    assert dot.startswith("digraph cascade {") and dot.endswith("}")
    assert '"product:P4" -> "no-owner:P4" [color="#c62828"' in dot
    assert "style=dashed" in dot
    assert '"product:P1" -> "team:T1" [color="#1f4e79", penwidth=1.6, label="4"];' in dot
    # one column per layer: ambition, goal, objective, product, team, experiments
    assert dot.count("rank=same") == 6


def test_cascade_graph_of_an_orphan_experiment(con):
    stored(con, **with_changes(add_experiments=[
        experiment("E30", team="T4", product=None, goal=None, status="running",
                   start=day(5))]))
    _, nodes, edges = cascade_of(con, {"team_id": "T4"})
    labels = nodes.set_index("node_id")["label"]
    assert labels["off-chain:T4"] == "experiments off the chain\\n1 orphan · 0 misaligned"
    assert labels["work:T4"] == "1 experiment\\n1 running · 0 done"
    assert ("team:T4", "off-chain:T4") in set(zip(edges["source"], edges["target"],
                                                    strict=True))


def test_dot_labels_escape_quotes():
    goals = pd.DataFrame([{"goal_id": "G1", "title": 'Say "hi" \\ bye', "level": "goal",
                           "parent_goal_id": None}])
    empty = pd.DataFrame(columns=["team_id", "name", "product_id", "role", "experiments",
                                  "running", "done"])
    nodes, edges = charts.cascade_graph(
        goals, pd.DataFrame(columns=["goal_id", "product_id", "link_type", "weight"]),
        pd.DataFrame(columns=["product_id", "name", "value_stream", "lifecycle"]), empty,
        pd.DataFrame(columns=[*metrics.BREAK_COLUMNS, "team_id"]),
        pd.DataFrame(columns=["team_id", "orphan_experiments", "misaligned_experiments"]), EN)
    # wrapped short for a readable size: the line breaks at the space after the backslash
    assert 'label="G1\\nSay \\"hi\\" \\\\\\nbye"' in charts.cascade_dot(nodes, edges)


@pytest.mark.parametrize(("title", "lines"), [
    ("Inwoners regelen zaken digitaal in één keer goed",
     ["Inwoners regelen", "zaken digitaal", "in één keer goed"]),
    ("Klantcontactcentrumvernieuwing nu", ["Klantcontactcentrumvernieuwing", "nu"]),
], ids=["wrapped at spaces", "a long word kept whole"])
def test_cascade_boxes_wrap_short_lines(title, lines):
    goals = pd.DataFrame([{"goal_id": "G1", "title": title, "level": "goal",
                           "parent_goal_id": None}])
    nodes, _ = charts.cascade_graph(
        goals, pd.DataFrame(columns=["goal_id", "product_id", "link_type", "weight"]),
        pd.DataFrame(columns=["product_id", "name", "value_stream", "lifecycle"]),
        pd.DataFrame(columns=["team_id", "name", "product_id", "role", "experiments",
                              "running", "done"]),
        pd.DataFrame(columns=[*metrics.BREAK_COLUMNS, "team_id"]),
        pd.DataFrame(columns=["team_id", "orphan_experiments", "misaligned_experiments"]), EN)
    assert nodes.set_index("node_id").at["goal:G1", "label"].split("\\n") == ["G1", *lines]


def test_only_goal_boxes_link_to_their_close_up(con):
    stored(con, **GOAL_WITHOUT_TEAMS)
    _, nodes, edges = cascade_of(con, {})
    dot = charts.cascade_dot(nodes, edges, "?lang=nl&goal=")
    linked = [line for line in dot.splitlines() if "URL=" in line]
    goals = nodes.loc[nodes["node_id"].str.startswith("goal:"), "node_id"]
    assert len(linked) == len(goals) > 0
    for node_id in goals:
        goal_id = node_id.removeprefix("goal:")
        assert any(line.strip().startswith(f'"{node_id}"')
                   and f'URL="?lang=nl&goal={goal_id}", target="_self"' in line
                   for line in linked)
    assert "URL=" not in charts.cascade_dot(nodes, edges)


def test_team_network_dot_weights_and_isolated(con):
    stored(con, **base_org())
    teams = queries.team_collaboration(con, QUARTER, AS_OF)
    edges = metrics.links_with_hand_overs(queries.team_network_edges(con, QUARTER, AS_OF),
                                          queries.team_hand_overs(con, QUARTER, AS_OF))
    dot = charts.team_network_dot(teams, edges, EN)
    assert dot.startswith("graph teams {")
    assert '"T1" -- "T2" [penwidth=4, label="3"];' in dot
    assert '"T1" -- "T3" [penwidth=1, label="1"];' in dot
    assert "->" not in dot  # undirected
    isolated = next(line for line in dot.splitlines() if line.strip().startswith('"T4" ['))
    assert "dashed" in isolated
    table = charts.network_edge_table(teams, edges)
    assert table.iloc[0].to_list() == ["T1", "Team Een", "T2", "Team Twee", 3, 0]


# --- Strategy to Gemba: one goal drilled into -----------------------------------------------

DRILL_CASES = {
    "G1 in 90 days": (base_org(), "G1", QUARTER, {}, {"P1", "P2"},
                      {("T1", "P1"), ("T1", "P2"), ("T2", "P2")},
                      {"E01", "E02", "E04", "E07", "E10"}, {"E10", "E11"}),
    "G1 for team T2": (base_org(), "G1", QUARTER, {"team_id": "T2"}, {"P2"}, {("T2", "P2")},
                       {"E01", "E04", "E10"}, {"E10", "E11"}),
    "G1 all time": (base_org(), "G1", None, {}, {"P1", "P2"},
                    {("T1", "P1"), ("T1", "P2"), ("T2", "P2")},
                    {"E01", "E02", "E03", "E04", "E07", "E08", "E10", "E11", "E12"},
                    {"E10", "E11", "E12"}),
    "a goal with products but no teams": (GOAL_WITHOUT_TEAMS, "G3", QUARTER, {}, {"P4"},
                                          set(), set(), set()),
    "no experiments at all": (NO_EXPERIMENTS, "G2", QUARTER, {}, {"P3"}, {("T3", "P3")},
                              set(), set()),
}


@pytest.mark.parametrize(("org", "goal", "start", "scope", "products", "teams", "experiments",
                          "decisions"), DRILL_CASES.values(), ids=DRILL_CASES.keys())
def test_goal_drill_down(con, org, goal, start, scope, products, teams, experiments,
                         decisions):
    stored(con, **org)
    stream, team = scope.get("value_stream"), scope.get("team_id")
    assert set(queries.goal_products(con, goal, stream, team)["product_id"]) == products
    found = queries.goal_teams(con, goal, stream, team)
    assert set(zip(found["team_id"], found["product_id"], strict=True)) == teams
    assert set(queries.goal_experiments(con, goal, start, AS_OF, stream, team)
               ["experiment_id"]) == experiments
    assert set(queries.goal_decisions(con, goal, start, AS_OF, stream, team)
               ["experiment_id"]) == decisions


def test_goal_product_matrix_has_every_pair(con):
    stored(con, **base_org())
    matrix = queries.goal_product_matrix(con, QUARTER, AS_OF)
    assert len(matrix) == 2 * 3  # G1 and G2 (ambitions are left out) × three products
    links = {(r.goal_id, r.product_id): r.link_type for r in matrix.itertuples(index=False)}
    assert links[("G1", "P1")] == "contributes"
    assert links[("G1", "P2")] == "supports"
    assert links[("G2", "P1")] == "none"


def test_goal_choices_put_active_goals_first(con):
    stored(con, **with_changes(add_goals=[{"goal_id": "G0", "title": "Oud", "level": "goal",
                                           "status": "closed"}]))
    assert queries.goal_choices(con)["goal_id"].to_list() == ["G1", "G2", "A1", "G0"]


# --- Charts: every builder turns its frame into a valid Vega-Lite spec ----------------------

def test_altair_builders_produce_specs(con):
    stored(con, **base_org())
    view = (con, QUARTER, AS_OF)
    balance = metrics.portfolio_balance(queries.product_balance(*view))
    shares = metrics.collaboration_shares(queries.collaboration_by_quarter(*view))
    for chart in (charts.goal_product_heatmap(queries.goal_product_matrix(*view), EN),
                  charts.balance_chart(balance, EN),
                  charts.lens_heatmap(queries.lens_counts(*view), EN),
                  charts.discipline_heatmap(queries.team_disciplines(*view), EN),
                  charts.collaboration_trend_chart(shares, EN)):
        spec = chart.to_dict()
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


GOAL_BREAKS = pd.DataFrame([
    ("goal_without_product", "goal", "G1", "Doel een", "goal"),
    ("goal_without_experiment", "goal", "G2", "Doel twee", "goal"),
    ("product_without_owner", "product", "P1", "Parkeren", "stream S1"),
    ("product_without_goal", "product", "P9", "Los product", "stream S1"),
    ("team_without_product", "team", "T4", "Team vier", "stream S2"),
    ("orphan_experiment", "experiment", "E1", "Zonder product", "no product"),
    ("misaligned_experiment", "experiment", "E2", "Scheef", "P1 does not serve G2"),
    ("orphan_experiment", "experiment", "E3", "Nergens", "no goal, no product"),
], columns=metrics.BREAK_COLUMNS)
GAPS = pd.DataFrame([("E1", "T1", "G2", None, False), ("E2", "T1", "G2", "P1", False),
                     ("E3", "T4", None, None, False)],
                    columns=["experiment_id", "team_id", "goal_id", "product_id",
                             "product_serves_goal"])


@pytest.mark.parametrize(("goal", "products", "expected"), [
    ("G1", [], ["G1"]),
    ("G2", ["P1"], ["G2", "P1", "E1", "E2"]),
    ("G3", ["P2"], []),
], ids=["its own break", "its own, its product's and its experiments'", "nothing touches it"])
def test_goal_breaks(goal, products, expected):
    found = metrics.goal_breaks(GOAL_BREAKS, GAPS, goal, products)
    assert found["entity_id"].to_list() == expected
    assert list(found.columns) == metrics.BREAK_COLUMNS

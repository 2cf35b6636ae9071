"""Break detection and chain completeness: fixture organisations → the exact breaks expected."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import metrics, queries
from tests.conftest import AS_OF, stored

DAY = dt.timedelta(days=1)


def clean_org() -> dict[str, list[dict]]:
    """One ambition, one goal served by one owned product, one recent experiment: no break."""
    return {
        "goals": [
            {"goal_id": "A1", "title": "Ambitie", "level": "ambition", "status": "active"},
            {"goal_id": "G1", "title": "Doel", "level": "goal", "status": "active",
             "parent_goal_id": "A1"},
        ],
        "products": [{"product_id": "P1", "name": "Parkeren", "value_stream": "Ruimte",
                      "lifecycle": "grow"}],
        "product_goals": [{"product_id": "P1", "goal_id": "G1", "link_type": "contributes"}],
        "teams": [{"team_id": "T1", "name": "Team Parkeren", "value_stream": "Ruimte"}],
        "team_products": [{"team_id": "T1", "product_id": "P1", "role": "owner"}],
        "experiments": [experiment("E1", start=AS_OF - 10 * DAY)],
    }


def experiment(eid, team="T1", product="P1", goal="G1", start=AS_OF - 10 * DAY):
    return {"experiment_id": eid, "team_id": team, "title": "Proef " + eid,
            "hypothesis": "We believe", "status": "running", "lean_lens": "flow",
            "product_id": product, "goal_id": goal, "start_date": start}


def with_changes(**changes) -> dict[str, list[dict]]:
    """The clean organisation with whole tables replaced or rows appended (key ``+table``)."""
    org = clean_org()
    for key, rows in changes.items():
        if key.startswith("add_"):
            org[key[4:]] = org[key[4:]] + rows
        else:
            org[key] = rows
    return org


def found_breaks(con, org) -> set[tuple[str, str]]:
    stored(con, **org)
    breaks = metrics.chain_breaks(
        queries.goal_chain(con, AS_OF),
        queries.product_links(con),
        queries.team_links(con),
        queries.experiment_link_gaps(con),
    )
    return set(zip(breaks["break_type"], breaks["entity_id"], strict=True))


CASES = {
    "clean organisation": (clean_org(), set()),
    "goal_without_product": (
        with_changes(add_goals=[{"goal_id": "G2", "title": "Nieuw doel", "level": "goal",
                                 "status": "active", "parent_goal_id": "A1"}]),
        {("goal_without_product", "G2"), ("goal_without_experiment", "G2")},
    ),
    "product_without_goal": (
        with_changes(
            add_products=[{"product_id": "P2", "name": "Loket", "value_stream": "Burger",
                           "lifecycle": "sustain"}],
            add_team_products=[{"team_id": "T1", "product_id": "P2", "role": "owner"}],
        ),
        {("product_without_goal", "P2")},
    ),
    "product_without_owner": (
        with_changes(
            add_products=[{"product_id": "P2", "name": "Loket", "value_stream": "Burger",
                           "lifecycle": "sustain"}],
            add_product_goals=[{"product_id": "P2", "goal_id": "G1", "link_type": "supports"}],
            add_team_products=[{"team_id": "T1", "product_id": "P2", "role": "contributor"}],
        ),
        {("product_without_owner", "P2")},
    ),
    "product_with_several_owners": (
        with_changes(
            add_teams=[{"team_id": "T2", "name": "Team Twee", "value_stream": "Ruimte"}],
            add_team_products=[{"team_id": "T2", "product_id": "P1", "role": "owner"}],
        ),
        {("product_with_several_owners", "P1")},
    ),
    "team_without_product": (
        with_changes(add_teams=[{"team_id": "T2", "name": "Team Twee", "value_stream": "X"}]),
        {("team_without_product", "T2")},
    ),
    "goal_without_experiment: last one started 90 days ago": (
        with_changes(experiments=[experiment("E1", start=AS_OF - 90 * DAY)]),
        {("goal_without_experiment", "G1")},
    ),
    "goal_without_experiment: no experiment at all": (
        with_changes(experiments=[]),
        {("goal_without_experiment", "G1")},
    ),
    "experiment started 89 days ago still counts": (
        with_changes(experiments=[experiment("E1", start=AS_OF - 89 * DAY)]),
        set(),
    ),
    "experiment starting after the day of the view does not count": (
        with_changes(experiments=[experiment("E1", start=AS_OF + DAY)]),
        {("goal_without_experiment", "G1")},
    ),
    "orphan_experiment: no goal": (
        with_changes(add_experiments=[experiment("E2", goal=None)]),
        {("orphan_experiment", "E2")},
    ),
    "orphan_experiment: no product": (
        with_changes(add_experiments=[experiment("E2", product=None)]),
        {("orphan_experiment", "E2")},
    ),
    "orphan_experiment: neither": (
        with_changes(add_experiments=[experiment("E2", product=None, goal=None)]),
        {("orphan_experiment", "E2")},
    ),
    "misaligned_experiment": (
        with_changes(
            add_goals=[{"goal_id": "G2", "title": "Ander doel", "level": "objective",
                        "status": "active", "parent_goal_id": "G1"}],
            add_products=[{"product_id": "P2", "name": "Loket", "value_stream": "Ruimte",
                           "lifecycle": "grow"}],
            add_product_goals=[{"product_id": "P2", "goal_id": "G2", "link_type": "supports"}],
            add_team_products=[{"team_id": "T1", "product_id": "P2", "role": "owner"}],
            add_experiments=[experiment("E2", product="P2", goal="G2"),
                             experiment("E3", product="P1", goal="G2")],
        ),
        {("misaligned_experiment", "E3")},
    ),
    "draft and closed goals and ambitions need no chain": (
        with_changes(add_goals=[
            {"goal_id": "G2", "title": "Concept", "level": "goal", "status": "draft"},
            {"goal_id": "G3", "title": "Klaar", "level": "goal", "status": "closed"},
            {"goal_id": "A2", "title": "Tweede ambitie", "level": "ambition", "status": "active"},
        ]),
        set(),
    ),
}


@pytest.mark.parametrize(("org", "expected"), CASES.values(), ids=CASES.keys())
def test_breaks(con, org, expected):
    assert found_breaks(con, org) == expected


@pytest.mark.parametrize(
    ("org", "expected"),
    [
        (clean_org(), 1.0),
        (with_changes(experiments=[]), 0.0),
        (with_changes(add_goals=[{"goal_id": "G2", "title": "Nieuw", "level": "goal",
                                  "status": "active"}]), 0.5),
        # a product serving the goal but owned by nobody breaks the chain too
        (with_changes(team_products=[{"team_id": "T1", "product_id": "P1",
                                      "role": "contributor"}]), 0.0),
        (with_changes(goals=[{"goal_id": "A1", "title": "Ambitie", "level": "ambition",
                              "status": "active"}]), None),
    ],
    ids=["complete", "no experiment", "one of two", "no owner", "no active goal"],
)
def test_chain_completeness(con, org, expected):
    stored(con, **org)
    assert metrics.chain_completeness(queries.goal_chain(con, AS_OF)) == expected


def test_break_counts_list_every_type_in_chain_order():
    breaks = metrics.chain_breaks(
        *[pd.DataFrame(columns=c) for c in (
            ["goal_id", "title", "level", "products", "owned_products", "recent_experiments"],
            ["product_id", "name", "value_stream", "lifecycle", "goals", "owners", "owner_ids"],
            ["team_id", "name", "value_stream", "products"],
            ["experiment_id", "team_id", "title", "product_id", "goal_id",
             "product_serves_goal"],
        )]
    )
    counts = metrics.break_counts(breaks)
    assert counts["break_type"].to_list() == list(metrics.BREAK_TYPES)
    assert counts["breaks"].sum() == 0


def test_chain_breaks_does_not_change_its_input(con):
    stored(con, **with_changes(add_experiments=[experiment("E2", goal=None)]))
    gaps = queries.experiment_link_gaps(con)
    before = gaps.copy()
    metrics.chain_breaks(queries.goal_chain(con, AS_OF), queries.product_links(con),
                         queries.team_links(con), gaps)
    assert gaps.equals(before)


@pytest.mark.parametrize(("lang", "details"), [
    ("en", {"goal_without_product": "goal: no product serves it",
            "orphan_experiment": "team T1: no goal and no product"}),
    ("nl", {"goal_without_product": "doel: geen product dient het",
            "orphan_experiment": "team T1: geen doel en geen product"}),
], ids=["English", "Dutch"])
def test_break_details_are_said_in_the_readers_language(lang, details):
    goal_chain = pd.DataFrame({"goal_id": ["G1"], "title": ["Goal"], "level": ["goal"],
                               "products": [0], "owned_products": [0],
                               "recent_experiments": [1]})
    gaps = pd.DataFrame({"experiment_id": ["E1"], "title": ["Exp"], "team_id": ["T1"],
                         "goal_id": [None], "product_id": [None],
                         "product_serves_goal": [False]})
    no_links = pd.DataFrame(columns=["product_id", "name", "value_stream", "goals", "owners",
                                     "owner_ids"])
    no_teams = pd.DataFrame(columns=["team_id", "name", "value_stream", "products"])
    breaks = metrics.chain_breaks(goal_chain, no_links, no_teams, gaps)
    said = [detail.text(lang) for detail in breaks["detail"]]
    assert dict(zip(breaks["break_type"], said, strict=True)) == details

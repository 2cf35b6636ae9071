"""Value realisation metrics: attainment per direction, progress rolled up, staleness, trend and
the four value breaks, on hand-made tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alignment import metrics
from alignment.metrics.value import (
    MANY_EXPERIMENTS,
    MOVED_SHARE,
    STALE_AFTER_DAYS,
)
from alignment.scope import QUARTER_DAYS

AS_OF = dt.date(2026, 11, 15)
WINDOW_START = AS_OF - dt.timedelta(days=QUARTER_DAYS)


@pytest.mark.parametrize(("baseline", "target", "value", "expected"), [
    (60, 80, 70, 0.5),  # higher is better, half way
    (60, 80, 80, 1.0),
    (60, 80, 90, 1.5),  # beyond the target
    (60, 80, 50, -0.5),  # the wrong way
    (20, 10, 15, 0.5),  # lower is better: falling is progress
    (20, 10, 25, -0.5),  # lower is better, rising is the wrong way
    (20, 10, 5, 1.5),
    (20, 10, None, None),  # no check-in yet
])
def test_attainment_per_direction(baseline, target, value, expected):
    assert metrics.attainment(baseline, target, value) == pytest.approx(expected) \
        if expected is not None else metrics.attainment(baseline, target, value) is None


@pytest.mark.parametrize(("share", "expected"), [
    (1.5, 1.0), (1.0, 1.0), (0.42, 0.42), (0.0, 0.0), (-0.5, 0.0), (None, None),
])
def test_progress_is_attainment_capped(share, expected):
    assert metrics.capped(share) == expected


@pytest.mark.parametrize(("values", "weights", "expected"), [
    ([0.2, 0.8], None, 0.5),
    ([0.2, 0.8], [1, 3], 0.65),
    ([0.2, 0.8], [None, 3], 0.65),  # a link without a weight counts 1
    ([0.2, 0.8], [0, 0], 0.5),  # every weight 0: alike
    ([0.2, 0.8], [0, 1], 0.8),
    ([0.4], [2.0], 0.4),
    ([], None, None),
])
def test_rollup_with_and_without_weights(values, weights, expected):
    found = metrics.rolled_up(values, weights)
    assert found == (pytest.approx(expected) if expected is not None else None)


@given(st.lists(st.tuples(st.floats(0, 1), st.one_of(st.none(), st.floats(0, 10))),
                min_size=1, max_size=12))
def test_rolled_up_progress_lies_between_the_children(children):
    values = [value for value, _ in children]
    found = metrics.rolled_up(values, [weight for _, weight in children])
    assert min(values) <= found <= max(values)


@pytest.mark.parametrize(("change", "expected"), [
    (MOVED_SHARE, "up"), (0.3, "up"), (MOVED_SHARE / 2, "flat"), (0.0, "flat"),
    (-MOVED_SHARE / 2, "flat"), (-MOVED_SHARE, "down"), (None, None), (float("nan"), None),
])
def test_trend(change, expected):
    assert metrics.trend_key(change) == expected


def measures(*rows) -> pd.DataFrame:
    """Measures as (measure_id, goal_id, direction, baseline, target)."""
    return pd.DataFrame(
        [{"measure_id": m, "goal_id": g, "name": f"Measure {m}", "unit": "%", "direction": d,
          "baseline": b, "target": t, "target_date": None} for m, g, d, b, t in rows])


def check_ins(*rows) -> pd.DataFrame:
    """Check-ins as (measure_id, days before AS_OF, value)."""
    return pd.DataFrame(
        [{"check_in_id": f"C{i}", "measure_id": m, "checked_on": AS_OF - dt.timedelta(days=d),
          "value": v, "confidence": "on_track", "comment": None}
         for i, (m, d, v) in enumerate(rows)],
        columns=["check_in_id", "measure_id", "checked_on", "value", "confidence", "comment"])


@pytest.mark.parametrize(("ins", "days", "stale"), [
    ([("M1", 0, 70)], 0, False),
    ([("M1", STALE_AFTER_DAYS, 70)], STALE_AFTER_DAYS, False),  # on the edge: not yet
    ([("M1", STALE_AFTER_DAYS + 1, 70)], STALE_AFTER_DAYS + 1, True),
    ([("M1", 200, 70), ("M1", 3, 71)], 3, False),  # the latest counts
    ([], None, True),  # never checked in
    ([("M1", -5, 70)], None, True),  # only a check-in after the day looked at
])
def test_staleness(ins, days, stale):
    found = metrics.measure_progress(measures(("M1", "G1", "higher", 60, 80)), check_ins(*ins),
                                     AS_OF).iloc[0]
    assert (None if pd.isna(found["days_since"]) else found["days_since"]) == days
    assert bool(found["stale"]) is stale


@pytest.mark.parametrize(("direction", "baseline", "target", "ins", "progress", "change"), [
    # from the last check-in before the window to the latest
    ("higher", 60, 80, [("M1", 120, 64), ("M1", 10, 70)], 0.5, 0.3),
    # no check-in before the window: from the baseline
    ("higher", 60, 80, [("M1", 30, 66)], 0.3, 0.3),
    ("lower", 20, 10, [("M1", 120, 15), ("M1", 10, 17)], 0.3, -0.2),
    # no check-in in the window: no change to speak of
    ("higher", 60, 80, [("M1", 120, 70)], 0.5, None),
    ("higher", 60, 80, [("M1", 10, 95)], 1.0, 1.75),
])
def test_measure_progress_and_change(direction, baseline, target, ins, progress, change):
    found = metrics.measure_progress(measures(("M1", "G1", direction, baseline, target)),
                                     check_ins(*ins), AS_OF).iloc[0]
    assert found["progress"] == pytest.approx(progress)
    if change is None:
        assert pd.isna(found["change"])
    else:
        assert found["change"] == pytest.approx(change)


def tree(*rows) -> pd.DataFrame:
    """Goals as (goal_id, parent_goal_id, weight)."""
    return pd.DataFrame([{"goal_id": g, "parent_goal_id": p, "weight": w} for g, p, w in rows])


def progress_of(goals: pd.DataFrame, rows: list[tuple]) -> dict[str, float | None]:
    """Goal progress from measure rows (goal_id, progress, change)."""
    measured = pd.DataFrame(rows, columns=["goal_id", "progress", "change"])
    found = metrics.goal_progress(goals, measured)
    return {g: (None if pd.isna(p) else round(p, 6))
            for g, p in zip(found["goal_id"], found["progress"], strict=True)}


@pytest.mark.parametrize(("goals", "rows", "expected"), [
    # a goal's measures: the plain mean
    (tree(("G1", None, None)), [("G1", 0.2, 0.0), ("G1", 0.6, 0.0)], {"G1": 0.4}),
    # a parent from its children, no weights: alike
    (tree(("A", None, None), ("G1", "A", None), ("G2", "A", None)),
     [("G1", 0.2, 0.0), ("G2", 0.8, 0.0)], {"A": 0.5, "G1": 0.2, "G2": 0.8}),
    # weighted by the children's product-link weights
    (tree(("A", None, None), ("G1", "A", 1.0), ("G2", "A", 0.5)),
     [("G1", 0.2, 0.0), ("G2", 0.8, 0.0)], {"A": 0.4, "G1": 0.2, "G2": 0.8}),
    # a child without a weight counts 1
    (tree(("A", None, None), ("G1", "A", None), ("G2", "A", 3.0)),
     [("G1", 0.2, 0.0), ("G2", 0.8, 0.0)], {"A": 0.65, "G1": 0.2, "G2": 0.8}),
    # an unmeasured child does not count; a whole unmeasured branch has no progress
    (tree(("A", None, None), ("G1", "A", None), ("G2", "A", None), ("B", None, None)),
     [("G1", 0.3, 0.0)], {"A": 0.3, "G1": 0.3, "G2": None, "B": None}),
    # two levels down
    (tree(("A", None, None), ("G1", "A", None), ("O1", "G1", None), ("O2", "G1", None)),
     [("O1", 0.0, 0.0), ("O2", 1.0, 0.0)], {"A": 0.5, "G1": 0.5, "O1": 0.0, "O2": 1.0}),
    # a goal with measures is judged by them, not by its children
    (tree(("G1", None, None), ("O1", "G1", None)), [("G1", 0.9, 0.0), ("O1", 0.1, 0.0)],
     {"G1": 0.9, "O1": 0.1}),
])
def test_goal_progress_rolls_up(goals, rows, expected):
    assert progress_of(goals, rows) == expected


def test_goal_progress_survives_a_cycle_of_parents():
    goals = tree(("G1", "G2", None), ("G2", "G1", None))
    assert progress_of(goals, []) == {"G1": None, "G2": None}


def chain(*rows) -> pd.DataFrame:
    """Active goals as (goal_id, recent_experiments)."""
    return pd.DataFrame([{"goal_id": g, "title": f"Goal {g}", "level": "goal",
                          "recent_experiments": n} for g, n in rows])


def measured(*rows) -> pd.DataFrame:
    """Measure progress rows as (goal_id, stale, days_since, change)."""
    return pd.DataFrame([{"measure_id": f"M-{g}-{i}", "goal_id": g, "name": f"Measure {g}",
                          "stale": s, "days_since": d, "change": c}
                         for i, (g, s, d, c) in enumerate(rows)])


MANY, FEW = MANY_EXPERIMENTS, MANY_EXPERIMENTS - 1


@pytest.mark.parametrize(("goals", "rows", "expected"), [
    # no measure at all
    (chain(("G1", 5)), [], {("goal_without_measure", "G1")}),
    # stale, or never checked in
    (chain(("G1", 0)), [("G1", True, 60, float("nan"))], {("stale_measure", "G1")}),
    (chain(("G1", 0)), [("G1", True, None, float("nan"))], {("stale_measure", "G1")}),
    # busy: many experiments, the measure standing still or going the wrong way
    (chain(("G1", MANY)), [("G1", False, 5, 0.0)], {("busy_without_value", "G1")}),
    (chain(("G1", MANY)), [("G1", False, 5, -0.2)], {("busy_without_value", "G1")}),
    (chain(("G1", MANY)), [("G1", False, 5, MOVED_SHARE - 0.001)],
     {("busy_without_value", "G1")}),
    # not busy: it moved, or too few experiments, or no check-in in the window
    (chain(("G1", MANY)), [("G1", False, 5, MOVED_SHARE)], set()),
    (chain(("G1", FEW)), [("G1", False, 5, 0.0)], set()),
    (chain(("G1", MANY)), [("G1", True, 100, float("nan"))], {("stale_measure", "G1")}),
    # value without learning: moved with no experiment started
    (chain(("G1", 0)), [("G1", False, 5, MOVED_SHARE)], {("value_without_learning", "G1")}),
    (chain(("G1", 1)), [("G1", False, 5, 0.4)], set()),
    (chain(("G1", 0)), [("G1", False, 5, -0.4)], set()),
    # every measure of a goal is looked at
    (chain(("G1", MANY)), [("G1", False, 5, 0.3), ("G1", False, 5, 0.0)],
     {("busy_without_value", "G1")}),
])
def test_value_breaks(goals, rows, expected):
    found = metrics.value_gaps(goals, measured(*rows) if rows else measured())
    assert set(zip(found["break_type"], found["goal_id"], strict=True)) == expected


@pytest.mark.parametrize(("lang", "detail"), [
    ("en", "Measure G1: 5 experiments started in 90 days, moved 0% of the way to target"),
    ("nl", "Measure G1: 5 experimenten gestart in 90 dagen, 0% van de weg naar het doel "
           "afgelegd"),
])
def test_value_break_details_are_said_in_the_readers_language(lang, detail):
    gaps = metrics.value_gaps(chain(("G1", 5)), measured(("G1", False, 5, 0.0)))
    empty = pd.DataFrame(columns=["goal_id", "title", "level", "products", "owned_products",
                                  "recent_experiments"])
    no_links = pd.DataFrame(columns=["product_id", "name", "value_stream", "goals", "owners",
                                     "owner_ids"])
    no_teams = pd.DataFrame(columns=["team_id", "name", "value_stream", "products"])
    no_gaps = pd.DataFrame(columns=["experiment_id", "title", "team_id", "goal_id", "product_id",
                                    "product_serves_goal"])
    breaks = metrics.chain_breaks(empty, no_links, no_teams, no_gaps, gaps)
    assert [said.text(lang) for said in breaks["detail"]] == [detail]
    assert breaks["entity"].to_list() == ["goal"]

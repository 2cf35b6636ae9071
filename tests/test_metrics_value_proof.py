"""Value proof: attainment, the better-and-more-energy corner, teams improving while energy
falls, spreads on weak evidence; each on hand-made tables, and the query that feeds them."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from alignment import charts, metrics, queries
from alignment.i18n import catalogue
from alignment.scope import Scope
from tests.conftest import AS_OF, stored
from tests.test_metrics_learning import ALL_TIME, days_ago, done, experiment, org

NAN = float("nan")


@pytest.mark.parametrize(("baseline", "target", "observed", "expected"), [
    (10, 20, 20, 1.0),        # higher is better, target reached
    (10, 20, 15, 0.5),
    (10, 20, 25, 1.5),        # beyond the target
    (10, 20, 5, -0.5),        # the wrong way
    (30, 15, 15, 1.0),        # lower is better: the target below the baseline
    (30, 15, 24, 0.4),
    (30, 15, 36, -0.4),       # rose where it should fall
    (10, 10, 12, None),       # zero span: nothing to measure against
    (None, 20, 15, None),     # missing baseline
    (10, None, 15, None),     # missing target
    (10, 20, None, None),     # not observed
    (10, 20, NAN, None),
    (0, -4, -1, 0.25),        # around zero
], ids=["reached", "half", "beyond", "wrong way", "lower reached", "lower part",
        "lower wrong way", "zero span", "no baseline", "no target", "no observed",
        "observed NaN", "negative values"])
def test_attainment(baseline, target, observed, expected):
    reached = metrics.attainment(baseline, target, observed)
    assert reached == (None if expected is None else pytest.approx(expected))
    frame = pd.DataFrame({"baseline": [baseline], "target": [target], "observed": [observed]},
                         dtype=float)
    vectorised = metrics.attainments(frame).iloc[0]
    assert (math.isnan(vectorised) if expected is None
            else vectorised == pytest.approx(expected))


def outcome(eid, team="T1", *, ended="2026-08-10", baseline=10.0, target=20.0, observed=20.0,
            energy=4, evidence="strong", decision=None, decided=None, product="P1",
            result="validated"):
    """One row of ``queries.experiment_outcomes``."""
    return {"experiment_id": eid, "title": f"Proef {eid}", "team_id": team,
            "team_name": f"Team {team}", "product_id": product,
            "product_name": None if product is None else f"Product {product}",
            "end_date": pd.Timestamp(ended), "metric": "m", "baseline": baseline,
            "target": target, "observed": observed, "result": result,
            "evidence_strength": evidence, "energy": energy, "decision": decision,
            "decision_date": None if decided is None else pd.Timestamp(decided)}


def points(*rows: dict) -> pd.DataFrame:
    columns = list(outcome("X"))
    return metrics.outcome_points(pd.DataFrame(list(rows), columns=columns))


@pytest.mark.parametrize(("row", "placed", "corner", "shown"), [
    (outcome("A"), True, True, 1.0),
    (outcome("A", observed=19.0), True, False, 0.9),              # just short of the target
    (outcome("A", energy=3), True, False, 1.0),                    # target reached, energy 3
    (outcome("A", energy=5, observed=60.0), True, True, 2.0),      # beyond: capped when drawn
    (outcome("A", observed=-30.0), True, False, -1.0),             # far the wrong way: capped
    (outcome("A", energy=None), False, False, 1.0),                # no energy: not placed
    (outcome("A", target=10.0), False, False, None),               # zero span: not placed
    (outcome("A", baseline=30.0, target=15.0, observed=14.0), True, True, pytest.approx(16 / 15)),
], ids=["reached with energy", "short", "too little energy", "beyond", "wrong way",
        "no energy", "zero span", "lower is better"])
def test_outcome_points(row, placed, corner, shown):
    [point] = points(row).to_dict("records")
    assert (point["placed"], point["better_and_energy"]) == (placed, corner)
    assert (math.isnan(point["shown_attainment"]) if shown is None
            else point["shown_attainment"] == shown)
    assert point["quarter"] == "2026-Q3"


def test_corner_counts_per_team_and_product_per_quarter():
    given = points(
        outcome("A1", "T1", ended="2026-08-10"),
        outcome("A2", "T1", ended="2026-09-30", energy=2),
        outcome("A3", "T1", ended="2026-10-01"),
        outcome("B1", "T2", ended="2026-07-01", product="P2"),
        outcome("B2", "T2", ended="2026-07-02", product="P2"),
        outcome("B3", "T2", ended="2026-07-03", product=None, energy=None),
    )
    per_team = metrics.corner_counts(given, "team")
    assert per_team.to_dict("list") == {
        "team_id": ["T1", "T2", "T1"], "team_name": ["Team T1", "Team T2", "Team T1"],
        "quarter": ["2026-Q4", "2026-Q3", "2026-Q3"],
        "better_and_energy": [1, 2, 1], "placed": [1, 2, 2], "finished": [1, 3, 2]}
    per_product = metrics.corner_counts(given, "product")
    assert per_product.to_dict("list") == {
        "product_id": ["P1", "P2", "P1", ""],
        "product_name": ["Product P1", "Product P2", "Product P1", ""],
        "quarter": ["2026-Q4", "2026-Q3", "2026-Q3", "2026-Q3"],
        "better_and_energy": [1, 2, 1, 0], "placed": [1, 2, 2, 0], "finished": [1, 2, 2, 1]}


def team_run(team, attainments, energies, start="2026-01-01"):
    """A team's finished experiments, a week apart, target 10 → 20, observed by attainment."""
    first = pd.Timestamp(start)
    return [outcome(f"{team}-{n}", team, ended=str((first + pd.Timedelta(weeks=n)).date()),
                    observed=10.0 + 10.0 * reached, energy=energy)
            for n, (reached, energy) in enumerate(zip(attainments, energies, strict=True))]


FALLS_CASES = {
    "better while energy falls": (team_run("T1", [0.2, 0.4, 0.9, 1.1], [5, 4, 3, 3]), ["T1"]),
    "better and more energy": (team_run("T1", [0.2, 0.4, 0.9, 1.1], [3, 3, 4, 5]), []),
    "worse while energy falls": (team_run("T1", [1.0, 0.9, 0.3, 0.2], [5, 5, 3, 3]), []),
    "just the thresholds": (team_run("T1", [0.5, 0.5, 0.6, 0.6], [4, 4, 3.5, 3.5]), ["T1"]),
    "rise just too small": (team_run("T1", [0.5, 0.5, 0.59, 0.59], [4, 4, 3, 3]), []),
    "fall just too small": (team_run("T1", [0.2, 0.2, 0.9, 0.9], [4, 4, 3.6, 3.6]), []),
    "too few experiments": (team_run("T1", [0.1, 0.2, 1.5], [5, 5, 1]), []),
    "odd count: the middle one left out": (
        team_run("T1", [0.2, 0.2, 5.0, 0.9, 0.9], [5, 5, 1, 4, 4]), ["T1"]),
    "unplaced experiments do not count": (
        team_run("T1", [0.2, 0.2, 0.9, 0.9], [5, 5, 3, 3])[:3]
        + [outcome("T1-x", "T1", ended="2026-06-01", energy=None, observed=30.0)], []),
    "capped attainment: one runaway does not make a trend": (
        team_run("T1", [1.9, 1.9, 30.0, 1.95], [5, 5, 3, 3]), []),
    "per team": (team_run("T1", [0.2, 0.4, 0.9, 1.1], [5, 4, 3, 3])
                 + team_run("T2", [0.2, 0.4, 0.9, 1.1], [4, 4, 4, 4])
                 + team_run("T3", [0.0, 0.0, 1.0, 1.0], [5, 5, 2, 2]), ["T3", "T1"]),
}


@pytest.mark.parametrize(("rows", "listed"), FALLS_CASES.values(), ids=FALLS_CASES.keys())
def test_energy_falls(rows, listed):
    falls = metrics.energy_falls(points(*rows))
    assert falls["team_id"].to_list() == listed
    assert list(falls.columns) == ["team_id", "team_name", "experiments", "earlier_attainment",
                                   "later_attainment", "earlier_energy", "later_energy"]


def test_energy_falls_reports_the_halves():
    [row] = metrics.energy_falls(points(*team_run("T1", [0.2, 0.4, 0.9, 1.1],
                                                  [5, 4, 3, 3]))).to_dict("records")
    assert row == {"team_id": "T1", "team_name": "Team T1", "experiments": 4,
                   "earlier_attainment": pytest.approx(0.3),
                   "later_attainment": pytest.approx(1.0),
                   "earlier_energy": 4.5, "later_energy": 3.0}


@pytest.mark.parametrize(("decision", "evidence", "flagged"), [
    ("spread", "weak", True),
    ("scale", "weak", True),
    ("spread", "medium", False),
    ("scale", "strong", False),
    ("persevere", "weak", False),
    ("stop", "weak", False),
    (None, "weak", False),
    ("spread", None, False),
])
def test_weak_evidence_spreads(decision, evidence, flagged):
    given = points(outcome("A", decision=decision, decided="2026-08-20" if decision else None,
                           evidence=evidence), outcome("B"))
    assert metrics.weak_evidence_spreads(given)["experiment_id"].to_list() == (
        ["A"] if flagged else [])


def test_weak_evidence_spreads_latest_decision_first():
    given = points(outcome("A", decision="spread", decided="2026-08-20", evidence="weak"),
                   outcome("B", decision="scale", decided="2026-09-01", evidence="weak"))
    assert metrics.weak_evidence_spreads(given)["experiment_id"].to_list() == ["B", "A"]


def test_an_empty_period_has_nothing_to_count():
    empty = points()
    assert metrics.corner_counts(empty, "team").empty
    assert metrics.energy_falls(empty).empty
    assert metrics.weak_evidence_spreads(empty).empty


# --- the query --------------------------------------------------------------------------------

def measured(row: dict, baseline=10.0, target=20.0, observed=20.0, energy=4,
             evidence="weak") -> dict:
    return {**row, "baseline": baseline, "target": target, "observed": observed,
            "energy": energy, "evidence_strength": evidence, "metric": "m"}


OUTCOME_CASES = {
    "done in the period, latest first; running and ideas left out": (
        org(measured(done("D1", 40)), measured(done("D2", 10)),
            experiment("R1", status="running", start=days_ago(5)),
            experiment("I1", status="idea")),
        ALL_TIME, ["D2", "D1"]),
    "ended before the period": (
        org(measured(done("OLD", 400)), measured(done("NEW", 40))),
        Scope(as_of=AS_OF, period="12m"), ["NEW"]),
    "ends after the day of the view: still running then": (
        org(measured(done("LATE", -3, ran=30)), measured(done("D1", 40))),
        ALL_TIME, ["D1"]),
    "a team sees what it leads and joined": (
        org(measured(done("A", 40, team="T1")), measured(done("B", 30, team="T3")),
            measured(done("C", 20, team="T3", partners="T1"))),
        Scope(as_of=AS_OF, period="all", team_id="T1"), ["C", "A"]),
    "a value stream": (
        org(measured(done("A", 40, product="P1")), measured(done("B", 30, product="P2"))),
        Scope(as_of=AS_OF, period="all", value_stream="Burger"), ["B"]),
}


@pytest.mark.parametrize(("organisation", "scope", "expected"), OUTCOME_CASES.values(),
                         ids=OUTCOME_CASES.keys())
def test_experiment_outcomes(con, organisation, scope, expected):
    stored(con, **organisation)
    assert queries.experiment_outcomes(con, scope)["experiment_id"].to_list() == expected


def test_experiment_outcomes_know_the_decision_as_of_the_day(con):
    stored(con, **org(measured(done("EARLY", 40, decided_days_ago=30, decision="spread")),
                      measured(done("LATER", 40, decided_days_ago=-2, decision="spread"))))
    found = queries.experiment_outcomes(con, ALL_TIME).set_index("experiment_id")
    assert found.at["EARLY", "decision"] == "spread"
    assert found.at["EARLY", "decision_date"].date() == days_ago(30)
    assert pd.isna(found.at["LATER", "decision"]) and pd.isna(found.at["LATER", "decision_date"])
    flagged = metrics.weak_evidence_spreads(metrics.outcome_points(
        queries.experiment_outcomes(con, ALL_TIME)))
    assert flagged["experiment_id"].to_list() == ["EARLY"]
    assert found.at["EARLY", "team_name"] == "Team Een"
    assert found.at["EARLY", "product_name"] == "Parkeren"


def test_running_cards_carry_baseline_and_target(con):
    running = measured(experiment("R1", status="running", start=days_ago(5)), observed=None)
    stored(con, **org(running, measured(done("D1", 40))))
    cards = queries.learning_cards(con, ALL_TIME, queries.ExperimentFilter(), status="running")
    assert cards[["experiment_id", "status", "baseline", "target", "energy"]].to_dict(
        "records") == [{"experiment_id": "R1", "status": "running", "baseline": 10.0,
                        "target": 20.0, "energy": 4}]
    assert pd.isna(cards.at[0, "observed"])
    done_cards = queries.learning_cards(con, ALL_TIME, queries.ExperimentFilter())
    assert done_cards["experiment_id"].to_list() == ["D1"]


# --- the charts -------------------------------------------------------------------------------

EN = catalogue("en")


@pytest.mark.parametrize(("observed", "result", "colour"), [
    (18.0, "validated", "#41ab5d"), (12.0, "invalidated", "#d94801"),
    (None, None, "#6baed6"), (15.0, None, "#6baed6")])
def test_the_bullet_row_colours_the_observed_bar_by_result(observed, result, colour):
    row = charts.bullet_row(10.0, 20.0, observed, result).iloc[0]
    assert row["colour"] == colour
    assert (pd.isna(row["observed"]) if observed is None else row["observed"] == observed)


def test_the_bullet_chart_is_one_spec_for_every_card():
    spec = charts.outcome_bullet_chart(EN).to_dict()
    assert spec["data"] == {"name": charts.outcomes.BULLET_DATA} and "datasets" not in spec
    assert all("data" not in layer for layer in spec["layer"])


@pytest.mark.parametrize(("placed", "most", "drawn"), [(5, 1000, 5), (30, 10, 10)])
def test_the_proof_chart_draws_the_latest_placed(placed, most, drawn):
    given = points(*[outcome(f"E{n:02d}", ended=str(dt.date(2026, 8, 1) - dt.timedelta(days=n)))
                     for n in range(placed)], outcome("UNPLACED", energy=None))
    datasets = charts.value_proof_chart(given, EN, most=most).to_dict()["datasets"].values()
    [rows] = [rows for rows in datasets if rows and "experiment_id" in rows[0]]
    assert [row["experiment_id"] for row in rows] == [f"E{n:02d}" for n in range(drawn)]
    assert all(abs(row["placed_energy"] - row["energy"]) <= charts.outcomes.JITTER
               for row in rows)

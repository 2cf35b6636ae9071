"""Learning flow: fixture organisations → the funnel, debt, lead times, feedback and spread.

Every table below is a hand-made organisation (experiments dated relative to AS_OF) and the
figures a leader should see for it, written out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from alignment import charts, db, kpis, metrics, queries, store
from alignment.access import LOCAL_ADMIN
from alignment.decisions import RATIONALE_MAX_CHARS, decision_problems, decision_text
from alignment.i18n import catalogue
from alignment.scope import Scope
from tests.conftest import AS_OF, stored

EN = catalogue("en")  # the words the charts are drawn in

DAY = dt.timedelta(days=1)
ALL_TIME = Scope(as_of=AS_OF, period="all")
TWELVE_MONTHS = Scope(as_of=AS_OF, period="12m")


def days_ago(n: int) -> dt.date:
    return AS_OF - n * DAY


def experiment(eid, team="T1", status="done", start=None, end=None, *, product="P1",
               result=None, decision=None, decided=None, level=None, source=None,
               partners=None, title=None, hypothesis="We believe", learning=None):
    """One experiment row; done ones get the result, observation and learning they need."""
    done = status == "done"
    return {
        "experiment_id": eid, "team_id": team, "title": title or "Proef " + eid,
        "hypothesis": hypothesis, "status": status, "lean_lens": "flow",
        "product_id": product, "goal_id": "G1", "start_date": start, "end_date": end,
        "observed": 1.0 if done else None,
        "result": result or ("validated" if done else None),
        "learning": learning or ("Geleerd" if done else None),
        "decision": decision, "decision_date": decided, "decision_scope": level,
        "source_experiment_id": source, "partner_teams": partners,
    }


def done(eid, ended_days_ago, team="T1", *, ran=20, decided_days_ago=None, decision="scale",
         level="team", **more):
    """A done experiment that ended ``ended_days_ago`` and, if given, was decided then."""
    end = days_ago(ended_days_ago)
    decided = None if decided_days_ago is None else days_ago(decided_days_ago)
    return experiment(eid, team, "done", end - ran * DAY, end,
                      decision=decision if decided else None, decided=decided,
                      level=level if decided else None, **more)


def org(*experiments: dict) -> dict[str, list[dict]]:
    """Three teams in two value streams, a product in each, and the given experiments."""
    return {
        "goals": [{"goal_id": "G1", "title": "Doel", "level": "goal", "status": "active"}],
        "products": [
            {"product_id": "P1", "name": "Parkeren", "value_stream": "Ruimte",
             "lifecycle": "grow"},
            {"product_id": "P2", "name": "Loket", "value_stream": "Burger",
             "lifecycle": "grow"},
        ],
        "teams": [
            {"team_id": "T1", "name": "Team Een", "value_stream": "Ruimte"},
            {"team_id": "T2", "name": "Team Twee", "value_stream": "Ruimte"},
            {"team_id": "T3", "name": "Team Drie", "value_stream": "Burger"},
        ],
        "experiments": list(experiments),
    }


# --- funnel ---------------------------------------------------------------------------------

FUNNEL_CASES = {
    "no experiments": (org(), ALL_TIME, [0, 0, 0, 0]),
    "every stage": (
        org(
            experiment("I1", status="idea"),
            experiment("I2", status="idea"),
            experiment("R1", status="running", start=days_ago(10)),
            experiment("S1", status="stopped", start=days_ago(50), end=days_ago(40)),
            done("D1", 40, decided_days_ago=30),
            done("D2", 40),
        ),
        ALL_TIME, [6, 4, 2, 1],
    ),
    "as of the day: a later end was still running, a later start and decision unknown": (
        org(
            done("D1", ended_days_ago=-5, ran=30),  # ends after AS_OF: running then
            experiment("F1", status="running", start=AS_OF + DAY),  # not known yet
            done("D2", 40, decided_days_ago=-2),  # decided after AS_OF: not yet
        ),
        ALL_TIME, [2, 2, 1, 0],
    ),
    "a done experiment that ended before the period is out of it; ideas stay": (
        org(done("OLD", 400), experiment("I1", status="idea"), done("NEW", 40)),
        TWELVE_MONTHS, [2, 1, 1, 0],
    ),
}


@pytest.mark.parametrize(("organisation", "scope", "expected"), FUNNEL_CASES.values(),
                         ids=FUNNEL_CASES.keys())
def test_funnel_stages(con, organisation, scope, expected):
    stored(con, **organisation)
    stages = metrics.funnel_stages(queries.funnel_counts(con, scope))
    assert stages["stage"].to_list() == ["idea", "running", "done", "decided"]
    assert stages["experiments"].to_list() == expected


def test_funnel_shares():
    counts = pd.DataFrame({"status_as_of": ["idea", "running", "done", "done"],
                           "started": [False, True, True, True],
                           "decided": [False, False, False, True],
                           "experiments": [4, 2, 1, 1]})
    stages = metrics.funnel_stages(counts)
    assert stages["share_of_ideas"].to_list() == [1.0, 0.5, 0.25, 0.125]
    assert pd.isna(stages["share_of_previous"].iloc[0])
    assert stages["share_of_previous"].to_list()[1:] == [0.5, 0.5, 0.5]


# --- learning debt ----------------------------------------------------------------------------

DEBT_CASES = {
    "no experiments": (org(), ALL_TIME, []),
    "ended 31 days ago, no decision": (org(done("E1", 31)), ALL_TIME, [("E1", 31)]),
    "ended exactly 30 days ago is not debt yet": (org(done("E1", 30)), ALL_TIME, []),
    "decided experiments are no debt": (
        org(done("E1", 90, decided_days_ago=70)), ALL_TIME, []),
    "a decision dated after the day of the view was not taken yet": (
        org(done("E1", 90, decided_days_ago=-3)), ALL_TIME, [("E1", 90)]),
    "ended after the day of the view: still running then": (
        org(done("E1", -10, ran=60)), ALL_TIME, []),
    "running, stopped and ideas owe no decision": (
        org(experiment("R1", status="running", start=days_ago(200)),
            experiment("S1", status="stopped", start=days_ago(200), end=days_ago(150)),
            experiment("I1", status="idea")),
        ALL_TIME, []),
    "longest waiting first": (
        org(done("E1", 45), done("E2", 200, team="T2"), done("E3", 10)),
        ALL_TIME, [("E2", 200), ("E1", 45)]),
    "the period counts by end date: 12 months leaves out an older one": (
        org(done("E1", 45), done("E2", 400)), TWELVE_MONTHS, [("E1", 45)]),
    "team filter: the team leads or joined as a partner": (
        org(done("E1", 45), done("E2", 50, team="T2"), done("E3", 60, team="T3", partners="T1")),
        Scope(as_of=AS_OF, period="all", team_id="T1"), [("E3", 60), ("E1", 45)]),
    "value stream filter: the product's stream": (
        org(done("E1", 45, team="T3", product="P1"), done("E2", 50, team="T1", product="P2")),
        Scope(as_of=AS_OF, period="all", value_stream="Ruimte"), [("E1", 45)]),
    "value stream filter: without a product, the lead team's stream": (
        org(done("E1", 45, team="T3", product=None), done("E2", 50, team="T1", product=None)),
        Scope(as_of=AS_OF, period="all", value_stream="Burger"), [("E1", 45)]),
}


@pytest.mark.parametrize(("organisation", "scope", "expected"), DEBT_CASES.values(),
                         ids=DEBT_CASES.keys())
def test_learning_debt(con, organisation, scope, expected):
    stored(con, **organisation)
    undecided = queries.undecided_experiments(con, scope)
    debt = metrics.learning_debt(undecided, scope.as_of)
    assert list(zip(debt["experiment_id"], debt["days_since_end"], strict=True)) == expected
    assert metrics.learning_debt_count(undecided, scope.as_of) == len(expected)
    assert queries.learning_debt_count(con, scope, metrics.DEBT_AFTER_DAYS) == len(expected)


def test_learning_debt_list_names_team_and_product(con):
    stored(con, **org(done("E1", 45, team="T2", product="P2")))
    debt = metrics.learning_debt(queries.undecided_experiments(con, ALL_TIME), AS_OF)
    assert debt.iloc[0][["experiment_id", "team_id", "team_name", "product_id", "product_name",
                         "days_since_end"]].to_list() == ["E1", "T2", "Team Twee", "P2",
                                                          "Loket", 45]


def test_learning_debt_count_a_quarter_earlier(con):
    stored(con, **org(
        done("E1", 150),                       # debt now and a quarter ago
        done("E2", 200, decided_days_ago=20),  # debt a quarter ago, decided since
        done("E3", 250, decided_days_ago=95),  # decided before the earlier day
        done("E4", 40),                        # a quarter ago it was still running
    ))
    earlier = metrics.quarter_before(AS_OF)
    assert earlier == dt.date(2026, 8, 15)
    now = queries.undecided_experiments(con, ALL_TIME)
    before = queries.undecided_experiments(con, dataclasses.replace(ALL_TIME, as_of=earlier))
    assert metrics.learning_debt_count(now, AS_OF) == 2
    assert metrics.learning_debt_count(before, earlier) == 2
    assert set(metrics.learning_debt(before, earlier)["experiment_id"]) == {"E1", "E2"}
    assert set(metrics.learning_debt(now, AS_OF)["experiment_id"]) == {"E1", "E4"}


# --- lead time ----------------------------------------------------------------------------------

LEAD_TIME_CASES = {
    "no experiments": (org(), ALL_TIME, None, {}, {}),
    "median over teams and products": (
        org(done("A", 100, decided_days_ago=90),                         # 10 days, T1 P1
            done("B", 100, decided_days_ago=80),                         # 20 days, T1 P1
            done("C", 100, decided_days_ago=60),                         # 40 days, T1 P1
            done("D", 50, team="T2", product="P2", decided_days_ago=45),  # 5 days, T2 P2
            done("E", 50, team="T2", product=None, decided_days_ago=43),  # 7 days, T2 none
            done("F", 50)),                                              # undecided: none
        ALL_TIME, 10.0,
        {"T1": 20.0, "T2": 6.0},
        {"P1": 20.0, "P2": 5.0, "(no product)": 7.0},
    ),
    "even number of decisions: the middle two averaged": (
        org(done("A", 100, decided_days_ago=90), done("B", 100, decided_days_ago=85)),
        ALL_TIME, 12.5, {"T1": 12.5}, {"P1": 12.5},
    ),
    "decided on the day it ended: zero days": (
        org(done("A", 100, decided_days_ago=100)), ALL_TIME, 0.0, {"T1": 0.0}, {"P1": 0.0},
    ),
    "a decision after the day of the view is not known yet": (
        org(done("A", 100, decided_days_ago=90), done("B", 10, decided_days_ago=-5)),
        ALL_TIME, 10.0, {"T1": 10.0}, {"P1": 10.0},
    ),
    "the period counts by decision date": (
        org(done("A", 500, decided_days_ago=400), done("B", 100, decided_days_ago=70)),
        TWELVE_MONTHS, 30.0, {"T1": 30.0}, {"P1": 30.0},
    ),
}


@pytest.mark.parametrize(("organisation", "scope", "median", "per_team", "per_product"),
                         LEAD_TIME_CASES.values(), ids=LEAD_TIME_CASES.keys())
def test_lead_times(con, organisation, scope, median, per_team, per_product):
    stored(con, **organisation)
    lead_times = queries.decision_lead_times(con, scope)
    assert metrics.median_lead_time_days(lead_times, scope.as_of) == median
    assert queries.median_lead_days(con, scope) == median
    teams = metrics.median_lead_time_per_team(lead_times)
    products = metrics.median_lead_time_per_product(lead_times)
    assert dict(zip(teams["team_id"], teams["median_days"], strict=True)) == per_team
    assert dict(zip(products["product_id"], products["median_days"], strict=True)) == per_product
    assert metrics.decisions_before_end(lead_times).empty


def lead_time_rows(*rows: tuple[str, str, str | None, int]) -> pd.DataFrame:
    """Rows as ``queries.decision_lead_times`` returns them: (id, team, product, lead_days)."""
    end = pd.Timestamp(days_ago(100))
    return pd.DataFrame(
        [{"experiment_id": e, "title": "Proef " + e, "team_id": t, "team_name": "Team " + t,
          "product_id": p, "product_name": None if p is None else "Product " + p,
          "end_date": end, "decision_date": end + pd.Timedelta(days=d), "decision": "stop",
          "decision_scope": "team", "lead_days": d} for e, t, p, d in rows],
    )


def test_a_decision_dated_before_its_experiment_ended_is_a_data_problem():
    # The schema refuses such a row today (see the next test); data stored before that check,
    # or read from elsewhere, must still never pull a median down: it is left out and listed.
    lead_times = lead_time_rows(("BAD", "T1", "P1", -3), ("A", "T1", "P1", 4),
                                ("B", "T2", "P1", 6))
    assert metrics.median_lead_time_days(lead_times, AS_OF) == 5.0
    assert metrics.decisions_before_end(lead_times)["experiment_id"].to_list() == ["BAD"]
    assert metrics.valid_lead_times(lead_times)["experiment_id"].to_list() == ["A", "B"]
    teams = metrics.median_lead_time_per_team(lead_times)
    assert teams[["team_id", "decisions", "median_days"]].values.tolist() == [
        ["T2", 1, 6.0], ["T1", 1, 4.0]]
    products = metrics.median_lead_time_per_product(lead_times)
    assert products[["product_id", "decisions", "median_days"]].values.tolist() == [
        ["P1", 2, 5.0]]


def test_only_data_problems_give_no_median():
    lead_times = lead_time_rows(("BAD", "T1", "P1", -3))
    assert metrics.median_lead_time_days(lead_times, AS_OF) is None
    assert metrics.median_lead_time_per_team(lead_times).empty


def test_the_database_refuses_a_decision_before_the_end(con):
    with pytest.raises(db.Refused):
        stored(con, **org(done("E1", 50, decided_days_ago=60)))


def test_lead_time_input_is_not_changed():
    lead_times = lead_time_rows(("A", "T1", None, 4), ("B", "T2", "P1", -1))
    before = lead_times.copy()
    metrics.median_lead_time_per_product(lead_times)
    metrics.median_lead_time_per_team(lead_times)
    pd.testing.assert_frame_equal(lead_times, before)


def test_lead_time_histogram_bins_weeks_and_caps_the_tail(con):
    stored(con, **org(done("A", 200, decided_days_ago=200),   # 0 days
                      done("B", 200, decided_days_ago=194),   # 6 days
                      done("C", 200, decided_days_ago=193),   # 7 days
                      done("D", 200, decided_days_ago=110),   # 90 days: last bin
                      done("E", 200)))
    bins = queries.lead_time_histogram(con, ALL_TIME)
    assert bins["bin"].to_list() == list(range(13))
    assert bins["days"].iloc[[0, 1, 12]].to_list() == ["0–6", "7–13", "84+"]
    assert dict(zip(bins["bin"], bins["decisions"], strict=True)) == {
        0: 2, 1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 1}


def test_median_lead_time_a_quarter_earlier(con):
    stored(con, **org(done("A", 200, decided_days_ago=190),   # 10 days, known then
                      done("B", 150, decided_days_ago=120),   # 30 days, known then
                      done("C", 60, decided_days_ago=10)))    # 50 days, only known now
    earlier = metrics.quarter_before(AS_OF)
    now = queries.decision_lead_times(con, ALL_TIME)
    before = queries.decision_lead_times(con, dataclasses.replace(ALL_TIME, as_of=earlier))
    assert metrics.median_lead_time_days(now, AS_OF) == 30.0
    assert metrics.median_lead_time_days(before, earlier) == 20.0
    # the same rule applied to today's frame gives the same answer
    assert metrics.median_lead_time_days(now, earlier) == 20.0


# --- vertical feedback ------------------------------------------------------------------------

def test_decisions_per_quarter_by_level(con):
    stored(con, **org(
        done("A", 200, decided_days_ago=190, level="team"),        # 2026-05-09: Q2
        done("B", 120, decided_days_ago=100, level="portfolio"),   # 2026-08-07: Q3
        done("C", 120, decided_days_ago=90, level="strategy"),     # 2026-08-17: Q3
        done("D", 30, decided_days_ago=20, level="product"),       # 2026-10-26: Q4
        done("E", 30, decided_days_ago=10, level=None),            # 2026-11-05: Q4
        done("F", 30),
    ))
    by_quarter = queries.decisions_by_quarter(con, ALL_TIME)
    assert by_quarter.values.tolist() == [
        ["2026-Q2", "team", 1],
        ["2026-Q3", "portfolio", 1],
        ["2026-Q3", "strategy", 1],
        ["2026-Q4", "product", 1],
        ["2026-Q4", "unspecified", 1],
    ]
    assert metrics.upper_scope_share(by_quarter) == 0.4
    assert metrics.decisions_per_scope(by_quarter).values.tolist() == [
        ["team", 1], ["product", 1], ["portfolio", 1], ["strategy", 1], ["unspecified", 1]]


@pytest.mark.parametrize(
    ("levels", "share"),
    [([], None), (["team", "product"], 0.0), (["strategy"], 1.0),
     (["team", "portfolio", "portfolio", "product"], 0.5)],
    ids=["no decisions", "none up", "all up", "half up"],
)
def test_share_reaching_portfolio_or_strategy(con, levels, share):
    stored(con, **org(*[done(f"E{i}", 40, decided_days_ago=35, level=level)
                        for i, level in enumerate(levels)]))
    by_quarter = queries.decisions_by_quarter(con, ALL_TIME)
    assert metrics.upper_scope_share(by_quarter) == share
    assert metrics.decisions_per_scope(by_quarter)["decision_scope"].to_list() == [
        "team", "product", "portfolio", "strategy"]


# --- spread ------------------------------------------------------------------------------------

def adopter(eid, team, source, started_days_ago, ended_days_ago=None, **more):
    """An experiment of ``team`` adopting ``source``: validated and done when it has ended."""
    if ended_days_ago is None:
        return experiment(eid, team, "running", days_ago(started_days_ago), source=source,
                          **more)
    return experiment(eid, team, "done", days_ago(started_days_ago), days_ago(ended_days_ago),
                      source=source, **more)


CHAIN_OF_FOUR = org(
    done("A", 400, team="T1"),                 # validated; ended 400 days ago
    adopter("B", "T2", "A", 370, 330),         # generation 1: 30 days after A's end
    adopter("C", "T3", "B", 300, 260),         # generation 2
    adopter("D", "T1", "C", 200, 160),         # generation 3
    adopter("E", "T2", "D", 100),              # generation 4, still running
)

SPREAD_CASES = {
    "no experiments": (org(), {}, None),
    "an adoption chain of depth 4": (
        CHAIN_OF_FOUR,
        # experiment: (adoptions, in window, tree adoptions, generations, first adoption days)
        {"A": (1, 1, 4, 4, 30), "B": (1, 1, 3, 3, 30), "C": (1, 1, 2, 2, 60),
         "D": (1, 1, 1, 1, 60)},
        1.0,
    ),
    "adoptions after 90 days spread, but not within the window": (
        org(done("A", 300),
            adopter("B", "T2", "A", 300 - 90, 100),    # day 90: inside
            adopter("C", "T3", "A", 300 - 91)),        # day 91: outside
        {"A": (2, 1, 2, 1, 90), "B": (0, 0, 0, 0, None)},
        0.5,
    ),
    "an adopter that started before its source ended counts in the window": (
        org(done("A", 200), adopter("B", "T2", "A", 205)),
        {"A": (1, 1, 1, 1, -5)},
        1.0,
    ),
    "an adoption starting after the day of the view is not known yet": (
        org(done("A", 200), experiment("B", "T2", "running", AS_OF + DAY, source="A")),
        {"A": (0, 0, 0, 0, None)},
        0.0,
    ),
    "a validated experiment ended less than 90 days ago waits outside the factor": (
        org(done("A", 200), done("B", 60, team="T2"), adopter("C", "T3", "B", 30)),
        {"A": (0, 0, 0, 0, None), "B": (1, 1, 1, 1, 30)},
        0.0,
    ),
    "invalidated and inconclusive experiments are not spread sources": (
        org(done("A", 200, result="invalidated"), done("B", 200, result="inconclusive"),
            adopter("C", "T2", "A", 150)),
        {},
        None,
    ),
    "looping sources (bad data) end the walk instead of looping": (
        org(done("A", 300, source="B"), done("B", 200, team="T2", source="A", ran=90)),
        {"A": (1, 1, 1, 1, 10), "B": (1, 1, 1, 1, -120)},
        1.0,
    ),
}


@pytest.mark.parametrize(("organisation", "expected", "factor"), SPREAD_CASES.values(),
                         ids=SPREAD_CASES.keys())
def test_spread(con, organisation, expected, factor):
    stored(con, **organisation)
    spread = queries.validated_spread(con, ALL_TIME)
    table = metrics.spread_table(spread, AS_OF)
    found = {
        row.experiment_id: (row.adoptions, row.adoptions_in_window, row.tree_adoptions,
                            row.generations,
                            None if pd.isna(row.first_adoption_days)
                            else int(row.first_adoption_days))
        for row in table.itertuples(index=False)
    }
    assert found == expected
    assert metrics.spread_factor(spread, AS_OF) == factor
    assert queries.spread_factor(con, ALL_TIME) == factor


def test_widest_spreading_come_first(con):
    stored(con, **org(
        *CHAIN_OF_FOUR["experiments"],
        done("X", 300, team="T3"), adopter("Y", "T1", "X", 250), adopter("Z", "T2", "X", 240),
        done("Q", 300, team="T3"),
    ))
    spread = queries.validated_spread(con, ALL_TIME)
    assert metrics.spread_table(spread, AS_OF)["experiment_id"].to_list()[:3] == ["A", "B", "C"]
    assert metrics.top_spreading(spread, AS_OF, 2) == ["A", "B"]
    assert "Q" not in metrics.top_spreading(spread, AS_OF, 10)
    assert metrics.spread_factor(spread, AS_OF) == pytest.approx(6 / 6)


def test_spread_factor_a_quarter_earlier(con):
    stored(con, **org(done("A", 300), adopter("B", "T2", "A", 250), adopter("C", "T3", "A", 60)))
    earlier = metrics.quarter_before(AS_OF)
    before = queries.validated_spread(con, dataclasses.replace(ALL_TIME, as_of=earlier))
    now = queries.validated_spread(con, ALL_TIME)
    # C started 240 days after A's end: it spread A further, but outside the 90-day window
    assert metrics.spread_table(before, earlier)["adoptions"].to_list() == [1]
    assert metrics.spread_table(now, AS_OF)["adoptions"].to_list() == [2]
    assert metrics.spread_factor(before, earlier) == 1.0
    assert metrics.spread_factor(now, AS_OF) == 1.0


def test_spread_tree_nodes_walk_every_generation(con):
    stored(con, **CHAIN_OF_FOUR)
    nodes = queries.spread_tree_nodes(con, ["A"], AS_OF)
    assert nodes[["parent_id", "experiment_id", "generation"]].astype(object).where(
        nodes[["parent_id", "experiment_id", "generation"]].notna(), None
    ).values.tolist() == [[None, "A", 0], ["A", "B", 1], ["B", "C", 2], ["C", "D", 3],
                          ["D", "E", 4]]
    assert nodes["days_after_parent_end"].iloc[1:].to_list() == [30, 30, 60, 60]


def test_spread_tree_dot(con):
    stored(con, **org(done("A", 400, title='Het "snelle" loket'), adopter("B", "T2", "A", 370),
                      adopter("C", "T3", "A", 300)))
    dot = charts.spread_tree_dot(queries.spread_tree_nodes(con, ["A"], AS_OF), "A", EN)
    assert dot.startswith("digraph spread {") and dot.endswith("}")
    assert '"A" -> "B" [label="+30 d"];' in dot
    assert '"A" -> "C" [label="+100 d"];' in dot
    assert 'Het \\"snelle\\" loket' in dot
    assert "generation 1 · running" in dot


# --- charts get aggregated frames only ------------------------------------------------------

def test_charts_carry_only_the_aggregated_rows(con):
    stored(con, **CHAIN_OF_FOUR)
    funnel = metrics.funnel_stages(queries.funnel_counts(con, ALL_TIME))
    histogram = queries.lead_time_histogram(con, ALL_TIME)
    by_quarter = queries.decisions_by_quarter(con, ALL_TIME)
    counts = queries.filtered_experiment_counts(con, ALL_TIME, queries.ExperimentFilter())
    assert counts[["status", "lean_lens", "experiments"]].values.tolist() == [
        ["done", "flow", 4], ["running", "flow", 1]]
    for chart, rows in ((charts.funnel_chart(funnel, EN), 4),
                        (charts.lead_time_histogram_chart(histogram, EN), 13),
                        (charts.decisions_by_quarter_chart(by_quarter, EN), len(by_quarter)),
                        (charts.experiments_by_lens_chart(counts, EN), 2)):
        spec = chart.to_dict()
        assert [len(values) for values in spec["datasets"].values()] == [rows]


# --- the experiments list -------------------------------------------------------------------

EXPERIMENT_LIST = org(
    done("D1", 40, learning="Inwoners bellen minder"),
    done("D2", 400, team="T2", result="invalidated"),
    experiment("R1", status="running", start=days_ago(10), title="Snelle route 100%"),
    experiment("I1", team="T3", status="idea", product="P2",
               hypothesis="We geloven dat een BELRONDE helpt"),
)

FILTER_CASES = {
    "everything of all time": (ALL_TIME, queries.ExperimentFilter(), ["R1", "D1", "D2", "I1"]),
    "the period leaves out what ended before it": (
        TWELVE_MONTHS, queries.ExperimentFilter(), ["R1", "D1", "I1"]),
    "status": (ALL_TIME, queries.ExperimentFilter(statuses=("done",)), ["D1", "D2"]),
    "result": (ALL_TIME, queries.ExperimentFilter(results=("invalidated",)), ["D2"]),
    "lens": (ALL_TIME, queries.ExperimentFilter(lenses=("value",)), []),
    "search in the learning": (ALL_TIME, queries.ExperimentFilter(text="bellen"), ["D1"]),
    "search ignores case, in the hypothesis": (
        ALL_TIME, queries.ExperimentFilter(text="belronde"), ["I1"]),
    "a % in the search is just a character": (
        ALL_TIME, queries.ExperimentFilter(text="100%"), ["R1"]),
    "value stream": (Scope(as_of=AS_OF, period="all", value_stream="Burger"),
                     queries.ExperimentFilter(), ["I1"]),
}


@pytest.mark.parametrize(("scope", "chosen", "expected"), FILTER_CASES.values(),
                         ids=FILTER_CASES.keys())
def test_filtered_experiments(con, scope, chosen, expected):
    stored(con, **EXPERIMENT_LIST)
    rows = queries.filtered_experiments(con, scope, chosen)
    assert rows["experiment_id"].to_list() == expected
    summary = metrics.experiment_summary(queries.filtered_experiment_counts(con, scope, chosen))
    assert summary["experiments"] == len(expected)


def test_filtered_experiments_limit_and_counts(con):
    stored(con, **EXPERIMENT_LIST)
    everything = queries.ExperimentFilter()
    assert len(queries.filtered_experiments(con, ALL_TIME, everything, limit=2)) == 2
    assert metrics.experiment_summary(
        queries.filtered_experiment_counts(con, ALL_TIME, everything)) == {
        "experiments": 4, "done": 2, "validated_share": 0.5, "decided_share": 0.0}
    cards = queries.learning_cards(con, ALL_TIME, everything, limit=1)
    assert cards["experiment_id"].to_list() == ["D1"]


def test_filtered_experiments_download_round_trips_lists(con):
    stored(con, **org(done("D1", 40, partners="T2;T3")))
    rows = queries.filtered_experiments(con, ALL_TIME, queries.ExperimentFilter())
    assert rows.loc[0, "partner_teams"] == "T2;T3"


def test_experiment_summary_without_done_experiments():
    counts = pd.DataFrame({"status": ["idea"], "experiments": [3], "validated": [0],
                           "decided": [0]})
    assert metrics.experiment_summary(counts) == {
        "experiments": 3, "done": 0, "validated_share": None, "decided_share": None}


# --- how figures read ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 11, 15), dt.date(2026, 8, 15)), (dt.date(2026, 5, 31), dt.date(2026, 2, 28)),
     (dt.date(2026, 2, 10), dt.date(2025, 11, 10)), (dt.date(2024, 5, 30), dt.date(2024, 2, 29))],
)
def test_quarter_before(day, expected):
    assert metrics.quarter_before(day) == expected


@pytest.mark.parametrize(("days", "text"),
                         [(None, "—"), (0.0, "0 days"), (23.0, "23 days"), (23.5, "23.5 days"),
                          (1234.0, "1,234 days")])
def test_days_text(days, text):
    assert kpis.days_text(days) == text


@pytest.mark.parametrize(("factor", "text"), [(None, "—"), (0.0, "0.00"), (2 / 3, "0.67")])
def test_factor_text(factor, text):
    assert kpis.factor_text(factor) == text


@pytest.mark.parametrize(
    ("decision", "level", "on", "why", "text"),
    [(None, None, None, None, "none yet"),
     ("stop", None, None, None, "stop"),
     ("scale", "product", pd.Timestamp("2026-03-14"), " Proven. ",
      "scale at product level on 2026-03-14: Proven.")],
)
def test_decision_text(decision, level, on, why, text):
    assert decision_text(decision, level, on, why) == text


# --- recording a governance decision -----------------------------------------------------------

ENDED = dt.date(2026, 9, 1)
TODAY = dt.date(2026, 11, 15)

PROBLEM_CASES = {
    "a good decision": (("scale", "product", ENDED, "Works in every office"), []),
    "decided on the day it ended": (("stop", "team", ENDED, "No effect"), []),
    "decided today": (("pivot", "strategy", TODAY, "Other route"), []),
    "unknown decision": (("grow", "team", TODAY, "Why not"),
                         ["Choose a decision: persevere, pivot, stop, scale, spread."]),
    "no decision": ((None, "team", TODAY, "Why not"),
                    ["Choose a decision: persevere, pivot, stop, scale, spread."]),
    "unknown level": (("stop", "board", TODAY, "Why not"),
                      ["Choose the level it was decided at: team, product, portfolio, "
                       "strategy."]),
    "no date": (("stop", "team", None, "Why not"), ["Give the date of the decision."]),
    "in the future": (("stop", "team", TODAY + DAY, "Why not"),
                      ["The decision date 2026-11-16 is in the future; record a decision "
                       "once it is taken."]),
    "before the experiment ended": (("stop", "team", ENDED - DAY, "Why not"),
                                    ["The decision date 2026-08-31 is before the experiment "
                                     "ended (2026-09-01)."]),
    "no rationale": (("stop", "team", TODAY, "   "),
                     ["Write one line on why: the rationale is required."]),
    "rationale of two lines": (("stop", "team", TODAY, "First\nSecond"),
                               ["Keep the rationale to one line."]),
    "rationale too long": (("stop", "team", TODAY, "x" * (RATIONALE_MAX_CHARS + 1)),
                           [f"Keep the rationale to one line of at most {RATIONALE_MAX_CHARS} "
                            f"characters (now {RATIONALE_MAX_CHARS + 1})."]),
    "everything wrong at once": ((None, None, None, ""), [
        "Choose a decision: persevere, pivot, stop, scale, spread.",
        "Choose the level it was decided at: team, product, portfolio, strategy.",
        "Give the date of the decision.",
        "Write one line on why: the rationale is required.",
    ]),
}


@pytest.mark.parametrize(("given", "problems"), PROBLEM_CASES.values(), ids=PROBLEM_CASES.keys())
def test_decision_problems(given, problems):
    decision, level, on, why = given
    found = decision_problems(decision, level, on, why, ended_on=ENDED, today=TODAY)
    assert [problem.text() for problem in found] == problems


NOW = dt.datetime(2026, 11, 15, 10, 30)


def change_log(con) -> list[tuple]:
    return con.execute(
        "SELECT entity, entity_id, field, old_value, new_value, changed_at, changed_by, upload_id"
        " FROM change_log ORDER BY field"
    ).fetchall()


def decision_of(con, eid) -> tuple:
    return con.execute(
        "SELECT decision, decision_scope, decision_date, decision_rationale FROM experiments"
        " WHERE experiment_id = ?", [eid]
    ).fetchone()


def test_recorded_decision_changes_the_row_and_logs_each_field(con):
    stored(con, **org(done("E1", 60)))
    changed = store.saved_decision(con, "E1", "scale", "portfolio", days_ago(5),
                                   "Works everywhere", LOCAL_ADMIN, NOW)
    assert changed == ["decision", "decision_scope", "decision_date", "decision_rationale"]
    assert decision_of(con, "E1") == ("scale", "portfolio", days_ago(5), "Works everywhere")
    assert change_log(con) == [
        ("experiments", "E1", "decision", None, "scale", NOW, "local admin", None),
        ("experiments", "E1", "decision_date", None, "2026-11-10", NOW, "local admin", None),
        ("experiments", "E1", "decision_rationale", None, "Works everywhere", NOW,
         "local admin", None),
        ("experiments", "E1", "decision_scope", None, "portfolio", NOW, "local admin", None),
    ]
    assert metrics.learning_debt_count(queries.undecided_experiments(con, ALL_TIME), AS_OF) == 0
    assert metrics.median_lead_time_days(queries.decision_lead_times(con, ALL_TIME),
                                         AS_OF) == 55.0


def test_recorded_decision_logs_only_what_changed(con):
    stored(con, **org(done("E1", 60, decided_days_ago=50, decision="stop", level="team")))
    store.saved_decision(con, "E1", "stop", "team", days_ago(50), "Second thoughts",
                         LOCAL_ADMIN, NOW)
    assert [row[2:5] for row in change_log(con)] == [
        ("decision_rationale", None, "Second thoughts")]
    again = store.saved_decision(con, "E1", "stop", "team", days_ago(50), "Second thoughts",
                                 LOCAL_ADMIN, NOW)
    assert again == []
    assert len(change_log(con)) == 1


@pytest.mark.parametrize(
    ("eid", "decision", "level", "on", "error"),
    [("E1", "grow", "team", days_ago(5), db.Refused),
     ("E1", "stop", "board", days_ago(5), db.Refused),
     ("E1", "stop", "team", days_ago(61), db.Refused),
     ("NOPE", "stop", "team", days_ago(5), KeyError)],
    ids=["unknown decision", "unknown level", "before the end", "unknown experiment"],
)
def test_a_refused_decision_writes_nothing(con, eid, decision, level, on, error):
    stored(con, **org(done("E1", 60)))
    with pytest.raises(error):
        store.saved_decision(con, eid, decision, level, on, "Why", LOCAL_ADMIN, NOW)
    assert decision_of(con, "E1") == (None, None, None, None)
    assert change_log(con) == []

"""The Learning flow's figures read through ``rollup_learning`` (migration 12), ``rollup_outcomes``
and ``rollup_spread`` (migration 18), and its first pages, equal the same figures computed from
the raw rows, for any organisation, later writes and scope."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment import metrics, queries, views
from alignment.queries import _scope, learning
from alignment.scope import QUARTER_DAYS, Scope
from tests.conftest import fresh_database, stored
from tests.test_rollups import any_scope, later_uploads, organisation, written

# The oracle: each figure as it was counted from every experiment in scope, row by row.
FUNNEL_COUNTS = learning._with_scope(""",
open_experiments AS (
    SELECT status_as_of, started, status_as_of = 'done' AND decided AS decided_done
    FROM known_experiments
    WHERE open_in_period
),
final AS (
    SELECT status_as_of, started, decided_done AS decided, count(*) AS experiments
    FROM open_experiments
    GROUP BY status_as_of, started, decided_done
)
SELECT * FROM final ORDER BY status_as_of, started, decided
""")

_DECISIONS_IN_PERIOD = """,
decisions_in_period AS (
    SELECT e.*
    FROM known_experiments AS e CROSS JOIN params AS p
    WHERE e.status = 'done' AND e.end_date IS NOT NULL
      AND e.decision IS NOT NULL AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
)"""

MEDIAN_LEAD_DAYS = learning._with_scope(_DECISIONS_IN_PERIOD, """,
final AS (
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY decision_date - end_date)
               AS median_days
    FROM decisions_in_period
    WHERE decision_date >= end_date
)
SELECT * FROM final
""")

LEARNING_DEBT_COUNT = learning._with_scope(""",
final AS (
    SELECT count(*) AS experiments
    FROM known_experiments AS e CROSS JOIN params AS p
    WHERE e.status_as_of = 'done' AND NOT e.decided AND e.ended_in_period
      AND p.as_of - e.end_date > p.after_days
)
SELECT * FROM final
""", extra=("CAST(? AS INTEGER) AS after_days",))

LEAD_TIME_HISTOGRAM = learning._with_scope(_DECISIONS_IN_PERIOD, """,
lead_weeks AS (
    SELECT least(CAST(floor(CAST(decision_date - end_date AS DOUBLE PRECISION) / 7)
                      AS INTEGER), 12) AS week
    FROM decisions_in_period
    WHERE decision_date >= end_date
),
weeks AS (
    SELECT CAST(g.week AS INTEGER) AS week FROM generate_series(0, 12) AS g(week)
),
final AS (
    SELECT w.week AS bin, w.week * 7 AS from_days,
           CASE WHEN w.week = 12 THEN NULL ELSE w.week * 7 + 6 END AS to_days,
           CASE WHEN w.week = 12 THEN '84+'
                ELSE CAST(w.week * 7 AS VARCHAR) || '–' || CAST(w.week * 7 + 6 AS VARCHAR)
           END AS days,
           count(l.week) AS decisions
    FROM weeks AS w
    LEFT JOIN lead_weeks AS l ON l.week = w.week
    GROUP BY w.week
)
SELECT * FROM final ORDER BY bin
""")

DECISIONS_BY_QUARTER = learning._with_scope(""",
decisions_in_period AS (
    SELECT CAST(CAST(extract(year FROM e.decision_date) AS INTEGER) AS VARCHAR) || '-Q'
               || CAST(CAST(extract(quarter FROM e.decision_date) AS INTEGER) AS VARCHAR)
               AS quarter,
           coalesce(e.decision_scope, 'unspecified') AS decision_scope
    FROM known_experiments AS e CROSS JOIN params AS p
    WHERE e.decision IS NOT NULL AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
),
final AS (
    SELECT quarter, decision_scope, count(*) AS decisions
    FROM decisions_in_period
    GROUP BY quarter, decision_scope
)
SELECT * FROM final ORDER BY quarter, decision_scope
""")


# Direct adoptions within the window of the validated experiments whose window closed, from
# every such experiment and its adopters.
SPREAD_FACTOR = "".join(("WITH\n", _scope.params("CAST(? AS INTEGER) AS window_days",
                                                  "CAST(? AS DATE) AS ended_by"),
                         learning._ENDED_BETWEEN, """,
roots AS (
    SELECT experiment_id, end_date FROM ended WHERE result = 'validated'
),
adoptions_in_window AS (
    SELECT count(*) AS adoptions
    FROM roots AS r
    JOIN experiments AS a ON a.source_experiment_id = r.experiment_id
    CROSS JOIN params AS p
    WHERE a.start_date <= p.as_of AND a.start_date - r.end_date <= p.window_days
),
final AS (
    SELECT CAST((SELECT adoptions FROM adoptions_in_window) AS DOUBLE PRECISION)
           / nullif((SELECT count(*) FROM roots), 0) AS spread_factor
)
SELECT * FROM final
"""))


def through_rollup(con, scope) -> dict[str, object]:
    return {
        "funnel_counts": queries.funnel_counts(con, scope),
        "median_lead_days": queries.median_lead_days(con, scope),
        "learning_debt_count": queries.learning_debt_count(con, scope,
                                                           metrics.DEBT_AFTER_DAYS),
        "lead_time_histogram": queries.lead_time_histogram(con, scope),
        "decisions_by_quarter": queries.decisions_by_quarter(con, scope),
        "spread_factor": queries.spread_factor(con, scope),
    }


def from_raw_rows(con, scope) -> dict[str, object]:
    values = learning._scope_params(scope)
    frame = lambda sql, *extra: con.execute(sql, [*values, *extra]).df()  # noqa: E731
    return {
        "funnel_counts": frame(FUNNEL_COUNTS),
        "median_lead_days": frame(MEDIAN_LEAD_DAYS).iat[0, 0],
        "learning_debt_count": frame(LEARNING_DEBT_COUNT, metrics.DEBT_AFTER_DAYS).iat[0, 0],
        "lead_time_histogram": frame(LEAD_TIME_HISTOGRAM),
        "decisions_by_quarter": frame(DECISIONS_BY_QUARTER),
        "spread_factor": frame(SPREAD_FACTOR, QUARTER_DAYS,
                               scope.as_of - dt.timedelta(days=QUARTER_DAYS)).iat[0, 0],
    }


FIRST = 2  # rows of a first page: fewer than most lists hold, so the cut is tested


def first_pages(con, scope) -> dict[str, object]:
    """The value proof, lead times per team and product and spread as the Learning page
    reads them: counts through ``rollup_outcomes``, first pages with their totals."""
    counts = queries.value_proof_counts(con, scope).iloc[0]
    falls = queries.energy_falls_first(
        con, scope, metrics.TREND_MIN_PER_HALF, metrics.ATTAINMENT_RISE, metrics.ENERGY_FALL,
        metrics.SHOWN_ATTAINMENT, FIRST)
    pages = {
        **{f"corner per {by}": queries.corner_counts_first(con, scope, by, FIRST)
           for by in ("team", "product")},
        **{f"lead time per {by}": queries.lead_time_medians_first(con, scope, by, FIRST)
           for by in ("team", "product")},
        "energy falls": falls.drop(columns="fall"),
        "spread": queries.spread_first(con, scope, QUARTER_DAYS, FIRST),
    }
    return {
        "counts": [int(counts[c]) for c in ("finished", "placed", "corner", "weak")],
        "placed points": metrics.outcome_points(
            queries.placed_outcomes_first(con, scope, FIRST)),
        "weak spreads": metrics.outcome_points(queries.weak_spreads_first(con, scope, FIRST)),
        **{name: page.drop(columns="total") for name, page in pages.items()},
        **{f"{name} total": int(page["total"].max()) if len(page) else 0
           for name, page in pages.items()},
    }


def first_pages_from_raw_rows(con, scope) -> dict[str, object]:
    """The oracle: the same from every row of the raw-row queries the downloads read
    (``experiment_outcomes``, ``decision_lead_times``, ``validated_spread``), through the
    metrics."""
    points = metrics.outcome_points(queries.experiment_outcomes(con, scope))
    weak = metrics.weak_evidence_spreads(points)
    lead_times = queries.decision_lead_times(con, scope)
    full = {
        **{f"corner per {by}": metrics.corner_counts(points, by) for by in ("team", "product")},
        "lead time per team": metrics.median_lead_time_per_team(lead_times),
        "lead time per product": metrics.median_lead_time_per_product(lead_times),
        "energy falls": metrics.energy_falls(points),
        "spread": metrics.spread_table(queries.validated_spread(con, scope), scope.as_of),
    }
    return {
        "counts": [len(points), int(points["placed"].sum()),
                   int(points["better_and_energy"].sum()), len(weak)],
        "placed points": points[points["placed"]].head(FIRST).reset_index(drop=True),
        "weak spreads": weak.head(FIRST),
        **{name: frame.head(FIRST) for name, frame in full.items()},
        **{f"{name} total": len(frame) for name, frame in full.items()},
    }


def same_first_page(figure, oracle, name: str) -> None:
    if isinstance(figure, pd.DataFrame):
        pd.testing.assert_frame_equal(missing_as_none(figure.reset_index(drop=True)),
                                      missing_as_none(oracle[list(figure.columns)]
                                                      .reset_index(drop=True)),
                                      check_dtype=False, check_exact=False, obj=name)
    else:
        assert figure == oracle, name


def missing_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every missing value None: a column of nothing but missing values comes
    typed differently from a first page than from the whole list."""
    return frame.astype(object).where(frame.notna(), None)


def same(figure, oracle, name: str) -> None:
    if isinstance(figure, pd.DataFrame):
        pd.testing.assert_frame_equal(figure, oracle, check_dtype=False, obj=name)
    elif oracle is None or pd.isna(oracle):
        assert figure is None, name
    else:
        assert figure == oracle, name


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_learning_figures_through_the_rollup_equal_the_figures_from_raw_rows(backend,
                                                                             request, data):
    first = data.draw(organisation())
    with fresh_database(backend, request) as con:
        stored(con, **first)
        for upload in data.draw(later_uploads(first)):
            written(con, upload)
        for scope in data.draw(st.lists(any_scope, min_size=3, max_size=6)):
            rolled, raw = through_rollup(con, scope), from_raw_rows(con, scope)
            for name, figure in rolled.items():
                same(figure, raw[name], f"{name} {scope}")
            debt = metrics.learning_debt(queries.undecided_experiments(con, scope),
                                         scope.as_of)
            first = metrics.learning_debt(queries.learning_debt_first(
                con, scope, metrics.DEBT_AFTER_DAYS, 2), scope.as_of)
            pd.testing.assert_frame_equal(missing_as_none(first), missing_as_none(debt.head(2)),
                                          check_dtype=False,
                                          obj=f"first page of the debt {scope}")
            pages, raw_pages = first_pages(con, scope), first_pages_from_raw_rows(con, scope)
            for name, figure in pages.items():
                same_first_page(figure, raw_pages[name], f"{name} {scope}")


PERIOD = Scope(as_of=dt.date(2026, 11, 15), period="90d")  # 2026-08-18 to 2026-11-15
DEBT_CUT_OFF = PERIOD.as_of - dt.timedelta(days=metrics.DEBT_AFTER_DAYS)


@pytest.mark.parametrize("scope", [PERIOD, dataclasses.replace(PERIOD, team_id="T1"),
                                   dataclasses.replace(PERIOD, value_stream="S1")],
                         ids=["organisation", "team", "stream"])
@pytest.mark.parametrize(
    ("status", "start", "end", "decided"),
    [
        ("done", "2026-08-01", "2026-08-17", "2026-08-18"),
        ("done", "2026-08-01", "2026-08-18", "2026-11-15"),
        ("done", "2026-08-01", "2026-08-19", "2026-11-16"),
        ("done", "2026-06-01", "2026-07-31", "2026-08-01"),
        ("done", "2026-06-01", "2026-07-31", None),
        ("done", "2026-10-01", DEBT_CUT_OFF.isoformat(), None),
        ("done", "2026-10-01", (DEBT_CUT_OFF - dt.timedelta(days=1)).isoformat(), None),
        ("done", "2026-11-01", "2026-11-15", "2026-11-15"),
        ("done", "2026-11-01", "2026-11-16", None),
        ("stopped", "2026-08-17", None, None),
        ("stopped", "2026-11-15", "2026-11-16", None),
        ("running", "2026-11-16", None, None),
        ("idea", None, None, None),
    ],
)
def test_an_experiment_counts_by_its_days_at_the_edges_of_the_period(con, scope, status,
                                                                     start, end, decided):
    done = status == "done"
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           experiments=[{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": status, "lean_lens": "flow",
                         "start_date": start and dt.date.fromisoformat(start),
                         "end_date": end and dt.date.fromisoformat(end),
                         "result": "validated" if done else None,
                         "observed": 1.0 if done else None,
                         "learning": "learnt" if done else None,
                         "decision": "scale" if decided else None,
                         "decision_date": decided and dt.date.fromisoformat(decided)}])
    rolled, raw = through_rollup(con, scope), from_raw_rows(con, scope)
    for name, figure in rolled.items():
        same(figure, raw[name], name)


@pytest.mark.parametrize(("adopters", "drawn"), [(1, 2), (2, 3), (5, 3)])
def test_a_spread_tree_draws_its_earliest_nodes_and_counts_them_all(con, adopters, drawn):
    day = dt.date(2026, 3, 1)
    validated = {"team_id": "T1", "hypothesis": "h", "status": "done", "lean_lens": "flow",
                 "result": "validated", "observed": 1.0, "learning": "learnt"}
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           experiments=[{**validated, "experiment_id": "E0", "title": "Root",
                         "start_date": day, "end_date": day},
                        *[{**validated, "experiment_id": f"E{n}", "title": f"Adopter {n}",
                           "start_date": day + dt.timedelta(days=n),
                           "end_date": day + dt.timedelta(days=n),
                           "source_experiment_id": "E0"} for n in range(1, adopters + 1)]])
    shown = views.learning(con, dataclasses.replace(PERIOD, period="all"), trees=1,
                           tree_nodes=3)
    assert shown.top_spreading == ["E0"]
    assert shown.tree_sizes == {"E0": adopters + 1}
    assert shown.tree_nodes["experiment_id"].to_list() == [f"E{n}" for n in range(drawn)]
    assert shown.tree_dots["E0"].count(" -> ") == drawn - 1

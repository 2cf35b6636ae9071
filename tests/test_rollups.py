"""The rollups: for any organisation and any later uploads, figures read from the kept
``experiment_facts`` equal the same figures computed from raw rows."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment import contract, kpis, metrics, queries
from alignment.scope import QUARTER_DAYS, Scope
from tests.conftest import AS_OF, fresh_database, stored

STREAMS = ["S1", "S2", "S3"]
TEAMS = [f"T{n}" for n in range(5)]
PRODUCTS = [f"P{n}" for n in range(4)]
DISCIPLINES = ["design", "data", "legal", "dev"]

streams = st.sampled_from([*STREAMS, None])


@st.composite
def experiment(draw, number: int) -> dict:
    """One experiment that satisfies the schema's checks, with partners, disciplines and
    (when done) sometimes a decision, on or after its end (the schema refuses earlier)."""
    team = draw(st.sampled_from(TEAMS))
    status = draw(st.sampled_from(contract.EXPERIMENT_STATUSES))
    start = AS_OF - dt.timedelta(days=draw(st.integers(0, 600)))
    end = start + dt.timedelta(days=draw(st.integers(0, 120)))
    done = status == "done"
    decided = done and draw(st.booleans())
    return {
        "decision": draw(st.sampled_from(contract.DECISIONS)) if decided else None,
        "decision_date": end + dt.timedelta(days=draw(st.integers(0, 90))) if decided else None,
        "experiment_id": f"E{number}", "team_id": team, "title": f"Experiment {number}",
        "hypothesis": "We believe", "status": status,
        "lean_lens": draw(st.sampled_from(contract.LEAN_LENSES)),
        # an unknown product leaves the experiment in its lead team's stream
        "product_id": draw(st.sampled_from([*PRODUCTS, "P-GONE", None])),
        "goal_id": draw(st.sampled_from(["G1", None])),
        # adoptions: chains and loops of any length arise between the drawn experiments
        "source_experiment_id": draw(st.sampled_from([None, None, *[f"E{n}" for n in range(12)
                                                                    if n != number]])),
        "start_date": None if status == "idea" else start,
        "end_date": end if status in ("done", "stopped") else None,
        "result": draw(st.sampled_from(contract.RESULTS)) if done else None,
        "observed": 1.0 if done else None,
        "learning": "learnt" if done else None,
        "partner_teams": ";".join(draw(st.lists(
            st.sampled_from([t for t in TEAMS if t != team]), unique=True, max_size=3))) or None,
        "disciplines": ";".join(draw(st.lists(st.sampled_from(DISCIPLINES), max_size=3))) or None,
    }


@st.composite
def organisation(draw) -> dict[str, list[dict]]:
    """Teams and products in random streams, and up to a dozen experiments."""
    count = draw(st.integers(0, 12))
    return {
        "goals": [{"goal_id": "G1", "title": "Goal", "level": "goal", "status": "active"}],
        "products": [{"product_id": p, "name": p, "lifecycle": "grow",
                      "value_stream": draw(st.sampled_from(STREAMS))} for p in PRODUCTS],
        "product_goals": [{"product_id": "P0", "goal_id": "G1", "link_type": "contributes"}],
        "teams": [{"team_id": t, "name": t, "value_stream": draw(streams)} for t in TEAMS],
        "team_products": [{"team_id": "T0", "product_id": "P0", "role": "owner"}],
        "experiments": [draw(experiment(n)) for n in range(count)],
    }


@st.composite
def later_uploads(draw, first: dict[str, list[dict]]) -> list[dict[str, list[dict]]]:
    """Up to three later uploads: changed experiments, products moved, teams moved."""
    uploads = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["experiments", "products", "teams"]))
        if kind == "experiments":
            numbers = draw(st.lists(st.integers(0, 14), unique=True, min_size=1, max_size=4))
            uploads.append({"experiments": [draw(experiment(n)) for n in numbers]})
        elif kind == "products":
            uploads.append({"products": [{**row, "value_stream": draw(st.sampled_from(STREAMS))}
                                         for row in first["products"]]})
        else:
            uploads.append({"teams": [{**row, "value_stream": draw(streams)}
                                      for row in first["teams"]]})
    return uploads


SCOPES = [
    Scope(as_of=AS_OF, period="all"),
    Scope(as_of=AS_OF, period="90d", value_stream="S1"),
    Scope(as_of=AS_OF, period="6m", value_stream="S2", team_id="T2"),
]


def leader_figures(con) -> dict[str, object]:
    """Every figure of the leader pages that reads the experiments in scope, per scope."""
    figures = {}
    for n, scope in enumerate(SCOPES):
        view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
        figures[f"{n} kpis"] = [dataclasses.astuple(k) for k in kpis.overview_kpis(con, scope)]
        for query in (queries.product_balance, queries.lens_counts, queries.team_collaboration,
                      queries.team_network_edges, queries.team_disciplines,
                      queries.collaboration_counts, queries.collaboration_by_quarter,
                      queries.cascade_products, queries.cascade_goals,
                      queries.cascade_team_work, queries.goal_product_matrix):
            figures[f"{n} {query.__name__}"] = query(*view)
        for query in (queries.funnel_counts, queries.undecided_experiments,
                      queries.decision_lead_times, queries.validated_spread):
            figures[f"{n} {query.__name__}"] = query(con, scope)
    return figures


def raw_facts(con) -> None:
    """Make the scope rules read the facts computed from raw rows instead of the kept ones."""
    con.execute("ALTER TABLE experiment_facts RENAME TO experiment_facts_kept")
    con.execute("CREATE VIEW experiment_facts AS SELECT * FROM experiment_facts_live")


def rows(con, relation: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {relation}").fetchall(), key=repr)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_figures_from_the_rollups_equal_the_figures_from_raw_rows(backend, request, data):
    first = data.draw(organisation())
    with fresh_database(backend, request) as con:
        stored(con, **first)
        for upload in data.draw(later_uploads(first)):
            stored(con, **upload)
        assert rows(con, "experiment_facts") == rows(con, "experiment_facts_live")
        from_rollups = leader_figures(con)
        raw_facts(con)
        from_raw = leader_figures(con)
    assert from_rollups.keys() == from_raw.keys()
    for name, figure in from_rollups.items():
        if isinstance(figure, pd.DataFrame):
            pd.testing.assert_frame_equal(figure, from_raw[name], obj=name)
        else:
            assert figure == from_raw[name], name


@pytest.mark.parametrize(
    ("upload", "facts"),
    [
        ({"experiments": [{"experiment_id": "E1", "partner_teams": "T2;T3",
                           "disciplines": "data;design"}]},
         [("E1", "S1", 3, True)]),
        ({"products": [{"product_id": "P1", "value_stream": "S9"}]},
         [("E1", "S9", 1, False)]),
        ({"teams": [{"team_id": "T1", "value_stream": "S8"}]},
         [("E1", "S1", 1, False)]),
        ({"experiments": [{"experiment_id": "E1", "product_id": None}]},
         [("E1", "S-TEAM", 1, False)]),
    ],
    ids=["partners and disciplines", "product moved to another stream",
         "lead team moved (product decides)", "product removed: the team's stream"],
)
def test_an_upload_refreshes_the_facts_it_changes(con, upload, facts):
    base = {
        "products": [{"product_id": "P1", "name": "P1", "value_stream": "S1",
                      "lifecycle": "grow"}],
        "teams": [{"team_id": t, "name": t, "value_stream": "S-TEAM"} for t in TEAMS[:4]],
        "experiments": [{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": "idea", "lean_lens": "flow",
                         "product_id": "P1"}],
    }
    stored(con, **base)
    changed = {kind: [{**base[kind][0], **row} for row in changed_rows]
               for kind, changed_rows in upload.items()}
    if "teams" in upload:
        changed["teams"] = [{**next(t for t in base["teams"] if t["team_id"] == row["team_id"]),
                             **row} for row in upload["teams"]]
    stored(con, **changed)
    assert con.execute("SELECT * FROM experiment_facts").fetchall() == facts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=organisation(), scope=st.sampled_from(SCOPES))
def test_overview_tiles_counted_in_sql_equal_the_metrics_over_rows(backend, request, first,
                                                                   scope):
    with fresh_database(backend, request) as con:
        stored(con, **first)
        undecided = queries.undecided_experiments(con, scope)
        assert (queries.learning_debt_count(con, scope, metrics.DEBT_AFTER_DAYS)
                == metrics.learning_debt_count(undecided, scope.as_of))
        lead_times = queries.decision_lead_times(con, scope)
        assert (queries.median_lead_days(con, scope)
                == metrics.median_lead_time_days(lead_times, scope.as_of))
        assert (queries.spread_factor(con, scope, QUARTER_DAYS)
                == metrics.spread_factor(queries.validated_spread(con, scope), scope.as_of))

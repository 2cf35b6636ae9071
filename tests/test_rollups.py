"""The rollups: for any organisation and any later writes, figures read from the kept
``experiment_facts`` and the monthly rollups equal the same figures computed from raw rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alignment import contract, db, kpis, metrics, queries, store
from alignment.access import Person
from alignment.queries import _scope
from alignment.scope import PERIODS, Scope
from alignment.store import rollups as store_rollups
from tests import experiments_raw_rows
from tests.conftest import AS_OF, fresh_database, stored
from tests.teams_raw_rows import ORACLES, from_raw_rows

STREAMS = ["S1", "S2", "S3"]
TEAMS = [f"T{n}" for n in range(5)]
PRODUCTS = [f"P{n}" for n in range(4)]
DISCIPLINES = ["design", "data", "legal", "dev"]

streams = st.sampled_from([*STREAMS, None])

# The days scopes begin and end on, of the first and last day of a month and a year among them
AS_OFS = [AS_OF, dt.date(2026, 10, 31), dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
BOUNDS = sorted({day for as_of in AS_OFS for day in
                 [as_of, *(Scope(as_of, period).start for period in PERIODS)] if day})
# and the days either side of them: where an off-by-one in the rollups would show
EDGES = sorted({day + dt.timedelta(days=d) for day in BOUNDS for d in (-1, 0, 1)})


@st.composite
def experiment(draw, number: int) -> dict:
    """One experiment that satisfies the schema's checks, with partners, disciplines and
    (when done) sometimes a decision, on or after its end (the schema refuses earlier)."""
    team = draw(st.sampled_from(TEAMS))
    status = draw(st.sampled_from(contract.EXPERIMENT_STATUSES))
    start = draw(st.one_of(st.sampled_from(EDGES), st.sampled_from(EDGES),
                           st.integers(0, 600).map(lambda d: AS_OF - dt.timedelta(days=d))))
    end = draw(st.one_of(st.sampled_from([day for day in EDGES if day >= start] or [start]),
                         st.integers(0, 120).map(lambda d: start + dt.timedelta(days=d))))
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
        # outcomes the value proof places: attainment 1, ⅓, 0 or none, any energy, evidence
        "baseline": draw(st.sampled_from([None, 0.0, 1.0, 3.0])),
        "target": draw(st.sampled_from([None, 0.0, 1.0, 3.0])),
        "energy": draw(st.sampled_from([None, 2, 4, 5])),
        "evidence_strength": draw(st.sampled_from([None, *contract.EVIDENCE_STRENGTHS])),
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
    """Up to three later writes: changed experiments, products moved, teams moved, decisions
    recorded by a leader."""
    uploads = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["experiments", "products", "teams", "decisions"]))
        if kind == "decisions":
            if first["experiments"]:
                numbers = st.integers(0, len(first["experiments"]) - 1)
                uploads.append({"decisions": [(f"E{draw(numbers)}",
                                               draw(st.sampled_from(contract.DECISIONS)))]})
        elif kind == "experiments":
            numbers = draw(st.lists(st.integers(0, 14), unique=True, min_size=1, max_size=4))
            uploads.append({"experiments": [draw(experiment(n)) for n in numbers]})
        elif kind == "products":
            uploads.append({"products": [{**row, "value_stream": draw(st.sampled_from(STREAMS))}
                                         for row in first["products"]]})
        else:
            uploads.append({"teams": [{**row, "value_stream": draw(streams)}
                                      for row in first["teams"]]})
    return uploads


any_scope = st.builds(
    Scope,
    as_of=st.sampled_from(AS_OFS),
    period=st.sampled_from(list(PERIODS)),
    # mostly the whole organisation, which reads the rollups; a team reads its raw rows
    value_stream=st.sampled_from([None, None, *STREAMS]),
    team_id=st.sampled_from([None, None, None, *TEAMS[:2]]),
)

# How the leader queries read the rollups: (rollup, keys, stream filter, team filter).
READS = [
    ("rollup_collaboration", ("cross_team", "cross_discipline"), True, True),
    ("rollup_product_lens", ("product_id", "lean_lens"), False, True),
    ("rollup_product_lens", ("product_id", "status"), False, True),
    ("rollup_team_work", ("team_id", "product_id", "status"), False, False),
]

# The same keys computed from an experiment in scope's raw row ('' for no product).
RAW_KEYS = {"cross_team": "e.team_count >= 2", "product_id": "coalesce(e.product_id, '')"}


def scope_values(scope: Scope) -> list:
    return _scope.scope_values(scope.as_of, scope.start, scope.value_stream, scope.team_id)


def counted_in_period(con, rollup, keys, stream, team, scope) -> list[tuple]:
    """Experiments in scope per ``keys``, counted through ``rollup``."""
    fragment = _scope.counted_in_period("counted", rollup, keys, stream=stream, team=team)
    sql = f"WITH {_scope.params()}, {fragment} SELECT * FROM counted"
    return sorted(con.execute(sql, scope_values(scope)).fetchall())


def raw_in_period(con, rollup, keys, stream, team, scope) -> list[tuple]:
    """The oracle: the same counts grouped from the raw rows of the experiments in scope."""
    columns = ", ".join(RAW_KEYS.get(key, "e." + key) for key in keys)
    sql = (f"WITH {_scope.params()}, {_scope.experiments_in_scope(stream=stream, team=team)}"
           f" SELECT {columns}, count(*) FROM experiments_in_scope AS e GROUP BY {columns}")
    return sorted(con.execute(sql, scope_values(scope)).fetchall())


# The Experiments page's filters that read its rollup (a text reads the raw rows).
EXPERIMENT_FILTERS = [queries.ExperimentFilter(),
                      queries.ExperimentFilter(statuses=("done", "stopped"),
                                               results=("validated",)),
                      queries.ExperimentFilter(lenses=("flow",))]

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


LEADER = Person(email="leader@example.org", name="Leader", role="leader")


def written(con, writes: dict[str, list]) -> None:
    """One later write: an upload through the store, or decisions recorded by a leader."""
    for experiment_id, decision in writes.get("decisions", []):
        # after any drawn end date, so the schema accepts it
        store.saved_decision(con, experiment_id, decision, "product", dt.date(2027, 12, 31),
                             "Because", LEADER, dt.datetime(2027, 12, 31, 12))
    stored(con, **{kind: rows for kind, rows in writes.items() if kind != "decisions"})


def raw_facts(con) -> None:
    """Make the scope rules read the facts computed from raw rows instead of the kept ones."""
    con.execute("ALTER TABLE experiment_facts RENAME TO experiment_facts_kept")
    con.execute("CREATE VIEW experiment_facts AS " + store.experiment_facts_sql(con.dialect))


def rows(con, relation: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {relation}").fetchall(), key=repr)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_figures_from_the_rollups_equal_the_figures_from_raw_rows(backend, request, data):
    first = data.draw(organisation())
    with fresh_database(backend, request) as con:
        stored(con, **first)
        for upload in data.draw(later_uploads(first)):
            written(con, upload)
        assert rows(con, "experiment_facts") == rows(
            con, f"({store.experiment_facts_sql(con.dialect)}) AS live")
        kept = {table: rows(con, table) for table in store_rollups.kept_tables()}
        db.written(con, store.refreshed_rollups)  # what the rebuild command does
        assert kept == {table: rows(con, table) for table in store_rollups.kept_tables()}
        scopes = data.draw(st.lists(any_scope, min_size=3, max_size=6))
        from_rollups = leader_figures(con)
        counted = [counted_in_period(con, *read, scope) for read in READS for scope in scopes]
        teams_pages = [(name, scope) for name in ORACLES for scope in scopes]
        for scope in scopes:  # the Experiments page's counts against their raw-row SQL
            for chosen in EXPERIMENT_FILTERS:
                pd.testing.assert_frame_equal(
                    queries.filtered_experiment_counts(con, scope, chosen),
                    experiments_raw_rows.counts(con, scope, chosen), check_dtype=False)
        for name, scope in teams_pages:  # the Teams page's figures against their raw-row SQL
            view = (scope.start, scope.as_of, scope.value_stream, scope.team_id)
            pd.testing.assert_frame_equal(getattr(queries, name)(con, *view),
                                          from_raw_rows(con, name, *view), obj=name)
        raw_facts(con)
        from_raw = leader_figures(con)
        assert counted == [raw_in_period(con, *read, scope) for read in READS for scope in scopes]
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
        assert (queries.spread_factor(con, scope)
                == metrics.spread_factor(queries.validated_spread(con, scope), scope.as_of))


PERIOD = Scope(as_of=dt.date(2026, 11, 15), period="90d")  # 2026-08-18 to 2026-11-15
NEW_YEAR = Scope(as_of=dt.date(2027, 1, 1), period="90d")  # 2026-10-04 to 2027-01-01
YEAR = Scope(as_of=dt.date(2026, 12, 31), period="12m")  # 2026-01-01 to 2026-12-31


@pytest.mark.parametrize(
    ("scope", "status", "start", "end", "in_period"),
    [
        (PERIOD, "done", "2026-08-01", "2026-08-17", False),
        (PERIOD, "done", "2026-08-01", "2026-08-18", True),
        (PERIOD, "done", "2026-07-01", "2026-07-31", False),
        (PERIOD, "stopped", "2026-08-17", None, False),
        (PERIOD, "idea", "2026-08-18", None, True),
        (PERIOD, "running", "2026-01-01", "2026-03-01", True),
        (PERIOD, "running", "2026-11-15", None, True),
        (PERIOD, "running", "2026-11-16", None, False),
        (PERIOD, "done", "2026-11-01", "2026-12-01", True),
        (PERIOD, "done", "2026-12-01", "2026-12-02", False),
        (PERIOD, "done", "2026-10-31", "2026-10-31", True),
        # the first day of a year as as_of, and as the period's start
        (NEW_YEAR, "running", "2027-01-01", None, True),
        (NEW_YEAR, "running", "2027-01-02", None, False),
        (NEW_YEAR, "done", "2026-12-31", "2027-01-01", True),
        (NEW_YEAR, "done", "2025-12-31", "2026-10-03", False),
        (NEW_YEAR, "done", "2025-12-31", "2026-10-04", True),
        (NEW_YEAR, "stopped", "2026-12-31", None, True),
        (YEAR, "done", "2025-12-01", "2025-12-31", False),
        (YEAR, "done", "2025-12-31", "2026-01-01", True),
        (YEAR, "stopped", "2025-12-31", None, False),
        (YEAR, "stopped", "2026-01-01", None, True),
        (YEAR, "running", "2025-01-01", None, True),
        (YEAR, "running", "2026-12-31", None, True),
        (YEAR, "running", "2027-01-01", None, False),
        (YEAR, "done", "2026-12-31", "2027-01-31", True),
    ],
)
def test_the_rollups_count_an_experiment_by_its_days_at_the_edges_of_the_period(
        con, scope, status, start, end, in_period):
    done = status == "done"
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           experiments=[{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": status, "lean_lens": "flow",
                         "start_date": dt.date.fromisoformat(start),
                         "end_date": end and dt.date.fromisoformat(end),
                         "result": "validated" if done else None,
                         "observed": 1.0 if done else None,
                         "learning": "learnt" if done else None}])
    expected = [(False, False, 1)] if in_period else []
    assert counted_in_period(con, *READS[0], scope) == expected
    assert counted_in_period(con, *READS[0], dataclasses.replace(scope, team_id="T1")) \
        == expected


class Recording:
    """A cursor that keeps every statement it executes."""

    def __init__(self, cur) -> None:
        self.cur, self.statements = cur, []

    def execute(self, sql: str, params=None):
        self.statements.append(sql)
        return self.cur.execute(sql, params)

    def __getattr__(self, name: str):
        return getattr(self.cur, name)


DECISIONS_MOVE = {
    # the Learning flow's rows, and the Experiments page's, which counts the decided
    "a strongly evidenced scale": ("strong", "scale",
                                   ["rollup_experiment_filters", "rollup_learning"]),
    # and the value proof's, which counts a spread on weak evidence in its decision's month
    "a weakly evidenced spread": ("weak", "spread", ["rollup_experiment_filters",
                                                     "rollup_learning", "rollup_outcomes"]),
}


@pytest.mark.parametrize(("evidence", "decision", "moved"), DECISIONS_MOVE.values(),
                         ids=DECISIONS_MOVE.keys())
def test_a_decision_moves_only_the_rollups_that_read_decisions(con, evidence, decision, moved):
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           experiments=[{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": "done", "lean_lens": "flow",
                         "start_date": AS_OF, "end_date": AS_OF, "result": "validated",
                         "observed": 1.0, "learning": "learnt",
                         "evidence_strength": evidence}])
    before = {table: rows(con, table) for table in store_rollups.kept_tables()}
    recording = []

    def decided(cur):
        cur = Recording(cur)
        recording.append(cur)
        return store.recorded_decision(cur, "E1", decision, "product", AS_OF, "Because",
                                       LEADER, dt.datetime(2026, 11, 16))

    db.written(con, decided)
    written = {match.group(2) for sql in recording[0].statements
               if (match := re.match(r"(UPDATE|INSERT INTO|DELETE FROM) (\w+)", sql))}
    reading_decisions = sorted(table for table, rollup in store_rollups.ROLLUPS.items()
                               if rollup.source in store_rollups.DECIDED_SOURCES)
    assert len(reading_decisions) < len(store_rollups.ROLLUPS)
    assert sorted(table for table in written if table.startswith("rollup")) \
        == reading_decisions
    # the experiment's rows of each such source are gathered once to subtract and once to add
    assert sum(sql.startswith("CREATE TEMPORARY TABLE") for sql in recording[0].statements) \
        == 2 * len(store_rollups.DECIDED_SOURCES)
    after = {table: rows(con, table) for table in store_rollups.kept_tables()}
    assert sorted(table for table in after if after[table] != before[table]) == moved
    db.written(con, store.refreshed_rollups)  # what the rebuild command does
    assert after == {table: rows(con, table) for table in store_rollups.kept_tables()}


def test_the_rebuild_command_recomputes_the_rollups_from_the_raw_rows(backend, request,
                                                                      tmp_path, monkeypatch):
    if backend == "duckdb":
        target = str(tmp_path / "alignment.duckdb")
        monkeypatch.setenv(db.ENV_VAR, target)
        monkeypatch.delenv(db.URL_ENV_VAR, raising=False)
    else:
        server = request.getfixturevalue("postgres_server")
        target = server.fresh_url()
        request.addfinalizer(lambda: server.dropped(target))
        monkeypatch.setenv(db.URL_ENV_VAR, target)
    con = db.connect(target)
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           experiments=[{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": "running", "lean_lens": "flow",
                         "start_date": AS_OF}])
    kept = {table: rows(con, table) for table in store_rollups.kept_tables()}
    for table in store_rollups.kept_tables():
        con.execute(f"UPDATE {table} SET n = n + 5")
    con.execute("INSERT INTO rollup_collaboration VALUES ('S9', true, true, ?, 'start', 3)",
                [AS_OF])
    con.close()
    store_rollups.main(["rebuild"])
    con = db.connect(target)
    try:
        assert {table: rows(con, table) for table in store_rollups.kept_tables()} == kept
        assert kept["rollup_collaboration"] == [("S1", False, False, AS_OF.replace(day=1),
                                                 "start", 1)]
    finally:
        con.close()


@pytest.mark.parametrize("source", sorted(store_rollups.SOURCES))
def test_a_source_reads_the_rows_of_a_write_without_a_query_per_row(con, backend, source):
    if backend == "duckdb":
        pytest.skip("DuckDB turns every correlated subquery into a join")
    stored(con, teams=[{"team_id": "T1", "name": "T1", "value_stream": "S1"}],
           experiments=[{"experiment_id": "E1", "team_id": "T1", "title": "Experiment",
                         "hypothesis": "h", "status": "done", "lean_lens": "flow",
                         "start_date": AS_OF, "end_date": AS_OF, "result": "validated",
                         "observed": 1.0, "learning": "learnt"}])
    sql = store_rollups.source_sql(source, "(SELECT experiment_id FROM experiments) AS ids")
    plan = "\n".join(row[0] for row in con.execute("EXPLAIN " + sql).fetchall())
    # a subquery run once per row of a write scanned the experiments for each: a 100,000-row
    # upload into PostgreSQL did not finish in fifteen minutes
    assert [line for line in plan.splitlines()
            if "SubPlan" in line and "hashed SubPlan" not in line] == [], plan

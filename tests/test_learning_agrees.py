"""The learning, history, people, sidebar and data queries give the same answers on DuckDB and
on PostgreSQL: each is run on the demo organisation in both and compared frame for frame."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import queries
from alignment.scope import Scope
from tests.conftest import demo_database, stored

AS_OF = dt.date(2026, 11, 15)
PEOPLE = [
    {"email": "pas@example.org", "name": "Pas", "role": "member", "team_id": "BZ-PAS"},
    {"email": "Coach@Example.org", "name": "Coach", "role": "coach"},
    {"email": "lead@example.org", "name": "Lead", "role": "leader"},
]
COACH_TEAMS = [{"email": "Coach@Example.org", "team_id": team}
               for team in ("BZ-PAS", "BZ-AFS", "NOPE")]


@pytest.fixture(scope="module")
def both(request):
    """The demo, with a few people, in DuckDB and in PostgreSQL."""
    with (demo_database(AS_OF, "duckdb") as duck,
          demo_database(AS_OF, "postgres", request) as postgres):
        for con in (duck, postgres):
            stored(con, people=PEOPLE, coach_teams=COACH_TEAMS)
        yield duck, postgres


# scope → every view a leader can take: all time, a period, a stream, a team, an earlier day
SCOPES = {
    "all time": Scope(as_of=AS_OF, period="all"),
    "90 days": Scope(as_of=AS_OF, period="90d"),
    "a stream": Scope(as_of=AS_OF, period="12m", value_stream="Burgerzaken"),
    "a team": Scope(as_of=AS_OF, period="all", team_id="BZ-PAS"),
    "a year earlier": Scope(as_of=dt.date(2025, 11, 15), period="6m"),
}
CHOSEN = {
    "no filter": queries.ExperimentFilter(),
    "filters": queries.ExperimentFilter(statuses=("done", "running"), lenses=("flow", "value"),
                                        results=("validated", "inconclusive"), text="DE"),
    "100% typed": queries.ExperimentFilter(text="100%"),
}

SCOPED = {
    "funnel_counts": queries.funnel_counts,
    "undecided_experiments": queries.undecided_experiments,
    "decision_lead_times": queries.decision_lead_times,
    "median_lead_days": queries.median_lead_days,
    "learning_debt_count": lambda con, scope: queries.learning_debt_count(con, scope, 30),
    "lead_time_histogram": queries.lead_time_histogram,
    "decisions_by_quarter": queries.decisions_by_quarter,
    "validated_spread": queries.validated_spread,
    "spread_factor": lambda con, scope: queries.spread_factor(con, scope, 90),
    "spread_tree_nodes": lambda con, scope: queries.spread_tree_nodes(
        con, list(queries.validated_spread(con, scope)["experiment_id"]), scope.as_of),
    **{f"filtered_experiment_counts, {name}": (
        lambda con, scope, chosen=chosen: queries.filtered_experiment_counts(con, scope, chosen))
       for name, chosen in CHOSEN.items()},
    **{f"filtered_experiments, {name}": (
        lambda con, scope, chosen=chosen: queries.filtered_experiments(con, scope, chosen))
       for name, chosen in CHOSEN.items()},
    "filtered_experiments, the first 7": lambda con, scope: queries.filtered_experiments(
        con, scope, queries.ExperimentFilter(), 7),
    "learning_cards": lambda con, scope: queries.learning_cards(
        con, scope, queries.ExperimentFilter()),
}


def every_record(con, entity: str, key: str) -> pd.DataFrame:
    ids = queries.table_rows(con, entity, 10**6)[key].sort_values()
    return pd.concat([queries.record_as_text(con, entity, i) for i in ids], ignore_index=True)


def without(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``frame`` without the columns that tell when and under which id the demo was loaded."""
    return frame.drop(columns=list(columns))


UNSCOPED = {
    "record_as_text, every experiment": lambda con: every_record(
        con, "experiments", "experiment_id"),
    "record_as_text, every goal": lambda con: every_record(con, "goals", "goal_id"),
    "record_as_text, none": lambda con: queries.record_as_text(con, "goals", "NOPE"),
    "entity_changes": lambda con: without(
        queries.entity_changes(con, "experiments", "PAS-001"), "changed_at", "upload_id"),
    "person_record, a coach in another case": lambda con: queries.person_record(
        con, "coach@EXAMPLE.org"),
    "person_record, not a coach": lambda con: queries.person_record(con, "pas@example.org"),
    "person_record, nobody": lambda con: queries.person_record(con, "nobody@example.org"),
    "people_list": queries.people_list,
    "coach_assignments": queries.coach_assignments,
    "people_roles": lambda con: queries.people_roles(con).sort_values("email",
                                                                      ignore_index=True),
    "value_streams": queries.value_streams,
    "team_choices, all": lambda con: queries.team_choices(con, None),
    "team_choices, a stream": lambda con: queries.team_choices(con, "Burgerzaken"),
    "table_size": lambda con: queries.table_size(con, "experiments"),
    "goal_parents": lambda con: queries.goal_parents(con).sort_values("goal_id",
                                                                      ignore_index=True),
    "upload_history": lambda con: without(queries.upload_history(con), "uploaded_at",
                                          "upload_id", "sha256"),
    "upload_history, of a kind": lambda con: without(queries.upload_history(con, "teams", 3),
                                                     "uploaded_at", "upload_id", "sha256"),
    "upload_count": queries.upload_count,
    "example_chain": queries.example_chain,
    "example_chain, of a team": lambda con: queries.example_chain(con, "BZ-PAS"),
    "experiment_ids_starting": lambda con: sorted(queries.experiment_ids_starting(con, "PAS-")),
}


def assert_same(duck, postgres) -> None:
    """Equal answers; two empty frames need only the same columns (an empty text column is
    typed apart by the two drivers)."""
    if isinstance(duck, pd.DataFrame) and duck.empty:
        assert postgres.empty and list(duck.columns) == list(postgres.columns)
    elif isinstance(duck, pd.DataFrame):
        pd.testing.assert_frame_equal(duck, postgres)
    elif isinstance(duck, float):
        assert duck == pytest.approx(postgres)
    else:
        assert duck == postgres


@pytest.mark.parametrize("scope", SCOPES.values(), ids=SCOPES)
@pytest.mark.parametrize("name", SCOPED)
def test_a_scoped_query_answers_alike_on_both(both, name, scope):
    assert_same(*(SCOPED[name](con, scope) for con in both))


@pytest.mark.parametrize("name", UNSCOPED)
def test_a_query_answers_alike_on_both(both, name):
    assert_same(*(UNSCOPED[name](con) for con in both))


@pytest.mark.parametrize("scope", SCOPES.values(), ids=SCOPES)
def test_every_scope_compares_experiments(both, scope):
    duck, _ = both
    assert len(queries.filtered_experiments(duck, scope, queries.ExperimentFilter())) > 0

"""Every query answers alike on DuckDB and PostgreSQL: the demo organisation loaded in both,
each public query of ``alignment.queries`` run on both with the same arguments.

The same frame means the same columns in order, the same rows in order, equal values (floats
to 1e-9) and the same kind of column: numeric, datetime, bool, or text and the rest. Two
loads of the demo differ in when they happened, on any backend: the load's clock
(``uploaded_at``, ``changed_at``), the upload ids drawn from it and the database's own id
are compared for being there, not for their value.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pytest

from alignment import db, metrics, queries
from alignment.db import Database
from alignment.demo import DEMO_AS_OF
from alignment.queries import ExperimentFilter
from alignment.scope import QUARTER_DAYS, Scope
from alignment.session import live
from tests.conftest import demo_database

SCOPES = {
    "all": Scope(DEMO_AS_OF),
    "stream": Scope(DEMO_AS_OF, "90d", value_stream="Burgerzaken"),
    "team": Scope(DEMO_AS_OF, "all", team_id="SD-WMO"),
    "earlier": Scope(dt.date(2026, 5, 15), "6m"),
}

# The demo has nobody in people: a few, so the people queries have rows to answer with.
PEOPLE = [("ada@example.org", "Ada", "admin", None),
          ("cor@example.org", "Cor", "coach", None),
          ("Mo@Example.org", "Mo", "member", "SD-WMO")]
COACHED = [("cor@example.org", "SD-WMO"), ("cor@example.org", "BZ-KCC")]

# A live session of SD-WMO in its actions phase: two cards grouped, dots, votes, an action.
LIVE = ("LS-0001", "ACDE34", "SD-WMO", "cor@example.org", dt.datetime(2026, 11, 15, 9),
        "actions", dt.datetime(2026, 11, 15, 9, 30), dt.datetime(2026, 11, 15, 9, 35), None)
LIVE_CARDS = [("c1", "LS-0001", "went_well", "Pairing", None, 2),
              ("c2", "LS-0001", "went_well", "Samen bouwen", "c1", 0),
              ("c3", "LS-0001", "could_be_better", "Deploys", None, 1)]

FILTERS = {
    "every experiment": ExperimentFilter(),
    "done flow or waste, validated": ExperimentFilter(
        statuses=("done",), lenses=("flow", "waste"), results=("validated",)),
    "searched": ExperimentFilter(text="Wmo"),
    "a percent sign typed": ExperimentFilter(text="100%"),  # searched for, not a wildcard
}


def each(name: str, values) -> list[dict]:
    """One call per value, passed as the parameter ``name``."""
    return [{name: value} for value in values]


# Public query → the calls to make, each with the arguments that are not the scope's. A query
# with a parameter the scope gives (scope, as_of, start, value_stream, team_id) and not given
# here runs once per scope of SCOPES.
CALLS: dict[str, list[dict]] = {
    # answers
    "team_answers": [{"team_id": team, "since": dt.date(2026, 1, 1)}
                     for team in ("SD-WMO", "BZ-AFS")],
    "answers_in_scope": [{}],
    "team_hand_overs": [{}],
    # chain
    "entity_counts": [{}],
    "goal_chain": [{}],
    "product_links": [{}],
    "team_links": [{}],
    "experiment_link_gaps": [{}],
    "experiment_break_counts": [{}],
    "first_link_gaps": each("rows", [1, 25]),
    "first_link_gaps_in_view": each("rows", [1, 25]),
    "goal_link_gaps": each("goal_id", ["DOEL-01", "DOEL-03", "NONE"]),
    # data
    "table_size": each("table", queries.TABLE_ROWS),
    "table_rows": [{"table": table, "limit": 10**6} for table in queries.TABLE_ROWS],
    "named_sessions": [{"ids": ["S-0183", "S-0001", "S-9999", "RETRO-7"]}],
    "reference_ids": [{}],
    "goal_parents": [{}],
    "named_experiments": [{"ids": ["PAS-001", "WMO-004", "NONE-1"]}],
    "upload_history": [{"kind": None}, {"kind": "experiments", "limit": 3}],
    "example_chain": [{}],
    "experiment_ids_starting": each("prefix", ["PAS-", "WMO-00", "X-"]),
    "upload_count": [{}],
    # history
    "record_as_text": [{"entity": "experiments", "entity_id": "WMO-004"},
                       {"entity": "goals", "entity_id": "DOEL-01"},
                       {"entity": "goals", "entity_id": "NONE"}],
    "entity_changes": [{"entity": "experiments", "entity_id": "WMO-004"},
                       {"entity": "sessions", "entity_id": "S-0183"}],
    # learning
    "funnel_counts": [{}],
    "undecided_experiments": [{}],
    "decision_lead_times": [{}],
    "median_lead_days": [{}],
    "learning_debt_count": [{"after_days": metrics.DEBT_AFTER_DAYS}],
    "learning_debt_first": [{"after_days": metrics.DEBT_AFTER_DAYS, "limit": 5}],
    "lead_time_histogram": [{}],
    "decisions_by_quarter": [{}],
    "spread_factor": [{"window_days": QUARTER_DAYS}],
    "validated_spread": [{}],
    "spread_tree_nodes": [{"root_ids": ["PAS-001", "OMG-002", "WMO-001"]}],
    "filtered_experiment_counts": each("chosen", FILTERS.values()),
    "filtered_experiments": [{"chosen": chosen} for chosen in FILTERS.values()]
                            + [{"chosen": ExperimentFilter(), "limit": 5}],
    "learning_cards": each("chosen", FILTERS.values())
                      + [{"chosen": chosen, "status": "running"} for chosen in FILTERS.values()],
    "experiment_outcomes": [{}],
    # people
    "person_record": each("email", ["mo@example.org", "cor@example.org", "nobody@example.org"]),
    "people_list": [{}],
    "coach_assignments": [{}],
    "people_roles": [{}],
    # reflection
    "session_coverage": [{}],
    "team_roster": [{}],
    "team_sessions": [{}],
    "session_actions": [{}],
    "team_reflection": [{}],
    "last_scores": [{"trend_sessions": metrics.TREND_SESSIONS}],
    "team_chain": each("team_id", ["SD-WMO", "BZ-KCC", "NONE"]),
    "team_experiments": [{"team_id": team, "since": dt.date(2026, 8, 1)}
                         for team in ("SD-WMO", "BZ-PAS")],
    "open_actions": each("team_id", ["SD-WMO", "BZ-KCC"]),
    "score_trends": each("team_id", ["SD-WMO", "BZ-KCC"]),
    "session_record": each("session_id", ["S-0183", "S-0001", "S-9999"]),
    "session_action_list": each("session_id", ["S-0053", "S-0183", "S-9999"]),
    "live_session": each("code", [LIVE[1], "NONE"]),
    "open_live_session": each("team_id", ["SD-WMO", "BZ-KCC"]),
    "live_phases": each("live_id", [LIVE[0]]),
    "live_cards": each("live_id", [LIVE[0], "NONE"]),
    "live_scores": each("live_id", [LIVE[0]]),
    "live_actions": each("live_id", [LIVE[0]]),
    "team_decisions": [{"team_id": team, "since": dt.date(2026, 1, 1), "until": DEMO_AS_OF}
                       for team in ("SD-WMO", "BZ-PAS")],
    # scope
    "value_streams": [{}],
    "team_choices": [{}],
    # structure
    "cascade_products": [{}],
    "cascade_goals": [{}],
    "cascade_goal_links": [{}],
    "cascade_team_work": [{}],
    "goal_product_matrix": [{}],
    "goal_choices": [{}],
    "goal_products": each("goal_id", ["DOEL-01", "AMB-01"]),
    "goal_teams": each("goal_id", ["DOEL-01", "OBJ-02"]),
    "goal_experiments": each("goal_id", ["DOEL-01", "DOEL-03"]),
    "goal_decisions": each("goal_id", ["DOEL-01", "DOEL-03"]),
    "product_balance": [{}],
    "lens_counts": [{}],
    "team_network_edges": [{}],
    "team_collaboration": [{}],
    "team_disciplines": [{}],
    "collaboration_counts": [{}],
    "collaboration_by_quarter": [{}],
    # versions: which write each topic is at, which streams a write touched
    "versions": [{}],
    "staged_experiment_streams": [{"upload_id": None}],  # the upload's own, in its write
    "experiment_streams": each("experiment_id", ["PAS-001", "WMO-009", "NO-SUCH-EXPERIMENT"]),
    "session_streams": each("session_id", ["S-0001", "S-0100"]),
    "action_streams": each("action_id", ["A-0103", "A-0001"]),
    # value
    "goal_measures": [{}],
    "check_ins": [{}],
    "goal_tree": [{}],
    "measure_ids": [{}],
    "goal_owner": each("goal_id", ["DOEL-01", "NO-SUCH-GOAL"]),
}

# What each scope-shaped parameter takes from a scope.
FROM_SCOPE: dict[str, Callable[[Scope], object]] = {
    "scope": lambda scope: scope,
    "as_of": lambda scope: scope.as_of,
    "start": lambda scope: scope.start,
    "value_stream": lambda scope: scope.value_stream,
    "team_id": lambda scope: scope.team_id,
}

# Values that say when the demo was loaded (and the ids drawn from that moment).
CLOCK_COLUMNS = {"uploaded_at", "changed_at", "upload_id"}
CLOCK_SCALARS: dict[str, Callable[[object], object]] = {
    # the write and the topics' versions, not the database or the moment
    "versions": lambda found: (found.version, found.topics, type(found.changed_at)),
}


def _public_queries() -> set[str]:
    return {name for name, value in vars(queries).items()
            if inspect.isfunction(value) and not name.startswith("_")}


def _scoped(name: str, given: dict) -> bool:
    parameters = inspect.signature(getattr(queries, name)).parameters
    return any(p in FROM_SCOPE and p not in given for p in parameters)


def _shown(value) -> str:
    if isinstance(value, ExperimentFilter):
        return next(name for name, chosen in FILTERS.items() if chosen == value)
    if isinstance(value, list):
        return "+".join(value)
    return str(value)


def _label(given: dict) -> str:
    return ",".join(f"{key}={_shown(value)}" for key, value in given.items())


def _cases() -> Iterator:
    """Each call of the table once per scope that gives it other arguments."""
    for name, calls in CALLS.items():
        for given in calls:
            made = []
            for scope_name in SCOPES if _scoped(name, given) else [None]:
                arguments = _arguments(name, given, SCOPES.get(scope_name))
                if arguments in made:
                    continue
                made.append(arguments)
                label = "-".join(part for part in (name, _label(given), scope_name) if part)
                yield pytest.param(name, given, scope_name, id=label)


def _arguments(name: str, given: dict, scope: Scope | None) -> dict:
    """The keyword arguments of one call: ``given``, and the rest that the scope gives."""
    arguments = dict(given)
    for parameter in list(inspect.signature(getattr(queries, name)).parameters)[1:]:
        if parameter not in arguments and parameter in FROM_SCOPE and scope is not None:
            arguments[parameter] = FROM_SCOPE[parameter](scope)
    return arguments


@pytest.fixture(scope="module")
def demos(request: pytest.FixtureRequest) -> Iterator[dict[str, Database]]:
    """The demo organisation, with a few people, in DuckDB and in PostgreSQL."""
    with (demo_database(DEMO_AS_OF, "duckdb") as duck,
          demo_database(DEMO_AS_OF, "postgres", request) as postgres):
        for database in (duck, postgres):
            db.written(database, _with_people)
        yield {"duckdb": duck, "postgres": postgres}


def _with_people(cur) -> None:
    cur.executemany("INSERT INTO people (email, name, role, team_id) VALUES (?, ?, ?, ?)",
                    PEOPLE)
    cur.executemany("INSERT INTO coach_teams (email, team_id) VALUES (?, ?)", COACHED)
    cur.execute("INSERT INTO live_sessions (live_id, code, team_id, opened_by, opened_at, phase,"
                " phase_started_at, phase_deadline, paused_left) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                " ?)", list(LIVE))
    cur.executemany("INSERT INTO live_phases VALUES (?, ?, ?)",
                    [(LIVE[0], phase, 5) for phase in live.PHASES])
    cur.executemany("INSERT INTO live_cards VALUES (?, ?, ?, ?, ?, ?)", LIVE_CARDS)
    cur.executemany("INSERT INTO live_scores VALUES (?, ?, ?, ?)",
                    [(LIVE[0], "safety", 2, 1), (LIVE[0], "safety", 5, 2)])
    cur.execute("INSERT INTO live_actions VALUES (?, ?, ?, ?, ?)",
                [LIVE[0], "c3", "Pipeline versnellen", "SD-WMO", dt.date(2026, 12, 1)])

    # an action handed to another team, and an answer from governance discussed
    cur.execute("UPDATE actions SET owner_team_id = 'BZ-KCC' WHERE action_id = 'A-0103'")
    cur.execute("INSERT INTO change_log VALUES ('actions', 'A-0103', 'owner_team_id', 'SD-WMO',"
                " 'BZ-KCC', TIMESTAMP '2026-11-01 09:00:00', 'ada@example.org', NULL)")
    cur.execute("INSERT INTO answers_discussed VALUES ('WMO-009', 'SD-WMO', DATE '2026-09-16',"
                " DATE '2026-09-20')")


def _kind(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column.dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(column.dtype):
        return "numeric"
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "datetime"
    return "text-or-object"


def _value_kind(value) -> str:
    if value is None or isinstance(value, list | tuple):
        return type(value).__name__
    return _kind(pd.Series([value]))


def _missing(value) -> bool:
    return value is None or (np.ndim(value) == 0 and bool(pd.isna(value)))


DATES = dt.date | np.datetime64
TRUTHS = bool | np.bool_


def _equal(left, right) -> bool:
    if isinstance(left, list | tuple | np.ndarray) or isinstance(right, list | tuple | np.ndarray):
        return (isinstance(left, list | tuple | np.ndarray)
                and isinstance(right, list | tuple | np.ndarray)
                and len(left) == len(right)
                and all(_equal(a, b) for a, b in zip(left, right, strict=True)))
    if _missing(left) or _missing(right):
        return _missing(left) and _missing(right)
    if isinstance(left, DATES) or isinstance(right, DATES):
        return (isinstance(left, DATES) and isinstance(right, DATES)
                and pd.Timestamp(left) == pd.Timestamp(right))
    if isinstance(left, TRUTHS) or isinstance(right, TRUTHS):
        return isinstance(left, TRUTHS) and isinstance(right, TRUTHS) and left == right
    if isinstance(left, int | float | np.number) and isinstance(right, int | float | np.number):
        return math.isclose(float(left), float(right), rel_tol=1e-9, abs_tol=1e-9)
    return left == right


# Readers whose rows come in the order the database keeps them (the data page's raw tables:
# sorting a million rows there doubled the download), compared in key order instead.
AS_STORED = {"table_rows"}


def _in_key_order(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted by its first columns (every table's key comes first) that do not hold
    the moment of loading."""
    columns = [c for c in frame.columns if c not in CLOCK_COLUMNS][:3]
    return frame.sort_values(columns).reset_index(drop=True)


def _differences(duck: pd.DataFrame, postgres: pd.DataFrame) -> list[str]:
    """What differs between two frames, column by column; [] when they are the same."""
    if list(postgres.columns) != list(duck.columns):
        return [f"columns {list(duck.columns)} on DuckDB, {list(postgres.columns)} on PostgreSQL"]
    if len(postgres) != len(duck):
        return [f"{len(duck)} rows on DuckDB, {len(postgres)} on PostgreSQL"]
    found = []
    for column in duck.columns:
        kinds = _kind(duck[column]), _kind(postgres[column])
        if kinds[0] != kinds[1]:
            found.append(f"{column}: {duck[column].dtype} ({kinds[0]}) on DuckDB, "
                         f"{postgres[column].dtype} ({kinds[1]}) on PostgreSQL")
            continue
        pairs = zip(duck[column].tolist(), postgres[column].tolist(), strict=True)
        if column in CLOCK_COLUMNS:
            pairs = ((_missing(a), _missing(b)) for a, b in pairs)
        rows = [(row, a, b) for row, (a, b) in enumerate(pairs) if not _equal(a, b)]
        if rows:
            row, a, b = rows[0]
            found.append(f"{column}: {len(rows)} rows differ, first row {row}: {a!r} on DuckDB,"
                         f" {b!r} on PostgreSQL")
    return found


def _answers(demos: dict[str, Database], name: str, given: dict, scope_name: str) -> list:
    arguments = _arguments(name, given, SCOPES.get(scope_name))
    return [getattr(queries, name)(demos[backend], **arguments)
            for backend in ("duckdb", "postgres")]


@pytest.mark.parametrize(("name", "given", "scope_name"), list(_cases()))
def test_a_query_answers_alike_on_both_backends(demos, name, given, scope_name):
    duck, postgres = _answers(demos, name, given, scope_name)
    if name in CLOCK_SCALARS:
        duck, postgres = CLOCK_SCALARS[name](duck), CLOCK_SCALARS[name](postgres)
    if isinstance(duck, pd.DataFrame):
        assert isinstance(postgres, pd.DataFrame)
        if name in AS_STORED:
            duck, postgres = _in_key_order(duck), _in_key_order(postgres)
        assert _differences(duck, postgres) == []
    else:
        assert _value_kind(postgres) == _value_kind(duck)
        assert _equal(duck, postgres), (duck, postgres)


@pytest.mark.parametrize(("entity", "key"), [("experiments", "experiment_id"),
                                             ("goals", "goal_id")])
def test_every_record_reads_alike_as_text(demos, entity, key):
    """The history's record of every experiment and goal, not only the table's few."""
    ids = queries.table_rows(demos["duckdb"], entity, 10**6)[key].sort_values()
    duck, postgres = (pd.concat([queries.record_as_text(demos[backend], entity, i) for i in ids],
                                ignore_index=True) for backend in ("duckdb", "postgres"))
    assert len(duck) > 0
    assert _differences(duck, postgres) == []


def test_every_public_query_is_in_the_table():
    assert set(CALLS) == _public_queries()


def test_the_demo_answers_something_in_most_calls(demos):
    """A parity of empty answers proves little: most calls must find rows."""
    empty = []
    for param in _cases():
        name, given, scope_name = param.values
        answer = getattr(queries, name)(demos["duckdb"],
                                        **_arguments(name, given, SCOPES.get(scope_name)))
        if isinstance(answer, pd.DataFrame | list | tuple) and len(answer) == 0:
            empty.append(param.id)
    assert len(empty) <= len(list(_cases())) // 5, empty

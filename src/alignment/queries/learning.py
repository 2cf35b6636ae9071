"""Learning flow: the funnel, learning debt, decisions and their lead time, spread, experiments.

Every query takes a ``Scope`` and answers as of ``scope.as_of``: what was known on that
day. An experiment starting after it is left out; one that ended after it was still
running then; a decision dated after it had not been taken yet. So the same query with an
earlier ``as_of`` (``dataclasses.replace(scope, as_of=...)``, which moves the period with
it) gives last quarter's view.

Scope rules, shared with the Strategy, Portfolio and Teams queries through ``_scope``'s
``experiments_in_stream_and_team``: a team sees the experiments it leads or joined as a
partner; a value stream those whose product belongs to it (without a known product, the
lead team's stream). Which dates count against the period is said per query, so the
structure pages' period rule (``experiments_in_scope``) is not used here.

The SQL of each query is the shared scope prefix below (parameters, then the experiments
in scope as known on the day) followed by the query's own logic CTEs and ``final``. Both
parts are constants of this module; every value travels as a ``?`` parameter, in the order
of ``_scope.params``: the scope's, then the query's own (``extra``), then a LIMIT's.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame, _scalar
from alignment.scope import QUARTER_DAYS, Scope

_KNOWN_EXPERIMENTS = """,
known_experiments AS (
    -- as known on as_of: later starts are unknown, later ends were still running, later
    -- decisions not yet taken (a decision without a date counts as taken)
    SELECT e.*,
           CASE WHEN e.status IN ('done', 'stopped') AND e.end_date > p.as_of THEN 'running'
                ELSE e.status END AS status_as_of,
           e.start_date IS NOT NULL AND e.status <> 'idea' AS started,
           e.decision IS NOT NULL
               AND (e.decision_date IS NULL OR e.decision_date <= p.as_of) AS decided,
           -- ideas count in every period; a finished experiment until its end (or, without
           -- an end date, its start); an unfinished one is under way until as_of
           p.period_start IS NULL OR e.start_date IS NULL
               OR CASE WHEN e.status IN ('done', 'stopped')
                            AND NOT coalesce(e.end_date > p.as_of, false)
                       THEN coalesce(e.end_date, e.start_date) >= p.period_start
                       ELSE true END AS open_in_period,
           e.end_date <= p.as_of
               AND (p.period_start IS NULL OR e.end_date >= p.period_start) AS ended_in_period
    FROM scoped_experiments AS e CROSS JOIN params AS p
    WHERE e.start_date IS NULL OR e.start_date <= p.as_of
)"""


def _with_scope(*logic: str, extra: tuple[str, ...] = (), recursive: bool = False) -> str:
    """The scope CTEs (``params`` with the ``extra`` columns; the stream and team rule of the
    structure pages, so every page agrees, ideas and every period included; then what was
    known on as_of) followed by ``logic`` (more CTEs, then the final SELECT); all constant."""
    return "".join((
        "WITH RECURSIVE\n" if recursive else "WITH\n",
        _scope.params(*extra), ",\n",
        _scope.experiments_in_stream_and_team("scoped_experiments"),
        _KNOWN_EXPERIMENTS,
        *logic,
    ))


def _scope_params(scope: Scope, *extra) -> list:
    return _scope.scope_values(scope.as_of, scope.start, scope.value_stream, scope.team_id,
                               *extra)


_MONTHS = ("month", "known_month", "over_month", "open_month", "decided_month")
_DAYS = ("day", "known_day", "over_day", "open_day", "decided_day")
_BOUNDS = ("as_of", "period_start", "cut_off")
_LOW, _HIGH = "DATE '1900-01-01'", "DATE '9999-12-01'"  # always already; never
# The columns of the rollups' source ``learning_events`` (``store.rollups.SOURCES``) per kind
# from an experiment's raw row ``e`` (its value_stream from the facts), and which experiments
# have a row of that kind. The boundary months' rows are read through them, so the dates
# filter the table before the facts are joined.
_RAW_ROWS = {
    "stage": ({
        "status": "e.status",
        "started": "e.start_date IS NOT NULL AND e.status <> 'idea'",
        "ended": "e.end_date IS NOT NULL",
        "decision_scope": "''",
        "lead_days": "-1",
        "day": f"coalesce(e.start_date, {_LOW})",
        "known_day": f"coalesce(e.start_date, {_LOW})",
        "over_day": "CASE WHEN e.status IN ('done', 'stopped')"
                    f" THEN coalesce(e.end_date, {_LOW}) ELSE {_LOW} END",
        "open_day": "CASE WHEN e.status IN ('done', 'stopped') AND e.start_date IS NOT NULL"
                    f" THEN coalesce(e.end_date, e.start_date) ELSE {_HIGH} END",
        "decided_day": "CASE WHEN e.status = 'done' AND e.decision IS NOT NULL"
                       f" THEN coalesce(e.decision_date, {_LOW}) ELSE {_HIGH} END",
    }, "true"),
    "decision": ({
        "status": "''", "started": "false", "ended": "false",
        "decision_scope": "coalesce(e.decision_scope, 'unspecified')", "lead_days": "-1",
        "day": "e.decision_date", "known_day": f"coalesce(e.start_date, {_LOW})",
        "over_day": _LOW, "open_day": _HIGH, "decided_day": _HIGH,
    }, "e.decision IS NOT NULL AND e.decision_date IS NOT NULL"),
    "lead": ({
        "status": "''", "started": "false", "ended": "false", "decision_scope": "''",
        "lead_days": "CAST(e.decision_date - e.end_date AS INTEGER)",
        "day": "e.decision_date", "known_day": _LOW, "over_day": _LOW, "open_day": _HIGH,
        "decided_day": _HIGH,
    }, "e.status = 'done' AND e.end_date IS NOT NULL AND e.decision IS NOT NULL"
       " AND e.decision_date IS NOT NULL"),
}
_DIMENSIONS = ("status", "started", "ended", "decision_scope", "lead_days")


def _in_bounds(months: list[str], slots: list[str]) -> str:
    """Whether any of ``months`` is one of the boundary months (their parameters added to
    ``slots``)."""
    bounds = ", ".join("CAST(? AS DATE)" for _ in _BOUNDS)
    slots += [f"{bound}_month" for _ in months for bound in _BOUNDS]
    return "(" + " OR ".join(f"{month} IN ({bounds})" for month in months) + ")"


def _events(kind: str, slots: list[str], *, team: bool, stream: bool) -> str:
    """The ``events`` CTE: the rows of ``learning_events`` of ``kind`` in scope, each with
    ``n``, for a figure that compares their days with as_of, period_start and a cut-off.

    Of the whole organisation or a stream, the rows away from those days' months come
    counted from ``rollup_learning``, their months standing for their days (migration 12
    says why that is exact), and the rows of those months from the raw rows, found by their
    dates; a chosen team (``team``) counts its own raw rows through ``experiment_teams``:
    the team's size, not the organisation's. Without a chosen ``stream`` the facts are not
    joined at all.
    """
    columns, condition = _RAW_ROWS[kind]
    dimensions = ", ".join("r." + d for d in ("value_stream", *_DIMENSIONS))
    in_stream = "r.value_stream = p.value_stream" if stream else "true"
    picked = ("e.experiment_id, e.status, e.start_date, e.end_date, e.decision,"
              " e.decision_date, e.decision_scope")
    if team:
        candidates = f"SELECT {picked}\n    FROM {_scope.chosen_team_experiments()}"
    else:
        # the values themselves, not params' columns: DuckDB then filters the scan by them
        ranges = [(date, bound) for date in ("start_date", "end_date", "decision_date")
                  for bound in _BOUNDS]
        in_months = "\n       OR ".join(
            f"(e.{date} >= CAST(? AS DATE) AND e.{date} < CAST(? AS DATE))"
            for date, _ in ranges)
        slots += [f"{bound}_{end}" for _, bound in ranges for end in ("month", "next")]
        candidates = (f"SELECT {picked}\n"
                      "    FROM experiments AS e\n"
                      f"    WHERE {in_months}")
    raw = f"""
    SELECT {dimensions}, {", ".join("r." + d for d in _DAYS)}, 1 AS n
    FROM raw_events AS r CROSS JOIN params AS p
    WHERE {in_stream}"""
    if not team:
        rolled = f"""
    SELECT {dimensions},
           {", ".join(f"r.{m} AS {d}" for m, d in zip(_MONTHS, _DAYS, strict=True))}, r.n
    FROM rollup_learning AS r CROSS JOIN params AS p
    WHERE r.kind = '{kind}' AND {in_stream}
      AND NOT {_in_bounds(["r." + m for m in _MONTHS], slots)}
    UNION ALL"""
        raw = rolled + raw + f"""
      AND {_in_bounds([_scope._month_of("r." + d) for d in _DAYS], slots)}"""
    facts = ("\n    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id"
             if stream else "")
    return f""",
candidates AS (
    {candidates}
),
raw_events AS (
    SELECT {"coalesce(f.value_stream, '')" if stream else "''"} AS value_stream,
           {", ".join(f"{expression} AS {column}" for column, expression in columns.items())}
    FROM candidates AS e{facts}
    WHERE {condition}
),
events AS ({raw}
)"""


# Per (a team chosen, a stream chosen): the SQL, and the boundary values its parameters take
# after the scope's and the query's own, in order.
Counted = dict[tuple[bool, bool], tuple[str, tuple[str, ...]]]


def _counted(*logic: str, kind: str, extra: tuple[str, ...] = ()) -> Counted:
    """``params`` (with the ``extra`` columns), the ``events`` of ``kind``, then ``logic``,
    per whether a team and a stream are chosen; all constant."""
    counted = {}
    for team, stream in ((False, False), (False, True), (True, False), (True, True)):
        slots: list[str] = []
        events = _events(kind, slots, team=team, stream=stream)
        counted[team, stream] = (
            "".join(("WITH\n", _scope.params(*extra), events, *logic)), tuple(slots))
    return counted


_NO_DAY = dt.date(1800, 1, 1)  # no date falls in its month


def _month_values(day: dt.date | None) -> list[dt.date]:
    """The first day of ``day``'s month and of the next (of ``_NO_DAY``'s without a day)."""
    month = (day or _NO_DAY).replace(day=1)
    return [month, (month + dt.timedelta(days=31)).replace(day=1)]


def _counted_query(counted: Counted, scope: Scope, *extra,
                   cut_off: dt.date | None = None) -> tuple[str, list]:
    """The SQL and parameters of a ``_counted`` query for ``scope`` and its ``extra``
    parameters, whose boundary months are those of as_of, the period's start and ``cut_off``
    (as_of unless given)."""
    sql, slots = counted[scope.team_id is not None, scope.value_stream is not None]
    values = {}
    for bound, day in (("as_of", scope.as_of), ("period_start", scope.start),
                       ("cut_off", cut_off or scope.as_of)):
        values[bound + "_month"], values[bound + "_next"] = _month_values(day)
    return sql, [*_scope_params(scope, *extra), *(values[slot] for slot in slots)]


def _counted_frame(con: Database, counted: Counted, scope: Scope, *extra,
                   cut_off: dt.date | None = None) -> pd.DataFrame:
    return _frame(con, *_counted_query(counted, scope, *extra, cut_off=cut_off))


def _counted_scalar(con: Database, counted: Counted, scope: Scope, *extra,
                    cut_off: dt.date | None = None):
    return _scalar(con, *_counted_query(counted, scope, *extra, cut_off=cut_off))


# What was known on as_of: later starts are unknown, later ends were still running, later
# decisions not yet taken (a decision without a date counts as taken). Ideas count in every
# period; a finished experiment until its end (or, without an end date, its start); an
# unfinished one is under way until as_of.
FUNNEL_COUNTS = _counted(""",
stages AS (
    SELECT CASE WHEN e.status IN ('done', 'stopped') AND e.over_day > p.as_of
                THEN 'running' ELSE e.status END AS status_as_of,
           e.started, e.decided_day, e.n
    FROM events AS e CROSS JOIN params AS p
    WHERE e.known_day <= p.as_of
      AND (p.period_start IS NULL OR e.status NOT IN ('done', 'stopped')
           OR e.over_day > p.as_of OR e.open_day >= p.period_start)
),
final AS (
    SELECT s.status_as_of, s.started,
           s.status_as_of = 'done' AND s.decided_day <= p.as_of AS decided,
           CAST(sum(s.n) AS BIGINT) AS experiments
    FROM stages AS s CROSS JOIN params AS p
    GROUP BY s.status_as_of, s.started, s.status_as_of = 'done' AND s.decided_day <= p.as_of
)
SELECT * FROM final ORDER BY status_as_of, started, decided
""", kind="stage")


def funnel_counts(con: Database, scope: Scope) -> pd.DataFrame:
    """Experiments open in the period by status_as_of, started and decided: a count each."""
    return _counted_frame(con, FUNNEL_COUNTS, scope)


UNDECIDED_EXPERIMENTS = _with_scope(""",
final AS (
    SELECT e.experiment_id, e.title, e.team_id, t.name AS team_name,
           e.product_id, pr.name AS product_name, e.end_date
    FROM known_experiments AS e
    LEFT JOIN teams AS t ON t.team_id = e.team_id
    LEFT JOIN products AS pr ON pr.product_id = e.product_id
    WHERE e.status_as_of = 'done' AND NOT e.decided AND e.ended_in_period
)
SELECT * FROM final ORDER BY end_date, experiment_id
""")


def undecided_experiments(con: Database, scope: Scope) -> pd.DataFrame:
    """Done experiments that ended in the period with no decision yet (as of ``scope.as_of``)."""
    return _frame(con, UNDECIDED_EXPERIMENTS, _scope_params(scope))


# The done experiments of the chosen stream and team whose end falls in [from, to], found
# by their end date first (a period's rows through an index, not the organisation): those
# are known and were over on as_of when ``to`` is as_of or before.
_ENDED_BETWEEN = f""",
ended AS (
    SELECT e.*
    FROM experiments AS e CROSS JOIN params AS p
    WHERE e.status = 'done' AND e.end_date <= p.ended_by
      AND (p.period_start IS NULL OR e.end_date >= p.period_start)
      AND {_scope.in_chosen_stream_and_team()}
)"""

# The learning debt's first page, the longest waiting first: done experiments ended in the
# period and more than the limit before as_of, undecided on as_of.
LEARNING_DEBT_FIRST = "".join(("WITH\n", _scope.params("CAST(? AS DATE) AS ended_by"),
                               _ENDED_BETWEEN, """,
waiting AS (
    SELECT e.experiment_id, e.title, e.team_id, e.product_id, e.end_date
    FROM ended AS e CROSS JOIN params AS p
    WHERE e.end_date < p.ended_by
      AND NOT (e.decision IS NOT NULL
               AND (e.decision_date IS NULL OR e.decision_date <= p.as_of))
    ORDER BY e.end_date, e.experiment_id
    LIMIT ?
),
final AS (
    SELECT w.experiment_id, w.title, w.team_id, t.name AS team_name,
           w.product_id, pr.name AS product_name, w.end_date
    FROM waiting AS w
    LEFT JOIN teams AS t ON t.team_id = w.team_id
    LEFT JOIN products AS pr ON pr.product_id = w.product_id
)
SELECT * FROM final ORDER BY end_date, experiment_id
"""))


def learning_debt_first(con: Database, scope: Scope, after_days: int,
                        limit: int) -> pd.DataFrame:
    """The first ``limit`` of ``undecided_experiments`` waiting more than ``after_days`` on
    as_of, the longest waiting first: their columns."""
    return _frame(con, LEARNING_DEBT_FIRST, _scope_params(
        scope, scope.as_of - dt.timedelta(days=after_days), limit))


# A decision dated before its experiment ended is kept here on purpose: the metrics leave
# it out of every median and list it as a data problem, so nobody has to trust it blindly.
_DECISIONS_IN_PERIOD = """,
decisions_in_period AS (
    SELECT e.*
    FROM known_experiments AS e CROSS JOIN params AS p
    WHERE e.status = 'done' AND e.end_date IS NOT NULL
      AND e.decision IS NOT NULL AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
)"""

DECISION_LEAD_TIMES = _with_scope(_DECISIONS_IN_PERIOD, """,
final AS (
    SELECT d.experiment_id, d.title, d.team_id, t.name AS team_name,
           d.product_id, pr.name AS product_name, d.end_date, d.decision_date,
           d.decision, d.decision_scope,
           -- date - date is a BIGINT in DuckDB, an INTEGER in PostgreSQL: one type on both
           CAST(d.decision_date - d.end_date AS BIGINT) AS lead_days
    FROM decisions_in_period AS d
    LEFT JOIN teams AS t ON t.team_id = d.team_id
    LEFT JOIN products AS pr ON pr.product_id = d.product_id
)
SELECT * FROM final ORDER BY decision_date, experiment_id
""")


def decision_lead_times(con: Database, scope: Scope) -> pd.DataFrame:
    """Decisions taken in the period on done experiments: who, what, and lead_days after end."""
    return _frame(con, DECISION_LEAD_TIMES, _scope_params(scope))


# The Overview's tile needs one number, not every decision: the median is taken here, over
# the same decisions as decision_lead_times, leaving out those dated before their end.
# Over the decisions in the period on done experiments with an end (the schema refuses a
# decision dated before its end), as percentile_cont(0.5) takes it: the mean of the values
# at the two middle places, counted up the lead days.
_LEADS_IN_PERIOD = """,
leads AS (
    SELECT e.lead_days, CAST(sum(e.n) AS BIGINT) AS decisions
    FROM events AS e CROSS JOIN params AS p
    WHERE e.day <= p.as_of AND (p.period_start IS NULL OR e.day >= p.period_start)
    GROUP BY e.lead_days
)"""

MEDIAN_LEAD_DAYS = _counted(_LEADS_IN_PERIOD, """,
counted AS (
    SELECT lead_days, CAST(sum(decisions) OVER (ORDER BY lead_days) AS BIGINT) AS up_to,
           CAST(sum(decisions) OVER () AS BIGINT) AS total
    FROM leads
),
middle AS (
    -- the places (from 0) of the two middle values
    SELECT DISTINCT (total - 1) / 2 AS low, total / 2 AS high FROM counted
),
final AS (
    SELECT (min(c.lead_days) FILTER (WHERE c.up_to > m.low)
            + min(c.lead_days) FILTER (WHERE c.up_to > m.high))
           / CAST(2 AS DOUBLE PRECISION) AS median_days
    FROM counted AS c CROSS JOIN middle AS m
)
SELECT * FROM final
""", kind="lead")


def median_lead_days(con: Database, scope: Scope) -> float | None:
    """``metrics.median_lead_time_days`` of ``decision_lead_times``, computed in SQL."""
    return _counted_scalar(con, MEDIAN_LEAD_DAYS, scope)


# Also for the Overview: how many of undecided_experiments wait longer than the limit.
LEARNING_DEBT_COUNT = _counted(""",
final AS (
    SELECT CAST(coalesce(sum(e.n), 0) AS BIGINT) AS experiments
    FROM events AS e CROSS JOIN params AS p
    WHERE e.status = 'done' AND e.ended AND e.over_day <= p.as_of
      AND e.decided_day > p.as_of
      AND (p.period_start IS NULL OR e.open_day >= p.period_start)
      AND e.open_day < p.as_of - p.after_days
)
SELECT * FROM final
""", kind="stage", extra=("CAST(? AS INTEGER) AS after_days",))


def learning_debt_count(con: Database, scope: Scope, after_days: int) -> int:
    """``metrics.learning_debt_count`` of ``undecided_experiments``, counted in SQL."""
    return _counted_scalar(con, LEARNING_DEBT_COUNT, scope, after_days,
                           cut_off=scope.as_of - dt.timedelta(days=after_days))


# One bin per week; the last bin holds everything from week 12 on, so one slow decision
# does not stretch the axis.
# One bin per week; the last bin holds everything from week 12 on, so one slow decision
# does not stretch the axis.
LEAD_TIME_HISTOGRAM = _counted(_LEADS_IN_PERIOD, """,
lead_weeks AS (
    SELECT least(CAST(floor(CAST(lead_days AS DOUBLE PRECISION) / 7) AS INTEGER), 12) AS week,
           decisions
    FROM leads
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
           CAST(coalesce(sum(l.decisions), 0) AS BIGINT) AS decisions
    FROM weeks AS w
    LEFT JOIN lead_weeks AS l ON l.week = w.week
    GROUP BY w.week
)
SELECT * FROM final ORDER BY bin
""", kind="lead")


def lead_time_histogram(con: Database, scope: Scope) -> pd.DataFrame:
    """Decisions in the period per week of lead time: bin, from_days, to_days, days, decisions."""
    return _counted_frame(con, LEAD_TIME_HISTOGRAM, scope)


DECISIONS_BY_QUARTER = _counted(""",
decisions_in_period AS (
    SELECT CAST(CAST(extract(year FROM e.day) AS INTEGER) AS VARCHAR) || '-Q'
               || CAST(CAST(extract(quarter FROM e.day) AS INTEGER) AS VARCHAR) AS quarter,
           e.decision_scope, e.n
    FROM events AS e CROSS JOIN params AS p
    WHERE e.known_day <= p.as_of AND e.day <= p.as_of
      AND (p.period_start IS NULL OR e.day >= p.period_start)
),
final AS (
    SELECT quarter, decision_scope, CAST(sum(n) AS BIGINT) AS decisions
    FROM decisions_in_period
    GROUP BY quarter, decision_scope
)
SELECT * FROM final ORDER BY quarter, decision_scope
""", kind="decision")


def decisions_by_quarter(con: Database, scope: Scope) -> pd.DataFrame:
    """Decisions taken in the period per quarter (``2026-Q3``) and decision_scope."""
    return _counted_frame(con, DECISIONS_BY_QUARTER, scope)


# Adopters come from the whole organisation, not only the scope: spreading to other teams
# and value streams is the point. An adoption counts from the day the adopter started.
VALIDATED_SPREAD = _with_scope(""",
roots AS (
    SELECT e.experiment_id, e.title, e.team_id, e.end_date
    FROM known_experiments AS e
    WHERE e.status_as_of = 'done' AND e.result = 'validated' AND e.ended_in_period
),
adoption_edges AS MATERIALIZED (
    SELECT a.source_experiment_id AS parent_id, a.experiment_id AS child_id, a.start_date
    FROM experiments AS a CROSS JOIN params AS p
    WHERE a.source_experiment_id IS NOT NULL AND a.start_date <= p.as_of
),
trees (root_id, experiment_id, generation, path) AS (
    SELECT experiment_id, experiment_id, 0, ARRAY[experiment_id] FROM roots
    UNION ALL
    SELECT t.root_id, a.child_id, t.generation + 1, array_append(t.path, a.child_id)
    FROM trees AS t
    JOIN adoption_edges AS a ON a.parent_id = t.experiment_id
    -- bad data could loop (A adopts B adopts A): never walk into a node twice
    WHERE array_position(t.path, a.child_id) IS NULL
),
tree_sizes AS (
    SELECT root_id, count(*) FILTER (WHERE generation > 0) AS tree_adoptions,
           max(generation) AS generations
    FROM trees
    GROUP BY root_id
),
direct_adoptions AS (
    SELECT r.experiment_id AS root_id, count(*) AS adoptions,
           array_agg(CAST(a.start_date - r.end_date AS BIGINT)
                     ORDER BY a.start_date - r.end_date) AS adoption_days
    FROM roots AS r
    JOIN adoption_edges AS a ON a.parent_id = r.experiment_id
    GROUP BY r.experiment_id
),
final AS (
    SELECT r.experiment_id, r.title, r.team_id, t.name AS team_name, r.end_date,
           coalesce(d.adoptions, 0) AS adoptions,
           coalesce(d.adoption_days, CAST(ARRAY[] AS BIGINT[])) AS adoption_days,
           d.adoption_days[1] AS first_adoption_days,
           s.tree_adoptions, s.generations
    FROM roots AS r
    LEFT JOIN teams AS t ON t.team_id = r.team_id
    LEFT JOIN direct_adoptions AS d ON d.root_id = r.experiment_id
    JOIN tree_sizes AS s ON s.root_id = r.experiment_id
)
SELECT * FROM final ORDER BY experiment_id
""", recursive=True)


# Before every date: the period of all time starts in a month no row is in.
_ALWAYS = dt.date(1, 1, 1)


# A day a query compares with, written ``<name>`` where it stands: each becomes a parameter
# in place, so DuckDB filters the scans by it (``_finished_query`` gives the days).
_BOUND = re.compile(r"<(as_of|as_of_month|as_of_next|period_start|start_month|start_next"
                    r"|cut_off|cut_month|cut_next)>")


def _bounded(sql: str) -> tuple[str, list[str]]:
    """``sql`` with its ``<bound>`` days as parameters, and those days' names in order."""
    return _BOUND.sub("CAST(? AS DATE)", sql), _BOUND.findall(sql)


def _spread_factor(team: bool, stream: bool) -> str:
    """The spread factor's SQL, for a chosen team or not, a chosen stream or not (its
    ``<bound>`` days as in ``_finished``)."""
    in_stream = f"\n      AND {_scope.of_chosen_stream()}" if stream else ""
    in_window = ("e.status = 'done' AND e.result = 'validated'\n"
                 "      AND e.end_date <= <cut_off> AND e.end_date >= <period_start>")
    if team:
        candidates = f"""
    SELECT e.experiment_id, e.end_date
    FROM {_scope.chosen_team_experiments()}
    WHERE {in_window}{in_stream}"""
        rolled = ""
    else:
        candidates = f"""
    SELECT e.experiment_id, e.end_date
    FROM experiments AS e
    WHERE {in_window}
      AND (e.end_date >= <cut_month> OR e.end_date < <start_next>){in_stream}"""
        rolled = f"""
    SELECT r.adoptions, r.n
    FROM rollup_spread AS r
    WHERE r.month < <cut_month> AND r.month > <start_month>{
        " AND r.value_stream IN (SELECT value_stream FROM params)" if stream else ""}
    UNION ALL"""
    return "".join(("WITH\n", _scope.params(), f""",
candidates AS ({candidates}
),
roots AS ({rolled}
    SELECT CAST((SELECT count(*) FROM experiments AS a
                 WHERE a.source_experiment_id = e.experiment_id
                   AND a.start_date <= e.end_date + {QUARTER_DAYS}) AS INTEGER) AS adoptions,
           1 AS n
    FROM candidates AS e
),
final AS (
    SELECT CAST(sum(adoptions * n) AS DOUBLE PRECISION) / nullif(sum(n), 0) AS spread_factor
    FROM roots
)
SELECT * FROM final
"""))


# The Overview's spread factor without walking the adoption trees: only direct adoptions
# started within QUARTER_DAYS of the end count, of validated experiments whose window has
# closed (ended by as_of minus those days). Of the whole organisation or a stream, the months
# strictly between the period's start's and the cut-off's come from ``rollup_spread``
# (migration 18), those two months' experiments from the raw rows by their end dates; a
# chosen team counts its own raw rows.
SPREAD_FACTOR = {(team, stream): _bounded(_spread_factor(team, stream))
                 for team in (False, True) for stream in (False, True)}


def spread_factor(con: Database, scope: Scope) -> float | None:
    """``metrics.spread_factor`` of ``validated_spread``, its window ``QUARTER_DAYS``."""
    return _scalar(con, *_finished_query(SPREAD_FACTOR, scope))


def validated_spread(con: Database, scope: Scope) -> pd.DataFrame:
    """Per validated experiment ended in the period: its direct adoptions, their days after its
    end, all adoptions down the tree and the number of generations.

    Columns: experiment_id, title, team_id, team_name, end_date, adoptions, adoption_days
    (a list, sorted), first_adoption_days, tree_adoptions, generations.
    """
    return _frame(con, VALIDATED_SPREAD, _scope_params(scope))


# The trees' shape from the adoption edges alone: joined to the experiments for their
# titles, DuckDB read every experiment's title (1.5 s at a million experiments); the nodes'
# details are then read by their ids (``NODE_DETAILS``).
SPREAD_TREE_EDGES = """
WITH RECURSIVE
params AS (
    SELECT CAST(? AS DATE) AS as_of, CAST(? AS VARCHAR[]) AS root_ids
),
adoption_edges AS MATERIALIZED (
    SELECT a.source_experiment_id AS parent_id, a.experiment_id AS child_id, a.start_date
    FROM experiments AS a CROSS JOIN params AS p
    WHERE a.source_experiment_id IS NOT NULL AND a.start_date <= p.as_of
),
trees (root_id, parent_id, experiment_id, generation, start_date, path) AS (
    SELECT r.root_id, CAST(NULL AS VARCHAR), r.root_id, 0, CAST(NULL AS DATE), ARRAY[r.root_id]
    FROM (SELECT unnest(p.root_ids) AS root_id FROM params AS p) AS r
    UNION ALL
    SELECT t.root_id, t.experiment_id, a.child_id, t.generation + 1, a.start_date,
           array_append(t.path, a.child_id)
    FROM trees AS t
    JOIN adoption_edges AS a ON a.parent_id = t.experiment_id
    WHERE array_position(t.path, a.child_id) IS NULL
),
final AS (
    SELECT root_id, parent_id, experiment_id, generation, start_date FROM trees
)
SELECT * FROM final ORDER BY root_id, generation, start_date NULLS FIRST, experiment_id
"""


def _node_details(count: int) -> str:
    """What a tree shows of ``count`` experiments named by as many parameters (a list of
    values DuckDB looks up in the key's index, where a joined list made it read them all)."""
    return f"""
WITH
final AS (
    SELECT e.experiment_id, e.title, e.team_id, e.status, e.result, e.start_date, e.end_date
    FROM experiments AS e
    WHERE e.experiment_id IN ({", ".join("?" * count)})
)
SELECT * FROM final
"""


def spread_tree_nodes(con: Database, root_ids: list[str], as_of,
                      per_tree: int | None = None) -> pd.DataFrame:
    """The nodes of the adoption trees under ``root_ids`` known on ``as_of``, one row each,
    the earliest generations first: every node, or the first ``per_tree`` of each tree.

    Columns: root_id, parent_id (None for the root), experiment_id, generation (root 0),
    title, team_id, status, result, start_date, end_date, days_after_parent_end, and
    tree_nodes (how many nodes the tree has in all).
    """
    shapes = _frame(con, SPREAD_TREE_EDGES, [as_of, list(root_ids)])
    sizes = shapes.groupby("root_id", sort=False)["experiment_id"].transform("size")
    shapes = shapes.assign(tree_nodes=sizes).drop(columns="start_date")
    if per_tree is not None:
        shapes = shapes.groupby("root_id", sort=False).head(per_tree)
    ids = sorted(set(shapes["experiment_id"]))  # a drawn node's parent is drawn before it
    details = (_frame(con, _node_details(len(ids)), ids) if ids else
               pd.DataFrame(columns=["experiment_id", "start_date", "end_date"]))
    nodes = shapes.merge(details, on="experiment_id", how="left")
    ended = details.set_index("experiment_id")["end_date"]
    days = (pd.to_datetime(nodes["start_date"])
            - pd.to_datetime(nodes["parent_id"].map(ended))).dt.days
    return nodes.assign(days_after_parent_end=days.astype("Int64")).reset_index(drop=True)


# What an outcome row shows of the experiments ``picked``, with its team's and product's names.
_OUTCOME_COLUMNS = """,
final AS (
    SELECT f.experiment_id, f.title, f.team_id, t.name AS team_name,
           f.product_id, pr.name AS product_name, f.end_date, f.metric,
           CAST(f.baseline AS DOUBLE PRECISION) AS baseline,
           CAST(f.target AS DOUBLE PRECISION) AS target,
           CAST(f.observed AS DOUBLE PRECISION) AS observed,
           f.result, f.evidence_strength, CAST(f.energy AS BIGINT) AS energy,
           f.decision, f.decision_date
    FROM picked AS f
    LEFT JOIN teams AS t ON t.team_id = f.team_id
    LEFT JOIN products AS pr ON pr.product_id = f.product_id
)"""


# What the value proof places: each finished experiment with its measured outcome, its
# team's energy score, its evidence, and the decision taken on it as known on as_of.
EXPERIMENT_OUTCOMES = _with_scope(""",
picked AS (
    SELECT e.experiment_id, e.title, e.team_id, e.product_id, e.end_date, e.metric,
           e.baseline, e.target, e.observed, e.result, e.evidence_strength, e.energy,
           CASE WHEN e.decided THEN e.decision END AS decision,
           CASE WHEN e.decided THEN e.decision_date END AS decision_date
    FROM known_experiments AS e
    WHERE e.status_as_of = 'done' AND e.ended_in_period
)""", _OUTCOME_COLUMNS, """
SELECT * FROM final ORDER BY end_date DESC, experiment_id
""")


def experiment_outcomes(con: Database, scope: Scope) -> pd.DataFrame:
    """Done experiments that ended in the period, latest first: experiment_id, title, team_id,
    team_name, product_id, product_name, end_date, metric, baseline, target, observed,
    result, evidence_strength, energy, and the decision and decision_date taken by as_of."""
    return _frame(con, EXPERIMENT_OUTCOMES, _scope_params(scope))


# The value proof's finished experiments, counted: done ones that ended from period_start to
# as_of (so known and over on as_of). Of the whole organisation or a stream, the months
# strictly between period_start's and as_of's come from ``rollup_outcomes`` (migration 18),
# the rows of those two months (and weak spreads decided in as_of's month) from the raw rows
# by their dates; a chosen team counts its own raw rows. Each row: team_id, product_id ('' for
# none), placed, better_and_energy, weak (a spread or scale on weak evidence, decided by
# as_of), month (of the end), n. The expressions are the rollup source's
# (``store.rollups.SOURCES['finished_outcomes']``), which a property test holds equal.
_PLACED = ("coalesce(e.energy IS NOT NULL AND e.target <> e.baseline"
           " AND e.observed IS NOT NULL, false)")
_BETTER = ("coalesce(e.energy >= 4 AND CASE WHEN e.target <> e.baseline"
           " THEN (e.observed - e.baseline) / (e.target - e.baseline) END >= 1.0, false)")
_WEAK_SPREAD = "e.evidence_strength = 'weak' AND e.decision IN ('spread', 'scale')"


def _finished(team: bool, stream: bool) -> str:
    """The ``finished`` CTE, for a chosen team or not, a chosen stream or not; each
    ``<bound>`` in it stands for that day's parameter, written in place so DuckDB filters
    the scans by it."""
    in_stream = f"\n      AND {_scope.of_chosen_stream()}" if stream else ""
    in_period = ("e.status = 'done' AND e.end_date <= <as_of>\n"
                 "      AND e.end_date >= <period_start>")
    if team:
        candidates = f"""
    SELECT e.*
    FROM {_scope.chosen_team_experiments()}
    WHERE {in_period}{in_stream}"""
        rolled = ""
    else:
        candidates = f"""
    SELECT e.*
    FROM experiments AS e
    WHERE {in_period}
      AND (e.end_date >= <as_of_month> OR e.end_date < <start_next>
           OR ({_WEAK_SPREAD} AND e.decision_date >= <as_of_month>
               AND e.decision_date < <as_of_next>)){in_stream}"""
        rolled = f"""
    SELECT r.team_id, r.product_id, r.placed, r.better_and_energy,
           r.weak_month < <as_of_month> AS weak, r.month, r.n
    FROM rollup_outcomes AS r
    WHERE r.month < <as_of_month> AND r.month > <start_month>
      AND r.weak_month <> <as_of_month>{
          " AND r.value_stream IN (SELECT value_stream FROM params)" if stream else ""}
    UNION ALL"""
    return f""",
candidates AS ({candidates}
),
finished AS ({rolled}
    SELECT e.team_id, coalesce(e.product_id, '') AS product_id, {_PLACED} AS placed,
           {_BETTER} AS better_and_energy,
           coalesce({_WEAK_SPREAD}
                    AND (e.decision_date IS NULL OR e.decision_date <= <as_of>), false) AS weak,
           CAST(date_trunc('month', e.end_date) AS DATE) AS month, 1 AS n
    FROM candidates AS e
)"""


def _with_finished(*logic: str, extra: tuple[str, ...] = ()) -> dict[tuple[bool, bool],
                                                                     tuple[str, list[str]]]:
    """Per whether a team and a stream are chosen: the SQL (``params`` with ``extra``, the
    ``finished`` rows, then ``logic``) and the bounds its day parameters take, in order."""
    found = {}
    for team, stream in ((False, False), (False, True), (True, False), (True, True)):
        sql = "".join(("WITH\n", _scope.params(*extra), _finished(team, stream), *logic))
        found[team, stream] = _bounded(sql)
    return found


def _finished_query(query: dict, scope: Scope, *extra) -> tuple[str, list]:
    """The SQL and parameters of a ``_with_finished`` (or ``_spread_factor``) query for
    ``scope``, ``extra`` after the scope's parameters; the cut-off is as_of minus the
    spread window."""
    sql, bounds = query[scope.team_id is not None, scope.value_stream is not None]
    start = scope.start or _ALWAYS
    cut_off = scope.as_of - dt.timedelta(days=QUARTER_DAYS)
    days = {"as_of": scope.as_of, "period_start": start, "cut_off": cut_off}
    for name, day in (("as_of", scope.as_of), ("start", start), ("cut", cut_off)):
        days[name + "_month"], days[name + "_next"] = _month_values(day)
    if scope.start is None:  # every month before as_of's from the rollup
        days["start_month"] = days["start_next"] = _ALWAYS
    # the day parameters stand where they are written, after those of params
    return sql, [*_scope_params(scope, *extra), *(days[bound] for bound in bounds)]


VALUE_PROOF_COUNTS = _with_finished(""",
final AS (
    SELECT CAST(coalesce(sum(n), 0) AS BIGINT) AS finished,
           CAST(coalesce(sum(CASE WHEN placed THEN n ELSE 0 END), 0) AS BIGINT) AS placed,
           CAST(coalesce(sum(CASE WHEN better_and_energy THEN n ELSE 0 END), 0) AS BIGINT)
               AS corner,
           CAST(coalesce(sum(CASE WHEN weak THEN n ELSE 0 END), 0) AS BIGINT) AS weak
    FROM finished
)
SELECT * FROM final
""")


def value_proof_counts(con: Database, scope: Scope) -> pd.DataFrame:
    """One row: the finished experiments of the period, those placed, those in the
    better-and-more-energy corner, and those spread or scaled on weak evidence."""
    return _frame(con, *_finished_query(VALUE_PROOF_COUNTS, scope))


def _corner_counts(by: str) -> dict[bool, str]:
    names = "teams" if by == "team" else "products"
    return _with_finished(f""",
per_quarter AS (
    SELECT {by}_id,
           CAST(CAST(extract(year FROM month) AS INTEGER) AS VARCHAR) || '-Q'
               || CAST(CAST(extract(quarter FROM month) AS INTEGER) AS VARCHAR) AS quarter,
           CAST(sum(CASE WHEN better_and_energy THEN n ELSE 0 END) AS BIGINT)
               AS better_and_energy,
           CAST(sum(CASE WHEN placed THEN n ELSE 0 END) AS BIGINT) AS placed,
           CAST(sum(n) AS BIGINT) AS finished
    FROM finished
    GROUP BY 1, 2
),
first_rows AS (
    SELECT q.*, count(*) OVER () AS total
    FROM per_quarter AS q
    ORDER BY quarter DESC, better_and_energy DESC, {by}_id
    LIMIT ?
),
final AS (
    SELECT f.{by}_id, coalesce(n.name, '') AS {by}_name, f.quarter, f.better_and_energy,
           f.placed, f.finished, f.total
    FROM first_rows AS f
    LEFT JOIN {names} AS n ON n.{by}_id = f.{by}_id
)
SELECT * FROM final ORDER BY quarter DESC, better_and_energy DESC, {by}_id
""")


CORNER_COUNTS_FIRST = {by: _corner_counts(by) for by in ("team", "product")}


def corner_counts_first(con: Database, scope: Scope, by: str, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows of ``metrics.corner_counts`` per ``by`` (``team`` or
    ``product``) of the period's finished experiments, and in column total how many rows
    there are in all."""
    sql, values = _finished_query(CORNER_COUNTS_FIRST[by], scope)
    return _frame(con, sql, [*values, limit])



def _outcomes_first(condition: str, order: str) -> str:
    """The first rows (a LIMIT) of ``experiment_outcomes`` meeting ``condition`` (over ``e``,
    the period's finished experiments, and ``p``), in ``order``; found by their end dates."""
    return "".join(("WITH\n", _scope.params("CAST(? AS DATE) AS ended_by"), _ENDED_BETWEEN, f""",
known AS (
    SELECT e.experiment_id, e.title, e.team_id, e.product_id, e.end_date, e.metric,
           e.baseline, e.target, e.observed, e.result, e.evidence_strength, e.energy,
           CASE WHEN e.decision_date IS NULL OR e.decision_date <= p.as_of
                THEN e.decision END AS decision,
           CASE WHEN e.decision_date <= p.as_of THEN e.decision_date END AS decision_date
    FROM ended AS e CROSS JOIN params AS p
    WHERE {condition}
),
picked AS (
    SELECT * FROM known ORDER BY {order} LIMIT ?
)""", _OUTCOME_COLUMNS, f"""
SELECT * FROM final ORDER BY {order}
"""))


# The value proof's chart: the latest placed experiments; its weak-evidence list: the spreads
# and scales on weak evidence decided by as_of, the latest decision first.
PLACED_OUTCOMES_FIRST = _outcomes_first(_PLACED, "end_date DESC, experiment_id")
WEAK_SPREADS_FIRST = _outcomes_first(
    f"{_WEAK_SPREAD} AND (e.decision_date IS NULL OR e.decision_date <= p.as_of)",
    "decision_date DESC, experiment_id")


def placed_outcomes_first(con: Database, scope: Scope, limit: int) -> pd.DataFrame:
    """The latest ``limit`` placed rows of ``experiment_outcomes`` (attainment and energy
    known), in its columns and order."""
    return _frame(con, PLACED_OUTCOMES_FIRST, _scope_params(scope, scope.as_of, limit))


def weak_spreads_first(con: Database, scope: Scope, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows of ``experiment_outcomes`` spread or scaled on weak evidence,
    the latest decision first (``metrics.weak_evidence_spreads``'s order)."""
    return _frame(con, WEAK_SPREADS_FIRST, _scope_params(scope, scope.as_of, limit))


# ``metrics.energy_falls`` in SQL over the period's placed experiments (not rolled up: its
# halves are by rank within each team), its first rows and in column total their number.
# Thresholds are met within half a billionth, as the metric rounds to nine decimals.
ENERGY_FALLS_FIRST = "".join(("WITH\n", _scope.params(
    "CAST(? AS DATE) AS ended_by", "CAST(? AS INTEGER) AS min_per_half",
    "CAST(? AS DOUBLE PRECISION) AS rise", "CAST(? AS DOUBLE PRECISION) AS fall",
    "CAST(? AS DOUBLE PRECISION) AS low", "CAST(? AS DOUBLE PRECISION) AS high"),
    _ENDED_BETWEEN, f""",
placed AS (
    SELECT e.team_id, e.end_date, e.experiment_id,
           greatest(least((e.observed - e.baseline) / (e.target - e.baseline), p.high), p.low)
               AS shown_attainment,
           CAST(e.energy AS DOUBLE PRECISION) AS energy
    FROM ended AS e CROSS JOIN params AS p
    WHERE {_PLACED}
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY team_id ORDER BY end_date, experiment_id) - 1
               AS place,
           count(*) OVER (PARTITION BY team_id) AS experiments
    FROM placed
),
sized AS (
    -- a half's size in whole numbers (PostgreSQL's ``/ 2.0`` is exact decimal arithmetic,
    -- which each of the means below took again per row: half the query's time)
    SELECT r.*, (r.experiments - r.experiments % 2) / 2 AS half_size
    FROM ranked AS r
),
halves AS (
    SELECT r.*, CASE WHEN r.place < r.half_size THEN 'earlier'
                     WHEN r.place >= r.experiments - r.half_size THEN 'later'
                END AS half
    FROM sized AS r CROSS JOIN params AS p
    WHERE r.half_size >= p.min_per_half
),
means AS (
    SELECT team_id, experiments,
           avg(CASE WHEN half = 'earlier' THEN shown_attainment END) AS earlier_attainment,
           avg(CASE WHEN half = 'later' THEN shown_attainment END) AS later_attainment,
           avg(CASE WHEN half = 'earlier' THEN energy END) AS earlier_energy,
           avg(CASE WHEN half = 'later' THEN energy END) AS later_energy
    FROM halves
    GROUP BY team_id, experiments
),
listed AS (
    SELECT m.*, m.earlier_energy - m.later_energy AS fall, count(*) OVER () AS total
    FROM means AS m CROSS JOIN params AS p
    WHERE m.later_attainment - m.earlier_attainment >= p.rise - 0.0000000005
      AND m.earlier_energy - m.later_energy >= p.fall - 0.0000000005
    ORDER BY fall DESC, team_id
    LIMIT ?
),
final AS (
    SELECT l.team_id, t.name AS team_name, CAST(l.experiments AS BIGINT) AS experiments,
           l.earlier_attainment, l.later_attainment, l.earlier_energy, l.later_energy,
           l.fall, l.total
    FROM listed AS l
    LEFT JOIN teams AS t ON t.team_id = l.team_id
)
SELECT * FROM final ORDER BY fall DESC, team_id
"""))


def energy_falls_first(con: Database, scope: Scope, min_per_half: int, rise: float,
                       fall: float, shown: tuple[float, float], limit: int) -> pd.DataFrame:
    """The first ``limit`` rows of ``metrics.energy_falls`` (halves of at least
    ``min_per_half``, attainment ``shown`` within its range rising by ``rise``, energy
    falling by ``fall``), and in column total how many teams are listed in all."""
    return _frame(con, ENERGY_FALLS_FIRST, _scope_params(
        scope, scope.as_of, min_per_half, rise, fall, *shown, limit))


# The lead time per team or product, not rolled up (a median needs every lead time: per
# team, lead days and month there were 483,000 rows for 497,000 decisions at a million
# experiments): the period's decisions, found by their dates, medians taken in SQL, the
# slowest first; of them the first rows, and in column total how many there are.
def _lead_time_medians(key: str, name: str, names: str, missing: str) -> str:
    return "".join(("WITH\n", _scope.params(), f""",
decided AS (
    SELECT coalesce(e.{key}, '{missing}') AS {key},
           CAST(e.decision_date - e.end_date AS INTEGER) AS lead_days
    FROM experiments AS e CROSS JOIN params AS p
    WHERE e.status = 'done' AND e.end_date IS NOT NULL AND e.decision IS NOT NULL
      AND e.decision_date <= p.as_of AND e.decision_date >= e.end_date
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
      AND {_scope.in_chosen_stream_and_team()}
),
medians AS (
    SELECT {key}, CAST(count(*) AS BIGINT) AS decisions,
           CAST(percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_days) AS DOUBLE PRECISION)
               AS median_days
    FROM decided
    GROUP BY {key}
),
first_rows AS (
    SELECT m.*, count(*) OVER () AS total
    FROM medians AS m
    ORDER BY median_days DESC, {key}
    LIMIT ?
),
final AS (
    SELECT f.{key}, coalesce(n.name, f.{key}) AS {name}, f.decisions, f.median_days, f.total
    FROM first_rows AS f
    LEFT JOIN {names} AS n ON n.{key} = f.{key}
)
SELECT * FROM final ORDER BY median_days DESC, {key}
"""))


LEAD_TIME_MEDIANS_FIRST = {
    "team": _lead_time_medians("team_id", "team_name", "teams", "(no team)"),
    "product": _lead_time_medians("product_id", "product_name", "products", "(no product)"),
}


def lead_time_medians_first(con: Database, scope: Scope, by: str, limit: int
                            ) -> pd.DataFrame:
    """The first ``limit`` rows of ``metrics.median_lead_time_per_team`` (``by`` team) or
    ``_per_product`` (product), the slowest first, and in column total how many in all."""
    return _frame(con, LEAD_TIME_MEDIANS_FIRST[by], [*_scope_params(scope), limit])


# The spread table's first rows, the widest spreading first: ``metrics.spread_table`` in SQL
# over the period's validated experiments (found by their end dates), its trees walked only
# from those that were adopted; in column total how many validated experiments there are.
SPREAD_FIRST = "".join(("WITH RECURSIVE\n", _scope.params(
    "CAST(? AS DATE) AS ended_by", "CAST(? AS INTEGER) AS window_days"), _ENDED_BETWEEN, """,
roots AS (
    SELECT experiment_id, title, team_id, end_date FROM ended WHERE result = 'validated'
),
adoption_edges AS MATERIALIZED (
    SELECT a.source_experiment_id AS parent_id, a.experiment_id AS child_id, a.start_date
    FROM experiments AS a CROSS JOIN params AS p
    WHERE a.source_experiment_id IS NOT NULL AND a.start_date <= p.as_of
),
direct_adoptions AS (
    SELECT r.experiment_id AS root_id, count(*) AS adoptions,
           count(*) FILTER (WHERE a.start_date - r.end_date <= p.window_days)
               AS adoptions_in_window,
           min(CAST(a.start_date - r.end_date AS BIGINT)) AS first_adoption_days
    FROM roots AS r
    JOIN adoption_edges AS a ON a.parent_id = r.experiment_id
    CROSS JOIN params AS p
    GROUP BY r.experiment_id
),
trees (root_id, experiment_id, generation, path) AS (
    SELECT root_id, root_id, 0, ARRAY[root_id] FROM direct_adoptions
    UNION ALL
    SELECT t.root_id, a.child_id, t.generation + 1, array_append(t.path, a.child_id)
    FROM trees AS t
    JOIN adoption_edges AS a ON a.parent_id = t.experiment_id
    WHERE array_position(t.path, a.child_id) IS NULL
),
tree_sizes AS (
    SELECT root_id, count(*) FILTER (WHERE generation > 0) AS tree_adoptions,
           max(generation) AS generations
    FROM trees
    GROUP BY root_id
),
first_rows AS (
    SELECT r.experiment_id, r.title, r.team_id, r.end_date,
           CAST(coalesce(d.adoptions, 0) AS BIGINT) AS adoptions,
           CAST(coalesce(d.adoptions_in_window, 0) AS BIGINT) AS adoptions_in_window,
           r.end_date + p.window_days <= p.as_of AS window_closed,
           d.first_adoption_days,
           CAST(coalesce(s.tree_adoptions, 0) AS BIGINT) AS tree_adoptions,
           CAST(coalesce(s.generations, 0) AS BIGINT) AS generations,
           count(*) OVER () AS total
    FROM roots AS r
    CROSS JOIN params AS p
    LEFT JOIN direct_adoptions AS d ON d.root_id = r.experiment_id
    LEFT JOIN tree_sizes AS s ON s.root_id = r.experiment_id
    ORDER BY tree_adoptions DESC, generations DESC, adoptions DESC,
             first_adoption_days NULLS LAST, experiment_id
    LIMIT ?
),
final AS (
    SELECT f.experiment_id, f.title, f.team_id, t.name AS team_name, f.end_date, f.adoptions,
           f.adoptions_in_window, f.window_closed, f.first_adoption_days, f.tree_adoptions,
           f.generations, f.total
    FROM first_rows AS f
    LEFT JOIN teams AS t ON t.team_id = f.team_id
)
SELECT * FROM final
ORDER BY tree_adoptions DESC, generations DESC, adoptions DESC, first_adoption_days NULLS LAST,
         experiment_id
"""))


def spread_first(con: Database, scope: Scope, window_days: int, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows of ``metrics.spread_table`` (adoptions in the first
    ``window_days``), and in column total how many validated experiments there are."""
    return _frame(con, SPREAD_FIRST, _scope_params(scope, scope.as_of, window_days, limit))

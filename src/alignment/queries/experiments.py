"""The Experiments page: the experiments in view matching its filters, counted, listed and carded.

The page's scope rule (shared with the Learning flow's ``known_experiments``): an experiment
is in view when it was known on as_of (started by then, or without a start) and, when done
or stopped by then, ended (without an end date: started) on or after the period's start;
ideas and experiments still under way always are. A team holds what it leads or joined; a
value stream the experiments of ``experiment_facts.value_stream``.

What the page shows reads only what it shows: the counts per status and lens come from
``rollup_experiment_filters`` (migration 20) unless a team is chosen or text is searched; the
table and the cards pick their first rows by the narrow columns that filter and order them,
and only then read those rows whole. The SQL is built per shape of the filter (a team, a
stream, a period, how many statuses, lenses and results, a text), once per shape, so each
variant names only what it needs: without text the long texts are never read, without a
stream the facts never joined, a chosen team starts from its own rows in
``experiment_teams``, and an empty filter is no condition at all. Every value travels as a
``?`` parameter, written where it filters rather than through ``_scope.params``' columns:
both backends then filter the scan by the values themselves (DuckDB skips the row groups
outside a date range, PostgreSQL takes its date indexes), where a join with ``params`` made
DuckDB test every experiment against it (250 ms at a million). The same scope rule as
``_scope.experiments_in_stream_and_team`` plus the Learning flow's ``known_experiments``;
the tests hold every answer equal to that SQL over the raw rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame
from alignment.scope import Scope


@dataclass(frozen=True)
class ExperimentFilter:
    """The on-page filters of the Experiments page; empty means 'all'."""

    statuses: tuple[str, ...] = ()
    lenses: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    text: str = ""


# Shapes of a filter: a team chosen, a stream chosen, a period (not all time), how many
# statuses, lenses and results are chosen (each a ``?``: none means all), a text searched.
Shape = tuple[bool, bool, bool, int, int, int, bool]

# strpos, not LIKE: a % or _ typed in the search box is just a character
_TEXT = """(strpos(lower(e.title), lower(CAST(? AS VARCHAR))) > 0
           OR strpos(lower(e.hypothesis), lower(CAST(? AS VARCHAR))) > 0
           OR strpos(lower(coalesce(e.learning, '')), lower(CAST(? AS VARCHAR))) > 0)"""


def _shape(scope: Scope, chosen: ExperimentFilter) -> Shape:
    return (scope.team_id is not None, scope.value_stream is not None, scope.start is not None,
            len(chosen.statuses), len(chosen.lenses), len(chosen.results),
            bool(chosen.text.strip()))


def _values(scope: Scope, chosen: ExperimentFilter, kinds: tuple[str, ...], *extra,
            card_status: str | None = None) -> list:
    """The values of the conditions of ``kinds``, in the order of their ``?``, then
    ``extra``."""
    text = chosen.text.strip()
    values = {
        "team": [scope.team_id], "stream": [scope.value_stream], "known": [scope.as_of],
        "period": [scope.as_of, scope.start], "status": list(chosen.statuses),
        "lean_lens": list(chosen.lenses), "result": list(chosen.results), "text": [text] * 3,
        "card": [scope.as_of, card_status],
        # the boundary months of the counts: as_of's up to it, period_start's before it
        "as_of_month": [_month_of(scope.as_of)],
        "as_of_days": [_month_of(scope.as_of), scope.as_of],
        "start_month": [_month_of(scope.start)],
        "start_days": [_month_of(scope.start), scope.start], "none": [],
    }
    return [*(value for kind in kinds for value in values[kind]), *extra]


def _month_of(day: dt.date | None) -> dt.date | None:
    return None if day is None else day.replace(day=1)


def _conditions(shape: Shape, row: str = "e") -> list[tuple[str, str]]:
    """The on-page filters of ``shape`` on ``row``'s status, lean_lens and result, each with
    the kind of its values."""
    return [(f"{row}.{column} IN ({', '.join(['CAST(? AS VARCHAR)'] * count)})", column)
            for column, count in zip(("status", "lean_lens", "result"), shape[3:6], strict=True)
            if count]


def _in_view(shape: Shape) -> list[tuple[str, str]]:
    """The conditions of an experiment ``e`` in view, with their kinds; the values themselves,
    not params' columns, so both backends filter the scan by them."""
    team, stream, period, *_, text = shape
    conditions = [("(e.start_date IS NULL OR e.start_date <= CAST(? AS DATE))", "known")]
    if period:
        conditions.append(("(e.start_date IS NULL OR e.status NOT IN ('done', 'stopped')"
                           " OR e.end_date > CAST(? AS DATE)"
                           " OR coalesce(e.end_date, e.start_date) >= CAST(? AS DATE))",
                           "period"))
    conditions += _conditions(shape)
    if text:
        conditions.append((_TEXT, "text"))
    return conditions


def _source(team: bool, stream: bool) -> tuple[str, list[str]]:
    """The experiments (``e``) a filter of this shape starts from, and the kinds of its
    values: a chosen team's own rows, a chosen stream's through the facts."""
    kinds = []
    if team:
        source = ("experiment_teams AS et\n"
                  "    JOIN experiments AS e ON e.experiment_id = et.experiment_id"
                  " AND et.team_id = CAST(? AS VARCHAR)")
        kinds.append("team")
    else:
        source = "experiments AS e"
    if stream:
        source += ("\n    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id"
                   " AND f.value_stream = CAST(? AS VARCHAR)")
        kinds.append("stream")
    return source, kinds


def _select(columns: str, shape: Shape, conditions: list[tuple[str, str]]
            ) -> tuple[str, tuple[str, ...]]:
    """SELECT ``columns`` of the experiments this ``shape`` starts from, under
    ``conditions``, and the kinds of its values in order."""
    source, kinds = _source(shape[0], shape[1])
    return (f"SELECT {columns}\n    FROM {source}\n    WHERE "
            + "\n      AND ".join(sql for sql, _ in conditions),
            (*kinds, *(kind for _, kind in conditions)))


_COUNTED = """
final AS (
    SELECT status, lean_lens, CAST(sum(n) AS BIGINT) AS experiments,
           CAST(coalesce(sum(CASE WHEN result = 'validated' THEN n END), 0) AS BIGINT)
               AS validated,
           CAST(coalesce(sum(CASE WHEN decided THEN n END), 0) AS BIGINT) AS decided
    FROM counted
    GROUP BY status, lean_lens
    HAVING sum(n) > 0
)
SELECT * FROM final ORDER BY status, lean_lens"""

_COUNTED_COLUMNS = ("e.status, e.lean_lens, coalesce(e.result, '') AS result,"
                    " e.decision IS NOT NULL AS decided, {sign} AS n")


@functools.cache
def _counts_sql(shape: Shape) -> tuple[str, tuple[str, ...]]:
    """The counts' SQL for ``shape`` and the kinds of its values. Of the whole organisation
    or a stream without text: the rollup's whole months, and the raw rows of the two
    boundary months by their days (migration 20 says why that is exact); else the raw rows
    of the experiments in view."""
    team, stream, period, *_, text = shape
    if team or text:
        sql, kinds = _select(_COUNTED_COLUMNS.format(sign=1), shape, _in_view(shape))
        return "WITH\ncounted AS (\n    " + sql + "\n)," + _COUNTED, kinds
    rolled = [("r.month < CAST(? AS DATE)", "as_of_month")]
    if stream:
        rolled.append(("r.value_stream = CAST(? AS VARCHAR)", "stream"))
    rolled += _conditions(shape, "r")
    parts = ["SELECT r.status, r.lean_lens, r.result, r.decided, r.n\n"
             "    FROM rollup_experiment_filters AS r\n"
             "    WHERE r.kind = 'start' AND " + "\n      AND ".join(sql for sql, _ in rolled)]
    kinds = [kind for _, kind in rolled]
    sql, more = _select(_COUNTED_COLUMNS.format(sign=1), shape, [
        ("e.start_date >= CAST(? AS DATE) AND e.start_date <= CAST(? AS DATE)", "as_of_days"),
        *_conditions(shape)])
    parts.append(sql)
    kinds += more
    if period:
        ended = [("r.month < CAST(? AS DATE)", "start_month"), *rolled[1:]]
        parts.append("SELECT r.status, r.lean_lens, r.result, r.decided, -r.n\n"
                     "    FROM rollup_experiment_filters AS r\n"
                     "    WHERE r.kind = 'end' AND "
                     + "\n      AND ".join(sql for sql, _ in ended))
        kinds += [kind for _, kind in ended]
        # an end before period_start in its month: by the end date, or without one the start
        # (apart, so each date filters the scan)
        for last_day in ("e.end_date >= CAST(? AS DATE) AND e.end_date < CAST(? AS DATE)"
                         " AND e.start_date IS NOT NULL",
                         "e.end_date IS NULL AND e.start_date >= CAST(? AS DATE)"
                         " AND e.start_date < CAST(? AS DATE)"):
            sql, more = _select(_COUNTED_COLUMNS.format(sign=-1), shape, [
                (last_day, "start_days"), ("e.status IN ('done', 'stopped')", "none"),
                *_conditions(shape)])
            parts.append(sql)
            kinds += more
    return ("WITH\ncounted AS (\n    " + "\n    UNION ALL\n    ".join(parts) + "\n),"
            + _COUNTED, tuple(kinds))


def filtered_experiment_counts(
    con: Database, scope: Scope, chosen: ExperimentFilter
) -> pd.DataFrame:
    """Experiments matching scope and filters per status and lean_lens: experiments, validated,
    decided."""
    sql, kinds = _counts_sql(_shape(scope, chosen))
    return _frame(con, sql, _values(scope, chosen, kinds))


# latest activity first; ideas, without dates, last; the id makes the order total, so the
# first page is the same on every run and backend
_LATEST = "coalesce(end_date, start_date) DESC NULLS LAST, experiment_id"


@functools.cache
def _first(shape: Shape, *extra: tuple[str, str]) -> tuple[str, tuple[str, ...]]:
    """The CTE ``first``: the ids of the first ``LIMIT ?`` matches, latest first, and the kinds
    of its values."""
    sql, kinds = _select("e.experiment_id, e.start_date, e.end_date", shape,
                         [*_in_view(shape), *extra])
    # a text matches few: its matches are found first and sorted, where PostgreSQL would walk
    # the latest-first index through every experiment (5.5 s against 2.6 s at a million)
    materialized = " MATERIALIZED" if shape[-1] else ""
    return f"""WITH
matching AS{materialized} (
    {sql}
),
first AS (
    SELECT experiment_id FROM matching
    ORDER BY {_LATEST}
    LIMIT ?
),""", kinds


# The columns of the experiments CSV contract, lists joined with ';', so a download can be
# edited in a spreadsheet and uploaded again.
_ROWS = f"""
final AS (
    SELECT e.experiment_id, e.team_id, e.title, e.hypothesis, e.status, e.lean_lens,
           e.product_id, e.goal_id, e.start_date, e.end_date, e.metric, e.baseline, e.target,
           e.observed, e.result, e.learning, e.evidence_strength, e.decision, e.decision_date,
           e.decision_scope, e.decision_rationale,
           array_to_string(e.partner_teams, ';') AS partner_teams,
           array_to_string(e.disciplines, ';') AS disciplines,
           e.source_experiment_id, e.energy
    FROM first
    JOIN experiments AS e ON e.experiment_id = first.experiment_id
)
SELECT * FROM final
ORDER BY {_LATEST}"""


def filtered_experiments(
    con: Database,
    scope: Scope,
    chosen: ExperimentFilter,
    limit: int | None = None,
) -> pd.DataFrame:
    """Experiments matching scope and filters, latest first, in the CSV contract's columns.

    ``limit=None`` returns every match (for the download).
    """
    sql, kinds = _first(_shape(scope, chosen))
    return _frame(con, sql + _ROWS, _values(scope, chosen, kinds, limit))


# The status an experiment had on as_of: a later end was still running then.
_STATUS_AS_OF = ("CASE WHEN e.status IN ('done', 'stopped') AND e.end_date > CAST(? AS DATE)"
                 " THEN 'running' ELSE e.status END = CAST(? AS VARCHAR)")

# The statuses an experiment may have now that had ``status`` on as_of.
_HAD_STATUS = {"idea": {"idea"}, "running": {"running", "done", "stopped"}, "done": {"done"},
               "stopped": {"stopped"}}

# The latest are picked before their rows are read and their teams named.
_CARDS = f"""
final AS (
    SELECT e.experiment_id, e.title, e.team_id, t.name AS team_name,
           CAST(? AS VARCHAR) AS status, e.start_date, e.end_date, e.hypothesis, e.result,
           e.learning, e.evidence_strength, e.decision, e.decision_scope, e.decision_date,
           e.decision_rationale, e.metric, e.baseline, e.target, e.observed,
           CAST(e.energy AS BIGINT) AS energy
    FROM first
    JOIN experiments AS e ON e.experiment_id = first.experiment_id
    LEFT JOIN teams AS t ON t.team_id = e.team_id
)
SELECT * FROM final
ORDER BY {_LATEST}"""


def learning_cards(
    con: Database, scope: Scope, chosen: ExperimentFilter, limit: int = 30,
    status: str = "done",
) -> pd.DataFrame:
    """The latest experiments of ``status`` as of as_of (``done`` by end date, ``running`` by
    start date) matching scope and filters, with what a card shows: the learning, the
    decision, and the outcome (metric, baseline, target, observed, energy)."""
    sql, kinds = _first(_shape(scope, chosen), (_STATUS_AS_OF, "card"))
    if chosen.statuses and not set(chosen.statuses) & _HAD_STATUS[status]:
        limit = 0  # none can match: PostgreSQL would walk every experiment to find none
    return _frame(con, sql + _CARDS,
                  _values(scope, chosen, kinds, limit, status, card_status=status))

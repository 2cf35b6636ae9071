"""The Experiments page's figures computed from the raw rows of every experiment in view: the
oracle its rollup (migration 20) and its first pages are held to (the queries as they read
before them)."""

from __future__ import annotations

import pandas as pd

from alignment.queries import _scope
from alignment.queries.experiments import ExperimentFilter
from alignment.scope import Scope

FILTERED = f"""
WITH
{_scope.params("CAST(? AS VARCHAR[]) AS statuses", "CAST(? AS VARCHAR[]) AS lenses",
               "CAST(? AS VARCHAR[]) AS results", "lower(CAST(? AS VARCHAR)) AS text")},
{_scope.experiments_in_stream_and_team("scoped_experiments")},
known_experiments AS (
    SELECT e.*,
           CASE WHEN e.status IN ('done', 'stopped') AND e.end_date > p.as_of THEN 'running'
                ELSE e.status END AS status_as_of,
           p.period_start IS NULL OR e.start_date IS NULL
               OR CASE WHEN e.status IN ('done', 'stopped')
                            AND NOT coalesce(e.end_date > p.as_of, false)
                       THEN coalesce(e.end_date, e.start_date) >= p.period_start
                       ELSE true END AS open_in_period
    FROM scoped_experiments AS e CROSS JOIN params AS p
    WHERE e.start_date IS NULL OR e.start_date <= p.as_of
),
filtered AS (
    SELECT e.*
    FROM known_experiments AS e CROSS JOIN params AS p
    WHERE e.open_in_period
      AND (p.statuses IS NULL OR e.status IN (SELECT unnest(statuses) FROM params))
      AND (p.lenses IS NULL OR e.lean_lens IN (SELECT unnest(lenses) FROM params))
      AND (p.results IS NULL OR e.result IN (SELECT unnest(results) FROM params))
      AND (p.text IS NULL
           OR strpos(lower(e.title), p.text) > 0
           OR strpos(lower(e.hypothesis), p.text) > 0
           OR strpos(lower(coalesce(e.learning, '')), p.text) > 0)
)"""  # noqa: S608

COUNTS = FILTERED + """,
final AS (
    SELECT status, lean_lens, count(*) AS experiments,
           count(*) FILTER (WHERE result = 'validated') AS validated,
           count(*) FILTER (WHERE decision IS NOT NULL) AS decided
    FROM filtered
    GROUP BY status, lean_lens
)
SELECT * FROM final ORDER BY status, lean_lens"""

# every match's id and the status it had on as_of, latest first
LATEST = FILTERED + """
SELECT experiment_id, status_as_of FROM filtered
ORDER BY coalesce(end_date, start_date) DESC NULLS LAST, experiment_id"""


def _values(scope: Scope, chosen: ExperimentFilter) -> list:
    return _scope.scope_values(scope.as_of, scope.start, scope.value_stream, scope.team_id,
                               list(chosen.statuses) or None, list(chosen.lenses) or None,
                               list(chosen.results) or None, chosen.text.strip() or None)


def counts(con, scope: Scope, chosen: ExperimentFilter) -> pd.DataFrame:
    """Experiments in view matching ``chosen`` per status and lens, from the raw rows."""
    cur = con.cursor()
    return cur.execute(COUNTS, _values(scope, chosen)).df()


def latest(con, scope: Scope, chosen: ExperimentFilter) -> list[tuple[str, str]]:
    """Every match's (experiment_id, status on as_of), latest first, from the raw rows."""
    cur = con.cursor()
    return cur.execute(LATEST, _values(scope, chosen)).fetchall()

"""Reflection sessions: how broad they are and whether their actions get done."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from alignment.queries._base import _frame

SESSION_COVERAGE = """
WITH
scoped_sessions AS (
    SELECT s.*
    FROM sessions AS s
    JOIN teams AS t USING (team_id)
    WHERE s.held_on > CAST(? AS DATE) - INTERVAL 90 DAY
      AND s.held_on <= CAST(? AS DATE)
      AND (CAST(? AS VARCHAR) IS NULL OR t.value_stream = ?)
      AND (CAST(? AS VARCHAR) IS NULL OR s.team_id = ?)
),
final AS (
    SELECT count(*) AS sessions,
           count(*) FILTER (covered_results) AS covered_results,
           count(*) FILTER (covered_collaboration) AS covered_collaboration,
           count(*) FILTER (covered_safety) AS covered_safety,
           count(*) FILTER (covered_results AND covered_collaboration AND covered_safety)
               AS covered_all
    FROM scoped_sessions
)
SELECT * FROM final
"""


def session_coverage(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    value_stream: str | None = None,
    team_id: str | None = None,
) -> pd.DataFrame:
    """One row: sessions held in the 90 days up to ``as_of`` and how many covered each theme."""
    return _frame(con, SESSION_COVERAGE,
                  [as_of, as_of, value_stream, value_stream, team_id, team_id])

"""What an entity looked like and what changed in it: the change log, read back."""

from __future__ import annotations

import pandas as pd

from alignment.db import Database, Sql
from alignment.queries._base import _frame

# Values as text, the form change_log keeps its old and new values in, so that the current
# record and its logged changes compare field by field. That form is DuckDB's CAST to
# VARCHAR, which PostgreSQL writes out by hand: a list as ``[a, b]``, a whole number as
# ``2.0`` (as the write path logs them). Table names cannot be parameters, so each entity
# has its own fixed statement, its columns in the contract's order.
RECORD_AS_TEXT = {
    "experiments": Sql(
        duckdb="""
SELECT CAST(COLUMNS(*) AS VARCHAR) FROM experiments WHERE experiment_id = ?
""",
        postgres="""
WITH
experiment AS (
    SELECT * FROM experiments WHERE experiment_id = CAST(? AS VARCHAR)
),
final AS (
    SELECT experiment_id, team_id, title, hypothesis, status, lean_lens, product_id, goal_id,
           CAST(start_date AS VARCHAR) AS start_date, CAST(end_date AS VARCHAR) AS end_date,
           metric,
           CASE WHEN baseline = trunc(baseline) AND abs(baseline) < 1e16
                THEN CAST(CAST(baseline AS BIGINT) AS VARCHAR) || '.0'
                ELSE CAST(baseline AS VARCHAR) END AS baseline,
           CASE WHEN target = trunc(target) AND abs(target) < 1e16
                THEN CAST(CAST(target AS BIGINT) AS VARCHAR) || '.0'
                ELSE CAST(target AS VARCHAR) END AS target,
           CASE WHEN observed = trunc(observed) AND abs(observed) < 1e16
                THEN CAST(CAST(observed AS BIGINT) AS VARCHAR) || '.0'
                ELSE CAST(observed AS VARCHAR) END AS observed,
           result, learning, evidence_strength, decision,
           CAST(decision_date AS VARCHAR) AS decision_date, decision_scope, decision_rationale,
           '[' || array_to_string(partner_teams, ', ') || ']' AS partner_teams,
           '[' || array_to_string(disciplines, ', ') || ']' AS disciplines,
           source_experiment_id, CAST(energy AS VARCHAR) AS energy
    FROM experiment
)
SELECT * FROM final
"""),
    "goals": Sql(
        duckdb="""
SELECT CAST(COLUMNS(*) AS VARCHAR) FROM goals WHERE goal_id = ?
""",
        postgres="""
SELECT goal_id, title, description, level, parent_goal_id, owner,
       CAST(period_start AS VARCHAR) AS period_start,
       CAST(period_end AS VARCHAR) AS period_end, status
FROM goals WHERE goal_id = CAST(? AS VARCHAR)
"""),
}


def record_as_text(con: Database, entity: str, entity_id: str) -> pd.DataFrame:
    """The stored record of ``entity`` (``experiments``, ``goals``) as one row of texts.

    No row if there is none.
    """
    return _frame(con, RECORD_AS_TEXT[entity], [entity_id])


ENTITY_CHANGES = """
WITH
params AS (
    SELECT CAST(? AS VARCHAR) AS entity, CAST(? AS VARCHAR) AS entity_id
),
changes AS (
    SELECT c.*
    FROM change_log AS c JOIN params AS p USING (entity, entity_id)
),
final AS (
    -- the file behind a change, when an upload made it (a decision or session did not)
    SELECT c.changed_at, c.field, c.old_value, c.new_value, c.changed_by, c.upload_id,
           u.file_name
    FROM changes AS c LEFT JOIN uploads AS u USING (upload_id)
)
SELECT * FROM final ORDER BY changed_at, field
"""


def entity_changes(con: Database, entity: str, entity_id: str) -> pd.DataFrame:
    """Every logged change of one entity, oldest first: when, which field, from, to, by whom."""
    return _frame(con, ENTITY_CHANGES, [entity, entity_id])

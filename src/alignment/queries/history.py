"""What an entity looked like and what changed in it: the change log, read back."""

from __future__ import annotations

import duckdb
import pandas as pd

from alignment.queries._base import _frame

# Values as text, the form change_log keeps its old and new values in, so that the current
# record and its logged changes compare field by field.
EXPERIMENT_AS_TEXT = """
WITH
experiment AS (
    SELECT * FROM experiments WHERE experiment_id = ?
),
final AS (
    SELECT CAST(COLUMNS(*) AS VARCHAR) FROM experiment
)
SELECT * FROM final
"""


def experiment_as_text(con: duckdb.DuckDBPyConnection, experiment_id: str) -> pd.DataFrame:
    """The stored experiment as one row of texts (no row if there is none)."""
    return _frame(con, EXPERIMENT_AS_TEXT, [experiment_id])


GOAL_AS_TEXT = """
WITH
goal AS (
    SELECT * FROM goals WHERE goal_id = ?
),
final AS (
    SELECT CAST(COLUMNS(*) AS VARCHAR) FROM goal
)
SELECT * FROM final
"""


def goal_as_text(con: duckdb.DuckDBPyConnection, goal_id: str) -> pd.DataFrame:
    """The stored goal as one row of texts (no row if there is none)."""
    return _frame(con, GOAL_AS_TEXT, [goal_id])


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


def entity_changes(con: duckdb.DuckDBPyConnection, entity: str, entity_id: str) -> pd.DataFrame:
    """Every logged change of one entity, oldest first: when, which field, from, to, by whom."""
    return _frame(con, ENTITY_CHANGES, [entity, entity_id])

"""What an entity looked like and what changed in it: the change log, read back."""

from __future__ import annotations

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame

# Values as text, the form change_log keeps its old and new values in, so that the current
# record and its logged changes compare field by field. Table names cannot be parameters,
# so each entity has its own fixed statement.
RECORD_AS_TEXT = {
    "experiments": """
SELECT CAST(COLUMNS(*) AS VARCHAR) FROM experiments WHERE experiment_id = ?
""",
    "goals": """
SELECT CAST(COLUMNS(*) AS VARCHAR) FROM goals WHERE goal_id = ?
""",
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

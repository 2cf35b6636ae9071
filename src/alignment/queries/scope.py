"""The choices the sidebar filters offer."""

from __future__ import annotations

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame

VALUE_STREAMS = """
WITH
named AS (
    SELECT value_stream FROM products UNION ALL SELECT value_stream FROM teams
),
final AS (
    SELECT DISTINCT value_stream FROM named WHERE value_stream IS NOT NULL
)
SELECT * FROM final ORDER BY value_stream
"""


def value_streams(con: Database) -> list[str]:
    """Every value stream a product or team belongs to, sorted."""
    return _frame(con, VALUE_STREAMS)["value_stream"].to_list()


TEAM_CHOICES = """
SELECT team_id, name, value_stream FROM teams
WHERE CAST(? AS VARCHAR) IS NULL OR value_stream = ?
ORDER BY name, team_id
"""


def team_choices(con: Database, value_stream: str | None) -> pd.DataFrame:
    """Teams (team_id, name, value_stream), of one value stream or all, sorted by name."""
    return _frame(con, TEAM_CHOICES, [value_stream, value_stream])

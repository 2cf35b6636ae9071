"""Goal measures and their check-ins: what the value metrics and the goal close-up read.

Goals belong to no value stream or team, so none of these is scoped by the sidebar's filters.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame

GOAL_MEASURES = """
WITH
final AS (
    SELECT m.measure_id, m.goal_id, m.name, m.unit, m.direction, m.baseline, m.target,
           m.target_date
    FROM goal_measures AS m
)
SELECT * FROM final ORDER BY goal_id, measure_id
"""


def goal_measures(con: Database) -> pd.DataFrame:
    """Every goal measure: measure_id, goal_id, name, unit, direction, baseline, target,
    target_date."""
    return _frame(con, GOAL_MEASURES)


CHECK_INS = """
WITH
final AS (
    SELECT c.check_in_id, c.measure_id, m.goal_id, c.checked_on, c.value, c.confidence,
           c.comment
    FROM check_ins AS c
    JOIN goal_measures AS m USING (measure_id)
    WHERE c.checked_on <= CAST(? AS DATE)
)
SELECT * FROM final ORDER BY measure_id, checked_on, check_in_id
"""


def check_ins(con: Database, as_of: dt.date) -> pd.DataFrame:
    """Every check-in on or before ``as_of``, with its measure's goal."""
    return _frame(con, CHECK_INS, [as_of])


GOAL_TREE = """
WITH
weighted_links AS (
    SELECT goal_id, avg(weight) AS weight
    FROM product_goals
    WHERE weight IS NOT NULL
    GROUP BY goal_id
),
final AS (
    SELECT g.goal_id, g.title, g.level, g.parent_goal_id, g.status, g.owner, w.weight
    FROM goals AS g
    LEFT JOIN weighted_links AS w USING (goal_id)
)
SELECT * FROM final ORDER BY goal_id
"""


def goal_tree(con: Database) -> pd.DataFrame:
    """Every goal with its parent, owner and the mean weight of its weighted product links
    (empty when no link carries one)."""
    return _frame(con, GOAL_TREE)


MEASURE_IDS = """
WITH
final AS (SELECT measure_id FROM goal_measures)
SELECT * FROM final ORDER BY measure_id
"""


def measure_ids(con: Database) -> list[str]:
    """Every stored measure id (what a check-in upload checks against)."""
    return _frame(con, MEASURE_IDS)["measure_id"].to_list()


GOAL_OWNER = """
WITH
final AS (SELECT g.owner FROM goals AS g WHERE g.goal_id = ?)
SELECT * FROM final
"""


def goal_owner(con: Database, goal_id: str) -> str | None:
    """The owner written on a goal (an e-mail of a person on the People page), or None."""
    rows = _frame(con, GOAL_OWNER, [goal_id])
    return None if rows.empty or pd.isna(rows["owner"].iloc[0]) else str(rows["owner"].iloc[0])

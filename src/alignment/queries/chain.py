"""The vertical chain: goals, products, owners, teams and how experiments link to them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame
from alignment.scope import QUARTER_DAYS

ENTITY_COUNTS = """
WITH
counts AS (
    SELECT 1 AS position, 'goals' AS entity, count(*) AS rows FROM goals
    UNION ALL SELECT 2, 'products', count(*) FROM products
    UNION ALL SELECT 3, 'teams', count(*) FROM teams
    UNION ALL SELECT 4, 'experiments', count(*) FROM experiments
    UNION ALL SELECT 5, 'sessions', count(*) FROM sessions
    UNION ALL SELECT 6, 'actions', count(*) FROM actions
),
final AS (
    SELECT position, entity, rows FROM counts
)
SELECT entity, rows FROM final ORDER BY position
"""


def entity_counts(con: Database) -> pd.DataFrame:
    """Rows per main entity: columns entity, rows."""
    return _frame(con, ENTITY_COUNTS)


# Ambitions are measured through the goals under them, so only goals and objectives
# must carry their own chain down to the Gemba.
GOAL_CHAIN = """
WITH
active_goals AS (
    SELECT goal_id, title, level FROM goals
    WHERE status = 'active' AND level <> 'ambition'
),
owned_products AS (
    SELECT DISTINCT product_id FROM team_products WHERE role = 'owner'
),
goal_products AS (
    SELECT pg.goal_id,
           count(DISTINCT pg.product_id) AS products,
           count(DISTINCT op.product_id) AS owned_products
    FROM product_goals AS pg
    JOIN products AS p ON p.product_id = pg.product_id
    LEFT JOIN owned_products AS op ON op.product_id = pg.product_id
    GROUP BY pg.goal_id
),
recent_experiments AS (
    -- the window is inclusive of the day the view is taken
    SELECT goal_id, count(*) AS experiments
    FROM experiments
    WHERE start_date > CAST(? AS DATE) - CAST(? AS INTEGER)
      AND start_date <= CAST(? AS DATE)
    GROUP BY goal_id
),
final AS (
    SELECT g.goal_id, g.title, g.level,
           coalesce(gp.products, 0) AS products,
           coalesce(gp.owned_products, 0) AS owned_products,
           coalesce(re.experiments, 0) AS recent_experiments
    FROM active_goals AS g
    LEFT JOIN goal_products AS gp USING (goal_id)
    LEFT JOIN recent_experiments AS re USING (goal_id)
)
SELECT * FROM final ORDER BY goal_id
"""


def goal_chain(con: Database, as_of: dt.date) -> pd.DataFrame:
    """Per active goal/objective: products serving it, of those owned, experiments started in
    the quarter (``QUARTER_DAYS``) up to ``as_of``."""
    return _frame(con, GOAL_CHAIN, [as_of, QUARTER_DAYS, as_of])


PRODUCT_LINKS = """
WITH
goal_links AS (
    SELECT product_id, count(*) AS goals FROM product_goals GROUP BY product_id
),
owner_links AS (
    SELECT product_id, count(*) AS owners, string_agg(team_id, ', ' ORDER BY team_id) AS owner_ids
    FROM team_products WHERE role = 'owner' GROUP BY product_id
),
final AS (
    SELECT p.product_id, p.name, p.value_stream, p.lifecycle,
           coalesce(gl.goals, 0) AS goals,
           coalesce(ol.owners, 0) AS owners,
           ol.owner_ids
    FROM products AS p
    LEFT JOIN goal_links AS gl USING (product_id)
    LEFT JOIN owner_links AS ol USING (product_id)
)
SELECT * FROM final ORDER BY product_id
"""


def product_links(con: Database) -> pd.DataFrame:
    """Per product: how many goals it serves and how many teams own it (with their ids)."""
    return _frame(con, PRODUCT_LINKS)


TEAM_LINKS = """
WITH
team_product_counts AS (
    SELECT team_id, count(*) AS products FROM team_products GROUP BY team_id
),
final AS (
    SELECT t.team_id, t.name, t.value_stream, coalesce(c.products, 0) AS products
    FROM teams AS t
    LEFT JOIN team_product_counts AS c USING (team_id)
)
SELECT * FROM final ORDER BY team_id
"""


def team_links(con: Database) -> pd.DataFrame:
    """Per team: how many products it works on."""
    return _frame(con, TEAM_LINKS)


# Only experiments whose upward link is incomplete come back: at a million experiments
# the well-linked ones must not travel to Python.
EXPERIMENT_LINK_GAPS = """
WITH
experiment_links AS (
    SELECT e.experiment_id, e.team_id, e.title, e.product_id, e.goal_id,
           pg.goal_id IS NOT NULL AS product_serves_goal
    FROM experiments AS e
    LEFT JOIN product_goals AS pg
           ON pg.product_id = e.product_id AND pg.goal_id = e.goal_id
),
final AS (
    SELECT * FROM experiment_links
    WHERE goal_id IS NULL OR product_id IS NULL OR NOT product_serves_goal
)
SELECT * FROM final ORDER BY experiment_id
"""


def experiment_link_gaps(con: Database) -> pd.DataFrame:
    """Experiments missing a goal or product, or whose product does not serve their goal."""
    return _frame(con, EXPERIMENT_LINK_GAPS)

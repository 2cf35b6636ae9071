"""Every SELECT of the app, named after what it returns, with parameters (never formatted in).

Each function takes the connection and returns a pandas DataFrame (or a scalar);
a fresh cursor per call, so a streaming result never holds the shared connection.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    cur = con.cursor()
    try:
        row = cur.execute(sql, params or []).fetchone()
        return row[0] if row else None
    finally:
        cur.close()


ENTITY_COUNTS = """
SELECT 'goals' AS entity, count(*) AS rows FROM goals
UNION ALL SELECT 'products', count(*) FROM products
UNION ALL SELECT 'teams', count(*) FROM teams
UNION ALL SELECT 'experiments', count(*) FROM experiments
UNION ALL SELECT 'sessions', count(*) FROM sessions
UNION ALL SELECT 'actions', count(*) FROM actions
"""


def entity_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows per main entity: columns entity, rows."""
    return _frame(con, ENTITY_COUNTS)


LAST_CHANGE = """
SELECT max(at) FROM (
    SELECT max(uploaded_at) AS at FROM uploads
    UNION ALL
    SELECT max(changed_at) FROM change_log
)
"""


def last_change(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """When any data last changed (an upload or a recorded edit), or None for an empty database."""
    return _scalar(con, LAST_CHANGE)


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
    WHERE start_date > CAST(? AS DATE) - INTERVAL 90 DAY
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


def goal_chain(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pd.DataFrame:
    """Per active goal/objective: products serving it, of those owned, experiments in 90 days."""
    return _frame(con, GOAL_CHAIN, [as_of, as_of])


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


def product_links(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
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


def team_links(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
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


def experiment_link_gaps(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Experiments missing a goal or product, or whose product does not serve their goal."""
    return _frame(con, EXPERIMENT_LINK_GAPS)


TABLE_ROWS = {
    "goals": "SELECT * FROM goals LIMIT ?",
    "products": "SELECT * FROM products LIMIT ?",
    "product_goals": "SELECT * FROM product_goals LIMIT ?",
    "teams": "SELECT * FROM teams LIMIT ?",
    "team_products": "SELECT * FROM team_products LIMIT ?",
    "experiments": "SELECT * FROM experiments LIMIT ?",
    "experiment_teams": "SELECT * FROM experiment_teams LIMIT ?",
    "sessions": "SELECT * FROM sessions LIMIT ?",
    "actions": "SELECT * FROM actions LIMIT ?",
    "uploads": "SELECT * FROM uploads LIMIT ?",
    "change_log": "SELECT * FROM change_log LIMIT ?",
}


def table_rows(con: duckdb.DuckDBPyConnection, table: str, limit: int = 1000) -> pd.DataFrame:
    """The first ``limit`` rows of one of the app's tables, as stored."""
    return _frame(con, TABLE_ROWS[table], [limit])


REFERENCE_IDS = """
SELECT
    (SELECT coalesce(list(team_id), []) FROM teams) AS team_ids,
    (SELECT coalesce(list(product_id), []) FROM products) AS product_ids,
    (SELECT coalesce(list(goal_id), []) FROM goals) AS goal_ids
"""

GOAL_PARENTS = "SELECT goal_id, parent_goal_id FROM goals"

# Only the experiments a file names are looked up: the check must not scan the world.
NAMED_EXPERIMENTS = """
SELECT experiment_id, team_id, result = 'validated' AS validated
FROM experiments
WHERE experiment_id IN (SELECT unnest(CAST(? AS VARCHAR[])))
"""


def reference_ids(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str], list[str]]:
    """All stored (team_ids, product_ids, goal_ids)."""
    cur = con.cursor()
    try:
        teams, products, goals = cur.execute(REFERENCE_IDS).fetchone()
        return list(teams), list(products), list(goals)
    finally:
        cur.close()


def goal_parents(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored goal with its parent goal id."""
    return _frame(con, GOAL_PARENTS)


def named_experiments(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    """Stored experiments among ``ids``: experiment_id, team_id, validated."""
    return _frame(con, NAMED_EXPERIMENTS, [ids])

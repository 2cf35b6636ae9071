"""The vertical chain: goals, products, owners, teams and how experiments link to them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.db import Database, Sql
from alignment.queries import _scope
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


# The experiments whose upward link is incomplete, each with its break: no goal or no product
# (an orphan), or a product that does not serve its goal (misaligned). ``{where}`` narrows the
# experiments read. PostgreSQL reads only the link columns (from one index, migration 19, not
# the experiments' wide rows) and a title for each row that comes back (``_titled``); DuckDB
# reads columns anyway, and carries the title along ({title}).
_LINK_GAPS = """experiment_links AS (
    SELECT e.experiment_id, e.team_id, e.product_id, e.goal_id,{title}
           pg.goal_id IS NOT NULL AS product_serves_goal
    FROM experiments AS e
    LEFT JOIN product_goals AS pg
           ON pg.product_id = e.product_id AND pg.goal_id = e.goal_id{where}
),
link_gaps AS (
    SELECT *,
           CASE WHEN goal_id IS NULL OR product_id IS NULL THEN 'orphan_experiment'
                ELSE 'misaligned_experiment' END AS break_type
    FROM experiment_links
    WHERE goal_id IS NULL OR product_id IS NULL OR NOT product_serves_goal
)"""


def _query(head: str, gaps: str, where: str = "") -> Sql:
    """``head`` (CTEs up to the gaps) and ``_LINK_GAPS`` narrowed by ``where``, then the
    ``final`` rows of CTE ``gaps`` in experiment_id order, with their title."""
    columns = "g.experiment_id, g.team_id, {title}, g.product_id, g.goal_id, g.product_serves_goal"
    final = "final AS (\n    SELECT {columns}\n    FROM {gaps} AS g\n)\n"
    tail = "SELECT * FROM final ORDER BY experiment_id\n"
    # PostgreSQL reads a title per row by its key: joined, it read every experiment
    lookup = ("(SELECT x.title FROM experiments AS x WHERE x.experiment_id = g.experiment_id)"
              " AS title")
    return Sql(
        duckdb=head.format(gaps=_LINK_GAPS.format(where=where, title="\n           e.title,"))
        + final.format(columns=columns.format(title="g.title"), gaps=gaps) + tail,
        postgres=head.format(gaps=_LINK_GAPS.format(where=where, title=""))
        + final.format(columns=columns.format(title=lookup), gaps=gaps) + tail,
    )


# Only experiments whose upward link is incomplete come back: at a million experiments
# the well-linked ones must not travel to Python.
EXPERIMENT_LINK_GAPS = _query("WITH\n{gaps},\n", "link_gaps")


def experiment_link_gaps(con: Database) -> pd.DataFrame:
    """Experiments missing a goal or product, or whose product does not serve their goal."""
    return _frame(con, EXPERIMENT_LINK_GAPS)


GOAL_LINK_GAPS = _query("WITH\n{gaps},\n", "link_gaps", "\n    WHERE e.goal_id = ?")


def goal_link_gaps(con: Database, goal_id: str) -> pd.DataFrame:
    """``experiment_link_gaps`` of the experiments on ``goal_id``."""
    return _frame(con, GOAL_LINK_GAPS, [goal_id])


EXPERIMENT_BREAK_COUNTS = f"""
WITH
{_LINK_GAPS.format(where="", title="")},
final AS (
    SELECT team_id, break_type, count(*) AS breaks
    FROM link_gaps
    GROUP BY team_id, break_type
)
SELECT * FROM final ORDER BY team_id, break_type
"""  # noqa: S608


def experiment_break_counts(con: Database) -> pd.DataFrame:
    """Experiment breaks (orphan_experiment, misaligned_experiment) per lead team: team_id,
    break_type, breaks; only teams and types with some."""
    return _frame(con, EXPERIMENT_BREAK_COUNTS)


def _first_gaps(*, in_view: bool) -> Sql:
    """SQL for the first rows (a parameter) of each experiment break by experiment_id, of
    every experiment or of those led by the cascade's teams in view."""
    view = (f"""{_scope.params("CAST(? AS INTEGER) AS first_rows")},
{_scope.cascade_products_in_view()},
{_scope.cascade_teams_in_view()},
""" if in_view else "params AS NOT MATERIALIZED (SELECT CAST(? AS INTEGER) AS first_rows),\n")
    led = ("\n    JOIN cascade_teams_in_view AS t ON t.team_id = g.team_id" if in_view else "")
    return _query(f"""
WITH
{view}{{gaps}},
ranked AS (
    SELECT g.*, row_number() OVER (PARTITION BY g.break_type ORDER BY g.experiment_id)
               AS position
    FROM link_gaps AS g{led}
),
first_gaps AS (
    SELECT * FROM ranked WHERE position <= (SELECT first_rows FROM params)
),
""", "first_gaps")  # noqa: S608


FIRST_LINK_GAPS = _first_gaps(in_view=False)
FIRST_LINK_GAPS_IN_VIEW = _first_gaps(in_view=True)


def first_link_gaps(con: Database, rows: int) -> pd.DataFrame:
    """The first ``rows`` of each experiment break of ``experiment_link_gaps``, in its order:
    what a page lists of them."""
    return _frame(con, FIRST_LINK_GAPS, [rows])


def first_link_gaps_in_view(con: Database, rows: int, start: dt.date | None, as_of: dt.date,
                            value_stream: str | None = None,
                            team_id: str | None = None) -> pd.DataFrame:
    """``first_link_gaps`` of the experiments led by the cascade's teams in view."""
    return _frame(con, FIRST_LINK_GAPS_IN_VIEW,
                  _scope.view_values(start, as_of, value_stream, team_id, rows))

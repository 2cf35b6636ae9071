"""Strategy to Gemba's questions: the cascade from ambition to experiment, and one goal
drilled into.

Every query takes the scope as parameters (``start``, None for all time; ``as_of``;
``value_stream`` and ``team_id``, None for all) and counts experiments by the rules written
once in ``queries/_scope.py``, so these pages and the Overview agree.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame
from alignment.queries._scope import view_values as _view

# --- Strategy to Gemba: the cascade ---------------------------------------------------------

# Products, teams and goals "in view" follow the filters: a stream shows its own products
# and the teams linked to them; a team shows itself and its products; goals follow the
# products up the hierarchy, so no goal appears cut off from its ambition.
CASCADE_PRODUCTS = f"""
WITH
{_scope.params()},
{_scope.cascade_products_in_view()},
final AS (
    SELECT pr.product_id, pr.name, pr.value_stream, pr.lifecycle
    FROM cascade_products_in_view AS pr
)
SELECT * FROM final ORDER BY value_stream, product_id
"""  # noqa: S608


def cascade_products(con: Database, start: dt.date | None, as_of: dt.date,
                     value_stream: str | None = None, team_id: str | None = None) -> pd.DataFrame:
    """Products in view: product_id, name, value_stream, lifecycle."""
    return _frame(con, CASCADE_PRODUCTS, _view(start, as_of, value_stream, team_id))


CASCADE_GOALS = f"""
WITH RECURSIVE
{_scope.params()},
active_goals AS (
    SELECT goal_id, title, level, parent_goal_id FROM goals WHERE status = 'active'
),
{_scope.cascade_products_in_view("products_in_view")},
served AS (
    SELECT g.goal_id, g.parent_goal_id
    FROM active_goals AS g
    WHERE g.goal_id IN (SELECT pg.goal_id FROM product_goals AS pg
                        JOIN products_in_view USING (product_id))
    UNION
    SELECT g.goal_id, g.parent_goal_id
    FROM active_goals AS g
    JOIN served AS s ON g.goal_id = s.parent_goal_id
),
final AS (
    SELECT g.goal_id, g.title, g.level, g.parent_goal_id
    FROM active_goals AS g, params AS p
    WHERE (p.value_stream IS NULL AND p.team_id IS NULL)
       OR g.goal_id IN (SELECT goal_id FROM served)
)
SELECT * FROM final ORDER BY goal_id
"""  # noqa: S608


def cascade_goals(con: Database, start: dt.date | None, as_of: dt.date,
                  value_stream: str | None = None, team_id: str | None = None) -> pd.DataFrame:
    """Active goals in view (all of them when no stream or team is chosen).

    Columns goal_id, title, level, parent_goal_id.
    """
    return _frame(con, CASCADE_GOALS, _view(start, as_of, value_stream, team_id))


CASCADE_GOAL_LINKS = f"""
WITH
{_scope.params()},
{_scope.cascade_products_in_view("products_in_view")},
final AS (
    SELECT pg.goal_id, pg.product_id, pg.link_type, pg.weight
    FROM product_goals AS pg
    JOIN products_in_view USING (product_id)
    JOIN goals AS g ON g.goal_id = pg.goal_id AND g.status = 'active'
)
SELECT * FROM final ORDER BY goal_id, product_id
"""  # noqa: S608


def cascade_goal_links(con: Database, start: dt.date | None, as_of: dt.date,
                       value_stream: str | None = None,
                       team_id: str | None = None) -> pd.DataFrame:
    """Links from active goals to products in view: goal_id, product_id, link_type, weight."""
    return _frame(con, CASCADE_GOAL_LINKS, _view(start, as_of, value_stream, team_id))


# Experiments are counted at their lead team, so each one appears once in the cascade.
CASCADE_TEAM_WORK = f"""
WITH
{_scope.params()},
-- of any stream and team: work counts at its lead team, and only for the teams and
-- products in view
{_scope.counted_in_period("led_in_period", "rollup_team_work",
                          ("team_id", "product_id", "status"), stream=False, team=False)},
{_scope.cascade_products_in_view("products_in_view")},
{_scope.cascade_teams_in_view("teams_in_view", "products_in_view")},
links AS (
    SELECT tp.team_id, tp.product_id, tp.role
    FROM team_products AS tp
    JOIN teams_in_view USING (team_id)
    JOIN products_in_view USING (product_id)
),
led_in_view AS (
    -- an experiment on a product out of view leaves the picture; one without a product stays
    -- (the rollup keeps no product as '')
    SELECT l.team_id,
           CASE WHEN l.product_id IN (SELECT product_id FROM products_in_view)
                THEN l.product_id END AS product_id,
           l.status, l.experiments
    FROM led_in_period AS l
    JOIN teams_in_view USING (team_id)
    WHERE l.product_id = '' OR l.product_id IN (SELECT product_id FROM products_in_view)
       OR l.product_id NOT IN (SELECT product_id FROM products)
),
work AS (
    SELECT team_id, product_id,
           sum(experiments) AS experiments,
           sum(experiments) FILTER (WHERE status = 'running') AS running,
           sum(experiments) FILTER (WHERE status = 'done') AS done
    FROM led_in_view
    GROUP BY team_id, product_id
),
linked_or_working AS (
    SELECT coalesce(l.team_id, w.team_id) AS team_id,
           coalesce(l.product_id, w.product_id) AS product_id,
           l.role,
           coalesce(w.experiments, 0) AS experiments,
           coalesce(w.running, 0) AS running,
           coalesce(w.done, 0) AS done
    FROM links AS l
    -- a link always names its product, so work without one (NULL) matches no link; plain
    -- equality keeps the FULL JOIN hashable, which PostgreSQL requires
    FULL JOIN work AS w ON w.team_id = l.team_id AND w.product_id = l.product_id
),
idle AS (
    SELECT team_id, NULL AS product_id, NULL AS role, 0 AS experiments, 0 AS running, 0 AS done
    FROM teams_in_view
    WHERE team_id NOT IN (SELECT team_id FROM linked_or_working)
),
final AS (
    SELECT t.team_id, t.name, x.product_id, x.role,
           CAST(x.experiments AS BIGINT) AS experiments,
           CAST(x.running AS BIGINT) AS running,
           CAST(x.done AS BIGINT) AS done
    FROM (SELECT * FROM linked_or_working UNION ALL SELECT * FROM idle) AS x
    JOIN teams_in_view AS t USING (team_id)
)
SELECT * FROM final ORDER BY team_id, product_id NULLS LAST
"""  # noqa: S608


def cascade_team_work(con: Database, start: dt.date | None, as_of: dt.date,
                      value_stream: str | None = None,
                      team_id: str | None = None) -> pd.DataFrame:
    """Per team in view and product: its role and the experiments it led in the period.

    Columns team_id, name, product_id (None: no product), role (owner/contributor, None when
    the team works on the product without a link), experiments, running, done. A team with
    neither a product nor an experiment has one row with product_id None and zeros.
    """
    return _frame(con, CASCADE_TEAM_WORK, _view(start, as_of, value_stream, team_id))


GOAL_PRODUCT_MATRIX = f"""
WITH
{_scope.params()},
{_scope.cascade_products_in_view("products_in_view")},
measured_goals AS (
    -- ambitions are served through their goals, so only goals and objectives get a row
    SELECT goal_id, title FROM goals WHERE status = 'active' AND level <> 'ambition'
),
final AS (
    SELECT g.goal_id, g.title AS goal, p.product_id, p.name AS product,
           coalesce(pg.link_type, 'none') AS link_type, pg.weight
    FROM measured_goals AS g
    CROSS JOIN products_in_view AS p
    LEFT JOIN product_goals AS pg
           ON pg.goal_id = g.goal_id AND pg.product_id = p.product_id
)
SELECT * FROM final ORDER BY goal_id, product_id
"""  # noqa: S608


def goal_product_matrix(con: Database, start: dt.date | None, as_of: dt.date,
                        value_stream: str | None = None,
                        team_id: str | None = None) -> pd.DataFrame:
    """Every active goal/objective × product in view: link_type (contributes/supports/none).

    Columns goal_id, goal, product_id, product, link_type, weight.
    """
    return _frame(con, GOAL_PRODUCT_MATRIX, _view(start, as_of, value_stream, team_id))


# --- Strategy to Gemba: one goal drilled into -----------------------------------------------

GOAL_CHOICES = """
SELECT goal_id, title, level, status
FROM goals
ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,
         CASE level WHEN 'goal' THEN 0 WHEN 'objective' THEN 1 ELSE 2 END,
         goal_id
"""


def goal_choices(con: Database) -> pd.DataFrame:
    """Every goal a leader can drill into: goal_id, title, level, status.

    Active before draft before closed; goals, then objectives, then ambitions (which products
    serve only through the goals under them).
    """
    return _frame(con, GOAL_CHOICES)


GOAL_PRODUCTS = f"""
WITH
-- a goal's products and teams hold in any period: as_of and period_start stay NULL
{_scope.params("CAST(? AS VARCHAR) AS goal_id")},
owners AS (
    SELECT product_id, string_agg(team_id, ', ' ORDER BY team_id) AS owner_teams
    FROM team_products WHERE role = 'owner' GROUP BY product_id
),
final AS (
    SELECT pr.product_id, pr.name, pr.value_stream, pr.lifecycle, pg.link_type, pg.weight,
           o.owner_teams
    FROM product_goals AS pg
    CROSS JOIN params AS p
    JOIN products AS pr ON pr.product_id = pg.product_id
    LEFT JOIN owners AS o ON o.product_id = pg.product_id
    WHERE pg.goal_id = p.goal_id
      AND (p.value_stream IS NULL OR pr.value_stream = p.value_stream)
      AND (p.team_id IS NULL OR pr.product_id IN (
               SELECT product_id FROM team_products WHERE team_id = p.team_id))
)
SELECT * FROM final ORDER BY link_type, product_id
"""  # noqa: S608


def goal_products(con: Database, goal_id: str, value_stream: str | None = None,
                  team_id: str | None = None) -> pd.DataFrame:
    """Products serving one goal: product_id, name, value_stream, lifecycle, link_type, weight,
    owner_teams."""
    return _frame(con, GOAL_PRODUCTS,
                  _scope.scope_values(None, None, value_stream, team_id, goal_id))


GOAL_TEAMS = f"""
WITH
-- a goal's products and teams hold in any period: as_of and period_start stay NULL
{_scope.params("CAST(? AS VARCHAR) AS goal_id")},
goal_products AS (
    SELECT pr.product_id, pr.name AS product
    FROM product_goals AS pg
    CROSS JOIN params AS p
    JOIN products AS pr ON pr.product_id = pg.product_id
    WHERE pg.goal_id = p.goal_id
      AND (p.value_stream IS NULL OR pr.value_stream = p.value_stream)
),
final AS (
    SELECT t.team_id, t.name, gp.product_id, gp.product, tp.role, tp.allocation_pct
    FROM team_products AS tp
    CROSS JOIN params AS p
    JOIN goal_products AS gp USING (product_id)
    JOIN teams AS t ON t.team_id = tp.team_id
    WHERE p.team_id IS NULL OR tp.team_id = p.team_id
)
SELECT * FROM final ORDER BY team_id, product_id
"""  # noqa: S608


def goal_teams(con: Database, goal_id: str, value_stream: str | None = None,
               team_id: str | None = None) -> pd.DataFrame:
    """Teams working on the products that serve one goal: team_id, name, product_id, product,
    role, allocation_pct."""
    return _frame(con, GOAL_TEAMS,
                  _scope.scope_values(None, None, value_stream, team_id, goal_id))


GOAL_EXPERIMENTS = f"""
WITH
{_scope.params("CAST(? AS VARCHAR) AS goal_id")},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.*
    FROM experiments_in_scope AS e
    WHERE e.goal_id = (SELECT goal_id FROM params)
),
final AS (
    SELECT experiment_id, team_id, product_id, title, status, lean_lens, start_date,
           end_date, result, decision
    FROM in_scope
)
SELECT * FROM final ORDER BY start_date DESC, experiment_id
"""  # noqa: S608


def goal_experiments(con: Database, goal_id: str, start: dt.date | None,
                     as_of: dt.date, value_stream: str | None = None,
                     team_id: str | None = None) -> pd.DataFrame:
    """Experiments linked to one goal and under way in the period, newest first."""
    return _frame(con, GOAL_EXPERIMENTS, _view(start, as_of, value_stream, team_id, goal_id))


GOAL_DECISIONS = f"""
WITH
{_scope.params("CAST(? AS VARCHAR) AS goal_id")},
{_scope.experiments_in_stream_and_team()},
decided AS (
    -- a decision belongs to the period it was taken in, whenever the experiment ran
    SELECT e.*
    FROM experiments_in_stream_and_team AS e
    CROSS JOIN params AS p
    WHERE e.goal_id = p.goal_id
      AND e.decision IS NOT NULL
      AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
),
final AS (
    SELECT experiment_id, team_id, title, result, decision, decision_scope, decision_date,
           decision_rationale
    FROM decided
)
SELECT * FROM final ORDER BY decision_date DESC, experiment_id
"""  # noqa: S608


def goal_decisions(con: Database, goal_id: str, start: dt.date | None,
                   as_of: dt.date, value_stream: str | None = None,
                   team_id: str | None = None) -> pd.DataFrame:
    """Decisions taken in the period on experiments linked to one goal, newest first."""
    return _frame(con, GOAL_DECISIONS, _view(start, as_of, value_stream, team_id, goal_id))

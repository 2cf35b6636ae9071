"""The structure leaders look at: the cascade from goal to experiment, the portfolio, the teams.

Every query takes the scope as parameters: ``start`` (first day of the period, None for all
time), ``as_of`` (its last day), ``value_stream`` and ``team_id`` (None for all). They share
one rule for which experiments count, so the three pages and the Overview agree:

- **in the period**: the experiment was under way on at least one day of it — it started on
  or before ``as_of`` and did not end before ``start`` (a running experiment is under way
  until ``as_of``; a done or stopped one without an end date counts on its start day only);
  ideas without a start date never count;
- **value stream**: the experiment's product belongs to the stream (an experiment without
  a known product belongs to its lead team's stream);
- **team**: the team leads the experiment or takes part in it as a partner.

These rules are written once, as the CTE fragments of ``queries/_scope.py``:
``experiments_in_scope`` (and the stream and team rule it builds on,
``experiments_in_stream_and_team``) and, for the cascade, ``cascade_products_in_view``. Each
query starts with the typed ``params`` CTE of the scope and names the fragments it needs;
where a query's rule differs on purpose, ``stream=False`` or ``team=False`` ("all") says where
and a comment says why. The SQL is assembled once, at import, from those constant fragments
(hence the S608 waivers); values always travel as parameters.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment import contract
from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame


def _view(start: dt.date | None, as_of: dt.date, value_stream: str | None,
          team_id: str | None, *extra) -> list:
    return _scope.scope_values(as_of, start, value_stream, team_id, *extra)


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
teams_in_view AS (
    SELECT t.team_id, t.name
    FROM teams AS t, params AS p
    WHERE CASE
        WHEN p.team_id IS NOT NULL THEN t.team_id = p.team_id
        WHEN p.value_stream IS NOT NULL THEN
            t.value_stream = p.value_stream
            OR t.team_id IN (SELECT tp.team_id FROM team_products AS tp
                             JOIN products_in_view USING (product_id))
        ELSE true
    END
),
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


# --- Portfolio ------------------------------------------------------------------------------

PRODUCT_BALANCE = f"""
WITH
{_scope.params()},
-- with a team chosen only its experiments count, whatever their stream:
-- products_in_view keeps to the stream's products
{_scope.counted_in_period("in_period", "rollup_product_lens", ("product_id", "status"),
                          stream=False)},
{_scope.experiments_in_stream_and_team("team_experiments", stream=False)},
under_way AS (
    SELECT product_id,
           CAST(sum(experiments) AS BIGINT) AS experiments,
           CAST(coalesce(sum(experiments) FILTER (WHERE status = 'running'), 0) AS BIGINT)
               AS running
    FROM in_period
    GROUP BY product_id
),
turned AS (
    -- a pivot or stop belongs to the period it was decided in, whenever the experiment ran
    SELECT e.product_id, count(*) AS direction_changes
    FROM team_experiments AS e
    CROSS JOIN params AS p
    WHERE e.decision IN ('pivot', 'stop')
      AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
    GROUP BY e.product_id
),
products_in_view AS (
    SELECT pr.*
    FROM products AS pr, params AS p
    WHERE (p.value_stream IS NULL OR pr.value_stream = p.value_stream)
      AND (p.team_id IS NULL
           OR pr.product_id IN (SELECT product_id FROM team_products WHERE team_id = p.team_id)
           OR pr.product_id IN (SELECT product_id FROM under_way))
),
final AS (
    SELECT pr.product_id, pr.name, pr.value_stream, pr.lifecycle, pr.explore_target_pct,
           coalesce(u.experiments, 0) AS experiments,
           coalesce(u.running, 0) AS running,
           coalesce(t.direction_changes, 0) AS direction_changes
    FROM products_in_view AS pr
    LEFT JOIN under_way AS u USING (product_id)
    LEFT JOIN turned AS t USING (product_id)
)
SELECT * FROM final ORDER BY value_stream, product_id
"""  # noqa: S608


def product_balance(con: Database, start: dt.date | None, as_of: dt.date,
                    value_stream: str | None = None, team_id: str | None = None) -> pd.DataFrame:
    """Per product in view: lifecycle, target and its experiments in the period.

    Columns product_id, name, value_stream, lifecycle, explore_target_pct, experiments
    (under way in the period), running (of those, running now), direction_changes (pivots
    and stops decided in the period). With a team chosen, only that team's experiments count.
    """
    return _frame(con, PRODUCT_BALANCE, _view(start, as_of, value_stream, team_id))


LENS_COUNTS = f"""
WITH
{_scope.params("CAST(? AS VARCHAR[]) AS lenses")},
lenses AS (
    SELECT lens.lean_lens, lens.position
    FROM params AS p, unnest(p.lenses) WITH ORDINALITY AS lens(lean_lens, position)
),
-- with a team chosen only its experiments count, whatever their stream:
-- products_in_view keeps to the stream's products
{_scope.counted_in_period("counts", "rollup_product_lens", ("product_id", "lean_lens"),
                          stream=False)},
products_in_view AS (
    SELECT pr.product_id, pr.name
    FROM products AS pr, params AS p
    WHERE (p.value_stream IS NULL OR pr.value_stream = p.value_stream)
      AND (p.team_id IS NULL
           OR pr.product_id IN (SELECT product_id FROM team_products WHERE team_id = p.team_id)
           OR pr.product_id IN (SELECT product_id FROM counts))
),
final AS (
    -- every product × lens cell, so a lens nobody experiments in shows as 0, not as a gap
    SELECT pr.product_id, pr.name, l.lean_lens, coalesce(c.experiments, 0) AS experiments,
           l.position
    FROM products_in_view AS pr
    CROSS JOIN lenses AS l
    LEFT JOIN counts AS c ON c.product_id = pr.product_id AND c.lean_lens = l.lean_lens
)
SELECT product_id, name, lean_lens, experiments FROM final ORDER BY product_id, position
"""  # noqa: S608


def lens_counts(con: Database, start: dt.date | None, as_of: dt.date,
                value_stream: str | None = None, team_id: str | None = None) -> pd.DataFrame:
    """Experiments under way in the period per product in view × lean lens, zeros included.

    Columns product_id, name, lean_lens, experiments; lenses in contract order.
    """
    return _frame(con, LENS_COUNTS,
                  _view(start, as_of, value_stream, team_id, list(contract.LEAN_LENSES)))


# --- Teams & collaboration ------------------------------------------------------------------

TEAM_NETWORK_EDGES = f"""
WITH
{_scope.params()},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id
    FROM experiments_in_scope AS e
),
pairs AS (
    -- each unordered pair once: the team with the smaller id is team_a
    SELECT a.team_id AS team_a, b.team_id AS team_b, a.experiment_id
    FROM experiment_teams AS a
    JOIN experiment_teams AS b
      ON b.experiment_id = a.experiment_id AND a.team_id < b.team_id
    JOIN in_scope AS s ON s.experiment_id = a.experiment_id
),
final AS (
    SELECT team_a, team_b, count(DISTINCT experiment_id) AS shared_experiments
    FROM pairs GROUP BY team_a, team_b
)
SELECT * FROM final ORDER BY shared_experiments DESC, team_a, team_b
"""  # noqa: S608


def team_network_edges(con: Database, start: dt.date | None, as_of: dt.date,
                       value_stream: str | None = None,
                       team_id: str | None = None) -> pd.DataFrame:
    """One row per pair of teams sharing experiments in the period: team_a < team_b,
    shared_experiments."""
    return _frame(con, TEAM_NETWORK_EDGES, _view(start, as_of, value_stream, team_id))


# Teams in view: with a stream, its teams plus the teams from elsewhere that worked with them;
# with a team, that team plus its partners.
TEAM_COLLABORATION = f"""
WITH
{_scope.params()},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id, e.team_count
    FROM experiments_in_scope AS e
),
participation AS (
    SELECT et.team_id,
           count(*) AS experiments,
           count(*) FILTER (WHERE s.team_count >= 2) AS shared_experiments
    FROM experiment_teams AS et
    JOIN in_scope AS s USING (experiment_id)
    GROUP BY et.team_id
),
teams_in_view AS (
    SELECT t.*
    FROM teams AS t, params AS p
    WHERE CASE
        WHEN p.team_id IS NOT NULL THEN t.team_id = p.team_id
            OR t.team_id IN (SELECT team_id FROM participation)
        WHEN p.value_stream IS NOT NULL THEN t.value_stream = p.value_stream
            OR t.team_id IN (SELECT team_id FROM participation WHERE shared_experiments > 0)
        ELSE true
    END
),
declared AS (
    SELECT t.team_id, string_agg(d.discipline, ', ' ORDER BY d.discipline) AS disciplines
    FROM teams_in_view AS t
    CROSS JOIN unnest(t.disciplines) AS d(discipline)
    GROUP BY t.team_id
),
final AS (
    SELECT t.team_id, t.name, t.value_stream,
           -- none declared (NULL) stays NULL; an empty list reads as ''
           CASE WHEN t.disciplines IS NOT NULL THEN coalesce(de.disciplines, '') END
               AS disciplines,
           coalesce(pa.experiments, 0) AS experiments,
           coalesce(pa.shared_experiments, 0) AS shared_experiments
    FROM teams_in_view AS t
    LEFT JOIN declared AS de USING (team_id)
    LEFT JOIN participation AS pa USING (team_id)
)
SELECT * FROM final ORDER BY team_id
"""  # noqa: S608


def team_collaboration(con: Database, start: dt.date | None, as_of: dt.date,
                       value_stream: str | None = None,
                       team_id: str | None = None) -> pd.DataFrame:
    """Per team in view: team_id, name, value_stream, disciplines (declared), experiments it
    took part in during the period, and of those shared_experiments (with another team)."""
    return _frame(con, TEAM_COLLABORATION, _view(start, as_of, value_stream, team_id))


TEAM_DISCIPLINES = f"""
WITH
{_scope.params("CAST(? AS VARCHAR[]) AS known_disciplines")},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id, e.disciplines
    FROM experiments_in_scope AS e
),
teams_in_view AS (
    SELECT t.team_id, t.name, t.disciplines
    FROM teams AS t, params AS p
    WHERE (p.team_id IS NULL OR t.team_id = p.team_id)
      AND (p.value_stream IS NULL OR t.value_stream = p.value_stream)
),
disciplines AS (
    -- the contract's disciplines, plus any other an organisation uses
    SELECT unnest(known_disciplines) AS discipline FROM params
    UNION SELECT unnest(disciplines) FROM teams_in_view
    UNION SELECT unnest(disciplines) FROM in_scope
),
used AS (
    SELECT et.team_id, d.discipline, count(DISTINCT s.experiment_id) AS experiments
    FROM in_scope AS s
    JOIN experiment_teams AS et USING (experiment_id)
    CROSS JOIN unnest(s.disciplines) AS d(discipline)
    GROUP BY et.team_id, d.discipline
),
final AS (
    SELECT t.team_id, t.name, d.discipline,
           coalesce(d.discipline = ANY(t.disciplines), false) AS declared,
           coalesce(u.experiments, 0) AS experiments
    FROM teams_in_view AS t
    CROSS JOIN disciplines AS d
    LEFT JOIN used AS u ON u.team_id = t.team_id AND u.discipline = d.discipline
)
SELECT * FROM final ORDER BY team_id, discipline
"""  # noqa: S608


def team_disciplines(con: Database, start: dt.date | None, as_of: dt.date,
                     value_stream: str | None = None,
                     team_id: str | None = None) -> pd.DataFrame:
    """Every team in view × discipline: declared (the team lists it) and experiments (in the
    period, the team took part in, that drew on the discipline). Zeros included."""
    return _frame(con, TEAM_DISCIPLINES,
                  _view(start, as_of, value_stream, team_id, list(contract.DISCIPLINES)))


COLLABORATION_COUNTS = f"""
WITH
{_scope.params()},
{_scope.counted_in_period("shapes", "rollup_collaboration", ("cross_team", "cross_discipline"))},
final AS (
    SELECT CAST(coalesce(sum(experiments), 0) AS BIGINT) AS experiments,
           CAST(coalesce(sum(experiments) FILTER (WHERE cross_team), 0) AS BIGINT)
               AS cross_team,
           CAST(coalesce(sum(experiments) FILTER (WHERE cross_discipline), 0) AS BIGINT)
               AS cross_discipline,
           CAST(coalesce(sum(experiments) FILTER (WHERE cross_team OR cross_discipline), 0)
                AS BIGINT) AS collaborative
    FROM shapes
)
SELECT * FROM final
"""  # noqa: S608


def collaboration_counts(con: Database, start: dt.date | None,
                         as_of: dt.date, value_stream: str | None = None,
                         team_id: str | None = None) -> pd.DataFrame:
    """One row: experiments under way in the window, and how many were cross_team (≥ 2 teams),
    cross_discipline (≥ 2 disciplines) and collaborative (either).

    The Overview compares quarters with ``start=as_of - 89 days`` and the same window a
    quarter earlier.
    """
    return _frame(con, COLLABORATION_COUNTS, _view(start, as_of, value_stream, team_id))


# One window per calendar quarter that overlaps the period, clipped to it, so the last
# quarter's figures are exactly the collaboration counts of that (partial) quarter.
COLLABORATION_BY_QUARTER = f"""
WITH
{_scope.params()},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id, e.team_count, e.cross_discipline, e.start_date, e.last_day
    FROM experiments_in_scope AS e
),
quarters AS (
    SELECT CAST(q AS DATE) AS quarter_start
    FROM params AS p,
         generate_series(
             date_trunc('quarter', CAST(coalesce(p.period_start,
                 (SELECT min(start_date) FROM in_scope), p.as_of) AS TIMESTAMP)),
             date_trunc('quarter', CAST(p.as_of AS TIMESTAMP)),
             INTERVAL '3 months') AS g(q)
),
windows AS (
    SELECT q.quarter_start,
           greatest(q.quarter_start, coalesce(p.period_start, q.quarter_start)) AS window_start,
           least(CAST(q.quarter_start + INTERVAL '3 months' - INTERVAL '1 day' AS DATE),
                 p.as_of)
               AS window_end
    FROM quarters AS q, params AS p
),
shape AS (
    SELECT w.quarter_start, w.window_start, w.window_end, s.experiment_id,
           s.team_count >= 2 AS cross_team,
           s.cross_discipline
    FROM windows AS w
    JOIN in_scope AS s ON s.start_date <= w.window_end AND s.last_day >= w.window_start
),
final AS (
    SELECT w.quarter_start,
           CAST(extract(year FROM w.quarter_start) AS VARCHAR) || '-Q'
               || CAST(extract(quarter FROM w.quarter_start) AS VARCHAR) AS quarter,
           w.window_start, w.window_end,
           count(s.experiment_id) AS experiments,
           count(s.experiment_id) FILTER (WHERE s.cross_team) AS cross_team,
           count(s.experiment_id) FILTER (WHERE s.cross_discipline) AS cross_discipline,
           count(s.experiment_id) FILTER (WHERE s.cross_team OR s.cross_discipline)
               AS collaborative
    FROM windows AS w
    LEFT JOIN shape AS s USING (quarter_start)
    GROUP BY w.quarter_start, w.window_start, w.window_end
)
SELECT * FROM final ORDER BY quarter_start
"""  # noqa: S608


def collaboration_by_quarter(con: Database, start: dt.date | None,
                             as_of: dt.date, value_stream: str | None = None,
                             team_id: str | None = None) -> pd.DataFrame:
    """The collaboration counts per calendar quarter of the period (each window clipped to it).

    Columns quarter_start, quarter ('2026-Q3'), window_start, window_end, experiments,
    cross_team, cross_discipline, collaborative. All time starts at the first experiment.
    """
    return _frame(con, COLLABORATION_BY_QUARTER, _view(start, as_of, value_stream, team_id))

"""The Teams page's figures computed from the raw rows of the experiments in scope: the
oracle the rollups of migration 13 are held to (the queries as they read before them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment import contract
from alignment.queries import _scope

NETWORK_EDGES = f"""
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


COLLABORATION = f"""
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


DISCIPLINES = f"""
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

# By the name of the query each answers for.
ORACLES = {
    "team_network_edges": NETWORK_EDGES,
    "team_collaboration": COLLABORATION,
    "team_disciplines": DISCIPLINES,
    "collaboration_by_quarter": COLLABORATION_BY_QUARTER,
}


def from_raw_rows(con, name: str, start: dt.date | None, as_of: dt.date,
                  value_stream: str | None, team_id: str | None) -> pd.DataFrame:
    """What the query ``name`` answers for the scope, computed from the raw rows."""
    extra = [list(contract.DISCIPLINES)] if name == "team_disciplines" else []
    return con.execute(ORACLES[name],
                       _scope.view_values(start, as_of, value_stream, team_id, *extra)).df()

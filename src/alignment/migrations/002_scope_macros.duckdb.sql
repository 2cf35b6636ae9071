-- Migration 2: the scope rules the pages filter by, defined once as table macros so that
-- the pages and the Overview cannot drift apart. A table macro is inlined where it is
-- called, so the planner sees plain SQL.
--
-- NULL for any argument means "all". The stream and team parameters are called
-- chosen_stream and chosen_team, not value_stream and team_id, because inside a macro an
-- unqualified name that matches a parameter is the parameter, never the column.
--
-- The queries in ``alignment.queries`` keep their typed ``params`` CTE and pass its values
-- as scalar subqueries, e.g.
--     FROM experiments_in_scope(
--         (SELECT period_start FROM params), (SELECT as_of FROM params),
--         (SELECT value_stream FROM params), (SELECT team_id FROM params)) AS e
-- not as a lateral call (FROM params AS p, experiments_in_scope(p.period_start, ...)):
-- DuckDB decorrelates a lateral macro call into extra joins, two to four times slower.

-- Experiments of the chosen value stream and team, in any period. A stream holds the
-- experiments on its products; one without a known product belongs to its lead team's
-- stream. A team holds what it leads and what it joined as a partner.
CREATE OR REPLACE MACRO experiments_in_stream_and_team(chosen_stream, chosen_team) AS TABLE
    SELECT e.*
    FROM experiments AS e
    LEFT JOIN products AS pr ON pr.product_id = e.product_id
    LEFT JOIN teams AS lead ON lead.team_id = e.team_id
    WHERE (chosen_stream IS NULL
           OR coalesce(pr.value_stream, lead.value_stream) = chosen_stream)
      AND (chosen_team IS NULL OR e.experiment_id IN (
               SELECT et.experiment_id FROM experiment_teams AS et
               WHERE et.team_id = chosen_team));

-- Of those, the ones under way on at least one day from period_start (NULL: all time) to
-- as_of, with last_day, the last day each was under way as known on as_of. A running
-- experiment is under way until as_of; a done or stopped one until its end date (without
-- one, on its start day only). Ideas, without a start date, never are.
CREATE OR REPLACE MACRO experiments_in_scope(period_start, as_of, chosen_stream, chosen_team)
AS TABLE
    SELECT e.*
    FROM (
        SELECT s.*,
               CASE WHEN s.status = 'running' THEN as_of
                    ELSE coalesce(s.end_date, s.start_date) END AS last_day
        FROM experiments_in_stream_and_team(chosen_stream, chosen_team) AS s
    ) AS e
    WHERE e.start_date <= as_of
      AND (period_start IS NULL OR e.last_day >= period_start);

-- The cascade's products: those of the chosen stream that the chosen team is linked to or
-- led an experiment on in the period. Experiments count at their lead team here, so each
-- one appears once in the cascade.
CREATE OR REPLACE MACRO cascade_products_in_view(period_start, as_of, chosen_stream,
                                                 chosen_team) AS TABLE
    SELECT pr.*
    FROM products AS pr
    WHERE (chosen_stream IS NULL OR pr.value_stream = chosen_stream)
      AND (chosen_team IS NULL
           OR pr.product_id IN (SELECT tp.product_id FROM team_products AS tp
                                WHERE tp.team_id = chosen_team)
           OR pr.product_id IN (SELECT u.product_id
                                FROM experiments_in_scope(period_start, as_of, NULL, NULL) AS u
                                WHERE u.team_id = chosen_team));

-- Reflection sessions held up to as_of by a team of the chosen stream, or by the chosen
-- team, with the team's name. A session of a team that is not (or no longer) in the teams
-- table has nobody to coach, so it is left out.
CREATE OR REPLACE MACRO sessions_in_scope(as_of, chosen_stream, chosen_team) AS TABLE
    SELECT s.*, t.name AS team_name
    FROM sessions AS s
    JOIN teams AS t ON t.team_id = s.team_id
    WHERE s.held_on <= as_of
      AND (chosen_stream IS NULL OR t.value_stream = chosen_stream)
      AND (chosen_team IS NULL OR s.team_id = chosen_team);

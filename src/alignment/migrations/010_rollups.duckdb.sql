-- Migration 10: rollups, so a leader page's cost follows the organisation's shape, not
-- its number of experiments.

-- The experiment facts get one definition, the write path's (store.experiment_facts_sql):
-- the view and macro of migrations 4 and 5 repeated it.
DROP VIEW IF EXISTS experiment_facts_live;
DROP MACRO TABLE IF EXISTS experiment_facts_of;

-- What the rollups count: each experiment with a start date once as kind 'start' on its
-- start day, and, unless it is running, once as kind 'end' on the last day it was under
-- way (its end, or its start without one), with the dimensions the leader figures group
-- by. Key columns hold '' for an unknown value, never NULL. queries/_scope.py reads the
-- same columns from the raw rows of the boundary days; a property test holds them equal.
--
-- An experiment is under way in [period_start, as_of] when it started on or before as_of
-- and is running or its last day is on or after period_start. The schema refuses an end
-- before the start, so one whose last day precedes period_start also started before
-- as_of, and the count in a period is the 'start' rows up to as_of minus the 'end' rows
-- before period_start: two sums over months, plus the days of the two boundary months.
CREATE VIEW experiment_days AS
WITH
dated AS (
    SELECT e.experiment_id, e.team_id, coalesce(e.product_id, '') AS product_id,
           e.lean_lens, e.status, e.start_date,
           coalesce(e.end_date, e.start_date) AS last_day,
           coalesce(f.value_stream, '') AS value_stream,
           f.team_count >= 2 AS cross_team, f.cross_discipline
    FROM experiments AS e
    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id
    WHERE e.start_date IS NOT NULL
),
final AS (
    SELECT experiment_id, value_stream, cross_team, cross_discipline, team_id, product_id,
           lean_lens, status, 'start' AS kind, start_date AS day,
           CAST(date_trunc('month', start_date) AS DATE) AS month
    FROM dated
    UNION ALL
    SELECT experiment_id, value_stream, cross_team, cross_discipline, team_id, product_id,
           lean_lens, status, 'end' AS kind, last_day AS day,
           CAST(date_trunc('month', last_day) AS DATE) AS month
    FROM dated
    WHERE status <> 'running'
)
SELECT * FROM final;

-- The rollups: experiment_days counted per month and kind at the grain of the figures
-- that read them. Their size follows streams, products, teams and months, not
-- experiments. Every write that changes an experiment or its facts adds and subtracts
-- its rows in the same transaction (alignment.store.rollups);
-- `python -m alignment.store.rollups rebuild` recomputes them from experiment_days.
CREATE TABLE IF NOT EXISTS rollup_collaboration (
    value_stream     VARCHAR NOT NULL,
    cross_team       BOOLEAN NOT NULL,
    cross_discipline BOOLEAN NOT NULL,
    month            DATE NOT NULL,
    kind             VARCHAR NOT NULL,
    n                BIGINT NOT NULL,
    PRIMARY KEY (value_stream, cross_team, cross_discipline, month, kind)
);

CREATE TABLE IF NOT EXISTS rollup_product_lens (
    product_id VARCHAR NOT NULL,
    lean_lens  VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    month      DATE NOT NULL,
    kind       VARCHAR NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (product_id, lean_lens, status, month, kind)
);

CREATE TABLE IF NOT EXISTS rollup_team_work (
    team_id    VARCHAR NOT NULL,
    product_id VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    month      DATE NOT NULL,
    kind       VARCHAR NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (team_id, product_id, status, month, kind)
);

INSERT INTO rollup_collaboration
SELECT value_stream, cross_team, cross_discipline, month, kind, count(*)
FROM experiment_days GROUP BY value_stream, cross_team, cross_discipline, month, kind;

INSERT INTO rollup_product_lens
SELECT product_id, lean_lens, status, month, kind, count(*)
FROM experiment_days GROUP BY product_id, lean_lens, status, month, kind;

INSERT INTO rollup_team_work
SELECT team_id, product_id, status, month, kind, count(*)
FROM experiment_days GROUP BY team_id, product_id, status, month, kind;

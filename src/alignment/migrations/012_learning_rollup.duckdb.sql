-- Migration 12: the Learning flow's figures (funnel, learning debt, lead times, decisions per
-- quarter) counted from a rollup whose size follows streams and months, not experiments.

-- What the rollup counts, one or more rows per experiment. Each row carries the days its
-- figures compare with as_of (A), period_start (P) and the debt's cut-off (A minus the
-- days a decision may wait), and their months. '1900-01-01' stands for "always already"
-- and '9999-12-01' for "never": neither is the month of a boundary.
--
-- kind 'stage', every experiment: the funnel and the learning debt.
--   known_day    it is known on A when known_day <= A (its start; an idea without one always)
--   over_day     a done or stopped one is over on A when over_day <= A (its end), else it
--                was still running then
--   open_day     an over one counts in the period when open_day >= P (its last day; without
--                a start it always counts)
--   decided_day  a done one is decided on A when decided_day <= A (its decision's day; a
--                decision without a day always, none never)
-- kind 'decision', every decision with a day: decisions per quarter (day, known_day).
-- kind 'lead', every decision with a day on a done experiment with an end: lead_days.
--
-- A rollup row's months stand for its days: away from the months of A, P and the cut-off,
-- a month compares with those days as every day in it does. So a figure counts the rollup's
-- rows away from those months and the raw rows of this view inside them
-- (queries/learning.py); a property test holds that equal to the figures of the raw rows.
CREATE VIEW learning_events AS
WITH
dated AS (
    SELECT e.experiment_id, coalesce(f.value_stream, '') AS value_stream, e.status,
           e.start_date IS NOT NULL AND e.status <> 'idea' AS started,
           e.end_date IS NOT NULL AS ended,
           coalesce(e.start_date, DATE '1900-01-01') AS known_day,
           CASE WHEN e.status IN ('done', 'stopped') THEN coalesce(e.end_date, DATE '1900-01-01')
                ELSE DATE '1900-01-01' END AS over_day,
           CASE WHEN e.status IN ('done', 'stopped') AND e.start_date IS NOT NULL
                THEN coalesce(e.end_date, e.start_date)
                ELSE DATE '9999-12-01' END AS open_day,
           CASE WHEN e.status = 'done' AND e.decision IS NOT NULL
                THEN coalesce(e.decision_date, DATE '1900-01-01')
                ELSE DATE '9999-12-01' END AS decided_day,
           e.decision, e.decision_date, e.decision_scope, e.end_date
    FROM experiments AS e
    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id
),
events AS (
    SELECT experiment_id, value_stream, 'stage' AS kind, status, started, ended,
           '' AS decision_scope, -1 AS lead_days, known_day AS day, known_day, over_day,
           open_day, decided_day
    FROM dated
    UNION ALL
    SELECT experiment_id, value_stream, 'decision' AS kind, '' AS status, false, false,
           coalesce(decision_scope, 'unspecified'), -1, decision_date, known_day,
           DATE '1900-01-01', DATE '9999-12-01', DATE '9999-12-01'
    FROM dated
    WHERE decision IS NOT NULL AND decision_date IS NOT NULL
    UNION ALL
    SELECT experiment_id, value_stream, 'lead' AS kind, '' AS status, false, false, '',
           CAST(decision_date - end_date AS INTEGER), decision_date, DATE '1900-01-01',
           DATE '1900-01-01', DATE '9999-12-01', DATE '9999-12-01'
    FROM dated
    WHERE status = 'done' AND ended AND decision IS NOT NULL AND decision_date IS NOT NULL
),
final AS (
    SELECT *, CAST(date_trunc('month', day) AS DATE) AS month,
           CAST(date_trunc('month', known_day) AS DATE) AS known_month,
           CAST(date_trunc('month', over_day) AS DATE) AS over_month,
           CAST(date_trunc('month', open_day) AS DATE) AS open_month,
           CAST(date_trunc('month', decided_day) AS DATE) AS decided_month
    FROM events
)
SELECT * FROM final;

-- No key on DuckDB, as for every rollup (migration 14 says why): a key is an index DuckDB
-- holds in memory whole. The write path keeps one row per key without it.
CREATE TABLE IF NOT EXISTS rollup_learning (
    value_stream   VARCHAR NOT NULL,
    status         VARCHAR NOT NULL,
    started        BOOLEAN NOT NULL,
    ended          BOOLEAN NOT NULL,
    decision_scope VARCHAR NOT NULL,
    lead_days      INTEGER NOT NULL,
    known_month    DATE NOT NULL,
    over_month     DATE NOT NULL,
    open_month     DATE NOT NULL,
    decided_month  DATE NOT NULL,
    month          DATE NOT NULL,
    kind           VARCHAR NOT NULL,
    n              BIGINT NOT NULL
);

INSERT INTO rollup_learning
SELECT value_stream, status, started, ended, decision_scope, lead_days, known_month,
       over_month, open_month, decided_month, month, kind, count(*)
FROM learning_events
GROUP BY value_stream, status, started, ended, decision_scope, lead_days, known_month,
         over_month, open_month, decided_month, month, kind
ORDER BY month;

-- Migration 20: the Experiments page counts its experiments per status and lens from a rollup
-- whose size follows streams, statuses, lenses, results and months, not experiments.
--
-- The page's rule (queries/experiments.py): an experiment is in view when known on as_of
-- (started by then, or without a start) and, when done or stopped, ended (without an end
-- date: started) on or after period_start. So each experiment has a 'start' row on its start
-- day ('1900-01-01', always already, without one) and, when done or stopped with a start, an
-- 'end' row on its last day: those in view are the 'start' rows up to as_of minus the 'end'
-- rows before period_start (an end is never before its start, which the schema holds; an
-- end after as_of is never before period_start). Whole months come from the rollup, the
-- days of the two boundary months from the raw rows; a property test holds the counts equal
-- to those of the raw rows. The rows per experiment are alignment.store.rollups SOURCES
-- 'experiment_filters', which every write keeps; this fills the rollup once.
--
-- No key (migration 14 says why), rows in month order.
CREATE TABLE IF NOT EXISTS rollup_experiment_filters (
    value_stream VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    lean_lens    VARCHAR NOT NULL,
    result       VARCHAR NOT NULL,
    decided      BOOLEAN NOT NULL,
    month        DATE NOT NULL,
    kind         VARCHAR NOT NULL,
    n            BIGINT NOT NULL
);

INSERT INTO rollup_experiment_filters
WITH
dated AS (
    SELECT coalesce(f.value_stream, '') AS value_stream, e.status, e.lean_lens,
           coalesce(e.result, '') AS result, e.decision IS NOT NULL AS decided,
           coalesce(e.start_date, DATE '1900-01-01') AS start_day,
           CASE WHEN e.status IN ('done', 'stopped') AND e.start_date IS NOT NULL
                THEN coalesce(e.end_date, e.start_date) END AS last_day
    FROM experiments AS e
    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id
),
days AS (
    SELECT value_stream, status, lean_lens, result, decided, 'start' AS kind,
           CAST(date_trunc('month', start_day) AS DATE) AS month
    FROM dated
    UNION ALL
    SELECT value_stream, status, lean_lens, result, decided, 'end' AS kind,
           CAST(date_trunc('month', last_day) AS DATE) AS month
    FROM dated
    WHERE last_day IS NOT NULL
)
SELECT value_stream, status, lean_lens, result, decided, month, kind, count(*) AS n
FROM days
GROUP BY value_stream, status, lean_lens, result, decided, month, kind
ORDER BY month;

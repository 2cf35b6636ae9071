-- Migration 18: the value proof (Learning flow) counted from a rollup whose size follows
-- streams, lead teams, products and months, not experiments.
--
-- One row per done experiment with an end date (alignment.store.rollups, SOURCES
-- 'finished_outcomes'), on the month of its end: whether it is placed (attainment and energy
-- known), in the better-and-more-energy corner (attainment 1 or more, energy 4 or 5), and,
-- for a spread or scale decided on weak evidence, the month of that decision ('1900-01-01'
-- without a day: always known; '9999-12-01' for every other experiment: never a weak
-- spread). A figure over the experiments ended from period_start to as_of counts the months
-- strictly between theirs from here, and the raw rows of those two months (and of weak
-- spreads decided in as_of's month) by their dates (queries/learning.py); a property test
-- holds them equal to the figures of the raw rows. At a million experiments it holds
-- 320,000 rows for 690,000 finished experiments, 50,000 of them in a year of months.
--
-- Not rolled up: the lead time per team and per product (a median needs every lead time:
-- per team, lead days and month there are 483,000 rows for 497,000 decisions) and the
-- teams improving while their energy falls (halves by rank within each team): they read the
-- period's decisions or finished experiments and send their first rows.
--
-- No key, on either backend (migration 14 says why on DuckDB; one file serves both); the
-- write path keeps one row per key without it.
CREATE TABLE IF NOT EXISTS rollup_outcomes (
    value_stream      VARCHAR NOT NULL,
    team_id           VARCHAR NOT NULL,
    product_id        VARCHAR NOT NULL,
    placed            BOOLEAN NOT NULL,
    better_and_energy BOOLEAN NOT NULL,
    weak_month        DATE NOT NULL,
    month             DATE NOT NULL,
    kind              VARCHAR NOT NULL,
    n                 BIGINT NOT NULL
);

INSERT INTO rollup_outcomes
SELECT value_stream, team_id, product_id, placed, better_and_energy, weak_month, month, kind,
       count(*)
FROM (
    SELECT coalesce(f.value_stream, '') AS value_stream, e.team_id,
           coalesce(e.product_id, '') AS product_id,
           coalesce(e.energy IS NOT NULL AND e.target <> e.baseline
                    AND e.observed IS NOT NULL, false) AS placed,
           coalesce(e.energy >= 4 AND CASE WHEN e.target <> e.baseline
                    THEN (e.observed - e.baseline) / (e.target - e.baseline) END >= 1.0,
                false) AS better_and_energy,
           CASE WHEN e.evidence_strength = 'weak' AND e.decision IN ('spread', 'scale')
                THEN CAST(date_trunc('month', coalesce(e.decision_date, DATE '1900-01-01'))
                          AS DATE)
                ELSE DATE '9999-12-01' END AS weak_month,
           CAST(date_trunc('month', e.end_date) AS DATE) AS month, 'end' AS kind
    FROM experiments AS e
    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id
    WHERE e.status = 'done' AND e.end_date IS NOT NULL
) AS finished
GROUP BY value_stream, team_id, product_id, placed, better_and_energy, weak_month, month, kind
ORDER BY month;

-- The spread factor: one row per validated experiment with an end date (SOURCES
-- 'validated_adoptions'), on the month of its end, with its adoptions started within 90
-- days of that end (the window the factor counts; once it has closed on as_of, every such
-- adoption was known then). Its adopters are other experiments: a write keeps the rows of
-- the experiments its own adopt, before and after it (alignment.store.rollups,
-- adopted_sources). The factor over the experiments ended from period_start to as_of minus
-- 90 days counts the months strictly between theirs here and the raw rows of those two.
CREATE TABLE IF NOT EXISTS rollup_spread (
    value_stream VARCHAR NOT NULL,
    adoptions    INTEGER NOT NULL,
    month        DATE NOT NULL,
    kind         VARCHAR NOT NULL,
    n            BIGINT NOT NULL
);

INSERT INTO rollup_spread
SELECT value_stream, adoptions, month, kind, count(*)
FROM (
    SELECT coalesce(f.value_stream, '') AS value_stream,
           CAST((SELECT count(*) FROM experiments AS a
                 WHERE a.source_experiment_id = r.experiment_id
                   AND a.start_date <= r.end_date + 90) AS INTEGER) AS adoptions,
           CAST(date_trunc('month', r.end_date) AS DATE) AS month, 'end' AS kind
    FROM experiments AS r
    JOIN experiment_facts AS f ON f.experiment_id = r.experiment_id
    WHERE r.status = 'done' AND r.result = 'validated' AND r.end_date IS NOT NULL
) AS validated
GROUP BY value_stream, adoptions, month, kind
ORDER BY month;

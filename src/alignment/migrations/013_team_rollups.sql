-- Migration 13: the Teams & collaboration page reads a rollup of who took part, so its
-- per-team figures follow teams, streams and quarters, not the number of experiments.
--
-- The view is experiment_days (migration 10: a 'start' row on an experiment's start day
-- and, unless it is running, an 'end' row on its last day) spread over the teams that
-- took part (experiment_teams: the lead and its partners), so "under way in
-- [period_start, as_of]" stays exact: the 'start' rows up to as_of minus the 'end' rows
-- before period_start. Its column month holds the first month of the quarter: per month
-- the rollup held 650,000 rows at a million experiments (2,000 teams, nearly every month),
-- and rebuilding every rollup in one transaction no longer fitted DuckDB's memory cap; per
-- quarter it holds 290,000. queries/teams.py reads the days of the two boundary quarters
-- from the raw rows; a property test holds the figures equal to those of the raw rows.
--
-- Pairs of teams and disciplines per team are not rolled up: at a million experiments
-- 115,000 pairs worked together, mostly on one experiment a quarter, so a rollup per pair
-- and quarter holds 500,000 rows, as many as the experiments it counts; one per team,
-- discipline and quarter did not fit the memory cap either.
CREATE VIEW experiment_team_quarters AS
SELECT d.experiment_id, et.team_id, d.value_stream, d.cross_team,
       CAST(date_trunc('quarter', d.month) AS DATE) AS month, d.kind
FROM experiment_days AS d
JOIN experiment_teams AS et ON et.experiment_id = d.experiment_id;

-- No key, on either backend: on DuckDB a key is an index held in memory whole (migration 14
-- says why the rollups keep none there), and one file serves both. The write path keeps one
-- row per key without it.
CREATE TABLE IF NOT EXISTS rollup_team_participation (
    team_id      VARCHAR NOT NULL,
    value_stream VARCHAR NOT NULL,
    cross_team   BOOLEAN NOT NULL,
    month        DATE NOT NULL,
    kind         VARCHAR NOT NULL,
    n            BIGINT NOT NULL
);

INSERT INTO rollup_team_participation
SELECT team_id, value_stream, cross_team, month, kind, count(*)
FROM experiment_team_quarters GROUP BY team_id, value_stream, cross_team, month, kind
ORDER BY month;

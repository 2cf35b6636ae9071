-- Migration 21: the experiments that adopted each one, found by their source.
--
-- The spread rollup (migration 18) counts a validated experiment's adopters, and a write
-- recounts the experiments its rows adopt. Without an index PostgreSQL finds the adopters of
-- an upload's few validated experiments by reading every experiment; with it, by key.
CREATE INDEX IF NOT EXISTS experiments_source
    ON experiments (source_experiment_id) WHERE source_experiment_id IS NOT NULL;

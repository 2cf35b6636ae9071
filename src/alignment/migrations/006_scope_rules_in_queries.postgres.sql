-- Migration 6 on PostgreSQL: an index the learning queries' plans need. The spread trees
-- follow source_experiment_id generation by generation; without it each step scans every
-- experiment.
CREATE INDEX IF NOT EXISTS experiments_source ON experiments (source_experiment_id);

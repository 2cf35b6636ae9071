-- Migration 16: the rollups' sources are defined in the write path (alignment.store.rollups,
-- SOURCES), over the raw tables, no longer as views.
--
-- Read through a view, a write's experiments were picked only after DuckDB had built the
-- rows of every experiment: 600 ms per source for one team's upload at a million
-- experiments, three times over, against 60 ms when the write's experiments are picked from
-- the raw tables first. The write path and the rebuild now read the same definition.
DROP VIEW IF EXISTS experiment_team_quarters;
DROP VIEW IF EXISTS learning_events;
DROP VIEW IF EXISTS experiment_days;

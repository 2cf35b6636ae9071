-- Migration 6: the scope rules leave the database. Every query now reads them from
-- alignment/queries/_scope.py, the one definition both DuckDB and PostgreSQL run, so the
-- table macros of migration 2 (and the refreshed one of migration 4) are dropped.
-- experiment_facts_of (migration 5) stays: the write path still reads an upload's facts
-- through it on DuckDB.
DROP MACRO TABLE IF EXISTS experiments_in_scope;
DROP MACRO TABLE IF EXISTS cascade_products_in_view;
DROP MACRO TABLE IF EXISTS sessions_in_scope;
DROP MACRO TABLE IF EXISTS experiments_in_stream_and_team;

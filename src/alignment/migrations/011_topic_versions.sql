-- Migration 11: a version per topic of the data (experiments, sessions, reference …) and per
-- topic and value stream, so a write makes cold only the cached reads it can change.
-- A row holds the data version (data_version.version) of the last write that touched it;
-- a topic never written has no row and counts as 0.
CREATE TABLE IF NOT EXISTS topic_versions (
    topic   VARCHAR PRIMARY KEY,
    version BIGINT NOT NULL
);

-- Migration 14: DuckDB's rollups keep no key.
--
-- A key is an ART index, which DuckDB holds in memory whole and cannot spill: at a million
-- experiments the rollups' keys held ~1M composite text keys beside the experiments' own,
-- and a big upload's commit ran out of the app's memory cap (384MB) while flushing them.
-- The write path (alignment.store.rollups.added) adds a write's counts by an UPDATE of the
-- rows it meets and an INSERT of the others, which needs no key; each (dimensions, month,
-- kind) still holds one row, as every write keeps it so and the rebuild makes it so.
-- Rows are written in month order, so DuckDB's zone maps let a read of some months skip
-- the others.

CREATE TABLE rollup_collaboration_014 (
    value_stream     VARCHAR NOT NULL,
    cross_team       BOOLEAN NOT NULL,
    cross_discipline BOOLEAN NOT NULL,
    month            DATE NOT NULL,
    kind             VARCHAR NOT NULL,
    n                BIGINT NOT NULL
);
INSERT INTO rollup_collaboration_014 SELECT * FROM rollup_collaboration ORDER BY month;
DROP TABLE rollup_collaboration;
ALTER TABLE rollup_collaboration_014 RENAME TO rollup_collaboration;

CREATE TABLE rollup_product_lens_014 (
    product_id VARCHAR NOT NULL,
    lean_lens  VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    month      DATE NOT NULL,
    kind       VARCHAR NOT NULL,
    n          BIGINT NOT NULL
);
INSERT INTO rollup_product_lens_014 SELECT * FROM rollup_product_lens ORDER BY month;
DROP TABLE rollup_product_lens;
ALTER TABLE rollup_product_lens_014 RENAME TO rollup_product_lens;

CREATE TABLE rollup_team_work_014 (
    team_id    VARCHAR NOT NULL,
    product_id VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    month      DATE NOT NULL,
    kind       VARCHAR NOT NULL,
    n          BIGINT NOT NULL
);
INSERT INTO rollup_team_work_014 SELECT * FROM rollup_team_work ORDER BY month;
DROP TABLE rollup_team_work;
ALTER TABLE rollup_team_work_014 RENAME TO rollup_team_work;

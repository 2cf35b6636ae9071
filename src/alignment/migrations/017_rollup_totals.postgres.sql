-- Migration 17: the experiment rollups read by counted_in_period (queries/_scope.py) keep
-- beside their months one all-time total per key and kind, so a read scans the keys and the
-- months of its period, not every month of the organisation's history.
--
-- The experiments under way from P to A are the 'start' rows up to A minus the 'end' rows
-- before P (migration 10). Each is a total less a suffix: the starts up to A are the total of
-- starts less the whole months from A's month on, plus A's month's days up to A from the raw
-- rows; the ends before P likewise from P's month. A leader looks back from today, so the
-- months from P on are those of the chosen period (at most 18), and A's month is the last:
-- at a million experiments over 72 months the months read fall from 400,000 rows
-- (product × lens × status) and 660,000 (team × product × status) to the period's, beside a
-- total per key. The monthly rows stay whole, so a view of any day stays exact; only the
-- months it looks back over are read. Every write that adds or subtracts a month's count
-- adds or subtracts the same total (alignment.store.rollups, Rollup.totals) in the same
-- transaction; the rebuild recomputes both.
--
-- PostgreSQL keeps keys on them, as on the months (migration 14), and finds the months from
-- a boundary on through an index by kind and month.
CREATE TABLE IF NOT EXISTS rollup_collaboration_totals (
    value_stream     VARCHAR NOT NULL,
    cross_team       BOOLEAN NOT NULL,
    cross_discipline BOOLEAN NOT NULL,
    kind             VARCHAR NOT NULL,
    n                BIGINT NOT NULL,
    PRIMARY KEY (value_stream, cross_team, cross_discipline, kind)
);

CREATE TABLE IF NOT EXISTS rollup_product_lens_totals (
    product_id VARCHAR NOT NULL,
    lean_lens  VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (product_id, lean_lens, status, kind)
);

CREATE TABLE IF NOT EXISTS rollup_team_work_totals (
    team_id    VARCHAR NOT NULL,
    product_id VARCHAR NOT NULL,
    status     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (team_id, product_id, status, kind)
);

INSERT INTO rollup_collaboration_totals
SELECT value_stream, cross_team, cross_discipline, kind, sum(n)
FROM rollup_collaboration GROUP BY value_stream, cross_team, cross_discipline, kind
HAVING sum(n) <> 0;

INSERT INTO rollup_product_lens_totals
SELECT product_id, lean_lens, status, kind, sum(n)
FROM rollup_product_lens GROUP BY product_id, lean_lens, status, kind
HAVING sum(n) <> 0;

INSERT INTO rollup_team_work_totals
SELECT team_id, product_id, status, kind, sum(n)
FROM rollup_team_work GROUP BY team_id, product_id, status, kind
HAVING sum(n) <> 0;

CREATE INDEX IF NOT EXISTS rollup_collaboration_kind_month ON rollup_collaboration (kind, month);
CREATE INDEX IF NOT EXISTS rollup_product_lens_kind_month ON rollup_product_lens (kind, month);
CREATE INDEX IF NOT EXISTS rollup_team_work_kind_month ON rollup_team_work (kind, month);

-- The raw rows of the boundary months compare the end date and the start date themselves
-- (queries/_scope.py): ends by their end date through this index, ends without one by the
-- start date through experiments_start (migration 10).
CREATE INDEX IF NOT EXISTS experiments_end ON experiments (end_date)
    WHERE status <> 'running' AND end_date IS NOT NULL;

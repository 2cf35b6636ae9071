-- Migration 19: the chain breaks read each experiment's links from one narrow index.
--
-- Counting the experiments off the chain (no goal, no product, or a product that does not
-- serve their goal) reads every experiment's lead team, product and goal. From the table that
-- is every wide row (titles, hypotheses, learning): at a million experiments PostgreSQL read
-- 400 MB for 30 MB of links. With this index it scans the links alone (an index-only scan).
-- DuckDB reads columns, not rows: it needs none.
CREATE INDEX IF NOT EXISTS experiments_chain_links
    ON experiments (team_id, product_id, goal_id) INCLUDE (experiment_id);

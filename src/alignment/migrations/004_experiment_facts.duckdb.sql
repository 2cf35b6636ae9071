-- Migration 4: per-experiment facts the leader views filter and count by, kept as a table.
-- Computed per query they cost a join with products and teams and a group-by over
-- experiment_teams on every page; at a million experiments that is most of a page's
-- time. The write that changes an experiment recomputes its facts in the same
-- transaction (store.refreshed_rollups), so the table always equals the view.

-- The one definition of the facts; the table is a copy of it, and tests compare the two.
CREATE OR REPLACE VIEW experiment_facts_live AS
WITH
experiments_ AS (
    SELECT experiment_id, team_id, product_id, disciplines FROM experiments
),
team_counts AS (
    SELECT experiment_id, count(*) AS team_count
    FROM experiment_teams
    GROUP BY experiment_id
),
final AS (
    -- A stream holds the experiments on its products; one without a known product
    -- belongs to its lead team's stream.
    SELECT
        e.experiment_id,
        coalesce(pr.value_stream, lead.value_stream) AS value_stream,
        CAST(coalesce(tc.team_count, 1) AS INTEGER) AS team_count,
        coalesce(len(list_distinct(e.disciplines)), 0) >= 2 AS cross_discipline
    FROM experiments_ AS e
    LEFT JOIN products AS pr ON pr.product_id = e.product_id
    LEFT JOIN teams AS lead ON lead.team_id = e.team_id
    LEFT JOIN team_counts AS tc ON tc.experiment_id = e.experiment_id
)
SELECT * FROM final;

-- No key: an upload deletes and re-inserts its experiments' rows in one transaction.
CREATE TABLE IF NOT EXISTS experiment_facts (
    experiment_id    VARCHAR NOT NULL,
    value_stream     VARCHAR,
    team_count       INTEGER NOT NULL,
    cross_discipline BOOLEAN NOT NULL
);

INSERT INTO experiment_facts SELECT * FROM experiment_facts_live;

-- The scope rule of migration 2, now reading the stream from the facts; callers also get
-- team_count and cross_discipline without another join.
CREATE OR REPLACE MACRO experiments_in_stream_and_team(chosen_stream, chosen_team) AS TABLE
    SELECT e.*, f.team_count, f.cross_discipline
    FROM experiments AS e
    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id
    WHERE (chosen_stream IS NULL OR f.value_stream = chosen_stream)
      AND (chosen_team IS NULL OR e.experiment_id IN (
               SELECT et.experiment_id FROM experiment_teams AS et
               WHERE et.team_id = chosen_team));

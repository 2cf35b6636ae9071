-- Migration 4: per-experiment facts the leader views filter and count by, kept as a table
-- (the DuckDB variant says why). The view is the one definition; the table a copy of it.
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
        (SELECT count(DISTINCT d) FROM unnest(e.disciplines) AS d) >= 2 AS cross_discipline
    FROM experiments_ AS e
    LEFT JOIN products AS pr ON pr.product_id = e.product_id
    LEFT JOIN teams AS lead ON lead.team_id = e.team_id
    LEFT JOIN team_counts AS tc ON tc.experiment_id = e.experiment_id
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS experiment_facts (
    experiment_id    VARCHAR NOT NULL,
    value_stream     VARCHAR,
    team_count       INTEGER NOT NULL,
    cross_discipline BOOLEAN NOT NULL
);

INSERT INTO experiment_facts SELECT * FROM experiment_facts_live;

-- What PostgreSQL's plans need: the scope rules look experiments up by id, team and
-- product, and the facts by experiment and stream.
CREATE INDEX IF NOT EXISTS experiment_facts_experiment ON experiment_facts (experiment_id);
CREATE INDEX IF NOT EXISTS experiment_facts_stream ON experiment_facts (value_stream);
CREATE INDEX IF NOT EXISTS experiment_teams_team ON experiment_teams (team_id);
CREATE INDEX IF NOT EXISTS experiments_team ON experiments (team_id);
CREATE INDEX IF NOT EXISTS experiments_product ON experiments (product_id);
CREATE INDEX IF NOT EXISTS experiments_goal ON experiments (goal_id);
CREATE INDEX IF NOT EXISTS sessions_team ON sessions (team_id, held_on);
CREATE INDEX IF NOT EXISTS actions_session ON actions (session_id);
CREATE INDEX IF NOT EXISTS change_log_entity ON change_log (entity, entity_id);

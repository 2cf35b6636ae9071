-- Migration 5: the experiment facts of migration 4 for any set of experiments.
-- Refreshing an upload's ten thousand experiments through experiment_facts_live grouped
-- all of experiment_teams first (180 ms at a million experiments); restricting the
-- inputs to the uploaded ids first costs a quarter of that. The view keeps its meaning
-- and becomes the facts of every experiment, so the definition stays in one place.
--
-- id_source names a table or view with an experiment_id column, e.g. the staged upload
-- ('incoming') or 'experiments' for all.
CREATE OR REPLACE MACRO experiment_facts_of(id_source) AS TABLE
WITH
chosen AS (
    SELECT experiment_id FROM query_table(id_source)
),
experiments_ AS (
    SELECT experiment_id, team_id, product_id, disciplines
    FROM experiments
    WHERE experiment_id IN (SELECT experiment_id FROM chosen)
),
team_counts AS (
    SELECT experiment_id, count(*) AS team_count
    FROM experiment_teams
    WHERE experiment_id IN (SELECT experiment_id FROM chosen)
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

CREATE OR REPLACE VIEW experiment_facts_live AS
SELECT * FROM experiment_facts_of('experiments');

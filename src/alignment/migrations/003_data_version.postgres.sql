-- Migration 3: one row that changes with every write (the DuckDB variant says why).
CREATE TABLE IF NOT EXISTS data_version (
    database_id VARCHAR NOT NULL,
    version     BIGINT NOT NULL,
    changed_at  TIMESTAMP
);

INSERT INTO data_version
SELECT
    CAST(gen_random_uuid() AS VARCHAR),
    0,
    (SELECT max(changed_at) FROM (
        SELECT max(uploaded_at) AS changed_at FROM uploads
        UNION ALL
        SELECT max(changed_at) FROM change_log
    ) AS changes)
WHERE NOT EXISTS (SELECT 1 FROM data_version);

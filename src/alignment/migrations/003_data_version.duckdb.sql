-- Migration 3: one row that changes with every write.
-- Pages cache what they read keyed on (database_id, version), so a cached figure is
-- never served after a write; database_id tells two database files apart when one
-- process opens both.
CREATE TABLE IF NOT EXISTS data_version (
    database_id VARCHAR NOT NULL,
    version     BIGINT NOT NULL,
    changed_at  TIMESTAMP
);

INSERT INTO data_version
SELECT
    CAST(uuid() AS VARCHAR),
    0,
    (SELECT max(changed_at) FROM (
        SELECT max(uploaded_at) AS changed_at FROM uploads
        UNION ALL
        SELECT max(changed_at) FROM change_log
    ))
WHERE NOT EXISTS (SELECT 1 FROM data_version);

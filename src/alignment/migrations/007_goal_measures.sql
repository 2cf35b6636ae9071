-- Migration 7: the number a goal promises to move, and the check-ins that record it.
-- A goal (or objective) carries one or more measures; each check-in records the measure's
-- value on a day with the owner's confidence. References are checked by the upload and the
-- write path, not by FOREIGN KEY (see schema.sql).
CREATE TABLE IF NOT EXISTS goal_measures (
    measure_id  VARCHAR PRIMARY KEY,
    goal_id     VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    unit        VARCHAR,
    direction   VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower')),
    baseline    DOUBLE PRECISION NOT NULL,
    target      DOUBLE PRECISION NOT NULL,
    target_date DATE,
    CHECK ((direction = 'higher' AND target > baseline)
           OR (direction = 'lower' AND target < baseline))
);
CREATE TABLE IF NOT EXISTS check_ins (
    check_in_id VARCHAR PRIMARY KEY,
    measure_id  VARCHAR NOT NULL,
    checked_on  DATE NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    confidence  VARCHAR CHECK (confidence IN ('on_track', 'at_risk', 'off_track')),
    comment     VARCHAR
);
CREATE INDEX IF NOT EXISTS check_ins_measure ON check_ins (measure_id, checked_on);

-- Migration 9: which governance answers a team has discussed.
-- A decision taken at product, portfolio or strategy level on an experiment a team led or
-- joined is an answer to that team; its coach ticks it discussed at the team's session.
-- The decision's date is part of the key: a later decision on the same experiment is a new
-- answer, to be discussed again.
CREATE TABLE IF NOT EXISTS answers_discussed (
    experiment_id VARCHAR NOT NULL,
    team_id       VARCHAR NOT NULL,
    decision_date DATE NOT NULL,
    discussed_on  DATE NOT NULL,
    PRIMARY KEY (experiment_id, team_id, decision_date)
);

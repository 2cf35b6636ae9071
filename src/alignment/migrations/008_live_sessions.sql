-- Migration 8: a reflection session run live, participants on their own devices.
-- The coach who opens it is named (like sessions.facilitator); what participants write and
-- vote is not: cards and votes hold no person, no device and no time of their own, and the
-- votes are counts, so not even the order in which they came in is kept.
CREATE TABLE IF NOT EXISTS live_sessions (
    live_id          VARCHAR PRIMARY KEY,
    code             VARCHAR NOT NULL UNIQUE,
    team_id          VARCHAR NOT NULL,
    opened_by        VARCHAR NOT NULL,
    opened_at        TIMESTAMP NOT NULL,
    phase            VARCHAR NOT NULL
        CHECK (phase IN ('check_in', 'reflect', 'group', 'vote', 'discuss', 'actions')),
    phase_started_at TIMESTAMP NOT NULL,
    -- running: the moment the phase's time is up; paused: NULL, and paused_left holds the
    -- seconds still to go
    phase_deadline   TIMESTAMP,
    paused_left      DOUBLE PRECISION,
    dot_ballots      INTEGER NOT NULL DEFAULT 0,
    scores_revealed  BOOLEAN NOT NULL DEFAULT false,
    session_id       VARCHAR,
    closed_at        TIMESTAMP,
    CHECK ((phase_deadline IS NULL) <> (paused_left IS NULL))
);

-- The agenda the coach set: minutes per phase.
CREATE TABLE IF NOT EXISTS live_phases (
    live_id VARCHAR NOT NULL,
    phase   VARCHAR NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 60),
    PRIMARY KEY (live_id, phase)
);

-- An anonymous card; card_id is random, so it does not tell the order cards came in.
-- group_id: the card this one was merged under (NULL: it heads its own group).
CREATE TABLE IF NOT EXISTS live_cards (
    card_id  VARCHAR PRIMARY KEY,
    live_id  VARCHAR NOT NULL,
    prompt   VARCHAR NOT NULL CHECK (prompt IN ('went_well', 'could_be_better', 'learned')),
    text     VARCHAR NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
    group_id VARCHAR,
    dots     INTEGER NOT NULL DEFAULT 0 CHECK (dots >= 0)
);

-- Score votes as a distribution: how many voted each value of each score.
CREATE TABLE IF NOT EXISTS live_scores (
    live_id VARCHAR NOT NULL,
    score   VARCHAR NOT NULL CHECK (score IN ('safety', 'ownership', 'energy', 'collaboration')),
    value   INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    votes   INTEGER NOT NULL CHECK (votes >= 0),
    PRIMARY KEY (live_id, score, value)
);

-- Actions written from a card in the actions phase, saved with the session at its end.
CREATE TABLE IF NOT EXISTS live_actions (
    live_id       VARCHAR NOT NULL,
    card_id       VARCHAR NOT NULL,
    description   VARCHAR NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
    owner_team_id VARCHAR NOT NULL,
    due_on        DATE,
    PRIMARY KEY (live_id, card_id)
);

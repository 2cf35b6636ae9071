-- Migration 1: the domain model of the product brief.
-- References between tables are checked by the ingest pipeline and reported as chain
-- breaks, not enforced with FOREIGN KEY: DuckDB cannot upsert a row that another table
-- references, and a dangling link is exactly what leaders need to see, not hide.

CREATE TABLE IF NOT EXISTS goals (
    goal_id        VARCHAR PRIMARY KEY,
    title          VARCHAR NOT NULL,
    description    VARCHAR,
    level          VARCHAR NOT NULL CHECK (level IN ('ambition', 'goal', 'objective')),
    parent_goal_id VARCHAR,
    owner          VARCHAR,
    period_start   DATE,
    period_end     DATE,
    status         VARCHAR NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    CHECK (parent_goal_id IS NULL OR parent_goal_id <> goal_id),
    CHECK (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)
);

CREATE TABLE IF NOT EXISTS products (
    product_id         VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    value_stream       VARCHAR NOT NULL,
    lifecycle          VARCHAR NOT NULL
        CHECK (lifecycle IN ('explore', 'grow', 'sustain', 'retire')),
    mission            VARCHAR,
    explore_target_pct DOUBLE PRECISION CHECK (explore_target_pct BETWEEN 0 AND 100)
);

CREATE TABLE IF NOT EXISTS product_goals (
    product_id VARCHAR NOT NULL,
    goal_id    VARCHAR NOT NULL,
    link_type  VARCHAR NOT NULL CHECK (link_type IN ('contributes', 'supports')),
    weight     DOUBLE PRECISION CHECK (weight >= 0),
    PRIMARY KEY (product_id, goal_id)
);

CREATE TABLE IF NOT EXISTS teams (
    team_id      VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    value_stream VARCHAR,
    disciplines  VARCHAR[]
);

CREATE TABLE IF NOT EXISTS team_products (
    team_id        VARCHAR NOT NULL,
    product_id     VARCHAR NOT NULL,
    role           VARCHAR NOT NULL CHECK (role IN ('owner', 'contributor')),
    allocation_pct DOUBLE PRECISION CHECK (allocation_pct BETWEEN 0 AND 100),
    PRIMARY KEY (team_id, product_id)
);

CREATE TABLE IF NOT EXISTS experiments (
    experiment_id        VARCHAR PRIMARY KEY,
    team_id              VARCHAR NOT NULL,
    title                VARCHAR NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
    hypothesis           VARCHAR NOT NULL,
    status               VARCHAR NOT NULL
        CHECK (status IN ('idea', 'running', 'done', 'stopped')),
    lean_lens            VARCHAR NOT NULL
        CHECK (lean_lens IN ('value', 'waste', 'flow', 'communication', 'learning')),
    product_id           VARCHAR,
    goal_id              VARCHAR,
    start_date           DATE,
    end_date             DATE,
    metric               VARCHAR,
    baseline             DOUBLE PRECISION,
    target               DOUBLE PRECISION,
    observed             DOUBLE PRECISION,
    result               VARCHAR CHECK (result IN ('validated', 'invalidated', 'inconclusive')),
    learning             VARCHAR,
    evidence_strength    VARCHAR CHECK (evidence_strength IN ('weak', 'medium', 'strong')),
    decision             VARCHAR
        CHECK (decision IN ('persevere', 'pivot', 'stop', 'scale', 'spread')),
    decision_date        DATE,
    decision_scope       VARCHAR
        CHECK (decision_scope IN ('team', 'product', 'portfolio', 'strategy')),
    decision_rationale   VARCHAR,
    partner_teams        VARCHAR[],
    disciplines          VARCHAR[],
    source_experiment_id VARCHAR,
    energy               INTEGER CHECK (energy BETWEEN 1 AND 5),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CHECK (status NOT IN ('running', 'done') OR start_date IS NOT NULL),
    CHECK (status <> 'done' OR (result IS NOT NULL AND observed IS NOT NULL
                                AND learning IS NOT NULL)),
    CHECK (decision_date IS NULL OR end_date IS NULL OR decision_date >= end_date),
    CHECK (source_experiment_id IS NULL OR source_experiment_id <> experiment_id)
);

CREATE TABLE IF NOT EXISTS experiment_teams (
    experiment_id VARCHAR NOT NULL,
    team_id       VARCHAR NOT NULL,
    role          VARCHAR NOT NULL CHECK (role IN ('lead', 'partner')),
    PRIMARY KEY (experiment_id, team_id)
);

-- Scores are team averages: the app never stores one person's answer.
CREATE TABLE IF NOT EXISTS sessions (
    session_id            VARCHAR PRIMARY KEY,
    team_id               VARCHAR NOT NULL,
    held_on               DATE NOT NULL,
    facilitator           VARCHAR,
    kind                  VARCHAR NOT NULL
        CHECK (kind IN ('retro', 'health_check', 'portfolio_review')),
    covered_results       BOOLEAN NOT NULL DEFAULT false,
    covered_collaboration BOOLEAN NOT NULL DEFAULT false,
    covered_safety        BOOLEAN NOT NULL DEFAULT false,
    safety                DOUBLE PRECISION CHECK (safety BETWEEN 1 AND 5),
    ownership             DOUBLE PRECISION CHECK (ownership BETWEEN 1 AND 5),
    energy                DOUBLE PRECISION CHECK (energy BETWEEN 1 AND 5),
    collaboration         DOUBLE PRECISION CHECK (collaboration BETWEEN 1 AND 5),
    notes                 VARCHAR
);

CREATE TABLE IF NOT EXISTS actions (
    action_id     VARCHAR PRIMARY KEY,
    session_id    VARCHAR NOT NULL,
    experiment_id VARCHAR,
    owner_team_id VARCHAR NOT NULL,
    description   VARCHAR NOT NULL,
    due_on        DATE,
    status        VARCHAR NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_on     DATE,
    CHECK (status = 'open' OR closed_on IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS uploads (
    upload_id      VARCHAR PRIMARY KEY,
    kind           VARCHAR NOT NULL,
    team_id        VARCHAR,
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    uploaded_at    TIMESTAMP NOT NULL,
    uploaded_by    VARCHAR NOT NULL,
    rows_new       INTEGER NOT NULL CHECK (rows_new >= 0),
    rows_changed   INTEGER NOT NULL CHECK (rows_changed >= 0),
    rows_unchanged INTEGER NOT NULL CHECK (rows_unchanged >= 0)
);

-- Every change, field by field, so any past state can be shown.
CREATE TABLE IF NOT EXISTS change_log (
    entity     VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    old_value  VARCHAR,
    new_value  VARCHAR,
    changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL,
    upload_id  VARCHAR
);

CREATE TABLE IF NOT EXISTS people (
    email   VARCHAR PRIMARY KEY,
    name    VARCHAR,
    role    VARCHAR NOT NULL CHECK (role IN ('admin', 'leader', 'member', 'coach')),
    team_id VARCHAR,
    CHECK (role <> 'member' OR team_id IS NOT NULL)
);

CREATE TABLE IF NOT EXISTS coach_teams (
    email   VARCHAR NOT NULL,
    team_id VARCHAR NOT NULL,
    PRIMARY KEY (email, team_id)
);

-- Migration 15: the Coach overview's figures read summaries per team and month, not every
-- session and action of the organisation.
--
-- Each view below is the one definition of what it derives; the tables of the same name
-- without `_live` keep it. Every session write keeps them for the teams it touches, in its
-- own transaction (alignment.store.session_rollups); `python -m alignment.store.rollups
-- rebuild` recomputes them. queries/reflection.py reads whole months from the rollups and
-- the days of a period's boundary months from the raw rows (sessions, action_facts); a
-- property test holds the figures equal to those counted from the raw rows.

-- Per action: the team whose session agreed it, that session's day and the day of the
-- team's next session (in the order of day and id, NULL for its latest), whether it was
-- closed by that next session, and the days it counts as open and overdue: from the first
-- day after its due day that its session was held by, until the day it was closed (NULL:
-- never closed). overdue_from is NULL for an action that never counts as overdue (no due
-- day, or closed before it fell due), and overdue_until with it.
CREATE VIEW action_facts_live AS
WITH
held AS (
    SELECT session_id, team_id, held_on,
           lead(held_on) OVER (PARTITION BY team_id ORDER BY held_on, session_id)
               AS next_held_on
    FROM sessions
    WHERE team_id IS NOT NULL AND held_on IS NOT NULL
),
dated AS (
    SELECT a.action_id, h.team_id, h.held_on, h.next_held_on,
           coalesce(a.status IN ('done', 'dropped') AND a.closed_on <= h.next_held_on, false)
               AS closed_in_time,
           CASE WHEN a.due_on IS NOT NULL THEN greatest(h.held_on, a.due_on + 1) END
               AS overdue_from,
           CASE WHEN a.status <> 'open' THEN a.closed_on END AS overdue_until
    FROM actions AS a
    JOIN held AS h ON h.session_id = a.session_id
),
final AS (
    SELECT action_id, team_id, held_on, next_held_on, closed_in_time,
           CASE WHEN overdue_until IS NULL OR overdue_until > overdue_from
                THEN overdue_from END AS overdue_from,
           CASE WHEN overdue_until > overdue_from THEN overdue_until END AS overdue_until
    FROM dated
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS action_facts (
    action_id      VARCHAR NOT NULL,
    team_id        VARCHAR NOT NULL,
    held_on        DATE NOT NULL,
    next_held_on   DATE,
    closed_in_time BOOLEAN NOT NULL,
    overdue_from   DATE,
    overdue_until  DATE
);

-- Sessions per team and month: how many, how many covered each theme and all three, and
-- the last day one was held.
CREATE VIEW rollup_team_sessions_live AS
WITH
final AS (
    SELECT team_id, CAST(date_trunc('month', CAST(held_on AS TIMESTAMP)) AS DATE) AS month,
           count(*) AS sessions,
           count(*) FILTER (WHERE covered_results) AS covered_results,
           count(*) FILTER (WHERE covered_collaboration) AS covered_collaboration,
           count(*) FILTER (WHERE covered_safety) AS covered_safety,
           count(*) FILTER (WHERE covered_results AND covered_collaboration AND covered_safety)
               AS covered_all,
           max(held_on) AS last_held_on
    FROM sessions
    WHERE team_id IS NOT NULL AND held_on IS NOT NULL
    GROUP BY team_id, CAST(date_trunc('month', CAST(held_on AS TIMESTAMP)) AS DATE)
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS rollup_team_sessions (
    team_id               VARCHAR NOT NULL,
    month                 DATE NOT NULL,
    sessions              BIGINT NOT NULL,
    covered_results       BIGINT NOT NULL,
    covered_collaboration BIGINT NOT NULL,
    covered_safety        BIGINT NOT NULL,
    covered_all           BIGINT NOT NULL,
    last_held_on          DATE NOT NULL,
    PRIMARY KEY (team_id, month)
);

-- Actions measurable for follow-through (their session has a next one) per team, month of
-- their session and month of the next, and how many were closed by it.
CREATE VIEW rollup_follow_through_live AS
WITH
final AS (
    SELECT team_id,
           CAST(date_trunc('month', CAST(held_on AS TIMESTAMP)) AS DATE) AS held_month,
           CAST(date_trunc('month', CAST(next_held_on AS TIMESTAMP)) AS DATE) AS next_month,
           count(*) AS measurable,
           count(*) FILTER (WHERE closed_in_time) AS closed_in_time
    FROM action_facts
    WHERE next_held_on IS NOT NULL
    GROUP BY team_id, CAST(date_trunc('month', CAST(held_on AS TIMESTAMP)) AS DATE),
             CAST(date_trunc('month', CAST(next_held_on AS TIMESTAMP)) AS DATE)
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS rollup_follow_through (
    team_id        VARCHAR NOT NULL,
    held_month     DATE NOT NULL,
    next_month     DATE NOT NULL,
    measurable     BIGINT NOT NULL,
    closed_in_time BIGINT NOT NULL,
    PRIMARY KEY (team_id, held_month, next_month)
);

-- Overdue actions as signed counts per team and month: kind 'from' where one starts to
-- count, 'until' where it stops. The actions overdue on a day are the 'from' rows up to it
-- minus the 'until' rows up to it.
CREATE VIEW rollup_overdue_live AS
WITH
days AS (
    SELECT team_id, overdue_from AS day, 'from' AS kind
    FROM action_facts WHERE overdue_from IS NOT NULL
    UNION ALL
    SELECT team_id, overdue_until AS day, 'until' AS kind
    FROM action_facts WHERE overdue_until IS NOT NULL
),
final AS (
    SELECT team_id, CAST(date_trunc('month', CAST(day AS TIMESTAMP)) AS DATE) AS month, kind,
           count(*) AS n
    FROM days
    GROUP BY team_id, CAST(date_trunc('month', CAST(day AS TIMESTAMP)) AS DATE), kind
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS rollup_overdue (
    team_id VARCHAR NOT NULL,
    month   DATE NOT NULL,
    kind    VARCHAR NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (team_id, month, kind)
);

INSERT INTO action_facts SELECT * FROM action_facts_live;
INSERT INTO rollup_team_sessions SELECT * FROM rollup_team_sessions_live;
INSERT INTO rollup_follow_through SELECT * FROM rollup_follow_through_live;
INSERT INTO rollup_overdue SELECT * FROM rollup_overdue_live;

-- Per team, the sessions holding its last four safety scores (metrics.TREND_SESSIONS) and
-- its latest score of every other measure, over all its sessions, with each one's place
-- among the team's scored sessions per measure (1 = latest, NULL: not scored). The safety
-- trend and the score distribution read them for a team none of whose kept sessions was
-- held after as_of, and the team's raw rows otherwise.
CREATE VIEW team_last_scores_live AS
WITH
ranked AS (
    SELECT session_id, team_id, held_on, safety, ownership, energy, collaboration,
           CASE WHEN safety IS NOT NULL THEN row_number() OVER (
               PARTITION BY team_id, safety IS NULL ORDER BY held_on DESC, session_id DESC)
           END AS safety_rank,
           CASE WHEN ownership IS NOT NULL THEN row_number() OVER (
               PARTITION BY team_id, ownership IS NULL ORDER BY held_on DESC, session_id DESC)
           END AS ownership_rank,
           CASE WHEN energy IS NOT NULL THEN row_number() OVER (
               PARTITION BY team_id, energy IS NULL ORDER BY held_on DESC, session_id DESC)
           END AS energy_rank,
           CASE WHEN collaboration IS NOT NULL THEN row_number() OVER (
               PARTITION BY team_id, collaboration IS NULL
               ORDER BY held_on DESC, session_id DESC)
           END AS collaboration_rank
    FROM sessions
    WHERE team_id IS NOT NULL AND held_on IS NOT NULL
),
final AS (
    SELECT * FROM ranked
    WHERE safety_rank <= 4 OR ownership_rank = 1 OR energy_rank = 1 OR collaboration_rank = 1
)
SELECT * FROM final;

CREATE TABLE IF NOT EXISTS team_last_scores (
    session_id         VARCHAR NOT NULL,
    team_id            VARCHAR NOT NULL,
    held_on            DATE NOT NULL,
    safety             DOUBLE PRECISION,
    ownership          DOUBLE PRECISION,
    energy             DOUBLE PRECISION,
    collaboration      DOUBLE PRECISION,
    safety_rank        BIGINT,
    ownership_rank     BIGINT,
    energy_rank        BIGINT,
    collaboration_rank BIGINT
);

INSERT INTO team_last_scores SELECT * FROM team_last_scores_live;

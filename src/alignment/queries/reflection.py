"""Reflection sessions: how broad they are, whether their actions get done, and what a coach
puts on the screen for one team: its chain, experiments, open actions and score trends.

The sessions a stream or team filter shows come from the scope rule ``sessions_in_scope``
(``queries/_scope.py``), so the coverage, the sessions and their actions agree. Every query
starts with the scope's ``params`` (as_of, period_start, value_stream, team_id, then its own
values); a parameter a query does not use is NULL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment import access
from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame
from alignment.scope import QUARTER_DAYS


def _with(*ctes: str) -> str:
    """A statement: ``WITH`` and ``ctes`` in reading order (the scope's fragments, then the
    query's own CTEs, the last one followed by its final SELECT)."""
    return "WITH\n" + ",\n".join(ctes)


SESSION_COVERAGE = _with(_scope.params("CAST(? AS INTEGER) AS window_days"),
                         _scope.sessions_in_scope(), """
recent_sessions AS (
    SELECT s.*
    FROM sessions_in_scope AS s CROSS JOIN params AS p
    WHERE s.held_on > p.as_of - p.window_days
),
final AS (
    SELECT count(*) AS sessions,
           count(*) FILTER (WHERE covered_results) AS covered_results,
           count(*) FILTER (WHERE covered_collaboration) AS covered_collaboration,
           count(*) FILTER (WHERE covered_safety) AS covered_safety,
           count(*) FILTER (WHERE covered_results AND covered_collaboration AND covered_safety)
               AS covered_all
    FROM recent_sessions
)
SELECT * FROM final
""")


def session_coverage(
    con: Database,
    as_of: dt.date,
    value_stream: str | None = None,
    team_id: str | None = None,
) -> pd.DataFrame:
    """One row: sessions held in the quarter (``QUARTER_DAYS``) up to ``as_of`` and how many
    covered each theme."""
    return _frame(con, SESSION_COVERAGE,
                  _scope.scope_values(as_of, None, value_stream, team_id, QUARTER_DAYS))


TEAM_ROSTER = _with(_scope.params(), """
final AS (
    SELECT t.team_id, t.name AS team_name, t.value_stream
    FROM teams AS t CROSS JOIN params AS p
    WHERE (p.value_stream IS NULL OR t.value_stream = p.value_stream)
      AND (p.team_id IS NULL OR t.team_id = p.team_id)
)
SELECT * FROM final ORDER BY team_name, team_id
""")


def team_roster(
    con: Database, value_stream: str | None = None, team_id: str | None = None
) -> pd.DataFrame:
    """Teams in view, with or without sessions: team_id, team_name, value_stream."""
    return _frame(con, TEAM_ROSTER, _scope.scope_values(None, None, value_stream, team_id))


TEAM_SESSIONS = _with(_scope.params(), _scope.sessions_in_scope(), """
final AS (
    SELECT session_id, team_id, team_name, held_on, kind, facilitator,
           covered_results, covered_collaboration, covered_safety,
           safety, ownership, energy, collaboration
    FROM sessions_in_scope
)
SELECT * FROM final ORDER BY team_id, held_on, session_id
""")


def team_sessions(
    con: Database,
    as_of: dt.date,
    value_stream: str | None = None,
    team_id: str | None = None,
) -> pd.DataFrame:
    """Every session held up to ``as_of`` with what it covered and its team averages.

    One row per session (team_id, team_name, held_on, kind, covered_*, the four scores); a
    score is NULL when the session did not score it.
    """
    return _frame(con, TEAM_SESSIONS, _scope.scope_values(as_of, None, value_stream, team_id))


SESSION_ACTIONS = _with(_scope.params(), _scope.sessions_in_scope(), """
scoped_actions AS (
    -- an action belongs to the team whose session agreed it, whoever owns it
    SELECT a.*, s.team_id, s.held_on
    FROM sessions_in_scope AS s
    JOIN actions AS a ON a.session_id = s.session_id
),
final AS (
    -- as known on as_of: an action closed later was still open then
    SELECT a.action_id, a.session_id, a.team_id, a.held_on, a.owner_team_id, a.due_on,
           CASE WHEN a.status <> 'open' AND a.closed_on <= p.as_of THEN a.status
                ELSE 'open' END AS status,
           CASE WHEN a.status <> 'open' AND a.closed_on <= p.as_of THEN a.closed_on
                END AS closed_on
    FROM scoped_actions AS a CROSS JOIN params AS p
)
SELECT * FROM final ORDER BY team_id, held_on, action_id
""")


def session_actions(
    con: Database,
    as_of: dt.date,
    value_stream: str | None = None,
    team_id: str | None = None,
) -> pd.DataFrame:
    """Actions of the sessions up to ``as_of``, with their status and closing day as of then.

    Columns action_id, session_id, team_id (the session's team), held_on, owner_team_id,
    status, closed_on.
    """
    return _frame(con, SESSION_ACTIONS, _scope.scope_values(as_of, None, value_stream, team_id))


TEAM_CHAIN = _with(_scope.params(), """
team_work AS (
    SELECT tp.product_id, tp.role, tp.allocation_pct
    FROM team_products AS tp CROSS JOIN params AS p
    WHERE tp.team_id = p.team_id
),
final AS (
    SELECT w.product_id, pr.name AS product_name, pr.lifecycle, w.role, w.allocation_pct,
           pg.goal_id, g.title AS goal_title, g.level AS goal_level, g.status AS goal_status
    FROM team_work AS w
    LEFT JOIN products AS pr ON pr.product_id = w.product_id
    LEFT JOIN product_goals AS pg ON pg.product_id = w.product_id
    LEFT JOIN goals AS g ON g.goal_id = pg.goal_id
)
SELECT * FROM final
ORDER BY CASE role WHEN 'owner' THEN 0 ELSE 1 END, product_id, goal_id
""")


def team_chain(con: Database, team_id: str) -> pd.DataFrame:
    """The products a team works on and the goals each serves: one row per product and goal.

    A product serving no goal has one row with an empty goal.
    """
    return _frame(con, TEAM_CHAIN, _scope.scope_values(None, None, None, team_id))


TEAM_EXPERIMENTS = _with(_scope.params(), """
team_experiments AS (
    -- a team reflects on what it leads and on what it joined as a partner
    SELECT e.*, et.role AS team_role
    FROM experiments AS e
    JOIN experiment_teams AS et ON et.experiment_id = e.experiment_id
    CROSS JOIN params AS p
    WHERE et.team_id = p.team_id
),
final AS (
    SELECT e.experiment_id, e.title, e.team_role, e.status, e.lean_lens,
           e.start_date, e.end_date, e.result, e.learning,
           e.decision, e.decision_scope, e.decision_date, e.decision_rationale,
           e.evidence_strength, e.metric, e.baseline, e.target, e.observed,
           CAST(e.energy AS BIGINT) AS energy
    FROM team_experiments AS e CROSS JOIN params AS p
    WHERE (e.status = 'running' AND (e.start_date IS NULL OR e.start_date <= p.as_of))
       OR (e.status IN ('done', 'stopped') AND e.end_date >= p.period_start
           AND e.end_date <= p.as_of)
)
SELECT * FROM final
ORDER BY CASE status WHEN 'running' THEN 0 ELSE 1 END,
         coalesce(end_date, start_date) DESC NULLS LAST, experiment_id
""")


def team_experiments(
    con: Database, team_id: str, since: dt.date, as_of: dt.date
) -> pd.DataFrame:
    """A team's running experiments and those finished from ``since`` to ``as_of``.

    Lead and partner experiments alike (team_role), running first, with result, learning,
    decision and outcome (evidence_strength, metric, baseline, target, observed, energy).
    """
    return _frame(con, TEAM_EXPERIMENTS, _scope.scope_values(as_of, since, None, team_id))


OPEN_ACTIONS = _with(_scope.params(), """
handed_over AS (
    -- actions whose owner team changed: they belong to their new owner alone
    SELECT DISTINCT c.entity_id AS action_id
    FROM change_log AS c
    WHERE c.entity = 'actions' AND c.field = 'owner_team_id'
),
team_actions AS (
    -- what the team agreed in its own sessions (unless it handed it over), and what another
    -- team's session or a hand-over gave it
    SELECT a.*, s.held_on
    FROM actions AS a
    JOIN sessions AS s ON s.session_id = a.session_id
    CROSS JOIN params AS p
    WHERE (a.owner_team_id = p.team_id
           OR (s.team_id = p.team_id
               AND a.action_id NOT IN (SELECT action_id FROM handed_over)))
      AND s.held_on <= p.as_of
      AND a.status = 'open'
),
final AS (
    SELECT a.action_id, a.description, a.owner_team_id, a.due_on,
           a.experiment_id, e.title AS experiment_title, a.session_id, a.held_on
    FROM team_actions AS a
    LEFT JOIN experiments AS e ON e.experiment_id = a.experiment_id
)
SELECT * FROM final ORDER BY held_on, action_id
""")


def open_actions(con: Database, team_id: str, as_of: dt.date) -> pd.DataFrame:
    """Open actions of a team's sessions up to ``as_of`` (or owned by it), oldest first; one
    it handed to another team is that team's alone."""
    return _frame(con, OPEN_ACTIONS, _scope.scope_values(as_of, None, None, team_id))


SCORE_TRENDS = _with(_scope.params("CAST(? AS INTEGER) AS min_teams"), """
held_sessions AS (
    SELECT s.session_id, s.team_id, s.held_on, s.safety, s.ownership, s.energy,
           s.collaboration
    FROM sessions AS s CROSS JOIN params AS p
    WHERE s.held_on <= p.as_of
),
scores AS (
    SELECT session_id, team_id, held_on, 'safety' AS measure, safety AS score
    FROM held_sessions
    UNION ALL
    SELECT session_id, team_id, held_on, 'ownership', ownership FROM held_sessions
    UNION ALL
    SELECT session_id, team_id, held_on, 'energy', energy FROM held_sessions
    UNION ALL
    SELECT session_id, team_id, held_on, 'collaboration', collaboration FROM held_sessions
),
scored AS (
    -- a theme the session did not cover has no score: it is no zero, so it is left out
    SELECT * FROM scores WHERE score IS NOT NULL
),
team_points AS (
    SELECT s.measure, s.held_on AS on_date, 'Team' AS series, s.score, 1 AS sessions
    FROM scored AS s CROSS JOIN params AS p
    WHERE s.team_id = p.team_id
),
quartered AS (
    -- truncated as a timestamp: PostgreSQL truncates a date in the session's time zone
    SELECT measure, score, team_id,
           CAST(date_trunc('quarter', CAST(held_on AS TIMESTAMP)) AS DATE) AS quarter_start
    FROM scored
),
quarter_medians AS (
    -- drawn at the quarter's first day, so the team's sessions fall inside their quarter;
    -- only over enough teams that no other team's own score can be read back from it
    SELECT measure, quarter_start AS on_date, 'Organisation median' AS series,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS score, count(*) AS sessions
    FROM quartered
    GROUP BY measure, quarter_start
    HAVING count(DISTINCT team_id) >= (SELECT min_teams FROM params)
),
final AS (
    SELECT * FROM team_points
    UNION ALL
    SELECT * FROM quarter_medians
)
SELECT * FROM final ORDER BY measure, series, on_date, score
""")


def score_trends(con: Database, team_id: str, as_of: dt.date) -> pd.DataFrame:
    """A team's scores per session and the organisation's median per quarter, up to ``as_of``.

    Long form: measure, on_date, series (``Team`` / ``Organisation median``), score,
    sessions (how many scores the point stands for). Unscored themes are left out, and so is
    a quarter's median over fewer than ``access.MIN_TEAMS_FOR_AGGREGATE`` teams.
    """
    return _frame(con, SCORE_TRENDS, _scope.scope_values(
        as_of, None, None, team_id, access.MIN_TEAMS_FOR_AGGREGATE))


SESSION_RECORD = """
SELECT s.session_id, s.team_id, t.name AS team_name, s.held_on, s.facilitator, s.kind,
       s.covered_results, s.covered_collaboration, s.covered_safety,
       s.safety, s.ownership, s.energy, s.collaboration, s.notes
FROM sessions AS s
LEFT JOIN teams AS t ON t.team_id = s.team_id
WHERE s.session_id = ?
"""


def session_record(con: Database, session_id: str) -> pd.DataFrame:
    """One stored session with its team's name (no row when the id is unknown)."""
    return _frame(con, SESSION_RECORD, [session_id])


SESSION_ACTION_LIST = """
SELECT a.action_id, a.description, a.owner_team_id, a.due_on, a.experiment_id,
       e.title AS experiment_title, a.status, a.closed_on
FROM actions AS a
LEFT JOIN experiments AS e ON e.experiment_id = a.experiment_id
WHERE a.session_id = ?
ORDER BY a.action_id
"""


def session_action_list(con: Database, session_id: str) -> pd.DataFrame:
    """The actions one session agreed, with their linked experiment and current status."""
    return _frame(con, SESSION_ACTION_LIST, [session_id])


def team_decisions_cte(name: str, above_team: bool = False) -> str:
    """The CTE ``name``: the decisions dated period_start–as_of on experiments the params' team
    led or joined, one row per experiment; with ``above_team`` only those taken at product,
    portfolio or strategy level (the team's answers)."""
    above = ("      AND e.decision_scope IN ('product', 'portfolio', 'strategy')\n"
             if above_team else "")
    return (
        f"{name} AS (\n"  # noqa: S608 -- no value is formatted in: a name and a fixed filter
        "    SELECT e.experiment_id, e.title, et.team_id, et.role AS team_role, e.result,\n"
        "           e.decision, e.decision_scope, e.decision_date, e.decision_rationale\n"
        "    FROM experiments AS e\n"
        "    JOIN experiment_teams AS et ON et.experiment_id = e.experiment_id\n"
        "    CROSS JOIN params AS p\n"
        "    WHERE et.team_id = p.team_id\n"
        "      AND e.decision IS NOT NULL\n"
        f"{above}"
        "      AND e.decision_date >= p.period_start\n"
        "      AND e.decision_date <= p.as_of\n)"
    )


TEAM_DECISIONS = _with(_scope.params(), team_decisions_cte("decisions"), """
final AS (
    SELECT experiment_id, title, team_role, result, decision, decision_scope, decision_date,
           decision_rationale
    FROM decisions
)
SELECT * FROM final ORDER BY decision_date, experiment_id
""")


def team_decisions(
    con: Database, team_id: str, since: dt.date, until: dt.date
) -> pd.DataFrame:
    """Decisions dated ``since``–``until`` on experiments the team led or joined."""
    return _frame(con, TEAM_DECISIONS, _scope.scope_values(until, since, None, team_id))

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


def _month(day: str) -> str:
    """SQL for the first day of ``day``'s month (truncated as a timestamp, as migration 15)."""
    return f"CAST(date_trunc('month', CAST({day} AS TIMESTAMP)) AS DATE)"


def _month_after(day: str) -> str:
    """SQL for the first day of the month after ``day``'s."""
    return f"CAST({_month(day)} + INTERVAL '1 month' AS DATE)"


def _reflection_bounds() -> str:
    """The ``bounds`` CTE: the scope's days and the first days of the months around them.

    ``since`` is period_start (the first day there is, for all time) and ``recent`` the
    first day of the quarter breadth looks back over; the rollups count the months strictly
    between a boundary's month and as_of's month, the raw rows the days of those months.
    """
    return (
        "bounds AS (\n"  # noqa: S608 -- no value formatted in: fixed SQL
        "    SELECT p.as_of, since, recent,\n"
        f"           {_month('p.as_of')} AS as_of_month,\n"
        f"           {_month('since')} AS since_month,\n"
        f"           {_month_after('since')} AS after_since_month,\n"
        f"           {_month('recent')} AS recent_month,\n"
        f"           {_month_after('recent')} AS after_recent_month\n"
        "    FROM (SELECT p.*, coalesce(p.period_start, CAST('0001-01-01' AS DATE)) AS since,\n"
        "                 p.as_of - (p.window_days - 1) AS recent\n"
        "          FROM params AS p) AS p\n)"
    )


# The sums over sessions the team rows take from a rollup row (``r``, whole months) or from a
# raw session (``s``, one day): (name, the rollup's column, the bound they count from:
# ``since`` for the period, ``recent`` for the quarter breadth looks back over).
_SESSION_SUMS = (
    ("sessions", "sessions", "since"),
    ("recent_sessions", "sessions", "recent"),
    ("broad_sessions", "covered_all", "recent"),
)
# The recent quarter's theme counts the coverage tile adds up over the teams
_COVERAGE_SUMS = (
    ("covered_results", "covered_results", "recent"),
    ("covered_collaboration", "covered_collaboration", "recent"),
    ("covered_safety", "covered_safety", "recent"),
)
_COVERED = {
    "sessions": "true",
    "covered_results": "s.covered_results",
    "covered_collaboration": "s.covered_collaboration",
    "covered_safety": "s.covered_safety",
    "covered_all": "s.covered_results AND s.covered_collaboration AND s.covered_safety",
}


def _session_parts(sums: tuple[tuple[str, str, str], ...], *, last: bool = True) -> list[str]:
    """The CTEs ``session_months`` and ``session_days``: per team in view, ``sums`` and (with
    ``last``) the last session up to as_of, from the rollup's whole months and the raw
    boundary days. Without ``last`` only the months after the earliest bound's are read."""
    bounds = sorted({bound for _, _, bound in sums})
    earliest = ("least(" + ", ".join(f"b.{bound}_month" for bound in bounds) + ")"
                if len(bounds) > 1 else f"b.{bounds[0]}_month")
    whole = ",\n".join(
        f"           sum(CASE WHEN r.month > b.{bound}_month THEN r.{column} END) AS {name}"
        for name, column, bound in sums)
    days = ",\n".join(
        f"           count(*) FILTER (WHERE s.held_on >= b.{bound}\n"
        f"                            AND (s.held_on < b.after_{bound}_month\n"
        f"                                 OR s.held_on >= b.as_of_month)\n"
        f"                            AND ({_COVERED[column]})) AS {name}"
        for name, column, bound in sums)
    return [
        "session_months AS (\n"  # noqa: S608 -- no value formatted in: fixed SQL
        "    -- whole months before as_of's month and after the boundary's, from the rollup\n"
        "    SELECT r.team_id,\n"
        f"{whole}"
        + (",\n           max(r.last_held_on) AS last_session\n" if last else "\n")
        + "    FROM rollup_team_sessions AS r\n"
        "    JOIN teams_in_view AS t ON t.team_id = r.team_id\n"
        "    CROSS JOIN bounds AS b\n"
        "    WHERE r.month < b.as_of_month\n"
        + ("" if last else f"      AND r.month > {earliest}\n")
        + "    GROUP BY r.team_id\n)",
        "session_days AS (\n"  # noqa: S608 -- no value formatted in: fixed SQL
        "    -- the days of the boundary months up to as_of, from the raw rows\n"
        "    SELECT s.team_id,\n"
        f"{days}"
        + (",\n           max(s.held_on) FILTER (WHERE s.held_on >= b.as_of_month)"
           " AS last_session\n" if last else "\n")
        + "    FROM sessions AS s\n"
        "    JOIN teams_in_view AS t ON t.team_id = s.team_id\n"
        "    CROSS JOIN bounds AS b\n"
        "    WHERE s.held_on <= b.as_of\n"
        "      AND (s.held_on >= b.as_of_month\n"
        "           OR (s.held_on >= b.since_month AND s.held_on < b.after_since_month)\n"
        "           OR (s.held_on >= b.recent_month AND s.held_on < b.after_recent_month))\n"
        "    GROUP BY s.team_id\n)",
    ]


_TEAMS_IN_VIEW = """
teams_in_view AS (
    SELECT t.team_id, t.name AS team_name, t.value_stream
    FROM teams AS t CROSS JOIN params AS p
    WHERE (p.value_stream IS NULL OR t.value_stream = p.value_stream)
      AND (p.team_id IS NULL OR t.team_id = p.team_id)
)"""

SESSION_COVERAGE = _with(
    _scope.params("CAST(? AS INTEGER) AS window_days"), _TEAMS_IN_VIEW, _reflection_bounds(),
    *_session_parts((("sessions", "sessions", "recent"), *_COVERAGE_SUMS,
                     ("covered_all", "covered_all", "recent")), last=False), """
final AS (
    SELECT CAST(coalesce(sum(m.sessions), 0) + coalesce(sum(d.sessions), 0) AS BIGINT)
               AS sessions,
           CAST(coalesce(sum(m.covered_results), 0) + coalesce(sum(d.covered_results), 0)
               AS BIGINT) AS covered_results,
           CAST(coalesce(sum(m.covered_collaboration), 0)
                + coalesce(sum(d.covered_collaboration), 0) AS BIGINT) AS covered_collaboration,
           CAST(coalesce(sum(m.covered_safety), 0) + coalesce(sum(d.covered_safety), 0)
               AS BIGINT) AS covered_safety,
           CAST(coalesce(sum(m.covered_all), 0) + coalesce(sum(d.covered_all), 0) AS BIGINT)
               AS covered_all
    FROM teams_in_view AS t
    LEFT JOIN session_months AS m ON m.team_id = t.team_id
    LEFT JOIN session_days AS d ON d.team_id = t.team_id
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
    covered each theme, from the monthly rollup and the raw rows of the boundary days."""
    return _frame(con, SESSION_COVERAGE,
                  _scope.scope_values(as_of, None, value_stream, team_id, QUARTER_DAYS))


TEAM_REFLECTION = _with(
    _scope.params("CAST(? AS INTEGER) AS window_days"), _TEAMS_IN_VIEW, _reflection_bounds(),
    *_session_parts(_SESSION_SUMS), """
follow_months AS (
    -- actions whose session and next session fall in whole months inside the period
    SELECT r.team_id, sum(r.measurable) AS measurable, sum(r.closed_in_time) AS closed_in_time
    FROM rollup_follow_through AS r
    JOIN teams_in_view AS t ON t.team_id = r.team_id
    CROSS JOIN bounds AS b
    WHERE r.held_month > b.since_month AND r.next_month < b.as_of_month
    GROUP BY r.team_id
),
follow_days AS (
    -- those whose session is in the period's first month or whose next is in as_of's
    SELECT f.team_id, count(*) AS measurable,
           count(*) FILTER (WHERE f.closed_in_time) AS closed_in_time
    FROM action_facts AS f
    JOIN teams_in_view AS t ON t.team_id = f.team_id
    CROSS JOIN bounds AS b
    WHERE f.held_on >= b.since AND f.next_held_on <= b.as_of
      AND (f.held_on < b.after_since_month OR f.next_held_on >= b.as_of_month)
    GROUP BY f.team_id
),
overdue_months AS (
    -- actions that became overdue before as_of's month less those closed by then
    SELECT r.team_id, sum(CASE r.kind WHEN 'from' THEN r.n ELSE -r.n END) AS overdue
    FROM rollup_overdue AS r
    JOIN teams_in_view AS t ON t.team_id = r.team_id
    CROSS JOIN bounds AS b
    WHERE r.month < b.as_of_month
    GROUP BY r.team_id
),
overdue_days AS (
    SELECT f.team_id,
           count(*) FILTER (WHERE f.overdue_from >= b.as_of_month
                              AND f.overdue_from <= b.as_of)
           - count(*) FILTER (WHERE f.overdue_until >= b.as_of_month
                                AND f.overdue_until <= b.as_of) AS overdue
    FROM action_facts AS f
    JOIN teams_in_view AS t ON t.team_id = f.team_id
    CROSS JOIN bounds AS b
    WHERE (f.overdue_from >= b.as_of_month AND f.overdue_from <= b.as_of)
       OR (f.overdue_until >= b.as_of_month AND f.overdue_until <= b.as_of)
    GROUP BY f.team_id
),
final AS (
    SELECT t.team_id, t.team_name, t.value_stream,
           CAST(coalesce(sm.sessions, 0) + coalesce(sd.sessions, 0) AS BIGINT) AS sessions,
           greatest(sm.last_session, sd.last_session) AS last_session,
           CAST(coalesce(sm.recent_sessions, 0) + coalesce(sd.recent_sessions, 0) AS BIGINT)
               AS recent_sessions,
           CAST(coalesce(sm.broad_sessions, 0) + coalesce(sd.broad_sessions, 0) AS BIGINT)
               AS broad_sessions,
           CAST(coalesce(fm.measurable, 0) + coalesce(fd.measurable, 0) AS BIGINT)
               AS measurable_actions,
           CAST(coalesce(fm.closed_in_time, 0) + coalesce(fd.closed_in_time, 0) AS BIGINT)
               AS closed_in_time,
           CAST(coalesce(om.overdue, 0) + coalesce(od.overdue, 0) AS BIGINT) AS overdue_actions
    FROM teams_in_view AS t
    LEFT JOIN session_months AS sm ON sm.team_id = t.team_id
    LEFT JOIN session_days AS sd ON sd.team_id = t.team_id
    LEFT JOIN follow_months AS fm ON fm.team_id = t.team_id
    LEFT JOIN follow_days AS fd ON fd.team_id = t.team_id
    LEFT JOIN overdue_months AS om ON om.team_id = t.team_id
    LEFT JOIN overdue_days AS od ON od.team_id = t.team_id
)
SELECT * FROM final ORDER BY team_name, team_id
""")


def team_reflection(
    con: Database,
    as_of: dt.date,
    start: dt.date | None = None,
    value_stream: str | None = None,
    team_id: str | None = None,
) -> pd.DataFrame:
    """Per team in view (with or without sessions), what the Coach overview counts up to
    ``as_of``, read from the monthly rollups (migration 15) and the raw rows of the boundary
    days.

    Columns team_id, team_name, value_stream; sessions (held from ``start``, None: all
    time); last_session; recent_sessions and broad_sessions (the quarter up to as_of, those
    covering all three themes); measurable_actions and closed_in_time (actions of sessions
    from ``start`` whose team held a next session by as_of, and of those closed by it);
    overdue_actions (open on as_of after their due day).
    """
    return _frame(con, TEAM_REFLECTION,
                  _scope.scope_values(as_of, start, value_stream, team_id, QUARTER_DAYS))


# A session's place among its team's scored sessions per measure (as migration 15 keeps it)
_SCORE_RANKS = ",\n".join(
    f"           CASE WHEN {m} IS NOT NULL THEN row_number() OVER (\n"
    f"               PARTITION BY team_id, {m} IS NULL ORDER BY held_on DESC, session_id DESC)\n"
    f"           END AS {m}_rank"
    for m in ("safety", "ownership", "energy", "collaboration"))

LAST_SCORES = _with(_scope.params("CAST(? AS INTEGER) AS trend_sessions"), _TEAMS_IN_VIEW,
                    _scope.sessions_in_scope(), """
kept AS (
    SELECT k.*
    FROM team_last_scores AS k
    JOIN teams_in_view AS t ON t.team_id = k.team_id
),
moved_on AS (
    -- teams with a kept session after as_of: their last scores up to as_of are older ones
    SELECT DISTINCT k.team_id FROM kept AS k CROSS JOIN params AS p WHERE k.held_on > p.as_of
),
ranked AS (
    SELECT * FROM kept WHERE team_id NOT IN (SELECT team_id FROM moved_on)
    UNION ALL
    SELECT session_id, team_id, held_on, safety, ownership, energy, collaboration,
""" + _SCORE_RANKS + """
    FROM sessions_in_scope
    WHERE team_id IN (SELECT team_id FROM moved_on)
),
final AS (
    SELECT r.session_id, r.team_id, r.held_on, r.safety, r.ownership, r.energy,
           r.collaboration
    FROM ranked AS r CROSS JOIN params AS p
    WHERE r.safety_rank <= p.trend_sessions OR r.ownership_rank = 1 OR r.energy_rank = 1
       OR r.collaboration_rank = 1
)
SELECT * FROM final ORDER BY team_id, held_on, session_id
""")  # noqa: S608 -- fixed SQL: the ranks are constants, no value formatted in


def last_scores(
    con: Database,
    as_of: dt.date,
    trend_sessions: int,
    value_stream: str | None = None,
    team_id: str | None = None,
) -> pd.DataFrame:
    """The sessions up to ``as_of`` that hold one of a team's last ``trend_sessions`` (at most
    four, as migration 15 keeps them) safety scores or its latest score of another measure:
    session_id, team_id, held_on and the four scores, what the safety trend and the score
    distribution read. Kept per team (``team_last_scores``); a team with a session after
    ``as_of`` is ranked from its raw rows."""
    return _frame(con, LAST_SCORES, _scope.scope_values(as_of, None, value_stream, team_id,
                                                         trend_sessions))


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

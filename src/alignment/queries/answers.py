"""Answers and hand-overs: what governance decided on a team's experiments and whether the team
discussed it, and which actions one team handed to another.

An answer is a decision taken at product, portfolio or strategy level on an experiment a team
led or joined: one answer per such team. A hand-over is a change of an action's owner team,
as its ``change_log`` row (field ``owner_team_id``) records it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame
from alignment.queries.learning import _scope_params, _with_scope
from alignment.queries.reflection import team_decisions_cte
from alignment.scope import Scope

TEAM_ANSWERS = f"""
WITH
{_scope.params()},
{team_decisions_cte("answers", above_team=True)},
final AS (
    -- as known on as_of: a tick after it had not happened yet
    SELECT a.experiment_id, a.title, a.team_role, a.decision, a.decision_scope,
           a.decision_date, a.decision_rationale, d.discussed_on
    FROM answers AS a
    CROSS JOIN params AS p
    LEFT JOIN answers_discussed AS d
      ON d.experiment_id = a.experiment_id AND d.team_id = a.team_id
     AND d.decision_date = a.decision_date AND d.discussed_on <= p.as_of
)
SELECT * FROM final ORDER BY decision_date DESC, experiment_id
"""  # noqa: S608


def team_answers(con: Database, team_id: str, since: dt.date, as_of: dt.date) -> pd.DataFrame:
    """Decisions above the team dated ``since``–``as_of`` on experiments the team led or joined,
    newest first, each with the day it was discussed with the team (NaT: not yet)."""
    return _frame(con, TEAM_ANSWERS, _scope.scope_values(as_of, since, None, team_id))


ANSWERS_IN_SCOPE = _with_scope(""",
answers AS (
    -- one answer per team that led or joined; a team filter keeps that team's own
    SELECT e.experiment_id, et.team_id, e.decision_date
    FROM known_experiments AS e
    JOIN experiment_teams AS et ON et.experiment_id = e.experiment_id
    CROSS JOIN params AS p
    WHERE e.decision IS NOT NULL
      AND e.decision_scope IN ('product', 'portfolio', 'strategy')
      AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
      AND (p.team_id IS NULL OR et.team_id = p.team_id)
),
final AS (
    SELECT a.experiment_id, a.team_id, a.decision_date, d.discussed_on
    FROM answers AS a
    CROSS JOIN params AS p
    LEFT JOIN answers_discussed AS d
      ON d.experiment_id = a.experiment_id AND d.team_id = a.team_id
     AND d.decision_date = a.decision_date AND d.discussed_on <= p.as_of
)
SELECT * FROM final ORDER BY decision_date, experiment_id, team_id
""")


def answers_in_scope(con: Database, scope: Scope) -> pd.DataFrame:
    """Answers to teams decided in the period (as known on ``scope.as_of``): experiment_id,
    team_id, decision_date, discussed_on (NaT: not discussed by then)."""
    return _frame(con, ANSWERS_IN_SCOPE, _scope_params(scope))


# ``metrics.answers_discussed_share``'s two counts in SQL: the answers whose days to discuss
# them have passed on as_of, found by their decision dates (a period's decisions, not every
# experiment in scope: 1.1 s at a million experiments), and those discussed within them.
ANSWERS_DISCUSSED_COUNTS = "".join(("WITH\n", _scope.params(
    "CAST(? AS INTEGER) AS discuss_days"), f""",
answers AS (
    SELECT e.experiment_id, et.team_id, e.decision_date
    FROM experiments AS e
    JOIN experiment_teams AS et ON et.experiment_id = e.experiment_id
    CROSS JOIN params AS p
    WHERE e.decision IS NOT NULL
      AND e.decision_scope IN ('product', 'portfolio', 'strategy')
      AND e.decision_date <= p.as_of - p.discuss_days
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
      AND (e.start_date IS NULL OR e.start_date <= p.as_of)
      AND (p.team_id IS NULL OR et.team_id = p.team_id)
      AND (p.value_stream IS NULL OR {_scope.of_chosen_stream()})
),
final AS (
    SELECT CAST(count(*) AS BIGINT) AS closed,
           CAST(count(d.discussed_on) AS BIGINT) AS in_time
    FROM answers AS a
    CROSS JOIN params AS p
    LEFT JOIN answers_discussed AS d
      ON d.experiment_id = a.experiment_id AND d.team_id = a.team_id
     AND d.decision_date = a.decision_date AND d.discussed_on <= p.as_of
     AND d.discussed_on - a.decision_date <= p.discuss_days
)
SELECT * FROM final
"""))  # noqa: S608


def answers_discussed_counts(con: Database, scope: Scope, discuss_days: int) -> pd.DataFrame:
    """One row: the answers in scope (``answers_in_scope``) decided at least ``discuss_days``
    before as_of (closed), and those of them discussed within those days (in_time)."""
    return _frame(con, ANSWERS_DISCUSSED_COUNTS, _scope_params(scope, discuss_days))


TEAM_HAND_OVERS = f"""
WITH
{_scope.params()},
hand_overs AS (
    SELECT c.entity_id AS action_id, c.old_value AS from_team, c.new_value AS to_team
    FROM change_log AS c
    CROSS JOIN params AS p
    WHERE c.entity = 'actions' AND c.field = 'owner_team_id'
      AND c.old_value IS NOT NULL AND c.new_value IS NOT NULL
      AND c.old_value <> c.new_value
      AND CAST(c.changed_at AS DATE) <= p.as_of
      AND (p.period_start IS NULL OR CAST(c.changed_at AS DATE) >= p.period_start)
),
in_view AS (
    -- a hand-over is in view when either team is: of the chosen stream, or the chosen team
    SELECT h.*
    FROM hand_overs AS h
    JOIN teams AS f ON f.team_id = h.from_team
    JOIN teams AS t ON t.team_id = h.to_team
    CROSS JOIN params AS p
    WHERE (p.value_stream IS NULL OR p.value_stream IN (f.value_stream, t.value_stream))
      AND (p.team_id IS NULL OR p.team_id IN (h.from_team, h.to_team))
),
final AS (
    -- each unordered pair once: the team with the smaller id is team_a
    SELECT CASE WHEN from_team < to_team THEN from_team ELSE to_team END AS team_a,
           CASE WHEN from_team < to_team THEN to_team ELSE from_team END AS team_b,
           count(DISTINCT action_id) AS handed_actions
    FROM in_view
    GROUP BY 1, 2
)
SELECT * FROM final ORDER BY handed_actions DESC, team_a, team_b
"""  # noqa: S608


def team_hand_overs(con: Database, start: dt.date | None, as_of: dt.date,
                    value_stream: str | None = None,
                    team_id: str | None = None) -> pd.DataFrame:
    """One row per pair of teams between which actions were handed over in the period:
    team_a < team_b, handed_actions (either way)."""
    return _frame(con, TEAM_HAND_OVERS,
                  _scope.scope_values(as_of, start, value_stream, team_id))

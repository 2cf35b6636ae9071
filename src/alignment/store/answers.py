"""The write path of governance answers: a coach ticks an answer discussed with the team.

An answer is a decision taken above the team (at product, portfolio or strategy level) on an
experiment the team led or joined. Ticking it runs through ``db.written`` and logs a
``(created)`` row in ``change_log``; the answer is named by experiment, team and decision date,
so a later decision on the same experiment is a new answer.
"""

from __future__ import annotations

import datetime as dt

from alignment import access, db, topics
from alignment.access import Person
from alignment.db import Cursor, Database

ANSWER_SCOPES = ("product", "portfolio", "strategy")

ANSWER_STATE = """
SELECT e.decision_scope, CAST(e.decision_date AS VARCHAR),
       (SELECT count(*) FROM answers_discussed AS d
        WHERE d.experiment_id = e.experiment_id AND d.team_id = et.team_id
          AND d.decision_date = e.decision_date)
FROM experiments AS e
JOIN experiment_teams AS et ON et.experiment_id = e.experiment_id
WHERE e.experiment_id = ? AND et.team_id = ?
"""

INSERT_DISCUSSED = """
INSERT INTO answers_discussed (experiment_id, team_id, decision_date, discussed_on)
VALUES (?, ?, ?, ?)
"""

LOG_CREATED = """
INSERT INTO change_log (entity, entity_id, field, old_value, new_value, changed_at,
                        changed_by, upload_id)
VALUES ('answers_discussed', ?, '(created)', NULL, NULL, ?, ?, NULL)
"""


def answer_id(experiment_id: str, team_id: str, decision_date: dt.date) -> str:
    """The name of one answer in the change log.

    >>> answer_id("PAS-001", "BZ-PAS", dt.date(2026, 11, 2))
    'PAS-001/BZ-PAS/2026-11-02'
    """
    return f"{experiment_id}/{team_id}/{decision_date.isoformat()}"


def recorded_discussed(
    cur: Cursor,
    experiment_id: str,
    team_id: str,
    decision_date: dt.date,
    discussed_on: dt.date,
    actor: Person,
    now: dt.datetime,
) -> None:
    """Tick the answer of ``experiment_id``'s decision of ``decision_date`` discussed with
    ``team_id`` on ``discussed_on``, with ``cur``, and log it.

    Raises ``PermissionError`` when ``actor`` runs no sessions for the team, ``KeyError`` when
    the team neither led nor joined the experiment, and ``ValueError`` when the experiment
    holds no decision above the team of that date, it was ticked already, or ``discussed_on``
    is before the decision.
    """
    if not access.may_run_session(actor, team_id):
        raise PermissionError(f"{actor.email} may not run sessions for team {team_id}")
    state = cur.execute(ANSWER_STATE, [experiment_id, team_id]).fetchone()
    if state is None:
        raise KeyError(f"team {team_id} neither led nor joined experiment {experiment_id!r}")
    scope, decided, ticked = state
    if scope not in ANSWER_SCOPES or decided != decision_date.isoformat():
        raise ValueError(f"{experiment_id} holds no decision above the team of {decision_date}")
    if int(ticked):
        raise ValueError(f"the answer on {experiment_id} was discussed with {team_id} already")
    if discussed_on < decision_date:
        raise ValueError(f"an answer is discussed after its decision, not on {discussed_on}")
    cur.execute(INSERT_DISCUSSED, [experiment_id, team_id, decision_date, discussed_on])
    cur.execute(LOG_CREATED, [answer_id(experiment_id, team_id, decision_date), now,
                              actor.email])


def discussed_answer(
    con: Database,
    experiment_id: str,
    team_id: str,
    decision_date: dt.date,
    discussed_on: dt.date,
    actor: Person,
    now: dt.datetime,
) -> None:
    """An answer ticked discussed with the team, logged, in its own transaction."""
    db.written(con, lambda cur: recorded_discussed(cur, experiment_id, team_id, decision_date,
                                                   discussed_on, actor, now),
               touches=topics.touched(topics.ANSWERS))

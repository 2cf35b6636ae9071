"""The write path of reflection sessions: a captured session with its actions, closing an action,
carrying an open action over to a new due date.

Every write runs through ``db.written`` (one transaction, serialised, retried on conflict) and
logs itself in ``change_log``: a ``(created)`` row per new session and action, a row per
changed field of a closed or carried-over action. Only team averages reach this module, so
no single vote can end up in a table or the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from alignment import access, db, queries, topics
from alignment.access import Person
from alignment.db import Cursor, Database
from alignment.session.record import CLOSING_STATUSES, NewAction, NewSession, carry_over_problem
from alignment.store import session_rollups

T = TypeVar("T")

# Ids continue the numbering the demo and the uploads use (S-0183 → S-0184); an id that does
# not follow it (an uploaded "RETRO-7") is simply not counted.
NEXT_SESSION_NUMBER = """
SELECT coalesce(max(CAST(substr(session_id, 3) AS BIGINT)), 0) + 1
FROM sessions
WHERE session_id SIMILAR TO 'S-[0-9]{1,12}'
"""

NEXT_ACTION_NUMBER = """
SELECT coalesce(max(CAST(substr(action_id, 3) AS BIGINT)), 0) + 1
FROM actions
WHERE action_id SIMILAR TO 'A-[0-9]{1,12}'
"""

INSERT_SESSION = """
INSERT INTO sessions (session_id, team_id, held_on, facilitator, kind, covered_results,
                      covered_collaboration, covered_safety, safety, ownership, energy,
                      collaboration, notes)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

INSERT_ACTION = """
INSERT INTO actions (action_id, session_id, experiment_id, owner_team_id, description,
                     due_on, status, closed_on)
VALUES (?, ?, ?, ?, ?, ?, 'open', NULL)
"""

LOG_CREATED = """
INSERT INTO change_log (entity, entity_id, field, old_value, new_value, changed_at,
                        changed_by, upload_id)
VALUES (?, ?, '(created)', NULL, NULL, ?, ?, NULL)
"""

# the team whose session agreed the action may close it or carry it over, and so may the team
# that owns it
ACTION_STATE = """
SELECT a.status, CAST(a.closed_on AS VARCHAR), CAST(a.due_on AS VARCHAR), s.team_id,
       a.owner_team_id
FROM actions AS a
LEFT JOIN sessions AS s ON s.session_id = a.session_id
WHERE a.action_id = ?
"""

CARRY_OVER_ACTION = """
UPDATE actions SET due_on = ? WHERE action_id = ?
"""

CLOSE_ACTION = """
UPDATE actions SET status = ?, closed_on = ? WHERE action_id = ?
"""

LOG_FIELD = """
INSERT INTO change_log (entity, entity_id, field, old_value, new_value, changed_at,
                        changed_by, upload_id)
VALUES ('actions', ?, ?, ?, ?, ?, ?, NULL)
"""


@dataclass(frozen=True)
class SavedSession:
    """The ids the saved session and its actions got."""

    session_id: str
    action_ids: tuple[str, ...]


def _next_number(cur: Cursor, sql: str) -> int:
    return int(cur.execute(sql).fetchone()[0])


def recorded_session(
    cur: Cursor,
    session: NewSession,
    actions: Sequence[NewAction],
    actor: Person,
    now: dt.datetime,
) -> SavedSession:
    """Insert the session, its actions and their ``(created)`` log rows with ``cur``.

    Run it inside ``db.written``: any refusal (an ``actor`` who may not run this team's
    sessions, a score outside 1–5, an empty description) raises, and the transaction writes
    nothing at all. ``actor`` is the facilitator and the author in the log.
    """
    if not access.may_run_session(actor, session.team_id):
        raise PermissionError(f"{actor.email} may not run sessions for team {session.team_id}")
    user = actor.email
    session_id = f"S-{_next_number(cur, NEXT_SESSION_NUMBER):04d}"
    row = session.row()
    cur.execute(INSERT_SESSION, [
        session_id, row["team_id"], row["held_on"], user, row["kind"],
        row["covered_results"], row["covered_collaboration"], row["covered_safety"],
        row["safety"], row["ownership"], row["energy"], row["collaboration"], row["notes"],
    ])
    cur.execute(LOG_CREATED, ["sessions", session_id, now, user])
    first = _next_number(cur, NEXT_ACTION_NUMBER)
    action_ids = []
    for offset, action in enumerate(actions):
        action_id = f"A-{first + offset:04d}"
        cur.execute(INSERT_ACTION, [action_id, session_id, action.experiment_id,
                                    action.owner_team_id, action.description, action.due_on])
        cur.execute(LOG_CREATED, ["actions", action_id, now, user])
        action_ids.append(action_id)
    session_rollups.refreshed_teams(cur, [session.team_id])
    return SavedSession(session_id=session_id, action_ids=tuple(action_ids))


def saved_session(
    con: Database,
    session: NewSession,
    actions: Sequence[NewAction],
    actor: Person,
    now: dt.datetime,
) -> SavedSession:
    """The session and its actions written in one transaction, with their change-log rows.

    ``actor`` is the facilitator and the author in the log. Nothing is written if any part
    fails.
    """
    return db.written(con, lambda cur: recorded_session(cur, session, actions, actor, now),
                      touches=session_touched)


def session_touched(cur: Cursor, saved: SavedSession) -> topics.Touched:
    """What saving a session touches: sessions, in its team's and its actions' teams' streams."""
    return topics.touched(topics.SESSIONS, streams=queries.session_streams(cur, saved.session_id))


def _action_written(con: Database, action_id: str, work: Callable[[Cursor], T]) -> T:
    """``work(cur)`` on action ``action_id`` in one transaction, touching sessions in the
    streams of the action's teams before and after it (a hand-over changes its owner)."""
    def streams_then_work(cur: Cursor) -> tuple[frozenset[str], T]:
        return queries.action_streams(cur, action_id), work(cur)

    def touches(cur: Cursor, done: tuple[frozenset[str], T]) -> topics.Touched:
        return topics.touched(topics.SESSIONS,
                              streams=done[0] | queries.action_streams(cur, action_id))

    return db.written(con, streams_then_work, touches=touches)[1]


def _open_action(
    cur: Cursor, action_id: str, actor: Person
) -> tuple[str, str | None, str | None]:
    """The status, closing day and due date (as text) of an action ``actor`` may change.

    Raises ``KeyError`` for an unknown action, ``PermissionError`` when ``actor`` runs
    sessions neither for the team of the action's session nor for its owner team, and
    ``ValueError`` for an action no longer open.
    """
    state = cur.execute(ACTION_STATE, [action_id]).fetchone()
    if state is None:
        raise KeyError(f"no action {action_id!r}")
    status, closed_on, due_on, session_team, owner_team = state
    if not (access.may_run_session(actor, session_team)
            or access.may_run_session(actor, owner_team)):
        raise PermissionError(f"{actor.email} may not change actions of team {owner_team}")
    if status != "open":
        raise ValueError(f"action {action_id} is already {status}")
    return status, closed_on, due_on


def _refreshed_action_team(cur: Cursor, action_id: str) -> None:
    """Refresh the Coach overview's summaries of the team whose session agreed the action."""
    team_id = cur.execute(ACTION_STATE, [action_id]).fetchone()[3]
    if team_id is not None:
        session_rollups.refreshed_teams(cur, [team_id])


def recorded_closing(
    cur: Cursor,
    action_id: str,
    status: str,
    closed_on: dt.date,
    actor: Person,
    now: dt.datetime,
) -> list[str]:
    """Close an open action as ``done`` or ``dropped`` with ``cur``; returns the changed fields.

    Raises ``KeyError`` for an unknown action, ``ValueError`` for one already closed or a
    status that does not close it, and ``PermissionError`` when ``actor`` runs sessions
    neither for the team of the action's session nor for its owner team.
    """
    if status not in CLOSING_STATUSES:
        raise ValueError(f"an action is closed as done or dropped, not {status!r}")
    old_status, old_closed, _ = _open_action(cur, action_id, actor)
    cur.execute(CLOSE_ACTION, [status, closed_on, action_id])
    changes = [("status", old_status, status),
               ("closed_on", old_closed, closed_on.isoformat())]
    cur.executemany(LOG_FIELD, [[action_id, field, old, new, now, actor.email]
                                for field, old, new in changes])
    _refreshed_action_team(cur, action_id)
    return [field for field, _, _ in changes]


def closed_action(
    con: Database,
    action_id: str,
    status: str,
    closed_on: dt.date,
    actor: Person,
    now: dt.datetime,
) -> list[str]:
    """An open action marked done or dropped on ``closed_on``, logged, in its own transaction."""
    return _action_written(
        con, action_id, lambda cur: recorded_closing(cur, action_id, status, closed_on, actor, now))


def recorded_carry_over(
    cur: Cursor,
    action_id: str,
    due_on: dt.date,
    today: dt.date,
    actor: Person,
    now: dt.datetime,
) -> None:
    """Give an open action the new due date ``due_on`` with ``cur``, logging the old and new.

    Raises ``ValueError`` for a due date before ``today`` or an action no longer open,
    ``KeyError`` for an unknown action and ``PermissionError`` as closing does.
    """
    if carry_over_problem(due_on, today) is not None:
        raise ValueError(f"a carried-over action is due today or later, not {due_on}")
    _, _, old_due = _open_action(cur, action_id, actor)
    cur.execute(CARRY_OVER_ACTION, [due_on, action_id])
    cur.execute(LOG_FIELD, [action_id, "due_on", old_due, due_on.isoformat(), now, actor.email])
    _refreshed_action_team(cur, action_id)


def carried_action(
    con: Database,
    action_id: str,
    due_on: dt.date,
    today: dt.date,
    actor: Person,
    now: dt.datetime,
) -> None:
    """An open action carried over to ``due_on`` (today or later), logged, in its own
    transaction."""
    _action_written(con, action_id,
                    lambda cur: recorded_carry_over(cur, action_id, due_on, today, actor, now))


TEAM_EXISTS = """
SELECT count(*) FROM teams WHERE team_id = ?
"""

HAND_OVER_ACTION = """
UPDATE actions SET owner_team_id = ? WHERE action_id = ?
"""


def recorded_hand_over(
    cur: Cursor,
    action_id: str,
    to_team_id: str,
    actor: Person,
    now: dt.datetime,
) -> None:
    """Give an open action to the team ``to_team_id`` with ``cur``, logging the old and new owner.

    The owner's ``change_log`` row (field ``owner_team_id``) is what records the hand-over.
    Raises ``ValueError`` for a team that does not exist, the team that owns it already, or an
    action no longer open, ``KeyError`` for an unknown action and ``PermissionError`` as
    closing does.
    """
    _open_action(cur, action_id, actor)
    owner = cur.execute(ACTION_STATE, [action_id]).fetchone()[4]
    if to_team_id == owner:
        raise ValueError(f"action {action_id} is already owned by team {owner}")
    if int(cur.execute(TEAM_EXISTS, [to_team_id]).fetchone()[0]) == 0:
        raise ValueError(f"there is no team {to_team_id!r} to hand action {action_id} to")
    cur.execute(HAND_OVER_ACTION, [to_team_id, action_id])
    cur.execute(LOG_FIELD, [action_id, "owner_team_id", owner, to_team_id, now, actor.email])


def handed_action(
    con: Database,
    action_id: str,
    to_team_id: str,
    actor: Person,
    now: dt.datetime,
) -> None:
    """An open action handed to another existing team, logged, in its own transaction."""
    _action_written(con, action_id,
                    lambda cur: recorded_hand_over(cur, action_id, to_team_id, actor, now))

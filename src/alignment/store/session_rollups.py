"""The summaries the Coach overview reads: per-action facts and per-team monthly rollups of
sessions and actions (migration 15), kept from their ``_live`` views.

Derived, never the truth: a session written in the app (saved, saved live, an action closed
or carried over) refreshes its team's rows in its own transaction; an upload of sessions or
actions refreshes the teams its rows belonged to and belong to now; ``python -m
alignment.store.rollups rebuild`` recomputes them all. Table names here are constants.
"""

from __future__ import annotations

from alignment.db import Cursor

# Every kept table, in the order they are refreshed: the rollups of actions read
# action_facts. Each is filled from the view of the same name with ``_live`` after it.
TABLES = ("action_facts", "rollup_team_sessions", "rollup_follow_through", "rollup_overdue",
          "team_last_scores")


# An upload touching more teams than this recomputes every team: one pass over the raw rows
# costs less than that many teams' passes.
MOST_TEAMS_REFRESHED = 200

# The teams whose rows an upload's staged sessions or actions (``incoming``) belong to as
# stored and as staged, per kind; read before the upload is merged.
UPLOAD_TEAMS = {
    "sessions": """
        SELECT team_id FROM incoming
        UNION
        SELECT s.team_id FROM sessions AS s JOIN incoming AS i ON i.session_id = s.session_id
    """,
    "actions": """
        SELECT s.team_id
        FROM sessions AS s
        WHERE s.session_id IN (
            SELECT session_id FROM incoming
            UNION
            SELECT a.session_id FROM actions AS a JOIN incoming AS i ON i.action_id = a.action_id)
    """,
}


def upload_teams(cur: Cursor, kind: str) -> list[str]:
    """The teams whose summaries the staged upload of ``kind`` (sessions or actions) changes."""
    return sorted({row[0] for row in cur.execute(UPLOAD_TEAMS[kind]).fetchall()
                   if row[0] is not None})


def refreshed_teams(cur: Cursor, team_ids: list[str]) -> None:
    """Recompute the rows of the teams ``team_ids`` in every kept table from their raw rows
    (every team's, when there are more than ``MOST_TEAMS_REFRESHED``)."""
    if len(team_ids) > MOST_TEAMS_REFRESHED:
        rebuilt(cur)
        return
    if not team_ids:
        return
    chosen = " WHERE team_id IN (" + ", ".join("?" for _ in team_ids) + ")"
    for table in TABLES:
        cur.execute("DELETE FROM " + table + chosen, team_ids)
        cur.execute("INSERT INTO " + table + " SELECT * FROM " + table + "_live" + chosen,
                    team_ids)


def rebuilt(cur: Cursor) -> None:
    """Recompute every kept table from the raw rows."""
    for table in TABLES:
        cur.execute("DELETE FROM " + table)
        cur.execute("INSERT INTO " + table + " SELECT * FROM " + table + "_live")

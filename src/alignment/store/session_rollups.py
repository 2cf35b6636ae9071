"""The summaries the Coach overview reads: per-action facts and per-team monthly rollups of
sessions and actions (migration 15), kept from their ``_live`` views.

Derived, never the truth: a session written in the app (saved, saved live, an action closed,
carried over or handed over) refreshes its team's rows in its own transaction; an upload of
sessions or actions, which can move rows between teams, and ``python -m
alignment.store.rollups rebuild`` recompute them all. Table names here are constants.
"""

from __future__ import annotations

from alignment.db import Cursor

# Every kept table, in the order they are refreshed: the rollups of actions read
# action_facts. Each is filled from the view of the same name with ``_live`` after it.
TABLES = ("action_facts", "rollup_team_sessions", "rollup_follow_through", "rollup_overdue",
          "team_last_scores")


def refreshed_team(cur: Cursor, team_id: str) -> None:
    """Recompute the rows of team ``team_id`` in every kept table from its raw rows."""
    for table in TABLES:
        cur.execute("DELETE FROM " + table + " WHERE team_id = ?", [team_id])
        cur.execute("INSERT INTO " + table + " SELECT * FROM " + table + "_live"
                    " WHERE team_id = ?", [team_id])


def rebuilt(cur: Cursor) -> None:
    """Recompute every kept table from the raw rows."""
    for table in TABLES:
        cur.execute("DELETE FROM " + table)
        cur.execute("INSERT INTO " + table + " SELECT * FROM " + table + "_live")

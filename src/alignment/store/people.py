"""Taking someone's access away: the one delete of the app, logged like every other write.

Uploads add and update people but never delete (rows absent from a file stay), so an admin
removes a person here: their people row and coach assignments go, and ``change_log`` keeps
who they were and who removed them.
"""

from __future__ import annotations

import datetime as dt

from alignment import access, db, topics
from alignment.access import Person
from alignment.db import Cursor, Database

PERSON_ROW = """
SELECT email, name, role, team_id FROM people WHERE email = ?
"""

COACHED = """
SELECT team_id FROM coach_teams WHERE email = ? ORDER BY team_id
"""

DELETE_PERSON = """
DELETE FROM people WHERE email = ?
"""

DELETE_COACHED = """
DELETE FROM coach_teams WHERE email = ?
"""

LOG_REMOVED = """
INSERT INTO change_log (entity, entity_id, field, old_value, new_value, changed_at,
                        changed_by, upload_id)
VALUES (?, ?, ?, ?, NULL, ?, ?, NULL)
"""


def recorded_removal(
    cur: Cursor, email: str, actor: Person, now: dt.datetime
) -> list[str]:
    """Delete ``email`` from people and coach_teams with ``cur``; returns the removed teams.

    Raises ``PermissionError`` unless ``actor`` is an admin other than ``email`` (nobody
    locks themselves out) and ``KeyError`` for an unknown e-mail.
    """
    if actor.role != access.ADMIN:
        raise PermissionError(f"a {actor.role} may not remove people")
    if actor.email.lower() == email.lower():
        raise PermissionError("you cannot remove your own access")
    row = cur.execute(PERSON_ROW, [email]).fetchone()
    if row is None:
        raise KeyError(f"no person {email!r}")
    teams = [team for (team,) in cur.execute(COACHED, [email]).fetchall()]
    cur.execute(DELETE_COACHED, [email])
    cur.execute(DELETE_PERSON, [email])
    logged = [["people", email, "(removed)", None, now, actor.email]]
    logged += [["people", email, field, str(value), now, actor.email]
              for field, value in zip(("name", "role", "team_id"), row[1:], strict=True)
              if value is not None]
    logged += [["coach_teams", f"{email}|{team}", "(removed)", team, now, actor.email]
               for team in teams]
    cur.executemany(LOG_REMOVED, logged)
    return teams


def removed_person(
    con: Database, email: str, actor: Person, now: dt.datetime
) -> list[str]:
    """``email``'s access removed in one transaction, logged; returns the coach teams removed."""
    return db.written(con, lambda cur: recorded_removal(cur, email, actor, now),
                      touches=topics.touched(topics.PEOPLE))

"""Who is who: the people table and the teams each coach is assigned to."""

from __future__ import annotations

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame

# e-mail addresses compare case-insensitively: identity providers differ in how they write them
PERSON = """
WITH person AS (
    SELECT email, name, role, team_id
    FROM people
    WHERE lower(email) = lower(?)
),

coached AS (
    SELECT array_agg(c.team_id ORDER BY c.team_id) AS coach_team_ids
    FROM coach_teams AS c
    WHERE lower(c.email) = lower(?)
),

final AS (
    SELECT p.email, p.name, p.role, p.team_id,
           coalesce(c.coach_team_ids, CAST(ARRAY[] AS VARCHAR[])) AS coach_team_ids
    FROM person AS p
    CROSS JOIN coached AS c
)

SELECT * FROM final
"""

PEOPLE = """
WITH coached AS (
    SELECT email, string_agg(team_id, ', ' ORDER BY team_id) AS coached_teams
    FROM coach_teams
    GROUP BY email
),

final AS (
    SELECT p.email, p.name, p.role, p.team_id, t.name AS team_name, c.coached_teams
    FROM people AS p
    LEFT JOIN teams AS t ON t.team_id = p.team_id
    LEFT JOIN coached AS c ON c.email = p.email
)

SELECT * FROM final
ORDER BY role, email
"""

COACH_ASSIGNMENTS = """
WITH final AS (
    SELECT c.email, p.name, c.team_id, t.name AS team_name
    FROM coach_teams AS c
    LEFT JOIN people AS p ON p.email = c.email
    LEFT JOIN teams AS t ON t.team_id = c.team_id
)

SELECT * FROM final
ORDER BY email, team_id
"""

PEOPLE_ROLES = """
SELECT email, role FROM people
"""


def person_record(con: Database, email: str) -> pd.DataFrame:
    """The one row of ``email`` in people (any case), with its coached team ids; or no row."""
    return _frame(con, PERSON, [email, email])


def people_list(con: Database) -> pd.DataFrame:
    """Every person: email, name, role, team_id, team_name, coached_teams (comma list)."""
    return _frame(con, PEOPLE)


def coach_assignments(con: Database) -> pd.DataFrame:
    """Every coach–team assignment: email, name, team_id, team_name."""
    return _frame(con, COACH_ASSIGNMENTS)


def people_roles(con: Database) -> pd.DataFrame:
    """Every stored person's email and role (what a coach_teams upload checks against)."""
    return _frame(con, PEOPLE_ROLES)

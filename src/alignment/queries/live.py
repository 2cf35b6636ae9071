"""A live reflection session as its devices show it: the session and its phase, its agenda,
the anonymous cards, the score counts and the actions written from cards.

Nothing here can name who wrote or voted: the tables hold no such column. Cards come in
text order, never in the order they were written.
"""

from __future__ import annotations

import pandas as pd

from alignment.db import Database
from alignment.queries._base import _frame

# by its join code, or the team's session not yet ended (the other parameter NULL)
LIVE_SESSION = """
WITH
final AS (
    SELECT l.live_id, l.code, l.team_id, coalesce(t.name, l.team_id) AS team_name, l.phase,
           l.phase_deadline, l.paused_left, l.dot_ballots, l.scores_revealed,
           l.closed_at IS NOT NULL AS closed, l.session_id
    FROM live_sessions AS l
    LEFT JOIN teams AS t ON t.team_id = l.team_id
    WHERE l.code = ? OR (l.team_id = ? AND l.closed_at IS NULL)
)
SELECT * FROM final
"""

LIVE_PHASES = """
WITH
final AS (
    SELECT phase, minutes FROM live_phases WHERE live_id = ?
)
SELECT * FROM final
"""

LIVE_CARDS = """
WITH
cards AS (
    SELECT card_id, prompt, text, coalesce(group_id, card_id) AS group_id, dots
    FROM live_cards
    WHERE live_id = ?
),
final AS (
    SELECT c.card_id, c.prompt, c.text, c.group_id, g.dots AS group_dots,
           c.card_id = c.group_id AS heads_group
    FROM cards AS c
    JOIN cards AS g ON g.card_id = c.group_id
)
SELECT * FROM final ORDER BY prompt, group_id, NOT heads_group, text, card_id
"""

LIVE_SCORES = """
WITH
final AS (
    SELECT score, value, votes FROM live_scores WHERE live_id = ?
)
SELECT * FROM final ORDER BY score, value
"""

LIVE_ACTIONS = """
WITH
final AS (
    SELECT a.card_id, a.description, a.owner_team_id, a.due_on
    FROM live_actions AS a
    WHERE a.live_id = ?
)
SELECT * FROM final ORDER BY description, card_id
"""


def live_session(con: Database, code: str) -> pd.DataFrame:
    """The live session with join ``code`` (one row, or none): live_id, code, team_id,
    team_name, phase, phase_deadline, paused_left, dot_ballots, scores_revealed, closed,
    session_id."""
    return _frame(con, LIVE_SESSION, [code, None])


def open_live_session(con: Database, team_id: str) -> pd.DataFrame:
    """The team's live session not yet ended (one row, or none), as ``live_session``."""
    return _frame(con, LIVE_SESSION, [None, team_id])


def live_phases(con: Database, live_id: str) -> pd.DataFrame:
    """The minutes the coach set per phase: phase, minutes."""
    return _frame(con, LIVE_PHASES, [live_id])


def live_cards(con: Database, live_id: str) -> pd.DataFrame:
    """Every card: card_id, prompt, text, group_id (the card heading its group), the group's
    dots (group_dots) and whether it heads its group; by prompt, group and text."""
    return _frame(con, LIVE_CARDS, [live_id])


def live_scores(con: Database, live_id: str) -> pd.DataFrame:
    """How many voted each value of each score: score, value, votes."""
    return _frame(con, LIVE_SCORES, [live_id])


def live_actions(con: Database, live_id: str) -> pd.DataFrame:
    """The actions written from cards, not yet saved: card_id, description, owner_team_id,
    due_on."""
    return _frame(con, LIVE_ACTIONS, [live_id])

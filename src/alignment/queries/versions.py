"""Which write the data is at, per topic, and which value streams a write touched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from alignment.db import Cursor, Database

# One small query per page run: the data version, when it last moved (every write stamps it,
# db.BUMP_VERSION: the maximum over the change log was a scan of a million rows on
# PostgreSQL on every page), and every topic's.
VERSIONS = """
WITH
topics AS (
    SELECT topic, version FROM topic_versions
),
final AS (
    SELECT d.database_id, d.version, d.changed_at, t.topic, t.version AS topic_version
    FROM data_version AS d
    LEFT JOIN topics AS t ON true
)
SELECT * FROM final
"""


@dataclass(frozen=True)
class Versions:
    """Which database and which write the data is at: as a whole, and per topic key
    (``alignment.topics``); a key never written is at 0."""

    database_id: str
    version: int
    changed_at: dt.datetime | None
    topics: tuple[tuple[str, int], ...]

    def of(self, keys: list[str]) -> tuple:
        """The cache key of a read depending on version keys ``keys``."""
        found = dict(self.topics)
        return (self.database_id, *(found.get(key, 0) for key in keys))


def versions(con: Database | Cursor) -> Versions:
    """The data version, its time, and every topic's version, in one query."""
    cur = con.cursor()
    try:
        rows = cur.execute(VERSIONS).fetchall()
    finally:
        cur.close()
    database_id, version, changed_at = rows[0][:3]
    return Versions(database_id=database_id, version=int(version), changed_at=changed_at,
                    topics=tuple((topic, int(v)) for *_, topic, v in rows if topic is not None))


# The streams of the experiments in ``incoming`` (an upload's staged rows, after the write):
# each one's own stream and those of the teams that lead or join it.
STAGED_STREAMS = """
WITH
staged AS (
    SELECT experiment_id FROM incoming
),
own AS (
    SELECT f.value_stream FROM experiment_facts AS f
    JOIN staged AS s ON s.experiment_id = f.experiment_id
),
teams_of AS (
    SELECT t.value_stream FROM experiment_teams AS et
    JOIN staged AS s ON s.experiment_id = et.experiment_id
    JOIN teams AS t ON t.team_id = et.team_id
),
final AS (
    SELECT value_stream FROM own
    UNION
    SELECT value_stream FROM teams_of
)
SELECT value_stream FROM final WHERE value_stream IS NOT NULL
"""

# Whether the upload moved an experiment between products or teams: the streams it left
# are no longer among those above.
LINKS_MOVED = """
WITH
moved AS (
    SELECT 1 AS moved FROM change_log
    WHERE entity = 'experiments'
      AND entity_id IN (SELECT experiment_id FROM incoming)
      AND upload_id = ?
      AND field IN ('product_id', 'team_id', 'partner_teams')
),
final AS (
    SELECT count(*) AS moved FROM moved
)
SELECT moved FROM final
"""


def staged_experiment_streams(cur: Cursor, upload_id: str | None) -> frozenset[str] | None:
    """The value streams an experiments upload (staged as ``incoming``, just written)
    touched; None when it moved an experiment away from a stream it no longer names."""
    if upload_id is None:
        return frozenset()
    if cur.execute(LINKS_MOVED, [upload_id]).fetchone()[0]:
        return None
    return frozenset(row[0] for row in cur.execute(STAGED_STREAMS).fetchall())


EXPERIMENT_STREAMS = """
WITH
own AS (
    SELECT value_stream FROM experiment_facts WHERE experiment_id = ?
),
teams_of AS (
    SELECT t.value_stream FROM experiment_teams AS et
    JOIN teams AS t ON t.team_id = et.team_id
    WHERE et.experiment_id = ?
),
final AS (
    SELECT value_stream FROM own
    UNION
    SELECT value_stream FROM teams_of
)
SELECT value_stream FROM final WHERE value_stream IS NOT NULL
"""


def experiment_streams(cur: Cursor, experiment_id: str) -> frozenset[str]:
    """The value streams experiment ``experiment_id`` is seen in: its own and its teams'."""
    rows = cur.execute(EXPERIMENT_STREAMS, [experiment_id, experiment_id]).fetchall()
    return frozenset(row[0] for row in rows)


SESSION_STREAMS = """
WITH
session_teams AS (
    SELECT team_id FROM sessions WHERE session_id = ?
    UNION
    SELECT owner_team_id FROM actions WHERE session_id = ?
),
final AS (
    SELECT DISTINCT t.value_stream FROM teams AS t
    JOIN session_teams AS s ON s.team_id = t.team_id
    WHERE t.value_stream IS NOT NULL
)
SELECT value_stream FROM final
"""


def session_streams(cur: Cursor, session_id: str) -> frozenset[str]:
    """The value streams of session ``session_id``'s team and of its actions' owners."""
    rows = cur.execute(SESSION_STREAMS, [session_id, session_id]).fetchall()
    return frozenset(row[0] for row in rows)


ACTION_STREAMS = """
WITH
action_teams AS (
    SELECT a.owner_team_id AS team_id FROM actions AS a WHERE a.action_id = ?
    UNION
    SELECT s.team_id FROM actions AS a
    JOIN sessions AS s ON s.session_id = a.session_id
    WHERE a.action_id = ?
),
final AS (
    SELECT DISTINCT t.value_stream FROM teams AS t
    JOIN action_teams AS a ON a.team_id = t.team_id
    WHERE t.value_stream IS NOT NULL
)
SELECT value_stream FROM final
"""


def action_streams(cur: Cursor, action_id: str) -> frozenset[str]:
    """The value streams of the team owning action ``action_id`` and of its session's team."""
    rows = cur.execute(ACTION_STREAMS, [action_id, action_id]).fetchall()
    return frozenset(row[0] for row in rows)

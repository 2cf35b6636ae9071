"""What the ingest pipeline and the data pages read: stored ids and whole tables."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa

from alignment.db import Cursor, Database
from alignment.queries._base import _frame, _scalar

# Table names cannot be parameters, so each table has its own fixed statement.
TABLE_SIZES = {
    "goals": "SELECT count(*) FROM goals",
    "products": "SELECT count(*) FROM products",
    "product_goals": "SELECT count(*) FROM product_goals",
    "teams": "SELECT count(*) FROM teams",
    "team_products": "SELECT count(*) FROM team_products",
    "experiments": "SELECT count(*) FROM experiments",
    "experiment_teams": "SELECT count(*) FROM experiment_teams",
    "sessions": "SELECT count(*) FROM sessions",
    "actions": "SELECT count(*) FROM actions",
    "uploads": "SELECT count(*) FROM uploads",
    "change_log": "SELECT count(*) FROM change_log",
    "people": "SELECT count(*) FROM people",
    "coach_teams": "SELECT count(*) FROM coach_teams",
    "goal_measures": "SELECT count(*) FROM goal_measures",
    "check_ins": "SELECT count(*) FROM check_ins",
}

TABLE_ROWS = {
    "goals": "SELECT * FROM goals LIMIT ?",
    "products": "SELECT * FROM products LIMIT ?",
    "product_goals": "SELECT * FROM product_goals LIMIT ?",
    "teams": "SELECT * FROM teams LIMIT ?",
    "team_products": "SELECT * FROM team_products LIMIT ?",
    "experiments": "SELECT * FROM experiments LIMIT ?",
    "experiment_teams": "SELECT * FROM experiment_teams LIMIT ?",
    "sessions": "SELECT * FROM sessions LIMIT ?",
    "actions": "SELECT * FROM actions LIMIT ?",
    "uploads": "SELECT * FROM uploads LIMIT ?",
    "change_log": "SELECT * FROM change_log LIMIT ?",
    "people": "SELECT * FROM people LIMIT ?",
    "coach_teams": "SELECT * FROM coach_teams LIMIT ?",
    "goal_measures": "SELECT * FROM goal_measures LIMIT ?",
    "check_ins": "SELECT * FROM check_ins LIMIT ?",
}


def table_size(con: Database, table: str) -> int:
    """How many rows one of the app's tables holds."""
    return _scalar(con, TABLE_SIZES[table])


def table_rows(con: Database, table: str, limit: int = 1000) -> pd.DataFrame:
    """The first ``limit`` rows of one of the app's tables, as stored."""
    return _frame(con, TABLE_ROWS[table], [limit])


REFERENCE_IDS = (
    "SELECT team_id FROM teams",
    "SELECT product_id FROM products",
    "SELECT goal_id FROM goals",
)

GOAL_PARENTS = "SELECT goal_id, parent_goal_id FROM goals"

# Only the experiments a file names are looked up: the check must not scan the world.
# The names arrive as the relation named_ids(id) (see _named_frame).
NAMED_EXPERIMENTS = """
SELECT e.experiment_id, e.team_id, e.result = 'validated' AS validated
FROM experiments AS e
WHERE e.experiment_id IN (SELECT n.id FROM named_ids AS n)
"""


NAMED_SESSIONS = """
SELECT s.session_id, s.team_id
FROM sessions AS s
WHERE s.session_id IN (SELECT n.id FROM named_ids AS n)
"""


def _named_frame(
    con: Database, sql: str, ids: Sequence[str] | pa.Array
) -> pd.DataFrame:
    """``sql`` run with ``ids`` as the relation ``named_ids(id)``.

    Not a list parameter: binding a million ids as one took a second.
    """
    cur = con.cursor()
    try:
        cur.register("named_ids", pa.table({"id": pa.array(ids, pa.string())}))
        return cur.execute(sql).df()
    finally:
        cur.close()


def named_sessions(
    con: Database, ids: Sequence[str] | pa.Array
) -> pd.DataFrame:
    """Stored sessions among ``ids``: session_id, team_id."""
    return _named_frame(con, NAMED_SESSIONS, ids)


def reference_ids(con: Database) -> tuple[list[str], list[str], list[str]]:
    """All stored (team_ids, product_ids, goal_ids)."""
    cur = con.cursor()
    try:
        teams, products, goals = ([row[0] for row in cur.execute(sql).fetchall()]
                                  for sql in REFERENCE_IDS)
        return teams, products, goals
    finally:
        cur.close()


def goal_parents(con: Database) -> pd.DataFrame:
    """Every stored goal with its parent goal id."""
    return _frame(con, GOAL_PARENTS)


def named_experiments(
    con: Database, ids: Sequence[str] | pa.Array
) -> pd.DataFrame:
    """Stored experiments among ``ids``: experiment_id, team_id, validated."""
    return _named_frame(con, NAMED_EXPERIMENTS, ids)


UPLOAD_HISTORY = """
SELECT uploaded_at, kind, file_name, team_id, uploaded_by,
       rows_new, rows_changed, rows_unchanged, sha256, upload_id
FROM uploads
WHERE CAST(? AS VARCHAR) IS NULL OR kind = ?
ORDER BY uploaded_at DESC, upload_id DESC
LIMIT ?
"""


def upload_history(
    con: Database, kind: str | None = None, limit: int = 50
) -> pd.DataFrame:
    """The latest uploads, newest first, of one kind of file or all."""
    return _frame(con, UPLOAD_HISTORY, [kind, kind, limit])


# The chain a template's examples name: the team asked for (else the first team whose product
# serves a goal); a product: its own (owned before contributed to), else one of its value
# stream, else any, one serving a goal first; a goal that product serves (contributed to
# before supported); and another team as partner (one on the same product first).
EXAMPLE_CHAIN = """
WITH team AS (
    SELECT t.team_id, t.value_stream
    FROM teams AS t
    WHERE CAST(? AS VARCHAR) IS NULL OR t.team_id = ?
    ORDER BY EXISTS (SELECT 1 FROM team_products AS tp
                     JOIN product_goals AS pg ON pg.product_id = tp.product_id
                     WHERE tp.team_id = t.team_id) DESC, t.team_id
    LIMIT 1
), link AS (
    SELECT p.product_id, pg.goal_id
    FROM products AS p
    CROSS JOIN team
    LEFT JOIN team_products AS tp ON tp.product_id = p.product_id AND tp.team_id = team.team_id
    LEFT JOIN product_goals AS pg ON pg.product_id = p.product_id
    ORDER BY tp.team_id IS NULL, pg.goal_id IS NULL,
             p.value_stream IS NOT DISTINCT FROM team.value_stream DESC,
             tp.role = 'owner' DESC NULLS LAST, pg.link_type = 'contributes' DESC NULLS LAST,
             p.product_id, pg.goal_id
    LIMIT 1
)
SELECT team.team_id, link.product_id, link.goal_id,
       (SELECT o.team_id FROM teams AS o
        WHERE o.team_id <> team.team_id
        ORDER BY EXISTS (SELECT 1 FROM team_products AS tp
                         WHERE tp.team_id = o.team_id
                           AND tp.product_id = link.product_id) DESC, o.team_id
        LIMIT 1) AS partner_team_id
FROM team LEFT JOIN link ON true
"""

EXPERIMENT_IDS_STARTING = """
SELECT experiment_id FROM experiments WHERE starts_with(experiment_id, ?)
"""


def example_chain(con: Database, team_id: str | None = None) -> pd.DataFrame:
    """One row (none without teams): team_id, product_id, goal_id, partner_team_id, the
    organisation's own chain a template's examples name; ``team_id`` None picks one."""
    return _frame(con, EXAMPLE_CHAIN, [team_id, team_id])


def experiment_ids_starting(con: Database, prefix: str) -> list[str]:
    """Every stored experiment_id that starts with ``prefix``."""
    return _frame(con, EXPERIMENT_IDS_STARTING, [prefix])["experiment_id"].tolist()


UPLOAD_COUNT = "SELECT count(*) FROM uploads"


def upload_count(con: Database | Cursor) -> int:
    """How many uploads the database has recorded (the demo's among them)."""
    return int(_scalar(con, UPLOAD_COUNT))

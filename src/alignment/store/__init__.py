"""The write path: stage a checked upload, diff it against the database, upsert it.

Each other write of the app has its module here: ``sessions`` (captured sessions and their
actions), ``live`` (live sessions, cards and votes), ``answers`` (governance answers
discussed), ``value`` (check-ins recorded in the app) and ``people`` (access taken away).

Table and column names in this SQL come only from ``contract.COLUMNS`` (checked by
``_name``); every value travels as a parameter or through the staged Arrow table.
Every function takes a cursor already inside the upload's transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from alignment import access, contract, db, queries, topics
from alignment.access import Person
from alignment.db import Cursor, Database, Sql

KEYS: dict[str, tuple[str, ...]] = {
    "goals": ("goal_id",),
    "products": ("product_id",),
    "product_goals": ("product_id", "goal_id"),
    "teams": ("team_id",),
    "team_products": ("team_id", "product_id"),
    "experiments": ("experiment_id",),
    "sessions": ("session_id",),
    "actions": ("action_id",),
    "people": ("email",),
    "coach_teams": ("email", "team_id"),
    "goal_measures": ("measure_id",),
    "check_ins": ("check_in_id",),
}

LIST_COLUMNS = {"partner_teams", "disciplines"}
STAGE = "incoming"


def _name(identifier: str) -> str:
    """``identifier`` double-quoted, refused unless the contract knows it."""
    known = set(contract.COLUMNS) | {c for cols in contract.COLUMNS.values() for c in cols}
    if identifier not in known:
        raise ValueError(f"not a table or column of the contract: {identifier!r}")
    return '"' + identifier + '"'


def _entity_id(kind: str, alias: str) -> str:
    """SQL for the entity id: the key, or the key columns joined with '|'."""
    parts = [alias + "." + _name(col) for col in KEYS[kind]]
    return parts[0] if len(parts) == 1 else "concat_ws('|', " + ", ".join(parts) + ")"


def _key_join(kind: str) -> str:
    return " AND ".join("t." + _name(c) + " = s." + _name(c) for c in KEYS[kind])


def _values(kind: str) -> list[str]:
    return [c for c in contract.COLUMNS[kind] if c not in KEYS[kind]]


def _as_column(values: pa.ChunkedArray, column: str, target: pa.DataType) -> pa.ChunkedArray:
    """One staged column in the table's type; ``a;b`` text becomes a list, empty text null."""
    if column in LIST_COLUMNS:
        values = values.cast(pa.large_string())
        values = pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)
        values = pc.split_pattern(values, ";")
    return values.cast(target)


def staged(cur: Cursor, kind: str, frame: pd.DataFrame) -> int:
    """Register ``frame`` (typed rows of ``kind``) as the view ``incoming``; returns its rows.

    Works on Arrow columns throughout: at a million rows, Python objects per cell cost
    seconds.
    """
    columns = list(contract.COLUMNS[kind])
    schema = cur.table("SELECT * FROM " + _name(kind) + " LIMIT 0").schema
    table = pa.Table.from_pandas(frame[columns], preserve_index=False)
    staged_table = pa.table({
        column: _as_column(table.column(column), column, schema.field(column).type)
        for column in columns
    })
    cur.register(STAGE, staged_table)
    return len(frame)


# Staged rows diffed against their stored rows per pass: a pass's join holds only its part of
# both sides, so the diff of any file the upload limit admits fits DuckDB's memory cap.
# PostgreSQL spills a join to disk instead, and takes an upload in one pass: it has no
# statistics for a hash of the key, planned a part as a few hundred rows, and joined it by
# nested loops (a 100,000-row upload into an empty database took 450 s, against 5 s).
PART_ROWS = 50_000


def _parts(cur: Cursor, kind: str, aliases: str = "st") -> list[str]:
    """SQL conditions that split the staged rows (alias ``s``), and the stored rows they meet
    (``t``), into passes of about ``PART_ROWS`` staged rows, by a hash of the key so a key
    meets its own part; ``aliases`` names the rows a condition reads."""
    count = _part_count(cur)
    if count == 1:
        return ["true"]
    hashed = [_key_hash(kind, alias) for alias in aliases]
    return [" AND ".join(f"{key_hash} % {count} = {part}" for key_hash in hashed)
            for part in range(count)]


def _part_count(cur: Cursor) -> int:
    """How many passes of about ``PART_ROWS`` staged rows the staged upload takes: one on
    PostgreSQL."""
    if cur.dialect != "duckdb":
        return 1
    rows = cur.execute("SELECT count(*) FROM " + STAGE).fetchone()[0]
    return max(1, -(-rows // PART_ROWS))


def _key_hash(kind: str, alias: str) -> str:
    """DuckDB's SQL for a non-negative hash of a row's key, the same for a staged and a stored
    row."""
    keys = ", ".join(alias + "." + _name(c) for c in KEYS[kind])
    return f"hash({keys})"


def change_counts(cur: Cursor, kind: str) -> tuple[int, int, int]:
    """(new, changed, unchanged) rows of the staged upload against the stored table."""
    new = cur.execute("SELECT count(*) FROM (" + _new_ids_sql(kind) + ") AS n").fetchone()[0]
    changed = unchanged = 0
    for part in _parts(cur, kind):
        sql = (
            "SELECT count(*) FILTER (WHERE " + _any_changed(kind, "s", "t") + "),"
            " count(*) FILTER (WHERE NOT (" + _any_changed(kind, "s", "t") + "))"
            " FROM " + STAGE + " AS s JOIN " + _name(kind) + " AS t ON " + _key_join(kind) +
            " WHERE " + part
        )
        part_changed, part_unchanged = cur.execute(sql).fetchone()
        changed, unchanged = changed + int(part_changed), unchanged + int(part_unchanged)
    return int(new), changed, unchanged


def _any_changed(kind: str, new: str, old: str) -> str:
    """SQL true when any non-key column differs; a kind that is all key (a link) never changes."""
    columns = _values(kind)
    if not columns:
        return "false"
    return " OR ".join(
        new + "." + _name(c) + " IS DISTINCT FROM " + old + "." + _name(c) for c in columns
    )


def _field_changes_sql(kind: str, dialect: str, part: str = "true") -> str:
    """SQL for one row per changed field of a stored row in ``part`` (a `_parts` condition):
    entity_id, field, old and new value.

    One join of the staged rows with the table, each joined row unnested into its changed
    fields: a join per column (a union of 24) ran out of a 384 MB cap at 200,000 rows.
    """
    if not _values(kind):  # nothing but the key: a row is new or unchanged
        return ("SELECT CAST(NULL AS VARCHAR) AS entity_id, CAST(NULL AS VARCHAR) AS field,"
                " CAST(NULL AS VARCHAR) AS old_value, CAST(NULL AS VARCHAR) AS new_value"
                " WHERE false")
    if dialect == "postgres":
        return _field_changes_postgres(kind, part)
    fields = ", ".join(
        "CASE WHEN s." + _name(c) + " IS DISTINCT FROM t." + _name(c) + " THEN struct_pack("
        "field := '" + c + "', old_value := CAST(t." + _name(c) + " AS VARCHAR),"
        " new_value := CAST(s." + _name(c) + " AS VARCHAR)) END"
        for c in _values(kind)
    )
    return (
        "SELECT entity_id, change.field AS field, change.old_value AS old_value,"
        " change.new_value AS new_value FROM ("
        " SELECT " + _entity_id(kind, "s") + " AS entity_id,"
        " unnest(list_filter([" + fields + "], lambda f: f IS NOT NULL)) AS change"
        " FROM " + STAGE + " AS s JOIN " + _name(kind) + " AS t ON " + _key_join(kind) +
        " WHERE (" + _any_changed(kind, "s", "t") + ") AND " + part + ") AS changed"
    )


def _field_changes_postgres(kind: str, part: str) -> str:
    """``_field_changes_sql`` for PostgreSQL: each joined row's fields as a lateral list, the
    values written as DuckDB writes them, so the change log reads the same on both."""
    fields = ", ".join(
        "('" + c + "', " + _logged_text(kind, c, "t") + ", " + _logged_text(kind, c, "s")
        + ", s." + _name(c) + " IS DISTINCT FROM t." + _name(c) + ")"
        for c in _values(kind)
    )
    return (
        "SELECT " + _entity_id(kind, "s") + " AS entity_id, change.field, change.old_value,"
        " change.new_value"
        " FROM " + STAGE + " AS s JOIN " + _name(kind) + " AS t ON " + _key_join(kind) +
        " CROSS JOIN LATERAL (VALUES " + fields + ")"
        " AS change(field, old_value, new_value, differs)"
        " WHERE change.differs AND (" + _any_changed(kind, "s", "t") + ") AND " + part
    )


_DOUBLES = {"explore_target_pct", "weight", "allocation_pct", "baseline", "target", "observed",
            "safety", "ownership", "collaboration"}


def _logged_text(kind: str, column: str, alias: str) -> str:
    """PostgreSQL SQL for a value as DuckDB's CAST to VARCHAR writes it: ``[a, b]`` for a
    list, ``2.0`` for a whole number."""
    value = alias + "." + _name(column)
    if column in LIST_COLUMNS:
        return "'[' || array_to_string(" + value + ", ', ') || ']'"
    if column in _DOUBLES or (kind == "sessions" and column == "energy"):
        return ("CASE WHEN " + value + " = trunc(" + value + ") AND abs(" + value + ") < 1e16"
                " THEN CAST(CAST(" + value + " AS BIGINT) AS VARCHAR) || '.0'"
                " ELSE CAST(" + value + " AS VARCHAR) END")
    return "CAST(" + value + " AS VARCHAR)"


def field_changes(cur: Cursor, kind: str, limit: int = 1000) -> pd.DataFrame:
    """The first ``limit`` changed fields of existing rows, by entity_id and field:
    entity_id, field, old_value, new_value."""
    sql_end = ") AS changes ORDER BY entity_id, field LIMIT ?"
    found = [
        cur.execute("SELECT * FROM (" + _field_changes_sql(kind, cur.dialect, part) + sql_end,
                    [limit]).df()
        for part in _parts(cur, kind)
    ]
    changes = pd.concat(found, ignore_index=True) if len(found) > 1 else found[0]
    return changes.sort_values(["entity_id", "field"]).head(limit).reset_index(drop=True)


def _new_ids_sql(kind: str) -> str:
    return (
        "SELECT " + _entity_id(kind, "s") + " AS entity_id FROM " + STAGE + " AS s"
        " LEFT JOIN " + _name(kind) + " AS t ON " + _key_join(kind) +
        " WHERE t." + _name(KEYS[kind][0]) + " IS NULL"
    )


def upload_id(now: dt.datetime) -> str:
    """A new upload id that sorts by time, e.g. ``U-20261127-101500-3f2a9c``."""
    return "U-" + now.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]


def logged_changes(
    cur: Cursor, kind: str, upload: str, user: str, now: dt.datetime
) -> None:
    """Write one change_log row per changed field and one ``(created)`` row per new entity."""
    for part in _parts(cur, kind):
        cur.execute(
            "INSERT INTO change_log SELECT CAST(? AS VARCHAR), entity_id, field, old_value,"
            " new_value, CAST(? AS TIMESTAMP), CAST(? AS VARCHAR), CAST(? AS VARCHAR)"
            " FROM (" + _field_changes_sql(kind, cur.dialect, part) + ") AS changes",
            [kind, now, user, upload],
        )
    cur.execute(
        "INSERT INTO change_log SELECT CAST(? AS VARCHAR), entity_id, '(created)', NULL, NULL,"
        " CAST(? AS TIMESTAMP), CAST(? AS VARCHAR), CAST(? AS VARCHAR)"
        " FROM (" + _new_ids_sql(kind) + ") AS created",
        [kind, now, user, upload],
    )


def upserted(cur: Cursor, kind: str) -> None:
    """Insert new rows and replace changed ones; unchanged rows are not touched."""
    # Not MERGE … WHEN MATCHED THEN UPDATE: at a million staged rows DuckDB's MERGE with an
    # update branch took 8 s into an empty table and ran out of its memory cap on a file with
    # changes; replacing the changed rows and appending the new ones does the same in ~1 s.
    if _values(kind):
        cur.execute(
            "DELETE FROM " + _name(kind) + " AS t USING " + STAGE + " AS s WHERE "
            + _key_join(kind) + " AND (" + _any_changed(kind, "t", "s") + ")"
        )
    columns = ", ".join(_name(c) for c in contract.COLUMNS[kind])
    staged_columns = ", ".join("s." + _name(c) for c in contract.COLUMNS[kind])
    cur.execute(
        "INSERT INTO " + _name(kind) + " (" + columns + ") SELECT " + staged_columns
        + " FROM " + STAGE + " AS s WHERE NOT EXISTS (SELECT 1 FROM " + _name(kind) + " AS t"
        " WHERE " + _key_join(kind) + ")"
    )


# The lead/partner rows each staged experiment should have.
_WANTED_TEAMS = (
    "SELECT experiment_id, team_id, 'lead' AS role FROM " + STAGE + " "
    "UNION "
    "SELECT experiment_id, unnest(partner_teams) AS team_id, 'partner' AS role FROM " + STAGE
    + " WHERE partner_teams IS NOT NULL"
)


def rebuilt_experiment_teams(cur: Cursor) -> None:
    """Make the lead/partner rows of every staged experiment those of team_id + partner_teams."""
    # Only the rows that differ are written: deleting and re-adding every row of a 100k-row
    # upload made its commit take 4 s in the key index, even when only titles changed.
    cur.execute(
        "DELETE FROM experiment_teams AS t"
        " WHERE t.experiment_id IN (SELECT experiment_id FROM " + STAGE + ")"
        " AND NOT EXISTS (SELECT 1 FROM (" + _WANTED_TEAMS + ") AS w"
        " WHERE w.experiment_id = t.experiment_id AND w.team_id = t.team_id"
        " AND w.role = t.role)"
    )
    cur.execute(
        "INSERT INTO experiment_teams SELECT w.* FROM (" + _WANTED_TEAMS + ") AS w"
        " WHERE NOT EXISTS (SELECT 1 FROM experiment_teams AS t"
        " WHERE t.experiment_id = w.experiment_id AND t.team_id = w.team_id"
        " AND t.role = w.role)"
    )


# Whether an experiment's disciplines hold two different ones, per dialect.
_CROSS_DISCIPLINE = Sql(
    duckdb="coalesce(len(list_distinct(e.disciplines)), 0) >= 2",
    postgres="(SELECT count(DISTINCT d) FROM unnest(e.disciplines) AS d) >= 2",
)


def experiment_facts_sql(dialect: str, ids_source: str | None = None) -> str:
    """The one definition of the per-experiment facts the leader views filter and count by
    (experiment_id, value_stream, team_count, cross_discipline): of every experiment, or of
    those whose ids ``ids_source`` (a table, view or aliased subquery with experiment_id) holds.

    Restricting the inputs to an upload's ids first costs a quarter of recomputing every
    experiment's facts at a million experiments.
    """
    chosen = ("" if ids_source is None else
              "\n    WHERE experiment_id IN (SELECT experiment_id FROM " + ids_source + ")")
    return f"""
WITH
experiments_ AS (
    SELECT experiment_id, team_id, product_id, disciplines
    FROM experiments{chosen}
),
team_counts AS (
    SELECT experiment_id, count(*) AS team_count
    FROM experiment_teams{chosen}
    GROUP BY experiment_id
),
final AS (
    -- A stream holds the experiments on its products; one without a known product
    -- belongs to its lead team's stream.
    SELECT
        e.experiment_id,
        coalesce(pr.value_stream, lead.value_stream) AS value_stream,
        CAST(coalesce(tc.team_count, 1) AS INTEGER) AS team_count,
        {_CROSS_DISCIPLINE.text(dialect)} AS cross_discipline
    FROM experiments_ AS e
    LEFT JOIN products AS pr ON pr.product_id = e.product_id
    LEFT JOIN teams AS lead ON lead.team_id = e.team_id
    LEFT JOIN team_counts AS tc ON tc.experiment_id = e.experiment_id
)
SELECT * FROM final"""


# Reference kinds whose rows every experiment's facts may depend on (its stream).
WHOLE_ROLLUP_KINDS = frozenset({"products", "teams"})
# Kinds whose rows the Coach overview's summaries are derived from: an upload refreshes the
# teams its rows belonged to and belong to now.
SESSION_ROLLUP_KINDS = frozenset({"sessions", "actions"})


def staged_id_parts(cur: Cursor) -> list[str]:
    """The staged experiments' ids as sources of about ``PART_ROWS`` ids each (the staged
    view itself, or aliased subqueries split by a hash of the key).

    What is derived from an upload (facts, rollups) is computed a part at a time: its joins
    then hold a part of the upload, not all of it, so a million-row upload stays inside
    DuckDB's memory cap beside the experiments' key index, which it cannot spill.
    """
    parts = _parts(cur, "experiments", aliases="s")
    if parts == ["true"]:
        return [STAGE]
    return [f"(SELECT s.experiment_id FROM {STAGE} AS s WHERE {part}) AS part"
            for part in parts]


def refreshed_rollups(cur: Cursor, *, staged_only: bool = False) -> None:
    """Recompute ``experiment_facts`` (`experiment_facts_sql`) and add the rollups' rows
    (`alignment.store.rollups`): all, or those of the staged experiments.

    An experiments upload passes ``staged_only=True`` so it touches only its own rows, after
    `store_rollups.added` subtracted their old rows; a products or teams upload can move any
    experiment to another stream, so it recomputes them all (rare: reference data).
    """
    # imported on use: `python -m alignment.store.rollups` runs that module as the main one
    from alignment.store import rollups as store_rollups

    if not staged_only:
        cur.execute("DELETE FROM experiment_facts")
        cur.execute("INSERT INTO experiment_facts " + experiment_facts_sql(cur.dialect))
        store_rollups.rebuilt(cur)
        return
    for part in staged_id_parts(cur):
        cur.execute("DELETE FROM experiment_facts WHERE experiment_id IN"
                    " (SELECT experiment_id FROM " + part + ")")
        cur.execute("INSERT INTO experiment_facts " + experiment_facts_sql(cur.dialect, part))
        store_rollups.added(cur, part, 1)


def merged(cur: Cursor, kind: str) -> None:
    """Upsert the staged rows of ``kind`` and rebuild what is derived from them."""
    # imported on use: `python -m alignment.store.rollups` runs that module as the main one
    from alignment.store import rollups as store_rollups
    from alignment.store import session_rollups

    if kind == "experiments":
        for part in staged_id_parts(cur):  # the staged experiments' rows as stored until now
            store_rollups.added(cur, part, -1)
        # and those of the experiments they adopt, which count them (their spread)
        adopted = store_rollups.adopted_sources(cur, STAGE)
        store_rollups.added(cur, adopted, -1)
    # the teams the staged sessions or actions belonged to until now, and belong to
    teams = (session_rollups.upload_teams(cur, kind) if kind in SESSION_ROLLUP_KINDS else [])
    upserted(cur, kind)
    if kind == "experiments":
        rebuilt_experiment_teams(cur)
        refreshed_rollups(cur, staged_only=True)
        store_rollups.added(cur, adopted, 1)
        cur.execute("DROP TABLE " + adopted)
    elif kind in WHOLE_ROLLUP_KINDS:
        refreshed_rollups(cur)
    elif kind in SESSION_ROLLUP_KINDS:
        session_rollups.refreshed_teams(cur, teams)


def recorded_upload(
    cur: Cursor,
    *,
    upload: str,
    kind: str,
    team_id: str | None,
    file_name: str,
    sha256: str,
    now: dt.datetime,
    user: str,
    counts: tuple[int, int, int],
) -> None:
    """Write the ``uploads`` row of one upload."""
    cur.execute(
        "INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [upload, kind, team_id, file_name, sha256, now, user, *counts],
    )


DECISION_FIELDS = ("decision", "decision_scope", "decision_date", "decision_rationale")
DECIDED = "decided_experiment"  # the experiment a decision is recorded on, for the rollups


def recorded_decision(
    cur: Cursor,
    experiment_id: str,
    decision: str,
    scope: str,
    decided_on: dt.date,
    rationale: str,
    actor: Person,
    now: dt.datetime,
) -> list[str]:
    """Set an experiment's governance decision and log each changed field; returns those fields.

    The inside of `saved_decision`'s transaction: an ``actor`` who may not decide
    (``PermissionError``), an unknown experiment, or a value the schema refuses (an unknown
    decision, a date before the end) raises and the transaction writes nothing.
    """
    # imported on use: `python -m alignment.store.rollups` runs that module as the main one
    from alignment.store import rollups as store_rollups

    if not access.may_record_decision(actor):
        raise PermissionError(f"a {actor.role} may not record decisions")
    user = actor.email
    old = cur.execute(
        "SELECT CAST(decision AS VARCHAR), CAST(decision_scope AS VARCHAR),"
        " CAST(decision_date AS VARCHAR), decision_rationale"
        " FROM experiments WHERE experiment_id = ?",
        [experiment_id],
    ).fetchall()
    if not old:
        raise KeyError(f"no experiment {experiment_id!r}")
    new = (decision, scope, decided_on.isoformat(), rationale)
    changed = [(field, before, after)
               for field, before, after in zip(DECISION_FIELDS, old[0], new, strict=True)
               if before != after]
    if not changed:
        return []
    # the rollups count the decision (the Learning flow's): its experiment's rows follow it in
    # the sources that read it
    cur.register(DECIDED, pa.table({"experiment_id": pa.array([experiment_id], pa.string())}))
    store_rollups.added(cur, DECIDED, -1, store_rollups.DECIDED_SOURCES)
    cur.execute(
        "UPDATE experiments SET decision = ?, decision_scope = ?, decision_date = ?,"
        " decision_rationale = ? WHERE experiment_id = ?",
        [decision, scope, decided_on, rationale, experiment_id],
    )
    store_rollups.added(cur, DECIDED, 1, store_rollups.DECIDED_SOURCES)
    cur.executemany(
        "INSERT INTO change_log VALUES ('experiments', ?, ?, ?, ?, ?, ?, NULL)",
        [[experiment_id, field, before, after, now, user] for field, before, after in changed],
    )
    return [field for field, _, _ in changed]


def saved_decision(
    con: Database,
    experiment_id: str,
    decision: str,
    scope: str,
    decided_on: dt.date,
    rationale: str,
    actor: Person,
    now: dt.datetime,
) -> list[str]:
    """The fields of an experiment's governance decision that changed, written in one
    transaction with their change-log rows (`recorded_decision`)."""
    return db.written(con, lambda cur: recorded_decision(
        cur, experiment_id, decision, scope, decided_on, rationale, actor, now),
        touches=lambda cur, _: topics.touched(
            topics.DECISIONS, streams=queries.experiment_streams(cur, experiment_id)))


# ----------------------------------------------------------------------------- preview and checks


def stored_texts(
    cur: Cursor, kind: str, keys: pa.Table, columns: Sequence[str]
) -> pa.Table:
    """The stored ``columns`` of the rows ``keys`` name, as text, in ``keys``' order.

    ``keys`` holds the kind's key columns (text); a key with no stored row gives nulls. Lists
    are written ``a;b``, dates ``YYYY-MM-DD``, flags ``true``/``false``: as a file writes them.
    """
    schema = cur.table("SELECT * FROM " + _name(kind) + " LIMIT 0").schema
    cells = ", ".join(_as_text("t." + _name(c), schema.field(c).type) + " AS " + _name(c)
                      for c in columns)
    cur.register("file_keys", keys.append_column("file_position", pa.array(
        range(keys.num_rows), pa.int64())))
    try:
        join = " AND ".join("t." + _name(c) + " = f." + _name(c) for c in KEYS[kind])
        return cur.table(
            "SELECT " + cells + " FROM file_keys AS f LEFT JOIN " + _name(kind) + " AS t ON "
            + join + " ORDER BY f.file_position"
        )
    finally:
        cur.unregister("file_keys")


def _as_text(column: str, stored: pa.DataType) -> str:
    if pa.types.is_list(stored) or pa.types.is_large_list(stored):
        return "array_to_string(" + column + ", ';')"
    return "CAST(" + column + " AS VARCHAR)"


def new_rows(cur: Cursor, kind: str, limit: int) -> pd.DataFrame:
    """The first ``limit`` staged rows that are not stored yet, as they will be written."""
    order = ", ".join("s." + _name(c) for c in KEYS[kind])
    return cur.execute(
        "SELECT s.* FROM " + STAGE + " AS s WHERE NOT EXISTS (SELECT 1 FROM " + _name(kind)
        + " AS t WHERE " + _key_join(kind) + ") ORDER BY " + order + " LIMIT ?", [limit]
    ).df()


def cleared_fields(cur: Cursor, kind: str) -> dict[str, int]:
    """Per field, how many stored values the staged upload empties (fields it empties none of
    are left out)."""
    columns = _values(kind)
    if not columns:
        return {}
    counts = cur.execute(
        "SELECT " + ", ".join(
            "count(*) FILTER (WHERE s." + _name(c) + " IS NULL AND t." + _name(c)
            + " IS NOT NULL)"
            for c in columns)
        + " FROM " + STAGE + " AS s JOIN " + _name(kind) + " AS t ON " + _key_join(kind)
    ).fetchone()
    return {column: int(count) for column, count in zip(columns, counts, strict=True) if count}


def written_ids(cur: Cursor, kind: str, limit: int) -> list[str]:
    """The first ``limit`` entity ids the staged upload adds or changes (before it is merged)."""
    return [row[0] for row in cur.execute(
        "SELECT " + _entity_id(kind, "s") + " FROM " + STAGE + " AS s LEFT JOIN "
        + _name(kind) + " AS t ON " + _key_join(kind) + " WHERE t." + _name(KEYS[kind][0])
        + " IS NULL OR " + _any_changed(kind, "s", "t") + " ORDER BY 1 LIMIT ?", [limit]
    ).fetchall()]


def stored_fingerprint(cur: Cursor, kind: str) -> str:
    """A fingerprint of the stored rows the staged upload names: it changes when any of them
    is added, changed or removed, so a commit can tell whether its preview still holds."""
    cells = ", ".join("t." + _name(c) for c in contract.COLUMNS[kind])
    hashed = (f"hash({cells})" if cur.dialect == "duckdb"
              else f"hashtextextended(CAST(ROW({cells}) AS VARCHAR), 0)")
    count, total = cur.execute(
        "SELECT count(*), CAST(coalesce(sum(" + hashed + "), 0) AS VARCHAR) FROM "
        + _name(kind) + " AS t WHERE EXISTS (SELECT 1 FROM " + STAGE + " AS s WHERE "
        + _key_join(kind) + ")"
    ).fetchone()
    return f"{count}:{total}"


def decisions_above_team(cur: Cursor) -> pd.DataFrame:
    """Staged experiments whose decision differs from the stored one where either decision is
    taken above team scope: experiment_id, stored_scope, new_scope."""
    above = [scope for scope in contract.DECISION_SCOPES if scope != "team"]
    differs = " OR ".join("s." + _name(f) + " IS DISTINCT FROM t." + _name(f)
                          for f in DECISION_FIELDS)
    marks = ", ".join("?" for _ in above)
    return cur.execute(
        "SELECT s.experiment_id, t.decision_scope AS stored_scope, s.decision_scope AS new_scope"
        " FROM " + STAGE + " AS s LEFT JOIN experiments AS t ON " + _key_join("experiments")
        + " WHERE (" + differs + ") AND (t.decision_scope IN (" + marks + ")"
        " OR s.decision_scope IN (" + marks + ")) ORDER BY s.experiment_id",
        [*above, *above],
    ).df()

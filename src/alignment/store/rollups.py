"""The rollups the leader figures read: views of experiments (``experiment_days``, migration 10)
counted per month.

Derived, never the truth: every write that changes an experiment, or what its facts come
from, keeps them in its own transaction, and ``python -m alignment.store.rollups rebuild``
recomputes them from the raw rows. Table and column names here are constants.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from alignment import db
from alignment.db import Cursor


@dataclass(frozen=True)
class Rollup:
    """What a rollup counts: ``source`` (a view with experiment_id, the dimensions, month and
    kind; one or more rows per experiment) counted by its ``dimensions``, month and kind."""

    source: str
    dimensions: tuple[str, ...]

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The columns a row of the rollup is one of: its dimensions, month and kind."""
        return (*self.dimensions, "month", "kind")

    @property
    def keys(self) -> str:
        """The rollup's key columns, comma-separated."""
        return ", ".join(self.key_columns)


# Every rollup by its table.
ROLLUPS: dict[str, Rollup] = {
    "rollup_collaboration": Rollup("experiment_days",
                                   ("value_stream", "cross_team", "cross_discipline")),
    "rollup_product_lens": Rollup("experiment_days", ("product_id", "lean_lens", "status")),
    "rollup_team_work": Rollup("experiment_days", ("team_id", "product_id", "status")),
    # the Learning flow's funnel, debt, lead times and decisions (migration 12)
    "rollup_learning": Rollup("learning_events",
                              ("value_stream", "status", "started", "ended", "decision_scope",
                               "lead_days", "known_month", "over_month", "open_month",
                               "decided_month")),
    # per quarter: its month is the quarter's first (migration 13 says why)
    "rollup_team_participation": Rollup("experiment_team_quarters",
                                        ("team_id", "value_stream", "cross_team")),
}


# The rows of a write's experiments in one rollup source, gathered once for every rollup
# that counts it.
_DAYS = "rollup_days"


def _counted_sql(rollup: Rollup, rows: str) -> str:
    """SQL for ``rollup``'s rows counted from ``rows`` (its source, or rows of it)."""
    return ("SELECT " + rollup.keys + ", count(*) AS n FROM " + rows
            + " GROUP BY " + rollup.keys)


def added(cur: Cursor, ids_source: str, sign: int) -> None:
    """Add (``sign`` 1) or subtract (-1) the rows of the experiments ``ids_source`` names (a
    table, a view or an aliased subquery with experiment_id), as they stand now, to every
    rollup; counts that reach zero go.

    The counts update the rows they meet and insert the others: DuckDB's rollups keep no key
    (migration 14), so there is no ON CONFLICT to lean on. Each source's rows of the write
    are gathered once, then counted per rollup from that small table.
    """
    for source in dict.fromkeys(rollup.source for rollup in ROLLUPS.values()):
        cur.execute(
            "CREATE TEMPORARY TABLE " + _DAYS + " AS SELECT * FROM " + source
            + " WHERE experiment_id IN (SELECT experiment_id FROM " + ids_source + ")"
        )
        for table, rollup in ROLLUPS.items():
            if rollup.source != source:
                continue
            counted = "(" + _counted_sql(rollup, _DAYS) + ") AS d"
            match = " AND ".join(f"r.{key} = d.{key}" for key in rollup.key_columns)
            cur.execute("UPDATE " + table + " AS r SET n = r.n + CAST(? AS BIGINT) * d.n"
                        " FROM " + counted + " WHERE " + match, [sign])
            cur.execute(
                "INSERT INTO " + table + " (" + rollup.keys + ", n)"
                " SELECT " + ", ".join("d." + key for key in rollup.key_columns)
                + ", CAST(? AS BIGINT) * d.n FROM " + counted
                + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " AS r WHERE " + match + ")",
                [sign],
            )
            cur.execute("DELETE FROM " + table + " WHERE n = 0")
        cur.execute("DROP TABLE " + _DAYS)


def rebuilt(cur: Cursor) -> None:
    """Recompute every rollup from the raw rows (through the kept experiment facts), in month
    order: DuckDB's zone maps then let a read of some months skip the others."""
    for table, rollup in ROLLUPS.items():
        cur.execute("DELETE FROM " + table)
        cur.execute("INSERT INTO " + table + " (" + rollup.keys + ", n) "
                    + _counted_sql(rollup, rollup.source) + " ORDER BY month")


def main(argv: list[str] | None = None) -> None:
    """``rebuild``: recompute the facts and rollups of the app's database in one write."""
    from alignment import store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["rebuild"])
    parser.parse_args(argv)
    target = db.database_target()
    database = db.connect(target)
    try:
        db.written(database, store.refreshed_rollups)
    finally:
        database.close()
    print("rollups rebuilt: " + db.shown_name(target))


if __name__ == "__main__":
    main()

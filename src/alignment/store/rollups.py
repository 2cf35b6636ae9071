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
    def keys(self) -> str:
        """The rollup's key columns, comma-separated."""
        return ", ".join((*self.dimensions, "month", "kind"))


# Every rollup by its table.
ROLLUPS: dict[str, Rollup] = {
    "rollup_collaboration": Rollup("experiment_days",
                                   ("value_stream", "cross_team", "cross_discipline")),
    "rollup_product_lens": Rollup("experiment_days", ("product_id", "lean_lens", "status")),
    "rollup_team_work": Rollup("experiment_days", ("team_id", "product_id", "status")),
}


def _counted_sql(table: str, ids_source: str | None) -> str:
    """SQL for ``table``'s rows counted from its source: of every experiment, or of the
    experiments whose ids ``ids_source`` (a table or view with experiment_id) holds."""
    rollup = ROLLUPS[table]
    where = ("" if ids_source is None else
             " WHERE experiment_id IN (SELECT experiment_id FROM " + ids_source + ")")
    return ("SELECT " + rollup.keys + ", count(*) AS n FROM " + rollup.source + where
            + " GROUP BY " + rollup.keys)


def added(cur: Cursor, ids_source: str, sign: int) -> None:
    """Add (``sign`` 1) or subtract (-1) the rows of the experiments ``ids_source`` names, as
    they stand now, to every rollup; counts that reach zero go."""
    for table, rollup in ROLLUPS.items():
        keys = rollup.keys
        cur.execute(
            "INSERT INTO " + table + " (" + keys + ", n)"
            " SELECT " + keys + ", CAST(? AS BIGINT) * n FROM ("
            + _counted_sql(table, ids_source) + ") AS counted"
            " ON CONFLICT (" + keys + ") DO UPDATE SET n = " + table + ".n + excluded.n",
            [sign],
        )
        cur.execute("DELETE FROM " + table + " WHERE n = 0")


def rebuilt(cur: Cursor) -> None:
    """Recompute every rollup from the raw rows (through the kept experiment facts)."""
    for table in ROLLUPS:
        cur.execute("DELETE FROM " + table)
        cur.execute("INSERT INTO " + table + " " + _counted_sql(table, None))


def main(argv: list[str] | None = None) -> None:
    """``rebuild``: recompute the facts and rollups of the app's database in one write."""
    from alignment import store
    from alignment.store import session_rollups

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["rebuild"])
    parser.parse_args(argv)
    target = db.database_target()
    database = db.connect(target)
    try:
        db.written(database, lambda cur: (store.refreshed_rollups(cur),
                                          session_rollups.rebuilt(cur)))
    finally:
        database.close()
    print("rollups rebuilt: " + db.shown_name(target))


if __name__ == "__main__":
    main()

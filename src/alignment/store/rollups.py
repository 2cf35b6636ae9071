"""The rollups the leader figures read: rows per experiment (``SOURCES``) counted per month.

Derived, never the truth: every write that changes an experiment, or what its facts come
from, keeps them in its own transaction, and ``python -m alignment.store.rollups rebuild``
recomputes them from the raw rows. Table and column names here are constants.

Each source is defined once, here, over the raw tables it reads, so a write counts the rows
of its own experiments from those experiments' raw rows: read through a view, DuckDB built
the rows of every experiment before it kept the write's (600 ms against 60 ms for one team's
upload at a million experiments). Migrations 10, 12 and 13 explain each source's rows; they
were views until migration 16.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass

from alignment import db
from alignment.db import Cursor

# Each source: experiment_id, the dimensions its rollups count by, month and kind; one or more
# rows per experiment. {experiments}, {experiment_facts} and {experiment_teams} stand for those
# tables, whole or kept to a write's experiments; {experiment_days} for that source.
SOURCES: dict[str, str] = {
    # a 'start' row on an experiment's start day and, unless it is running, an 'end' row on
    # its last day (migration 10)
    "experiment_days": """WITH
dated AS (
    SELECT e.experiment_id, e.team_id, coalesce(e.product_id, '') AS product_id,
           e.lean_lens, e.status, e.start_date,
           coalesce(e.end_date, e.start_date) AS last_day,
           coalesce(f.value_stream, '') AS value_stream,
           f.team_count >= 2 AS cross_team, f.cross_discipline
    FROM {experiments} AS e
    JOIN {experiment_facts} AS f ON f.experiment_id = e.experiment_id
    WHERE e.start_date IS NOT NULL
),
final AS (
    SELECT experiment_id, value_stream, cross_team, cross_discipline, team_id, product_id,
           lean_lens, status, 'start' AS kind, start_date AS day,
           CAST(date_trunc('month', start_date) AS DATE) AS month
    FROM dated
    UNION ALL
    SELECT experiment_id, value_stream, cross_team, cross_discipline, team_id, product_id,
           lean_lens, status, 'end' AS kind, last_day AS day,
           CAST(date_trunc('month', last_day) AS DATE) AS month
    FROM dated
    WHERE status <> 'running'
)
SELECT * FROM final""",
    # the Learning flow's stages, decisions and lead times (migration 12)
    "learning_events": """WITH
dated AS (
    SELECT e.experiment_id, coalesce(f.value_stream, '') AS value_stream, e.status,
           e.start_date IS NOT NULL AND e.status <> 'idea' AS started,
           e.end_date IS NOT NULL AS ended,
           coalesce(e.start_date, DATE '1900-01-01') AS known_day,
           CASE WHEN e.status IN ('done', 'stopped') THEN coalesce(e.end_date, DATE '1900-01-01')
                ELSE DATE '1900-01-01' END AS over_day,
           CASE WHEN e.status IN ('done', 'stopped') AND e.start_date IS NOT NULL
                THEN coalesce(e.end_date, e.start_date)
                ELSE DATE '9999-12-01' END AS open_day,
           CASE WHEN e.status = 'done' AND e.decision IS NOT NULL
                THEN coalesce(e.decision_date, DATE '1900-01-01')
                ELSE DATE '9999-12-01' END AS decided_day,
           e.decision, e.decision_date, e.decision_scope, e.end_date
    FROM {experiments} AS e
    JOIN {experiment_facts} AS f ON f.experiment_id = e.experiment_id
),
events AS (
    SELECT experiment_id, value_stream, 'stage' AS kind, status, started, ended,
           '' AS decision_scope, -1 AS lead_days, known_day AS day, known_day, over_day,
           open_day, decided_day
    FROM dated
    UNION ALL
    SELECT experiment_id, value_stream, 'decision' AS kind, '' AS status, false, false,
           coalesce(decision_scope, 'unspecified'), -1, decision_date, known_day,
           DATE '1900-01-01', DATE '9999-12-01', DATE '9999-12-01'
    FROM dated
    WHERE decision IS NOT NULL AND decision_date IS NOT NULL
    UNION ALL
    SELECT experiment_id, value_stream, 'lead' AS kind, '' AS status, false, false, '',
           CAST(decision_date - end_date AS INTEGER), decision_date, DATE '1900-01-01',
           DATE '1900-01-01', DATE '9999-12-01', DATE '9999-12-01'
    FROM dated
    WHERE status = 'done' AND ended AND decision IS NOT NULL AND decision_date IS NOT NULL
),
final AS (
    SELECT *, CAST(date_trunc('month', day) AS DATE) AS month,
           CAST(date_trunc('month', known_day) AS DATE) AS known_month,
           CAST(date_trunc('month', over_day) AS DATE) AS over_month,
           CAST(date_trunc('month', open_day) AS DATE) AS open_month,
           CAST(date_trunc('month', decided_day) AS DATE) AS decided_month
    FROM events
)
SELECT * FROM final""",
    # each finished experiment on its end's month: placed, in the corner, a weak spread's
    # decision month (migration 18)
    "finished_outcomes": """SELECT e.experiment_id, coalesce(f.value_stream, '') AS value_stream,
       e.team_id, coalesce(e.product_id, '') AS product_id,
       coalesce(e.energy IS NOT NULL AND e.target <> e.baseline AND e.observed IS NOT NULL,
                false) AS placed,
       coalesce(e.energy >= 4 AND CASE WHEN e.target <> e.baseline
                THEN (e.observed - e.baseline) / (e.target - e.baseline) END >= 1.0,
                false) AS better_and_energy,
       CASE WHEN e.evidence_strength = 'weak' AND e.decision IN ('spread', 'scale')
            THEN CAST(date_trunc('month', coalesce(e.decision_date, DATE '1900-01-01')) AS DATE)
            ELSE DATE '9999-12-01' END AS weak_month,
       CAST(date_trunc('month', e.end_date) AS DATE) AS month, 'end' AS kind
FROM {experiments} AS e
JOIN {experiment_facts} AS f ON f.experiment_id = e.experiment_id
WHERE e.status = 'done' AND e.end_date IS NOT NULL""",
    # each validated experiment on its end's month with its adoptions started within 90
    # days of its end (migration 18): the adopters are read from every experiment, so a
    # write keeps the rows of the experiments its own adopt (``adopted_sources``)
    # A join, not a count per row: PostgreSQL ran that count as a scan of every experiment
    # for each validated one, and a 100,000-row upload did not finish in fifteen minutes.
    "validated_adoptions": """WITH
validated AS (
    SELECT r.experiment_id, coalesce(f.value_stream, '') AS value_stream, r.end_date
    FROM {experiments} AS r
    JOIN {experiment_facts} AS f ON f.experiment_id = r.experiment_id
    WHERE r.status = 'done' AND r.result = 'validated' AND r.end_date IS NOT NULL
),
final AS (
    SELECT v.experiment_id, v.value_stream,
           CAST(count(a.experiment_id) AS INTEGER) AS adoptions,
           CAST(date_trunc('month', v.end_date) AS DATE) AS month, 'end' AS kind
    FROM validated AS v
    LEFT JOIN experiments AS a
        ON a.source_experiment_id = v.experiment_id AND a.start_date <= v.end_date + 90
    GROUP BY v.experiment_id, v.value_stream, v.end_date
)
SELECT * FROM final""",
    # the Experiments page's filters: a 'start' row on an experiment's start day (without one,
    # always already) and, when done or stopped with a start, an 'end' row on its last day
    # (migration 20)
    "experiment_filters": """WITH
dated AS (
    SELECT e.experiment_id, coalesce(f.value_stream, '') AS value_stream, e.status,
           e.lean_lens, coalesce(e.result, '') AS result, e.decision IS NOT NULL AS decided,
           coalesce(e.start_date, DATE '1900-01-01') AS start_day,
           CASE WHEN e.status IN ('done', 'stopped') AND e.start_date IS NOT NULL
                THEN coalesce(e.end_date, e.start_date) END AS last_day
    FROM {experiments} AS e
    JOIN {experiment_facts} AS f ON f.experiment_id = e.experiment_id
),
final AS (
    SELECT experiment_id, value_stream, status, lean_lens, result, decided, 'start' AS kind,
           start_day AS day, CAST(date_trunc('month', start_day) AS DATE) AS month
    FROM dated
    UNION ALL
    SELECT experiment_id, value_stream, status, lean_lens, result, decided, 'end' AS kind,
           last_day AS day, CAST(date_trunc('month', last_day) AS DATE) AS month
    FROM dated
    WHERE last_day IS NOT NULL
)
SELECT * FROM final""",
    # experiment_days spread over the teams that took part, per quarter (migration 13)
    "experiment_team_quarters": """SELECT d.experiment_id, et.team_id, d.value_stream, d.cross_team,
       CAST(date_trunc('quarter', d.month) AS DATE) AS month, d.kind
FROM ({experiment_days}) AS d
JOIN {experiment_teams} AS et ON et.experiment_id = d.experiment_id""",
}

_TABLES = ("experiments", "experiment_facts", "experiment_teams")


def source_sql(name: str, ids_source: str | None = None) -> str:
    """The rows of source ``name``: of every experiment, or of the experiments ``ids_source``
    (a table or an aliased subquery with experiment_id) names, read from their raw rows."""
    tables = {table: table if ids_source is None else
              "(SELECT * FROM " + table + " WHERE experiment_id IN (SELECT experiment_id FROM "
              + ids_source + "))" for table in _TABLES}
    return SOURCES[name].format(**tables, experiment_days=SOURCES["experiment_days"].format(
        **tables))


# The table beside a rollup that keeps its all-time totals (Rollup.totals): its name plus this.
TOTALS = "_totals"


@dataclass(frozen=True)
class Rollup:
    """What a rollup counts: the rows of ``source`` (a key of ``SOURCES``) counted by its
    ``dimensions``, month and kind; with ``totals``, also by its dimensions and kind alone,
    over every month, in the table of its name plus ``TOTALS`` (migration 17 says why)."""

    source: str
    dimensions: tuple[str, ...]
    totals: bool = False

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The columns a row of the rollup is one of: its dimensions, month and kind."""
        return (*self.dimensions, "month", "kind")

    def kept(self, table: str) -> dict[str, tuple[str, ...]]:
        """The tables kept for this rollup in ``table``, each with the columns a row of it is
        one of: the months, and the totals when it keeps them."""
        kept = {table: self.key_columns}
        if self.totals:
            kept[table + TOTALS] = (*self.dimensions, "kind")
        return kept


# Every rollup by its table.
ROLLUPS: dict[str, Rollup] = {
    # with their totals: queries/_scope.py counted_in_period reads them (migration 17)
    "rollup_collaboration": Rollup("experiment_days",
                                   ("value_stream", "cross_team", "cross_discipline"),
                                   totals=True),
    "rollup_product_lens": Rollup("experiment_days", ("product_id", "lean_lens", "status"),
                                  totals=True),
    "rollup_team_work": Rollup("experiment_days", ("team_id", "product_id", "status"),
                               totals=True),
    # the Learning flow's funnel, debt, lead times and decisions (migration 12)
    "rollup_learning": Rollup("learning_events",
                              ("value_stream", "status", "started", "ended", "decision_scope",
                               "lead_days", "known_month", "over_month", "open_month",
                               "decided_month")),
    # the value proof's finished experiments (migration 18)
    "rollup_outcomes": Rollup("finished_outcomes",
                              ("value_stream", "team_id", "product_id", "placed",
                               "better_and_energy", "weak_month")),
    # the spread factor's validated experiments (migration 18)
    "rollup_spread": Rollup("validated_adoptions", ("value_stream", "adoptions")),
    # per quarter: its month is the quarter's first (migration 13 says why)
    "rollup_team_participation": Rollup("experiment_team_quarters",
                                        ("team_id", "value_stream", "cross_team")),
    # the Experiments page's counts per status and lens (migration 20)
    "rollup_experiment_filters": Rollup("experiment_filters",
                                        ("value_stream", "status", "lean_lens", "result",
                                         "decided")),
}


# The sources whose rows read an experiment's decision: all that recording one can change.
DECIDED_SOURCES = ("learning_events", "finished_outcomes", "experiment_filters")


def kept_tables() -> list[str]:
    """Every table the rollups keep: each rollup's, and its totals' when it keeps them."""
    return [kept for table, rollup in ROLLUPS.items() for kept in rollup.kept(table)]


# The rows of a write's experiments in one rollup source, gathered once for every rollup
# that counts it.
_DAYS = "rollup_days"


def _counted_sql(keys: tuple[str, ...], rows: str) -> str:
    """SQL for the rows of ``rows`` (a source, or rows of it) counted by ``keys``."""
    columns = ", ".join(keys)
    return "SELECT " + columns + ", count(*) AS n FROM " + rows + " GROUP BY " + columns


def added(cur: Cursor, ids_source: str, sign: int, sources: Iterable[str] | None = None) -> None:
    """Add (``sign`` 1) or subtract (-1) the rows of the experiments ``ids_source`` names (a
    table, a view or an aliased subquery with experiment_id), as they stand now, to every
    rollup of ``sources`` (keys of ``SOURCES``; all when None); counts that reach zero go.

    A write passes the sources it can change: a recorded decision only those whose rows read
    the decision (``DECIDED_SOURCES``); the rows of the others would be subtracted and added
    back unchanged. The counts update the rows they meet and insert the others: DuckDB's
    rollups keep no key (migration 14), so there is no ON CONFLICT to lean on. Each source's
    rows of the write are gathered once, then counted per table from that small table.
    """
    wanted = set(SOURCES if sources is None else sources)
    for source in dict.fromkeys(rollup.source for rollup in ROLLUPS.values()):
        if source not in wanted:
            continue
        cur.execute("CREATE TEMPORARY TABLE " + _DAYS + " AS SELECT * FROM ("
                    + source_sql(source, ids_source) + ") AS rows_of_write")
        for table, rollup in ROLLUPS.items():
            if rollup.source != source:
                continue
            for kept, keys in rollup.kept(table).items():
                _counted_into(cur, kept, keys, sign)
        cur.execute("DROP TABLE " + _DAYS)


def _counted_into(cur: Cursor, table: str, keys: tuple[str, ...], sign: int) -> None:
    """Add ``sign`` times the rows of the write (``_DAYS``) counted by ``keys`` to ``table``."""
    counted = "(" + _counted_sql(keys, _DAYS) + ") AS d"
    match = " AND ".join(f"r.{key} = d.{key}" for key in keys)
    cur.execute("UPDATE " + table + " AS r SET n = r.n + CAST(? AS BIGINT) * d.n"
                " FROM " + counted + " WHERE " + match, [sign])
    cur.execute(
        "INSERT INTO " + table + " (" + ", ".join(keys) + ", n)"
        " SELECT " + ", ".join("d." + key for key in keys) + ", CAST(? AS BIGINT) * d.n"
        " FROM " + counted
        + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " AS r WHERE " + match + ")",
        [sign],
    )
    cur.execute("DELETE FROM " + table + " WHERE n = 0")


# The experiments adopted by a write's experiments, before and after it, but not written by
# it: their rows in ``validated_adoptions`` count the write's experiments as adopters.
ADOPTED = "adopted_sources"


def adopted_sources(cur: Cursor, staged: str) -> str:
    """Keep in ``ADOPTED`` the experiments that the ``staged`` ones adopt, as stored now or as
    staged, but that the write leaves alone; returns its name."""
    cur.execute("CREATE TEMPORARY TABLE " + ADOPTED + " AS"
                " SELECT source_experiment_id AS experiment_id FROM experiments"
                " WHERE experiment_id IN (SELECT experiment_id FROM " + staged + ")"
                " AND source_experiment_id IS NOT NULL"
                " UNION SELECT source_experiment_id FROM " + staged
                + " WHERE source_experiment_id IS NOT NULL"
                " EXCEPT SELECT experiment_id FROM " + staged)
    return ADOPTED


def rebuilt(cur: Cursor) -> None:
    """Recompute every rollup from the raw rows (through the kept experiment facts), in month
    order: DuckDB's zone maps then let a read of some months skip the others; totals are
    summed from the months just counted."""
    for table, rollup in ROLLUPS.items():
        cur.execute("DELETE FROM " + table)
        cur.execute("INSERT INTO " + table + " (" + ", ".join(rollup.key_columns) + ", n) "
                    + _counted_sql(rollup.key_columns,
                                   "(" + source_sql(rollup.source) + ") AS source")
                    + " ORDER BY month")
        for kept, keys in rollup.kept(table).items():
            if kept != table:
                columns = ", ".join(keys)
                cur.execute("DELETE FROM " + kept)
                cur.execute("INSERT INTO " + kept + " (" + columns + ", n) SELECT " + columns
                            + ", sum(n) FROM " + table + " GROUP BY " + columns)


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

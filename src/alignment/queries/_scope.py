"""The scope rules every query filters by, written once as CTEs that both dialects accept.

A query starts with ``params(...)`` (the scope's typed parameters, in the order of
``scope_values``) and then names the fragments it needs. NULL for the stream or the team
means "all". Each fragment joins the one row of ``params``, which is NOT MATERIALIZED: a
planner then sees the values themselves, not the outputs of subqueries it runs first.
PostgreSQL folds them into the plan as constants (a NULL stream drops its condition, a date
meets the column's statistics), and picks hash joins where the unknown values of scalar
subqueries made it guess a few thousand rows and loop over a million; DuckDB filters
earlier too.

    WITH
    {params()},
    {experiments_in_scope()},
    final AS (SELECT ... FROM experiments_in_scope AS e)
    SELECT * FROM final

The rules:

- A value stream holds the experiments on its products; one without a known product
  belongs to its lead team's stream (``experiment_facts.value_stream``). A team holds what
  it leads and what it joined as a partner.
- An experiment is in the period when it was under way on at least one day from
  period_start (NULL: all time) to as_of; ``last_day`` is the last day it was under way as
  known on as_of: a running one until as_of, a done or stopped one until its end date
  (without one, on its start day only). Ideas, without a start date, never are.
- The cascade's products are those of the chosen stream that the chosen team is linked to
  or led an experiment on in the period (experiments count at their lead team there).
- Reflection sessions count up to as_of, for a team of the chosen stream or the chosen
  team; a session of a team no longer in the teams table has nobody to coach.
"""

from __future__ import annotations

import datetime as dt


def params(*extra: str) -> str:
    """The ``params`` CTE: as_of, period_start, value_stream, team_id, then ``extra`` columns
    (each a typed expression such as ``CAST(? AS VARCHAR) AS goal_id``)."""
    columns = [
        "CAST(? AS DATE) AS as_of",
        "CAST(? AS DATE) AS period_start",
        "CAST(? AS VARCHAR) AS value_stream",
        "CAST(? AS VARCHAR) AS team_id",
        *extra,
    ]
    return "params AS NOT MATERIALIZED (\n    SELECT " + ",\n           ".join(columns) + "\n)"


def scope_values(as_of: dt.date, start: dt.date | None, value_stream: str | None,
                 team_id: str | None, *extra) -> list:
    """The parameters of ``params()``, in its order."""
    return [as_of, start, value_stream, team_id, *extra]


def view_values(start: dt.date | None, as_of: dt.date, value_stream: str | None,
                team_id: str | None, *extra) -> list:
    """The parameters of ``params()`` from a page's arguments (start first, as the structure
    queries take them)."""
    return scope_values(as_of, start, value_stream, team_id, *extra)


_LAST_DAY = ("CASE WHEN {e}.status = 'running' THEN {p}.as_of\n"
             "{pad}ELSE coalesce({e}.end_date, {e}.start_date) END")


def chosen_team_experiments() -> str:
    """A FROM clause: the chosen team's experiments (``e``, with ``p``), found from its own
    ``experiment_teams`` rows: the team's size, not the organisation's."""
    return ("experiment_teams AS et\n"
            "    JOIN params AS p ON p.team_id = et.team_id\n"
            "    JOIN experiments AS e ON e.experiment_id = et.experiment_id")


def of_chosen_stream() -> str:
    """A condition: experiment ``e`` is of the chosen stream."""
    return ("e.experiment_id IN (\n"
            "          SELECT f.experiment_id FROM experiment_facts AS f\n"
            "          JOIN params AS chosen ON chosen.value_stream = f.value_stream)")


def of_chosen_team() -> str:
    """A condition: experiment ``e`` is the chosen team's, led or joined."""
    return ("e.experiment_id IN (\n"
            "          SELECT et.experiment_id FROM experiment_teams AS et\n"
            "          JOIN params AS chosen ON chosen.team_id = et.team_id)")


def in_chosen_stream_and_team() -> str:
    """A condition: experiment ``e`` is of the chosen stream and team, each when chosen (with
    ``p``, and no facts joined)."""
    return (f"(p.value_stream IS NULL OR {of_chosen_stream()})\n"
            f"      AND (p.team_id IS NULL OR {of_chosen_team()})")


def _stream_and_team(*, stream: bool, team: bool) -> list[str]:
    conditions = []
    if stream:
        conditions.append("(p.value_stream IS NULL OR f.value_stream = p.value_stream)")
    if team:
        conditions.append(f"(p.team_id IS NULL OR {of_chosen_team()})")
    return conditions


def _where(conditions: list[str]) -> str:
    return ("\n    WHERE " + "\n      AND ".join(conditions)) if conditions else ""


def experiments_in_stream_and_team(name: str = "experiments_in_stream_and_team", *,
                                   stream: bool = True, team: bool = True,
                                   facts: bool = True) -> str:
    """Experiments of the chosen stream and team in any period, with team_count and
    cross_discipline; ``stream=False`` or ``team=False`` ignores that filter, and
    ``facts=False`` (only without the stream) leaves out those two columns.

    Without the facts a filter on the experiments' own columns meets the table before any
    join: joined, a million experiments' facts were read for the pivots of one quarter.
    """
    conditions = _stream_and_team(stream=stream, team=team)
    joined = ("\n    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id"
              if facts or stream else "")
    return (
        f"{name} AS (\n"
        "    SELECT e.*" + (", f.team_count, f.cross_discipline" if joined else "") + "\n"
        "    FROM experiments AS e"
        + joined
        + ("\n    CROSS JOIN params AS p" if conditions else "")
        + _where(conditions) + "\n)"
    )


def experiments_in_scope(name: str = "experiments_in_scope", *, stream: bool = True,
                         team: bool = True) -> str:
    """Of those, the ones under way in the period as known on as_of, with ``last_day``."""
    last_day = _LAST_DAY.format(e="e", p="p", pad=" " * 16)
    conditions = [
        "e.start_date <= p.as_of",
        "(p.period_start IS NULL\n"
        "           OR " + _LAST_DAY.format(e="e", p="p", pad=" " * 19) + " >= p.period_start)",
        *_stream_and_team(stream=stream, team=team),
    ]
    return (
        f"{name} AS (\n"
        "    SELECT e.*, f.team_count, f.cross_discipline,\n"
        f"           {last_day} AS last_day\n"
        "    FROM experiments AS e\n"
        "    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id\n"
        "    CROSS JOIN params AS p"
        + _where(conditions) + "\n)"
    )


def cascade_products_in_view(name: str = "cascade_products_in_view") -> str:
    """The cascade's products in view (every column of ``products``)."""
    return (
        f"{name} AS (\n"
        "    SELECT pr.*\n"
        "    FROM products AS pr\n"
        "    CROSS JOIN params AS p\n"
        "    WHERE (p.value_stream IS NULL OR pr.value_stream = p.value_stream)\n"
        "      AND (p.team_id IS NULL\n"
        "           OR pr.product_id IN (SELECT tp.product_id FROM team_products AS tp\n"
        "                                JOIN params AS chosen ON chosen.team_id = tp.team_id)\n"
        "           OR pr.product_id IN (\n"
        "               SELECT u.product_id\n"
        "               FROM experiments AS u\n"
        "               JOIN params AS chosen ON chosen.team_id = u.team_id\n"
        "               WHERE u.start_date <= chosen.as_of\n"
        "                 AND (chosen.period_start IS NULL\n"
        "                      OR " + _LAST_DAY.format(e="u", p="chosen", pad=" " * 30)
        + " >= chosen.period_start)))\n)"
    )


def cascade_teams_in_view(name: str = "cascade_teams_in_view",
                          products: str = "cascade_products_in_view") -> str:
    """The cascade's teams in view (team_id, name): the chosen team; else the chosen stream's
    teams and those linked to its products (``products``, a ``cascade_products_in_view``
    CTE); else every team."""
    return (
        f"{name} AS (\n"
        "    SELECT t.team_id, t.name\n"
        "    FROM teams AS t, params AS p\n"
        "    WHERE CASE\n"
        "        WHEN p.team_id IS NOT NULL THEN t.team_id = p.team_id\n"
        "        WHEN p.value_stream IS NOT NULL THEN\n"
        "            t.value_stream = p.value_stream\n"
        "            OR t.team_id IN (SELECT tp.team_id FROM team_products AS tp\n"
        f"                             JOIN {products} USING (product_id))\n"
        "        ELSE true\n"
        "    END\n)"
    )


def sessions_in_scope(name: str = "sessions_in_scope") -> str:
    """Reflection sessions held up to as_of in scope, with the team's name as team_name."""
    return (
        f"{name} AS (\n"
        "    SELECT s.*, t.name AS team_name\n"
        "    FROM sessions AS s\n"
        "    JOIN teams AS t ON t.team_id = s.team_id\n"
        "    CROSS JOIN params AS p\n"
        "    WHERE s.held_on <= p.as_of\n"
        "      AND (p.value_stream IS NULL OR t.value_stream = p.value_stream)\n"
        "      AND (p.team_id IS NULL OR s.team_id = p.team_id)\n)"
    )


def _month_of(day: str) -> str:
    return f"CAST(date_trunc('month', {day}) AS DATE)"


# The columns of the rollups' source ``experiment_days`` (``store.rollups.SOURCES``) from an
# experiment's raw row ``e`` and its facts ``f``. The fragments below read the boundary days'
# raw rows through them, so the scope's dates filter the table before any join; a property
# test holds them equal to the source.
_DAY_COLUMNS = {
    "value_stream": "coalesce(f.value_stream, '')",
    "cross_team": "f.team_count >= 2",
    "cross_discipline": "f.cross_discipline",
    "team_id": "e.team_id",
    "product_id": "coalesce(e.product_id, '')",
    "lean_lens": "e.lean_lens",
    "status": "e.status",
}
# The day of a 'start' and of an 'end' row, as (column, when the row's day is that column): an
# end falls on the end date or, without one, on the start date. Each compares a plain column,
# which a planner filters the table by (zone maps on DuckDB, an index on PostgreSQL): DuckDB
# computed ``coalesce(end_date, start_date)`` for every experiment to find a month of ends.
KIND_DAYS = {"start": [("e.start_date", None)],
             "end": [("e.end_date", "e.end_date IS NOT NULL"),
                     ("e.start_date", "e.end_date IS NULL")]}


def counted_in_period(name: str, rollup: str, keys: tuple[str, ...], *, stream: bool = True,
                      team: bool = True) -> str:
    """Experiments under way in the period per ``keys`` (columns of ``rollup``, '' for an
    unknown value), as ``experiments``; only keys that count some.

    The count is the 'start' rows up to as_of minus the 'end' rows before period_start
    (migration 10 says why that is exact), each an all-time total (``rollup`` plus
    ``_totals``) less the whole months from its boundary's month on, plus the days of that
    month up to the boundary from the raw rows (migration 17): a read scans the keys and the
    months it looks back over, not the organisation's history. A chosen team counts its own
    experiments from the raw rows through ``experiment_teams``: the team's size, not the
    organisation's. ``stream=False`` or ``team=False`` ignores that filter.
    """
    def raw_rows(kind: str, sign: int, days: str, *, of_team: bool = False) -> str:
        return "\n        UNION ALL\n        ".join(
            raw_rows_by(kind, sign, days.format(day=day), when, of_team=of_team)
            for day, when in KIND_DAYS[kind])

    def raw_rows_by(kind: str, sign: int, days: str, when: str | None, *,
                    of_team: bool) -> str:
        columns = ", ".join(f"{_DAY_COLUMNS[key]} AS {key}" for key in keys)
        conditions = ["e.start_date IS NOT NULL", days, *([when] if when else [])]
        if kind == "end":
            conditions.append("e.status <> 'running'")
        if stream:
            conditions.append("(p.value_stream IS NULL OR f.value_stream = p.value_stream)")
        # a chosen team's rows start from its experiment_teams rows: none without one
        source = (chosen_team_experiments() + "\n"
                  if of_team else "experiments AS e\n        CROSS JOIN params AS p\n")
        # the facts only when a key or the stream reads them: the join probes every
        # experiment's facts for a month of rows
        facts = ("        JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id\n"
                 if stream or any(_DAY_COLUMNS[key].startswith(("f.", "coalesce(f."))
                                  for key in keys) else "")
        return (f"SELECT {columns}, {sign} AS n\n"
                f"        FROM {source}{facts}"
                "        WHERE " + "\n          AND ".join(conditions))

    def rolled_up(table: str, n: str, conditions: str) -> str:
        return (f"SELECT {', '.join(f'r.{key}' for key in keys)}, {n} AS n\n"
                f"        FROM {table} AS r\n"
                "        CROSS JOIN params AS p\n"
                f"        WHERE {whole_org}{conditions}"
                + ("\n          AND (p.value_stream IS NULL OR r.value_stream = p.value_stream)"
                   if stream else ""))

    whole_org = "p.team_id IS NULL AND " if team else ""
    parts = [
        # every start, and every end when the period has a start
        rolled_up(f"{rollup}_totals", "CASE r.kind WHEN 'start' THEN r.n ELSE -r.n END",
                  "(r.kind = 'start' OR p.period_start IS NOT NULL)"),
        # less the whole months from as_of's month on, and from period_start's month on
        rolled_up(rollup, "-r.n", f"r.kind = 'start' AND r.month >= {_month_of('p.as_of')}"),
        rolled_up(rollup, "r.n",
                  f"r.kind = 'end' AND r.month >= {_month_of('p.period_start')}"),
        # plus the days of as_of's month up to it, and of period_start's month before it
        raw_rows("start", 1, whole_org
                 + f"{{day}} >= {_month_of('p.as_of')} AND {{day}} <= p.as_of"),
        # (without a period start nothing ends before it: a bound that is never NULL lets
        # DuckDB skip the table's row groups, where a NULL one made it read them all)
        raw_rows("end", -1, whole_org
                 + f"{{day}} >= coalesce({_month_of('p.period_start')}, DATE '9999-12-31')"
                 " AND {day} < p.period_start"),
    ]
    if team:
        parts += [raw_rows("start", 1, "{day} <= p.as_of", of_team=True),
                  raw_rows("end", -1, "{day} < p.period_start", of_team=True)]
    return (
        f"{name} AS (\n"
        f"    SELECT {', '.join(keys)}, CAST(sum(n) AS BIGINT) AS experiments\n"
        "    FROM (\n        " + "\n        UNION ALL\n        ".join(parts) + "\n    ) AS signed\n"
        f"    GROUP BY {', '.join(keys)}\n"
        "    HAVING sum(n) > 0\n)"
    )

"""The scope rules every query filters by, written once as CTEs that both dialects accept.

A query starts with ``params(...)`` (the scope's typed parameters, in the order of
``scope_values``) and then names the fragments it needs; each fragment reads the scope from
``params`` through scalar subqueries, never by a lateral join (DuckDB would decorrelate it
into extra joins). NULL for the stream or the team means "all".

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

_STREAM = "(SELECT value_stream FROM params)"
_TEAM = "(SELECT team_id FROM params)"
_AS_OF = "(SELECT as_of FROM params)"
_START = "(SELECT period_start FROM params)"


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
    return "params AS (\n    SELECT " + ",\n           ".join(columns) + "\n)"


def scope_values(as_of: dt.date, start: dt.date | None, value_stream: str | None,
                 team_id: str | None, *extra) -> list:
    """The parameters of ``params()``, in its order."""
    return [as_of, start, value_stream, team_id, *extra]


def _stream_and_team_filter(*, stream: bool, team: bool) -> str:
    conditions = []
    if stream:
        conditions.append(f"({_STREAM} IS NULL OR f.value_stream = {_STREAM})")
    if team:
        conditions.append(
            f"({_TEAM} IS NULL OR e.experiment_id IN (\n"
            "               SELECT et.experiment_id FROM experiment_teams AS et\n"
            f"               WHERE et.team_id = {_TEAM}))"
        )
    return ("\n    WHERE " + "\n      AND ".join(conditions)) if conditions else ""


def _indented(lines: str) -> str:
    """``lines`` (each starting with a newline) four spaces deeper, ending with a newline."""
    return lines.replace("\n", "\n    ").removeprefix("\n") + "\n" if lines else ""


def experiments_in_stream_and_team(name: str = "experiments_in_stream_and_team", *,
                                   stream: bool = True, team: bool = True) -> str:
    """Experiments of the chosen stream and team in any period, with team_count and
    cross_discipline; ``stream=False`` or ``team=False`` ignores that filter."""
    return (
        f"{name} AS (\n"
        "    SELECT e.*, f.team_count, f.cross_discipline\n"
        "    FROM experiments AS e\n"
        "    JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id"
        + _stream_and_team_filter(stream=stream, team=team) + "\n)"
    )


def experiments_in_scope(name: str = "experiments_in_scope", *, stream: bool = True,
                         team: bool = True) -> str:
    """Of those, the ones under way in the period as known on as_of, with ``last_day``."""
    return (
        f"{name} AS (\n"
        "    SELECT e.*\n"
        "    FROM (\n"
        "        SELECT e.*, f.team_count, f.cross_discipline,\n"
        f"               CASE WHEN e.status = 'running' THEN {_AS_OF}\n"
        "                    ELSE coalesce(e.end_date, e.start_date) END AS last_day\n"
        "        FROM experiments AS e\n"
        "        JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id\n"
        + _indented(_stream_and_team_filter(stream=stream, team=team))
        + "    ) AS e\n"
        f"    WHERE e.start_date <= {_AS_OF}\n"
        f"      AND ({_START} IS NULL OR e.last_day >= {_START})\n)"
    )


def cascade_products_in_view(name: str = "cascade_products_in_view") -> str:
    """The cascade's products in view (every column of ``products``)."""
    return (
        f"{name} AS (\n"
        "    SELECT pr.*\n"
        "    FROM products AS pr\n"
        f"    WHERE ({_STREAM} IS NULL OR pr.value_stream = {_STREAM})\n"
        f"      AND ({_TEAM} IS NULL\n"
        "           OR pr.product_id IN (SELECT tp.product_id FROM team_products AS tp\n"
        f"                                WHERE tp.team_id = {_TEAM})\n"
        "           OR pr.product_id IN (\n"
        "               SELECT u.product_id FROM experiments AS u\n"
        f"               WHERE u.team_id = {_TEAM}\n"
        f"                 AND u.start_date <= {_AS_OF}\n"
        f"                 AND ({_START} IS NULL\n"
        f"                      OR CASE WHEN u.status = 'running' THEN {_AS_OF}\n"
        "                              ELSE coalesce(u.end_date, u.start_date) END\n"
        f"                         >= {_START})))\n)"
    )


def sessions_in_scope(name: str = "sessions_in_scope") -> str:
    """Reflection sessions held up to as_of in scope, with the team's name as team_name."""
    return (
        f"{name} AS (\n"
        "    SELECT s.*, t.name AS team_name\n"
        "    FROM sessions AS s\n"
        "    JOIN teams AS t ON t.team_id = s.team_id\n"
        f"    WHERE s.held_on <= {_AS_OF}\n"
        f"      AND ({_STREAM} IS NULL OR t.value_stream = {_STREAM})\n"
        f"      AND ({_TEAM} IS NULL OR s.team_id = {_TEAM})\n)"
    )

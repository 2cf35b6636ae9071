"""Teams & collaboration's questions: who works with whom, across disciplines, per quarter,
in the scope (the rules of ``queries/_scope.py``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment import contract
from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame
from alignment.queries._scope import view_values as _view

# --- Reading rollups per window ------------------------------------------------------------
# A rollup counts experiment_days per month (or quarter) and kind. The experiments under way in
# a window [start, end] are the 'start' rows up to end minus the 'end' rows before start:
# whole months (quarters) come from the rollup, the days it cannot split (of as_of's and
# period_start's month or quarter) from the raw rows in ``raw_days``. With a team chosen a query
# reads the raw rows of the experiments in scope instead.

_STEP = {"month": "1 month", "quarter": "3 months"}
_LAST_DAY = "coalesce(e.end_date, e.start_date)"


def _first(grain: str, day: str) -> str:
    return f"CAST(date_trunc('{grain}', {day}) AS DATE)"


def _raw_days(grain: str, *, whole: bool) -> str:
    """The ``raw_days`` CTE: the start and end days (kind, day) of the organisation's
    experiments in the chosen stream that a rollup per ``grain`` does not hold, with
    experiment_id, value_stream, cross_team and cross_discipline: the starts in as_of's month
    (quarter) up to as_of, and the ends in period_start's before period_start (all of it with
    ``whole``, for windows that start later)."""
    end_before = (f"CAST({_first(grain, 'p.period_start')} + INTERVAL '{_STEP[grain]}'"
                  " AS DATE)" if whole else "p.period_start")

    def rows(kind: str, day: str, condition: str) -> str:
        conditions = [
            "e.start_date IS NOT NULL",
            *(["e.status <> 'running'"] if kind == "end" else []),
            condition,
            "(p.value_stream IS NULL OR f.value_stream = p.value_stream)",
        ]
        where = "\n          AND ".join(conditions)
        return f"""SELECT e.experiment_id, coalesce(f.value_stream, '') AS value_stream,
               f.team_count >= 2 AS cross_team, f.cross_discipline,
               '{kind}' AS kind, {day} AS day
        FROM experiments AS e
        CROSS JOIN params AS p
        JOIN experiment_facts AS f ON f.experiment_id = e.experiment_id
        WHERE {where}"""  # noqa: S608

    parts = [
        rows("start", "e.start_date",
             f"e.start_date >= {_first(grain, 'p.as_of')} AND e.start_date <= p.as_of"),
        rows("end", _LAST_DAY,
             f"{_LAST_DAY} >= {_first(grain, 'p.period_start')} AND {_LAST_DAY} < {end_before}"),
    ]
    return ("raw_days AS (\n    " + "\n    UNION ALL\n    ".join(parts) + "\n)")


def _rolled_up(rollup: str, columns: str, grain: str, *, whole: bool) -> str:
    """SQL for ``rollup``'s rows (per ``grain``) in the chosen stream that ``raw_days`` does
    not hold: ``columns`` (of ``r``), kind, day (the last day of the month or quarter) and n
    (negative for an end)."""
    ends = (f"r.month < {_first(grain, 'p.as_of')}\n"
            "               AND (p.period_start IS NULL"
            f" OR r.month <> {_first(grain, 'p.period_start')})"
            if whole else f"r.month < {_first(grain, 'p.period_start')}")
    return f"""SELECT {columns}, r.kind,
               CAST(r.month + INTERVAL '{_STEP[grain]}' - INTERVAL '1 day' AS DATE) AS day,
               CASE r.kind WHEN 'start' THEN r.n ELSE -r.n END AS n
        FROM {rollup} AS r
        CROSS JOIN params AS p
        WHERE (p.value_stream IS NULL OR r.value_stream = p.value_stream)
          AND CASE r.kind
              WHEN 'start' THEN r.month < {_first(grain, 'p.as_of')}
              ELSE {ends} END"""  # noqa: S608


_SIGN = "CASE d.kind WHEN 'start' THEN 1 ELSE -1 END"

# --- Teams & collaboration ------------------------------------------------------------------

TEAM_NETWORK_EDGES = f"""
WITH
{_scope.params()},
{_scope.experiments_in_scope()},
shared AS (
    -- only experiments of two teams or more have pairs: their teams first, then the pairs
    SELECT et.experiment_id, et.team_id
    FROM experiments_in_scope AS e
    JOIN experiment_teams AS et ON et.experiment_id = e.experiment_id
    WHERE e.team_count >= 2
),
pairs AS (
    -- each unordered pair once: the team with the smaller id is team_a
    SELECT a.team_id AS team_a, b.team_id AS team_b, a.experiment_id
    FROM shared AS a
    JOIN shared AS b ON b.experiment_id = a.experiment_id AND a.team_id < b.team_id
),
final AS (
    -- a team takes part in an experiment once (the key of experiment_teams), so a pair meets
    -- once per experiment: counted without DISTINCT, which made PostgreSQL sort the pairs
    SELECT team_a, team_b, count(*) AS shared_experiments
    FROM pairs GROUP BY team_a, team_b
)
SELECT * FROM final ORDER BY shared_experiments DESC, team_a, team_b
"""  # noqa: S608


def team_network_edges(con: Database, start: dt.date | None, as_of: dt.date,
                       value_stream: str | None = None,
                       team_id: str | None = None) -> pd.DataFrame:
    """One row per pair of teams sharing experiments in the period: team_a < team_b,
    shared_experiments."""
    return _frame(con, TEAM_NETWORK_EDGES, _view(start, as_of, value_stream, team_id))


# Teams in view: with a stream, its teams plus the teams from elsewhere that worked with them;
# with a team, that team plus its partners.
# By whether a team is chosen: with a team, the raw rows of the experiments in scope (its
# rollup-and-boundary form read slower there); without, the rollup and the boundary days.
# The teams a view shows (a chosen team and those it worked with; a stream's teams and those
# that shared work with it; else all) with what they declared and took part in, from the
# ``participation`` CTE before it: the rolled-up and the team's raw-row form alike.
_TEAMS_IN_VIEW = """teams_in_view AS (
    SELECT t.*
    FROM teams AS t, params AS p
    WHERE CASE
        WHEN p.team_id IS NOT NULL THEN t.team_id = p.team_id
            OR t.team_id IN (SELECT team_id FROM participation)
        WHEN p.value_stream IS NOT NULL THEN t.value_stream = p.value_stream
            OR t.team_id IN (SELECT team_id FROM participation WHERE shared_experiments > 0)
        ELSE true
    END
),
declared AS (
    SELECT t.team_id, string_agg(d.discipline, ', ' ORDER BY d.discipline) AS disciplines
    FROM teams_in_view AS t
    CROSS JOIN unnest(t.disciplines) AS d(discipline)
    GROUP BY t.team_id
),
final AS (
    SELECT t.team_id, t.name, t.value_stream,
           -- none declared (NULL) stays NULL; an empty list reads as ''
           CASE WHEN t.disciplines IS NOT NULL THEN coalesce(de.disciplines, '') END
               AS disciplines,
           coalesce(pa.experiments, 0) AS experiments,
           coalesce(pa.shared_experiments, 0) AS shared_experiments
    FROM teams_in_view AS t
    LEFT JOIN declared AS de USING (team_id)
    LEFT JOIN participation AS pa USING (team_id)
)
SELECT * FROM final ORDER BY team_id
"""

TEAM_COLLABORATION = {
    False: f"""
WITH
{_scope.params()},
{_raw_days("quarter", whole=False)},
participation AS (
    SELECT team_id, CAST(sum(n) AS BIGINT) AS experiments,
           CAST(coalesce(sum(n) FILTER (WHERE cross_team), 0) AS BIGINT) AS shared_experiments
    FROM (
        {_rolled_up("rollup_team_participation", "r.team_id, r.cross_team", "quarter",
                    whole=False)}
        UNION ALL
        SELECT et.team_id, d.cross_team, d.kind, d.day, {_SIGN}
        FROM raw_days AS d
        JOIN experiment_teams AS et ON et.experiment_id = d.experiment_id
    ) AS signed
    GROUP BY team_id
    HAVING sum(n) > 0
),
{_TEAMS_IN_VIEW}""",  # noqa: S608
    True: f"""
WITH
{_scope.params()},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id, e.team_count
    FROM experiments_in_scope AS e
),
participation AS (
    SELECT et.team_id,
           count(*) AS experiments,
           count(*) FILTER (WHERE s.team_count >= 2) AS shared_experiments
    FROM experiment_teams AS et
    JOIN in_scope AS s USING (experiment_id)
    GROUP BY et.team_id
),
{_TEAMS_IN_VIEW}""",  # noqa: S608
}


def team_collaboration(con: Database, start: dt.date | None, as_of: dt.date,
                       value_stream: str | None = None,
                       team_id: str | None = None) -> pd.DataFrame:
    """Per team in view: team_id, name, value_stream, disciplines (declared), experiments it
    took part in during the period, and of those shared_experiments (with another team)."""
    return _frame(con, TEAM_COLLABORATION[team_id is not None],
                  _view(start, as_of, value_stream, team_id))


TEAM_DISCIPLINES = f"""
WITH
{_scope.params("CAST(? AS VARCHAR[]) AS known_disciplines")},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id, e.disciplines
    FROM experiments_in_scope AS e
),
teams_in_view AS (
    SELECT t.team_id, t.name, t.disciplines
    FROM teams AS t, params AS p
    WHERE (p.team_id IS NULL OR t.team_id = p.team_id)
      AND (p.value_stream IS NULL OR t.value_stream = p.value_stream)
),
used AS (
    SELECT et.team_id, d.discipline, count(DISTINCT s.experiment_id) AS experiments
    FROM in_scope AS s
    JOIN experiment_teams AS et USING (experiment_id)
    CROSS JOIN unnest(s.disciplines) AS d(discipline)
    GROUP BY et.team_id, d.discipline
),
disciplines AS (
    -- the contract's disciplines, plus any other an organisation uses; those of the period's
    -- experiments come from ``used`` (every experiment has its lead team), so that the
    -- experiments in scope are read once: PostgreSQL then reads them on both cores, where a
    -- second reader made it keep them aside and read them on one
    SELECT unnest(known_disciplines) AS discipline FROM params
    UNION SELECT unnest(disciplines) FROM teams_in_view
    UNION SELECT discipline FROM used
),
final AS (
    SELECT t.team_id, t.name, d.discipline,
           coalesce(d.discipline = ANY(t.disciplines), false) AS declared,
           coalesce(u.experiments, 0) AS experiments
    FROM teams_in_view AS t
    CROSS JOIN disciplines AS d
    LEFT JOIN used AS u ON u.team_id = t.team_id AND u.discipline = d.discipline
)
SELECT * FROM final ORDER BY team_id, discipline
"""  # noqa: S608


def team_disciplines(con: Database, start: dt.date | None, as_of: dt.date,
                     value_stream: str | None = None,
                     team_id: str | None = None) -> pd.DataFrame:
    """Every team in view × discipline: declared (the team lists it) and experiments (in the
    period, the team took part in, that drew on the discipline). Zeros included."""
    return _frame(con, TEAM_DISCIPLINES,
                  _view(start, as_of, value_stream, team_id, list(contract.DISCIPLINES)))


COLLABORATION_COUNTS = f"""
WITH
{_scope.params()},
{_scope.counted_in_period("shapes", "rollup_collaboration", ("cross_team", "cross_discipline"))},
final AS (
    SELECT CAST(coalesce(sum(experiments), 0) AS BIGINT) AS experiments,
           CAST(coalesce(sum(experiments) FILTER (WHERE cross_team), 0) AS BIGINT)
               AS cross_team,
           CAST(coalesce(sum(experiments) FILTER (WHERE cross_discipline), 0) AS BIGINT)
               AS cross_discipline,
           CAST(coalesce(sum(experiments) FILTER (WHERE cross_team OR cross_discipline), 0)
                AS BIGINT) AS collaborative
    FROM shapes
)
SELECT * FROM final
"""  # noqa: S608


def collaboration_counts(con: Database, start: dt.date | None,
                         as_of: dt.date, value_stream: str | None = None,
                         team_id: str | None = None) -> pd.DataFrame:
    """One row: experiments under way in the window, and how many were cross_team (≥ 2 teams),
    cross_discipline (≥ 2 disciplines) and collaborative (either).

    The Overview compares quarters with ``start=as_of - 89 days`` and the same window a
    quarter earlier.
    """
    return _frame(con, COLLABORATION_COUNTS, _view(start, as_of, value_stream, team_id))


# One window per calendar quarter that overlaps the period, clipped to it, so the last
# quarter's figures are exactly the collaboration counts of that (partial) quarter.
# By whether a team is chosen, as TEAM_COLLABORATION.
COLLABORATION_BY_QUARTER = {
    False: f"""
WITH
{_scope.params()},
{_raw_days("month", whole=True)},
events AS (
    -- signed starts and ends per day (whole months at their last day)
    SELECT cross_team, cross_discipline, kind, day, sum(n) AS n
    FROM (
        {_rolled_up("rollup_collaboration", "r.cross_team, r.cross_discipline", "month",
                    whole=True)}
        UNION ALL
        SELECT d.cross_team, d.cross_discipline, d.kind, d.day, {_SIGN}
        FROM raw_days AS d
    ) AS signed
    GROUP BY cross_team, cross_discipline, kind, day
),
quarters AS (
    SELECT CAST(q AS DATE) AS quarter_start
    FROM params AS p,
         generate_series(
             date_trunc('quarter', CAST(coalesce(p.period_start,
                 (SELECT min(day) FROM events WHERE kind = 'start'), p.as_of) AS TIMESTAMP)),
             date_trunc('quarter', CAST(p.as_of AS TIMESTAMP)),
             INTERVAL '3 months') AS g(q)
),
windows AS (
    SELECT q.quarter_start,
           greatest(q.quarter_start, coalesce(p.period_start, q.quarter_start)) AS window_start,
           least(CAST(q.quarter_start + INTERVAL '3 months' - INTERVAL '1 day' AS DATE),
                 p.as_of)
               AS window_end
    FROM quarters AS q, params AS p
),
final AS (
    -- under way in a window: started up to its end, minus ended before its start
    SELECT w.quarter_start,
           CAST(extract(year FROM w.quarter_start) AS VARCHAR) || '-Q'
               || CAST(extract(quarter FROM w.quarter_start) AS VARCHAR) AS quarter,
           w.window_start, w.window_end,
           CAST(coalesce(sum(e.n), 0) AS BIGINT) AS experiments,
           CAST(coalesce(sum(e.n) FILTER (WHERE e.cross_team), 0) AS BIGINT) AS cross_team,
           CAST(coalesce(sum(e.n) FILTER (WHERE e.cross_discipline), 0) AS BIGINT)
               AS cross_discipline,
           CAST(coalesce(sum(e.n) FILTER (WHERE e.cross_team OR e.cross_discipline), 0)
                AS BIGINT) AS collaborative
    FROM windows AS w
    LEFT JOIN events AS e
      ON (e.kind = 'start' AND e.day <= w.window_end)
      OR (e.kind = 'end' AND e.day < w.window_start)
    GROUP BY w.quarter_start, w.window_start, w.window_end
)
SELECT * FROM final ORDER BY quarter_start
""",  # noqa: S608
    True: f"""
WITH
{_scope.params()},
{_scope.experiments_in_scope()},
in_scope AS (
    SELECT e.experiment_id, e.team_count, e.cross_discipline, e.start_date, e.last_day
    FROM experiments_in_scope AS e
),
quarters AS (
    SELECT CAST(q AS DATE) AS quarter_start
    FROM params AS p,
         generate_series(
             date_trunc('quarter', CAST(coalesce(p.period_start,
                 (SELECT min(start_date) FROM in_scope), p.as_of) AS TIMESTAMP)),
             date_trunc('quarter', CAST(p.as_of AS TIMESTAMP)),
             INTERVAL '3 months') AS g(q)
),
windows AS (
    SELECT q.quarter_start,
           greatest(q.quarter_start, coalesce(p.period_start, q.quarter_start)) AS window_start,
           least(CAST(q.quarter_start + INTERVAL '3 months' - INTERVAL '1 day' AS DATE),
                 p.as_of)
               AS window_end
    FROM quarters AS q, params AS p
),
shape AS (
    SELECT w.quarter_start, w.window_start, w.window_end, s.experiment_id,
           s.team_count >= 2 AS cross_team,
           s.cross_discipline
    FROM windows AS w
    JOIN in_scope AS s ON s.start_date <= w.window_end AND s.last_day >= w.window_start
),
final AS (
    SELECT w.quarter_start,
           CAST(extract(year FROM w.quarter_start) AS VARCHAR) || '-Q'
               || CAST(extract(quarter FROM w.quarter_start) AS VARCHAR) AS quarter,
           w.window_start, w.window_end,
           count(s.experiment_id) AS experiments,
           count(s.experiment_id) FILTER (WHERE s.cross_team) AS cross_team,
           count(s.experiment_id) FILTER (WHERE s.cross_discipline) AS cross_discipline,
           count(s.experiment_id) FILTER (WHERE s.cross_team OR s.cross_discipline)
               AS collaborative
    FROM windows AS w
    LEFT JOIN shape AS s USING (quarter_start)
    GROUP BY w.quarter_start, w.window_start, w.window_end
)
SELECT * FROM final ORDER BY quarter_start
""",  # noqa: S608
}


def collaboration_by_quarter(con: Database, start: dt.date | None,
                             as_of: dt.date, value_stream: str | None = None,
                             team_id: str | None = None) -> pd.DataFrame:
    """The collaboration counts per calendar quarter of the period (each window clipped to it).

    Columns quarter_start, quarter ('2026-Q3'), window_start, window_end, experiments,
    cross_team, cross_discipline, collaborative. All time starts at the first experiment.
    """
    return _frame(con, COLLABORATION_BY_QUARTER[team_id is not None],
                  _view(start, as_of, value_stream, team_id))

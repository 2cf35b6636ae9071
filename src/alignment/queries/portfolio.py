"""The Portfolio's questions: each product's lenses, balance and decisions in the scope
(the rules of ``queries/_scope.py``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment import contract
from alignment.db import Database
from alignment.queries import _scope
from alignment.queries._base import _frame
from alignment.queries._scope import view_values as _view

# --- Portfolio ------------------------------------------------------------------------------

PRODUCT_BALANCE = f"""
WITH
{_scope.params()},
-- with a team chosen only its experiments count, whatever their stream:
-- products_in_view keeps to the stream's products
{_scope.counted_in_period("in_period", "rollup_product_lens", ("product_id", "status"),
                          stream=False)},
{_scope.experiments_in_stream_and_team("team_experiments", stream=False, facts=False)},
under_way AS (
    SELECT product_id,
           CAST(sum(experiments) AS BIGINT) AS experiments,
           CAST(coalesce(sum(experiments) FILTER (WHERE status = 'running'), 0) AS BIGINT)
               AS running
    FROM in_period
    GROUP BY product_id
),
turned AS (
    -- a pivot or stop belongs to the period it was decided in, whenever the experiment ran
    SELECT e.product_id, count(*) AS direction_changes
    FROM team_experiments AS e
    CROSS JOIN params AS p
    WHERE e.decision IN ('pivot', 'stop')
      AND e.decision_date <= p.as_of
      AND (p.period_start IS NULL OR e.decision_date >= p.period_start)
    GROUP BY e.product_id
),
products_in_view AS (
    SELECT pr.*
    FROM products AS pr, params AS p
    WHERE (p.value_stream IS NULL OR pr.value_stream = p.value_stream)
      AND (p.team_id IS NULL
           OR pr.product_id IN (SELECT product_id FROM team_products WHERE team_id = p.team_id)
           OR pr.product_id IN (SELECT product_id FROM under_way))
),
final AS (
    SELECT pr.product_id, pr.name, pr.value_stream, pr.lifecycle, pr.explore_target_pct,
           coalesce(u.experiments, 0) AS experiments,
           coalesce(u.running, 0) AS running,
           coalesce(t.direction_changes, 0) AS direction_changes
    FROM products_in_view AS pr
    LEFT JOIN under_way AS u USING (product_id)
    LEFT JOIN turned AS t USING (product_id)
)
SELECT * FROM final ORDER BY value_stream, product_id
"""  # noqa: S608


def product_balance(con: Database, start: dt.date | None, as_of: dt.date,
                    value_stream: str | None = None, team_id: str | None = None) -> pd.DataFrame:
    """Per product in view: lifecycle, target and its experiments in the period.

    Columns product_id, name, value_stream, lifecycle, explore_target_pct, experiments
    (under way in the period), running (of those, running now), direction_changes (pivots
    and stops decided in the period). With a team chosen, only that team's experiments count.
    """
    return _frame(con, PRODUCT_BALANCE, _view(start, as_of, value_stream, team_id))


LENS_COUNTS = f"""
WITH
{_scope.params("CAST(? AS VARCHAR[]) AS lenses")},
lenses AS (
    SELECT lens.lean_lens, lens.position
    FROM params AS p, unnest(p.lenses) WITH ORDINALITY AS lens(lean_lens, position)
),
-- with a team chosen only its experiments count, whatever their stream:
-- products_in_view keeps to the stream's products
{_scope.counted_in_period("counts", "rollup_product_lens", ("product_id", "lean_lens"),
                          stream=False)},
products_in_view AS (
    SELECT pr.product_id, pr.name
    FROM products AS pr, params AS p
    WHERE (p.value_stream IS NULL OR pr.value_stream = p.value_stream)
      AND (p.team_id IS NULL
           OR pr.product_id IN (SELECT product_id FROM team_products WHERE team_id = p.team_id)
           OR pr.product_id IN (SELECT product_id FROM counts))
),
final AS (
    -- every product × lens cell, so a lens nobody experiments in shows as 0, not as a gap
    SELECT pr.product_id, pr.name, l.lean_lens, coalesce(c.experiments, 0) AS experiments,
           l.position
    FROM products_in_view AS pr
    CROSS JOIN lenses AS l
    LEFT JOIN counts AS c ON c.product_id = pr.product_id AND c.lean_lens = l.lean_lens
)
SELECT product_id, name, lean_lens, experiments FROM final ORDER BY product_id, position
"""  # noqa: S608


def lens_counts(con: Database, start: dt.date | None, as_of: dt.date,
                value_stream: str | None = None, team_id: str | None = None) -> pd.DataFrame:
    """Experiments under way in the period per product in view × lean lens, zeros included.

    Columns product_id, name, lean_lens, experiments; lenses in contract order.
    """
    return _frame(con, LENS_COUNTS,
                  _view(start, as_of, value_stream, team_id, list(contract.LEAN_LENSES)))

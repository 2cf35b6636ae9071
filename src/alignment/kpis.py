"""The Overview's key figures, each now and a quarter earlier, from the named queries and metrics.

No SQL and no Streamlit: this only composes ``queries`` and ``metrics`` for two dates, so the
Overview page stays a description of its UI and the figures are tested without it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from alignment import metrics, queries
from alignment.i18n import number, percent, translate
from alignment.scope import Scope

QUARTER_DAYS = 90


@dataclass(frozen=True)
class Kpi:
    """One tile: the figure now and a quarter earlier, how to read it, and where it is explained."""

    label: str
    value: float | None
    previous: float | None
    unit: str  # "share" | "count" | "days" | "factor"
    lower_is_better: bool
    definition: str
    page: str
    key: str = ""  # the catalogue key of the label; its definition is ``definition.<name>``

    @property
    def change(self) -> float | None:
        """Now minus a quarter earlier, or None when either side has nothing to measure."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def shown(value: float | None, unit: str, lang: str = "en") -> str:
    """A figure as a tile shows it, in ``lang``.

    >>> shown(0.666, "share"), shown(19.5, "days"), shown(3, "count"), shown(None, "factor")
    ('67%', '19.5 days', '3', '—')
    """
    if value is None:
        return "—"
    if unit == "share":
        return percent(lang, value)
    if unit == "days":
        return metrics.days_text(value, lang)
    if unit == "factor":
        return metrics.factor_text(value, lang)
    return number(lang, value)


def shown_change(kpi: Kpi, lang: str = "en") -> str | None:
    """The change as a tile's delta (percentage points for shares), or None without a baseline.

    >>> shown_change(Kpi("x", 0.5, 0.4, "share", False, "", ""))
    '+10 pp vs previous quarter'
    """
    change = kpi.change
    if change is None:
        return None
    if kpi.unit == "share":
        text = translate(lang, "kpi.points", change=number(lang, change * 100, signed=True))
    elif kpi.unit == "factor":
        text = number(lang, change, 2, signed=True)
    elif kpi.unit == "days":
        text = translate(lang, "kpi.days", days=number(lang, change, 1, signed=True))
    else:
        text = number(lang, change, signed=True)
    return translate(lang, "kpi.vs_previous", change=text)


def _chain_completeness(con, scope: Scope) -> float | None:
    return metrics.chain_completeness(queries.goal_chain(con, scope.as_of))


# The three learning tiles count in SQL what the Learning page lists row by row; tests hold
# them equal to the metrics over those rows.
def _learning_debt(con, scope: Scope) -> float | None:
    return queries.learning_debt_count(con, scope, metrics.DEBT_AFTER_DAYS)


def _lead_time(con, scope: Scope) -> float | None:
    return queries.median_lead_days(con, scope)


def _spread_factor(con, scope: Scope) -> float | None:
    return queries.spread_factor(con, scope, metrics.SPREAD_WINDOW_DAYS)


def _collaboration(con, scope: Scope) -> float | None:
    start = scope.as_of - dt.timedelta(days=QUARTER_DAYS - 1)
    return metrics.collaboration_index(queries.collaboration_counts(
        con, start, scope.as_of, scope.value_stream, scope.team_id))


def _reflection(con, scope: Scope) -> float | None:
    return metrics.reflection_breadth(
        queries.session_coverage(con, scope.as_of, scope.value_stream, scope.team_id))


# label key, unit, lower is better, how it is computed, the page that explains it, the figure
KPI_SPECS: tuple[tuple[str, str, bool, str, str, Callable], ...] = (
    ("kpi.chain_completeness", "share", False, metrics.CHAIN_COMPLETENESS_DEFINITION,
     "pages/strategy.py", _chain_completeness),
    ("kpi.learning_debt", "count", True, metrics.LEARNING_DEBT_DEFINITION,
     "pages/learning.py", _learning_debt),
    ("kpi.lead_time", "days", True, metrics.LEAD_TIME_DEFINITION,
     "pages/learning.py", _lead_time),
    ("kpi.spread_factor", "factor", False, metrics.SPREAD_FACTOR_DEFINITION,
     "pages/learning.py", _spread_factor),
    ("kpi.collaboration_index", "share", False, metrics.COLLABORATION_INDEX_DEFINITION,
     "pages/teams.py", _collaboration),
    ("kpi.reflection_breadth", "share", False, metrics.REFLECTION_BREADTH_DEFINITION,
     "pages/coach_overview.py", _reflection),
)


def overview_kpis(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[Kpi]:
    """Every Overview tile for ``scope``, each with its value a quarter before ``scope.as_of``."""
    earlier = dataclasses.replace(scope, as_of=metrics.quarter_before(scope.as_of))
    return [
        Kpi(translate("en", key), _number(figure(con, scope)), _number(figure(con, earlier)),
            unit, lower, definition, page, key)
        for key, unit, lower, definition, page, figure in KPI_SPECS
    ]


def _number(value) -> float | None:
    return None if value is None else float(value)


# Where a leader sees the items of each break type (the page lists them for ``?break=``).
BREAK_PAGES = {
    "goal_without_product": "pages/strategy.py",
    "product_without_goal": "pages/strategy.py",
    "product_without_owner": "pages/strategy.py",
    "product_with_several_owners": "pages/strategy.py",
    "team_without_product": "pages/strategy.py",
    "goal_without_experiment": "pages/strategy.py",
    "orphan_experiment": "pages/strategy.py",
    "misaligned_experiment": "pages/strategy.py",
}


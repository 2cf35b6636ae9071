"""The Overview's key figures, each now and a quarter earlier, from the named queries and metrics.

No SQL and no Streamlit: this only composes ``queries`` and ``metrics`` for two dates, so the
Overview page stays a description of its UI and the figures are tested without it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from alignment import metrics, queries
from alignment.db import Database
from alignment.i18n import number, percent, translate
from alignment.scope import DEFAULT_PERIOD, Scope
from alignment.sitemap import KPI_PAGES

QUARTER_WINDOW = "90d"  # the period key of a definition's own 90-day window
PERIOD = "period"  # a figure counting over the sidebar's period


@dataclass(frozen=True)
class Kpi:
    """One tile: the figure now and a quarter earlier, how to read it, and where it is explained."""

    key: str  # the label's catalogue key ``kpi.<name>``; its definition is ``definition.<name>``
    value: float | None
    previous: float | None
    unit: str  # "share" | "count" | "days" | "factor"
    lower_is_better: bool
    # what the figure counts over: the period of the view (``PERIODS`` key), and whether that
    # is the sidebar's period or a window fixed by the definition
    window: str = DEFAULT_PERIOD
    follows_period: bool = True
    follows_filters: bool = True  # the value stream and team filters

    @property
    def change(self) -> float | None:
        """Now minus a quarter earlier, or None when either side has nothing to measure."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def page(self) -> str:
        """The page that explains the figure."""
        return KPI_PAGES[self.key.removeprefix("kpi.")]


def days_text(days: float | None, lang: str = "en") -> str:
    """A number of days as shown on a tile: ``23 days``, ``23.5 days``, or an em dash."""
    if days is None:
        return "—"
    shown = number(lang, days, 0 if float(days).is_integer() else 1)
    return translate(lang, "kpi.days", days=shown)


def factor_text(factor: float | None, lang: str = "en") -> str:
    """A spread factor as shown on a tile, two decimals, or an em dash when nothing to measure."""
    return "—" if factor is None else number(lang, factor, 2)


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
        return days_text(value, lang)
    if unit == "factor":
        return factor_text(value, lang)
    return number(lang, value)


def shown_change(kpi: Kpi, lang: str = "en") -> str | None:
    """The change as a tile's delta (percentage points for shares), or None without a baseline.

    >>> shown_change(Kpi("kpi.x", 0.5, 0.4, "share", False))
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
    return queries.spread_factor(con, scope)


# Over the period, as the Teams page counts it: the same name shows the same number.
def _collaboration(con, scope: Scope) -> float | None:
    return metrics.collaboration_index(queries.collaboration_counts(
        con, scope.start, scope.as_of, scope.value_stream, scope.team_id))


def _reflection(con, scope: Scope) -> float | None:
    return metrics.reflection_breadth(
        queries.session_coverage(con, scope.as_of, scope.value_stream, scope.team_id))


# label key, unit, lower is better, the figure, its window (the sidebar's period or the
# definition's own), whether value stream and team filter it; the registry says which page
# explains each. Goals belong to no value stream or team, so chain completeness is the whole
# organisation's; its tile says so.
KPI_SPECS: tuple[tuple[str, str, bool, Callable, str, bool], ...] = (
    ("kpi.chain_completeness", "share", False, _chain_completeness, QUARTER_WINDOW, False),
    ("kpi.learning_debt", "count", True, _learning_debt, PERIOD, True),
    ("kpi.lead_time", "days", True, _lead_time, PERIOD, True),
    ("kpi.spread_factor", "factor", False, _spread_factor, PERIOD, True),
    ("kpi.collaboration_index", "share", False, _collaboration, PERIOD, True),
    ("kpi.reflection_breadth", "share", False, _reflection, QUARTER_WINDOW, True),
)


def overview_kpis(con: Database, scope: Scope) -> list[Kpi]:
    """Every Overview tile for ``scope``, each with its value a quarter before ``scope.as_of``."""
    earlier = dataclasses.replace(scope, as_of=metrics.quarter_before(scope.as_of))
    return [
        Kpi(key, _number(figure(con, scope)), _number(figure(con, earlier)), unit, lower,
            window=scope.period if window == PERIOD else window,
            follows_period=window == PERIOD, follows_filters=filtered)
        for key, unit, lower, figure, window, filtered in KPI_SPECS
    ]


def _number(value) -> float | None:
    return None if value is None else float(value)


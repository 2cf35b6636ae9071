"""What a leader is looking at: a period, a value stream and a team, shareable as URL parameters.

Pure (no Streamlit): the sidebar reads and writes these through ``ui/filters.py``, and the
queries take ``Scope`` fields as parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# The quarter every figure with a fixed look-back counts over: experiments that count as
# recent, sessions that count for breadth, the spread and value windows, answers waiting.
QUARTER_DAYS = 90
# Period key → days back from the day of the view; None is all time. Shown as ``period.<key>``.
PERIODS: dict[str, int | None] = {
    "90d": QUARTER_DAYS,
    "6m": 182,
    "12m": 365,
    "18m": 548,
    "all": None,
}
DEFAULT_PERIOD = "12m"
# The URL parameters of a scope: every link the app draws carries them on.
PERIOD_PARAM, STREAM_PARAM, TEAM_PARAM = "period", "stream", "team"
SCOPE_PARAMS = (PERIOD_PARAM, STREAM_PARAM, TEAM_PARAM)


@dataclass(frozen=True)
class Scope:
    """The slice of the organisation a page shows; None means 'all'."""

    as_of: dt.date
    period: str = DEFAULT_PERIOD
    value_stream: str | None = None
    team_id: str | None = None

    @property
    def start(self) -> dt.date | None:
        """First day of the period, or None for all time."""
        days = PERIODS[self.period]
        return None if days is None else self.as_of - dt.timedelta(days=days - 1)


def scope_from_params(params: Mapping[str, str], as_of: dt.date) -> Scope:
    """The scope a URL asks for; unknown or empty values fall back to the defaults.

    >>> scope_from_params({"period": "90d", "stream": "Burgerzaken"}, dt.date(2026, 11, 15))
    Scope(as_of=datetime.date(2026, 11, 15), period='90d', value_stream='Burgerzaken', team_id=None)
    """
    period = params.get(PERIOD_PARAM) or DEFAULT_PERIOD
    return Scope(
        as_of=as_of,
        period=period if period in PERIODS else DEFAULT_PERIOD,
        value_stream=params.get(STREAM_PARAM) or None,
        team_id=params.get(TEAM_PARAM) or None,
    )


def params_from_scope(scope: Scope) -> dict[str, str]:
    """The URL parameters that reproduce ``scope`` (defaults left out)."""
    params = {}
    if scope.period != DEFAULT_PERIOD:
        params[PERIOD_PARAM] = scope.period
    if scope.value_stream:
        params[STREAM_PARAM] = scope.value_stream
    if scope.team_id:
        params[TEAM_PARAM] = scope.team_id
    return params

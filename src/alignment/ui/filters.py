"""The sidebar filters, kept in the URL so a leader can share exactly what they see."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from alignment import queries
from alignment.markdown import plain
from alignment.scope import (
    DEFAULT_PERIOD,
    PERIODS,
    SCOPE_PARAMS,
    Scope,
    params_from_scope,
    scope_from_params,
)
from alignment.ui.cached import CachedReads
from alignment.ui.i18n import t

ALL = ""  # the option meaning no filter; shown as "All"


def sidebar_scope(reads: CachedReads, today: dt.date) -> Scope:
    """Period, value stream and team chosen in the sidebar, read from and written to the URL,
    and named above the page when any is set."""
    asked = scope_from_params(st.query_params.to_dict(), today)
    streams = [ALL, *reads.cached(queries.value_streams)]
    # labels fixed now, in this run's language: a widget may format its options outside the run
    everything = t("sidebar.all")
    periods = {p: t(f"period.{p}") for p in PERIODS}
    with st.sidebar:
        st.subheader(t("sidebar.filters"))
        period = st.selectbox(
            t("sidebar.period"), list(PERIODS), index=list(PERIODS).index(asked.period),
            format_func=periods.get, key="filter_period",
        )
        stream = st.selectbox(
            t("sidebar.value_stream"), streams,
            index=streams.index(asked.value_stream) if asked.value_stream in streams else 0,
            format_func=lambda s: everything if s == ALL else s, key="filter_stream",
        )
        value_stream = None if stream == ALL else stream
        teams = reads.cached(queries.team_choices, value_stream)
        # as lists first: iterating a column of text cell by cell took 10 ms at 2,000 teams
        names = dict(zip(teams["team_id"].tolist(), teams["name"].tolist(), strict=True))
        options = [ALL, *names]
        team = st.selectbox(
            t("sidebar.team"), options,
            index=options.index(asked.team_id) if asked.team_id in options else 0,
            format_func=lambda team: everything if team == ALL else f"{names[team]} ({team})",
            key="filter_team",
        )
    scope = Scope(as_of=today, period=period, value_stream=value_stream,
                  team_id=None if team == ALL else team)
    wanted = params_from_scope(scope)
    kept = {k: v for k, v in st.query_params.to_dict().items() if k not in SCOPE_PARAMS}
    if st.query_params.to_dict() != {**kept, **wanted}:
        st.query_params.from_dict({**kept, **wanted})
    chosen = [
        f"{t('sidebar.period')}: {periods[period]}" if period != DEFAULT_PERIOD else "",
        f"{t('sidebar.value_stream')}: {plain(stream)}" if value_stream else "",
        f"{t('sidebar.team')}: {plain(names[team])} ({plain(team)})" if scope.team_id else "",
    ]
    if any(chosen):
        st.caption(t("sidebar.filtered_on", filters=" · ".join(c for c in chosen if c)),
                   help=t("sidebar.filtered_help"))
    return scope

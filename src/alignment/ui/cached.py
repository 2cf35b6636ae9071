"""Query results cached until the next write: the only place pages' reads are cached.

Every cached result is keyed on the database's data version (``queries.data_version``),
which every write moves on inside its own transaction, so a page never shows a figure
from before an upload, a decision or a session, however long the cache lives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st

from alignment import i18n, queries
from alignment.db import Database


# Results of an older data version are never asked for again; the time limit and the
# entry cap let them go, so memory stays bounded on a long-running server.
@st.cache_data(show_spinner=False, max_entries=1000, ttl=dt.timedelta(hours=1))
def _result(name: str, version: str, args: tuple, kwargs: dict, _fn: Callable,
            _con: Database) -> Any:
    # ``name`` and ``version`` make the key; the connection and function are not hashed.
    return _fn(_con, *args, **kwargs)


def cached_result(con: Database, fn: Callable, *args, **kwargs) -> Any:
    """``fn(con, *args, **kwargs)``, served from the cache while the data has not changed."""
    return result_at(queries.data_version(con), con, fn, *args, **kwargs)


def result_at(version: str, con: Database, fn: Callable, *args, **kwargs) -> Any:
    """``fn(con, *args, **kwargs)`` as cached for ``version`` (read once per page run)."""
    return _result(f"{fn.__module__}.{fn.__qualname__}", version, args, kwargs, fn, con)


class CachedQueries:
    """Every function of ``alignment.queries``, bound to a connection and cached.

    ``CachedQueries(con, version).goal_chain(as_of)`` is ``queries.goal_chain(con, as_of)``,
    read once per data version. A page reads the version once at its top: a page that
    writes reruns itself (``st.rerun``) before it shows anything read afterwards.
    """

    def __init__(self, con: Database, version: str) -> None:
        self._con = con
        self._version = version

    def __getattr__(self, name: str) -> Callable[..., Any]:
        fn = getattr(queries, name)

        def call(*args, **kwargs):
            return result_at(self._version, self._con, fn, *args, **kwargs)

        call.__doc__ = fn.__doc__
        return call


@st.cache_data(show_spinner=False, max_entries=1000, ttl=dt.timedelta(hours=1))
def _spec(name: str, version: str, args: tuple, lang: str, _build: Callable) -> dict:
    # ``args`` (the chart's data) are hashed into the key; building and validating the
    # Vega-Lite spec is most of a chart's cost on a rerun.
    # Altair refuses more than 5,000 rows unless told; the data here is already aggregated
    # (a goal × product matrix at scale has ~12,000 cells), as st.altair_chart allowed.
    with alt.data_transformers.disable_max_rows():
        chart = _build(*args, words=i18n.catalogue(lang))
        return chart.configure(locale=i18n.vega_locale(lang)).to_dict()


def chart_spec(version: str, lang: str, build: Callable, *args) -> dict:
    """The Vega-Lite spec of ``build(*args)`` in ``lang``, cached: its titles, categories and
    tooltips in ``lang``'s words (the builder gets the catalogue as ``words``), its numbers
    and dates formatted the language's way."""
    return _spec(f"{build.__module__}.{build.__qualname__}", version, args, lang, build)

"""Query results cached until the next write: the only place pages' reads are cached.

Every cached result is keyed on the database's data version (``queries.data_version``),
which every write moves on inside its own transaction, so a page never shows a figure
from before an upload, a decision or a session, however long the cache lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb
import streamlit as st

from alignment import queries


@st.cache_data(show_spinner=False, max_entries=4096)
def _result(name: str, version: str, args: tuple, kwargs: dict, _fn: Callable,
            _con: duckdb.DuckDBPyConnection) -> Any:
    # ``name`` and ``version`` make the key; the connection and function are not hashed.
    return _fn(_con, *args, **kwargs)


def cached_result(con: duckdb.DuckDBPyConnection, fn: Callable, *args, **kwargs) -> Any:
    """``fn(con, *args, **kwargs)``, served from the cache while the data has not changed."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _result(name, queries.data_version(con), args, kwargs, fn, con)


class CachedQueries:
    """Every function of ``alignment.queries``, bound to a connection and cached.

    ``CachedQueries(con).goal_chain(as_of)`` is ``queries.goal_chain(con, as_of)``, read
    once per data version.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def __getattr__(self, name: str) -> Callable[..., Any]:
        fn = getattr(queries, name)

        def call(*args, **kwargs):
            return cached_result(self._con, fn, *args, **kwargs)

        call.__doc__ = fn.__doc__
        return call

"""What every page sets up for itself: the connection and the sidebar.

A page opened first by URL on a fresh server runs without ``app.py``, so each page
calls ``page_context()`` at its top instead of relying on the entry script.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import streamlit as st

from alignment import bootstrap, db, queries


@st.cache_resource(show_spinner="Opening the database…")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return bootstrap.ready_connection(path)


@dataclass(frozen=True)
class PageContext:
    """The connection a page works with and the day it reports on."""

    con: duckdb.DuckDBPyConnection
    today: dt.date


def page_context() -> PageContext:
    """The page's connection, with the sidebar showing which database and when it changed."""
    path = str(db.database_path())
    con = _connection(path)
    changed = queries.last_change(con)
    with st.sidebar:
        st.caption(f"Database: `{path}`")
        st.caption(
            "Data last changed: "
            + (changed.strftime("%Y-%m-%d %H:%M") + " UTC" if changed else "never")
        )
    return PageContext(con=con, today=dt.date.today())

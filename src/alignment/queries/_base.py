"""Running a named query: a fresh cursor per call, so a result never holds the connection."""

from __future__ import annotations

import duckdb
import pandas as pd


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    cur = con.cursor()
    try:
        row = cur.execute(sql, params or []).fetchone()
        return row[0] if row else None
    finally:
        cur.close()

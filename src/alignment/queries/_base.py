"""Running a named query: a fresh cursor per call, so a result never holds the connection."""

from __future__ import annotations

import pandas as pd

from alignment.db import Database


def _frame(con: Database, sql: str, params: list | None = None) -> pd.DataFrame:
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    finally:
        cur.close()


def _scalar(con: Database, sql: str, params: list | None = None):
    cur = con.cursor()
    try:
        row = cur.execute(sql, params or []).fetchone()
        return row[0] if row else None
    finally:
        cur.close()

"""Any past state of a record: its current values with every later logged change undone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

CREATED = "(created)"
HISTORY_COLUMNS = ["field", "then", "now", "changed"]


def record_on(
    current: Mapping[str, str | None], changes: pd.DataFrame, moment: dt.datetime
) -> dict[str, str | None] | None:
    """The record as the app held it at ``moment``; None if it was not created yet.

    ``current`` maps fields to their stored values as text; ``changes`` is
    ``queries.entity_changes``. Each change after ``moment`` is undone, newest first.

    >>> # status went idea → running on 1 March and running → done on 1 June:
    >>> # on 15 April the record says running, on 1 February idea.
    """
    record = dict(current)
    later = changes[pd.to_datetime(changes["changed_at"]) > pd.Timestamp(moment)]
    for change in later.iloc[::-1].itertuples(index=False):
        if change.field == CREATED:
            return None
        record[change.field] = None if pd.isna(change.old_value) else change.old_value
    return record


def day_before_last_change(changes: pd.DataFrame, today: dt.date) -> dt.date:
    """The day before the latest change since creation, the day to compare now with; else today.

    >>> # created 1 January, changed 1 March and 1 June: 31 May
    >>> # created 1 January, never changed (or changed the day it was created): today
    """
    stamps = pd.to_datetime(changes["changed_at"])
    created = stamps[changes["field"] == CREATED]
    changed = stamps[changes["field"] != CREATED]
    if changed.empty:
        return today
    before = (changed.max() - pd.Timedelta(days=1)).date()
    first = created.min().date() if not created.empty else before
    return before if before >= first else today


def then_and_now(then: Mapping[str, str | None], now: Mapping[str, str | None]) -> pd.DataFrame:
    """One row per field of ``now``: its value then and now, and whether it changed since."""
    fields = list(now)
    return pd.DataFrame({
        "field": pd.Series(fields, dtype=object),
        "then": pd.Series([then.get(field) for field in fields], dtype=object),
        "now": pd.Series([now[field] for field in fields], dtype=object),
        "changed": pd.Series([then.get(field) != now[field] for field in fields], dtype=bool),
    }, columns=HISTORY_COLUMNS)

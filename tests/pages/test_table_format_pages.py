"""Every table on every page writes dates as dates, numbers in the reader's format, and a
missing text as a dash.

A page that renames a column must not lose its format: an end date then showed as
``2025-12-15 00:00:00``; a missing product showed as "None", in Dutch too.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.pages.conftest import EVERY_VIEW

DATE_FORMATS = {"en": "YYYY-MM-DD", "nl": "DD-MM-YYYY"}


def badly_shown(at, lang: str) -> list[str]:
    """Table columns not shown in ``lang``'s format: dates, fractions, texts with a gap."""
    found = []
    for number, table in enumerate(at.dataframe):
        configs = json.loads(table.proto.columns)
        for column, series in table.value.items():
            kind = (configs.get(column) or {}).get("type_config") or {}
            if pd.api.types.is_datetime64_any_dtype(series):
                wanted = (kind.get("type") in {"date", "datetime"}
                          and kind.get("format", "").startswith(DATE_FORMATS[lang]))
            elif pd.api.types.is_float_dtype(series):
                wanted = kind.get("type") in {"number", "progress"}
            elif series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
                wanted = not series.isna().any()
            else:
                continue
            if not wanted:
                found.append(f"table {number + 1}: {column} ({series.dtype})")
    return found


@pytest.mark.parametrize("lang", sorted(DATE_FORMATS))
@pytest.mark.parametrize("page, query", EVERY_VIEW)
def test_every_table_shows_dates_and_numbers_formatted(app, page, query, lang):
    at = app(page, lang=lang, **query)
    assert not at.exception
    assert badly_shown(at, lang) == []

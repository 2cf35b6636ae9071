"""CSV downloads that are safe to open in a spreadsheet and upload again."""

from __future__ import annotations

import numpy as np
import pandas as pd

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value: object) -> object:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-3"), safe_cell(-3)
    ('\\'=HYPERLINK("http://x")', "'-3", -3)

    Numbers stay numbers; the uploader strips the apostrophe again, so a download
    round-trips.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: object) -> object:
    """``value`` as a CSV cell the uploader reads back: a list as ``a;b``, formulas made safe.

    >>> csv_cell(["WEB", "OPS"]), csv_cell(np.array(["-x"])), csv_cell(None)
    ('WEB;OPS', "'-x", None)
    """
    if isinstance(value, (list, tuple, np.ndarray)):
        value = ";".join(str(item) for item in value)
    return safe_cell(value)


def csv_bytes(frame: pd.DataFrame, delimiter: str = ",") -> bytes:
    """``frame`` as UTF-8 CSV (with BOM, so Excel reads accents right), formula cells made safe
    and list cells written as the uploader reads them (``a;b``); ``;`` for Dutch Excel."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(csv_cell)
    return safe.to_csv(index=False, sep=delimiter, lineterminator="\n").encode("utf-8-sig")

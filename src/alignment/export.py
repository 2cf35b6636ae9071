"""CSV downloads that are safe to open in a spreadsheet and upload again."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# Where a spreadsheet may start a cell inside what we wrote as one: the cell's own start, and
# after any character it may split on (a Dutch spreadsheet splits a comma file on ";", and a
# newline inside a quoted cell starts a row when the quotes are not understood); spaces and
# quotes in between do not stop a formula. A formula start (= + - @) there, behind any
# apostrophes, gets one apostrophe more; reading takes exactly one off (``GUARDED``), so any
# text round-trips, an apostrophe of its own included.
_CELL_START = r"(^|[;,\t\r\n])([ \t\r\n\"]*)"
_FORMULA = r"('*[=+\-@])"
GUARDED = _CELL_START + "'" + _FORMULA  # what reading finds: ``\1\2\3`` is the text
_UNGUARDED = re.compile(_CELL_START + _FORMULA)


def safe_cell(value: object) -> object:
    """``value`` with an apostrophe before every formula start a spreadsheet could see.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-3"), safe_cell(-3)
    ('\\'=HYPERLINK("http://x")', "'-3", -3)
    >>> safe_cell("Dutch; =1+1"), safe_cell("'=x")
    ("Dutch; '=1+1", "''=x")

    Numbers stay numbers; the uploader takes one apostrophe off again at the same places, so
    a download round-trips.
    """
    if isinstance(value, str):
        return _UNGUARDED.sub(r"\1\2'\3", value)
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
    # rows end in CRLF, so a cell holding a lone CR is quoted like one holding a newline
    return safe.to_csv(index=False, sep=delimiter, lineterminator="\r\n").encode("utf-8-sig")

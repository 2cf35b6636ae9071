"""Check every row of an uploaded file at once and type its cells.

The per-column rules (`ingest.columns`: required, allowed values, lengths, ranges, one lazy
pandera validation over cells parsed here, so a bad cell never hides the other problems of
its column), then each kind's rules across rows (`ingest.kinds`: duplicates, unknown ids, the
conditional rules of the experiment contract, goal cycles), all collected in one report
(`ingest.report`) with the header's and the lines' problems (`ingest.header`).

Pure functions: the reader's frame and a `References` in, a typed frame and problems out.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow

from alignment import contract
from alignment.contract import RULES, Rule
from alignment.ingest.cells import text_array
from alignment.ingest.columns import column_checks, typed_columns
from alignment.ingest.header import header_problems, shape_problems
from alignment.ingest.kinds import KIND_RULES
from alignment.ingest.problems import References
from alignment.ingest.report import Report
from alignment.problems import Problem


def _output_column(values: pd.Series, rule: Rule, python_objects: bool) -> pd.Series:
    """One typed column as plain Python cells, or Arrow-backed with the same values."""
    if rule.type == "flag":
        return pd.Series(values.to_numpy(dtype=bool), dtype=bool)
    if rule.type in ("number", "integer", "date"):
        arrow_type = {
            "number": pyarrow.float64(), "integer": pyarrow.int64(), "date": pyarrow.date32()
        }[rule.type]
        array = pyarrow.array(values.to_numpy(), from_pandas=True).cast(arrow_type)
        if not python_objects:
            return pd.Series(pd.arrays.ArrowExtensionArray(array))
        if rule.type == "number":
            floats = values.to_numpy(dtype=np.float64)
            cells = floats.astype(object)
            cells[np.isnan(floats)] = None
            return pd.Series(cells, dtype=object)
        cells = array.to_pandas(integer_object_nulls=True, date_as_object=True).to_numpy()
        return pd.Series(cells, dtype=object)
    if not python_objects:
        return values.reset_index(drop=True)
    return pd.Series(text_array(values).to_numpy(zero_copy_only=False), dtype=object)


def _typed_output(
    typed: pd.DataFrame, kind: str, lines: np.ndarray, python_objects: bool
) -> pd.DataFrame:
    """The output frame: the kind's columns in contract order, typed, plus ``line``."""
    with _gc_paused():
        frame = pd.DataFrame(
            {
                column: _output_column(typed[column], RULES[kind][column], python_objects)
                for column in contract.COLUMNS[kind]
            }
        )
    frame["line"] = lines.astype(np.int64)
    return frame


def _as_text(values: pd.Series) -> pd.Series:
    """A column as pandas text (the reader's columns already are)."""
    return values if isinstance(values.dtype, pd.StringDtype) else values.astype("str")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while making millions of (acyclic) cell objects.

    Creating them triggers collections that scan every object again; at 1M rows this
    halves the time of building the Python-object frame.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def checked_rows(
    frame: pd.DataFrame,
    kind: str,
    references: References,
    today: dt.date,
    python_objects: bool = True,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The typed rows of a file and every problem in it; rows are None if any problem is an error.

    ``frame`` is `reader.rows_from_bytes`'s output. Typed columns are exactly
    ``contract.COLUMNS[kind]`` plus ``line``, holding str, float, int, datetime.date or None
    (flags: bool). ``python_objects=False`` keeps the same values in Arrow-backed columns
    (missing = NA): several times faster and smaller at a million rows, and DuckDB reads
    them without conversion. Problems are sorted by line, then by the column's place in the
    template; warnings (no goal, no product, an unusual discipline) do not block.
    """
    if kind not in RULES:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(RULES)}")
    raw = frame.reset_index(drop=True)
    lines = (
        raw["line"].to_numpy(dtype=np.int64)
        if "line" in raw
        else np.arange(2, len(raw) + 2, dtype=np.int64)
    )
    present = {column for column in raw.columns if column in RULES[kind]}
    empty = pd.Series(np.nan, index=raw.index, dtype="str")
    raw = pd.DataFrame(
        {
            column: _as_text(raw[column]) if column in present else empty
            for column in RULES[kind]
        },
        index=raw.index,
    )
    report = Report(raw, lines, kind, frame.attrs.get("headers"))
    typed = typed_columns(raw, kind, report)
    column_checks(typed, kind, present, report)
    KIND_RULES[kind](typed, raw, references, today, report)
    problems = report.problems(header_problems(frame, kind) + shape_problems(frame))
    misread = {problem.line for problem in shape_problems(frame)}
    if misread:  # a line cut into too many cells: its other findings only repeat that
        problems = [p for p in problems if p.line not in misread or p.column == ""]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _typed_output(typed, kind, lines, python_objects), problems

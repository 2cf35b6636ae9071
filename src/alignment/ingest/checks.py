"""The cross-row checks every kind's rules share: repeated keys, references to ids that do not
exist, unusual list items; and the column lookups they are made of."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow

from alignment.ingest.cells import list_items, text_array, text_series
from alignment.ingest.report import Report, msg
from alignment.problems import Said, said

_LISTED = 5  # other lines named in a duplicate's message


def duplicates(report: Report, typed: pd.DataFrame, keys: list[str], what: str) -> None:
    """Report every row whose key appears on more than one line, naming the other lines."""
    present = typed[keys].notna().all(axis=1)
    key = typed[keys[0]].astype("str")
    for other in keys[1:]:
        key = key + " / " + typed[other].astype("str")
    repeated = (present & key.where(present).duplicated(keep=False)).to_numpy()
    if not repeated.any():
        return
    rows = np.flatnonzero(repeated)
    shown = key.to_numpy(dtype=object)[rows]
    lines = report.lines[rows].tolist()
    lines_of: dict[str, list[int]] = {}
    for value, line in zip(shown, lines, strict=True):
        lines_of.setdefault(value, []).append(line)
    # a column names itself; a pair is a noun of the catalogue (``noun.product_goal_pair``)
    named = said("noun." + what.replace(" / ", "_").replace(" ", "_")) if " " in what else what
    problems = []
    for value, line in zip(shown, lines, strict=True):
        group = lines_of[value]
        others = [str(other) for other in group[:_LISTED + 1] if other != line][:_LISTED]
        more = len(group) - 1 - len(others)
        listed: Said | str = (said("problem.and_more", lines=", ".join(others), more=more)
                              if more else ", ".join(others))
        problems.append(said("problem.duplicate_many" if len(group) > 2
                             else "problem.duplicate_one", what=named, value=value,
                             lines=listed))
    fix = said("problem.fix_duplicate", what=named)
    report.add(rows, keys[-1], problems, fix, value=list(shown))


def _unknown_fix(value: str, known: frozenset[str] | set[str], noun: str) -> Said:
    """How to fix a reference to an id that does not exist."""
    by_lower = {k.lower(): k for k in known}
    if value.lower() in by_lower:
        return said("problem.did_you_mean", id=by_lower[value.lower()])
    if not known:
        return said("problem.none_loaded", noun=said(f"noun.{noun}"))
    listed = sorted(known)
    more = ", …" if len(listed) > 8 else ""
    return said("problem.use_existing", noun=said(f"noun.{noun}"),
                ids=", ".join(listed[:8]) + more)


def unknown_ids(
    report: Report,
    values: pd.Series,
    known: frozenset[str] | set[str],
    column: str,
    noun: str,
    rows: np.ndarray | None = None,
) -> None:
    """Report ids that are not in ``known``; ``rows`` maps list items back to their row."""
    missing = values.notna() & ~isin(values, known)
    if not missing.any():
        return
    bad = values[missing].astype("str")
    fixes = {v: _unknown_fix(v, known, noun) for v in bad.unique()}
    where = rows[missing.to_numpy()] if rows is not None else missing.to_numpy()
    report.add(
        where, column,
        msg("problem.unknown", column=report.name(column), value=list(bad),
             noun=said(f"noun.{noun}")),
        [fixes[v] for v in bad], value=list(bad),
    )


def other_values(report: Report, values: pd.Series, known: tuple[str, ...], column: str) -> None:
    """Warn about list items outside the usual values (e.g. disciplines)."""
    items = list_items(values)
    odd = ~isin(items, known)
    if odd.any():
        report.add(
            items.index.to_numpy()[odd.to_numpy()], column,
            msg("problem.unusual", value=list(items[odd]), column=report.name(column)),
            said("problem.fix_unusual", values=", ".join(known)),
            "warning", value=list(items[odd]),
        )


def isin(values: pd.Series, allowed: Iterable[str] | pd.Series) -> pd.Series:
    """Whether each cell is one of ``allowed`` (False for empty cells); fast for large sets."""
    array = text_array(values)
    if isinstance(allowed, pd.Series):
        allowed_array = text_array(allowed.dropna()).unique()
    else:
        allowed_array = pyarrow.array(list(allowed), pyarrow.string())
    found = pyarrow.compute.is_in(array, value_set=allowed_array.cast(array.type))
    return pd.Series(found.fill_null(False).to_numpy(zero_copy_only=False), index=values.index)


def mapped(
    keys: pd.Series, mapping: dict[str, str] | tuple[pd.Series, pd.Series]
) -> pd.Series:
    """The value each cell maps to, missing where the key is unknown.

    ``mapping`` is a dict or a (keys, values) pair of columns; a repeated key maps to the
    value of its first row.
    """
    if isinstance(mapping, dict):
        if not mapping:
            return pd.Series(np.nan, index=keys.index, dtype="str")
        known = pyarrow.array(list(mapping), pyarrow.large_string())
        values = pyarrow.array(list(mapping.values()), pyarrow.large_string())
    else:
        known, values = text_array(mapping[0]), text_array(mapping[1])
    array = text_array(keys)
    positions = pyarrow.compute.index_in(array, value_set=known.cast(array.type))
    return text_series(values.take(positions), keys.index)

"""What is wrong with a file's header (missing, unknown, unnamed and repeated columns) and
with the shape of its lines."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

import pandas as pd

from alignment import contract
from alignment.contract import HEADER_ALIASES, column_for_header
from alignment.ingest.reader import column_letter
from alignment.problems import Problem, problem, said


def _looks_like(header_columns: Iterable[str], kind: str) -> str | None:
    """Another kind whose required columns the header has, if any."""
    names = set(header_columns)
    for other in contract.COLUMNS:
        if other != kind:
            found = {column_for_header(name, other) for name in names}
            if set(contract.REQUIRED[other]) <= found:
                return other
    return None


def header_problems(frame_or_header: pd.DataFrame | Sequence[str], kind: str) -> list[Problem]:
    """Missing required, unknown and duplicated columns of a file, all on line 1.

    Takes the reader's frame (it keeps the original header) or the header cells themselves.
    >>> [p.column for p in header_problems(["team", "titel", "title"], "experiments")]
    ['experiment_id', 'hypothesis', 'status', 'lean_lens', 'title']
    """
    if isinstance(frame_or_header, pd.DataFrame):
        header = frame_or_header.attrs.get("header")
        if header is None:
            header = [name for name in frame_or_header.columns if name != "line"]
        unnamed = frame_or_header.attrs.get("unnamed_columns", ())
    else:
        header, unnamed = list(frame_or_header), ()
    problems: list[Problem] = []
    seen: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        if not name:
            continue
        column = column_for_header(name, kind)
        if column is not None:
            seen.setdefault(column, []).append(position)
            continue
        columns = contract.COLUMNS[kind]
        known = [*columns, *(a for a, c in HEADER_ALIASES.items() if c in columns)]
        close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.75)
        fix = (
            said("problem.fix_unknown_column_close", name=close[0])
            if close
            else said("problem.fix_unknown_column")
        )
        problems.append(
            problem(1, name, name, said("problem.unknown_column", name=name), fix, "warning")
        )
    for letter in unnamed:
        problems.append(
            problem(
                1, said("problem.column_letter", letter=letter), "",
                said("problem.unnamed", letter=letter),
                said("problem.fix_unnamed"), "warning",
            )
        )
    other_kind = _looks_like(header, kind) if set(contract.REQUIRED[kind]) - set(seen) else None
    for column in contract.REQUIRED[kind]:
        if column not in seen:
            aliases = [a for a, c in HEADER_ALIASES.items() if c == column][:2]
            fix = (said("problem.fix_missing_column_also", column=column,
                        aliases=" / ".join(aliases))
                   if aliases else said("problem.fix_missing_column", column=column))
            if other_kind:
                fix = said("problem.other_kind", kind=said(f"kind.{other_kind}"), fix=fix)
            problems.append(
                problem(1, column, "", said("problem.missing_column", column=column), fix))
    for column, positions in seen.items():
        if len(positions) > 1:
            letters = [column_letter(p) for p in positions]
            listed = " and ".join([", ".join(letters[:-1]), letters[-1]])
            names = ", ".join(header[p] for p in positions)
            both = "both" if len(positions) == 2 else "all"
            problems.append(
                problem(
                    1, column, names,
                    said(f"problem.same_column_{both}", letters=listed, column=column),
                    said("problem.fix_same_column"),
                )
            )
    return problems


def shape_problems(frame: pd.DataFrame) -> list[Problem]:
    """Lines with more filled cells than the header has columns (usually an unquoted ``,``)."""
    return [
        problem(
            line, "", said("problem.cells", count=count),
            said("problem.long_line", count=count, width=width), said("problem.fix_long_line"),
        )
        for line, count, width in frame.attrs.get("long_lines", ())
    ]

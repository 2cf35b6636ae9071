"""The report of a checked file: problems collected a column at a time, each with its message
key and parameters (said in the reader's language later) and its English text."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from alignment import contract
from alignment.i18n import catalogue
from alignment.problems import Problem, Said

# A cell's text or a message's parameter: one value for every row, a Series aligned with the
# frame (or a function returning one, built only when a row is flagged), or a sequence
# aligned with the flagged rows.
_Text = str | pd.Series | Sequence[str] | Callable[[], pd.Series]


@dataclass(frozen=True)
class Msg:
    """A message whose parameters may differ per row (each a `_Text`, or a `Said`)."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


def msg(key: str, **params: object) -> Msg:
    """The message ``key`` with ``params`` that may differ per row."""
    return Msg(key, params)


# What a part of the report says: one `Said` for all rows, a `Said` per flagged row, or a
# key with parameters that are one value or an array per flagged row.
_Maker = Said | np.ndarray | tuple[str, dict[str, object]]


@cache
def _template(key: str) -> tuple[tuple[str, str | None], ...]:
    """The English template of ``key`` as (literal, field) pairs."""
    return tuple((literal, name) for literal, name, _, _ in
                 string.Formatter().parse(catalogue("en")[key]))


def _english(value: object) -> object:
    return value.text() if isinstance(value, Said) else value


_in_english = np.frompyfunc(lambda v: str(_english(v)), 1, 1)


class Report:
    """Collects problems as columns, made into `Problem`s once at the end."""

    def __init__(self, raw: pd.DataFrame, lines: np.ndarray, kind: str,
                 headers: dict[str, str] | None = None) -> None:
        self.raw, self.lines, self.kind = raw, lines, kind
        self.headers = headers or {}
        self.parts: list[pd.DataFrame] = []
        self.makers: list[tuple[_Maker, _Maker]] = []
        self.spoiled: dict[str, np.ndarray] = {}  # cells already reported and made empty

    def name(self, column: str) -> str:
        """The column as the file's header names it (``startdatum``), else as the contract."""
        return self.headers.get(column, column)

    def spoil(self, where: pd.Series | np.ndarray, column: str) -> None:
        """Remember reported cells made empty, so their emptiness is not reported again."""
        mask = np.asarray(where, dtype=bool)
        before = self.spoiled.get(column)
        self.spoiled[column] = mask if before is None else before | mask

    def add(
        self,
        where: pd.Series | np.ndarray,
        column: str,
        problem: Said | Msg | Sequence[Said],
        fix: Said | Msg | Sequence[Said],
        severity: str = "error",
        value: _Text | None = None,
    ) -> None:
        """Flag rows (a boolean mask, or row positions that may repeat) in one column.

        ``problem`` and ``fix`` are messages: one `Said` for all rows, a `Msg` whose
        parameters are `_Text`s, or a sequence of `Said`s aligned with the flagged rows. Their
        English text is made column-wise; the key and parameters are kept for the report.
        """
        rows = np.flatnonzero(np.asarray(where)) if _is_mask(where) else np.asarray(where)
        rows = rows.astype(np.int64)
        if not len(rows):
            return
        if value is None:
            value = self.raw[column] if column in self.raw else ""

        def aligned(text: _Text) -> object:
            if callable(text):
                text = text()
            if isinstance(text, pd.Series):
                return text.iloc[rows].to_numpy(dtype=object, na_value="")
            if isinstance(text, str | int | float | Said):
                return text
            return np.asarray(list(text), dtype=object)

        def made(message: Said | Msg | Sequence[Said]) -> tuple[object, _Maker]:
            """The English text (one, or one per row) and what makes the message again."""
            if isinstance(message, Said):
                return message.text(), message
            if isinstance(message, Msg):
                params = {name: aligned(v) for name, v in message.params.items()}
                text: object = ""
                for literal, name in _template(message.key):
                    text = text + literal
                    if name is not None:
                        param = params[name]
                        text = text + (_in_english(param) if isinstance(param, np.ndarray)
                                       else str(_english(param)))
                return text, (message.key, params)
            messages = np.asarray(list(message), dtype=object)
            return _in_english(messages), messages

        problem_english, problem_maker = made(problem)
        fix_english, fix_maker = made(fix)
        self.makers.append((problem_maker, fix_maker))
        self.parts.append(
            pd.DataFrame(
                {
                    "line": self.lines[rows],
                    "column": column,
                    "value": aligned(value),
                    "problem": problem_english,
                    "fix": fix_english,
                    "severity": severity,
                    "part": len(self.makers) - 1,
                    "offset": np.arange(len(rows)),
                }
            )
        )

    def problems(self, before: Iterable[Problem]) -> list[Problem]:
        """All problems, sorted by line, then by the column's place in the template."""
        before = list(before)
        given = pd.DataFrame(
            [(p.line, p.column, p.value, p.problem, p.fix, p.severity, -1 - i, 0)
             for i, p in enumerate(before)],
            columns=["line", "column", "value", "problem", "fix", "severity", "part", "offset"],
        )
        frames = [f for f in [given, *self.parts] if len(f)]
        if not frames:
            return []
        table = pd.concat(frames, ignore_index=True)
        order = {column: i for i, column in enumerate(contract.COLUMNS[self.kind])}
        table["order"] = table["column"].map(order).fillna(len(order))
        table = table.sort_values(["line", "order", "column"], kind="stable")
        table["column"] = table["column"].map(lambda column: self.headers.get(column, column))
        texts = [
            table[name].astype(object).fillna("").map(str).tolist()
            for name in ("column", "value", "problem", "fix", "severity")
        ]
        parts = table["part"].to_numpy(dtype=np.int64)
        offsets = table["offset"].to_numpy(dtype=np.int64)
        problem_said, fix_said, column_said, value_said = (
            np.full(len(table), None, dtype=object) for _ in range(4))
        for part in np.unique(parts):
            at = np.flatnonzero(parts == part)
            if part < 0:
                earlier = before[-1 - part]
                problem_said[at], fix_said[at] = earlier.problem_said, earlier.fix_said
                column_said[at], value_said[at] = earlier.column_said, earlier.value_said
                continue
            for saids, maker in zip((problem_said, fix_said), self.makers[part], strict=True):
                saids[at] = _saids(maker, offsets[at])
        return [
            Problem(line, *texts_of_row, *saids)
            for line, *texts_of_row, saids in zip(
                table["line"].astype(int).tolist(), *texts,
                zip(problem_said, fix_said, column_said, value_said, strict=True), strict=True)
        ]


def _saids(maker: _Maker, offsets: np.ndarray) -> object:
    """The messages of the flagged rows at ``offsets``: one for all, or one per row."""
    if isinstance(maker, Said):
        return maker
    if isinstance(maker, np.ndarray):
        return maker[offsets]
    key, params = maker
    varying = {name: value[offsets] for name, value in params.items()
               if isinstance(value, np.ndarray)}
    if not varying:
        return Said(key, tuple(params.items()))
    names = list(params)
    columns = [varying[name] if name in varying else [params[name]] * len(offsets)
               for name in names]
    made = np.empty(len(offsets), dtype=object)
    made[:] = [Said(key, tuple(zip(names, values, strict=True)))
               for values in zip(*columns, strict=True)]
    return made


def _is_mask(where: object) -> bool:
    """Whether ``where`` is a boolean mask rather than row positions."""
    return np.asarray(where).dtype == bool

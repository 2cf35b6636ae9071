"""Check every row of an uploaded file at once and type its cells.

Per-column rules (required, allowed values, lengths, ranges) run as one lazy pandera
validation over cells this module parsed itself: a cell that is no number or date becomes
null and is reported on its own, so it never hides the other problems of its column.
Cross-row and reference rules (duplicates, unknown ids, the conditional rules of the
experiment contract, goal cycles) are pandas column operations.

Pure functions: the reader's frame and a `References` in, a typed frame and problems out.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gc
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from alignment import contract
from alignment.i18n import catalogue, dutch_words
from alignment.ingest.problems import References
from alignment.ingest.reader import (
    date_parts,
    dates_from_texts,
    header_problems,
    is_month_first,
    list_items,
    lists_from_texts,
    numbers_from_texts,
    shape_problems,
    text_array,
    text_series,
)
from alignment.problems import Problem, Said, choices, said


@dataclass(frozen=True)
class Rule:
    """How one column is typed and checked: ``type`` is text, enum, number, integer, date,
    flag (yes/no) or list."""

    type: str = "text"
    values: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    length: tuple[int, int] | None = None
    example: str = ""  # the message ``example.<name>`` shown with an empty required cell


_ID = Rule(example="id")
_TEXT = Rule()
_DATE = Rule("date")
_PCT = Rule("number", low=0, high=100, example="pct")
_SCORE = Rule("number", low=1, high=5, example="score")


def _enum(values: tuple[str, ...]) -> Rule:
    """Rule for a column with a fixed set of values."""
    return Rule("enum", values=values)


RULES: dict[str, dict[str, Rule]] = {
    "experiments": {
        "experiment_id": _ID,
        "team_id": Rule(example="own_team"),
        "title": Rule(length=(3, 120), example="title"),
        "hypothesis": Rule(example="hypothesis"),
        "status": _enum(contract.EXPERIMENT_STATUSES),
        "lean_lens": _enum(contract.LEAN_LENSES),
        "product_id": _TEXT,
        "goal_id": _TEXT,
        "start_date": _DATE,
        "end_date": _DATE,
        "metric": _TEXT,
        "baseline": Rule("number"),
        "target": Rule("number"),
        "observed": Rule("number"),
        "result": _enum(contract.RESULTS),
        "learning": _TEXT,
        "evidence_strength": _enum(contract.EVIDENCE_STRENGTHS),
        "decision": _enum(contract.DECISIONS),
        "decision_date": _DATE,
        "decision_scope": _enum(contract.DECISION_SCOPES),
        "decision_rationale": _TEXT,
        "partner_teams": Rule("list"),
        "disciplines": Rule("list", values=contract.DISCIPLINES),
        "source_experiment_id": _TEXT,
        "energy": Rule("integer", low=1, high=5),
    },
    "goals": {
        "goal_id": Rule(example="goal"),
        "title": _TEXT,
        "description": _TEXT,
        "level": _enum(contract.GOAL_LEVELS),
        "parent_goal_id": _TEXT,
        "owner": _TEXT,
        "period_start": _DATE,
        "period_end": _DATE,
        "status": _enum(contract.GOAL_STATUSES),
    },
    "products": {
        "product_id": Rule(example="product"),
        "name": _TEXT,
        "value_stream": _TEXT,
        "lifecycle": _enum(contract.LIFECYCLES),
        "mission": _TEXT,
        "explore_target_pct": _PCT,
    },
    "product_goals": {
        "product_id": _TEXT,
        "goal_id": _TEXT,
        "link_type": _enum(contract.LINK_TYPES),
        "weight": Rule("number", low=0),
    },
    "teams": {
        "team_id": Rule(example="team"),
        "name": _TEXT,
        "value_stream": _TEXT,
        "disciplines": Rule("list", values=contract.DISCIPLINES),
    },
    "team_products": {
        "team_id": _TEXT,
        "product_id": _TEXT,
        "role": _enum(contract.TEAM_ROLES),
        "allocation_pct": _PCT,
    },
    "sessions": {
        "session_id": _ID,
        "team_id": _TEXT,
        "held_on": _DATE,
        "facilitator": _TEXT,
        "kind": _enum(contract.SESSION_KINDS),
        "covered_results": Rule("flag"),
        "covered_collaboration": Rule("flag"),
        "covered_safety": Rule("flag"),
        "safety": _SCORE,
        "ownership": _SCORE,
        "energy": _SCORE,
        "collaboration": _SCORE,
        "notes": _TEXT,
    },
    "actions": {
        "action_id": _ID,
        "session_id": _TEXT,
        "experiment_id": _TEXT,
        "owner_team_id": _TEXT,
        "description": _TEXT,
        "due_on": _DATE,
        "status": _enum(contract.ACTION_STATUSES),
        "closed_on": _DATE,
    },
}

RULES["people"] = {
    "email": Rule(example="email"),
    "name": _TEXT,
    "role": _enum(contract.PERSON_ROLES),
    "team_id": _TEXT,
}
RULES["coach_teams"] = {
    "email": Rule(example="coach_email"),
    "team_id": _TEXT,
}
RULES["goal_measures"] = {
    "measure_id": Rule(example="measure"),
    "goal_id": _TEXT,
    "name": _TEXT,
    "unit": _TEXT,
    "direction": _enum(contract.MEASURE_DIRECTIONS),
    "baseline": Rule("number"),
    "target": Rule("number"),
    "target_date": _DATE,
}
RULES["check_ins"] = {
    "check_in_id": Rule(example="check_in"),
    "measure_id": _TEXT,
    "checked_on": _DATE,
    "value": Rule("number"),
    "confidence": _enum(contract.CONFIDENCES),
    "comment": _TEXT,
}

# one @, something before it, a dot in the domain, no spaces: enough to catch typos
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"

_YES = ("yes", "y", "true", "1", "ja", "j", "waar", "x")
_NO = ("no", "n", "false", "0", "nee", "onwaar")


def _shown(number: float | None) -> str:
    """A bound as people write it: 5 rather than 5.0."""
    return f"{number:g}" if number is not None else ""


def _bounds(rule: Rule) -> Said | str:
    """The allowed range of a numeric rule in words."""
    if rule.low is not None and rule.high is not None:
        return said("problem.bounds", low=_shown(rule.low), high=_shown(rule.high))
    if rule.low is not None:
        return said("problem.bounds_low", low=_shown(rule.low))
    return ""


# A cell's text or a message's parameter: one value for every row, a Series aligned with the
# frame (or a function returning one, built only when a row is flagged), or a sequence
# aligned with the flagged rows.
_Text = str | pd.Series | Sequence[str] | Callable[[], pd.Series]


@dataclass(frozen=True)
class _Msg:
    """A message whose parameters may differ per row (each a `_Text`, or a `Said`)."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


def _msg(key: str, **params: object) -> _Msg:
    return _Msg(key, params)


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


class _Report:
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
        problem: Said | _Msg | Sequence[Said],
        fix: Said | _Msg | Sequence[Said],
        severity: str = "error",
        value: _Text | None = None,
    ) -> None:
        """Flag rows (a boolean mask, or row positions that may repeat) in one column.

        ``problem`` and ``fix`` are messages: one `Said` for all rows, a `_Msg` whose
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

        def made(message: Said | _Msg | Sequence[Said]) -> tuple[object, _Maker]:
            """The English text (one, or one per row) and what makes the message again."""
            if isinstance(message, Said):
                return message.text(), message
            if isinstance(message, _Msg):
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


# ----------------------------------------------------------------------------- per column


def _typed_columns(raw: pd.DataFrame, kind: str, report: _Report) -> pd.DataFrame:
    """Cells parsed to their rule's type; unparseable cells become null and are reported."""
    typed = {}
    month_first = is_month_first(
        raw[column] for column, rule in RULES[kind].items() if rule.type == "date")
    for column, rule in RULES[kind].items():
        named = report.name(column)
        texts = _within_limits(report, column, raw[column])
        if rule.type in ("number", "integer"):
            values, bad = numbers_from_texts(texts)
            integer = rule.type == "integer"
            report.add(
                bad, column,
                said("problem.not_whole" if integer else "problem.not_number", column=named),
                said("problem.fix_whole_between", bounds=_bounds(rule))
                if integer else said("problem.fix_number"),
            )
            report.spoil(bad, column)  # a required number that is no number is not also empty
            huge = values.abs().gt(contract.MAX_NUMBER)
            report.add(huge, column, said("problem.too_large", column=named),
                       said("problem.fix_too_large", digits=len(f"{contract.MAX_NUMBER:.0f}") - 1))
            values = values.mask(huge)
        elif rule.type == "date":
            values, bad = dates_from_texts(texts, month_first)
            _date_problems(report, column, texts[bad], bad, month_first)
        elif rule.type == "enum":
            values = texts.str.lower()
            odd = values.notna() & ~values.isin(rule.values)
            if odd.any():
                values = values.mask(odd, values.str.replace(r"[\s\-]+", "_", regex=True))
                values = _english_values(values, odd, rule.values)
        elif rule.type == "flag":
            lowered = texts.str.lower()
            values = lowered.isin(_YES)
            bad = lowered.notna() & ~values & ~lowered.isin(_NO)
            report.add(bad, column, said("problem.not_flag", column=named),
                       said("problem.fix_flag"))
        elif rule.type == "list":
            values = lists_from_texts(texts, lower=bool(rule.values))
        else:
            values = texts
        typed[column] = values
    return pd.DataFrame(typed, index=raw.index)


_SHOWN_CHARS = 40  # of a value too long to show whole in the report


def _within_limits(report: _Report, column: str, texts: pd.Series) -> pd.Series:
    """``texts`` with the cells over the contract's length limit, and the ids holding other
    characters than an id may, reported and made empty."""
    is_id = contract.is_id_column(column) and column not in contract.ID_LISTS
    most = contract.MAX_ID_CHARS if is_id else contract.MAX_CELL_CHARS
    lengths = texts.str.len()
    long = lengths.gt(most).fillna(False).astype(bool)
    if long.any():
        shown = texts[long].str.slice(0, _SHOWN_CHARS) + "…"
        report.add(long, column,
                   _msg("problem.too_long", column=report.name(column), count=list(lengths[long]),
                        most=most),
                   said("problem.fix_too_long", most=most), value=list(shown))
        report.spoil(long, column)
        texts = texts.mask(long)
    if not contract.is_id_column(column):
        return texts
    items = list_items(lists_from_texts(texts)) if not is_id else texts.dropna()
    odd = items[~items.str.fullmatch(contract.ID_PATTERN).fillna(True).astype(bool)]
    if odd.empty:
        return texts
    report.add(odd.index.to_numpy(), column,
               [_id_character(report.name(column), item) for item in odd],
               said("problem.fix_id_character", allowed=contract.ID_CHARACTERS),
               value=list(odd))
    spoiled = texts.index.isin(odd.index)
    report.spoil(spoiled, column)
    return texts.mask(spoiled)


def _id_character(column: str, item: str) -> Said:
    """Which character of an id is not allowed and where, e.g. U+0410 CYRILLIC CAPITAL LETTER
    A at position 2: the reader sees no difference, so the message names it."""
    position, character = next((i, c) for i, c in enumerate(item, start=1)
                               if not re.fullmatch(contract.ID_PATTERN, c))
    name = unicodedata.name(character, "")
    shown = f"U+{ord(character):04X} {name}" if name else f"U+{ord(character):04X}"
    if character.isprintable() and not character.isspace():
        shown = f"{shown} ({character})"
    return said("problem.id_character", column=column, value=item, character=shown,
                position=position)


def _date_problems(report: _Report, column: str, texts: pd.Series, bad: pd.Series,
                   month_first: bool) -> None:
    """Report the cells that are no date: the day or month that does not exist, or no date
    at all."""
    named = report.name(column)
    problems, fixes = [], []
    for text in texts:
        parts = date_parts(text, month_first)
        if parts is None or parts[0] < 1:
            problems.append(said("problem.not_date", column=named))
            fixes.append(said("problem.fix_date"))
        elif not 1 <= parts[1] <= 12:
            problems.append(said("problem.no_such_month", column=named, value=text,
                                 month=parts[1]))
            fixes.append(said("problem.fix_no_such_month"))
        else:
            days = calendar.monthrange(parts[0], parts[1])[1]
            problems.append(said("problem.no_such_day", column=named, value=text,
                                 month=parts[1], year=parts[0], days=days))
            fixes.append(said("problem.fix_no_such_day", days=days))
    report.add(bad, column, problems, fixes)


def _english_values(values: pd.Series, odd: pd.Series, allowed: tuple[str, ...]) -> pd.Series:
    """``values`` with the Dutch words of the catalogue (``lopend``, ``gevalideerd``…) made
    the English values stored; only the cells in ``odd`` are looked at."""
    words = {dutch.replace(" ", "_"): english for dutch, english in dutch_words(allowed).items()}
    english = values[odd].map(words)
    return values.mask(odd & english.reindex(values.index).notna(), english)


@lru_cache(maxsize=64)
def _schema(kind: str, required: frozenset[str]) -> pa.DataFrameSchema:
    """The pandera schema of a kind; ``required`` columns may not be empty."""
    columns = {}
    for column, rule in RULES[kind].items():
        checks = []
        if rule.type == "enum":
            checks.append(pa.Check.isin(list(rule.values), error="enum"))
        if rule.length:
            checks.append(pa.Check.str_length(*rule.length, error="length"))
        if rule.low is not None and rule.high is not None:
            checks.append(pa.Check.in_range(rule.low, rule.high, error="range"))
        elif rule.low is not None:
            checks.append(pa.Check.ge(rule.low, error="range"))
        if rule.type == "integer":
            checks.append(pa.Check(lambda s: s.mod(1).eq(0), error="whole"))
        columns[column] = pa.Column(checks=checks, nullable=column not in required)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def _column_checks(typed: pd.DataFrame, kind: str, present: set[str], report: _Report) -> None:
    """Run the pandera schema lazily and report every failure case."""
    schema = _schema(kind, frozenset(set(contract.REQUIRED[kind]) & present))
    try:
        schema.validate(typed, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases.dropna(subset=["index"])
        for (column, check), group in cases.groupby(["column", "check"], sort=False):
            rows = group["index"].to_numpy(dtype=np.int64)
            if check == "not_nullable" and str(column) in report.spoiled:
                rows = rows[~report.spoiled[str(column)][rows]]
                if not len(rows):
                    continue
            problem, fix = _failure_text(kind, str(column), str(check), report, rows)
            report.add(rows, str(column), problem, fix)


def _failure_text(
    kind: str, column: str, check: str, report: _Report, rows: np.ndarray
) -> tuple[Said | _Msg, Said]:
    """Plain words for a pandera failure: what is wrong and how to fix it."""
    rule, named = RULES[kind][column], report.name(column)
    if check == "not_nullable":
        if rule.example:
            return said("problem.empty", column=named), said(
                "problem.fix_fill_example", column=named,
                example=said(f"example.{rule.example}"))
        return said("problem.empty", column=named), said("problem.fix_fill", column=named)
    if check == "enum":
        allowed = choices(rule.values)
        return (said("problem.one_of", column=named, allowed=allowed),
                said("problem.fix_one_of", allowed=allowed))
    if check == "length":
        low, high = rule.length or (0, 0)
        lengths = report.raw[column].str.len().to_numpy()[rows]
        return (_msg("problem.length", column=named, count=list(lengths), low=low, high=high),
                said("problem.fix_length", low=low, high=high))
    if check == "range":
        if rule.high is None:
            at_least = _shown(rule.low)
            return (said("problem.at_least", column=named, low=at_least),
                    said("problem.fix_at_least", low=at_least))
        return (said("problem.in_range", column=named, bounds=_bounds(rule)),
                said("problem.fix_number_between", bounds=_bounds(rule)))
    if check == "whole":
        return (said("problem.whole", column=named),
                said("problem.fix_whole", bounds=_bounds(rule)))
    raise ValueError(f"no words for the check {check}")  # pragma: no cover


# ----------------------------------------------------------------------------- helpers


_LISTED = 5  # other lines named in a duplicate's message


def _duplicates(report: _Report, typed: pd.DataFrame, keys: list[str], what: str) -> None:
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


def _unknown(
    report: _Report,
    values: pd.Series,
    known: frozenset[str] | set[str],
    column: str,
    noun: str,
    rows: np.ndarray | None = None,
) -> None:
    """Report ids that are not in ``known``; ``rows`` maps list items back to their row."""
    missing = values.notna() & ~_isin(values, known)
    if not missing.any():
        return
    bad = values[missing].astype("str")
    fixes = {v: _unknown_fix(v, known, noun) for v in bad.unique()}
    where = rows[missing.to_numpy()] if rows is not None else missing.to_numpy()
    report.add(
        where, column,
        _msg("problem.unknown", column=report.name(column), value=list(bad),
             noun=said(f"noun.{noun}")),
        [fixes[v] for v in bad], value=list(bad),
    )


def _other_values(report: _Report, values: pd.Series, known: tuple[str, ...], column: str) -> None:
    """Warn about list items outside the usual values (e.g. disciplines)."""
    items = list_items(values)
    odd = ~_isin(items, known)
    if odd.any():
        report.add(
            items.index.to_numpy()[odd.to_numpy()], column,
            _msg("problem.unusual", value=list(items[odd]), column=report.name(column)),
            said("problem.fix_unusual", values=", ".join(known)),
            "warning", value=list(items[odd]),
        )


def _isin(values: pd.Series, allowed: Iterable[str] | pd.Series) -> pd.Series:
    """Whether each cell is one of ``allowed`` (False for empty cells); fast for large sets."""
    array = text_array(values)
    if isinstance(allowed, pd.Series):
        allowed_array = text_array(allowed.dropna()).unique()
    else:
        allowed_array = pyarrow.array(list(allowed), pyarrow.string())
    found = pyarrow.compute.is_in(array, value_set=allowed_array.cast(array.type))
    return pd.Series(found.fill_null(False).to_numpy(zero_copy_only=False), index=values.index)


def _mapped(
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


# ----------------------------------------------------------------------------- per kind


def _experiment_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Cross-row, reference and conditional rules of the experiment contract."""
    ids, team = typed["experiment_id"], typed["team_id"]
    _duplicates(report, typed, ["experiment_id"], "experiment_id")

    if refs.experiment_teams:
        stored = _mapped(ids, refs.experiment_teams)
        taken = stored.notna() & team.notna() & stored.ne(team)
        report.add(
            taken, "experiment_id",
            _msg("problem.taken", column=report.name("experiment_id"), id=ids, team=stored),
            _msg("problem.fix_taken", team=stored),
        )

    _unknown(report, team, refs.team_ids, "team_id", "team")
    for column, noun, known in (
        ("product_id", "product", refs.product_ids),
        ("goal_id", "goal", refs.goal_ids),
    ):
        report.add(
            raw[column].isna(), column, said("problem.no_link", noun=said(f"noun.{noun}")),
            said("problem.fix_no_link", noun=said(f"noun.{noun}")), "warning",
        )
        _unknown(report, typed[column], known, column, noun)

    partners = list_items(typed["partner_teams"])
    rows = partners.index.to_numpy()
    _unknown(report, partners.reset_index(drop=True), refs.team_ids, "partner_teams", "team", rows)
    lead = partners.eq(team.reindex(partners.index)).to_numpy()
    report.add(
        rows[lead], "partner_teams", _msg("problem.lead_partner", team=list(partners[lead])),
        said("problem.fix_lead_partner"), value=list(partners[lead]),
    )
    _other_values(report, typed["disciplines"], contract.DISCIPLINES, "disciplines")

    source = typed["source_experiment_id"]
    if source.notna().any():
        in_file = _isin(source, ids)
        source_team = _mapped(source, (ids, team)).fillna(_mapped(source, refs.experiment_teams))
        validated = _mapped(source, (ids, typed["result"])).eq("validated").where(
            in_file, _isin(source, refs.validated_experiments)
        )
        itself = source.notna() & source.eq(ids)
        report.add(
            itself, "source_experiment_id", said("problem.adopts_itself"),
            said("problem.fix_adopts_itself"),
        )
        unknown = source.notna() & source_team.isna() & ~itself
        report.add(
            unknown, "source_experiment_id",
            _msg("problem.unknown_source", column=report.name("source_experiment_id"), id=source),
            said("problem.fix_unknown_source"),
        )
        own = source_team.notna() & source_team.eq(team) & ~itself
        report.add(
            own, "source_experiment_id", _msg("problem.own_source", id=source, team=team),
            said("problem.fix_own_source"),
        )
        unproven = source_team.notna() & ~validated.astype(bool) & ~itself
        report.add(
            unproven, "source_experiment_id", _msg("problem.unproven", id=source),
            said("problem.fix_unproven"),
        )

    status = typed["status"]
    running_or_done = status.isin(["running", "done"])
    statuses = {value: said(f"enum.experiment_status.{value}")
                for value in contract.EXPERIMENT_STATUSES}
    report.add(
        running_or_done & raw["start_date"].isna(), "start_date",
        _msg("problem.needs_start", status=lambda: status.map(statuses),
             column=report.name("start_date")),
        said("problem.fix_needs_start"),
    )
    done = status.eq("done")
    for column, fix in (
        ("observed", said("problem.fix_observed")),
        ("result", said("problem.fix_result", allowed=choices(contract.RESULTS))),
        ("learning", said("problem.fix_learning")),
    ):
        report.add(done & raw[column].isna(), column,
                   said("problem.done_needs", column=report.name(column)), fix)

    start, end, decided = typed["start_date"], typed["end_date"], typed["decision_date"]
    named_dates = {"column": report.name("end_date"), "other": report.name("start_date")}
    report.add(
        end < start, "end_date",
        _msg("problem.end_before_start", day=raw["start_date"], **named_dates),
        said("problem.fix_end_before_start", **named_dates),
    )
    report.add(
        decided < end, "decision_date",
        _msg("problem.decided_before_end", day=raw["end_date"], column=report.name("decision_date"),
             other=report.name("end_date")),
        said("problem.fix_decided_before_end"),
    )
    report.add(
        decided > pd.Timestamp(today), "decision_date",
        said("problem.decided_future", column=report.name("decision_date")),
        said("problem.fix_decided_future", day=f"{today:%Y-%m-%d}"),
    )


def _goal_cycles(parents: dict[str, str | None], goals: Iterable[str]) -> dict[str, list[str]]:
    """For each of ``goals`` that lies on a cycle of parents, the cycle (starting at it)."""
    cycles: dict[str, list[str]] = {}
    settled: set[str] = set()
    for start in goals:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in settled and node not in position:
            position[node] = len(path)
            path.append(node)
            node = parents.get(node)
        if node is not None and node in position:
            loop = path[position[node] :]
            for i, member in enumerate(loop):
                cycles[member] = loop[i:] + loop[:i]
        settled.update(path)
    return cycles


def _goal_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique goal ids, existing parents, no cycles, a period that ends after it starts."""
    ids, parent = typed["goal_id"], typed["parent_goal_id"]
    _duplicates(report, typed, ["goal_id"], "goal_id")
    _unknown(report, parent, set(refs.goal_ids) | set(ids.dropna()), "parent_goal_id", "goal")
    parents: dict[str, str | None] = dict(refs.goal_parents)
    first = ids.notna() & ~ids.duplicated()
    parents.update(
        zip(ids[first], parent[first].to_numpy(dtype=object, na_value=None), strict=True)
    )
    cycles = _goal_cycles(parents, ids.dropna().unique())
    on_cycle = ids.isin(set(cycles))
    report.add(
        on_cycle, "parent_goal_id",
        _msg("problem.cycle", path=[" → ".join([*cycles[g], cycles[g][0]])
                                    for g in ids[on_cycle]]),
        said("problem.fix_cycle"),
    )
    period = {"column": report.name("period_end"), "other": report.name("period_start")}
    report.add(
        typed["period_end"] < typed["period_start"], "period_end",
        _msg("problem.period_end", day=raw["period_start"], **period),
        said("problem.fix_period_end", **period),
    )


def _product_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique product ids."""
    _duplicates(report, typed, ["product_id"], "product_id")


def _product_goal_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Existing product and goal, each pair once."""
    _unknown(report, typed["product_id"], refs.product_ids, "product_id", "product")
    _unknown(report, typed["goal_id"], refs.goal_ids, "goal_id", "goal")
    _duplicates(report, typed, ["product_id", "goal_id"], "product / goal pair")


def _team_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique team ids; unusual disciplines are a warning."""
    _duplicates(report, typed, ["team_id"], "team_id")
    _other_values(report, typed["disciplines"], contract.DISCIPLINES, "disciplines")


def _team_product_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Existing team and product, each pair once, one owner team per product (a warning)."""
    _unknown(report, typed["team_id"], refs.team_ids, "team_id", "team")
    _unknown(report, typed["product_id"], refs.product_ids, "product_id", "product")
    _duplicates(report, typed, ["team_id", "product_id"], "team / product pair")
    product = typed["product_id"]
    owner = typed["role"].eq("owner") & product.notna()
    owners = product[owner].value_counts()
    several = owner & product.map(owners).gt(1)
    if several.any():
        lines = pd.Series(report.lines[owner.to_numpy()]).groupby(product[owner].to_numpy())
        listed = lines.agg(lambda s: ", ".join(map(str, s)))
        flagged = list(product[several])
        report.add(
            several, "role",
            _msg("problem.several_owners", product=flagged,
                 count=[owners[p] for p in flagged], lines=[listed[p] for p in flagged]),
            said("problem.fix_several_owners"), "warning",
        )
    unowned = product.notna() & ~product.isin(set(owners.index)) & ~product.duplicated()
    report.add(
        unowned, "role", _msg("problem.no_owner", product=product),
        said("problem.fix_no_owner"), "warning",
    )


def _session_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique session ids and an existing team."""
    _duplicates(report, typed, ["session_id"], "session_id")
    _unknown(report, typed["team_id"], refs.team_ids, "team_id", "team")


def _action_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique action ids; existing session, owner team and experiment."""
    _duplicates(report, typed, ["action_id"], "action_id")
    _unknown(report, typed["session_id"], refs.session_ids, "session_id", "session")
    _unknown(report, typed["owner_team_id"], refs.team_ids, "owner_team_id", "team")
    _unknown(
        report, typed["experiment_id"], set(refs.experiment_teams), "experiment_id", "experiment"
    )


def _email_rules(typed: pd.DataFrame, report: _Report) -> None:
    """E-mail addresses that do not look like one; the rest are stored lowercased."""
    typed["email"] = emails = typed["email"].str.lower()
    bad = emails.notna() & ~emails.str.fullmatch(_EMAIL).fillna(False).astype(bool)
    report.add(bad.to_numpy(dtype=bool), "email", said("problem.not_email"),
               said("problem.fix_not_email"))


def _people_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Valid, unique e-mails (whatever their case); a member needs an existing team."""
    _email_rules(typed, report)
    _duplicates(report, typed, ["email"], "email")
    member = typed["role"].eq("member").fillna(False).astype(bool)
    report.add((member & typed["team_id"].isna()).to_numpy(dtype=bool), "team_id",
               said("problem.member_team"), said("problem.fix_member_team"))
    _unknown(report, typed["team_id"], refs.team_ids, "team_id", "team")


def _coach_team_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Valid e-mails of people who are coaches, existing teams, each pair once."""
    _email_rules(typed, report)
    _unknown(report, typed["team_id"], refs.team_ids, "team_id", "team")
    _duplicates(report, typed, ["email", "team_id"], "coach / team pair")
    emails = typed["email"].astype(object).where(typed["email"].notna(), None)
    roles = [refs.person_roles.get(e.lower()) if isinstance(e, str) else "" for e in emails]
    unknown = np.array([role is None for role in roles])
    report.add(unknown, "email", _msg("problem.not_in_people", email=raw["email"]),
               said("problem.fix_not_in_people"))
    other = np.array([role not in (None, "", "coach") for role in roles])
    others = [(e, r) for e, r in zip(emails, roles, strict=True) if r not in (None, "", "coach")]
    report.add(other, "email",
               _msg("problem.not_coach", email=[e for e, _ in others],
                    role=[said(f"enum.person_role.{r}") if r in contract.PERSON_ROLES else r
                          for _, r in others]),
               said("problem.fix_not_coach"))


def _goal_measure_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique measure ids, an existing goal, a target on the better side of the baseline."""
    _duplicates(report, typed, ["measure_id"], "measure_id")
    _unknown(report, typed["goal_id"], refs.goal_ids, "goal_id", "goal")
    higher, lower = typed["direction"].eq("higher"), typed["direction"].eq("lower")
    wrong_side = ((higher & (typed["target"] <= typed["baseline"]))
                  | (lower & (typed["target"] >= typed["baseline"])))
    report.add(
        wrong_side.fillna(False).to_numpy(dtype=bool), "target",
        _msg("value.problem_target_side", value=raw["target"], baseline=raw["baseline"],
             direction=raw["direction"]),
        said("value.problem_fix_target_side"),
    )


def _check_in_rules(
    typed: pd.DataFrame, raw: pd.DataFrame, refs: References, today: dt.date, report: _Report
) -> None:
    """Unique check-in ids, an existing measure, no check-in dated in the future."""
    _duplicates(report, typed, ["check_in_id"], "check_in_id")
    _unknown(report, typed["measure_id"], refs.measure_ids, "measure_id", "measure")
    future = typed["checked_on"] > pd.Timestamp(today)
    report.add(
        future.fillna(False).to_numpy(dtype=bool), "checked_on",
        _msg("value.problem_check_in_future", day=raw["checked_on"]),
        said("value.problem_fix_check_in_future", day=f"{today:%Y-%m-%d}"),
    )


_KIND_RULES = {
    "experiments": _experiment_rules,
    "goals": _goal_rules,
    "products": _product_rules,
    "product_goals": _product_goal_rules,
    "teams": _team_rules,
    "team_products": _team_product_rules,
    "sessions": _session_rules,
    "actions": _action_rules,
    "people": _people_rules,
    "coach_teams": _coach_team_rules,
    "goal_measures": _goal_measure_rules,
    "check_ins": _check_in_rules,
}


# ----------------------------------------------------------------------------- output


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
    report = _Report(raw, lines, kind, frame.attrs.get("headers"))
    typed = _typed_columns(raw, kind, report)
    _column_checks(typed, kind, present, report)
    _KIND_RULES[kind](typed, raw, references, today, report)
    problems = report.problems(header_problems(frame, kind) + shape_problems(frame))
    misread = {problem.line for problem in shape_problems(frame)}
    if misread:  # a line cut into too many cells: its other findings only repeat that
        problems = [p for p in problems if p.line not in misread or p.column == ""]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return _typed_output(typed, kind, lines, python_objects), problems

"""Per-column rules: each cell typed by its column's rule, and every cell that breaks the rule
(no number or date, not one of the values, too long, out of range, empty though required)
reported. A cell that is no number or date becomes null and is reported on its own, so it
never hides the other problems of its column."""

from __future__ import annotations

import calendar
import re
import unicodedata
from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from alignment import contract
from alignment.contract import NO_WORDS, RULES, YES_WORDS, Rule
from alignment.i18n import dutch_words
from alignment.ingest.cells import (
    date_parts,
    dates_from_texts,
    is_month_first,
    list_items,
    lists_from_texts,
    numbers_from_texts,
)
from alignment.ingest.report import Msg, Report, msg
from alignment.problems import Said, choices, said


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


def typed_columns(raw: pd.DataFrame, kind: str, report: Report) -> pd.DataFrame:
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
            values = lowered.isin(YES_WORDS)
            bad = lowered.notna() & ~values & ~lowered.isin(NO_WORDS)
            report.add(bad, column, said("problem.not_flag", column=named),
                       said("problem.fix_flag"))
        elif rule.type == "list":
            values = lists_from_texts(texts, lower=bool(rule.values))
        else:
            values = texts
        typed[column] = values
    return pd.DataFrame(typed, index=raw.index)


_SHOWN_CHARS = 40  # of a value too long to show whole in the report


def _within_limits(report: Report, column: str, texts: pd.Series) -> pd.Series:
    """``texts`` with the cells over the contract's length limit, and the ids holding other
    characters than an id may, reported and made empty."""
    is_id = contract.is_id_column(column) and column not in contract.ID_LISTS
    most = contract.MAX_ID_CHARS if is_id else contract.MAX_CELL_CHARS
    lengths = texts.str.len()
    long = lengths.gt(most).fillna(False).astype(bool)
    if long.any():
        shown = texts[long].str.slice(0, _SHOWN_CHARS) + "…"
        report.add(long, column,
                   msg("problem.too_long", column=report.name(column), count=list(lengths[long]),
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


def _date_problems(report: Report, column: str, texts: pd.Series, bad: pd.Series,
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


def column_checks(typed: pd.DataFrame, kind: str, present: set[str], report: Report) -> None:
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
    kind: str, column: str, check: str, report: Report, rows: np.ndarray
) -> tuple[Said | Msg, Said]:
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
        return (msg("problem.length", column=named, count=list(lengths), low=low, high=high),
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

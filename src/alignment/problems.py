"""The one way the house says what is wrong: a message is a catalogue key with its parameters
(`Said`), worded in the reader's language at the face; a `Problem` is one finding in an uploaded
file, made of such messages.

The English text the golden files and the stored report hold is ``translate("en", key,
**params)``; the report, a refused form or a refused vote says the same key and parameters
again in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from alignment.i18n import (
    DEFAULT_LANGUAGE,
    date_text,
    enum_field,
    enum_label,
    language_of,
    percent,
    translate,
)


@dataclass(frozen=True)
class Said:
    """A message by its catalogue key (``problem.not_date``) and parameters.

    A parameter is plain text or a number, said as it is in every language; a day or a
    `Share`, written the language's way; or a `Said` itself (a phrase such as ``from 1 to 5``
    or a noun), said in the reader's language too.
    """

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The message in ``lang``.

        >>> said("problem.in_range", column="energy",
        ...      bounds=said("problem.bounds", low=1, high=5)).text("nl")
        'energy moet van 1 tot 5 zijn'
        """
        return translate(lang, self.key, **{
            name: _worded(value, lang) for name, value in self.params})


def _worded(value: object, lang: str) -> object:
    """A message's parameter in ``lang``."""
    if isinstance(value, Said):
        return value.text(lang)
    if isinstance(value, dt.date):
        return date_text(lang, value)
    if isinstance(value, Share):
        return percent(lang, value.value)
    return value


@dataclass(frozen=True)
class Share:
    """A share 0–1 as a message's parameter: a whole percentage, written the language's way."""

    value: float


@dataclass(frozen=True)
class Choices(Said):
    """The values of an enum field as a parameter: listed as stored in English, and in the
    reader's words in another language (uploads accept both). ``key`` is the field."""

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """``idea, running, done, stopped`` in English; ``idee, lopend, …`` in Dutch."""
        values = [value for _, value in self.params]
        if language_of(lang) == DEFAULT_LANGUAGE:
            return ", ".join(values)
        return ", ".join(enum_label(lang, self.key, value).lower() for value in values)


@dataclass(frozen=True)
class Lowered(Said):
    """A noun said inside a sentence: its catalogue text in lower case (``safety``)."""

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The noun in ``lang``, lower case."""
        return super().text(lang).lower()


def choices(values: tuple[str, ...]) -> Choices | str:
    """The allowed ``values`` of a column as a parameter (plain text if no enum has them).

    >>> choices(("weak", "medium", "strong")).text("nl")
    'zwak, middel, sterk'
    """
    field = enum_field(values)
    return Choices(field, tuple((value, value) for value in values)) if field else ", ".join(
        values)


def said(key: str, **params: object) -> Said:
    """The message ``key`` with ``params``: ``said("problem.not_date", column="end_date")``."""
    return Said(key, tuple(params.items()))


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in an uploaded file; errors block the upload, warnings do not.

    ``line`` is the row number as the user's spreadsheet shows it (header = 1),
    or 0 for a problem with the file as a whole. ``problem`` and ``fix`` are the English
    texts; ``problem_said`` and ``fix_said`` the same messages as keys and parameters, for
    saying them in another language (`in_language`).
    """

    line: int
    column: str
    value: str
    problem: str
    fix: str
    severity: str = "error"  # "error" | "warning"
    problem_said: Said | None = field(default=None, compare=False, repr=False)
    fix_said: Said | None = field(default=None, compare=False, repr=False)
    column_said: Said | None = field(default=None, compare=False, repr=False)
    value_said: Said | None = field(default=None, compare=False, repr=False)

    def in_language(self, lang: str) -> tuple[str, str]:
        """The problem and its fix in ``lang`` (as made, for a message without a key)."""
        return (self.problem_said.text(lang) if self.problem_said else self.problem,
                self.fix_said.text(lang) if self.fix_said else self.fix)

    def cells_in(self, lang: str) -> tuple[str, str]:
        """The column and value in ``lang``: mostly the file's own text, the same in any.

        >>> problem(3, "", said("problem.cells", count=4), said("problem.long_line", count=4,
        ...         width=3), said("problem.fix_long_line")).cells_in("nl")
        ('', '4 cellen')
        """
        return (self.column_said.text(lang) if self.column_said else self.column,
                self.value_said.text(lang) if self.value_said else self.value)


def problem(line: int, column: str | Said, value: str | Said, what: Said, fix: Said,
            severity: str = "error") -> Problem:
    """A `Problem` whose texts are the English of ``what`` and ``fix`` (and of ``column`` and
    ``value`` when the app words them, like ``column C``, rather than the file)."""
    column_said = column if isinstance(column, Said) else None
    value_said = value if isinstance(value, Said) else None
    return Problem(line, column_said.text() if column_said else column,
                   value_said.text() if value_said else value, what.text(), fix.text(),
                   severity, what, fix, column_said, value_said)

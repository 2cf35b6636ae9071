"""Dutch and English: message catalogues, numbers and dates per language, translated enums.

Pure (no Streamlit): pages reach it through ``alignment.ui.i18n``; metrics, charts, ingest
and templates take a language or return catalogue keys. Enum values stay English in the
database and the CSV contract and are only shown translated; the Dutch words of the
catalogue are also accepted on upload (``dutch_words``).
"""

from __future__ import annotations

import datetime as dt
import math
import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

from alignment import contract

LANGUAGES = ("en", "nl")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "nl": "Nederlands"}

# enum field → its English values, as the contract stores them; shown as ``enum.<field>.<value>``
ENUMS: dict[str, tuple[str, ...]] = {
    "goal_level": contract.GOAL_LEVELS,
    "goal_status": contract.GOAL_STATUSES,
    "lifecycle": contract.LIFECYCLES,
    "link_type": contract.LINK_TYPES,
    "team_role": contract.TEAM_ROLES,
    "experiment_status": contract.EXPERIMENT_STATUSES,
    "lean_lens": contract.LEAN_LENSES,
    "result": contract.RESULTS,
    "evidence_strength": contract.EVIDENCE_STRENGTHS,
    "decision": contract.DECISIONS,
    "decision_scope": contract.DECISION_SCOPES,
    "session_kind": contract.SESSION_KINDS,
    "action_status": contract.ACTION_STATUSES,
    "experiment_team_role": contract.EXPERIMENT_TEAM_ROLES,
    "person_role": contract.PERSON_ROLES,
    "measure_direction": contract.MEASURE_DIRECTIONS,
    "confidence": contract.CONFIDENCES,
}

# table column → the enum field its values belong to, for translating shown tables
ENUM_COLUMNS: dict[str, str] = {
    "level": "goal_level", "goal_level": "goal_level",
    "goal_status": "goal_status",
    "lifecycle": "lifecycle",
    "link_type": "link_type",
    "lean_lens": "lean_lens",
    "result": "result",
    "evidence_strength": "evidence_strength",
    "decision": "decision",
    "decision_scope": "decision_scope",
    "kind": "session_kind",
    "team_role": "experiment_team_role",
    "direction": "measure_direction",
    "confidence": "confidence",
}


def language_of(asked: str | None) -> str:
    """The supported language ``asked`` names (``nl``, ``nl-BE``, ``en-US``…), else English.

    >>> language_of("nl-NL"), language_of("fr"), language_of(None)
    ('nl', 'en', 'en')
    """
    code = (asked or "").strip().lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def _flattened(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flattened(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every message of ``lang`` by its dotted key."""
    text = resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return _flattened(tomllib.loads(text))


def translate(lang: str, key: str, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in; English if ``lang`` lacks it.

    A key in neither catalogue raises ``KeyError``: a typo fails loudly in the tests.
    """
    messages = catalogue(language_of(lang))
    template = messages[key] if key in messages else catalogue(DEFAULT_LANGUAGE)[key]
    return template.format(**params) if params else template


def enum_label(lang: str, field: str, value: object) -> str:
    """An enum value as shown in ``lang`` (``running`` → ``lopend``); other values as they are."""
    if not isinstance(value, str) or value not in ENUMS[field]:
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(
            value)
    return translate(lang, f"enum.{field}.{value}")


def enum_labels(lang: str, field: str) -> dict[str, str]:
    """Every value of an enum field with its label in ``lang``."""
    return {value: enum_label(lang, field, value) for value in ENUMS[field]}


def enum_field(values: tuple[str, ...]) -> str | None:
    """The enum field whose values are ``values`` (``("idea", "running", …)`` → its field)."""
    return next((field for field, known in ENUMS.items() if tuple(known) == tuple(values)),
                None)


def dutch_words(values: tuple[str, ...]) -> dict[str, str]:
    """Dutch word (lowercase) → English value, for the enum field whose values are ``values``.

    Read from the Dutch catalogue, so the words accepted on upload are the words shown.
    """
    for field, known in ENUMS.items():
        if tuple(known) == tuple(values):
            return {translate("nl", f"enum.{field}.{value}").lower(): value for value in known}
    return {}


# ----------------------------------------------------------------------------- formats

_SEPARATORS = {"en": (".", ","), "nl": (",", ".")}  # decimal mark, thousands separator
# the list separator a spreadsheet in that language reads a CSV with: Dutch Excel's decimal
# mark is the comma, so it splits on ``;`` and opens a comma-separated file as one column
_CSV_DELIMITERS = {"en": ",", "nl": ";"}


def csv_delimiter(lang: str) -> str:
    """The delimiter of a CSV file meant for a spreadsheet in ``lang``: ``;`` in Dutch.

    >>> csv_delimiter("nl"), csv_delimiter("en")
    (';', ',')
    """
    return _CSV_DELIMITERS[language_of(lang)]


def number(lang: str, value: float | int | None, decimals: int = 0, signed: bool = False) -> str:
    """``value`` with the language's decimal mark and digit grouping; an em dash for nothing.

    >>> number("nl", 1234.5, 1), number("en", 1234.5, 1), number("nl", -0.25, 2, signed=True)
    ('1.234,5', '1,234.5', '-0,25')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    decimal, thousands = _SEPARATORS[language_of(lang)]
    return text.translate(str.maketrans({",": thousands, ".": decimal}))


def percent(lang: str, share: float | None, decimals: int = 0) -> str:
    """A share 0–1 as a percentage (``67%``), or an em dash when there is nothing to measure."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return number(lang, share * 100, decimals) + "%"


_DATE_FORMATS = {"en": "%Y-%m-%d", "nl": "%d-%m-%Y"}
_TABLE_DATE_FORMATS = {"en": "YYYY-MM-DD", "nl": "DD-MM-YYYY"}


def date_text(lang: str, day: dt.date | dt.datetime | None) -> str:
    """A date as the language writes it: ``2026-11-27`` or ``27-11-2026``; empty for none."""
    if day is None or _missing(day):
        return ""
    return f"{day:{_DATE_FORMATS[language_of(lang)]}}"


def datetime_text(lang: str, moment: dt.datetime) -> str:
    """A moment to the minute: the language's date and ``HH:MM``."""
    return f"{date_text(lang, moment)} {moment:%H:%M}"


def _missing(value: object) -> bool:
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return False


def table_date_format(lang: str) -> str:
    """The date format of a table column (``st.column_config.DateColumn``) in ``lang``."""
    return _TABLE_DATE_FORMATS[language_of(lang)]


def vega_locale(lang: str) -> dict[str, dict[str, object]]:
    """Vega's ``config.locale`` for ``lang``: number marks and month and day names on axes."""
    decimal, thousands = _SEPARATORS[language_of(lang)]
    words = catalogue(language_of(lang))
    return {
        "number": {"decimal": decimal, "thousands": thousands, "grouping": [3],
                   "currency": ["€ ", ""] if lang == "nl" else ["$", ""]},
        "time": {
            "dateTime": "%a %e %B %Y %X",
            "date": "%d-%m-%Y" if lang == "nl" else "%Y-%m-%d",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": words["calendar.days"].split(),
            "shortDays": words["calendar.short_days"].split(),
            "months": words["calendar.months"].split(),
            "shortMonths": words["calendar.short_months"].split(),
        },
    }


# ----------------------------------------------------------------------------- templates


def template_fields(template: str) -> list[str]:
    """The placeholders of a message template, in order."""
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]

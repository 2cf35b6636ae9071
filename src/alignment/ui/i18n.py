"""The language a person reads in: ``?lang=`` in the URL, else the browser's, else English.

``t(key, **params)`` is the one translation call of the UI; the sidebar's language choice
writes ``?lang=`` into the URL, keeping every other parameter.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from alignment import i18n

LANG_PARAM = "lang"
LANG_KEY = "language"


def browser_language() -> str:
    """The browser's language if the app speaks it (``st.context.locale``), else English."""
    try:
        return i18n.language_of(st.context.locale)
    except (AttributeError, RuntimeError):  # no browser behind this run
        return i18n.DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of this run: the sidebar's choice, ``?lang=``, the browser's, or English."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen in i18n.LANGUAGES:
        return chosen
    asked = st.query_params.get(LANG_PARAM)
    if asked:
        return i18n.language_of(asked)
    return browser_language()


def language_choice() -> str:
    """The language select box in the sidebar; the choice is kept in the URL as ``?lang=``."""
    lang = current_language()
    languages = list(i18n.LANGUAGES)
    with st.sidebar:
        lang = st.selectbox(t("sidebar.language"), languages, index=languages.index(lang),
                            format_func=i18n.LANGUAGE_NAMES.get, key=LANG_KEY)
    if st.query_params.get(LANG_PARAM) != lang and (
        LANG_PARAM in st.query_params or lang != browser_language()
    ):
        st.query_params[LANG_PARAM] = lang
    return lang


def t(key: str, **params: object) -> str:
    """The message ``key`` in the current language, with ``params`` filled in."""
    return i18n.translate(current_language(), key, **params)


def words() -> dict[str, str]:
    """Every message of the current language by key: what a chart or graph builder is handed
    to say its titles, categories and labels in (``alignment.charts`` never translates)."""
    return i18n.catalogue(current_language())


def num(value: float | int | None, decimals: int = 0, signed: bool = False) -> str:
    """A number as the current language writes it (``1.234,5`` or ``1,234.5``)."""
    return i18n.number(current_language(), value, decimals, signed)


def pct(share: float | None) -> str:
    """A share 0–1 as a whole percentage, or an em dash when there is nothing to measure."""
    return i18n.percent(current_language(), share)


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as the current language writes it (``27-11-2026`` or ``2026-11-27``)."""
    return i18n.date_text(current_language(), value)


def enum(field: str, value: object) -> str:
    """An enum value (stored in English) as the current language shows it."""
    return i18n.enum_label(current_language(), field, value)


def enum_format(field: str):
    """A ``format_func`` for widgets whose options are the values of an enum field.

    The language is the one of this run, fixed when the function is made: a widget may call
    its ``format_func`` outside the script run too.
    """
    labels = i18n.enum_labels(current_language(), field)
    return lambda value: labels.get(value, value)


MISSING_TEXT = "—"  # what a table cell without a text shows


def column_label(name: str) -> str:
    """A table column's header in the current language (``column.<name>``), else its name."""
    messages = i18n.catalogue(current_language())
    key = f"column.{name}"
    return messages.get(key) or i18n.catalogue(i18n.DEFAULT_LANGUAGE).get(key) or name


def shown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` for showing: enum values translated, a missing text as a dash, not "None".

    The data itself stays English and untouched; a download writes it as stored.
    """
    lang = current_language()
    shown = frame.copy(deep=False)
    for column, field in i18n.ENUM_COLUMNS.items():
        if column in shown.columns and not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v, f=field: i18n.enum_label(lang, f, v))
    for column in shown.columns:
        if _holds_texts(shown[column]) and shown[column].isna().any():
            shown[column] = shown[column].fillna(MISSING_TEXT)
    return shown


def _holds_texts(series: pd.Series) -> bool:
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return True
    return series.dtype == object and all(isinstance(value, str) for value in series.dropna())


def table_config(frame: pd.DataFrame, config: dict | None = None) -> dict:
    """Column headers in the current language, dates as it writes them, numbers localised.

    ``config`` entries override the defaults: a column config replaces it, a plain string is a
    catalogue key for the header and keeps the column's date or number format.
    """
    lang = current_language()
    configs: dict = {}
    for column in frame.columns:
        label = column_label(str(column))
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series) and _has_times(series):
            configs[column] = st.column_config.DatetimeColumn(
                label, format=i18n.table_date_format(lang) + " HH:mm")
        elif pd.api.types.is_datetime64_any_dtype(series) or _holds_dates(series):
            configs[column] = st.column_config.DateColumn(
                label, format=i18n.table_date_format(lang))
        elif pd.api.types.is_float_dtype(series):
            configs[column] = st.column_config.NumberColumn(label, format="localized")
        else:
            configs[column] = label
    for column, given in (config or {}).items():
        kept = configs.get(column)
        if not isinstance(given, str):
            configs[column] = given
        elif isinstance(kept, dict):
            configs[column] = {**kept, "label": t(given)}
        else:
            configs[column] = t(given)
    return configs


def _has_times(series: pd.Series) -> bool:
    present = series.dropna()
    return bool((present != present.dt.normalize()).any())


def _holds_dates(series: pd.Series) -> bool:
    if series.dtype != object:
        return False
    first = series.first_valid_index()
    value = None if first is None else series.at[first]
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def data_table(frame: pd.DataFrame, config: dict | None = None, **kwargs) -> None:
    """``st.dataframe`` in the current language: headers, enum values, dates and numbers, and a
    dash for any missing value."""
    st.dataframe(shown_frame(frame), hide_index=True, placeholder=MISSING_TEXT,
                 column_config=table_config(frame, config), **kwargs)

"""The items of a break in the chain: which goals, products, teams or experiments, and why.

A link to a break carries ``?break=<type>``; the page it opens lists that break's items
first (``asked_break`` + ``break_items``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alignment.metrics import BREAK_TYPES, EXPERIMENT_BREAK_TYPES
from alignment.ui.history import history_column, history_linked
from alignment.ui.i18n import data_table, num, t
from alignment.ui.navigation import carried_params

BREAK_PARAM = "break"
EXPERIMENT_BREAKS = EXPERIMENT_BREAK_TYPES


def break_label(break_type: str) -> str:
    """A break type as a leader reads it, in the current language."""
    return t(f"break_label.{break_type}")


def break_definition(break_type: str) -> str:
    """What a break type means, in the current language."""
    return t(f"break_definition.{break_type}")


def asked_break() -> str | None:
    """The break type the URL asks to see (``?break=…``), if it is one."""
    asked = st.query_params.get(BREAK_PARAM)
    return asked if asked in BREAK_TYPES else None


def break_link(page: str, break_type: str, label: str) -> None:
    """A link to ``page`` listing the items of ``break_type``, keeping language and filters."""
    st.page_link(page, label=label, icon=":material/link_off:",
                 query_params={**carried_params(), BREAK_PARAM: break_type})


def break_items(rows: pd.DataFrame, break_type: str | None = None) -> None:
    """The items of breaks as a table: the break (unless all are ``break_type``), the item
    ("id · name"), what is wrong, and for experiments a link to their history.

    ``rows`` holds entity_id, name, detail, and break_type when the types are mixed.
    """
    shown = pd.DataFrame({"item": rows["entity_id"] + " · " + rows["name"],
                          "detail": rows["detail"]})
    config: dict = {"item": "breaks.item", "detail": "breaks.detail"}
    if break_type is None:
        shown.insert(0, "break", rows["break_type"].map(break_label))
        config["break"] = "breaks.break"
    if break_type in EXPERIMENT_BREAKS:
        shown = history_linked(shown.assign(experiment_id=rows["entity_id"]))
        shown = shown.drop(columns="experiment_id")
        config["history"] = history_column()
    data_table(shown, config)


def break_count_label(break_type: str, count: int) -> str:
    """"Orphan experiment — 7": a break type and how many items it has."""
    return f"{break_label(break_type)} — {num(count)}"

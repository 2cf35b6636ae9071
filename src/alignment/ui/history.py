"""A record's history: every logged change, and the record as it stood on any day."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd
import streamlit as st

from alignment import i18n, metrics, queries
from alignment.markdown import plain
from alignment.sitemap import EXPERIMENTS
from alignment.ui.context import PageContext
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import column_label, data_table, day, enum, t
from alignment.ui.navigation import page_urls

EXPERIMENT_PARAM = "experiment"


def _field_label(field: str) -> str:
    return t("history.created") if field == metrics.CREATED else column_label(field)


class Record(NamedTuple):
    status_enum: str    # the enum its ``status`` column holds
    unknown: str        # the message for an id that is not stored


RECORDS = {
    "experiments": Record("experiment_status", "history.unknown_experiments"),
    "goals": Record("goal_status", "history.unknown_goals"),
}


def _value_label(entity: str, field: str, value: str | None) -> str | None:
    kind = RECORDS[entity].status_enum if field == "status" else i18n.ENUM_COLUMNS.get(field)
    return enum(kind, value) if kind and value is not None else value


def history_linked(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``history`` column: a link to each experiment's history."""
    return frame.assign(history=page_urls(EXPERIMENTS, EXPERIMENT_PARAM,
                                          frame["experiment_id"]))


def history_column() -> dict:
    """How a table shows the ``history`` column of ``history_linked``."""
    return st.column_config.LinkColumn(t("history.column"), display_text=t("history.open"))


def experiment_picker(suggestions: pd.Series) -> str | None:
    """An experiment id, chosen from ``suggestions`` or typed, kept in the URL."""
    asked = st.query_params.get(EXPERIMENT_PARAM)
    options = list(dict.fromkeys([*([asked] if asked else []), *suggestions]))
    chosen = st.selectbox(t("history.experiment"), options, index=options.index(asked)
                          if asked else None, placeholder=t("history.choose"),
                          accept_new_options=True, key="history_experiment")
    chosen = chosen.strip() if chosen else None
    if chosen and st.query_params.get(EXPERIMENT_PARAM) != chosen:
        st.query_params[EXPERIMENT_PARAM] = chosen
    elif not chosen and EXPERIMENT_PARAM in st.query_params:
        del st.query_params[EXPERIMENT_PARAM]
    return chosen


def record_history(ctx: PageContext, entity: str, entity_id: str) -> None:
    """The record on a chosen day beside the record now, then every change that led there."""
    stored = ctx.cached(queries.record_as_text, entity, entity_id)
    if stored.empty:
        st.warning(t(RECORDS[entity].unknown, id=entity_id))
        return
    now = stored.iloc[0].to_dict()
    changes = ctx.cached(queries.entity_changes, entity, entity_id)
    created = changes.loc[changes["field"] == metrics.CREATED, "changed_at"]
    if len(created) == len(changes):  # nothing to compare: say so instead of "0 changed"
        if len(created):
            st.info(t("history.unchanged", id=entity_id, day=day(created.min())))
        _change_list(entity_id, changes)
        return
    on = st.date_input(t("history.on"), max_value=ctx.today,
                       value=metrics.day_before_last_change(changes, ctx.today),
                       format=i18n.table_date_format(ctx.lang),
                       key=f"history_day_{entity}_{entity_id}")
    then = metrics.record_on(now, changes, dt.datetime.combine(on, dt.time.max))
    if then is None:
        st.info(t("history.not_yet", id=plain(entity_id), day=day(on)))
    else:
        compared = metrics.then_and_now(then, now)
        st.caption(t("history.compared", day=day(on), changed=int(compared["changed"].sum())))
        data_table(compared.assign(
            field=compared["field"].map(_field_label),
            then=[_value_label(entity, f, v) for f, v in zip(compared["field"],
                                                             compared["then"], strict=True)],
            now=[_value_label(entity, f, v) for f, v in zip(compared["field"],
                                                            compared["now"], strict=True)],
        ), {"field": "history.field", "then": "history.then", "now": "history.now",
            "changed": "history.changed"})
    _change_list(entity_id, changes)


def _change_list(entity_id: str, changes: pd.DataFrame) -> None:
    """Every logged change of the record, oldest first, with its download."""
    st.subheader(t("history.changes", count=len(changes)))
    data_table(changes.assign(field=changes["field"].map(_field_label)), {
        "changed_at": "history.changed_at", "field": "history.field",
        "old_value": "history.old", "new_value": "history.new", "changed_by": "history.by",
        "upload_id": "history.upload", "file_name": "history.file",
    })
    download_csv(changes, f"{entity_id}_history.csv", t("history.download"))

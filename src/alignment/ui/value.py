"""The Strategy page's value parts: goals' progress, one goal's measures, and the check-in form."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from alignment import access, contract
from alignment.i18n import table_date_format
from alignment.markdown import plain
from alignment.store import value as store_value
from alignment.store.value import NewCheckIn
from alignment.ui.i18n import current_language, data_table, enum_format, num, t

SAVED_KEY = "value_check_in_saved"
ATTEMPT_KEY = "value_check_in_attempt"
TRENDS = {"up": "value.trend_up", "flat": "value.trend_flat", "down": "value.trend_down"}
SOURCES = {"measures": "value.from_measures", "children": "value.from_children"}
PROGRESS = st.column_config.ProgressColumn
GOAL_COLUMNS = {"goal_id": "value.column_goal_id", "title": "value.column_title",
                "level": "value.column_level", "trend": "value.column_trend",
                "source": "value.column_source"}
MEASURE_COLUMNS = {"name": "value.column_measure", "baseline": "value.column_baseline",
                   "latest": "value.column_latest", "target": "value.column_target",
                   "latest_on": "value.column_latest_on", "status": "value.column_status",
                   "confidence": "value.column_confidence"}
CHECK_IN_COLUMNS = {"checked_on": "value.column_checked_on", "measure": "value.column_measure",
                    "value": "value.column_value", "confidence": "value.column_confidence",
                    "comment": "value.column_comment"}


def _progress_config(key: str) -> PROGRESS:
    # whole percents (49 %, not 49.09 %): the column holds progress × 100
    return PROGRESS(t(key), min_value=0, max_value=100, format="%.0f%%")


def trend_text(trend: object) -> str:
    """A trend key in words (``↑ rising``), a dash when unknown."""
    return t(TRENDS[trend]) if trend in TRENDS else "—"


def goal_progress_table(goals: pd.DataFrame) -> None:
    """Every active goal with its progress bar, trend and what it is measured by."""
    active = goals[goals["status"] == "active"]
    shown = pd.DataFrame({
        "goal_id": active["goal_id"], "title": active["title"], "level": active["level"],
        "progress": active["progress"].astype(float) * 100,
        "trend": active["trend"].map(trend_text),
        "source": active["source"].map(lambda s: t(SOURCES[s]) if s in SOURCES else "—"),
    })
    data_table(shown, {**GOAL_COLUMNS, "progress": _progress_config("value.column_progress")})


def staleness_text(days: object) -> str:
    """How long a measure has gone without a check-in, in words."""
    if days is None or pd.isna(days):
        return t("value.never")
    return t("value.stale", days=num(days))


def measure_table(measures: pd.DataFrame) -> None:
    """The goal's measures: baseline, latest, target, progress and when last checked in."""
    shown = pd.DataFrame({
        "name": measures["name"] + measures["unit"].map(
            lambda u: f" ({u})" if isinstance(u, str) and u else ""),
        "baseline": measures["baseline"].astype(float),
        "latest": measures["latest"].astype(float),
        "target": measures["target"].astype(float),
        "progress": measures["progress"].astype(float) * 100,
        "latest_on": measures["latest_on"],
        "status": [staleness_text(d) if s else "" for d, s in
                   zip(measures["days_since"], measures["stale"], strict=True)],
        "confidence": measures["confidence"],
    })
    data_table(shown, {**MEASURE_COLUMNS, "progress": _progress_config("value.column_progress")})


def check_in_table(check_ins: pd.DataFrame, measures: pd.DataFrame) -> None:
    """Every check-in of the goal, the latest first."""
    names = dict(zip(measures["measure_id"], measures["name"], strict=True))
    shown = check_ins.sort_values("checked_on", ascending=False).assign(
        measure=lambda f: f["measure_id"].map(names))
    data_table(shown[list(CHECK_IN_COLUMNS)], CHECK_IN_COLUMNS)


def check_in_form(ctx, goal_id: str, measures: pd.DataFrame, owner: str | None) -> None:
    """The form the goal's owner or an admin records a check-in with; others read who may."""
    saved = st.session_state.pop(SAVED_KEY, None)
    if saved:
        st.success(saved, icon=":material/check_circle:")
    if not access.may_record_check_in(ctx.person, owner):
        st.caption(t("value.not_yours", owner=plain(owner or "—")))
        return
    st.caption(t("value.record_caption", owner=plain(owner or "—")))
    attempt = st.session_state.get(ATTEMPT_KEY, 0)
    names = dict(zip(measures["measure_id"], measures["name"], strict=True))
    with st.form(f"check_in_{goal_id}_{attempt}"):
        measure_column, day_column, value_column, confidence_column = st.columns(4)
        measure_id = measure_column.selectbox(t("value.measure"), list(names),
                                              format_func=names.get, key=f"ci_measure_{attempt}")
        checked_on = day_column.date_input(t("value.day"), value=ctx.today, max_value=ctx.today,
                                           format=table_date_format(current_language()),
                                           key=f"ci_day_{attempt}")
        value = value_column.number_input(t("value.value"), value=None, format="%g",
                                          key=f"ci_value_{attempt}")
        confidence = confidence_column.selectbox(
            t("value.confidence"), contract.CONFIDENCES, format_func=enum_format("confidence"),
            key=f"ci_confidence_{attempt}")
        comment = st.text_input(t("value.comment"), key=f"ci_comment_{attempt}",
                                max_chars=store_value.COMMENT_MAX_CHARS)
        submitted = st.form_submit_button(t("value.save"), type="primary",
                                          icon=":material/save:")
    if not submitted:
        return
    outcome = store_value.recorded_check_in(
        ctx.con, NewCheckIn(measure_id=measure_id, checked_on=checked_on, value=value,
                            confidence=confidence, comment=comment),
        ctx.person, ctx.today, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    if outcome.problems:
        lang = current_language()
        st.error(t("value.refused") + "\n\n" + "\n".join(
            f"- {plain(what)} {plain(fix)}"
            for what, fix in (p.in_language(lang) for p in outcome.problems)))
        return
    st.session_state[SAVED_KEY] = t("value.saved", id=outcome.check_in_id)
    st.session_state[ATTEMPT_KEY] = attempt + 1
    st.rerun()

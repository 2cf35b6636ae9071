"""Recording a governance decision on an experiment waiting for one, where the learning debt is
listed: the form, its checks said in the reader's language, and the confirmation in its place."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from alignment import access, store
from alignment.contract import DECISION_SCOPES, DECISIONS
from alignment.decisions import RATIONALE_MAX_CHARS, decision_problems
from alignment.markdown import plain
from alignment.sitemap import EXPERIMENTS
from alignment.ui.context import PageContext
from alignment.ui.history import EXPERIMENT_PARAM
from alignment.ui.i18n import day, enum, enum_format, num, t
from alignment.ui.navigation import carried_params

SAVED = "decision_saved"  # the decision just recorded, confirmed where its form was
ATTEMPT = "decision_attempt"  # a recorded decision starts the next form afresh (new widget keys)


def decision_recording(ctx: PageContext, waiting: pd.DataFrame, today: dt.date) -> None:
    """The form for a decision on one of the ``waiting`` experiments (the learning debt), or
    the decision just recorded; a role that may not decide reads who does."""
    if not access.may_record_decision(ctx.person):
        if not waiting.empty:
            st.caption(t("learning.leaders_record"))
        return
    saved = st.session_state.get(SAVED)
    if saved:
        st.subheader(t("learning.record"))
        _confirmation(saved)
    elif not waiting.empty:
        st.subheader(t("learning.record"))
        st.caption(t("learning.record_caption"))
        _form(ctx, waiting, today)


def _confirmation(saved: dict) -> None:
    """The decision just recorded, in place of its form: what was recorded, a link to the
    experiment's history, and a button to record another one."""
    with st.container(border=True, key="decision_recorded"):
        st.success(t("learning.recorded", id=plain(saved["id"]),
                     decision=enum("decision", saved["decision"]),
                     level=enum("decision_scope", saved["level"]), day=day(saved["day"])),
                   icon=":material/check_circle:")
        st.page_link(EXPERIMENTS.path,
                     label=t("learning.recorded_history", id=plain(saved["id"]),
                             title=plain(saved["title"])),
                     icon=":material/history:",
                     query_params={**carried_params(), EXPERIMENT_PARAM: saved["id"]})
        if st.button(t("learning.record_another"), key="record_another"):
            del st.session_state[SAVED]
            st.rerun()


def _form(ctx: PageContext, waiting: pd.DataFrame, today: dt.date) -> None:
    """The decision form for the ``waiting`` experiments; a refused one keeps what was typed."""
    titles = dict(zip(waiting["experiment_id"], waiting["title"], strict=True))
    days = dict(zip(waiting["experiment_id"], waiting["days_since_end"], strict=True))
    ends = dict(zip(waiting["experiment_id"], waiting["end_date"], strict=True))
    attempt = st.session_state.setdefault(ATTEMPT, 0)
    chosen = st.selectbox(
        t("learning.experiment"), list(titles), key=f"decision_experiment_{attempt}",
        format_func={e: t("learning.waiting", id=e, title=titles[e], days=num(days[e]))
                     for e in titles}.get,
    )
    ended_on = pd.Timestamp(ends[chosen]).date()
    with st.form(f"decision_form_{attempt}"):
        decision = st.selectbox(t("learning.decision"), DECISIONS, index=None,
                                key=f"decision_choice_{attempt}",
                                format_func=enum_format("decision"),
                                placeholder=t("learning.decision_placeholder"))
        level = st.selectbox(t("column.decided_at"), DECISION_SCOPES, index=None,
                             key=f"decision_scope_{attempt}",
                             format_func=enum_format("decision_scope"),
                             placeholder=t("learning.level_placeholder"))
        decided_on = st.date_input(t("learning.decision_date"), value=today,
                                   min_value=ended_on, max_value=today,
                                   format="DD-MM-YYYY" if ctx.lang == "nl" else "YYYY-MM-DD",
                                   key=f"decision_date_{attempt}")
        rationale = st.text_input(t("learning.why"), max_chars=RATIONALE_MAX_CHARS,
                                  key=f"decision_rationale_{attempt}")
        submitted = st.form_submit_button(t("learning.record_button"), type="primary",
                                          key=f"decision_submit_{attempt}")
    if not submitted:
        return
    problems = decision_problems(decision, level, decided_on, rationale, ended_on=ended_on,
                                 today=today)
    for problem in problems:
        st.error(problem.text(ctx.lang))
    if problems:
        return
    store.saved_decision(ctx.con, chosen, decision, level, decided_on, rationale.strip(),
                         ctx.person, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    st.session_state[ATTEMPT] = attempt + 1
    st.session_state[SAVED] = {"id": chosen, "title": titles[chosen], "decision": decision,
                               "level": level, "day": decided_on}
    st.rerun()

"""Learning flow & governance: does learning at the Gemba reach a decision, travel up, spread?"""

import datetime as dt

import pandas as pd
import streamlit as st

from alignment import access, charts, db, metrics, store, views
from alignment.contract import DECISION_SCOPES, DECISIONS
from alignment.decisions import RATIONALE_MAX_CHARS, decision_problems
from alignment.markdown import plain
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.history import EXPERIMENT_PARAM, history_column, history_linked
from alignment.ui.i18n import data_table, day, enum, enum_format, num, t, words
from alignment.ui.navigation import carried_params
from alignment.ui.session_answers import answers_discussed
from alignment.ui.widgets import cut_caption, percent

TREES_SHOWN = 3
ROWS_SHOWN = 500
MEDIANS_SHOWN = 100  # the slowest teams; the download holds every team
LABELS = {
    "end_date": "column.ended", "decision_date": "column.decided",
    "decision_scope": "column.decided_at",
}
# the learning debt's answer first: how long it waits, which experiment, its history
DEBT_SHOWN = ["days_since_end", "experiment_id", "title", "history", "team_name",
              "product_name", "end_date"]
# the other tables likewise: the figure that answers first, a team or product by name only
TEAM_MEDIANS_SHOWN = ["team_name", "median_days", "decisions"]
PRODUCT_MEDIANS_SHOWN = ["product_name", "median_days", "decisions"]
BAD_DATES_SHOWN = ["lead_days", "experiment_id", "title", "end_date", "decision_date",
                   "decision", "team_name", "product_name"]
SPREAD_SHOWN = ["experiment_id", "title", "adoptions", "adoptions_in_window",
                "first_adoption_days", "tree_adoptions", "generations", "team_name", "end_date",
                "window_closed"]
SAVED = "decision_saved"  # the decision just recorded, confirmed where its form was


def decision_confirmation(saved: dict) -> None:
    """The decision just recorded, in place of its form: what was recorded, a link to the
    experiment's history, and a button to record another one."""
    with st.container(border=True, key="decision_recorded"):
        st.success(t("learning.recorded", id=plain(saved["id"]),
                     decision=enum("decision", saved["decision"]),
                     level=enum("decision_scope", saved["level"]), day=day(saved["day"])),
                   icon=":material/check_circle:")
        st.page_link("pages/experiments.py",
                     label=t("learning.recorded_history", id=plain(saved["id"]),
                             title=plain(saved["title"])),
                     icon=":material/history:",
                     query_params={**carried_params(), EXPERIMENT_PARAM: saved["id"]})
        if st.button(t("learning.record_another"), key="record_another"):
            del st.session_state[SAVED]
            st.rerun()


ctx = page_context(__file__, filters=True)
scope = ctx.scope

st.title(t("page.learning"))
st.caption(t("learning.caption", day=day(scope.as_of)))

shown = ctx.cached(views.learning, scope, TREES_SHOWN)
funnel, debt, histogram, by_quarter = shown.funnel, shown.debt, shown.histogram, shown.by_quarter

if funnel["experiments"].iloc[0] == 0:
    st.info(t("learning.no_experiments"), icon=":material/info:")
    st.stop()

debt_tile, lead_tile, upper_tile, spread_tile = st.columns(4)
debt_tile.metric(t("kpi.learning_debt"), num(len(debt)), help=t("learning.debt_help"))
lead_tile.metric(t("learning.median_lead_time"),
                 metrics.days_text(shown.median_lead_time, ctx.lang),
                 help=t("learning.lead_help"))
upper_tile.metric(t("learning.upper"), percent(shown.upper_share),
                  help=t("learning.upper_help"))
spread_tile.metric(t("kpi.spread_factor"),
                   metrics.factor_text(shown.spread_factor, ctx.lang),
                   help=t("learning.spread_help"))

st.header(t("learning.funnel"))
ctx.chart(charts.funnel_chart, funnel, width="stretch")
download_csv(funnel, "learning_funnel.csv")
with st.expander(t("learning.how_funnel")):
    st.write(t("definition.funnel"))

st.header(t("kpi.learning_debt"))
st.caption(t("learning.debt_caption"))
if debt.empty:
    st.success(t("learning.no_debt"))
else:
    cut_caption("learning.showing_debt", len(debt), ROWS_SHOWN)
    data_table(history_linked(debt.head(ROWS_SHOWN))[DEBT_SHOWN],
               {**LABELS, "days_since_end": "learning.days_waiting", "history": history_column()})
    download_csv(debt, "learning_debt.csv")
with st.expander(t("learning.how_debt")):
    st.write(t("definition.learning_debt"))

saved = st.session_state.get(SAVED)
if not debt.empty and not access.may_record_decision(ctx.person):
    st.caption(t("learning.leaders_record"))
if saved and access.may_record_decision(ctx.person):
    st.subheader(t("learning.record"))
    decision_confirmation(saved)
elif not debt.empty and access.may_record_decision(ctx.person):
    st.subheader(t("learning.record"))
    st.caption(t("learning.record_caption"))
    waiting = debt.head(ROWS_SHOWN)
    titles = dict(zip(waiting["experiment_id"], waiting["title"], strict=True))
    days = dict(zip(waiting["experiment_id"], waiting["days_since_end"], strict=True))
    ends = dict(zip(waiting["experiment_id"], waiting["end_date"], strict=True))
    attempt = st.session_state.setdefault("decision_attempt", 0)
    chosen = st.selectbox(
        t("learning.experiment"), list(titles), key=f"decision_experiment_{attempt}",
        format_func={e: t("learning.waiting", id=e, title=titles[e], days=num(days[e]))
                     for e in titles}.get,
    )
    ended_on = pd.Timestamp(ends[chosen]).date()
    # a refused form keeps what was typed; a recorded one starts afresh (new widget keys)
    with st.form(f"decision_form_{attempt}"):
        decision = st.selectbox(t("learning.decision"), DECISIONS, index=None,
                                key=f"decision_choice_{attempt}",
                                format_func=enum_format("decision"),
                                placeholder=t("learning.decision_placeholder"))
        level = st.selectbox(t("column.decided_at"), DECISION_SCOPES, index=None,
                             key=f"decision_scope_{attempt}",
                             format_func=enum_format("decision_scope"),
                             placeholder=t("learning.level_placeholder"))
        decided_on = st.date_input(t("learning.decision_date"), value=scope.as_of,
                                   min_value=ended_on, max_value=scope.as_of,
                                   format="DD-MM-YYYY" if ctx.lang == "nl" else "YYYY-MM-DD",
                                   key=f"decision_date_{attempt}")
        rationale = st.text_input(t("learning.why"), max_chars=RATIONALE_MAX_CHARS,
                                  key=f"decision_rationale_{attempt}")
        submitted = st.form_submit_button(t("learning.record_button"), type="primary",
                                          key=f"decision_submit_{attempt}")
    if submitted:
        problems = decision_problems(decision, level, decided_on, rationale,
                                     ended_on=ended_on, today=scope.as_of, lang=ctx.lang)
        for problem in problems:
            st.error(problem)
        if not problems:
            db.written(ctx.con, lambda cur: store.recorded_decision(
                cur, chosen, decision, level, decided_on, rationale.strip(), ctx.person,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
            ))
            st.session_state["decision_attempt"] = attempt + 1
            st.session_state[SAVED] = {"id": chosen, "title": titles[chosen],
                                       "decision": decision, "level": level, "day": decided_on}
            st.rerun()

st.header(t("learning.lead_time"))
if not shown.has_lead_times:
    st.info(t("learning.no_decisions_distribution"))
else:
    ctx.chart(charts.lead_time_histogram_chart, histogram, width="stretch")
    download_csv(histogram, "lead_time_distribution.csv")
    per_team, per_product = st.columns(2)
    with per_team:
        st.subheader(t("learning.median_team"))
        team_medians = shown.team_medians
        cut_caption("learning.showing_slowest", len(team_medians), MEDIANS_SHOWN)
        data_table(team_medians.head(MEDIANS_SHOWN)[TEAM_MEDIANS_SHOWN], LABELS)
        download_csv(team_medians, "lead_time_per_team.csv")
    with per_product:
        st.subheader(t("learning.median_product"))
        product_medians = shown.product_medians
        data_table(product_medians[PRODUCT_MEDIANS_SHOWN], LABELS)
        download_csv(product_medians, "lead_time_per_product.csv")
bad_dates = shown.bad_dates
if not bad_dates.empty:
    st.warning(t("learning.bad_dates", count=num(len(bad_dates))))
    data_table(bad_dates[BAD_DATES_SHOWN], LABELS)
    download_csv(bad_dates, "decisions_before_end.csv")
with st.expander(t("learning.how_lead_time")):
    st.write(t("definition.lead_time"))

st.header(t("learning.vertical"))
if by_quarter.empty:
    st.info(t("learning.no_decisions"))
else:
    ctx.chart(charts.decisions_by_quarter_chart, by_quarter, width="stretch")
    download_csv(by_quarter, "decisions_by_quarter.csv")
    data_table(shown.per_scope, LABELS)
with st.expander(t("learning.how_vertical")):
    st.write(t("definition.vertical_feedback"))
answers_discussed(shown.answers_discussed)

st.header(t("learning.spread"))
table = shown.spread_table
if table.empty:
    st.info(t("learning.no_validated"))
else:
    top = shown.top_spreading
    if not top:
        st.info(t("learning.none_adopted"))
    else:
        nodes = shown.tree_nodes
        st.caption(t("learning.trees_caption"))
        for root in top:
            st.subheader(f"{plain(root)} — "
                         f"{plain(table.set_index('experiment_id').at[root, 'title'])}")
            st.graphviz_chart(charts.spread_tree_dot(nodes, root, words()))
        download_csv(nodes, "spread_trees.csv")
    cut_caption("learning.showing_spread", len(table), ROWS_SHOWN)
    data_table(table.head(ROWS_SHOWN)[SPREAD_SHOWN], LABELS)
    download_csv(table, "spread_per_validated_experiment.csv")
with st.expander(t("learning.how_spread")):
    st.write(t("definition.spread"))
    st.write(t("definition.spread_factor"))

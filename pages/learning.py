"""Learning flow & governance: does learning at the Gemba reach a decision, travel up, spread?"""

import datetime as dt

import pandas as pd
import streamlit as st

from alignment import access, charts, db, metrics, store
from alignment.contract import DECISION_SCOPES, DECISIONS
from alignment.decisions import RATIONALE_MAX_CHARS, decision_problems
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.filters import sidebar_scope
from alignment.ui.widgets import percent

TREES_SHOWN = 3
ROWS_SHOWN = 500
LABELS = {
    "experiment_id": "Experiment", "title": "Title", "team_id": "Team id", "team_name": "Team",
    "product_id": "Product id", "product_name": "Product", "decisions": "Decisions",
    "median_days": st.column_config.NumberColumn("Median days", format="%.1f"),
    "end_date": st.column_config.DateColumn("Ended"),
    "decision_date": st.column_config.DateColumn("Decided"),
    "days_since_end": "Days since end", "decision": "Decision", "decision_scope": "Decided at",
    "lead_days": "Days to decision", "adoptions": "Direct adoptions",
    "adoptions_in_window": "Within 90 days", "window_closed": "90 days over",
    "first_adoption_days": "Days to first adoption", "tree_adoptions": "All adoptions",
    "generations": "Generations",
}

ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)

st.title("Learning flow & governance")
st.caption(
    "Does learning at the Gemba reach a decision, travel up to governance and spread to "
    f"other teams? As of {scope.as_of:%Y-%m-%d}."
)

saved = st.session_state.pop("decision_saved", None)
if saved:
    st.success(saved, icon=":material/check_circle:")

funnel = metrics.funnel_stages(ctx.q.funnel_counts(scope))
undecided = ctx.q.undecided_experiments(scope)
debt = metrics.learning_debt(undecided, scope.as_of)
lead_times = ctx.q.decision_lead_times(scope)
histogram = ctx.q.lead_time_histogram(scope)
by_quarter = ctx.q.decisions_by_quarter(scope)
spread = ctx.q.validated_spread(scope)

if funnel["experiments"].iloc[0] == 0:
    st.info(
        "No experiments in this view yet. Teams add theirs on the **Upload experiments** "
        "page; widen the period or clear the value stream and team filters to see more.",
        icon=":material/info:",
    )
    st.stop()

debt_tile, lead_tile, upper_tile, spread_tile = st.columns(4)
debt_tile.metric("Learning debt", f"{len(debt):,}",
                 help="Done experiments waiting more than 30 days for a decision.")
lead_tile.metric("Median lead time",
                 metrics.days_text(metrics.median_lead_time_days(lead_times, scope.as_of)),
                 help="Median days from an experiment's end to its decision.")
upper_tile.metric("Decisions at portfolio or strategy",
                  percent(metrics.upper_scope_share(by_quarter)),
                  help="Share of the period's decisions taken above team and product level.")
spread_tile.metric("Spread factor", metrics.factor_text(metrics.spread_factor(spread, scope.as_of)),
                   help="Adoptions within 90 days per validated experiment.")

st.header("Funnel: idea → running → done → decided")
st.altair_chart(charts.funnel_chart(funnel), width="stretch")
download_csv(funnel, "learning_funnel.csv")
with st.expander("How is the funnel computed?"):
    st.write(metrics.FUNNEL_DEFINITION)

st.header("Learning debt")
st.caption("Which experiment, which team, and how many days the learning has waited.")
if debt.empty:
    st.success("No learning debt: no done experiment has waited more than 30 days for a "
               "decision.")
else:
    if len(debt) > ROWS_SHOWN:
        st.caption(f"Showing the {ROWS_SHOWN:,} longest waiting of {len(debt):,}; the download "
                   "holds them all.")
    st.dataframe(debt.head(ROWS_SHOWN), hide_index=True, column_config=LABELS)
    download_csv(debt, "learning_debt.csv")
with st.expander("How is learning debt computed?"):
    st.write(metrics.LEARNING_DEBT_DEFINITION)

if not debt.empty and not access.may_record_decision(ctx.person):
    st.caption("Leaders and admins record the decision on these experiments right here.")
if not debt.empty and access.may_record_decision(ctx.person):
    st.subheader("Record a governance decision")
    st.caption("Close the loop: record what was decided about an experiment in the list. It is "
               "written at once, with a change-log entry per field, like an upload.")
    waiting = debt.head(ROWS_SHOWN)
    titles = dict(zip(waiting["experiment_id"], waiting["title"], strict=True))
    days = dict(zip(waiting["experiment_id"], waiting["days_since_end"], strict=True))
    ends = dict(zip(waiting["experiment_id"], waiting["end_date"], strict=True))
    chosen = st.selectbox(
        "Experiment", list(titles), key="decision_experiment",
        format_func=lambda e: f"{e} — {titles[e]} ({days[e]} days waiting)",
    )
    ended_on = pd.Timestamp(ends[chosen]).date()
    # a refused form keeps what was typed; a recorded one starts afresh (new widget keys)
    attempt = st.session_state.setdefault("decision_attempt", 0)
    with st.form(f"decision_form_{attempt}"):
        decision = st.selectbox("Decision", DECISIONS, index=None,
                                key=f"decision_choice_{attempt}",
                                placeholder="Persevere, pivot, stop, scale or spread")
        level = st.selectbox("Decided at", DECISION_SCOPES, index=None,
                             key=f"decision_scope_{attempt}",
                             placeholder="Team, product, portfolio or strategy")
        decided_on = st.date_input("Decision date", value=scope.as_of, min_value=ended_on,
                                   max_value=scope.as_of, key=f"decision_date_{attempt}")
        rationale = st.text_input("Why (one line)", max_chars=RATIONALE_MAX_CHARS,
                                  key=f"decision_rationale_{attempt}")
        submitted = st.form_submit_button("Record decision", type="primary",
                                          key=f"decision_submit_{attempt}")
    if submitted:
        problems = decision_problems(decision, level, decided_on, rationale,
                                     ended_on=ended_on, today=scope.as_of)
        for problem in problems:
            st.error(problem)
        if not problems:
            db.written(ctx.con, lambda cur: store.recorded_decision(
                cur, chosen, decision, level, decided_on, rationale.strip(), ctx.person,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
            ))
            st.session_state["decision_attempt"] = attempt + 1
            st.session_state["decision_saved"] = (
                f"Recorded for {chosen}: {decision}, decided at {level} level on "
                f"{decided_on:%Y-%m-%d}."
            )
            st.rerun()

st.header("Learning → decision lead time")
valid = metrics.valid_lead_times(lead_times)
if valid.empty:
    st.info("No decisions in this period yet: the distribution appears with the first one.")
else:
    st.altair_chart(charts.lead_time_histogram_chart(histogram), width="stretch")
    download_csv(histogram, "lead_time_distribution.csv")
    per_team, per_product = st.columns(2)
    with per_team:
        st.subheader("Median per team")
        team_medians = metrics.median_lead_time_per_team(lead_times)
        st.dataframe(team_medians, hide_index=True, column_config=LABELS)
        download_csv(team_medians, "lead_time_per_team.csv")
    with per_product:
        st.subheader("Median per product")
        product_medians = metrics.median_lead_time_per_product(lead_times)
        st.dataframe(product_medians, hide_index=True, column_config=LABELS)
        download_csv(product_medians, "lead_time_per_product.csv")
bad_dates = metrics.decisions_before_end(lead_times)
if not bad_dates.empty:
    st.warning(f"{len(bad_dates):,} decision(s) dated before their experiment ended: left out "
               "of the lead times. Correct the dates in the team's experiments file.")
    st.dataframe(bad_dates, hide_index=True, column_config=LABELS)
    download_csv(bad_dates, "decisions_before_end.csv")
with st.expander("How is the lead time computed?"):
    st.write(metrics.LEAD_TIME_DEFINITION)

st.header("Vertical feedback: decisions per quarter by level")
if by_quarter.empty:
    st.info("No decisions in this period yet.")
else:
    st.altair_chart(charts.decisions_by_quarter_chart(by_quarter), width="stretch")
    download_csv(by_quarter, "decisions_by_quarter.csv")
    st.dataframe(metrics.decisions_per_scope(by_quarter), hide_index=True,
                 column_config=LABELS)
with st.expander("How is vertical feedback computed?"):
    st.write(metrics.VERTICAL_FEEDBACK_DEFINITION)

st.header("Spread: the chain reaction")
table = metrics.spread_table(spread, scope.as_of)
if table.empty:
    st.info("No validated experiment ended in this period, so nothing could spread yet.")
else:
    top = metrics.top_spreading(spread, scope.as_of, TREES_SHOWN)
    if not top:
        st.info("None of the validated experiments in this period has been adopted yet.")
    else:
        nodes = ctx.q.spread_tree_nodes(top, scope.as_of)
        st.caption("The widest spreading validated experiments and who adopted them; an "
                   "arrow's label is the days from the source's end to the adopter's start.")
        for root in top:
            st.subheader(f"{root} — {table.set_index('experiment_id').at[root, 'title']}")
            st.graphviz_chart(charts.spread_tree_dot(nodes, root))
        download_csv(nodes, "spread_trees.csv")
    if len(table) > ROWS_SHOWN:
        st.caption(f"Showing the {ROWS_SHOWN:,} widest spreading of {len(table):,} validated "
                   "experiments; the download holds them all.")
    st.dataframe(table.head(ROWS_SHOWN), hide_index=True, column_config=LABELS)
    download_csv(table, "spread_per_validated_experiment.csv")
with st.expander("How is spread computed?"):
    st.write(metrics.SPREAD_DEFINITION)
    st.write(metrics.SPREAD_FACTOR_DEFINITION)

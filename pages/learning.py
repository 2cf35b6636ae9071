"""Learning flow & governance: does learning at the Gemba reach a decision, travel up, spread?"""

import streamlit as st

from alignment import charts, kpis, views
from alignment.markdown import plain
from alignment.ui.context import page_context
from alignment.ui.decision import decision_recording
from alignment.ui.downloads import download_csv
from alignment.ui.history import history_column, history_linked
from alignment.ui.i18n import data_table, day, num, t
from alignment.ui.outcomes import value_proof_view
from alignment.ui.session_answers import answers_discussed
from alignment.ui.widgets import cut_caption, opened_section, percent

TREES_SHOWN = 3
# of the debt, the teams' medians and the spread tables (and the debt a decision is recorded
# for): what a rerun sends grows with them, and the download holds every row
ROWS_SHOWN = views.FIRST_ROWS
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
SPREAD_SHOWN = ["experiment_id", "title", "adoptions", "adoptions_in_window",
                "first_adoption_days", "tree_adoptions", "generations", "team_name", "end_date",
                "window_closed"]
ctx = page_context(__file__, filters=True)
scope = ctx.scope

st.title(t("page.learning"))
st.caption(t("learning.caption", day=day(scope.as_of)))

shown = ctx.cached(views.learning, scope, TREES_SHOWN, ctx.lang)
funnel, debt, histogram, by_quarter = shown.funnel, shown.debt, shown.histogram, shown.by_quarter

if funnel["experiments"].iloc[0] == 0:
    st.info(t("learning.no_experiments"), icon=":material/info:")
    st.stop()

debt_tile, lead_tile, upper_tile, spread_tile = st.columns(4)
debt_tile.metric(t("kpi.learning_debt"), num(shown.debt_count), help=t("learning.debt_help"))
lead_tile.metric(t("learning.median_lead_time"),
                 kpis.days_text(shown.median_lead_time, ctx.lang),
                 help=t("learning.lead_help"))
upper_tile.metric(t("learning.upper"), percent(shown.upper_share),
                  help=t("learning.upper_help"))
spread_tile.metric(t("kpi.spread_factor"),
                   kpis.factor_text(shown.spread_factor, ctx.lang),
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
    cut_caption("learning.showing_debt", shown.debt_count, ROWS_SHOWN)
    data_table(history_linked(debt)[DEBT_SHOWN],
               {**LABELS, "days_since_end": "learning.days_waiting", "history": history_column()})
    download_csv(ctx.at_click(views.learning_debt, scope), "learning_debt.csv")
with st.expander(t("learning.how_debt")):
    st.write(t("definition.learning_debt"))

decision_recording(ctx, debt, scope.as_of)

st.header(t("learning.lead_time"))
if not shown.has_lead_times:
    st.info(t("learning.no_decisions_distribution"))
else:
    ctx.chart(charts.lead_time_histogram_chart, histogram, width="stretch")
    download_csv(histogram, "lead_time_distribution.csv")
    medians = opened_section(t("value_scale.medians", teams=num(shown.teams_deciding),
                               products=num(shown.products_deciding)), "learning_medians")
    if medians:
        per_team, per_product = medians.columns(2)
        with per_team:
            st.subheader(t("learning.median_team"))
            cut_caption("learning.showing_slowest", shown.teams_deciding, ROWS_SHOWN)
            data_table(shown.team_medians[TEAM_MEDIANS_SHOWN], LABELS)
            download_csv(ctx.at_click(views.lead_time_per_team, scope),
                         "lead_time_per_team.csv")
        with per_product:
            st.subheader(t("learning.median_product"))
            cut_caption("learning.showing_slowest", shown.products_deciding, ROWS_SHOWN)
            data_table(shown.product_medians[PRODUCT_MEDIANS_SHOWN], LABELS)
            download_csv(ctx.at_click(views.lead_time_per_product, scope),
                         "lead_time_per_product.csv")
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
        st.caption(t("learning.trees_caption"))
        for root in top:
            st.subheader(f"{plain(root)} — "
                         f"{plain(table.set_index('experiment_id').at[root, 'title'])}")
            st.graphviz_chart(shown.tree_dots[root])
            cut_caption("flow_scale.tree_cut", shown.tree_sizes[root], views.TREE_NODES)
        download_csv(ctx.at_click(views.spread_trees, scope, TREES_SHOWN), "spread_trees.csv")
    listed = opened_section(t("value_scale.spread_table", count=num(shown.validated)),
                            "learning_spread_table")
    if listed:
        with listed:
            cut_caption("learning.showing_spread", shown.validated, ROWS_SHOWN)
            data_table(table[SPREAD_SHOWN], LABELS)
            download_csv(ctx.at_click(views.spread_per_validated, scope),
                         "spread_per_validated_experiment.csv")
with st.expander(t("learning.how_spread")):
    st.write(t("definition.spread"))
    st.write(t("definition.spread_factor"))

st.header(t("outcome.proof"))
st.caption(t("outcome.proof_caption"))
value_proof_view(ctx, ctx.cached(views.value_proof, scope))

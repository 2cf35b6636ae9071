"""Overview: the key figures against last quarter, and every place the chain breaks."""

import streamlit as st

from alignment import kpis, metrics
from alignment.ui.context import page_context
from alignment.ui.filters import sidebar_scope
from alignment.ui.widgets import break_sections, count_tiles, kpi_tiles, top_breaks

ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)

st.title("Overview")
st.caption(f"The chain from strategy goal to Gemba experiment, as of {scope.as_of:%Y-%m-%d}, "
           "each figure against the same figure a quarter earlier.")

counts = ctx.q.entity_counts()
if int(counts.loc[counts["entity"] == "experiments", "rows"].iloc[0]) == 0:
    st.info("No experiments yet. Load goals, products and teams on **Reference data**, then "
            "teams add their experiments on **Upload experiments**.", icon=":material/info:")

kpi_tiles(ctx.cached(kpis.overview_kpis, scope))

breaks = metrics.chain_breaks(
    ctx.q.goal_chain(scope.as_of),
    ctx.q.product_links(),
    ctx.q.team_links(),
    ctx.q.experiment_link_gaps(),
)
break_counts = metrics.break_counts(breaks)

st.header("Top breaks")
top_breaks(break_counts, kpis.BREAK_PAGES)

st.header("The organisation")
count_tiles(counts)

st.header("Where the chain breaks")
st.caption("Breaks cover the whole organisation as it stands today; Strategy to Gemba "
           "narrows them to a value stream or team.")
break_sections(break_counts, breaks)

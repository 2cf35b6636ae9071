"""Overview: how complete the chain from goal to experiment is, and every place it breaks."""

import streamlit as st

from alignment import metrics, queries
from alignment.ui.context import page_context
from alignment.ui.widgets import break_sections, count_tiles, percent

ctx = page_context()

st.title("Overview")
st.caption(f"The chain from strategy goal to Gemba experiment, as of {ctx.today:%Y-%m-%d}.")

counts = queries.entity_counts(ctx.con)
goal_chain = queries.goal_chain(ctx.con, ctx.today)
breaks = metrics.chain_breaks(
    goal_chain,
    queries.product_links(ctx.con),
    queries.team_links(ctx.con),
    queries.experiment_link_gaps(ctx.con),
)
completeness = metrics.chain_completeness(goal_chain)

count_tiles(counts)

st.metric(
    "Chain completeness",
    percent(completeness),
    help="Active goals with a product, an owning team and a recent experiment.",
)
with st.expander("How is chain completeness computed?"):
    st.write(metrics.CHAIN_COMPLETENESS_DEFINITION)

st.header("Where the chain breaks")
break_sections(metrics.break_counts(breaks), breaks)

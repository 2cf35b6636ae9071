"""Portfolio: per product, stability against experimentation, and where nobody experiments."""

import streamlit as st

from alignment import charts, metrics
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.filters import sidebar_scope
from alignment.ui.widgets import percent

ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)
view = (scope.start, scope.as_of, scope.value_stream, scope.team_id)

st.title("Portfolio")
st.caption("Is each product experimenting as much as its lifecycle asks — not more, not less? "
           f"Experiments under way from {scope.start or 'the start'} to {scope.as_of:%Y-%m-%d}.")

balance = metrics.portfolio_balance(ctx.q.product_balance(*view))
lenses = ctx.q.lens_counts(*view)
signals = metrics.signal_counts(balance)

products_tile, thrash_tile, stagnation_tile, lens_tile = st.columns(4)
products_tile.metric("Products in view", f"{len(balance):,}")
thrash_tile.metric("Products thrashing", f"{signals['thrash']:,}")
stagnation_tile.metric("Products stagnating", f"{signals['stagnation']:,}")
lens_tile.metric("Lens coverage", percent(metrics.lens_coverage(lenses)))
with st.expander("How is this computed?"):
    st.write(metrics.RUNNING_SHARE_DEFINITION)
    st.write(metrics.THRASH_DEFINITION)
    st.write(metrics.STAGNATION_DEFINITION)
    st.write(metrics.LENS_COVERAGE_DEFINITION)

if balance.empty:
    st.info("No products in view yet. An admin loads products and their explore targets on the "
            "**Reference data** page.", icon=":material/info:")
    st.stop()

st.header("Stability vs experimentation")
if balance["experiments"].sum() == 0:
    st.info("No experiment on these products in this period. Teams upload their experiments on "
            "the **Upload experiments** page; or widen the period in the sidebar.",
            icon=":material/info:")
else:
    st.altair_chart(charts.balance_chart(balance))
    download_csv(balance, "portfolio_balance.csv")
st.dataframe(
    balance[["product_id", "name", "lifecycle", "signal", "explore_target_pct",
             "running_share", "running", "experiments", "direction_changes", "value_stream"]],
    hide_index=True,
    column_config={
        "explore_target_pct": st.column_config.NumberColumn("explore target", format="%d%%"),
        "running_share": st.column_config.NumberColumn("running share", format="percent"),
        "direction_changes": st.column_config.NumberColumn("pivots & stops"),
    },
)
with st.expander("How is this computed?"):
    st.write(metrics.RUNNING_SHARE_DEFINITION)
    st.write(metrics.THRASH_DEFINITION)
    st.write(metrics.STAGNATION_DEFINITION)

st.header("Lens coverage")
if lenses["experiments"].sum() == 0:
    st.info("No experiment in this period, so every lens is empty. Widen the period, or upload "
            "experiments on the **Upload experiments** page.", icon=":material/info:")
else:
    st.altair_chart(charts.lens_heatmap(lenses))
    download_csv(lenses, "lens_coverage.csv")
with st.expander("How is lens coverage computed?"):
    st.write(metrics.LENS_COVERAGE_DEFINITION)

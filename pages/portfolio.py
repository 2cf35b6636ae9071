"""Portfolio: per product, stability against experimentation, and where nobody experiments."""

import streamlit as st

from alignment import charts, metrics, queries
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import data_table, day, num, t
from alignment.ui.widgets import percent

ctx = page_context(__file__, filters=True)
scope = ctx.scope
view = (scope.start, scope.as_of, scope.value_stream, scope.team_id)

st.title(t("page.portfolio"))
st.caption(t("portfolio.caption", start=day(scope.start) or t("common.the_start"),
             end=day(scope.as_of)))

balance = metrics.portfolio_balance(ctx.cached(queries.product_balance, *view))
lenses = ctx.cached(queries.lens_counts, *view)
signals = metrics.signal_counts(balance)

products_tile, thrash_tile, stagnation_tile, lens_tile = st.columns(4)
products_tile.metric(t("portfolio.products_in_view"), num(len(balance)))
thrash_tile.metric(t("portfolio.thrashing"), num(signals["thrash"]))
stagnation_tile.metric(t("portfolio.stagnating"), num(signals["stagnation"]))
lens_tile.metric(t("portfolio.lens_coverage"), percent(metrics.lens_coverage(lenses)))
with st.expander(t("common.how_computed")):
    st.write(t("definition.running_share"))
    st.write(t("definition.thrash"))
    st.write(t("definition.stagnation"))
    st.write(t("definition.lens_coverage"))

if balance.empty:
    st.info(t("portfolio.no_products"), icon=":material/info:")
    st.stop()

st.header(t("portfolio.balance"))
if balance["experiments"].sum() == 0:
    st.info(t("portfolio.no_experiment"), icon=":material/info:")
else:
    ctx.chart(charts.balance_chart, balance)
    download_csv(balance, "portfolio_balance.csv")
data_table(
    balance[["product_id", "name", "lifecycle", "signal", "explore_target_pct",
             "running_share", "running", "experiments", "direction_changes", "value_stream"]]
    .assign(signal=balance["signal"].map(lambda s: t("signal." + s.replace(" ", "_")))),
    {
        "explore_target_pct": st.column_config.NumberColumn(
            t("column.explore_target_pct"), format="%d%%"),
        "running_share": st.column_config.NumberColumn(t("column.running_share"),
                                                       format="percent"),
        "direction_changes": st.column_config.NumberColumn(t("column.direction_changes")),
    },
)
with st.expander(t("common.how_computed")):
    st.write(t("definition.running_share"))
    st.write(t("definition.thrash"))
    st.write(t("definition.stagnation"))

st.header(t("portfolio.lens_coverage"))
if lenses["experiments"].sum() == 0:
    st.info(t("portfolio.no_lens"), icon=":material/info:")
else:
    ctx.chart(charts.lens_heatmap, lenses)
    download_csv(lenses, "lens_coverage.csv")
with st.expander(t("portfolio.how_lens")):
    st.write(t("definition.lens_coverage"))

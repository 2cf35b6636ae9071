"""Overview: the key figures against last quarter, and every place the chain breaks."""

import streamlit as st

from alignment import kpis, queries, views
from alignment.sitemap import BREAK_PAGES
from alignment.ui.context import page_context
from alignment.ui.i18n import day, t
from alignment.ui.widgets import break_sections, count_tiles, kpi_tiles, top_breaks

ctx = page_context(__file__, filters=True)
scope = ctx.scope

st.title(t("page.overview"))
st.caption(t("overview.caption", day=day(scope.as_of)))

counts = ctx.cached(queries.entity_counts)
if int(counts.loc[counts["entity"] == "experiments", "rows"].iloc[0]) == 0:
    st.info(t("overview.no_experiments"), icon=":material/info:")

kpi_tiles(ctx.cached(kpis.overview_kpis, scope))

breaks = ctx.cached(views.breaks_by_type, scope.as_of, ctx.lang, views.BREAKS_LISTED)

st.header(t("overview.top_breaks"))
top_breaks(breaks.counts, BREAK_PAGES)

st.header(t("overview.organisation"))
count_tiles(counts)

st.header(t("overview.where_breaks"))
st.caption(t("overview.where_breaks_caption"))
break_sections(breaks.counts, breaks.by_type, BREAK_PAGES,
               lambda kind: ctx.at_click(views.breaks_of_type, scope.as_of, kind, ctx.lang))

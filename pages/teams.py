"""Teams & collaboration: who experiments with whom, with which disciplines, and who works alone."""

import streamlit as st

from alignment import charts, views
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import data_table, day, num, t
from alignment.ui.widgets import cut_caption, percent

ctx = page_context(__file__, filters=True)
scope = ctx.scope

st.title(t("page.teams"))
st.caption(t("teams.caption", start=day(scope.start) or t("common.the_start"),
             end=day(scope.as_of)))

shown = ctx.cached(views.collaboration, scope, ctx.lang)
teams, isolated, shares, disciplines = shown.teams, shown.isolated, shown.shares, shown.disciplines

index_tile, pairs_tile, isolated_tile, teams_tile = st.columns(4)
index_tile.metric(t("kpi.collaboration_index"), percent(shown.index))
pairs_tile.metric(t("teams.pairs"), num(shown.pairs))
isolated_tile.metric(t("teams.isolated"), num(len(isolated)))
teams_tile.metric(t("teams.in_view"), num(len(teams)))
with st.expander(t("common.how_computed")):
    st.write(t("definition.collaboration_index"))
    st.write(t("definition.network"))
    st.write(t("definition.isolated_teams"))

if teams.empty:
    st.info(t("teams.no_teams"), icon=":material/info:")
    st.stop()

st.header(t("teams.network"))
if shown.pairs == 0:
    st.info(t("teams.no_pairs"), icon=":material/info:")
else:
    if shown.dot is None:
        st.info(t("teams.network_too_big", pairs=num(shown.pairs)), icon=":material/info:")
    else:
        st.graphviz_chart(shown.dot, width="stretch")
    download_csv(ctx.at_click(views.network_links, scope), "team_network.csv")
with st.expander(t("teams.how_network")):
    st.write(t("definition.network"))

st.header(t("teams.isolated"))
if isolated.empty:
    st.success(t("teams.none_isolated"))
else:
    cut_caption("teams_scale.showing_isolated", len(isolated), len(shown.isolated_listed))
    data_table(shown.isolated_listed)
    download_csv(isolated, "isolated_teams.csv")
with st.expander(t("common.how_computed")):
    st.write(t("definition.isolated_teams"))

st.header(t("teams.per_quarter"))
if shares["experiments"].sum() == 0:
    st.info(t("teams.no_experiment"), icon=":material/info:")
else:
    ctx.chart(charts.collaboration_trend_chart, shares)
    download_csv(shares, "collaboration_per_quarter.csv")
with st.expander(t("teams.how_index")):
    st.write(t("definition.collaboration_index"))

st.header(t("teams.disciplines"))
if disciplines.empty:
    st.info(t("teams.no_disciplines"), icon=":material/info:")
else:
    charted = disciplines["name"].nunique()
    cut_caption("teams.charted_busiest", charted, charts.TEAMS_CHARTED)
    ctx.chart(charts.discipline_heatmap, shown.charted_disciplines)
    download_csv(disciplines, "team_disciplines.csv")
with st.expander(t("common.how_computed")):
    st.write(t("definition.disciplines"))

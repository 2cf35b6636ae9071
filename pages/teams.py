"""Teams & collaboration: who experiments with whom, with which disciplines, and who works alone."""

import streamlit as st

from alignment import charts, metrics
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.filters import sidebar_scope
from alignment.ui.widgets import percent

ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)
view = (scope.start, scope.as_of, scope.value_stream, scope.team_id)

st.title("Teams & collaboration")
st.caption("The horizontal chain: teams and disciplines learning together. Experiments under "
           f"way from {scope.start or 'the start'} to {scope.as_of:%Y-%m-%d}.")

teams = ctx.q.team_collaboration(*view)
edges = ctx.q.team_network_edges(*view)
isolated = metrics.isolated_teams(teams)
index = metrics.collaboration_index(ctx.q.collaboration_counts(*view))
shares = metrics.collaboration_shares(ctx.q.collaboration_by_quarter(*view))
disciplines = ctx.q.team_disciplines(*view)

index_tile, pairs_tile, isolated_tile, teams_tile = st.columns(4)
index_tile.metric("Collaboration index", percent(index))
pairs_tile.metric("Team pairs working together", f"{len(edges):,}")
isolated_tile.metric("Isolated teams", f"{len(isolated):,}")
teams_tile.metric("Teams in view", f"{len(teams):,}")
with st.expander("How is this computed?"):
    st.write(metrics.COLLABORATION_INDEX_DEFINITION)
    st.write(metrics.NETWORK_DEFINITION)
    st.write(metrics.ISOLATED_TEAMS_DEFINITION)

if teams.empty:
    st.info("No teams in view yet. An admin loads teams on the **Reference data** page.",
            icon=":material/info:")
    st.stop()

st.header("Team network")
if edges.empty:
    st.info("No two teams shared an experiment in this period. An experiment's "
            "`partner_teams` column records who ran it together; widen the period or upload "
            "experiments with partners.", icon=":material/info:")
else:
    st.graphviz_chart(charts.team_network_dot(teams, edges), width="stretch")
    download_csv(charts.network_edge_table(teams, edges), "team_network.csv")
with st.expander("How is the network computed?"):
    st.write(metrics.NETWORK_DEFINITION)

st.header("Isolated teams")
if isolated.empty:
    st.success("Every team in view shared at least one experiment with another team.")
else:
    st.dataframe(isolated, hide_index=True)
    download_csv(isolated, "isolated_teams.csv")
with st.expander("How is this computed?"):
    st.write(metrics.ISOLATED_TEAMS_DEFINITION)

st.header("Collaboration per quarter")
if shares["experiments"].sum() == 0:
    st.info("No experiment in this period: nothing to measure yet. Teams upload experiments on "
            "the **Upload experiments** page.", icon=":material/info:")
else:
    st.altair_chart(charts.collaboration_trend_chart(shares))
    download_csv(shares, "collaboration_per_quarter.csv")
with st.expander("How is the collaboration index computed?"):
    st.write(metrics.COLLABORATION_INDEX_DEFINITION)

st.header("Disciplines per team")
if disciplines.empty:
    st.info("No teams in view to show disciplines for.", icon=":material/info:")
else:
    st.altair_chart(charts.discipline_heatmap(disciplines))
    download_csv(disciplines, "team_disciplines.csv")
with st.expander("How is this computed?"):
    st.write(metrics.DISCIPLINES_DEFINITION)

"""Coach overview: every team's reflection rhythm, breadth, follow-through and safety, with the
teams that need a coach now."""

import streamlit as st

from alignment import charts, metrics
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.filters import sidebar_scope
from alignment.ui.i18n import chart, t
from alignment.ui.widgets import percent

ctx = page_context(__file__)
scope = sidebar_scope(ctx.con, ctx.today)

st.title(t("page.coach_overview"))
st.caption(f"Reflection per team as of {scope.as_of:%Y-%m-%d}; sessions and follow-through "
           f"counted from {scope.start or 'the start'}.")

teams = ctx.q.team_roster(scope.value_stream, scope.team_id)
sessions = ctx.q.team_sessions(scope.as_of, scope.value_stream, scope.team_id)
actions = ctx.q.session_actions(scope.as_of, scope.value_stream, scope.team_id)
overview = metrics.coach_overview(teams, sessions, actions, scope.as_of, scope.start)
attention = metrics.attention_teams(overview)
follow_through = metrics.follow_through_share(
    metrics.action_follow_through(sessions, actions, scope.start))
breadth = metrics.reflection_breadth(
    ctx.q.session_coverage(scope.as_of, scope.value_stream, scope.team_id))

if teams.empty:
    st.info("No teams in view yet. An admin loads teams on the **Reference data** page; "
            "coaches then capture sessions on the **Reflection session** page.",
            icon=":material/info:")
    st.stop()

quiet_tile, falling_tile, breadth_tile, follow_tile = st.columns(4)
quiet_tile.metric(f"Teams without a session for {metrics.QUIET_AFTER_DAYS} days",
                  f"{int(overview['quiet'].sum()):,}")
falling_tile.metric("Teams with falling safety", f"{int(overview['falling_safety'].sum()):,}")
breadth_tile.metric("Reflection breadth (90 days)", percent(breadth))
follow_tile.metric("Action follow-through", percent(follow_through))
with st.expander("How is this computed?"):
    st.write(metrics.QUIET_TEAM_DEFINITION)
    st.write(metrics.SAFETY_TREND_DEFINITION)
    st.write(metrics.REFLECTION_BREADTH_DEFINITION)
    st.write(metrics.FOLLOW_THROUGH_DEFINITION)

st.header("Teams that need a coach")
if attention.empty:
    st.success("Every team in view reflected in the last 30 days and none has a falling "
               "safety score.")
else:
    st.warning("\n".join(f"- **{row.team_name}** ({row.team_id}): {row.attention}"
                         for row in attention.itertuples(index=False)),
               icon=":material/flag:")

st.header("Every team")
if sessions.empty:
    st.info("No reflection session in view yet. Coaches capture sessions on the **Reflection "
            "session** page, or an admin uploads sessions.csv.", icon=":material/info:")
table = overview.assign(session_page=[f"/session?team={t}" for t in overview["team_id"]])
st.dataframe(table, hide_index=True, column_config={
    "team_id": "Team", "team_name": "Name", "value_stream": "Value stream",
    "sessions": st.column_config.NumberColumn("Sessions in period"),
    "last_session": st.column_config.DateColumn("Last session"),
    "days_since": st.column_config.NumberColumn("Days since"),
    "breadth": st.column_config.ProgressColumn("Breadth (90 days)", format="percent",
                                               min_value=0, max_value=1),
    "measurable_actions": st.column_config.NumberColumn("Measurable actions"),
    "follow_through": st.column_config.ProgressColumn("Follow-through", format="percent",
                                                      min_value=0, max_value=1),
    "safety_slope": st.column_config.NumberColumn("Safety per session", format="%+.2f"),
    "last_safety": st.column_config.NumberColumn("Latest safety", format="%.1f"),
    "quiet": "Quiet", "falling_safety": "Safety falling", "attention": "Flag",
    "session_page": st.column_config.LinkColumn("Session", display_text="Open session"),
})
download_csv(overview, "coach_overview.csv")

st.header("Action follow-through per team")
if overview["measurable_actions"].sum() == 0:
    st.info("No measurable action yet: follow-through counts once a team holds its next "
            "session after agreeing actions.", icon=":material/info:")
else:
    chart(charts.follow_through_chart(overview, ctx.lang))
    download_csv(overview[["team_id", "team_name", "measurable_actions", "follow_through",
                           "attention"]], "follow_through_per_team.csv")
with st.expander("How is follow-through computed?"):
    st.write(metrics.FOLLOW_THROUGH_DEFINITION)

st.header("Safety trend per team")
if overview["safety_slope"].notna().sum() == 0:
    st.info(f"No team has {metrics.TREND_MIN_SESSIONS} sessions that scored safety yet, so "
            "there is no trend to show.", icon=":material/info:")
else:
    chart(charts.safety_slope_chart(overview, ctx.lang))
    download_csv(overview[["team_id", "team_name", "safety_slope", "last_safety",
                           "falling_safety"]], "safety_trend_per_team.csv")
with st.expander("How is the safety trend computed?"):
    st.write(metrics.SAFETY_TREND_DEFINITION)

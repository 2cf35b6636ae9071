"""Coach overview: every team's reflection rhythm, breadth, follow-through and safety, with the
teams that need a coach now."""

import streamlit as st

from alignment import access, charts, metrics, views
from alignment.markdown import plain
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import day, num, t
from alignment.ui.session import team_table
from alignment.ui.session_answers import score_distribution
from alignment.ui.widgets import cut_caption, percent

ctx = page_context(__file__, filters=True)
scope = ctx.scope

st.title(t("page.coach_overview"))
st.caption(t("coach.caption", day=day(scope.as_of),
             start=day(scope.start) if scope.start else t("common.the_start")))

sight = access.score_sight(ctx.person)
shown = ctx.cached(views.coaching, scope, ctx.lang, sight)
overview, attention = shown.overview, shown.attention

if not shown.has_teams:
    st.info(t("coach.no_teams"), icon=":material/info:")
    st.stop()

quiet_tile, falling_tile, breadth_tile, follow_tile = st.columns(4)
quiet_tile.metric(t("coach.quiet", days=metrics.QUIET_AFTER_DAYS),
                  num(int(overview["quiet"].sum())))
falling_tile.metric(t("coach.falling"), num(shown.falling_teams),
                    help=None if sight is None else t("answers_privacy.falling_help",
                                                      count=access.MIN_TEAMS_FOR_AGGREGATE))
breadth_tile.metric(t("session.breadth"), percent(shown.breadth))
follow_tile.metric(t("session.follow_through"), percent(shown.follow_through))
with st.expander(t("common.how_computed")):
    st.write(t("definition.quiet_team"))
    st.write(t("definition.safety_trend"))
    st.write(t("definition.reflection_breadth"))
    st.write(t("definition.follow_through"))

st.header(t("coach.need"))
if attention.empty:
    st.success(t("coach.all_fine"))
else:
    cut_caption("coach_scale.attention_showing", len(attention), views.COACH_ATTENTION_SHOWN)
    st.warning("\n".join(f"- **{plain(row.team_name)}** ({plain(row.team_id)}): {row.attention}"
                         for row in attention.head(views.COACH_ATTENTION_SHOWN)
                         .itertuples(index=False)),
               icon=":material/flag:")

st.header(t("coach.every_team"))
if not shown.has_sessions:
    st.info(t("coach.no_sessions"), icon=":material/info:")
cut_caption("outcome.showing_rows", len(overview), len(shown.listed))
team_table(shown.listed)
download_csv(overview, "coach_overview.csv")

st.header(t("chart.action_follow_through_per_team"))
if overview["measurable_actions"].sum() == 0:
    st.info(t("coach.no_measurable"), icon=":material/info:")
else:
    measurable = int((overview["measurable_actions"] > 0).sum())
    cut_caption("coach.charted_lowest", measurable, charts.TEAMS_CHARTED)
    ctx.chart(charts.follow_through_chart, overview)
    download_csv(overview[["team_id", "team_name", "measurable_actions", "follow_through",
                           "attention"]], "follow_through_per_team.csv")
with st.expander(t("coach.how_follow")):
    st.write(t("definition.follow_through"))
    st.write(t("definition.overdue_actions"))

st.header(t("coach.safety_heading"))
if sight is not None:
    st.caption(t("answers_privacy.own_teams_only"))
if sight == ():
    st.info(t("answers_privacy.no_named_scores"), icon=":material/lock:")
elif overview["safety_slope"].notna().sum() == 0:
    st.info(t("coach.no_trend", count=metrics.TREND_MIN_SESSIONS), icon=":material/info:")
else:
    trending = int(overview["safety_slope"].notna().sum())
    cut_caption("coach.charted_falling", trending, charts.TEAMS_CHARTED)
    ctx.chart(charts.safety_slope_chart, overview)
    download_csv(overview[["team_id", "team_name", "safety_slope", "last_safety",
                           "falling_safety"]], "safety_trend_per_team.csv")
with st.expander(t("coach.how_safety")):
    st.write(t("definition.safety_trend"))
if sight is not None:
    score_distribution(shown.distribution)

"""Reflection session: one team's chain, experiments, open actions and trends, a timebox, and
the form that captures what the session found."""

import datetime as dt

import streamlit as st

from alignment import charts, metrics
from alignment.scope import PERIOD_LABELS, Scope
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import chart, t
from alignment.ui.session import (
    agenda_editor,
    capture_form,
    countdown,
    experiment_cards,
    open_action_list,
    presenter_mode,
    presenter_toggle,
    score_tiles,
    summary_download,
    team_picker,
    team_tiles,
)

ctx = page_context(__file__)
presenting = presenter_mode()

title, toggle = st.columns([3, 1], vertical_alignment="bottom")
title.title(t("page.session"))
team = team_picker(ctx.con, presenting, ctx.person)
if team is None:
    st.info("Choose the team you reflect with. The page then shows its goals and products, its "
            "experiments and open actions, a timer for the agenda, and a form to capture the "
            "session. No teams yet? An admin loads them on the **Reference data** page.",
            icon=":material/info:")
    if ctx.person.role == "coach" and not ctx.person.coach_team_ids:
        st.warning("No team is assigned to you yet: ask an admin to assign your teams on the "
                   "**People** page.", icon=":material/group_off:")
    if presenting:
        presenter_toggle(presenting)
    st.stop()
team_id, team_name = team
with toggle:
    presenter_toggle(presenting)
st.subheader(f"{team_name} ({team_id}) — {ctx.today:%Y-%m-%d}")

period = Scope(as_of=ctx.today)
since = ctx.today - dt.timedelta(days=metrics.RECENT_FINISHED_DAYS)
chain = ctx.q.team_chain(team_id)
experiments = ctx.q.team_experiments(team_id, since, ctx.today)
actions = ctx.q.open_actions(team_id, ctx.today)
trends = ctx.q.score_trends(team_id, ctx.today)
sessions = ctx.q.team_sessions(ctx.today, team_id=team_id)
standing = metrics.coach_overview(
    ctx.q.team_roster(team_id=team_id), sessions,
    ctx.q.session_actions(ctx.today, team_id=team_id), ctx.today,
    period.start,
).iloc[0]

st.header("Timebox")
if not presenting:
    agenda_editor()
countdown()

team_tiles(standing, PERIOD_LABELS[period.period])
with st.expander("How is this computed?"):
    st.write(metrics.REFLECTION_BREADTH_DEFINITION)
    st.write(metrics.FOLLOW_THROUGH_DEFINITION)
    st.write(metrics.SAFETY_TREND_DEFINITION)
    st.write(metrics.QUIET_TEAM_DEFINITION)

st.header("Goals and products the team serves")
if chain.empty:
    st.info("This team works on no product yet, so its work has no line up to a goal. An "
            "admin links teams to products (team_products) on the **Reference data** page.",
            icon=":material/info:")
else:
    st.dataframe(chain, hide_index=True, column_config={
        "product_id": "Product", "product_name": "Name", "lifecycle": "Lifecycle",
        "role": "Role", "allocation_pct": st.column_config.NumberColumn("Allocation",
                                                                        format="%d %%"),
        "goal_id": "Goal", "goal_title": "Goal title", "goal_level": "Level",
        "goal_status": "Status",
    })

st.header(f"Experiments: running, and finished in the last {metrics.RECENT_FINISHED_DAYS} days")
if experiments.empty:
    st.info("No running or recently finished experiment. Teams upload experiments on the "
            "**Upload experiments** page; a session is a good moment to pick the next one.",
            icon=":material/info:")
experiment_cards(experiments)

st.header("Open actions")
open_action_list(ctx, actions, presenting)
with st.expander("Which experiments and actions are shown?"):
    st.write(metrics.SESSION_VIEW_DEFINITION)

st.header("Safety, ownership, energy and collaboration")
score_tiles(metrics.latest_scores(trends))
if trends[trends["series"] == "Team"].empty:
    st.info("No scores for this team yet: the trend starts with its first session with votes.",
            icon=":material/info:")
else:
    chart(charts.score_trend_chart(trends, team_name, ctx.lang))
    download_csv(trends, f"score_trends_{team_id}.csv")
with st.expander("How is this computed?"):
    st.write(metrics.SCORE_TRENDS_DEFINITION)

if not presenting:
    st.header("Capture the session")
    capture_form(ctx, team_id, experiments)
    st.header("Session summary")
    summary_download(ctx.con, team_id, sessions)

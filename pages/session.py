"""Reflection session: one team's chain, experiments, open actions and trends, a timebox, and
the form that captures what the session found."""

import datetime as dt

import streamlit as st

from alignment import access, charts, metrics, queries
from alignment.markdown import plain
from alignment.scope import QUARTER_DAYS, Scope
from alignment.ui.context import page_context
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import day, t
from alignment.ui.live import live_opener, shared_screen
from alignment.ui.session import (
    agenda_editor,
    capture_form,
    chain_table,
    countdown,
    definitions,
    experiment_cards,
    open_action_list,
    presenter_mode,
    presenter_toggle,
    score_tiles,
    session_chart,
    summary_download,
    team_picker,
    team_tiles,
)
from alignment.ui.session_answers import answers_to_team

ctx = page_context(__file__)
presenting = presenter_mode()

title, toggle = st.columns([3, 1], vertical_alignment="bottom")
title.title(t("page.session"))
team = team_picker(ctx, presenting)
if team is None:
    st.info(t("session.choose_team_info"), icon=":material/info:")
    if ctx.person.role == access.COACH and not ctx.person.coach_team_ids:
        st.warning(t("session.no_team_assigned"), icon=":material/group_off:")
    if presenting:
        presenter_toggle(presenting)
    st.stop()
team_id, team_name = team
with toggle:
    presenter_toggle(presenting)
st.subheader(f"{plain(team_name)} ({plain(team_id)}) — {day(ctx.today)}")

period = Scope(as_of=ctx.today)
since = ctx.today - dt.timedelta(days=QUARTER_DAYS)
chain = ctx.cached(queries.team_chain, team_id)
experiments = ctx.cached(queries.team_experiments, team_id, since, ctx.today)
actions = ctx.cached(queries.open_actions, team_id, ctx.today)
trends = ctx.cached(queries.score_trends, team_id, ctx.today)
sessions = ctx.cached(queries.team_sessions, ctx.today, team_id=team_id)
standing = metrics.coach_overview(
    ctx.cached(queries.team_roster, team_id=team_id), sessions,
    ctx.cached(queries.session_actions, ctx.today, team_id=team_id), ctx.today,
    period.start,
).iloc[0]

live = ctx.cached(queries.open_live_session, team_id)
if presenting and not live.empty:
    # the live session's phases, each its own screen, with what the dashboard adds to it
    shared_screen(ctx, live.iloc[0], {
        "check_in": lambda: open_action_list(ctx, actions, presenting),
        "reflect": lambda: experiment_cards(ctx, experiments, presenting),
    })
    st.stop()

st.header(t("session.timebox"))
if not presenting:
    agenda_editor()
countdown(presenting)

if not presenting:
    st.header(t("live.heading"))
    live_opener(ctx, team_id)

team_tiles(standing, t(f"period.{period.period}"))
definitions(presenting, "common.how_computed", "definition.reflection_breadth",
            "definition.follow_through", "definition.safety_trend", "definition.quiet_team")

st.header(t("session.chain"))
if chain.empty:
    st.info(t("session.no_chain"), icon=":material/info:")
else:
    chain_table(chain, team_id, presenting)

st.header(t("session.experiments", days=QUARTER_DAYS))
if experiments.empty:
    st.info(t("session.no_experiments"), icon=":material/info:")
experiment_cards(ctx, experiments, presenting)

st.header(t("session.open_actions"))
open_action_list(ctx, actions, presenting)
definitions(presenting, "session.which_shown", "definition.session_view")
answers_to_team(ctx, team_id, presenting)

st.header(t("session.scores"))
score_tiles(metrics.latest_scores(trends))
if trends[trends["series"] == "Team"].empty:
    st.info(t("session.no_trend"), icon=":material/info:")
else:
    session_chart(ctx, presenting, charts.score_trend_chart, trends, team_name)
    if not presenting:
        download_csv(trends, f"score_trends_{team_id}.csv")
definitions(presenting, "common.how_computed", "definition.score_trends")

if not presenting:
    st.header(t("session.capture"))
    capture_form(ctx, team_id, experiments)
    st.header(t("session.summary"))
    summary_download(ctx, team_id, sessions)

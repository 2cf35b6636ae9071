"""Answers from governance, hand-overs and private scores on screen: the answers waiting for
a team at its session, the tick that they were discussed, handing an open action to another
team, the share of answers discussed in time on the Learning page, and the teams' scores as a
distribution for those who may not see a named team's.

The rules live in ``session.record`` and ``metrics``, every write in ``store.answers`` and
``store.sessions``; this module only draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from alignment import access, metrics, queries
from alignment.access import Person
from alignment.db import Database
from alignment.markdown import plain
from alignment.scope import QUARTER_DAYS
from alignment.session.record import hand_over_problem
from alignment.store import answers as store_answers
from alignment.store import sessions as store_sessions
from alignment.ui.context import PageContext
from alignment.ui.i18n import current_language, data_table, day, enum, num, t
from alignment.ui.widgets import percent

ANSWER_FLASH_KEY = "answers_flash"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _ticked(con: Database, experiment_id: str, team_id: str, decided: dt.date,
            today: dt.date, person: Person) -> None:
    """Tick one answer discussed and keep what happened to show on the next run."""
    try:
        store_answers.discussed_answer(con, experiment_id, team_id, decided, today, person,
                                       _now())
    except PermissionError:
        st.session_state[ANSWER_FLASH_KEY] = ("warning", t("answers.refused"))
    except (KeyError, ValueError):
        st.session_state[ANSWER_FLASH_KEY] = ("warning",
                                              t("answers.gone", id=plain(experiment_id)))
    else:
        st.session_state[ANSWER_FLASH_KEY] = ("success",
                                              t("answers.ticked", id=plain(experiment_id)))


def _answer_text(row) -> str:
    why = (plain(row.decision_rationale)
           if isinstance(row.decision_rationale, str) and row.decision_rationale
           else t("session.no_rationale"))
    return t("answers.card", level=enum("decision_scope", row.decision_scope),
             decision=enum("decision", row.decision), id=plain(row.experiment_id),
             title=plain(row.title), day=day(row.decision_date), why=why)


def answers_to_team(ctx: PageContext, team_id: str, presenting: bool) -> None:
    """The decisions taken above the team on its experiments that it has not discussed yet,
    each with its rationale and (not presenting) the tick that it was discussed."""
    st.header(t("answers.heading"))
    flash = st.session_state.pop(ANSWER_FLASH_KEY, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    since = ctx.today - dt.timedelta(days=QUARTER_DAYS)
    answers = ctx.cached(queries.team_answers, team_id, since, ctx.today)
    waiting = answers[answers["discussed_on"].isna()]
    if waiting.empty:
        st.success(t("answers.none_waiting", days=num(QUARTER_DAYS)))
    else:
        st.caption(t("answers.caption", count=num(len(waiting)),
                     days=num(QUARTER_DAYS)))
    for row in waiting.itertuples(index=False):
        decided = pd.Timestamp(row.decision_date).date()
        with st.container(border=True):
            st.markdown(_answer_text(row))
            if not presenting:
                st.button(t("answers.discussed"), key=f"answer_{row.experiment_id}_{decided}",
                          on_click=_ticked, icon=":material/task_alt:",
                          args=(ctx.con, row.experiment_id, team_id, decided, ctx.today,
                                ctx.person))
    if not presenting:
        with st.expander(t("common.how_computed")):
            st.write(t("answers.which_shown", days=num(QUARTER_DAYS)))
            st.write(t("definition.answers_discussed"))


def _hand_key(action_id: str) -> str:
    return f"hand_to_{action_id}"


def _handed(con: Database, action_id: str, owner: str, team_ids: tuple[str, ...],
            person: Person, changed: Callable, refused: Callable) -> None:
    to_team = st.session_state.get(_hand_key(action_id))
    problem = hand_over_problem(to_team, owner, team_ids)
    if problem:
        refused(action_id, problem.text(current_language()))
        return
    changed(action_id,
            lambda: store_sessions.handed_action(con, action_id, to_team, person, _now()),
            t("answers.handed", id=plain(action_id), team=plain(to_team)))


def hand_over_control(column, ctx: PageContext, row, changed: Callable,
                      refused: Callable) -> None:
    """The "Hand to another team" popover of one open action in ``column``.

    ``changed(action_id, write, done_text)`` runs the write and says what happened;
    ``refused(action_id, problem)`` says a refused choice under the action.
    """
    teams = ctx.cached(queries.team_choices, None)
    names = dict(zip(teams["team_id"], teams["name"], strict=True))
    options = [team for team in names if team != row.owner_team_id]
    with column.popover(t("answers.hand_over"), icon=":material/move_up:",
                        help=t("answers.hand_over_help"), width="stretch"):
        with st.form(f"hand_{row.action_id}", border=False):
            st.selectbox(t("answers.to_team"), options, index=None,
                         format_func=lambda team: f"{names[team]} ({team})",
                         placeholder=t("answers.choose_team"), key=_hand_key(row.action_id))
            st.form_submit_button(t("answers.hand_over_save"), on_click=_handed,
                                  key=f"hand_save_{row.action_id}", type="primary",
                                  icon=":material/move_up:",
                                  args=(ctx.con, row.action_id, row.owner_team_id,
                                        tuple(names), ctx.person, changed, refused))


def answers_discussed(share: float | None) -> None:
    """The Learning page's share of governance answers discussed with the team in time."""
    st.header(t("answers.learning_heading"))
    st.metric(t("answers.learning_share", days=num(metrics.ANSWER_DISCUSS_DAYS)),
              percent(share), help=t("answers.learning_help"))
    with st.expander(t("common.how_computed")):
        st.write(t("definition.answers_discussed"))


def score_distribution(distribution: pd.DataFrame) -> None:
    """The teams' latest scores counted per band, measure by measure, for someone who may not
    see each team's own; nothing below ``access.MIN_TEAMS_FOR_AGGREGATE`` teams."""
    st.header(t("answers_privacy.distribution_heading"))
    if distribution.empty:
        st.info(t("answers_privacy.too_few", count=access.MIN_TEAMS_FOR_AGGREGATE),
                icon=":material/lock:")
    else:
        table = (distribution.assign(measure=distribution["measure"].map(
                     lambda measure: t(f"score.{measure}")))
                 .pivot_table(index=["measure", "scored_teams"], columns="band",
                              values="teams", sort=False)
                 .reset_index()[["measure", *metrics.SCORE_BANDS, "scored_teams"]])
        data_table(table, {"measure": "answers_privacy.measure",
                           "scored_teams": "answers_privacy.scored_teams",
                           **{band: st.column_config.NumberColumn(band)
                              for band in metrics.SCORE_BANDS}})
    with st.expander(t("common.how_computed")):
        st.write(t("answers_privacy.definition", count=access.MIN_TEAMS_FOR_AGGREGATE))

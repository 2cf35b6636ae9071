"""The pieces of a reflection session on screen: presenter mode, the team, the timebox, the
open actions, the capture form and the summary download.

The rules live in pure modules (``session.timebox``, ``session.votes``, ``session.record``,
``session.summary``) and every write in ``store.sessions``; this module only draws them.
"""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st

from alignment import access, charts, metrics, queries
from alignment.access import Person
from alignment.contract import SESSION_KINDS
from alignment.db import Database
from alignment.i18n import table_date_format
from alignment.markdown import plain
from alignment.scope import QUARTER_DAYS
from alignment.session.record import (
    THEMES,
    NewSession,
    carry_over_problem,
    entered_actions,
    nudge_text,
    session_problems,
    skipped_themes,
)
from alignment.session.summary import session_markdown, summary_file_name
from alignment.session.timebox import (
    AGENDA,
    Timebox,
    default_minutes,
    next_part,
    paused,
    remaining_seconds,
    started,
)
from alignment.session.votes import (
    MIN_VOTES,
    SCORE_THEMES,
    SCORES,
    team_averages,
)
from alignment.sitemap import SESSION
from alignment.store import sessions as store_sessions
from alignment.ui.cached import chart_spec
from alignment.ui.context import PageContext
from alignment.ui.downloads import download_csv
from alignment.ui.i18n import (
    column_label,
    current_language,
    data_table,
    day,
    enum,
    enum_format,
    num,
    shown_frame,
    t,
)
from alignment.ui.live import PRESENT_PARAM, SAVED_KEY, browser_clock
from alignment.ui.navigation import page_url
from alignment.ui.outcomes import experiment_outcome
from alignment.ui.session_answers import hand_over_control
from alignment.ui.widgets import percent

PRESENTER_KEY = "F"  # as for full screen in most presentation tools; Esc leaves
TEAM_PARAM = "team"
TIMER_KEY = "session_timebox"
MINUTES_KEY = "session_agenda_minutes"
ACTION_ROWS_KEY = "session_action_rows"
ATTEMPT_KEY = "session_capture_attempt"
CAPTURE_TEAM_KEY = "session_capture_team"
CLOSED_KEY = "session_action_closed"
CARRY_PROBLEM_KEY = "session_carry_problem"
DEFAULT_ACTION_ROWS = 3
CARDS_CHARTED = 12  # experiment cards with their outcome drawn; the rest say it in words
NO_EXPERIMENT = ""

PRESENTER_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], [data-testid="stExpandSidebarButton"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding-top: 2.5rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.45rem; }
[data-testid="stMain"] h1 { font-size: 3.2rem; }
[data-testid="stMain"] h2 { font-size: 2.4rem; }
[data-testid="stMain"] h3 { font-size: 1.9rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.25rem; }
[data-testid="stMain"] [data-testid="stTable"] th,
[data-testid="stMain"] [data-testid="stTable"] td { font-size: 1.3rem; }
[data-testid="stMain"] kbd { font-size: 1.15rem; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.4rem; }
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 3.2rem; line-height: 1.15; }
[data-testid="stMain"] .st-key-session_clock [data-testid="stMetricValue"] p {
    font-size: 7rem; line-height: 1.1; font-variant-numeric: tabular-nums; }
</style>
"""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def presenter_mode() -> bool:
    """Whether the page is on a shared screen (``?present=1``); then the sidebar is hidden."""
    presenting = st.query_params.get(PRESENT_PARAM) == "1"
    if presenting:
        st.markdown(PRESENTER_CSS, unsafe_allow_html=True)
    return presenting


def _enter_presenter() -> None:
    st.query_params[PRESENT_PARAM] = "1"


def _leave_presenter() -> None:
    if PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


def presenter_toggle(presenting: bool) -> None:
    """The button into presenter mode, or the one out of it (also the Esc key)."""
    if presenting:
        st.button(t("session.leave_presenter"), key="leave_presenter",
                  on_click=_leave_presenter, icon=":material/close_fullscreen:", shortcut="Esc",
                  help=t("session.leave_presenter_help"))
    else:
        st.button(t("session.presenter"), key="enter_presenter", on_click=_enter_presenter,
                  icon=":material/present_to_all:", shortcut=PRESENTER_KEY,
                  help=t("session.presenter_help"))


def definitions(presenting: bool, title_key: str, *keys: str) -> None:
    """The "how is this computed" expander titled ``title_key`` holding the definitions
    ``keys``; left off a shared screen."""
    if presenting:
        return
    with st.expander(t(title_key)):
        for key in keys:
            st.write(t(key))


def session_chart(ctx: PageContext, presenting: bool, build, *args) -> None:
    """The chart ``build(*args)``; on a shared screen with type read from the back of a room."""
    if presenting:
        st.vega_lite_chart(charts.presented(chart_spec(ctx.lang, build, *args)))
    else:
        ctx.chart(build, *args)


def chain_table(chain: pd.DataFrame, team_id: str, presenting: bool) -> None:
    """The team's products with the goals they serve: a table to sort and download, or on a
    shared screen plain large type."""
    shown = chain.assign(role=chain["role"].map(lambda r: enum("team_role", r)))
    if presenting:
        shown["allocation_pct"] = [f"{num(share)} %" if pd.notna(share) else num(None)
                                   for share in shown["allocation_pct"]]
        st.table(shown_frame(shown).rename(columns=column_label), hide_index=True)
        return
    data_table(shown, {
        "allocation_pct": st.column_config.NumberColumn(t("column.allocation_pct"),
                                                        format="%d %%"),
    })
    download_csv(chain, f"chain_{team_id}.csv")


def team_picker(ctx: PageContext, presenting: bool) -> tuple[str, str] | None:
    """The team of the session (id, name), chosen here and kept in the URL; None until chosen.

    Only the teams the person runs sessions for (a coach: those assigned to them).
    """
    teams = ctx.cached(queries.team_choices, None)
    allowed = set(access.session_teams(ctx.person, list(teams["team_id"])))
    names = {team: name for team, name in zip(teams["team_id"], teams["name"], strict=True)
             if team in allowed}
    asked = st.query_params.get(TEAM_PARAM)
    if presenting:
        chosen = asked if asked in names else None
    else:
        options = list(names)
        chosen = st.selectbox(
            t("sidebar.team"), options, index=options.index(asked) if asked in names else None,
            format_func=lambda team: f"{names[team]} ({team})",
            placeholder=t("session.choose_team"),
            key="session_team",
        )
    if chosen and st.query_params.get(TEAM_PARAM) != chosen:
        st.query_params[TEAM_PARAM] = chosen
    return (chosen, names[chosen]) if chosen else None


def _minutes() -> dict[str, int]:
    return st.session_state.setdefault(MINUTES_KEY, default_minutes())


def agenda_editor() -> None:
    """Number inputs for the minutes of each agenda part (kept while presenting)."""
    minutes = _minutes()
    with st.expander(t("session.agenda")):
        columns = st.columns(len(AGENDA))
        for column, part in zip(columns, AGENDA, strict=True):
            minutes[part] = int(column.number_input(
                t(f"agenda.{part}"), min_value=1, max_value=60, step=1, value=int(minutes[part]),
                key=f"agenda_{part}"))


def _box() -> Timebox:
    return st.session_state.get(TIMER_KEY, Timebox())


def _start() -> None:
    st.session_state[TIMER_KEY] = started(_box(), time.monotonic())


def _pause() -> None:
    st.session_state[TIMER_KEY] = paused(_box(), time.monotonic())


def _next() -> None:
    st.session_state[TIMER_KEY] = next_part(_box(), time.monotonic(), len(AGENDA))


def _restart() -> None:
    st.session_state[TIMER_KEY] = Timebox()


def countdown(presenting: bool = False) -> None:
    """The agenda with the current part's time left; the clock counts down in the browser, so
    the server draws it only when a button changes it."""
    minutes = _minutes()
    box = _box()
    parts = list(AGENDA)
    part = parts[box.part]
    left = remaining_seconds(box, minutes[part], time.monotonic())
    clock, agenda = st.columns([2, 3])
    with clock.container(key="session_clock"):
        browser_clock(t("session.time_left", part=t(f"agenda.{part}")), left, box.running,
                      big=presenting)
    lines = []
    for number, key in enumerate(parts):
        label = t("session.agenda_line", part=t(f"agenda.{key}"), minutes=minutes[key])
        if number < box.part:
            lines.append(f"- ~~{label}~~")
        elif number == box.part:
            lines.append(f"- **▶ {label}**" + ("" if box.running else
                                               " " + t("session.paused")))
        else:
            lines.append(f"- {label}")
    agenda.markdown("\n".join(lines))
    start, pause, forward, again = st.columns(4)
    # Space starts and pauses (only one of the two is enabled), Right moves on: what a
    # presentation clicker or a coach at the keyboard reaches for.
    start.button(t("session.start"), key="timer_start", on_click=_start, disabled=box.running,
                 icon=":material/play_arrow:", width="stretch", shortcut="Space")
    pause.button(t("session.pause"), key="timer_pause", on_click=_pause, disabled=not box.running,
                 icon=":material/pause:", width="stretch", shortcut="Space")
    forward.button(t("session.next"), key="timer_next", on_click=_next,
                   disabled=box.part + 1 >= len(parts), icon=":material/skip_next:",
                   width="stretch", shortcut="Right")
    again.button(t("session.restart"), key="timer_restart", on_click=_restart,
                 icon=":material/restart_alt:", width="stretch")


def _changed(action_id: str, write, done_text: str) -> None:
    """Run ``write()`` on an open action and keep what happened to show on the next run."""
    try:
        write()
    except (KeyError, ValueError):
        st.session_state[CLOSED_KEY] = ("warning", t("session.action_gone", id=plain(action_id)))
    except PermissionError:
        st.session_state[CLOSED_KEY] = ("warning", t("session.action_refused"))
    else:
        st.session_state[CLOSED_KEY] = ("success", done_text)


def _closed(con: Database, action_id: str, status: str, today: dt.date,
            person: Person) -> None:
    _changed(action_id,
             lambda: store_sessions.closed_action(con, action_id, status, today, person, _now()),
             t("session.action_closed", id=plain(action_id), status=enum("action_status", status)))


def _refused(action_id: str, problem: str) -> None:
    """Keep why a change to an open action was refused, to say under it on the next run."""
    st.session_state[CARRY_PROBLEM_KEY] = (action_id, problem)


def _carry_key(action_id: str) -> str:
    return f"carry_due_{action_id}"


def _carried(con: Database, action_id: str, today: dt.date,
             person: Person) -> None:
    due = st.session_state.get(_carry_key(action_id))
    problem = carry_over_problem(due, today)
    if problem:
        st.session_state[CARRY_PROBLEM_KEY] = (action_id, problem.text(current_language()))
        return
    _changed(action_id,
             lambda: store_sessions.carried_action(con, action_id, due, today, person, _now()),
             t("session.carried", id=plain(action_id), day=day(due)))


def _group_heading(group: str, count: int) -> str:
    """The heading of one group of open actions (``metrics.ACTION_GROUPS``) with its count."""
    counted = num(count)
    return {
        "long_overdue": t("session.group_long_overdue", days=num(metrics.LONG_OVERDUE_DAYS),
                          count=counted),
        "overdue": t("session.group_overdue", count=counted),
        "due_soon": t("session.group_due_soon", days=num(metrics.DUE_SOON_DAYS), count=counted),
        "later": t("session.group_later", count=counted),
    }[group]


def open_action_list(ctx: PageContext, actions: pd.DataFrame, presenting: bool) -> None:
    """The team's open actions grouped by how late they are, each with Carry over / Done /
    Dropped (not presenting); those overdue for months folded away under their count."""
    flash = st.session_state.pop(CLOSED_KEY, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    if actions.empty:
        st.success(t("session.no_open_actions"))
        return
    grouped = metrics.action_groups(actions, ctx.today)
    late = int((grouped["days_overdue"] > 0).sum())
    st.caption(t("session.open_count", open=num(len(grouped)), overdue=num(late)))
    problem = st.session_state.pop(CARRY_PROBLEM_KEY, None)
    for group in metrics.ACTION_GROUPS:
        rows = grouped[grouped["group"] == group]
        if rows.empty:
            continue
        heading = _group_heading(group, len(rows))
        if group == "long_overdue":
            with st.expander(heading, icon=":material/history:",
                             expanded=problem is not None and problem[0] in set(rows["action_id"])):
                st.caption(t("session.long_overdue_hint"))
                _action_rows(ctx, rows, presenting, problem)
        else:
            st.markdown(f"**{heading}**")
            _action_rows(ctx, rows, presenting, problem)


def _action_rows(ctx: PageContext, rows: pd.DataFrame, presenting: bool,
                 problem: tuple[str, str] | None) -> None:
    """One line per open action; a refused carry-over is said under its own action."""
    for row in rows.itertuples(index=False):
        if presenting:
            text = st.container()
        else:
            text, carry, hand, done, dropped = st.columns([4, 2.2, 2.2, 1.5, 1.7],
                                                          vertical_alignment="center")
        due = "" if pd.isna(row.due_on) else t("session.due_line", day=day(row.due_on))
        if row.days_overdue:
            due += " · :red[" + (t("session.overdue_one") if row.days_overdue == 1 else
                                 t("session.overdue_many", days=num(row.days_overdue))) + "]"
        linked = "" if pd.isna(row.experiment_id) else t(
            "session.linked_line", id=plain(row.experiment_id),
            title=plain(row.experiment_title or ""))
        text.markdown(f"**{plain(row.description)}**  \n" + t(
            "session.action_line", id=plain(row.action_id), session=plain(row.session_id),
            day=day(row.held_on), owner=plain(row.owner_team_id)) + due + linked)
        if problem is not None and problem[0] == row.action_id:
            text.error(problem[1], icon=":material/event_busy:")
        if presenting:
            continue
        args = (ctx.con, row.action_id)
        with carry.popover(t("session.carry_over"), icon=":material/event_repeat:",
                           help=t("session.carry_over_help"), width="stretch"):
            with st.form(f"carry_{row.action_id}", border=False):
                st.date_input(t("session.new_due"),
                              value=ctx.today + dt.timedelta(days=metrics.DUE_SOON_DAYS),
                              format=table_date_format(ctx.lang), key=_carry_key(row.action_id))
                st.form_submit_button(t("session.carry_over_save"), on_click=_carried,
                                      key=f"carry_save_{row.action_id}",
                                      args=(*args, ctx.today, ctx.person), type="primary",
                                      icon=":material/event_repeat:")
        hand_over_control(hand, ctx, row, _changed, _refused)
        done.button(t("session.done"), key=f"action_done_{row.action_id}", on_click=_closed,
                    args=(*args, "done", ctx.today, ctx.person),
                    icon=":material/check:", width="stretch")
        dropped.button(t("session.dropped"), key=f"action_dropped_{row.action_id}",
                       on_click=_closed, args=(*args, "dropped", ctx.today, ctx.person),
                       icon=":material/close:", width="stretch")


def experiment_cards(ctx: PageContext, experiments: pd.DataFrame, presenting: bool) -> None:
    """One card per experiment: title, status and lens, its outcome (charted on the first
    ``CARDS_CHARTED``), its learning and its decision."""
    for number, row in enumerate(experiments.itertuples(index=False)):
        with st.container(border=True):
            ended = "" if pd.isna(row.end_date) else t("session.ended_line",
                                                         day=day(row.end_date))
            st.markdown(f"**{plain(row.experiment_id)} — {plain(row.title)}**  \n" + t(
                "session.card_line", status=enum("experiment_status", row.status),
                lens=enum("lean_lens", row.lean_lens),
                role=enum("experiment_team_role", row.team_role), ended=ended))
            experiment_outcome(ctx, row, presenting, drawn=number < CARDS_CHARTED)
            if isinstance(row.learning, str) and row.learning:
                st.markdown(t("session.card_learning", result=enum("result", row.result),
                              learning=plain(row.learning)))
            if isinstance(row.decision, str) and row.decision:
                st.markdown(t("session.card_decision", decision=enum("decision", row.decision),
                              level=enum("decision_scope", row.decision_scope),
                              why=plain(row.decision_rationale)
                              if isinstance(row.decision_rationale, str)
                              and row.decision_rationale else t("session.no_rationale")))
            elif row.status == "done":
                st.markdown(t("session.no_decision"))


def score_tiles(latest: pd.DataFrame) -> None:
    """One tile per score: the latest team average and its change since the score before."""
    if latest.empty:
        st.info(t("session.no_scores"))
        return
    for column, row in zip(st.columns(len(latest)), latest.itertuples(index=False),
                           strict=True):
        delta = None if row.previous is None or pd.isna(row.previous) else round(
            row.latest - row.previous, 1)
        column.metric(t(f"score.{row.measure}"), num(row.latest, 1),
                      delta=None if delta is None else num(delta, 1, signed=True),
                      help=t("session.score_help", day=day(row.latest_on)))


def _experiment_label(experiments: pd.DataFrame):
    titles = dict(zip(experiments["experiment_id"], experiments["title"], strict=True))
    none = t("session.no_experiment")  # fixed now: a widget may format outside the run
    return lambda e: none if e == NO_EXPERIMENT else f"{e} {titles.get(e, '')}"


def _add_action_row() -> None:
    st.session_state[ACTION_ROWS_KEY] = st.session_state.get(ACTION_ROWS_KEY,
                                                             DEFAULT_ACTION_ROWS) + 1


def capture_form(ctx: PageContext, team_id: str, experiments: pd.DataFrame) -> None:
    """What was discussed (with the nudge), then the form: kind, votes, notes, new actions.

    ``experiments`` are those an action may be linked to (``queries.team_experiments``).
    """
    teams = ctx.cached(queries.team_choices, None)
    team_names = dict(zip(teams["team_id"], teams["name"], strict=True))
    attempt = st.session_state.setdefault(ATTEMPT_KEY, 0)
    if st.session_state.get(CAPTURE_TEAM_KEY, team_id) != team_id:
        # another team: start from an empty form, so no vote typed for one team counts for the next
        attempt = st.session_state[ATTEMPT_KEY] = attempt + 1
    st.session_state[CAPTURE_TEAM_KEY] = team_id
    saved = st.session_state.pop(SAVED_KEY, None)
    if saved:
        st.success(saved, icon=":material/check_circle:")
    lang = current_language()
    st.markdown(t("session.discussed"))
    discussed = {
        theme for column, theme in zip(st.columns(len(THEMES)), THEMES, strict=True)
        if column.checkbox(t(f"theme.{theme}"), value=True, key=f"discussed_{theme}_{attempt}")
    }
    skipped = skipped_themes(discussed)
    if skipped:
        st.warning(nudge_text(skipped, lang), icon=":material/lightbulb:")
    rows = st.session_state.get(ACTION_ROWS_KEY, DEFAULT_ACTION_ROWS)
    team_ids = list(team_names)
    experiment_options = [NO_EXPERIMENT, *experiments["experiment_id"]]
    with st.form(f"capture_{attempt}"):
        kind_column, day_column = st.columns(2)
        kind = kind_column.selectbox(t("session.kind"), SESSION_KINDS,
                                     format_func=enum_format("session_kind"),
                                     key=f"kind_{attempt}")
        held_on = day_column.date_input(t("session.held_on"), value=ctx.today,
                                        max_value=ctx.today, format=table_date_format(lang),
                                        key=f"held_on_{attempt}")
        st.markdown(t("session.votes_intro", count=MIN_VOTES))
        votes, vote_slots = {}, {}
        for column, score in zip(st.columns(len(SCORES)), SCORES, strict=True):
            theme = SCORE_THEMES.get(score)
            skipped_score = theme is not None and theme not in discussed
            votes[score] = column.text_input(
                t(f"score.{score}"), key=f"votes_{score}_{attempt}", disabled=skipped_score,
                placeholder=t("session.not_discussed") if skipped_score
                else t("session.votes_placeholder"))
            vote_slots[score] = column.empty()  # where a problem with these votes is said
            if skipped_score:
                votes[score] = ""
        notes = st.text_area(t("session.notes"), key=f"notes_{attempt}",
                             placeholder=t("session.notes_placeholder"))
        st.markdown(t("session.new_actions"))
        entered = []
        for number in range(rows):
            text, owner, due, linked = st.columns([4, 3, 2, 3])
            entered.append({
                "description": text.text_input(t("session.action"),
                                               key=f"action_text_{attempt}_{number}",
                                               placeholder=t("session.action_placeholder")),
                "owner_team_id": owner.selectbox(
                    t("session.owner_team"), team_ids, index=team_ids.index(team_id),
                    format_func=lambda team: f"{team_names[team]} ({team})",
                    key=f"action_owner_{attempt}_{number}"),
                "due_on": due.date_input(t("session.due"), value=None, min_value=held_on,
                                         format=table_date_format(lang),
                                         key=f"action_due_{attempt}_{number}"),
                "experiment_id": linked.selectbox(
                    t("session.experiment"), experiment_options,
                    format_func=_experiment_label(experiments),
                    key=f"action_experiment_{attempt}_{number}"),
            })
        submitted = st.form_submit_button(t("session.save"), type="primary",
                                          icon=":material/save:")
    st.button(t("session.add_row"), key="add_action_row", on_click=_add_action_row,
              icon=":material/add:")
    with st.expander(t("session.how_scores")):
        st.write(t("definition.votes"))
    if not submitted:
        return
    averages = team_averages(votes, discussed)
    session = NewSession(team_id=team_id, held_on=held_on, kind=kind,
                         discussed=frozenset(discussed), averages=averages.averages, notes=notes)
    for score, problem in averages.problems.items():
        vote_slots[score].error(problem.text(lang), icon=":material/error:")
    actions = entered_actions(entered)
    problems = [p.text(lang) for p in [*averages.problems.values(), *session_problems(
        session, actions, team_ids=team_ids, experiment_ids=experiment_options[1:],
        today=ctx.today)]]
    if problems:
        st.error(t("session.not_saved") + "\n\n" + "\n".join(f"- {p}" for p in problems))
        return
    try:
        saved = store_sessions.saved_session(ctx.con, session, actions, ctx.person, _now())
    except PermissionError:
        st.error(t("session.not_permitted"))
        return
    count = len(saved.action_ids)
    st.session_state[SAVED_KEY] = t("session.saved_one" if count == 1 else "session.saved_many",
                                    id=saved.session_id, count=num(count))
    st.session_state[ATTEMPT_KEY] = attempt + 1
    st.session_state[ACTION_ROWS_KEY] = DEFAULT_ACTION_ROWS
    st.rerun()


def summary_download(ctx: PageContext, team_id: str, sessions: pd.DataFrame) -> None:
    """Choose one of the team's sessions (latest first) and download it as Markdown."""
    if sessions.empty:
        st.info(t("session.no_sessions"))
        return
    lang = current_language()
    latest_first = sessions.sort_values(["held_on", "session_id"], ascending=False)
    labels = {row.session_id: t("session.summary_label", day=day(row.held_on),
                                kind=enum("session_kind", row.kind), id=row.session_id)
              for row in latest_first.itertuples(index=False)}
    chosen = st.selectbox(t("session.session"), list(labels), format_func=labels.get,
                          key=f"summary_session_{len(labels)}")
    record = ctx.cached(queries.session_record, chosen).iloc[0].to_dict()
    held_on = pd.Timestamp(record["held_on"]).date()
    record["held_on"] = held_on
    decisions = ctx.cached(queries.team_decisions, team_id,
                           held_on - dt.timedelta(days=QUARTER_DAYS), held_on)
    actions = ctx.cached(queries.session_action_list, chosen)
    text = session_markdown(record, decisions, actions, lang)
    st.download_button(t("session.download_summary"), text,
                       file_name=summary_file_name(record), mime="text/markdown",
                       icon=":material/download:", key="summary_download",
                       on_click="ignore")
    with st.expander(t("session.preview")):
        st.markdown(text)


def _maybe(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def team_tiles(row: pd.Series, period_label: str) -> None:
    """The team's last session, breadth, follow-through and safety trend as four tiles.

    ``row`` is the team's row of ``metrics.coach_overview``, counted over ``period_label``.
    """
    last, breadth, follow, safety = st.columns(4)
    days = row["days_since"]
    last.metric(t("session.last_session"),
                t("session.never") if row["last_session"] is None else day(row["last_session"]),
                delta=None if pd.isna(days) else t("session.days_ago", days=num(days)),
                delta_color="inverse" if row["quiet"] else "off", delta_arrow="off")
    breadth.metric(t("session.breadth"), percent(_maybe(row["breadth"])))
    follow.metric(t("session.follow_through"), percent(_maybe(row["follow_through"])),
                  help=t("session.follow_help", period=period_label.lower()))
    slope = _maybe(row["safety_slope"])
    safety.metric(t("session.safety_trend"), num(slope, 2, signed=True),
                  delta=t("session.falling") if row["falling_safety"] else None,
                  delta_color="inverse",
                  delta_arrow="down" if row["falling_safety"] else "auto")


# Coach overview's table: the columns that answer "which team, and where do I go" first; the
# id rides in the link, the flags' true/false columns are said by the flag text.
TEAM_TABLE_COLUMNS = [
    "team_name", "session_page", "last_session", "days_since", "overdue_actions", "attention",
    "follow_through", "breadth", "safety_slope", "last_safety", "sessions",
    "measurable_actions", "value_stream",
]


def _whole_percent(shares: pd.Series) -> pd.Series:
    """Shares 0–1 as whole percentages 0–100, rounded as the tiles' ``percent`` rounds them."""
    return (shares * 100).round()


def _percent_column(label_key: str):
    return st.column_config.ProgressColumn(t(label_key), format="%d%%", min_value=0,
                                           max_value=100)


def team_table(overview: pd.DataFrame) -> None:
    """Every team of ``metrics.coach_overview``: its name and the link to its session first,
    then what says whether a coach is needed; percentages read as on the tiles."""
    table = overview.assign(
        session_page=[page_url(SESSION, **{TEAM_PARAM: team})
                      for team in overview["team_id"]],
        breadth=_whole_percent(overview["breadth"]),
        follow_through=_whole_percent(overview["follow_through"]),
        attention=overview["attention"].replace("", None))   # no flag: a dash, not a blank
    data_table(table, {
        "breadth": _percent_column("column.breadth"),
        "follow_through": _percent_column("column.follow_through"),
        "safety_slope": st.column_config.NumberColumn(t("column.safety_slope"), format="%+.2f"),
        "last_safety": st.column_config.NumberColumn(t("column.last_safety"), format="%.1f"),
        "session_page": st.column_config.LinkColumn(t("column.session_page"),
                                                    display_text=t("coach.open_session")),
    }, column_order=TEAM_TABLE_COLUMNS)

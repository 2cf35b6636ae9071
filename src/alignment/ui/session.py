"""The pieces of a reflection session on screen: presenter mode, the team, the timebox, the
open actions, the capture form and the summary download.

The rules live in pure modules (``timebox``, ``session_votes``, ``session_record``,
``session_summary``) and every write in ``store_sessions``; this module only draws them.
"""

from __future__ import annotations

import datetime as dt
import time

import duckdb
import pandas as pd
import streamlit as st

from alignment import access, queries, store_sessions
from alignment.access import Person
from alignment.contract import SESSION_KINDS
from alignment.session_record import (
    KIND_LABELS,
    THEME_LABELS,
    THEMES,
    NewSession,
    entered_actions,
    nudge_text,
    session_problems,
    skipped_themes,
)
from alignment.session_summary import DECISIONS_WINDOW_DAYS, session_markdown, summary_file_name
from alignment.session_votes import (
    MIN_VOTES,
    SCORE_LABELS,
    SCORE_THEMES,
    SCORES,
    VOTES_DEFINITION,
    team_averages,
)
from alignment.timebox import (
    AGENDA,
    Timebox,
    clock_text,
    default_minutes,
    next_part,
    paused,
    remaining_seconds,
    started,
)
from alignment.ui.cached import cached_result
from alignment.ui.context import PageContext
from alignment.ui.widgets import percent

PRESENT_PARAM = "present"
TEAM_PARAM = "team"
TIMER_KEY = "session_timebox"
MINUTES_KEY = "session_agenda_minutes"
ACTION_ROWS_KEY = "session_action_rows"
ATTEMPT_KEY = "session_capture_attempt"
SAVED_KEY = "session_saved"
CAPTURE_TEAM_KEY = "session_capture_team"
CLOSED_KEY = "session_action_closed"
DEFAULT_ACTION_ROWS = 3
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
        st.button("Leave presenter mode", key="leave_presenter", on_click=_leave_presenter,
                  icon=":material/close_fullscreen:", shortcut="Esc",
                  help="Back to the full page with the sidebar and the capture form (Esc).")
    else:
        st.button("Presenter mode", key="enter_presenter", on_click=_enter_presenter,
                  icon=":material/present_to_all:",
                  help="For a shared screen: large type, no sidebar and no edit controls.")


def team_picker(
    con: duckdb.DuckDBPyConnection, presenting: bool, person: Person
) -> tuple[str, str] | None:
    """The team of the session (id, name), chosen here and kept in the URL; None until chosen.

    Only the teams ``person`` runs sessions for (a coach: those assigned to them).
    """
    teams = cached_result(con, queries.team_choices, None)
    allowed = set(access.session_teams(person, list(teams["team_id"])))
    names = {team: name for team, name in zip(teams["team_id"], teams["name"], strict=True)
             if team in allowed}
    asked = st.query_params.get(TEAM_PARAM)
    if presenting:
        chosen = asked if asked in names else None
    else:
        options = list(names)
        chosen = st.selectbox(
            "Team", options, index=options.index(asked) if asked in names else None,
            format_func=lambda t: f"{names[t]} ({t})", placeholder="Choose the team",
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
    with st.expander("Agenda: minutes per part"):
        columns = st.columns(len(AGENDA))
        for column, (part, (label, _)) in zip(columns, AGENDA.items(), strict=True):
            minutes[part] = int(column.number_input(
                label, min_value=1, max_value=60, step=1, value=int(minutes[part]),
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


@st.fragment(run_every=1)
def countdown() -> None:
    """The agenda with the current part's time left, redrawn every second on its own."""
    minutes = _minutes()
    box = _box()
    parts = list(AGENDA)
    part = parts[box.part]
    left = remaining_seconds(box, minutes[part], time.monotonic())
    clock, agenda = st.columns([2, 3])
    with clock.container(key="session_clock"):
        st.metric(f"Time left — {AGENDA[part][0]}", clock_text(left),
                  delta="over time" if left < 0 else None, delta_color="inverse")
    lines = []
    for number, key in enumerate(parts):
        label = f"{AGENDA[key][0]} — {minutes[key]} min"
        if number < box.part:
            lines.append(f"- ~~{label}~~")
        elif number == box.part:
            lines.append(f"- **▶ {label}**" + ("" if box.running else " (paused)"))
        else:
            lines.append(f"- {label}")
    agenda.markdown("\n".join(lines))
    start, pause, forward, again = st.columns(4)
    start.button("Start", key="timer_start", on_click=_start, disabled=box.running,
                 icon=":material/play_arrow:", width="stretch")
    pause.button("Pause", key="timer_pause", on_click=_pause, disabled=not box.running,
                 icon=":material/pause:", width="stretch")
    forward.button("Next", key="timer_next", on_click=_next,
                   disabled=box.part + 1 >= len(parts), icon=":material/skip_next:",
                   width="stretch")
    again.button("Restart", key="timer_restart", on_click=_restart,
                 icon=":material/restart_alt:", width="stretch")


def _closed(con: duckdb.DuckDBPyConnection, action_id: str, status: str, today: dt.date,
            person: Person) -> None:
    try:
        store_sessions.closed_action(con, action_id, status, today, person, _now())
    except (KeyError, ValueError, PermissionError) as error:
        st.session_state[CLOSED_KEY] = ("warning", f"Nothing changed: {error}.")
    else:
        st.session_state[CLOSED_KEY] = ("success", f"Action {action_id} marked {status}.")


def open_action_list(ctx: PageContext, actions: pd.DataFrame, presenting: bool) -> None:
    """The team's open actions, oldest first, each with Done / Dropped buttons (not presenting)."""
    flash = st.session_state.pop(CLOSED_KEY, None)
    if flash:
        getattr(st, flash[0])(flash[1])
    if actions.empty:
        st.success("No open actions: everything agreed earlier is done or dropped.")
        return
    for row in actions.itertuples(index=False):
        text, done, dropped = st.columns([8, 1, 1], vertical_alignment="center")
        due = "" if pd.isna(row.due_on) else f" · due {row.due_on:%Y-%m-%d}"
        linked = "" if pd.isna(row.experiment_id) else (
            f" · experiment {row.experiment_id} {row.experiment_title or ''}")
        text.markdown(f"**{row.description}**  \n"
                      f"{row.action_id} from {row.session_id} ({row.held_on:%Y-%m-%d}) · "
                      f"owner {row.owner_team_id}{due}{linked}")
        if not presenting:
            done.button("Done", key=f"action_done_{row.action_id}", on_click=_closed,
                        args=(ctx.con, row.action_id, "done", ctx.today, ctx.person),
                        icon=":material/check:", width="stretch")
            dropped.button("Dropped", key=f"action_dropped_{row.action_id}", on_click=_closed,
                           args=(ctx.con, row.action_id, "dropped", ctx.today,
                                 ctx.person),
                           icon=":material/close:", width="stretch")


def experiment_cards(experiments: pd.DataFrame) -> None:
    """One card per experiment: title, status and lens, its learning and its decision."""
    for row in experiments.itertuples(index=False):
        with st.container(border=True):
            ended = "" if pd.isna(row.end_date) else f" · ended {row.end_date:%Y-%m-%d}"
            st.markdown(f"**{row.experiment_id} — {row.title}**  \n"
                        f"{row.status} · {row.lean_lens} lens · {row.team_role}{ended}")
            if isinstance(row.learning, str) and row.learning:
                st.markdown(f"Learning ({row.result}): {row.learning}")
            if isinstance(row.decision, str) and row.decision:
                st.markdown(f"Decision: **{row.decision}** at {row.decision_scope} level — "
                            f"{row.decision_rationale or 'no rationale recorded'}")
            elif row.status == "done":
                st.markdown(":orange[No decision yet: what will the team do with this "
                            "learning?]")


def score_tiles(latest: pd.DataFrame) -> None:
    """One tile per score: the latest team average and its change since the score before."""
    if latest.empty:
        st.info("The team has no scores yet: they appear after its first session with votes.")
        return
    for column, row in zip(st.columns(len(latest)), latest.itertuples(index=False),
                           strict=True):
        delta = None if row.previous is None or pd.isna(row.previous) else round(
            row.latest - row.previous, 1)
        column.metric(SCORE_LABELS[row.measure], f"{row.latest:.1f}",
                      delta=None if delta is None else f"{delta:+.1f}",
                      help=f"Team average of the session on {row.latest_on:%Y-%m-%d}; the "
                           "change is against the session before that scored it.")


def _experiment_label(experiments: pd.DataFrame):
    titles = dict(zip(experiments["experiment_id"], experiments["title"], strict=True))
    return lambda e: "— no experiment —" if e == NO_EXPERIMENT else f"{e} {titles.get(e, '')}"


def _add_action_row() -> None:
    st.session_state[ACTION_ROWS_KEY] = st.session_state.get(ACTION_ROWS_KEY,
                                                             DEFAULT_ACTION_ROWS) + 1


def capture_form(ctx: PageContext, team_id: str, experiments: pd.DataFrame) -> None:
    """What was discussed (with the nudge), then the form: kind, votes, notes, new actions.

    ``experiments`` are those an action may be linked to (``queries.team_experiments``).
    """
    teams = cached_result(ctx.con, queries.team_choices, None)
    team_names = dict(zip(teams["team_id"], teams["name"], strict=True))
    attempt = st.session_state.setdefault(ATTEMPT_KEY, 0)
    if st.session_state.get(CAPTURE_TEAM_KEY, team_id) != team_id:
        # another team: start from an empty form, so no vote typed for one team counts for the next
        attempt = st.session_state[ATTEMPT_KEY] = attempt + 1
    st.session_state[CAPTURE_TEAM_KEY] = team_id
    saved = st.session_state.pop(SAVED_KEY, None)
    if saved:
        st.success(saved, icon=":material/check_circle:")
    st.markdown("**What did the session discuss?**")
    discussed = {
        theme for column, theme in zip(st.columns(len(THEMES)), THEMES, strict=True)
        if column.checkbox(THEME_LABELS[theme], value=True, key=f"discussed_{theme}_{attempt}")
    }
    skipped = skipped_themes(discussed)
    if skipped:
        st.warning(nudge_text(skipped), icon=":material/lightbulb:")
    rows = st.session_state.get(ACTION_ROWS_KEY, DEFAULT_ACTION_ROWS)
    team_ids = list(team_names)
    experiment_options = [NO_EXPERIMENT, *experiments["experiment_id"]]
    with st.form(f"capture_{attempt}"):
        kind_column, day_column = st.columns(2)
        kind = kind_column.selectbox("Kind of session", SESSION_KINDS,
                                     format_func=KIND_LABELS.get, key=f"kind_{attempt}")
        held_on = day_column.date_input("Held on", value=ctx.today, max_value=ctx.today,
                                        key=f"held_on_{attempt}")
        st.markdown(f"**Anonymous votes, 1–5** — type each vote as cast, e.g. `4 3 5 4`; at "
                    f"least {MIN_VOTES} per score. Only the average is stored.")
        votes = {}
        for column, score in zip(st.columns(len(SCORES)), SCORES, strict=True):
            theme = SCORE_THEMES.get(score)
            skipped_score = theme is not None and theme not in discussed
            votes[score] = column.text_input(
                SCORE_LABELS[score], key=f"votes_{score}_{attempt}", disabled=skipped_score,
                placeholder="not discussed" if skipped_score else "e.g. 4 3 5 4")
            if skipped_score:
                votes[score] = ""
        notes = st.text_area("Notes", key=f"notes_{attempt}",
                             placeholder="What stood out; what the team wants to remember.")
        st.markdown("**New actions** — leave a row empty to skip it.")
        entered = []
        for number in range(rows):
            text, owner, due, linked = st.columns([4, 3, 2, 3])
            entered.append({
                "description": text.text_input("Action", key=f"action_text_{attempt}_{number}",
                                               placeholder="What will be done?"),
                "owner_team_id": owner.selectbox(
                    "Owner team", team_ids, index=team_ids.index(team_id),
                    format_func=lambda t: f"{team_names[t]} ({t})",
                    key=f"action_owner_{attempt}_{number}"),
                "due_on": due.date_input("Due", value=None, min_value=held_on,
                                         key=f"action_due_{attempt}_{number}"),
                "experiment_id": linked.selectbox(
                    "Experiment", experiment_options, format_func=_experiment_label(experiments),
                    key=f"action_experiment_{attempt}_{number}"),
            })
        submitted = st.form_submit_button("Save session", type="primary",
                                          icon=":material/save:")
    st.button("Add a row for another action", key="add_action_row", on_click=_add_action_row,
              icon=":material/add:")
    with st.expander("How are the scores computed?"):
        st.write(VOTES_DEFINITION)
    if not submitted:
        return
    averages = team_averages(votes, discussed)
    session = NewSession(team_id=team_id, held_on=held_on, kind=kind,
                         discussed=frozenset(discussed), averages=averages.averages, notes=notes)
    actions = entered_actions(entered)
    problems = averages.problems + session_problems(
        session, actions, team_ids=team_ids, experiment_ids=experiment_options[1:],
        today=ctx.today)
    if problems:
        st.error("Nothing was saved. Please fix:\n\n" + "\n".join(f"- {p}" for p in problems))
        return
    try:
        saved = store_sessions.saved_session(ctx.con, session, actions, ctx.person, _now())
    except PermissionError as error:
        st.error(f"Nothing was saved: {error}. Ask an admin to assign you to this team.")
        return
    st.session_state[SAVED_KEY] = (
        f"Saved session {saved.session_id} with {len(saved.action_ids)} new action(s). It "
        "counts on the Overview and the Coach overview now.")
    st.session_state[ATTEMPT_KEY] = attempt + 1
    st.session_state[ACTION_ROWS_KEY] = DEFAULT_ACTION_ROWS
    st.rerun()


def summary_download(con: duckdb.DuckDBPyConnection, team_id: str, sessions: pd.DataFrame) -> None:
    """Choose one of the team's sessions (latest first) and download it as Markdown."""
    if sessions.empty:
        st.info("No session of this team yet: save one above and its summary appears here.")
        return
    latest_first = sessions.sort_values(["held_on", "session_id"], ascending=False)
    labels = {row.session_id: f"{row.held_on:%Y-%m-%d} — {KIND_LABELS.get(row.kind, row.kind)}"
                              f" ({row.session_id})"
              for row in latest_first.itertuples(index=False)}
    chosen = st.selectbox("Session", list(labels), format_func=labels.get,
                          key=f"summary_session_{len(labels)}")
    record = cached_result(con, queries.session_record, chosen).iloc[0].to_dict()
    held_on = pd.Timestamp(record["held_on"]).date()
    record["held_on"] = held_on
    decisions = queries.team_decisions(
        con, team_id, held_on - dt.timedelta(days=DECISIONS_WINDOW_DAYS), held_on)
    actions = cached_result(con, queries.session_action_list, chosen)
    text = session_markdown(record, decisions, actions)
    st.download_button("Download the summary (Markdown)", text,
                       file_name=summary_file_name(record), mime="text/markdown",
                       icon=":material/download:", key="summary_download")
    with st.expander("Preview the summary"):
        st.markdown(text)


def _maybe(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def team_tiles(row: pd.Series, period_label: str) -> None:
    """The team's last session, breadth, follow-through and safety trend as four tiles.

    ``row`` is the team's row of ``metrics.coach_overview``, counted over ``period_label``.
    """
    last, breadth, follow, safety = st.columns(4)
    days = row["days_since"]
    last.metric("Last session",
                "never" if row["last_session"] is None else f"{row['last_session']:%Y-%m-%d}",
                delta=None if pd.isna(days) else f"{days} days ago",
                delta_color="inverse" if row["quiet"] else "off", delta_arrow="off")
    breadth.metric("Reflection breadth (90 days)", percent(_maybe(row["breadth"])))
    follow.metric("Action follow-through", percent(_maybe(row["follow_through"])),
                  help=f"Over the sessions of the {period_label.lower()}.")
    slope = _maybe(row["safety_slope"])
    safety.metric("Safety trend per session", "—" if slope is None else f"{slope:+.2f}",
                  delta="falling" if row["falling_safety"] else None, delta_color="inverse",
                  delta_arrow="down" if row["falling_safety"] else "auto")

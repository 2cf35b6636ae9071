"""A live session on screen: the clock that counts down in the browser, the join link with its
QR code, the slow poll that keeps every device on the same phase, the shared screen's phases
and the participant's phone page.

The rules live in ``session.live`` and ``metrics.room``, every write in ``store.live``; this module
only draws them.
"""

from __future__ import annotations

import datetime as dt
import html
import secrets
import threading
from urllib.parse import urlsplit

import pandas as pd
import segno
import streamlit as st

from alignment import queries
from alignment.db import Database
from alignment.i18n import table_date_format
from alignment.markdown import plain
from alignment.metrics.room import MIXED_RANGE, VALUES, ballots, revealable, score_distribution
from alignment.session import live
from alignment.session.record import DESCRIPTION_MAX_CHARS, NewAction
from alignment.session.timebox import clock_text
from alignment.session.votes import MIN_VOTES, SCORES
from alignment.sitemap import JOIN
from alignment.store import live as store_live
from alignment.ui.cached import CachedReads
from alignment.ui.context import PageContext, run_counted
from alignment.ui.i18n import day, num, t
from alignment.ui.navigation import page_url

# Every device asks the server this often whether the phase, the clock or the cards changed;
# the clock itself counts down in the browser in between.
POLL_SECONDS = 3
CODE_PARAM = "code"
PRESENT_PARAM = "present"   # the shared screen: the session page in presenter mode
SAVED_KEY = "session_saved"  # what the session page says was saved, on its next run
# A random token in the participant's URL, so a reload keeps it: the server remembers, in its
# memory only, which tokens have voted in which live session, never what they voted.
SEAT_PARAM = "seat"
SEAT_BYTES = 9
ADDED_KEY = "live_cards_added"
SAID_KEY = "live_said"
ENDED_KEY = "live_ended_unsaved"  # what the desk says after ending a session unsaved

# One ticker for every clock on the page: each clock says the seconds left when the server drew
# it; the browser counts on from the moment it saw it, so no server run is needed per second.
CLOCK_SCRIPT = """
<script>
(function () {
  if (window.alignmentClock) { return; }
  function text(left) {
    var whole = left > 0 ? Math.ceil(left - 1e-9) : Math.floor(-left);
    var sign = left <= 0 && whole ? "-" : "";
    var m = Math.floor(whole / 60), s = whole % 60;
    return sign + (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }
  window.alignmentClock = setInterval(function () {
    document.querySelectorAll("[data-clock-left]").forEach(function (clock) {
      if (!clock.dataset.clockSeen) { clock.dataset.clockSeen = String(performance.now()); }
      var left = parseFloat(clock.dataset.clockLeft);
      if (clock.dataset.clockRunning === "1") {
        left -= (performance.now() - parseFloat(clock.dataset.clockSeen)) / 1000;
      }
      var shown = clock.querySelector(".clock-value");
      var now = text(left);
      if (shown.textContent !== now) { shown.textContent = now; }
      clock.classList.toggle("clock-over", left <= 0);
    });
  }, 200);
})();
</script>
"""

CLOCK_STYLE = """
<style>
.alignment-clock { font-family: inherit; }
.alignment-clock .clock-label { font-size: 0.95rem; opacity: 0.8; display: block; }
.alignment-clock .clock-value { font-size: 3rem; font-weight: 600; line-height: 1.1;
  font-variant-numeric: tabular-nums; }
.alignment-clock.clock-big .clock-label { font-size: 1.4rem; }
.alignment-clock.clock-big .clock-value { font-size: 7rem; }
.alignment-clock.clock-over .clock-value { color: #d33; }
.alignment-clock .clock-over-text { display: none; color: #d33; font-size: 1.1rem; }
.alignment-clock.clock-over .clock-over-text { display: block; }
</style>
"""

PHONE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { max-width: 34rem; padding-top: 2rem; }
</style>
"""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def browser_clock(label: str, left: float, running: bool, big: bool = False) -> None:
    """A clock counting down in the browser from ``left`` seconds (standing still unless
    ``running``), under ``label``."""
    st.html(
        CLOCK_STYLE + f'<div class="alignment-clock{" clock-big" if big else ""}'
        f'{" clock-over" if left <= 0 else ""}"'
        f' data-testid="live-clock" data-clock-left="{left:.3f}"'
        f' data-clock-running="{1 if running else 0}">'
        f'<span class="clock-label">{html.escape(label)}</span>'
        f'<span class="clock-value">{clock_text(left)}</span>'
        f'<span class="clock-over-text">{html.escape(t("session.over_time"))}</span></div>'
        + CLOCK_SCRIPT,
        unsafe_allow_javascript=True)


def phone_layout() -> None:
    """The page narrowed to a phone's width, also on a laptop."""
    st.markdown(PHONE_CSS, unsafe_allow_html=True)


# ----------------------------------------------------------------------------- the session


def _open_row(reads: CachedReads, code: str) -> pd.Series | None:
    found = reads.cached(queries.live_session, code)
    return None if found.empty else found.iloc[0]


def _stamp(row: pd.Series) -> tuple:
    """What, once changed, redraws the whole page on every device."""
    return (row["phase"], str(row["phase_deadline"]), str(row["paused_left"]),
            bool(row["scores_revealed"]), bool(row["closed"]))


def _left(row: pd.Series) -> float:
    deadline = row["phase_deadline"]
    paused = row["paused_left"]
    return live.seconds_left(None if pd.isna(deadline) else pd.Timestamp(deadline).to_pydatetime(),
                             None if pd.isna(paused) else float(paused), _now())


def _running(row: pd.Series) -> bool:
    return not pd.isna(row["phase_deadline"])


def phase_title(phase: str) -> str:
    """``3/6 · Group`` in the reader's language."""
    return t("live.phase_title", number=live.phase_number(phase), count=len(live.PHASES),
             phase=t(f"live_phase.{phase}"))


def phase_clock(row: pd.Series, big: bool = False) -> None:
    """The phase's clock, counting down in the browser."""
    browser_clock(t("live.time_left", phase=t(f"live_phase.{row['phase']}")), _left(row),
                  _running(row), big)


def followed(ctx: PageContext, code: str, drawn: tuple, draw=None) -> None:
    """Ask every ``POLL_SECONDS`` whether the session moved on; if so redraw the whole page,
    else draw ``draw(reads, row)`` (what participants change: counts of cards and votes)."""

    @st.fragment(run_every=POLL_SECONDS)
    def poll() -> None:
        run_counted("live_poll")
        reads = ctx.reread()  # the fragment reruns on its own: the versions of now
        row = _open_row(reads, code)
        if row is None or _stamp(row) != drawn:
            st.rerun(scope="app")
        if draw is not None:
            draw(reads, row)

    poll()


def join_address(code: str) -> str:
    """The join page's full address for ``code``, as this browser reaches the app."""
    relative = page_url(JOIN, **{CODE_PARAM: code})
    here = urlsplit(st.context.url or "")
    return f"{here.scheme}://{here.netloc}{relative}" if here.netloc else relative


def join_box(code: str, big: bool = False) -> None:
    """The join link, the code and a QR code of the link, made here without any service."""
    address = join_address(code)
    qr = segno.make(address, error="m")
    size = 8 if big else 4
    st.html(f'<img data-testid="live-qr" alt="{html.escape(t("live.qr"))}"'
            f' src="{qr.svg_data_uri(scale=size, dark="#000", light="#fff")}">')
    st.markdown(t("live.join_at", address=address, code=code))


def team_agenda_editor() -> dict[str, int]:
    """Minutes per phase, as the coach sets them before opening the live session."""
    minutes = live.default_minutes()
    columns = st.columns(len(live.PHASES))
    for column, phase in zip(columns, live.PHASES, strict=True):
        minutes[phase] = int(column.number_input(
            t(f"live_phase.{phase}"), min_value=1, max_value=60, step=1, value=minutes[phase],
            key=f"live_minutes_{phase}"))
    return minutes


def live_opener(ctx: PageContext, team_id: str) -> None:
    """On the coach's desk: open a live session for the team, or show how to join the open
    one."""
    found = ctx.cached(queries.open_live_session, team_id)
    if not found.empty:
        row = found.iloc[0]
        st.success(t("live.is_open", code=row["code"], phase=t(f"live_phase.{row['phase']}")),
                   icon=":material/cast:")
        join_box(row["code"])
        with st.popover(t("live.end_unsaved"), icon=":material/cancel:"):
            st.warning(t("live.end_unsaved_warning"), icon=":material/warning:")
            st.button(t("live.end_unsaved_confirm"), key="live_end_unsaved",
                      on_click=_ended_unsaved, args=(ctx, row["live_id"]))
        return
    ended = st.session_state.pop(ENDED_KEY, None)
    if ended:
        st.info(ended, icon=":material/cancel:")
    st.write(t("live.intro", dots=live.DOT_VOTES, min=MIN_VOTES))
    with st.form("live_open"):
        minutes = team_agenda_editor()
        opened = st.form_submit_button(t("live.open"), type="primary",
                                       icon=":material/cast:")
    if opened:
        try:
            store_live.opened_live_session(ctx.con, team_id, minutes, ctx.person, _now())
        except PermissionError:
            st.error(t("session.not_permitted"))
            return
        st.rerun()


# ----------------------------------------------------------------------------- coach's writes


def _coach_did(work) -> None:
    """Run a coach's write; what went wrong is said on the next run."""
    try:
        work()
    except (store_live.Closed, KeyError):
        st.session_state[SAID_KEY] = t("live.moved_on")
    except PermissionError:
        st.session_state[SAID_KEY] = t("session.not_permitted")
    except ValueError:
        st.session_state[SAID_KEY] = t("live.not_done")


def _move(ctx: PageContext, live_id: str, phase: str | None) -> None:
    if phase is not None:
        _coach_did(lambda: store_live.moved_phase(ctx.con, live_id, phase, ctx.person, _now()))


def _clock(ctx: PageContext, live_id: str, running: bool) -> None:
    _coach_did(lambda: store_live.clock_set(ctx.con, live_id, running, ctx.person, _now()))


def _reveal(ctx: PageContext, live_id: str) -> None:
    _coach_did(lambda: store_live.revealed_scores(ctx.con, live_id, ctx.person, _now()))


def _merge(ctx: PageContext, live_id: str) -> None:
    chosen = st.session_state.get("live_merge", [])
    _coach_did(lambda: store_live.merged_cards(ctx.con, live_id, chosen, ctx.person, _now()))


def _split(ctx: PageContext, live_id: str, head: str) -> None:
    _coach_did(lambda: store_live.split_group(ctx.con, live_id, head, ctx.person, _now()))


def phase_controls(ctx: PageContext, row: pd.Series) -> None:
    """Back, start/pause (Space) and next (→) for the coach: the phase for every device."""
    live_id, phase, running = row["live_id"], row["phase"], _running(row)
    back, start, pause, forward = st.columns(4)
    back.button(t("live.back"), key="live_back", on_click=_move,
                args=(ctx, live_id, live.previous_phase(phase)),
                disabled=live.previous_phase(phase) is None, icon=":material/skip_previous:",
                width="stretch", shortcut="Left")
    start.button(t("session.start"), key="timer_start", on_click=_clock,
                 args=(ctx, live_id, True), disabled=running, icon=":material/play_arrow:",
                 width="stretch", shortcut="Space")
    pause.button(t("session.pause"), key="timer_pause", on_click=_clock,
                 args=(ctx, live_id, False), disabled=not running, icon=":material/pause:",
                 width="stretch", shortcut="Space")
    forward.button(t("session.next"), key="timer_next", on_click=_move,
                   args=(ctx, live_id, live.next_phase(phase)),
                   disabled=live.next_phase(phase) is None, icon=":material/skip_next:",
                   width="stretch", shortcut="Right")
    said = st.session_state.pop(SAID_KEY, None)
    if said:
        st.warning(said, icon=":material/info:")


# ----------------------------------------------------------------------------- cards


def _groups(cards: pd.DataFrame) -> pd.DataFrame:
    """One row per group: its head card, prompt, the texts of its cards and its dots."""
    rows = []
    for head, group in cards.groupby("group_id", sort=False):
        first = group[group["heads_group"]].iloc[0]
        rows.append({"group_id": head, "prompt": first["prompt"],
                     "texts": [first["text"], *group[~group["heads_group"]]["text"]],
                     "dots": int(first["group_dots"])})
    return pd.DataFrame(rows, columns=["group_id", "prompt", "texts", "dots"])


def _group_text(texts: list[str]) -> str:
    return "  \n".join(f"{'' if number == 0 else '+ '}{plain(text)}"
                       for number, text in enumerate(texts))


def card_columns(cards: pd.DataFrame, dots: bool = False) -> None:
    """The groups of cards under their three prompts (with their dots when ``dots``)."""
    groups = _groups(cards)
    for column, prompt in zip(st.columns(len(live.PROMPTS)), live.PROMPTS, strict=True):
        column.subheader(t(f"live_prompt.{prompt}"))
        for group in groups[groups["prompt"] == prompt].itertuples(index=False):
            shown = _group_text(group.texts)
            if dots:
                shown += "  \n" + t("live.dots", count=num(group.dots))
            column.container(border=True).markdown(shown)


def discuss_list(cards: pd.DataFrame) -> pd.DataFrame:
    """The top-voted groups, most dots first: what the room discusses."""
    groups = _groups(cards)
    voted = groups[groups["dots"] > 0].sort_values("dots", ascending=False, kind="stable")
    return voted.head(live.DISCUSS_CARDS)


def shown_discuss_list(cards: pd.DataFrame) -> None:
    """The discuss list, numbered, each with its dots."""
    top = discuss_list(cards)
    if top.empty:
        st.info(t("live.nothing_voted"), icon=":material/info:")
    for number, group in enumerate(top.itertuples(index=False), start=1):
        st.container(border=True).markdown(
            f"**{number}.** {t(f'live_prompt.{group.prompt}')} — "
            + t("live.dots", count=num(group.dots)) + "  \n" + _group_text(group.texts))


def score_reveal(votes: pd.DataFrame) -> None:
    """The room's scores together: votes per value, the average, and a flag where the room
    is split."""
    shown = score_distribution(votes)
    table = pd.DataFrame({
        t("live.score"): [t(f"score.{s}") for s in shown["score"]],
        **{str(v): [num(n) for n in shown[f"votes_{v}"]] for v in VALUES},
        t("live.average"): [num(a, 1) for a in shown["average"]],
        t("live.room"): [t("live.mixed") if m else t("live.agreed") for m in shown["mixed"]],
    })
    st.table(table, hide_index=True)


def score_definition() -> None:
    """How the reveal and the mixed flag are decided."""
    with st.expander(t("common.how_computed")):
        st.write(t("live.how_scores", min=MIN_VOTES, range=MIXED_RANGE))


# ----------------------------------------------------------------------------- shared screen


def shared_screen(ctx: PageContext, row: pd.Series, extra: dict) -> None:
    """The live session's current phase on the shared screen; ``extra`` maps a phase to what
    the dashboard adds to it (open actions at check-in, experiments in reflect)."""
    code, live_id, phase = row["code"], row["live_id"], row["phase"]
    head, clock, join = st.columns([3, 2, 1])
    head.title(phase_title(phase))
    head.caption(t(f"live_do.{phase}", dots=live.DOT_VOTES, min=MIN_VOTES))
    with clock:
        phase_clock(row, big=True)
    with join:
        if phase != "check_in":
            join_box(code)
    phase_controls(ctx, row)
    cards = ctx.cached(queries.live_cards, live_id)
    if phase == "check_in":
        join_box(code, big=True)
        followed(ctx, code, _stamp(row))
    elif phase == "reflect":
        followed(ctx, code, _stamp(row), _card_counts(live_id))
    elif phase == "group":
        _grouping(ctx, live_id, cards)
        followed(ctx, code, _stamp(row))
    elif phase == "vote":
        followed(ctx, code, _stamp(row), _vote_state(ctx, live_id))
    elif phase == "discuss":
        shown_discuss_list(cards)
        followed(ctx, code, _stamp(row))
    else:
        _actions(ctx, row, cards)
        followed(ctx, code, _stamp(row))
    if phase in extra:
        extra[phase]()


def _card_counts(live_id: str):
    def draw(reads: CachedReads, _row: pd.Series) -> None:
        cards = reads.cached(queries.live_cards, live_id)
        for column, prompt in zip(st.columns(len(live.PROMPTS)), live.PROMPTS, strict=True):
            column.metric(t(f"live_prompt.{prompt}"),
                          num(int((cards["prompt"] == prompt).sum())))
    return draw


def _grouping(ctx: PageContext, live_id: str, cards: pd.DataFrame) -> None:
    card_columns(cards)
    labels = dict(zip(cards["card_id"], cards["text"], strict=True))
    merge, split = st.columns([3, 2])
    with merge:
        st.multiselect(t("live.merge_these"), list(labels), format_func=labels.get,
                       key="live_merge", placeholder=t("live.merge_placeholder"))
        st.button(t("live.merge"), key="live_merge_button", on_click=_merge,
                  args=(ctx, live_id), icon=":material/merge:")
    groups = _groups(cards)
    with split:
        for group in groups[groups["texts"].map(len) > 1].itertuples(index=False):
            st.button(t("live.split", card=group.texts[0][:40]), key=f"live_split_{group.group_id}",
                      on_click=_split, args=(ctx, live_id, group.group_id),
                      icon=":material/call_split:")


def _vote_state(ctx: PageContext, live_id: str):
    def draw(reads: CachedReads, row: pd.Series) -> None:
        votes = reads.cached(queries.live_scores, live_id)
        voters = ballots(votes)
        dots, scores = st.columns(2)
        dots.metric(t("live.dot_ballots"), num(int(row["dot_ballots"])))
        scores.metric(t("live.score_ballots"), num(voters))
        if row["scores_revealed"]:
            score_reveal(votes)
            return
        st.button(t("live.reveal"), key="live_reveal", on_click=_reveal, args=(ctx, live_id),
                  disabled=not revealable(voters), type="primary",
                  icon=":material/visibility:",
                  help=t("live.reveal_help", min=MIN_VOTES))
    return draw


def _drafted(ctx: PageContext, live_id: str, card_id: str, number: int) -> None:
    text = (st.session_state.get(f"live_action_{number}") or "").strip()
    if not text or len(text) > DESCRIPTION_MAX_CHARS:
        st.session_state[SAID_KEY] = t("live.action_text", max=DESCRIPTION_MAX_CHARS)
        return
    action = NewAction(owner_team_id=st.session_state[f"live_owner_{number}"], description=text,
                       due_on=st.session_state.get(f"live_due_{number}"))
    _coach_did(lambda: store_live.drafted_action(ctx.con, live_id, card_id, action, ctx.person,
                                                 _now()))


def _ended_unsaved(ctx: PageContext, live_id: str) -> None:
    try:
        store_live.ended_unsaved(ctx.con, live_id, ctx.person, _now())
    except (store_live.Closed, KeyError):
        st.session_state[ENDED_KEY] = t("live.moved_on")
        return
    except PermissionError:
        st.session_state[ENDED_KEY] = t("session.not_permitted")
        return
    st.session_state[ENDED_KEY] = t("live.ended_unsaved")


def _saved(ctx: PageContext, live_id: str) -> None:
    try:
        saved = store_live.saved_live_session(ctx.con, live_id, "retro", ctx.today, ctx.person,
                                              _now())
    except (store_live.Closed, KeyError, ValueError):
        st.session_state[SAID_KEY] = t("live.moved_on")
        return
    except PermissionError:
        st.session_state[SAID_KEY] = t("session.not_permitted")
        return
    count = len(saved.action_ids)
    # back on the desk, where the capture says what was saved
    if PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]
    st.session_state[SAVED_KEY] = t(
        "session.saved_one" if count == 1 else "session.saved_many", id=saved.session_id,
        count=num(count))


def _actions(ctx: PageContext, row: pd.Series, cards: pd.DataFrame) -> None:
    """Each card of the discuss list with an action to write from it; then save it all."""
    teams = ctx.cached(queries.team_choices, None)
    names = dict(zip(teams["team_id"], teams["name"], strict=True))
    team_ids = list(names)
    drafts = ctx.cached(queries.live_actions, row["live_id"])
    written = dict(zip(drafts["card_id"], drafts["description"], strict=True))
    for number, group in enumerate(discuss_list(cards).itertuples(index=False), start=1):
        with st.container(border=True):
            st.markdown(f"**{number}.** " + _group_text(group.texts))
            if group.group_id in written:
                st.success(t("live.action_written", action=plain(written[group.group_id])),
                           icon=":material/task_alt:")
            with st.form(f"live_action_form_{number}", border=False):
                text, owner, due = st.columns([4, 3, 2])
                text.text_input(t("session.action"), key=f"live_action_{number}",
                                value=written.get(group.group_id, group.texts[0]))
                owner.selectbox(t("session.owner_team"), team_ids,
                                index=team_ids.index(row["team_id"])
                                if row["team_id"] in names else 0,
                                format_func=lambda team: f"{names[team]} ({team})",
                                key=f"live_owner_{number}")
                due.date_input(t("session.due"), value=None, min_value=ctx.today,
                               format=table_date_format(ctx.lang), key=f"live_due_{number}")
                st.form_submit_button(t("live.write_action"), on_click=_drafted,
                                      args=(ctx, row["live_id"], group.group_id, number),
                                      icon=":material/add_task:")
    st.button(t("live.save"), key="live_save", on_click=_saved, args=(ctx, row["live_id"]),
              type="primary", icon=":material/save:",
              help=t("live.save_help", count=num(len(drafts))))


# ----------------------------------------------------------------------------- participant


@st.cache_resource(show_spinner=False)
def _cast_seats() -> tuple[dict[tuple[str, str], set[str]], threading.Lock]:
    """Which seats cast their dots or scores, per live session: server memory only."""
    return {}, threading.Lock()


def seat() -> str:
    """This browser's seat token, from its URL or made now (and put in the URL, so a reload
    keeps it)."""
    token = st.query_params.get(SEAT_PARAM)
    if not token:
        token = secrets.token_urlsafe(SEAT_BYTES)
        st.query_params[SEAT_PARAM] = token
    return token


def _has_cast(code: str, what: str, token: str) -> bool:
    cast, lock = _cast_seats()
    with lock:
        return token in cast.get((code, what), set())


def _cast_once(code: str, what: str, token: str, work) -> bool:
    """Run ``work()`` unless ``token`` cast ``what`` already in the session with join
    ``code`` (unique to it, unlike its id in a database started afresh); whether it ran."""
    cast, lock = _cast_seats()
    with lock:
        seats = cast.setdefault((code, what), set())
        if token in seats:
            return False
        work()
        seats.add(token)
        return True


def _card_sent(con: Database, live_id: str) -> None:
    prompt = st.session_state.get("live_prompt")
    text = st.session_state.get("live_card", "")
    try:
        store_live.added_card(con, live_id, prompt, text)
    except store_live.Closed:
        st.session_state[SAID_KEY] = ("warning", t("live.moved_on"))
        return
    except ValueError:
        st.session_state[SAID_KEY] = ("error", t("live.card_text", max=live.CARD_MAX_CHARS))
        return
    st.session_state["live_card"] = ""
    st.session_state[ADDED_KEY] = st.session_state.get(ADDED_KEY, 0) + 1
    st.session_state[SAID_KEY] = ("success", t("live.card_added"))


def _said() -> None:
    said = st.session_state.pop(SAID_KEY, None)
    if said:
        kind, text = said
        getattr(st, kind)(text)


def _card_form(con: Database, live_id: str) -> None:
    _said()
    labels = {prompt: t(f"live_prompt.{prompt}") for prompt in live.PROMPTS}
    # the labels fixed now: a widget may format outside the run
    st.radio(t("live.prompt"), live.PROMPTS, format_func=labels.get, key="live_prompt")
    st.text_area(t("live.card"), key="live_card", max_chars=live.CARD_MAX_CHARS,
                 placeholder=t("live.card_placeholder"))
    st.button(t("live.add_card"), key="live_add_card", on_click=_card_sent,
              args=(con, live_id), type="primary", icon=":material/add_comment:")
    added = st.session_state.get(ADDED_KEY, 0)
    if added:
        st.caption(t("live.cards_added", count=num(added)))


def _dots_sent(con: Database, live_id: str, code: str, token: str, heads: list[str]) -> None:
    chosen = [head for head in heads if st.session_state.get(f"live_dot_{head}")]
    if not 1 <= len(chosen) <= live.DOT_VOTES:
        st.session_state[SAID_KEY] = ("error", t("live.dots_between", dots=live.DOT_VOTES))
        return
    try:
        _cast_once(code, "dots", token, lambda: store_live.cast_dots(con, live_id, chosen))
    except (store_live.Closed, ValueError):
        st.session_state[SAID_KEY] = ("warning", t("live.moved_on"))


def _scores_sent(con: Database, live_id: str, code: str, token: str) -> None:
    scores = {score: st.session_state.get(f"live_score_{score}") for score in SCORES}
    if any(value is None for value in scores.values()):
        st.session_state[SAID_KEY] = ("error", t("live.every_score"))
        return
    try:
        _cast_once(code, "scores", token,
                   lambda: store_live.cast_scores(con, live_id, scores))
    except (store_live.Closed, ValueError):
        st.session_state[SAID_KEY] = ("warning", t("live.moved_on"))


def _vote_forms(ctx: PageContext, row: pd.Series, cards: pd.DataFrame, token: str) -> None:
    con, live_id, code = ctx.con, row["live_id"], row["code"]
    _said()
    st.subheader(t("live.your_dots", dots=live.DOT_VOTES))
    if _has_cast(code, "dots", token):
        st.success(t("live.dots_in"), icon=":material/how_to_vote:")
    else:
        groups = _groups(cards)
        with st.form("live_dots"):
            for group in groups.itertuples(index=False):
                st.checkbox(" / ".join(plain(text) for text in group.texts),
                            key=f"live_dot_{group.group_id}")
            st.form_submit_button(t("live.cast_dots"), on_click=_dots_sent,
                                  args=(con, live_id, code, token, list(groups["group_id"])),
                                  type="primary", icon=":material/how_to_vote:")
    st.subheader(t("live.your_scores"))
    if row["scores_revealed"]:
        score_reveal(ctx.cached(queries.live_scores, live_id))
        score_definition()
    elif _has_cast(code, "scores", token):
        st.success(t("live.scores_in", min=MIN_VOTES), icon=":material/lock:")
    else:
        with st.form("live_scores"):
            for score in SCORES:
                st.radio(t(f"score.{score}"), VALUES, index=None, horizontal=True,
                         key=f"live_score_{score}")
            st.form_submit_button(t("live.cast_scores"), on_click=_scores_sent,
                                  args=(con, live_id, code, token), type="primary",
                                  icon=":material/lock:")


def participant_page(ctx: PageContext, row: pd.Series) -> None:
    """What a participant sees and does in the current phase, on a phone."""
    phase, live_id = row["phase"], row["live_id"]
    token = seat()
    st.title(phase_title(phase))
    st.caption(t("live.team", team=plain(row["team_name"])))
    phase_clock(row)
    st.info(t(f"live_do.{phase}", dots=live.DOT_VOTES, min=MIN_VOTES), icon=":material/info:")
    cards = ctx.cached(queries.live_cards, live_id)
    if phase == "reflect":
        _card_form(ctx.con, live_id)
    elif phase == "group":
        card_columns(cards)
    elif phase == "vote":
        _vote_forms(ctx, row, cards, token)
    elif phase in ("discuss", "actions"):
        shown_discuss_list(cards)
    if phase == "actions":
        drafts = ctx.cached(queries.live_actions, live_id)
        for draft in drafts.itertuples(index=False):
            due = "" if pd.isna(draft.due_on) else " — " + day(draft.due_on)
            st.markdown(f"- {plain(draft.description)} ({plain(draft.owner_team_id)}){due}")
    followed(ctx, row["code"], _stamp(row))


def joined_row(ctx: PageContext) -> pd.Series | None:
    """The live session the URL's code names; asks for a code when there is none."""
    code = live.typed_code(st.query_params.get(CODE_PARAM))
    row = _open_row(ctx, code) if code else None
    if row is None or row["closed"]:
        st.title(t("page.join"))
    if not code:
        with st.form("live_join"):
            typed = st.text_input(t("live.code"), max_chars=live.CODE_LENGTH + 4)
            if st.form_submit_button(t("live.join"), type="primary", icon=":material/login:"):
                st.query_params[CODE_PARAM] = live.typed_code(typed)
                st.rerun()
        return None
    if row is None:
        st.warning(t("live.unknown_code", code=plain(code)), icon=":material/search_off:")
        return None
    if row["closed"]:
        st.success(t("live.ended"), icon=":material/check_circle:")
        return None
    return row


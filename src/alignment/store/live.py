"""The write path of a live reflection session: opening it, moving it through its phases,
participants' anonymous cards and votes, and saving it as a session with its actions, or
ending it without saving, which deletes what the room wrote and voted.

Every write runs through ``db.written``. What the coach does is logged in ``change_log`` under
their name (``live_sessions``, as ``sessions.facilitator`` names them). What a participant
sends is not logged and takes no person: ``added_card``, ``cast_dots`` and ``cast_scores``
have no parameter for one, cards get random ids and votes only raise counts, so nothing
stored tells who wrote or voted what, or in which order.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from alignment import access, db, topics
from alignment.access import Person
from alignment.db import Cursor, Database
from alignment.metrics.room import VALUES, ballots, revealable, score_distribution
from alignment.session import live
from alignment.session.record import NewAction, NewSession
from alignment.session.votes import SCORE_THEMES, SCORES
from alignment.store import sessions as store_sessions

# What every write of a live session touches (saving it touches the sessions' topic too).
LIVE = topics.touched(topics.LIVE)

NEXT_LIVE_NUMBER = """
SELECT coalesce(max(CAST(substr(live_id, 4) AS BIGINT)), 0) + 1
FROM live_sessions
WHERE live_id SIMILAR TO 'LS-[0-9]{1,12}'
"""

OPEN_OF_TEAM = """
SELECT live_id, code FROM live_sessions WHERE team_id = ? AND closed_at IS NULL
"""

CODE_TAKEN = "SELECT count(*) FROM live_sessions WHERE code = ?"

INSERT_LIVE = """
INSERT INTO live_sessions (live_id, code, team_id, opened_by, opened_at, phase,
                           phase_started_at, phase_deadline, paused_left)
VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)
"""

INSERT_PHASE = "INSERT INTO live_phases (live_id, phase, minutes) VALUES (?, ?, ?)"

INSERT_SCORE_COUNT = "INSERT INTO live_scores (live_id, score, value, votes) VALUES (?, ?, ?, 0)"

LIVE_STATE = """
SELECT l.team_id, l.phase, l.phase_deadline, l.paused_left, l.scores_revealed,
       l.closed_at, p.minutes
FROM live_sessions AS l
JOIN live_phases AS p ON p.live_id = l.live_id AND p.phase = l.phase
WHERE l.live_id = ?
"""

PHASE_MINUTES = "SELECT minutes FROM live_phases WHERE live_id = ? AND phase = ?"

SET_PHASE = """
UPDATE live_sessions
SET phase = ?, phase_started_at = ?, phase_deadline = ?, paused_left = ?
WHERE live_id = ?
"""

SET_CLOCK = "UPDATE live_sessions SET phase_deadline = ?, paused_left = ? WHERE live_id = ?"

INSERT_CARD = """
INSERT INTO live_cards (card_id, live_id, prompt, text, group_id, dots)
VALUES (?, ?, ?, ?, NULL, 0)
"""

CARD_GROUPS = "SELECT card_id, group_id FROM live_cards WHERE live_id = ?"

SET_GROUP = "UPDATE live_cards SET group_id = ? WHERE live_id = ? AND card_id = ?"

UNGROUP = "UPDATE live_cards SET group_id = NULL WHERE live_id = ? AND group_id = ?"

ADD_DOT = "UPDATE live_cards SET dots = dots + 1 WHERE live_id = ? AND card_id = ?"

COUNT_DOT_BALLOT = "UPDATE live_sessions SET dot_ballots = dot_ballots + 1 WHERE live_id = ?"

ADD_SCORE = """
UPDATE live_scores SET votes = votes + 1 WHERE live_id = ? AND score = ? AND value = ?
"""

SCORE_COUNTS = "SELECT score, value, votes FROM live_scores WHERE live_id = ?"

REVEAL = "UPDATE live_sessions SET scores_revealed = true WHERE live_id = ?"

DELETE_DRAFT = "DELETE FROM live_actions WHERE live_id = ? AND card_id = ?"

INSERT_DRAFT = """
INSERT INTO live_actions (live_id, card_id, description, owner_team_id, due_on)
VALUES (?, ?, ?, ?, ?)
"""

DRAFTS = """
SELECT owner_team_id, description, due_on FROM live_actions WHERE live_id = ?
ORDER BY card_id
"""

CLOSE_LIVE = "UPDATE live_sessions SET session_id = ?, closed_at = ? WHERE live_id = ?"

# What the room wrote and voted in a session ended without saving: deleted with it.
DISCARDED = (
    "DELETE FROM live_cards WHERE live_id = ?",
    "DELETE FROM live_actions WHERE live_id = ?",
    "UPDATE live_scores SET votes = 0 WHERE live_id = ?",
    "UPDATE live_sessions SET dot_ballots = 0 WHERE live_id = ?",
)

LOG_LIVE = """
INSERT INTO change_log (entity, entity_id, field, old_value, new_value, changed_at,
                        changed_by, upload_id)
VALUES ('live_sessions', ?, ?, ?, ?, ?, ?, NULL)
"""


class Closed(ValueError):
    """What was sent belongs to a phase the session is not in (or it has ended)."""


@dataclass(frozen=True)
class OpenedLive:
    """The id and join code of a live session."""

    live_id: str
    code: str


@dataclass(frozen=True)
class State:
    """What a write needs to know about a live session."""

    team_id: str
    phase: str
    deadline: dt.datetime | None
    paused_left: float | None
    revealed: bool
    closed: bool
    minutes: int


def _state(cur: Cursor, live_id: str) -> State:
    row = cur.execute(LIVE_STATE, [live_id]).fetchone()
    if row is None:
        raise KeyError(f"no live session {live_id!r}")
    team, phase, deadline, left, revealed, closed_at, minutes = row
    return State(team, phase, deadline, None if left is None else float(left), bool(revealed),
                  closed_at is not None, int(minutes))


def _in_phase(cur: Cursor, live_id: str, phase: str) -> State:
    state = _state(cur, live_id)
    if state.closed or state.phase != phase:
        raise Closed(f"live session {live_id} is not in its {phase} phase")
    return state


def _coached(cur: Cursor, live_id: str, actor: Person) -> State:
    state = _state(cur, live_id)
    if not access.may_run_session(actor, state.team_id):
        raise PermissionError(f"{actor.email} may not run sessions for team {state.team_id}")
    if state.closed:
        raise Closed(f"live session {live_id} has ended")
    return state


def _log(cur: Cursor, live_id: str, field: str, old: object, new: object, actor: Person,
         now: dt.datetime) -> None:
    cur.execute(LOG_LIVE, [live_id, field, None if old is None else str(old),
                           None if new is None else str(new), now, actor.email])


def opened_live_session(con: Database, team_id: str, minutes: Mapping[str, int],
                        actor: Person, now: dt.datetime,
                        rng: random.Random | None = None) -> OpenedLive:
    """The team's open live session, or a new one in its check-in, paused, with the agenda
    ``minutes`` per phase; logged under ``actor``, who must run sessions for the team."""
    if not access.may_run_session(actor, team_id):
        raise PermissionError(f"{actor.email} may not run sessions for team {team_id}")
    problem = live.minutes_problem(minutes)
    if problem is not None:
        raise ValueError(f"phase {problem} needs 1 to 60 minutes")
    draw = rng or random.SystemRandom()

    def work(cur: Cursor) -> OpenedLive:
        found = cur.execute(OPEN_OF_TEAM, [team_id]).fetchone()
        if found is not None:
            return OpenedLive(*found)
        live_id = f"LS-{int(cur.execute(NEXT_LIVE_NUMBER).fetchone()[0]):04d}"
        code = live.join_code(draw)
        while cur.execute(CODE_TAKEN, [code]).fetchone()[0]:
            code = live.join_code(draw)
        first = next(iter(live.PHASES))
        cur.execute(INSERT_LIVE, [live_id, code, team_id, actor.email, now, first, now,
                                  float(minutes[first] * 60)])
        cur.executemany(INSERT_PHASE, [[live_id, phase, int(minutes[phase])]
                                       for phase in live.PHASES])
        cur.executemany(INSERT_SCORE_COUNT, [[live_id, score, value]
                                             for score in SCORES for value in VALUES])
        _log(cur, live_id, "(created)", None, None, actor, now)
        return OpenedLive(live_id, code)

    return db.written(con, work, touches=LIVE)


def moved_phase(con: Database, live_id: str, phase: str, actor: Person,
                now: dt.datetime) -> None:
    """The session moved to ``phase`` with its full time, running if the clock ran."""
    if phase not in live.PHASES:
        raise ValueError(f"no phase {phase!r}")

    def work(cur: Cursor) -> None:
        state = _coached(cur, live_id, actor)
        minutes = int(cur.execute(PHASE_MINUTES, [live_id, phase]).fetchone()[0])
        running = state.deadline is not None
        deadline = now + dt.timedelta(minutes=minutes) if running else None
        cur.execute(SET_PHASE, [phase, now, deadline,
                                None if running else float(minutes * 60), live_id])
        _log(cur, live_id, "phase", state.phase, phase, actor, now)

    db.written(con, work, touches=LIVE)


def clock_set(con: Database, live_id: str, running: bool, actor: Person,
              now: dt.datetime) -> None:
    """The phase's clock started (``running``) or paused at ``now``, keeping the time left."""

    def work(cur: Cursor) -> None:
        state = _coached(cur, live_id, actor)
        if running == (state.deadline is not None):
            return
        left = live.seconds_left(state.deadline, state.paused_left, now)
        if running:
            cur.execute(SET_CLOCK, [now + dt.timedelta(seconds=left), None, live_id])
        else:
            cur.execute(SET_CLOCK, [None, left, live_id])

    db.written(con, work, touches=LIVE)


def added_card(con: Database, live_id: str, prompt: str, text: str) -> None:
    """An anonymous card under ``prompt``, in the reflect phase only. No person, no time."""
    if prompt not in live.PROMPTS:
        raise ValueError(f"no prompt {prompt!r}")
    written = live.card_text(text)
    if not 1 <= len(written) <= live.CARD_MAX_CHARS:
        raise ValueError(f"a card holds 1 to {live.CARD_MAX_CHARS} characters")

    def work(cur: Cursor) -> None:
        _in_phase(cur, live_id, "reflect")
        cur.execute(INSERT_CARD, [secrets.token_hex(live.CARD_ID_BYTES), live_id, prompt,
                                  written])

    db.written(con, work, touches=LIVE)


def _heads(cur: Cursor, live_id: str) -> dict[str, str]:
    """Each card → the card heading its group."""
    rows = cur.execute(CARD_GROUPS, [live_id]).fetchall()
    return {card: group or card for card, group in rows}


def merged_cards(con: Database, live_id: str, card_ids: Sequence[str], actor: Person,
                 now: dt.datetime) -> str:
    """The groups of ``card_ids`` merged into one, headed by the first one's head; returns it.

    In the group phase only, by the coach.
    """

    def work(cur: Cursor) -> str:
        state = _coached(cur, live_id, actor)
        if state.phase != "group":
            raise Closed(f"live session {live_id} is not in its group phase")
        heads = _heads(cur, live_id)
        unknown = [card for card in card_ids if card not in heads]
        if unknown or len(card_ids) < 2:
            raise ValueError(f"cannot merge {list(card_ids)}")
        head = heads[card_ids[0]]
        merged = {heads[card] for card in card_ids}
        for card, its_head in heads.items():
            if its_head in merged and card != head:
                cur.execute(SET_GROUP, [head, live_id, card])
        _log(cur, live_id, "grouped", None, len(merged), actor, now)
        return head

    return db.written(con, work, touches=LIVE)


def split_group(con: Database, live_id: str, head: str, actor: Person,
                now: dt.datetime) -> None:
    """The group headed by ``head`` undone: each of its cards on its own again."""

    def work(cur: Cursor) -> None:
        state = _coached(cur, live_id, actor)
        if state.phase != "group":
            raise Closed(f"live session {live_id} is not in its group phase")
        cur.execute(UNGROUP, [live_id, head])
        _log(cur, live_id, "ungrouped", None, None, actor, now)

    db.written(con, work, touches=LIVE)


def cast_dots(con: Database, live_id: str, card_ids: Iterable[str]) -> None:
    """One participant's dots: one on each group of ``card_ids`` (at most ``DOT_VOTES``), in
    the vote phase. Only the counts go up; nobody's choice is kept."""
    chosen = list(dict.fromkeys(card_ids))
    if not 1 <= len(chosen) <= live.DOT_VOTES:
        raise ValueError(f"place 1 to {live.DOT_VOTES} dots")

    def work(cur: Cursor) -> None:
        _in_phase(cur, live_id, "vote")
        heads = _heads(cur, live_id)
        groups = list(dict.fromkeys(heads[card] for card in chosen if card in heads))
        if len(groups) != len(chosen):
            raise ValueError("a dot on a card that is not in this session or twice on a group")
        for head in groups:
            cur.execute(ADD_DOT, [live_id, head])
        cur.execute(COUNT_DOT_BALLOT, [live_id])

    db.written(con, work, touches=LIVE)


def cast_scores(con: Database, live_id: str, scores: Mapping[str, int]) -> None:
    """One participant's scores, one value 1–5 for each of ``SCORES``, in the vote phase and
    before the reveal. Only the count of that value goes up."""
    if set(scores) != set(SCORES) or any(v not in VALUES for v in scores.values()):
        raise ValueError(f"a value 1-5 for each of {', '.join(SCORES)}")

    def work(cur: Cursor) -> None:
        state = _in_phase(cur, live_id, "vote")
        if state.revealed:
            raise Closed(f"the scores of live session {live_id} are revealed")
        for score in SCORES:
            cur.execute(ADD_SCORE, [live_id, score, int(scores[score])])

    db.written(con, work, touches=LIVE)


def _score_counts(cur: Cursor, live_id: str) -> pd.DataFrame:
    return pd.DataFrame(cur.execute(SCORE_COUNTS, [live_id]).fetchall(),
                        columns=["score", "value", "votes"])


def revealed_scores(con: Database, live_id: str, actor: Person, now: dt.datetime) -> None:
    """The scores shown to the room, once at least ``MIN_VOTES`` people voted; no more score
    votes are taken after."""

    def work(cur: Cursor) -> None:
        state = _coached(cur, live_id, actor)
        if state.revealed:
            return
        if not revealable(ballots(_score_counts(cur, live_id))):
            raise ValueError("too few votes to reveal")
        cur.execute(REVEAL, [live_id])
        _log(cur, live_id, "scores_revealed", False, True, actor, now)

    db.written(con, work, touches=LIVE)


def drafted_action(con: Database, live_id: str, card_id: str, action: NewAction,
                   actor: Person, now: dt.datetime) -> None:
    """The action written from card ``card_id`` in the actions phase (replacing the one
    written from it before); saved as an action with the session."""

    def work(cur: Cursor) -> None:
        state = _coached(cur, live_id, actor)
        if state.phase != "actions":
            raise Closed(f"live session {live_id} is not in its actions phase")
        if card_id not in _heads(cur, live_id):
            raise KeyError(f"no card {card_id!r}")
        cur.execute(DELETE_DRAFT, [live_id, card_id])
        cur.execute(INSERT_DRAFT, [live_id, card_id, action.description,
                                   action.owner_team_id, action.due_on])
        _log(cur, live_id, "action", None, action.description, actor, now)

    db.written(con, work, touches=LIVE)


def live_record(team_id: str, held_on: dt.date, kind: str, counts: pd.DataFrame,
                revealed: bool) -> NewSession:
    """The session a live one becomes: results discussed, and each theme whose score the
    room revealed, with the team averages of the revealed scores."""
    averages: dict[str, float | None] = dict.fromkeys(SCORES)
    if revealed:
        shown = score_distribution(counts)
        averages = {score: None if pd.isna(average) else float(average)
                    for score, average in zip(shown["score"], shown["average"], strict=True)}
    themes = {"results"} | {theme for score, theme in SCORE_THEMES.items()
                            if averages.get(score) is not None}
    return NewSession(team_id=team_id, held_on=held_on, kind=kind,
                      discussed=frozenset(themes), averages=averages)


def saved_live_session(con: Database, live_id: str, kind: str, held_on: dt.date,
                       actor: Person, now: dt.datetime) -> store_sessions.SavedSession:
    """The live session saved as a session (team averages only) with the actions written in
    it, through the sessions' own write path, and ended; all in one transaction."""

    def work(cur: Cursor) -> store_sessions.SavedSession:
        state = _coached(cur, live_id, actor)
        session = live_record(state.team_id, held_on, kind, _score_counts(cur, live_id),
                              state.revealed)
        actions = [NewAction(owner, text, due) for owner, text, due
                   in cur.execute(DRAFTS, [live_id]).fetchall()]
        saved = store_sessions.recorded_session(cur, session, actions, actor, now)
        cur.execute(CLOSE_LIVE, [saved.session_id, now, live_id])
        _log(cur, live_id, "session_id", None, saved.session_id, actor, now)
        return saved

    return db.written(con, work, touches=lambda cur, saved: (
        LIVE | store_sessions.session_touched(cur, saved)))


def ended_unsaved(con: Database, live_id: str, actor: Person, now: dt.datetime) -> None:
    """The live session ended without a session: opened by mistake or abandoned. Its cards,
    votes and drafted actions are deleted, every device sees it has ended, and the team may
    open a new one; logged under ``actor``, who must run the team's sessions."""

    def work(cur: Cursor) -> None:
        _coached(cur, live_id, actor)
        for statement in DISCARDED:
            cur.execute(statement, [live_id])
        cur.execute(CLOSE_LIVE, [None, now, live_id])
        _log(cur, live_id, "closed_at", None, now, actor, now)

    db.written(con, work, touches=LIVE)

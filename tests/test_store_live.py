"""A live session: opened by its coach, cards and votes sent by nobody in particular, saved
as a session with team averages and its actions; nothing stored names a participant."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from alignment import queries
from alignment.access import Person
from alignment.metrics.room import MIXED_RANGE, ballots, mixed, revealable, score_distribution
from alignment.session import live
from alignment.session.record import NewAction
from alignment.session.votes import MIN_VOTES
from alignment.store import live as store_live
from tests.conftest import AS_OF, stored

NOW = dt.datetime(2026, 11, 15, 10, 0)
COACH = Person("cor@example.org", "Cor", "coach", coach_team_ids=frozenset({"T1"}))
TEAMS = [{"team_id": "T1", "name": "Team Parkeren", "value_stream": "Ruimte"},
         {"team_id": "T2", "name": "Team Loket", "value_stream": "Burger"}]
ANONYMOUS_TABLES = ("live_cards", "live_scores")
# what would tie a row to someone, a device or a moment
TELLING = ("email", "person", "by", "author", "device", "seat", "token", "ip", "agent", "at",
           "time", "created", "session_key")


def opened(con, minutes=None) -> store_live.OpenedLive:
    stored(con, teams=TEAMS)
    return store_live.opened_live_session(con, "T1", minutes or live.default_minutes(), COACH,
                                          NOW, random.Random(7))


def moved(con, live_id, *phases):
    for phase in phases:
        store_live.moved_phase(con, live_id, phase, COACH, NOW)


def columns(con, table: str) -> list[str]:
    return list(con.execute(f"SELECT * FROM {table} LIMIT 0").df().columns)


def test_a_coach_opens_one_live_session_per_team_with_a_short_code(con):
    first = opened(con)
    again = store_live.opened_live_session(con, "T1", live.default_minutes(), COACH, NOW)
    assert again == first
    assert first.live_id == "LS-0001"
    assert len(first.code) == live.CODE_LENGTH and set(first.code) <= set(live.CODE_ALPHABET)
    row = queries.live_session(con, first.code).iloc[0]
    assert (row.team_name, row.phase, row.paused_left, row.closed) == (
        "Team Parkeren", "check_in", 180.0, False)
    assert con.execute("SELECT entity, entity_id, field, changed_by FROM change_log"
                       ).fetchall() == [("live_sessions", "LS-0001", "(created)", COACH.email)]


@pytest.mark.parametrize("actor", [
    Person("mo@example.org", "Mo", "member", "T1"),
    Person("lea@example.org", "Lea", "leader"),
    Person("cor@example.org", "Cor", "coach", coach_team_ids=frozenset({"T2"})),
], ids=["member", "leader", "coach of another team"])
def test_only_who_runs_the_team_s_sessions_opens_one(con, actor):
    stored(con, teams=TEAMS)
    with pytest.raises(PermissionError):
        store_live.opened_live_session(con, "T1", live.default_minutes(), actor, NOW)
    assert con.execute("SELECT count(*) FROM live_sessions").fetchone() == (0,)


def test_no_card_or_vote_row_holds_a_person_a_device_or_a_time(con):
    session = opened(con)
    moved(con, session.live_id, "reflect")
    store_live.added_card(con, session.live_id, "went_well", "  Snelle review  ")
    store_live.added_card(con, session.live_id, "could_be_better", "Te veel overleg")
    moved(con, session.live_id, "group", "vote")
    card = queries.live_cards(con, session.live_id).card_id.iloc[0]
    store_live.cast_dots(con, session.live_id, [card])
    store_live.cast_scores(con, session.live_id, dict.fromkeys(
        ("safety", "ownership", "energy", "collaboration"), 4))
    for table in ANONYMOUS_TABLES:
        names = columns(con, table)
        assert [n for n in names if any(word in n.split("_") for word in TELLING)] == [], table
        values = {str(v) for row in con.execute(f"SELECT * FROM {table}").fetchall()
                  for v in row}
        assert COACH.email not in values
        assert not any(isinstance(v, dt.datetime) for row in con.execute(
            f"SELECT * FROM {table}").fetchall() for v in row)
    assert sorted(columns(con, "live_cards")) == sorted(
        ["card_id", "live_id", "prompt", "text", "group_id", "dots"])
    assert sorted(columns(con, "live_scores")) == sorted(["live_id", "score", "value", "votes"])
    # a participant's write leaves no trace in the change log
    assert {r[0] for r in con.execute("SELECT field FROM change_log").fetchall()} == {
        "(created)", "phase"}
    texts = con.execute("SELECT text FROM live_cards ORDER BY text").fetchall()
    assert texts == [("Snelle review",), ("Te veel overleg",)]


@pytest.mark.parametrize(("phase", "send"), [
    ("check_in", lambda c, s: store_live.added_card(c, s, "learned", "Vroeg")),
    ("group", lambda c, s: store_live.added_card(c, s, "learned", "Laat")),
    ("reflect", lambda c, s: store_live.cast_scores(c, s, dict.fromkeys(
        ("safety", "ownership", "energy", "collaboration"), 3))),
])
def test_what_is_sent_outside_its_phase_is_refused(con, phase, send):
    session = opened(con)
    if phase != "check_in":
        moved(con, session.live_id, phase)
    with pytest.raises(store_live.Closed):
        send(con, session.live_id)


@pytest.mark.parametrize(("prompt", "text"), [
    ("went_well", "   "), ("praise", "Goed"), ("learned", "x" * (live.CARD_MAX_CHARS + 1))])
def test_a_card_needs_a_prompt_and_words(con, prompt, text):
    session = opened(con)
    moved(con, session.live_id, "reflect")
    with pytest.raises(ValueError):
        store_live.added_card(con, session.live_id, prompt, text)


def test_merged_cards_share_their_dots_and_top_the_list(con):
    session = opened(con)
    moved(con, session.live_id, "reflect")
    for prompt, text in (("went_well", "Pairing"), ("went_well", "Samen programmeren"),
                         ("could_be_better", "Deploys"), ("learned", "Klanten bellen")):
        store_live.added_card(con, session.live_id, prompt, text)
    moved(con, session.live_id, "group")
    cards = queries.live_cards(con, session.live_id)
    by_text = dict(zip(cards.text, cards.card_id, strict=True))
    head = store_live.merged_cards(con, session.live_id,
                                   [by_text["Pairing"], by_text["Samen programmeren"]], COACH,
                                   NOW)
    moved(con, session.live_id, "vote")
    store_live.cast_dots(con, session.live_id, [by_text["Samen programmeren"], by_text["Deploys"]])
    store_live.cast_dots(con, session.live_id, [by_text["Pairing"]])
    with pytest.raises(ValueError):  # one dot per group per person
        store_live.cast_dots(con, session.live_id, [by_text["Pairing"],
                                                   by_text["Samen programmeren"]])
    with pytest.raises(ValueError):
        store_live.cast_dots(con, session.live_id, list(by_text.values()))
    cards = queries.live_cards(con, session.live_id)
    assert set(cards[cards.group_id == head].text) == {"Pairing", "Samen programmeren"}
    dots = dict(zip(cards.text, cards.group_dots, strict=True))
    assert (dots["Pairing"], dots["Samen programmeren"], dots["Deploys"],
            dots["Klanten bellen"]) == (2, 2, 1, 0)
    assert queries.live_session(con, session.code).dot_ballots.iloc[0] == 2


def test_scores_reveal_only_from_the_third_ballot_and_then_take_no_more(con):
    session = opened(con)
    moved(con, session.live_id, "vote")
    ballot = {"safety": 2, "ownership": 4, "energy": 3, "collaboration": 4}
    for safety in (2, 5):
        store_live.cast_scores(con, session.live_id, {**ballot, "safety": safety})
    with pytest.raises(ValueError):
        store_live.revealed_scores(con, session.live_id, COACH, NOW)
    store_live.cast_scores(con, session.live_id, {**ballot, "safety": 4})
    store_live.revealed_scores(con, session.live_id, COACH, NOW)
    with pytest.raises(store_live.Closed):
        store_live.cast_scores(con, session.live_id, ballot)
    shown = score_distribution(queries.live_scores(con, session.live_id)).set_index("score")
    assert shown.loc["safety", ["votes_2", "votes_4", "votes_5", "voters"]].tolist() == [
        1, 1, 1, 3]
    assert shown.loc["safety", "average"] == 3.7 and bool(shown.loc["safety", "mixed"])
    assert not shown.loc["ownership", "mixed"]


def test_a_saved_live_session_is_a_session_with_averages_and_its_actions(con):
    session = opened(con)
    moved(con, session.live_id, "reflect")
    store_live.added_card(con, session.live_id, "could_be_better", "Deploys duren lang")
    moved(con, session.live_id, "vote")
    for safety in (3, 4, 4):
        store_live.cast_scores(con, session.live_id, {"safety": safety, "ownership": 4,
                                                      "energy": 3, "collaboration": 5})
    store_live.revealed_scores(con, session.live_id, COACH, NOW)
    moved(con, session.live_id, "discuss", "actions")
    card = queries.live_cards(con, session.live_id).card_id.iloc[0]
    store_live.drafted_action(con, session.live_id, card,
                              NewAction("T2", "Pipeline versnellen", AS_OF), COACH, NOW)
    store_live.drafted_action(con, session.live_id, card,
                              NewAction("T1", "Pipeline halveren", AS_OF), COACH, NOW)
    saved = store_live.saved_live_session(con, session.live_id, "retro", AS_OF, COACH, NOW)
    assert saved.session_id == "S-0001" and saved.action_ids == ("A-0001",)
    assert con.execute(
        "SELECT team_id, facilitator, covered_results, covered_collaboration, covered_safety,"
        " safety, ownership, energy, collaboration FROM sessions").fetchall() == [
        ("T1", COACH.email, True, True, True, 3.7, 4.0, 3.0, 5.0)]
    assert con.execute("SELECT session_id, owner_team_id, description, due_on FROM actions"
                       ).fetchall() == [("S-0001", "T1", "Pipeline halveren", AS_OF)]
    row = queries.live_session(con, session.code).iloc[0]
    assert (row.closed, row.session_id) == (True, "S-0001")
    assert queries.open_live_session(con, "T1").empty


def test_without_a_reveal_no_score_is_saved(con):
    session = opened(con)
    moved(con, session.live_id, "vote")
    store_live.cast_scores(con, session.live_id, dict.fromkeys(
        ("safety", "ownership", "energy", "collaboration"), 2))
    store_live.saved_live_session(con, session.live_id, "retro", AS_OF, COACH, NOW)
    assert con.execute("SELECT covered_results, covered_safety, safety, energy FROM sessions"
                       ).fetchall() == [(True, False, None, None)]


def test_the_clock_pauses_and_runs_on_from_where_it_was(con):
    session = opened(con, {**live.default_minutes(), "reflect": 5})
    store_live.clock_set(con, session.live_id, True, COACH, NOW)
    row = queries.live_session(con, session.code).iloc[0]
    assert pd.Timestamp(row.phase_deadline) == pd.Timestamp(NOW + dt.timedelta(minutes=3))
    store_live.clock_set(con, session.live_id, False, COACH, NOW + dt.timedelta(seconds=100))
    assert queries.live_session(con, session.code).paused_left.iloc[0] == 80.0
    store_live.clock_set(con, session.live_id, True, COACH, NOW + dt.timedelta(minutes=10))
    moved(con, session.live_id, "reflect")   # a running clock runs on in the next phase
    row = queries.live_session(con, session.code).iloc[0]
    assert pd.Timestamp(row.phase_deadline) == pd.Timestamp(NOW + dt.timedelta(minutes=5))


# ----------------------------------------------------------------------------- the room

@pytest.mark.parametrize(("counts", "split"), [
    ({}, False),
    ({3: 5}, False),
    ({2: 2, 4: 2}, False),
    ({2: 1, 5: 1}, True),
    ({1: 1, 4: 6}, True),
    ({1: 0, 3: 2, 4: 1}, False),
])
def test_a_room_is_mixed_when_its_votes_lie_far_apart(counts, split):
    assert MIXED_RANGE == 3
    assert mixed(counts) is split


@pytest.mark.parametrize(("voters", "shown"), [(0, False), (MIN_VOTES - 1, False),
                                               (MIN_VOTES, True), (MIN_VOTES + 5, True)])
def test_scores_are_revealed_from_the_minimum_of_votes(voters, shown):
    assert revealable(voters) is shown


def test_the_distribution_counts_every_value_and_averages_exactly():
    votes = pd.DataFrame({"score": ["safety"] * 3 + ["energy"],
                          "value": [1, 3, 4, 5], "votes": [1, 2, 1, 3]})
    shown = score_distribution(votes).set_index("score")
    assert shown.loc["safety"].tolist() == [1, 0, 2, 1, 0, 4, 2.8, True]
    assert shown.loc["energy", "average"] == 5.0 and shown.loc["energy", "voters"] == 3
    assert shown.loc["ownership", "voters"] == 0 and pd.isna(shown.loc["ownership", "average"])
    assert ballots(votes) == 4


def test_a_session_ended_without_saving_keeps_nothing_the_room_wrote_and_frees_the_team(con):
    session = opened(con)
    moved(con, session.live_id, "reflect")
    store_live.added_card(con, session.live_id, "went_well", "Snelle feedback")
    moved(con, session.live_id, "vote")
    store_live.cast_dots(con, session.live_id, queries.live_cards(con, session.live_id).card_id)
    store_live.cast_scores(con, session.live_id, dict.fromkeys(
        ("safety", "ownership", "energy", "collaboration"), 4))
    moved(con, session.live_id, "discuss", "actions")
    store_live.ended_unsaved(con, session.live_id, COACH, NOW)
    row = queries.live_session(con, session.code).iloc[0]
    assert (row.closed, row.session_id) == (True, None)
    assert queries.open_live_session(con, "T1").empty
    for table in ("live_cards", "live_actions"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert con.execute("SELECT sum(votes) FROM live_scores").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    # the coach is named for ending it, as for opening it; nothing else is
    assert con.execute("SELECT new_value, changed_by FROM change_log"
                       " WHERE entity = 'live_sessions' AND field = 'closed_at'").fetchall() == [
        (str(NOW), COACH.email)]
    # nothing sent to it counts any more, and the team opens a fresh one
    with pytest.raises(store_live.Closed):
        store_live.added_card(con, session.live_id, "went_well", "Te laat")
    with pytest.raises(store_live.Closed):
        store_live.ended_unsaved(con, session.live_id, COACH, NOW)
    assert opened(con).live_id != session.live_id


@pytest.mark.parametrize("actor", [
    Person("other@example.org", "Other", "coach", coach_team_ids=frozenset({"T2"})),
    Person("member@example.org", "Member", "member", team_id="T1"),
])
def test_only_who_runs_the_team_s_sessions_ends_one_unsaved(con, actor):
    session = opened(con)
    with pytest.raises(PermissionError):
        store_live.ended_unsaved(con, session.live_id, actor, NOW)
    assert not queries.open_live_session(con, "T1").empty

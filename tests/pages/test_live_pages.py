"""A live session on the pages: the coach opens it, the shared screen shows each phase, and
participants join by code, write cards and vote on the phone page, in both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import streamlit as st

from alignment import queries
from alignment.scope import QUARTER_DAYS
from alignment.session import live
from alignment.session.votes import MIN_VOTES, SCORES
from tests.pages.conftest import opened

TEAM = "BZ-KCC"


@pytest.fixture(autouse=True)
def uncached():
    """No cached read from another test's database: PostgreSQL copies of the demo template
    share the database id that cache keys are made of, and every live session here is the
    first of its database (LS-0001)."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()
CLOCK = re.compile(r'data-clock-left="(-?[\d.]+)" data-clock-running="([01])">'
                   r'<span class="clock-label">([^<]*)</span><span class="clock-value">([^<]*)<')


def clock(at) -> tuple[str, str, bool]:
    """The label, the time shown and whether the browser clock runs."""
    [found] = [m for m in (CLOCK.search(h.proto.body) for h in at.get("html")) if m]
    return found[3], found[4], found[2] == "1"


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def opened_live(opened, lang="en"):
    """The coach's desk after opening a live session for TEAM."""
    at = opened("pages/session.py", team=TEAM, lang=lang)
    at.number_input(key="live_minutes_reflect").set_value(6)
    [submit] = [b for b in at.get("form_submit_button") if b.proto.form_id == "live_open"]
    submit.click().run()
    return at


def the_live(con):
    return queries.open_live_session(con, TEAM).iloc[0]


def shared(opened, lang="en"):
    return opened("pages/session.py", team=TEAM, present="1", lang=lang)


def phone(opened, code, lang="en", seat="seat-1"):
    return opened("pages/join.py", code=code, lang=lang, seat=seat)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_coach_opens_a_live_session_and_the_shared_screen_shows_the_way_in(
        fresh_demo, lang):
    at = opened_live(opened, lang)
    assert not at.exception
    row = the_live(fresh_demo)
    assert row.phase == "check_in"
    assert any(row.code in m.value and "/join?" in m.value for m in at.markdown)
    screen = shared(opened, lang)
    assert not screen.exception
    label, shown, running = clock(screen)
    assert (label, shown, running) == (
        {"en": "Time left — Check-in", "nl": "Tijd over — Check-in"}[lang], "03:00", False)
    assert screen.title[-1].value.startswith("1/6 · ")
    qr = [h for h in screen.get("html") if 'data-testid="live-qr"' in h.proto.body]
    # drawn here, not fetched: the picture is in the page itself
    assert qr and all('src="data:image/svg+xml' in h.proto.body for h in qr)
    # the keys still drive it: → moves every device on
    screen.button(key="timer_next").click().run()
    assert the_live(fresh_demo).phase == "reflect"
    assert clock(screen)[:2] == ({"en": "Time left — Reflect",
                                  "nl": "Tijd over — Reflecteren"}[lang], "06:00")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_participants_write_cards_and_vote_and_the_scores_wait_for_the_third(
        fresh_demo, lang):
    opened_live(opened, lang)
    row = the_live(fresh_demo)
    joined = phone(opened, row.code, lang)
    assert not joined.exception
    assert joined.title[0].value.startswith("1/6 · ")
    screen = shared(opened, lang)
    screen.button(key="timer_next").click().run()
    # the shared screen's reflect phase shows the team's experiments under the clock
    assert not screen.exception
    assert any(title.value.startswith("2/6 · ") for title in screen.title)
    shown = " ".join(m.value for m in screen.markdown)
    today = dt.date.today()
    experiments = queries.team_experiments(fresh_demo, TEAM,
                                           today - dt.timedelta(days=QUARTER_DAYS), today)
    assert not experiments.empty
    assert all(f"**{e.experiment_id} — " in shown for e in experiments.itertuples())
    writers = [phone(opened, row.code.lower(), lang, seat=f"seat-{n}") for n in range(3)]
    for number, at in enumerate(writers):
        at.radio(key="live_prompt").set_value(live.PROMPTS[number % 3])
        at.text_area(key="live_card").input(f"Kaartje {number}")
        at.button(key="live_add_card").click().run()
        assert len(at.success) == 1
    cards = queries.live_cards(fresh_demo, row.live_id)
    assert sorted(cards.text) == ["Kaartje 0", "Kaartje 1", "Kaartje 2"]
    screen.button(key="timer_next").click().run()   # group
    screen.multiselect(key="live_merge").set_value([str(c) for c in cards.card_id[:2]]).run()
    screen.button(key="live_merge_button").click().run()
    assert queries.live_cards(fresh_demo, row.live_id).group_id.nunique() == 2
    screen.button(key="timer_next").click().run()   # vote
    assert screen.button(key="live_reveal").disabled
    heads = list(queries.live_cards(fresh_demo, row.live_id).group_id.unique())
    for number, at in enumerate(writers):
        at.run()
        at.checkbox(key=f"live_dot_{heads[number % 2]}").check()
        [dots] = [b for b in at.get("form_submit_button") if b.proto.form_id == "live_dots"]
        dots.click().run()
        for score in SCORES:
            at.radio(key=f"live_score_{score}").set_value(2 + 2 * (number % 2) + number // 2)
        [cast] = [b for b in at.get("form_submit_button") if b.proto.form_id == "live_scores"]
        cast.click().run()
        assert not at.exception
        screen.run()
        assert screen.button(key="live_reveal").disabled is (number + 1 < MIN_VOTES)
        assert not screen.table   # nothing shown before the reveal
    # a participant who votes again from the same device is not counted twice
    again = phone(opened, row.code, lang, seat="seat-0")
    assert not again.get("form_submit_button")
    screen.button(key="live_reveal").click().run()
    [table] = screen.table
    shown = table.value
    assert shown.iloc[0, 1:6].tolist() == ["0", "1", "1", "1", "0"]   # safety 2, 3, 4
    late = phone(opened, row.code, lang, seat="seat-9")
    assert len(late.table) == 1 and late.table[0].value.equals(shown)
    assert {"en": "How is this computed?", "nl": "Hoe wordt dit berekend?"}[lang] in [
        e.label for e in late.expander]


def test_the_join_page_asks_for_a_code_and_says_when_it_is_unknown(app):
    at = app("pages/join.py")
    assert not at.exception and at.text_input
    at.text_input[0].input("zzzzzz")
    [join] = at.get("form_submit_button")
    join.click().run()
    assert at.query_params["code"] == "ZZZZZZ"
    assert any("ZZZZZZ" in w for w in texts(at.warning))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_top_voted_cards_are_discussed_and_an_action_is_written_from_one(fresh_demo, lang):
    opened_live(opened, lang)
    row = the_live(fresh_demo)
    screen = shared(opened, lang)
    screen.button(key="timer_next").click().run()   # reflect
    writer = phone(opened, row.code, lang)
    for text in ("Deploys duren lang", "Te veel overleg"):
        writer.text_area(key="live_card").input(text)
        writer.button(key="live_add_card").click().run()
    for _ in range(2):                                 # group, vote
        screen.button(key="timer_next").click().run()
    cards = queries.live_cards(fresh_demo, row.live_id)
    deploys = cards[cards.text == "Deploys duren lang"].card_id.iloc[0]
    writer.run()
    writer.checkbox(key=f"live_dot_{deploys}").check()
    [dots] = [b for b in writer.get("form_submit_button") if b.proto.form_id == "live_dots"]
    dots.click().run()
    screen.button(key="timer_next").click().run()     # discuss: only the card with a dot
    assert [m.value for m in screen.markdown if "Deploys" in m.value or "overleg" in m.value
            ] == [m.value for m in screen.markdown if "Deploys" in m.value]
    screen.button(key="timer_next").click().run()     # actions
    assert screen.title[-1].value.startswith("6/6 · ")
    screen.text_input(key="live_action_1").input("Pipeline versnellen")
    screen.selectbox(key="live_owner_1").set_value("BZ-PAS")
    [write] = [b for b in screen.get("form_submit_button")
               if b.proto.form_id == "live_action_form_1"]
    write.click().run()
    assert not screen.exception
    assert queries.live_actions(fresh_demo, row.live_id)[
        ["card_id", "description", "owner_team_id"]].values.tolist() == [
        [deploys, "Pipeline versnellen", "BZ-PAS"]]
    screen.button(key="live_save").click().run()
    assert not screen.exception
    saved = fresh_demo.execute(
        "SELECT s.session_id, s.team_id, a.description, a.owner_team_id FROM sessions AS s"
        " JOIN actions AS a ON a.session_id = s.session_id WHERE s.session_id = ?",
        [queries.live_session(fresh_demo, row.code).session_id.iloc[0]]).fetchall()
    assert [r[1:] for r in saved] == [(TEAM, "Pipeline versnellen", "BZ-PAS")]
    assert any(saved[0][0] in s.value for s in screen.success)   # back on the desk, said
    assert phone(opened, row.code, lang).success    # the phones say the session ended


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_session_opened_by_mistake_ends_without_saving_and_every_phone_sees_it(
        fresh_demo, lang):
    at = opened_live(opened, lang)
    row = the_live(fresh_demo)
    screen = shared(opened, lang)
    screen.button(key="timer_next").click().run()
    card = phone(opened, row.code, lang)
    card.text_area(key="live_card").input("Snel geholpen")
    card.button(key="live_add_card").click().run()
    assert len(queries.live_cards(fresh_demo, row.live_id)) == 1
    at.button(key="live_end_unsaved").click().run()
    assert not at.exception
    assert queries.open_live_session(fresh_demo, TEAM).empty
    assert queries.live_cards(fresh_demo, row.live_id).empty
    assert [i.value for i in at.info if "live" in i.value] == [{
        "en": "The live session has ended without saving: its cards, votes and drafted "
              "actions are deleted. You can open a new one.",
        "nl": "De live sessie is beëindigd zonder opslaan: de kaartjes, stemmen en opgestelde "
              "acties zijn verwijderd. Je kunt een nieuwe openen."}[lang]]
    # the desk offers a new one at once, and the phone says the session has ended
    assert [b for b in at.get("form_submit_button") if b.proto.form_id == "live_open"]
    card.run()
    assert [s.value for s in card.success] == [{
        "en": "This session has ended. Thank you for taking part.",
        "nl": "Deze sessie is afgelopen. Bedankt voor het meedoen."}[lang]]

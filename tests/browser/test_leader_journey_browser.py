"""A leader's journey in English at 1400×1000, clicking as a person does: from a break on the
Overview to its items, from the cascade to a goal up close with its breaks and history, and
from the learning debt to a recorded decision confirmed where the leader is looking.

Only the first page is opened by URL; every later page is reached by clicking.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from alignment import bootstrap, db, views
from alignment.access import Person
from alignment.ingest.pipeline import upload_committed
from alignment.scope import Scope
from tests.browser.conftest import started_server, stopped
from tests.browser.test_history_browser import recorded
from tests.conftest import break_label

pytestmark = pytest.mark.browser

TODAY = dt.date.today()
GOAL = "DOEL-90"
GOALS_HEADER = ("goal_id,title,description,level,parent_goal_id,owner,period_start,period_end,"
                "status\n")
# (uploaded, title): a goal set 20 days ago whose title was sharpened 10 days ago
GOAL_VERSIONS = [(TODAY - dt.timedelta(days=20), "Wachttijd Wmo korter"),
                 (TODAY - dt.timedelta(days=10), "Wmo-aanvraag binnen 4 weken beslist")]
BREAK = "orphan_experiment"


@pytest.fixture
def leader_server(tmp_path):
    """A server on a demo database with one goal changed after it was set, and the figures
    the leader should see, computed beforehand from the same database."""
    path = tmp_path / "leader.duckdb"
    con = bootstrap.ready_connection(path)
    admin = Person("admin@rivierstad.nl", "Beheer", "admin")
    for uploaded, title in GOAL_VERSIONS:
        row = (f"{GOAL},{title},Sneller duidelijkheid voor inwoners,goal,AMB-01,Wethouder Zorg,"
               f"2026-01-01,2027-12-31,active\n")
        outcome = upload_committed(con, "goals", "doelen.csv", (GOALS_HEADER + row).encode(),
                                   actor=admin, today=TODAY,
                                   now=dt.datetime.combine(uploaded, dt.time(9)))
        assert not outcome.blocked, outcome.errors
    expected = {
        "break": views.cascade_breaks(con, Scope(as_of=TODAY), BREAK, "en"),
        "overview": views.breaks_by_type(con, TODAY).counts.set_index("break_type")["breaks"],
        "goal breaks": views.goal_breaks(con, TODAY, GOAL),
    }
    db.close_shared()  # one process per database file: the server must be able to open it
    server = started_server(path, tmp_path / "server.log")
    yield server, expected
    stopped(server)


def test_a_leader_follows_a_break_a_goal_and_a_decision(leader_server, page, screenshot):
    server, expected = leader_server
    page.goto(f"{server.url}/?lang=en")
    page.get_by_role("heading", name="Top breaks").wait_for()

    # Overview → the break's link → its items listed first, on Strategy to Gemba
    orphans = int(expected["overview"][BREAK])
    page.get_by_role("link", name=re.compile(f"^{break_label(BREAK)}: {orphans} — ")).click()
    page.get_by_role("heading", name="Strategy to Gemba").first.wait_for()
    asked = page.locator(".st-key-asked_break")
    listed = expected["break"]
    expect(asked.get_by_role("heading", name=f"{break_label(BREAK)} — {len(listed)}")
           ).to_be_in_viewport()
    # the first rows, in the download's order: the rest wait for the download's click
    for item in listed.head(views.BREAKS_LISTED).itertuples(index=False):
        expect(asked.get_by_text(f"{item.entity_id} · {item.name}", exact=True)
               ).to_be_attached()
    assert "break=orphan_experiment" in page.url and "lang=en" in page.url
    screenshot(page, "leader-break-items.png")

    # the cascade → a goal's box → that goal up close, near the top, naming its breaks
    cascade = page.get_by_test_id("stGraphVizChart")
    cascade.get_by_text(GOAL, exact=True).click()
    close_up = page.locator(".st-key-close_up")
    close_up.wait_for()
    assert f"goal={GOAL}" in page.url and "lang=en" in page.url
    goals = page.get_by_role("radiogroup", name="Goal")  # the goal list marks it chosen
    expect(goals.get_by_role("radio", checked=True)).to_have_text(
        f"{GOAL} · {GOAL_VERSIONS[1][1]}")
    expect(close_up.get_by_test_id("stMetric").first).to_be_in_viewport()
    goal_breaks = expected["goal breaks"]
    assert set(goal_breaks["break_type"]) >= {"goal_without_product", "goal_without_experiment"}
    breaks_tile = close_up.get_by_test_id("stMetric").filter(has_text="Breaks touching it")
    expect(breaks_tile.get_by_test_id("stMetricValue")).to_have_text(str(len(goal_breaks)))
    for kind in goal_breaks["break_type"]:
        expect(close_up.get_by_text(break_label(kind), exact=True).first).to_be_attached()

    # its history opens on the day before its last change, which it shows
    close_up.get_by_text("History of this goal").click()
    before = GOAL_VERSIONS[1][0] - dt.timedelta(days=1)
    expect(close_up.get_by_text(f"On {before:%Y-%m-%d} and now: 1 field(s) changed since.")
           ).to_be_visible()
    expect(close_up.get_by_text(GOAL_VERSIONS[0][1], exact=True).first).to_be_attached()

    # Learning → record a decision on the longest-waiting experiment of the learning debt
    page.locator(".st-key-nav").get_by_text("Learning flow & governance", exact=True).click()
    page.get_by_role("heading", name="Learning flow & governance").first.wait_for()
    form = page.get_by_test_id("stForm")
    form.wait_for()
    experiment = page.get_by_role("combobox", name="Experiment").input_value().split(" — ")[0]
    recorded(page, form, experiment)
    confirmation = page.locator(".st-key-decision_recorded")
    expect(confirmation).to_be_in_viewport()
    expect(confirmation.get_by_text(f"Recorded for {experiment}: persevere, decided at "
                                    "portfolio level")).to_be_in_viewport()
    # the form is gone, not silently set to another experiment
    expect(page.get_by_role("combobox", name="Experiment")).to_have_count(0)
    screenshot(page, "leader-decision-recorded.png")

    # … and from the confirmation to the experiment's history, which holds the decision
    confirmation.get_by_role("link", name=re.compile(f"^Open the history of {experiment} — ")
                             ).click()
    page.get_by_role("heading", name="History of one experiment").wait_for()
    expect(page.get_by_role("heading", name="Every logged change (5)")).to_be_visible()

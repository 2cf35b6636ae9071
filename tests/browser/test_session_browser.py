"""A coach runs a session on a shared screen: presenter mode, a live countdown, the capture,
the open actions; then follows up on the Coach overview."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_history_browser import chosen

pytestmark = pytest.mark.browser

CHART = ".vega-embed svg, .vega-embed canvas"


def clock(page):
    """The time left, as the browser counts it down."""
    return page.get_by_test_id("live-clock").locator(".clock-value")


def clock_of(page, part: str):
    """The clock of the agenda part ``part``."""
    return page.get_by_test_id("live-clock").filter(has_text=f"Time left — {part}")


def seconds(text: str) -> int:
    minutes, secs = text.strip().lstrip("-").split(":")
    return int(minutes) * 60 + int(secs)


def button(page, label: str):
    """The button whose label is ``label`` (its name goes on with its shortcut: "Start
    Shortcut Space")."""
    return page.get_by_role("button", name=re.compile(rf"^{label}( Shortcut|$)"))


def pressed_until(page, key: str, done, attempts: int = 3) -> None:
    """Press ``key`` until ``done()`` passes; a key pressed while the script still runs can be
    lost in the rerun, and a coach would press again."""
    for attempt in range(1, attempts + 1):
        page.keyboard.press(key)
        try:
            done()
            return
        except AssertionError:
            if attempt == attempts:
                raise


def started(page, attempts: int = 3) -> None:
    """Click Start until the timer runs (the button is disabled while it does).

    A click that lands while the page's script still runs can be lost in the rerun, as on a
    busy machine; the coach would click again, and so does this.
    """
    start = button(page, "Start")
    for attempt in range(1, attempts + 1):
        if start.is_enabled():
            start.click()
        try:
            expect(start).to_be_disabled(timeout=10_000)
            return
        except AssertionError:
            if attempt == attempts:
                raise


def test_a_session_in_presenter_mode_with_a_running_timer(fresh_server, page, screenshot):
    page.goto(f"{fresh_server.url}/session?team=BZ-KCC&present=1")
    page.get_by_role("button", name="Leave presenter mode").wait_for()
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    assert page.get_by_role("button", name="Save session").count() == 0
    assert page.get_by_role("button", name="Done", exact=True).count() == 0
    expect(clock(page)).to_have_text("02:00")
    page.locator(CHART).first.wait_for()

    started(page)
    expect(clock(page)).not_to_have_text("02:00", timeout=15_000)
    first = clock(page).inner_text()
    expect(clock(page)).not_to_have_text(first, timeout=15_000)
    second = clock(page).inner_text()
    assert seconds(second) < seconds(first) < 120
    screenshot(page, "session.png", whole=True)
    page.set_viewport_size({"width": 1400, "height": 1000})

    button(page, "Next").click()
    clock_of(page, "Results").wait_for()

    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save session").wait_for()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()

    page.get_by_role("button", name="Done", exact=True).first.click()
    page.get_by_text("marked done.").wait_for()
    for score, votes in (("Safety", "3 3 2 4"), ("Ownership", "4 4 4"), ("Energy", "3 3 4"),
                         ("Collaboration", "4 3 4")):
        page.get_by_role("textbox", name=score, exact=True).fill(votes)
    page.get_by_role("textbox", name="Action", exact=True).first.fill("Veiligheid op de agenda")
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Saved session S-0184 with 1 new action.").wait_for()


def test_the_coach_overview_flags_teams_and_draws_its_charts(demo_server, page, screenshot):
    server, _ = demo_server
    # through the navigation, as a coach would
    page.goto(server.url)
    page.locator(".st-key-nav").get_by_text("Coach overview").click()
    page.get_by_role("heading", name="Coach overview").wait_for()
    expect(page).to_have_url(f"{server.url}/coach_overview")
    page.get_by_text("Teams that need a coach").wait_for()
    expect(page.locator(CHART)).to_have_count(2, timeout=30_000)
    assert page.get_by_text("safety falling").count() >= 1
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "coaches.png", whole=True)


def test_a_coach_drives_the_session_from_the_keyboard(fresh_server, page):
    page.goto(f"{fresh_server.url}/session?team=BZ-KCC")
    page.locator(CHART).first.wait_for()
    start, pause = button(page, "Start"), button(page, "Pause")

    # typing an action with F and spaces in it drives nothing
    action = page.get_by_role("textbox", name="Action", exact=True).first
    action.click()
    page.keyboard.type("Feedback Fijn geven", delay=20)
    page.wait_for_timeout(1_500)
    assert action.input_value() == "Feedback Fijn geven"
    expect(button(page, "Presenter mode")).to_be_visible()
    expect(start).to_be_enabled()
    action.blur()

    pressed_until(page, "f", lambda: expect(button(page, "Leave presenter mode")).to_be_visible(
        timeout=10_000))
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(clock(page)).to_have_text("02:00")

    pressed_until(page, "Space", lambda: expect(start).to_be_disabled(timeout=10_000))
    expect(clock(page)).not_to_have_text("02:00", timeout=15_000)
    pressed_until(page, "Space", lambda: expect(pause).to_be_disabled(timeout=10_000))
    paused = clock(page).inner_text()
    page.wait_for_timeout(2_000)
    assert clock(page).inner_text() == paused

    pressed_until(page, "ArrowRight", lambda: clock_of(page, "Results").wait_for(
        timeout=10_000))
    pressed_until(page, "Escape", lambda: expect(button(page, "Save session")).to_be_visible(
        timeout=10_000))


# Every visible text in the page's main area smaller than ``limit`` px (icons are glyphs, not
# text): what a person at the back of the room could not read on the shared screen.
SMALL_TEXT = """(limit) => {
  const small = [];
  const walker = document.createTreeWalker(
    document.querySelector('[data-testid="stMain"]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (!text || box.width === 0 || box.height === 0 || style.visibility === 'hidden'
        || element.closest('[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"]')) {
      continue;
    }
    const size = parseFloat(style.fontSize);
    if (size < limit) small.push(`${text.slice(0, 40)} (${size}px)`);
  }
  return small;
}"""
READABLE_PX = 18
# a key pressed again only when the page has not followed the first press for this long: a
# second press of → on a page merely slow to redraw would skip a part
KEY_WAIT = 20_000
WAIT = 30_000  # for anything else the page draws after a click or a key
TEAM_OPTION = "Team Klantcontact (BZ-KCC)"


def test_a_coach_runs_a_session_from_the_keyboard_and_follows_up_on_the_coach_overview(
        fresh_server, page):
    # into the session page through the navigation, and the team chosen
    page.goto(fresh_server.url)
    page.locator(".st-key-nav").get_by_text("Reflection session").click()
    page.get_by_role("heading", name="Reflection session").wait_for()
    chosen(page, "Team", TEAM_OPTION)
    page.get_by_role("combobox", name="Team").blur()   # the keys below drive the page, not it
    page.locator(CHART).first.wait_for()
    expect(page.get_by_test_id("stDownloadButton").first).to_be_visible(timeout=WAIT)

    # F: the shared screen, in type the room can read, with nothing for the desk on it
    pressed_until(page, "f", lambda: expect(button(page, "Leave presenter mode")).to_be_visible(
        timeout=KEY_WAIT))
    expect(page.get_by_test_id("stSidebar")).to_be_hidden(timeout=WAIT)
    page.locator(CHART).first.wait_for()
    expect(page.get_by_test_id("stTable")).to_be_visible(timeout=WAIT)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(0, timeout=WAIT)
    expect(page.get_by_test_id("stExpander").filter(has_text="How is this computed?")
           ).to_have_count(0, timeout=WAIT)
    expect(page.get_by_test_id("stExpander").filter(has_text="Which experiments")
           ).to_have_count(0, timeout=WAIT)
    assert page.evaluate(SMALL_TEXT, READABLE_PX) == []
    chart_type = page.locator(".vega-embed text").evaluate_all(
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert chart_type and min(chart_type) >= READABLE_PX

    # Space starts and pauses the timer, → moves on, Esc leaves
    start, pause = button(page, "Start"), button(page, "Pause")
    pressed_until(page, "Space", lambda: expect(start).to_be_disabled(timeout=KEY_WAIT))
    expect(clock(page)).not_to_have_text("02:00", timeout=15_000)
    pressed_until(page, "Space", lambda: expect(pause).to_be_disabled(timeout=KEY_WAIT))
    pressed_until(page, "ArrowRight", lambda: expect(clock_of(page, "Results")).to_be_visible(
        timeout=KEY_WAIT))
    pressed_until(page, "Escape", lambda: expect(button(page, "Save session")).to_be_visible(
        timeout=KEY_WAIT))
    expect(page.get_by_test_id("stSidebar")).to_be_visible(timeout=WAIT)

    # too few votes: said at the Safety field, in proper words, and nothing saved
    safety = page.get_by_role("textbox", name="Safety", exact=True)
    safety.fill("4 3")
    page.get_by_role("textbox", name="Collaboration", exact=True).fill("4 4 4")
    button(page, "Save session").click()
    field = page.get_by_test_id("stColumn").filter(has=safety).last
    said = field.get_by_test_id("stAlert")
    expect(said).to_have_text(re.compile(r"Safety: 2 votes are too few"), timeout=WAIT)
    said.scroll_into_view_if_needed()
    expect(said).to_be_in_viewport(timeout=WAIT)
    assert said.bounding_box()["y"] > safety.bounding_box()["y"]
    expect(page.get_by_text("vote(s)")).to_have_count(0, timeout=WAIT)

    # an action overdue for months, carried over to a new date: confirmed where the eye is
    heading = page.locator("summary", has_text="Overdue by more than 90 days")
    folded = page.get_by_test_id("stExpander").filter(has=heading)
    heading.click()
    first = folded.get_by_test_id("stMarkdownContainer").filter(
        has_text=re.compile(r"A-\d{4} from")).first
    action = re.search(r"A-\d{4}", first.inner_text()).group()
    folded.get_by_test_id("stPopover").first.get_by_role("button").click()
    popover = page.get_by_role("dialog", name="Carry over")
    new_due = dt.date.today() + dt.timedelta(days=30)
    for part, digits in (("year", f"{new_due:%Y}"), ("month", f"{new_due:%m}"),
                         ("day", f"{new_due:%d}")):
        popover.get_by_role("spinbutton", name=f"{part}, New due date").click()
        page.keyboard.type(digits)
    popover.get_by_role("button", name="Carry over to this date").click()
    confirmed = page.get_by_text(f"Action {action} carried over: now due {new_due:%Y-%m-%d}.")
    expect(confirmed).to_be_in_viewport(timeout=WAIT)

    # the same action handed to another team: confirmed, and no longer among its own
    line = page.get_by_test_id("stHorizontalBlock").filter(
        has_text=re.compile(rf"{action} from")).last
    line.get_by_test_id("stPopover").nth(1).get_by_role("button").click()
    hand = page.get_by_role("dialog", name="Hand over")
    chosen(hand, "To team", "Team Paspoort & ID (BZ-PAS)")
    hand.get_by_role("button", name="Hand to this team").click()
    handed = page.get_by_text(f"Action {action} is handed to team BZ-PAS.")
    expect(handed).to_be_visible(timeout=WAIT)

    # Coach overview through the navigation: the team's row with its session link in view
    page.locator(".st-key-nav").get_by_text("Coach overview").click()
    page.get_by_role("heading", name="Coach overview").wait_for()
    chosen(page, "Team", TEAM_OPTION)
    grid = page.get_by_test_id("stDataFrame")
    drawn = {"include_hidden": True, "exact": True}
    # the page redrawn for the one team: its header row and its own row
    expect(grid.get_by_role("row", include_hidden=True)).to_have_count(2, timeout=WAIT)
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_in_viewport(timeout=WAIT)
    # the grid's accessible copy (hidden from the eye) lists only the columns drawn in its
    # width: the link column is among them, beside the team's name
    expect(grid.get_by_role("columnheader", name="Session", **drawn)).to_have_count(
        1, timeout=WAIT)
    expect(grid.get_by_role("gridcell", name="/session?team=BZ-KCC", **drawn)).to_have_count(
        1, timeout=WAIT)
    expect(grid.get_by_role("gridcell", name="Team Klantcontact", **drawn)).to_have_count(
        1, timeout=WAIT)
    # one team's safety trend: a handful of ticks, not one every 0.02 points
    # (its one team name and at most seven ticks; the chart of every team had 27 labels)
    page.wait_for_function("""() => {
        const chart = [...document.querySelectorAll('.vega-embed')]
            .find(c => c.textContent.includes('Change in safety score'));
        const labels = chart ? chart.querySelectorAll('.role-axis-label text').length : 0;
        return labels > 1 && labels <= 8;
    }""", timeout=WAIT)

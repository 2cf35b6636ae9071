"""A coach runs a session on a shared screen: presenter mode, a live countdown, then the capture."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHART = ".vega-embed svg, .vega-embed canvas"


def clock(page):
    tile = page.get_by_test_id("stMetric").filter(has_text="Time left")
    return tile.get_by_test_id("stMetricValue")


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
    page.get_by_test_id("stMetric").filter(has_text="Time left — Results").wait_for()

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
    page.get_by_text("Saved session S-0184 with 1 new action(s)").wait_for()


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

    pressed_until(page, "ArrowRight", lambda: page.get_by_test_id("stMetric").filter(
        has_text="Time left — Results").wait_for(timeout=10_000))
    pressed_until(page, "Escape", lambda: expect(button(page, "Save session")).to_be_visible(
        timeout=10_000))

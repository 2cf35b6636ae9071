"""A live session with a room of phones: a coach's shared screen and participants join by the
link it shows, write cards and vote; the scores wait for the third vote; every device shows
the same phase and time left, counted down in the browser, not by the server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from alignment import bootstrap, db
from alignment.ui.context import RUN_LOG_ENV
from alignment.ui.live import POLL_SECONDS
from tests.browser.conftest import started_server, stopped
from tests.browser.test_session_browser import button, pressed_until, seconds

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
KEY_WAIT = 20_000


@pytest.fixture
def counted_server(tmp_path):
    """A server on a demo of its own that logs every script run (page or fragment)."""
    path = tmp_path / "live.duckdb"
    bootstrap.ready_connection(path)
    db.close_shared()
    server = started_server(path, tmp_path / "server.log", env={RUN_LOG_ENV: "1"})
    yield server
    stopped(server)


def runs(server) -> int:
    return server.log.read_text().count("run ")


def clock(page):
    return page.get_by_test_id("live-clock").locator(".clock-value")


def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    return context.new_page()


def test_a_room_joins_writes_and_votes_and_the_scores_wait_for_the_third(
        counted_server, browser, page, screenshot):
    server = counted_server
    page.goto(f"{server.url}/session?team=BZ-KCC")
    page.get_by_role("button", name="Open a live session").click()
    link = page.get_by_text(re.compile(r"Join at .*/join\?\S*code=")).first
    expect(link).to_be_visible()
    pressed_until(page, "f", lambda: expect(page.get_by_role(
        "heading", name="1/6 · Check-in")).to_be_visible(timeout=KEY_WAIT))
    # the link and the QR code the shared screen shows
    expect(page.get_by_role("img", name="QR code of the join link").first).to_be_visible()
    address = re.search(r"(http://\S+/join\?\S*code=[A-Z0-9]+)",
                        page.get_by_text(re.compile("Join at")).first.inner_text())[1]

    room = [phone(browser) for _ in range(3)]
    for person in room:
        person.goto(address)
        expect(person.get_by_role("heading", name="1/6 · Check-in")).to_be_visible()

    # → on the coach's keyboard moves every device on; Space starts the clock for all
    pressed_until(page, "ArrowRight", lambda: expect(page.get_by_role(
        "heading", name="2/6 · Reflect")).to_be_visible(timeout=KEY_WAIT))
    pressed_until(page, "Space", lambda: expect(button(page, "Start")).to_be_disabled(
        timeout=KEY_WAIT))
    for person in room:
        expect(person.get_by_role("heading", name="2/6 · Reflect")).to_be_visible()
        # the reflect phase's seven minutes running: a loaded phone showed the heading while
        # its clock still held the check-in's 03:00
        expect(clock(person)).to_have_text(re.compile(r"^0[4-6]:[0-5]\d$"))
    # in step: every device shows the screen's time left, give or take a second
    shown = [seconds(clock(p).inner_text()) for p in (page, *room)]
    assert max(shown) - min(shown) <= 1, shown
    # and no server run per second: over a stretch of the clock, the four open pages cost
    # the server only their slow polls
    before, start = runs(server), seconds(clock(page).inner_text())
    expect(clock(page)).to_have_text(f"{(start - 9) // 60:02d}:{(start - 9) % 60:02d}")
    assert runs(server) - before <= 4 * (9 // POLL_SECONDS + 2)
    shown = [seconds(clock(p).inner_text()) for p in (page, *room)]
    assert max(shown) - min(shown) <= 1, shown

    for number, (person, prompt) in enumerate(zip(room, ("What went well",
                                                         "What could be better",
                                                         "What we learned"), strict=True)):
        person.get_by_text(prompt, exact=True).click()
        person.get_by_role("textbox", name="Your card").fill(f"Kaartje {number}")
        person.get_by_role("button", name="Add card").click()
        expect(person.get_by_text("Your card is in.")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue")).to_have_text(["1", "1", "1"])
    screenshot(room[0], "live-phone.png")

    pressed_until(page, "ArrowRight", lambda: expect(page.get_by_role(
        "heading", name="3/6 · Group")).to_be_visible(timeout=KEY_WAIT))
    pressed_until(page, "ArrowRight", lambda: expect(page.get_by_role(
        "heading", name="4/6 · Vote")).to_be_visible(timeout=KEY_WAIT))
    reveal = page.get_by_role("button", name="Reveal the scores")
    for number, person in enumerate(room):
        expect(person.get_by_role("heading", name="4/6 · Vote")).to_be_visible()
        person.get_by_test_id("stCheckbox").filter(has_text=f"Kaartje {number}").click()
        person.get_by_role("button", name="Place my dots").click()
        expect(person.get_by_text("Your dots are in.")).to_be_visible()
        for score in ("Safety", "Ownership", "Energy", "Collaboration"):
            person.get_by_role("radiogroup", name=score).get_by_text(
                str(2 + number), exact=True).click()
        person.get_by_role("button", name="Cast my scores").click()
        expect(person.get_by_text("Your scores are in.")).to_be_visible()
        if number < 2:
            expect(page.get_by_test_id("stMetricValue").last).to_have_text(str(number + 1))
            expect(reveal).to_be_disabled()
            expect(page.get_by_test_id("stTable")).to_have_count(0)
    expect(reveal).to_be_enabled()
    reveal.click()
    table = page.get_by_test_id("stTable")
    expect(table).to_be_visible()
    # safety: one 2, one 3, one 4 — how many gave each value, and nobody's own
    expect(table.get_by_role("row").nth(1)).to_contain_text("Safety")
    assert [c.inner_text() for c in table.get_by_role("row").nth(1).get_by_role(
        "cell").all()][:6] == ["Safety", "0", "1", "1", "1", "0"]
    screenshot(page, "live-shared-screen.png")

    late = phone(browser)
    late.goto(address)
    late.reload()
    expect(late.get_by_role("heading", name="4/6 · Vote")).to_be_visible()
    expect(late.get_by_test_id("stTable")).to_be_visible()
    assert late.get_by_test_id("stTable").inner_text() == table.inner_text()
    expect(late.get_by_role("button", name="Cast my scores")).to_have_count(0)
    for person in (*room, late):
        person.context.close()

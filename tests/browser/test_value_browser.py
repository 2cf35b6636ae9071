"""A leader (the local admin) records a check-in on a goal up close, in a real browser, and sees
the goal's progress and the cascade change where they are looking.

Only the first page is opened by URL; every later page is reached by clicking.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from alignment import bootstrap, db, i18n, views
from alignment.charts.structure import TREND_ARROWS
from alignment.ingest.pipeline import demo_loaded

pytestmark = pytest.mark.browser

GOAL = "DOEL-02"  # busy without value: many experiments, its measure flat


def progress_label(progress: float, trend: str | None) -> str:
    return i18n.translate("en", "value.chart_progress_label", pct=round(progress * 100),
                          trend=TREND_ARROWS.get(trend, "")).strip()


@pytest.fixture(scope="module")
def expected():
    """The goal's progress line before, its measure's target, and the line once it is reached."""
    con = db.connect(":memory:")
    today = dt.date.today()
    demo_loaded(con, bootstrap.DEMO_DIR, today)
    goal = views.goal_values(con, today).goals.set_index("goal_id").loc[GOAL]
    measure = views.goal_measures(con, today, GOAL).measures.iloc[0]
    con.close()
    reached = 1.0 - (measure["attainment"] - measure["change"])  # the change once at target
    return {"before": progress_label(goal["progress"], goal["trend"]),
            "target": measure["target"], "measure": measure["name"],
            "after": progress_label(1.0, "up" if reached >= 0.05 else "flat")}


def test_a_leader_records_a_check_in_and_sees_the_goal_and_cascade_change(
        fresh_server, page, screenshot, expected):
    page.goto(f"{fresh_server.url}/?lang=en")
    page.get_by_role("heading", name="Top breaks").wait_for()
    page.locator(".st-key-nav").get_by_text("Strategy to Gemba", exact=True).click()
    page.get_by_role("heading", name="Strategy to Gemba").first.wait_for()
    value_realised = page.get_by_role("heading", name="Value realised")
    value_realised.wait_for()
    cascade = page.get_by_test_id("stGraphVizChart")
    goal_box = cascade.locator("g.node").filter(has_text=GOAL)
    expect(goal_box).to_contain_text(expected["before"])
    screenshot(page, "value-realised.png", at=value_realised)

    # the cascade's goal box → the goal up close, with its measure and the check-in form
    cascade.get_by_text(GOAL, exact=True).click()
    close_up = page.locator(".st-key-close_up")
    close_up.wait_for()
    expect(close_up.get_by_role("heading", name="Measures and check-ins")).to_be_visible()
    expect(close_up.get_by_text("Busy without value", exact=True).first).to_be_attached()
    form = close_up.get_by_test_id("stForm")
    form.get_by_label("Value", exact=True).fill(f"{expected['target']:g}")
    form.get_by_role("button", name="Record check-in").click()
    expect(close_up.get_by_text(re.compile(r"^Check-in CI-\d{4} recorded\."))).to_be_visible()
    screenshot(page, "value-check-in-recorded.png",
               at=close_up.get_by_role("heading", name="Measures and check-ins"))

    # the goal's progress in the cascade follows: its measure reached its target
    goal_box = page.get_by_test_id("stGraphVizChart").locator("g.node").filter(has_text=GOAL)
    expect(goal_box).to_contain_text(expected["after"])
    assert expected["after"] != expected["before"]

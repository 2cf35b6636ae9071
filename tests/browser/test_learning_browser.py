"""The learning and experiments pages in a real browser: charts drawn, figures as computed.

The expected figures come from a demo database of this module's own, loaded from the same
CSVs as the server's (which the server holds open: one process per database file).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alignment import bootstrap
from alignment.scope import Scope
from tests.browser.conftest import downloaded
from tests.pages.test_learning_pages import (
    experiment_chart_count,
    experiment_figures,
    learning_chart_count,
    learning_figures,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    con = bootstrap.ready_connection(tmp_path_factory.mktemp("learning") / "demo.duckdb")
    today = dt.date.today()
    default = Scope(as_of=today)
    shared = Scope(as_of=today, period="all", value_stream="Burgerzaken")
    return {
        "learning": learning_figures(con, default),
        "learning charts": learning_chart_count(con, default),
        "learning shared": learning_figures(con, shared),
        "learning shared charts": learning_chart_count(con, shared),
        "experiments": experiment_figures(con, default),
        "experiments charts": experiment_chart_count(con, default),
    }


def metric_value(page, label: str) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text=label)
    return tile.get_by_test_id("stMetricValue").inner_text().strip()


def opened_from_the_app(page, url: str, title: str) -> None:
    """Open the app at its root and follow the navigation link to the page titled ``title``."""
    page.goto(url)
    page.locator(".st-key-nav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for()


def charts_drawn(page, count: int) -> None:
    """Wait until ``count`` Vega charts hold their drawing (an svg or a canvas)."""
    expect(page.locator(".vega-embed")).to_have_count(count)
    expect(page.locator(".vega-embed").filter(has=page.locator("svg, canvas"))).to_have_count(
        count)


def test_learning_page_draws_its_charts_and_the_computed_figures(
    demo_server, page, expected, screenshot
):
    server, _ = demo_server
    opened_from_the_app(page, server.url, "Learning flow & governance")
    charts_drawn(page, expected["learning charts"])
    # the proof view: its tiles are among the figures, its chart among the charts
    proof = page.get_by_role("heading", name="Better and more energy: the proof")
    expect(proof).to_be_visible()
    for label, value in expected["learning"].items():
        assert metric_value(page, label) == value
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "value-proof.png", at=proof)
    screenshot(page, "learning.png", whole=True)

    # a leader shares a link to exactly what they see
    page.goto(f"{server.url}/learning?period=all&stream=Burgerzaken")
    page.get_by_role("heading", name="Learning flow & governance").first.wait_for()
    charts_drawn(page, expected["learning shared charts"])
    # all time holds the demo's chain of four generations, drawn by Graphviz in the browser
    expect(page.get_by_test_id("stGraphVizChart").locator("svg").first).to_be_visible()
    for label, value in expected["learning shared"].items():
        assert metric_value(page, label) == value


def test_experiments_page_draws_its_chart_and_the_computed_figures(
    demo_server, page, expected, screenshot
):
    server, _ = demo_server
    opened_from_the_app(page, server.url, "Experiments")
    # the chart by lens, and each card's outcome bullet
    charts_drawn(page, expected["experiments charts"])
    for label, value in expected["experiments"].items():
        assert metric_value(page, label) == value
    total = int(expected["experiments"]["Experiments"].replace(",", ""))
    # the table's first page, and how many more the download holds
    page.get_by_text(f"Showing the latest 100 experiments; {total - 100:,} more are in the "
                     "download below.").wait_for()
    page.get_by_text("Learning cards").first.wait_for()
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "experiments.png", whole=True)


def test_the_filtered_experiments_download_is_written_on_click(demo_server, page, expected):
    server, _ = demo_server
    opened_from_the_app(page, server.url, "Experiments")
    total = int(expected["experiments"]["Experiments"].replace(",", ""))
    page.get_by_text("Learning cards").first.wait_for()  # the run has drawn the whole page
    button = page.get_by_role("button", name=f"Download all {total} filtered experiments")
    text = Path(downloaded(page, button)).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == total
    assert list(rows[0])[:3] == ["experiment_id", "team_id", "title"]

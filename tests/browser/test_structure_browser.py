"""Strategy, Portfolio and Teams in a real browser: diagrams and charts drawn, figures as computed,
and a shared link with filters showing exactly the filtered figures.

The expected figures come from an in-memory demo organisation loaded from the same CSVs as the
server's database (which the server holds open: one process per database file).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from alignment import bootstrap, db, queries
from alignment.ingest.pipeline import demo_loaded
from alignment.scope import scope_from_params
from tests.pages.test_structure_pages import (
    portfolio_figures,
    strategy_figures,
    teams_figures,
)

pytestmark = pytest.mark.browser

# (url path, title, figures, Vega charts, Graphviz diagrams)
PAGES = {
    "strategy": ("strategy", "Strategy to Gemba", strategy_figures, 1, 1),
    "portfolio": ("portfolio", "Portfolio", portfolio_figures, 2, 0),
    "teams": ("teams", "Teams & collaboration", teams_figures, 2, 1),
}
SHARED = {"stream": "Sociaal Domein", "period": "90d"}
SHARED_GOAL = "DOEL-03"


@pytest.fixture(scope="module")
def expected():
    """The figures of every page, by default and for the shared link, computed in-process."""
    con = db.connect(":memory:")
    today = dt.date.today()
    demo_loaded(con, bootstrap.DEMO_DIR, today)
    default, shared = scope_from_params({}, today), scope_from_params(SHARED, today)
    figures = {name: (spec[2](con, default), spec[2](con, shared))
               for name, spec in PAGES.items()}
    goal_products = queries.goal_products(con, SHARED_GOAL, shared.value_stream)
    con.close()
    return figures, goal_products


def metric_value(page, label: str) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text=label)
    return tile.get_by_test_id("stMetricValue").inner_text().strip()


def opened_from_the_app(page, url: str, title: str) -> None:
    """Open the app at its root and follow the navigation link to the page titled ``title``."""
    page.goto(url)
    page.locator(".st-key-nav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for()


TALLER_THAN_ANY_PAGE = 12_000  # px; Strategy with a goal up close is about 5,000


def drawn(page, charts: int, diagrams: int) -> None:
    """Wait until the Vega charts hold an svg or canvas and the Graphviz diagrams an svg.

    Charts below the fold are drawn once scrolled to: the window grows taller than any of
    these pages while they draw, then goes back to its size.
    """
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": TALLER_THAN_ANY_PAGE})
    vega = page.locator(".vega-embed")
    expect(vega).to_have_count(charts)
    expect(vega.filter(has=page.locator("svg, canvas"))).to_have_count(charts)
    graphviz = page.get_by_test_id("stGraphVizChart")
    expect(graphviz).to_have_count(diagrams)
    expect(graphviz.filter(has=page.locator("svg"))).to_have_count(diagrams)
    page.set_viewport_size(size)


@pytest.mark.parametrize("name", PAGES, ids=PAGES)
def test_page_draws_its_charts_and_the_computed_figures(
    demo_server, page, expected, name, screenshot
):
    server, _ = demo_server
    url_path, title, _, charts, diagrams = PAGES[name]
    default, _ = expected[0][name]
    opened_from_the_app(page, server.url, title)
    drawn(page, charts, diagrams)
    for label, value in default.items():
        assert metric_value(page, label) == value
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, f"{url_path}.png", whole=True)


@pytest.mark.parametrize("name", ["teams", "strategy"])
def test_a_shared_link_shows_the_filtered_figures(demo_server, page, expected, name):
    server, _ = demo_server
    url_path, title, _, charts, diagrams = PAGES[name]
    _, shared = expected[0][name]
    query = "stream=Sociaal%20Domein&period=90d"
    if name == "strategy":
        query += f"&goal={SHARED_GOAL}"
        charts += 1  # the goal up close draws its measure's check-ins
    page.goto(f"{server.url}/{url_path}?{query}")
    page.get_by_role("heading", name=title).first.wait_for()
    drawn(page, charts, diagrams)
    for label, value in shared.items():
        assert metric_value(page, label) == value
    if name == "strategy":
        # the goal asked for is the one chosen among the goals, and shown up close
        goals = page.get_by_role("radiogroup", name="Goal")
        expect(goals.get_by_role("radio", checked=True)).to_have_text(
            re.compile("^" + SHARED_GOAL + " "))
        assert metric_value(page, "Products serving it") == f"{len(expected[1]):,}"
    assert page.get_by_test_id("stException").count() == 0

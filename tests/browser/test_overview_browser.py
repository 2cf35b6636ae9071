"""A newcomer's first look in a real browser: the Overview shows what the metrics compute."""

from __future__ import annotations

import pytest

from alignment.sitemap import PAGES
from tests.conftest import break_label

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str:
    tile = page.get_by_test_id("stMetric").filter(has_text=label)
    return tile.get_by_test_id("stMetricValue").inner_text().strip()


def test_overview_shows_the_computed_figures(demo_server, page, screenshot):
    server, expected = demo_server
    page.goto(server.url)
    page.get_by_text("Where the chain breaks").wait_for()
    for entity, rows in expected["counts"].items():
        assert metric_value(page, entity.capitalize()) == f"{rows:,}"
    assert metric_value(page, "Chain completeness") == expected["completeness"]
    for row in expected["breaks"].itertuples(index=False):
        if row.breaks:
            page.get_by_text(f"{break_label(row.break_type)} — {row.breaks}").wait_for()
    screenshot(page, "overview.png")


@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.url_path)
def test_every_page_opens_by_its_url(demo_server, page, entry):
    server, _ = demo_server
    page.goto(f"{server.url}/{entry.url}")
    page.get_by_role("heading", name=entry.title_in("en")).first.wait_for()
    page.locator(".st-key-nav").wait_for()
    assert page.get_by_test_id("stException").count() == 0
    # a URL that is not a file name in pages/ makes a fresh session show this dialog
    assert page.get_by_text("Page not found").count() == 0

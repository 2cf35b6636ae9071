"""Tables offer the app's own download, never Streamlit's: only the app's makes cells safe."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from alignment import contract
from tests.browser.conftest import downloaded

pytestmark = pytest.mark.browser


def test_a_table_offers_the_safe_download_of_all_its_rows_and_no_other(demo_server, page):
    server, expected = demo_server
    page.goto(f"{server.url}/database")
    table = page.get_by_test_id("stDataFrame").first
    table.hover()
    toolbar = page.get_by_test_id("stElementToolbar").first
    expect(toolbar.get_by_role("button", name="Search")).to_be_visible()
    assert toolbar.get_by_role("button", name="Download as CSV").count() == 0

    goals = expected["counts"]["goals"]
    button = page.get_by_role("button", name=f"Download all {goals} rows (CSV)")
    text = Path(downloaded(page, button)).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == goals
    assert list(rows[0]) == list(contract.COLUMNS["goals"])

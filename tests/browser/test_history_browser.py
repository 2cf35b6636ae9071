"""A leader records a governance decision, then finds it in the experiment's history."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.conftest import downloaded

pytestmark = pytest.mark.browser


def chosen(page, label: str, option: str, attempts: int = 3) -> None:
    """Pick ``option`` in the select box labelled ``label`` from the keyboard: type, Enter.

    The list can close under the typing while the page is still drawing, as on a busy
    machine; a person would type again, and so does this.
    """
    box = page.get_by_role("combobox", name=label)
    for attempt in range(1, attempts + 1):
        box.click()
        box.fill(option)
        box.press("Enter")
        try:
            expect(box).to_have_value(option, timeout=10_000)
            return
        except AssertionError:
            if attempt == attempts:
                raise
            box.press("Escape")


def recorded(page, form, experiment: str, attempts: int = 3) -> None:
    """Fill the decision form and record it, until the page says it is recorded.

    A rerun that lands while the form is being filled (the page still drawing, as on a
    busy machine) can empty a choice, and the form then refuses the decision; a leader
    would pick it again and press the button again, and so does this.
    """
    for attempt in range(1, attempts + 1):
        chosen(page, "Decision", "persevere")
        chosen(page, "Decided at", "portfolio")
        form.get_by_role("textbox", name="Why (one line)").fill("Werkt, breder uitrollen")
        form.get_by_role("button", name="Record decision").click()
        try:
            page.get_by_text(f"Recorded for {experiment}: persevere").wait_for(timeout=15_000)
            return
        except PlaywrightTimeout:
            if attempt == attempts:
                raise


def test_a_recorded_decision_shows_in_the_experiments_history(fresh_server, page):
    page.goto(f"{fresh_server.url}/learning")
    form = page.get_by_test_id("stForm")
    form.wait_for()
    waiting = page.get_by_role("combobox", name="Experiment").input_value()
    experiment = waiting.split(" — ")[0]   # the longest-waiting one comes first
    recorded(page, form, experiment)

    page.goto(f"{fresh_server.url}/experiments?experiment={experiment}")
    page.get_by_role("heading", name="History of one experiment").wait_for()
    page.get_by_role("heading", name="Every logged change (5)").wait_for()
    button = page.get_by_role("button", name="Download this history (CSV)")
    text = Path(downloaded(page, button)).read_text(encoding="utf-8-sig")
    changes = {row["field"]: row for row in csv.DictReader(io.StringIO(text))}
    assert list(changes) == ["(created)", "decision", "decision_date", "decision_rationale",
                             "decision_scope"]
    assert [changes[f]["new_value"] for f in ("decision", "decision_scope", "decision_rationale")
            ] == ["persevere", "portfolio", "Werkt, breder uitrollen"]
    decided = {field: row["changed_by"] for field, row in changes.items()
               if field.startswith("decision")}
    assert set(decided.values()) == {"local admin"}     # who recorded it, not who uploaded

"""A team uploads through the real page: a bad file is explained, a good one lands everywhere."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HEADER = "experiment_id;team_id;title;hypothesis;status;lean_lens;product_id;goal_id;start_date\n"
GOOD = HEADER + ("PAS-950;BZ-PAS;Terugbelverzoek via de site;We geloven dat terugbellen "
                 "helpt;running;communication;P-REISDOC;DOEL-02;01-11-2026\n")
BAD = HEADER + ("PAS-951;BZ-PAS;Te;We geloven;gestart;flow;P-REISDOC;DOEL-02;2026-11-01\n")


def choose_file(page, name: str, text: str) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}]
    )


def test_upload_bad_then_good_file_and_see_it_on_the_overview(fresh_server, page, screenshot):
    page.goto(fresh_server.url)
    page.get_by_text("Where the chain breaks").wait_for()
    tile = page.get_by_test_id("stMetric").filter(has_text="Experiments")
    count = int(tile.get_by_test_id("stMetricValue").inner_text().replace(",", ""))

    page.goto(f"{fresh_server.url}/upload")
    choose_file(page, "bad.csv", BAD)
    page.get_by_text("nothing was written").wait_for()
    # the report table draws on a canvas; its cells are in the DOM for screen readers
    page.get_by_text("status must be one of", exact=False).first.wait_for(state="attached")
    assert page.get_by_role("button", name="Confirm upload").count() == 0
    screenshot(page, "upload-report.png")

    page.goto(f"{fresh_server.url}/upload")
    choose_file(page, "good.csv", GOOD)
    page.get_by_role("button", name="Confirm upload").click()
    page.get_by_text("Uploaded good.csv: 1 new").wait_for()

    page.goto(fresh_server.url)
    page.get_by_text("Where the chain breaks").wait_for()
    tile = page.get_by_test_id("stMetric").filter(has_text="Experiments")
    assert tile.get_by_test_id("stMetricValue").inner_text() == f"{count + 1:,}"

"""In Dutch, end to end: a team uploads with ``?lang=nl`` and reads the report in Dutch."""

from __future__ import annotations

import pytest

from tests.browser.test_upload_browser import BAD, HEADER, choose_file

pytestmark = pytest.mark.browser

DUTCH_WORDS = HEADER + ("PAS-952;BZ-PAS;Terugbellen op afspraak;We geloven dat terugbellen "
                        "helpt;Lopend;communicatie;P-REISDOC;DOEL-02;01-11-2026\n")


def test_a_dutch_upload_reports_every_problem_in_dutch(fresh_server, page, screenshot):
    page.goto(f"{fresh_server.url}/upload?lang=nl")
    page.get_by_role("heading", name="Experimenten uploaden").wait_for()
    choose_file(page, "fout.csv", BAD)
    page.get_by_text("er is niets opgeslagen").wait_for()
    # the report table draws on a canvas; its cells are in the DOM for screen readers
    for text in ("regel", "kolom", "probleem", "zo los je het op",
                 "status moet een van deze zijn", "title heeft 2 tekens",
                 "Schrijf 3 tot 120 tekens."):
        page.get_by_text(text, exact=False).first.wait_for(state="attached")
    assert page.get_by_role("button", name="Upload bevestigen").count() == 0
    # the sidebar and the upload history speak Dutch too: the screenshot shows no English
    page.get_by_text("Lokale modus", exact=False).first.wait_for()
    assert page.get_by_text("Local mode", exact=False).count() == 0
    page.get_by_text("Geüpload op").first.wait_for(state="attached")
    screenshot(page, "upload-report-nl.png")

    page.goto(f"{fresh_server.url}/upload?lang=nl")
    choose_file(page, "goed.csv", DUTCH_WORDS)
    page.get_by_role("button", name="Upload bevestigen").click()
    page.get_by_text("goed.csv geüpload: 1 nieuw").wait_for()
    assert "lang=nl" in page.url

"""A team member's journey in Dutch, in a browser set to English: open the app with ?lang=nl,
take the Dutch-Excel template, upload it untouched, confirm; then a file with an error, and the
problem report that Dutch Excel opens in columns. Dutch on every screen along the way."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from alignment.i18n import catalogue
from tests.browser.conftest import download_of
from tests.browser.test_roles_browser import HEADER, proxy_server  # noqa: F401 (a fixture)
from tests.browser.test_upload_browser import BAD

pytestmark = pytest.mark.browser

MEMBER = "mo@example.org"  # a member of BZ-PAS (see test_roles_browser.PEOPLE)
# what the journey's screens say in English: none of it may reach the Dutch reader
JOURNEY_FAMILIES = ("upload.", "sidebar.", "identity.", "page.", "section.", "report.",
                    "overview.")


def _english_texts() -> set[str]:
    """The English texts of the journey's screens (up to a first placeholder) that Dutch says
    differently."""
    english, dutch = catalogue("en"), catalogue("nl")
    texts = {english[key].split("{")[0].replace("**", "").strip(" :") for key in english
             if key.startswith(JOURNEY_FAMILIES) and english[key] != dutch[key]}
    return {text for text in texts if len(text) >= 8}


ENGLISH = _english_texts()


def english_on(page) -> list[str]:
    """The English texts on the screen now."""
    shown = page.locator("body").inner_text()
    return sorted(text for text in ENGLISH if text in shown)


IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def choose(page, name: str, data: bytes) -> None:
    page.locator(IDLE).wait_for()  # the run that replaced the last file's uploader is over
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def test_a_dutch_member_uploads_the_untouched_template_and_reads_the_report_in_excel(
        proxy_server, browser):  # noqa: F811 (the fixture imported above)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US",
                                  extra_http_headers={HEADER: MEMBER})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        # a link to the app in Dutch, opened in a browser that asks for English; from there
        # the member clicks their way, and the language goes along with every click
        page.goto(f"{proxy_server.url}/?lang=nl")
        page.get_by_role("heading", name="Overzicht").wait_for()
        page.locator(".st-key-nav").get_by_text("Experimenten uploaden", exact=True).click()
        page.get_by_role("heading", name="Experimenten uploaden").wait_for()
        assert "lang=nl" in page.url
        page.get_by_text("Je uploadt voor je team", exact=False).wait_for()
        page.get_by_text("Ingelogd als", exact=False).wait_for()
        assert english_on(page) == []

        template = download_of(
            page, page.get_by_role("button", name="Sjabloon voor Nederlandse Excel"))
        data = Path(template.path()).read_bytes()
        text = data.decode("utf-8-sig")
        assert text.startswith("experimentcode;teamcode;titel;hypothese;status;lens;")
        assert "BZ-PAS-VOORBEELD-1;BZ-PAS;" in text and ";afgerond;waarde;" in text

        choose(page, template.suggested_filename, data)
        confirm = page.get_by_role("button", name="Upload bevestigen")
        confirm.wait_for()
        assert page.get_by_text("er is niets opgeslagen", exact=False).count() == 0
        assert page.get_by_text("waarschuwing", exact=False).count() == 0
        new = page.get_by_test_id("stMetric").filter(has_text="Nieuwe rijen")
        assert new.get_by_test_id("stMetricValue").inner_text() == "2"
        # before confirming, the rows themselves as they will be stored
        page.get_by_text("2 van 2 rijen, zoals ze worden opgeslagen.").wait_for()
        assert english_on(page) == []
        confirm.click()
        page.get_by_text(f"{template.suggested_filename} geüpload: 2 nieuw").wait_for()
        assert "lang=nl" in page.url
        # and afterwards a way to the uploaded experiments, still in Dutch
        uploaded = page.get_by_role("link", name="BZ-PAS-VOORBEELD-1")
        uploaded.wait_for()
        assert "lang=nl" in uploaded.get_attribute("href")
        assert english_on(page) == []

        # the template again with a day November does not have: said so, by the file's header
        header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
        row[0] = "BZ-PAS-VOORBEELD-9"
        row[header.index("startdatum")] = "31-11-2026"
        changed = io.StringIO()
        csv.writer(changed, delimiter=";").writerows([header, row])
        choose(page, "datum.csv", changed.getvalue().encode("utf-8"))
        page.get_by_text("er is niets opgeslagen", exact=False).wait_for()
        said = download_of(
            page, page.get_by_role("button", name="Alle problemen downloaden (CSV)"))
        problems = list(csv.reader(io.StringIO(Path(said.path()).read_text(
            encoding="utf-8-sig")), delimiter=";"))
        assert ["startdatum", "31-11-2026"] in [found[1:3] for found in problems]
        assert any("31-11-2026 bestaat niet: maand 11 van 2026 heeft 30 dagen" in found[3]
                   for found in problems)

        choose(page, "fout.csv", BAD.encode("utf-8"))
        page.get_by_text("er is niets opgeslagen", exact=False).wait_for()
        assert english_on(page) == []
        report = download_of(
            page, page.get_by_role("button", name="Alle problemen downloaden (CSV)"))
        assert report.suggested_filename == "fout-problemen.csv"
        rows = list(csv.reader(io.StringIO(Path(report.path()).read_text(encoding="utf-8-sig")),
                               delimiter=";"))
        assert rows[0] == ["regel", "kolom", "waarde", "probleem", "zo los je het op", "ernst"]
        assert len(rows) >= 3 and all(len(row) == 6 for row in rows)
        assert {"status", "title"} <= {row[1] for row in rows[1:]}
    finally:
        context.close()

"""People's text in a real browser: Markdown, images, links and KaTeX in every text field are
shown as the literal text they are, and no page makes a request to any host but the app's.

A title holding an image made every reader's browser fetch an outside URL (a tracking pixel).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from alignment import db
from tests.browser.conftest import started_server, stopped
from tests.pages.test_user_text_pages import HOSTILE, hostile

pytestmark = pytest.mark.browser

# every page, by its navigation title → whether it shows people's text outside tables and
# charts (Strategy: the goal list)
PAGES = {
    "Overview": False, "Strategy to Gemba": True, "Portfolio": False,
    "Teams & collaboration": False, "Learning flow & governance": True, "Experiments": True,
    "Upload experiments": False, "Join a session": False, "Reflection session": False,
    "Coach overview": True,
    "Reference data": False, "Database": False, "People": False,
}
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# what the page's text reads as, without the invisible word joiners that break bare links
SHOWN_TEXT = "document.body.innerText.replaceAll('\\u2060', '')"
RENDERED = {
    "an image": "[data-testid='stMain'] img[src^='http']",
    "a link out": "a[href*='127.0.0.2'], a[href*='evil.example'], a[href^='mailto:']",
    "KaTeX": ".katex",
    "the Streamlit logo": "[data-testid='stMain'] img[src^='data:image/svg']",
}

@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_browser")
    path = folder / "hostile.duckdb"
    hostile(path)
    db.close_shared()  # one process per database file: the server must be able to open it
    server = started_server(path, folder / "server.log")
    yield server
    stopped(server)


def test_every_page_shows_people_s_markdown_as_text_and_asks_no_other_host(hostile_server,
                                                                          page):
    own = urlparse(hostile_server.url).netloc
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if urlparse(request.url).netloc != own else None)
    page.goto(hostile_server.url)
    for title, shows_text in PAGES.items():
        page.locator(".st-key-nav").get_by_text(title, exact=True).click()
        page.get_by_role("heading", name=title).first.wait_for()
        page.locator(IDLE).wait_for()
        if shows_text:  # a page still drawing its lower parts shows the text a moment later
            page.wait_for_function(f"(text) => {SHOWN_TEXT}.includes(text)", arg=HOSTILE)
        else:
            assert HOSTILE not in page.evaluate(SHOWN_TEXT), title
        for what, selector in RENDERED.items():
            assert page.locator(selector).count() == 0, f"{title}: {what} rendered"
        assert page.locator(".stMarkdownColoredText").filter(has_text="R").count() == 0, title
    assert outside == []

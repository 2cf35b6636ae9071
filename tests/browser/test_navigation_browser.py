"""Finding one's way: the language and the filters survive every link, the back button and a
copied link; the filters are in sight; no page asks anything of another host."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from alignment.i18n import translate
from alignment.sitemap import PAGES
from tests.browser.test_history_browser import chosen

pytestmark = pytest.mark.browser

# a Dutch reader whose browser is English, looking at one value stream over 90 days
URL_KEPT = {"lang": "nl", "period": "90d", "stream": "Burgerzaken"}
BOXES_KEPT = {"Periode": "Laatste 90 dagen", "Waardestroom": "Burgerzaken"}
NAMED = "Gefilterd — Periode: Laatste 90 dagen · Waardestroom: Burgerzaken"
FILTERED = ("strategy", "teams", "learning", "experiments", "overview")
WALK = ("strategy", "teams", "upload", "learning", "experiments", "overview")


def title(name: str, lang: str = "nl") -> str:
    return translate(lang, f"page.{name}")


def url_params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def clicked(page, name: str, lang: str = "nl") -> None:
    """Follow the sidebar's link to the page ``name`` and wait for its heading."""
    page.locator(".st-key-nav").get_by_text(title(name, lang), exact=True).click()
    page.get_by_role("heading", name=title(name, lang)).first.wait_for()


def looks_as_chosen(page, name: str) -> None:
    """The page in Dutch with the chosen filters, in its URL and, where it has them, its boxes."""
    expect(page.get_by_role("heading", name=title(name)).first).to_be_visible()
    expect(page.get_by_text("Lokale modus", exact=False).first).to_be_visible()
    assert URL_KEPT.items() <= url_params(page).items(), page.url
    if name in FILTERED:
        for label, value in BOXES_KEPT.items():
            expect(page.get_by_role("combobox", name=label)).to_have_value(value)
        expect(page.get_by_text(NAMED)).to_be_visible()


@pytest.fixture
def english_browser(browser):
    """A browser whose language is English, at the size the journeys were tried at."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    yield context
    context.close()


def test_language_and_filters_survive_links_the_back_button_and_a_copied_link(
    demo_server, english_browser
):
    server, _ = demo_server
    page = english_browser.new_page()
    page.goto(f"{server.url}/?lang=nl")
    page.get_by_role("heading", name=title("overview")).wait_for()
    for label, value in BOXES_KEPT.items():
        chosen(page, label, value)
    expect(page).to_have_url(re.compile(r"period=90d"))
    expect(page).to_have_url(re.compile(r"stream=Burgerzaken"))
    looks_as_chosen(page, "overview")

    for name in WALK:
        clicked(page, name)
        looks_as_chosen(page, name)

    for name in reversed(WALK[:-1]):  # back through every page walked
        page.go_back()
        looks_as_chosen(page, name)

    copied = english_browser.new_page()  # someone else opens the link from the address bar
    copied.goto(page.url)
    looks_as_chosen(copied, "strategy")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_filters_are_in_sight_without_scrolling(demo_server, page, lang):
    server, _ = demo_server
    page.goto(f"{server.url}/teams?lang={lang}")
    page.get_by_role("heading", name=title("teams", lang)).wait_for()
    for label in ("sidebar.language", "sidebar.period", "sidebar.value_stream", "sidebar.team"):
        box = page.get_by_role("combobox", name=translate(lang, label))
        expect(box).to_be_in_viewport(ratio=1)


def test_no_page_asks_anything_of_another_host(demo_server, page):
    server, _ = demo_server
    own = urlsplit(server.url).netloc
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.url)
    page.get_by_role("heading", name=title("overview", "en")).wait_for()
    for entry in PAGES:  # every page, clicked as a person does
        name = entry.key.removeprefix("page.")
        clicked(page, name, "en")
        page.wait_for_load_state("networkidle")
        # the tab's icon too: a headless browser need not fetch it, a person's browser does
        for icon in page.locator("link[rel~='icon']").all():
            href = icon.get_attribute("href") or ""
            assert href.startswith("data:") or urlsplit(href).netloc in ("", own), href
    outside = sorted({url for url in asked
                      if urlsplit(url).scheme in ("http", "https", "ws", "wss")
                      and urlsplit(url).netloc != own})
    assert outside == []
    assert len(asked) > len(PAGES)  # the listener did hear the app's own requests

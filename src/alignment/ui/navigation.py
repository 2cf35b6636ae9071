"""Navigation over the page registry (``alignment.sitemap``): the sections a person sees, and
what every link between pages carries on."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from alignment.access import Person
from alignment.i18n import translate
from alignment.scope import SCOPE_PARAMS
from alignment.sitemap import PAGES, SECTIONS, Page
from alignment.ui.i18n import LANG_PARAM

# A link drops every URL parameter it is not given: these are the ones that hold for the whole
# app (the language, the filters) and so go along with every st.page_link and st.switch_page.
CARRIED_PARAMS = (LANG_PARAM, *SCOPE_PARAMS)


def carried_params() -> dict[str, str]:
    """The language and filters in this run's URL, for the ``query_params`` of every link."""
    return {key: st.query_params[key] for key in CARRIED_PARAMS if st.query_params.get(key)}


def section_title(section: str, lang: str) -> str:
    """A navigation section's name in ``lang``."""
    return translate(lang, f"section.{section.lower()}")


def pages_by_section(person: Person | None = None) -> dict[str, list[Page]]:
    """Registered pages grouped by section, sections in their fixed order, empty ones left out.

    Given a ``person``, only the pages their role may open.
    """
    grouped = {
        section: [p for p in PAGES
                  if p.section == section and (person is None or person.role in p.roles)]
        for section in SECTIONS
    }
    return {section: pages for section, pages in grouped.items() if pages}


def same_page_href(**params: str) -> str:
    """A relative link to this page with the carried parameters and ``params`` (``?goal=…``)."""
    return "?" + urlencode({**carried_params(), **params})


def page_url(page: Page, **params: str) -> str:
    """The address of ``page`` with ``params``, keeping the language and the filters: for a
    link in a table, which ``st.page_link`` cannot draw."""
    return f"/{page.url}?{urlencode({**carried_params(), **params})}"


def page_urls(page: Page, key: str, values) -> list[str]:
    """``page_url`` of ``page`` for each of ``values`` as the parameter ``key``: the carried
    parameters read once, for a table's links."""
    carried = carried_params()
    return [f"/{page.url}?{urlencode({**carried, key: value})}" for value in values]

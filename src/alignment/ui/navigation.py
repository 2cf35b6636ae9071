"""The page registry: every file in ``pages/`` appears here once, in its section; and what
every link between pages carries on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from alignment.access import Person, may_open
from alignment.i18n import translate
from alignment.scope import SCOPE_PARAMS
from alignment.ui.i18n import LANG_PARAM

# A link drops every URL parameter it is not given: these are the ones that hold for the whole
# app (the language, the filters) and so go along with every st.page_link and st.switch_page.
CARRIED_PARAMS = (LANG_PARAM, *SCOPE_PARAMS)


def carried_params() -> dict[str, str]:
    """The language and filters in this run's URL, for the ``query_params`` of every link."""
    return {key: st.query_params[key] for key in CARRIED_PARAMS if st.query_params.get(key)}


@dataclass(frozen=True)
class PageEntry:
    """One page of the app as navigation shows it."""

    section: str
    path: str
    icon: str

    @property
    def key(self) -> str:
        """The catalogue key of the page's title: ``page.<file name>``."""
        return f"page.{Path(self.path).stem}"

    @property
    def title(self) -> str:
        """The page's title in English."""
        return self.title_in("en")

    def title_in(self, lang: str) -> str:
        """The page's title in ``lang``."""
        return translate(lang, self.key)

    @property
    def url_path(self) -> str:
        """The page's URL: its file name. Streamlit also discovers ``pages/`` by file name, and
        a fresh browser session opened at any other URL shows a "Page not found" dialog."""
        return Path(self.path).stem

    @property
    def is_default(self) -> bool:
        """Whether this is the page served at the app's root URL."""
        return self.path == DEFAULT_PAGE

    @property
    def url(self) -> str:
        """The path a browser opens: the root for the default page, else ``url_path``."""
        return "" if self.is_default else self.url_path


DEFAULT_PAGE = "pages/overview.py"


SECTIONS = ("Leaders", "Teams", "Coaches", "Data")

PAGES: tuple[PageEntry, ...] = (
    PageEntry("Leaders", "pages/overview.py", ":material/hub:"),
    PageEntry("Leaders", "pages/strategy.py", ":material/account_tree:"),
    PageEntry("Leaders", "pages/portfolio.py", ":material/balance:"),
    PageEntry("Leaders", "pages/teams.py", ":material/groups:"),
    PageEntry("Leaders", "pages/learning.py", ":material/conversion_path:"),
    PageEntry("Leaders", "pages/experiments.py", ":material/science:"),
    PageEntry("Teams", "pages/upload.py", ":material/upload_file:"),
    PageEntry("Teams", "pages/join.py", ":material/cast:"),
    PageEntry("Coaches", "pages/session.py", ":material/forum:"),
    PageEntry("Coaches", "pages/coach_overview.py", ":material/diversity_3:"),
    PageEntry("Data", "pages/reference_data.py", ":material/account_tree:"),
    PageEntry("Data", "pages/database.py", ":material/table:"),
    PageEntry("Data", "pages/people.py", ":material/manage_accounts:"),
)


def section_title(section: str, lang: str) -> str:
    """A navigation section's name in ``lang``."""
    return translate(lang, f"section.{section.lower()}")


def pages_by_section(person: Person | None = None) -> dict[str, list[PageEntry]]:
    """Registered pages grouped by section, sections in their fixed order, empty ones left out.

    Given a ``person``, only the pages their role may open.
    """
    grouped = {
        section: [p for p in PAGES
                  if p.section == section and (person is None or may_open(person, p.path))]
        for section in SECTIONS
    }
    return {section: pages for section, pages in grouped.items() if pages}


def same_page_href(**params: str) -> str:
    """A relative link to this page with the carried parameters and ``params`` (``?goal=…``)."""
    return "?" + urlencode({**carried_params(), **params})


def page_url(page: str, **params: str) -> str:
    """The address of ``page`` (its file in ``pages/``) with ``params``, keeping the language
    and the filters: for a link in a table, which ``st.page_link`` cannot draw."""
    entry = next(p for p in PAGES if p.path == page)
    return f"/{entry.url}?{urlencode({**carried_params(), **params})}"

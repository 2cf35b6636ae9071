"""The page registry: every file in ``pages/`` appears here once, in its section."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alignment.access import Person, may_open


@dataclass(frozen=True)
class PageEntry:
    """One page of the app as navigation shows it."""

    section: str
    path: str
    title: str
    icon: str

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
    PageEntry("Leaders", "pages/overview.py", "Overview", ":material/hub:"),
    PageEntry("Leaders", "pages/strategy.py", "Strategy to Gemba", ":material/account_tree:"),
    PageEntry("Leaders", "pages/portfolio.py", "Portfolio", ":material/balance:"),
    PageEntry("Leaders", "pages/teams.py", "Teams & collaboration", ":material/groups:"),
    PageEntry("Leaders", "pages/learning.py", "Learning flow & governance",
              ":material/conversion_path:"),
    PageEntry("Leaders", "pages/experiments.py", "Experiments", ":material/science:"),
    PageEntry("Teams", "pages/upload.py", "Upload experiments", ":material/upload_file:"),
    PageEntry("Coaches", "pages/session.py", "Reflection session", ":material/forum:"),
    PageEntry("Coaches", "pages/coach_overview.py", "Coach overview", ":material/diversity_3:"),
    PageEntry("Data", "pages/reference_data.py", "Reference data", ":material/account_tree:"),
    PageEntry("Data", "pages/database.py", "Database", ":material/table:"),
    PageEntry("Data", "pages/people.py", "People", ":material/manage_accounts:"),
)


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

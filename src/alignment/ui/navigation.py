"""The page registry: every file in ``pages/`` appears here once, in its section."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page of the app as navigation shows it."""

    section: str
    path: str
    title: str
    icon: str
    url_path: str


SECTIONS = ("Leaders", "Teams", "Coaches", "Data")

PAGES: tuple[PageEntry, ...] = (
    PageEntry("Leaders", "pages/overview.py", "Overview", ":material/hub:", "overview"),
    PageEntry("Teams", "pages/upload.py", "Upload experiments", ":material/upload_file:",
              "upload"),
    PageEntry("Data", "pages/reference_data.py", "Reference data", ":material/account_tree:",
              "reference-data"),
    PageEntry("Data", "pages/database.py", "Database", ":material/table:", "database"),
)


def pages_by_section() -> dict[str, list[PageEntry]]:
    """Registered pages grouped by section, sections in their fixed order, empty ones left out."""
    grouped = {section: [p for p in PAGES if p.section == section] for section in SECTIONS}
    return {section: pages for section, pages in grouped.items() if pages}

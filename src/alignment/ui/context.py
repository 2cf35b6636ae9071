"""What every page sets up for itself: the connection, who is looking, and the sidebar.

A page opened first by URL on a fresh server runs without ``app.py``, so each page
calls ``page_context(__file__)`` at its top instead of relying on the entry script: that
call also refuses the page to a role that may not open it.

The sidebar reads top-down: the language and the filters (what the page shows), then the
pages, then who is in and which database this is.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from alignment import access, bootstrap, db, sitemap
from alignment.access import Person
from alignment.db import Database
from alignment.i18n import datetime_text
from alignment.scope import Scope
from alignment.ui.cached import CachedReads, cached_reads, chart_spec
from alignment.ui.filters import sidebar_scope
from alignment.ui.i18n import current_language, language_choice, t
from alignment.ui.identity import identity_sidebar, refused_page, signed_in_person
from alignment.ui.navigation import carried_params, pages_by_section, section_title

# The browser tab's icon, shipped with the app: a ":material/…" icon would make the browser
# fetch it from an outside font server on every page.
APP_ICON = Path(__file__).resolve().parents[1] / "icon.svg"
# Set, every script run (a page's, or a fragment's on its own) writes one line "run <what>" to
# the server's standard error: how the tests count what an open page costs the server.
RUN_LOG_ENV = "ALIGNMENT_LOG_RUNS"


def run_counted(what: str) -> None:
    """Say on the server's standard error that ``what`` ran, when ``RUN_LOG_ENV`` is set."""
    if os.environ.get(RUN_LOG_ENV):
        print(f"run {what}", file=sys.stderr, flush=True)


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> Database:
    return bootstrap.ready_connection(path)


@dataclass(frozen=True, kw_only=True)
class PageContext(CachedReads):
    """The connection a page works with and the data versions of this run (every read goes
    through ``ctx.cached``), the day it reports on, and who is looking; for a page with
    filters, the scope they choose."""

    today: dt.date
    person: Person
    lang: str = "en"
    scope: Scope | None = None

    def chart(self, build, *args, **kwargs) -> None:
        """The chart ``build(*args)`` (an Altair builder of ``alignment.charts``), drawn in
        the page's language from a spec cached on its data.

        ``kwargs`` go to ``st.vega_lite_chart`` (e.g. ``width="stretch"``).
        """
        st.vega_lite_chart(chart_spec(self.lang, build, *args), **kwargs)


def connection() -> Database:
    """The app's shared database (a DuckDB file created with the demo on first run, or
    PostgreSQL)."""
    return _opened(db.database_target())


def _opened(path: str) -> Database:
    """The cached connection, with a spinner while the first run creates the database; the
    page stops with a message when another server has the database file open."""
    try:
        with st.spinner(t("app.opening_database")):
            return _connection(path)
    except db.DatabaseInUse:
        st.error(t("app.database_in_use"))
        st.stop()
    except db.Unavailable:
        # not cached: the next run (a reload) connects again once the database is back
        st.error(t("failure.unavailable"), icon=":material/error:")
        st.stop()


def page_links(person: Person) -> None:
    """The sidebar navigation: the pages this person's role may open, by section, each link
    keeping the language and the filters."""
    lang = current_language()
    with st.sidebar.container(key="nav"):
        for section, pages in pages_by_section(person).items():
            st.caption(section_title(section, lang))
            for entry in pages:
                st.page_link(entry.path, label=entry.title_in(lang), icon=entry.icon,
                             query_params=carried_params())


def page_context(page_path: str, filters: bool = False) -> PageContext:
    """The page's connection and person, with the sidebar showing the database and who is in.

    ``page_path`` is the page's own file (``__file__``): a role that may not open it sees a
    refusal and the page stops here. ``filters`` puts the period, value stream and team at the
    top of the sidebar; ``ctx.scope`` is what they choose.
    """
    st.set_page_config(page_icon=APP_ICON, layout="wide")
    run_counted(sitemap.page_key(page_path))
    path = db.database_target()
    # the versions are read once per run, in one query: every cached read of the run is keyed
    # on those of its topics
    reads = cached_reads(_opened(path))
    person = signed_in_person(reads)
    lang = language_choice()
    today = dt.date.today()
    allowed = sitemap.may_open(person, page_path)
    # before the links: they carry the filters on as this run has chosen them
    scope = sidebar_scope(reads, today) if filters and allowed else None
    page_links(person)
    identity_sidebar(person)
    if not allowed:
        refused_page(person)
        st.stop()
    changed = reads.versions.changed_at
    with st.sidebar:
        # the server's folders are an admin's business: others see only the file's name
        st.caption(t("sidebar.database", path=db.shown_name(path)),
                   help=path if person.role == access.ADMIN and not db.is_url(path) else None)
        st.caption(t("sidebar.last_changed", when=datetime_text(current_language(), changed))
                   if changed else t("sidebar.never_changed"))
    return PageContext(con=reads.con, versions=reads.versions, today=today, person=person,
                       lang=lang, scope=scope)

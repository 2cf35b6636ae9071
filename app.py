"""Alignment: where strategy, products and teams' experiments connect, and where they break."""

import streamlit as st

from alignment.ui.cached import cached_reads
from alignment.ui.context import APP_ICON, connection
from alignment.ui.failures import failures_said
from alignment.ui.i18n import current_language
from alignment.ui.identity import signed_in_person
from alignment.ui.navigation import pages_by_section, section_title

st.set_page_config(page_title="Alignment", page_icon=APP_ICON, layout="wide")

# nobody gets further without signing in; both calls say an unreachable database themselves
signed_in_person(cached_reads(connection()))
lang = current_language()

navigation = st.navigation(
    {
        section_title(section, lang): [
            # no icon: a page's icon would become the browser tab's, fetched from a font
            # server; the tab shows the app's own icon and the sidebar links draw theirs
            st.Page(p.path, title=p.title_in(lang), icon="", url_path=p.url_path,
                    default=p.is_default)
            for p in pages
        ]
        for section, pages in pages_by_section().items()
    },
    # Every page is registered, so a page's own address always reaches the page, which
    # refuses a role that may not open it ("Not for your role"); left out, the address would
    # silently show the default page instead. The links a person sees are drawn by each page
    # for their role (ui/context.py), also when its URL was opened first and this script did
    # not run.
    position="hidden",
)
with failures_said():  # a database failure is said with what to do, never as a traceback
    navigation.run()

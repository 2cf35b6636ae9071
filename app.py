"""Alignment: where strategy, products and teams' experiments connect, and where they break."""

import streamlit as st

from alignment.ui.context import APP_ICON, connection
from alignment.ui.failures import failures_said
from alignment.ui.i18n import current_language
from alignment.ui.identity import signed_in_person
from alignment.ui.navigation import pages_by_section, section_title

st.set_page_config(page_title="Alignment", page_icon=APP_ICON, layout="wide")

# navigation lists only what this person may open; each page checks the role again itself
person = signed_in_person(connection())  # both say an unreachable database themselves
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
        for section, pages in pages_by_section(person).items()
    },
    # every page draws the same role-filtered links itself (ui/context.py), also when its
    # URL was opened first and this script did not run
    position="hidden",
)
with failures_said():  # a database failure is said with what to do, never as a traceback
    navigation.run()

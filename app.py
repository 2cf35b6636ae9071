"""Alignment: where strategy, products and teams' experiments connect, and where they break."""

import streamlit as st

from alignment.ui.navigation import pages_by_section

st.set_page_config(page_title="Alignment", page_icon=":material/hub:", layout="wide")

navigation = st.navigation(
    {
        section: [
            st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path,
                    default=p.is_default)
            for p in pages
        ]
        for section, pages in pages_by_section().items()
    }
)
navigation.run()

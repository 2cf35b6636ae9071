"""Links between the leader pages that keep what the reader chose: language and filters."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

# What the URL holds about the reader's view: a link that dropped it would show another view.
KEPT_PARAMS = ("lang", "period", "stream", "team")


def kept_params() -> dict[str, str]:
    """The language and filters of this run's URL, to be carried by every link it draws."""
    return {name: st.query_params[name] for name in KEPT_PARAMS if name in st.query_params}


def same_page_href(**params: str) -> str:
    """A relative link to this page with the kept parameters and ``params`` (``?goal=…``)."""
    return "?" + urlencode({**kept_params(), **params})

"""Links to the page being read that keep what the reader chose: language and filters."""

from __future__ import annotations

from urllib.parse import urlencode

from alignment.ui.navigation import carried_params


def same_page_href(**params: str) -> str:
    """A relative link to this page with the carried parameters and ``params`` (``?goal=…``)."""
    return "?" + urlencode({**carried_params(), **params})

"""Every link keeps the language and the filters, and the page names the filters it shows."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from alignment.ui.navigation import PAGES

# what a Dutch leader looking at one team over half a year has in the URL
SHARED = {"lang": "nl", "period": "6m", "stream": "Burgerzaken", "team": "BZ-KCC"}


def link_params(link) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}


@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.url_path)
def test_every_link_on_every_page_carries_the_language_and_the_filters(app, entry):
    at = app(entry.path, **SHARED)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.page_link) >= len(PAGES)  # the sidebar's, and any in the page
    for link in at.page_link:
        assert link_params(link) == SHARED, link.value
    # and the page's own URL, to copy, still holds them (beside what the page adds, e.g. a goal)
    assert SHARED.items() <= at.query_params.items()


@pytest.mark.parametrize(("query", "words"), [
    ({}, None),
    ({"stream": "Sociaal Domein"}, "Filtered — Value stream: Sociaal Domein"),
    ({"lang": "nl", "period": "90d", "team": "BZ-KCC"},
     "Gefilterd — Periode: Laatste 90 dagen · Team: Team Klantcontact (BZ-KCC)"),
])
def test_the_page_names_the_filters_it_is_looking_through(app, query, words):
    at = app("pages/teams.py", **query)
    named = [c.value for c in at.main.caption if c.value.startswith(("Filtered", "Gefilterd"))]
    assert named == ([words] if words else [])

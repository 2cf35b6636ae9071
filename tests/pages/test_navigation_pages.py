"""Every link keeps the language and the filters; a key figure's name shows one number for one
set of filters, whichever page shows it, and each Overview tile says what it counts over."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from alignment import i18n, kpis
from alignment.sitemap import PAGES

# what a Dutch leader looking at one team over half a year has in the URL
SHARED = {"lang": "nl", "period": "6m", "stream": "Burgerzaken", "team": "BZ-KCC"}


def link_params(link) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}


@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.url_path)
def test_every_link_on_every_page_carries_the_language_and_the_filters(app, entry):
    at = app(entry.path, **SHARED)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.page_link) >= len(PAGES)  # the sidebar's, and any in the page
    for link in at.page_link:  # a link may add what it is about (a break, an experiment)
        assert SHARED.items() <= link_params(link).items(), link.value
    # and the page's own URL, to copy, still holds them (beside what the page adds, e.g. a goal)
    assert SHARED.items() <= at.query_params.items()


TABLE_QUERY = {"lang": "nl", "period": "all", "stream": "Burgerzaken"}


@pytest.mark.parametrize(("page", "column", "own"), [
    ("pages/learning.py", "history", "experiment"),
    ("pages/experiments.py", "history", "experiment"),
    ("pages/coach_overview.py", "session_page", "team"),
])
def test_every_link_in_a_table_carries_the_language_and_the_filters(app, page, column, own):
    at = app(page, **TABLE_QUERY)
    links = [link for table in at.dataframe if column in table.value.columns
             for link in table.value[column]]
    assert links
    for link in links:
        params = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        assert params.pop(own)
        assert params == TABLE_QUERY, link


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


FILTERS = [
    {},
    {"period": "90d"},
    {"period": "6m", "stream": "Sociaal Domein"},
    {"period": "all", "stream": "Burgerzaken", "team": "BZ-KCC"},
    {"period": "18m", "team": "RW-BTR"},
]
OTHER_PAGES = ["pages/teams.py", "pages/learning.py", "pages/coach_overview.py"]


@pytest.mark.parametrize("query", FILTERS, ids=str)
def test_a_key_figure_shows_the_same_number_on_every_page_for_the_same_filters(app, query):
    overview = {m.label: m.value for m in app("pages/overview.py", **query).metric}
    compared = 0
    for page in OTHER_PAGES:
        for metric in app(page, **query).metric:
            if metric.label in overview:
                assert metric.value == overview[metric.label], (page, metric.label)
                compared += 1
    assert compared >= 3  # collaboration index, learning debt, spread factor at least


def test_chain_completeness_is_the_whole_organisation_s_and_its_tile_says_so(app):
    label = i18n.translate("en", "kpi.chain_completeness")
    shown = set()
    for query in FILTERS:
        at = app("pages/overview.py", **query)
        shown.add(next(m.value for m in at.metric if m.label == label))
        assert (f"Last 90 days, whatever the period filter · "
                f"{i18n.translate('en', 'kpi.unfiltered')}") in [c.value for c in at.caption]
    assert len(shown) == 1


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_tile_says_its_window_and_the_filters_it_follows(app, lang):
    at = app("pages/overview.py", lang=lang, period="6m", stream="Burgerzaken")
    captions = [c.value for c in at.caption]
    for key, *_, window, filtered in kpis.KPI_SPECS:
        period = i18n.translate(lang, "period.6m" if window == kpis.PERIOD else f"period.{window}")
        said = i18n.translate(lang, "kpi.window_period" if window == kpis.PERIOD
                              else "kpi.window_fixed", period=period)
        follows = i18n.translate(lang, "kpi.filtered" if filtered else "kpi.unfiltered")
        assert f"{said} · {follows}" in captions, key

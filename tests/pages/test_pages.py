"""Every registered page renders on the demo data, and shows the figures the metrics compute."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import bootstrap, contract, kpis, metrics, queries, views
from alignment.i18n import translate
from alignment.scope import Scope, scope_from_params
from alignment.sitemap import PAGES
from alignment.ui.widgets import percent
from tests.conftest import break_label


@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.url_path)
def test_every_page_renders_without_exception(app, entry):
    at = app(entry.path)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == entry.title_in("en")


def test_overview_figures_equal_the_metrics(app, demo_db):
    at = app("pages/overview.py")
    con = bootstrap.ready_connection(demo_db)
    chain = queries.goal_chain(con, dt.date.today())
    breaks = metrics.chain_breaks(chain, queries.product_links(con), queries.team_links(con),
                                  queries.experiment_link_gaps(con),
                                  value_gaps=views.value_gaps(con, dt.date.today()))
    shown = {m.label: m for m in at.metric}
    for entity, rows in queries.entity_counts(con).itertuples(index=False):
        assert shown[entity.capitalize()].value == f"{rows:,}"
    figures = kpis.overview_kpis(con, Scope(as_of=dt.date.today()))
    labels = [translate("en", k.key) for k in figures]
    assert labels == [m.label for m in at.metric][:len(figures)]
    for label, kpi in zip(labels, figures, strict=True):
        assert shown[label].value == kpis.shown(kpi.value, kpi.unit)
    assert shown["Chain completeness"].value == percent(metrics.chain_completeness(chain))
    labels = {e.label for e in at.expander}
    for row in metrics.break_counts(breaks).itertuples(index=False):
        label = f"{break_label(row.break_type)} — {row.breaks}"
        assert (label in labels) == (row.breaks > 0)


@pytest.mark.parametrize(
    ("query", "expected_team"),
    [({}, None), ({"team": "BZ-KCC", "period": "90d"}, "BZ-KCC")],
)
def test_overview_tiles_follow_the_shared_url(app, demo_db, query, expected_team):
    at = app("pages/overview.py", **query)
    con = bootstrap.ready_connection(demo_db)
    scope = scope_from_params(query, dt.date.today())
    assert scope.team_id == expected_team
    shown = {m.label: m.value for m in at.metric}
    for kpi in kpis.overview_kpis(con, scope):
        assert shown[translate("en", kpi.key)] == kpis.shown(kpi.value, kpi.unit)


def test_database_page_shows_the_chosen_table(app):
    at = app("pages/database.py")
    at.selectbox(key="table").select("teams").run()
    assert not at.exception
    assert "team_id" in at.dataframe[0].value.columns


@pytest.fixture
def empty_app(tmp_path, monkeypatch, request):
    """The app on a real organisation's first start: the demo switched off, so the first page
    opened makes a new database with the schema and no rows at all."""
    from alignment import db
    from tests.pages.conftest import opened

    path = tmp_path / "empty.duckdb"
    monkeypatch.delenv(db.URL_ENV_VAR, raising=False)
    monkeypatch.setenv(db.ENV_VAR, str(path))
    monkeypatch.setenv(bootstrap.DEMO_ENV_VAR, "off")
    request.addfinalizer(lambda: db.close_shared(path))
    return opened


@pytest.mark.parametrize("entry", PAGES, ids=lambda p: p.url_path)
def test_every_page_guides_a_new_organisation_without_error(empty_app, entry):
    at = empty_app(entry.path)
    assert not at.exception, [e.value for e in at.exception]
    con = bootstrap.ready_connection()
    assert {queries.table_size(con, kind) for kind in contract.LOAD_ORDER} == {0}
    assert at.title[0].value == entry.title_in("en")


@pytest.mark.parametrize(("listed", "rows", "caption"), [
    (200, 7, None),
    (3, 3, "Showing the first 3 of 7; the download holds them all."),
], ids=["all seven orphans listed", "a long list is cut, the download keeps it whole"])
def test_long_break_lists_are_cut_on_screen(app, monkeypatch, listed, rows, caption):
    monkeypatch.setattr(views, "BREAKS_LISTED", listed)
    at = app("pages/overview.py")
    [orphans] = [e for e in at.expander if e.label.startswith("Orphan experiment")]
    assert not orphans.dataframe  # a closed list is not even computed
    at.session_state["breaks_orphan_experiment"] = True  # the leader opens it
    [orphans] = [e for e in at.run().expander if e.label.startswith("Orphan experiment")]
    assert len(orphans.dataframe[0].value) == rows
    assert [c.value for c in orphans.caption][1:] == ([caption] if caption else [])

"""The Strategy, Portfolio and Teams pages on the demo data: the figures on screen are the ones
the metric functions compute for the same scope, and the URL's filters really filter."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db, metrics, queries, views
from alignment.scope import Scope, scope_from_params
from alignment.ui.widgets import percent
from tests.conftest import break_label, stored
from tests.pages.conftest import ROOT
from tests.test_metrics_structure import base_org


def shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def diagrams(at) -> list[str]:
    """The DOT text of every Graphviz chart on the page."""
    return [element.proto.spec for element in at.get("graphviz_chart")]


def vega_charts(at) -> list:
    return at.get("vega_lite_chart")


def scope_of(**params) -> Scope:
    return scope_from_params(params, dt.date.today())


def strategy_figures(con, scope: Scope) -> dict[str, str]:
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    goals, products = queries.cascade_goals(*view), queries.cascade_products(*view)
    work = queries.cascade_team_work(*view)
    gaps = queries.experiment_link_gaps(con)
    breaks = metrics.breaks_in_view(
        metrics.chain_breaks(queries.goal_chain(con, scope.as_of), queries.product_links(con),
                             queries.team_links(con), gaps,
                             value_gaps=views.value_gaps(con, scope.as_of)),
        gaps, goals["goal_id"], products["product_id"], work["team_id"])
    counts = metrics.break_counts(breaks)
    per_type = dict(zip(counts["break_type"], counts["breaks"], strict=True))
    return {
        "Goals in view": f"{len(goals):,}",
        "Goals without product": f"{per_type['goal_without_product']:,}",
        "Products without owner": f"{per_type['product_without_owner']:,}",
        "Experiments off the chain":
            f"{per_type['orphan_experiment'] + per_type['misaligned_experiment']:,}",
    }


def portfolio_figures(con, scope: Scope) -> dict[str, str]:
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    balance = metrics.portfolio_balance(queries.product_balance(*view))
    signals = metrics.signal_counts(balance)
    return {
        "Products in view": f"{len(balance):,}",
        "Products thrashing": f"{signals['thrash']:,}",
        "Products stagnating": f"{signals['stagnation']:,}",
        "Lens coverage": percent(metrics.lens_coverage(queries.lens_counts(*view))),
    }


def teams_figures(con, scope: Scope) -> dict[str, str]:
    view = (con, scope.start, scope.as_of, scope.value_stream, scope.team_id)
    teams = queries.team_collaboration(*view)
    return {
        "Collaboration index": percent(
            metrics.collaboration_index(queries.collaboration_counts(*view))),
        "Team pairs working together": f"{len(queries.team_network_edges(*view)):,}",
        "Isolated teams": f"{len(metrics.isolated_teams(teams)):,}",
        "Teams in view": f"{len(teams):,}",
    }


FIGURES = {
    "strategy": ("pages/strategy.py", strategy_figures),
    "portfolio": ("pages/portfolio.py", portfolio_figures),
    "teams": ("pages/teams.py", teams_figures),
}
PARAMS = {
    "defaults": {},
    "a value stream over 90 days": {"stream": "Sociaal Domein", "period": "90d"},
    "one team over 6 months": {"team": "BV-LAB", "period": "6m"},
    "all time": {"period": "all"},
}


@pytest.mark.parametrize("params", PARAMS.values(), ids=PARAMS.keys())
@pytest.mark.parametrize(("page", "figures"), FIGURES.values(), ids=FIGURES.keys())
def test_figures_on_screen_equal_the_metrics(app, demo_db, page, figures, params):
    at = app(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    expected = figures(bootstrap.ready_connection(demo_db), scope_of(**params))
    assert {label: shown(at)[label] for label in expected} == expected


def test_the_filters_change_the_figures(app, demo_db):
    # the same page with and without a value stream must not show the same network
    everything = shown(app("pages/teams.py", period="90d"))
    one_stream = shown(app("pages/teams.py", period="90d", stream="Burgerzaken"))
    assert everything["Teams in view"] != one_stream["Teams in view"]


def test_strategy_draws_the_cascade_and_the_matrix(app):
    at = app("pages/strategy.py")
    [dot] = diagrams(at)
    assert dot.startswith("digraph cascade {")
    assert "no product" in dot  # the demo has goals no product serves
    assert 'style=dashed' in dot
    assert len(vega_charts(at)) == 1
    assert {b.label for b in at.get("download_button")} >= {"Download data (CSV)"}


@pytest.fixture
def uncached():
    """Page caches emptied before and after: the test changes what a page would compute."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.mark.parametrize(("page", "limit", "most", "drawn"), [
    ("pages/strategy.py", "CASCADE_MAX_NODES", views.CASCADE_MAX_NODES, True),
    ("pages/strategy.py", "CASCADE_MAX_NODES", 5, False),
    ("pages/teams.py", "NETWORK_MAX_EDGES", views.NETWORK_MAX_EDGES, True),
    ("pages/teams.py", "NETWORK_MAX_EDGES", 2, False),
], ids=["the demo's cascade is drawn", "too many boxes: narrow the view",
        "the demo's network is drawn", "too many pairs: narrow the view"])
def test_a_graph_too_big_to_read_is_offered_as_a_table(app, monkeypatch, uncached, page, limit,
                                                       most, drawn):
    monkeypatch.setattr(views, limit, most)
    at = app(page)
    assert bool(diagrams(at)) is drawn
    assert any("too many to draw" in i.value for i in at.info) is not drawn


def test_the_links_of_a_cascade_too_big_to_draw_equal_those_of_the_drawn_one(demo_db):
    con = bootstrap.ready_connection(demo_db)
    scope = Scope(as_of=dt.date.today(), period="all")
    drawn = views.cascade(con, scope, "en")
    assert drawn.dot is not None
    pd.testing.assert_frame_equal(views.cascade_links(con, scope, "en"), drawn.edge_table)


def test_the_goal_in_the_url_drills_into_its_products(app, demo_db):
    at = app("pages/strategy.py", goal="DOEL-03")
    assert at.button_group(key="goal").value == "DOEL-03"
    con = bootstrap.ready_connection(demo_db)
    scope = scope_of()
    products = queries.goal_products(con, "DOEL-03")
    experiments = queries.goal_experiments(con, "DOEL-03", scope.start, scope.as_of)
    assert shown(at)["Products serving it"] == f"{len(products):,}"
    assert shown(at)["Experiments on it"] == f"{len(experiments):,}"
    tables = [df.value for df in at.dataframe]
    product_table = next(t for t in tables if "owner_teams" in t.columns)
    assert set(product_table["name"]) == set(products["name"])
    assert "product_id" not in product_table.columns  # one name per product, no id beside it
    assert list(product_table.columns)[:3] == ["name", "link_type", "owner_teams"]
    assert len(products) > 0


def test_no_goal_is_opened_until_one_is_chosen_and_the_choice_goes_in_the_url(app, demo_db):
    at = app("pages/strategy.py")
    assert at.button_group(key="goal").value is None
    assert "goal" not in at.query_params
    assert "Products serving it" not in shown(at)  # no unrelated goal shown up close
    at.button_group(key="goal").select("DOEL-05").run()
    assert not at.exception
    assert at.query_params["goal"] == "DOEL-05"
    products = queries.goal_products(bootstrap.ready_connection(demo_db), "DOEL-05")
    assert shown(at)["Products serving it"] == f"{len(products):,}"
    # the close-up opens right under the goals, above the cascade
    headers = [h.value for h in at.header]
    assert headers.index("One goal up close") < headers.index("The cascade")


def test_a_goal_no_product_serves_says_so(app):
    at = app("pages/strategy.py", goal="DOEL-07")
    assert shown(at)["Products serving it"] == "0"
    assert any("No product serves this goal" in c.value for c in at.caption)
    breaks = break_items_shown(at)
    assert "Goal without product" in set(breaks.loc[breaks["item"].str.startswith("DOEL-07 · "),
                                                    "break"])


def break_items_shown(at) -> pd.DataFrame:
    """The first table listing breaks' items ("id · name", what is wrong)."""
    return next(df.value for df in at.dataframe if "item" in df.value.columns)


@pytest.mark.parametrize("goal", ["DOEL-07", "DOEL-01", "DOEL-03"])
def test_the_close_up_names_the_breaks_touching_the_goal(app, demo_db, goal):
    at = app("pages/strategy.py", goal=goal)
    assert not at.exception
    expected = views.goal_breaks(bootstrap.ready_connection(demo_db), dt.date.today(), goal)
    assert shown(at)["Breaks touching it"] == f"{len(expected):,}"
    if expected.empty:
        assert any("No break touches this goal" in s.value for s in at.success)
        return
    table = break_items_shown(at)
    assert list(table.columns) == ["break", "item", "detail"]
    assert list(table["item"]) == list(expected["entity_id"] + " · " + expected["name"])
    assert set(table["break"]) == {break_label(b) for b in expected["break_type"]}


@pytest.mark.parametrize("break_type", metrics.BREAK_TYPES)
def test_a_break_link_lists_that_breaks_items_first(app, demo_db, break_type):
    at = app("pages/strategy.py", **{"break": break_type})
    assert not at.exception, [e.value for e in at.exception]
    con = bootstrap.ready_connection(demo_db)
    listed = views.cascade_breaks(con, scope_of(), break_type, "en")
    label = f"{break_label(break_type)} — {len(listed)}"
    listed = listed.head(views.BREAKS_LISTED)
    assert at.subheader[0].value.endswith(label)  # the first thing under the tiles
    if listed.empty:
        assert any("None in view" in s.value for s in at.success)
        return
    table = break_items_shown(at)
    assert list(table["item"]) == list(listed["entity_id"] + " · " + listed["name"])
    assert list(table["detail"]) == list(listed["detail"])
    if break_type in ("orphan_experiment", "misaligned_experiment"):
        assert list(table["history"]) == [f"/experiments?experiment={e}"
                                          for e in listed["entity_id"]]


def test_a_break_link_keeps_the_language_and_filters(app):
    at = app("pages/strategy.py", lang="nl", period="90d", **{"break": "orphan_experiment"})
    close = next(link for link in at.get("page_link") if link.proto.label == "Sluit deze lijst")
    assert close.proto.query_string == "lang=nl&period=90d"


def test_each_cascade_goal_links_to_its_close_up_keeping_language_and_filters(app):
    at = app("pages/strategy.py", lang="nl", stream="Sociaal Domein", period="all")
    [dot] = diagrams(at)
    assert ('URL="?lang=nl&period=all&stream=Sociaal+Domein&goal=DOEL-03", target="_self"'
            in dot)


def test_portfolio_shows_balance_and_lens_charts(app):
    at = app("pages/portfolio.py")
    assert len(vega_charts(at)) == 2
    assert any("signal" in df.value.columns for df in at.dataframe)


def test_teams_shows_network_isolated_teams_and_charts(app, demo_db):
    at = app("pages/teams.py")
    [dot] = diagrams(at)
    assert dot.startswith("graph teams {")
    assert len(vega_charts(at)) == 2
    con = bootstrap.ready_connection(demo_db)
    scope = scope_of()
    isolated = metrics.isolated_teams(
        queries.team_collaboration(con, scope.start, scope.as_of))
    table = next(df.value for df in at.dataframe if "experiments" in df.value.columns)
    assert set(table["team_id"]) == set(isolated["team_id"])
    # the demo keeps two teams apart on purpose
    assert {"RW-BTR", "BV-HRM"} <= set(isolated["team_id"])


# --- A new organisation: guidance, never an error or an empty axis ---------------------------

@pytest.fixture
def fresh_app(tmp_path, monkeypatch):
    """Like ``app``, on a database holding only ``tables`` (nothing at all by default)."""

    def run(page_path: str, **tables) -> AppTest:
        path = tmp_path / "fresh.duckdb"
        con = db.connect(path)
        stored(con, **tables)
        con.close()
        monkeypatch.setenv(db.ENV_VAR, str(path))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.switch_page(page_path)
        return at.run()

    # the connection stays open with the app's cache: closing the process-wide connections
    # here would close the demo database of the other page tests too
    return run


REFERENCE_ONLY = {k: v for k, v in base_org().items() if k != "experiments"}


# page → Vega charts drawn (empty database, reference data without experiments): only the
# goal × product links and the teams' declared disciplines have anything to show
GUIDED = {
    "pages/strategy.py": (0, 1),
    "pages/portfolio.py": (0, 0),
    "pages/teams.py": (0, 1),
}


@pytest.mark.parametrize("tables", [{}, REFERENCE_ONLY], ids=["empty database", "no experiments"])
@pytest.mark.parametrize("page", GUIDED)
def test_a_new_organisation_gets_guidance(fresh_app, page, tables):
    at = fresh_app(page, **tables)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.info) >= 1
    assert len(at.get("vega_lite_chart")) == GUIDED[page][1 if tables else 0]


def test_the_overviews_break_links_ask_for_that_break_keeping_language_and_filters(app):
    at = app("pages/overview.py", lang="nl", period="90d")
    asked = [link.proto for link in at.get("page_link") if "break=" in link.proto.query_string]
    assert len(asked) == 3  # the top breaks; each break's list holds one more when opened
    for link in asked:
        kept, _, kind = link.query_string.rpartition("&break=")
        assert kept == "lang=nl&period=90d"
        assert kind in metrics.BREAK_TYPES
        assert link.page.endswith("strategy")

"""The learning and experiments pages on the demo data: the figures on screen are the metrics'.

A governance decision recorded on the page lands in the database with its change log, and
the learning debt drops by one at once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db, kpis, metrics, queries, views
from alignment.i18n import catalogue
from alignment.scope import Scope
from alignment.ui.widgets import percent
from tests.pages.conftest import ROOT, opened


def learning_figures(con, scope: Scope) -> dict[str, str]:
    """The tiles of the learning page as the metric functions compute them for ``scope``."""
    debt = metrics.learning_debt_count(queries.undecided_experiments(con, scope), scope.as_of)
    return {
        "Learning debt": f"{debt:,}",
        "Median lead time": kpis.days_text(metrics.median_lead_time_days(
            queries.decision_lead_times(con, scope), scope.as_of)),
        "Decisions at portfolio or strategy": percent(metrics.upper_scope_share(
            queries.decisions_by_quarter(con, scope))),
        "Spread factor": kpis.factor_text(metrics.spread_factor(
            queries.validated_spread(con, scope), scope.as_of)),
        "Discussed with the team within 30 days": percent(metrics.answers_discussed_share(
            queries.answers_in_scope(con, scope), scope.as_of)),
        **proof_figures(con, scope),
    }


def proof_figures(con, scope: Scope, words: dict[str, str] | None = None) -> dict[str, str]:
    """The proof view's tiles as the value-proof metrics count them (English labels unless
    ``words``, a catalogue, is given)."""
    words = words or catalogue("en")
    points = metrics.outcome_points(queries.experiment_outcomes(con, scope))
    if points.empty:
        return {}
    return {
        words["outcome.finished"]: f"{len(points):,}",
        words["outcome.corner"]: f"{int(points['better_and_energy'].sum()):,}",
        words["outcome.falls"]: f"{len(metrics.energy_falls(points)):,}",
        words["outcome.weak"]: f"{len(metrics.weak_evidence_spreads(points)):,}",
    }


def learning_chart_count(con, scope: Scope) -> int:
    """The funnel, plus the lead-time distribution, decisions per quarter and the value proof
    when there are any.

    The demo is dated around a fixed day while pages report on today, so which charts a
    dated view holds is computed, not written out.
    """
    lead_times = metrics.valid_lead_times(queries.decision_lead_times(con, scope))
    placed = metrics.outcome_points(queries.experiment_outcomes(con, scope))["placed"].any()
    return (1 + (not lead_times.empty) + (not queries.decisions_by_quarter(con, scope).empty)
            + bool(placed))


def experiment_figures(con, scope: Scope, chosen=None) -> dict[str, str]:
    """The tiles of the experiments page as the metric functions compute them."""
    summary = metrics.experiment_summary(queries.filtered_experiment_counts(
        con, scope, chosen or queries.ExperimentFilter()))
    return {
        "Experiments": f"{summary['experiments']:,}",
        "Done": f"{summary['done']:,}",
        "Validated": percent(summary["validated_share"]),
        "Decided": percent(summary["decided_share"]),
    }


def experiment_chart_count(con, scope: Scope, chosen=None) -> int:
    """The chart by lens, plus a bullet on each done card with a baseline and a target (a
    running card says its outcome in words)."""
    cards = queries.learning_cards(con, scope, chosen or queries.ExperimentFilter(), limit=3)
    return 1 + int((cards["baseline"].notna() & cards["target"].notna()).sum())


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def debt_list(at: AppTest) -> list[str]:
    """The experiment ids of the learning-debt table on screen ([] when it is not shown)."""
    tables = [d.value for d in at.dataframe if "days_since_end" in d.value.columns]
    return tables[0]["experiment_id"].to_list() if tables else []


SHARED_VIEWS = {
    "default view": ({}, Scope(as_of=dt.date.today())),
    "a shared link: all time, one value stream": (
        {"period": "all", "stream": "Burgerzaken"},
        Scope(as_of=dt.date.today(), period="all", value_stream="Burgerzaken")),
    "a shared link: one team, 90 days": (
        {"period": "90d", "team": "SD-WMO"},
        Scope(as_of=dt.date.today(), period="90d", team_id="SD-WMO")),
}


@pytest.mark.parametrize(("query", "scope"), SHARED_VIEWS.values(), ids=SHARED_VIEWS.keys())
def test_learning_page_shows_the_computed_figures(app, demo_db, query, scope):
    at = app("pages/learning.py", **query)
    assert not at.exception, [e.value for e in at.exception]
    con = bootstrap.ready_connection(demo_db)
    assert shown(at) == learning_figures(con, scope)
    assert len(at.get("vega_lite_chart")) == learning_chart_count(con, scope)
    debt = metrics.learning_debt(queries.undecided_experiments(con, scope), scope.as_of)
    assert debt_list(at) == debt["experiment_id"].to_list()
    labels = [e.label for e in at.expander]
    for label in ("How is the funnel computed?", "How is learning debt computed?",
                  "How is the lead time computed?", "How is vertical feedback computed?",
                  "How is spread computed?"):
        assert label in labels


def test_learning_page_draws_the_spread_trees_of_the_demo(app, demo_db):
    at = app("pages/learning.py", period="all")
    con = bootstrap.ready_connection(demo_db)
    scope = Scope(as_of=dt.date.today(), period="all")
    top = metrics.top_spreading(queries.validated_spread(con, scope), scope.as_of, 3)
    assert top[0] == "PAS-001"  # the demo's chain of four generations
    trees = at.get("graphviz_chart")
    assert len(trees) == len(top)
    assert '"OMG-002" -> "WMO-004"' in trees[0].proto.spec


@pytest.mark.parametrize(("query", "scope"), SHARED_VIEWS.values(), ids=SHARED_VIEWS.keys())
def test_experiments_page_shows_the_computed_figures(app, demo_db, query, scope):
    at = app("pages/experiments.py", **query)
    assert not at.exception, [e.value for e in at.exception]
    con = bootstrap.ready_connection(demo_db)
    assert shown(at) == experiment_figures(con, scope)
    assert len(at.get("vega_lite_chart")) == experiment_chart_count(con, scope)
    total = metrics.experiment_summary(queries.filtered_experiment_counts(
        con, scope, queries.ExperimentFilter()))["experiments"]
    rows = min(total, FIRST_PAGE)
    caption = (f"Showing the latest {rows:,} experiments; {total - rows:,} more are in the "
               "download below." if total > rows
               else f"Showing {rows:,} of {total:,} experiments, latest first.")
    assert caption in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == rows


# The Experiments table's first page; the rest is counted under it and in the download.
FIRST_PAGE = 100


@pytest.mark.parametrize(("lang", "caption"), [
    ("en", "Showing the latest 100 experiments; {more} more are in the download below."),
    ("nl", "De nieuwste 100 experimenten; de andere {more} staan in de download hieronder."),
])
def test_experiments_page_shows_a_first_page_and_counts_the_rest(app, demo_db, lang, caption):
    at = app("pages/experiments.py", period="all", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    con = bootstrap.ready_connection(demo_db)
    scope = Scope(as_of=dt.date.today(), period="all")
    every = queries.filtered_experiments(con, scope, queries.ExperimentFilter())
    assert len(every) > FIRST_PAGE  # the demo has more than a page
    assert caption.format(more=len(every) - FIRST_PAGE) in [c.value for c in at.caption]
    assert (at.dataframe[0].value["experiment_id"].to_list()
            == every["experiment_id"].head(FIRST_PAGE).to_list())


def test_experiments_page_filters_narrow_the_figures(app, demo_db):
    at = app("pages/experiments.py", period="all")
    at.multiselect(key="experiments_status").select("done")
    at.multiselect(key="experiments_result").select("validated")
    at.text_input(key="experiments_search").input("klant")
    at.run()
    assert not at.exception
    con = bootstrap.ready_connection(demo_db)
    chosen = queries.ExperimentFilter(statuses=("done",), results=("validated",), text="klant")
    scope = Scope(as_of=dt.date.today(), period="all")
    assert shown(at) == experiment_figures(con, scope, chosen)
    assert shown(at)["Validated"] == "100%"
    rows = queries.filtered_experiments(con, scope, chosen)
    assert at.dataframe[0].value["experiment_id"].to_list() == rows["experiment_id"].to_list()


def test_experiments_page_guides_when_nothing_matches(app):
    at = app("pages/experiments.py")
    at.text_input(key="experiments_search").input("geen enkel experiment heet zo").run()
    assert not at.exception
    assert "No experiment matches this view" in at.info[0].value


@pytest.fixture
def fresh(fresh_demo):
    """A demo database of this test's own, so the decision never leaks into other tests."""
    return fresh_demo, opened


def decision_logged(con) -> list[tuple]:
    frame = queries.table_rows(con, "change_log", 10_000)
    frame = frame[frame["upload_id"].isna()]
    return sorted(zip(frame["entity_id"], frame["field"], frame["new_value"],
                      frame["changed_by"], strict=True))


def test_recording_a_decision_drops_the_debt_by_one(fresh):
    con, run = fresh
    scope = Scope(as_of=dt.date.today(), period="all")  # all time: the demo's debt never ages out
    at = run("pages/learning.py", period="all")
    before = shown(at)["Learning debt"]
    assert before == learning_figures(con, scope)["Learning debt"]
    chosen = at.selectbox(key="decision_experiment_0").value
    at.selectbox(key="decision_choice_0").select("stop")
    at.selectbox(key="decision_scope_0").select("portfolio")
    at.text_input(key="decision_rationale_0").input("Geen effect; tijd vrijmaken.")
    at.button(key="decision_submit_0").click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert int(shown(at)["Learning debt"]) == int(before) - 1
    assert shown(at) == learning_figures(con, scope)
    assert chosen not in debt_list(at)
    # confirmed where the form was, naming the experiment and decision; no other one chosen
    [confirmed] = at.success
    assert confirmed.value.startswith(f"Recorded for {chosen}: stop, decided at portfolio")
    assert at.get("form") == [] and not [s for s in at.selectbox if s.key.startswith(
        "decision_experiment")]
    history = next(link for link in at.get("page_link") if link.proto.label.startswith(
        f"Open the history of {chosen} — "))
    assert history.proto.query_string == f"period=all&experiment={chosen}"
    at.button(key="record_another").click().run()
    assert not at.success
    assert at.selectbox(key="decision_choice_1").value is None  # the form starts afresh
    assert at.selectbox(key="decision_experiment_1").value == debt_list(at)[0]
    today = dt.date.today().isoformat()
    assert decision_logged(con) == [
        (chosen, "decision", "stop", "local admin"),
        (chosen, "decision_date", today, "local admin"),
        (chosen, "decision_rationale", "Geen effect; tijd vrijmaken.", "local admin"),
        (chosen, "decision_scope", "portfolio", "local admin"),
    ]


REFUSALS = {
    "en": ["Choose the level it was decided at: team, product, portfolio, strategy.",
           "Write one line on why: the rationale is required."],
    "nl": ["Kies het niveau waarop besloten is: team, product, portfolio, strategie.",
           "Schrijf in één regel waarom: de onderbouwing is verplicht."],
}


@pytest.mark.parametrize("lang", REFUSALS)
def test_a_refused_decision_writes_nothing(fresh, lang):
    con, run = fresh
    at = run("pages/learning.py", period="all", lang=lang)
    debt = "Learning debt" if lang == "en" else "Leerschuld"
    before = shown(at)[debt]
    at.selectbox(key="decision_choice_0").select("stop")
    at.button(key="decision_submit_0").click().run()  # no level, no rationale

    assert not at.exception
    assert [e.value for e in at.error] == REFUSALS[lang]
    assert shown(at)[debt] == before
    assert decision_logged(con) == []
    assert at.selectbox(key="decision_choice_0").value == "stop"  # what was typed stays


@pytest.mark.parametrize("page_path", ["pages/learning.py", "pages/experiments.py"])
def test_a_new_organisation_sees_guidance(tmp_path, monkeypatch, page_path):
    path = tmp_path / "empty.duckdb"
    db.connect(path).close()  # an existing, empty database: no demo is loaded into it
    monkeypatch.setenv(db.ENV_VAR, str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page(page_path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Upload experiments" in at.info[0].value
    assert len(at.metric) == 0
    assert not at.get("vega_lite_chart")



# (page, columns only that table has, its first columns, id columns a name stands in for,
# the section a leader opens to see it)
ANSWER_FIRST = {
    "learning debt": ("pages/learning.py", {"days_since_end"},
                      ["days_since_end", "experiment_id", "title", "history"],
                      {"team_id", "product_id"}, None),
    "median per team": ("pages/learning.py", {"team_name", "median_days"},
                        ["team_name", "median_days", "decisions"], {"team_id"},
                        "learning_medians"),
    "spread": ("pages/learning.py", {"adoptions"},
               ["experiment_id", "title", "adoptions"], {"team_id"}, "learning_spread_table"),
    "experiments": ("pages/experiments.py", {"evidence_strength"},
                    ["experiment_id", "title", "history", "status", "result", "decision"],
                    set(), None),
}


@pytest.mark.parametrize(("page", "markers", "first", "dropped", "section"),
                         ANSWER_FIRST.values(), ids=ANSWER_FIRST.keys())
def test_tables_lead_with_the_columns_that_answer(app, page, markers, first, dropped, section):
    at = app(page, period="all")
    if section:
        at.session_state[section] = True  # the leader opens it
        at.run()
    table = next(d.value for d in at.dataframe if markers <= set(d.value.columns))
    assert list(table.columns)[:len(first)] == first
    assert not dropped & set(table.columns)


# The Learning page's long lists, each behind a section a leader opens (a closed one costs a
# rerun nothing): its key, the words of its label, columns only its table has, and its count.
LONG_LISTS = {
    "learning_medians": ("value_scale.medians", {"median_days"},
                         lambda learning, proof: {"teams": learning.teams_deciding,
                                                  "products": learning.products_deciding}),
    "learning_spread_table": ("value_scale.spread_table", {"adoptions"},
                              lambda learning, proof: {"count": learning.validated}),
    "proof_corners": ("value_scale.corners", {"better_and_energy"},
                      lambda learning, proof: {}),
    "proof_falls": ("value_scale.falls_list", {"later_energy"},
                    lambda learning, proof: {"count": proof.falling_teams}),
    "proof_weak": ("value_scale.weak_list", {"evidence_strength", "attainment"},
                   lambda learning, proof: {"count": proof.weak}),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_long_lists_render_only_when_opened(app, demo_db, lang):
    scope = Scope(as_of=dt.date.today(), period="all")
    con = bootstrap.ready_connection(demo_db)
    learning, proof = views.learning(con, scope), views.value_proof(con, scope)
    at = app("pages/learning.py", period="all", lang=lang)
    words = catalogue(lang)
    labels = [e.label for e in at.expander]
    for key, (label, markers, counts) in LONG_LISTS.items():
        numbers = {name: f"{n:,}".replace(",", "." if lang == "nl" else ",")
                   for name, n in counts(learning, proof).items()}
        assert words[label].format(**numbers) in labels, key
        assert not [d for d in at.dataframe if markers <= set(d.value.columns)], key
    for key in LONG_LISTS:
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for key, (_, markers, _) in LONG_LISTS.items():
        assert [d for d in at.dataframe if markers <= set(d.value.columns)], key

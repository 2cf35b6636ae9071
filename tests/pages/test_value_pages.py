"""Value realisation on the Strategy and Overview pages, in both languages: each goal's progress
and trend, one goal's measures and check-ins, the check-in form and who may use it, and the new
breaks in the Overview's list."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db, i18n, metrics, views
from alignment.charts.structure import TREND_ARROWS
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed
from alignment.markdown import plain
from tests.pages.conftest import ROOT, opened
from tests.pages.test_roles_pages import proxy_header  # noqa: F401 (a fixture)
from tests.pages.test_structure_pages import diagrams, vega_charts

VALUE_BREAKS = ("goal_without_measure", "stale_measure", "busy_without_value",
                "value_without_learning")
BUSY_GOAL = "DOEL-02"  # the demo's goal with many experiments and a flat measure
UNMEASURED_GOAL = "DOEL-07"


def words(lang: str, key: str, **params) -> str:
    return i18n.translate(lang, key, **params)


def progress_table(at: AppTest):
    """The Value realised table's frame."""
    return next(frame.value for frame in at.dataframe
                if {"goal_id", "progress", "trend"} <= set(frame.value.columns))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_strategy_shows_each_goal_s_progress_and_trend(app, demo_db, lang):
    at = app("pages/strategy.py", lang=lang)
    assert not at.exception
    assert words(lang, "value.header") in [h.value for h in at.header]
    expected = views.goal_values(bootstrap.ready_connection(demo_db), dt.date.today()).goals
    expected = expected[expected["status"] == "active"].set_index("goal_id")
    table = progress_table(at).set_index("goal_id")
    assert list(table.index) == list(expected.index)
    for goal_id, row in table.iterrows():
        wanted = expected.loc[goal_id]
        # shown in percent, drawn as a bar with a whole percent beside it
        assert (row["progress"] == pytest.approx(wanted["progress"] * 100)
                if wanted["progress"] == wanted["progress"] else row["progress"] != row["progress"])
        trend = wanted["trend"]
        assert row["trend"] == (words(lang, f"value.trend_{trend}") if isinstance(trend, str)
                                else "—")
    definition = words(lang, "value.definition")
    assert any(definition in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_cascade_shows_each_measured_goal_s_progress(app, demo_db, lang):
    at = app("pages/strategy.py", lang=lang)
    [dot] = diagrams(at)
    goals = views.goal_values(bootstrap.ready_connection(demo_db), dt.date.today()).goals
    measured = goals[goals["progress"].notna() & goals["status"].eq("active")]
    assert len(measured) >= 5
    for row in measured.itertuples(index=False):
        label = words(lang, "value.chart_progress_label", pct=round(row.progress * 100),
                      trend=TREND_ARROWS.get(row.trend, "")).strip()
        assert f"{row.goal_id}\\n" in dot and label in dot


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_one_goal_up_close_shows_its_measures_and_check_in_history(app, demo_db, lang):
    at = app("pages/strategy.py", lang=lang, goal=BUSY_GOAL)
    assert not at.exception
    assert words(lang, "value.measures") in [s.value for s in at.subheader]
    up_close = views.goal_measures(bootstrap.ready_connection(demo_db), dt.date.today(),
                                   BUSY_GOAL)
    history = next(frame.value for frame in at.dataframe
                   if {"checked_on", "measure", "value", "confidence"} <= set(frame.value.columns))
    assert len(history) == len(up_close.check_ins) > 3
    assert history["checked_on"].is_monotonic_decreasing
    specs = [chart.proto.spec for chart in vega_charts(at)]
    [chart] = [spec for spec in specs if "triangle-up" in spec]
    assert words(lang, "value.chart_value") in chart
    # the goal's busy-without-value break is listed among its breaks
    label = words(lang, "break_label.busy_without_value")
    assert any(label in m.value for m in at.markdown)
    # the local admin may record a check-in
    assert words(lang, "value.save") in [b.label for b in at.button]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_goal_without_measure_says_so(app, lang):
    at = app("pages/strategy.py", lang=lang, goal=UNMEASURED_GOAL)
    assert not at.exception
    assert words(lang, "value.no_measures") in [i.value for i in at.info]
    assert words(lang, "value.save") not in [b.label for b in at.button]


@pytest.fixture
def own_demo(fresh_demo):
    """``fresh_demo`` with a database id of its own: on PostgreSQL a copy of the demo template
    shares the template's id (a real database never does), so after a write its data version
    could equal one the shared demo copy reached, and the page cache would answer for both."""
    db.written(fresh_demo, lambda cur: cur.execute(
        "UPDATE data_version SET database_id = ?", [f"own-{uuid.uuid4()}"]))
    return fresh_demo


def check_in_count(con) -> int:
    cur = con.cursor()
    try:
        return cur.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    finally:
        cur.close()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_local_admin_records_a_check_in_and_the_goal_s_progress_moves(own_demo, lang):
    before = check_in_count(own_demo)
    at = opened("pages/strategy.py", lang=lang, goal=BUSY_GOAL)
    progress = progress_table(at).set_index("goal_id").loc[BUSY_GOAL, "progress"]
    measure = views.goal_measures(own_demo, dt.date.today(), BUSY_GOAL).measures.iloc[0]
    at.number_input[0].set_value(float(measure["target"]))
    next(b for b in at.button if b.label == words(lang, "value.save")).click().run()
    assert not at.exception
    assert check_in_count(own_demo) == before + 1
    assert any(s.value.startswith(words(lang, "value.saved", id="CI-")[:8]) for s in at.success)
    after = progress_table(at).set_index("goal_id").loc[BUSY_GOAL, "progress"]
    assert after == pytest.approx(100.0) and after > progress


def test_a_check_in_without_value_is_refused_with_where_and_how(fresh_demo):
    before = check_in_count(fresh_demo)
    at = opened("pages/strategy.py", lang="nl", goal=BUSY_GOAL)
    next(b for b in at.button if b.label == words("nl", "value.save")).click().run()
    assert check_in_count(fresh_demo) == before
    [error] = at.error
    assert words("nl", "value.refused") in error.value
    assert words("nl", "value.check_in_no_value") in error.value
    assert words("nl", "value.check_in_fix_no_value") in error.value


PEOPLE = ("email,name,role,team_id\n"
          "ada@example.org,Ada,admin,\n"
          "owner@example.org,Olga,leader,\n"
          "lea@example.org,Lea,leader,\n"
          "mo@example.org,Mo,member,BZ-PAS\n")


@pytest.fixture(scope="module")
def owners_db(tmp_path_factory):
    """A demo database with people, where owner@example.org owns the busy goal."""
    path = tmp_path_factory.mktemp("owners") / "owners.duckdb"
    con = bootstrap.ready_connection(path)
    outcome = upload_committed(con, "people", "people.csv", PEOPLE.encode(), actor=DEMO_LOADER,
                               today=dt.date.today())
    assert not outcome.blocked, outcome.errors
    db.written(con, lambda cur: cur.execute("UPDATE goals SET owner = ? WHERE goal_id = ?",
                                            ["Owner@Example.org", BUSY_GOAL]))
    return path


@pytest.mark.parametrize(("email", "may"), [
    ("owner@example.org", True), ("ada@example.org", True),
    ("lea@example.org", False), ("mo@example.org", False),
])
def test_only_the_goal_s_owner_or_an_admin_sees_the_check_in_form(
        owners_db, monkeypatch, proxy_header, email, may):  # noqa: F811
    monkeypatch.setenv(db.ENV_VAR, str(owners_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"email": email}
    at.query_params["goal"] = BUSY_GOAL
    at.switch_page("pages/strategy.py")
    at.run()
    assert not at.exception
    assert ("Record check-in" in [b.label for b in at.button]) == may
    refusal = words("en", "value.not_yours", owner=plain("Owner@Example.org"))
    assert (refusal in [c.value for c in at.caption]) == (not may)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_overview_lists_the_value_breaks(app, demo_db, lang):
    at = app("pages/overview.py", lang=lang)
    gaps = views.value_gaps(bootstrap.ready_connection(demo_db), dt.date.today())
    labels = {e.label for e in at.expander}
    for kind in VALUE_BREAKS:
        count = int((gaps["break_type"] == kind).sum())
        assert count >= 1, kind
        assert f"{words(lang, f'break_label.{kind}')} — {count}" in labels


def test_every_value_break_has_a_page_and_a_place_in_the_chain_order():
    assert list(metrics.BREAK_TYPES)[-4:] == list(VALUE_BREAKS)

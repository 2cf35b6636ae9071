"""The Experiments page shows an experiment as the app held it on any day, and every change."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from alignment.access import Person
from alignment.ingest.pipeline import upload_committed
from tests.pages.conftest import opened

HEADER = "experiment_id,team_id,title,hypothesis,status,lean_lens,product_id,goal_id,start_date\n"
TODAY = dt.date.today()
DAY = "history_day_experiments_PAS-900"  # the key of the history's day picker
VERSIONS = [  # (uploaded, status, title)
    (TODAY - dt.timedelta(days=20), "idea", "Proef met de balie"),
    (TODAY - dt.timedelta(days=10), "running", "Proef aan de balie"),
]


@pytest.fixture
def twice_uploaded(fresh_demo):
    admin = Person("tester", "tester", "admin")
    for number, (uploaded, status, title) in enumerate(VERSIONS):
        text = (HEADER + f"PAS-900,BZ-PAS,{title},We geloven dat het helpt,{status},flow,"
                f"P-REISDOC,DOEL-02,{VERSIONS[0][0]:%Y-%m-%d}\n")
        upload_committed(fresh_demo, "experiments", f"v{number}.csv", text.encode(),
                         actor=admin, today=TODAY,
                         now=dt.datetime.combine(uploaded, dt.time(9)))
    return fresh_demo


def then_and_now(at) -> dict[str, tuple]:
    table = next(d.value for d in at.dataframe if list(d.value.columns)[:3] == [
        "field", "then", "now"])
    return {row.field: (row.then, row.now, row.changed) for row in table.itertuples()}


@pytest.mark.parametrize("days_ago, lang, status, title, changed", [
    (15, "en", ("idea", "running", True), ("Proef met de balie", "Proef aan de balie", True),
     "2 field(s) changed since"),
    (15, "nl", ("idee", "lopend", True), ("Proef met de balie", "Proef aan de balie", True),
     "2 veld(en) sindsdien gewijzigd"),
    (5, "en", ("running", "running", False), ("Proef aan de balie",) * 2 + (False,),
     "0 field(s) changed since"),
])
def test_the_experiment_as_it_was_on_a_chosen_day(twice_uploaded, days_ago, lang, status,
                                                   title, changed):
    at = opened("pages/experiments.py", experiment="PAS-900", lang=lang)
    assert not at.exception
    at.date_input(key=DAY).set_value(TODAY - dt.timedelta(days=days_ago)).run()
    assert not at.exception
    shown = then_and_now(at)
    assert shown["Status"] == status
    assert shown["Title" if lang == "en" else "Titel"] == title
    assert any(changed in c.value for c in at.caption)
    changes = next(d.value for d in at.dataframe if "changed_by" in d.value.columns)
    assert changes["file_name"].to_list() == ["v0.csv", "v1.csv", "v1.csv"]


def test_before_its_first_upload_the_experiment_was_not_there(twice_uploaded):
    at = opened("pages/experiments.py", experiment="PAS-900")
    at.date_input(key=DAY).set_value(TODAY - dt.timedelta(days=25)).run()
    assert [i.value for i in at.info if i.value.startswith("PAS-900")] == [
        f"PAS-900 was not in the app yet on {TODAY - dt.timedelta(days=25):%Y-%m-%d}: "
        "it was uploaded later."]


def test_choosing_an_experiment_puts_it_in_the_url_and_an_unknown_one_says_so(fresh_demo):
    at = opened("pages/experiments.py")
    assert at.query_params.get("experiment") is None
    # the suggestions are the table's first page
    picker = at.selectbox(key="history_experiment")
    chosen = picker.options[0]
    picker.select(chosen).run()
    assert at.query_params["experiment"] == chosen
    # the demo's experiments never changed since they were loaded: no "0 changed" comparison
    assert [i.value for i in at.info if i.value.startswith(chosen)] == [
        f"{chosen} has not changed since it was created on {TODAY:%Y-%m-%d}."]
    assert not any("changed since" in c.value for c in at.caption)
    at = opened("pages/experiments.py", experiment="NOPE-1")
    assert [w.value for w in at.warning] == [
        "No experiment NOPE-1 is stored. Check the id, or upload it on the **Upload "
        "experiments** page."]


def test_the_page_opens_on_the_day_before_the_last_change(twice_uploaded):
    at = opened("pages/experiments.py", experiment="PAS-900")
    assert at.date_input(key=DAY).value == TODAY - dt.timedelta(days=11)
    assert then_and_now(at)["Status"] == ("idea", "running", True)


@pytest.mark.parametrize("page", ["pages/learning.py", "pages/experiments.py"])
def test_each_experiment_in_the_first_table_links_to_its_history(app, page):
    at = app(page)
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0
    assert table["history"].to_list() == [
        f"/experiments?experiment={experiment}" for experiment in table["experiment_id"]]
    assert json.loads(at.dataframe[0].proto.columns)["history"]["type_config"] == {
        "type": "link", "display_text": "Show history"}


GOALS = "goal_id,title,description,level,parent_goal_id,owner,period_start,period_end,status\n"


def test_a_goal_shows_its_history_on_the_strategy_page(fresh_demo):
    admin = Person("tester", "tester", "admin")
    for days_ago, status in ((20, "draft"), (10, "active")):
        text = (GOALS + "DOEL-99,Minder wachten aan de balie,Korter wachten,goal,AMB-01,"
                f"Directeur,2026-01-01,2027-12-31,{status}\n")
        upload_committed(fresh_demo, "goals", "doelen.csv", text.encode(), actor=admin,
                         today=TODAY, now=dt.datetime.combine(
                             TODAY - dt.timedelta(days=days_ago), dt.time(9)))
    at = opened("pages/strategy.py", goal="DOEL-99")
    assert not at.exception
    assert then_and_now(at)["Status"] == ("draft", "active", True)
    assert any("1 field(s) changed since" in c.value for c in at.caption)
    changes = next(d.value for d in at.dataframe if "changed_by" in d.value.columns)
    assert changes["field"].to_list() == ["(created)", "Status"]

"""The upload page: report every problem, preview the change, confirm, and see it everywhere."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from alignment import queries
from alignment.markdown import plain
from tests.pages.conftest import opened

HEADER = "experiment_id;team_id;title;hypothesis;status;lean_lens;product_id;goal_id;start_date\n"
GOOD = HEADER + (
    "PAS-900;BZ-PAS;Wachtrij-sms bij de balie;We geloven dat een sms minder wachten geeft."
    ";running;flow;P-REISDOC;DOEL-02;02-11-2026\n"
)
BAD = HEADER + (
    "PAS-901;BZ-PAS;Ok titel;We geloven;running;speed;P-REISDOC;DOEL-02;2026-11-02\n"
    "PAS-902;XX-NOPE;Ok titel;We geloven;running;flow;P-REISDOC;DOEL-02;\n"
)


@pytest.fixture
def fresh(fresh_demo):
    """A demo database of this test's own, so writes never leak into other tests."""
    return fresh_demo, opened


def uploaded(at: AppTest, name: str, text: str) -> AppTest:
    at.file_uploader[0].set_value((name, text.encode("cp1252"), "text/csv"))
    return at.run()


def experiment_count(con) -> int:
    counts = queries.entity_counts(con)
    return int(counts.loc[counts["entity"] == "experiments", "rows"].iloc[0])


def test_good_file_previews_then_lands_and_shows_on_the_overview(fresh):
    con, run = fresh
    before = experiment_count(con)
    at = uploaded(run("pages/upload.py"), "team.csv", GOOD)
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["New rows"] == "1"
    assert experiment_count(con) == before  # a preview writes nothing
    at.button(key="confirm_experiments").click().run()
    assert not at.exception
    assert any("1 new" in s.value for s in at.success)
    assert experiment_count(con) == before + 1
    history = queries.upload_history(con, "experiments")
    assert history.iloc[0]["file_name"] == "team.csv"
    overview = run("pages/overview.py")
    assert {m.label: m.value for m in overview.metric}["Experiments"] == f"{before + 1:,}"


def test_bad_file_reports_every_error_and_offers_no_confirm(fresh):
    con, run = fresh
    before = experiment_count(con)
    at = uploaded(run("pages/upload.py"), "bad.csv", BAD)
    assert not at.exception
    assert "nothing was written" in at.error[0].value
    problems = next(d.value for d in at.dataframe if "how to fix" in d.value.columns)
    assert {(int(r.line), r.column) for r in problems.itertuples()} >= {
        (2, "lean_lens"), (3, "team_id"), (3, "start_date"),
    }
    assert not [b for b in at.button if b.key == "confirm_experiments"]
    assert experiment_count(con) == before


def test_the_same_file_twice_changes_nothing_and_says_so(fresh):
    con, run = fresh
    at = uploaded(run("pages/upload.py"), "team.csv", GOOD)
    at.button(key="confirm_experiments").click().run()
    uploads = len(queries.upload_history(con))
    again = uploaded(run("pages/upload.py"), "team.csv", GOOD)
    assert any("changes nothing" in i.value for i in again.info)
    assert len(queries.upload_history(con)) == uploads


def test_reference_page_takes_a_new_team(fresh):
    con, run = fresh
    at = run("pages/reference_data.py")
    at.radio(key="kind").set_value("teams").run()
    at = uploaded(at, "teams.csv", "team_id,name,value_stream,disciplines\n"
                                   "BZ-NEW,Team Nieuw,Burgerzaken,dev;data\n")
    at.button(key="confirm_teams").click().run()
    assert not at.exception
    assert "BZ-NEW" in queries.table_rows(con, "teams")["team_id"].to_list()


def table_with(at: AppTest, column: str):
    """The first table on the page with a column headed ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_preview_shows_the_rows_it_will_write_and_the_fields_it_changes(fresh):
    con, run = fresh
    at = uploaded(run("pages/upload.py"), "team.csv", GOOD)
    new = table_with(at, "title")
    assert new[["experiment_id", "title"]].values.tolist() == [
        ["PAS-900", "Wachtrij-sms bij de balie"]]
    assert any("Showing 1 of 1 rows" in c.value for c in at.caption)
    partial = ("experiment_id;team_id;title;hypothesis;status;lean_lens;goal_id\n"
               "PAS-015;BZ-PAS;Nieuwe titel voor de proef;We geloven het;running;flow;\n")
    at = uploaded(run("pages/upload.py"), "deel.csv", partial)
    changed = table_with(at, "experiment_id")
    row = changed.iloc[0]
    assert row["experiment_id"] == "PAS-015"
    assert row["title"].endswith("→ Nieuwe titel voor de proef")
    assert row["goal_id"].endswith("→ —")
    assert any("goal_id (1)" in w.value for w in at.warning)  # the field the file empties
    assert any("keep their stored values" in c.value and "decision" in c.value
               for c in at.caption)


def test_reruns_with_the_file_in_the_uploader_check_it_once(fresh, monkeypatch):
    from alignment.ingest import pipeline

    checks = []
    real = pipeline.checked_rows
    monkeypatch.setattr(pipeline, "checked_rows",
                        lambda *args, **kwargs: checks.append(1) or real(*args, **kwargs))
    _, run = fresh
    at = uploaded(run("pages/upload.py"), "team.csv", GOOD)
    assert len(checks) == 1
    at.run()
    at.run()
    assert len(checks) == 1
    assert {m.label: m.value for m in at.metric}["New rows"] == "1"


def test_after_the_upload_each_experiment_links_to_its_history_in_the_same_language(fresh):
    con, run = fresh
    at = uploaded(run("pages/upload.py", lang="nl"), "team.csv", GOOD)
    assert table_with(at, "title")["status"].to_list() == ["lopend"]  # the reader's words
    at.button(key="confirm_experiments").click().run()
    assert not at.exception
    links = [(link.proto.page, link.proto.label, link.proto.query_string)
             for link in at.get("page_link") if "experiment=" in link.proto.query_string]
    assert links == [("experiments", plain("PAS-900"), "lang=nl&experiment=PAS-900")]


def test_a_preview_another_person_outdated_is_refused_and_previewed_again(fresh):
    con, run = fresh
    first = uploaded(run("pages/upload.py"), "team.csv", GOOD)
    other = GOOD.replace("Wachtrij-sms bij de balie", "Sms als je bijna aan de beurt bent")
    second = uploaded(run("pages/upload.py"), "team.csv", other)
    first.button(key="confirm_experiments").click().run()
    assert any("1 new" in s.value for s in first.success)
    before = queries.table_rows(con, "experiments", 10**6)
    second.button(key="confirm_experiments").click().run()
    assert any("preview is out of date" in w.value for w in second.warning)
    assert queries.table_rows(con, "experiments", 10**6).equals(before)
    assert {m.label: m.value for m in second.metric}["Changed rows"] == "1"
    second.button(key="confirm_experiments").click().run()
    assert any("1 changed" in s.value for s in second.success)

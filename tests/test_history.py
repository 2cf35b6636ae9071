"""Any past state of an experiment, read back from the change log."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from alignment import contract, metrics, queries
from alignment.access import Person
from alignment.bootstrap import DEMO_DIR
from alignment.ingest.pipeline import demo_loaded, upload_committed

T = dt.datetime
CHANGES = pd.DataFrame([
    (T(2026, 1, 1), "(created)", None, None),
    (T(2026, 3, 1), "status", "idea", "running"),
    (T(2026, 6, 1), "status", "running", "done"),
    (T(2026, 6, 1), "result", None, "validated"),
], columns=["changed_at", "field", "old_value", "new_value"])
NOW = {"status": "done", "result": "validated", "title": "Proef"}


@pytest.mark.parametrize("moment, expected", [
    (T(2025, 12, 31), None),
    (T(2026, 1, 1), {"status": "idea", "result": None, "title": "Proef"}),
    (T(2026, 4, 15), {"status": "running", "result": None, "title": "Proef"}),
    (T(2026, 6, 1), NOW),
    (T(2026, 11, 27), NOW),
], ids=["before it was created", "the moment it was created", "between the changes",
        "the moment of the last change", "today"])
def test_record_on(moment, expected):
    assert metrics.record_on(NOW, CHANGES, moment) == expected


D = dt.date


@pytest.mark.parametrize("stamps, expected", [
    ([(T(2026, 1, 1), "(created)"), (T(2026, 3, 1), "status"), (T(2026, 6, 1), "result")],
     D(2026, 5, 31)),
    ([(T(2026, 1, 1), "(created)")], D(2026, 11, 27)),
    ([(T(2026, 1, 1, 9), "(created)"), (T(2026, 1, 1, 15), "title")], D(2026, 11, 27)),
    ([(T(2026, 1, 1, 9), "(created)"), (T(2026, 1, 2, 8), "title")], D(2026, 1, 1)),
    ([(T(2026, 6, 1), "decision")], D(2026, 5, 31)),
], ids=["the day before the last change", "never changed", "changed the day it was created",
        "changed the next morning", "its creation not logged"])
def test_day_before_last_change(stamps, expected):
    changes = pd.DataFrame(stamps, columns=["changed_at", "field"])
    assert metrics.day_before_last_change(changes, D(2026, 11, 27)) == expected


def test_record_on_and_then_and_now_leave_their_input_alone():
    changes, now = CHANGES.copy(), dict(NOW)
    then = metrics.record_on(now, changes, T(2026, 4, 15))
    table = metrics.then_and_now(then, now)
    assert table.to_dict("records") == [
        {"field": "status", "then": "running", "now": "done", "changed": True},
        {"field": "result", "then": None, "now": "validated", "changed": True},
        {"field": "title", "then": "Proef", "now": "Proef", "changed": False},
    ]
    pd.testing.assert_frame_equal(changes, CHANGES)
    assert now == NOW


HEADER = ("experiment_id,team_id,title,hypothesis,status,lean_lens,product_id,goal_id,"
          "start_date,partner_teams\n")
VERSIONS = [
    "PAS-900,BZ-PAS,Proef met de balie,We geloven dat het helpt,idea,flow,P-REISDOC,DOEL-02,"
    "2026-10-01,\n",
    "PAS-900,BZ-PAS,Proef aan de balie,We geloven dat het helpt,running,flow,P-REISDOC,"
    "DOEL-02,2026-10-01,BZ-AFS\n",
    "PAS-900,BZ-PAS,Proef aan de balie,We geloven dat het helpt,running,waste,P-REISDOC,"
    "DOEL-02,2026-10-05,BZ-AFS;BZ-BAL\n",
]
UPLOADED = [T(2026, 10, 1, 9), T(2026, 10, 15, 9), T(2026, 11, 2, 9)]


def current(con) -> dict:
    return queries.record_as_text(con, "experiments", "PAS-900").iloc[0].to_dict()


def test_every_past_upload_of_an_experiment_is_read_back_from_the_log(con):
    demo_loaded(con, DEMO_DIR, dt.date(2026, 11, 27))
    admin = Person("tester", "tester", "admin")
    held = []
    for number, (text, stamp) in enumerate(zip(VERSIONS, UPLOADED, strict=True)):
        upload_committed(con, "experiments", f"v{number}.csv", (HEADER + text).encode(),
                         actor=admin, today=dt.date(2026, 11, 27), now=stamp)
        held.append(current(con))
    assert held[0] != held[1] != held[2]

    changes = queries.entity_changes(con, "experiments", "PAS-900")
    assert changes["file_name"].drop_duplicates().to_list() == ["v0.csv", "v1.csv", "v2.csv"]
    assert set(changes["changed_by"]) == {"tester"}
    now = current(con)
    moments = [UPLOADED[0] - dt.timedelta(seconds=1), UPLOADED[0], UPLOADED[1] + dt.timedelta(
        days=1), UPLOADED[2]]
    assert [metrics.record_on(now, changes, moment) for moment in moments] == [None, *held]


@pytest.mark.parametrize("entity, entity_id", [("experiments", "KCC-002"), ("goals", "DOEL-03")])
def test_a_record_as_text_has_every_contract_column_as_text(con, entity, entity_id):
    demo_loaded(con, DEMO_DIR, dt.date(2026, 11, 27))
    record = queries.record_as_text(con, entity, entity_id)
    assert list(record.columns) == list(contract.COLUMNS[entity])
    assert record.iloc[0][f"{entity[:-1]}_id"] == entity_id
    assert all(value is None or isinstance(value, str) for value in record.iloc[0])
    assert queries.record_as_text(con, entity, "NOPE").empty


def test_every_record_with_a_history_view_can_be_read_as_text():
    from alignment.ui.history import RECORDS

    assert set(RECORDS) == set(queries.RECORD_AS_TEXT)

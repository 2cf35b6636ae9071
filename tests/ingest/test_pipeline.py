"""The whole upload against a real database: atomic, idempotent, logged, concurrent-safe."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from alignment import contract, export, queries
from alignment.access import Person
from alignment.bootstrap import DEMO_DIR
from alignment.ingest.pipeline import (
    DEMO_LOADER,
    demo_loaded,
    upload_committed,
    upload_preview,
)

TODAY = dt.date(2026, 11, 27)
HEADER = ",".join(contract.COLUMNS["experiments"][:9]) + "\n"


def row(eid: str, team: str = "BZ-PAS", title: str = "Proef met de balie",
        status: str = "running", lens: str = "flow") -> str:
    return (f"{eid},{team},{title},We geloven dat het helpt,{status},{lens},"
            "P-REISDOC,DOEL-02,2026-10-01\n")


@pytest.fixture
def demo(con):
    demo_loaded(con, DEMO_DIR, TODAY)
    return con


def content(con) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: the database's content, whatever its file bytes."""
    tables = list(queries.TABLE_ROWS)
    return {t: sorted(map(repr, queries.table_rows(con, t, 10**6).itertuples(index=False)))
            for t in tables}


def commit(con, text: str, name: str = "team.csv", user: str = "tester"):
    return upload_committed(con, "experiments", name, text.encode(),
                            actor=Person(user, user, "admin"), today=TODAY)


def test_an_error_in_the_last_row_leaves_the_content_unchanged(demo):
    before = content(demo)
    outcome = commit(demo, HEADER + row("PAS-900") + row("PAS-901") + row("PAS-902", lens="x"))
    assert [(p.line, p.column) for p in outcome.errors] == [(4, "lean_lens")]
    assert outcome.upload_id is None
    assert content(demo) == before


def test_the_same_file_twice_changes_nothing(demo):
    text = HEADER + row("PAS-900") + row("PAS-901")
    first = commit(demo, text)
    assert (first.new, first.changed) == (2, 0)
    after_first = content(demo)
    second = commit(demo, text)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 2)
    assert second.nothing_to_do and second.upload_id is None
    assert content(demo) == after_first


def test_a_change_is_logged_field_by_field_and_absent_rows_stay(demo):
    commit(demo, HEADER + row("PAS-900") + row("PAS-901"))
    outcome = commit(demo, HEADER + row("PAS-900", title="Proef met de nieuwe balie",
                                        status="stopped"), user="anna")
    assert (outcome.new, outcome.changed, outcome.unchanged) == (0, 1, 0)
    log = queries.table_rows(demo, "change_log", 10**6)
    mine = log[log["upload_id"] == outcome.upload_id]
    assert sorted(zip(mine["field"], mine["old_value"], mine["new_value"], strict=True)) == [
        ("status", "running", "stopped"),
        ("title", "Proef met de balie", "Proef met de nieuwe balie"),
    ]
    assert set(mine["changed_by"]) == {"anna"}
    ids = set(queries.table_rows(demo, "experiments", 10**6)["experiment_id"])
    assert {"PAS-900", "PAS-901"} <= ids


def test_preview_writes_nothing(demo):
    before = content(demo)
    outcome = upload_preview(demo, "experiments", "t.csv", (HEADER + row("PAS-900")).encode(),
                             TODAY, actor=DEMO_LOADER)
    assert outcome.new == 1 and outcome.new_ids == ["PAS-900"]
    assert content(demo) == before


@pytest.mark.parametrize(("uploads", "rows"), [
    (["BZ-BRP;BZ-KCC"], [("BZ-BRP", "partner"), ("BZ-KCC", "partner"), ("BZ-PAS", "lead")]),
    (["BZ-BRP;BZ-KCC", "BZ-BRP"], [("BZ-BRP", "partner"), ("BZ-PAS", "lead")]),
    (["BZ-BRP", "BZ-KCC;BZ-AFS"],
     [("BZ-AFS", "partner"), ("BZ-KCC", "partner"), ("BZ-PAS", "lead")]),
    (["BZ-BRP;BZ-KCC", ""], [("BZ-PAS", "lead")]),
    (["", "BZ-BRP;BZ-BRP"], [("BZ-BRP", "partner"), ("BZ-PAS", "lead")]),
])
def test_partner_teams_become_experiment_team_rows(demo, uploads, rows):
    header = HEADER.rstrip("\n") + ",partner_teams\n"
    for n, partners in enumerate(uploads):  # each upload changes the title too
        title = f"Proef met de balie {n}"
        commit(demo, header + row("PAS-900", title=title).rstrip("\n") + f",{partners}\n")
    teams = queries.table_rows(demo, "experiment_teams", 10**6)
    mine = teams[teams["experiment_id"] == "PAS-900"]
    assert sorted(zip(mine["team_id"], mine["role"], strict=True)) == rows


def test_an_id_of_another_team_is_refused(demo):
    outcome = commit(demo, HEADER + row("PAS-001", team="BZ-BRP"))
    # (the stored row's other columns, kept, may disagree with this file's dates too)
    assert (2, "experiment_id") in [(p.line, p.column) for p in outcome.errors]
    assert outcome.upload_id is None


def test_two_threads_uploading_overlapping_files_both_land(demo):
    files = {
        "a.csv": HEADER + row("PAS-900") + "".join(row(f"PAS-{n}") for n in range(910, 960)),
        "b.csv": HEADER + row("PAS-900") + "".join(row(f"PAS-{n}") for n in range(960, 999)),
    }
    outcomes, failures = {}, []

    def upload(name: str) -> None:
        try:
            outcomes[name] = commit(demo, files[name], name=name)
        except Exception as exc:  # the test reports any failure below
            failures.append(exc)

    threads = [threading.Thread(target=upload, args=(n,)) for n in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    ids = set(queries.table_rows(demo, "experiments", 10**6)["experiment_id"])
    assert {f"PAS-{n}" for n in range(910, 999)} | {"PAS-900"} <= ids
    assert sum(o.new for o in outcomes.values()) == 1 + 50 + 39
    assert len(queries.upload_history(demo, "experiments")) == 2 + 1  # + the demo load


def test_a_downloaded_export_uploads_again_unchanged(demo, tmp_path):
    text = HEADER + row("PAS-900", title="=SUM(A1) en -3 meer")
    commit(demo, text)
    stored = queries.table_rows(demo, "experiments", 10**6)
    mine = stored[stored["experiment_id"] == "PAS-900"][list(contract.COLUMNS["experiments"])]
    downloaded = export.csv_bytes(mine.astype(object).where(mine.notna(), None))
    assert b"'=SUM(A1)" in downloaded
    again = upload_committed(demo, "experiments", "export.csv", downloaded,
                             actor=Person("t", "t", "admin"), today=TODAY)
    assert again.errors == []
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)


def test_a_download_of_stored_rows_with_lists_uploads_again_unchanged(demo):
    header = HEADER.rstrip("\n") + ",partner_teams,disciplines,energy\n"
    commit(demo, header + row("PAS-901").rstrip("\n") + ",BZ-AFS,dev;design,4\n")
    stored = queries.table_rows(demo, "experiments", 10**6)
    downloaded = export.csv_bytes(stored[stored["experiment_id"] == "PAS-901"])
    assert b",BZ-AFS,dev;design," in downloaded
    again = upload_committed(demo, "experiments", "export.csv", downloaded,
                             actor=Person("t", "t", "admin"), today=TODAY)
    assert again.errors == []
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)

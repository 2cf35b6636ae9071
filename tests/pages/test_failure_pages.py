"""A database failure a person can meet is said with what to do, never as a traceback."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from alignment import bootstrap, db, queries
from alignment.ingest.pipeline import demo_loaded
from alignment.ui.failures import failure_key
from tests.pages.conftest import opened

HEADER = "experiment_id;team_id;title;hypothesis;status;lean_lens\n"
# about 10 MB: far below the upload limit, far above a 32 MB buffer pool's room for the diff
BIG = HEADER + "".join(f"PAS-{i};BZ-PAS;Titel nummer {i};We geloven dat {i} helpt {'x' * 200}"
                       ";idea;flow\n" for i in range(40_000))


@pytest.mark.parametrize(("error", "key"), [
    (db.OutOfMemory("Out of Memory Error"), "failure.out_of_memory"),
    (db.StorageFailure("Could not set lock on file"), "failure.storage"),
    (db.Conflict("Conflict on update"), "failure.conflict"),
    (db.Unavailable("the connection was lost"), "failure.unavailable"),
    (db.Refused("CHECK constraint failed"), "failure.unexpected"),
])
def test_each_database_failure_has_its_own_advice(error, key):
    assert failure_key(error) == key


def test_an_upload_too_big_for_the_server_s_memory_says_what_to_do(tmp_path, monkeypatch,
                                                                   caplog):
    path = tmp_path / "capped.duckdb"
    con = db.connect(path)
    demo_loaded(con, bootstrap.DEMO_DIR, dt.date.today())
    con.close()
    monkeypatch.setenv(db.ENV_VAR, str(path))
    # the page opens with the default memory, then the cap drops below what reading this file
    # needs (the diff works in parts and fits a far smaller cap than the file itself): opened
    # at 16 MB, the page's own first reads ran out of memory one run in six, before the upload
    at = opened("pages/upload.py")
    shared = db.shared(path)
    before = queries.entity_counts(shared)
    shared.execute("SET memory_limit = '16MB'")
    at.file_uploader[0].set_value(("big.csv", BIG.encode(), "text/csv"))
    with caplog.at_level(logging.ERROR, logger="alignment.ui.failures"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The server ran out of memory for this work, so nothing was written. For an upload, "
        "split the file into smaller files (fewer rows each) and upload them one by one; if it "
        "happens on a page, try a shorter period or one value stream. The server's log has the "
        "detail for your admin."]
    assert "OutOfMemoryException" in caplog.text  # the detail stays on the server
    assert queries.entity_counts(db.shared(path)).equals(before)

"""Several replicas on one PostgreSQL, used by people at once: a write on one replica shows on
the other, two writes never mix, a replica dying mid-upload loses nothing but that upload,
and PostgreSQL restarting is said, then gone, with no replica restarted."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.cluster.conftest import (
    LISA,
    MO,
    choose_file,
    click_page,
    eventually,
    experiments_file,
    metric,
    open_page,
    shows_no_error,
    stored_titles,
    write_lock_held,
)

pytestmark = [pytest.mark.cluster, pytest.mark.browser]

UPLOAD = "Upload experiments"
CONFIRM = "Confirm upload"
OUT_OF_DATE = "Your preview is out of date"
TRY_AGAIN = "Another change was being written at the same moment"
UNREACHABLE = "The database cannot be reached right now"


def token() -> str:
    """A mark of this test's own rows (ids hold A–Z, 0–9 and dashes)."""
    return uuid.uuid4().hex[:6].upper()


def test_an_upload_through_one_replica_shows_on_another_at_its_next_click(running, visit):
    mark = token()
    name = f"cross-{mark}.csv"
    # Lisa's replica drew the page before the upload: what it read is cached there
    lisa = visit(LISA, replica="r2")
    open_page(lisa, running.proxy.url, UPLOAD)
    assert lisa.page.get_by_text(name).count() == 0

    mo = visit(MO, replica="r1")
    open_page(mo, running.proxy.url, UPLOAD)
    choose_file(mo, name, experiments_file([f"PAS-{mark}"], f"Over replica's {mark}"))
    mo.page.get_by_role("button", name=CONFIRM).click()
    mo.page.get_by_text(f"Uploaded {name}: 1 new").wait_for()

    click_page(lisa, UPLOAD)
    # the history table draws on a canvas; its cells are in the DOM for screen readers
    lisa.page.get_by_text(name, exact=True).first.wait_for(state="attached")
    assert (mo.replica(), lisa.replica()) == ("r1", "r2")


def test_overlapping_uploads_confirmed_at_once_on_two_replicas_write_one_file_whole(
        running, visit, database):
    mark = token()
    ids = [f"PAS-{mark}-{n:03}" for n in range(450)]
    files = {  # the same BZ-PAS experiments 150 to 299 in both files, with other titles
        MO: (f"mo-{mark}.csv", ids[:300], f"Mo {mark}"),
        LISA: (f"lisa-{mark}.csv", ids[150:], f"Lisa {mark}"),
    }
    people = {MO: visit(MO, replica="r1"), LISA: visit(LISA, replica="r2")}
    for email, person in people.items():
        name, own, title = files[email]
        open_page(person, running.proxy.url, UPLOAD)
        choose_file(person, name, experiments_file(own, title))
        person.page.get_by_role("button", name=CONFIRM).wait_for()

    for person in people.values():  # both click within milliseconds of each other
        person.page.get_by_role("button", name=CONFIRM).click()
    said = {}
    for email, person in people.items():
        outcome = person.page.get_by_text(
            re.compile(f"^Uploaded {re.escape(files[email][0])}|{OUT_OF_DATE}|{TRY_AGAIN}"))
        expect(outcome).to_be_visible()
        said[email] = outcome.inner_text()
        shows_no_error(person)
    winners = [email for email, text in said.items() if text.startswith("Uploaded")]
    assert len(winners) == 1, said
    winner, loser = winners[0], next(email for email in people if email not in winners)
    assert said[winner].startswith(f"Uploaded {files[winner][0]}: 300 new")
    assert OUT_OF_DATE in said[loser] or TRY_AGAIN in said[loser]

    # the winner's file whole, and nothing of the other: not even its rows no one else had
    name, own, title = files[winner]
    assert stored_titles(database, ids) == {
        experiment_id: f"{title} {n}" for n, experiment_id in enumerate(own)}

    # the other person confirms what the file changes now, and their file lands whole too
    person = people[loser]
    name, own, title = files[loser]
    if TRY_AGAIN in said[loser]:  # nothing was previewed again: choose the file once more
        choose_file(person, name, experiments_file(own, title))
    expect(metric(person, "New rows")).to_have_text("150")
    expect(metric(person, "Changed rows")).to_have_text("150")
    person.page.get_by_role("button", name=CONFIRM).click()
    person.page.get_by_text(f"Uploaded {name}: 150 new, 150 changed").wait_for()
    first = files[winner]
    expected = {experiment_id: f"{first[2]} {n}" for n, experiment_id in enumerate(first[1])}
    expected |= {experiment_id: f"{title} {n}" for n, experiment_id in enumerate(own)}
    assert stored_titles(database, ids) == expected


def test_a_replica_killed_mid_upload_leaves_the_upload_whole_or_absent_and_its_person_goes_on(
        running, visit, database):
    mark = token()
    ids = [f"PAS-{mark}-{n:04}" for n in range(6000)]
    name, text = f"groot-{mark}.csv", experiments_file(ids, f"Groot {mark}")
    mo = visit(MO, replica="r1")
    open_page(mo, running.proxy.url, UPLOAD)
    choose_file(mo, name, text)
    mo.page.get_by_role("button", name=CONFIRM).click()

    eventually(lambda: write_lock_held(database), "r1 writes the upload")
    running.replicas[0].kill()
    # PostgreSQL notices its client gone and ends the transaction (or it had committed)
    eventually(lambda: not write_lock_held(database), "the dead replica's write is over")
    stored = stored_titles(database, ids)
    uploads = database.execute("SELECT count(*) FROM uploads WHERE file_name = ?",
                               [name]).fetchone()[0]
    assert (len(stored), uploads) in ((0, 0), (len(ids), 1))

    # the load balancer takes the dead replica out; a reload lands on the other one
    eventually(lambda: running.proxy.server_states()["r1"].startswith("DOWN"),
               "HAProxy takes r1 out")
    mo.page.reload()
    mo.page.get_by_role("heading", name=UPLOAD).wait_for()
    mo.page.get_by_text("Signed in as Mo Haddou", exact=False).wait_for()
    assert mo.replica() == "r2"
    choose_file(mo, name, text)
    if stored:
        mo.page.get_by_text("This file changes nothing").wait_for()
    else:
        mo.page.get_by_role("button", name=CONFIRM).click()
        mo.page.get_by_text(f"Uploaded {name}: {len(ids):,} new").wait_for()
    shows_no_error(mo)
    assert len(stored_titles(database, ids)) == len(ids)


def test_postgresql_restarting_is_said_then_gone_without_restarting_a_replica(running, visit):
    processes = [replica.process.pid for replica in running.replicas]
    mo = visit(MO, replica="r1")
    open_page(mo, running.proxy.url, UPLOAD)  # r1 holds connections from before

    # a restart between two clicks: the replica's broken connections are replaced unseen
    running.postgres.restart()
    click_page(mo, "Overview")
    shows_no_error(mo)
    assert mo.page.get_by_text(UNREACHABLE).count() == 0

    # down for longer than a click waits: said, with what to do, and no traceback
    running.postgres.stop()
    mo.page.locator(".st-key-nav").get_by_role("link", name=UPLOAD, exact=True).click()
    expect(mo.page.get_by_text(UNREACHABLE)).to_be_visible()
    shows_no_error(mo)

    # back: the reload the message asks for shows the page again (the one the click left,
    # as the click never got past the database), and the next click goes where it leads
    running.postgres.start()
    mo.page.reload()
    mo.page.get_by_role("heading", name="Overview").wait_for()
    click_page(mo, UPLOAD)
    mo.page.get_by_text("You upload for your team", exact=False).wait_for()
    shows_no_error(mo)
    assert [replica.process.pid for replica in running.replicas] == processes
    assert all(replica.alive() for replica in running.replicas)
    assert mo.replica() == "r1"

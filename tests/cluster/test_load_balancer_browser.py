"""People in a real browser through the real load balancer: HAProxy signs them in and tells the
app who they are; what a browser claims itself counts for nothing; a member's upload on one
replica is in the figures the Overview shows on another.

(A browser sends its own headers on page requests, not on the websocket a page runs over; the
websocket's headers, forged in every way, are ``test_proxy.py``'s.)
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from deploy.cluster import HEADER
from tests.cluster.conftest import (
    ADMIN,
    IDLE,
    LEADER,
    MO,
    choose_file,
    click_page,
    experiments_file,
    metric,
    shows_no_error,
)

pytestmark = [pytest.mark.cluster, pytest.mark.browser]


def test_nobody_gets_a_page_without_signing_in_at_the_load_balancer(running, browser):
    context = browser.new_context(extra_http_headers={HEADER: ADMIN})
    try:
        # a browser that cannot answer the load balancer's question for a password gets nothing
        with pytest.raises(PlaywrightError, match="ERR_INVALID_AUTH_CREDENTIALS"):
            context.new_page().goto(running.proxy.url)
        answer = context.request.get(running.proxy.url)
        assert answer.status == 401
        assert answer.headers["www-authenticate"] == 'Basic realm="Alignment"'
    finally:
        context.close()


def test_a_members_upload_on_one_replica_shows_on_the_overview_of_another(running, visit):
    url = running.proxy.url
    # a leader has the Overview open on r2 before the upload
    sanne = visit(LEADER, replica="r2")
    sanne.page.goto(url)
    sanne.page.get_by_role("heading", name="Overview").wait_for()
    sanne.page.locator(IDLE).wait_for()
    before = int(metric(sanne, "Experiments").inner_text().replace(",", ""))

    # a member whose browser claims the admin's e-mail is the member the proxy signed in
    mo = visit(MO, replica="r1", headers={HEADER: ADMIN})
    mo.page.goto(url)
    mo.page.get_by_text("Signed in as Mo Haddou", exact=False).wait_for()
    mo.page.get_by_text("member, team BZ-PAS", exact=False).wait_for()
    nav = mo.page.locator(".st-key-nav")
    nav.get_by_text("Upload experiments", exact=True).wait_for()
    for admin_page in ("Database", "People", "Reference data"):
        assert nav.get_by_text(admin_page, exact=True).count() == 0
    # an admin page's own address, in a session already running, says it is not for him
    mo.page.goto(f"{url}/people")
    mo.page.get_by_text("Not for your role").wait_for()
    mo.page.locator(IDLE).wait_for()
    assert mo.page.get_by_text("Who may sign in", exact=False).count() == 0
    mo.page.get_by_text("Signed in as Mo Haddou", exact=False).wait_for()

    # his upload, through the page a member has
    mo.page.goto(url)
    mo.page.get_by_role("heading", name="Overview").wait_for()
    click_page(mo, "Upload experiments")
    mo.page.get_by_text("You upload for your team", exact=False).wait_for()
    mark = uuid.uuid4().hex[:6].upper()
    name = f"balie-{mark}.csv"
    choose_file(mo, name, experiments_file([f"PAS-{mark}"], f"Balie-sms {mark}"))
    mo.page.get_by_role("button", name="Confirm upload").click()
    mo.page.get_by_text(f"Uploaded {name}: 1 new").wait_for()
    shows_no_error(mo)

    # the leader's next click on r2 counts it
    click_page(sanne, "Overview")
    expect(metric(sanne, "Experiments")).to_have_text(f"{before + 1:,}")
    shows_no_error(sanne)
    # each stayed where the load balancer's cookie keeps them
    assert (mo.replica(), sanne.replica()) == ("r1", "r2")

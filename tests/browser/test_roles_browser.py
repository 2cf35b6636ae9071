"""Roles in a real browser behind a (simulated) trusted proxy: the page URL itself is guarded."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from oidc_provider_mock import run_server_in_thread

from alignment import bootstrap, db
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed
from alignment.ui.identity import HEADER_ENV
from tests.browser.conftest import ROOT, Server, free_port, stopped, wait_healthy

pytestmark = pytest.mark.browser

HEADER = "X-Forwarded-Email"
PEOPLE = "email,name,role,team_id\nmo@example.org,Mo,member,BZ-PAS\n"


def people_server(db_path, log, extra_args=(), extra_env=None, port=None) -> Server:
    """``streamlit run app.py`` on ``db_path`` with extra options (and a chosen port)."""
    port = port or free_port()
    env = {**os.environ, "ALIGNMENT_DB": str(db_path), **(extra_env or {})}
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false", *extra_args],
        cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, log)
    return Server(url=url, process=process, log=log)


def seeded(path) -> None:
    """A demo database with the people of ``PEOPLE``, closed so a server can open it."""
    con = bootstrap.ready_connection(path)
    outcome = upload_committed(con, "people", "people.csv", PEOPLE.encode(), actor=DEMO_LOADER,
                               today=dt.date.today())
    assert not outcome.blocked, outcome.errors
    db.close_shared()


@pytest.fixture
def proxy_server(tmp_path):
    """A fresh server in trusted-header mode: the e-mail comes from ``X-Forwarded-Email``."""
    path = tmp_path / "roles.duckdb"
    seeded(path)
    server = people_server(
        path, tmp_path / "server.log",
        extra_args=["--server.trustedUserHeaders", json.dumps({HEADER: "email"})],
        extra_env={HEADER_ENV: HEADER},
    )
    yield server
    stopped(server)


def as_person(browser, email: str):
    """A browser tab whose every request carries the proxy's identity header."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  extra_http_headers={HEADER: email})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    return context, tab


def test_a_member_opening_an_admin_page_url_first_is_refused(proxy_server, browser, screenshot):
    context, tab = as_person(browser, "mo@example.org")
    try:
        # the first request this fresh server serves is the admin page's own URL
        tab.goto(f"{proxy_server.url}/database")
        tab.get_by_text("Not for your role").wait_for()
        tab.get_by_text("may not open this page", exact=False).wait_for()
        assert tab.get_by_text("Every table as stored").count() == 0
        assert tab.get_by_text("Signed in as", exact=False).count() == 1
        # even when the page file ran without app.py, the sidebar names only the member's pages
        direct_nav = tab.locator(".st-key-nav")
        direct_nav.get_by_text("Upload experiments").wait_for()
        assert direct_nav.get_by_text("Database", exact=True).count() == 0
        assert tab.get_by_test_id("stSidebarNav").count() == 0
        screenshot(tab, "refused.png")

        tab.goto(f"{proxy_server.url}/upload")
        tab.get_by_text("You upload for your team", exact=False).wait_for()

        # from the root, app.py's navigation lists the member's pages and none of the admin's
        tab.goto(proxy_server.url)
        tab.get_by_text("Where the chain breaks").wait_for()
        nav = tab.locator(".st-key-nav")
        nav.get_by_text("Upload experiments").wait_for()
        for hidden in ("Database", "People", "Reference data", "Reflection session"):
            assert nav.get_by_text(hidden, exact=True).count() == 0

        # once app.py has run, an admin page's address is still refused, not swapped silently
        # for the Overview
        tab.goto(f"{proxy_server.url}/people")
        tab.get_by_text("Not for your role").wait_for()
        assert tab.get_by_text("Where the chain breaks").count() == 0
    finally:
        context.close()


def test_an_unknown_email_is_told_to_ask_an_admin(proxy_server, browser):
    context, tab = as_person(browser, "stranger@example.org")
    try:
        tab.goto(proxy_server.url)
        tab.get_by_text("Ask your admin for access").wait_for()
        assert tab.get_by_text("Where the chain breaks").count() == 0
    finally:
        context.close()


# ----------------------------------------------------------------------------- OIDC


OWN = ("experiment_id;team_id;title;hypothesis;status;lean_lens\n"
       "PAS-970;BZ-PAS;Balie-sms na sign-in;We geloven dat een sms helpt;idea;flow\n")
OTHER = ("experiment_id;team_id;title;hypothesis;status;lean_lens\n"
         "AFS-970;BZ-AFS;Andermans proef;We geloven dat het helpt;idea;flow\n")


@pytest.fixture
def oidc_server(tmp_path):
    """A real local OIDC provider and an app configured to sign in with it (``[auth]``)."""
    path = tmp_path / "oidc.duckdb"
    seeded(path)
    with run_server_in_thread() as provider:
        port = free_port()
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a-long-random-test-secret-for-the-cookie"\n'
            'client_id = "alignment"\n'
            'client_secret = "alignment-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}'
            '/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        server = people_server(path, tmp_path / "server.log", port=port,
                               extra_args=["--secrets.files", str(secrets)])
        server.url = f"http://localhost:{port}"
        yield server
        stopped(server)


def choose_file(tab, name: str, text: str) -> None:
    tab.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")}])


def test_a_member_signs_in_uploads_for_their_team_only_and_signs_out(oidc_server, page):
    page.goto(oidc_server.url)
    page.get_by_role("button", name="Sign in").click()
    # the provider's own form: who to sign in as (its users' email claim is the subject)
    page.locator("input[name=sub]").fill("mo@example.org")
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Where the chain breaks").wait_for()
    page.get_by_text("Signed in as", exact=False).wait_for()

    page.goto(f"{oidc_server.url}/upload")
    page.get_by_text("You upload for your team", exact=False).wait_for()
    choose_file(page, "own.csv", OWN)
    page.get_by_role("button", name="Confirm upload").click()
    page.get_by_text("Uploaded own.csv: 1 new").wait_for()

    page.goto(f"{oidc_server.url}/upload")
    choose_file(page, "other.csv", OTHER)
    page.get_by_text("nothing was written", exact=False).wait_for()
    page.get_by_text("you may only upload experiments of your team", exact=False).first.wait_for(
        state="attached")
    assert page.get_by_role("button", name="Confirm upload").count() == 0

    page.get_by_role("button", name="Sign out").click()
    end_session = page.get_by_role("button", name="End session")
    sign_in = page.get_by_role("button", name="Sign in")
    end_session.or_(sign_in).first.wait_for()
    if end_session.count():
        end_session.click()
    sign_in.wait_for()
    assert page.get_by_text("Signed in as", exact=False).count() == 0

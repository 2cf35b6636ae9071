"""A real server started with each sign-in misconfiguration refuses to serve, saying why.

Local mode makes every visitor admin, so it must be a choice: broken sign-in configuration,
or local mode on an address other machines reach, shows only what is wrong and no data. A
request carrying the proxy's identity header twice is refused too.
"""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from alignment import bootstrap, db
from alignment.deployment import OPEN_LOCAL_ENV
from alignment.ui.identity import HEADER_ENV
from tests.browser.conftest import started_server, stopped

pytestmark = pytest.mark.browser

AUTH = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "long and random"
client_id = "alignment"
client_secret = "s"
server_metadata_url = "http://localhost:1/.well-known/openid-configuration"
"""
HEADER = "X-Forwarded-Email"
PROXY = {"server.trustedUserHeaders": json.dumps({HEADER: "email"})}
REFUSED = "Alignment is not configured to serve"
DATA = "Where the chain breaks"  # the Overview's first section


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """One demo database for every server of this module (each server opens it alone)."""
    path = tmp_path_factory.mktemp("configuration") / "demo.duckdb"
    bootstrap.ready_connection(path)
    db.close_shared()
    return path


def served(path, folder, secrets=None, options=None, env=None):
    """A server on the database ``path`` with ``secrets`` as its secrets file (in ``folder``)
    and the given options."""
    secrets_file = folder / "secrets.toml"
    if secrets is not None:
        secrets_file.write_text(secrets)
    return started_server(path, folder / "server.log",
                          {"secrets.files": str(secrets_file), **(options or {})}, env)


# the configuration → what the refusal says (besides its title)
@pytest.mark.parametrize(("secrets", "options", "env", "says"), [
    (AUTH.replace("[auth]", "[Auth]"), {}, {}, "has a section [Auth], but sign-in reads only"),
    (AUTH.replace('"alignment"', "alignment"), {}, {}, "is not valid TOML: Invalid value"),
    ("\n".join(AUTH.splitlines()[:3]), {}, {},
     "lacks client_id, client_secret, server_metadata_url"),
    (None, PROXY, {}, "ALIGNMENT_TRUSTED_HEADER is not set"),
    (None, {}, {HEADER_ENV: HEADER}, "does not map that header to email"),
    (None, {"server.address": "0.0.0.0"}, {}, "listens on 0.0.0.0, which other machines"),
], ids=["auth-misspelled", "toml-syntax", "auth-incomplete", "headers-without-variable",
        "variable-without-headers", "local-mode-on-every-interface"])
def test_a_misconfigured_server_refuses_with_the_reason(
        demo_path, tmp_path, page, secrets, options, env, says):
    server = served(demo_path, tmp_path, secrets, options, env)
    try:
        page.goto(server.url)
        page.get_by_text(REFUSED).wait_for()
        page.get_by_text(says, exact=False).wait_for()
        if secrets is not None:  # the file is named as the admin finds it, not by its folders
            assert page.get_by_text("secrets.toml", exact=False).count() == 1
            assert str(tmp_path.parent) not in page.inner_text("body")
        assert page.get_by_text(DATA).count() == 0
        assert page.locator(".st-key-nav").count() == 0
        assert page.get_by_text("Local mode", exact=False).count() == 0
        page.goto(f"{server.url}/people")  # a page's own URL refuses as well
        page.get_by_text(REFUSED).wait_for()
        assert page.get_by_text("Every table as stored").count() == 0
        assert "refusing to serve" in server.log.read_text()
    finally:
        stopped(server)


def test_local_mode_for_other_machines_is_served_when_said_on_purpose(demo_path, tmp_path, page):
    server = served(demo_path, tmp_path, options={"server.address": "0.0.0.0"},
                    env={OPEN_LOCAL_ENV: "1"})
    try:
        page.goto(server.url)
        page.get_by_text(DATA).wait_for()
        page.get_by_text("Local mode", exact=False).wait_for()
        assert page.get_by_text(REFUSED).count() == 0
    finally:
        stopped(server)


def rendered(url: str, headers: list[tuple[str, str]]) -> str:
    """Every message of one run of the root page, as a browser with ``headers`` gets them.

    A browser cannot send a header twice; a proxy that adds its own to the client's does.
    """
    address = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(address, subprotocols=["streamlit"], origin=url,
                 additional_headers=headers) as socket:
        rerun = BackMsg(rerun_script=ClientState(query_string="", page_script_hash=""))
        socket.send(rerun.SerializeToString())
        messages = []
        while True:
            message = ForwardMsg.FromString(socket.recv(timeout=60))
            messages.append(str(message))
            if message.WhichOneof("type") == "script_finished":
                return "\n".join(messages)


@pytest.fixture(scope="module")
def proxy_server(demo_path, tmp_path_factory):
    """A server in trusted-header mode on a copy of the demo, whose People page lists nobody:
    an e-mail that gets through is told to ask for access."""
    folder = tmp_path_factory.mktemp("proxy")
    path = folder / "demo.duckdb"
    shutil.copy(demo_path, path)
    server = served(path, folder, options=PROXY, env={HEADER_ENV: HEADER})
    yield server
    stopped(server)


# the identity headers a request carries → whether the app refuses it as ambiguous
@pytest.mark.parametrize(("headers", "refused"), [
    ([(HEADER, "stranger@example.org")], False),
    ([(HEADER, "me@example.org"), (HEADER, "stranger@example.org")], True),
    ([(HEADER, "me@example.org, stranger@example.org")], True),
    ([(HEADER, "me@example.org"), (HEADER.lower(), "stranger@example.org")], True),
])
def test_a_request_with_the_identity_header_twice_is_refused(proxy_server, headers, refused):
    shown = rendered(proxy_server.url, headers)
    assert ("carried the identity header" in shown) == refused
    assert "Ask your admin for access" in shown  # the title; and nothing of the data
    assert ("has no role in Alignment yet" in shown) == (not refused)
    assert DATA not in shown

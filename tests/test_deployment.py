"""Local mode, where every visitor is admin, only by choice: each misconfiguration is refused."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from alignment.deployment import is_loopback, refusals

ROOT = Path(__file__).resolve().parents[1]

COMPLETE_AUTH = """[auth]
redirect_uri = "https://alignment.example.org/oauth2callback"
cookie_secret = "long and random"
client_id = "alignment"
client_secret = "s"
server_metadata_url = "https://login.example.org/.well-known/openid-configuration"
"""
HEADERS = {"X-Forwarded-Email": "email"}
LOCAL = "localhost"


# secrets file text (None: no file), trusted headers, header variable, address, open variable
# → the refusals (key and the parameters that say what is wrong)
@pytest.mark.parametrize(("secrets", "headers", "header", "address", "open_local", "expected"), [
    # local mode on this machine only: the deliberate developer's setting
    (None, None, None, LOCAL, None, []),
    (None, {}, None, "127.0.0.1", None, []),
    (None, None, None, "::1", None, []),
    # local mode on an address others reach, unless said on purpose
    (None, None, None, None, None, [("local_mode_open", {"address": "0.0.0.0"})]),
    (None, None, None, "0.0.0.0", None, [("local_mode_open", {"address": "0.0.0.0"})]),
    (None, None, None, "alignment.example.org", None,
     [("local_mode_open", {"address": "alignment.example.org"})]),
    (None, None, None, "0.0.0.0", "1", []),
    (None, None, None, "0.0.0.0", "yes", [("local_mode_open", {"address": "0.0.0.0"})]),
    # sign-in configured and sound: any address
    (COMPLETE_AUTH, None, None, "0.0.0.0", None, []),
    (None, HEADERS, "X-Forwarded-Email", "0.0.0.0", None, []),
    (None, {"x-forwarded-email": "email"}, "X-Forwarded-Email", LOCAL, None, []),
    (COMPLETE_AUTH.replace("[auth]", "[auth]\nexpose_tokens = []"), None, None, LOCAL, None, []),
    # sign-in configured but broken: refused whatever the address, saying where and what
    (COMPLETE_AUTH.replace("[auth]", "[Auth]"), None, None, LOCAL, None,
     [("auth_misspelled", {"section": "Auth"})]),
    (COMPLETE_AUTH.replace("[auth]", "[AUTH]"), None, None, "0.0.0.0", None,
     [("auth_misspelled", {"section": "AUTH"})]),
    (COMPLETE_AUTH.replace('client_id = "alignment"', "client_id = alignment"), None, None,
     LOCAL, None, [("secrets_syntax", {})]),
    ("\n".join(COMPLETE_AUTH.splitlines()[:3]), None, None, LOCAL, None,
     [("auth_incomplete", {"keys": "client_id, client_secret, server_metadata_url"})]),
    (COMPLETE_AUTH.replace('cookie_secret = "long and random"', 'cookie_secret = ""'), None,
     None, LOCAL, None, [("auth_incomplete", {"keys": "cookie_secret"})]),
    ('auth = "on"\n', None, None, LOCAL, None, [("auth_not_a_section", {})]),
    (None, HEADERS, None, LOCAL, None,
     [("headers_without_variable", {"headers": "X-Forwarded-Email"})]),
    (None, None, "X-Forwarded-Email", LOCAL, None,
     [("variable_without_header", {"header": "X-Forwarded-Email"})]),
    (None, {"X-Forwarded-Email": "name"}, "X-Forwarded-Email", LOCAL, None,
     [("variable_without_header", {"header": "X-Forwarded-Email"})]),
])
def test_the_configuration_is_served_or_refused_with_its_reason(
        tmp_path, secrets, headers, header, address, open_local, expected):
    path = tmp_path / "secrets.toml"
    if secrets is not None:
        path.write_text(secrets)
    found = refusals(secrets_files=[str(tmp_path / "absent.toml"), str(path)],
                     trusted_headers=headers, header=header, address=address,
                     open_local=open_local)
    assert [r.key for r in found] == [key for key, _ in expected]
    for refusal, (key, params) in zip(found, expected, strict=True):
        assert params.items() <= refusal.params.items(), refusal
        if key.startswith(("secrets", "auth")):
            assert refusal.params["file"] == str(path)
    if expected and expected[0][0] == "secrets_syntax":
        assert "line 4" in found[0].params["error"]


def test_a_folder_of_secrets_is_left_to_streamlit(tmp_path):
    assert refusals(secrets_files=[str(tmp_path)], trusted_headers=None, header=None,
                    address=LOCAL, open_local=None) == []


def test_the_shipped_configuration_serves_this_machine_only_and_hides_tracebacks():
    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert is_loopback(shipped["server"]["address"])
    # "false" would still show tracebacks ("stacktrace"); only "none" shows no detail at all
    assert shipped["client"]["showErrorDetails"] == "none"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text().splitlines()

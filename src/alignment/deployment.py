"""Whether the app may serve as configured: local mode (every visitor admin) only by choice.

The sign-in mode follows the configuration (see ``alignment.ui.identity``). A typo there must
not quietly turn into local mode, so sign-in configuration that is present but broken, and
local mode on an address other machines reach, are refusals: the app shows only what is wrong
and where, and no data. Each refusal is a message key of the ``[configuration]`` section with
its parameters, so the reader gets it in their language.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

AUTH_SECTION = "auth"
# what ``st.login()`` (the default provider) needs in ``[auth]``
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret",
             "server_metadata_url")
OPEN_LOCAL_ENV = "ALIGNMENT_OPEN_LOCAL_MODE"
LOOPBACK_NAMES = ("localhost",)
# every refusal, each a message key of ``[configuration]``
REFUSALS = ("secrets_syntax", "auth_misspelled", "auth_not_a_section", "auth_incomplete",
            "headers_without_variable", "variable_without_header", "local_mode_open")


@dataclass(frozen=True)
class Refusal:
    """Why the app will not serve: a message key of ``[configuration]`` and its parameters."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


def _secrets_file(path: Path) -> tuple[dict, list[Refusal]]:
    """One secrets file's contents (empty when absent) and what is wrong with its sign-in part."""
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, IsADirectoryError):  # absent, or a folder of Kubernetes secrets
        return {}, []
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {}, [Refusal("secrets_syntax", {"file": str(path), "error": str(error)})]
    auth = secrets.get(AUTH_SECTION)
    if auth is None:
        return secrets, [Refusal("auth_misspelled", {"file": str(path), "section": name})
                         for name in secrets if name.strip().lower() == AUTH_SECTION]
    if not isinstance(auth, Mapping):
        return secrets, [Refusal("auth_not_a_section", {"file": str(path)})]
    missing = [key for key in AUTH_KEYS if not auth.get(key)]
    if missing:
        return secrets, [Refusal("auth_incomplete",
                                 {"file": str(path), "keys": ", ".join(missing)})]
    return secrets, []


def is_loopback(address: str | None) -> bool:
    """Whether a server listening on ``address`` is reachable from this machine only.

    >>> [is_loopback(a) for a in ("localhost", "127.0.0.1", "::1", "0.0.0.0", "", None)]
    [True, True, True, False, False, False]
    """
    if not address:  # Streamlit listens on every interface
        return False
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:  # a host name: other machines may resolve it too
        return False


def refusals(*, secrets_files: Iterable[str], trusted_headers: Mapping[str, str] | None,
             header: str | None, address: str | None, open_local: str | None) -> list[Refusal]:
    """Everything that keeps the app from serving with this configuration; empty when it may.

    ``secrets_files`` are Streamlit's ``secrets.files``; ``trusted_headers`` its
    ``server.trustedUserHeaders``; ``header`` the ``ALIGNMENT_TRUSTED_HEADER`` variable;
    ``address`` its ``server.address``; ``open_local`` the ``ALIGNMENT_OPEN_LOCAL_MODE``
    variable ("1" to serve local mode to other machines on purpose).
    """
    found, signs_in = [], bool(header)
    for path in secrets_files:
        secrets, wrong = _secrets_file(Path(path))
        found += wrong
        signs_in = signs_in or AUTH_SECTION in secrets
    mapped = {name.lower(): key for name, key in (trusted_headers or {}).items()}
    if mapped and not header:
        found.append(Refusal("headers_without_variable",
                             {"headers": ", ".join(trusted_headers or {})}))
    if header and mapped.get(header.lower()) != "email":
        found.append(Refusal("variable_without_header", {"header": header}))
    if not found and not signs_in and not is_loopback(address) and open_local != "1":
        found.append(Refusal("local_mode_open", {"address": address or "0.0.0.0"}))
    return found


"""Who is looking: OIDC sign-in, a trusted proxy's e-mail header, or the local admin.

The mode follows the configuration, in this order of preference:

1. an ``[auth]`` section in ``.streamlit/secrets.toml`` → OIDC through ``st.login``;
2. the environment variable ``ALIGNMENT_TRUSTED_HEADER`` → the e-mail a reverse proxy puts in
   that header, mapped to ``st.user.email`` by ``server.trustedUserHeaders``;
3. neither → local mode: one local admin, said in a banner on every page.

Local mode is a choice, never a fallback: sign-in configuration that is present but broken,
or local mode on an address other machines reach, shows only what is wrong
(``alignment.deployment``). A request carrying the identity header twice is refused too.
A signed-in e-mail missing from the people table sees "ask your admin for access" and
nothing else.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import streamlit as st

from alignment import access, deployment, queries
from alignment.access import LOCAL_ADMIN, Person
from alignment.markdown import plain
from alignment.ui.cached import CachedReads
from alignment.ui.failures import failures_said
from alignment.ui.i18n import current_language, enum, t

_log = logging.getLogger(__name__)

HEADER_ENV = "ALIGNMENT_TRUSTED_HEADER"
OIDC, TRUSTED_HEADER, LOCAL = "oidc", "trusted_header", "local"


def _auth_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` holds an ``[auth]`` section."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def identity_mode() -> str:
    """``oidc``, ``trusted_header`` or ``local``, from the configuration."""
    if _auth_configured():
        return OIDC
    if os.environ.get(HEADER_ENV):
        return TRUSTED_HEADER
    return LOCAL


def _shown_path(path: str) -> str:
    """A configuration file as an admin finds it: from the app's folder, or from ``~``."""
    resolved = Path(path).expanduser().resolve()
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        if resolved.is_relative_to(base):
            return prefix + resolved.relative_to(base).as_posix()
    return resolved.name


def configuration_refusals() -> list[deployment.Refusal]:
    """What keeps the app from serving with the configuration it was started with."""
    return deployment.refusals(
        secrets_files=st.get_option("secrets.files"),
        trusted_headers=st.get_option("server.trustedUserHeaders"),
        header=os.environ.get(HEADER_ENV),
        address=st.get_option("server.address"),
        open_local=os.environ.get(deployment.OPEN_LOCAL_ENV),
    )


def _refused_configuration(refusals: list[deployment.Refusal]) -> None:
    _log.error("refusing to serve: %s", refusals)
    st.title(t("configuration.title"))
    for refusal in refusals:
        params = {name: plain(_shown_path(value) if name == "file" else value)
                  for name, value in refusal.params.items()}
        st.error(t(f"configuration.{refusal.key}", **params), icon=":material/settings:")
    st.caption(t("configuration.restart"))


def _identity_headers() -> list[str]:
    """Every value of the trusted identity header in this request (one, from a sound proxy)."""
    try:
        return st.context.headers.get_all(os.environ[HEADER_ENV])
    except (AttributeError, RuntimeError):  # no browser behind this run
        return []


def _sign_in_page() -> None:
    st.title(t("app.name"))
    st.write(t("identity.sign_in_intro"))
    if st.button(t("identity.sign_in"), type="primary", icon=":material/login:", key="sign_in"):
        st.login()


def _sign_out_button() -> None:
    if st.button(t("identity.sign_out"), icon=":material/logout:", key="sign_out"):
        st.logout()


def _no_access_page(email: str | None, mode: str) -> None:
    st.title(t("identity.no_access_title"))
    if email:
        st.warning(t("identity.no_access", email=plain(email)), icon=":material/lock:")
    else:
        st.warning(t("identity.no_email"), icon=":material/lock:")
    if mode == OIDC:
        _sign_out_button()


def signed_in_person(reads: CachedReads) -> Person:
    """The person using the app; shows the sign-in or no-access page and stops if there is none.

    A configuration the app refuses to serve with shows what is wrong instead, and stops.
    """
    refusals = configuration_refusals()
    if refusals:
        _refused_configuration(refusals)
        st.stop()
    mode = identity_mode()
    if mode == LOCAL:
        return LOCAL_ADMIN
    if mode == OIDC and not st.user.is_logged_in:
        _sign_in_page()
        st.stop()
    if mode == TRUSTED_HEADER:
        values = _identity_headers()
        # a proxy that adds its header instead of replacing it lets the client's own come
        # first, and Streamlit believes the first
        if len(values) > 1 or any("," in value for value in values):
            _log.warning("refused a request with %d values of %s", len(values),
                         os.environ[HEADER_ENV])
            st.title(t("identity.no_access_title"))
            st.error(t("identity.header_twice", header=plain(os.environ[HEADER_ENV])),
                     icon=":material/lock:")
            st.stop()
    email = st.user.get("email")
    with failures_said():  # the database unreachable (restarting) is said, as on every page
        person = (access.person_from(reads.cached(queries.person_record, email))
                  if email else None)
    if person is None:
        _no_access_page(email if isinstance(email, str) else None, mode)
        st.stop()
    return person


def identity_sidebar(person: Person) -> None:
    """Who is signed in and in which role (with sign-out), or the local-mode banner."""
    mode = identity_mode()
    with st.sidebar:
        if mode == LOCAL:
            st.info(t("identity.local_banner"), icon=":material/person:")
            return
        role = enum("person_role", person.role)
        if person.team_id:
            st.caption(t("identity.signed_in_team", name=plain(person.name),
                         email=plain(person.email), role=role, team=plain(person.team_id)))
        else:
            st.caption(t("identity.signed_in", name=plain(person.name),
                         email=plain(person.email), role=role))
        if mode == OIDC:
            _sign_out_button()


def refused_page(person: Person) -> None:
    """The page shown instead of one the person's role may not open."""
    st.title(t("identity.refused_title"))
    st.error(t("identity.refused", role=enum("person_role", person.role),
               may=access.role_description(person.role, current_language())),
             icon=":material/block:")

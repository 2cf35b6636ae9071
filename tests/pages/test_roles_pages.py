"""Each role opening each page through AppTest, signed in through a trusted proxy's header.

Switching to a page that the role's navigation does not list still runs the page's file,
as a page URL opened first on a fresh server does: the page's own check must refuse it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from alignment import bootstrap, db
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed
from alignment.markdown import plain
from alignment.ui.identity import HEADER_ENV
from tests.pages.conftest import ROOT

PEOPLE = ("email,name,role,team_id\n"
          "ada@example.org,Ada,admin,\n"
          "lea@example.org,Lea,leader,\n"
          "mo@example.org,Mo,member,BZ-PAS\n"
          "cor@example.org,Cor,coach,\n"
          "gone@example.org,Gone,leader,\n")  # removed by one test; no other test uses it
COACH_TEAMS = "email,team_id\ncor@example.org,BZ-AFS\n"
EMAILS = {"admin": "ada@example.org", "leader": "lea@example.org", "member": "mo@example.org",
          "coach": "cor@example.org"}

# page → the roles that may open it
PAGE_TABLE = {
    "overview": "admin leader member coach",
    "strategy": "admin leader member coach",
    "portfolio": "admin leader member coach",
    "teams": "admin leader member coach",
    "learning": "admin leader member coach",
    "experiments": "admin leader member coach",
    "coach_overview": "admin leader member coach",
    "upload": "admin member",
    "session": "admin coach",
    "reference_data": "admin",
    "database": "admin",
    "people": "admin",
}


@pytest.fixture(scope="module")
def people_db(tmp_path_factory):
    """A demo database with one person of each role, and the coach assigned to BZ-AFS."""
    path = tmp_path_factory.mktemp("roles") / "roles.duckdb"
    con = bootstrap.ready_connection(path)
    for kind, text in (("people", PEOPLE), ("coach_teams", COACH_TEAMS)):
        outcome = upload_committed(con, kind, f"{kind}.csv", text.encode(), actor=DEMO_LOADER,
                                   today=dt.date.today())
        assert not outcome.blocked, outcome.errors
    # left open: closing the shared connections would close the other page tests' demo too
    return path


@pytest.fixture
def proxy_header(monkeypatch):
    """The proxy's e-mail header named to the app and mapped to ``st.user.email``."""
    monkeypatch.setenv(HEADER_ENV, "X-Forwarded-Email")
    before = config.get_option("server.trustedUserHeaders")
    config.set_option("server.trustedUserHeaders", {"X-Forwarded-Email": "email"})
    yield
    config.set_option("server.trustedUserHeaders", before)


@pytest.fixture
def signed_in(people_db, monkeypatch, proxy_header):
    """A function running the app switched to one page as the person with ``email``."""
    monkeypatch.setenv(db.ENV_VAR, str(people_db))

    def run(page: str, email: str, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.user = {"email": email}
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page(f"pages/{page}.py")
        return at.run()

    return run


def refused(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Not for your role"]


@pytest.mark.parametrize("role", EMAILS)
@pytest.mark.parametrize("page", PAGE_TABLE)
def test_each_role_opens_exactly_its_pages(signed_in, page, role):
    at = signed_in(page, EMAILS[role])
    assert not at.exception
    allowed = role in PAGE_TABLE[page].split()
    assert refused(at) == (not allowed)
    if not allowed:
        assert "may not open this page" in at.error[0].value
        assert len(at.main.children) <= 2  # the title and the refusal, nothing of the page
    signed = [c.value for c in at.sidebar.caption if c.value.startswith("Signed in as")]
    assert signed and plain(EMAILS[role]) in signed[0] and role in signed[0]


@pytest.mark.parametrize(("role", "sees_the_folder"), [
    ("admin", True), ("leader", False), ("member", False), ("coach", False)])
def test_only_an_admin_sees_where_the_database_lives(signed_in, people_db, role,
                                                     sees_the_folder):
    at = signed_in("overview", EMAILS[role])
    [caption] = [c for c in at.sidebar.caption if c.value.startswith("Database:")]
    assert caption.value == f"Database: `{people_db.name}`"
    assert (caption.proto.help == str(people_db)) == sees_the_folder
    assert str(people_db.parent) not in caption.value


@pytest.mark.parametrize("email", ["stranger@example.org", ""])
def test_an_unknown_or_missing_email_is_told_to_ask_an_admin(signed_in, email):
    at = signed_in("overview", email)
    assert not at.exception
    assert [t.value for t in at.title] == ["Ask your admin for access"]
    assert not at.metric and not at.sidebar.caption


def test_the_email_is_matched_whatever_its_case(signed_in):
    at = signed_in("people", "ADA@Example.org")
    assert not at.exception and not refused(at)


def test_a_coach_picks_only_the_teams_assigned_to_them(signed_in):
    at = signed_in("session", EMAILS["coach"])
    assert at.selectbox(key="session_team").options == ["Team Afspraken (BZ-AFS)"]
    other = signed_in("session", EMAILS["coach"], team="BZ-PAS")
    assert other.selectbox(key="session_team").value is None


def test_only_leaders_and_admins_see_the_decision_form(signed_in):
    forms = {role: "Record a governance decision" in [
                 s.value for s in signed_in("learning", email).subheader]
             for role, email in EMAILS.items()}
    assert forms == {"admin": True, "leader": True, "member": False, "coach": False}


def test_a_member_uploads_for_their_own_team_only(signed_in):
    at = signed_in("upload", EMAILS["member"])
    assert any("BZ-PAS" in i.value for i in at.info)
    header = "experiment_id;team_id;title;hypothesis;status;lean_lens\n"
    foreign = header + "AFS-900;BZ-AFS;Andermans proef;We geloven dat;idea;flow\n"
    at.file_uploader[0].set_value(("team.csv", foreign.encode(), "text/csv"))
    at.run()
    assert not at.exception
    assert any("nothing was written" in e.value for e in at.error)
    assert "confirm_experiments" not in [b.key for b in at.button]


def test_the_entry_script_serves_the_overview_to_a_leader(signed_in):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"email": EMAILS["leader"]}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title][:1] == ["Overview"]


@pytest.fixture
def oidc(people_db, monkeypatch):
    """A function running the Overview in OIDC mode (an ``[auth]`` secret) as ``user``."""
    monkeypatch.setenv(db.ENV_VAR, str(people_db))
    monkeypatch.delenv(HEADER_ENV, raising=False)

    def run(user: dict) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.secrets["auth"] = {"client_id": "alignment", "client_secret": "s",
                              "server_metadata_url": "http://localhost:1/.well-known/x",
                              "redirect_uri": "http://localhost:8501/oauth2callback",
                              "cookie_secret": "c"}
        at.user = user
        return at.run()

    return run


def test_oidc_mode_asks_to_sign_in_first(oidc):
    at = oidc({"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric


def test_oidc_mode_shows_the_signed_in_person_with_a_sign_out_button(oidc):
    at = oidc({"is_logged_in": True, "email": EMAILS["leader"], "name": "Lea"})
    assert not at.exception
    assert [t.value for t in at.title][:1] == ["Overview"]
    assert "Sign out" in [b.label for b in at.sidebar.button]


def test_oidc_mode_sends_an_unknown_account_to_its_admin(oidc):
    at = oidc({"is_logged_in": True, "email": "stranger@example.org"})
    assert [t.value for t in at.title] == ["Ask your admin for access"]
    assert [b.label for b in at.button] == ["Sign out"]


def test_local_mode_says_so_in_a_banner(people_db, monkeypatch):
    monkeypatch.setenv(db.ENV_VAR, str(people_db))
    monkeypatch.delenv(HEADER_ENV, raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/people.py")
    at.run()
    assert not at.exception
    assert any(i.value.startswith("**Local mode**: you are the local admin")
               for i in at.sidebar.info)


def test_an_admin_removes_access_on_the_people_page(signed_in, people_db):
    at = signed_in("people", EMAILS["admin"])
    assert EMAILS["admin"] not in at.selectbox(key="person_to_remove").options
    at.selectbox(key="person_to_remove").set_value("gone@example.org").run()
    at.button(key="remove_person").click().run()
    assert not at.exception
    assert any(f"{plain('gone@example.org')} no longer has access" in s.value
               for s in at.success)
    gone = signed_in("overview", "gone@example.org")
    assert [t.value for t in gone.title] == ["Ask your admin for access"]


@pytest.mark.parametrize(("lang", "title", "signed", "says"), [
    ("nl", "Niet voor jouw rol",
     f"Ingelogd als **Lea** ({plain('lea@example.org')}) — leidinggevende",
     "Jouw rol (leidinggevende) mag deze pagina niet openen: een leidinggevende heeft alle "
     "weergaven;"),
    ("en", "Not for your role", f"Signed in as **Lea** ({plain('lea@example.org')}) — leader",
     "Your role (leader) may not open this page: a leader has all views;"),
])
def test_the_refusal_and_who_is_signed_in_speak_the_reader_s_language(
        signed_in, lang, title, signed, says):
    at = signed_in("people", EMAILS["leader"], lang=lang)
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    assert at.error[0].value.startswith(says)
    assert signed in [c.value for c in at.sidebar.caption]


def test_no_access_is_said_in_dutch(signed_in):
    at = signed_in("overview", "stranger@example.org", lang="nl")
    assert [t.value for t in at.title] == ["Vraag je beheerder om toegang"]
    stranger = plain("stranger@example.org")
    assert at.warning[0].value.startswith(f"Je bent ingelogd als **{stranger}**")

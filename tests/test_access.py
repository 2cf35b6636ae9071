"""Roles: which role opens which page, and which write each role may make, on a real database."""

from __future__ import annotations

import datetime as dt

import pytest

from alignment import access, queries, sitemap, store
from alignment.access import LOCAL_ADMIN, Person
from alignment.ingest.pipeline import DEMO_LOADER, upload_committed, upload_preview
from alignment.session.record import NewSession
from alignment.sitemap import PAGES
from alignment.store import people as store_people
from alignment.store import sessions as store_sessions
from alignment.ui.navigation import pages_by_section
from tests.conftest import AS_OF, stored

NOW = dt.datetime(2026, 11, 15, 10, 30)
ADMIN = Person("ada@example.org", "Ada", "admin")
LEADER = Person("lea@example.org", "Lea", "leader")
MEMBER = Person("mo@example.org", "Mo", "member", team_id="T1")
COACH = Person("cor@example.org", "Cor", "coach", coach_team_ids=frozenset({"T1"}))
ROLES = {"admin": ADMIN, "leader": LEADER, "member": MEMBER, "coach": COACH}

VIEWS = ["overview", "strategy", "portfolio", "teams", "learning", "experiments",
         "coach_overview"]

# page → the roles that may open it (admin, leader, member, coach)
PAGE_TABLE = {
    **{page: "admin leader member coach" for page in VIEWS},
    "upload": "admin member",
    "session": "admin coach",
    "join": "admin leader member coach",
    "reference_data": "admin",
    "database": "admin",
    "people": "admin",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGE_TABLE)
def test_each_role_opens_exactly_its_pages(page, role):
    assert sitemap.may_open(ROLES[role], f"pages/{page}.py") == (role in PAGE_TABLE[page].split())
    # the same answer for the absolute path a page passes as __file__
    assert sitemap.may_open(ROLES[role], f"/srv/app/pages/{page}.py") == sitemap.may_open(
        ROLES[role], f"pages/{page}.py")


def test_the_table_covers_every_registered_page():
    assert sorted(f"pages/{page}.py" for page in PAGE_TABLE) == sorted(p.path for p in PAGES)


@pytest.mark.parametrize("role", ROLES)
def test_navigation_lists_only_the_pages_a_role_may_open(role):
    listed = [p.url_path for pages in pages_by_section(ROLES[role]).values() for p in pages]
    assert sorted(listed) == sorted(p for p, roles in PAGE_TABLE.items() if role in roles.split())


def test_an_unregistered_page_is_admin_only():
    assert sitemap.may_open(ADMIN, "pages/new.py")
    assert not sitemap.may_open(LEADER, "pages/new.py")


def test_local_mode_is_one_admin():
    assert LOCAL_ADMIN.role == "admin"
    assert all(sitemap.may_open(LOCAL_ADMIN, p.path) for p in PAGES)


# ----------------------------------------------------------------------------- writes


TEAMS = [{"team_id": "T1", "name": "Team Parkeren"}, {"team_id": "T2", "name": "Team Loket"}]
EXPERIMENTS = [
    {"experiment_id": "E1", "team_id": "T1", "title": "Sms bij de balie",
     "hypothesis": "We believe", "status": "done", "lean_lens": "flow",
     "start_date": dt.date(2026, 9, 1), "end_date": dt.date(2026, 10, 1), "observed": 1.0,
     "result": "validated", "learning": "It works"},
    {"experiment_id": "E2", "team_id": "T2", "title": "Loket open op zaterdag",
     "hypothesis": "We believe", "status": "idea", "lean_lens": "value"},
]
HEADER = "experiment_id,team_id,title,hypothesis,status,lean_lens\n"


def experiment_row(experiment_id: str, team: str) -> str:
    return f"{experiment_id},{team},Nieuwe proef {experiment_id},We geloven dat,idea,waste\n"


@pytest.fixture
def org(con):
    stored(con, teams=TEAMS, experiments=EXPERIMENTS)
    return con


def content(con) -> dict[str, list[str]]:
    """Every row of every table the writes touch: what 'nothing was written' compares."""
    return {table: sorted(map(repr, queries.table_rows(con, table, 10**6)
                              .itertuples(index=False)))
            for table in ("experiments", "experiment_teams", "sessions", "actions", "uploads",
                          "change_log")}


def upload(con, person: Person, text: str):
    return upload_committed(con, "experiments", "team.csv", text.encode(), actor=person,
                            today=AS_OF, now=NOW)


def decide(con, person: Person):
    return store.saved_decision(con, "E1", "scale", "portfolio", AS_OF, "Works for everyone",
                                person, NOW)


def run_session(team: str):
    def write(con, person: Person):
        session = NewSession(team_id=team, held_on=AS_OF, kind="retro",
                             discussed=frozenset({"results"}), averages={}, notes="")
        return store_sessions.saved_session(con, session, [], person, NOW)
    return write


ACTIONS = {
    "upload own team": lambda con, p: upload(con, p, HEADER + experiment_row("T1-9", "T1")),
    "upload other team": lambda con, p: upload(con, p, HEADER + experiment_row("T2-9", "T2")),
    "record decision": decide,
    "session own team": run_session("T1"),
    "session other team": run_session("T2"),
}

# action → the roles whose write goes through; every other role is refused, nothing written
ACTION_TABLE = {
    "upload own team": "admin member",
    "upload other team": "admin",
    "record decision": "admin leader",
    "session own team": "admin coach",
    "session other team": "admin",
}


def refused(action, con, person) -> bool:
    """Whether the write was refused: an upload reports errors, the others raise."""
    try:
        result = action(con, person)
    except PermissionError:
        return True
    return bool(getattr(result, "blocked", False))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTION_TABLE)
def test_each_role_may_make_exactly_its_writes(org, action, role):
    before = content(org)
    allowed = role in ACTION_TABLE[action].split()
    assert refused(ACTIONS[action], org, ROLES[role]) == (not allowed)
    after = content(org)
    if allowed:
        assert after != before
        authors = set(queries.table_rows(org, "change_log", 10**6)["changed_by"])
        assert authors == {ROLES[role].email}
    else:
        assert after == before


def test_the_audit_names_the_acting_person(org):
    upload(org, MEMBER, HEADER + experiment_row("T1-9", "T1"))
    run_session("T1")(org, COACH)
    uploads = queries.table_rows(org, "uploads")
    assert list(zip(uploads["uploaded_by"], uploads["team_id"], strict=True)) == [
        ("mo@example.org", "T1")]
    sessions = queries.table_rows(org, "sessions")
    assert list(sessions["facilitator"]) == ["cor@example.org"]


def test_a_coach_closes_only_actions_of_their_teams(org):
    stored(org, sessions=[{"session_id": "S-1", "team_id": "T2", "held_on": AS_OF,
                           "kind": "retro", "covered_results": True,
                           "covered_collaboration": False, "covered_safety": False}],
           actions=[{"action_id": "A-1", "session_id": "S-1", "owner_team_id": "T2",
                     "description": "Bel de balie", "status": "open"}])
    before = content(org)
    with pytest.raises(PermissionError):
        store_sessions.closed_action(org, "A-1", "done", AS_OF, COACH, NOW)
    assert content(org) == before
    other = Person("cas@example.org", "Cas", "coach", coach_team_ids=frozenset({"T2"}))
    assert store_sessions.closed_action(org, "A-1", "done", AS_OF, other, NOW) == [
        "status", "closed_on"]


# ----------------------------------------------------------------------------- crafted files


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # one foreign row among own rows: the whole file is refused, naming that row
        ([("T1-8", "T1"), ("T2-8", "T2"), ("T1-9", "T1")], [(3, "team_id")]),
        # an own row that reuses an experiment_id another team owns
        ([("T1-8", "T1"), ("E2", "T1")], [(3, "experiment_id")]),
        # another team's experiment under its own team
        ([("E2", "T2")], [(2, "team_id")]),
    ],
)
def test_a_members_crafted_file_is_refused_whole(org, rows, expected):
    text = HEADER + "".join(experiment_row(eid, team) for eid, team in rows)
    before = content(org)
    preview = upload_preview(org, "experiments", "team.csv", text.encode(), AS_OF, actor=MEMBER)
    outcome = upload(org, MEMBER, text)
    for result in (preview, outcome):
        assert result.blocked and result.upload_id is None
        assert [(p.line, p.column) for p in result.errors] == expected
    assert content(org) == before


def test_an_admin_may_write_any_team(org):
    outcome = upload(org, ADMIN, HEADER + experiment_row("T1-8", "T1")
                     + experiment_row("T2-8", "T2"))
    assert (outcome.new, outcome.errors) == (2, [])
    assert queries.table_rows(org, "uploads")["team_id"].isna().all()


@pytest.mark.parametrize(
    ("person", "kind", "text"),
    [
        (MEMBER, "people", "email,role,team_id\nmo@example.org,admin,\n"),
        (LEADER, "experiments", HEADER + "T1-9,T1,Nieuwe proef,We geloven dat,idea,waste\n"),
        (COACH, "coach_teams", "email,team_id\ncor@example.org,T2\n"),
        (MEMBER, "teams", "team_id,name\nT3,Team Nieuw\n"),
    ],
    ids=["member-promotes-self", "leader-uploads", "coach-assigns-self", "member-adds-team"],
)
def test_only_admins_upload_anything_but_experiments(org, person, kind, text):
    before = content(org)
    outcome = upload_committed(org, kind, "file.csv", text.encode(), actor=person, today=AS_OF)
    assert outcome.blocked
    assert [(p.line, p.column) for p in outcome.errors][:1] == [(0, "")]
    assert content(org) == before
    assert queries.people_list(org).empty


def test_people_then_coach_teams_through_the_upload(org):
    people = ("email,name,role,team_id\nMo@Example.org,Mo,member,T1\n"
              "cor@example.org,Cor,coach,\nlea@example.org,Lea,leader,\n")
    assert not upload_committed(org, "people", "people.csv", people.encode(), actor=ADMIN,
                                today=AS_OF).blocked
    coach_teams = "email,team_id\ncor@example.org,T1\ncor@example.org,T2\n"
    first = upload_committed(org, "coach_teams", "coach.csv", coach_teams.encode(), actor=ADMIN,
                             today=AS_OF)
    again = upload_committed(org, "coach_teams", "coach.csv", coach_teams.encode(), actor=ADMIN,
                             today=AS_OF)
    assert (first.new, again.new, again.unchanged, again.upload_id) == (2, 0, 2, None)
    # the e-mail is found whatever its case, stored lowercased, with the coached teams
    assert access.person_from(queries.person_record(org, "MO@example.org")) == Person(
        "mo@example.org", "Mo", "member", "T1")
    assert access.person_from(queries.person_record(org, "cor@example.org")) == Person(
        "cor@example.org", "Cor", "coach", None, frozenset({"T1", "T2"}))
    assert access.person_from(queries.person_record(org, "nobody@example.org")) is None
    assert list(queries.people_list(org)["email"]) == [
        "cor@example.org", "lea@example.org", "mo@example.org"]


def test_a_coach_assignment_needs_a_coach(org):
    upload_committed(org, "people", "people.csv",
                     b"email,role\nlea@example.org,leader\n", actor=DEMO_LOADER, today=AS_OF)
    outcome = upload_committed(org, "coach_teams", "c.csv",
                               b"email,team_id\nlea@example.org,T1\nnew@example.org,T1\n",
                               actor=ADMIN, today=AS_OF)
    assert [(p.line, p.column, p.problem) for p in outcome.errors] == [
        (2, "email", "lea@example.org is a leader, not a coach"),
        (3, "email", "email new@example.org is not in people"),
    ]


def test_an_admin_removes_someones_access_and_the_log_keeps_who_they_were(org):
    upload_committed(org, "people", "p.csv",
                     b"email,name,role\ncor@example.org,Cor,coach\n", actor=ADMIN, today=AS_OF)
    upload_committed(org, "coach_teams", "c.csv", b"email,team_id\ncor@example.org,T1\n",
                     actor=ADMIN, today=AS_OF)
    for person, error in ((MEMBER, PermissionError), (ADMIN, KeyError)):
        with pytest.raises(error):
            store_people.removed_person(org, "cor@example.org" if person is MEMBER
                                        else "nobody@example.org", person, NOW)
    with pytest.raises(PermissionError):
        store_people.removed_person(org, ADMIN.email, ADMIN, NOW)
    assert store_people.removed_person(org, "cor@example.org", ADMIN, NOW) == ["T1"]
    assert queries.person_record(org, "cor@example.org").empty
    assert queries.coach_assignments(org).empty
    log = queries.table_rows(org, "change_log", 10**6)
    removed = log[log["changed_at"] == NOW]
    assert sorted(zip(removed["entity_id"], removed["field"], removed["old_value"].fillna(""),
                      removed["changed_by"], strict=True)) == [
        ("cor@example.org", "(removed)", "", ADMIN.email),
        ("cor@example.org", "name", "Cor", ADMIN.email),
        ("cor@example.org", "role", "coach", ADMIN.email),
        ("cor@example.org|T1", "(removed)", "T1", ADMIN.email),
    ]

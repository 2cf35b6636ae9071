"""Who may open which page and write what: roles as plain data, checks as pure functions.

No Streamlit and no SQL: the pages, the upload pipeline and the write functions all ask
these functions, so one table decides what a role may do everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from alignment.i18n import DEFAULT_LANGUAGE, translate
from alignment.problems import Problem, problem, said

ADMIN, LEADER, MEMBER, COACH = "admin", "leader", "member", "coach"
EVERYONE = frozenset({ADMIN, LEADER, MEMBER, COACH})


@dataclass(frozen=True)
class Person:
    """Someone signed in: their e-mail (the audit name), role, team (members) and coached teams."""

    email: str
    name: str
    role: str
    team_id: str | None = None
    coach_team_ids: frozenset[str] = field(default_factory=frozenset)


# Local mode has no sign-in: the one person is the admin, and the audit columns say so.
LOCAL_ADMIN = Person(email="local admin", name="Local admin", role=ADMIN)


def role_description(role: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """What ``role`` may do, in words of ``lang``, for the People page and the refusal message.

    >>> role_description("leader")
    'all views; records governance decisions on the Learning page; no uploads'
    """
    return translate(lang, f"role_description.{role}")


def may_upload_kind(person: Person, kind: str) -> bool:
    """Whether ``person`` may upload files of ``kind`` at all (members: experiments only)."""
    return person.role == ADMIN or (person.role == MEMBER and kind == "experiments")


def may_record_decision(person: Person) -> bool:
    """Whether ``person`` may record a governance decision on an experiment."""
    return person.role in (ADMIN, LEADER)


def may_run_session(person: Person, team_id: str | None) -> bool:
    """Whether ``person`` may capture a session (or close its actions) for ``team_id``."""
    if person.role == ADMIN:
        return True
    return person.role == COACH and team_id in person.coach_team_ids


def may_record_check_in(person: Person, goal_owner: str | None) -> bool:
    """Whether ``person`` may record a check-in on a goal's measure: an admin, or the person
    whose e-mail is the goal's owner (matched whatever its case)."""
    if person.role == ADMIN:
        return True
    return bool(goal_owner) and goal_owner.strip().lower() == person.email.strip().lower()


def session_teams(person: Person, team_ids: list[str]) -> list[str]:
    """Of ``team_ids``, those ``person`` may run sessions for, in the same order."""
    return [team for team in team_ids if may_run_session(person, team)]


def refused_rows(person: Person, kind: str, frame: pd.DataFrame) -> list[Problem]:
    """Why ``person`` may not write this file: an error per foreign row, or one for the file.

    ``frame`` is the reader's frame (text cells, ``line``). A member's file is refused whole
    when any row names another team. (An experiment_id another team owns is refused for
    everyone by the validator: "experiment_id … already belongs to team …".)

    >>> member = Person("ann@example.org", "Ann", "member", "PAY")
    >>> rows = pd.DataFrame({"team_id": ["PAY", "WEB"], "line": [2, 3]})
    >>> [(p.line, p.column) for p in refused_rows(member, "experiments", rows)]
    [(3, 'team_id')]
    """
    if person.role == ADMIN:
        return []
    if not may_upload_kind(person, kind):
        return [problem(0, "", kind,
                        said("problem.may_not_upload", role=said(f"enum.person_role.{person.role}"),
                             kind=said(f"kind.{kind}")),
                        said("problem.fix_may_not_upload"))]
    if "team_id" not in frame:
        return []  # the validator reports the missing required column
    own = person.team_id or ""
    lines = frame["line"] if "line" in frame else pd.Series(range(2, len(frame) + 2))
    return [
        problem(int(line), "team_id", team, said("problem.own_team_only", team=own),
                said("problem.fix_own_team_only", team=team))
        for line, team in zip(lines, frame["team_id"], strict=True)
        if isinstance(team, str) and team != own
    ]


def refused_decisions(rows: pd.DataFrame) -> list[Problem]:
    """An error per row whose decision a member's file may not set: one taken above the team.

    ``rows`` holds experiment_id, stored_scope, new_scope and line of each staged experiment
    whose decision differs from the stored one while either is above team scope; only a
    leader or an admin decides there (on the Learning flow & governance page).

    >>> rows = pd.DataFrame({"experiment_id": ["PAY-1"], "stored_scope": ["product"],
    ...                      "new_scope": ["team"], "line": [2]})
    >>> [(p.line, p.column, p.value) for p in refused_decisions(rows)]
    [(2, 'decision_scope', 'team')]
    """
    problems = []
    for row in rows.itertuples(index=False):
        stored = row.stored_scope if isinstance(row.stored_scope, str) else None
        new = row.new_scope if isinstance(row.new_scope, str) else ""
        scope = stored if stored not in (None, "team") else new
        problems.append(problem(
            int(row.line), "decision_scope", new,
            said("problem.decision_above_team", id=row.experiment_id,
                 scope=said(f"enum.decision_scope.{scope}")),
            said("problem.fix_decision_above_team")))
    return problems


def person_from(record: pd.DataFrame) -> Person | None:
    """The Person of a ``queries.person_record`` frame, or None when it has no row."""
    if record.empty:
        return None
    row = record.iloc[0]
    team = row["team_id"]
    coached = row["coach_team_ids"]
    return Person(
        email=str(row["email"]),
        name=str(row["name"]) if isinstance(row["name"], str) else str(row["email"]),
        role=str(row["role"]),
        team_id=team if isinstance(team, str) else None,
        coach_team_ids=frozenset(() if coached is None else [str(t) for t in coached]),
    )


# A figure over several teams' scores is shown to someone who may not see each team's own only
# when at least this many teams stand behind it: fewer, and a team's score could be read back.
MIN_TEAMS_FOR_AGGREGATE = 3


def may_see_scores(person: Person, team_id: str | None) -> bool:
    """Whether ``person`` may see ``team_id``'s own safety, ownership and energy scores: only
    an admin, the team's members and its coaches; a leader never sees a named team's.

    >>> may_see_scores(Person("lea@example.org", "Lea", "leader"), "PAY")
    False
    """
    if person.role == ADMIN:
        return True
    if person.role == MEMBER:
        return team_id is not None and team_id == person.team_id
    return person.role == COACH and team_id in person.coach_team_ids


def score_sight(person: Person) -> tuple[str, ...] | None:
    """The teams whose own scores ``person`` may see, sorted; None for every team (an admin).

    >>> score_sight(Person("mo@example.org", "Mo", "member", "PAY"))
    ('PAY',)
    """
    if person.role == ADMIN:
        return None
    if person.role == MEMBER:
        return (person.team_id,) if person.team_id else ()
    if person.role == COACH:
        return tuple(sorted(person.coach_team_ids))
    return ()

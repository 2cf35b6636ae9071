"""What a captured reflection session is, and the rules it must meet before anything is written.

Pure (no Streamlit, no database): the page builds a ``NewSession`` and ``NewAction``s from its
form, asks for their problems, and hands them to ``store.sessions`` only when there are none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from alignment.contract import SESSION_KINDS
from alignment.i18n import DEFAULT_LANGUAGE, translate
from alignment.problems import Said, choices, said

THEMES = ("results", "collaboration", "safety")
# Themes a session should not skip: results get discussed anyway, these two easily are not.
NUDGED_THEMES = ("collaboration", "safety")
CLOSING_STATUSES = ("done", "dropped")
DESCRIPTION_MAX_CHARS = 300


@dataclass(frozen=True)
class NewAction:
    """An action agreed in the session: who does what, by when, for which experiment."""

    owner_team_id: str
    description: str
    due_on: dt.date | None = None
    experiment_id: str | None = None


@dataclass(frozen=True)
class NewSession:
    """The record of one session: team averages only, never a single vote."""

    team_id: str
    held_on: dt.date
    kind: str
    discussed: frozenset[str] = frozenset()
    averages: Mapping[str, float | None] = field(default_factory=dict)
    notes: str | None = None

    def row(self) -> dict[str, object]:
        """The session's columns (without its id) as stored in ``sessions``."""
        return {
            "team_id": self.team_id, "held_on": self.held_on, "kind": self.kind,
            "covered_results": "results" in self.discussed,
            "covered_collaboration": "collaboration" in self.discussed,
            "covered_safety": "safety" in self.discussed,
            "safety": self.averages.get("safety"),
            "ownership": self.averages.get("ownership"),
            "energy": self.averages.get("energy"),
            "collaboration": self.averages.get("collaboration"),
            "notes": (self.notes or "").strip() or None,
        }


def skipped_themes(discussed: Iterable[str]) -> list[str]:
    """The nudged themes (collaboration, safety) the session did not discuss.

    >>> skipped_themes({"results", "safety"})
    ['collaboration']
    """
    chosen = set(discussed)
    return [theme for theme in NUDGED_THEMES if theme not in chosen]


def theme_label(lang: str, theme: str) -> str:
    """A theme of the session (``results``, ``collaboration``, ``safety``) as shown in ``lang``."""
    return translate(lang, f"theme.{theme}")


def nudge_text(skipped: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """The nudge shown when collaboration or safety was skipped, in ``lang``.

    >>> nudge_text(["collaboration", "safety"], "nl")[:48]
    'Deze sessie besprak samenwerking en veiligheid n'
    """
    names = translate(lang, "common.and").join(theme_label(lang, t).lower() for t in skipped)
    return translate(lang, "session_problem.nudge", names=names)


def entered_actions(rows: Iterable[Mapping[str, object]]) -> list[NewAction]:
    """The actions of the form's rows that have a description; blank rows are left out.

    Each row has ``description``, ``owner_team_id``, ``due_on`` and ``experiment_id`` (an
    empty string or None for no experiment).
    """
    actions = []
    for row in rows:
        text = str(row.get("description") or "").strip()
        if not text:
            continue
        actions.append(NewAction(
            owner_team_id=str(row.get("owner_team_id") or ""),
            description=text,
            due_on=row.get("due_on") or None,
            experiment_id=str(row.get("experiment_id") or "") or None,
        ))
    return actions


def session_problems(
    session: NewSession,
    actions: list[NewAction],
    *,
    team_ids: Iterable[str],
    experiment_ids: Iterable[str],
    today: dt.date,
) -> list[Said]:
    """Everything wrong with a session about to be saved, said at the face; [] when it is
    fine.

    ``experiment_ids`` are the experiments an action may be linked to (the team's own).
    """
    teams, experiments = set(team_ids), set(experiment_ids)
    problems = []
    if session.team_id not in teams:
        problems.append(said("session_problem.unknown_team", team=session.team_id))
    if session.kind not in SESSION_KINDS:
        problems.append(said("session_problem.kind", kinds=choices(SESSION_KINDS)))
    if session.held_on > today:
        problems.append(said("session_problem.future", day=session.held_on))
    unknown_themes = set(session.discussed) - set(THEMES)
    if unknown_themes:
        problems.append(said("session_problem.unknown_themes",
                             themes=", ".join(sorted(unknown_themes))))
    for number, action in enumerate(actions, start=1):
        if action.owner_team_id not in teams:
            problems.append(said("session_problem.owner", number=number))
        if len(action.description) > DESCRIPTION_MAX_CHARS:
            problems.append(said("session_problem.too_long", number=number,
                                 max=DESCRIPTION_MAX_CHARS, count=len(action.description)))
        if action.due_on is not None and action.due_on < session.held_on:
            problems.append(said("session_problem.due_before", number=number,
                                 day=action.due_on))
        if action.experiment_id is not None and action.experiment_id not in experiments:
            problems.append(said("session_problem.not_team_experiment", number=number,
                                 id=action.experiment_id))
    return problems


def carry_over_problem(due_on: dt.date | None, today: dt.date) -> Said | None:
    """What is wrong with ``due_on`` as an open action's new due date on ``today``; None when
    it may be carried over to it (today or later).

    >>> carry_over_problem(dt.date(2026, 11, 1), dt.date(2026, 11, 15)).text()[:30]
    '2026-11-01 is in the past: cho'
    """
    if due_on is None:
        return said("session_problem.carry_no_date")
    if due_on < today:
        return said("session_problem.carry_in_past", day=due_on, today=today)
    return None


def hand_over_problem(to_team_id: str | None, owner_team_id: str,
                      team_ids: Iterable[str]) -> Said | None:
    """What is wrong with handing an action owned by ``owner_team_id`` to ``to_team_id``; None
    when it may be handed over (another team that exists).

    >>> hand_over_problem("T1", "T1", ["T1", "T2"]).text()[:38]
    'Team T1 owns this action already: choo'
    """
    if not to_team_id:
        return said("answers_problem.hand_no_team")
    if to_team_id == owner_team_id:
        return said("answers_problem.hand_same_team", team=to_team_id)
    if to_team_id not in set(team_ids):
        return said("answers_problem.hand_unknown_team", team=to_team_id)
    return None

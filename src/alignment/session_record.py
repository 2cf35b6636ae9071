"""What a captured reflection session is, and the rules it must meet before anything is written.

Pure (no Streamlit, no database): the page builds a ``NewSession`` and ``NewAction``s from its
form, asks for their problems, and hands them to ``store_sessions`` only when there are none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from alignment.contract import SESSION_KINDS

THEMES = ("results", "collaboration", "safety")
THEME_LABELS = {"results": "Results", "collaboration": "Collaboration", "safety": "Safety"}
# Themes a session should not skip: results get discussed anyway, these two easily are not.
NUDGED_THEMES = ("collaboration", "safety")
KIND_LABELS = {"retro": "Retro", "health_check": "Health check",
               "portfolio_review": "Portfolio review"}
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


def nudge_text(skipped: list[str]) -> str:
    """The nudge shown when collaboration or safety was skipped."""
    names = " and ".join(THEME_LABELS[t].lower() for t in skipped)
    return (f"This session did not discuss {names}. Results alone miss how the team works "
            "together; a few minutes on it, even just a round of votes, keeps it in view.")


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
) -> list[str]:
    """Everything wrong with a session about to be saved, in plain words; [] when it is fine.

    ``experiment_ids`` are the experiments an action may be linked to (the team's own).
    """
    teams, experiments = set(team_ids), set(experiment_ids)
    problems = []
    if session.team_id not in teams:
        problems.append(f"Team {session.team_id!r} is unknown.")
    if session.kind not in SESSION_KINDS:
        problems.append("Choose the kind of session: " + ", ".join(SESSION_KINDS) + ".")
    if session.held_on > today:
        problems.append(f"The session date {session.held_on:%Y-%m-%d} is in the future; "
                        "capture a session once it is held.")
    unknown_themes = set(session.discussed) - set(THEMES)
    if unknown_themes:
        problems.append("Unknown themes: " + ", ".join(sorted(unknown_themes)) + ".")
    for number, action in enumerate(actions, start=1):
        where = f"Action {number}"
        if action.owner_team_id not in teams:
            problems.append(f"{where}: choose the team that owns it.")
        if len(action.description) > DESCRIPTION_MAX_CHARS:
            problems.append(f"{where}: keep the description to {DESCRIPTION_MAX_CHARS} "
                            f"characters (now {len(action.description)}).")
        if action.due_on is not None and action.due_on < session.held_on:
            problems.append(f"{where}: the due date {action.due_on:%Y-%m-%d} is before the "
                            "session.")
        if action.experiment_id is not None and action.experiment_id not in experiments:
            problems.append(f"{where}: experiment {action.experiment_id} is not one of the "
                            "team's experiments.")
    return problems

"""What the ingest pipeline reports back to the person who uploaded a file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in an uploaded file; errors block the upload, warnings do not.

    ``line`` is the row number as the user's spreadsheet shows it (header = 1),
    or 0 for a problem with the file as a whole.
    """

    line: int
    column: str
    value: str
    problem: str
    fix: str
    severity: str = "error"  # "error" | "warning"


class NotACsv(ValueError):
    """The upload is not a CSV at all; the message is one sentence for the user."""


@dataclass(frozen=True)
class References:
    """What already exists in the database, for reference checks (plain sets: no DB access).

    ``experiment_teams`` maps every stored experiment_id to its lead team;
    ``validated_experiments`` is the set of stored experiment_ids whose result is validated;
    ``session_ids`` are the stored sessions (for actions); ``person_roles`` maps every
    stored person's lowercased e-mail to their role (for coach_teams).
    """

    team_ids: frozenset[str] = frozenset()
    product_ids: frozenset[str] = frozenset()
    goal_ids: frozenset[str] = frozenset()
    experiment_teams: dict[str, str] = field(default_factory=dict)
    validated_experiments: frozenset[str] = frozenset()
    goal_parents: dict[str, str | None] = field(default_factory=dict)
    session_ids: frozenset[str] = frozenset()
    person_roles: dict[str, str] = field(default_factory=dict)

"""What the ingest pipeline knows besides its problems (`alignment.problems`): a file that is
not a CSV at all, and what already exists in the database for the reference checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from alignment.problems import Said


class NotACsv(ValueError):
    """The upload is not a CSV at all; the message is one sentence for the user.

    ``said`` is that sentence as a catalogue key and parameters; ``str()`` is its English.
    """

    def __init__(self, message: Said) -> None:
        super().__init__(message.text())
        self.said = message


@dataclass(frozen=True)
class References:
    """What already exists in the database, for reference checks (plain sets: no DB access).

    ``experiment_teams`` maps every stored experiment_id to its lead team;
    ``validated_experiments`` is the set of stored experiment_ids whose result is validated;
    ``session_ids`` are the stored sessions (for actions); ``person_roles`` maps every
    stored person's lowercased e-mail to their role (for coach_teams); ``measure_ids`` are the
    stored goal measures (for check-ins).
    """

    team_ids: frozenset[str] = frozenset()
    product_ids: frozenset[str] = frozenset()
    goal_ids: frozenset[str] = frozenset()
    experiment_teams: dict[str, str] = field(default_factory=dict)
    validated_experiments: frozenset[str] = frozenset()
    goal_parents: dict[str, str | None] = field(default_factory=dict)
    session_ids: frozenset[str] = frozenset()
    person_roles: dict[str, str] = field(default_factory=dict)
    measure_ids: frozenset[str] = frozenset()

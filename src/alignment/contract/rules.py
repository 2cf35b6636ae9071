"""What each column of each file holds: its type, allowed values, lengths and ranges, and
the words a yes/no or an e-mail column takes."""

from __future__ import annotations

from dataclasses import dataclass

from alignment.contract.columns import (
    ACTION_STATUSES,
    CONFIDENCES,
    DECISION_SCOPES,
    DECISIONS,
    DISCIPLINES,
    EVIDENCE_STRENGTHS,
    EXPERIMENT_STATUSES,
    GOAL_LEVELS,
    GOAL_STATUSES,
    LEAN_LENSES,
    LIFECYCLES,
    LINK_TYPES,
    MEASURE_DIRECTIONS,
    PERSON_ROLES,
    RESULTS,
    SESSION_KINDS,
    TEAM_ROLES,
)


@dataclass(frozen=True)
class Rule:
    """How one column is typed and checked: ``type`` is text, enum, number, integer, date,
    flag (yes/no) or list."""

    type: str = "text"
    values: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    length: tuple[int, int] | None = None
    example: str = ""  # the message ``example.<name>`` shown with an empty required cell


_ID = Rule(example="id")
_TEXT = Rule()
_DATE = Rule("date")
_PCT = Rule("number", low=0, high=100, example="pct")
_SCORE = Rule("number", low=1, high=5, example="score")


def _enum(values: tuple[str, ...]) -> Rule:
    """Rule for a column with a fixed set of values."""
    return Rule("enum", values=values)


RULES: dict[str, dict[str, Rule]] = {
    "experiments": {
        "experiment_id": _ID,
        "team_id": Rule(example="own_team"),
        "title": Rule(length=(3, 120), example="title"),
        "hypothesis": Rule(example="hypothesis"),
        "status": _enum(EXPERIMENT_STATUSES),
        "lean_lens": _enum(LEAN_LENSES),
        "product_id": _TEXT,
        "goal_id": _TEXT,
        "start_date": _DATE,
        "end_date": _DATE,
        "metric": _TEXT,
        "baseline": Rule("number"),
        "target": Rule("number"),
        "observed": Rule("number"),
        "result": _enum(RESULTS),
        "learning": _TEXT,
        "evidence_strength": _enum(EVIDENCE_STRENGTHS),
        "decision": _enum(DECISIONS),
        "decision_date": _DATE,
        "decision_scope": _enum(DECISION_SCOPES),
        "decision_rationale": _TEXT,
        "partner_teams": Rule("list"),
        "disciplines": Rule("list", values=DISCIPLINES),
        "source_experiment_id": _TEXT,
        "energy": Rule("integer", low=1, high=5),
    },
    "goals": {
        "goal_id": Rule(example="goal"),
        "title": _TEXT,
        "description": _TEXT,
        "level": _enum(GOAL_LEVELS),
        "parent_goal_id": _TEXT,
        "owner": _TEXT,
        "period_start": _DATE,
        "period_end": _DATE,
        "status": _enum(GOAL_STATUSES),
    },
    "products": {
        "product_id": Rule(example="product"),
        "name": _TEXT,
        "value_stream": _TEXT,
        "lifecycle": _enum(LIFECYCLES),
        "mission": _TEXT,
        "explore_target_pct": _PCT,
    },
    "product_goals": {
        "product_id": _TEXT,
        "goal_id": _TEXT,
        "link_type": _enum(LINK_TYPES),
        "weight": Rule("number", low=0),
    },
    "teams": {
        "team_id": Rule(example="team"),
        "name": _TEXT,
        "value_stream": _TEXT,
        "disciplines": Rule("list", values=DISCIPLINES),
    },
    "team_products": {
        "team_id": _TEXT,
        "product_id": _TEXT,
        "role": _enum(TEAM_ROLES),
        "allocation_pct": _PCT,
    },
    "sessions": {
        "session_id": _ID,
        "team_id": _TEXT,
        "held_on": _DATE,
        "facilitator": _TEXT,
        "kind": _enum(SESSION_KINDS),
        "covered_results": Rule("flag"),
        "covered_collaboration": Rule("flag"),
        "covered_safety": Rule("flag"),
        "safety": _SCORE,
        "ownership": _SCORE,
        "energy": _SCORE,
        "collaboration": _SCORE,
        "notes": _TEXT,
    },
    "actions": {
        "action_id": _ID,
        "session_id": _TEXT,
        "experiment_id": _TEXT,
        "owner_team_id": _TEXT,
        "description": _TEXT,
        "due_on": _DATE,
        "status": _enum(ACTION_STATUSES),
        "closed_on": _DATE,
    },
}

RULES["people"] = {
    "email": Rule(example="email"),
    "name": _TEXT,
    "role": _enum(PERSON_ROLES),
    "team_id": _TEXT,
}
RULES["coach_teams"] = {
    "email": Rule(example="coach_email"),
    "team_id": _TEXT,
}
RULES["goal_measures"] = {
    "measure_id": Rule(example="measure"),
    "goal_id": _TEXT,
    "name": _TEXT,
    "unit": _TEXT,
    "direction": _enum(MEASURE_DIRECTIONS),
    "baseline": Rule("number"),
    "target": Rule("number"),
    "target_date": _DATE,
}
RULES["check_ins"] = {
    "check_in_id": Rule(example="check_in"),
    "measure_id": _TEXT,
    "checked_on": _DATE,
    "value": Rule("number"),
    "confidence": _enum(CONFIDENCES),
    "comment": _TEXT,
}

# one @, something before it, a dot in the domain, no spaces: enough to catch typos
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"

YES_WORDS = ("yes", "y", "true", "1", "ja", "j", "waar", "x")
NO_WORDS = ("no", "n", "false", "0", "nee", "onwaar")



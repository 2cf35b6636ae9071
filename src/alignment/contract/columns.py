"""Which columns each uploadable file has, which it must have, the allowed enum values, and
the limits of a file. The table and column names match ``schema.sql`` and the product brief.
"""

from __future__ import annotations

GOAL_LEVELS = ("ambition", "goal", "objective")
GOAL_STATUSES = ("draft", "active", "closed")
LIFECYCLES = ("explore", "grow", "sustain", "retire")
LINK_TYPES = ("contributes", "supports")
TEAM_ROLES = ("owner", "contributor")
EXPERIMENT_STATUSES = ("idea", "running", "done", "stopped")
LEAN_LENSES = ("value", "waste", "flow", "communication", "learning")
RESULTS = ("validated", "invalidated", "inconclusive")
EVIDENCE_STRENGTHS = ("weak", "medium", "strong")
DECISIONS = ("persevere", "pivot", "stop", "scale", "spread")
DECISION_SCOPES = ("team", "product", "portfolio", "strategy")
DISCIPLINES = ("dev", "design", "ops", "data", "business", "support")
SESSION_KINDS = ("retro", "health_check", "portfolio_review")
ACTION_STATUSES = ("open", "done", "dropped")
EXPERIMENT_TEAM_ROLES = ("lead", "partner")
PERSON_ROLES = ("admin", "leader", "member", "coach")
MEASURE_DIRECTIONS = ("higher", "lower")  # which way is better
CONFIDENCES = ("on_track", "at_risk", "off_track")  # the owner's judgement at a check-in

# Column order of each file, as uploaded and as the demo organisation is written.
COLUMNS: dict[str, tuple[str, ...]] = {
    "goals": (
        "goal_id", "title", "description", "level", "parent_goal_id", "owner",
        "period_start", "period_end", "status",
    ),
    "products": (
        "product_id", "name", "value_stream", "lifecycle", "mission", "explore_target_pct",
    ),
    "product_goals": ("product_id", "goal_id", "link_type", "weight"),
    "teams": ("team_id", "name", "value_stream", "disciplines"),
    "team_products": ("team_id", "product_id", "role", "allocation_pct"),
    "experiments": (
        "experiment_id", "team_id", "title", "hypothesis", "status", "lean_lens",
        "product_id", "goal_id", "start_date", "end_date", "metric", "baseline", "target",
        "observed", "result", "learning", "evidence_strength", "decision", "decision_date",
        "decision_scope", "decision_rationale", "partner_teams", "disciplines",
        "source_experiment_id", "energy",
    ),
    "sessions": (
        "session_id", "team_id", "held_on", "facilitator", "kind", "covered_results",
        "covered_collaboration", "covered_safety", "safety", "ownership", "energy",
        "collaboration", "notes",
    ),
    "actions": (
        "action_id", "session_id", "experiment_id", "owner_team_id", "description",
        "due_on", "status", "closed_on",
    ),
    "people": ("email", "name", "role", "team_id"),
    "coach_teams": ("email", "team_id"),
    "goal_measures": (
        "measure_id", "goal_id", "name", "unit", "direction", "baseline", "target",
        "target_date",
    ),
    "check_ins": ("check_in_id", "measure_id", "checked_on", "value", "confidence", "comment"),
}

# Columns a file must contain; the rest may be left out.
REQUIRED: dict[str, tuple[str, ...]] = {
    "goals": ("goal_id", "title", "level", "status"),
    "products": ("product_id", "name", "value_stream", "lifecycle"),
    "product_goals": ("product_id", "goal_id", "link_type"),
    "teams": ("team_id", "name"),
    "team_products": ("team_id", "product_id", "role"),
    "experiments": ("experiment_id", "team_id", "title", "hypothesis", "status", "lean_lens"),
    "sessions": ("session_id", "team_id", "held_on", "kind"),
    "actions": ("action_id", "session_id", "owner_team_id", "description", "status"),
    "people": ("email", "role"),
    "coach_teams": ("email", "team_id"),
    "goal_measures": ("measure_id", "goal_id", "name", "direction", "baseline", "target"),
    "check_ins": ("check_in_id", "measure_id", "checked_on", "value"),
}

# Order in which reference data must be loaded so every reference already exists.
LOAD_ORDER = (
    "goals", "products", "product_goals", "teams", "team_products",
    "experiments", "sessions", "actions", "goal_measures", "check_ins",
)

# What an admin uploads on the People page: who may sign in, and which teams each coach runs
# sessions for. Not part of LOAD_ORDER: the demo organisation has no people (local mode).
PEOPLE_KINDS = ("people", "coach_teams")

# What an admin uploads on the reference-data page, in load order.
REFERENCE_KINDS = (
    "goals", "products", "product_goals", "teams", "team_products", "goal_measures", "check_ins",
)

# Limits of an uploaded file, checked before anything else is read (README, column guide).
MAX_COLUMNS = 200  # columns in the header (the widest kind has 25; exports add a few)
MAX_HEADER_CHARS = 100  # characters of one column name
MAX_CELL_CHARS = 5000  # characters of one cell (a hypothesis or learning is a paragraph)
MAX_ID_CHARS = 40  # characters of an id
MAX_NUMBER = 1e15  # largest number by size: 15 digits, what a spreadsheet holds exactly

# Ids (experiment_id, team_id, … and the items of partner_teams) are made of these
# characters only, after Unicode NFKC normalisation and dropping invisible characters, so
# two ids that look the same are the same id.
ID_CHARACTERS = "A–Z a–z 0–9 - _ ."
ID_PATTERN = r"[A-Za-z0-9._-]+"
ID_LISTS = ("partner_teams",)  # list columns whose items are ids


def is_id_column(column: str) -> bool:
    """Whether ``column`` holds an id (or, for ``partner_teams``, a list of ids)."""
    return column.endswith("_id") or column in ID_LISTS

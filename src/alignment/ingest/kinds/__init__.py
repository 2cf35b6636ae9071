"""Each kind of file's rules across rows: keys, references and the conditions between columns.

Each takes the typed and raw cells, the stored `References`, today and the `Report`, and adds
to the report."""

from __future__ import annotations

from alignment.ingest.kinds.experiments import experiment_rules
from alignment.ingest.kinds.people import coach_team_rules, people_rules
from alignment.ingest.kinds.sessions import action_rules, session_rules
from alignment.ingest.kinds.structure import (
    goal_rules,
    product_goal_rules,
    product_rules,
    team_product_rules,
    team_rules,
)
from alignment.ingest.kinds.value import check_in_rules, goal_measure_rules

KIND_RULES = {
    "experiments": experiment_rules,
    "goals": goal_rules,
    "products": product_rules,
    "product_goals": product_goal_rules,
    "teams": team_rules,
    "team_products": team_product_rules,
    "sessions": session_rules,
    "actions": action_rules,
    "people": people_rules,
    "coach_teams": coach_team_rules,
    "goal_measures": goal_measure_rules,
    "check_ins": check_in_rules,
}

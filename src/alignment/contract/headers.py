"""The names a column is known by in a file's header: the contract's own and the Dutch or
loosely written aliases the column guide lists."""

from __future__ import annotations

import re

from alignment.contract.columns import COLUMNS

# Alias → canonical column, as listed in the column guide. Matching ignores case, spaces,
# hyphens and underscores, so "Start datum", "start-datum" and "STARTDATUM" all match
# "startdatum". Every canonical name also matches itself.
HEADER_ALIASES: dict[str, str] = {
    # experiments
    "experiment": "experiment_id",
    "experimentcode": "experiment_id",
    "experiment_code": "experiment_id",
    "experiment_nr": "experiment_id",
    "team": "team_id",
    "teamcode": "team_id",
    "titel": "title",
    "naam_experiment": "title",
    "hypothese": "hypothesis",
    "lens": "lean_lens",
    "leanlens": "lean_lens",
    "product": "product_id",
    "productcode": "product_id",
    "doel": "goal_id",
    "goal": "goal_id",
    "doelcode": "goal_id",
    "startdatum": "start_date",
    "begindatum": "start_date",
    "start": "start_date",
    "einddatum": "end_date",
    "eind": "end_date",
    "end": "end_date",
    "meetwaarde": "metric",
    "metriek": "metric",
    "maatstaf": "metric",
    "nulmeting": "baseline",
    "basiswaarde": "baseline",
    "doelwaarde": "target",
    "streefwaarde": "target",
    "gemeten": "observed",
    "waargenomen": "observed",
    "gemeten_waarde": "observed",
    "resultaat": "result",
    "uitkomst": "result",
    "lering": "learning",
    "geleerd": "learning",
    "wat_hebben_we_geleerd": "learning",
    "bewijskracht": "evidence_strength",
    "bewijs": "evidence_strength",
    "evidence": "evidence_strength",
    "besluit": "decision",
    "beslissing": "decision",
    "besluitdatum": "decision_date",
    "beslisdatum": "decision_date",
    "reikwijdte": "decision_scope",
    "besluitniveau": "decision_scope",
    "scope": "decision_scope",
    "onderbouwing": "decision_rationale",
    "toelichting_besluit": "decision_rationale",
    "rationale": "decision_rationale",
    "partnerteams": "partner_teams",
    "partners": "partner_teams",
    "samenwerkende_teams": "partner_teams",
    "discipline": "disciplines",
    "bron_experiment": "source_experiment_id",
    "bronexperiment": "source_experiment_id",
    "source_experiment": "source_experiment_id",
    "overgenomen_van": "source_experiment_id",
    "energie": "energy",
    # goals
    "doel_id": "goal_id",
    "omschrijving": "description",
    "beschrijving": "description",
    "niveau": "level",
    "bovenliggend_doel": "parent_goal_id",
    "parent": "parent_goal_id",
    "parent_goal": "parent_goal_id",
    "eigenaar": "owner",
    "periode_start": "period_start",
    "begin_periode": "period_start",
    "periode_eind": "period_end",
    "eind_periode": "period_end",
    # products
    "naam": "name",
    "waardestroom": "value_stream",
    "levensfase": "lifecycle",
    "fase": "lifecycle",
    "missie": "mission",
    "verkenningsdoel_pct": "explore_target_pct",
    "explore_doel_pct": "explore_target_pct",
    "explore_pct": "explore_target_pct",
    "explore_target": "explore_target_pct",
    # product_goals
    "koppeling": "link_type",
    "soort_koppeling": "link_type",
    "link": "link_type",
    "gewicht": "weight",
    # team_products
    "rol": "role",
    "allocatie": "allocation_pct",
    "allocatie_pct": "allocation_pct",
    "allocatie%": "allocation_pct",
    "allocation": "allocation_pct",
    "allocation%": "allocation_pct",
    # sessions
    "sessie": "session_id",
    "sessie_id": "session_id",
    "session": "session_id",
    "datum": "held_on",
    "gehouden_op": "held_on",
    "date": "held_on",
    "begeleider": "facilitator",
    "soort": "kind",
    "type": "kind",
    "resultaten_besproken": "covered_results",
    "samenwerking_besproken": "covered_collaboration",
    "veiligheid_besproken": "covered_safety",
    "veiligheid": "safety",
    "eigenaarschap": "ownership",
    "samenwerking": "collaboration",
    "notities": "notes",
    "opmerkingen": "notes",
    # actions
    "actie": "action_id",
    "actie_id": "action_id",
    "action": "action_id",
    "eigenaar_team": "owner_team_id",
    "team_eigenaar": "owner_team_id",
    "verantwoordelijk_team": "owner_team_id",
    "owner_team": "owner_team_id",
    "deadline": "due_on",
    "vervaldatum": "due_on",
    "uiterlijk": "due_on",
    "gesloten_op": "closed_on",
    "afgerond_op": "closed_on",
    # goal_measures
    "meetpunt": "measure_id",
    "meetpunt_id": "measure_id",
    "measure": "measure_id",
    "eenheid": "unit",
    "richting": "direction",
    "streefdatum": "target_date",
    "doeldatum": "target_date",
    # check_ins
    "meting": "check_in_id",
    "meting_id": "check_in_id",
    "check_in": "check_in_id",
    "meetdatum": "checked_on",
    "gemeten_op": "checked_on",
    "waarde": "value",
    "vertrouwen": "confidence",
    "toelichting": "comment",
    "opmerking": "comment",
}

def _key(name: str) -> str:
    """Matching key of a header: lowercased, without spaces, hyphens and underscores."""
    return re.sub(r"[\s_\-]+", "", name.replace("\ufeff", "").lower())


_ALIAS_KEYS: dict[str, str] = {_key(alias): column for alias, column in HEADER_ALIASES.items()}


def column_for_header(header: str, kind: str) -> str | None:
    """Canonical column a header cell means in a file of ``kind``, or None.

    >>> column_for_header("Start datum", "experiments")
    'start_date'
    """
    key = _key(header)
    for column in COLUMNS[kind]:
        if _key(column) == key:
            return column
    column = _ALIAS_KEYS.get(key)
    return column if column in COLUMNS[kind] else None



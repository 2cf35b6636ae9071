"""Upload templates and the column guide that explains them, per kind of file."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from alignment import contract
from alignment.contract import RULES, Rule
from alignment.i18n import catalogue, dutch_words, enum_field, enum_label, translate
from alignment.problems import Said, said

# column → its type in the words of the CSV contract; the rules are ``guide_rule.<column>``.
EXPERIMENT_GUIDE: dict[str, str] = {
    "experiment_id": "text", "team_id": "text", "title": "text", "hypothesis": "text",
    "status": "choice", "lean_lens": "choice", "product_id": "text", "goal_id": "text",
    "start_date": "date", "end_date": "date", "metric": "text", "baseline": "number",
    "target": "number", "observed": "number", "result": "choice", "learning": "text",
    "evidence_strength": "choice", "decision": "choice", "decision_date": "date",
    "decision_scope": "choice", "decision_rationale": "text", "partner_teams": "list",
    "disciplines": "list", "source_experiment_id": "text", "energy": "whole_number",
}
GUIDE_COLUMNS = ("column", "required", "type", "rule", "dutch_values", "also_accepted_as")


# The header a Dutch reader's template carries: one of the names the reader accepts for the
# column (``contract.HEADER_ALIASES``); a column without a Dutch name keeps its own.
DUTCH_HEADERS: dict[str, str] = {
    "experiment_id": "experimentcode", "team_id": "teamcode", "title": "titel",
    "hypothesis": "hypothese", "lean_lens": "lens", "product_id": "productcode",
    "goal_id": "doelcode", "start_date": "startdatum", "end_date": "einddatum",
    "metric": "maatstaf", "baseline": "nulmeting", "target": "streefwaarde",
    "observed": "gemeten", "result": "resultaat", "learning": "lering",
    "evidence_strength": "bewijskracht", "decision": "besluit", "decision_date": "besluitdatum",
    "decision_scope": "besluitniveau", "decision_rationale": "onderbouwing",
    "partner_teams": "partnerteams", "source_experiment_id": "bronexperiment",
    "energy": "energie", "description": "omschrijving", "level": "niveau",
    "parent_goal_id": "bovenliggend_doel", "owner": "eigenaar", "period_start": "periode_start",
    "period_end": "periode_eind", "name": "naam", "value_stream": "waardestroom",
    "lifecycle": "levensfase", "mission": "missie", "explore_target_pct": "verkenningsdoel_pct",
    "link_type": "soort_koppeling", "weight": "gewicht", "role": "rol",
    "allocation_pct": "allocatie_pct", "session_id": "sessie_id", "held_on": "gehouden_op",
    "facilitator": "begeleider", "kind": "soort", "covered_results": "resultaten_besproken",
    "covered_collaboration": "samenwerking_besproken", "covered_safety": "veiligheid_besproken",
    "safety": "veiligheid", "ownership": "eigenaarschap", "collaboration": "samenwerking",
    "notes": "notities", "action_id": "actie_id", "owner_team_id": "verantwoordelijk_team",
    "due_on": "vervaldatum", "closed_on": "gesloten_op", "email": "e-mail",
    "measure_id": "meetpunt_id", "unit": "eenheid", "direction": "richting",
    "target_date": "streefdatum", "check_in_id": "meting_id", "checked_on": "meetdatum",
    "value": "waarde", "confidence": "vertrouwen", "comment": "toelichting",
}


def template_header(kind: str, lang: str = "en") -> list[str]:
    """The header row of ``kind``'s template: the contract's columns, in Dutch for Dutch.

    >>> template_header("coach_teams", "nl")
    ['e-mail', 'teamcode']
    """
    columns = contract.COLUMNS[kind]
    return [DUTCH_HEADERS.get(c, c) for c in columns] if lang == "nl" else list(columns)


@dataclass(frozen=True)
class ExampleIds:
    """The organisation's own ids the example rows name: a team, a product it works on, a goal
    that product serves, another team as partner, and the experiment ids already taken (the
    examples' own ids must be new, so the untouched template overwrites nothing)."""

    team_id: str
    product_id: str | None = None
    goal_id: str | None = None
    partner_team_id: str | None = None
    taken: frozenset[str] = frozenset()


# What the example experiments say and are, apart from ids: free text is a catalogue message
# (``template.*``), so a Dutch reader downloads Dutch examples; choices are written in the
# reader's words, numbers and dates as the delimiter's spreadsheet writes them.
EXAMPLE_EXPERIMENTS: tuple[dict[str, str | Said], ...] = (
    {
        "title": said("template.done_title"),
        "hypothesis": said("template.done_hypothesis"),
        "status": "done", "lean_lens": "value", "start_date": "2026-03-02",
        "end_date": "2026-04-13", "metric": said("template.done_metric"), "baseline": "18",
        "target": "12", "observed": "11.5", "result": "validated",
        "learning": said("template.done_learning"),
        "evidence_strength": "strong", "decision": "persevere", "decision_date": "2026-04-20",
        "decision_scope": "team",
        "decision_rationale": said("template.done_decision_rationale"),
        "disciplines": "dev;design;business", "energy": "4",
    },
    {
        "title": said("template.running_title"),
        "hypothesis": said("template.running_hypothesis"),
        "status": "running", "lean_lens": "waste", "start_date": "2026-10-05",
        "metric": said("template.running_metric"),
        "baseline": "60", "target": "75", "disciplines": "design;dev", "energy": "3",
    },
)
EXAMPLE_KINDS = ("experiments",)  # the kinds whose templates carry example rows


def example_id_prefix(team_id: str, lang: str = "en") -> str:
    """How the ids of ``team_id``'s example experiments start: ``BZ-PAS-EXAMPLE-``."""
    return f"{team_id}-{translate(lang, 'template.example_id')}-"


def new_example_ids(team_id: str, taken: Iterable[str], count: int, lang: str = "en") -> list[str]:
    """``count`` new experiment ids that are plainly examples: ``BZ-PAS-EXAMPLE-1``, …

    >>> new_example_ids("BZ-PAS", {"BZ-PAS-VOORBEELD-1"}, 2, "nl")
    ['BZ-PAS-VOORBEELD-2', 'BZ-PAS-VOORBEELD-3']
    """
    prefix = example_id_prefix(team_id, lang)
    taken = set(taken)
    free = (f"{prefix}{n}" for n in itertools.count(1) if f"{prefix}{n}" not in taken)
    return list(itertools.islice(free, count))


def example_rows(kind: str, ids: ExampleIds | None, lang: str = "en",
                 delimiter: str = ",") -> list[dict[str, str]]:
    """The example rows of ``kind``'s template, naming the organisation's ``ids`` (none
    without them): free text and choices in ``lang``; the ``;`` variant writes what Dutch
    Excel writes (decimal commas, dates as DD-MM-YYYY).
    """
    if kind not in EXAMPLE_KINDS or ids is None:
        return []
    new_ids = new_example_ids(ids.team_id, ids.taken, len(EXAMPLE_EXPERIMENTS), lang)
    rows = []
    for experiment_id, example in zip(new_ids, EXAMPLE_EXPERIMENTS, strict=True):
        cells = {column: value.text(lang) if isinstance(value, Said) else value
                 for column, value in example.items()}
        cells |= {"experiment_id": experiment_id, "team_id": ids.team_id,
                  "product_id": ids.product_id or "", "goal_id": ids.goal_id or ""}
        if cells["status"] == "done":
            cells["partner_teams"] = ids.partner_team_id or ""
        rows.append({column: _written(RULES[kind][column], cell, lang, delimiter)
                     for column, cell in cells.items()})
    return rows


def _written(rule: Rule, cell: str, lang: str, delimiter: str) -> str:
    """``cell`` as the reader writes it: a choice in their words, numbers and dates as Dutch
    Excel writes them (``11,5``, ``02-03-2026``) in the ``;`` variant."""
    if rule.type == "enum" and lang == "nl":
        return enum_label(lang, enum_field(rule.values), cell)
    return _dutch_excel(rule.type, cell) if delimiter == ";" else cell


def _dutch_excel(rule_type: str, cell: str) -> str:
    """``cell`` as Dutch Excel writes a value of that type: ``11,5``, ``02-03-2026``."""
    if rule_type == "number":
        return cell.replace(".", ",")
    if rule_type == "date":
        return "-".join(reversed(cell.split("-")))
    return cell


def column_guide(kind: str, aliases: dict[str, str], lang: str = "en") -> pd.DataFrame:
    """One row per column of ``kind``: required?, type, rule, the Dutch enum words accepted, and
    the accepted Dutch/other header names; the texts in ``lang``."""
    guide = EXPERIMENT_GUIDE if kind == "experiments" else {}
    messages = catalogue(lang)
    rows = []
    for column in contract.COLUMNS[kind]:
        rule = RULES[kind][column]
        values = rule.values if rule.type == "enum" else ()
        note = messages.get(f"guide_rule.{column}", "") if guide else ""
        kind_of = guide.get(column, "choice" if values else "")
        rows.append({
            "column": column,
            "required": translate(lang, "common.yes") if column in contract.REQUIRED[kind]
            else "",
            "type": translate(lang, f"guide_type.{kind_of}") if kind_of else "",
            "rule": " ".join(part for part in (", ".join(values) + "." * bool(values), note)
                             if part),
            "dutch_values": ", ".join(dutch for dutch, english in dutch_words(values).items()
                                      if dutch != english),
            "also_accepted_as": ", ".join(sorted(a for a, c in aliases.items() if c == column)),
        })
    return pd.DataFrame(rows, columns=list(GUIDE_COLUMNS))


def template_csv(kind: str, ids: ExampleIds | None = None, delimiter: str = ",",
                 lang: str = "en") -> bytes:
    """A template file: the header in ``lang`` and the example rows naming ``ids`` (if any),
    UTF-8 with BOM for Excel.

    The ``;`` variant is for Dutch Excel: decimal commas and DD-MM-YYYY dates.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(template_header(kind, lang))
    columns = contract.COLUMNS[kind]
    writer.writerows([row.get(c, "") for c in columns]
                     for row in example_rows(kind, ids, lang, delimiter))
    return buffer.getvalue().encode("utf-8-sig")

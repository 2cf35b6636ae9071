"""Upload templates and the column guide that explains them, per kind of file."""

from __future__ import annotations

import csv
import io

import pandas as pd

from alignment import contract
from alignment.i18n import catalogue, dutch_words, translate
from alignment.ingest.problems import Said, said
from alignment.ingest.validate import RULES

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


# Free text of the example rows is a catalogue message (``template.*``), so a Dutch reader
# downloads Dutch examples; ids, choices, numbers and dates are the same in every language.
EXAMPLE_ROWS: dict[str, list[dict[str, str | Said]]] = {
    "experiments": [
        {
            "experiment_id": "PAY-014", "team_id": "PAY",
            "title": said("template.pay_014_title"),
            "hypothesis": said("template.pay_014_hypothesis"),
            "status": "done", "lean_lens": "value", "product_id": "P-BILLING",
            "goal_id": "G-CASH", "start_date": "2026-03-02", "end_date": "2026-04-13",
            "metric": said("template.pay_014_metric"), "baseline": "18", "target": "12",
            "observed": "11.5", "result": "validated",
            "learning": said("template.pay_014_learning"),
            "evidence_strength": "strong", "decision": "spread", "decision_date": "2026-04-20",
            "decision_scope": "product",
            "decision_rationale": said("template.pay_014_decision_rationale"),
            "partner_teams": "WEB", "disciplines": "dev;design;business", "energy": "4",
        },
        {
            "experiment_id": "PAY-015", "team_id": "PAY",
            "title": said("template.pay_015_title"),
            "hypothesis": said("template.pay_015_hypothesis"),
            "status": "running", "lean_lens": "waste", "product_id": "P-BILLING",
            "goal_id": "G-CASH", "start_date": "2026-10-05",
            "metric": said("template.pay_015_metric"),
            "baseline": "60", "target": "75", "disciplines": "design;dev", "energy": "3",
        },
    ],
}


def example_rows(kind: str, lang: str = "en", delimiter: str = ",") -> list[dict[str, str]]:
    """The example rows of ``kind``'s template as cells: free text in ``lang``; the ``;``
    variant writes what Dutch Excel writes (decimal commas, dates as DD-MM-YYYY).

    >>> example_rows("experiments", "nl", ";")[0]["observed"]
    '11,5'
    """
    rows = []
    for example in EXAMPLE_ROWS.get(kind, []):
        cells = {column: value.text(lang) if isinstance(value, Said) else value
                 for column, value in example.items()}
        if delimiter == ";":
            cells = {column: _dutch_excel(RULES[kind][column].type, cell)
                     for column, cell in cells.items()}
        rows.append(cells)
    return rows


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


def template_csv(kind: str, delimiter: str = ",", lang: str = "en") -> bytes:
    """A template file: the header and the example rows (if any), UTF-8 with BOM for Excel.

    The ``;`` variant is for Dutch Excel: decimal commas and DD-MM-YYYY dates.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=contract.COLUMNS[kind], delimiter=delimiter,
                            lineterminator="\r\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(example_rows(kind, lang, delimiter))
    return buffer.getvalue().encode("utf-8-sig")

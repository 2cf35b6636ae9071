"""Upload templates and the column guide that explains them, per kind of file."""

from __future__ import annotations

import csv
import io

import pandas as pd

from alignment import contract

# column → (type, rule), in the words of the CSV contract.
EXPERIMENT_GUIDE: dict[str, tuple[str, str]] = {
    "experiment_id": ("text", "Unique, e.g. PAY-014. Never reuse another team's id."),
    "team_id": ("text", "Your team's id (an existing team)."),
    "title": ("text", "3–120 characters."),
    "hypothesis": ("text", "We believe … will … we know when …"),
    "status": ("choice", ", ".join(contract.EXPERIMENT_STATUSES)),
    "lean_lens": ("choice", ", ".join(contract.LEAN_LENSES)),
    "product_id": ("text", "An existing product. Empty loads, but shows as a chain break."),
    "goal_id": ("text", "An existing goal. Empty loads, but shows as a chain break."),
    "start_date": ("date", "YYYY-MM-DD or DD-MM-YYYY. Needed when running or done."),
    "end_date": ("date", "Not before start_date."),
    "metric": ("text", "What you measure."),
    "baseline": ("number", "Decimal point or decimal comma."),
    "target": ("number", "Decimal point or decimal comma."),
    "observed": ("number", "Needed when done."),
    "result": ("choice", ", ".join(contract.RESULTS) + ". Needed when done."),
    "learning": ("text", "What you learned. Needed when done."),
    "evidence_strength": ("choice", "weak (people said), medium, strong (people did)."),
    "decision": ("choice", ", ".join(contract.DECISIONS)),
    "decision_date": ("date", "Not before end_date, not in the future."),
    "decision_scope": ("choice", ", ".join(contract.DECISION_SCOPES)),
    "decision_rationale": ("text", "One line: why this decision."),
    "partner_teams": ("list", "Other existing team ids, separated by ; or |."),
    "disciplines": ("list", "e.g. dev;design;ops;data;business;support"),
    "source_experiment_id": ("text", "A validated experiment of another team that you adopt."),
    "energy": ("whole number", "1–5: did this give the team energy?"),
}

EXAMPLE_ROWS: dict[str, list[dict[str, str]]] = {
    "experiments": [
        {
            "experiment_id": "PAY-014", "team_id": "PAY", "title": "Pay by link in reminders",
            "hypothesis": "We believe a payment link in the reminder will cut late payments; "
                          "we know when late payments drop from 18% to 12%.",
            "status": "done", "lean_lens": "value", "product_id": "P-BILLING",
            "goal_id": "G-CASH", "start_date": "2026-03-02", "end_date": "2026-04-13",
            "metric": "% paid late", "baseline": "18", "target": "12", "observed": "11.5",
            "result": "validated", "learning": "People pay at once when paying takes one tap.",
            "evidence_strength": "strong", "decision": "spread", "decision_date": "2026-04-20",
            "decision_scope": "product", "decision_rationale": "Works; offer it to other teams.",
            "partner_teams": "WEB", "disciplines": "dev;design;business", "energy": "4",
        },
        {
            "experiment_id": "PAY-015", "team_id": "PAY", "title": "Fewer fields on the form",
            "hypothesis": "We believe halving the form's fields will raise completion; "
                          "we know when completion rises from 60% to 75%.",
            "status": "running", "lean_lens": "waste", "product_id": "P-BILLING",
            "goal_id": "G-CASH", "start_date": "2026-10-05", "metric": "% completed",
            "baseline": "60", "target": "75", "disciplines": "design;dev", "energy": "3",
        },
    ],
}


def column_guide(kind: str, aliases: dict[str, str]) -> pd.DataFrame:
    """One row per column of ``kind``: required?, type, rule and the accepted Dutch/other names."""
    guide = EXPERIMENT_GUIDE if kind == "experiments" else {}
    rows = []
    for column in contract.COLUMNS[kind]:
        kind_of, rule = guide.get(column, ("", ""))
        rows.append({
            "column": column,
            "required": "yes" if column in contract.REQUIRED[kind] else "",
            "type": kind_of,
            "rule": rule,
            "also accepted as": ", ".join(sorted(a for a, c in aliases.items() if c == column)),
        })
    return pd.DataFrame(rows)


def template_csv(kind: str, delimiter: str = ",") -> bytes:
    """A template file: the header and the example rows (if any), UTF-8 with BOM for Excel.

    The ``;`` variant writes decimal commas, as Dutch Excel does.
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=contract.COLUMNS[kind], delimiter=delimiter,
                            lineterminator="\r\n", extrasaction="raise")
    writer.writeheader()
    for row in EXAMPLE_ROWS.get(kind, []):
        cells = dict(row)
        if delimiter == ";":
            cells = {k: _decimal_comma(k, v) for k, v in cells.items()}
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def _decimal_comma(column: str, value: str) -> str:
    return value.replace(".", ",") if column in ("baseline", "target", "observed") else value

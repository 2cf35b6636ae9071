"""The session summary: a Markdown document with team, date, scores, themes, decisions, actions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.markdown import plain
from alignment.session.summary import session_markdown, summary_file_name

SESSION = {
    "session_id": "S-0184", "team_id": "BZ-PAS", "team_name": "Team Paspoort & ID",
    "held_on": dt.date(2026, 11, 15), "facilitator": "local admin", "kind": "health_check",
    "covered_results": True, "covered_collaboration": False, "covered_safety": True,
    "safety": 3.8, "ownership": 4.0, "energy": float("nan"), "collaboration": None,
    "notes": "Balie en web | samen\nverder.",
}
DECISIONS = pd.DataFrame({
    "experiment_id": ["PAS-012"], "title": ["Terugbellen | sneller"], "team_role": ["lead"],
    "result": ["validated"], "decision": ["scale"], "decision_scope": ["product"],
    "decision_date": [pd.Timestamp("2026-10-30")], "decision_rationale": ["Werkt overal"],
})
ACTIONS = pd.DataFrame({
    "action_id": ["A-0384"], "description": ["Klantreis tekenen"], "owner_team_id": ["BZ-PAS"],
    "due_on": [pd.Timestamp("2026-11-29")], "experiment_id": [None],
    "experiment_title": [None], "status": ["open"], "closed_on": [pd.NaT],
})


def test_the_summary_holds_every_part_of_the_session():
    text = session_markdown(SESSION, DECISIONS, ACTIONS)
    expected_lines = [
        "# Reflection session — Team Paspoort & ID (BZ-PAS)",
        "- **Date:** 2026-11-15",
        "- **Kind:** Health check",
        "- **Facilitator:** local admin",
        "- **Session:** S-0184",
        "- [x] Results",
        "- [ ] Collaboration",
        "- [x] Safety",
        "| Safety | 3.8 |",
        "| Ownership | 4.0 |",
        "| Energy | — (not scored) |",
        "| Collaboration | — (not scored) |",
        "Balie en web \\| samen\nverder.",
        "| PAS-012 Terugbellen \\| sneller | validated | scale | product | 2026-10-30 | "
        "Werkt overal |",
        "| Klantreis tekenen | BZ-PAS | 2026-11-29 | — | open |",
    ]
    for line in expected_lines:
        assert line in text, line
    assert text.index("## What was discussed") < text.index("## Team scores") < text.index(
        "## Notes") < text.index("## Decisions") < text.index("## Actions")


def test_empty_parts_say_so():
    text = session_markdown({**SESSION, "notes": None}, DECISIONS.iloc[:0], ACTIONS.iloc[:0])
    assert "_No notes._" in text
    assert "_No decision was taken on the team's experiments in this time._" in text
    assert "_No actions agreed._" in text


def test_file_name():
    assert summary_file_name(SESSION) == "session_BZ-PAS_2026-11-15_S-0184.md"


def test_what_people_typed_is_shown_as_text_not_rendered():
    hostile = "![pixel](http://127.0.0.2/p.png) [link](http://127.0.0.2) :red[x] $x$ **b**"
    session = {**SESSION, "team_name": hostile, "facilitator": hostile, "notes": hostile}
    decisions = DECISIONS.assign(title=hostile, decision_rationale=hostile)
    actions = ACTIONS.assign(description=hostile)
    text = session_markdown(session, decisions, actions)
    for syntax in ("![", "[link]", ":red[", "$x$", "**b**", "http://"):
        assert syntax not in text, syntax
    assert text.count(plain(hostile)) == 6

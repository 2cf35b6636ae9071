"""A reflection session as a Markdown document the team can keep: what was said and agreed.

Pure (no Streamlit, no database): it takes the stored session and the frames of its
decisions and actions, and returns the text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from alignment.session_record import KIND_LABELS, THEME_LABELS, THEMES
from alignment.session_votes import SCORE_LABELS, SCORES

DECISIONS_WINDOW_DAYS = 90
NOT_SCORED = "— (not scored)"


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _cell(value: object) -> str:
    """``value`` safe inside a Markdown table cell: no pipes, no line breaks."""
    return " ".join(_text(value).replace("|", "\\|").split()) or "—"


def _score(value: object) -> str:
    text = _text(value)
    return NOT_SCORED if text == "" else f"{float(text):.1f}"


def summary_file_name(session: Mapping[str, object]) -> str:
    """The download's file name, e.g. ``session_BZ-PAS_2026-11-15_S-0184.md``."""
    return f"session_{session['team_id']}_{_text(session['held_on'])}_{session['session_id']}.md"


def session_markdown(
    session: Mapping[str, object], decisions: pd.DataFrame, actions: pd.DataFrame
) -> str:
    """The session as Markdown: team, date, scores, what was discussed, notes, decisions, actions.

    ``session`` is one row of ``queries.session_record``; ``decisions`` is
    ``queries.team_decisions`` and ``actions`` is ``queries.session_action_list``.
    """
    team = _text(session.get("team_name")) or _text(session["team_id"])
    lines = [
        f"# Reflection session — {team} ({session['team_id']})",
        "",
        f"- **Date:** {_text(session['held_on'])}",
        f"- **Kind:** {KIND_LABELS.get(_text(session['kind']), _text(session['kind']))}",
        f"- **Facilitator:** {_text(session.get('facilitator')) or '—'}",
        f"- **Session:** {session['session_id']}",
        "",
        "## What was discussed",
        "",
    ]
    for theme in THEMES:
        covered = bool(session.get(f"covered_{theme}"))
        lines.append(f"- [{'x' if covered else ' '}] {THEME_LABELS[theme]}")
    lines += [
        "",
        "## Team scores",
        "",
        "Team averages on a scale of 1–5 from anonymous votes; no single vote is kept.",
        "",
        "| Score | Team average |",
        "|---|---|",
    ]
    lines += [f"| {SCORE_LABELS[s]} | {_score(session.get(s))} |" for s in SCORES]
    notes = _text(session.get("notes")).strip()
    lines += ["", "## Notes", "", notes or "_No notes._", ""]
    lines += [f"## Decisions on the team's experiments (last {DECISIONS_WINDOW_DAYS} days)", ""]
    if decisions.empty:
        lines.append("_No decision was taken on the team's experiments in this time._")
    else:
        lines += ["| Experiment | Result | Decision | Level | Date | Why |",
                  "|---|---|---|---|---|---|"]
        lines += [
            f"| {_cell(r.experiment_id)} {_cell(r.title)} | {_cell(r.result)} | "
            f"{_cell(r.decision)} | {_cell(r.decision_scope)} | {_cell(r.decision_date)} | "
            f"{_cell(r.decision_rationale)} |"
            for r in decisions.itertuples(index=False)
        ]
    lines += ["", "## Actions", ""]
    if actions.empty:
        lines.append("_No actions agreed._")
    else:
        lines += ["| Action | Owner team | Due | Experiment | Status |",
                  "|---|---|---|---|---|"]
        lines += [
            f"| {_cell(r.description)} | {_cell(r.owner_team_id)} | {_cell(r.due_on)} | "
            f"{_cell(r.experiment_id)} | {_cell(r.status)} |"
            for r in actions.itertuples(index=False)
        ]
    return "\n".join(lines) + "\n"

"""A reflection session as a Markdown document the team can keep: what was said and agreed.

Pure (no Streamlit, no database): it takes the stored session and the frames of its
decisions and actions, and returns the text in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from alignment.i18n import DEFAULT_LANGUAGE, date_text, enum_label, number, translate
from alignment.markdown import plain
from alignment.scope import QUARTER_DAYS
from alignment.session.record import THEMES, theme_label
from alignment.session.votes import SCORES, score_label


def _text(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.date):
        return date_text(lang, value)
    return str(value)


def _said(value: object) -> str:
    """Text people typed, shown as they typed it: no Markdown of theirs is rendered."""
    return plain(_text(value)) if _text(value) else ""


def _cell(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """``value`` safe inside a Markdown table cell: no syntax (a pipe neither), no line breaks."""
    text = _said(value) if isinstance(value, str) else _text(value, lang)
    return " ".join(text.split()) or "—"


def _enum(lang: str, field: str, value: object) -> str:
    return _cell(enum_label(lang, field, value) if isinstance(value, str) else value, lang)


def _score(value: object, lang: str) -> str:
    if value is None or pd.isna(value):
        return translate(lang, "summary.not_scored")
    return number(lang, float(value), 1)


def summary_file_name(session: Mapping[str, object]) -> str:
    """The download's file name, e.g. ``session_BZ-PAS_2026-11-15_S-0184.md``."""
    return f"session_{session['team_id']}_{_text(session['held_on'])}_{session['session_id']}.md"


def session_markdown(
    session: Mapping[str, object], decisions: pd.DataFrame, actions: pd.DataFrame,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The session as Markdown in ``lang``: team, date, scores, what was discussed, notes,
    decisions, actions.

    ``session`` is one row of ``queries.session_record``; ``decisions`` is
    ``queries.team_decisions`` and ``actions`` is ``queries.session_action_list``. Dates and
    numbers are written as ``lang`` writes them, enum values in its words.
    """
    def said(key: str, **params: object) -> str:
        return translate(lang, key, **params)

    def header(*keys: str) -> list[str]:
        return ["| " + " | ".join(said(k) for k in keys) + " |",
                "|" + "---|" * len(keys)]

    team = _said(session.get("team_name")) or _said(session["team_id"])
    lines = [
        "# " + said("summary.title", team=team, id=_said(session["team_id"])),
        "",
        f"- **{said('summary.date')}:** {_text(session['held_on'], lang)}",
        f"- **{said('summary.kind')}:** "
        f"{enum_label(lang, 'session_kind', _text(session['kind']))}",
        f"- **{said('summary.facilitator')}:** {_said(session.get('facilitator')) or '—'}",
        f"- **{said('summary.session')}:** {_said(session['session_id'])}",
        "",
        "## " + said("summary.discussed"),
        "",
    ]
    for theme in THEMES:
        covered = bool(session.get(f"covered_{theme}"))
        lines.append(f"- [{'x' if covered else ' '}] {theme_label(lang, theme)}")
    lines += ["", "## " + said("summary.scores"), "", said("summary.scores_note"), "",
              *header("summary.score", "summary.team_average")]
    lines += [f"| {score_label(lang, s)} | {_score(session.get(s), lang)} |" for s in SCORES]
    notes = _said(_text(session.get("notes")).strip())
    lines += ["", "## " + said("summary.notes"), "", notes or f"_{said('summary.no_notes')}_",
              ""]
    lines += ["## " + said("summary.decisions", days=QUARTER_DAYS), ""]
    if decisions.empty:
        lines.append(f"_{said('summary.no_decisions')}_")
    else:
        lines += header("summary.experiment", "summary.result", "summary.decision",
                        "summary.level", "summary.date", "summary.why")
        lines += [
            f"| {_cell(r.experiment_id)} {_cell(r.title)} | {_enum(lang, 'result', r.result)} | "
            f"{_enum(lang, 'decision', r.decision)} | "
            f"{_enum(lang, 'decision_scope', r.decision_scope)} | "
            f"{_cell(r.decision_date, lang)} | {_cell(r.decision_rationale)} |"
            for r in decisions.itertuples(index=False)
        ]
    lines += ["", "## " + said("summary.actions"), ""]
    if actions.empty:
        lines.append(f"_{said('summary.no_actions')}_")
    else:
        lines += header("summary.action", "summary.owner_team", "summary.due",
                        "summary.experiment", "summary.status")
        lines += [
            f"| {_cell(r.description)} | {_cell(r.owner_team_id)} | {_cell(r.due_on, lang)} | "
            f"{_cell(r.experiment_id)} | {_enum(lang, 'action_status', r.status)} |"
            for r in actions.itertuples(index=False)
        ]
    return "\n".join(lines) + "\n"

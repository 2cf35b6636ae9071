"""The rules a governance decision recorded on the page must meet, before anything is written."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alignment.contract import DECISION_SCOPES, DECISIONS
from alignment.i18n import date_text, enum_label, translate
from alignment.problems import Said, choices, said

RATIONALE_MAX_CHARS = 200


def decision_problems(
    decision: str | None,
    scope: str | None,
    decided_on: dt.date | None,
    rationale: str | None,
    *,
    ended_on: dt.date | None,
    today: dt.date,
) -> list[Said]:
    """Everything wrong with a decision about to be recorded; [] when it is fine.

    >>> decision_problems("scale", "product", dt.date(2026, 11, 1), "Works everywhere",
    ...                   ended_on=dt.date(2026, 10, 1), today=dt.date(2026, 11, 15))
    []
    >>> [p.text("nl") for p in decision_problems("scale", "product", None, "Werkt",
    ...                                          ended_on=None, today=dt.date(2026, 11, 15))]
    ['Geef de datum van het besluit.']
    """
    problems = []
    if decision not in DECISIONS:
        problems.append(said("decision_problem.choose_decision", decisions=choices(DECISIONS)))
    if scope not in DECISION_SCOPES:
        problems.append(said("decision_problem.choose_level", levels=choices(DECISION_SCOPES)))
    if not isinstance(decided_on, dt.date):
        problems.append(said("decision_problem.no_date"))
    else:
        if decided_on > today:
            problems.append(said("decision_problem.future", day=decided_on))
        if ended_on is not None and decided_on < ended_on:
            problems.append(said("decision_problem.before_end", day=decided_on, ended=ended_on))
    text = (rationale or "").strip()
    if not text:
        problems.append(said("decision_problem.no_rationale"))
    elif "\n" in text or "\r" in text:
        problems.append(said("decision_problem.one_line"))
    elif len(text) > RATIONALE_MAX_CHARS:
        problems.append(said("decision_problem.too_long", max=RATIONALE_MAX_CHARS,
                             count=len(text)))
    return problems


def decision_text(decision, scope, decided_on, rationale, lang: str = "en") -> str:
    """A decision as a learning card shows it, or "none yet".

    >>> decision_text("scale", "product", dt.date(2026, 3, 14), "Proven; make it standard.")
    'scale at product level on 2026-03-14: Proven; make it standard.'
    """
    if not isinstance(decision, str):
        return translate(lang, "decision_text.none")
    text = enum_label(lang, "decision", decision)
    if isinstance(scope, str):
        text += translate(lang, "decision_text.at_level",
                          level=enum_label(lang, "decision_scope", scope))
    if decided_on is not None and not pd.isna(decided_on):
        text += translate(lang, "decision_text.on", day=date_text(lang, pd.Timestamp(decided_on)))
    if isinstance(rationale, str) and rationale.strip():
        text += f": {rationale.strip()}"
    return text

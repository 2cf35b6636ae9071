"""The rules a governance decision recorded on the page must meet, before anything is written."""

from __future__ import annotations

import datetime as dt

from alignment.contract import DECISION_SCOPES, DECISIONS
from alignment.i18n import DEFAULT_LANGUAGE, date_text, enum_label, translate

RATIONALE_MAX_CHARS = 200


def decision_problems(
    decision: str | None,
    scope: str | None,
    decided_on: dt.date | None,
    rationale: str | None,
    *,
    ended_on: dt.date | None,
    today: dt.date,
    lang: str = DEFAULT_LANGUAGE,
) -> list[str]:
    """Everything wrong with a decision about to be recorded, in plain words of ``lang``; []
    when it is fine.

    >>> decision_problems("scale", "product", dt.date(2026, 11, 1), "Works everywhere",
    ...                   ended_on=dt.date(2026, 10, 1), today=dt.date(2026, 11, 15))
    []
    >>> decision_problems("scale", "product", None, "Werkt", ended_on=None,
    ...                   today=dt.date(2026, 11, 15), lang="nl")
    ['Geef de datum van het besluit.']
    """
    problems = []

    def said(key: str, **params: object) -> None:
        problems.append(translate(lang, key, **params))

    if decision not in DECISIONS:
        said("decision_problem.choose_decision",
             decisions=", ".join(enum_label(lang, "decision", d) for d in DECISIONS))
    if scope not in DECISION_SCOPES:
        said("decision_problem.choose_level",
             levels=", ".join(enum_label(lang, "decision_scope", s) for s in DECISION_SCOPES))
    if not isinstance(decided_on, dt.date):
        said("decision_problem.no_date")
    else:
        if decided_on > today:
            said("decision_problem.future", day=date_text(lang, decided_on))
        if ended_on is not None and decided_on < ended_on:
            said("decision_problem.before_end", day=date_text(lang, decided_on),
                 ended=date_text(lang, ended_on))
    text = (rationale or "").strip()
    if not text:
        said("decision_problem.no_rationale")
    elif "\n" in text or "\r" in text:
        said("decision_problem.one_line")
    elif len(text) > RATIONALE_MAX_CHARS:
        said("decision_problem.too_long", max=RATIONALE_MAX_CHARS, count=len(text))
    return problems

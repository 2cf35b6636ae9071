"""The rules a governance decision recorded on the page must meet, before anything is written."""

from __future__ import annotations

import datetime as dt

from alignment.contract import DECISION_SCOPES, DECISIONS

RATIONALE_MAX_CHARS = 200


def decision_problems(
    decision: str | None,
    scope: str | None,
    decided_on: dt.date | None,
    rationale: str | None,
    *,
    ended_on: dt.date | None,
    today: dt.date,
) -> list[str]:
    """Everything wrong with a decision about to be recorded, in plain words; [] when it is fine.

    >>> decision_problems("scale", "product", dt.date(2026, 11, 1), "Works everywhere",
    ...                   ended_on=dt.date(2026, 10, 1), today=dt.date(2026, 11, 15))
    []
    """
    problems = []
    if decision not in DECISIONS:
        problems.append("Choose a decision: " + ", ".join(DECISIONS) + ".")
    if scope not in DECISION_SCOPES:
        problems.append("Choose the level it was decided at: " + ", ".join(DECISION_SCOPES) + ".")
    if not isinstance(decided_on, dt.date):
        problems.append("Give the date of the decision.")
    else:
        if decided_on > today:
            problems.append(f"The decision date {decided_on:%Y-%m-%d} is in the future; "
                            "record a decision once it is taken.")
        if ended_on is not None and decided_on < ended_on:
            problems.append(f"The decision date {decided_on:%Y-%m-%d} is before the "
                            f"experiment ended ({ended_on:%Y-%m-%d}).")
    text = (rationale or "").strip()
    if not text:
        problems.append("Write one line on why: the rationale is required.")
    elif "\n" in text or "\r" in text:
        problems.append("Keep the rationale to one line.")
    elif len(text) > RATIONALE_MAX_CHARS:
        problems.append(f"Keep the rationale to one line of at most {RATIONALE_MAX_CHARS} "
                        f"characters (now {len(text)}).")
    return problems

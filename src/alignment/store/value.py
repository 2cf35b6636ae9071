"""The write path of a check-in recorded in the app: one value of a goal's measure on a day.

The write runs through ``db.written`` (one transaction, serialised, retried on conflict) and
logs itself in ``change_log``: a ``(created)`` row and a row per recorded field. A refused
check-in writes nothing and says where, what and how to fix, as message keys.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from alignment import access, contract, db, topics
from alignment.access import Person
from alignment.db import Cursor, Database
from alignment.problems import Problem, Said, problem, said

COMMENT_MAX_CHARS = 500  # a check-in's comment is one short line of context

NEXT_CHECK_IN_NUMBER = """
SELECT coalesce(max(CAST(substr(check_in_id, 4) AS BIGINT)), 0) + 1
FROM check_ins
WHERE check_in_id SIMILAR TO 'CI-[0-9]{1,12}'
"""

MEASURE_GOAL = """
SELECT m.goal_id, g.owner
FROM goal_measures AS m
LEFT JOIN goals AS g ON g.goal_id = m.goal_id
WHERE m.measure_id = ?
"""

INSERT_CHECK_IN = """
INSERT INTO check_ins (check_in_id, measure_id, checked_on, value, confidence, comment)
VALUES (?, ?, ?, ?, ?, ?)
"""

LOG_ROW = """
INSERT INTO change_log (entity, entity_id, field, old_value, new_value, changed_at,
                        changed_by, upload_id)
VALUES ('check_ins', ?, ?, NULL, ?, ?, ?, NULL)
"""


@dataclass(frozen=True)
class NewCheckIn:
    """A check-in as the form gives it."""

    measure_id: str
    checked_on: dt.date | None
    value: float | None
    confidence: str | None = None
    comment: str = ""


@dataclass
class CheckInOutcome:
    """What recording a check-in did: its new id, or the problems that refused it."""

    check_in_id: str | None = None
    problems: list[Problem] = field(default_factory=list)  # each names its field as column


def _refused(field_name: str, what: Said, fix: Said) -> Problem:
    """A refused check-in's problem, at the form's ``field_name``."""
    return problem(0, field_name, "", what, fix)


def check_in_problems(check_in: NewCheckIn, today: dt.date) -> list[Problem]:
    """Every problem of the form's values at once (the measure and the role are checked when
    writing)."""
    found = []
    if check_in.checked_on is None:
        found.append(_refused("checked_on", said("value.check_in_no_day"),
                              said("value.check_in_fix_no_day")))
    elif check_in.checked_on > today:
        found.append(_refused("checked_on", said("value.check_in_future", day=check_in.checked_on),
                              said("value.check_in_fix_future", day=today)))
    if check_in.value is None or not math.isfinite(check_in.value) \
            or abs(check_in.value) > contract.MAX_NUMBER:
        found.append(_refused("value", said("value.check_in_no_value"),
                              said("value.check_in_fix_no_value")))
    if check_in.confidence is not None and check_in.confidence not in contract.CONFIDENCES:
        found.append(_refused("confidence",
                              said("value.check_in_confidence", value=check_in.confidence),
                              said("value.check_in_fix_confidence")))
    if len(check_in.comment or "") > COMMENT_MAX_CHARS:
        found.append(_refused("comment",
                              said("value.check_in_long_comment", chars=len(check_in.comment)),
                              said("value.check_in_fix_long_comment", limit=COMMENT_MAX_CHARS)))
    return found


def _recorded(cur: Cursor, check_in: NewCheckIn, actor: Person, today: dt.date,
              now: dt.datetime) -> CheckInOutcome:
    """``recorded_check_in``'s work on a cursor inside the write's transaction."""
    found = cur.execute(MEASURE_GOAL, [check_in.measure_id]).fetchone()
    if found is None:
        return CheckInOutcome(problems=[_refused(
            "measure_id", said("value.check_in_unknown_measure", measure=check_in.measure_id),
            said("value.check_in_fix_unknown_measure"))])
    goal_id, owner = found
    if not access.may_record_check_in(actor, owner):
        return CheckInOutcome(problems=[_refused(
            "measure_id", said("value.check_in_not_allowed", goal=goal_id, owner=owner or "—"),
            said("value.check_in_fix_not_allowed"))])
    problems = check_in_problems(check_in, today)
    if problems:
        return CheckInOutcome(problems=problems)
    number = int(cur.execute(NEXT_CHECK_IN_NUMBER).fetchone()[0])
    check_in_id = f"CI-{number:04d}"
    comment = (check_in.comment or "").strip() or None
    cur.execute(INSERT_CHECK_IN, [check_in_id, check_in.measure_id, check_in.checked_on,
                                  float(check_in.value), check_in.confidence, comment])
    logged = [("(created)", None), ("measure_id", check_in.measure_id),
              ("checked_on", f"{check_in.checked_on:%Y-%m-%d}"),
              ("value", repr(float(check_in.value))), ("confidence", check_in.confidence),
              ("comment", comment)]
    cur.executemany(LOG_ROW, [[check_in_id, name, value, now, actor.email]
                              for name, value in logged if name == "(created)" or value])
    return CheckInOutcome(check_in_id=check_in_id)


def recorded_check_in(con: Database, check_in: NewCheckIn, actor: Person, today: dt.date,
                      now: dt.datetime | None = None) -> CheckInOutcome:
    """Record ``check_in`` in one transaction, or nothing: only the goal's owner or an admin
    may, and every problem of the values is said at once."""
    stamp = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return db.written(con, lambda cur: _recorded(cur, check_in, actor, today, stamp),
                      touches=topics.touched(topics.VALUE))

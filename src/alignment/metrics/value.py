"""Value realisation: how far each goal's measures have come, how that rolls up, and where the
work under a goal and the movement of its measures do not meet.

Pure functions over query results: numbers and keys out, no words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from alignment.scope import QUARTER_DAYS

# Movement and "many experiments" are counted over the quarter (``QUARTER_DAYS``) in which
# ``goal_without_experiment`` looks for a started experiment.
# A measure with no check-in for more than this many days is stale.
STALE_AFTER_DAYS = 45
# "Many" experiments: a goal with at least this many started in the window is busy.
MANY_EXPERIMENTS = 4
# A measure "moved" when it came at least this share of the way from baseline to target
# within the window; less than that (or backwards) is standing still.
MOVED_SHARE = 0.05
# Progress is attainment capped to this range: over-achieving one measure never hides
# another's shortfall, and a measure gone the wrong way counts as no progress.
PROGRESS_RANGE = (0.0, 1.0)

VALUE_BREAK_COLUMNS = ["break_type", "goal_id", "title", "level", "measure", "days",
                       "experiments", "change"]

MEASURE_COLUMNS = ["measure_id", "goal_id", "name", "unit", "direction", "baseline", "target",
                   "target_date", "latest", "latest_on", "confidence", "attainment",
                   "progress", "days_since", "stale", "change"]


def attainment(baseline: float | None, target: float | None,
               value: float | None) -> float | None:
    """How far ``value`` has come from ``baseline`` to ``target`` (a goal's measure, or an
    experiment's observed value): 0 at the baseline, 1 at the target, negative when it went
    the wrong way; None when a value is missing or the target equals the baseline.
    Direction-aware by its sign: where lower is better the target lies below the baseline,
    so a falling value is progress.

    >>> attainment(20, 10, 15), attainment(10, 20, 25), attainment(10, 20, None)
    (0.5, 1.5, None)
    """
    if any(v is None or pd.isna(v) for v in (baseline, target, value)) or target == baseline:
        return None
    return (float(value) - baseline) / (target - baseline)


def capped(share: float | None) -> float | None:
    """An attainment as progress: within ``PROGRESS_RANGE``.

    >>> capped(1.4), capped(-0.2), capped(0.3), capped(None)
    (1.0, 0.0, 0.3, None)
    """
    if share is None or pd.isna(share):
        return None
    low, high = PROGRESS_RANGE
    return float(min(max(share, low), high))


def rolled_up(values: Sequence[float], weights: Sequence[float | None] | None = None
              ) -> float | None:
    """The weighted mean of ``values``; a missing weight counts 1, and when every weight is 0
    the values count alike. None when there is no value.

    >>> rolled_up([0.2, 0.8]), rolled_up([0.2, 0.8], [1, 3]), rolled_up([0.5], [0])
    (0.5, 0.65, 0.5)
    """
    if not len(values):
        return None
    numbers = np.asarray(values, dtype=float)
    given = np.ones(len(numbers)) if weights is None else np.asarray(
        [1.0 if w is None or pd.isna(w) else float(w) for w in weights])
    if given.sum() <= 0:
        given = np.ones(len(numbers))
    return float(np.clip((numbers * given).sum() / given.sum(), numbers.min(), numbers.max()))


def trend_key(change: float | None) -> str | None:
    """``up``, ``flat`` or ``down`` for a change in attainment over the window (None: unknown).

    >>> trend_key(0.1), trend_key(0.01), trend_key(-0.2), trend_key(None)
    ('up', 'flat', 'down', None)
    """
    if change is None or pd.isna(change):
        return None
    if change >= MOVED_SHARE:
        return "up"
    return "down" if change <= -MOVED_SHARE else "flat"


def _value_on(check_ins: pd.DataFrame, day: dt.date) -> float | None:
    """The value of the last check-in on or before ``day`` (check-ins sorted by day)."""
    before = check_ins[check_ins["checked_on"] <= day]
    return None if before.empty else float(before["value"].iloc[-1])


def measure_progress(measures: pd.DataFrame, check_ins: pd.DataFrame,
                     as_of: dt.date) -> pd.DataFrame:
    """Per measure on ``as_of``: latest value and day, attainment, progress (capped), days since
    the last check-in, whether it is stale, and ``change``: the attainment gained within the
    window (NaN without a check-in in it). Check-ins after ``as_of`` are ignored."""
    start = as_of - dt.timedelta(days=QUARTER_DAYS)
    days = pd.to_datetime(check_ins["checked_on"]).dt.date if not check_ins.empty else None
    ins = check_ins.assign(checked_on=days) if days is not None else check_ins
    rows = []
    for m in measures.itertuples(index=False):
        own = ins[ins["measure_id"] == m.measure_id] if not ins.empty else ins
        own = own[own["checked_on"] <= as_of].sort_values("checked_on", kind="stable") \
            if not own.empty else own
        latest = None if own.empty else float(own["value"].iloc[-1])
        latest_on = None if own.empty else own["checked_on"].iloc[-1]
        in_window = not own.empty and (own["checked_on"] > start).any()
        before = _value_on(own, start) if not own.empty else None
        earlier = float(m.baseline) if before is None else before
        reached = attainment(m.baseline, m.target, latest)
        change = (reached - attainment(m.baseline, m.target, earlier)
                  if in_window and reached is not None else np.nan)
        since = None if latest_on is None else (as_of - latest_on).days
        rows.append({
            "measure_id": m.measure_id, "goal_id": m.goal_id, "name": m.name, "unit": m.unit,
            "direction": m.direction, "baseline": m.baseline, "target": m.target,
            "target_date": m.target_date, "latest": latest, "latest_on": latest_on,
            "confidence": None if own.empty else own["confidence"].iloc[-1],
            "attainment": reached, "progress": capped(reached), "days_since": since,
            "stale": since is None or since > STALE_AFTER_DAYS, "change": change,
        })
    return pd.DataFrame(rows, columns=MEASURE_COLUMNS)


def goal_progress(goals: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Per goal: ``progress`` (0–1) and ``change`` over the window, and where they come from.

    A goal with measures is judged by them: the plain mean of its measures' progress and
    change. A goal without a measure takes its children's (the goals whose parent it is),
    each child weighted by the mean ``product_goals.weight`` of its weighted product links
    (``goals.weight``; a child without one counts 1). ``source`` is ``measures``,
    ``children`` or None (nothing measured below it). ``goals`` needs goal_id, parent_goal_id
    and weight; ``measures`` is ``measure_progress``'s output.
    """
    own = measures.groupby("goal_id").agg(progress=("progress", "mean"),
                                          change=("change", "mean"))
    children: dict[str, list[str]] = {}
    for goal, parent in zip(goals["goal_id"], goals["parent_goal_id"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(goal)
    weight = dict(zip(goals["goal_id"], goals["weight"], strict=True))
    found: dict[str, tuple[float | None, float | None, str | None]] = {}

    def of(goal: str, seen: frozenset[str]) -> tuple[float | None, float | None, str | None]:
        if goal in found:
            return found[goal]
        if goal in own.index and pd.notna(own.at[goal, "progress"]):
            change = own.at[goal, "change"]
            result = (float(own.at[goal, "progress"]),
                      None if pd.isna(change) else float(change), "measures")
        else:
            below = [(c, of(c, seen | {goal})) for c in children.get(goal, []) if c not in seen]
            measured = [(c, r) for c, r in below if r[0] is not None]
            changed = [(c, r) for c, r in measured if r[1] is not None]
            result = (
                rolled_up([r[0] for _, r in measured], [weight.get(c) for c, _ in measured]),
                rolled_up([r[1] for _, r in changed], [weight.get(c) for c, _ in changed]),
                "children" if measured else None,
            )
        found[goal] = result
        return result

    rows = [(g, *of(g, frozenset())) for g in goals["goal_id"]]
    return pd.DataFrame(rows, columns=["goal_id", "progress", "change", "source"])


def value_gaps(goal_chain: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Where work and value do not meet, per active goal of ``goal_chain``, one row each:

    - ``goal_without_measure``: it carries no measure;
    - ``stale_measure``: a measure with no check-in for more than ``STALE_AFTER_DAYS``
      (``days`` empty when it never had one);
    - ``busy_without_value``: ``MANY_EXPERIMENTS`` or more started in the window, and a
      measure checked in the window that moved less than ``MOVED_SHARE`` towards its target
      (or away from it);
    - ``value_without_learning``: a measure that moved ``MOVED_SHARE`` or more towards its
      target in the window with no experiment started under the goal.

    ``measures`` is ``measure_progress``'s output; ``change`` is the share of the way moved.
    """
    rows: list[dict[str, object]] = []
    by_goal = {g: part for g, part in measures.groupby("goal_id")} if not measures.empty else {}
    for goal in goal_chain.itertuples(index=False):
        base = {"goal_id": goal.goal_id, "title": goal.title, "level": goal.level}
        part = by_goal.get(goal.goal_id)
        if part is None:
            rows.append({**base, "break_type": "goal_without_measure"})
            continue
        for m in part.itertuples(index=False):
            if m.stale:
                rows.append({**base, "break_type": "stale_measure", "measure": m.name,
                             "days": m.days_since})
            if pd.isna(m.change):
                continue
            if goal.recent_experiments >= MANY_EXPERIMENTS and m.change < MOVED_SHARE:
                rows.append({**base, "break_type": "busy_without_value", "measure": m.name,
                             "experiments": goal.recent_experiments, "change": m.change})
            if goal.recent_experiments == 0 and m.change >= MOVED_SHARE:
                rows.append({**base, "break_type": "value_without_learning", "measure": m.name,
                             "experiments": 0, "change": m.change})
    return pd.DataFrame(rows, columns=VALUE_BREAK_COLUMNS)

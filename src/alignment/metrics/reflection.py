"""Reflection: do sessions look at results, collaboration and safety alike, do their actions
get done, and is a team's safety holding up?"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from alignment.problems import Said, said
from alignment.scope import QUARTER_DAYS


def reflection_breadth(coverage: pd.DataFrame) -> float | None:
    """Share (0–1) of sessions covering results, collaboration and safety; None without sessions.

    ``coverage`` is the one-row frame of ``queries.session_coverage``.
    """
    if coverage.empty or int(coverage["sessions"].iloc[0]) == 0:
        return None
    return int(coverage["covered_all"].iloc[0]) / int(coverage["sessions"].iloc[0])


QUIET_AFTER_DAYS = 30
TREND_SESSIONS = 4
TREND_MIN_SESSIONS = 3
FALLING_SLOPE = -0.15
CLOSED_STATUSES = ("done", "dropped")
SCORE_MEASURES = ("safety", "ownership", "energy", "collaboration")


LONG_OVERDUE_DAYS = 90
DUE_SOON_DAYS = 14
# The groups of open actions, most urgent first (``action_groups``).
ACTION_GROUPS = ("long_overdue", "overdue", "due_soon", "later")


OVERVIEW_COLUMNS = [
    "team_id", "team_name", "value_stream", "sessions", "last_session", "days_since",
    "breadth", "measurable_actions", "follow_through", "overdue_actions", "safety_slope",
    "last_safety", "quiet", "falling_safety", "attention",
]


def _dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values)


def days_overdue(actions: pd.DataFrame, today: dt.date) -> pd.Series:
    """Per action, the days past its ``due_on`` on ``today``; 0 if not yet due or undated.

    >>> # due 2026-11-20, today 2026-11-27: 7; due today: 0; no due date: 0
    """
    late = (pd.Timestamp(today) - _dates(actions["due_on"])).dt.days
    return late.where(late > 0, 0).fillna(0).astype(int).rename("days_overdue")


def action_groups(actions: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """``actions`` with their ``group`` of ``ACTION_GROUPS`` and ``days_overdue`` on ``today``,
    most urgent group first and, within a group, the earliest due date first.

    >>> # due a year ago: long_overdue; a week ago: overdue; today or in 14 days: due_soon;
    >>> # in 15 days or undated: later
    """
    late = days_overdue(actions, today)
    ahead = (_dates(actions["due_on"]) - pd.Timestamp(today)).dt.days
    group = pd.Series("later", index=actions.index)
    group[ahead.between(0, DUE_SOON_DAYS)] = "due_soon"
    group[late > 0] = "overdue"
    group[late > LONG_OVERDUE_DAYS] = "long_overdue"
    rank = group.map({name: n for n, name in enumerate(ACTION_GROUPS)})
    return (actions.assign(group=group, days_overdue=late, _rank=rank,
                           _due=_dates(actions["due_on"]))
            .sort_values(["_rank", "_due", "action_id"], kind="stable", na_position="last")
            .drop(columns=["_rank", "_due"]).reset_index(drop=True))


def next_session_dates(sessions: pd.DataFrame) -> pd.DataFrame:
    """Each session with the day of its team's next session (NaT for the team's latest).

    Columns session_id, team_id, held_on, next_held_on.
    """
    ordered = sessions[["session_id", "team_id", "held_on"]].copy()
    ordered["held_on"] = _dates(ordered["held_on"])
    ordered = ordered.sort_values(["team_id", "held_on", "session_id"], kind="stable")
    ordered["next_held_on"] = ordered.groupby("team_id")["held_on"].shift(-1)
    return ordered.reset_index(drop=True)


def action_follow_through(
    sessions: pd.DataFrame, actions: pd.DataFrame, period_start: dt.date | None = None
) -> pd.DataFrame:
    """Per team: actions measurable, of those closed by the next session, and the share.

    Columns team_id, measurable_actions, closed_in_time, follow_through. Only teams with a
    measurable action appear.

    >>> # S1 (1 Mar) agreed A1 closed 10 Mar and A2 closed 20 Apr; S2 was held 1 Apr:
    >>> # A1 counts as followed through, A2 not, so BZ-PAS has 1 of 2 = 0.5
    """
    nexts = next_session_dates(sessions)
    found = actions[["session_id", "status", "closed_on"]].merge(
        nexts, on="session_id", how="inner")
    found = found[found["next_held_on"].notna()]
    if period_start is not None:
        found = found[found["held_on"] >= pd.Timestamp(period_start)]
    closed = (found["status"].isin(CLOSED_STATUSES)
              & (_dates(found["closed_on"]) <= found["next_held_on"]))
    per_team = (found.assign(closed=closed)
                .groupby("team_id", as_index=False)
                .agg(measurable_actions=("closed", "size"), closed_in_time=("closed", "sum")))
    per_team["closed_in_time"] = per_team["closed_in_time"].astype(int)
    per_team["follow_through"] = per_team["closed_in_time"] / per_team["measurable_actions"]
    return per_team


def follow_through_share(per_team: pd.DataFrame) -> float | None:
    """Share (0–1) of all measurable actions closed by the next session; None without any."""
    measurable = int(per_team["measurable_actions"].sum()) if not per_team.empty else 0
    if measurable == 0:
        return None
    return int(per_team["closed_in_time"].sum()) / measurable


def team_breadth(sessions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per team, reflection breadth over the sessions of the last 90 days up to ``as_of``.

    Columns team_id, recent_sessions, broad_sessions, breadth — the same rule as
    ``reflection_breadth``, team by team. Teams without a recent session do not appear.
    """
    held = _dates(sessions["held_on"])
    end = pd.Timestamp(as_of)
    recent = sessions[(held > end - pd.Timedelta(days=QUARTER_DAYS)) & (held <= end)]
    broad = (recent["covered_results"].astype(bool) & recent["covered_collaboration"].astype(bool)
             & recent["covered_safety"].astype(bool))
    per_team = (recent.assign(broad=broad)
                .groupby("team_id", as_index=False)
                .agg(recent_sessions=("broad", "size"), broad_sessions=("broad", "sum")))
    per_team["broad_sessions"] = per_team["broad_sessions"].astype(int)
    per_team["breadth"] = per_team["broad_sessions"] / per_team["recent_sessions"]
    return per_team


def _slopes(scores: np.ndarray, counts: np.ndarray) -> list[float | None]:
    """Per row of ``scores`` (a team's last scores, left-aligned, ``counts`` of them used):
    the least-squares slope per session rounded to 3 places, None with too few scores.

    Sums run left to right as Python's ``sum`` does, so the figure does not depend on how
    many teams are computed together.
    """
    total = np.zeros(len(counts))
    spread = np.zeros(len(counts))
    rise = np.zeros(len(counts))
    for x in range(scores.shape[1]):
        total = np.where(x < counts, total + np.nan_to_num(scores[:, x]), total)
    mean_x, mean_y = (counts - 1) / 2, total / np.maximum(counts, 1)
    for x in range(scores.shape[1]):
        used = x < counts
        spread = np.where(used, spread + (x - mean_x) ** 2, spread)
        rise = np.where(used, rise + (x - mean_x) * (np.nan_to_num(scores[:, x]) - mean_y), rise)
    return [round(float(r / s), 3) if n >= TREND_MIN_SESSIONS else None
            for r, s, n in zip(rise, spread, counts, strict=True)]


def safety_trends(sessions: pd.DataFrame) -> pd.DataFrame:
    """Per team with a safety score: the slope over its last scored sessions and the flag.

    Columns team_id, scored_sessions (used, at most ``TREND_SESSIONS``), last_safety,
    previous_safety, safety_slope (points per session; None with fewer than
    ``TREND_MIN_SESSIONS`` scores), falling_safety.

    >>> # safety 3.5, 3.3, 2.8, 2.5, 2.3 → the last four give a slope of −0.33: falling
    """
    scored = sessions[sessions["safety"].notna()].copy()
    scored["held_on"] = _dates(scored["held_on"])
    scored = scored.sort_values(["team_id", "held_on", "session_id"], kind="stable")
    # the teams' last scores side by side, one row per team: 2,000 teams in one pass
    tail = scored.groupby("team_id", sort=True).tail(TREND_SESSIONS)
    teams, firsts, counts = np.unique(tail["team_id"].to_numpy(dtype=object),
                                      return_index=True, return_counts=True)
    scores = np.full((len(teams), TREND_SESSIONS), np.nan)
    rows = np.repeat(np.arange(len(teams)), counts)
    scores[rows, np.arange(len(tail)) - np.repeat(firsts, counts)] = (
        tail["safety"].to_numpy(dtype=float))
    slopes = _slopes(scores, counts)
    trends = pd.DataFrame({
        "team_id": list(teams),
        "scored_sessions": [int(n) for n in counts],
        "last_safety": [float(scores[i, n - 1]) for i, n in enumerate(counts)],
        "previous_safety": [float(scores[i, n - 2]) if n > 1 else None
                            for i, n in enumerate(counts)],
        "safety_slope": slopes,
        "falling_safety": [slope is not None and slope <= FALLING_SLOPE for slope in slopes],
    })
    return trends if len(teams) else pd.DataFrame(columns=list(trends.columns))


def _attention(quiet: bool, days: int | None, falling: bool) -> tuple[Said, ...]:
    reasons = []
    if quiet:
        reasons.append(said("attention.never") if days is None
                       else said("attention.quiet", days=days))
    if falling:
        reasons.append(said("attention.falling"))
    return tuple(reasons)


# The per-team counts ``team_overview`` reads: ``queries.team_reflection``'s columns.
COUNT_COLUMNS = [
    "team_id", "team_name", "value_stream", "sessions", "last_session", "recent_sessions",
    "broad_sessions", "measurable_actions", "closed_in_time", "overdue_actions",
]


def reflection_counts(
    teams: pd.DataFrame,
    sessions: pd.DataFrame,
    actions: pd.DataFrame,
    as_of: dt.date,
    period_start: dt.date | None = None,
) -> pd.DataFrame:
    """Per team in ``teams``, the counts of ``queries.team_reflection`` (``COUNT_COLUMNS``)
    computed from the raw rows: ``teams`` is ``queries.team_roster``, ``sessions``
    ``queries.team_sessions`` and ``actions`` ``queries.session_actions`` (up to ``as_of``).

    Sessions count from ``period_start`` (None = all time), breadth over the 90 days up to
    ``as_of``, follow-through over the sessions from ``period_start``; overdue_actions are the
    team's actions still open on ``as_of`` after their due date.
    """
    held = _dates(sessions["held_on"])
    in_period = sessions[held >= pd.Timestamp(period_start)] if period_start else sessions
    counts = in_period.groupby("team_id").size().rename("sessions")
    last = held.groupby(sessions["team_id"]).max().rename("last_session")
    still_open = actions[actions["status"] == "open"]
    overdue = ((days_overdue(still_open, as_of) > 0).groupby(still_open["team_id"]).sum()
               .rename("overdue_actions"))
    table = (teams[["team_id", "team_name", "value_stream"]]
             .merge(counts, left_on="team_id", right_index=True, how="left")
             .merge(last, left_on="team_id", right_index=True, how="left")
             .merge(team_breadth(sessions, as_of)[["team_id", "recent_sessions",
                                                   "broad_sessions"]], on="team_id", how="left")
             .merge(action_follow_through(sessions, actions, period_start)
                    [["team_id", "measurable_actions", "closed_in_time"]],
                    on="team_id", how="left")
             .merge(overdue, left_on="team_id", right_index=True, how="left"))
    for column in ("sessions", "recent_sessions", "broad_sessions", "measurable_actions",
                   "closed_in_time", "overdue_actions"):
        table[column] = table[column].fillna(0).astype(int)
    table["last_session"] = [None if pd.isna(d) else d.date() for d in table["last_session"]]
    return table[COUNT_COLUMNS].reset_index(drop=True)


def team_overview(counts: pd.DataFrame, sessions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """One row per team of ``counts`` (``COUNT_COLUMNS``): its sessions, breadth,
    follow-through, safety trend and flags, in ``OVERVIEW_COLUMNS``.

    ``sessions`` holds at least each team's last ``TREND_SESSIONS`` safety scores up to
    ``as_of`` (session_id, team_id, held_on, safety); the trend looks at those, whatever the
    period. A figure that cannot be measured (no recent session, no measurable action, no
    scored safety) is NaN. The ``attention`` column says why a team is flagged: a `Said` per
    reason, none when it is not.
    """
    table = counts.merge(safety_trends(sessions)[["team_id", "safety_slope", "last_safety",
                                                  "falling_safety"]], on="team_id", how="left")
    table["breadth"] = (table["broad_sessions"] / table["recent_sessions"]).where(
        table["recent_sessions"] > 0)
    table["follow_through"] = (table["closed_in_time"] / table["measurable_actions"]).where(
        table["measurable_actions"] > 0)
    for column in ("sessions", "measurable_actions", "overdue_actions"):
        table[column] = table[column].astype(int)
    last = [None if pd.isna(d) else pd.Timestamp(d).date() for d in table["last_session"]]
    days = [None if d is None else (as_of - d).days for d in last]
    table["last_session"] = last
    table["days_since"] = pd.array(days, dtype="Int64")
    table["quiet"] = [d is None or d >= QUIET_AFTER_DAYS for d in days]
    table["falling_safety"] = table["falling_safety"].astype("boolean").fillna(False).astype(bool)
    table["attention"] = [_attention(q, d, f) for q, d, f in
                          zip(table["quiet"], days, table["falling_safety"], strict=True)]
    for column in ("breadth", "follow_through", "safety_slope", "last_safety"):
        table[column] = table[column].astype(float)
    return table[OVERVIEW_COLUMNS].reset_index(drop=True)


def coach_overview(
    teams: pd.DataFrame,
    sessions: pd.DataFrame,
    actions: pd.DataFrame,
    as_of: dt.date,
    period_start: dt.date | None = None,
) -> pd.DataFrame:
    """``team_overview`` of the raw rows: ``reflection_counts`` of ``teams``, ``sessions`` and
    ``actions`` (all up to ``as_of``), with the safety trend of ``sessions``."""
    return team_overview(reflection_counts(teams, sessions, actions, as_of, period_start),
                         sessions, as_of)


def attention_teams(overview: pd.DataFrame) -> pd.DataFrame:
    """The teams of ``coach_overview`` flagged quiet or with falling safety, most urgent first."""
    flagged = overview[overview["quiet"] | overview["falling_safety"]]
    order = flagged.assign(both=flagged["quiet"] & flagged["falling_safety"],
                           idle=flagged["days_since"].fillna(10**6))
    return (order.sort_values(["both", "idle"], ascending=[False, False])
            [["team_id", "team_name", "last_session", "days_since", "last_safety",
              "safety_slope", "attention"]]
            .reset_index(drop=True))


def latest_scores(trends: pd.DataFrame) -> pd.DataFrame:
    """Per measure, the team's latest score, the one before it, and the day of the latest.

    ``trends`` is ``queries.score_trends``; measures the team never scored are left out.
    Columns measure, latest, previous, latest_on, in ``SCORE_MEASURES`` order.
    """
    team = trends[trends["series"] == "Team"].sort_values(["measure", "on_date"],
                                                          kind="stable")
    rows = []
    for measure in SCORE_MEASURES:
        scores = team[team["measure"] == measure]
        if scores.empty:
            continue
        rows.append({
            "measure": measure,
            "latest": float(scores["score"].iloc[-1]),
            "previous": float(scores["score"].iloc[-2]) if len(scores) > 1 else None,
            "latest_on": pd.Timestamp(scores["on_date"].iloc[-1]).date(),
        })
    return pd.DataFrame(rows, columns=["measure", "latest", "previous", "latest_on"])
